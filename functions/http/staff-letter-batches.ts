import { z } from 'zod';
import { assertInCounty } from '../../shared/domain/errors.ts';
import {
  AddLettersSchema,
  BATCH_MAX_LETTERS,
  BATCH_STATUSES,
  CancelBatchSchema,
  createBatchSchema,
  RedeclarePagesSchema,
} from '../../shared/domain/letter-batch.ts';
import { parseInput } from '../../shared/domain/validation.ts';
import { HttpError } from '../../shared/http/http-error.ts';
import { httpHandler } from '../../shared/http/http-handler.ts';
import { OPERATOR_ROLES, pathId, staffIdentity } from '../../shared/http/request.ts';
import { json } from '../../shared/http/responses.ts';
import { letterBatchDependencies, referenceCatalog } from '../../shared/runtime/dependencies.ts';
import { logger } from '../../shared/runtime/powertools.ts';
import {
  addBatchLetters,
  cancelLetterBatch,
  createLetterBatch,
  getBatchView,
  letterUploads,
  removeBatchLetter,
  submitLetterBatch,
} from '../../shared/services/letter-batches.ts';

/**
 * Operators' letter batches (/api/v1/staff/batches…): open a batch, add letters and get an upload
 * URL per page, re-issue or re-declare a letter's pages, take a letter out, cancel, submit, and
 * follow progress. One function for the
 * routes: they share grants (table, scans bucket, intake queue) and a warm container.
 */
const deps = await letterBatchDependencies();
const catalog = referenceCatalog();
const ListQuerySchema = z.strictObject({
  status: z.enum(BATCH_STATUSES).default('OPEN'),
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
const LetterNoSchema = z.coerce.number().int().min(1).max(BATCH_MAX_LETTERS);
function letterNoOf(event: { pathParameters: Record<string, string | undefined> | null }): number {
  const letterNo = LetterNoSchema.safeParse(event.pathParameters?.letterNo);
  if (!letterNo.success) throw new HttpError(404, 'not_found');
  return letterNo.data;
}
/** Time kept back from ticket opening to read the batch's progress and answer. */
const REGISTRATION_MARGIN_MS = 5_000;

export const handler = httpHandler(
  async (event, context) => {
    const staff = staffIdentity(event, OPERATOR_ROLES);
    const route = `${event.httpMethod} ${event.resource.replace(/^\/api\/v1\/staff\/batches/, '')}`;
    if (event.pathParameters?.batchId) {
      const batch = await deps.batches.getBatch(pathId(event, 'batchId'));
      if (!batch) throw new HttpError(404, 'not_found');
      assertInCounty(staff, batch.county);
    }
    switch (route) {
      case 'POST ': {
        const opening = parseInput(createBatchSchema(await catalog()), event.body);
        assertInCounty(staff, opening.county);
        const batch = await createLetterBatch(deps, staff.username, opening);
        logger.info('letter batch opened', { batchId: batch.batchId, staff: staff.username });
        return json(201, { batch });
      }
      case 'GET ': {
        const query = parseInput(ListQuerySchema, event.queryStringParameters ?? {});
        const page = await deps.batches.listByStatus(query.status, {
          cursor: query.cursor ?? null,
          ...(query.limit ? { limit: query.limit } : {}),
          newestFirst: true,
        });
        // A county office lists its county's batches.
        return json(200, {
          ...page,
          items: page.items.filter((b) => staff.county === null || b.county === staff.county),
        });
      }
      case 'GET /{batchId}':
        return json(200, await getBatchView(deps, pathId(event, 'batchId')));
      case 'POST /{batchId}/letters': {
        const batchId = pathId(event, 'batchId');
        const added = await addBatchLetters(deps, batchId, parseInput(AddLettersSchema, event.body));
        logger.info('letters added', { batchId, letters: added.letters.length, staff: staff.username });
        return json(201, added);
      }
      case 'POST /{batchId}/letters/{letterNo}/uploads': {
        // No body: fresh URLs for the pages as declared; {"pages"}: the pages declared again.
        const redeclared =
          event.body && Object.keys(event.body).length > 0
            ? parseInput(RedeclarePagesSchema, event.body)
            : undefined;
        return json(200, await letterUploads(deps, pathId(event, 'batchId'), letterNoOf(event), redeclared));
      }
      case 'DELETE /{batchId}/letters/{letterNo}': {
        const batchId = pathId(event, 'batchId');
        const letter = await removeBatchLetter(deps, staff.username, batchId, letterNoOf(event));
        logger.info('letter removed', { batchId, letterNo: letter.letterNo, staff: staff.username });
        return json(200, { letterNo: letter.letterNo, removed: letter.removed });
      }
      case 'POST /{batchId}/cancellation': {
        const batchId = pathId(event, 'batchId');
        const batch = await cancelLetterBatch(
          deps,
          staff.username,
          batchId,
          parseInput(CancelBatchSchema, event.body),
        );
        logger.info('letter batch cancelled', { batchId, staff: staff.username });
        return json(200, { batch });
      }
      case 'POST /{batchId}/submission': {
        const batchId = pathId(event, 'batchId');
        // A big batch opens its tickets for as long as the request may last; the sweep finishes
        // the rest within minutes, and the answer (202) says the batch is still being registered.
        const until = Date.now() + context.getRemainingTimeInMillis() - REGISTRATION_MARGIN_MS;
        const batch = await submitLetterBatch(deps, staff.username, batchId, { until });
        logger.info('letter batch submitted', { batchId, status: batch.status, staff: staff.username });
        return json(batch.status === 'REGISTERED' ? 200 : 202, await getBatchView(deps, batchId));
      }
      default:
        throw new HttpError(404, 'not_found');
    }
  },
  // 50 letters of 30 pages each is about 90 KB of JSON; submitting needs no body at all.
  { json: true, limitBytes: 256 * 1024, allowEmpty: true },
);
