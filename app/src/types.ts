/** The API's answers, as far as the app reads them (see /openapi.json). */

export type CountSource = 'SENDER' | 'RECEIVER' | 'INTERMEDIARY';
export const COUNT_SOURCES: CountSource[] = ['SENDER', 'RECEIVER', 'INTERMEDIARY'];
export const INCIDENT_KINDS = ['SECURITY', 'DELAY', 'EQUIPMENT', 'OTHER'] as const;

export interface DirectionView {
  from: string;
  to: string;
  plannedCount: number;
  manifest: { version: number; status: string; lines: number; submittedBy?: string; acknowledgedBy?: string } | null;
  counts: Partial<Record<CountSource, { count: number; recordedBy?: string; recordedAt?: string }>>;
  received: number;
  extra: number;
  missing: number;
  tags?: { manifest: string[]; received: string[]; extra: string[]; missing: string[] };
}

export interface DayView {
  operationReference: string;
  dayKey: string;
  date: string;
  exchangePoint: string;
  parties: string[];
  status: string;
  statusReason?: string;
  suspended?: boolean;
  escalated: boolean;
  live: boolean;
  directions: DirectionView[];
  signOffs: Record<string, { signedBy: string; signedAt?: string }>;
  discrepancies?: { key: string; kind: string; status: string; openedAt: string; details: Record<string, unknown> }[];
}

export interface OperationSummary {
  reference: string;
  title: string;
  phase: string;
  parties: { code: string; name: string }[];
  createdAt: string;
}

export interface OperationView {
  reference: string;
  title: string;
  phase: string;
  parties: { code: string; name: string }[];
  agreement: {
    version: number;
    window: { start: string; end: string };
    exchangePoints: string[];
    plannedTransfers: { from: string; to: string; count: number }[];
  } | null;
  progress: {
    handovers: { dayKey: string; date: string; status: string; exchangePoint: string }[];
    totals: Record<string, Record<string, number>>;
    discrepancies: { open: number; byKind: Record<string, number> };
  } | null;
}
