import { z } from 'zod';
import { FeedbackInputSchema } from '../domain/feedback.ts';
import {
  AddLettersSchema,
  CancelBatchSchema,
  createBatchSchema,
  RedeclarePagesSchema,
} from '../domain/letter-batch.ts';
import type { ReferenceCatalog } from '../domain/reference.ts';
import {
  CitizenLookupSchema,
  operatorRequestSchema,
  RepeatContactSchema,
  submitRequestSchema,
} from '../domain/request-input.ts';
import { ResponseUploadsSchema } from '../domain/response-attachments.ts';
import { TASK_TYPES } from '../domain/tasks.ts';
import { ticketSearchSchema } from '../domain/ticket-search.ts';
import { WebhookSubscriptionInputSchema } from '../domain/webhooks.ts';
import { AgencyResponseSchema } from '../services/agency-referrals.ts';
import { CaseNoteSchema } from '../services/case-notes.ts';
import { CitizenReplySchema, RelayedReplySchema } from '../services/citizen-replies.ts';
import { MobileConfirmationSchema } from '../services/confirm-mobile.ts';
import { TranscriptionSchema } from '../services/digitize.ts';
import { REFERENCE_EDIT_SCHEMAS } from '../services/reference-admin.ts';
import { ClassificationDecisionSchema } from '../services/review.ts';

type Security = 'none' | 'staff' | 'agency' | 'iam';

interface Operation {
  summary: string;
  security: Security;
  /** Query parameters: name → description (strings on the wire). */
  query?: Record<string, string>;
  body?: z.ZodType;
  /** What a success answers, besides the errors every operation may give. */
  success: { status: number; description: string };
}

/**
 * Every route of the API with what it takes and gives, for the OpenAPI document agencies' and the
 * web apps' developers integrate from. The bodies are the zod schemas the functions validate with,
 * rendered as JSON Schema, so the document cannot drift from what is accepted; a test checks the
 * routes against the API's route table.
 */
