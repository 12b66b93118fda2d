import { CalendarDate, addDays, isWeekday } from './calendar-date';

/**
 * Norwegian public holidays (offentlige høytidsdager and helligdager, lov om helligdager og
 * helligdagsfred § 1 and lov om 1. og 17. mai som høgtidsdager). Sundays are not listed on their own:
 * every Sunday is a day of rest anyway; Easter Sunday and Whit Sunday are listed because the law names them.
 */
export type PublicHolidayName =
  | 'NEW_YEARS_DAY' // 1. nyttårsdag
  | 'MAUNDY_THURSDAY' // skjærtorsdag
  | 'GOOD_FRIDAY' // langfredag
  | 'EASTER_SUNDAY' // 1. påskedag
  | 'EASTER_MONDAY' // 2. påskedag
  | 'MAY_DAY' // 1. mai, offentlig høytidsdag
  | 'CONSTITUTION_DAY' // 17. mai, grunnlovsdag
  | 'ASCENSION_DAY' // Kristi himmelfartsdag
  | 'WHIT_SUNDAY' // 1. pinsedag
  | 'WHIT_MONDAY' // 2. pinsedag
  | 'CHRISTMAS_DAY' // 1. juledag
  | 'BOXING_DAY'; // 2. juledag

// Written as a record so that the compiler insists every holiday is listed.
const NAMES: Record<PublicHolidayName, true> = {
  NEW_YEARS_DAY: true,
  MAUNDY_THURSDAY: true,
  GOOD_FRIDAY: true,
  EASTER_SUNDAY: true,
  EASTER_MONDAY: true,
  MAY_DAY: true,
  CONSTITUTION_DAY: true,
  ASCENSION_DAY: true,
  WHIT_SUNDAY: true,
  WHIT_MONDAY: true,
  CHRISTMAS_DAY: true,
  BOXING_DAY: true,
};
export const PUBLIC_HOLIDAY_NAMES = Object.keys(NAMES) as readonly PublicHolidayName[];

export interface PublicHoliday {
  date: CalendarDate;
  name: PublicHolidayName;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Easter Sunday of a Gregorian year, by the anonymous Gregorian algorithm (Meeus/Jones/Butcher,
 * as in Jean Meeus, Astronomical Algorithms, ch. 8). Valid for every year from 1583.
 */
export function easterSunday(year: number): CalendarDate {
  if (!Number.isInteger(year) || year < 1583 || year > 9999) throw new Error(`no Gregorian Easter computed for year ${year}`);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${pad(month)}-${pad(day)}`;
}

const cache = new Map<number, PublicHoliday[]>();

/** The year's public holidays in date order. Two can fall on one day (17 May is Whit Monday in 2027). */
export function publicHolidays(year: number): PublicHoliday[] {
  const known = cache.get(year);
  if (known) return known;
  const easter = easterSunday(year);
  const fixed = (mmdd: string) => `${year}-${mmdd}`;
  const list: PublicHoliday[] = [
    { date: fixed('01-01'), name: 'NEW_YEARS_DAY' },
    { date: addDays(easter, -3), name: 'MAUNDY_THURSDAY' },
    { date: addDays(easter, -2), name: 'GOOD_FRIDAY' },
    { date: easter, name: 'EASTER_SUNDAY' },
    { date: addDays(easter, 1), name: 'EASTER_MONDAY' },
    { date: fixed('05-01'), name: 'MAY_DAY' },
    { date: fixed('05-17'), name: 'CONSTITUTION_DAY' },
    { date: addDays(easter, 39), name: 'ASCENSION_DAY' },
    { date: addDays(easter, 49), name: 'WHIT_SUNDAY' },
    { date: addDays(easter, 50), name: 'WHIT_MONDAY' },
    { date: fixed('12-25'), name: 'CHRISTMAS_DAY' },
    { date: fixed('12-26'), name: 'BOXING_DAY' },
  ];
  list.sort((x, y) => x.date.localeCompare(y.date) || PUBLIC_HOLIDAY_NAMES.indexOf(x.name) - PUBLIC_HOLIDAY_NAMES.indexOf(y.name));
  cache.set(year, list);
  return list;
}

/** The holidays on a day (none, one, or two that coincide). */
export function publicHolidaysOn(date: CalendarDate): PublicHolidayName[] {
  return publicHolidays(Number(date.slice(0, 4)))
    .filter((h) => h.date === date)
    .map((h) => h.name);
}

export function isPublicHoliday(date: CalendarDate): boolean {
  return publicHolidaysOn(date).length > 0;
}

/** A day a course is held: Monday to Friday, and not a public holiday. */
export function isCourseDay(date: CalendarDate): boolean {
  return isWeekday(date) && !isPublicHoliday(date);
}
