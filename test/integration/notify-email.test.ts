import { createDb, type Db } from '../../src/db';
import { createEmailChannel, messageIdOf } from '../../src/notification/email';
import { deliverDue, enqueueNotifications, notificationKey } from '../../src/notification/outbox';
import { header, startSmtp, type Smtp } from '../helpers/smtp';
import { testDatabaseUrl, unique } from '../helpers/stack';

/**
 * Email notifications to a real SMTP server (smtp-server on 127.0.0.1, no
 * TLS, no authentication), through the real outbox on the run's database.
 */

const FROM = 'notifications@repatriation.invalid';
let db: Db;
const servers: Smtp[] = [];
beforeAll(() => {
  db = createDb(testDatabaseUrl());
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await db.$disconnect();
});

async function emailSetup(options: { rejectRecipients?: boolean } = {}) {
  const smtp = await startSmtp(options);
  servers.push(smtp);
  const recipient = unique('INTERMEDIARY');
  const address = `${recipient.toLowerCase()}@intermediary.example`;
  await db.notificationRecipient.create({ data: { recipient, channel: 'EMAIL', address } });
  const key = notificationKey(unique('evt'), recipient, 'EMAIL');
  await enqueueNotifications(db, [
    {
      key,
      recipient,
      channel: 'EMAIL',
      event: 'discrepancy.opened',
      operationReference: 'RU-UA-2025-06',
      payload: { handoverDay: '2025-06-07', discrepancy: 'COUNT_MISMATCH' },
    },
  ]);
  const channels = { EMAIL: createEmailChannel({ smtpUrl: smtp.url, from: FROM, timeoutMs: 5_000 }) };
  return { smtp, recipient, address, key, channels };
}

describe('email notifications', () => {
  it('when a notification is delivered, then the SMTP server receives it for the recipient, with the event and operation in the subject and a Message-ID from the notification id', async () => {
    const { smtp, address, key, channels } = await emailSetup();

    const outcomes = await deliverDue(db, channels, { keys: [key] });

    const row = await db.notification.findUniqueOrThrow({ where: { key } });
    expect(outcomes).toEqual([expect.objectContaining({ id: row.id, status: 'DELIVERED', attempts: 1 })]);
    expect(row).toMatchObject({ status: 'DELIVERED', attempts: 1, lastError: null });
    expect(smtp.mails).toHaveLength(1);
    const [mail] = smtp.mails;
    expect(mail.from).toBe(FROM);
    expect(mail.to).toEqual([address]);
    expect(header(mail.raw, 'To')).toBe(address);
    const subject = header(mail.raw, 'Subject');
    expect(subject).toContain('discrepancy.opened');
    expect(subject).toContain('RU-UA-2025-06');
    expect(header(mail.raw, 'Message-ID')).toBe(messageIdOf(row.id, FROM));
    expect(header(mail.raw, 'Message-ID')).toBe(`<${row.id}@repatriation.invalid>`);
    expect(mail.raw).toContain('handoverDay: 2025-06-07');
  });

  it('when the SMTP server rejects the recipient, then the row is FAILED with attempts 1 and a lastError that quotes neither the mail nor the address', async () => {
    const { smtp, address, key, channels } = await emailSetup({ rejectRecipients: true });

    const outcomes = await deliverDue(db, channels, { keys: [key] });

    const row = await db.notification.findUniqueOrThrow({ where: { key } });
    expect(outcomes).toEqual([expect.objectContaining({ status: 'FAILED', attempts: 1 })]);
    expect(row).toMatchObject({ status: 'FAILED', attempts: 1, lastError: 'SMTP 550 on RCPT TO' });
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    for (const fragment of ['2025-06-07', 'COUNT_MISMATCH', 'handoverDay', address, 'unavailable']) {
      expect(row.lastError).not.toContain(fragment);
    }
    expect(smtp.mails).toHaveLength(0);
  });

  it('when no SMTP server answers, then the row is FAILED with a short connection reason and retried later', async () => {
    const { smtp, key } = await emailSetup();
    await smtp.close();
    const channels = { EMAIL: createEmailChannel({ smtpUrl: smtp.url, from: FROM, timeoutMs: 2_000 }) };

    await deliverDue(db, channels, { keys: [key] });

    const row = await db.notification.findUniqueOrThrow({ where: { key } });
    expect(row).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(row.lastError).toMatch(/^SMTP error [A-Z]+$/);
  });
});
