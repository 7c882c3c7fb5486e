import type { Classifier } from '../classifier/classifier.ts';
import type { ReferenceCatalog } from '../domain/reference.ts';
import { fingerprint, Gazetteer } from './fingerprint.ts';
import type { DedupeCandidate } from './matcher.ts';

/** Builds the dedupe view of a request from its text, as the CLI and the workflow both do. */
export class DedupeFingerprinter {
  private readonly gazetteer: Gazetteer;
  private readonly catalog: ReferenceCatalog;
  private readonly classifier: Classifier;

  constructor(catalog: ReferenceCatalog, classifier: Classifier) {
    this.catalog = catalog;
    this.classifier = classifier;
    this.gazetteer = new Gazetteer(catalog.data.counties);
  }

  candidate(input: {
    text: string;
    county?: string | null;
    category?: string | null;
    receivedAt?: string;
    citizenKey?: string | null;
  }): DedupeCandidate {
    const county = input.county ? (this.catalog.resolveCounty(input.county)?.code ?? null) : null;
    const category = input.category ?? this.classifier.classify(input.text).category;
    return {
      fingerprint: fingerprint(input.text, {
        ...(county ? { county } : {}),
        category,
        gazetteer: this.gazetteer,
      }),
      county,
      category,
      receivedAt: input.receivedAt ?? new Date(0).toISOString(),
      citizenKey: input.citizenKey ?? null,
    };
  }
}
