import { Router, type Request } from 'express';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Config } from '../../config';
import type { Db } from '../../db';
import type { Prisma } from '../../generated/prisma/client';
import { workflowUiUrl } from '../../temporal/client';
import {
  mergeCaseUpdate,
  recordCaseStepUpdate,
  splitCaseUpdate,
  type CaseState,
} from '../../../workflows/case-messages';
import { caseWorkflowId } from '../../../workflows/ids';
import type { Role } from '../../../workflows/domain';
import { forbidden, principalOf, seesCaseDataOf } from '../auth';
import { conflict, fromZod, notFound } from '../errors';
import { documented } from '../openapi';
import { updateIdOf } from '../operation-scope';
import {
  caseList,
  caseNumber as caseNumberSchema,
  caseStateView,
  caseView,
  listCasesQuery,
  mergeCaseRequest,
  recordStepRequest,
  splitCaseRequest,
  splitCaseResponse,
  type CaseView,
} from '../case-schemas';

const READERS: Role[] = ['COORDINATOR', 'PARTY_LIAISON', 'FIELD_STAFF', 'FORENSIC', 'OBSERVER'];
const CHANGE_ERRORS = [404, 409, 503];

documented({
  method: 'get',
  path: '/api/cases',
  summary: 'List remains cases (a party sees only its own), by status, operation and party, a page at a time',
  roles: READERS,
  query: listCasesQuery,
  response: caseList,
});
documented({
  method: 'get',
  path: '/api/cases/{caseNumber}',
  summary: 'Read one remains case: its events, containers and chain of custody (a party sees only its own)',
  roles: READERS,
  params: ['caseNumber'],
  response: caseView,
  errors: [404],
});
documented({
  method: 'post',
  path: '/api/cases/{caseNumber}/steps',
  summary: 'Record the next forensic step of a case (forensic staff of the receiving party)',
  roles: ['FORENSIC'],
  params: ['caseNumber'],
  body: recordStepRequest,
  response: caseStateView,
  errors: CHANGE_ERRORS,
});
documented({
  method: 'post',
  path: '/api/cases/{caseNumber}/split',
  summary: 'Open new cases for remains found with this one (forensic staff of the receiving party)',
  roles: ['FORENSIC'],
  params: ['caseNumber'],
  body: splitCaseRequest,
  response: splitCaseResponse,
  errors: CHANGE_ERRORS,
});
documented({
  method: 'post',
  path: '/api/cases/{caseNumber}/merge',
  summary: 'Absorb another case of the same party into this one (forensic staff of the receiving party)',
  roles: ['FORENSIC'],
  params: ['caseNumber'],
  body: mergeCaseRequest,
  response: caseStateView,
  errors: CHANGE_ERRORS,
});

export interface CaseRoutesDeps {
  config: Config;
  db: Db;
  temporal: Client;
}

// One answer for absent and hidden cases: a party learns nothing of the other's.
const noSuchCase = () => notFound('No case has that PM number.');
const iso = (d: Date) => d.toISOString();

