import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../support/api-client.ts';
import { cloudContext } from '../support/cloud-context.ts';
import { openBatch } from '../support/letter-batches.ts';

const { services, tokenFor } = cloudContext();
let admin: Record<string, string>;
let operator: Record<string, string>;
beforeAll(async () => {
  admin = { authorization: `Bearer ${await tokenFor('admin')}` };
  operator = { authorization: `Bearer ${await tokenFor('operator')}` };
});
afterAll(() => services.close());

/** An operator opens a batch for a county as written on the pile. */
const batchFor = (county: string) => openBatch(operator, { county });

describe('reference data, edited by administrators', () => {
  it('takes a county edit at once, logs who, when, why, before and after, and refuses a broken one', async () => {
    const read = await call('GET', '/api/v1/admin/reference', { headers: admin });
    expect(read.status).toBe(200);
    const county = read.body.counties.find((c: { code: string }) => c.code === 'DEHLORAN');
    const category = read.body.categories.find((c: { code: string }) => c.code === 'WATER_SEWAGE');

    // Refused, and nothing changes: a path that names another county, a category whose agency
    // does not exist, and an edit without a reason.
    const mismatch = await call('PUT', '/api/v1/admin/counties/MEHRAN', {
      headers: admin,
      body: { value: county, reason: 'typo' },
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error.problems[0].code).toBe('key_mismatch');
    const broken = await call('PUT', '/api/v1/admin/categories/WATER_SEWAGE', {
      headers: admin,
      body: { value: { ...category, defaultAgencyId: 'no-such-agency' }, reason: 'a new agency' },
    });
    expect(broken.status).toBe(400);
    expect(
      (await call('PUT', '/api/v1/admin/counties/DEHLORAN', { headers: admin, body: { value: county } }))
        .status,
    ).toBe(400);
    const unchanged = await call('GET', '/api/v1/admin/reference', { headers: admin });
    expect(unchanged.body).toEqual(read.body);

    // Operators write «موسیان» for the district's villages: an alias of Dehloran from now on.
    const before = await batchFor('موسیان');
    expect(before.status).toBe(400);
    const edited = await call('PUT', '/api/v1/admin/counties/DEHLORAN', {
      headers: admin,
      body: { value: { ...county, aliases: [...county.aliases, 'موسیان'] }, reason: 'نام بخش موسیان' },
    });
    expect(edited.status).toBe(200);
    try {
      const after = await batchFor('موسیان');
      expect(after.status).toBe(201);
      expect(after.body.batch.county).toBe('DEHLORAN');
      const log = await call('GET', '/api/v1/admin/reference/changes', { headers: admin });
      expect(log.body.items[0]).toMatchObject({
        kind: 'COUNTY',
        key: 'DEHLORAN',
        actor: 'admin',
        reason: 'نام بخش موسیان',
        before: { aliases: county.aliases },
        after: { aliases: [...county.aliases, 'موسیان'] },
      });
    } finally {
      await call('PUT', '/api/v1/admin/counties/DEHLORAN', {
        headers: admin,
        body: { value: county, reason: 'the test puts it back' },
      });
    }
  });

  it('is for administrators only', async () => {
    const supervisor = { authorization: `Bearer ${await tokenFor('supervisor')}` };
    expect((await call('GET', '/api/v1/admin/reference', { headers: supervisor })).status).toBe(403);
    expect((await call('PUT', '/api/v1/admin/policy', { headers: operator, body: {} })).status).toBe(403);
  });
});
