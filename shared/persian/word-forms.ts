/**
 * The endings Persian words take (plural, possessive, verbal, «ست»/«س» of speech), on matching
 * keys where ZWNJ is gone: «لوله‌ها» → «لولهها» is «لوله» + «ها», «سوخته» is «سوخت» + «ه».
 * «کودک» is not «کود» + anything, nor «پلیس» «پل».
 */
const ENDINGS = new Set([
  '',
  'ه',
  'ها',
  'های',
  'هایی',
  'هاش',
  'ی',
  'یی',
  'ای',
  'ش',
  'م',
  'مان',
  'مون',
  'تان',
  'تون',
  'شان',
  'شون',
  'ست',
  'س',
  'ن',
  'ند',
  'ید',
  'یم',
  'د',
  'ده',
  'دن',
  'یدن',
  'یده',
  'یدند',
  'گی',
  'ات',
  'ان',
  'ین',
  'ت',
  'ه‌اند',
  'هاند',
  'یه',
  'اش',
  // Spoken plural: «آشغالا», «زمینا».
  'ا',
]);

/** Every stem `word` may be a form of (itself included). */
export function stemsOf(word: string): string[] {
  const stems: string[] = [];
  for (const ending of ENDINGS)
    if (word.length > ending.length && word.endsWith(ending))
      stems.push(word.slice(0, word.length - ending.length));
  return stems;
}
