/**
 * Jalali (Solar Hijri) dates through Intl's Persian calendar, in Iran's time zone.
 * No date library: Intl in Node's full ICU already knows the calendar and the zone.
 */
export const IRAN_TIME_ZONE = 'Asia/Tehran';

export interface JalaliDate {
  year: number;
  month: number;
  day: number;
}

const partsFormatter = new Intl.DateTimeFormat('en-US-u-ca-persian-nu-latn', {
  timeZone: IRAN_TIME_ZONE,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
});

export function toJalali(date: Date): JalaliDate {
  const parts = partsFormatter.formatToParts(date);
  const pick = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value ?? Number.NaN);
  return { year: pick('year'), month: pick('month'), day: pick('day') };
}

const dateFormatter = new Intl.DateTimeFormat('fa-IR-u-ca-persian-nu-arabext', {
  timeZone: IRAN_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const dateTimeFormatter = new Intl.DateTimeFormat('fa-IR-u-ca-persian-nu-arabext', {
  timeZone: IRAN_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

const longDateFormatter = new Intl.DateTimeFormat('fa-IR-u-ca-persian-nu-arabext', {
  timeZone: IRAN_TIME_ZONE,
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  weekday: 'long',
});

/** ۱۴۰۵/۰۹/۰۸ */
export function formatJalaliDate(date: Date): string {
  const parts = dateFormatter.formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}/${get('month')}/${get('day')}`;
}

/** ۱۴۰۵/۰۹/۰۸ ۱۳:۰۵ */
export function formatJalaliDateTime(date: Date): string {
  const parts = dateTimeFormatter.formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}/${get('month')}/${get('day')} ${get('hour')}:${get('minute')}`;
}

/** شنبه ۸ آذر ۱۴۰۵ */
export function formatJalaliLong(date: Date): string {
  // ICU's own pattern for fa-IR orders these oddly; Persian readers expect weekday day month year.
  const parts = longDateFormatter.formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('weekday')} ${get('day')} ${get('month')} ${get('year')}`;
}
