import { parseInput } from '../../shared/domain/validation.ts';
import { httpHandler } from '../../shared/http/http-handler.ts';
import { pathId, REVIEWER_ROLES, staffIdentity } from '../../shared/http/request.ts';
import { json } from '../../shared/http/responses.ts';
import { reviewDependencies } from '../../shared/runtime/dependencies.ts';
import { logger } from '../../shared/runtime/powertools.ts';
import { completeTranscription, TranscriptionSchema } from '../../shared/services/digitize.ts';

/**
 * POST /api/v1/staff/tickets/{ticketId}/transcription: a reviewer types or corrects a paper
 * letter the OCR could not read well enough; the waiting workflow goes on to classification.
 */
const deps = await reviewDependencies();

export const handler = httpHandler(
  async (event) => {
    const staff = staffIdentity(event, REVIEWER_ROLES);
    const ticketId = pathId(event, 'ticketId');
    const transcription = parseInput(TranscriptionSchema, event.body);
    const ticket = await completeTranscription(deps, staff.username, ticketId, transcription);
    // The letter's text and sender stay out of the log: only who transcribed which ticket.
    logger.info('reviewer transcription', { ticketId, staff: staff.username });
    return json(200, { ticketId, status: ticket.status });
  },
  { json: true },
);
