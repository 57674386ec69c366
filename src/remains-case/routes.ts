import { Router, type Request } from 'express';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Config } from '../config';
import type { Db } from '../db';
import { mergeCaseUpdate, recordCaseStepUpdate, splitCaseUpdate } from '../../workflows/remains-case/messages';
import { caseWorkflowId } from '../../workflows/shared/ids';
import { forbidden, principalOf } from '../api/auth';
import { noSuchCase } from './scope';
import { endpoint, PEOPLE_ROLES, serve } from '../api/endpoint';
import { conflict } from '../api/errors';
import { logDataReads } from '../api/data-access';
import { updateIdOf } from '../operation/scope';
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
} from './schemas';
import { caseStateOf, caseViewOf, caseWorkflowView, findCase, listCases, loadCaseRecord } from './view';

const params = { caseNumber: caseNumberSchema };
const CHANGE_ERRORS = [404, 409, 503];

export const listRemainsCases = endpoint({
  method: 'get',
  path: '/api/cases',
  operationId: 'listCases',
  summary: 'List remains cases (a party sees only its own), by status, operation and party, a page at a time',
  roles: PEOPLE_ROLES,
  party: 'own-cases',
  query: listCasesQuery,
  response: caseList,
});
export const readCase = endpoint({
  method: 'get',
  path: '/api/cases/{caseNumber}',
  operationId: 'readCase',
  summary: 'Read one remains case: its events, containers and chain of custody (a party sees only its own)',
  roles: PEOPLE_ROLES,
  party: 'own-cases',
  params,
  response: caseView,
  errors: [404],
});
// Forensic tokens always act for a party: seeing the case makes them forensic staff of its receiving party.
export const recordCaseStep = endpoint({
  method: 'post',
  path: '/api/cases/{caseNumber}/steps',
  operationId: 'recordCaseStep',
  summary: 'Record the next forensic step of a case (forensic staff of the receiving party)',
  roles: ['FORENSIC'],
  party: 'own-cases',
  params,
  body: recordStepRequest,
  response: caseStateView,
  errors: CHANGE_ERRORS,
});
export const splitCase = endpoint({
  method: 'post',
  path: '/api/cases/{caseNumber}/split',
  operationId: 'splitCase',
  summary: 'Open new cases for remains found with this one (forensic staff of the receiving party)',
  roles: ['FORENSIC'],
  party: 'own-cases',
  params,
  body: splitCaseRequest,
  response: splitCaseResponse,
  errors: CHANGE_ERRORS,
});
export const mergeCase = endpoint({
  method: 'post',
  path: '/api/cases/{caseNumber}/merge',
  operationId: 'mergeCase',
  summary: 'Absorb another case of the same party into this one (forensic staff of the receiving party)',
  roles: ['FORENSIC'],
  party: 'own-cases',
  params,
  body: mergeCaseRequest,
  response: caseStateView,
  errors: CHANGE_ERRORS,
});

export interface CaseRoutesDeps {
  config: Config;
  db: Db;
  temporal: Client;
}

export function caseRoutes({ config, db, temporal }: CaseRoutesDeps): Router {
  const router = Router();
  const on = serve(router, { db, temporal });

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

  on(listRemainsCases, async ({ req, res, query: { status, operation, party, limit, offset } }) => {
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
      `cases?${filters.toString()}`,
    );
    res.json({ items, total, limit, offset });
  });

  on(readCase, async ({ req, res, remainsCase }) => {
    const row = await loadCaseRecord(db, remainsCase.caseNumber);
    if (!row) throw noSuchCase();
    const view = caseViewOf(row, await caseWorkflowView(temporal, config, row.caseNumber));
    await logReads(req, [row.receivingParty], `case:${row.caseNumber}`);
    res.json(view);
  });

  on(recordCaseStep, async ({ req, res, body, remainsCase: { caseNumber } }) => {
    const by = principalOf(req).principal;
    const state = await onWorkflow(caseNumber, (h) =>
      h.executeUpdate(recordCaseStepUpdate, { args: [{ ...body, by }], ...updateIdOf(req) }),
    );
    req.log.info({ caseNumber, step: body.step, by }, 'case step recorded');
    res.json(caseStateOf(state));
  });

  on(splitCase, async ({ req, res, body, remainsCase: { caseNumber } }) => {
    const by = principalOf(req).principal;
    const result = await onWorkflow(caseNumber, (h) =>
      h.executeUpdate(splitCaseUpdate, { args: [{ ...body, by }], ...updateIdOf(req) }),
    );
    req.log.info({ caseNumber, caseNumbers: result.caseNumbers, by }, 'case split');
    res.json({ caseNumbers: result.caseNumbers });
  });

  on(mergeCase, async ({ req, res, body, remainsCase: target }) => {
    const { absorbedCaseNumber } = body;
    // Only a case of the same party can be absorbed; the other party's answers exactly as an absent one
    // (in the words the workflow uses for an absent case).
    const absorbed = await findCase(db, absorbedCaseNumber);
    if (!absorbed || absorbed.receivingParty !== target.receivingParty) throw conflict(`no case ${absorbedCaseNumber}`);
    const by = principalOf(req).principal;
    const state = await onWorkflow(target.caseNumber, (h) =>
      h.executeUpdate(mergeCaseUpdate, { args: [{ ...body, by }], ...updateIdOf(req) }),
    );
    req.log.info({ caseNumber: target.caseNumber, absorbedCaseNumber, by }, 'case merged');
    res.json(caseStateOf(state));
  });

  return router;
}
