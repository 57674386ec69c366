// The ledger of an operation (what people sent and were answered 2xx) and what it implies: the discrepancy
// keys and the notifications each recipient must get exactly once. Checked by ./invariants.ts.
import type { Client } from '@temporalio/client';
import type { Db } from '../../src/db';
import type { WebhookReceiver } from './fault-stack';

export type CountSource = 'SENDER' | 'RECEIVER' | 'INTERMEDIARY';

export interface DirectionLedger {
  from: string;
  to: string;
  /** The manifest's tags, in order (one version: no corrections in these tests). */
  manifest: string[];
  /** Tags reported received, in the order they were reported (all listed: no extras). */
  received: string[];
  counts: Partial<Record<CountSource, number>>;
}

export interface DayLedger {
  date: string;
  directions: DirectionLedger[];
  signedOffBy: string[];
}

export interface OperationLedger {
  reference: string;
  confirmedBy: string[];
  days: DayLedger[];
  /** The coordinator ended the handover phase (FOLLOW_UP). */
  handoversCompleted: boolean;
}

export interface InvariantContext {
  db: Db;
  temporal: Client;
  receiver: WebhookReceiver;
  /** The webhook recipients configured (each is sent every notification addressed to it). */
  recipients: readonly string[];
}

export interface InvariantReport {
  /** Empty when every invariant holds. */
  violations: string[];
  counts: {
    manifestLines: number;
    containers: number;
    custodyEvents: number;
    cases: number;
    caseWorkflows: number;
    notifications: number;
    webhookRequests: number;
  };
}

/** Duplicates in a list, for messages. */
export function duplicates<T>(items: T[]): T[] {
  const seen = new Set<T>();
  const dup = new Set<T>();
  for (const i of items) (seen.has(i) ? dup : seen).add(i);
  return [...dup];
}

export function sameSet(label: string, actual: string[], expected: string[], violations: string[]): void {
  const dup = duplicates(actual);
  if (dup.length) violations.push(`${label}: duplicated ${dup.slice(0, 5).join(', ')} (${dup.length})`);
  const a = new Set(actual);
  const e = new Set(expected);
  const missing = [...e].filter((x) => !a.has(x));
  const extra = [...a].filter((x) => !e.has(x));
  if (missing.length) violations.push(`${label}: missing ${missing.slice(0, 5).join(', ')} (${missing.length})`);
  if (extra.length) violations.push(`${label}: unexpected ${extra.slice(0, 5).join(', ')} (${extra.length})`);
}

/** The discrepancies a signed-off day opens: counts that differ, listed tags never received. */
export function expectedDiscrepancyKeys(workflowId: string, day: DayLedger): string[] {
  const keys: string[] = [];
  for (const d of day.directions) {
    const direction = `${d.from}>${d.to}`;
    const { SENDER, RECEIVER, INTERMEDIARY } = d.counts;
    if (new Set([SENDER, RECEIVER, INTERMEDIARY]).size > 1) keys.push(`COUNT_MISMATCH:${direction}`);
    if (d.manifest.some((t) => !d.received.includes(t))) keys.push(`MISSING_TAG:${direction}`);
  }
  return keys.map((k) => `${workflowId}:${k}`);
}

export interface ExpectedNotification {
  recipient: string;
  event: string;
  label: string;
  matches(payload: Record<string, unknown>): boolean;
}

/** Milestones of the operation each recipient concerned is told of exactly once. */
export function expectedNotifications(ledger: OperationLedger, recipients: readonly string[]): ExpectedNotification[] {
  const everyone = ['RU', 'UA', 'INTERMEDIARY'].filter((r) => recipients.includes(r));
  const out: ExpectedNotification[] = [];
  const forEach = (event: string, label: string, matches: ExpectedNotification['matches']) => {
    for (const recipient of everyone) out.push({ recipient, event, label, matches });
  };
  if (ledger.confirmedBy.length === 2) {
    forEach('agreement.confirmed', 'agreement.confirmed', () => true);
    forEach('operation.preparing', 'operation.preparing', () => true);
  }
  if (ledger.days.length) forEach('operation.in_progress', 'operation.in_progress', () => true);
  if (ledger.handoversCompleted) forEach('operation.follow_up', 'operation.follow_up', () => true);
  for (const day of ledger.days) {
    forEach('handover.scheduled', `handover.scheduled ${day.date}`, (p) => p.dayKey === day.date);
    if (day.signedOffBy.length === 2) {
      forEach('handover.signed_off', `handover.signed_off ${day.date}`, (p) => p.dayKey === day.date);
      // Each discrepancy reaches both parties, the intermediary and the coordinator.
      for (const key of expectedDiscrepancyKeys('', day).map((k) => k.slice(1))) {
        for (const recipient of [...everyone, ...(recipients.includes('COORDINATOR') ? ['COORDINATOR'] : [])]) {
          out.push({
            recipient,
            event: 'discrepancy.opened',
            label: `discrepancy.opened ${day.date} ${key}`,
            matches: (p) => p.dayKey === day.date && p.key === key,
          });
        }
      }
    }
  }
  return out;
}
