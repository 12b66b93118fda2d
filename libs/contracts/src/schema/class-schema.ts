import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

// class-transformer keeps its @Type metadata here; the package publishes no typings for the path.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: { findTypeMetadata(target: unknown, property: string): unknown };
};

/**
 * JSON Schemas derived from the class-validator (and class-transformer @Type) metadata of a class:
 * the very rules the services validate with, so a document built from them cannot say something
 * the code does not check. Used for the OpenAPI documents (request bodies and queries) and the
 * AsyncAPI document (envelopes and payloads). A validator this file does not know is collected in
 * `unknown` (the generator and its test fail on it) instead of being silently left out.
 */
export type JsonSchema = { [keyword: string]: unknown };

export interface SchemaDialect {
  /** 'openapi-3.0': `nullable: true`; 'json-schema' (draft-07, AsyncAPI): `type: [..., 'null']`. */
  dialect: 'openapi-3.0' | 'json-schema';
  /** Where named schemas live, e.g. '#/components/schemas/'. */
  refPrefix: string;
  /** Unknown properties are refused (the HTTP ValidationPipe: whitelist + forbidNonWhitelisted). */
  closed: boolean;
}

type Fragment = JsonSchema;
/** What a validator (by its class-validator name) says about the value, given its constraints. */
type Describe = (constraints: unknown[]) => Fragment;

const CALENDAR_DATE = '^\\d{4}-\\d{2}-\\d{2}$';
const DESCRIBE: Record<string, Describe> = {
  isString: () => ({ type: 'string' }),
  isNotEmpty: () => ({ minLength: 1 }),
  maxLength: ([n]) => ({ type: 'string', maxLength: n }),
  minLength: ([n]) => ({ type: 'string', minLength: n }),
  matches: ([pattern]) => ({ type: 'string', pattern: pattern instanceof RegExp ? pattern.source : String(pattern) }),
  isInt: () => ({ type: 'integer' }),
  isNumber: () => ({ type: 'number' }),
  min: ([n]) => ({ minimum: n }),
  max: ([n]) => ({ maximum: n }),
  isBoolean: () => ({ type: 'boolean' }),
  isIn: ([values]) => ({ enum: [...(values as unknown[])] }),
  isUuid: () => ({ type: 'string', format: 'uuid' }),
  isArray: () => ({ type: 'array' }),
  arrayMinSize: ([n]) => ({ type: 'array', minItems: n }),
  arrayMaxSize: ([n]) => ({ type: 'array', maxItems: n }),
  isObject: () => ({ type: 'object' }),
  // Vilkårsflyt's own (libs/contracts/src/validation/decorators.ts, libs/platform/src/queries.ts).
  isCalendarDate: () => ({ type: 'string', format: 'date', pattern: CALENDAR_DATE, description: 'a calendar day in Europe/Oslo' }),
  isNationalId: () => ({
    type: 'string',
    pattern: '^\\d{11}$',
    description: 'fødselsnummer (or D-/H-number): 11 digits with valid mod-11 check digits. Personal data.',
  }),
  isAccountNumber: () => ({ type: 'string', pattern: '^\\d{11}$', description: 'Norwegian account number: 11 digits, mod-11 check digit' }),
  isActorIdent: () => ({ type: 'string', pattern: '^[A-Z]\\d{6}$', description: 'NAV-ident' }),
  isIsoInstant: () => ({ type: 'string', format: 'date-time' }),
  isWholeNumber: ([min, max]) => ({ type: 'integer', minimum: min, maximum: max }),
};

/** Lets a library teach the generator a validator of its own (by the name it registers). */
export function describeValidator(name: string, describe: Describe): void {
  DESCRIBE[name] = describe;
}

/** Validation metadata types that say nothing about the shape of a value. */
const IGNORED_TYPES = new Set(['whitelistValidation', 'isDefined']);

type Ctor = abstract new (...args: never[]) => unknown;

interface TypeMetadata {
  typeFunction: (options?: unknown) => Ctor;
  reflectedType?: unknown;
  options?: {
    discriminator?: { property: string; subTypes: Array<{ name: string; value: Ctor }> };
  };
}

function constraintName(m: ValidationMetadata): string | undefined {
  if (m.name) return m.name;
  if (m.type === 'customValidation' && m.constraintCls) {
    return getMetadataStorage().getTargetValidatorConstraints(m.constraintCls)[0]?.name;
  }
  return m.type;
}

/** Merges fragments; `type` keeps the most specific one said (integer over number), descriptions are joined. */
function merge(into: Fragment, add: Fragment): void {
  for (const [k, v] of Object.entries(add)) {
    if (k === 'type' && into.type && into.type !== v) {
      if (into.type === 'number' && v === 'integer') into.type = v;
      continue;
    }
    if (k === 'description' && typeof into.description === 'string') {
      into.description = `${into.description}; ${v as string}`;
      continue;
    }
    into[k] = v;
  }
}

function replaceWith(into: Fragment, schema: Fragment, drop: string[] = Object.keys(into)): void {
  for (const k of drop) delete into[k];
  Object.assign(into, schema);
}

/** Infers `type` from an enum when no validator said it. */
function settleType(s: Fragment): void {
  if (s.type || s.$ref || s.oneOf || s.allOf || s.anyOf) return;
  if (Array.isArray(s.enum) && s.enum.length) {
    const kinds = new Set(s.enum.map((v) => typeof v));
    if (kinds.size === 1) s.type = typeof s.enum[0] === 'number' ? 'number' : typeof s.enum[0];
  }
}

