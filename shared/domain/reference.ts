import { z } from 'zod';
import { matchingKey } from '../persian/normalize.ts';

/**
 * Reference data: categories, agencies, counties and the work calendar. It is data, seeded from
 * data/reference and edited by administrators, so logic takes it as a parameter, never as constants.
 */

export const CategoryCodeSchema = z.string().regex(/^[A-Z][A-Z0-9_]{1,39}$/, 'invalid_input');
export type CategoryCode = z.infer<typeof CategoryCodeSchema>;

export const AgencyIdSchema = z.string().regex(/^[a-z][a-z0-9-]{1,47}$/, 'invalid_input');
export type AgencyId = z.infer<typeof AgencyIdSchema>;

export const CountyCodeSchema = z.string().regex(/^[A-Z][A-Z_]{1,29}$/, 'invalid_input');
export type CountyCode = z.infer<typeof CountyCodeSchema>;

export const CategorySchema = z.strictObject({
  code: CategoryCodeSchema,
  nameFa: z.string().min(2),
  nameEn: z.string().min(2),
  descriptionFa: z.string().min(2),
  defaultAgencyId: AgencyIdSchema,
  /** Other agencies a reviewer may route this category to. */
  alternateAgencyIds: z.array(AgencyIdSchema).default([]),
  /** Where a county has its own agency for this category (a county's municipality, say). */
  agencyByCounty: z.record(CountyCodeSchema, AgencyIdSchema).default({}),
  /** Normal requests: working days until the referral is due. */
  slaWorkingDays: z.number().int().min(1).max(90),
  /** Urgent requests (life, health, safety): calendar hours until due; fractions allowed. */
  urgentSlaHours: z
    .number()
    .positive()
    .max(24 * 30),
  /** Persian cue words; the first classifier uses them, the trained one as priors. */
  keywords: z.array(z.string().min(2)).default([]),
  active: z.boolean().default(true),
});
export type Category = z.infer<typeof CategorySchema>;

export const AgencySchema = z.strictObject({
  id: AgencyIdSchema,
  nameFa: z.string().min(2),
  nameEn: z.string().min(2),
  active: z.boolean().default(true),
});
export type Agency = z.infer<typeof AgencySchema>;

export const CountySchema = z.strictObject({
  code: CountyCodeSchema,
  nameFa: z.string().min(2),
  nameEn: z.string().min(2),
  /** Other names people write: former names, the county seat, spellings without ZWNJ. */
  aliases: z.array(z.string().min(2)).default([]),
  /**
   * Towns and villages of the county (a gazetteer the administrator extends): a request naming
   * a place is about that place, which is how requests about one concrete issue are told apart.
   */
  places: z.array(z.string().min(2)).default([]),
});
export type County = z.infer<typeof CountySchema>;

const IsoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'invalid_input');

export const WorkCalendarSchema = z.strictObject({
  timeZone: z.string().default('Asia/Tehran'),
  /** Days off every week, JavaScript numbering (0 = Sunday … 5 = Friday, 6 = Saturday). */
  weekendDays: z.array(z.number().int().min(0).max(6)).min(1).max(3),
  /** Official holidays as local dates (YYYY-MM-DD, Gregorian). */
  holidays: z.array(IsoDateSchema).default([]),
});
export type WorkCalendar = z.infer<typeof WorkCalendarSchema>;

export const PolicySchema = z.strictObject({
  calendar: WorkCalendarSchema,
  /** A citizen may reopen a resolved or closed request within this many days of its resolution. */
  reopenWindowDays: z.number().min(0).max(365),
  /** A resolved request with no feedback closes after this many days (a fraction is part of a day). */
  autoCloseAfterDays: z.number().positive().max(365),
  /** After the first escalation, the referral waits this fraction of its SLA before the next one. */
  escalationRewaitFraction: z.number().positive().max(10),
  /** The agency is reminded this fraction of its SLA before the due date (0: never). */
  reminderLeadFraction: z.number().min(0).max(0.9).default(0.2),
  /** Hours a supervisor has to act on an escalation task before it is overdue in the queue. */
  escalationTaskHours: z
    .number()
    .positive()
    .max(24 * 30)
    .default(24),
});
export type Policy = z.infer<typeof PolicySchema>;

