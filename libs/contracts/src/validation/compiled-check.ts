import { ClassConstructor } from 'class-transformer';
import { ValidationArguments, getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

// class-transformer keeps its @Type, @Transform, @Expose and @Exclude metadata here; the package
// publishes no typings for the path (libs/contracts/src/schema/class-schema.ts reads it the same way).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as { defaultMetadataStorage: TransformerStorage };

interface TransformerStorage {
  findTypeMetadata(target: unknown, property: string): TypeMetadata | undefined;
  findTransformMetadatas(target: unknown, property: string, transformationType: number): unknown[];
  getExposedMetadatas(target: unknown): unknown[];
  getExcludedMetadatas(target: unknown): unknown[];
}
interface TypeMetadata {
  typeFunction?: (options?: unknown) => unknown;
  options?: { discriminator?: { property: string; subTypes: Array<{ name: string; value: Ctor }> } };
}
type Ctor = new () => object;
type Plain = Record<string, unknown>;
/** Does the object, as parsed from JSON, pass every constraint of its class? */
export type CompiledCheck = (object: Plain) => boolean;

/** TransformationType.PLAIN_TO_CLASS in class-transformer. */
const PLAIN_TO_CLASS = 0;
const BUILT_INS: unknown[] = [String, Number, Boolean, Date, Object, Array, Map, Set, Promise];
const refuseAll: CompiledCheck = () => false;

/**
 * A fast acceptor for consumed events: the class-validator constraints of a contract class, looked
 * up once and turned into a closure that runs the very same constraint functions on the object
 * JSON.parse gave, without class-transformer's instances and class-validator's error tree.
 *
 * It may only say yes where `validatePlain` (class-transformer + class-validator) says yes with the
 * same data. Where it says no, or meets anything it does not model exactly (a class with defaults,
 * transforms, nested arrays, async or promise validation, a nested value without @Type), the caller
 * runs `validatePlain`, which decides and words the errors. So a no here costs time, never a wrong
 * answer. Pinned by libs/contracts/src/validation/compiled-check.spec.ts (property-based, against
 * validatePlain) and, with CONTRACT_CROSSCHECK=1 (every e2e test), by comparing on every event consumed.
 */
export function compiledCheck(cls: ClassConstructor<object>): CompiledCheck {
  return compile(cls as Ctor, false);
}

/**
 * The same for a request body under the HTTP ValidationPipe's options (`REQUEST_VALIDATION`:
 * whitelist, forbidNonWhitelisted): a key the class does not declare, at any depth, is refused too.
 * It also requires a class of plain data (no methods or accessors), so that the object JSON.parse
 * gave may stand in for the instance `transform: true` would have made.
 */
export function compiledRequestCheck(cls: ClassConstructor<object>): CompiledCheck {
  return compile(cls as Ctor, true);
}

const compiled = [new Map<Ctor, CompiledCheck>(), new Map<Ctor, CompiledCheck>()];

function compile(cls: Ctor, closed: boolean): CompiledCheck {
  const cache = compiled[closed ? 1 : 0];
  const known = cache.get(cls);
  if (known) return known;
  // Reserved before recursing, so a class that nests itself finds a check; filled in below.
  let check: CompiledCheck = refuseAll;
  cache.set(cls, (object) => check(object));
  check = build(cls, closed);
  cache.set(cls, check);
  return check;
}

function build(cls: Ctor, closed: boolean): CompiledCheck {
  const probe = modelledByTransformer(cls, closed);
  if (!probe) return refuseAll;
  const storage = getMetadataStorage();
  // The arguments ValidationExecutor.execute uses under validateSync(instance, { forbidUnknownValues: true }).
  const metadatas = storage.getTargetValidationMetadatas(cls, '', false, false);
  if (metadatas.length === 0) return refuseAll; // forbidUnknownValues: a class without constraints is refused
  const grouped = storage.groupByPropertyName(metadatas);
  const properties = Object.entries(grouped).map(([name, list]) => property(cls, name, list, closed));
  if (properties.some((p) => p === null)) return refuseAll;
  const checks = properties as PropertyCheck[];
  if (!closed) {
    return (object) => {
      for (const check of checks) if (!check(object)) return false;
      return true;
    };
  }
  // The whitelist looks at the instance's keys: the plain data's, and every field the class declares.
  const declared = new Set(Object.keys(grouped));
  if (Object.keys(probe).some((k) => !declared.has(k))) return refuseAll;
  return (object) => {
    for (const key in object) if (!declared.has(key)) return false;
    for (const check of checks) if (!check(object)) return false;
    return true;
  };
}

/**
 * plainToInstance(cls, plain) copies the plain data unchanged: no defaults, no transforms, no renamed
 * or left-out keys (and, for a request, no methods or accessors). Returns the empty instance, or null.
 */
function modelledByTransformer(cls: Ctor, plainData: boolean): object | null {
  let probe: object;
  try {
    probe = new cls();
  } catch {
    return null;
  }
  if (Object.values(probe).some((v) => v !== undefined)) return null;
  if (defaultMetadataStorage.getExposedMetadatas(cls).length > 0 || defaultMetadataStorage.getExcludedMetadatas(cls).length > 0)
    return null;
  if (plainData) {
    for (
      let proto = cls.prototype as object | null;
      proto && proto !== Object.prototype;
      proto = Object.getPrototypeOf(proto) as object | null
    ) {
      if (Object.getOwnPropertyNames(proto).some((n) => n !== 'constructor')) return null;
    }
  }
  return probe;
}

type PropertyCheck = (object: Plain) => boolean;

function property(cls: Ctor, name: string, list: ValidationMetadata[], closed: boolean): PropertyCheck | null {
  if (defaultMetadataStorage.findTransformMetadatas(cls, name, PLAIN_TO_CLASS).length > 0) return null;
  const conditions: Array<(object: Plain, value: unknown) => boolean> = [];
  const constraints: Array<(object: Plain, value: unknown) => boolean> = [];
  const nested: Array<(value: unknown) => boolean> = [];
  for (const m of list) {
    switch (m.type) {
      case 'conditionalValidation':
        conditions.push(m.constraints[0] as (object: Plain, value: unknown) => boolean);
        break;
      case 'customValidation':
      case 'isDefined': {
        const check = constraint(cls, name, m);
        if (!check) return null;
        constraints.push(check);
        break;
      }
      case 'nestedValidation': {
        const check = nestedCheck(cls, name, closed);
        if (!check) return null;
        nested.push(check);
        break;
      }
      case 'whitelistValidation':
        break;
      default:
        return null; // promise validation and whatever a later class-validator adds
    }
  }
  // @Type without @ValidateNested converts the value (to a Date, a Number …): not plain data.
  if (nested.length === 0 && defaultMetadataStorage.findTypeMetadata(cls, name)) return null;
  return (object) => {
    const value = object[name];
    for (const condition of conditions) if (!condition(object, value)) return true;
    for (const check of constraints) if (!check(object, value)) return false;
    if (value !== undefined) for (const check of nested) if (!check(value)) return false;
    return true;
  };
}

/** One constraint, as ValidationExecutor.customValidations runs it (each: on every item of an array). */
function constraint(cls: Ctor, name: string, m: ValidationMetadata): ((object: Plain, value: unknown) => boolean) | null {
  const validators = getMetadataStorage().getTargetValidatorConstraints(m.constraintCls);
  if (validators.length !== 1 || validators[0].async) return null;
  const validator = validators[0].instance;
  const args = (object: Plain, value: unknown): ValidationArguments => ({
    targetName: cls.name,
    property: name,
    object,
    value,
    constraints: m.constraints,
  });
  if (!m.each) return (object, value) => validator.validate(value, args(object, value)) === true;
  return (object, value) => {
    if (!Array.isArray(value)) return validator.validate(value, args(object, value)) === true;
    const a = args(object, value);
    for (const item of value) if (validator.validate(item, a) !== true) return false;
    return true;
  };
}

/**
 * @ValidateNested: the value must be an object of the class @Type names (or the subtype its
 * discriminator names), or an array of such objects. A nested array, a null or a primitive item is
 * left to validatePlain (it refuses them or, for `[null]` under a discriminator, cannot transform them).
 */
function nestedCheck(cls: Ctor, name: string, closed: boolean): ((value: unknown) => boolean) | null {
  const type = defaultMetadataStorage.findTypeMetadata(cls, name);
  const base = type?.typeFunction?.();
  if (typeof base !== 'function' || BUILT_INS.includes(base)) return null;
  const discriminator = type?.options?.discriminator;
  const baseCheck = compile(base as Ctor, closed);
  const bySubtype = new Map((discriminator?.subTypes ?? []).map((s) => [s.name, compile(s.value, closed)]));
  const one = (item: unknown): boolean => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return false;
    const plain = item as Plain;
    const check = discriminator ? (bySubtype.get(plain[discriminator.property] as string) ?? baseCheck) : baseCheck;
    return check(plain);
  };
  return (value) => {
    if (!Array.isArray(value)) return one(value);
    for (const item of value) if (!one(item)) return false;
    return true;
  };
}
