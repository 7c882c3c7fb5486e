import { z } from 'zod';
import { IllegalTransitionError } from './errors.ts';
import { message } from './messages.ts';
import { URGENCIES } from './sla.ts';
import { AttachmentSchema } from './ticket.ts';

/** A referral (ارجاع): one ticket (or one duplicate cluster) handed to one agency, with a due date. */
export const REFERRAL_STATUSES = [
  'PENDING', // sent, the agency has not acknowledged it
  'ACKNOWLEDGED',
  'IN_PROGRESS',
  'NEEDS_INFO', // the agency asked for more from the citizen
  'RESOLVED',
  'NOT_RESPONSIBLE', // the agency says it is not theirs: back to review
  'WITHDRAWN', // staff re-routed it elsewhere
] as const;
export const ReferralStatusSchema = z.enum(REFERRAL_STATUSES);
export type ReferralStatus = z.infer<typeof ReferralStatusSchema>;

export const OPEN_REFERRAL_STATUSES: readonly ReferralStatus[] = [
  'PENDING',
  'ACKNOWLEDGED',
  'IN_PROGRESS',
  'NEEDS_INFO',
];

export function isOpenReferral(status: ReferralStatus): boolean {
  return OPEN_REFERRAL_STATUSES.includes(status);
}

const REFERRAL_TRANSITIONS: Readonly<Record<ReferralStatus, readonly ReferralStatus[]>> = {
  PENDING: ['ACKNOWLEDGED', 'IN_PROGRESS', 'NEEDS_INFO', 'RESOLVED', 'NOT_RESPONSIBLE', 'WITHDRAWN'],
  ACKNOWLEDGED: ['IN_PROGRESS', 'NEEDS_INFO', 'RESOLVED', 'NOT_RESPONSIBLE', 'WITHDRAWN'],
  IN_PROGRESS: ['NEEDS_INFO', 'RESOLVED', 'NOT_RESPONSIBLE', 'WITHDRAWN'],
  NEEDS_INFO: ['IN_PROGRESS', 'RESOLVED', 'NOT_RESPONSIBLE', 'WITHDRAWN'],
  RESOLVED: [],
  NOT_RESPONSIBLE: [],
  WITHDRAWN: [],
};

export function assertReferralTransition(from: ReferralStatus, to: ReferralStatus): void {
  if (!REFERRAL_TRANSITIONS[from].includes(to)) {
    throw new IllegalTransitionError(from, to, message('illegal_transition', { from, to }));
  }
}

export const ESCALATION_LEVELS = [0, 1, 2] as const;
/** 0: none; 1: the supervisor was alerted; 2: the governor's office was alerted. */
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

export const ReferralSchema = z.object({
  referralId: z.string(),
  ticketId: z.string(),
  trackingCode: z.string(),
  agencyId: z.string(),
  category: z.string(),
  county: z.string(),
  /** The request as the agency reads it, copied when referred (the ticket may be edited later). */
  subject: z.string().nullable(),
  text: z.string(),
  urgency: z.enum(URGENCIES),
  status: ReferralStatusSchema,
  createdAt: z.iso.datetime(),
  dueAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  acknowledgedAt: z.iso.datetime().nullable(),
  closedAt: z.iso.datetime().nullable(),
  escalationLevel: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  /** Citizens behind this referral: more than one when duplicates were clustered into it. */
  citizenCount: z.number().int().min(1),
  clusterId: z.string().nullable(),
  lastMessage: z.string().max(4000).nullable(),
  /** Since when the agency waits for the citizen's answer (NEEDS_INFO): the SLA clock is stopped. */
  pausedAt: z.iso.datetime().nullable().default(null),
  /**
   * When the agency, working on it, said it would be done (IN_PROGRESS with a date): follow-up
   * waits until then instead of the due date, and escalates when it passes.
   */
  expectedBy: z.iso.datetime().nullable().default(null),
  /** When the agency was reminded that the due date is near (once per referral). */
  remindedAt: z.iso.datetime().nullable().default(null),
  /** When the referral last climbed the escalation ladder: the escalation task's SLA runs from it. */
  escalatedAt: z.iso.datetime().nullable().default(null),
  /** Documents the agency attached to its answers (stored under `responses/<referralId>/`). */
  attachments: z.array(AttachmentSchema).default([]),
  publicSummary: z.string().max(1000).nullable(),
  version: z.number().int().min(1),
});
export type Referral = z.infer<typeof ReferralSchema>;

/** Where a referral stands among its agency's changes: the time of its last change, then its id. */
export const changePosition = (referral: Pick<Referral, 'updatedAt' | 'referralId'>): string =>
  `${referral.updatedAt}#${referral.referralId}`;

