import { TicketStepInputSchema } from '../../events/contracts.ts';
import { bundledClassifier } from '../../shared/classifier/bundled-model.ts';
import { bundledTermStatistics } from '../../shared/dedupe/bundled-terms.ts';
import { workflowStep } from '../../shared/runtime/workflow-step.ts';
import { workflowStepDeps } from '../../shared/runtime/workflow-step-deps.ts';
import { referStep } from '../../shared/services/workflow-steps.ts';

/** Workflow step Refer: a referral to the agency with its SLA due date; returns how long to wait. */
const deps = await workflowStepDeps({ classifier: bundledClassifier, terms: bundledTermStatistics });

export const handler = workflowStep(TicketStepInputSchema, (input) => referStep(deps, input.ticketId));
