import {
  ArgumentsHost,
  BadRequestException,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  INestApplication,
  Logger,
  ArgumentMetadata,
  PipeTransform,
  ValidationPipe,
  ValidationPipeOptions,
} from '@nestjs/common';
import { compiledRequestCheck } from '@vf/contracts';
import { FieldError, RuleViolation } from '@vf/rules';
import { limitBodies } from './body-limits';
import { requestFieldErrors } from './validation-errors';

/** Every 4xx body: the status, a sentence, and each field with its reason. */
export interface ErrorBody {
  statusCode: number;
  message: string;
  errors: FieldError[];
}

export class NotFound extends HttpException {
  constructor(field: string, reason: string) {
    super({ statusCode: 404, message: 'not found', errors: [{ field, reason }] } satisfies ErrorBody, HttpStatus.NOT_FOUND);
  }
}

/**
 * What a refusal answers: a rule violation 422 (never acceptable) or 409 (not now), an HttpException
 * its own status and body. Null for anything else: that is a fault of ours, not the caller's.
 */
export function errorBodyOf(exception: unknown): ErrorBody | null {
  if (exception instanceof RuleViolation) {
    const status = exception.kind === 'CONFLICT' ? 409 : 422;
    return { statusCode: status, message: status === 409 ? 'conflict' : 'rejected by the rules', errors: exception.errors };
  }
  if (exception instanceof HttpException) {
    const res = exception.getResponse();
    return typeof res === 'object' && res !== null && 'errors' in res
      ? (res as ErrorBody)
      : { statusCode: exception.getStatus(), message: exception.message, errors: [] };
  }
  return null;
}

/** Maps rule violations to 422 (never acceptable) or 409 (not now), and hides 5xx details. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<{ status(code: number): { json(body: unknown): void } }>();
    let body = errorBodyOf(exception);
    if (!body) {
      // Do not log the request: it may hold a fødselsnummer. The error message is ours.
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
      body = { statusCode: 500, message: 'internal error', errors: [] };
    }
    response.status(body.statusCode).json(body);
  }
}

/** Control characters (NUL and the like; not tab or line breaks) have no place in any text we take. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Every string in a request body containing a control character, by field path ("applications[0].employer"). */
export function fieldsWithControlCharacters(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return CONTROL.test(value) ? [path || '(body)'] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => fieldsWithControlCharacters(v, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [
      ...(CONTROL.test(k) ? [path ? `${path}.(key)` : '(key)'] : []),
      ...fieldsWithControlCharacters(v, path ? `${path}.${k}` : k),
    ]);
  }
  return [];
}

/** Refuses a body with control characters before anything else looks at it; names each field, never echoes the value. */
export class RejectControlCharacters implements PipeTransform {
  transform(value: unknown, metadata: { type: string }): unknown {
    if (metadata.type !== 'body') return value;
    const fields = fieldsWithControlCharacters(value);
    if (fields.length) {
      throw new BadRequestException({
        statusCode: 400,
        message: 'invalid request',
        errors: fields.map((field) => ({ field, reason: 'must not contain control characters' })),
      } satisfies ErrorBody);
    }
    return value;
  }
}

/** How every request body is validated: a field the request does not declare is refused, not dropped. */
export const REQUEST_VALIDATION = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true } as const;

/** The global pipe's options: a bad body or query is a 400 naming each field and its reason. */
export const REQUEST_PIPE_OPTIONS: ValidationPipeOptions = {
  transform: true,
  ...REQUEST_VALIDATION,
  exceptionFactory: (errors) =>
    new BadRequestException({ statusCode: 400, message: 'invalid request', errors: requestFieldErrors(errors) } satisfies ErrorBody),
};

/**
 * Nest's ValidationPipe, with a fast path for request bodies: a body that the check compiled from
 * its class's constraints (libs/contracts/src/validation/compiled-check.ts, closed to undeclared keys)
 * accepts goes on as the object JSON.parse gave, which stands in for the instance: such a class is
 * plain data. Anything else, and every query, goes through class-transformer and class-validator,
 * which decide and word the 400. Pinned against the plain pipe by apps/follow-up/…/fast-validation.spec.ts.
 *
 * The fast path first strips the keys the plain pipe strips (`__proto__`, `prototype`, `constructor`,
 * at any depth), as the plain pipe does before anything else. Without it, a body the check accepts
 * kept them inside a field that takes any object (a batch item's `evidence`), and class-transformer,
 * reading that evidence later, failed on an own `constructor` key: a 500 where the plain path
 * answered 400.
 */
export class FastValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const cls = metadata.metatype;
    if (
      metadata.type === 'body' &&
      typeof cls === 'function' &&
      this.toValidate(metadata) &&
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value)
    ) {
      this.stripProtoKeys(value);
      if (compiledRequestCheck(cls as new () => object)(value as Record<string, unknown>)) return value;
    }
    return super.transform(value, metadata);
  }
}

export function configureHttp(app: INestApplication): void {
  limitBodies(app);
  app.useGlobalPipes(new RejectControlCharacters(), new FastValidationPipe(REQUEST_PIPE_OPTIONS));
  app.useGlobalFilters(new ErrorFilter());
  app.enableShutdownHooks();
}

/** A path parameter that must be a UUID; a wrong one is a 400 naming the parameter. */
export class ParseUuid implements PipeTransform<string, string> {
  constructor(private readonly name: string) {}
  transform(value: string): string {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) {
      throw new BadRequestException({
        statusCode: 400,
        message: 'invalid request',
        errors: [{ field: this.name, reason: 'must be a UUID' }],
      } satisfies ErrorBody);
    }
    return value.toLowerCase();
  }
}
