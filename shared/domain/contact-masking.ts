import { redactLongNumbers } from '../persian/redact.ts';
import type { Ticket } from './ticket.ts';

/**
 * Who sees a citizen's contact details on a case (SPEC §2 roles). Operations engineers see no
 * personal data at all; other staff see contact details masked (enough to confirm them with a
 * caller: the last digits) and may reveal them for the task at hand, which the case's history
 * records. Names stay visible to the staff who talk to citizens.
 */
export type ContactView = 'none' | 'masked' | 'revealed';

const REVEALING_ROLES = new Set(['operator', 'reviewer', 'supervisor', 'admin']);

export function contactViewFor(groups: readonly string[], revealRequested: boolean): ContactView {
  const mayReveal = groups.some((g) => REVEALING_ROLES.has(g));
  if (!mayReveal) return 'none';
  return revealRequested ? 'revealed' : 'masked';
}

const keepLast = (value: string | null, visible: number) =>
  value === null
    ? null
    : `${'•'.repeat(Math.max(0, value.length - visible))}${visible > 0 ? value.slice(-visible) : ''}`;

/** The ticket as this view shows it. */
export function maskedTicket(ticket: Ticket, view: ContactView): Ticket {
  if (view === 'revealed') return ticket;
  const { citizen } = ticket;
  const hidden = view === 'none';
  return {
    ...ticket,
    citizen: {
      ...citizen,
      firstName: hidden ? keepLast(citizen.firstName, 0) : citizen.firstName,
      lastName: hidden ? keepLast(citizen.lastName, 0) : citizen.lastName,
      mobile: keepLast(citizen.mobile, hidden ? 0 : 4),
      nationalId: keepLast(citizen.nationalId, hidden ? 0 : 2),
    },
    address: ticket.address === null ? null : '•••',
    // Letters often carry the writer's numbers in their text: masked views show them as removed.
    text: redactLongNumbers(ticket.text),
    subject: ticket.subject === null ? null : redactLongNumbers(ticket.subject),
  };
}

/** A referral's copy of the request text, as the same view shows it. */
export const maskedText = (text: string, view: ContactView): string =>
  view === 'revealed' ? text : redactLongNumbers(text);
