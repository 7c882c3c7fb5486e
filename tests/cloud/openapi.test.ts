import { describe, expect, it } from 'vitest';
import { call } from '../support/api-client.ts';
import { cloudContext } from '../support/cloud-context.ts';
import { routeKey, routeTable } from '../support/principals.ts';

const { dataDir } = cloudContext();

describe('the OpenAPI document', () => {
  it('is served at /api/v1/openapi.json and describes exactly the routes the API has', async () => {
    const served = await call('GET', '/api/v1/openapi.json');
    expect(served.status).toBe(200);
    const document = served.body as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(document.openapi).toBe('3.1.0');
    const described = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(described.sort()).toEqual(routeTable(dataDir).map(routeKey).sort());
  });

  it('gives each body the schema the function validates with', async () => {
    const { body } = await call('GET', '/api/v1/openapi.json');
    const submit = body.paths['/api/v1/requests'].post.requestBody.content['application/json'].schema;
    expect(submit.required).toEqual(expect.arrayContaining(['citizen', 'county', 'text']));
    expect(submit.additionalProperties).toBe(false);
    const respond = body.paths['/api/v1/agency/referrals/{referralId}/responses'].post;
    expect(respond.requestBody.content['application/json'].schema.properties.outcome.enum).toEqual([
      'IN_PROGRESS',
      'RESOLVED',
      'NOT_RESPONSIBLE',
      'NEEDS_INFO',
    ]);
    expect(respond.security).toEqual([{ agencyKey: [] }]);
    const feedback =
      body.paths['/api/v1/requests/{trackingCode}/feedback'].post.requestBody.content['application/json']
        .schema;
    expect(feedback.properties.rating).toMatchObject({ minimum: 1, maximum: 5 });
  });
});
