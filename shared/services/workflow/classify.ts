import { systemActor } from '../../domain/audit.ts';
import type { Urgency } from '../../domain/sla.ts';
import { changeStatus, type Ticket } from '../../domain/ticket.ts';
import { load, type WorkflowStepDeps, WorkflowStepError } from './step.ts';

/**
 * The classifier's answer, carried by the workflow to the Refer step (ids and labels only): a
 * sure answer is written once, with the referral, instead of being stored for the next step to
 * read back.
 */
export interface ClassifyResult {
  decision: 'REFER' | 'REVIEW';
  category: string;
  urgency: Urgency;
  /** The agency the category goes to in the ticket's county; null when a reviewer decides. */
  agencyId: string | null;
  confidence: number;
  classifiedAt: string;
}

/** Statuses in which a ticket waits for the classifier: a web request, a letter read. */
export const UNCLASSIFIED: readonly Ticket['status'][] = ['RECEIVED', 'DIGITIZED', 'FAILED'];

export async function classifyStep(deps: WorkflowStepDeps, ticketId: string): Promise<ClassifyResult> {
  const ticket = await load(deps, ticketId);
  if (!UNCLASSIFIED.includes(ticket.status)) {
    // An earlier attempt of this step (or a redriven execution) got further: say where it stands.
    if (
      ticket.status === 'DIGITIZING' ||
      ticket.status === 'TRANSCRIPTION_REVIEW' ||
      ticket.status === 'CLOSED'
    )
      throw new WorkflowStepError(`ticket ${ticketId} cannot be classified in status ${ticket.status}`);
    return {
      decision: ticket.status === 'CLASSIFICATION_REVIEW' ? 'REVIEW' : 'REFER',
      category: ticket.category ?? 'GENERAL',
      urgency: ticket.urgency,
      agencyId: ticket.agencyId,
      confidence: ticket.status === 'CLASSIFICATION_REVIEW' ? 0 : 1,
      classifiedAt: ticket.statusChangedAt,
    };
  }
  const catalog = await deps.catalog();
  const result = deps.classifier.classify(ticket.subject ? `${ticket.subject}\n${ticket.text}` : ticket.text);
  const agency = catalog.defaultAgencyFor(result.category, ticket.county);
  const urgency: Urgency = result.urgent ? 'URGENT' : 'NORMAL';
  const sure = result.confidence >= deps.confidenceThreshold && agency !== undefined;
  const now = deps.now();
  if (!sure) {
    await deps.tickets.saveTicketChange(
      changeStatus(ticket, {
        to: 'CLASSIFICATION_REVIEW',
        actor: systemActor('classify'),
        reason: classificationReason(result.category, result.confidence, false),
        now,
        type: 'CLASSIFIED',
        patch: { category: result.category, urgency, agencyId: null },
      }),
    );
  }
  return {
    decision: sure ? 'REFER' : 'REVIEW',
    category: result.category,
    urgency,
    agencyId: sure ? (agency?.id ?? null) : null,
    confidence: result.confidence,
    classifiedAt: now.toISOString(),
  };
}

export const classificationReason = (category: string, confidence: number, sure: boolean) =>
  `classifier: ${category} (${confidence})${sure ? '' : ', below threshold'}`;
