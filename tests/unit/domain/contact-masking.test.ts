import { describe, expect, it } from 'vitest';
import { contactViewFor, maskedTicket } from '../../../shared/domain/contact-masking.ts';
import { webTicket } from '../../support/fixtures.ts';

describe('contact details by role', () => {
  const { ticket } = webTicket({
    citizen: { firstName: 'لیلا', lastName: 'مرادی', mobile: '09181234567', nationalId: '4120123456' },
    address: 'ایلام، خیابان فردوسی',
    text: 'آب قطع است؛ با ۰۹۱۸۱۲۳۴۵۶۷ تماس بگیرید.',
  });

  it('gives ops nothing personal, others a masked view they may reveal', () => {
    expect(contactViewFor(['ops'], true)).toBe('none');
    expect(contactViewFor(['operator'], false)).toBe('masked');
    expect(contactViewFor(['reviewer'], true)).toBe('revealed');
    expect(contactViewFor([], false)).toBe('none');
  });

  it('keeps the last digits in a masked view and nothing in none; text loses its numbers', () => {
    const masked = maskedTicket(ticket, 'masked');
    expect(masked.citizen).toMatchObject({
      firstName: 'لیلا',
      mobile: '•••••••4567',
      nationalId: '••••••••56',
    });
    expect(masked.address).toBe('•••');
    expect(masked.text).not.toContain('۰۹۱۸۱۲۳۴۵۶۷');
    const none = maskedTicket(ticket, 'none');
    expect(JSON.stringify(none.citizen)).not.toMatch(/لیلا|مرادی|4567|56"/);
    expect(maskedTicket(ticket, 'revealed')).toEqual(ticket);
  });
});
