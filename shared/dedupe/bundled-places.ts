import { z } from 'zod';
import problems from '../../data/reference/problems.json' with { type: 'json' };
import settlements from '../../data/reference/settlements.json' with { type: 'json' };
import type { GazetteerPlace } from './places.ts';
import type { ProblemConcept } from './problems.ts';

/**
 * The gazetteer of Ilam's settlements (scripts/build-gazetteer.ts) and the problem concept
 * lexicon shipped with the code, validated once at init.
 */
const SettlementsSchema = z.object({
  places: z.array(
    z.object({
      code: z.string(),
      name: z.string().min(1),
      aliases: z.array(z.string()),
      kind: z.enum(['village', 'city']),
      county: z.string(),
    }),
  ),
});
const ProblemsSchema = z.object({
  concepts: z.array(
    z.object({
      id: z.string(),
      categories: z.array(z.string()).min(1),
      phrases: z.array(z.string()).min(1),
      family: z.string().optional(),
    }),
  ),
});

export function bundledSettlements(): GazetteerPlace[] {
  return SettlementsSchema.parse(settlements).places;
}

export function bundledProblems(): ProblemConcept[] {
  return ProblemsSchema.parse(problems).concepts;
}
