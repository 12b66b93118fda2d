/**
 * A day in the calendar (a due date, a deadline, a course day), written YYYY-MM-DD, meant in
 * Europe/Oslo. It has no time of day and no zone, so arithmetic on it is plain day counting and
 * never shifts across daylight-saving changes. An instant becomes a day only through `osloDate`.
 */
export type CalendarDate = string;

const DAY_MS = 86_400_000;
const PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDate(value: unknown): value is CalendarDate {
  if (typeof value !== 'string') return false;
  const m = PATTERN.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** Day numbers of the dates seen lately: rules compare and count the same few dates many times over. */
const dayNumbers = new Map<string, number>();

function toDayNumber(date: CalendarDate): number {
  const known = dayNumbers.get(date);
  if (known !== undefined) return known;
  if (!isCalendarDate(date)) throw new Error(`not a calendar date: ${date}`);
  const [y, m, d] = date.split('-').map(Number);
  const day = Date.UTC(y, m - 1, d) / DAY_MS;
  if (dayNumbers.size >= 10_000) dayNumbers.clear();
  dayNumbers.set(date, day);
  return day;
}

function fromDayNumber(day: number): CalendarDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromDayNumber(toDayNumber(date) + days);
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return toDayNumber(a) - toDayNumber(b);
}

export function isWithin(date: CalendarDate, from: CalendarDate, to: CalendarDate): boolean {
  return compareDates(date, from) >= 0 && compareDates(date, to) <= 0;
}

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: CalendarDate, to: CalendarDate): CalendarDate[] {
  const days: CalendarDate[] = [];
  const last = toDayNumber(to);
  for (let n = toDayNumber(from); n <= last; n++) days.push(fromDayNumber(n));
  return days;
}

/** ISO 8601 weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: CalendarDate): number {
  const dow = new Date(toDayNumber(date) * DAY_MS).getUTCDay();
  return dow === 0 ? 7 : dow;
}

export function isWeekday(date: CalendarDate): boolean {
  return isoWeekday(date) <= 5;
}

export interface IsoWeek {
  year: number;
  week: number;
}

/** The ISO 8601 week a day belongs to (the week with that Thursday; week 1 holds 4 January). */
export function isoWeekOf(date: CalendarDate): IsoWeek {
  const day = toDayNumber(date);
  const thursday = day + (4 - isoWeekday(date));
  const year = new Date(thursday * DAY_MS).getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1) / DAY_MS;
  return { year, week: Math.floor((thursday - jan1) / 7) + 1 };
}

export function isoWeekKey(week: IsoWeek): string {
  return `${week.year}-W${String(week.week).padStart(2, '0')}`;
}

const osloFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Oslo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The day it is in Norway at `instant`. */
export function osloDate(instant: Date): CalendarDate {
  return osloFormat.format(instant);
}
