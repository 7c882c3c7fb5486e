import { describe, expect, it } from 'vitest';
import { extractWriterName } from '../../../shared/persian/writer-name.ts';

describe('extractWriterName', () => {
  it('reads «اینجانب …» up to what letters say after a name', () => {
    expect(extractWriterName('با سلام\nاینجانب علی رضایی فرزند حسن ساکن روستای چشمه کبود')).toEqual({
      firstName: 'علی',
      lastName: 'رضایی',
    });
    expect(extractWriterName('اينجانب سيد محمد موسوي به کد ملی ۱۲۳')).toEqual({
      firstName: 'سید محمد',
      lastName: 'موسوی',
    });
    expect(extractWriterName('اینجانبه خانم فاطمه کرمی ساکن ایوان')).toEqual({
      firstName: 'فاطمه',
      lastName: 'کرمی',
    });
  });

  it('reads «… هستم», a name field and the signature block', () => {
    expect(extractWriterName('سلام من زهرا کرمی هستم از ایوان')).toEqual({
      firstName: 'زهرا',
      lastName: 'کرمی',
    });
    expect(extractWriterName('نام و نام خانوادگی: فاطمه محمدی\nنشانی: ایلام')).toEqual({
      firstName: 'فاطمه',
      lastName: 'محمدی',
    });
    expect(extractWriterName('... رسیدگی فرمایید.\nبا تشکر\nمحمدرضا احمدی\n۰۹۱۸۱۲۳۴۵۶۷')).toEqual({
      firstName: 'محمدرضا',
      lastName: 'احمدی',
    });
  });

  it('reads the name after the closing formula or the last comma of the last lines', () => {
    expect(extractWriterName('… رسیدگی شود.\nتلفن تماس: ۰۹۳۵۱۱۱۲۲۳۳\nبا احترام، حسین مرادی')).toEqual({
      firstName: 'حسین',
      lastName: 'مرادی',
    });
    expect(extractWriterName('شماره همراه: ۰۹۱۶۷۷۷۸۸۹۹\nاز طرف اهالی روستا، زهرا کرمی')).toEqual({
      firstName: 'زهرا',
      lastName: 'کرمی',
    });
    // As OCR reads it: the comma became a hamza.
    expect(extractWriterName('از طرف اهالی روستاء زهرا کرمی')).toEqual({
      firstName: 'زهرا',
      lastName: 'کرمی',
    });
  });

  it('gives null for groups, roles and phrases that are not names', () => {
    for (const text of [
      'اهالی روستای چم شیر از توابع ایوان',
      'اینجانب به عنوان نماینده کارگران',
      'با تشکر از زحمات شما',
      'جمعی از کشاورزان هستیم',
      'آب روستا قطع است',
      'لطفا رسیدگی کنید\nخیلی ممنون',
      'آب نداریم\nخدا قوت',
    ])
      expect(extractWriterName(text)).toBeNull();
  });
});
