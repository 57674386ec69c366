import { Gauge, type Registry } from 'prom-client';
import type { Db } from '../db';
import { CaseStatus, DiscrepancyKind, DiscrepancyStatus } from '../generated/prisma/enums';
import type { Logger } from '../logger';
import { awaitingCounts } from '../notification/service';

/**
 * The figures of the domain, counted in PostgreSQL at scrape time (so every
 * API instance reports the same numbers: aggregate them with max, not sum).
 * Labels are enum values and recipient codes (UA, INTERMEDIARY, TRACING, …)
 * only; no reference, case number or name ever becomes a label. Each query
 * is answered from an index:
 *   handovers signed off       Handover_status_idx
 *   discrepancies              Discrepancy_status_kind_idx
 *   cases by status            RemainsCase_status_idx
 *   notifications pending/failed/awaiting an address, and those awaiting
 *   per recipient              Notification_status_nextAttemptAt_idx
 */

/** The notification states worth watching: waiting to go out, failing and being retried, or kept for an address. */
export const WATCHED_NOTIFICATION_STATUSES = ['PENDING', 'FAILED', 'AWAITING_ADDRESS'] as const;

export function registerDomainMetrics(registry: Registry, db: Db, logger: Logger): void {
  // A failed query leaves its figure out of the scrape (absent, not zero) and says why in the logs.
  const guarded = (gauge: Gauge<string>, name: string, fill: () => Promise<void>) => async () => {
    try {
      await fill();
    } catch (err) {
      gauge.reset();
      logger.warn(
        { metric: name, err: { name: (err as Error)?.name, message: (err as Error)?.message } },
        'metric not collected',
      );
    }
  };

  const signedOff: Gauge<string> = new Gauge({
    name: 'repatriation_handovers_signed_off',
    help: 'Handover days signed off by both parties.',
    registers: [registry],
    collect: () =>
      guarded(signedOff, 'repatriation_handovers_signed_off', async () => {
        signedOff.set(await db.handover.count({ where: { status: 'SIGNED_OFF' } }));
      })(),
  });

  const discrepancies: Gauge<'status' | 'kind'> = new Gauge({
    name: 'repatriation_discrepancies',
    help: 'Discrepancies opened at handovers, by current status and kind (all statuses together: every one ever opened).',
    labelNames: ['status', 'kind'] as const,
    registers: [registry],
    collect: () =>
      guarded(discrepancies, 'repatriation_discrepancies', async () => {
        const rows = await db.discrepancy.groupBy({ by: ['status', 'kind'], _count: { _all: true } });
        for (const status of Object.values(DiscrepancyStatus)) {
          for (const kind of Object.values(DiscrepancyKind)) {
            const row = rows.find((r) => r.status === status && r.kind === kind);
            discrepancies.set({ status, kind }, row?._count._all ?? 0);
          }
        }
      })(),
  });

  const cases: Gauge<'status'> = new Gauge({
    name: 'repatriation_cases',
    help: 'Remains cases by status.',
    labelNames: ['status'] as const,
    registers: [registry],
    collect: () =>
      guarded(cases, 'repatriation_cases', async () => {
        const rows = await db.remainsCase.groupBy({ by: ['status'], _count: { _all: true } });
        for (const status of Object.values(CaseStatus)) {
          cases.set({ status }, rows.find((r) => r.status === status)?._count._all ?? 0);
        }
      })(),
  });

  const notifications: Gauge<'status'> = new Gauge({
    name: 'repatriation_notifications',
    help: 'Notifications not yet delivered: PENDING (waiting to go out), FAILED (being retried) and AWAITING_ADDRESS (kept until their recipient has an address).',
    labelNames: ['status'] as const,
    registers: [registry],
    collect: () =>
      guarded(notifications, 'repatriation_notifications', async () => {
        const rows = await db.notification.groupBy({
          by: ['status'],
          where: { status: { in: [...WATCHED_NOTIFICATION_STATUSES] } },
          _count: { _all: true },
        });
        for (const status of WATCHED_NOTIFICATION_STATUSES) {
          notifications.set({ status }, rows.find((r) => r.status === status)?._count._all ?? 0);
        }
      })(),
  });

  const awaitingAddress: Gauge<'recipient'> = new Gauge({
    name: 'repatriation_notifications_awaiting_address',
    help: 'Notifications kept because their recipient has no address yet, per recipient (sent once one is set).',
    labelNames: ['recipient'] as const,
    registers: [registry],
    collect: () =>
      guarded(awaitingAddress, 'repatriation_notifications_awaiting_address', async () => {
        const [counts, addressed] = await Promise.all([
          awaitingCounts(db),
          db.notificationRecipient.findMany({ distinct: ['recipient'], select: { recipient: true } }),
        ]);
        // Every recipient with an address shows 0 once its notifications have gone; no stale count stays.
        awaitingAddress.reset();
        for (const { recipient } of addressed) awaitingAddress.set({ recipient }, 0);
        for (const { recipient, count } of counts) awaitingAddress.set({ recipient }, count);
      })(),
  });
}
