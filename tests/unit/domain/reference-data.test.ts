import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/domain/errors.ts';
import { ReferenceCatalog, ReferenceDataSchema } from '../../../shared/domain/reference.ts';
import { parseInput } from '../../../shared/domain/validation.ts';
import { loadSeedReferenceData } from '../../../shared/reference/seed.ts';

const SPEC_CATEGORIES = [
  'WATER_SEWAGE',
  'ELECTRICITY',
  'GAS',
  'ROADS_TRANSPORT',
  'HOUSING_URBAN',
  'HEALTH',
  'EDUCATION',
  'WELFARE',
  'EMPLOYMENT',
  'AGRICULTURE',
  'ENVIRONMENT',
  'MUNICIPAL',
  'BANKING',
  'JUDICIAL',
  'POLICE',
  'TELECOM',
  'VETERANS',
  'CULTURE_SPORTS',
  'GENERAL',
];
const SPEC_COUNTIES = [
  'ایلام',
  'ایوان',
  'آبدانان',
  'بدره',
  'چرداول',
  'دره‌شهر',
  'دهلران',
  'ملکشاهی',
  'مهران',
  'سیروان',
  'هلیلان',
  'چوار',
];

const data = loadSeedReferenceData();
const catalog = new ReferenceCatalog(data);

describe('seed reference data', () => {
  it('has exactly the stable category codes of the spec, each with an agency and SLA', () => {
    expect(data.categories.map((c) => c.code).sort()).toEqual([...SPEC_CATEGORIES].sort());
    for (const category of data.categories) {
      expect(catalog.agency(category.defaultAgencyId), category.code).toBeDefined();
      expect(category.nameFa).toMatch(/[\u0600-\u06FF]/);
      expect(category.urgentSlaHours).toBeLessThan(category.slaWorkingDays * 24);
    }
  });

  it('has the twelve counties of Ilam province', () => {
    expect(data.counties.map((c) => c.nameFa).sort()).toEqual([...SPEC_COUNTIES].sort());
  });

  it.each([
    ['شیروان و چرداول', 'CHARDAVOL'],
    ['شيروان و چرداول', 'CHARDAVOL'],
    ['شیروان لومار', 'SIRVAN'],
    ['ارکوازی', 'MALEKSHAHI'],
    ['دره شهر', 'DARREHSHAHR'],
    ['درهشهر', 'DARREHSHAHR'],
    ['شهرستان مهران', 'MEHRAN'],
    ['Dehloran', 'DEHLORAN'],
    ['ABDANAN', 'ABDANAN'],
  ])('resolves the county written as %s', (written, code) => {
    expect(catalog.resolveCounty(written)?.code).toBe(code);
  });

  it('refers to a county’s own agency where the category names one', () => {
    const withLocal = new ReferenceCatalog({
      ...data,
      categories: data.categories.map((c) =>
        c.code === 'MUNICIPAL' ? { ...c, agencyByCounty: { MEHRAN: 'governor-office' } } : c,
      ),
    });
    expect(withLocal.defaultAgencyFor('MUNICIPAL', 'MEHRAN')?.id).toBe('governor-office');
    expect(withLocal.defaultAgencyFor('MUNICIPAL', 'ILAM')?.id).toBe('municipalities');
    expect(withLocal.defaultAgencyFor('MUNICIPAL')?.id).toBe('municipalities');
  });

  it('does not resolve places outside the province', () => {
    expect(catalog.resolveCounty('کرمانشاه')).toBeUndefined();
  });

  it('refuses reference data whose category names an unknown agency', () => {
    const broken = {
      ...data,
      categories: data.categories.map((c) => ({ ...c, defaultAgencyId: 'no-such-agency' })),
    };
    expect(() => parseInput(ReferenceDataSchema, broken)).toThrow(ValidationError);
  });
});
