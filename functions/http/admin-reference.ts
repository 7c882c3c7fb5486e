import { z } from 'zod';
import { parseInput } from '../../shared/domain/validation.ts';
import { HttpError } from '../../shared/http/http-error.ts';
import { httpHandler } from '../../shared/http/http-handler.ts';
import { pathId, staffIdentity } from '../../shared/http/request.ts';
import { json } from '../../shared/http/responses.ts';
import { clock, referenceStore } from '../../shared/runtime/dependencies.ts';
import { logger } from '../../shared/runtime/powertools.ts';
import {
  EditsQuerySchema,
  editReference,
  REFERENCE_EDIT_SCHEMAS,
  referenceEdits,
} from '../../shared/services/reference-admin.ts';
import type { ReferenceKind } from '../../shared/store/reference-store.ts';

/**
 * Administrators' reference data (/api/v1/admin/…): read it whole, replace a category, an agency,
 * a county or the policy (with the working calendar), and read the change log. Province
 * administrators only: a county's office does not edit the province's taxonomy.
 */
const deps = { reference: referenceStore(), now: clock };

const NoQuerySchema = z.strictObject({});

const EDITS: Record<string, { kind: ReferenceKind; param?: string }> = {
  'PUT /api/v1/admin/categories/{code}': { kind: 'CATEGORY', param: 'code' },
  'PUT /api/v1/admin/agencies/{agencyId}': { kind: 'AGENCY', param: 'agencyId' },
  'PUT /api/v1/admin/counties/{code}': { kind: 'COUNTY', param: 'code' },
  'PUT /api/v1/admin/policy': { kind: 'POLICY' },
};

export const handler = httpHandler(
  async (event) => {
    const admin = staffIdentity(event, ['admin']);
    if (admin.county !== null) throw new HttpError(403, 'forbidden');
    const route = `${event.httpMethod} ${event.resource}`;
    if (route === 'GET /api/v1/admin/reference') {
      parseInput(NoQuerySchema, event.queryStringParameters ?? {});
      return json(200, await deps.reference.load());
    }
    if (route === 'GET /api/v1/admin/reference/changes')
      return json(
        200,
        await referenceEdits(deps, parseInput(EditsQuerySchema, event.queryStringParameters ?? {})),
      );
    const edit = EDITS[route];
    if (!edit) throw new HttpError(404, 'not_found');
    const key = edit.param ? pathId(event, edit.param) : 'POLICY';
    const input = parseInput(REFERENCE_EDIT_SCHEMAS[edit.kind], event.body);
    const saved = await editReference(deps, admin.username, edit.kind, key, input);
    logger.info('reference edited', { kind: saved.kind, key: saved.key, admin: admin.username });
    return json(200, saved);
  },
  { json: true, allowEmpty: true },
);
