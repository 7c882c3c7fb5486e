import { describe, expect, it } from 'vitest';
import { extractContacts } from '../../../shared/persian/extract.ts';
import { nationalIdFrom } from '../../support/fixtures.ts';

const nid = nationalIdFrom('460896888'); // 4608968882
const persian = (ascii: string) => ascii.replace(/\d/g, (d) => String.fromCharCode(0x06f0 + Number(d)));

describe('extractContacts', () => {
  it('reads a formal letter with Persian digits and keywords', () => {
    const letter = `ریاست محترم جمهوری
با سلام، اینجانب علی رضایی به کد ملی ${persian(nid)} و شماره همراه ۰۹۱۸-۳۴۵-۶۷۸۹ ساکن روستای
چشمه‌کبود، کد پستی ۶۹۳۱۷۴۵۶۸۱، درخواست رسیدگی دارم.`;
    expect(extractContacts(letter)).toEqual({
      mobile: '09183456789',
      nationalId: nid,
      postalCode: '6931745681',
    });
  });

  it("reads an operator's phone note with international and Arabic-Indic forms", () => {
    const note = `تماس‌گیرنده اظهار داشت آب روستا قطع است. شماره تماس: +98 918 765 4321 ، کدملي: ${nid.replace(
      /\d/g,
      (d) => String.fromCharCode(0x0660 + Number(d)),
    )}`;
    expect(extractContacts(note)).toEqual({ mobile: '09187654321', nationalId: nid, postalCode: null });
  });

  it('reads numbers broken by bidi controls and ZWNJ around keywords', () => {
    const text = `کد\u200Cملی: \u202A${nid}\u202C همراه\u200F: \u200E09121234567`;
    expect(extractContacts(text)).toEqual({ mobile: '09121234567', nationalId: nid, postalCode: null });
  });

  it('gives null for values that do not validate', () => {
    expect(extractContacts('کد ملی ۱۲۳۴۵۶۷۸۹۰ و موبایل ۰۹۱۲۳۴')).toEqual({
      mobile: null,
      nationalId: null,
      postalCode: null,
    });
  });

  it('does not take a ten digit postal code for a national ID without a keyword', () => {
    expect(extractContacts('نشانی: ایلام، ۶۹۳۱۷۴۵۶۸۱').nationalId).toBeNull();
  });

  it('needs the keyword for a postal code, and prefers keyword-backed values', () => {
    expect(extractContacts('شماره ۶۹۳۱۷۴۵۶۸۱').postalCode).toBeNull();
    const other = nationalIdFrom('123456780');
    expect(extractContacts(`فرزندم ${other} و کد ملی اینجانب ${nid}`).nationalId).toBe(nid);
  });

  it('does not cut identifiers out of longer numbers such as card numbers', () => {
    expect(extractContacts('شماره کارت ۶۰۳۷۹۹۷۱۲۳۴۵۶۷۸۹')).toEqual({
      mobile: null,
      nationalId: null,
      postalCode: null,
    });
    expect(extractContacts('کارت 6037 9971 2345 6789')).toEqual({
      mobile: null,
      nationalId: null,
      postalCode: null,
    });
  });

  it('does not take a landline for a mobile', () => {
    expect(extractContacts('تلفن ثابت ۰۸۴۳۲۲۲۱۲۳۴').mobile).toBeNull();
  });

  it('copes with empty and huge input', () => {
    expect(extractContacts('')).toEqual({ mobile: null, nationalId: null, postalCode: null });
    const huge = `${'متن طولانی ۱۲۳ '.repeat(10_000)} موبایل ۰۹۱۲۱۲۳۴۵۶۷`;
    expect(extractContacts(huge).mobile).toBe('09121234567');
  });
});

