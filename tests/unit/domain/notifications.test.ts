import { describe, expect, it } from 'vitest';
import {
  confirmationSmsText,
  SMS_MAX_CHARS,
  SMS_MAX_PARTS,
  smsKindFor,
  smsParts,
  smsText,
} from '../../../shared/domain/notifications.ts';

describe('which events a citizen is told of', () => {
  it('tells of registration, a read letter, referral, a question, a result and a reopen, and nothing else', () => {
    expect(smsKindFor({ type: 'REGISTERED', from: null, to: 'RECEIVED' })).toBe('RECEIVED');
    // A paper letter has no number until it is read: its first message follows the reading.
    expect(smsKindFor({ type: 'REGISTERED', from: null, to: 'DIGITIZING' })).toBeNull();
    expect(smsKindFor({ type: 'STATUS_CHANGED', from: 'DIGITIZING', to: 'DIGITIZED' })).toBe('RECEIVED');
    expect(smsKindFor({ type: 'CLUSTERED', from: 'RECEIVED', to: 'REFERRED' })).toBe('REFERRED');
    expect(smsKindFor({ type: 'AGENCY_RESPONSE', from: 'IN_PROGRESS', to: 'AWAITING_CITIZEN' })).toBe(
      'NEEDS_INFO',
    );
    expect(smsKindFor({ type: 'AGENCY_RESPONSE', from: 'IN_PROGRESS', to: 'RESOLVED' })).toBe('RESOLVED');
    expect(smsKindFor({ type: 'FEEDBACK', from: 'RESOLVED', to: 'REOPENED' })).toBe('REOPENED');
    expect(smsKindFor({ type: 'AGENCY_RESPONSE', from: 'REFERRED', to: 'IN_PROGRESS' })).toBeNull();
    expect(smsKindFor({ type: 'NOTE', from: 'REFERRED', to: 'REFERRED' })).toBeNull();
    expect(smsKindFor({ type: 'FEEDBACK', from: 'RESOLVED', to: 'CLOSED' })).toBeNull();
  });
});

describe('SMS text', () => {
  const base = { trackingCode: '12345678901', trackingUrl: 'https://pasokh.example/?code=12345678901' };

  it('reads the tracking code back grouped, in Persian digits', () => {
    const text = smsText({ ...base, kind: 'RECEIVED', note: null });
    expect(text).toContain('۱۲۳۴-۵۶۷-۸۹۰۱');
    expect(text).toContain(base.trackingUrl);
  });

  it('shortens a long agency note to fit the message, keeping the link whole', () => {
    const note = 'لوله اصلی روستا تعویض شد و آب از امروز ساعت ۸ برقرار است. '.repeat(10);
    const text = smsText({ ...base, kind: 'RESOLVED', note });
    expect([...text].length).toBeLessThanOrEqual(SMS_MAX_CHARS);
    expect(text).toContain('…');
    expect(text.endsWith(base.trackingUrl)).toBe(true);
    const short = smsText({ ...base, kind: 'RESOLVED', note: 'آب وصل شد 2 روز پیش.' });
    expect(short).toContain('آب وصل شد ۲ روز پیش.');
    expect(short).not.toContain('…');
  });

  it('counts UCS-2 parts: 70 characters in one, 67 in each of more', () => {
    expect(smsParts('ا'.repeat(70))).toBe(1);
    expect(smsParts('ا'.repeat(71))).toBe(2);
    expect(smsParts('ا'.repeat(134))).toBe(2);
    expect(smsParts('ا'.repeat(135))).toBe(3);
  });
});

describe('the confirmation SMS to a number OCR read', () => {
  it('gives the code and the link within the length limit', () => {
    const confirmUrl = 'https://d1a2b3c4d5e6f7.cloudfront.net/?code=12345678901&confirm=AbCdEfGhIjKlMnOp';
    const text = confirmationSmsText({ trackingCode: '12345678901', confirmUrl });
    expect(text).toContain('۱۲۳۴-۵۶۷-۸۹۰۱');
    expect(text).toContain(confirmUrl);
    expect(smsParts(text)).toBeLessThanOrEqual(SMS_MAX_PARTS);
    expect([...text].length).toBeLessThanOrEqual(SMS_MAX_CHARS);
  });
});
