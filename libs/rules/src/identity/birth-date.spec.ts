import fc from 'fast-check';
import { addDays, compareDates, daysBetween } from '../calendar/calendar-date';
import { ageFromNationalId, ageOn, birthDateOf } from './birth-date';
import { completeNationalId } from './national-id';

type Variant = 'ordinary' | 'D' | 'H' | 'synthetic';
const VARIANTS: Variant[] = ['ordinary', 'D', 'H', 'synthetic'];

/** The individual numbers that give `year`'s century, per Skatteetaten's table. */
function individualRanges(year: number): Array<[number, number]> {
  if (year >= 1854 && year <= 1899) return [[500, 749]];
  if (year >= 1900 && year <= 1939) return [[0, 499]];
  if (year >= 1940 && year <= 1999) {
    return [
      [0, 499],
      [900, 999],
    ];
  }
  if (year >= 2000 && year <= 2039) return [[500, 999]];
  return [];
}

/** The nine leading digits of a number for `date` with `individual`, written as `variant`. */
function prefix(date: string, individual: number, variant: Variant): string {
  const [y, m, d] = date.split('-').map(Number);
  const day = variant === 'D' ? d + 40 : d;
  const month = variant === 'H' ? m + 40 : variant === 'synthetic' ? m + 80 : m;
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${p2(day)}${p2(month)}${p2(y % 100)}${String(individual).padStart(3, '0')}`;
}

/** Every individual number that gives `year`'s century, computed once per century. */
const candidatesByCentury = new Map<number, number[]>();
function candidates(year: number): number[] {
  const key = year < 1900 ? 1800 : year < 1940 ? 1900 : year < 2000 ? 1940 : 2000;
  let list = candidatesByCentury.get(key);
  if (!list) {
    list = individualRanges(year).flatMap(([lo, hi]) => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i));
    candidatesByCentury.set(key, list);
  }
  return list;
}

/** The first valid number (check digits exist) for a date and variant, trying individual numbers from `start` within the ranges. */
function someNumberFor(date: string, variant: Variant, start: number): string | null {
  const list = candidates(Number(date.slice(0, 4)));
  for (let k = 0; k < list.length; k++) {
    const n = completeNationalId(prefix(date, list[(start + k) % list.length], variant));
    if (n) return n;
  }
  return null;
}

/** Independent age: the largest n with (birthday moved n years, 29 Feb → 1 Mar) ≤ on. */
function referenceAge(birth: string, on: string): number {
  let n = 0;
  const anniversary = (k: number) => {
    const [y, m, d] = birth.split('-').map(Number);
    const t = new Date(Date.UTC(y + k, m - 1, d));
    return t.toISOString().slice(0, 10); // 29 Feb in a common year rolls to 1 Mar
  };
  while (compareDates(anniversary(n + 1), on) <= 0) n++;
  return n;
}

describe('birth date from the fødselsnummer', () => {
  it.each([
    ['ordinary, 1900s (individual 000–499)', '150765', 5, '1965-07-15'],
    ['D-number (day + 40)', '550765', 5, '1965-07-15'],
    ['H-number (month + 40)', '154765', 5, '1965-07-15'],
    ['synthetic (month + 80)', '158765', 5, '1965-07-15'],
    ['1854–1899 (individual 500–749, year 54–99)', '010160', 600, '1860-01-01'],
    ['2000–2039 (individual 500–999, year 00–39)', '290204', 800, '2004-02-29'],
    ['1940–1999 from 900–999', '311241', 950, '1941-12-31'],
  ])('reads %s', (_name, ddmmyy, individual, expected) => {
    const fnr = (() => {
      for (let i = individual; i < individual + 50; i++) {
        const c = completeNationalId(`${ddmmyy}${String(i).padStart(3, '0')}`);
        if (c) return c;
      }
      return null;
    })();
    expect(fnr).not.toBeNull();
    expect(birthDateOf(fnr!)).toBe(expected);
  });

  it('gives no birth date where the individual number has no century, or the number is invalid', () => {
    // year 45 with individual 800–899: no century
    const found = Array.from({ length: 100 }, (_, i) => completeNationalId(`010145${800 + i}`)).find((x) => x !== null);
    expect(found).toBeDefined();
    expect(birthDateOf(found!)).toBeNull();
    expect(birthDateOf('01010012357')).toBeNull();
    expect(birthDateOf('')).toBeNull();
  });

  it('gives no birth date for a day that does not exist (30 February)', () => {
    const found = Array.from({ length: 100 }, (_, i) => completeNationalId(`300280${String(i).padStart(3, '0')}`)).find((x) => x !== null);
    expect(found).toBeDefined();
    expect(birthDateOf(found!)).toBeNull();
  });

  it('exhaustive: every day from 1854-01-01 to 2039-12-31, in each of the four forms, reads back as that day', () => {
    const days = daysBetween('1854-01-01', '2039-12-31');
    expect(days.length).toBe(67_935);
    let checked = 0;
    days.forEach((date, i) => {
      for (const variant of VARIANTS) {
        const fnr = someNumberFor(date, variant, (i * 37) % 500);
        if (fnr === null || birthDateOf(fnr) !== date) throw new Error(`${date} (${variant}) does not read back`);
        checked++;
      }
    });
    expect(checked).toBe(4 * days.length);
  });

  it('property: any day in range, any individual number of its century, any form: the birth date reads back', () => {
    const day = fc.integer({ min: 0, max: 67_934 }).map((n) => addDays('1854-01-01', n));
    fc.assert(
      fc.property(day, fc.nat(999), fc.constantFrom(...VARIANTS), (date, pick, variant) => {
        const ranges = individualRanges(Number(date.slice(0, 4)));
        const all = ranges.flatMap(([lo, hi]) => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i));
        const individual = all[pick % all.length];
        const fnr = completeNationalId(prefix(date, individual, variant));
        fc.pre(fnr !== null);
        expect(birthDateOf(fnr!)).toBe(date);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('age on a day', () => {
  it.each([
    ['1996-11-01', '2026-11-01', 30, 'on the 30th birthday'],
    ['1996-11-02', '2026-11-01', 29, 'the day before the 30th birthday'],
    ['2000-02-29', '2030-02-28', 29, 'born 29 February, 28 February of a common year'],
    ['2000-02-29', '2030-03-01', 30, 'born 29 February, 1 March of a common year'],
    ['2000-02-29', '2028-02-29', 28, 'born 29 February, a leap day'],
  ])('born %s, on %s: %i (%s)', (born, on, age) => expect(ageOn(born, on)).toBe(age));

  it('property: agrees with counting anniversaries, for any two days 1854–2060', () => {
    const day = (max: number) => fc.integer({ min: 0, max }).map((n) => addDays('1854-01-01', n));
    fc.assert(
      fc.property(day(67_935), fc.integer({ min: 0, max: 75_000 }), (born, later) => {
        const on = addDays(born, later);
        expect(ageOn(born, on)).toBe(referenceAge(born, on));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads the age from the number', () => {
    const fnr = someNumberFor('1996-11-02', 'D', 0)!;
    expect(ageFromNationalId(fnr, '2026-11-01')).toBe(29);
    expect(ageFromNationalId(fnr, '2026-11-02')).toBe(30);
    expect(ageFromNationalId('01010012357', '2026-11-01')).toBeNull();
  });
});
