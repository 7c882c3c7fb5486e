import { type ExtractedContacts, extractContacts } from '../persian/extract.ts';
import { extractWriterName, type WriterName } from '../persian/writer-name.ts';
import type { DigitizedDocument } from './document.ts';

/**
 * The contact details a letter's reading can be trusted for: taken only from lines read with at
 * least `minConfidence` (a line whose numbers a second look disagreed on falls below it), and the
 * writer's name from the same lines. `mobileUnsure` says a mobile number was seen, but only on a
 * line that is not trusted.
 */
export function trustedContacts(
  documents: readonly DigitizedDocument[],
  minConfidence: number,
): { contacts: ExtractedContacts; name: WriterName | null; mobileUnsure: boolean } {
  const lines = documents.flatMap((d) => d.pages.flatMap((p) => p.lines));
  const trusted = lines
    .filter((line) => line.confidence >= minConfidence)
    .map((line) => line.text)
    .join('\n');
  const contacts = extractContacts(trusted);
  const seen = extractContacts(lines.map((line) => line.text).join('\n'));
  return {
    contacts,
    name: extractWriterName(trusted),
    mobileUnsure: contacts.mobile === null && seen.mobile !== null,
  };
}
