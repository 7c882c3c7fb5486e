import { ReferInputSchema } from '../../events/contracts.ts';
import { bundledTermStatistics } from '../../shared/dedupe/bundled-terms.ts';
import { workflowStep } from '../../shared/runtime/workflow-step.ts';
import { workflowStepDeps } from '../../shared/runtime/workflow-step-deps.ts';
import { referStep } from '../../shared/services/workflow/refer.ts';

/**
 * Workflow step Refer: a referral to the agency with its SLA due date; returns how long to wait.
 * Built without the classifier: the classification comes with the input (or from a reviewer), and
 * dedupe uses its category.
 */
const deps = await workflowStepDeps({ terms: bundledTermStatistics });

export const handler = workflowStep(ReferInputSchema, (input) => referStep(deps, input));
