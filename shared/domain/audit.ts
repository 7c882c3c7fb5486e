import { z } from 'zod';
import { newEventId } from './ids.ts';
import { type ActorType, ActorTypeSchema, type TicketStatus, TicketStatusSchema } from './status.ts';

/**
 * One line of a ticket's history: who did what, when, from which status to which, and why.
 * Actor ids are staff usernames, agency ids or "pipeline"; never a citizen's personal data.
 */
export const AUDIT_EVENT_TYPES = [
  'REGISTERED',
  'STATUS_CHANGED',
  'CLASSIFIED',
  'REFERRED',
  'ACKNOWLEDGED',
  'AGENCY_RESPONSE',
  'ESCALATED',
  'NOTE',
  'CLUSTERED',
  'UNCLUSTERED',
  'CITIZEN_UPDATED',
  'FEEDBACK',
  'CONTACT_REVEALED', // a staff member revealed the citizen's contact details on the case
  'CITIZEN_CONTACT', // the citizen called or came again about this request (an operator's note)
  'CITIZEN_REPLY', // the citizen answered the agency's question (themselves or through an operator)
  'REMINDED', // the agency was reminded that its due date is near
] as const;
export const AuditEventTypeSchema = z.enum(AUDIT_EVENT_TYPES);
export type AuditEventType = z.infer<typeof AuditEventTypeSchema>;

export const ActorSchema = z.object({
  type: ActorTypeSchema,
  /** Staff username, agency id, or a pipeline step name; absent for citizens. */
  id: z.string().max(128).optional(),
});
export type Actor = z.infer<typeof ActorSchema>;

/**
 * One field a change altered, before and after. Personal data (the citizen's contact details, the
 * letter's text) is never copied here: its values read `MASKED` (or null when empty).
 */
export const FieldChangeSchema = z.object({
  field: z.string().max(64),
  before: z.unknown(),
  after: z.unknown(),
});
export type FieldChange = z.infer<typeof FieldChangeSchema>;
export const MASKED = '•••';

export const AuditEventSchema = z.object({
  eventId: z.string(),
  ticketId: z.string(),
  type: AuditEventTypeSchema,
  at: z.iso.datetime(),
  actor: ActorSchema,
  from: TicketStatusSchema.nullable(),
  to: TicketStatusSchema,
  reason: z.string().max(1000),
  /** What the citizen is shown on the timeline for this event, if anything. */
  publicNote: z.string().max(2000).optional(),
  /** The fields the change altered, before and after. */
  changes: z.array(FieldChangeSchema).max(50).optional(),
});
export type AuditEvent = z.infer<typeof AuditEventSchema>;

export function auditEvent(input: {
  ticketId: string;
  type: AuditEventType;
  at: Date;
  actor: Actor;
  from: TicketStatus | null;
  to: TicketStatus;
  reason: string;
  publicNote?: string;
  changes?: FieldChange[];
}): AuditEvent {
  const { publicNote, changes, at, ...rest } = input;
  return {
    eventId: newEventId(),
    at: at.toISOString(),
    ...rest,
    ...(publicNote ? { publicNote } : {}),
    ...(changes?.length ? { changes } : {}),
  };
}

export const systemActor = (step: string): Actor => ({ type: 'system', id: step });
export const staffActor = (username: string): Actor => ({ type: 'staff', id: username });
export const agencyActor = (agencyId: string): Actor => ({ type: 'agency', id: agencyId });
export const citizenActor = (): Actor => ({ type: 'citizen' });
export type { ActorType };
