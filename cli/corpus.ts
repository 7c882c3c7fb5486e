import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { REPO_ROOT } from '../infra/constructs/pasokh-function.ts';

/** The labelled corpus (data/corpus) and reviewers' labels exported from the center. */
export const STYLES = ['formal', 'web', 'colloquial', 'phone', 'long'] as const;
export type Style = (typeof STYLES)[number];

export const LabelledRequestSchema = z.object({
  id: z.string(),
  text: z.string(),
  category: z.string(),
  urgent: z.boolean().default(false),
  county: z.string().optional(),
  duplicateGroup: z.string().nullable().optional(),
  style: z.enum(STYLES).optional(),
  split: z.enum(['train', 'test']).default('train'),
  /** Where the text came from: the phrase-bank generator, written by hand, or reviewers' labels. */
  source: z.enum(['generated', 'handwritten', 'reviewed']).default('reviewed'),
  /** The contact details a reader finds in the text (hand-written requests only; null: none). */
  contacts: z
    .object({
      mobile: z.string().nullable(),
      nationalId: z.string().nullable(),
      postalCode: z.string().nullable(),
    })
    .optional(),
});
export type LabelledRequest = z.infer<typeof LabelledRequestSchema>;

export const CORPUS_FILE = join(REPO_ROOT, 'data', 'corpus', 'requests.jsonl');
export const HANDWRITTEN_DIR = join(REPO_ROOT, 'data', 'corpus', 'handwritten');
export const MODEL_FILE = join(REPO_ROOT, 'data', 'model', 'classifier.json');

export function readLabelled(file: string): LabelledRequest[] {
  const source = file === CORPUS_FILE ? 'generated' : 'reviewed';
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line, i) => {
      const parsed = LabelledRequestSchema.safeParse({ source, ...JSON.parse(line) });
      if (!parsed.success) throw new Error(`${file}:${i + 1}: not a labelled request`);
      return parsed.data;
    });
}

const COUNTY_CODE = /^[A-Z]+$/;

/**
 * The hand-written requests (data/corpus/handwritten/<CATEGORY>[.<part>].txt): each starts with a header
 * line `## <style> <COUNTY> [U] [g=<group>] [c=<CATEGORY>] [m=<mobile>] [n=<national ID>]
 * [p=<postal code>]` and runs to the next header. U marks an urgent request; g= names a
 * duplicate group (same place and problem) within the request's category; c= overrides the file's category.
 * Held-out split (a fifth) by a hash of the group, or of the id, so a group is never split.
 */
export function readHandwritten(dir = HANDWRITTEN_DIR): LabelledRequest[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort();
  return files.flatMap((file) => {
    const fileCategory = basename(file, '.txt').split('.')[0] as string;
    const part = basename(file, '.txt').split('.')[1];
    const entries: LabelledRequest[] = [];
    let current: { header: string[]; lines: string[]; line: number } | null = null;
    const flush = () => {
      if (!current) return;
      const [style, ...tokens] = current.header;
      const value = (key: string) =>
        tokens.find((t) => t.startsWith(`${key}=`))?.slice(key.length + 1) ?? null;
      const id = `H-${fileCategory}${part ? `.${part}` : ''}-${String(entries.length + 1).padStart(3, '0')}`;
      const category = value('c') ?? fileCategory;
      const group = value('g');
      // Groups are named within a category, so a file of mixed requests can add to one.
      const duplicateGroup = group ? `H-${category}-${group}` : null;
      const parsed = LabelledRequestSchema.safeParse({
        id,
        text: current.lines.join('\n').trim(),
        category,
        urgent: tokens.includes('U'),
        county: tokens.find((t) => COUNTY_CODE.test(t) && t !== 'U'),
        duplicateGroup,
        style,
        split: wellMixedFraction(duplicateGroup ?? id) < 0.2 ? 'test' : 'train',
        source: 'handwritten',
        contacts: { mobile: value('m'), nationalId: value('n'), postalCode: value('p') },
      });
      if (!parsed.success || !parsed.data.text)
        throw new Error(
          `${file}:${current.line}: not a hand-written request (${parsed.error?.message ?? 'empty'})`,
        );
      entries.push(parsed.data);
    };
    for (const [i, line] of readFileSync(join(dir, file), 'utf8').split('\n').entries()) {
      if (line.startsWith('## ')) {
        flush();
        current = { header: line.slice(3).trim().split(/\s+/), lines: [], line: i + 1 };
      } else if (current) current.lines.push(line);
    }
    flush();
    return entries;
  });
}

/**
 * A stable fraction of an id from a cryptographic hash: ids that differ only in their last
 * digits spread evenly (FNV-1a's top bits, below, barely move for them).
 */
export function wellMixedFraction(id: string): number {
  return createHash('sha256').update(id).digest().readUInt32BE(0) / 4294967296;
}

/** A stable pseudo-random fraction of an id, for splits that never change. */
export function fractionOf(id: string): number {
  let h = 2166136261;
  for (const ch of id) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return (h >>> 0) / 4294967296;
}
