import fc from 'fast-check';
import { formatDate, formatDayLong, formatDuration, formatInstant, formatOre, parseDate, parseKroner } from './format';

const plain = (s: string) => s.replace(/\u00a0/g, ' ');

describe('amounts, as NAV writes them', () => {
  it('writes øre as kroner with thousands grouped and two decimals', () => {
    expect(plain(formatOre(850_000))).toBe('8 500,00 kr');
    expect(plain(formatOre(785_050))).toBe('7 850,50 kr');
    expect(plain(formatOre(5))).toBe('0,05 kr');
    expect(plain(formatOre(123_456_789))).toBe('1 234 567,89 kr');
  });

  it('reads kroner as typed, and refuses what is not an amount', () => {
    expect(parseKroner('8 500')).toBe(850_000);
    expect(parseKroner('8500,5')).toBe(850_050);
    expect(parseKroner('8 500,00 kr')).toBe(850_000);
    expect(parseKroner('8.500,00')).toBe(850_000);
    for (const bad of ['', 'åtte', '-100', '1,234', '12e3']) expect(parseKroner(bad)).toBeNull();
  });

  it('reads back every amount it writes', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 99_999_999_999 }), (ore) => parseKroner(formatOre(ore)) === ore));
  });
});

describe('dates, as NAV writes them', () => {
  it('writes a day as dd.mm.åååå and reads it back', () => {
    expect(formatDate('2026-11-27')).toBe('27.11.2026');
    expect(parseDate('27.11.2026')).toBe('2026-11-27');
    expect(parseDate('2.11.26')).toBe('2026-11-02');
    expect(parseDate('2026-11-02')).toBe('2026-11-02');
  });

  it('refuses days that do not exist', () => {
    for (const bad of ['31.11.2026', '29.02.2027', '00.01.2026', '1.13.2026', 'i går', '']) expect(parseDate(bad)).toBeNull();
  });

  it('reads back every day it writes', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1950-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        return parseDate(formatDate(iso)) === iso;
      }),
    );
  });

  it('writes instants in Oslo time, summer and winter', () => {
    expect(formatInstant('2026-11-26T23:30:00Z')).toBe('27.11.2026 kl. 00.30');
    expect(formatInstant('2026-06-30T22:15:00Z')).toBe('01.07.2026 kl. 00.15');
  });

  it('names the weekday', () => {
    expect(formatDayLong('2026-11-02')).toBe('mandag 02.11.2026');
    expect(formatDayLong('2026-11-27')).toBe('fredag 27.11.2026');
  });

  it('words durations', () => {
    expect(plain(formatDuration(350))).toBe('under 1 sekund');
    expect(plain(formatDuration(4200))).toBe('4,2 sekunder');
    expect(plain(formatDuration(7_500_000))).toBe('2 t 5 min');
    expect(formatDuration(null)).toBe('–');
  });
});
