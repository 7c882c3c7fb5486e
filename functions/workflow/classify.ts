import { TicketStepInputSchema } from '../../events/contracts.ts';
import { bundledClassifier } from '../../shared/classifier/bundled-model.ts';
import { workflowStep } from '../../shared/runtime/workflow-step.ts';
import { workflowStepDeps } from '../../shared/runtime/workflow-step-deps.ts';
import { classifyStep } from '../../shared/services/workflow/classify.ts';

/** Workflow step Classify: category, urgency and agency, or a reviewer when unsure. */
const deps = await workflowStepDeps({ classifier: bundledClassifier });

export const handler = workflowStep(TicketStepInputSchema, (input) => classifyStep(deps, input.ticketId));
