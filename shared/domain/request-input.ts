import { z } from 'zod';
import { normalizePersian } from '../persian/normalize.ts';
import { CitizenInputSchema, MobileSchema, NationalIdSchema } from './citizen.ts';
import { countyInputSchema, type ReferenceCatalog } from './reference.ts';
import {
  ADDRESS_MAX_CHARS,
  AttachmentSchema,
  type IntakePoint,
  IntakePointSchema,
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
    county: countyInputSchema(catalog),
    text: RequestTextSchema,
    subject: z.string().max(SUBJECT_MAX_CHARS).optional(),
    address: z.string().max(ADDRESS_MAX_CHARS).optional(),
    location: LocationSchema.refine(inProvince, 'outside_province').optional(),
    attachments: z.array(CitizenAttachmentSchema).max(10).optional(),
    consentToPublish: z.boolean().optional(),
  });
}
export type SubmitRequest = z.infer<ReturnType<typeof submitRequestSchema>>;

/** The channels an operator registers a request through (SPEC §5: operator intake). */
export const OPERATOR_CHANNELS = ['PHONE', 'IN_PERSON', 'VISIT_SITE', 'COUNTY_OFFICE'] as const;
export type OperatorChannel = (typeof OPERATOR_CHANNELS)[number];

/**
 * The body of `POST /api/v1/staff/requests`: the web form's body (the same checks) plus how the
 * citizen reached the operator. The contact fields are the citizen's; the operator is the caller.
 */
export function operatorRequestSchema(catalog: ReferenceCatalog) {
  return submitRequestSchema(catalog)
    .extend({
      channel: z.enum(OPERATOR_CHANNELS),
      /** Which desk, site or office; defaults to the channel's own (the call center, the county's office). */
      intakePointId: IntakePointSchema.shape.id.optional(),
      /** The visit a visit-site request belongs to (required for VISIT_SITE). */
      visitId: z.string().min(1).max(64).optional(),
      /**
       * The operator saw the citizen's open requests and this call is about something else. Without
       * it, a citizen with open requests is answered with them (409), so a repeat call joins one.
       */
      newMatter: z.boolean().optional(),
    })
    .superRefine((body, ctx) => {
      if (body.channel === 'VISIT_SITE' && (!body.visitId || !body.intakePointId))
        ctx.addIssue({ code: 'custom', message: 'visit_required', path: ['visitId'] });
    });
}
export type OperatorRequest = z.infer<ReturnType<typeof operatorRequestSchema>>;

const INTAKE_KIND: Record<OperatorChannel, IntakePoint['kind']> = {
  PHONE: 'CALL_CENTER',
  IN_PERSON: 'CENTER',
  VISIT_SITE: 'VISIT_SITE',
  COUNTY_OFFICE: 'COUNTY_OFFICE',
};

/** Where an operator's request was registered, and by whom. */
export function operatorIntakePoint(request: OperatorRequest, operator: string): IntakePoint {
  const defaultId = {
    PHONE: 'call-center',
    IN_PERSON: 'center',
    VISIT_SITE: 'visit-site',
    COUNTY_OFFICE: `office-${request.county}`,
  }[request.channel];
  return {
    kind: INTAKE_KIND[request.channel],
    id: request.intakePointId ?? defaultId,
    ...(request.visitId ? { visitId: request.visitId } : {}),
    registeredBy: operator,
  };
}

/** Finding a citizen's requests before registering: by mobile or national ID (in the body, never the URL). */
export const CitizenLookupSchema = z
  .strictObject({ mobile: MobileSchema.optional(), nationalId: NationalIdSchema.optional() })
  .refine((body) => body.mobile !== undefined || body.nationalId !== undefined, {
    message: 'mobile_or_national_id_required',
    path: ['mobile'],
  });

/** A repeat call or visit about an open request: what the citizen said, added to its history. */
export const RepeatContactSchema = z.strictObject({
  channel: z.enum(OPERATOR_CHANNELS),
  note: z
    .string()
    .max(1000)
    .transform((value) => normalizePersian(value))
    .pipe(z.string().min(1, 'blank_text')),
});
