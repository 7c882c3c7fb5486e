import { z } from 'zod';
import type { TaskTokens } from '../adapters/ticket-workflow.ts';
import { staffActor } from '../domain/audit.ts';
import { NotFoundError, ValidationError } from '../domain/errors.ts';
import { message } from '../domain/messages.ts';
import type { ReferenceCatalog } from '../domain/reference.ts';
import { isOpenReferral, moveReferral } from '../domain/referral.ts';
import { URGENCIES } from '../domain/sla.ts';
import { amendTicket, changeStatus, type Ticket } from '../domain/ticket.ts';
import type { AgencyWaitOutcome, ReviewWaitOutcome } from '../domain/workflow-wait.ts';
import { toAsciiDigits } from '../persian/digits.ts';
import type { LabelStore } from '../store/label-store.ts';
import type { TicketStore } from '../store/ticket-store.ts';

export const ClassificationDecisionSchema = z.discriminatedUnion('decision', [
  z.strictObject({
    decision: z.literal('REFER'),
    category: z.string().max(40),
    agencyId: z.string().max(48).optional(),
    urgency: z.enum(URGENCIES).optional(),
    note: z.string().max(1000).optional(),
  }),
  z.strictObject({ decision: z.literal('CLOSE'), note: z.string().min(1).max(1000) }),
]);
export type ClassificationDecision = z.infer<typeof ClassificationDecisionSchema>;

export interface ReviewDeps {
  tickets: TicketStore;
  labels: LabelStore;
  workflow: TaskTokens;
  catalog: () => Promise<ReferenceCatalog>;
  now: () => Date;
}

/** Digit runs (phone numbers, national IDs, addresses) masked before a text becomes training data. */
export function maskIdentifiers(text: string): string {
  return toAsciiDigits(text).replace(/\d[\d\s-]{4,}\d/g, (run) => run.replace(/\d/g, '#'));
}

/**
 * A reviewer's decision on a ticket: classify it (category, agency, urgency) so the workflow
 * refers it, or close it as not actionable. A ticket already referred is re-routed: its referral
 * is withdrawn and the workflow, back in review, refers it as decided. Every classification is
 * kept as a labelled example (identifiers masked) for the next training run.
 */
export async function decideClassification(
  deps: ReviewDeps,
  reviewer: string,
  ticketId: string,
  decision: ClassificationDecision,
): Promise<Ticket> {
  let ticket = await deps.tickets.getTicket(ticketId);
  if (!ticket) throw new NotFoundError('ticket');
  const now = deps.now();
  const catalog = await deps.catalog();
  const actor = staffActor(reviewer);

  if (decision.decision === 'CLOSE') {
    const change = changeStatus(ticket, {
      to: 'CLOSED',
      actor,
      reason: `closed in review: ${decision.note}`,
      now,
    });
    const saved = await deps.tickets.saveTicketChange(change);
    await resumeReview(deps, ticketId, 'CLOSE');
    return saved;
  }

  const category = catalog.category(decision.category);
  const agency = catalog.agency(decision.agencyId ?? category?.defaultAgencyId ?? '');
  if (!category || !agency) {
    throw new ValidationError([
      { path: category ? 'agencyId' : 'category', code: 'invalid_value', message: message('invalid_input') },
    ]);
  }
  const rerouted = ['REFERRED', 'IN_PROGRESS', 'AWAITING_CITIZEN'].includes(ticket.status);
  if (rerouted) ticket = await withdrawReferral(deps, ticket, reviewer, now);
  const patch = {
    category: category.code,
    agencyId: agency.id,
    urgency: decision.urgency ?? ticket.urgency,
    reviewDecision: 'REFER' as const,
  };
  const change =
    ticket.status === 'CLASSIFICATION_REVIEW'
      ? amendTicket(ticket, {
          patch,
          actor,
          reason: `classified by reviewer${decision.note ? `: ${decision.note}` : ''}`,
          now,
          type: 'CLASSIFIED',
        })
      : changeStatus(ticket, {
          to: 'CLASSIFICATION_REVIEW',
          actor,
          reason: 'sent to review by a reviewer',
          now,
          patch,
          type: 'CLASSIFIED',
        });
  const saved = await deps.tickets.saveTicketChange(change);
  await deps.labels.add({
    ticketId,
    text: maskIdentifiers(ticket.subject ? `${ticket.subject}\n${ticket.text}` : ticket.text),
    category: category.code,
    urgent: patch.urgency === 'URGENT',
    source: rerouted ? 'reroute' : 'review',
    by: reviewer,
    at: now.toISOString(),
  });
  await resumeReview(deps, ticketId, 'REFER');
  return saved;
}

/** Withdraws the ticket's open referral and sends the ticket back to review. */
async function withdrawReferral(
  deps: ReviewDeps,
  ticket: Ticket,
  reviewer: string,
  now: Date,
): Promise<Ticket> {
  const referral = ticket.currentReferralId ? await deps.tickets.getReferral(ticket.currentReferralId) : null;
  const back = changeStatus(ticket, {
    to: 'CLASSIFICATION_REVIEW',
    actor: staffActor(reviewer),
    reason: 're-routed by a reviewer',
    now,
    publicNote: 'درخواست شما برای ارجاع به دستگاه مسئول دیگری بررسی می‌شود.',
  });
  if (referral && isOpenReferral(referral.status)) {
    await deps.tickets.saveReferralChange({
      before: referral,
      after: moveReferral(referral, { to: 'WITHDRAWN', now, message: 're-routed by a reviewer' }),
      ticketChange: back,
    });
    const wait = await deps.tickets.getWait(ticket.ticketId);
    // The workflow waiting on the agency goes back to review, where the decision is waiting.
    if (wait?.kind === 'AGENCY') {
      await deps.workflow.resume(wait.taskToken, { outcome: 'NOT_RESPONSIBLE' } satisfies AgencyWaitOutcome);
    }
  } else {
    await deps.tickets.saveTicketChange(back);
  }
  return back.after;
}

async function resumeReview(
  deps: ReviewDeps,
  ticketId: string,
  decision: ReviewWaitOutcome['decision'],
): Promise<void> {
  const wait = await deps.tickets.getWait(ticketId);
  if (wait?.kind === 'REVIEW')
    await deps.workflow.resume(wait.taskToken, { decision } satisfies ReviewWaitOutcome);
}
