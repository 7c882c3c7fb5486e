import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, cloudUrl, eventually, uniqueMobile } from '../support/api-client.ts';
import { cloudContext } from '../support/cloud-context.ts';
import {
  type ApiRoute,
  PRINCIPALS,
  type Principal,
  principalClients,
  routeKey,
  routeTable,
  type Sent,
} from '../support/principals.ts';

/**
 * Every route of the API (the running cloud's route table) against every kind of caller. A cell
 * says what the caller gets:
 *  ok       2xx: allowed, and done
 *  refused  400/409/422: allowed, and the (deliberately empty) input judged
 *  hidden   404: the thing is not theirs to know of
 *  denied   401/403, or, on the IAM-signed ops API, API Gateway's 404 for an unsigned call
 * Mutating routes are sent an empty object, so an allowed caller is refused on content and nothing
 * changes. A route without a row fails the suite: a new route must say who may call it.
 */
type Outcome = 'ok' | 'refused' | 'hidden' | 'denied';

const AGENCIES: Principal[] = ['agency-a', 'agency-b'];
const STAFF: Principal[] = ['operator', 'reviewer', 'supervisor', 'admin', 'ops'];
// The county office is an operator and a reviewer of another county than the fixtures': where it
// would reach them it is refused (403, "denied") before anything is read out or changed.
const REVIEWERS: Principal[] = ['reviewer', 'supervisor', 'admin', 'county-staff'];
const OPERATORS: Principal[] = ['operator', 'supervisor', 'admin', 'county-staff'];
/** Staff who work cases with citizens' details: everyone but ops. */
const CASEWORKERS: Principal[] = ['operator', 'reviewer', 'supervisor', 'admin', 'county-staff'];
const outsideCounty = { 'county-staff': 'denied' } as const;

/** A row: `given` principals get their outcome; everyone else is denied. */
const row = (given: Partial<Record<Principal, Outcome>>): Record<Principal, Outcome> =>
  Object.fromEntries(PRINCIPALS.map((p) => [p, given[p] ?? 'denied'])) as Record<Principal, Outcome>;
const each = (principals: Principal[], outcome: Outcome) =>
  Object.fromEntries(principals.map((p) => [p, outcome])) as Partial<Record<Principal, Outcome>>;