/** The documented part of the workflow's state (its database id and counters stay inside). */
const stateView = (s: CaseState) => ({
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

export function caseRoutes({ config, db, temporal }: CaseRoutesDeps): Router {
  const router = Router();

  /** Where-clause of the case named in the path; a malformed PM number names no case. */
  function caseInPath(req: Request) {
    const number = caseNumberSchema.safeParse(req.params.caseNumber);
    if (!number.success) throw noSuchCase();
    return { caseNumber: number.data };
  }

  /** The row, if the caller may see it. */
  function visible<T extends { receivingParty: string }>(req: Request, row: T | null): T {
    if (!row || !seesCaseDataOf(principalOf(req), row.receivingParty)) throw noSuchCase();
    return row;
  }

  const visibleCase = async (req: Request) => visible(req, await db.remainsCase.findUnique({ where: caseInPath(req) }));

  /** The case, if the caller may change it: forensic staff of its receiving party only. */
  async function changeableCase(req: Request) {
    const row = await visibleCase(req);
    const { role, party } = principalOf(req);
    if (role !== 'FORENSIC' || party !== row.receivingParty) {
      throw forbidden(
        `Only forensic staff of ${row.receivingParty} change this case; your token is ${role}${party ? ` of ${party}` : ''}.`,
      );
    }
    return row;
  }

  /**
   * Neutrality: a read of one party's case data by anyone outside that party
   * is logged before the answer leaves; if the log cannot be written, nothing is released.
   */
  async function logReads(req: Request, dataParties: Iterable<string>, resource: string) {
    const { principal, role, party } = principalOf(req);
    const data = [...new Set(dataParties)]
      .filter((dataParty) => dataParty !== party)
      .map((dataParty) => ({ principal, role, party: party ?? null, dataParty, resource, requestId: req.id }));
    if (data.length) await db.dataAccessLog.createMany({ data });
  }

  /** Runs a change on the case's workflow; a workflow gone from Temporal means the case closed long ago. */
  async function onWorkflow<T>(number: string, change: (h: ReturnType<Client['workflow']['getHandle']>) => Promise<T>) {
    try {
      return await change(temporal.workflow.getHandle(caseWorkflowId(number)));
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw conflict(`case is closed: ${number}`);
      throw err;
    }
  }

  router.get('/', async (req, res) => {
    const parsed = listCasesQuery.safeParse(req.query);
    if (!parsed.success) throw fromZod(parsed.error, 'query');
    const { status, operation, party, limit, offset } = parsed.data;
    const principal = principalOf(req);
    if (principal.party && party && party !== principal.party) {
      throw forbidden(`Your token acts for ${principal.party}: it lists ${principal.party}'s cases only.`);
    }
    // A party's principal lists its own party's cases, whatever the filter says.
    const receivingParty = principal.party ?? party;
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
    const filters = new URLSearchParams(
      Object.entries({ status, operation, party, limit, offset }).flatMap(([k, v]): [string, string][] =>
        v === undefined ? [] : [[k, String(v)]],
      ),
    );
    await logReads(
      req,
      rows.map((r) => r.receivingParty),
      `cases?${filters}`,
    );
    res.json({
      items: rows.map((r) => ({
        caseNumber: r.caseNumber,
        status: r.status,
        operationReference: r.operation.reference,
        receivingParty: r.receivingParty,
        responsibleAuthority: r.responsibleAuthority,
        lastProgressAt: iso(r.lastProgressAt),
        createdAt: iso(r.createdAt),
      })),
      total,
      limit,
      offset,
    });
  });

  router.get('/:caseNumber', async (req, res) => {
    const row = visible(
      req,
      await db.remainsCase.findUnique({
        where: caseInPath(req),
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
      }),
    );
    const { caseNumber } = row;
    const workflowId = caseWorkflowId(caseNumber);
    const description = await temporal.workflow
      .getHandle(workflowId)
      .describe()
      .catch((err: unknown) => {
        // A closed case's history may have left Temporal; PostgreSQL keeps the record.
        if (err instanceof WorkflowNotFoundError) return null;
        throw err;
      });
    const view: CaseView = {
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
        custody: c.custodyEvents.map((e) => ({
          sequence: e.sequence,
          fromCustodian: e.fromCustodian,
          toCustodian: e.toCustodian,
          place: e.place,
          occurredAt: iso(e.occurredAt),
          attestedBy: e.attestedBy,
        })),
      })),
      workflow: {
        id: workflowId,
        status: description?.status.name ?? 'UNKNOWN',
        url: workflowUiUrl(config, workflowId),
      },
    };
    await logReads(req, [row.receivingParty], `case:${caseNumber}`);
    res.json(view);
  });

  router.post('/:caseNumber/steps', async (req, res) => {
    const { caseNumber } = await changeableCase(req);
    const parsed = recordStepRequest.safeParse(req.body);
    if (!parsed.success) throw fromZod(parsed.error);
    const by = principalOf(req).principal;
    const state = await onWorkflow(caseNumber, (h) =>
      h.executeUpdate(recordCaseStepUpdate, { args: [{ ...parsed.data, by }], ...updateIdOf(req) }),
    );
    req.log.info({ caseNumber, step: parsed.data.step, by }, 'case step recorded');
    res.json(stateView(state));
  });

  router.post('/:caseNumber/split', async (req, res) => {
    const { caseNumber } = await changeableCase(req);
    const parsed = splitCaseRequest.safeParse(req.body);
    if (!parsed.success) throw fromZod(parsed.error);
    const by = principalOf(req).principal;
    const result = await onWorkflow(caseNumber, (h) =>
      h.executeUpdate(splitCaseUpdate, { args: [{ ...parsed.data, by }], ...updateIdOf(req) }),
    );
    req.log.info({ caseNumber, caseNumbers: result.caseNumbers, by }, 'case split');
    res.json({ caseNumbers: result.caseNumbers });
  });

  router.post('/:caseNumber/merge', async (req, res) => {
    const target = await changeableCase(req);
    const parsed = mergeCaseRequest.safeParse(req.body);
    if (!parsed.success) throw fromZod(parsed.error);
    const { absorbedCaseNumber } = parsed.data;
    // Only a case of the same party can be absorbed; the other party's answers exactly as an absent one
    // (in the words the workflow uses for an absent case).
    const absorbed = await db.remainsCase.findUnique({ where: { caseNumber: absorbedCaseNumber } });
    if (!absorbed || absorbed.receivingParty !== target.receivingParty) throw conflict(`no case ${absorbedCaseNumber}`);
    const by = principalOf(req).principal;
    const state = await onWorkflow(target.caseNumber, (h) =>
      h.executeUpdate(mergeCaseUpdate, { args: [{ ...parsed.data, by }], ...updateIdOf(req) }),
    );
    req.log.info({ caseNumber: target.caseNumber, absorbedCaseNumber, by }, 'case merged');
    res.json(stateView(state));
  });

  return router;
}
