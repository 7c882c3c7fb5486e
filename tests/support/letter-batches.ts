import { call } from './api-client.ts';

/**
 * An operator opens a letter batch: at the county's office on a fixed day unless the test says
 * otherwise. The answer is returned whole, for tests that expect a refusal too.
 */
export function openBatch(
  headers: Record<string, string>,
  opening: {
    county: string;
    intakePoint?: { kind: 'CENTER' | 'VISIT_SITE' | 'COUNTY_OFFICE'; id: string; visitId?: string };
    collectedOn?: string;
    language?: 'fa' | 'ar' | 'en';
  },
) {
  return call('POST', '/api/v1/staff/batches', {
    headers,
    body: {
      intakePoint: { kind: 'COUNTY_OFFICE', id: 'office-x' },
      collectedOn: '2026-12-07',
      ...opening,
    },
  });
}
