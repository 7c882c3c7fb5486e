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
