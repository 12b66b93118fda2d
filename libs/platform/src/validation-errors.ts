import { ValidationError } from 'class-validator';
import { FieldError, toFieldErrors } from '@vf/contracts';

/** A field name that is safe to say back: what a request shape can declare. Anything else a caller made up is not repeated. */
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * The field errors of a refused request body. A field the request does not know is named only if its
 * name is a plain identifier, and its reason never repeats it: a name is data the caller sent, and
 * could be a fødselsnummer pasted in the wrong place.
 */
export function requestFieldErrors(errors: ValidationError[]): FieldError[] {
  return toFieldErrors(errors.map(unknownFieldsNamedSafely));
}

function unknownFieldsNamedSafely(e: ValidationError): ValidationError {
  const unknown = e.constraints?.whitelistValidation !== undefined;
  return Object.assign(new ValidationError(), e, {
    property: unknown && !PLAIN_NAME.test(e.property) ? '(unknown field)' : e.property,
    constraints: unknown ? { ...e.constraints, whitelistValidation: 'should not exist: not a field of this request' } : e.constraints,
    children: e.children?.map(unknownFieldsNamedSafely),
  });
}
