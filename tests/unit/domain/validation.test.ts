import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/domain/errors.ts';
import { MESSAGES } from '../../../shared/domain/messages.ts';
import { ReferenceCatalog } from '../../../shared/domain/reference.ts';
import { submitRequestSchema } from '../../../shared/domain/request-input.ts';
import { parseInput } from '../../../shared/domain/validation.ts';
import { loadSeedReferenceData } from '../../../shared/reference/seed.ts';
import { nationalIdFrom } from '../../support/fixtures.ts';

const schema = submitRequestSchema(new ReferenceCatalog(loadSeedReferenceData()));
const valid = {
  citizen: { firstName: 'فاطمه', lastName: 'حیدری', mobile: '۰۹۱۸ ۱۲۳ ۴۵۶۷', nationalId: '۰۴۹۹۳۷۰۸۹۹' },
  county: 'دره شهر',
  text: 'جاده روستای ما خراب است',
};

function problemsOf(input: unknown) {
  try {
    parseInput(schema, input);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).problems;
  }
  throw new Error('expected a validation error');
}

describe('request input validation', () => {
  it('accepts any digit script and county alias, and normalizes them', () => {
    const parsed = parseInput(schema, valid);
    expect(parsed.citizen.mobile).toBe('09181234567');
    expect(parsed.citizen.nationalId).toBe('0499370899');
    expect(parsed.county).toBe('DARREHSHAHR');
  });

  it('names the path and says what is wrong in Persian and English', () => {
    const problems = problemsOf({ ...valid, citizen: { ...valid.citizen, mobile: '12345' } });
    expect(problems).toEqual([
      { path: 'citizen.mobile', code: 'invalid_mobile', message: MESSAGES.invalid_mobile },
    ]);
  });

  it('reports a missing field as required', () => {
    const { text: _text, ...withoutText } = valid;
    const problems = problemsOf(withoutText);
    expect(problems).toEqual([{ path: 'text', code: 'required', message: MESSAGES.required }]);
  });

  it('reports every problem at once', () => {
    const problems = problemsOf({
      citizen: {
        firstName: '',
        lastName: '123',
        mobile: '0912',
        nationalId: nationalIdFrom('123456789').replace(/.$/, 'x'),
      },
      county: 'تهران',
      text: '   \u200F  ',
      extra: true,
    });
    const byPath = Object.fromEntries(problems.map((p) => [p.path, p.code]));
    expect(byPath).toEqual({
      'citizen.firstName': 'required',
      'citizen.lastName': 'invalid_name',
      'citizen.mobile': 'invalid_mobile',
      'citizen.nationalId': 'invalid_national_id',
      county: 'unknown_county',
      text: 'blank_text',
      '': 'unrecognized_keys',
    });
    for (const problem of problems) {
      expect(problem.message.fa).toMatch(/[\u0600-\u06FF]/);
      expect(problem.message.en).toMatch(/[A-Za-z]/);
    }
  });

  it('fills limits into built-in messages', () => {
    const problems = problemsOf({ ...valid, subject: 'ب'.repeat(201) });
    expect(problems[0]?.path).toBe('subject');
    expect(problems[0]?.message.en).toBe('Too long (at most 200).');
    expect(problems[0]?.message.fa).toContain('200');
  });

  it('refuses the wrong type, with its path inside arrays', () => {
    const problems = problemsOf({
      ...valid,
      attachments: [
        { key: 'uploads/web/01JD0000000000000000000000/a.png', contentType: 'image/png', size: 'big' },
      ],
    });
    expect(problems[0]).toMatchObject({ path: 'attachments[0].size', code: 'invalid_type' });
  });

  it('refuses coordinates outside the globe', () => {
    const problems = problemsOf({ ...valid, location: { lat: 95, lon: 46 } });
    expect(problems[0]).toMatchObject({ path: 'location.lat', code: 'invalid_lat_lon' });
  });

  it('refuses a location outside Ilam province, and keeps one inside', () => {
    for (const location of [
      { lat: 35.69, lon: 51.39 }, // Tehran
      { lat: 33.3, lon: 44.4 }, // Baghdad, across the border
    ])
      expect(problemsOf({ ...valid, location })[0]).toMatchObject({
        path: 'location',
        code: 'outside_province',
      });
    expect(parseInput(schema, { ...valid, location: { lat: 33.64, lon: 46.42 } }).location).toEqual({
      lat: 33.64,
      lon: 46.42,
    }); // Ilam
  });

  it('refuses attachment keys outside the citizens’ upload area (another citizen’s scanned letter)', () => {
    const upload = (key: string) => ({ key, contentType: 'image/png' });
    for (const key of [
      'batches/01JD0000000000000000000000/letter-001/page-01.png',
      'uploads/web/01JD0000000000000000000000/../../batches/x.png',
      'uploads/web/not-an-id/photo.png',
      '/etc/passwd',
    ])
      expect(problemsOf({ ...valid, attachments: [upload(key)] })[0]).toMatchObject({
        path: 'attachments[0].key',
        code: 'attachment_key_not_allowed',
      });
    expect(
      parseInput(schema, {
        ...valid,
        attachments: [upload('uploads/web/01JD0000000000000000000000/photo-1.png')],
      }).attachments,
    ).toHaveLength(1);
  });

  it('refuses a non-object body', () => {
    expect(problemsOf('hello')[0]).toMatchObject({ path: '', code: 'invalid_type' });
    expect(problemsOf(null)[0]).toMatchObject({ path: '', code: 'invalid_type' });
  });
});
