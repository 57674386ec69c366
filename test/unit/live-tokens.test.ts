import type { Db } from '../../src/db';
import { findToken, hashToken, LIVE_TOKEN_KEPT_MS, revokeToken } from '../../src/api/tokens';

/**
 * A token found live is taken as live for LIVE_TOKEN_KEPT_MS without asking PostgreSQL again: the bound on
 * revocation elsewhere. Expiry is checked at every use, an unknown token is asked each time, and the process
 * that revokes a token refuses it at once. PostgreSQL is a fake here: these are the rules of the keeping.
 */
function fakeTokens(rows: Array<{ token: string; id: string; expiresAt: Date }>) {
  const table = rows.map((r) => ({
    id: r.id,
    tokenHash: hashToken(r.token),
    principal: `machine-${r.id}`,
    role: 'PARTY_LIAISON',
    party: 'UA',
    routes: [],
    createdAt: new Date(0),
    expiresAt: r.expiresAt,
    revokedAt: null as Date | null,
    lastUsedAt: null,
  }));
  let lookups = 0;
  const db = {
    apiToken: {
      findUnique: ({ where }: { where: { tokenHash: string } }) => {
        lookups += 1;
        const row = table.find((r) => r.tokenHash === where.tokenHash);
        return Promise.resolve(row ? { ...row } : null);
      },
      updateMany: ({ where, data }: { where: { id: string }; data: { revokedAt: Date } }) => {
        const row = table.find((r) => r.id === where.id && !r.revokedAt);
        if (row) row.revokedAt = data.revokedAt;
        return Promise.resolve({ count: row ? 1 : 0 });
      },
    },
  } as unknown as Db;
  return {
    db,
    lookups: () => lookups,
    revokeElsewhere: (id: string) => (table.find((r) => r.id === id)!.revokedAt = new Date()),
  };
}

const now = Date.parse('2026-12-08T03:00:00Z');
const later = new Date(now + 30 * 86_400_000);

describe('live API tokens, kept for a few seconds', () => {
  it('when a live token comes again within the bound, then PostgreSQL is not asked; after it, it is', async () => {
    const fake = fakeTokens([{ token: 'rpt_one', id: 'a', expiresAt: later }]);
    expect((await findToken(fake.db, 'rpt_one', now)).live?.id).toBe('a');
    expect((await findToken(fake.db, 'rpt_one', now + LIVE_TOKEN_KEPT_MS - 1)).live?.id).toBe('a');
    expect(fake.lookups()).toBe(1);
    fake.revokeElsewhere('a');
    // Revoked by another process: refused once the bound has passed.
    expect(await findToken(fake.db, 'rpt_one', now + LIVE_TOKEN_KEPT_MS)).toEqual({ refused: 'unknown' });
    expect(fake.lookups()).toBe(2);
  });

  it('when a kept token expires, then it is refused at its next use', async () => {
    const fake = fakeTokens([{ token: 'rpt_short', id: 'b', expiresAt: new Date(now + 1_000) }]);
    expect((await findToken(fake.db, 'rpt_short', now)).live?.id).toBe('b');
    expect(await findToken(fake.db, 'rpt_short', now + 1_000)).toEqual({ refused: 'expired' });
  });

  it('when a token is unknown, then it is asked for each time (a token just issued opens at once)', async () => {
    const fake = fakeTokens([]);
    expect(await findToken(fake.db, 'rpt_unknown', now)).toEqual({ refused: 'unknown' });
    expect(await findToken(fake.db, 'rpt_unknown', now)).toEqual({ refused: 'unknown' });
    expect(fake.lookups()).toBe(2);
  });

  it('when this process revokes a kept token, then it is refused at once', async () => {
    const fake = fakeTokens([{ token: 'rpt_revoked', id: 'c', expiresAt: later }]);
    expect((await findToken(fake.db, 'rpt_revoked', now)).live?.id).toBe('c');
    expect(await revokeToken(fake.db, 'c')).toBe(true);
    expect(await findToken(fake.db, 'rpt_revoked', now + 1)).toEqual({ refused: 'unknown' });
  });
});
