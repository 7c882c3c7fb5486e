import type { Category, WorkCalendar } from './reference.ts';

export const URGENCIES = ['NORMAL', 'URGENT'] as const;
export type Urgency = (typeof URGENCIES)[number];

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * When a referral is due.
 * - Urgent requests (life, health, safety) get the category's urgent SLA in calendar hours:
 *   weekends and holidays do not stop a water cut to a hospital.
 * - Normal requests get the category's SLA in working days of the provincial calendar, counted
 *   from the day after receipt, and are due at the end (local midnight) of the last working day.
 */
export function computeDueAt(input: {
  receivedAt: Date;
  category: Pick<Category, 'slaWorkingDays' | 'urgentSlaHours'>;
  urgency: Urgency;
  calendar: WorkCalendar;
}): Date {
  const { receivedAt, category, urgency, calendar } = input;
  if (urgency === 'URGENT') return new Date(receivedAt.getTime() + category.urgentSlaHours * HOUR_MS);
  let day = localDate(receivedAt, calendar.timeZone);
  let counted = 0;
  while (counted < category.slaWorkingDays) {
    day = addDays(day, 1);
    if (isWorkingDay(day, calendar)) counted++;
  }
  return startOfLocalDay(addDays(day, 1), calendar.timeZone);
}

/** A local calendar date, as the UTC midnight of the same Y-M-D (a plain date, no zone). */
type PlainDate = Date;

function localDate(instant: Date, timeZone: string): PlainDate {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
  return new Date(`${parts}T00:00:00Z`);
}

function addDays(day: PlainDate, days: number): PlainDate {
  return new Date(day.getTime() + days * DAY_MS);
}

function isoDay(day: PlainDate): string {
  return day.toISOString().slice(0, 10);
}

export function isWorkingDay(day: PlainDate, calendar: WorkCalendar): boolean {
  return !calendar.weekendDays.includes(day.getUTCDay()) && !calendar.holidays.includes(isoDay(day));
}

/** The instant local midnight begins on a plain date in `timeZone`. */
function startOfLocalDay(day: PlainDate, timeZone: string): Date {
  // Guess with the zone's offset at that moment, then correct once in case the offset differs.
  let guess = new Date(day.getTime() - offsetMs(day, timeZone));
  guess = new Date(day.getTime() - offsetMs(guess, timeZone));
  return guess;
}

function offsetMs(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}
