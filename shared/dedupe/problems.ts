import { matchingKey } from '../persian/normalize.ts';
import { stemsOf } from '../persian/word-forms.ts';

/**
 * The concrete problems a request names, from the concept lexicon (data/reference/problems.json):
 * «ترانس سوخته», «برق رفته» and «خاموشی» are all a power problem of one kind, however a writer
 * puts it. A concept is found when every word of one of its phrases is in the text, each as itself
 * or a form of it («سوخته» for «سوخت»), within a few words of the first.
 */
export interface ProblemConcept {
  id: string;
  /** The categories whose agencies handle this problem. */
  categories: string[];
  phrases: string[];
  /** Concepts of one family are one problem at one place (the pump, the tank or the pipe of a
   * village's water supply). */
  family?: string;
}

const WINDOW = 7;

/** Matching-key words, with a ZWNJ read as a space: «شیمی‌درمانی» is «شیمی» «درمانی». */
const wordsOf = (text: string) => matchingKey(text.replaceAll('\u200C', ' ')).split(' ').filter(Boolean);

export class ProblemLexicon {
  private readonly concepts: Array<{
    id: string;
    categories: string[];
    phrases: string[][];
    problem: string;
  }>;

  constructor(concepts: readonly ProblemConcept[]) {
    this.concepts = concepts.map((c) => ({
      id: c.id,
      categories: c.categories,
      phrases: c.phrases.map((p) => wordsOf(p)),
      problem: c.family ?? c.id,
    }));
  }

  /**
   * The concept ids a text names, those of `category` first (a request's own agency's problems
   * say most about it), each group in lexicon order.
   */
  find(text: string, category: string | null = null): string[] {
    // Where each stem stands in the text, so a phrase is checked by lookups, not by scanning.
    const at = new Map<string, number[]>();
    wordsOf(text.slice(0, 20_000)).forEach((word, i) => {
      for (const stem of stemsOf(word)) {
        const list = at.get(stem);
        if (list) list.push(i);
        else at.set(stem, [i]);
      }
    });
    const own: string[] = [];
    const other: string[] = [];
    for (const concept of this.concepts) {
      if (!concept.phrases.some((phrase) => contains(at, phrase))) continue;
      (category && concept.categories.includes(category) ? own : other).push(concept.id);
    }
    return [...own, ...other];
  }

  /** The problem concept `id` stands for: its family's, or its own. */
  problemOf(id: string): string {
    return this.concepts.find((c) => c.id === id)?.problem ?? id;
  }

  /** Whether concept `id` is a problem of `category`. */
  belongsTo(id: string, category: string): boolean {
    return this.concepts.find((c) => c.id === id)?.categories.includes(category) ?? false;
  }
}

/** Every word of `phrase` within WINDOW words of one place where its first word stands. */
function contains(at: ReadonlyMap<string, readonly number[]>, phrase: readonly string[]): boolean {
  const [first, ...rest] = phrase;
  const starts = first ? at.get(first) : undefined;
  if (!starts) return false;
  return starts.some((i) => rest.every((w) => at.get(w)?.some((j) => Math.abs(j - i) <= WINDOW) ?? false));
}
