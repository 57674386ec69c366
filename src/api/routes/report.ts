import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { Db } from '../../db';
import { loadOperationReport, reportCsv } from '../../report/operation-report';
import { reportPdf } from '../../report/report-pdf';
import { ROLES } from '../../../workflows/domain';
import { principalOf } from '../auth';
import { fromZod, operationNotFound } from '../errors';
import { documented } from '../openapi';
import { visibleOperation } from '../operation-scope';

/** The operation report, as CSV or PDF: the intermediary's covers both parties' cases, a party's its own. */

const reportQuery = z.strictObject({
  format: z.enum(['pdf', 'csv']).meta({ description: 'pdf (default) or csv' }).optional(),
});

documented({
  method: 'get',
  path: '/api/operations/{reference}/report',
  summary:
    'The operation report: counts per day and direction, manifest lines against receipts, discrepancies, custody, cases by status (a party: its own cases)',
  roles: [...ROLES],
  params: ['reference'],
  query: reportQuery,
  errors: [404],
});

export function reportRoutes({ db, temporal }: { db: Db; temporal: Client }): Router {
  const router = Router();
  router.get('/:reference/report', async (req, res) => {
    const operation = await visibleOperation(req, db, temporal);
    const query = reportQuery.safeParse(req.query);
    if (!query.success) throw fromZod(query.error, 'query');
    const report = await loadOperationReport(db, operation.reference, principalOf(req).party);
    if (!report) throw operationNotFound();
    const name = `report-${report.reference}${report.party ? `-${report.party}` : ''}`;
    if (query.data.format === 'csv') {
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
