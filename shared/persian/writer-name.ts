import { normalizePersian } from './normalize.ts';

/**
 * The writer's name in a letter: «اینجانب علی رضایی فرزند …», «نام و نام خانوادگی: …»,
 * «من زهرا کرمی هستم», or the signature under «با تشکر». Two or three name words: with three,
 * the first two are the first name («محمد رضا», «سید علی»). A group («اهالی روستای …») or a
 * phrase that is not a name gives null: a wrong name on a reply is worse than none.
 */
export interface WriterName {
  firstName: string;
  lastName: string;
}

// Words that end a name in «اینجانب X Y …»: what letters say next about the writer.
const AFTER_NAME = new Set(
  [
    'فرزند',
    'فرزندم',
    'به',
    'با',
    'ساکن',
    'دارای',
    'کد',
    'شماره',
    'متولد',
    'از',
    'جهت',
    'که',
    'و',
    'هستم',
    'بازنشسته',
    'کارمند',
    'کشاورز',
    'معلم',
    'همسر',
    'مادر',
    'پدر',
    'اهل',
    'مقیم',
    'در',
    'بعنوان',
    'عضو',
    'نماینده',
  ].map((w) => w.replaceAll('\u200C', '')),
);

// Words that are never part of a person's name here: places, roles, letter formulas.
const NOT_NAME = new Set(
  [
    'اهالی',
    'جمعی',
    'کارکنان',
    'کارگران',
    'روستای',
    'روستا',
    'شهر',
    'محله',
    'شهرک',
    'استان',
    'شهرستان',
    'بخش',
    'ریاست',
    'محترم',
    'جمهوری',
    'جناب',
    'سلام',
    'احترام',
    'تشکر',
    'سپاس',
    'باتشکر',
    'ارادتمند',
    'امضا',
    'امضاء',
    'تاریخ',
    'نشانی',
    'آدرس',
    'تلفن',
    'همراه',
    'موبایل',
    'مشکل',
    'درخواست',
    'لطفا',
    'لطفاً',
    'خواهشمندم',
    'آب',
    'برق',
    'گاز',
    'مدرسه',
    'بیمارستان',
    'شورای',
    'دهیار',
    'اسلامی',
    'ایران',
    'استاندار',
    'فرماندار',
    'رئیس',
    'مدیر',
    'کمک',
    'وام',
    'یک',
    'این',
    'آن',
    'ما',
    'من',
    'بنده',
    'اینجانب',
    'از',
    'شما',
    'تو',
    'او',
    'ممنون',
    'خیلی',
    'متشکرم',
    'سپاسگزارم',
    'مچکرم',
    'ممنونم',
    'است',
    'هست',
    'شود',
    'شد',
    'کنید',
    'نمایید',
    'فرمایید',
    'بفرمایید',
    'باشد',
    'باشید',
    'دارم',
    'داریم',
    'نداریم',
    'خدا',
    'قوت',
    'نباشید',
    'خسته',
    'موفق',
    'پاینده',
    'منتظریم',
    'منتظرم',
    'فوری',
    'رسیدگی',
  ].map((w) => w.replaceAll('\u200C', '')),
);

const TITLES = new Set(['آقای', 'آقا', 'خانم', 'جناب', 'سرکار', 'دکتر', 'مهندس', 'حاج', 'حاجی']);

const WORD = /^[\u0621-\u063A\u0641-\u064A\u067E\u0686\u0698\u06A9\u06AF\u06CC\u200C]{2,20}$/;

function nameOf(words: readonly string[]): WriterName | null {
  const kept = words.filter((w) => !TITLES.has(w));
  if (kept.length < 2 || kept.length > 3) return null;
  // «روستاء»: a comma OCR read as a hamza does not make a word a name.
  const plain = (w: string) => w.replaceAll('\u200C', '').replace(/ء$/, '');
  if (!kept.every((w) => WORD.test(w) && !NOT_NAME.has(plain(w)))) return null;
  return { firstName: kept.slice(0, -1).join(' '), lastName: kept.at(-1) as string };
}

/** Up to three name words after `from`, stopping at the first word that says what follows a name. */
function wordsAfter(tokens: readonly string[], from: number): string[] {
  const words: string[] = [];
  for (let i = from; i < tokens.length && words.length < 4; i++) {
    const token = tokens[i] as string;
    if (AFTER_NAME.has(token.replaceAll('\u200C', ''))) break;
    words.push(token);
  }
  return words;
}

const tokensOf = (line: string) =>
  line
    .replace(/[،,.:؛;!؟?()«»"'\-_/]+/g, ' ')
    .split(/\s+/)
    .filter(Boolean);

export function extractWriterName(input: string): WriterName | null {
  const lines = normalizePersian(input.slice(0, 20_000)).split('\n');
  // «نام و نام خانوادگی: علی رضایی», or «نام: علی» with «نام خانوادگی: رضایی».
  const full = /نام\s*و\s*نام\s*خانوادگی\s*[:：]?\s*([^\n،,]+)/.exec(lines.join('\n'));
  if (full) {
    const found = nameOf(wordsAfter(tokensOf(full[1] as string), 0));
    if (found) return found;
  }
  const first = /(?:^|\n|\s)نام\s*[:：]\s*([^\s\n،,]+(?:\s[^\s\n،,:]+)?)/.exec(lines.join('\n'));
  const last = /نام\s*خانوادگی\s*[:：]\s*([^\s\n،,]+)/.exec(lines.join('\n'));
  if (first && last) {
    const found = nameOf([...tokensOf(first[1] as string), ...tokensOf(last[1] as string)]);
    if (found) return found;
  }
  for (const line of lines) {
    const tokens = tokensOf(line);
    for (const [i, token] of tokens.entries()) {
      // «اینجانب/اینجانبه/بنده علی رضایی …»
      if (/^(اینجانب|اینجانبه|اينجانب|بنده)$/.test(token)) {
        const found = nameOf(wordsAfter(tokens, i + 1));
        if (found) return found;
      }
      // «(من) علی رضایی هستم»
      if (token === 'هستم' && i >= 2) {
        const start = Math.max(0, i - 3);
        const before = tokens.slice(start, i);
        const from = before.lastIndexOf('من');
        const found = nameOf(from >= 0 ? before.slice(from + 1) : before.slice(-2));
        if (found) return found;
      }
    }
  }
  // The signature: a line of name words after the closing formula, or what follows the formula
  // or the last comma on one of the last lines («با احترام، حسین مرادی», «از طرف اهالی، زهرا کرمی»).
  const closing = /(با\s*تشکر|با\s*سپاس|با\s*احترام|ارادتمند|باتشکر)/;
  const at = lines.findIndex((l) => closing.test(l));
  if (at >= 0) {
    for (const line of lines.slice(at + 1, at + 4)) {
      const found = nameOf(tokensOf(line));
      if (found) return found;
    }
  }
  const lastLines = lines.filter((l) => l.trim()).slice(-3);
  for (const line of lastLines.reverse()) {
    const tail = line.split(closing).at(-1) as string;
    const afterComma = tail.split(/[،,]/).at(-1) as string;
    const found = nameOf(tokensOf(afterComma));
    if (found) return found;
    // OCR often loses the comma («روستاء زهرا کرمی»): on a signing line, the last words.
    if (closing.test(line) || /^از\s*طرف/.test(line)) {
      const words = tokensOf(tail);
      const signed = nameOf(words.slice(-3)) ?? nameOf(words.slice(-2));
      if (signed) return signed;
    }
  }
  return null;
}
