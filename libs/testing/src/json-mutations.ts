import fc from 'fast-check';

/**
 * Random damage to a valid JSON value, for property tests that compare two validators on the same
 * input: a field removed, a value replaced (by one of the given tricky values, or any JSON), an
 * array item repeated, a field added to an object (also `__proto__` and `constructor`, as JSON.parse
 * makes them: own properties). Pure data in, a new value out.
 */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = Array<string | number>;
export type JsonMutation = { path: number; action: 'delete' | 'replace' | 'push' | 'add'; key: string; value: unknown };

/** Every place in the value that a mutation can touch: the value itself, object fields, array items. */
function paths(value: Json, at: Path = []): Path[] {
  if (Array.isArray(value)) return [at, ...value.flatMap((v, i) => paths(v, [...at, i]))];
  if (value && typeof value === 'object') return [at, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...at, k]))];
  return [at];
}

export function mutateJson(original: Json, mutations: JsonMutation[]): Json {
  let value = structuredClone(original);
  for (const m of mutations) {
    const all = paths(value);
    const path = all[m.path % all.length];
    if (m.action === 'add') {
      const target = path.reduce<Json>((v, k) => (v as Record<string, Json>)[k as string], value);
      if (target && typeof target === 'object' && !Array.isArray(target)) {
        Object.defineProperty(target, m.key, { value: structuredClone(m.value), enumerable: true, writable: true, configurable: true });
      }
      continue;
    }
    if (path.length === 0) {
      if (m.action === 'replace') value = structuredClone(m.value) as Json;
      continue;
    }
    const parent = path.slice(0, -1).reduce<Json>((v, k) => (v as Record<string, Json>)[k as string], value);
    const key = path[path.length - 1];
    if (Array.isArray(parent)) {
      if (m.action === 'delete') parent.splice(key as number, 1);
      else if (m.action === 'push') parent.push(structuredClone(parent[key as number]));
      else parent[key as number] = structuredClone(m.value) as Json;
    } else if (parent && typeof parent === 'object') {
      if (m.action === 'delete') delete parent[key as string];
      else parent[key as string] = structuredClone(m.value) as Json;
    }
  }
  return value;
}

/** One to three mutations; a replacement is mostly one of `tricky`, sometimes any JSON value. */
export function jsonMutations(tricky: unknown[]): fc.Arbitrary<JsonMutation[]> {
  const mutation = fc.record({
    path: fc.nat(),
    action: fc.constantFrom<JsonMutation['action']>('delete', 'replace', 'replace', 'push', 'add'),
    key: fc.constantFrom('undeclared', 'note', 'kind', 'toString', 'constructor', '__proto__'),
    value: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...tricky) }, { weight: 1, arbitrary: fc.jsonValue() }),
  });
  return fc.array(mutation, { minLength: 1, maxLength: 3 });
}
