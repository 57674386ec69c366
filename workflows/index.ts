// Every workflow the worker runs; this file is the worker's workflowsPath.
import { setWorkflowOptions, workflowInfo } from '@temporalio/workflow';
import { discrepancyLife } from './discrepancy/workflow';
import { handoverDay } from './handover-day/workflow';
import { remainsCase } from './remains-case/workflow';
import { missingPersonCase, missingPersonReviews } from './missing-person/workflow';
import { repatriationOperation } from './operation/workflow';
import { versioningOptions, type WorkflowTypeName } from './shared/versioning';

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
