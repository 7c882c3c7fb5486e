import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/domain/errors.ts';
import type { StoredScan } from '../../../shared/domain/letter-batch.ts';
import { checkResponseFiles, responseFileKey } from '../../../shared/domain/response-attachments.ts';

const referralId = '01JREFERRAL000000000000000';
const codes = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error.problems.map((p) => [p.path, p.code]);
    throw error;
  }
  return [];
};

describe("an agency's documents", () => {
  const photo = responseFileKey(referralId, 'image/jpeg', '01JFILE0000000000000000000');
  const stored = new Map<string, StoredScan | null>([[photo, { size: 2048, format: 'jpeg' }]]);

  it('are stored under their referral and kept with the size storage holds', () => {
    expect(photo).toBe(`responses/${referralId}/01JFILE0000000000000000000.jpg`);
    expect(checkResponseFiles(referralId, [{ key: photo, contentType: 'image/jpeg' }], stored)).toEqual([
      { key: photo, contentType: 'image/jpeg', size: 2048 },
    ]);
  });

  it('are refused when missing, of another type than claimed, or under another referral', () => {
    const other = responseFileKey('01JOTHER000000000000000000', 'image/png');
    const missing = responseFileKey(referralId, 'application/pdf');
    expect(
      codes(() =>
        checkResponseFiles(
          referralId,
          [
            { key: photo, contentType: 'application/pdf' },
            { key: missing, contentType: 'application/pdf' },
            { key: other, contentType: 'image/png' },
          ],
          new Map([...stored, [other, { size: 1, format: 'png' }]]),
        ),
      ),
    ).toEqual([
      ['attachments[0]', 'scan_content_mismatch'],
      ['attachments[1]', 'scan_not_uploaded'],
      ['attachments[2]', 'invalid_input'],
    ]);
  });
});
