/** NAV-ident of a caseworker: one letter and six digits, e.g. Z123456. */
export function isValidActorIdent(value: unknown): boolean {
  return typeof value === 'string' && /^[A-Z]\d{6}$/.test(value);
}