export function apiOperations(catalog: ReferenceCatalog): Record<string, Operation> {
  const ok = (description: string, status = 200) => ({ status, description });
  const page = { cursor: 'from the previous page', limit: 'page size' };
  return {
    'GET /health': { summary: 'Every local service (or the API) is up', security: 'none', success: ok('up') },
    'GET /api/v1/openapi.json': { summary: 'This document', security: 'none', success: ok('OpenAPI 3.1') },
    'POST /api/v1/requests': {
      summary: 'A citizen submits a request (Idempotency-Key header optional)',
      security: 'none',
      body: submitRequestSchema(catalog),
      success: ok('{trackingCode, status, receivedAt}', 201),
    },
    'GET /api/v1/requests/{trackingCode}': {
      summary: 'A citizen follows a request',
      security: 'none',
      query: { mobile: "the mobile's last four digits" },
      success: ok('public status, timeline'),
    },
    'POST /api/v1/requests/{trackingCode}/feedback': {
      summary: 'A citizen rates the result, once per result; an unhappy rating reopens it',
      security: 'none',
      body: FeedbackInputSchema,
      success: ok('{trackingCode, rating, reopened, status}', 201),
    },
    'POST /api/v1/requests/{trackingCode}/replies': {
      summary: "A citizen answers the agency's question",
      security: 'none',
      body: CitizenReplySchema,
      success: ok('{trackingCode, status}', 201),
    },
    'POST /api/v1/requests/{trackingCode}/mobile-confirmation': {
      summary: "The writer of a paper letter confirms the number OCR read, with the confirmation SMS's token",
      security: 'none',
      body: MobileConfirmationSchema,
      success: ok('{trackingCode, mobileConfirmed}'),
    },
    'GET /api/v1/agency/referrals': {
      summary:
        "The agency's referrals, earliest due first; with since, only what changed (ETag, If-None-Match)",
      security: 'agency',
      query: {
        status: 'OPEN (default) or a referral status',
        ...page,
        since: 'the since of the last answer, or an ISO 8601 time for the first poll (alone)',
      },
      success: ok('{items, nextCursor}, or with since {items, since, more}; 304 when unchanged'),
    },
    'PUT /api/v1/agency/webhook': {
      summary: "Registers the agency's receiver (public HTTPS); the answer shows the signing secret once",
      security: 'agency',
      body: WebhookSubscriptionInputSchema,
      success: ok('{url, subscriptionId, createdAt, secret, signatureHeader}'),
    },
    'GET /api/v1/agency/webhook': {
      summary: "The agency's receiver",
      security: 'agency',
      success: ok('{url, subscriptionId, createdAt}'),
    },
    'DELETE /api/v1/agency/webhook': {
      summary: "Removes the agency's receiver",
      security: 'agency',
      success: ok('{removed}'),
    },
    'GET /api/v1/agency/webhook/deliveries': {
      summary: 'Deliveries to the receiver, newest first',
      security: 'agency',
      query: { status: 'PENDING, DELIVERED or FAILED', ...page },
      success: ok('{items, nextCursor}'),
    },
    'POST /api/v1/agency/webhook/deliveries/{deliveryId}/replay': {
      summary: 'Sends a delivery again (a new round of attempts, the same body)',
      security: 'agency',
      success: ok('the delivery', 202),
    },
    'POST /api/v1/agency/referrals/{referralId}/ack': {
      summary: 'The agency acknowledges a referral',
      security: 'agency',
      success: ok('the referral'),
    },
    'POST /api/v1/agency/referrals/{referralId}/attachments': {
      summary: 'Upload URLs for documents to attach to an answer (PDF, JPEG, PNG; 20 MB, 5 an answer)',
      security: 'agency',
      body: ResponseUploadsSchema,
      success: ok('{files: [{key, contentType, size, upload}]}', 201),
    },
    'POST /api/v1/agency/referrals/{referralId}/responses': {
      summary: 'The agency answers (idempotent on updateId)',
      security: 'agency',
      body: AgencyResponseSchema,
      success: ok('the referral'),
    },
    'GET /api/v1/staff/tickets/{ticketId}': {
      summary: 'A case by id or tracking code, contact details masked by role',
      security: 'staff',
      query: { reveal: '"contact" to reveal the contact details (recorded)' },
      success: ok('{ticket, contact, events, referrals}'),
    },
    'POST /api/v1/staff/tickets/search': {
      summary: 'Search requests',
      security: 'staff',
      body: ticketSearchSchema(catalog),
      success: ok('{items, nextCursor}'),
    },
    'GET /api/v1/staff/audit': {
      summary: "A staff member's or agency's audit trail, newest first (province supervisors and admins)",
      security: 'staff',
      query: {
        actor: 'staff username or agency id',
        actorType: 'staff (default) or agency',
        from: 'ISO 8601 (default 30 days before to)',
        to: 'ISO 8601 (default now)',
        ...page,
      },
      success: ok('{items: events with changes, nextCursor}'),
    },
    'POST /api/v1/staff/tickets/{ticketId}/notes': {
      summary: 'An internal or public note on a case',
      security: 'staff',
      body: CaseNoteSchema,
      success: ok('{ticketId, eventId, visibility}', 201),
    },
    'POST /api/v1/staff/tickets/{ticketId}/classification': {
      summary: 'A reviewer classifies, closes or re-routes',
      security: 'staff',
      body: ClassificationDecisionSchema,
      success: ok('{ticketId, status, category, agencyId}'),
    },
    'GET /api/v1/staff/tickets/{ticketId}/transcription': {
      summary: "A paper letter's scans and what OCR read",
      security: 'staff',
      success: ok('scans, reading, fields'),
    },
    'POST /api/v1/staff/tickets/{ticketId}/transcription': {
      summary: 'A reviewer types or corrects a paper letter',
      security: 'staff',
      body: TranscriptionSchema,
      success: ok('{ticketId, status}'),
    },
    'POST /api/v1/staff/tickets/{ticketId}/contacts': {
      summary: 'A repeat call or visit added to an open request',
      security: 'staff',
      body: RepeatContactSchema,
      success: ok('{ticketId, trackingCode, trackingCodeSpoken, status}', 201),
    },
    'POST /api/v1/staff/tickets/{ticketId}/replies': {
      summary: "An operator relays a citizen's answer to the agency",
      security: 'staff',
      body: RelayedReplySchema,
      success: ok('{ticketId, trackingCode, status}', 201),
    },
    'GET /api/v1/staff/clusters/{clusterId}': {
      summary: 'A duplicate cluster',
      security: 'staff',
      success: ok('members'),
    },
    'POST /api/v1/staff/clusters/{clusterId}/members': {
      summary: 'Merge a request into a cluster',
      security: 'staff',
      body: z.strictObject({ ticketId: z.string().min(1).max(64) }),
      success: ok('{ticketId, clusterId, status}'),
    },
    'DELETE /api/v1/staff/clusters/{clusterId}/members/{ticketId}': {
      summary: 'Take a request out of its cluster',
      security: 'staff',
      success: ok('{ticketId, clusterId, status}'),
    },
    'POST /api/v1/staff/requests': {
      summary: 'An operator registers a request for a citizen (Idempotency-Key header optional)',
      security: 'staff',
      body: operatorRequestSchema(catalog),
      success: ok('{ticketId, trackingCode, trackingCodeSpoken, status, receivedAt}', 201),
    },
    'POST /api/v1/staff/citizen-lookups': {
      summary: "A citizen's open requests, by mobile or national ID",
      security: 'staff',
      body: CitizenLookupSchema,
      success: ok('{openRequests}'),
    },
    'GET /api/v1/staff/tasks': {
      summary: "One type's tasks, longest waiting first",
      security: 'staff',
      query: {
        type: TASK_TYPES.join(' | '),
        county: 'county',
        urgency: 'NORMAL | URGENT',
        olderThanHours: 'hours',
        ...page,
      },
      success: ok('{items, nextCursor}'),
    },
    'GET /api/v1/staff/tasks/counts': {
      summary: 'Tasks waiting, per type the caller works',
      security: 'staff',
      query: { county: 'county' },
      success: ok('{counts}'),
    },
    'POST /api/v1/staff/tasks/{taskId}/claim': {
      summary: 'Claim a task (15-minute lease)',
      security: 'staff',
      success: ok('{claim}'),
    },
    'DELETE /api/v1/staff/tasks/{taskId}/claim': {
      summary: 'Give a task back',
      security: 'staff',
      success: ok('{released}'),
    },
    'POST /api/v1/staff/tasks/{taskId}/completion': {
      summary: "Complete a task you hold with its type's decision",
      security: 'staff',
      body: z.union([
        ClassificationDecisionSchema,
        TranscriptionSchema,
        RelayedReplySchema,
        z.strictObject({ note: z.string().min(1).max(1000) }),
      ]),
      success: ok('{ticketId, status}'),
    },
    'POST /api/v1/staff/batches': {
      summary: 'Open a batch of paper letters',
      security: 'staff',
      body: createBatchSchema(catalog),
      success: ok('{batch}', 201),
    },
    'GET /api/v1/staff/batches': {
      summary: 'Batches in a status',
      security: 'staff',
      query: { status: 'OPEN | SUBMITTED | REGISTERED', ...page },
      success: ok('{items, nextCursor}'),
    },
    'GET /api/v1/staff/batches/{batchId}': {
      summary: 'A batch and its progress',
      security: 'staff',
      success: ok('{batch, progress, letters}'),
    },
    'POST /api/v1/staff/batches/{batchId}/letters': {
      summary: 'Add letters; upload URLs per page',
      security: 'staff',
      body: AddLettersSchema,
      success: ok('{batch, letters}', 201),
    },
    'POST /api/v1/staff/batches/{batchId}/letters/{letterNo}/uploads': {
      summary: "Fresh upload URLs for a letter's pages; with {pages}, the pages declared again first",
      security: 'staff',
      body: RedeclarePagesSchema,
      success: ok('{letterNo, pages}'),
    },
    'DELETE /api/v1/staff/batches/{batchId}/letters/{letterNo}': {
      summary: 'Take a letter out of an open batch (it keeps its number and opens no ticket)',
      security: 'staff',
      success: ok('{letterNo, removed}'),
    },
    'POST /api/v1/staff/batches/{batchId}/cancellation': {
      summary: 'Cancel an open batch, with a reason',
      security: 'staff',
      body: CancelBatchSchema,
      success: ok('{batch}'),
    },
    'POST /api/v1/staff/batches/{batchId}/submission': {
      summary: 'Submit a batch: each letter becomes a ticket',
      security: 'staff',
      success: ok('progress (202 while still registering)'),
    },
    'GET /api/v1/admin/reference': {
      summary: 'The reference data: categories, agencies, counties, policy and calendar (province admins)',
      security: 'staff',
      success: ok('{categories, agencies, counties, policy}'),
    },
    'GET /api/v1/admin/reference/changes': {
      summary: "Administrators' edits of reference data, newest first",
      security: 'staff',
      query: { from: 'ISO 8601 (default 90 days before to)', to: 'ISO 8601 (default now)', ...page },
      success: ok('{items: [{kind, key, before, after, actor, at, reason}], nextCursor}'),
    },
    'PUT /api/v1/admin/categories/{code}': {
      summary: 'Replace or add a category (retire one with active: false)',
      security: 'staff',
      body: REFERENCE_EDIT_SCHEMAS.CATEGORY,
      success: ok('the edit as logged'),
    },
    'PUT /api/v1/admin/agencies/{agencyId}': {
      summary: 'Replace or add an agency',
      security: 'staff',
      body: REFERENCE_EDIT_SCHEMAS.AGENCY,
      success: ok('the edit as logged'),
    },
    'PUT /api/v1/admin/counties/{code}': {
      summary: 'Replace or add a county (names, aliases, places)',
      security: 'staff',
      body: REFERENCE_EDIT_SCHEMAS.COUNTY,
      success: ok('the edit as logged'),
    },
    'PUT /api/v1/admin/policy': {
      summary: 'Replace the policy: working calendar, holidays, windows, escalation and reminders',
      security: 'staff',
      body: REFERENCE_EDIT_SCHEMAS.POLICY,
      success: ok('the edit as logged'),
    },
    'GET /api/v1/ops/executions': {
      summary: 'Workflow executions',
      security: 'iam',
      query: { status: 'execution status', ticket: 'ticket id or tracking code' },
      success: ok('{items}'),
    },
    'GET /api/v1/ops/executions/{reference}/history': {
      summary: "An execution's history",
      security: 'iam',
      success: ok('{events}'),
    },
    'GET /api/v1/ops/dead-letter-queues': {
      summary: 'Dead-letter queues and their depth',
      security: 'iam',
      success: ok('{items}'),
    },
    'POST /api/v1/ops/dead-letter-queues/{queue}/redrive': {
      summary: 'Move messages back',
      security: 'iam',
      success: ok('{moved}'),
    },
    'GET /api/v1/ops/stuck': {
      summary: 'Tickets stuck before their workflow',
      security: 'iam',
      success: ok('{items}'),
    },
    'POST /api/v1/ops/stuck/repair': {
      summary: 'Hand stuck tickets on',
      security: 'iam',
      success: ok('{repaired}'),
    },
    'GET /api/v1/ops/failed': { summary: 'Failed tickets', security: 'iam', success: ok('{items}') },
    'POST /api/v1/ops/failed/redrive': {
      summary: 'Redrive failed tickets',
      security: 'iam',
      success: ok('{redriven}'),
    },
  };
}

