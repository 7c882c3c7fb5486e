import type { ReferenceCatalog } from '../../shared/domain/reference.ts';
import { ticketSearchSchema } from '../../shared/domain/ticket-search.ts';
import { parseInput } from '../../shared/domain/validation.ts';
import { httpHandler } from '../../shared/http/http-handler.ts';
import { staffIdentity } from '../../shared/http/request.ts';
import { json } from '../../shared/http/responses.ts';
import { clock, referenceCatalog, ticketStore } from '../../shared/runtime/dependencies.ts';
import { logger } from '../../shared/runtime/powertools.ts';
import { scopedCounty } from '../../shared/services/staff-scope.ts';
import { searchTickets } from '../../shared/services/ticket-search.ts';

/**
 * POST /api/v1/staff/tickets/search: staff find requests by tracking code, citizen (mobile or
 * national ID, through the keyed hashes), status, overdue referrals, or county and category,
 * narrowed by county, agency, category and received date.
 */
const tickets = await ticketStore();
const catalog = referenceCatalog();
const STAFF_WHO_SEARCH = ['operator', 'reviewer', 'supervisor', 'admin'];
const schemas = new WeakMap<ReferenceCatalog, ReturnType<typeof ticketSearchSchema>>();

export const handler = httpHandler(
  async (event) => {
    const staff = staffIdentity(event, STAFF_WHO_SEARCH);
    const current = await catalog();
    const schema = schemas.get(current) ?? ticketSearchSchema(current);
    schemas.set(current, schema);
    const asked = parseInput(schema, event.body);
    // A county office searches its county only, whatever else the search names.
    const county = scopedCounty(staff, asked.county);
    const query = county === undefined ? asked : { ...asked, county };
    const found = await searchTickets({ tickets, catalog: current, now: clock }, query);
    logger.info('staff searched', {
      staff: staff.username,
      by: Object.keys(query).filter((k) => !['mobile', 'nationalId', 'trackingCode'].includes(k)),
      personal: query.mobile !== undefined || query.nationalId !== undefined,
      found: found.items.length,
    });
    return json(200, found);
  },
  { json: true },
);
