import { z } from 'zod';
import { IllegalTransitionError } from './errors.ts';
import { message } from './messages.ts';

/**
 * Ticket lifecycle. Internal statuses say exactly where a ticket is; citizens and Open311 see
 * the six public statuses of SPEC §3. Every change goes through `assertTransition`.
 */
export const TICKET_STATUSES = [
  'RECEIVED', // registered, tracking code issued; not yet classified
  'DIGITIZING', // a paper letter waiting for OCR
  'TRANSCRIPTION_REVIEW', // OCR unsure or contact details missing: a reviewer types it
  'DIGITIZED', // a paper letter read (by OCR or a reviewer), waiting for the classifier
  'CLASSIFICATION_REVIEW', // a reviewer chooses (classifier unsure, agency not responsible, re-route)
  'REFERRED', // referred to an agency, waiting for it
  'IN_PROGRESS', // the agency acknowledged or reported progress
  'AWAITING_CITIZEN', // the agency needs more information from the citizen
  'RESOLVED', // the agency reported a result
  'REOPENED', // the citizen was not satisfied; goes back to referral
  'CLOSED', // finished
  'FAILED', // the pipeline failed; operations must redrive it
] as const;
export const TicketStatusSchema = z.enum(TICKET_STATUSES);
export type TicketStatus = z.infer<typeof TicketStatusSchema>;

export const PUBLIC_STATUSES = [
  'RECEIVED',
  'PROCESSING',
  'REFERRED',
  'IN_PROGRESS',
  'RESOLVED',
  'CLOSED',
] as const;
export type PublicStatus = (typeof PUBLIC_STATUSES)[number];

const PUBLIC_STATUS: Readonly<Record<TicketStatus, PublicStatus>> = {
  RECEIVED: 'RECEIVED',
  DIGITIZING: 'PROCESSING',
  TRANSCRIPTION_REVIEW: 'PROCESSING',
  DIGITIZED: 'PROCESSING',
  CLASSIFICATION_REVIEW: 'PROCESSING',
  REOPENED: 'PROCESSING',
  // A citizen is not told of an internal failure; operations redrive it and it moves on.
  FAILED: 'PROCESSING',
  REFERRED: 'REFERRED',
  IN_PROGRESS: 'IN_PROGRESS',
  AWAITING_CITIZEN: 'IN_PROGRESS',
  RESOLVED: 'RESOLVED',
  CLOSED: 'CLOSED',
};

export function publicStatus(status: TicketStatus): PublicStatus {
  return PUBLIC_STATUS[status];
}

export const PUBLIC_STATUS_FA: Readonly<Record<PublicStatus, string>> = {
  RECEIVED: 'ثبت شد',
  PROCESSING: 'در حال بررسی',
  REFERRED: 'ارجاع به دستگاه',
  IN_PROGRESS: 'در دست اقدام',
  RESOLVED: 'پاسخ داده شد',
  CLOSED: 'بسته شد',
};

/** Who causes a change: the pipeline, staff (operator, reviewer, supervisor, ops), an agency, the citizen. */
export const ACTOR_TYPES = ['system', 'staff', 'agency', 'citizen'] as const;
export const ActorTypeSchema = z.enum(ACTOR_TYPES);
export type ActorType = z.infer<typeof ActorTypeSchema>;

type TransitionTable = Readonly<
  Record<TicketStatus, Readonly<Partial<Record<TicketStatus, readonly ActorType[]>>>>
>;

/** The only allowed changes, and who may make each. Anything absent is illegal. */
export const TICKET_TRANSITIONS: TransitionTable = {
  // The classifier's answer travels with the workflow: a sure one is written with the referral.
  RECEIVED: {
    DIGITIZING: ['system'],
    REFERRED: ['system'],
    CLASSIFICATION_REVIEW: ['system', 'staff'],
    FAILED: ['system'],
  },
  DIGITIZING: {
    DIGITIZED: ['system'],
    TRANSCRIPTION_REVIEW: ['system'],
    FAILED: ['system'],
  },
  TRANSCRIPTION_REVIEW: {
    DIGITIZED: ['staff', 'system'],
    CLOSED: ['staff'], // blank page, not a request
  },
  DIGITIZED: {
    REFERRED: ['system'],
    CLASSIFICATION_REVIEW: ['system'],
    FAILED: ['system'],
  },
  CLASSIFICATION_REVIEW: {
    REFERRED: ['staff', 'system'],
    CLOSED: ['staff'], // not actionable: spam, thanks with no request
  },
  REFERRED: {
    IN_PROGRESS: ['agency'],
    AWAITING_CITIZEN: ['agency'],
    RESOLVED: ['agency'],
    CLASSIFICATION_REVIEW: ['agency', 'staff'], // not responsible, or a reviewer re-routes
    FAILED: ['system'],
  },
  IN_PROGRESS: {
    AWAITING_CITIZEN: ['agency'],
    RESOLVED: ['agency'],
    CLASSIFICATION_REVIEW: ['agency', 'staff'],
    FAILED: ['system'],
  },
  AWAITING_CITIZEN: {
    IN_PROGRESS: ['citizen', 'staff', 'agency'],
    RESOLVED: ['agency'],
    CLASSIFICATION_REVIEW: ['agency', 'staff'],
    CLOSED: ['system', 'staff'], // the citizen never answered
  },
  RESOLVED: {
    CLOSED: ['citizen', 'system', 'staff'],
    REOPENED: ['citizen', 'staff'],
  },
  REOPENED: {
    REFERRED: ['system', 'staff'],
    CLASSIFICATION_REVIEW: ['system', 'staff'],
  },
  CLOSED: {
    REOPENED: ['citizen', 'staff'], // only within the reopen window: see canReopen
  },
  // Back where it was when its workflow failed, as the redriven step finds it (ops CLI).
  FAILED: {
    RECEIVED: ['staff', 'system'],
    DIGITIZING: ['staff', 'system'],
    TRANSCRIPTION_REVIEW: ['system'],
    DIGITIZED: ['staff', 'system'],
    CLASSIFICATION_REVIEW: ['staff', 'system'],
    REFERRED: ['system'],
    IN_PROGRESS: ['system'],
    AWAITING_CITIZEN: ['system'],
  },
};

export function isAllowedTransition(from: TicketStatus, to: TicketStatus, actor: ActorType): boolean {
  return TICKET_TRANSITIONS[from][to]?.includes(actor) ?? false;
}

/** Throws IllegalTransitionError unless `actor` may move a ticket from `from` to `to`. */
export function assertTransition(from: TicketStatus, to: TicketStatus, actor: ActorType): void {
  const actors = TICKET_TRANSITIONS[from][to];
  if (actors === undefined)
    throw new IllegalTransitionError(from, to, message('illegal_transition', { from, to }));
  if (!actors.includes(actor))
    throw new IllegalTransitionError(from, to, message('actor_not_allowed', { from, to }));
}

/** Where no more work is expected. */
export function isTerminal(status: TicketStatus): boolean {
  return status === 'CLOSED';
}
