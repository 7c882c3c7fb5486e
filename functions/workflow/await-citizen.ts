import { AwaitCitizenInputSchema } from '../../events/contracts.ts';
import { workflowStep } from '../../shared/runtime/workflow-step.ts';
import { workflowStepDeps } from '../../shared/runtime/workflow-step-deps.ts';
import { awaitCitizenStep } from '../../shared/services/workflow/await-citizen.ts';

/** Workflow step AwaitCitizen (waitForTaskToken): records the token the citizen's answer resumes. */
const deps = await workflowStepDeps();

export const handler = workflowStep(AwaitCitizenInputSchema, (input) => awaitCitizenStep(deps, input));