const ErrorBody = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'object', properties: { fa: { type: 'string' }, en: { type: 'string' } } },
        problems: {
          type: 'array',
          items: {
            type: 'object',
            properties: { path: { type: 'string' }, code: { type: 'string' }, message: { type: 'object' } },
          },
        },
      },
    },
  },
};

/** The OpenAPI 3.1 document of the API. */
export function openApiDocument(catalog: ReferenceCatalog, serverUrl = '/'): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [key, operation] of Object.entries(apiOperations(catalog))) {
    const [method = 'GET', path = '/'] = key.split(' ');
    const parameters = [
      ...[...path.matchAll(/\{(\w+)\}/g)].map((m) => ({
        name: m[1],
        in: 'path',
        required: true,
        schema: { type: 'string' },
      })),
      ...Object.entries(operation.query ?? {}).map(([name, description]) => ({
        name,
        in: 'query',
        required: name === 'mobile' || name === 'type',
        description,
        schema: { type: 'string' },
      })),
    ];
    const body = operation.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(operation.body) } },
          },
        }
      : {};
    paths[path] ??= {};
    (paths[path] as Record<string, unknown>)[method.toLowerCase()] = {
      summary: operation.summary,
      operationId: key.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, ''),
      ...(parameters.length ? { parameters } : {}),
      ...body,
      security: { none: [], staff: [{ staffToken: [] }], agency: [{ agencyKey: [] }], iam: [{ sigv4: [] }] }[
        operation.security
      ],
      responses: {
        [String(operation.success.status)]: { description: operation.success.description },
        default: {
          description: 'An error, in Persian and English',
          content: { 'application/json': { schema: ErrorBody } },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Pasokh (پاسخ) public-request response center',
      version: '1',
      description:
        'Citizens, agencies, staff and operations. Errors: {"error": {"code", "message": {"fa", "en"}, "problems"?}}.',
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        staffToken: { type: 'http', scheme: 'bearer', bearerFormat: 'Cognito ID token' },
        agencyKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
        sigv4: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description: 'AWS SigV4 for execute-api',
        },
      },
    },
    paths,
  };
}

function jsonSchema(schema: z.ZodType): unknown {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return rest;
}
