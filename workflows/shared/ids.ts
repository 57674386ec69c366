/**
 * Business workflow IDs, built in one place so operators can find a
 * workflow in the Temporal Web UI by the reference they already know.
 */
export const operationWorkflowId = (reference: string): string => `operation:${reference}`;
/** A remains case, by its post-mortem number. */
export const caseWorkflowId = (caseNumber: string): string => `case:${caseNumber}`;
export const handoverWorkflowId = (operationReference: string, dayKey: string): string =>
  `handover:${operationReference}:${dayKey}`;
/** A missing-person case's lifecycle, by its case number. */
export const missingPersonWorkflowId = (caseNumber: string): string => `missing-person:${caseNumber}`;
/** The one scan that reminds the tracing service of families due a review. */
export const MISSING_PERSON_REVIEWS_WORKFLOW_ID = 'missing-person-reviews';
/** A discrepancy's life, by its record's id. */
export const discrepancyWorkflowId = (id: string): string => `discrepancy:${id}`;
