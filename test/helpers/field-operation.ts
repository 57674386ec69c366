import { juneAgreement } from '../../src/demo/june-2025';
import type { FieldClient, Who } from './field-client';
import type { DayLedger, DirectionLedger, OperationLedger } from './invariants';

/**
 * A small operation of the June 2025 agreement, driven through the HTTP API
 * as its people do it, step by step, so that a test can inject a fault in
 * the middle of a handover day. What got a 2xx answer is written to the
 * ledger the invariant check compares with PostgreSQL and Temporal.
 */

export interface DirectionPlan {
  from: string;
  to: string;
  declared: number;
  received: number;
}

const EXCHANGE_POINT = 'Belarus–Ukraine border';
const liaison = (party: string): Who => (party === 'RU' ? 'ru' : 'ua');

export class FieldOperation {
  readonly ledger: OperationLedger;
  private readonly path: string;

  constructor(
    private readonly client: FieldClient,
    reference: string,
  ) {
    this.ledger = { reference, confirmedBy: [], days: [], handoversCompleted: false };
    this.path = `/api/operations/${reference}`;
  }

  get reference(): string {
    return this.ledger.reference;
  }

  /** The coordinator starts the operation; both parties confirm its terms. */
  async start(): Promise<void> {
    await this.client.ok('coordinator', 'POST', '/api/operations', juneAgreement(this.reference));
    for (const party of ['RU', 'UA']) {
      await this.client.ok(liaison(party), 'POST', `${this.path}/confirmations`, { version: 1 });
      this.ledger.confirmedBy.push(party);
    }
  }

  dayPath(date: string): string {
    return `${this.path}/handovers/${date}`;
  }

  /** Schedules a day, submits and acknowledges its manifests, and opens it. */
  async prepareDay(date: string, plan: DirectionPlan[]): Promise<DayLedger> {
    await this.client.ok('coordinator', 'POST', `${this.path}/handovers`, {
      date,
      exchangePoint: EXCHANGE_POINT,
      transfers: plan.map((d) => ({ from: d.from, to: d.to, plannedCount: d.declared })),
    });
    const day: DayLedger = { date, directions: [], signedOffBy: [] };
    this.ledger.days.push(day);
    for (const p of plan) {
      const manifest = Array.from(
        { length: p.declared },
        (_, i) => `${p.from}-${date.replaceAll('-', '')}-${String(i + 1).padStart(4, '0')}`,
      );
      const { body } = await this.client.ok(liaison(p.from), 'POST', `${this.dayPath(date)}/manifests`, {
        from: p.from,
        to: p.to,
        lines: manifest.map((tag) => ({ tag })),
      });
      await this.client.ok(
        liaison(p.to),
        'POST',
        `${this.dayPath(date)}/manifests/${p.from}/${p.to}/${body.version}/acknowledgement`,
        {},
      );
      day.directions.push({ from: p.from, to: p.to, manifest, received: [], counts: {} });
    }
    await this.client.ok('field', 'POST', `${this.dayPath(date)}/opening`, {});
    return day;
  }

  /** The receipts a receiving liaison reports, in batches of `size` tags (the first `received` of the manifest). */
  receiptBatches(day: DayLedger, plan: DirectionPlan[], size: number): Array<{ d: DirectionLedger; tags: string[] }> {
    return day.directions.flatMap((d) => {
      const { received } = plan.find((p) => p.from === d.from && p.to === d.to)!;
      const tags = d.manifest.slice(0, received);
      const out: Array<{ d: DirectionLedger; tags: string[] }> = [];
      for (let i = 0; i < tags.length; i += size) out.push({ d, tags: tags.slice(i, i + size) });
      return out;
    });
  }

  /** Reports one batch of receipts, retrying with its key until answered; recorded in the ledger once answered 2xx. */
  async receive(day: DayLedger, batch: { d: DirectionLedger; tags: string[] }, key?: string) {
    const answer = await this.client.ok(
      liaison(batch.d.to),
      'POST',
      `${this.dayPath(day.date)}/receipts`,
      { from: batch.d.from, to: batch.d.to, tags: batch.tags },
      key,
    );
    batch.d.received.push(...batch.tags);
    return answer;
  }

  /** The three counts of every direction, then both sign-offs. */
  async countAndSignOff(day: DayLedger, plan: DirectionPlan[]): Promise<void> {
    const at = this.dayPath(day.date);
    for (const d of day.directions) {
      const p = plan.find((x) => x.from === d.from && x.to === d.to)!;
      const counts = [
        { who: liaison(d.from), source: 'SENDER' as const, count: p.declared },
        { who: liaison(d.to), source: 'RECEIVER' as const, count: d.received.length },
        { who: 'field' as const, source: 'INTERMEDIARY' as const, count: d.received.length },
      ];
      for (const c of counts) {
        await this.client.ok(c.who, 'POST', `${at}/counts`, { from: d.from, to: d.to, source: c.source, count: c.count });
        d.counts[c.source] = c.count;
      }
    }
    for (const party of ['RU', 'UA']) {
      await this.client.ok(liaison(party), 'POST', `${at}/sign-offs`, { party });
      day.signedOffBy.push(party);
    }
  }

  /** The coordinator ends the handover phase. */
  async completeHandovers(): Promise<void> {
    await this.client.ok('coordinator', 'POST', `${this.path}/handover-completion`, {});
    this.ledger.handoversCompleted = true;
  }
}
