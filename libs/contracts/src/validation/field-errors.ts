import { ClassConstructor, plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';

/** A field and why it was refused; the same shape as the rules' FieldError. */
export interface FieldError {
  field: string;
  reason: string;
}

/** Flattens class-validator's tree into `payments[0].amountOre: must be …` pairs. */
export function toFieldErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = /^\d+$/.test(e.property) ? `${prefix}[${e.property}]` : prefix ? `${prefix}.${e.property}` : e.property;
    for (const message of Object.values(e.constraints ?? {})) {
      // class-validator prefixes built-in messages with the property name; keep only the reason.
      out.push({ field, reason: message.startsWith(`${e.property} `) ? message.slice(e.property.length + 1) : message });
    }
    if (e.children?.length) out.push(...toFieldErrors(e.children, field));
  }
  return out;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** Turns untrusted plain data into an instance of `cls`, or says field by field why not. */
export function validatePlain<T extends object>(cls: ClassConstructor<T>, plain: unknown): Validated<T> {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    return { ok: false, errors: [{ field: '(body)', reason: 'must be a JSON object' }] };
  }
  let instance: T;
  try {
    instance = plainToInstance(cls, plain);
  } catch {
    // class-transformer throws on some shapes, e.g. `[null]` where a discriminated object belongs
    // (payee, requirement, amendment). A refusal, never an exception: a consumer must be able to dead-letter it.
    return { ok: false, errors: [{ field: '(body)', reason: 'has a value of the wrong shape where an object belongs' }] };
  }
  const errors = validateSync(instance, { forbidUnknownValues: true });
  return errors.length === 0 ? { ok: true, value: instance } : { ok: false, errors: toFieldErrors(errors) };
}
