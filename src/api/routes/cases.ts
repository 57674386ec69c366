import { Router, type Request } from 'express';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Config } from '../../config';
import type { Db } from '../../db';
import { mergeCaseUpdate, recordCaseStepUpdate, splitCaseUpdate } from '../../../workflows/case-messages';
import { caseWorkflowId } from '../../../workflows/ids';
import type { Role } from '../../../workflows/domain';
import { forbidden, principalOf, seesCaseDataOf } from '../auth';
import { logDataReads } from '../data-access';
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
} from '../case-schemas';
import { caseStateOf, caseViewOf, caseWorkflowView, findCase, listCases, loadCaseRecord } from '../case-view';

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

export function caseRoutes({ config, db, temporal }: CaseRoutesDeps): Router {
  const router = Router();

  /** The PM number in the path; a malformed one names no case. */
  function caseInPath(req: Request) {
    const number = caseNumberSchema.safeParse(req.params.caseNumber);
    if (!number.success) throw noSuchCase();
    return number.data;
  }

  /** The row, if the caller may see it. */
  function visible<T extends { receivingParty: string }>(req: Request, row: T | null): T {
    if (!row || !seesCaseDataOf(principalOf(req), row.receivingParty)) throw noSuchCase();
    return row;
  }

  const visibleCase = async (req: Request) => visible(req, await findCase(db, caseInPath(req)));

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

  const logReads = (req: Request, dataParties: Iterable<string>, resource: string) =>
    logDataReads(db, req, dataParties, resource);

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
    const { items, total } = await listCases(db, { status, operation, receivingParty, limit, offset });
    const filters = new URLSearchParams(
      Object.entries({ status, operation, party, limit, offset }).flatMap(([k, v]): [string, string][] =>
        v === undefined ? [] : [[k, String(v)]],
      ),
    );
    await logReads(
      req,
      items.map((c) => c.receivingParty),
      `cases?${filters}`,
    );
    res.json({ items, total, limit, offset });
  });

  router.get('/:caseNumber', async (req, res) => {
    const row = visible(req, await loadCaseRecord(db, caseInPath(req)));
    const view = caseViewOf(row, await caseWorkflowView(temporal, config, row.caseNumber));
    await logReads(req, [row.receivingParty], `case:${row.caseNumber}`);
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
    res.json(caseStateOf(state));
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
    const absorbed = await findCase(db, absorbedCaseNumber);
    if (!absorbed || absorbed.receivingParty !== target.receivingParty) throw conflict(`no case ${absorbedCaseNumber}`);
    const by = principalOf(req).principal;
    const state = await onWorkflow(target.caseNumber, (h) =>
      h.executeUpdate(mergeCaseUpdate, { args: [{ ...parsed.data, by }], ...updateIdOf(req) }),
    );
    req.log.info({ caseNumber: target.caseNumber, absorbedCaseNumber, by }, 'case merged');
    res.json(caseStateOf(state));
  });

  return router;
}
