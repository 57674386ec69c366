import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { Db } from '../db';
import { reportCsv, reportFileName } from './operation-report';
import { reportService } from './service';
import { reportPdf } from './report-pdf';
import { principalOf } from '../api/auth';
import { endpoint, PEOPLE_ROLES, serve } from '../api/endpoint';
import { operationNotFound } from '../api/errors';
import { operationReference } from '../api/schemas';

/** The operation report, as CSV or PDF: the intermediary's covers both parties' cases, a party's its own. */

const reportQuery = z.strictObject({
  format: z.enum(['pdf', 'csv']).meta({ description: 'pdf (default) or csv' }).optional(),
});

export const readOperationReport = endpoint({
  method: 'get',
  path: '/api/operations/{reference}/report',
  operationId: 'readOperationReport',
  summary:
    'The operation report: counts per day and direction, manifest lines against receipts, discrepancies, custody, cases by status (a party: its own cases)',
  description:
    'A PDF by default (`application/pdf`, with a chart of the days’ progress), or CSV with `?format=csv` (`text/csv`). ' +
    'It is also sent to each party and to the intermediary with the notification that the operation is closed.',
  roles: PEOPLE_ROLES,
  party: 'operation',
  params: { reference: operationReference },
  query: reportQuery,
  documents: {
    'application/pdf': { description: 'The report as PDF (format=pdf, the default)', binary: true },
    'text/csv': { description: 'The report as CSV, one section after another (format=csv)' },
  },
  errors: [404],
});

export function reportRoutes({ db, temporal }: { db: Db; temporal: Client }): Router {
  const router = Router();
  const reports = reportService({ db, temporal });
  serve(router, { db, temporal })(readOperationReport, async ({ req, res, query, operation }) => {
    const report = await reports.operationReport(operation.reference, principalOf(req).party);
    if (!report) throw operationNotFound();
    const name = reportFileName(report);
    if (query.format === 'csv') {
      res.type('text/csv; charset=utf-8').attachment(`${name}.csv`).send(reportCsv(report));
      return;
    }
    res
      .type('application/pdf')
      .attachment(`${name}.pdf`)
      .send(await reportPdf(report));
  });
  return router;
}