const EXPECTED: Record<string, Record<Principal, Outcome>> = {
  'GET /health': row(each([...PRINCIPALS], 'ok')),
  'GET /api/v1/openapi.json': row(each([...PRINCIPALS], 'ok')),
  'POST /api/v1/requests': row(each([...PRINCIPALS], 'refused')),
  // Without the mobile's last four digits nobody learns anything of a request, staff included.
  'GET /api/v1/requests/{trackingCode}': row({
    ...each([...PRINCIPALS], 'refused'),
    citizen: 'hidden',
    'citizen-verified': 'ok',
  }),

  // The second factor travels in the body: without it the (empty) body is refused before any lookup.
  'POST /api/v1/requests/{trackingCode}/feedback': row(each([...PRINCIPALS], 'refused')),
  'POST /api/v1/requests/{trackingCode}/replies': row(each([...PRINCIPALS], 'refused')),
  'POST /api/v1/requests/{trackingCode}/mobile-confirmation': row(each([...PRINCIPALS], 'refused')),

  'GET /api/v1/agency/referrals': row(each(AGENCIES, 'ok')),
  'POST /api/v1/agency/referrals/{referralId}/ack': row({ 'agency-a': 'ok', 'agency-b': 'hidden' }),
  // The (empty) body is refused before the referral is looked up, for either agency.
  'POST /api/v1/agency/referrals/{referralId}/attachments': row({
    'agency-a': 'refused',
    'agency-b': 'refused',
  }),
  'POST /api/v1/agency/referrals/{referralId}/responses': row({
    'agency-a': 'refused',
    'agency-b': 'refused',
  }),
  // Neither agency of the matrix has a receiver registered: there is none to show, remove or replay.
  'PUT /api/v1/agency/webhook': row(each(AGENCIES, 'refused')),
  'GET /api/v1/agency/webhook': row(each(AGENCIES, 'hidden')),
  'DELETE /api/v1/agency/webhook': row(each(AGENCIES, 'hidden')),
  'GET /api/v1/agency/webhook/deliveries': row(each(AGENCIES, 'ok')),
  'POST /api/v1/agency/webhook/deliveries/{deliveryId}/replay': row(each(AGENCIES, 'hidden')),

  'GET /api/v1/staff/tickets/{ticketId}': row(each(STAFF, 'ok')),
  'POST /api/v1/staff/tickets/{ticketId}/classification': row(each(REVIEWERS, 'refused')),
  // A web request has no letter to transcribe.
  'GET /api/v1/staff/tickets/{ticketId}/transcription': row({
    ...each(REVIEWERS, 'hidden'),
    ...outsideCounty,
  }),
  'POST /api/v1/staff/tickets/{ticketId}/transcription': row({
    ...each(REVIEWERS, 'refused'),
    ...outsideCounty,
  }),
  // A county office sees the members in its county: none of this cluster's.
  'GET /api/v1/staff/clusters/{clusterId}': row({ ...each(REVIEWERS, 'ok'), 'county-staff': 'hidden' }),
  'POST /api/v1/staff/clusters/{clusterId}/members': row(each(REVIEWERS, 'refused')),
  'DELETE /api/v1/staff/clusters/{clusterId}/members/{ticketId}': row(each(REVIEWERS, 'hidden')),
  // Each role lists the types it works (the matrix asks for classification review).
  'GET /api/v1/staff/tasks': row(each(CASEWORKERS, 'refused')),
  'GET /api/v1/staff/tasks/counts': row(each(CASEWORKERS, 'ok')),
  // The matrix names no real task: an unknown task id is not found, for whoever may work tasks.
  'POST /api/v1/staff/tasks/{taskId}/claim': row(each(CASEWORKERS, 'hidden')),
  'DELETE /api/v1/staff/tasks/{taskId}/claim': row(each(CASEWORKERS, 'hidden')),
  'POST /api/v1/staff/tasks/{taskId}/completion': row(each(CASEWORKERS, 'hidden')),
  'POST /api/v1/staff/tickets/search': row(each(CASEWORKERS, 'refused')),
  // Without an actor the query is refused; a county office may not read the province's trail.
  'GET /api/v1/staff/audit': row({ supervisor: 'refused', admin: 'refused' }),
  'POST /api/v1/staff/tickets/{ticketId}/notes': row(each(CASEWORKERS, 'refused')),
  'POST /api/v1/staff/requests': row(each(OPERATORS, 'refused')),
  'POST /api/v1/staff/citizen-lookups': row(each(OPERATORS, 'refused')),
  'POST /api/v1/staff/tickets/{ticketId}/contacts': row(each(OPERATORS, 'refused')),
  'POST /api/v1/staff/tickets/{ticketId}/replies': row(each(OPERATORS, 'refused')),
  'POST /api/v1/staff/batches': row(each(OPERATORS, 'refused')),
  'GET /api/v1/staff/batches': row(each(OPERATORS, 'ok')),
  'GET /api/v1/staff/batches/{batchId}': row({ ...each(OPERATORS, 'ok'), ...outsideCounty }),
  'POST /api/v1/staff/batches/{batchId}/submission': row({ ...each(OPERATORS, 'refused'), ...outsideCounty }),
  'POST /api/v1/staff/batches/{batchId}/letters': row({ ...each(OPERATORS, 'refused'), ...outsideCounty }),
  // The batch has no letter 1 yet.
  'POST /api/v1/staff/batches/{batchId}/letters/{letterNo}/uploads': row({
    ...each(OPERATORS, 'hidden'),
    ...outsideCounty,
  }),
  'DELETE /api/v1/staff/batches/{batchId}/letters/{letterNo}': row({
    ...each(OPERATORS, 'hidden'),
    ...outsideCounty,
  }),
  // Cancelling needs a reason: the empty body is refused and the batch stays open.
  'POST /api/v1/staff/batches/{batchId}/cancellation': row({
    ...each(OPERATORS, 'refused'),
    ...outsideCounty,
  }),

  // Province administrators only; the empty body of an edit is refused and nothing changes.
  'GET /api/v1/admin/reference': row({ admin: 'ok' }),
  'GET /api/v1/admin/reference/changes': row({ admin: 'ok' }),
  'PUT /api/v1/admin/categories/{code}': row({ admin: 'refused' }),
  'PUT /api/v1/admin/agencies/{agencyId}': row({ admin: 'refused' }),
  'PUT /api/v1/admin/counties/{code}': row({ admin: 'refused' }),
  'PUT /api/v1/admin/policy': row({ admin: 'refused' }),

  'GET /api/v1/ops/executions': row({ ops: 'ok' }),
  'GET /api/v1/ops/executions/{reference}/history': row({ ops: 'ok' }),
  'GET /api/v1/ops/dead-letter-queues': row({ ops: 'ok' }),
  // The ops actions take no body: the empty object is refused before anything moves.
  'POST /api/v1/ops/dead-letter-queues/{queue}/redrive': row({ ops: 'refused' }),
  'GET /api/v1/ops/stuck': row({ ops: 'ok' }),
  'POST /api/v1/ops/stuck/repair': row({ ops: 'refused' }),
  'GET /api/v1/ops/failed': row({ ops: 'ok' }),
  'POST /api/v1/ops/failed/redrive': row({ ops: 'refused' }),
};

