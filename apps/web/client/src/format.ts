// How NAV writes amounts and dates: "8 500,00 kr", "27.11.2026". Pure: no DOM, no React.

const NBSP = '\u00a0';

/** Integer øre as "8 500,00 kr" (no-break spaces, so an amount never wraps). */
export function formatOre(ore: number): string {
  const sign = ore < 0 ? '−' : '';
  const abs = Math.abs(Math.trunc(ore));
  const kroner = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);
  return `${sign}${kroner},${(abs % 100).toString().padStart(2, '0')}${NBSP}kr`;
}

/** Kroner as typed by a person ("8 500", "8500,50", "8 500,00 kr") to integer øre, or null if it is not an amount. */
export function parseKroner(input: string): number | null {
  const s = input
    .replace(/kr\.?$/i, '')
    .replace(/[\s\u00a0.]/g, '')
    .trim();
  const m = /^(\d{1,9})(?:,(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
}

/** "2026-11-27" as "27.11.2026". */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : date;
}

/** "27.11.2026" (or "27.11.26", "2026-11-27") to "2026-11-27", or null if it is not a real day. */
export function parseDate(input: string): string | null {
  const s = input.trim();
  let y: number, mo: number, d: number;
  let m = /^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$/.exec(s);
  if (m) {
    d = Number(m[1]);
    mo = Number(m[2]);
    y = m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
  } else if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s))) {
    y = Number(m[1]);
    mo = Number(m[2]);
    d = Number(m[3]);
  } else {
    return null;
  }
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const osloParts = (instant: string | Date) =>
  Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Oslo',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(typeof instant === 'string' ? new Date(instant) : instant)
      .map((p) => [p.type, p.value]),
  );

/** An instant as "27.11.2026 kl. 14.05", in Oslo time. */
export function formatInstant(instant: string | null | undefined): string {
  if (!instant) return '';
  const p = osloParts(instant);
  return `${p.day}.${p.month}.${p.year} kl. ${p.hour}.${p.minute}`;
}

/** Today in Oslo as "2026-11-27". */
export function osloToday(now = new Date()): string {
  const p = osloParts(now);
  return `${p.year}-${p.month}-${p.day}`;
}

/** A duration in milliseconds as Norwegian words: "under 1 sekund", "4,2 sekunder", "3 min", "2 t 5 min", "3 døgn". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '–';
  if (ms < 1000) return `under 1${NBSP}sekund`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1).replace('.', ',')}${NBSP}sekunder`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)}${NBSP}min`;
  if (ms < 86_400_000) return `${Math.floor(ms / 3_600_000)}${NBSP}t ${Math.round((ms % 3_600_000) / 60_000)}${NBSP}min`;
  return `${Math.round(ms / 86_400_000)}${NBSP}døgn`;
}

const WEEKDAYS = ['søndag', 'mandag', 'tirsdag', 'onsdag', 'torsdag', 'fredag', 'lørdag'];
/** "mandag 02.11.2026". */
export function formatDayLong(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]} ${formatDate(date)}`;
}

/** An account number as "1234 56 78903". */
export function formatAccount(account: string): string {
  const digits = account.replace(/\D/g, '');
  return digits.length === 11 ? `${digits.slice(0, 4)} ${digits.slice(4, 6)} ${digits.slice(6)}` : account;
}
