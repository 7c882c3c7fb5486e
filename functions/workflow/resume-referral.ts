import { ResumeReferralInputSchema } from '../../events/contracts.ts';
import { workflowStep } from '../../shared/runtime/workflow-step.ts';
import { workflowStepDeps } from '../../shared/runtime/workflow-step-deps.ts';
import { resumeReferralStep } from '../../shared/services/workflow/resume-referral.ts';

/** Workflow step ResumeReferral: after the citizen answered, or did not in time, wait for the agency again. */
const deps = await workflowStepDeps();

export const handler = workflowStep(ResumeReferralInputSchema, (input) => resumeReferralStep(deps, input));
