import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '../../../shared/domain/errors.ts';
import { message } from '../../../shared/domain/messages.ts';
import { HttpError } from '../../../shared/http/http-error.ts';
import { errorResponses } from '../../../shared/http/middlewares/error-responses.ts';
import { type JsonEvent, jsonBody } from '../../../shared/http/middlewares/json-body.ts';
import { authorizedAgencyId, header, pathId, staffIdentity } from '../../../shared/http/request.ts';
import { json } from '../../../shared/http/responses.ts';

const context = {} as Context;
const logged: unknown[] = [];
const logger = { error: (...args: unknown[]) => logged.push(args) };

function event(overrides: Partial<APIGatewayProxyEvent> = {}): APIGatewayProxyEvent {
  return {
    body: '{"a":1}',
    headers: { 'Content-Type': 'application/json' },
    isBase64Encoded: false,
    requestContext: { authorizer: null },
    ...overrides,
  } as APIGatewayProxyEvent;
}

const echo = middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
  .use(errorResponses(logger))
  .use(jsonBody({ limitBytes: 100 }))
  .handler(async (e) => json(200, { got: (e as unknown as JsonEvent).body }));

const parse = (result: APIGatewayProxyResult) => JSON.parse(result.body);

describe('jsonBody', () => {
  it('parses a JSON body whatever the header case and charset', async () => {
    const result = await echo(
      event({ headers: { 'content-type': 'application/json; charset=utf-8' } }),
      context,
    );
    expect(parse(result)).toEqual({ got: { a: 1 } });
  });

  it('leaves GET and DELETE requests alone', async () => {
    const result = await echo(event({ httpMethod: 'GET', body: null, headers: {} }), context);
    expect(result.statusCode).toBe(200);
    expect(parse(result)).toEqual({ got: null });
  });

  it('lets an action POST carry no body when allowed, and still parses one that has a body', async () => {
    const action = middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
      .use(errorResponses(logger))
      .use(jsonBody({ allowEmpty: true }))
      .handler(async (e) => json(200, { got: (e as unknown as JsonEvent).body ?? 'nothing' }));
    const empty = await action(event({ httpMethod: 'POST', body: null, headers: {} }), context);
    expect(parse(empty)).toEqual({ got: 'nothing' });
    const strict = await echo(event({ httpMethod: 'POST', body: null, headers: {} }), context);
    expect(strict.statusCode).toBe(415);
    const typed = await action(
      event({ httpMethod: 'POST', headers: { 'content-type': 'text/plain' } }),
      context,
    );
    expect(typed.statusCode).toBe(415);
    expect(parse(await action(event({ httpMethod: 'POST' }), context))).toEqual({ got: { a: 1 } });
  });

  it('drops control characters other than tab and newline from every string', async () => {
    const body = JSON.stringify({ text: 'a\u0000b\u001bc\u0007d\r\ne\tf', nested: [{ k: 'x\u007fy' }] });
    const result = await echo(event({ body }), context);
    expect(parse(result)).toEqual({ got: { text: 'abcd\ne\tf', nested: [{ k: 'xy' }] } });
  });

  it('refuses invalid UTF-8 with 400, raw or as API Gateway replaced it', async () => {
    const raw = Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    for (const e of [
      event({ body: raw.toString('base64'), isBase64Encoded: true }),
      event({ body: raw.toString('utf8') }),
    ]) {
      const result = await echo(e, context);
      expect(result.statusCode).toBe(400);
      expect(parse(result).error.code).toBe('invalid_encoding');
      expect(parse(result).error.message.fa).toMatch(/UTF-8/);
    }
  });

  it('parses base64-encoded bodies', async () => {
    const result = await echo(
      event({ body: Buffer.from('{"b":2}').toString('base64'), isBase64Encoded: true }),
      context,
    );
    expect(parse(result)).toEqual({ got: { b: 2 } });
  });

  it.each([
    [
      'another content type',
      event({ headers: { 'content-type': 'text/plain' } }),
      415,
      'unsupported_media_type',
    ],
    ['no content type', event({ headers: {} }), 415, 'unsupported_media_type'],
    [
      'a body over the limit',
      event({ body: JSON.stringify({ t: 'x'.repeat(200) }) }),
      413,
      'payload_too_large',
    ],
    ['an empty body', event({ body: '' }), 400, 'body_required'],
    ['malformed JSON', event({ body: '{"a":' }), 400, 'malformed_json'],
  ])('refuses %s', async (_name, input, status, code) => {
    const result = await echo(input, context);
    expect(result.statusCode).toBe(status);
    expect(parse(result).error).toMatchObject({ code, message: message(code as never, { limit: 100 }) });
  });
});

