import { z } from 'zod';
import type { AuditEvent } from '../domain/audit.ts';
import type { Page, TicketStore } from '../store/ticket-store.ts';

export const ActorAuditQuerySchema = z.strictObject({
  /** A staff username, or an agency id with `actorType=agency`. */
  actor: z.string().trim().min(1).max(128),
  actorType: z.enum(['staff', 'agency']).default('staff'),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const DEFAULT_DAYS = 30;

/**
 * What one staff member or agency did, newest first: every change they made to any request, with
 * its reason and the fields it altered (personal values masked). For supervisors' reviews of work.
 */
export async function actorAudit(
  deps: { tickets: Pick<TicketStore, 'listEventsByActor'>; now: () => Date },
  query: z.output<typeof ActorAuditQuerySchema>,
): Promise<Page<AuditEvent>> {
  const to = query.to ?? deps.now().toISOString();
  const from = query.from ?? new Date(Date.parse(to) - DEFAULT_DAYS * 86_400_000).toISOString();
  return deps.tickets.listEventsByActor(
    { type: query.actorType, id: query.actor },
    { from, to },
    { cursor: query.cursor ?? null, limit: query.limit },
  );
}