describe('extractContacts: mobile numbers as people write them', () => {
  const groupings: Array<[string, (d: string) => string]> = [
    ['4-3-4', (d) => `${d.slice(0, 4)} ${d.slice(4, 7)} ${d.slice(7)}`],
    ['4-3-2-2', (d) => `${d.slice(0, 4)} ${d.slice(4, 7)} ${d.slice(7, 9)} ${d.slice(9)}`],
    ['3-4-4', (d) => `${d.slice(0, 3)} ${d.slice(3, 7)} ${d.slice(7)}`],
  ];
  for (const [name, group] of groupings) {
    for (const separator of [' ', '-', '.', ' - ']) {
      it(`reads ${name} grouping with "${separator}"`, () => {
        const written = group('09183456789').replaceAll(' ', separator);
        expect(extractContacts(`همراه: ${persian(written)} لطفا تماس بگیرید`).mobile).toBe('09183456789');
        expect(extractContacts(`سلام ${written}`).mobile).toBe('09183456789');
      });
    }
  }

  it('takes every operator prefix in use and refuses the unused ones', () => {
    const inUse = [
      ...['0900', '0901', '0902', '0903', '0904', '0905'],
      ...Array.from({ length: 10 }, (_, i) => `091${i}`),
      ...['0920', '0921', '0922'],
      ...Array.from({ length: 10 }, (_, i) => `093${i}`),
      '0941',
      ...Array.from({ length: 10 }, (_, i) => `099${i}`),
    ];
    for (const prefix of inUse)
      expect(extractContacts(`موبایل ${prefix}1234567`).mobile).toBe(`${prefix}1234567`);
    for (const prefix of ['0906', '0909', '0923', '0940', '0950', '0980'])
      expect(extractContacts(`موبایل ${prefix}1234567`).mobile).toBeNull();
  });

  it('reads +98 and 0098 forms after a colon, with or without a space', () => {
    for (const written of [
      '+989187654321',
      '+98 918 765 4321',
      '0098 918 765 4321',
      '00989187654321',
      '+98-918-765-43-21',
    ])
      for (const text of [`شماره تماس:${written}`, `تماس: ${written}`, `تلفن :${persian(written)}`])
        expect(extractContacts(text).mobile).toBe('09187654321');
  });

  it('reads keywords with possessive and verbal endings, also before a bare ten-digit number', () => {
    for (const keyword of ['شماره‌ام', 'شماره‌م', 'تلفنم', 'همراهم', 'شماره تماسم', 'موبایلم', 'شمارم'])
      expect(extractContacts(`${keyword} ۹۱۸۳۴۵۶۷۸۹ هست`).mobile).toBe('09183456789');
  });

  it('never takes card, bill, case, tracking or landline numbers', () => {
    const distractors = [
      'شماره کارت ۶۰۳۷-۹۹۷۱-۲۳۴۵-۶۷۸۹',
      'شناسه قبض ۹۱۸۳۴۵۶۷۸۹',
      'شماره اشتراک ۹۱۲۳۴۵۶۷۸۹',
      'شماره پرونده ۹۱۸۳۴۵۶۷۸۹',
      'کلاسه پرونده ۹۳۵۱۲۳۴۵۶۷',
      'کد رهگیری ۹۱۲۳-۴۵۶-۷۸۹۰',
      'کد پیگیری ۹۱۸۳۴۵۶۷۸۹',
      'تلفن ثابت ۰۸۴۳۳۳۳۴۴۵۵',
      'تلفن ۰۸۴-۳۲۲۲-۱۲۳۴',
      'شماره حساب ۰۹۱۲۳۴۵۶۷۸۹',
      'شماره شناسنامه ۴۶۰۸۹۶۸۸۸۲',
      'مبلغ ۹۱۲۰۰۰۰۰۰۰ ریال',
      `کنتور شماره ${nid}`,
    ];
    for (const text of distractors)
      expect(extractContacts(text)).toEqual({ mobile: null, nationalId: null, postalCode: null });
  });

  it('takes the real mobile beside a distractor number', () => {
    const text = 'شماره پرونده ۹۱۸۳۴۵۶۷۸۹ و شماره همراه ۰۹۳۵.۱۲۳.۴۵۶۷ و کارت ۶۰۳۷۹۹۷۱۲۳۴۵۶۷۸۹';
    expect(extractContacts(text).mobile).toBe('09351234567');
  });

  it('needs a mobile keyword for a bare ten-digit number', () => {
    expect(extractContacts('مبلغ بدهی ۹۱۸۳۴۵۶۷۸۹').mobile).toBeNull();
  });

  it('does not glue «و» read as 9 into the number before or after it', () => {
    expect(extractContacts(`همراه 09181234567 9 کد ملی ${nid}`)).toEqual({
      mobile: '09181234567',
      nationalId: nid,
      postalCode: null,
    });
    expect(extractContacts('تلفن 0918123 9 234567')).toEqual({
      mobile: null,
      nationalId: null,
      postalCode: null,
    });
  });
});
