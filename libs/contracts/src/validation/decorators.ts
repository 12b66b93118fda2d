import { ValidationOptions, registerDecorator } from 'class-validator';
import { isAccountNumberV1, isActorIdentV1, isCalendarDateV1, isNationalIdV1 } from './formats';

// Messages name the rule, never the value: a fødselsnummer must not reach a log or an error body.
function rule(name: string, test: (value: unknown) => boolean, message: string, options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name,
      target: object.constructor,
      propertyName,
      options: { message, ...options },
      validator: { validate: (value: unknown) => test(value) },
    });
}

export const IsCalendarDate = (o?: ValidationOptions) => rule('isCalendarDate', isCalendarDateV1, 'must be a calendar date YYYY-MM-DD', o);
export const IsNationalId = (o?: ValidationOptions) =>
  rule('isNationalId', isNationalIdV1, 'must be 11 digits with valid mod-11 check digits', o);
export const IsAccountNumber = (o?: ValidationOptions) =>
  rule('isAccountNumber', isAccountNumberV1, 'must be an 11-digit Norwegian account number with a valid check digit', o);
export const IsActorIdent = (o?: ValidationOptions) =>
  rule('isActorIdent', isActorIdentV1, 'must be a NAV-ident: one capital letter and six digits', o);
export const IsIsoInstant = (o?: ValidationOptions) =>
  rule(
    'isIsoInstant',
    (v) =>
      typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v)),
    'must be an ISO 8601 instant with a zone',
    o,
  );
