import { parseInput } from '../../shared/domain/validation.ts';
import { httpHandler } from '../../shared/http/http-handler.ts';
import { pathId, REVIEWER_ROLES, staffIdentity } from '../../shared/http/request.ts';
import { json } from '../../shared/http/responses.ts';
import { reviewDependencies, scanStore } from '../../shared/runtime/dependencies.ts';
import { logger } from '../../shared/runtime/powertools.ts';
import {
  completeTranscription,
  TranscriptionSchema,
  transcriptionTask,
} from '../../shared/services/digitize.ts';
import { ticketInScope } from '../../shared/services/staff-scope.ts';

/**
 * A paper letter's transcription, for reviewers. GET /api/v1/staff/tickets/{ticketId}/transcription:
 * the scans (short-lived links) beside the text and what OCR read, with the contact details it
 * found and where on the page. POST with {text, citizen}: the reviewer's typed or corrected letter;
 * the waiting workflow goes on to classification.
 */
const deps = { ...(await reviewDependencies()), scans: scanStore() };

export const handler = httpHandler(
  async (event) => {
    const staff = staffIdentity(event, REVIEWER_ROLES);
    const ticketId = pathId(event, 'ticketId');
    await ticketInScope(deps.tickets, staff, ticketId);
    if (event.httpMethod === 'GET') {
      logger.info('transcription task viewed', { ticketId, staff: staff.username });
      return json(200, await transcriptionTask(deps, ticketId));
    }
    const transcription = parseInput(TranscriptionSchema, event.body);
    const ticket = await completeTranscription(deps, staff.username, ticketId, transcription);
    // The letter's text and sender stay out of the log: only who transcribed which ticket.
    logger.info('reviewer transcription', { ticketId, staff: staff.username });
    return json(200, { ticketId, status: ticket.status });
  },
  { json: true },
);
