import { z } from 'zod';
import { parseInput } from '../../shared/domain/validation.ts';
import { httpHandler } from '../../shared/http/http-handler.ts';
import { openApiDocument } from '../../shared/http/openapi.ts';
import { json } from '../../shared/http/responses.ts';
import { referenceCatalog } from '../../shared/runtime/dependencies.ts';

/** GET /api/v1/openapi.json: the API's OpenAPI 3.1 document, built from its route schemas. */
const catalog = referenceCatalog();
const NoQuerySchema = z.strictObject({});

export const handler = httpHandler(async (event) => {
  parseInput(NoQuerySchema, event.queryStringParameters ?? {});
  return json(200, openApiDocument(await catalog()));
});
