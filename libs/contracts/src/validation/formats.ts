/**
 * The field formats of the v1 wire contracts, owned here so that they are frozen with v1: a change
 * in the rules (say, the fødselsnummer format of 2032) cannot silently widen what a v1 reader
 * accepts. formats.spec.ts checks that they agree with the rules' checks today.
 */

/** Mod-11 control digit of `digits` with `weights`; null where no control digit exists (remainder 1). */
function mod11(digits: readonly number[], weights: readonly number[]): number | null {
  const remainder = weights.reduce((sum, w, i) => sum + w * digits[i], 0) % 11;
  if (remainder === 0) return 0;
  return remainder === 1 ? null : 11 - remainder;
}

const elevenDigits = (v: unknown): v is string => typeof v === 'string' && /^\d{11}$/.test(v);
const digitsOf = (v: string) => Array.from(v, Number);

/** A fødselsnummer, D-number, H-number or synthetic number with both control digits right. */
export function isNationalIdV1(v: unknown): boolean {
  if (!elevenDigits(v)) return false;
  const d = digitsOf(v);
  if (mod11(d, [3, 7, 6, 1, 8, 9, 4, 5, 2]) !== d[9] || mod11(d, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) !== d[10]) return false;
  const [day, month] = [d[0] * 10 + d[1], d[2] * 10 + d[3]];
  const realDay = day > 40 ? day - 40 : day; // D-number: day + 40
  const realMonth = month > 80 ? month - 80 : month > 40 ? month - 40 : month; // synthetic: + 80, H-number: + 40
  return realDay >= 1 && realDay <= 31 && realMonth >= 1 && realMonth <= 12;
}

/** A Norwegian account number: 11 digits, the last its mod-11 control digit. */
export function isAccountNumberV1(v: unknown): boolean {
  if (!elevenDigits(v)) return false;
  const d = digitsOf(v);
  return mod11(d, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) === d[10];
}

/** A NAV-ident: one capital letter and six digits. */
export const isActorIdentV1 = (v: unknown): boolean => typeof v === 'string' && /^[A-Z]\d{6}$/.test(v);

/** A calendar date YYYY-MM-DD that exists. */
export function isCalendarDateV1(v: unknown): boolean {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const at = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().startsWith(v);
}
