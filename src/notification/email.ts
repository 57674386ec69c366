import nodemailer from 'nodemailer';
import type { Channel, DeliveryResult, Destination, OutgoingNotification } from './outbox';
import { DELIVERY_HEADER } from './webhook';

/**
 * Email delivery over SMTP. The Message-ID is derived from the notification
 * id, the same on every retry, so mail systems and readers can drop
 * duplicates. The mail carries what a webhook carries: identifiers and the event;
 * the closure's mail also carries the recipient's operation report (attachmentsOf).
 */

export interface EmailOptions {
  /** smtp://[user:password@]host:port (STARTTLS when the server offers it) or smtps://… (TLS from the start). */
  smtpUrl: string;
  from: string;
  /** Connection, greeting and socket timeouts: a stuck server counts as a failure and is retried. */
  timeoutMs?: number;
  /** Files a notification's mail carries (the operation report with the closure); none when absent. */
  attachmentsOf?: (
    n: OutgoingNotification,
  ) => Promise<Array<{ filename: string; content: Buffer | string; contentType: string }>>;
}

export const messageIdOf = (notificationId: string, from: string) =>
  `<${notificationId}@${from.split('@').pop() || 'repatriation.invalid'}>`;

export const subjectOf = (n: OutgoingNotification) =>
  n.operationReference ? `[${n.operationReference}] ${n.event}` : n.event;

function textOf(n: OutgoingNotification): string {
  const lines = [`Event: ${n.event}`];
  if (n.operationReference) lines.push(`Operation: ${n.operationReference}`);
  lines.push(`Notification: ${n.id}`, '');
  for (const [field, value] of Object.entries(n.payload)) {
    lines.push(`${field}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
  return `${lines.join('\n')}\n`;
}

export function createEmailChannel(options: EmailOptions): Channel & { close(): void } {
  const url = new URL(options.smtpUrl);
  const secure = url.protocol === 'smtps:';
  const timeout = options.timeoutMs ?? 10_000;
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return {
    async send(notification: OutgoingNotification, to: Destination): Promise<DeliveryResult> {
      try {
        // Built at each attempt: a retry sends the same files, nothing is kept in the outbox.
        const attachments = (await options.attachmentsOf?.(notification)) ?? [];
        const info = await transport.sendMail({
          from: options.from,
          to: to.address,
          subject: subjectOf(notification),
          text: textOf(notification),
          messageId: messageIdOf(notification.id, options.from),
          headers: { [DELIVERY_HEADER]: notification.id },
          ...(attachments.length ? { attachments } : {}),
        });
        return info.rejected.length === 0 ? { ok: true } : { ok: false, reason: 'SMTP recipient rejected' };
      } catch (err) {
        return { ok: false, reason: smtpFailure(err) };
      }
    },
    close: () => transport.close(),
  };
}

// The reply code and command only: SMTP replies may quote the address or the message.
function smtpFailure(err: unknown): string {
  const e = err as { code?: string; responseCode?: number; command?: string };
  if (e?.responseCode) return `SMTP ${e.responseCode}${e.command ? ` on ${e.command}` : ''}`;
  return `SMTP error ${e?.code ?? 'unknown'}`;
}
