import type { Db } from '../db';
import type { OutgoingNotification } from '../notification/outbox';
import { INTERMEDIARY } from '../../workflows/shared/domain';
import { loadOperationReport, reportCsv, reportFileName } from './operation-report';
import { reportPdf } from './report-pdf';

/**
 * The operation report goes out with the notification that the operation is
 * closed: each party gets its own report (its own cases), the intermediary
 * the full one. The notification carries links to the report route (which
 * answers each reader's token with that reader's report); an email carries
 * the report itself, as PDF and CSV attachments, built when it is sent.
 */

export const CLOSED_EVENT = 'operation.closed';

/** Whose report a recipient of the closure gets: a party its own, the intermediary the full one; others none. */
function scopeOf(recipient: string, parties: readonly string[]): { party?: string } | null {
  if (recipient === INTERMEDIARY) return {};
  return parties.includes(recipient) ? { party: recipient } : null;
}

/** The closure's payload for one recipient: the event's payload and where its report is read. */
export function withReportLinks(
  event: string,
  operationReference: string | undefined,
  recipient: string,
  payload: Record<string, unknown>,
): Record<string, unknown> {
  if (event !== CLOSED_EVENT || !operationReference) return payload;
  const pdf = `/api/operations/${encodeURIComponent(operationReference)}/report`;
  return {
    ...payload,
    report: {
      // What the recipient's token reads there; identifiers only.
      covers: recipient === INTERMEDIARY ? 'ALL_PARTIES' : recipient,
      pdf,
      csv: `${pdf}?format=csv`,
    },
  };
}

export interface ReportAttachment {
  filename: string;
  content: Buffer | string;
  contentType: string;
}

/** The report files an email of this notification carries: only the closure's, only for a party or the intermediary. */
export function closureAttachments(db: Db) {
  return async (n: OutgoingNotification): Promise<ReportAttachment[]> => {
    if (n.event !== CLOSED_EVENT || !n.operationReference) return [];
    const parties = await db.operationParty.findMany({
      where: { operation: { reference: n.operationReference } },
      select: { partyCode: true },
    });
    const scope = scopeOf(
      n.recipient,
      parties.map((p) => p.partyCode),
    );
    if (!scope) return [];
    const report = await loadOperationReport(db, n.operationReference, scope.party);
    if (!report) return [];
    const name = reportFileName(report);
    return [
      { filename: `${name}.pdf`, content: await reportPdf(report), contentType: 'application/pdf' },
      { filename: `${name}.csv`, content: reportCsv(report), contentType: 'text/csv; charset=utf-8' },
    ];
  };
}
