import { toPersianDigits } from '../persian/digits.ts';
import type { AuditEvent } from './audit.ts';
import { spokenTrackingCode } from './tracking-code.ts';

/** The moments a citizen is told of by SMS (issue: notifications). */
export const SMS_KINDS = ['RECEIVED', 'REFERRED', 'NEEDS_INFO', 'RESOLVED', 'REOPENED'] as const;
export type SmsKind = (typeof SMS_KINDS)[number];

/**
 * Which history event is worth an SMS. A paper letter is told of when it has been read (its
 * number comes from the letter): that first message is also the number's confirmation.
 */
export function smsKindFor(event: Pick<AuditEvent, 'type' | 'from' | 'to'>): SmsKind | null {
  if (event.from === event.to) return null;
  if (event.type === 'REGISTERED') return event.to === 'RECEIVED' ? 'RECEIVED' : null;
  if (event.to === 'DIGITIZED') return 'RECEIVED';
  if (event.to === 'REFERRED') return 'REFERRED';
  if (event.to === 'AWAITING_CITIZEN') return 'NEEDS_INFO';
  if (event.to === 'RESOLVED') return 'RESOLVED';
  if (event.to === 'REOPENED') return 'REOPENED';
  return null;
}

/**
 * SMS length: Persian text travels as UCS-2, 70 characters in one part, 67 in each part of a
 * longer message. Messages are kept to a few parts; what an agency wrote is shortened to fit.
 */
export const SMS_PART_CHARS = 67;
export const SMS_MAX_PARTS = 4;
export const SMS_MAX_CHARS = SMS_PART_CHARS * SMS_MAX_PARTS;

export function smsParts(text: string): number {
  const length = [...text].length;
  return length <= 70 ? 1 : Math.ceil(length / SMS_PART_CHARS);
}

/** `template` with `{note}` replaced by `note`, shortened so that the whole fits SMS_MAX_CHARS. */
function fitted(template: string, note: string): string {
  const room = SMS_MAX_CHARS - [...template.replace('{note}', '')].length;
  const chars = [...note.trim()];
  const shortened =
    chars.length <= room ? chars.join('') : `${chars.slice(0, Math.max(0, room - 1)).join('')}…`;
  return template.replace('{note}', shortened);
}

/** The message for one event, in Persian with Persian digits. `note` is the event's public note, already redacted. */
export function smsText(input: {
  kind: SmsKind;
  trackingCode: string;
  note: string | null;
  /** Where the citizen follows the request (the tracking page), with the code filled in. */
  trackingUrl: string;
}): string {
  const code = spokenTrackingCode(input.trackingCode);
  const note = toPersianDigits(input.note ?? '');
  const link = input.trackingUrl;
  switch (input.kind) {
    case 'RECEIVED':
      return `پاسخ: درخواست شما ثبت شد. کد رهگیری: ${code}\nپیگیری: ${link}`;
    case 'REFERRED':
      return fitted(`پاسخ: درخواست ${code}: {note}`, note || 'به دستگاه مسئول ارجاع شد.');
    case 'NEEDS_INFO':
      return fitted(`پاسخ: برای درخواست ${code} اطلاعات بیشتری لازم است: {note}\nپاسخ در ${link}`, note);
    case 'RESOLVED':
      return fitted(`پاسخ: نتیجه درخواست ${code}: {note}\nنظر شما: ${link}`, note);
    case 'REOPENED':
      return `پاسخ: درخواست ${code} دوباره باز شد و پیگیری می‌شود.`;
  }
}

/**
 * The first message to a number OCR read off a letter: it may be a stranger's, so it says only
 * that a letter came with this number, gives the code, and asks the writer to confirm through
 * the link; nothing of the request itself.
 */
export function confirmationSmsText(input: { trackingCode: string; confirmUrl: string }): string {
  const code = spokenTrackingCode(input.trackingCode);
  return `پاسخ: نامه‌ای با این شماره به دفتر استاندار رسید. کد رهگیری: ${code}\nاگر نامه از شماست، برای تأیید شماره و پیگیری: ${input.confirmUrl}\nاگر نه، این پیام را نادیده بگیرید.`;
}
