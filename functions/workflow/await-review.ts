import { AwaitReviewInputSchema } from '../../events/contracts.ts';
import { workflowStep } from '../../shared/runtime/workflow-step.ts';
import { workflowStepDeps } from '../../shared/runtime/workflow-step-deps.ts';
import { awaitReviewStep } from '../../shared/services/workflow/await-review.ts';

/** Workflow step AwaitReview (waitForTaskToken): records the token a reviewer's decision resumes. */
const deps = await workflowStepDeps();

export const handler = workflowStep(AwaitReviewInputSchema, (input) => awaitReviewStep(deps, input));
