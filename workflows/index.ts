// Every workflow the worker runs; this file is the worker's workflowsPath.
export { repatriationOperation } from './operation';
export { handoverDay } from './handover';
export { remainsCase } from './case';
export { missingPersonCase, missingPersonReviews } from './missing-person';
export { discrepancyLife } from './discrepancy';
