import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { REPO_ROOT } from '../infra/constructs/pasokh-function.ts';
import { ReferenceCatalog } from '../shared/domain/reference.ts';
import { loadSeedReferenceData } from '../shared/reference/seed.ts';

/**
 * `node scripts/build-gazetteer.ts [settlements.jsonl]`: builds data/reference/settlements.json,
 * the gazetteer dedupe matches places against, from the official list of Ilam's settlements
 * (../shared/data/ilam-settlements.jsonl; source and licence in data/reference/README.md).
 * - Counties are mapped to Pasokh's county codes; the district چوار of Ilam county (1399
 *   boundaries) is the county چوار today.
 * - Facilities listed as villages (پاسگاه, چاه, مرغداری, کارخانه …) are left out: nobody writes
 *   from them about a village's water.
 * - A name's notes become other names of the same place: «اواره (بهارستان)» → اواره, بهارستان;
 *   «گوراب علیا/بالا/» → گوراب علیا, گوراب بالا; «(جدید)» is dropped.
 */
const Row = z.object({
  name: z.string(),
  kind: z.enum(['county', 'district', 'rural_district', 'city', 'village']),
  county: z.string().optional(),
  district: z.string().optional(),
  amar_code: z.string(),
});

const FACILITY =
  /(پاسگاه|چاه|مرغداری|ایستگاه|کارخانه|شرکت|مجتمع|گاوداری|پادگان|بیمارستان|(^|\s)سد(\s|$)|سدانحرافی|پالایشگاه|تصفیه|(^|\s)پست(\s|$)|پلیس|مزرعه|سنگ شکن|گلخانه|مقر|مرکز|ناحیه|شهرک صنعتی|دامپروری|کشتارگاه|گشتارگاه|شبکه|دریاچه|پمپ|معدن|کوره|تاسیسات|اداره|پایگاه|زندان|دامداری|استخر|پرورش|کارگاه|انبار|ماکرو|مخابرات|قرارگاه|اردوگاه|(^|\s)پل\s|\d)/;
const QUALIFIERS: Record<string, string> = { بالا: 'علیا', پایین: 'سفلی' };

function names(raw: string): string[] {
  const cleaned = raw.replace(/\(\s*جدید\s*\)/g, '').trim();
  const [main, ...notes] = cleaned
    .split(/[()/]/)
    .map((part) => part.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  if (!main) return [];
  const out = [main];
  for (const note of notes) {
    // «گوراب علیا/بالا/»: the note replaces the qualifier; otherwise it is another name.
    const qualifier = Object.entries(QUALIFIERS).find(([spoken]) => spoken === note);
    if (qualifier) out.push(main.replace(qualifier[1], qualifier[0]));
    else if (note.length >= 3) out.push(note);
  }
  return [...new Set(out)];
}

const source = process.argv[2] ?? join(REPO_ROOT, '..', 'shared', 'data', 'ilam-settlements.jsonl');
const catalog = new ReferenceCatalog(loadSeedReferenceData());
const places = readFileSync(source, 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => Row.parse(JSON.parse(line)))
  .filter((row) => row.kind === 'village' || row.kind === 'city')
  .filter((row) => !FACILITY.test(row.name))
  .map((row) => {
    const countyName =
      row.kind === 'city' && row.name === 'چوار' ? 'چوار' : row.district === 'چوار' ? 'چوار' : row.county;
    const county = countyName ? catalog.resolveCounty(countyName)?.code : undefined;
    if (!county) throw new Error(`no county for ${row.name} (${row.county})`);
    const [name, ...aliases] = names(row.name);
    return { code: row.amar_code, name, aliases, kind: row.kind, county };
  })
  .filter((p) => p.name);
const out = join(REPO_ROOT, 'data', 'reference', 'settlements.json');
writeFileSync(
  out,
  `{"source":"Statistical Centre of Iran, administrative divisions of Mordad 1399, via ahmadazizi/iran-cities v3.0 (MIT, © 2017 Ahmad Azizi)","places":[\n${places.map((p) => JSON.stringify(p)).join(',\n')}\n]}\n`,
);
process.stderr.write(`${places.length} places written to ${out}\n`);
