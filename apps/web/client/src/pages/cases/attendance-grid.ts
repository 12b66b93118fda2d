// The attendance grid's days and the list it becomes. Pure.
import { daysBetween, isWeekday, isoWeekKey, isoWeekOf } from '@vf/rules';

export type DayStatus = '' | 'PRESENT' | 'UNAPPROVED_ABSENCE' | 'APPROVED_ABSENCE';

/** One click moves a day on: blank → til stede → ugyldig fravær → godkjent fravær → blank. */
export const nextStatus = (s: DayStatus): DayStatus =>
  s === '' ? 'PRESENT' : s === 'PRESENT' ? 'UNAPPROVED_ABSENCE' : s === 'UNAPPROVED_ABSENCE' ? 'APPROVED_ABSENCE' : '';

/** Course days (Monday–Friday) of the period, one row per ISO week, each row five slots Monday..Friday (null outside the period). */
export function courseWeeks(from: string, to: string): Array<{ week: string; days: Array<string | null> }> {
  const weeks = new Map<string, Array<string | null>>();
  for (const day of daysBetween(from, to).filter(isWeekday)) {
    const w = isoWeekOf(day);
    const key = isoWeekKey(w);
    const row = weeks.get(key) ?? [null, null, null, null, null];
    row[new Date(`${day}T12:00:00Z`).getUTCDay() - 1] = day;
    weeks.set(key, row);
  }
  return [...weeks.entries()].map(([week, days]) => ({ week, days }));
}

export interface GridEntry {
  date: string;
  status: Exclude<DayStatus, ''>;
  reason?: string;
}

/**
 * The entries to send: the days whose status differs from what is registered (a later list's entry
 * replaces the earlier one), and approved absence with its reason. Blank days are not sent.
 */
export function changedEntries(
  grid: Record<string, DayStatus>,
  reasons: Record<string, string>,
  registered: Record<string, string>,
): GridEntry[] {
  return Object.entries(grid)
    .filter(([date, status]) => status !== '' && (status !== registered[date] || status === 'APPROVED_ABSENCE'))
    .filter(([date, status]) => !(status === 'APPROVED_ABSENCE' && registered[date] === status && !reasons[date]))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, status]) =>
      status === 'APPROVED_ABSENCE' ? { date, status, reason: reasons[date] } : { date, status: status as GridEntry['status'] },
    );
}
