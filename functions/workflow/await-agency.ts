import { AwaitAgencyInputSchema } from '../../events/contracts.ts';
import { workflowStep } from '../../shared/runtime/workflow-step.ts';
import { workflowStepDeps } from '../../shared/runtime/workflow-step-deps.ts';
import { awaitAgencyStep } from '../../shared/services/workflow/await-agency.ts';

/** Workflow step AwaitAgency (waitForTaskToken): records the token the agency's answer resumes. */
const deps = await workflowStepDeps();

export const handler = workflowStep(AwaitAgencyInputSchema, (input) => awaitAgencyStep(deps, input));
