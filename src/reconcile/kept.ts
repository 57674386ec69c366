import type { DayChange } from '../../activities/handover-day/day-changes';
import type { KeptIds } from '../../activities/shared/kept-ids';
import type { DiscrepancyInput } from '../../workflows/discrepancy/rules';
import type { CaseInput } from '../../workflows/remains-case/messages';
import { handoverWorkflowId } from '../../workflows/shared/ids';
import { intakeNumber } from '../handover-day/intake';
import type { WorkflowHistory } from './history';

/**
 * The ids Temporal holds for rows a day writes: a discrepancy's workflow
 * carries its record's id, a case opened from a day carries its container's
 * id (its PM number is the container's intake number). A row re-written after
 * a restore must get the same id, or the workflow holding it would point at
 * nothing.
 */
export interface KeptIdsOfOperation {
  /** By the day's workflow id: its findings' discrepancy ids, by finding key. */
  findings: Map<string, KeptIds>;
  /** A receiver intake number → the id of its container. */
  containerOfIntake: Map<string, string>;
}

export function keptIdsOf(histories: WorkflowHistory[]): KeptIdsOfOperation {
  const kept: KeptIdsOfOperation = { findings: new Map(), containerOfIntake: new Map() };
  for (const h of histories) {
    if (h.type === 'discrepancyLife') {
      const { id, key, operationReference, dayKey } = h.input as DiscrepancyInput;
      // A day's finding is keyed `<the day's workflow id>:<finding key>` (openDiscrepancies).
      const day = dayKey ? handoverWorkflowId(operationReference, dayKey) : undefined;
      if (day && key.startsWith(`${day}:`)) {
        const findings = kept.findings.get(day) ?? {};
        findings[key.slice(day.length + 1)] = id;
        kept.findings.set(day, findings);
      }
    } else if (h.type === 'remainsCase') {
      const { caseNumber, containerIds } = h.input as CaseInput;
      if (containerIds.length === 1) kept.containerOfIntake.set(caseNumber, containerIds[0]);
    }
  }
  return kept;
}

type Receipts = Extract<DayChange, { write: 'recordReceipts' }>['args'];

/** The day's changes, with the ids kept for the containers its receipts and take-overs write and for its findings. */
export function withKeptIds(workflowId: string, changes: DayChange[], kept: KeptIdsOfOperation): DayChange[] {
  // Intake numbers by sender and tag, from every receipt of the day (a take-over comes before its receipt).
  const intake = new Map<string, string>();
  for (const c of changes) {
    if (c.write !== 'recordReceipts') continue;
    [...c.args.received, ...c.args.extra].forEach((tag, i) =>
      intake.set(`${c.args.direction.from} ${tag}`, intakeNumber(c.args.intakePrefix, c.args.firstIntake + i)),
    );
  }
  const idsOf = (from: string, tags: string[]): KeptIds => {
    const ids: KeptIds = {};
    for (const tag of tags) {
      const id = kept.containerOfIntake.get(intake.get(`${from} ${tag}`) ?? '');
      if (id) ids[tag] = id;
    }
    return ids;
  };
  return changes.map((c): DayChange => {
    if (c.write === 'recordReceipts') {
      const args: Receipts = {
        ...c.args,
        containerIds: idsOf(c.args.direction.from, [...c.args.received, ...c.args.extra]),
      };
      return { write: c.write, args };
    }
    if (c.write === 'recordTakeOver') {
      const containerIds = idsOf(c.args.direction.from, [...c.args.listed, ...c.args.extra]);
      return { write: c.write, args: { ...c.args, containerIds } };
    }
    if (c.write === 'openDiscrepancies')
      return { write: c.write, args: { ...c.args, ids: kept.findings.get(workflowId) } };
    return c;
  });
}
