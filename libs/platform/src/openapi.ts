import { INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { JsonSchema, SchemaCollector } from '@vf/contracts';
import { PUBLIC_KEY, ROLES_KEY } from './auth/auth.guard';
import { CROSS_OFFICE_ROLES } from './auth/actor';
import { ServiceName } from './config';
import { ParseUuid } from './http';
import { ParseOffice } from './queries';
import { OPERATION_NOTES } from './openapi-responses.generated';

/**
 * The service's OpenAPI 3 document, built from its controllers by @nestjs/swagger and completed from
 * the code itself: request bodies and query parameters from the DTOs' class-validator metadata (the
 * rules the ValidationPipe applies), path parameters from their pipes, roles from @Allow, the bearer
 * token, and the error shape every 4xx answer has. Served at /docs (and /docs-json) and committed
 * under docs/openapi/ by `npm run docs:generate`.
 */

const DESCRIPTIONS: Record<ServiceName, string> = {
  decision:
    'Used by the decision unit (vedtaksavdeling): issues decisions with payments and the conditions (vilkår) that hold them back, amends them, keeps the worklist. Publishes decision-issued.v1 and decision-amended.v1.',
  'follow-up':
    'Used by follow-up veiledere: registers, judges and withdraws evidence per condition, breaches conditions whose deadline passed, keeps the case journal. Publishes condition-fulfilled, -reopened, -breached and -progress.',
  payout:
    "Runs each payment's state machine: releases it (payment-released.v1) the moment nothing holds it, exactly once per attempt; takes the payment team's settlement; says what each payment still waits for.",
};

const AUTH_DESCRIPTION =
  'A JWT from the identity provider, verified against its keys (signature, issuer, audience, expiry). Claims used: `NAVident` (one letter, six digits), `roles` (decision-unit, veileder, payment-team, auditor) and `offices` (four-digit NAV office numbers). Every role but payment-team sees and changes only cases of its offices.';

const ERROR_BODY: JsonSchema = {
  type: 'object',
  description:
    'Every 4xx answer: the status, a sentence, and each field with its reason. A reason names the field, never echoes the value.',
  properties: {
    statusCode: { type: 'integer' },
    message: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          field: { type: 'string', description: 'e.g. payments[0].amountOre, Authorization, office' },
          reason: { type: 'string' },
        },
        required: ['field', 'reason'],
      },
    },
  },
  required: ['statusCode', 'message', 'errors'],
};

/** The error answers, as shared responses (components.responses) named by their status. */
const ERRORS: Record<string, { name: string; description: string }> = {
  '400': { name: 'BadRequest', description: 'malformed request: an `errors` entry per field, naming it and why' },
  '401': { name: 'Unauthorized', description: 'missing or invalid bearer token' },
  '403': {
    name: 'Forbidden',
    description: "the token's roles or offices do not allow this (a case of another office and an unknown case get the same 403)",
  },
  '404': { name: 'NotFound', description: 'unknown id' },
  '409': { name: 'Conflict', description: 'not possible in the current state' },
  '422': { name: 'Unprocessable', description: 'refused by the rules' },
};

interface RouteArg {
  index: number;
  data?: string;
  pipes?: unknown[];
}

type Operation = {
  operationId?: string;
  description?: string;
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: JsonSchema; description?: string }>;
  requestBody?: { required?: boolean; content: Record<string, { schema: unknown }> };
  responses: Record<string, { description?: string; content?: unknown; $ref?: string }>;
  security?: Array<Record<string, string[]>>;
  [extension: `x-${string}`]: unknown;
};

type Ctor = abstract new (...args: never[]) => unknown;

/** Each controller method by the operationId @nestjs/swagger gives it (`Controller_method`). */
function handlersByOperationId(app: INestApplication): Map<string, { controller: Ctor; method: string }> {
  const out = new Map<string, { controller: Ctor; method: string }>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Ctor | null;
      if (!controller) continue;
      for (const method of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[method];
        if (method === 'constructor' || typeof handler !== 'function') continue;
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined || Reflect.getMetadata(METHOD_METADATA, handler) === undefined)
          continue;
        out.set(`${controller.name}_${method}`, { controller, method });
      }
    }
  }
  return out;
}

function routeArgs(controller: Ctor, method: string): Array<RouteArg & { kind: number }> {
  const meta = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<string, RouteArg>;
  return Object.entries(meta)
    .map(([key, arg]) => ({ ...arg, kind: Number(key.split(':')[0]) }))
    .filter((arg) => Number.isInteger(arg.kind))
    .sort((a, b) => a.index - b.index);
}

function pathParameterSchema(pipes: unknown[] = []): JsonSchema {
  if (pipes.some((p) => p instanceof ParseUuid)) return { type: 'string', format: 'uuid' };
  if (pipes.some((p) => p instanceof ParseOffice)) return { type: 'string', pattern: '^\\d{4}$' };
  return { type: 'string' };
}

