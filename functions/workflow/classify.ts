import { TicketStepInputSchema } from '../../events/contracts.ts';
import { workflowStep } from '../../shared/runtime/workflow-step.ts';
import { workflowStepDeps } from '../../shared/runtime/workflow-step-deps.ts';
import { classifyStep } from '../../shared/services/workflow-steps.ts';

/** Workflow step Classify: category, urgency and agency, or a reviewer when unsure. */
const deps = await workflowStepDeps();

export const handler = workflowStep(TicketStepInputSchema, (input) => classifyStep(deps, input.ticketId));
