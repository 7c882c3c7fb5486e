import { paginateScan } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudUrl } from '../support/api-client.ts';
import { cloudContext } from '../support/cloud-context.ts';
import {
  type ApiRoute,
  type Principal,
  principalClients,
  routeKey,
  routeTable,
  type Sent,
} from '../support/principals.ts';
import { closeViewers, fetchAs } from '../support/viewers.ts';

/**
 * Hostile input against every route of the running cloud's route table, sent as a caller the
 * route admits (so it reaches the function, not only the gateway): every answer is a 4xx with a
 * bilingual error and nothing of what was sent is stored. A new route joins by being in the table.
 */
const { dataDir, services, credentials } = cloudContext();
const routes = routeTable(dataDir).filter(
  // API Gateway's own mock integration: it reads nothing of the request.
  (route) => route.resourcePath !== '/health',
);
const RUNS_PER_ROUTE = 30;
/** Marks everything one run sends, so the table can be searched for any of it afterwards. */
const MARK = `fz${Date.now().toString(36)}`;

const callerOf = (route: ApiRoute): Principal =>
  (({ NONE: 'anonymous', CUSTOM: 'agency-a', COGNITO_USER_POOLS: 'admin', AWS_IAM: 'ops' }) as const)[
    route.authorization
  ];

/** Strings an attacker tries: traversal, markup, controls, bidi overrides, injections, sheer size. */
const hostileString = fc
  .oneof(
    fc.constantFrom(
      '../../../etc/passwd',
      '..\\..\\windows\\win.ini',
      'uploads/../batches/01HZY/letter-001/page-01.png',
      '<script>alert(1)</script>',
      '"><img src=x onerror=alert(document.cookie)>',
      'javascript:alert(1)',
      '\u202Eexe.txt\u202C',
      '\u2066\u2067\u2068\u2069\u200F',
      '\u0000\u001b[2J\u0007\u0008',
      "' OR '1'='1' --",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a log4j lookup, sent as text on purpose
      '${jndi:ldap://127.0.0.1/a}',
      '{{7*7}}',
      '%00%2e%2e%2f',
      '\uD800',
    ),
    fc.string({ unit: 'binary', maxLength: 64 }),
    fc.string({
      unit: fc.constantFrom('\u0000', '\u001f', '\u202e', '\u200b', '<', '>', '"', "'", '&', '/', '\\'),
      maxLength: 40,
    }),
    fc.integer({ min: 20_000, max: 120_000 }).map((n) => 'ب'.repeat(n)),
  )
  .map((s) => `${s}${MARK}`);

const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(hostileString, fc.constantFrom('citizen', 'text', 'county', '__proto__', 'constructor')),
      tie('value'),
      { maxKeys: 5 },
    ),
  ),
})).value;

interface HostileBody {
  kind: string;
  body: string | Buffer;
  contentType?: string;
}

/** Bodies no route may take: malformed, deeply nested, invalid UTF-8, mistyped, or shaped wrong. */
const hostileBody: fc.Arbitrary<HostileBody> = fc.oneof(
  fc
    .constantFrom('{', '{"citizen":', '[1,2', 'nul', '{"a":1,}', "{'a':1}", '{"text":"\\ud800"')
    .map((b) => ({ kind: 'malformed JSON', body: `${b}"${MARK}` })),
  fc
    .integer({ min: 100, max: 20_000 })
    .map((depth) => ({ kind: 'deep nesting', body: `${'['.repeat(depth)}"${MARK}"${']'.repeat(depth)}` })),
  fc
    .constantFrom([0xc3, 0x28], [0xa0, 0xa1], [0xe2, 0x28, 0xa1], [0xf0, 0x28, 0x8c, 0xbc], [0xff])
    .map((bytes) => ({
      kind: 'invalid UTF-8',
      body: Buffer.concat([Buffer.from(`{"text":"${MARK}`), Buffer.from(bytes), Buffer.from('"}')]),
    })),
  fc
    .tuple(
      fc.constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'text/html',
        'application/xml',
      ),
      jsonValue,
    )
    .map(([contentType, value]) => ({
      kind: 'wrong content type',
      contentType,
      body: JSON.stringify({ text: MARK, value }),
    })),
  fc
    .dictionary(
      fc.oneof(hostileString, fc.constantFrom('citizen', 'text', 'county', 'decision', 'letters')),
      jsonValue,
      { minKeys: 1, maxKeys: 6 },
    )
    .map((value) => ({ kind: 'hostile JSON', body: JSON.stringify({ [MARK]: MARK, ...value }) })),
  jsonValue.map((value) => ({ kind: 'hostile JSON', body: JSON.stringify([MARK, value]) })),
);

