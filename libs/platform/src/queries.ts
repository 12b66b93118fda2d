import { BadRequestException, PipeTransform } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, registerDecorator } from 'class-validator';
import { Actor, CROSS_OFFICE_ROLES } from './auth/actor';
import { ErrorBody } from './http';
import { CURSOR_REASON, DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from './paging';

/** A four-digit NAV office number (enhetsnummer). */
export const OFFICE_NUMBER = /^\d{4}$/;
export const OFFICE_NUMBER_REASON = 'must be a four-digit NAV office number';

/** A path parameter that must be an office number; a wrong one is a 400 naming the parameter. */
export class ParseOffice implements PipeTransform<string, string> {
  constructor(private readonly name = 'office') {}
  transform(value: string): string {
    if (typeof value !== 'string' || !OFFICE_NUMBER.test(value)) {
      throw new BadRequestException({
        statusCode: 400,
        message: 'invalid request',
        errors: [{ field: this.name, reason: OFFICE_NUMBER_REASON }],
      } satisfies ErrorBody);
    }
    return value;
  }
}

/** Query strings carry text: "20" becomes 20; anything else ("abc", "0x10", "1.5", a repeated key) stays as it is and is refused. */
const toInteger = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d{1,10}$/.test(value) ? Number(value) : value);

/** A whole number in [min, max], with one reason whatever is wrong with it. */
function IsWholeNumber(min: number, max: number) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isWholeNumber',
      target: object.constructor,
      propertyName,
      constraints: [min, max], // read by the OpenAPI document
      options: { message: `must be a whole number from ${min} to ${max}` },
      validator: { validate: (value: unknown) => Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max },
    });
}

/**
 * `?limit=&cursor=` of a list endpoint, validated by the global ValidationPipe (a bad value is a 400
 * naming the field). Extend it with the endpoint's own query parameters. The cursor's content is
 * checked by the list's Pager (paging.ts).
 */
export class PageQuery {
  @IsOptional()
  @Transform(toInteger)
  @IsWholeNumber(1, MAX_PAGE_LIMIT)
  limit?: number;

  @IsOptional()
  @IsString({ message: CURSOR_REASON })
  cursor?: string;
}

export function paging(query: PageQuery, defaultLimit = DEFAULT_PAGE_LIMIT): { limit: number; cursor: string | undefined } {
  return { limit: query.limit ?? defaultLimit, cursor: query.cursor };
}

/** The offices whose records the actor may read: null for a role that works for every office (the payment team). */
export function readableOffices(actor: Actor): string[] | null {
  return CROSS_OFFICE_ROLES.includes(actor.role) ? null : actor.offices;
}
