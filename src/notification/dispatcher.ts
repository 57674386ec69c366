import type { Config } from '../config';
import type { Db } from '../db';
import type { Logger } from '../logger';
import { closureAttachments } from '../report/closure';
import { createEmailChannel } from './email';
import { deliverDue, type Channels } from './outbox';
import { releaseAwaiting } from './service';
import { createWebhookChannel } from './webhook';

/**
 * The loop that empties the outbox: every `intervalMs` it releases the
 * notifications kept for recipients that now have an address, then delivers
 * what is due (retries included) until a batch comes back short. Any number
 * may run (one per worker process): the outbox's claim keeps them off each
 * other's rows, and a kept notification is released once.
 */

/** The channels the settings allow: webhooks always, email (with the closure's reports attached) when SMTP_URL is set. */
export function createChannels(settings: Config['notify'], db: Db): Channels {
  return {
    WEBHOOK: createWebhookChannel(),
    ...(settings.smtpUrl
      ? {
          EMAIL: createEmailChannel({
            smtpUrl: settings.smtpUrl,
            from: settings.from,
            attachmentsOf: closureAttachments(db),
          }),
        }
      : {}),
  };
}

export interface DispatcherOptions {
  db: Db;
  channels: Channels;
  intervalMs: number;
  batchSize?: number;
  logger?: Logger;
}

export interface Dispatcher {
  /** Stops the loop after the pass under way, if any, has finished. */
  stop(): Promise<void>;
}

export function startDispatcher({ db, channels, intervalMs, batchSize = 20, logger }: DispatcherOptions): Dispatcher {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const pass = async (): Promise<void> => {
    try {
      // Notifications kept for a recipient whose address has been set since (by npm run recipients, which
      // releases them itself, or by hand, or while they were being kept) go out with the rest.
      for (const r of await releaseAwaiting(db)) {
        logger?.info(
          { recipient: r.recipient, channel: r.channel, count: r.count },
          'notifications released: an address is set',
        );
      }
      for (;;) {
        const outcomes = await deliverDue(db, channels, { batchSize });
        for (const o of outcomes.filter((x) => x.status === 'FAILED')) {
          // Identifiers and the short reason only; never the payload.
          logger?.warn(
            {
              notificationId: o.id,
              recipient: o.recipient,
              channel: o.channel,
              event: o.event,
              attempts: o.attempts,
              reason: o.error,
            },
            'notification not delivered; will retry',
          );
        }
        if (stopped || outcomes.length < batchSize) break;
      }
    } catch (err) {
      // A database error's message may quote query arguments; its name and code say enough.
      const e = err as { name?: string; code?: string };
      logger?.error({ error: e?.name, code: e?.code }, 'notification dispatch pass failed; next pass will retry');
    }
  };

  let current: Promise<void> = Promise.resolve();
  const loop = () => {
    current = pass().then(() => {
      if (!stopped) timer = setTimeout(loop, intervalMs);
    });
  };
  loop();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
