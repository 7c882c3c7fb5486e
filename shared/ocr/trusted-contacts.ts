import { type ExtractedContacts, extractContacts } from '../persian/extract.ts';
import type { DigitizedDocument } from './document.ts';

/**
 * The contact details a letter's reading can be trusted for: taken only from lines read with at
 * least `minConfidence` (a line whose numbers a second look disagreed on falls below it).
 * `mobileUnsure` says a mobile number was seen, but only on a line that is not trusted.
 */
export function trustedContacts(
  documents: readonly DigitizedDocument[],
  minConfidence: number,
): { contacts: ExtractedContacts; mobileUnsure: boolean } {
  const lines = documents.flatMap((d) => d.pages.flatMap((p) => p.lines));
  const contacts = extractContacts(
    lines
      .filter((line) => line.confidence >= minConfidence)
      .map((line) => line.text)
      .join('\n'),
  );
  const seen = extractContacts(lines.map((line) => line.text).join('\n'));
  return { contacts, mobileUnsure: contacts.mobile === null && seen.mobile !== null };
}
