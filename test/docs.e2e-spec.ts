import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { ASYNCAPI_PATH, NOTES_PATH, ROOT, renderDocuments } from '../scripts/generate-docs';

/**
 * The committed API documents are what the code generates: a change to a controller, a DTO or a
 * contract that is not followed by `npm run docs:generate` fails here. (No broker or database: the
 * services' modules are only scanned, in Nest's preview mode.)
 */
describe('committed API documents', () => {
  let generated: Awaited<ReturnType<typeof renderDocuments>>;

  beforeAll(async () => {
    generated = await renderDocuments();
  });

  it('describe every validator the DTOs and contracts use', () => {
    expect(generated.unknownValidators).toEqual([]);
  });

  it('are what npm run docs:generate makes of the code now', () => {
    const paths = Object.keys(generated.files);
    expect(paths).toEqual([
      'docs/openapi/decision.json',
      'docs/openapi/follow-up.json',
      'docs/openapi/payout.json',
      ASYNCAPI_PATH,
      NOTES_PATH,
    ]);
    for (const path of paths) {
      const committed = readFileSync(join(ROOT, path), 'utf8');
      // One message naming the stale file, rather than a diff of thousands of lines.
      if (committed !== generated.files[path]) throw new Error(`${path} is stale: run npm run docs:generate and commit the result`);
    }
  });

  it('have no reference that points nowhere', () => {
    for (const [path, text] of Object.entries(generated.files)) {
      if (path === NOTES_PATH) continue;
      const document = path.endsWith('.json') ? JSON.parse(text) : parse(text);
      const refs = collectRefs(document);
      expect(refs.length).toBeGreaterThan(10);
      const dangling = refs.filter((ref) => resolvePointer(document, ref) === undefined);
      expect({ path, dangling }).toEqual({ path, dangling: [] });
    }
  });

  it('document every route of every service with its roles, and every topic with its key', () => {
    const publicRoutes: string[] = [];
    for (const service of ['decision', 'follow-up', 'payout']) {
      const document = JSON.parse(generated.files[`docs/openapi/${service}.json`]);
      for (const [path, item] of Object.entries<
        Record<
          string,
          { security?: unknown; 'x-roles'?: string[]; responses: Record<string, { content?: { 'application/json': { schema: object } } }> }
        >
      >(document.paths)) {
        for (const [method, operation] of Object.entries(item)) {
          const where = `${service} ${method.toUpperCase()} ${path}`;
          if (!operation.security) {
            publicRoutes.push(where);
            continue;
          }
          // What it answers on success, read from the controller method's return type.
          const success = Object.entries(operation.responses).find(([s]) => s.startsWith('2'));
          expect({ where, schema: Object.keys(success?.[1].content?.['application/json'].schema ?? {}).length > 0 }).toEqual({
            where,
            schema: true,
          });
          expect({ where, security: operation.security }).toEqual({ where, security: [{ bearer: [] }] });
          expect({ where, roles: (operation['x-roles'] ?? []).length > 0 }).toEqual({ where, roles: true });
          expect({ where, answers: Object.keys(operation.responses) }).toEqual({ where, answers: expect.arrayContaining(['401', '403']) });
        }
      }
    }
    // Only a few routes are public (health, operations); everything else needs a token and a role.
    expect(publicRoutes.length).toBeLessThanOrEqual(12);
    expect(publicRoutes.filter((r) => /\/(decisions|conditions|payments|cases|offices|worklist)\b/.test(r))).toEqual([]);
    const asyncApi = parse(generated.files[ASYNCAPI_PATH]);
    for (const message of Object.values<{ bindings: { kafka: { key: { type: string } } } }>(asyncApi.components.messages)) {
      expect(message.bindings.kafka.key.type).toBe('string');
    }
  });
});

function collectRefs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => collectRefs(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else collectRefs(v, out);
    }
  }
  return out;
}

function resolvePointer(document: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), document);
}
