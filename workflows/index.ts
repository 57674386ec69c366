// Every workflow the worker runs; this file is the worker's workflowsPath.
import { setWorkflowOptions, workflowInfo } from '@temporalio/workflow';
import { discrepancyLife } from './discrepancy';
import { handoverDay } from './handover';
import { remainsCase } from './case';
import { missingPersonCase, missingPersonReviews } from './missing-person';
import { repatriationOperation } from './operation';
import { versioningOptions, type WorkflowTypeName } from './versioning';

export { repatriationOperation, handoverDay, remainsCase, missingPersonCase, missingPersonReviews, discrepancyLife };

/** Each exported workflow, by the type name the server knows it by. */
const WORKFLOWS = {
  repatriationOperation,
  handoverDay,
  remainsCase,
  missingPersonCase,
  missingPersonReviews,
  discrepancyLife,
} satisfies Record<WorkflowTypeName, (...args: never[]) => Promise<unknown>>;

// Each type's behaviour is declared once, in versioning.ts; it rides on the function itself.
// A getter: an unversioned worker (the tests' stacks; its version has no deployment name) must
// not send one, the server refuses it.
for (const type of Object.keys(WORKFLOWS) as WorkflowTypeName[]) {
  setWorkflowOptions<never[], unknown>(
    () => versioningOptions(type, Boolean(workflowInfo().currentDeploymentVersion?.deploymentName)),
    WORKFLOWS[type],
  );
}
