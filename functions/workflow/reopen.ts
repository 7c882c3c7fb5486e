import { TicketStepInputSchema } from '../../events/contracts.ts';
import { workflowStep } from '../../shared/runtime/workflow-step.ts';
import { workflowStepDeps } from '../../shared/runtime/workflow-step-deps.ts';
import { reopenStep } from '../../shared/services/workflow/reopen.ts';

/** Workflow step Reopen: an unhappy citizen's request goes back to its agency, or to a supervisor. */
const deps = await workflowStepDeps();

export const handler = workflowStep(TicketStepInputSchema, (input) => reopenStep(deps, input));
