/**
 * Fødselsnummer (national identity number): DDMMYY + three individual digits + two mod-11 check digits.
 * D-numbers add 4 to the first digit, H-numbers add 40 to the month, synthetic test numbers add 80 to
 * the month; all three are accepted. From 2032 new numbers may use other check remainders: this is the
 * one place to change. Never log the value: callers only learn valid/invalid.
 */
const K1_WEIGHTS = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const K2_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

function checkDigit(digits: number[], weights: number[]): number | null {
  const sum = weights.reduce((acc, w, i) => acc + w * digits[i], 0);
  const k = 11 - (sum % 11);
  if (k === 11) return 0;
  if (k === 10) return null;
  return k;
}

export function isValidNationalId(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{11}$/.test(value)) return false;
  const d = [...value].map(Number);
  const k1 = checkDigit(d, K1_WEIGHTS);
  if (k1 === null || k1 !== d[9]) return false;
  const k2 = checkDigit(d, K2_WEIGHTS);
  if (k2 === null || k2 !== d[10]) return false;
  let day = d[0] * 10 + d[1];
  let month = d[2] * 10 + d[3];
  if (day > 40) day -= 40; // D-number
  if (month > 80)
    month -= 80; // synthetic test number
  else if (month > 40) month -= 40; // H-number
  return day >= 1 && day <= 31 && month >= 1 && month <= 12;
}

/** Only for showing a person which record is meant, e.g. "150590*****". Never log even this in bulk. */
export function maskNationalId(value: string): string {
  return value.slice(0, 6) + '*****';
}

/** Computes the two check digits for nine leading digits; null when no valid number exists. Used by tests. */
export function completeNationalId(nineDigits: string): string | null {
  if (!/^\d{9}$/.test(nineDigits)) return null;
  const d = [...nineDigits].map(Number);
  const k1 = checkDigit(d, K1_WEIGHTS);
  if (k1 === null) return null;
  const k2 = checkDigit([...d, k1], K2_WEIGHTS);
  if (k2 === null) return null;
  return `${nineDigits}${k1}${k2}`;
}
