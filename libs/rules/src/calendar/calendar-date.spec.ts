import fc from 'fast-check';
import { addDays, compareDates, daysBetween, isCalendarDate, isoWeekKey, isoWeekOf, isoWeekday, osloDate } from './calendar-date';

describe('calendar dates', () => {
  it.each(['2026-11-31', '2026-02-29', '2026-13-01', '26-11-01', '2026-1-01', 20261101, null])('rejects %p', (value) =>
    expect(isCalendarDate(value)).toBe(false),
  );

  it.each(['2026-11-30', '2024-02-29', '2000-02-29'])('accepts %p', (value) => expect(isCalendarDate(value)).toBe(true));

  it('adds days across month, year and DST boundaries without drifting', () => {
    expect(addDays('2026-10-24', 2)).toBe('2026-10-26'); // DST ends 25 Oct 2026 in Oslo
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30'); // DST starts 29 Mar 2026
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });

  it('lists the days of a period, both ends included', () => {
    expect(daysBetween('2026-11-29', '2026-12-02')).toEqual(['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02']);
    expect(daysBetween('2026-11-02', '2026-11-01')).toEqual([]);
  });

  it.each([
    ['2026-11-09', 2026, 46, 1],
    ['2026-11-22', 2026, 47, 7],
    ['2026-11-23', 2026, 48, 1],
    ['2026-12-31', 2026, 53, 4], // 2026 has 53 ISO weeks
    ['2027-01-03', 2026, 53, 7],
    ['2027-01-04', 2027, 1, 1],
    ['2024-12-30', 2025, 1, 1],
    ['2021-01-03', 2020, 53, 7],
  ])('%s is in ISO week %i-W%i, weekday %i', (date, year, week, weekday) => {
    expect(isoWeekOf(date)).toEqual({ year, week });
    expect(isoWeekday(date)).toBe(weekday);
  });

  it('formats week keys', () => expect(isoWeekKey({ year: 2026, week: 7 })).toBe('2026-W07'));

  it('turns an instant into the Oslo day, also around midnight and DST', () => {
    expect(osloDate(new Date('2026-11-30T22:59:59Z'))).toBe('2026-11-30'); // 23:59:59 CET
    expect(osloDate(new Date('2026-11-30T23:00:00Z'))).toBe('2026-12-01'); // 00:00 CET
    expect(osloDate(new Date('2026-06-30T21:59:59Z'))).toBe('2026-06-30'); // 23:59:59 CEST
    expect(osloDate(new Date('2026-06-30T22:00:00Z'))).toBe('2026-07-01');
  });

  const dateArb = fc
    .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2060-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));

  it('property: consecutive days have weekdays one apart and weeks change only on Monday', () => {
    fc.assert(
      fc.property(dateArb, (date) => {
        const next = addDays(date, 1);
        expect(isoWeekday(next)).toBe((isoWeekday(date) % 7) + 1);
        const sameWeek = isoWeekKey(isoWeekOf(date)) === isoWeekKey(isoWeekOf(next));
        expect(sameWeek).toBe(isoWeekday(next) !== 1);
        expect(compareDates(next, date)).toBe(1);
      }),
    );
  });
});
