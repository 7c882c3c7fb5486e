import { AwaitTranscriptionInputSchema } from '../../events/contracts.ts';
import { clock, taskTokens, ticketStore } from '../../shared/runtime/dependencies.ts';
import { workflowStep } from '../../shared/runtime/workflow-step.ts';
import { awaitTranscriptionStep } from '../../shared/services/digitize.ts';

/** Workflow step AwaitTranscription (waitForTaskToken): records the token a reviewer's transcription resumes. */
const deps = { tickets: await ticketStore(), workflow: taskTokens(), now: clock };

export const handler = workflowStep(AwaitTranscriptionInputSchema, (input) =>
  awaitTranscriptionStep(deps, input),
);
