import type { Role } from '../../workflows/shared/domain';
import { june2025Agreement } from '../helpers/fixtures';
import {
  EVERYONE,
  PEOPLE,
  confirmedOperation,
  createOperation,
  expectProblem,
  opPath,
  refusalStatus,
  settledSnapshot,
  snapshot,
  useApiWorld,
  type Who,
  type World,
} from './support';
import { operationHelpers } from './operation-support';

const w = useApiWorld();
const { scheduleBody, operationReadyToComplete } = operationHelpers(w);

interface AccessRow {
  action: string;
  roles: Role[];
  allowed: Who[];
  setup: () => Promise<string>;
  call: (who: Who, reference: string) => ReturnType<World['post']>;
}

const post = (path: string, body?: object) => (who: Who, reference: string) =>
  w.post(who, `${opPath(reference)}/${path}`, body);
const confirmed = () => confirmedOperation(w);
const ACCESS: AccessRow[] = [
  {
    action: 'confirmations',
    roles: ['PARTY_LIAISON'],
    allowed: ['ru', 'ua'],
    setup: () => createOperation(w),
    call: post('confirmations', { version: 1 }),
  },
  {
    action: 'amendments',
    roles: ['COORDINATOR'],
    allowed: ['coordinator'],
    setup: confirmed,
    call: (who, reference) =>
      w.post(who, `${opPath(reference)}/amendments`, {
        agreement: { ...june2025Agreement(reference).agreement, venue: 'Minsk' },
      }),
  },
  {
    action: 'handovers',
    roles: ['COORDINATOR'],
    allowed: ['coordinator'],
    setup: confirmed,
    call: post('handovers', scheduleBody('2025-06-12')),
  },
  {
    action: 'suspension',
    roles: ['COORDINATOR'],
    allowed: ['coordinator'],
    setup: confirmed,
    call: post('suspension', { reason: 'r' }),
  },
  {
    action: 'resumption',
    roles: ['COORDINATOR'],
    allowed: ['coordinator'],
    setup: async () => {
      const reference = await confirmedOperation(w);
      await w.post('coordinator', `${opPath(reference)}/suspension`, { reason: 'r' }).expect(200);
      return reference;
    },
    call: post('resumption'),
  },
  {
    action: 'abort',
    roles: ['COORDINATOR'],
    allowed: ['coordinator'],
    setup: confirmed,
    call: post('abort', { reason: 'r' }),
  },
  {
    action: 'handover-completion',
    roles: ['COORDINATOR'],
    allowed: ['coordinator'],
    setup: operationReadyToComplete,
    call: post('handover-completion'),
  },
  {
    action: 'closure',
    roles: ['COORDINATOR'],
    allowed: ['coordinator'],
    setup: async () => {
      const reference = await operationReadyToComplete();
      await w.post('coordinator', `${opPath(reference)}/handover-completion`).expect(200);
      return reference;
    },
    call: post('closure'),
  },
];

describe('who may do what, per role and party', () => {
  it.each(ACCESS.map((row) => [row.action, row] as const))(
    'when each of the eight tokens tries %s, then only the allowed succeed and the others change nothing',
    async (_action, row) => {
      await w.stack.withWorker(async () => {
        const reference = await row.setup();
        const before = await settledSnapshot(w, reference);
        for (const who of EVERYONE.filter((x) => !row.allowed.includes(x))) {
          const res = await row.call(who, reference);
          expectProblem(res, refusalStatus(who, row.roles));
          if (!row.roles.includes(PEOPLE[who].role)) expect(res.body.detail).toMatch(/^This action needs the role /);
        }
        expect(await snapshot(w, reference)).toEqual(before);
        for (const who of row.allowed) {
          const res = await row.call(who, reference);
          expect([200, 201]).toContain(res.status);
        }
      });
    },
  );
});