export const ReferenceDataSchema = z
  .strictObject({
    categories: z.array(CategorySchema).min(1),
    agencies: z.array(AgencySchema).min(1),
    counties: z.array(CountySchema).min(1),
    policy: PolicySchema,
  })
  .superRefine((data, ctx) => {
    const agencyIds = new Set(data.agencies.map((a) => a.id));
    data.categories.forEach((category, index) => {
      for (const id of [
        category.defaultAgencyId,
        ...category.alternateAgencyIds,
        ...Object.values(category.agencyByCounty),
      ]) {
        if (!agencyIds.has(id))
          ctx.addIssue({ code: 'custom', message: 'invalid_value', path: ['categories', index] });
      }
    });
    const unique = (values: string[]) => new Set(values).size === values.length;
    if (!unique(data.categories.map((c) => c.code)))
      ctx.addIssue({ code: 'custom', message: 'invalid_input', path: ['categories'] });
    if (!unique(data.agencies.map((a) => a.id)))
      ctx.addIssue({ code: 'custom', message: 'invalid_input', path: ['agencies'] });
    if (!unique(data.counties.map((c) => c.code)))
      ctx.addIssue({ code: 'custom', message: 'invalid_input', path: ['counties'] });
  });
export type ReferenceData = z.infer<typeof ReferenceDataSchema>;

/** Lookups over one snapshot of the reference data. */
export class ReferenceCatalog {
  readonly data: ReferenceData;
  private readonly categories: Map<string, Category>;
  private readonly agencies: Map<string, Agency>;
  private readonly countyByKey: Map<string, County>;
  private readonly countyByCode: Map<string, County>;

  constructor(data: ReferenceData) {
    this.data = data;
    this.categories = new Map(data.categories.map((c) => [c.code, c]));
    this.agencies = new Map(data.agencies.map((a) => [a.id, a]));
    this.countyByCode = new Map(data.counties.map((c) => [c.code, c]));
    this.countyByKey = new Map();
    for (const county of data.counties) {
      for (const name of [county.code, county.nameFa, county.nameEn, ...county.aliases]) {
        this.countyByKey.set(countyKey(name), county);
      }
    }
  }

  category(code: string): Category | undefined {
    return this.categories.get(code);
  }

  agency(id: string): Agency | undefined {
    return this.agencies.get(id);
  }

  county(code: string): County | undefined {
    return this.countyByCode.get(code);
  }

  /** A county from its code, Persian or English name, or a known alias, however it is spelled. */
  resolveCounty(input: string): County | undefined {
    return this.countyByKey.get(countyKey(input));
  }

  /** The agency a category is referred to unless a reviewer chooses otherwise, county-aware. */
  defaultAgencyFor(categoryCode: string, countyCode?: string): Agency | undefined {
    const category = this.category(categoryCode);
    if (!category) return undefined;
    const local = countyCode ? category.agencyByCounty[countyCode] : undefined;
    return this.agency(local ?? category.defaultAgencyId);
  }
}

/** Spaces, ZWNJ and the word "county" (شهرستان) do not tell counties apart. */
function countyKey(name: string): string {
  return matchingKey(name)
    .replace(/^(شهرستان|county of)\s+/, '')
    .replace(/\s+county$/, '')
    .replace(/\s+/g, '');
}

/** A county as people write it (code, Persian or English name, a known alias), stored as its code. */
export function countyInputSchema(catalog: ReferenceCatalog) {
  return z
    .string()
    .max(60)
    .transform((value, ctx) => {
      const county = catalog.resolveCounty(value);
      if (!county) {
        ctx.addIssue({ code: 'custom', message: 'unknown_county' });
        return z.NEVER;
      }
      return county.code;
    });
}
