import { TicketStepInputSchema } from '../../events/contracts.ts';
import { workflowStep } from '../../shared/runtime/workflow-step.ts';
import { workflowStepDeps } from '../../shared/runtime/workflow-step-deps.ts';
import { closeIfQuietStep } from '../../shared/services/workflow/close-if-quiet.ts';

/** Workflow step CloseIfQuiet: after a result, close it once the grace period passes without feedback. */
const deps = await workflowStepDeps();

export const handler = workflowStep(TicketStepInputSchema, (input) => closeIfQuietStep(deps, input));