const hostileQuery = fc.dictionary(
  fc.oneof(hostileString, fc.constantFrom('status', 'limit', 'mobile', 'reveal', 'ticket')),
  hostileString,
  { minKeys: 1, maxKeys: 4 },
);

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function path(route: ApiRoute, params: string[], query: Record<string, string> | undefined): string {
  let i = 0;
  // A lone surrogate cannot be sent as UTF-8 at all: a client sends U+FFFD in its place.
  const filled = route.resourcePath.replace(/\{\w+\}/g, () =>
    encodeURIComponent((params[i++] ?? MARK).replace(LONE_SURROGATE, '\uFFFD')),
  );
  return query ? `${filled}?${new URLSearchParams(query)}` : filled;
}

/** A clear refusal: a 4xx, JSON, an error code, and a message in Persian and in English. */
function problemWith(sent: Sent): string | undefined {
  if (sent.status < 400 || sent.status >= 500) return `status ${sent.status}`;
  if (!/^application\/json/.test(sent.headers.get('content-type') ?? ''))
    return `${sent.status} not JSON (${sent.headers.get('content-type')})`;
  let body: { error?: { code?: unknown; message?: { fa?: unknown; en?: unknown } } };
  try {
    body = JSON.parse(sent.text);
  } catch {
    return 'unparseable body';
  }
  const { code, message } = body.error ?? {};
  if (typeof code !== 'string' || !code) return 'no error code';
  if (typeof message?.fa !== 'string' || !/[\u0600-\u06FF]/.test(message.fa)) return 'no Persian message';
  if (typeof message?.en !== 'string' || !message.en) return 'no English message';
  return undefined;
}

let send: Awaited<ReturnType<typeof principalClients>>;
beforeAll(async () => {
  // Its own viewer: the public routes' rate limits count this run apart from the other tests.
  send = await principalClients(
    cloudUrl(),
    credentials,
    { a: 'water-wastewater', b: 'gas' },
    fetchAs(700) as never,
  );
});
afterAll(closeViewers);

describe('hostile input on every route', () => {
  it.each(routes.map((route) => [routeKey(route), route] as const))('%s', async (_key, route) => {
    const parameters = (route.resourcePath.match(/\{\w+\}/g) ?? []).length;
    const bodied = route.method !== 'GET' && route.method !== 'DELETE';
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.array(hostileString, { minLength: parameters, maxLength: parameters }),
        bodied ? hostileBody : fc.constant(undefined),
        // A route without parameters or a body can only be attacked through its query string.
        parameters || bodied ? fc.option(hostileQuery, { nil: undefined }) : hostileQuery,
        async (params, body, query) => {
          const sent = await send(callerOf(route), route, path(route, params, query), {
            ...(body
              ? { body: body.body, ...(body.contentType ? { contentType: body.contentType } : {}) }
              : {}),
          });
          const problem = problemWith(sent);
          // Every case runs and every failure is listed (a huge counterexample helps nobody).
          if (problem)
            failures.push(
              `${body?.kind ?? 'path/query'} (${params.map((p) => p.slice(0, 30)).join(', ')}): ${problem}: ${sent.text.slice(0, 160)}`,
            );
        },
      ),
      { numRuns: RUNS_PER_ROUTE },
    );
    expect(failures).toEqual([]);
  });

  it('stored nothing of what it sent', async () => {
    let hits = 0;
    for await (const page of paginateScan({ client: services.client }, { TableName: services.tableName }))
      for (const item of page.Items ?? []) if (JSON.stringify(item).includes(MARK)) hits++;
    expect(hits).toBe(0);
  });
});
