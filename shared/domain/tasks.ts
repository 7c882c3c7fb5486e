import type { Referral } from './referral.ts';
import type { TicketStatus } from './status.ts';
import type { Ticket } from './ticket.ts';

/**
 * The human task queue: what people must do for the workflow to go on. Each task is a ticket in
 * a waiting state (its workflow holds a task token for it, or ops must redrive it); the queue is
 * read from the table's status indexes, and a claim item records who works on it.
 */
export const TASK_TYPES = [
  'CLASSIFICATION_REVIEW', // the classifier was unsure, a re-route, or reopened twice
  'TRANSCRIPTION_REVIEW', // OCR could not read a paper letter
  'NOT_RESPONSIBLE_REROUTE', // the agency said it is not theirs
  'ESCALATION', // a referral past its due date (supervisor, then governor's office)
  'NEEDS_INFO_RELAY', // the agency asked a citizen who has no mobile: an operator calls or writes
  'REPAIR', // the workflow failed after its redrives; ops redrive it
] as const;
export type TaskType = (typeof TASK_TYPES)[number];

/** Who works each type. Supervisors and administrators may work every type. */
export const TASK_ROLES: Readonly<Record<TaskType, readonly string[]>> = {
  CLASSIFICATION_REVIEW: ['reviewer', 'supervisor', 'admin'],
  TRANSCRIPTION_REVIEW: ['reviewer', 'supervisor', 'admin'],
  NOT_RESPONSIBLE_REROUTE: ['reviewer', 'supervisor', 'admin'],
  ESCALATION: ['supervisor', 'admin'],
  NEEDS_INFO_RELAY: ['operator', 'reviewer', 'supervisor', 'admin'],
  REPAIR: ['supervisor', 'admin'],
};

export const mayWork = (groups: readonly string[], type: TaskType) =>
  groups.some((g) => TASK_ROLES[type].includes(g));

/** A claim lasts this long; the holder renews it by claiming again, or it lapses for others. */
export const CLAIM_LEASE_MS = 15 * 60_000;

/** The ticket status a task type's tickets wait in. */
export const TASK_STATUS: Readonly<Record<Exclude<TaskType, 'ESCALATION'>, TicketStatus>> = {
  CLASSIFICATION_REVIEW: 'CLASSIFICATION_REVIEW',
  TRANSCRIPTION_REVIEW: 'TRANSCRIPTION_REVIEW',
  NOT_RESPONSIBLE_REROUTE: 'CLASSIFICATION_REVIEW',
  NEEDS_INFO_RELAY: 'AWAITING_CITIZEN',
  REPAIR: 'FAILED',
};

/** Whether a ticket in its type's status is that type's task (one status serves two review types). */
export function isTaskOf(type: TaskType, ticket: Ticket): boolean {
  switch (type) {
    case 'CLASSIFICATION_REVIEW':
      return ticket.status === 'CLASSIFICATION_REVIEW' && ticket.reviewReason !== 'NOT_RESPONSIBLE';
    case 'NOT_RESPONSIBLE_REROUTE':
      return ticket.status === 'CLASSIFICATION_REVIEW' && ticket.reviewReason === 'NOT_RESPONSIBLE';
    case 'NEEDS_INFO_RELAY':
      return ticket.status === 'AWAITING_CITIZEN' && ticket.citizen.mobile === null;
    case 'ESCALATION':
      return ticket.currentReferralId !== null;
    default:
      return ticket.status === TASK_STATUS[type];
  }
}

/** `<type>~<ticketId>`: one task per ticket and type at a time. */
export const taskIdOf = (type: TaskType, ticketId: string) => `${type}~${ticketId}`;

export function parseTaskId(taskId: string): { type: TaskType; ticketId: string } | null {
  const [type, ticketId, rest] = taskId.split('~');
  if (rest !== undefined || !ticketId || !/^[0-9A-Z]{26}$/.test(ticketId)) return null;
  return (TASK_TYPES as readonly string[]).includes(type ?? '') ? { type: type as TaskType, ticketId } : null;
}

export interface TaskClaim {
  taskId: string;
  claimedBy: string;
  claimedAt: string;
  leaseUntil: string;
}

export interface TaskView {
  taskId: string;
  type: TaskType;
  ticketId: string;
  trackingCode: string;
  county: string;
  category: string | null;
  agencyId: string | null;
  urgency: Ticket['urgency'];
  reason: Ticket['reviewReason'];
  /** When the ticket started waiting (for an escalation: when the referral was last escalated). */
  since: string;
  ageHours: number;
  escalationLevel: number | null;
  /** An escalation's own SLA: by when a supervisor is to have acted; null for other types. */
  dueAt: string | null;
  overdue: boolean;
  claim: TaskClaim | null;
}

export function taskView(
  type: TaskType,
  ticket: Ticket,
  now: Date,
  claim: TaskClaim | null,
  referral?: Pick<Referral, 'dueAt' | 'escalationLevel' | 'escalatedAt'>,
  escalationTaskHours = 24,
): TaskView {
  const since = referral ? (referral.escalatedAt ?? referral.dueAt) : ticket.statusChangedAt;
  const dueAt = referral ? new Date(Date.parse(since) + escalationTaskHours * 3_600_000).toISOString() : null;
  return {
    taskId: taskIdOf(type, ticket.ticketId),
    type,
    ticketId: ticket.ticketId,
    trackingCode: ticket.trackingCode,
    county: ticket.county,
    category: ticket.category,
    agencyId: ticket.agencyId,
    urgency: ticket.urgency,
    reason: ticket.reviewReason,
    since,
    ageHours: Math.max(0, Math.floor((now.getTime() - Date.parse(since)) / 3_600_000)),
    // A review or transcription nobody did in time is escalated to the supervisors (level 1).
    escalationLevel: referral?.escalationLevel ?? (ticket.waitEscalatedAt ? 1 : null),
    dueAt,
    overdue: dueAt !== null ? Date.parse(dueAt) < now.getTime() : ticket.waitEscalatedAt !== null,
    // A lapsed claim is no claim.
    claim: claim && Date.parse(claim.leaseUntil) > now.getTime() ? claim : null,
  };
}
