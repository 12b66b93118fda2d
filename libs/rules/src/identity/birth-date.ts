import { CalendarDate, isCalendarDate } from '../calendar/calendar-date';
import { isValidNationalId } from './national-id';

/**
 * The birth date a fødselsnummer carries. D-numbers add 40 to the day, H-numbers add 40 to the month,
 * synthetic test numbers add 80 to the month (Skatteetaten's; NAV's own test numbers use + 40 like
 * H-numbers). The century comes from the individual number (digits 7–9) together with the two-digit year:
 *
 * | individual number | year 00–39 | year 40–53 | year 54–99 |
 * |---|---|---|---|
 * | 000–499 | 1900–1939 | 1940–1953 | 1954–1999 |
 * | 500–749 | 2000–2039 | none | 1854–1899 |
 * | 750–899 | 2000–2039 | none | none |
 * | 900–999 | 2000–2039 | 1940–1953 | 1954–1999 |
 *
 * Returns null for a number that is not valid or whose individual number gives no century (or whose
 * date does not exist, e.g. 30 February). Never logs the value.
 */
export function birthDateOf(nationalId: string): CalendarDate | null {
  if (!isValidNationalId(nationalId)) return null;
  let day = Number(nationalId.slice(0, 2));
  let month = Number(nationalId.slice(2, 4));
  const yy = Number(nationalId.slice(4, 6));
  const individual = Number(nationalId.slice(6, 9));
  if (day > 40) day -= 40; // D-number
  if (month > 80)
    month -= 80; // synthetic test number
  else if (month > 40) month -= 40; // H-number (and NAV's synthetic numbers)
  const century = centuryOf(individual, yy);
  if (century === null) return null;
  const date = `${century + yy}-${pad(month)}-${pad(day)}`;
  return isCalendarDate(date) ? date : null;
}

function centuryOf(individual: number, yy: number): number | null {
  if (individual <= 499) return 1900;
  if (individual >= 900) return yy < 40 ? 2000 : 1900;
  if (yy < 40) return 2000; // 500–899
  if (individual <= 749 && yy >= 54) return 1800;
  return null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Whole years from `birthDate` to `on`; a person born on 29 February becomes a year older on 1 March in common years. */
export function ageOn(birthDate: CalendarDate, on: CalendarDate): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  const hadBirthday = m > bm || (m === bm && d >= bd);
  return y - by - (hadBirthday ? 0 : 1);
}

/** The person's age on `on` (e.g. the first day of a decision's period), or null when the number carries no birth date. */
export function ageFromNationalId(nationalId: string, on: CalendarDate): number | null {
  const born = birthDateOf(nationalId);
  return born === null ? null : ageOn(born, on);
}
