import { AwaitFeedbackInputSchema } from '../../events/contracts.ts';
import { workflowStep } from '../../shared/runtime/workflow-step.ts';
import { workflowStepDeps } from '../../shared/runtime/workflow-step-deps.ts';
import { awaitFeedbackStep } from '../../shared/services/workflow/await-feedback.ts';

/** Workflow step AwaitFeedback (waitForTaskToken): records the token the citizen's rating resumes. */
const deps = await workflowStepDeps();

export const handler = workflowStep(AwaitFeedbackInputSchema, (input) => awaitFeedbackStep(deps, input));
