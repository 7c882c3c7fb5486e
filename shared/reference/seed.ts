import agencies from '../../data/reference/agencies.json' with { type: 'json' };
import categories from '../../data/reference/categories.json' with { type: 'json' };
import counties from '../../data/reference/counties.json' with { type: 'json' };
import policy from '../../data/reference/policy.json' with { type: 'json' };
import { type ReferenceData, ReferenceDataSchema } from '../domain/reference.ts';
import { parseInput } from '../domain/validation.ts';

/** The reference data Pasokh is seeded with (data/reference), validated once at load. */
export function loadSeedReferenceData(): ReferenceData {
  return parseInput(ReferenceDataSchema, { agencies, categories, counties, policy });
}
