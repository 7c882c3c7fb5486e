import { ulid } from 'ulid';
import { z } from 'zod';
import { type FieldProblem, ValidationError } from './errors.ts';
import type { StoredScan } from './letter-batch.ts';
import { message } from './messages.ts';
import type { Attachment } from './ticket.ts';

/**
 * Documents an agency attaches to its answer (a photo of the repaired pipe, the signed letter of
 * the decision): uploaded straight to storage with presigned URLs under the referral, then named
 * in the response, which checks each is there and is what it claims.
 */
export const RESPONSE_FILE_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type ResponseFileType = (typeof RESPONSE_FILE_TYPES)[number];
export const RESPONSE_FILE_MAX_MB = 20;
export const RESPONSE_FILES_MAX = 5;

const EXTENSION: Record<ResponseFileType, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
};
const FORMAT: Record<ResponseFileType, StoredScan['format']> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpeg',
  'image/png': 'png',
};

export const ResponseUploadsSchema = z.strictObject({
  files: z
    .array(
      z.strictObject({
        contentType: z.enum(RESPONSE_FILE_TYPES),
        size: z
          .number()
          .int()
          .min(1)
          .max(RESPONSE_FILE_MAX_MB * 1024 * 1024),
      }),
    )
    .min(1)
    .max(RESPONSE_FILES_MAX),
});

/** Where an agency's file for one referral is stored: under the referral, never the citizen. */
export function responseFileKey(
  referralId: string,
  contentType: ResponseFileType,
  id: string = ulid(),
): string {
  return `responses/${referralId}/${id}.${EXTENSION[contentType]}`;
}

/** A file as the response names it: the key its upload URL was issued for. */
export const ResponseFileSchema = z.strictObject({
  key: z.string().regex(/^responses\/[0-9A-Z]{26}\/[0-9A-Z]{26}\.(pdf|jpg|png)$/, 'invalid_input'),
  contentType: z.enum(RESPONSE_FILE_TYPES),
});

/**
 * The files a response names, checked against what storage holds: under this referral, uploaded,
 * and of the format they claim (by their first bytes). Throws naming each one that is not.
 */
export function checkResponseFiles(
  referralId: string,
  files: ReadonlyArray<z.output<typeof ResponseFileSchema>>,
  stored: ReadonlyMap<string, StoredScan | null>,
): Attachment[] {
  const problems: FieldProblem[] = [];
  files.forEach((file, i) => {
    const path = `attachments[${i}]`;
    const scan = stored.get(file.key) ?? null;
    if (!file.key.startsWith(`responses/${referralId}/`)) {
      problems.push({ path, code: 'invalid_input', message: message('invalid_input') });
    } else if (scan === null) {
      problems.push({ path, code: 'scan_not_uploaded', message: message('scan_not_uploaded') });
    } else if (scan.format !== FORMAT[file.contentType]) {
      problems.push({
        path,
        code: 'scan_content_mismatch',
        message: message('scan_content_mismatch', { type: file.contentType }),
      });
    }
  });
  if (problems.length) throw new ValidationError(problems);
  return files.map((file) => ({
    key: file.key,
    contentType: file.contentType,
    size: stored.get(file.key)?.size ?? 0,
  }));
}
