import { z } from 'zod';
import { CitizenInputSchema } from './citizen.ts';
import type { ReferenceCatalog } from './reference.ts';
import {
  ADDRESS_MAX_CHARS,
  AttachmentSchema,
  LocationSchema,
  RequestTextSchema,
  SUBJECT_MAX_CHARS,
} from './ticket.ts';

/**
 * Ilam province's extent with a margin of about 10 km (lat 31.98–34.25 N, lon 45.40–48.10 E):
 * a point outside it is a mistake or a probe, never a request this center can act on.
 */
const PROVINCE_BOUNDS = { south: 31.88, north: 34.35, west: 45.3, east: 48.2 } as const;
const inProvince = ({ lat, lon }: { lat: number; lon: number }) =>
  lat >= PROVINCE_BOUNDS.south &&
  lat <= PROVINCE_BOUNDS.north &&
  lon >= PROVINCE_BOUNDS.west &&
  lon <= PROVINCE_BOUNDS.east;

/**
 * A citizen's attachment names an object under the citizens' upload area only: never a key of
 * the scans operators upload (batches/…) or anything else in the bucket, which reviewers' views
 * would then serve as this request's. Upload slots are per-upload ULIDs, not guessable.
 */
const CitizenAttachmentSchema = AttachmentSchema.extend({
  key: z
    .string()
    .max(200)
    .regex(/^uploads\/web\/[0-9A-HJKMNP-TV-Z]{26}\/[A-Za-z0-9._-]{1,100}$/, 'attachment_key_not_allowed')
    .refine((key) => !key.includes('..'), 'attachment_key_not_allowed'),
});

/**
 * The body of `POST /api/v1/requests` (SPEC §5): what a citizen, or an operator for them, sends.
 * Unknown fields are refused, so a typo in a field name is an error rather than lost data.
 * The county may be written as its code, its Persian or English name, or a known alias.
 */
export function submitRequestSchema(catalog: ReferenceCatalog) {
  return z.strictObject({
    citizen: CitizenInputSchema,
    county: z
      .string()
      .max(60)
      .transform((value, ctx) => {
        const county = catalog.resolveCounty(value);
        if (!county) {
          ctx.addIssue({ code: 'custom', message: 'unknown_county' });
          return z.NEVER;
        }
        return county.code;
      }),
    text: RequestTextSchema,
    subject: z.string().max(SUBJECT_MAX_CHARS).optional(),
    address: z.string().max(ADDRESS_MAX_CHARS).optional(),
    location: LocationSchema.refine(inProvince, 'outside_province').optional(),
    attachments: z.array(CitizenAttachmentSchema).max(10).optional(),
    consentToPublish: z.boolean().optional(),
  });
}
export type SubmitRequest = z.infer<ReturnType<typeof submitRequestSchema>>;
