/**
 * A rule said no. `field` names the input that is wrong (dotted path, e.g. `payments[0].amountOre`),
 * `reason` says why in words a caseworker understands. `kind` lets an adapter choose the status code:
 * INVALID (the input can never be accepted: 422), CONFLICT (not in the current state: 409).
 */
export interface FieldError {
  field: string;
  reason: string;
}

export type ViolationKind = 'INVALID' | 'CONFLICT';

export class RuleViolation extends Error {
  constructor(
    readonly kind: ViolationKind,
    readonly errors: FieldError[],
  ) {
    super(errors.map((e) => `${e.field}: ${e.reason}`).join('; '));
    this.name = 'RuleViolation';
  }

  static invalid(field: string, reason: string): RuleViolation {
    return new RuleViolation('INVALID', [{ field, reason }]);
  }

  static conflict(field: string, reason: string): RuleViolation {
    return new RuleViolation('CONFLICT', [{ field, reason }]);
  }
}
