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
    location: LocationSchema.optional(),
    attachments: z.array(AttachmentSchema).max(10).optional(),
    consentToPublish: z.boolean().optional(),
  });
}
export type SubmitRequest = z.infer<ReturnType<typeof submitRequestSchema>>;
