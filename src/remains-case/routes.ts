import { Router } from 'express';
import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import type { Db } from '../db';
import { forbidden, principalOf } from '../api/auth';
import { endpoint, PEOPLE_ROLES, serve } from '../api/endpoint';
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
import { caseService } from './service';

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
  const cases = caseService({ config, db, temporal });

  on(listRemainsCases, async ({ req, res, query: { status, operation, party, limit, offset } }) => {
    const principal = principalOf(req);
    if (principal.party && party && party !== principal.party) {
      throw forbidden(`Your token acts for ${principal.party}: it lists ${principal.party}'s cases only.`);
    }
    // A party's principal lists its own party's cases, whatever the filter says.
    const receivingParty = principal.party ?? party;
    const filters = new URLSearchParams(
      Object.entries({ status, operation, party, limit, offset }).flatMap(([k, v]): [string, string][] =>
        v === undefined ? [] : [[k, String(v)]],
      ),
    );
    const { items, total } = await cases.list(req, { status, operation, receivingParty, limit, offset }, filters);
    res.json({ items, total, limit, offset });
  });

  on(readCase, async ({ req, res, remainsCase }) => {
    res.json(await cases.read(req, remainsCase.caseNumber));
  });

  on(recordCaseStep, async ({ req, res, body, remainsCase: { caseNumber } }) => {
    const by = principalOf(req).principal;
    const state = await cases.recordStep(caseNumber, { ...body, by }, updateIdOf(req));
    req.log.info({ caseNumber, step: body.step, by }, 'case step recorded');
    res.json(state);
  });

  on(splitCase, async ({ req, res, body, remainsCase: { caseNumber } }) => {
    const by = principalOf(req).principal;
    const result = await cases.split(caseNumber, { ...body, by }, updateIdOf(req));
    req.log.info({ caseNumber, caseNumbers: result.caseNumbers, by }, 'case split');
    res.json(result);
  });

  on(mergeCase, async ({ req, res, body, remainsCase: target }) => {
    const by = principalOf(req).principal;
    const state = await cases.merge(target, { ...body, by }, updateIdOf(req));
    req.log.info({ caseNumber: target.caseNumber, absorbedCaseNumber: body.absorbedCaseNumber, by }, 'case merged');
    res.json(state);
  });

  return router;
}
