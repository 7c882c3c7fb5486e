import { z } from 'zod';
import { normalizeMobile } from '../persian/mobile.ts';
import { normalizeNationalId } from '../persian/national-id.ts';
import { normalizePersian } from '../persian/normalize.ts';

/** A person's name: letters (any script), spaces, ZWNJ, hyphen and apostrophe; normalized. */
export const PersonNameSchema = z
  .string()
  .transform((value) => normalizePersian(value))
  .pipe(
    z
      .string()
      .min(1, { message: 'required', abort: true })
      .max(60)
      .regex(/^[\p{L}\p{M}][\p{L}\p{M}\s\u200C'\-.]*$/u, 'invalid_name'),
  );

/** A string normalized by `normalize`, or refused with `messageKey` when it returns null. */
function normalizedWith(normalize: (value: string) => string | null, messageKey: string, maxLength: number) {
  return z
    .string()
    .max(maxLength)
    .transform((value, ctx) => {
      const normalized = normalize(value);
      if (normalized === null) {
        ctx.addIssue({ code: 'custom', message: messageKey });
        return z.NEVER;
      }
      return normalized;
    });
}

/** Mobile in any digit script and common international forms, stored as 09xxxxxxxxx. */
export const MobileSchema = normalizedWith(normalizeMobile, 'invalid_mobile', 32);

/** National ID in any digit script, stored as ten ASCII digits. */
export const NationalIdSchema = normalizedWith(normalizeNationalId, 'invalid_national_id', 20);

/** What a citizen (or an operator for them) gives at registration. */
export const CitizenInputSchema = z.strictObject({
  firstName: PersonNameSchema,
  lastName: PersonNameSchema,
  mobile: MobileSchema,
  nationalId: NationalIdSchema.optional(),
});
export type CitizenInput = z.infer<typeof CitizenInputSchema>;

/**
 * The citizen as stored on a ticket. Paper letters arrive before anyone has read the name or
 * the number, so every field may be null until OCR or a reviewer fills it.
 */
export const CitizenContactSchema = z.object({
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  mobile: z
    .string()
    .regex(/^09\d{9}$/)
    .nullable(),
  nationalId: z
    .string()
    .regex(/^\d{10}$/)
    .nullable(),
});
export type CitizenContact = z.infer<typeof CitizenContactSchema>;

/**
 * Keyed one-way hashes of identity values, so tickets can be found by citizen without a raw
 * national ID or mobile in any index key. The key is a secret held outside the table.
 */
export interface IdentityHasher {
  mobile(mobile: string): string;
  nationalId(nationalId: string): string;
}

export interface CitizenIdentityKeys {
  mobileHash: string | null;
  nationalIdHash: string | null;
}

export function identityKeys(citizen: CitizenContact, hasher: IdentityHasher): CitizenIdentityKeys {
  return {
    mobileHash: citizen.mobile ? hasher.mobile(citizen.mobile) : null,
    nationalIdHash: citizen.nationalId ? hasher.nationalId(citizen.nationalId) : null,
  };
}
