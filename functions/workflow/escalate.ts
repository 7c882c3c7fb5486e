import { EscalateInputSchema } from '../../events/contracts.ts';
import { workflowStep } from '../../shared/runtime/workflow-step.ts';
import { workflowStepDeps } from '../../shared/runtime/workflow-step-deps.ts';
import { escalateStep } from '../../shared/services/workflow/escalate.ts';

/** Workflow step Escalate: the agency is overdue; raise the level and wait again. */
const deps = await workflowStepDeps();

export const handler = workflowStep(EscalateInputSchema, (input) => escalateStep(deps, input));