function outcomeOf(route: ApiRoute, sent: Sent): Outcome | `unexpected ${number}` {
  if (sent.status >= 200 && sent.status < 300) return 'ok';
  if (sent.status === 401 || sent.status === 403) return 'denied';
  if (sent.status === 404) {
    // API Gateway answers an unsigned call to an IAM route as it answers a route that is not there.
    const code = (JSON.parse(sent.text || '{}') as { error?: { code?: string } }).error?.code;
    return route.authorization === 'AWS_IAM' && code === 'route_not_found' ? 'denied' : 'hidden';
  }
  if ([400, 409, 422].includes(sent.status)) return 'refused';
  return `unexpected ${sent.status}`;
}

const { dataDir, services, credentials, statusOf } = cloudContext();
const routes = routeTable(dataDir);
const AGENCY_A = 'water-wastewater';
const AGENCY_B = 'gas';

interface Fixture {
  trackingCode: string;
  mobile: string;
  ticketId: string;
  clusterId: string;
  referralId: string;
  batchId: string;
}
let fixture: Fixture;
let send: Awaited<ReturnType<typeof principalClients>>;

/** The path of `route` for `principal`, its parameters naming the fixture's things. */
function pathFor(route: ApiRoute, principal: Principal): string {
  const values: Record<string, string> = {
    trackingCode: fixture.trackingCode,
    ticketId: route.resourcePath.includes('/members/') ? ulid() : fixture.ticketId,
    clusterId: fixture.clusterId,
    referralId: fixture.referralId,
    batchId: fixture.batchId,
    letterNo: '1',
    reference: fixture.trackingCode,
    queue: 'NoSuchQueue',
    taskId: 'NO_SUCH_TYPE~00000000000000000000000000',
    deliveryId: `${ulid()}.0001`,
    code: 'WATER_SEWAGE',
    agencyId: AGENCY_A,
  };
  const path = route.resourcePath.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`the matrix has no value for {${name}} in ${routeKey(route)}`);
    return encodeURIComponent(value);
  });
  if (route.resourcePath === '/api/v1/requests/{trackingCode}') {
    const right = fixture.mobile.slice(-4);
    if (principal === 'citizen-verified') return `${path}?mobile=${right}`;
    if (principal === 'citizen') return `${path}?mobile=${right === '0000' ? '1111' : '0000'}`;
  }
  return path;
}

beforeAll(async () => {
  send = await principalClients(cloudUrl(), credentials, { a: AGENCY_A, b: AGENCY_B });
  const mobile = uniqueMobile();
  const submitted = await call('POST', '/api/v1/requests', {
    body: {
      citizen: { firstName: 'رضا', lastName: 'کرمی', mobile },
      county: 'ILAM',
      text: 'لوله آب اصلی محله ما ترکیده و دو روز است آب آشامیدنی نداریم.',
    },
  });
  expect(submitted.status).toBe(201);
  const trackingCode = String(submitted.body.trackingCode);
  const ticket = await eventually(
    async () => (await services.tickets.getTicketByTrackingCode(trackingCode)) ?? undefined,
  );
  const referred = await statusOf(ticket.ticketId, 'REFERRED');
  const referral = await eventually(async () => {
    const listed = await call('GET', '/api/v1/agency/referrals?status=OPEN&limit=200', {
      headers: { 'x-api-key': credentials.agencies.find((a) => a.id === AGENCY_A)?.apiKey as string },
    });
    return (listed.body.items as Array<{ referralId: string; trackingCode: string }>).find(
      (r) => r.trackingCode === trackingCode,
    );
  });
  const operator = credentials.staff.find((s) => s.roles.includes('operator'));
  const login = await call('POST', '/api/v1/local/login', {
    body: { username: operator?.username, password: operator?.password },
  });
  const batch = await call('POST', '/api/v1/staff/batches', {
    headers: { authorization: `Bearer ${login.body.token}` },
    body: {
      intakePoint: { kind: 'COUNTY_OFFICE', id: 'office-ILAM' },
      county: 'ILAM',
      collectedOn: '2026-11-30',
    },
  });
  expect(batch.status).toBe(201);
  fixture = {
    trackingCode,
    mobile,
    ticketId: ticket.ticketId,
    clusterId: String(referred.clusterId),
    referralId: referral.referralId,
    batchId: String(batch.body.batch.batchId),
  };
}, 60_000);

describe('the authorization matrix', () => {
  it('has a row for every route of the route table, and no row for a route that is gone', () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.map(routeKey).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  describe.each(routes.map((route) => [routeKey(route), route] as const))('%s', (key, route) => {
    it.each([...PRINCIPALS])('as %s', async (principal) => {
      const mutating = route.method !== 'GET';
      const sent = await send(principal, route, pathFor(route, principal), mutating ? { body: '{}' } : {});
      expect(outcomeOf(route, sent), sent.text.slice(0, 300)).toBe(EXPECTED[key]?.[principal]);
    });
  });
});
