import { z } from 'zod';

/**
 * The contracts of the messages that cross a boundary between Pasokh's functions: queue
 * messages, the workflow's input and its steps' payloads. Producers build them with these
 * types; consumers validate them with these schemas. None carries personal data.
 */

const Id = z.string().min(1).max(64);

/** Intake queue message: a stored ticket to hand to the workflow; a paper letter is read first. */
export const IntakeMessageSchema = z.strictObject({ ticketId: Id, paper: z.literal(true).optional() });
export type IntakeMessage = z.infer<typeof IntakeMessageSchema>;

/** The ticket workflow's execution input. */
export const WorkflowInputSchema = z.strictObject({ ticketId: Id, paper: z.literal(true).optional() });
export type WorkflowInput = z.infer<typeof WorkflowInputSchema>;

/** Steps that act on a ticket by its id (Classify). */
export const TicketStepInputSchema = z.object({ ticketId: Id });

/** What Classify answers: labels and ids only, carried to Refer by the workflow. */
export const ClassificationSchema = z.object({
  decision: z.enum(['REFER', 'REVIEW']),
  category: z.string().min(1).max(64),
  urgency: z.enum(['NORMAL', 'URGENT']),
  agencyId: Id.nullable(),
  confidence: z.number().min(0).max(1),
  classifiedAt: z.iso.datetime(),
});

/** Refer step: the ticket, and the classifier's answer when it came straight from Classify. */
export const ReferInputSchema = z.object({ ticketId: Id, classification: ClassificationSchema.optional() });

/** Escalate step: a referral past its due date. */
export const EscalateInputSchema = z.object({ ticketId: Id, referralId: Id });

/** AwaitAgency step (waitForTaskToken). */
export const AwaitAgencyInputSchema = z.object({
  ticketId: Id,
  referralId: Id,
  taskToken: z.string().min(1).max(4096),
});

/** AwaitReview step (waitForTaskToken). */
export const AwaitReviewInputSchema = z.object({ ticketId: Id, taskToken: z.string().min(1).max(4096) });

/** AwaitCitizen step (waitForTaskToken): the agency asked the citizen something. */
export const AwaitCitizenInputSchema = AwaitAgencyInputSchema;

/** ResumeReferral step: after the wait for the citizen, answered or not. */
export const ResumeReferralInputSchema = EscalateInputSchema;

/** AwaitFeedback step (waitForTaskToken): the citizen rates the result, or the wait runs out. */
export const AwaitFeedbackInputSchema = z.object({ ticketId: Id, taskToken: z.string().min(1).max(4096) });

/**
 * SMS queue message: tell the citizen of one event of their request. Ids and the kind only: the
 * sender reads the number and the note from the table.
 */
export const SmsRequestSchema = z.strictObject({
  ticketId: Id,
  eventId: Id,
  at: z.iso.datetime(),
  kind: z.enum(['RECEIVED', 'REFERRED', 'NEEDS_INFO', 'RESOLVED', 'REOPENED']),
});
export type SmsRequest = z.infer<typeof SmsRequestSchema>;

/**
 * Webhook queue message: tell the agency's system of one version of one of its referrals. The
 * deliverer reads the subscription and the referral from the table.
 */
export const WebhookMessageSchema = z.strictObject({
  agencyId: Id,
  referralId: Id,
  version: z.number().int().min(1),
});
export type WebhookMessage = z.infer<typeof WebhookMessageSchema>;

/** OCR queue message (sent by the workflow's ReadLetter state): read this letter, then resume. */
export const OcrRequestSchema = z.strictObject({ ticketId: Id, taskToken: z.string().min(1).max(4096) });
export type OcrRequest = z.infer<typeof OcrRequestSchema>;

/**
 * Textract's notification that an asynchronous job ended, as SNS delivers it to the OCR queue
 * (an envelope whose Message is the notification's JSON). JobTag is the ticket id.
 */
export const TextractNotificationSchema = z.object({
  Type: z.literal('Notification'),
  Message: z
    .string()
    .transform((text) => JSON.parse(text) as unknown)
    .pipe(
      z.object({
        JobId: z.string().min(1),
        Status: z.string(),
        API: z.string(),
        JobTag: Id,
      }),
    ),
});

/** What the OCR consumer resumes ReadLetter with. */
export const DigitizeOutputSchema = z.object({
  decision: z.enum(['CLASSIFY', 'TRANSCRIBE']),
  confidence: z.number().min(0).max(1),
  reasons: z.array(z.string()),
});

/** AwaitTranscription step (waitForTaskToken): a reviewer types the letter. */
export const AwaitTranscriptionInputSchema = z.object({
  ticketId: Id,
  taskToken: z.string().min(1).max(4096),
});

/**
 * EventBridge's "Step Functions Execution Status Change" event for a ticket workflow that failed
 * or timed out (the rule matches only those); the execution's name is the ticket id.
 */
export const ExecutionStatusChangeSchema = z.object({
  'detail-type': z.literal('Step Functions Execution Status Change'),
  source: z.literal('aws.states'),
  detail: z.object({
    executionArn: z.string().startsWith('arn:'),
    name: Id,
    status: z.enum(['FAILED', 'TIMED_OUT']),
  }),
});
