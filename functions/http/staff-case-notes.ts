import { parseInput } from '../../shared/domain/validation.ts';
import { httpHandler } from '../../shared/http/http-handler.ts';
import { pathId, staffIdentity } from '../../shared/http/request.ts';
import { json } from '../../shared/http/responses.ts';
import { clock, ticketStore } from '../../shared/runtime/dependencies.ts';
import { logger } from '../../shared/runtime/powertools.ts';
import { addCaseNote, CaseNoteSchema } from '../../shared/services/case-notes.ts';
import { ticketInScope } from '../../shared/services/staff-scope.ts';

/** POST /api/v1/staff/tickets/{ticketId}/notes: an internal note, or a public one the citizen sees. */
const tickets = await ticketStore();
const STAFF_WHO_WRITE_NOTES = ['operator', 'reviewer', 'supervisor', 'admin'];

export const handler = httpHandler(
  async (event) => {
    const staff = staffIdentity(event, STAFF_WHO_WRITE_NOTES);
    const ticketId = pathId(event, 'ticketId');
    const note = parseInput(CaseNoteSchema, event.body);
    await ticketInScope(tickets, staff, ticketId);
    const { eventId } = await addCaseNote({ tickets, now: clock }, staff.username, ticketId, note);
    logger.info('case note added', { ticketId, staff: staff.username, visibility: note.visibility });
    return json(201, { ticketId, eventId, visibility: note.visibility });
  },
  { json: true },
);