describe('errorResponses', () => {
  const failing = (error: unknown) =>
    middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
      .use(errorResponses(logger))
      .handler(async () => {
        throw error;
      });

  it.each([
    [
      new ValidationError([{ path: 'x', code: 'required', message: message('required') }]),
      400,
      'validation_failed',
    ],
    [new NotFoundError('referral'), 404, 'not_found'],
    [new ConflictError('ticket', 'T1'), 409, 'conflict'],
    [new HttpError(403, 'forbidden'), 403, 'forbidden'],
  ])('maps %s to its status with a bilingual message', async (error, status, code) => {
    const result = await failing(error)(event(), context);
    expect(result.statusCode).toBe(status);
    expect(parse(result).error.code).toBe(code);
    expect(parse(result).error.message.fa).toMatch(/[\u0600-\u06FF]/);
  });

  it('lists every invalid field', async () => {
    const result = await failing(
      new ValidationError([
        { path: 'citizen.mobile', code: 'invalid_mobile', message: message('invalid_mobile') },
      ]),
    )(event(), context);
    expect(parse(result).error.problems).toEqual([
      { path: 'citizen.mobile', code: 'invalid_mobile', message: message('invalid_mobile') },
    ]);
  });

  it('hides unexpected errors behind a 500 and logs them', async () => {
    logged.length = 0;
    const result = await failing(new TypeError('secret detail'))(event(), context);
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain('secret detail');
    expect(logged).toHaveLength(1);
  });

  it('sends no-store and nosniff headers', async () => {
    const result = await failing(new NotFoundError('x'))(event(), context);
    expect(result.headers).toMatchObject({
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
  });
});

describe('request helpers', () => {
  it('reads headers case-insensitively', () => {
    expect(header({ headers: { 'X-Api-Key': 'k' } }, 'x-api-key')).toBe('k');
    expect(header({ headers: null }, 'x-api-key')).toBeUndefined();
  });

  it('requires the agency the authorizer established', () => {
    expect(authorizedAgencyId(event({ requestContext: { authorizer: { agencyId: 'gas' } } as never }))).toBe(
      'gas',
    );
    expect(() => authorizedAgencyId(event())).toThrow(HttpError);
  });

  it('reads staff groups in both forms API Gateway uses, and enforces roles', () => {
    const withClaims = (groups: string) =>
      event({
        requestContext: {
          authorizer: { claims: { 'cognito:username': 'ali', 'cognito:groups': groups } },
        } as never,
      });
    expect(staffIdentity(withClaims('reviewer,ops'), ['ops']).groups).toEqual(['reviewer', 'ops']);
    expect(staffIdentity(withClaims('[reviewer supervisor]'), ['supervisor']).groups).toEqual([
      'reviewer',
      'supervisor',
    ]);
    expect(() => staffIdentity(withClaims('operator'), ['admin'])).toThrow(HttpError);
    expect(() => staffIdentity(event(), ['admin'])).toThrow(HttpError);
  });

  it('takes an id from the path, and refuses a missing or overlong one as not found', () => {
    const withPath = (ticketId?: string) =>
      event({ pathParameters: ticketId === undefined ? null : { ticketId } });
    expect(pathId(withPath('01JD7XK'), 'ticketId')).toBe('01JD7XK');
    for (const bad of [undefined, '', 'x'.repeat(65)]) {
      expect(() => pathId(withPath(bad), 'ticketId')).toThrow(expect.objectContaining({ statusCode: 404 }));
    }
  });
});
