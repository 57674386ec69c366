import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Channel, DeliveryResult, Destination, OutgoingNotification } from './outbox';

/**
 * Webhook delivery: the notification as JSON, POSTed and signed with the
 * recipient's secret (HMAC-SHA256 over "<timestamp>.<body>"). The Delivery
 * header is the notification id, the same on every retry, so a receiver can
 * drop duplicates; receivers should also refuse old timestamps (replays).
 */

export const SIGNATURE_HEADER = 'X-Repatriation-Signature';
export const TIMESTAMP_HEADER = 'X-Repatriation-Timestamp';
export const DELIVERY_HEADER = 'X-Repatriation-Delivery';

/** "sha256=<hex>" of HMAC-SHA256(secret, "<timestamp>.<body>"). */
export function sign(secret: string, timestamp: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

/** For receivers: whether `header` is the signature of this timestamp and body (constant-time compare). */
export function verifySignature(
  secret: string,
  timestamp: string,
  body: string | Buffer,
  header: string | string[] | undefined,
): boolean {
  if (typeof header !== 'string') return false;
  const expected = Buffer.from(sign(secret, timestamp, body));
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The body sent: the notification's id, event, operation reference (when there is one) and payload; nothing else. */
export function webhookBody(n: OutgoingNotification): string {
  return JSON.stringify({
    id: n.id,
    event: n.event,
    ...(n.operationReference ? { operationReference: n.operationReference } : {}),
    payload: n.payload,
  });
}

export interface WebhookOptions {
  /** Per request; a receiver slower than this counts as a failure and is retried. */
  timeoutMs?: number;
}

export function createWebhookChannel(options: WebhookOptions = {}): Channel {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    async send(notification: OutgoingNotification, to: Destination): Promise<DeliveryResult> {
      // Never sent unsigned: the receiver could not tell it from a forgery.
      if (!to.secret) return { ok: false, reason: 'no webhook secret configured for the recipient' };
      const body = webhookBody(notification);
      const timestamp = String(Math.floor(Date.now() / 1000));
      try {
        const response = await fetch(to.address, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [SIGNATURE_HEADER]: sign(to.secret, timestamp, body),
            [TIMESTAMP_HEADER]: timestamp,
            [DELIVERY_HEADER]: notification.id,
          },
          body,
          // A redirect is a failure: the signed notification goes only to the configured address.
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
        // The answer's body is never read: it must not end up in lastError or logs.
        await response.body?.cancel().catch(() => undefined);
        return response.status >= 200 && response.status < 300
          ? { ok: true }
          : { ok: false, reason: `HTTP ${response.status}` };
      } catch (err) {
        return { ok: false, reason: fetchFailure(err, timeoutMs) };
      }
    },
  };
}

function fetchFailure(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; cause?: { code?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `timeout after ${timeoutMs} ms`;
  if (e?.cause?.code) return `network error ${e.cause.code}`;
  // e.g. an invalid URL; the message could quote the address, so only the kind is kept.
  return `request failed (${e?.name ?? 'error'})`;
}
