import fc from 'fast-check';
import { addDays, isoWeekday } from './calendar-date';
import { PUBLIC_HOLIDAY_NAMES, easterSunday, isCourseDay, isPublicHoliday, publicHolidays, publicHolidaysOn } from './public-holidays';

/**
 * The published table, written out by hand (not computed): "Norske helligdager <year>",
 * https://kalenderendin.no/helligdager/<year>; the 2026 dates also as listed at
 * https://www.wfy24.com/bg/holidays/no. Order: 1. nyttårsdag, skjærtorsdag, langfredag, 1. påskedag, 2. påskedag,
 * 1. mai, 17. mai, Kristi himmelfartsdag, 1. pinsedag, 2. pinsedag, 1. juledag, 2. juledag.
 */
const PUBLISHED: Record<number, string[]> = {
  2025: ['01-01', '04-17', '04-18', '04-20', '04-21', '05-01', '05-17', '05-29', '06-08', '06-09', '12-25', '12-26'],
  2026: ['01-01', '04-02', '04-03', '04-05', '04-06', '05-01', '05-17', '05-14', '05-24', '05-25', '12-25', '12-26'],
  2027: ['01-01', '03-25', '03-26', '03-28', '03-29', '05-01', '05-17', '05-06', '05-16', '05-17', '12-25', '12-26'],
  2028: ['01-01', '04-13', '04-14', '04-16', '04-17', '05-01', '05-17', '05-25', '06-04', '06-05', '12-25', '12-26'],
  2029: ['01-01', '03-29', '03-30', '04-01', '04-02', '05-01', '05-17', '05-10', '05-20', '05-21', '12-25', '12-26'],
  2030: ['01-01', '04-18', '04-19', '04-21', '04-22', '05-01', '05-17', '05-30', '06-09', '06-10', '12-25', '12-26'],
};

describe('Norwegian public holidays', () => {
  it.each(Object.keys(PUBLISHED).map(Number))('%i matches the published table', (year) => {
    const expected = PUBLIC_HOLIDAY_NAMES.map((name, i) => ({ name, date: `${year}-${PUBLISHED[year][i]}` }));
    const computed = publicHolidays(year);
    expect(computed).toHaveLength(12);
    for (const e of expected) expect(computed).toContainEqual(e);
  });

  it('knows that Whit Monday is 17 May in 2027, and names both', () => {
    expect(publicHolidaysOn('2027-05-17')).toEqual(['CONSTITUTION_DAY', 'WHIT_MONDAY']);
  });

  it.each([
    ['2026-12-24', false], // julaften is not a public holiday
    ['2026-12-25', true],
    ['2026-12-31', false], // nyttårsaften neither
    ['2026-04-04', false], // påskeaften neither
    ['2026-05-14', true],
  ])('%s is a public holiday: %p', (date, holiday) => expect(isPublicHoliday(date)).toBe(holiday));

  it('the issue example: 21–31 December 2026 has 8 course days, Christmas Day not one of them', () => {
    const days = Array.from({ length: 11 }, (_, i) => addDays('2026-12-21', i)).filter(isCourseDay);
    expect(days).toEqual(['2026-12-21', '2026-12-22', '2026-12-23', '2026-12-24', '2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31']);
  });

  const yearArb = fc.integer({ min: 1583, max: 4099 });

  it('property: Easter Sunday is a Sunday between 22 March and 25 April', () => {
    fc.assert(
      fc.property(yearArb, (year) => {
        const easter = easterSunday(year);
        expect(isoWeekday(easter)).toBe(7);
        expect(easter >= `${year}-03-22` && easter <= `${year}-04-25`).toBe(true);
      }),
    );
  });

  it('property: each moveable holiday falls on its weekday, and every holiday of the year is in that year', () => {
    const weekday = {
      MAUNDY_THURSDAY: 4,
      GOOD_FRIDAY: 5,
      EASTER_SUNDAY: 7,
      EASTER_MONDAY: 1,
      ASCENSION_DAY: 4,
      WHIT_SUNDAY: 7,
      WHIT_MONDAY: 1,
    };
    fc.assert(
      fc.property(yearArb, (year) => {
        const list = publicHolidays(year);
        expect(list.map((h) => h.name).sort()).toEqual([...PUBLIC_HOLIDAY_NAMES].sort());
        for (const h of list) {
          expect(h.date.slice(0, 4)).toBe(String(year));
          if (h.name in weekday) expect(isoWeekday(h.date)).toBe(weekday[h.name as keyof typeof weekday]);
        }
        expect([...list].sort((a, b) => a.date.localeCompare(b.date)).map((h) => h.date)).toEqual(list.map((h) => h.date));
      }),
    );
  });

  it('property: a course day is a weekday that no holiday falls on', () => {
    const dayArb = fc
      .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(dayArb, (date) => {
        const listed = publicHolidays(Number(date.slice(0, 4))).some((h) => h.date === date);
        expect(isPublicHoliday(date)).toBe(listed);
        expect(isCourseDay(date)).toBe(isoWeekday(date) <= 5 && !listed);
      }),
    );
  });

  it('refuses a year before the Gregorian calendar', () => expect(() => easterSunday(1582)).toThrow());
});
