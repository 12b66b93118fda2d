/** Norwegian bank account number (kontonummer): 11 digits, the last a mod-11 check digit. */
const WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

export function isValidAccountNumber(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{11}$/.test(value)) return false;
  const d = [...value].map(Number);
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * d[i], 0);
  const rest = sum % 11;
  const control = rest === 0 ? 0 : 11 - rest;
  return control !== 10 && control === d[10];
}