/** A new referral of a ticket to an agency, pending its acknowledgement. */
export function openReferral(input: {
  referralId: string;
  ticket: {
    ticketId: string;
    trackingCode: string;
    county: string;
    clusterId: string | null;
    subject: string | null;
    text: string;
  };
  agencyId: string;
  category: string;
  urgency: Referral['urgency'];
  dueAt: Date;
  now: Date;
  citizenCount?: number;
}): Referral {
  const at = input.now.toISOString();
  return {
    referralId: input.referralId,
    ticketId: input.ticket.ticketId,
    trackingCode: input.ticket.trackingCode,
    agencyId: input.agencyId,
    category: input.category,
    county: input.ticket.county,
    subject: input.ticket.subject,
    text: input.ticket.text,
    urgency: input.urgency,
    status: 'PENDING',
    createdAt: at,
    dueAt: input.dueAt.toISOString(),
    updatedAt: at,
    acknowledgedAt: null,
    closedAt: null,
    escalationLevel: 0,
    citizenCount: input.citizenCount ?? 1,
    clusterId: input.ticket.clusterId,
    lastMessage: null,
    pausedAt: null,
    expectedBy: null,
    remindedAt: null,
    escalatedAt: null,
    attachments: [],
    publicSummary: null,
    version: 1,
  };
}

/** A checked referral status change: the new state, with timestamps and version moved on. */
export function moveReferral(
  referral: Referral,
  input: { to: ReferralStatus; now: Date; message?: string; publicSummary?: string },
): Referral {
  assertReferralTransition(referral.status, input.to);
  const at = input.now.toISOString();
  // Asking the citizen stops the SLA clock; any move on starts it again, the due date moved on.
  const resumed = input.to === 'NEEDS_INFO' ? referral : endPause(referral, input.now);
  return {
    ...resumed,
    pausedAt: input.to === 'NEEDS_INFO' ? (referral.pausedAt ?? at) : null,
    status: input.to,
    updatedAt: at,
    acknowledgedAt: referral.acknowledgedAt ?? (input.to === 'PENDING' ? null : at),
    closedAt: isOpenReferral(input.to) ? null : at,
    lastMessage: input.message ?? referral.lastMessage,
    publicSummary: input.publicSummary ?? referral.publicSummary,
    version: referral.version + 1,
  };
}

/** The referral with its SLA clock running again: the due date moved on by the time it was stopped. */
export function endPause(referral: Referral, now: Date): Referral {
  if (referral.pausedAt === null) return referral;
  const paused = Math.max(0, now.getTime() - Date.parse(referral.pausedAt));
  return {
    ...referral,
    pausedAt: null,
    dueAt: new Date(Date.parse(referral.dueAt) + paused).toISOString(),
  };
}

/** Waiting for the citizen's answer to the agency's question. */
export const awaitsCitizen = (referral: Pick<Referral, 'status' | 'pausedAt'>): boolean =>
  referral.status === 'NEEDS_INFO' && referral.pausedAt !== null;

/** Until when an open referral may go without a final answer: the agency's expected date, or its due date. */
export const followUpBy = (referral: Pick<Referral, 'dueAt' | 'expectedBy'>): string =>
  referral.expectedBy ?? referral.dueAt;

/** When the agency is reminded: a share of the SLA before the due date; null once reminded or never. */
export function reminderAt(
  referral: Pick<Referral, 'createdAt' | 'dueAt' | 'remindedAt'>,
  leadFraction: number,
): Date | null {
  if (referral.remindedAt !== null || leadFraction <= 0) return null;
  const due = Date.parse(referral.dueAt);
  return new Date(due - (due - Date.parse(referral.createdAt)) * leadFraction);
}

/**
 * When the workflow next looks at an open referral: at the reminder if it is still ahead, else at
 * the follow-up date (the escalation check).
 */
export function nextFollowUpCheck(
  referral: Pick<Referral, 'createdAt' | 'dueAt' | 'expectedBy' | 'remindedAt'>,
  now: Date,
  leadFraction: number,
): Date {
  const remind = reminderAt(referral, leadFraction);
  const followUp = new Date(followUpBy(referral));
  return remind && remind > now && remind < followUp ? remind : followUp;
}

/** The longest an agency may put a result off by an expected date. */
export const MAX_EXPECTED_DAYS = 180;

/**
 * Where an open referral stands on the escalation ladder at `now`: its follow-up date (the due
 * date, or the agency's expected date) passed → level 1
 * (supervisor); a further share of the SLA passed → level 2 (governor's office), after which it
 * is followed up every such share. Derived from time alone, so every execution waiting on a
 * shared referral (a duplicate cluster) reaches the same answer.
 */
export function escalationAt(
  referral: Pick<Referral, 'createdAt' | 'dueAt' | 'expectedBy'>,
  now: Date,
  rewaitFraction: number,
): { level: EscalationLevel; secondsToNextCheck: number } {
  const due = Date.parse(followUpBy(referral));
  const rewait = Math.max(
    1000,
    (Date.parse(referral.dueAt) - Date.parse(referral.createdAt)) * rewaitFraction,
  );
  const t = now.getTime();
  const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
  if (t < due) return { level: 0, secondsToNextCheck: seconds(due - t) };
  if (t < due + rewait) return { level: 1, secondsToNextCheck: seconds(due + rewait - t) };
  return { level: 2, secondsToNextCheck: seconds(rewait) };
}
