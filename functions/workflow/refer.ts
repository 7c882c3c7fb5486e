import { TicketStepInputSchema } from '../../events/contracts.ts';
import { workflowStep } from '../../shared/runtime/workflow-step.ts';
import { workflowStepDeps } from '../../shared/runtime/workflow-step-deps.ts';
import { referStep } from '../../shared/services/workflow-steps.ts';

/** Workflow step Refer: a referral to the agency with its SLA due date; returns how long to wait. */
const deps = await workflowStepDeps();

export const handler = workflowStep(TicketStepInputSchema, (input) => referStep(deps, input.ticketId));
