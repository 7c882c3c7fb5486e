import type { Classifier } from '../classifier/classifier.ts';
import { requestParts } from '../classifier/features.ts';
import type { ReferenceCatalog } from '../domain/reference.ts';
import { bundledProblems, bundledSettlements } from './bundled-places.ts';
import { contentTerms, lookupKeys, sketchOf, stemOf, termHash } from './fingerprint.ts';
import type { DedupeCandidate, TermStatistics } from './matcher.ts';
import { findPlaces, Gazetteer, type GazetteerPlace } from './places.ts';
import { ProblemLexicon } from './problems.ts';

const PLAIN_WORD_LETTERS = 25;
/** The category a classifier falls back to; its requests keep every problem they name. */
const UNSURE_CATEGORY = 'GENERAL';

/**
 * Builds the dedupe view of a request from its text, as the CLI, the evaluation and the workflow
 * all do: its places (the official settlements plus the places administrators list per county),
 * the problems it names of its own category, a sketch of its rarest terms and its lookup keys.
 */
export class DedupeFingerprinter {
  private readonly gazetteer: Gazetteer;
  private readonly problems: ProblemLexicon;
  private readonly catalog: ReferenceCatalog;
  private readonly classifier: Classifier;
  private readonly stats: TermStatistics;

  constructor(catalog: ReferenceCatalog, classifier: Classifier, stats: TermStatistics) {
    this.catalog = catalog;
    this.classifier = classifier;
    this.stats = stats;
    const listed: GazetteerPlace[] = catalog.data.counties.flatMap((county) =>
      county.places.map((name, i) => ({
        code: `${county.code}-${i}`,
        name,
        aliases: [],
        kind: name === county.nameFa ? ('city' as const) : ('village' as const),
        county: county.code,
      })),
    );
    this.gazetteer = new Gazetteer([...bundledSettlements(), ...listed]);
    this.problems = new ProblemLexicon(bundledProblems());
  }

  /** Seen in this many training letters, a word is a plain word, not a place nobody listed. */
  private readonly isPlainWord = (word: string) =>
    (this.stats.frequency.get(termHash(stemOf(word))) ?? 0) >= PLAIN_WORD_LETTERS;

  candidate(input: {
    text: string;
    county?: string | null;
    category?: string | null;
    receivedAt?: string;
    citizenKey?: string | null;
  }): DedupeCandidate {
    const given = input.county ? (this.catalog.resolveCounty(input.county)?.code ?? null) : null;
    const category = input.category ?? this.classifier.classify(input.text).category;
    const { places, towns, county } = findPlaces(input.text, given, this.gazetteer, this.isPlainWord);
    // A long letter's side issues are not its problem: the main request names it.
    const named = this.problems.find(requestParts(input.text).main ?? input.text, category);
    // Only the problems of the request's own agency, so a school's cracked roof and a house's
    // cracked wall in one village stay two issues; an unsure category keeps them all.
    const own =
      category && category !== UNSURE_CATEGORY
        ? named.filter((c) => this.problems.belongsTo(c, category))
        : named;
    const concepts = [...new Set(own.map((c) => this.problems.problemOf(c)))];
    const sketch = sketchOf(contentTerms(input.text), this.stats);
    const citizenKey = input.citizenKey ?? null;
    return {
      fingerprint: {
        places,
        towns,
        concepts,
        sketch,
        lookupKeys: lookupKeys({ county, category, places, towns, concepts, citizenKey }),
      },
      county,
      category,
      receivedAt: input.receivedAt ?? new Date(0).toISOString(),
      citizenKey,
    };
  }
}
