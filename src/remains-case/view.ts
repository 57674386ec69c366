import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Config } from '../config';
import type { Db } from '../db';
import type { Prisma } from '../generated/prisma/client';
import { workflowUiUrl } from '../temporal/client';
import { custodyHopOf } from '../custody/view';
import type { CaseState } from '../../workflows/remains-case/messages';
import { caseWorkflowId } from '../../workflows/shared/ids';
import type { CaseView, ListCasesQuery } from './schemas';

/**
 * Remains cases as the API shows them: PostgreSQL's record of a case (its
 * events, containers and chain of custody) with its workflow's status, and
 * the workflow's own state after a change. Who may see what is the routes' to
 * judge; this module only reads and shapes.
 */

const iso = (d: Date) => d.toISOString();

/** The case row alone, to decide who may see or change it. */
export const findCase = (db: Db, caseNumber: string) => db.remainsCase.findUnique({ where: { caseNumber } });

export type CaseFilter = Pick<ListCasesQuery, 'status' | 'operation' | 'limit' | 'offset'> & {
  receivingParty?: string;
};

/** One page of case summaries, newest first, and how many cases match in all. */
export async function listCases(db: Db, { status, operation, receivingParty, limit, offset }: CaseFilter) {
  const where: Prisma.RemainsCaseWhereInput = {
    ...(status ? { status } : {}),
    ...(operation ? { operation: { reference: operation } } : {}),
    ...(receivingParty ? { receivingParty } : {}),
  };
  const [rows, total] = await Promise.all([
    db.remainsCase.findMany({
      where,
      // caseNumber is unique: pages never overlap nor skip, even among cases opened at the same instant.
      orderBy: [{ createdAt: 'desc' }, { caseNumber: 'asc' }],
      take: limit,
      skip: offset,
      include: { operation: { select: { reference: true } } },
    }),
    db.remainsCase.count({ where }),
  ]);
  const items = rows.map((r) => ({
    caseNumber: r.caseNumber,
    status: r.status,
    operationReference: r.operation.reference,
    receivingParty: r.receivingParty,
    responsibleAuthority: r.responsibleAuthority,
    lastProgressAt: iso(r.lastProgressAt),
    createdAt: iso(r.createdAt),
  }));
  return { items, total };
}

/** What PostgreSQL holds of one case. */
export const loadCaseRecord = (db: Db, caseNumber: string) =>
  db.remainsCase.findUnique({
    where: { caseNumber },
    include: {
      operation: { select: { reference: true } },
      events: { orderBy: { sequence: 'asc' } },
      containers: {
        orderBy: { containerId: 'asc' },
        include: {
          container: {
            include: { handover: true, custodyEvents: { orderBy: { sequence: 'asc' } } },
          },
        },
      },
    },
  });
export type CaseRecord = NonNullable<Awaited<ReturnType<typeof loadCaseRecord>>>;

/** The case's workflow as Temporal describes it, with its place in the Web UI. */
export async function caseWorkflowView(temporal: Client, config: Config, caseNumber: string) {
  const id = caseWorkflowId(caseNumber);
  const description = await temporal.workflow
    .getHandle(id)
    .describe()
    .catch((err: unknown) => {
      // A closed case's history may have left Temporal; PostgreSQL keeps the record.
      if (err instanceof WorkflowNotFoundError) return null;
      throw err;
    });
  return { id, status: description?.status.name ?? 'UNKNOWN', url: workflowUiUrl(config, id) };
}

export function caseViewOf(row: CaseRecord, workflow: CaseView['workflow']): CaseView {
  return {
    caseNumber: row.caseNumber,
    status: row.status,
    operationReference: row.operation.reference,
    receivingParty: row.receivingParty,
    responsibleAuthority: row.responsibleAuthority,
    lastProgressAt: iso(row.lastProgressAt),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    events: row.events.map((e) => ({
      sequence: e.sequence,
      kind: e.kind,
      step: e.step,
      recordedBy: e.recordedBy,
      occurredAt: iso(e.occurredAt),
      recordedAt: iso(e.recordedAt),
      reference: e.reference,
      relatedCase: e.relatedCase,
    })),
    containers: row.containers.map(({ container: c }) => ({
      id: c.id,
      tag: c.tag,
      fromParty: c.fromParty,
      toParty: c.toParty,
      custodian: c.custodian,
      receiverIntakeNumber: c.receiverIntakeNumber,
      handover: {
        dayKey: c.handover.dayKey,
        scheduledOn: iso(c.handover.scheduledOn).slice(0, 10),
        exchangePoint: c.handover.exchangePoint,
      },
      custody: c.custodyEvents.map(custodyHopOf),
    })),
    workflow,
  };
}

/** The documented part of the workflow's state (its database id and counters stay inside). */
export const caseStateOf = (s: CaseState) => ({
  caseNumber: s.caseNumber,
  operationReference: s.operationReference,
  receivingParty: s.receivingParty,
  responsibleAuthority: s.responsibleAuthority,
  containerIds: s.containerIds,
  status: s.status,
  profiled: s.profiled,
  sequence: s.sequence,
  lastProgressAt: s.lastProgressAt,
  ...(s.mergedInto ? { mergedInto: s.mergedInto } : {}),
});
