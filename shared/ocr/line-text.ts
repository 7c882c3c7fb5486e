import { toAsciiDigits } from '../persian/digits.ts';
import { normalizePersian } from '../persian/normalize.ts';

// A number stands before these words («۹ نفر», «۹ سال») and after these («کلاس ۹», «ساعت ۹»).
const COUNTED = new Set(
  'نفر سال ماه روز هفته ساعت دقیقه کیلومتر متر هکتار درصد هزار میلیون میلیارد تومان ریال خانوار بار عدد راس رأس تن کیلو لیتر اصله واحد مورد فرزند'.split(
    ' ',
  ),
);
const COUNTING = new Set('ساعت کلاس پایه پلاک واحد طبقه ردیف بند ماده مدت حدود تعداد'.split(' '));

/**
 * A line as OCR engines report it: normalized Persian, digits folded to ASCII, and the conjunction
 * «و» put back where the engine read it as the digit 9 (the two are one stroke apart). A lone 9
 * beside a word is «و» unless the words around it count something («۹ نفر», «کلاس ۹»): left as
 * a digit it would join the number before it to the next («۰۹۱۸۱۲۳۴۵۶۷ و کد ملی …»). A lone 9
 * after a digit group with no word beside it stays: it may be the last group of a number.
 */
export function ocrLineText(raw: string): string {
  const words = toAsciiDigits(normalizePersian(raw)).split(' ');
  return words
    .map((word, i) => {
      if (word !== '9') return word;
      const before = words[i - 1] ?? '';
      const after = words[i + 1] ?? '';
      if (COUNTED.has(after) || COUNTING.has(before)) return word;
      // Beside a word, a lone 9 is «و»; between or after digit groups it may be a number's tail.
      const persian = (w: string) => /[\u0600-\u06FF]/.test(w);
      return persian(before) || persian(after) ? 'و' : word;
    })
    .join(' ');
}