function completeOperation(
  httpMethod: string,
  operation: Operation,
  handler: { controller: Ctor; method: string },
  schemas: SchemaCollector,
  notes: OperationNotes | undefined,
): void {
  const { controller, method } = handler;
  const fn = (controller.prototype as Record<string, unknown>)[method] as object;
  const paramTypes = (Reflect.getMetadata('design:paramtypes', controller.prototype, method) ?? []) as Ctor[];
  const isPublic = Reflect.getMetadata(PUBLIC_KEY, fn) ?? Reflect.getMetadata(PUBLIC_KEY, controller);
  const roles = (Reflect.getMetadata(ROLES_KEY, fn) ?? Reflect.getMetadata(ROLES_KEY, controller) ?? []) as string[];
  let validated = false;
  let unknownIdPossible = false;

  for (const arg of routeArgs(controller, method)) {
    const type = paramTypes[arg.index];
    if (arg.kind === RouteParamtypes.BODY && arg.data === undefined && type) {
      validated = true;
      operation.requestBody = { required: true, content: { 'application/json': { schema: schemas.ref(type) } } };
    } else if (arg.kind === RouteParamtypes.QUERY && arg.data === undefined && type) {
      validated = true;
      const query = schemas.schemaOf(type);
      const required = new Set((query.required as string[] | undefined) ?? []);
      const fromDto = Object.entries(query.properties as Record<string, JsonSchema>).map(([name, schema]) => {
        const { nullable: _nullable, ...plain } = schema;
        return { name, in: 'query', required: required.has(name), schema: plain };
      });
      operation.parameters = [...(operation.parameters ?? []).filter((p) => p.in !== 'query'), ...fromDto];
    } else if (arg.kind === RouteParamtypes.QUERY && arg.data !== undefined) {
      // A single named query parameter is optional in this code base (the handler checks for undefined).
      const p = operation.parameters?.find((x) => x.in === 'query' && x.name === arg.data);
      if (p) p.required = false;
    } else if (arg.kind === RouteParamtypes.PARAM && arg.data !== undefined) {
      const p = operation.parameters?.find((x) => x.in === 'path' && x.name === arg.data);
      if (p) p.schema = pathParameterSchema(arg.pipes);
      if (arg.pipes?.some((pipe) => pipe instanceof ParseUuid)) unknownIdPossible = true;
      if (arg.pipes?.length) validated = true;
    }
  }

  if (notes?.description) operation.description = [operation.description, notes.description].filter(Boolean).join('\n\n');
  for (const [status, response] of Object.entries(operation.responses)) {
    if (status.startsWith('2') && notes) response.content = { 'application/json': { schema: notes.response } };
  }

  const errors: string[] = [];
  if (validated) errors.push('400');
  if (!isPublic) {
    errors.push('401', '403');
    operation.security = [{ bearer: [] }];
    operation['x-roles'] = roles;
    const offices = roles.filter((r) => !(CROSS_OFFICE_ROLES as readonly string[]).includes(r));
    const scope =
      offices.length === roles.length ? 'for the offices in the token' : `(${offices.join(', ')}: for the offices in the token)`;
    operation.description = [operation.description, `Roles: ${roles.join(', ') || 'none'} ${scope}.`].filter(Boolean).join('\n\n');
  } else {
    operation.description = [operation.description, 'Public: no token needed.'].filter(Boolean).join('\n\n');
  }
  if (unknownIdPossible) errors.push('404');
  if (httpMethod === 'post') errors.push('409', '422');
  for (const [status, response] of Object.entries(operation.responses)) {
    if (!response.description && !response.$ref)
      response.description = status.startsWith('2') ? 'success' : (ERRORS[status]?.description ?? '');
  }
  for (const status of errors) operation.responses[status] ??= { $ref: `#/components/responses/${ERRORS[status].name}` };
}

/** What the TypeScript types and doc comments say about an operation (generated ahead of time: see scripts/openapi-responses.ts). */
export interface OperationNotes {
  description?: string;
  /** The schema of the success answer, from the controller method's return type. */
  response: JsonSchema;
}

export interface OpenApiResult {
  document: OpenAPIObject;
  /** Validators found in the DTOs that the schema generator cannot describe yet (should be empty). */
  unknownValidators: string[];
}

export function buildOpenApiDocument(
  app: INestApplication,
  service: ServiceName,
  notes: Record<string, OperationNotes> = OPERATION_NOTES[service] ?? {},
): OpenApiResult {
  const config = new DocumentBuilder()
    .setTitle(`Vilkårsflyt ${service}`)
    .setDescription(DESCRIPTIONS[service])
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: AUTH_DESCRIPTION }, 'bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  const schemas = new SchemaCollector({ dialect: 'openapi-3.0', refPrefix: '#/components/schemas/', closed: true });
  const handlers = handlersByOperationId(app);
  for (const item of Object.values(document.paths)) {
    for (const [httpMethod, operation] of Object.entries(item as Record<string, Operation>)) {
      const handler = operation?.operationId ? handlers.get(operation.operationId) : undefined;
      if (handler) completeOperation(httpMethod, operation, handler, schemas, notes[operation.operationId!]);
    }
  }
  const all: Record<string, unknown> = { ...(document.components?.schemas ?? {}), ...schemas.schemas, ErrorBody: ERROR_BODY };
  const responses = Object.fromEntries(
    Object.values(ERRORS).map(({ name, description }) => [
      name,
      { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } } },
    ]),
  );
  document.components = {
    ...document.components,
    responses: { ...document.components?.responses, ...responses },
    schemas: Object.fromEntries(
      Object.keys(all)
        .sort()
        .map((k) => [k, all[k]]),
    ) as NonNullable<OpenAPIObject['components']>['schemas'],
  };
  return { document, unknownValidators: schemas.unknown };
}

/** GET /docs (Swagger UI) and /docs-json: public, outside the token guard. */
export function serveOpenApi(app: INestApplication, service: ServiceName): OpenAPIObject {
  const { document } = buildOpenApiDocument(app, service);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    yamlDocumentUrl: 'docs-yaml',
    customSiteTitle: `Vilkårsflyt ${service}`,
  });
  return document;
}
