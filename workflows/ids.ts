/**
 * Business workflow IDs, built in one place so operators can find a
 * workflow in the Temporal Web UI by the reference they already know.
 */
export const operationWorkflowId = (reference: string): string => `operation:${reference}`;
