import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { loadSeedReferenceData } from '../../shared/reference/seed.ts';
import { DynamoDbReferenceStore } from '../../shared/store/dynamodb/dynamodb-reference-store.ts';
import { freshTable } from '../support/dynamodb.ts';

describe('reference data store', () => {
  it('seeds the reference data and loads it back', async () => {
    const { doc, tableName } = await freshTable();
    const store = new DynamoDbReferenceStore({ client: doc, tableName });
    const seed = loadSeedReferenceData();
    const written = await store.seed(seed);
    expect(written).toBe(seed.categories.length + seed.agencies.length + seed.counties.length + 1);
    const loaded = await store.load();
    const byKey = <T>(items: T[], key: (t: T) => string) =>
      [...items].sort((a, b) => key(a).localeCompare(key(b)));
    expect(byKey(loaded.categories, (c) => c.code)).toEqual(byKey(seed.categories, (c) => c.code));
    expect(byKey(loaded.agencies, (a) => a.id)).toEqual(byKey(seed.agencies, (a) => a.id));
    expect(byKey(loaded.counties, (c) => c.code)).toEqual(byKey(seed.counties, (c) => c.code));
    expect(loaded.policy).toEqual(seed.policy);
  });

  it("re-seeding keeps an administrator's edit", async () => {
    const { doc, tableName } = await freshTable();
    const store = new DynamoDbReferenceStore({ client: doc, tableName });
    const seed = loadSeedReferenceData();
    await store.seed(seed);
    await doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: 'REF#CATEGORY', sk: 'GAS' },
        UpdateExpression: 'SET slaWorkingDays = :days',
        ExpressionAttributeValues: { ':days': 3 },
      }),
    );
    expect(await store.seed(seed)).toBe(0);
    const gas = (await store.load()).categories.find((c) => c.code === 'GAS');
    expect(gas?.slaWorkingDays).toBe(3);
  });
});