export class SchemaCollector {
  /** Named schemas, by class name (suffixed with a number if two classes share a name). */
  readonly schemas: Record<string, JsonSchema> = {};
  /** `Class.property: validator` for every validator this file could not describe. */
  readonly unknown: string[] = [];
  private readonly names = new Map<Ctor, string>();

  constructor(readonly options: SchemaDialect) {}

  /** A reference to the class's schema, adding it (and every class it nests) to `schemas`. */
  ref(cls: Ctor, overrides: Record<string, Fragment> = {}): JsonSchema {
    return { $ref: `${this.options.refPrefix}${this.name(cls, overrides)}` };
  }

  /** The class's schema itself (its nested classes still go to `schemas`). */
  schemaOf(cls: Ctor, overrides: Record<string, Fragment> = {}): JsonSchema {
    const storage = getMetadataStorage();
    const metadata = storage.getTargetValidationMetadatas(cls as unknown as new () => unknown, '', true, false);
    const byProperty = new Map<string, ValidationMetadata[]>();
    for (const m of metadata) byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m]);
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const [property, list] of byProperty) {
      let optional = false;
      const value: Fragment = {};
      const items: Fragment = {};
      let nested: ValidationMetadata | null = null;
      for (const m of list) {
        const name = constraintName(m);
        if (name === 'isOptional') {
          optional = true;
          continue;
        }
        if (m.type === 'nestedValidation') {
          nested = m;
          continue;
        }
        if (m.type === 'conditionalValidation') {
          // ValidateIf: the condition is code; say so rather than guess.
          merge(value, { description: 'validated only under a condition' });
          optional = true;
          continue;
        }
        if (!name || IGNORED_TYPES.has(m.type) || IGNORED_TYPES.has(name)) continue;
        const describe = DESCRIBE[name];
        if (!describe) {
          this.unknown.push(`${cls.name}.${property}: ${name}`);
          continue;
        }
        merge(m.each ? items : value, describe(m.constraints ?? []));
      }
      if (nested) {
        // The nested class's schema says it all (an object of that shape): it replaces `type: object`.
        const target = this.nestedSchema(cls, property);
        if (target && nested.each) replaceWith(items, target);
        else if (target) replaceWith(value, target, ['type']);
      }
      if (Object.keys(items).length) {
        settleType(items);
        value.type = 'array';
        value.items = items;
      }
      settleType(value);
      let schema: JsonSchema = overrides[property] ?? value;
      if (optional) schema = this.nullable(schema);
      else required.push(property);
      properties[property] = schema;
    }
    const out: JsonSchema = { type: 'object', properties };
    if (required.length) out.required = required;
    if (this.options.closed) out.additionalProperties = false;
    return out;
  }

  private name(cls: Ctor, overrides: Record<string, Fragment>): string {
    const known = this.names.get(cls);
    if (known) return known;
    let name = cls.name;
    for (let i = 2; name in this.schemas; i++) name = `${cls.name}${i}`;
    this.names.set(cls, name);
    this.schemas[name] = {}; // reserved before recursing: a class may nest itself
    this.schemas[name] = this.schemaOf(cls, overrides);
    return name;
  }

  /** The schema of a @ValidateNested property: its @Type, or one of its discriminated subtypes. */
  private nestedSchema(cls: Ctor, property: string): Fragment | null {
    const type = defaultMetadataStorage.findTypeMetadata(cls as never, property) as TypeMetadata | undefined;
    if (!type) {
      this.unknown.push(`${cls.name}.${property}: ValidateNested without @Type`);
      return null;
    }
    const discriminator = type.options?.discriminator;
    if (!discriminator) return this.ref(type.typeFunction());
    const branches = discriminator.subTypes.map((s) => this.ref(s.value, { [discriminator.property]: { type: 'string', enum: [s.name] } }));
    const schema: Fragment = { oneOf: branches };
    if (this.options.dialect === 'openapi-3.0') {
      schema.discriminator = {
        propertyName: discriminator.property,
        mapping: Object.fromEntries(discriminator.subTypes.map((s, i) => [s.name, branches[i].$ref])),
      };
    }
    return schema;
  }

  /** The schema, also allowing null (class-validator's @IsOptional lets null and a missing value through). */
  private nullable(schema: JsonSchema): JsonSchema {
    if (this.options.dialect === 'openapi-3.0') {
      // A $ref or oneOf here is always a class, so an object; `nullable` needs a `type` beside it (ajv refuses it otherwise).
      if (schema.$ref || schema.oneOf) return { type: 'object', allOf: [schema], nullable: true };
      // `nullable` lets null through `type`; an enum must list null itself.
      return Array.isArray(schema.enum) ? { ...schema, nullable: true, enum: [...schema.enum, null] } : { ...schema, nullable: true };
    }
    if (schema.$ref || schema.oneOf) return { anyOf: [schema, { type: 'null' }] };
    if (typeof schema.type === 'string') {
      const { enum: values, ...rest } = schema;
      return { ...rest, type: [schema.type, 'null'], ...(Array.isArray(values) ? { enum: [...values, null] } : {}) };
    }
    return { anyOf: [schema, { type: 'null' }] };
  }
}
