import { TicketStepInputSchema } from '../../events/contracts.ts';
import { workflowStep } from '../../shared/runtime/workflow-step.ts';
import { workflowStepDeps } from '../../shared/runtime/workflow-step-deps.ts';
import { flagOverdueWaitStep } from '../../shared/services/workflow/flag-overdue-wait.ts';

/** Workflow step FlagOverdueWait: a review or transcription nobody did in time escalates. */
const deps = await workflowStepDeps();

export const handler = workflowStep(TicketStepInputSchema, (input) => flagOverdueWaitStep(deps, input));
