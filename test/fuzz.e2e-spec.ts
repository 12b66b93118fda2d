import fc from 'fast-check';
import request from 'supertest';
import { Client } from 'pg';
import { getMetadataStorage } from 'class-validator';
import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
import { randomUUID } from 'crypto';
import { ServiceName } from '@vf/platform';
import {
  DECISION_UNIT,
  Issued,
  Route,
  System,
  VEILEDER,
  as,
  bearer,
  eventually,
  issueNovember,
  november2026Decision,
  payment,
  routesOf,
  startSystem,
} from '@vf/testing';

// Property-based HTTP fuzz (issue #11): malformed bodies, headers and path parameters for every write
// endpoint the running services serve. Every answer must be 400/404/409/413/422 with field errors,
// never a 5xx, never echo what was sent, and no stored row may change.
//
// FUZZ_RUNS (default 40) cases per endpoint and generator; FUZZ_SEED to replay a failure.

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const SERVICES: ServiceName[] = ['decision', 'follow-up', 'payout'];
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const ALLOWED = new Set([400, 404, 409, 413, 422]);
/** In every string the fuzz makes up; an answer that contains it echoed a value. A fødselsnummer-shaped marker. */
const MARK = '31129956715';

interface Ids {
  decisionId: string;
  issued: Issued;
  evidenceId: string;
  releaseKey: string;
}
interface Sample {
  params: Record<string, string>;
  body: Record<string, unknown>;
}

/**
 * A valid request for every write endpoint, on real ids, so that a malformed one that got through
 * validation would reach the handler and change something. A new endpoint fails the first test until
 * it has one here.
 */
const SAMPLES: Record<string, (ids: Ids) => Sample> = {
  'POST /decisions': () => ({ params: {}, body: november2026Decision(`K-FUZZ-${randomUUID().slice(0, 8)}`) }),
  'POST /decisions/:decisionId/conditions/:conditionId/lifting': ({ issued }) => ({
    params: { decisionId: issued.decisionId, conditionId: issued.c.C2 },
    body: { reason: 'Kurset er avlyst for resten av perioden.' },
  }),
  'POST /decisions/:decisionId/conditions/:conditionId/deadline': ({ issued }) => ({
    params: { decisionId: issued.decisionId, conditionId: issued.c.C2 },
    body: { deadline: '2026-12-20', reason: 'Kurset er flyttet en uke.' },
  }),
  'POST /decisions/:decisionId/conditions': ({ issued }) => ({
    params: { decisionId: issued.decisionId },
    body: {
      ref: 'C9',
      text: 'Lever strømregningen for november.',
      deadline: '2026-12-20',
      requirement: { kind: 'DOCUMENT', documentType: 'POWER_BILL_2026_11' },
      gatesPaymentIds: [issued.p.P2],
      reason: 'Strøm er tatt med i livsoppholdet.',
    },
  }),
  'POST /decisions/:decisionId/payments/:paymentId/reduction': ({ issued }) => ({
    params: { decisionId: issued.decisionId, paymentId: issued.p.P2 },
    body: { conditionId: issued.c.C2, amountOre: 500_000, assessment: 'Fravær uten grunn i to uker.' },
  }),
  'POST /decisions/:decisionId/payments/:paymentId/stop': ({ issued }) => ({
    params: { decisionId: issued.decisionId, paymentId: issued.p.P2 },
    body: { reason: 'Mottakeren har flyttet fra kommunen.' },
  }),
  'POST /decisions/:decisionId/payments/:paymentId/release-again': ({ issued }) => ({
    params: { decisionId: issued.decisionId, paymentId: issued.p.P1 },
    body: { reason: 'Ny konto er registrert hos utleier.' },
  }),
  'POST /decisions/:decisionId/revocation': ({ issued }) => ({
    params: { decisionId: issued.decisionId },
    body: { reason: 'Vedtaket bygde på feil inntekt.' },
  }),
  'POST /conditions/:conditionId/evidence/documents': ({ issued }) => ({
    params: { conditionId: issued.c.C1 },
    body: { documentType: 'RENT_RECEIPT_2026_11', receivedOn: '2026-11-21', reference: 'ARK-1', outcome: 'ACCEPTED' },
  }),
  'POST /conditions/:conditionId/evidence/covered-documents': ({ issued }) => ({
    params: { conditionId: issued.c.C1 },
    body: { coveredBy: 'Husleiekontrakt', note: 'Kontrakten viser at husleien trekkes fast.' },
  }),
  'POST /conditions/:conditionId/evidence/attendance-lists': ({ issued }) => ({
    params: { conditionId: issued.c.C2 },
    body: {
      provider: 'Oslo voksenopplæring',
      signedBy: 'Kari Nordmann',
      signedOn: '2026-11-06',
      entries: [
        { date: '2026-11-02', status: 'PRESENT' },
        { date: '2026-11-03', status: 'APPROVED_ABSENCE', reason: 'ILL_WITH_NOTE' },
      ],
    },
  }),
  'POST /conditions/:conditionId/evidence/job-applications': ({ issued }) => ({
    params: { conditionId: issued.c.C3 },
    body: { applications: [{ employer: 'Kiwi', position: 'Butikkmedarbeider', sentOn: '2026-11-11', channel: 'EMAIL' }] },
  }),
  'POST /conditions/:conditionId/evidence/activities': ({ issued }) => ({
    params: { conditionId: issued.c.C3 },
    body: { heldOn: '2026-11-12', note: 'Møtte på jobbklubb.' },
  }),
  'POST /evidence-batches': ({ issued }) => ({
    params: {},
    body: {
      items: [
        {
          conditionId: issued.c.C2,
          kind: 'attendance-lists',
          evidence: {
            provider: 'Oslo voksenopplæring',
            signedBy: 'Kari Nordmann',
            signedOn: '2026-11-06',
            entries: [{ date: '2026-11-02', status: 'PRESENT' }],
          },
        },
        {
          conditionId: issued.c.C3,
          kind: 'job-applications',
          evidence: { applications: [{ employer: 'Kiwi', position: 'Butikkmedarbeider', sentOn: '2026-11-11', channel: 'EMAIL' }] },
        },
      ],
    },
  }),
  'POST /conditions/:conditionId/evidence/:evidenceId/withdrawal': ({ issued, evidenceId }) => ({
    params: { conditionId: issued.c.C3, evidenceId },
    body: { reason: 'Registrert på feil vilkår.' },
  }),
  'POST /conditions/:conditionId/fulfilment-judgements': ({ issued }) => ({
    params: { conditionId: issued.c.C2 },
    body: { justification: 'Kurset ble avlyst, og hun har møtt hver gang det ble holdt.' },
  }),
  'POST /conditions/:conditionId/what-if/new-deadline': ({ issued }) => ({
    params: { conditionId: issued.c.C2 },
    body: { deadline: '2026-12-20' },
  }),
  'POST /decisions/:decisionId/payments/what-if': ({ issued }) => ({
    params: { decisionId: issued.decisionId },
    body: { changes: [{ kind: 'REDUCED', conditionId: issued.c.C2, paymentId: issued.p.P2, toOre: 500_000 }] },
  }),
  'POST /payments/:paymentId/settlement': ({ issued, releaseKey }) => ({
    params: { paymentId: issued.p.P1 },
    body: { idempotencyKey: releaseKey, outcome: 'PAID', reference: 'UTB-9', paidOn: '2026-12-01' },
  }),
};

let system: System;
let ids: Ids;
const writeRoutes: Array<Route & { service: ServiceName }> = [];
const counts = {
  requests: 0,
  ms: 0,
  byStatus: {} as Record<number, number>,
  byKind: {} as Record<string, number>,
  msByKind: {} as Record<string, number>,
};

beforeAll(async () => {
  system = await startSystem('fuzz');
  for (const service of SERVICES)
    for (const route of routesOf(system.app(service))) if (WRITES.has(route.method)) writeRoutes.push({ ...route, service });
  const issued = await issueNovember(system);
  // P1 released (its receipt accepted), so the settlement reaches a real release; one piece of evidence to withdraw.
  await request(system.urls['follow-up'])
    .post(`/conditions/${issued.c.C1}/evidence/documents`)
    .set(as(VEILEDER))
    .send({ documentType: 'RENT_RECEIPT_2026_11', receivedOn: '2026-11-20', outcome: 'ACCEPTED' })
    .expect(201);
  const evidence = await request(system.urls['follow-up'])
    .post(`/conditions/${issued.c.C3}/evidence/job-applications`)
    .set(as(VEILEDER))
    .send({ applications: [{ employer: 'Rema 1000', position: 'Lager', sentOn: '2026-11-10', channel: 'EMAIL' }] })
    .expect(201);
  const released = await eventually(async () => {
    const p = await payment(system, issued.p.P1);
    return p.status === 'RELEASED' ? p : null;
  }, 20_000);
  ids = { decisionId: issued.decisionId, issued, evidenceId: evidence.body.evidenceId, releaseKey: released.attempts[0].idempotencyKey };
  await system.settled();
}, 120_000);

afterAll(async () => {
  await system?.stopAll();
  // The figures for docs/safe.md.
  console.log(
    [
      `fuzz: ${counts.requests} requests to ${writeRoutes.length} write endpoints in ${(counts.ms / 1000).toFixed(1)} s`,
      `ms by kind ${JSON.stringify(counts.msByKind)}`,
      `by status ${JSON.stringify(counts.byStatus)}`,
      `by kind ${JSON.stringify(counts.byKind)}`,
    ].join('; '),
  );
});

// ---------------------------------------------------------------------------------------------
// What is stored: each table's row count and a checksum over its rows, in every service's database.

async function snapshot(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const service of SERVICES) {
    const client = new Client({ connectionString: system.configs[service].databaseUrl });
    await client.connect();
    try {
      const tables = await client.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
      for (const { t } of tables.rows) {
        const [row] = (
          await client.query<{ n: number; h: string }>(
            `SELECT count(*)::int AS n, coalesce(md5(string_agg(md5(x::text), ',' ORDER BY md5(x::text))), '') AS h FROM "${t}" x`,
          )
        ).rows;
        out[`${service}.${t}`] = `${row.n} rows, ${row.h}`;
      }
    } finally {
      await client.end();
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Generators: each makes a request that no endpoint may accept.

interface Case {
  kind: string;
  /** An object is sent as JSON; a string is sent as it is, with `contentType`. */
  body: unknown;
  raw?: string;
  contentType?: string;
  key?: string;
  params?: Record<string, string>;
  expect?: { status: number; field?: string };
}

/** Every position in a JSON value below the root, as a path of keys and indexes. */
function positions(value: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
  const here = path.length ? [path] : [];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => positions(v, [...path, i]))];
  if (value !== null && typeof value === 'object')
    return [...here, ...Object.entries(value).flatMap(([k, v]) => positions(v, [...path, k]))];
  return here;
}
/** The objects in a JSON value, root included. */
const objectPositions = (value: unknown) =>
  [[], ...positions(value)].filter((p) => {
    const v = at(value, p);
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  });
const at = (value: unknown, path: Array<string | number>): unknown =>
  path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], value);
function replaced(value: unknown, path: Array<string | number>, by: unknown): unknown {
  if (path.length === 0) return by;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  copy[head] = replaced(copy[head], rest, by);
  return copy;
}
const nested = (depth: number, inner: string = '[]') => '['.repeat(depth) + inner + ']'.repeat(depth);

const CONTROL = fc.constantFrom('\u0000', '\u0001', '\u0007', '\u0008', '\u000b', '\u001b', '\u007f');
/** A value no field accepts. */
const poison: fc.Arbitrary<unknown> = fc.oneof(
  fc.tuple(fc.string({ maxLength: 20 }), CONTROL).map(([s, c]) => `${s}${c}${MARK}`),
  fc.integer({ min: 4_001, max: 40_000 }).map((n) => MARK + 'x'.repeat(n)),
  fc.integer({ min: 1, max: 40 }).map((depth) => JSON.parse(nested(depth))),
  fc.constant({ zz_unknown: MARK }),
  fc.constantFrom(1e300, -1e300, -1, 1.5, Number.MAX_SAFE_INTEGER + 2, 2 ** 70),
  fc.array(fc.constant(MARK), { minLength: 401, maxLength: 1_500 }),
);
const validKey = fc.option(fc.uuid(), { nil: undefined });

/** A counterexample printed short: what kind, and the start of what was sent. */
function shown(c: Case): Case {
  const text = c.raw ?? JSON.stringify(c.body) ?? '';
  const key = c.key !== undefined ? ` key=${c.key.slice(0, 40)}` : '';
  const params = c.params ? ` params=${JSON.stringify(c.params)}` : '';
  const more = text.length > 300 ? ` … (${text.length} chars)` : '';
  return Object.assign(c, { [fc.toStringMethod]: () => `${c.kind}${key}${params}: ${text.slice(0, 300)}${more}` });
}

function cases(sample: Sample): fc.Arbitrary<Case> {
  const spots = positions(sample.body);
  const objects = objectPositions(sample.body);
  // (An empty body is no body: body-parser reads it as {}, and the fields are missing.)
  const notJson = fc.string({ minLength: 1, maxLength: 200 }).filter((s) => {
    try {
      JSON.parse(s);
      return false;
    } catch {
      return true;
    }
  });
  return fc
    .oneof(
      // One field anywhere in the body (nested too) replaced by a value no field accepts.
      fc.tuple(fc.nat(), poison, validKey).map(([i, p, key]) => ({
        kind: 'poisoned field',
        body: replaced(sample.body, spots[i % spots.length], p),
        key,
      })),
      // A field the endpoint does not know, at any level.
      fc.tuple(fc.nat(), fc.stringMatching(/^[a-zA-Z_]{1,12}$/), fc.jsonValue({ maxDepth: 2 }), validKey).map(([i, name, v, key]) => {
        const path = objects[i % objects.length];
        return {
          kind: 'unknown field',
          body: replaced(sample.body, path, { ...(at(sample.body, path) as object), [`zz${name}`]: v }),
          key,
        };
      }),
      // Anything at all as the body.
      fc
        .jsonValue({ maxDepth: 4 })
        .map((body) => ({ kind: 'random JSON', body: body === null ? 'null' : body, raw: JSON.stringify(body) })),
      // Not JSON, said to be JSON.
      notJson.map((raw) => ({
        kind: 'not JSON',
        body: raw,
        raw,
        contentType: 'application/json',
        expect: { status: 400, field: '(body)' },
      })),
      // The right body as another type.
      fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml').map((contentType) => ({
        kind: 'wrong content type',
        body: sample.body,
        raw: JSON.stringify(sample.body),
        contentType,
        expect: { status: 400, field: 'Content-Type' },
      })),
      // Nesting deep enough to overflow a recursive walk.
      fc.integer({ min: 17, max: 20_000 }).map((depth) => ({
        kind: 'deep nesting',
        body: null,
        raw: `{"zz":${nested(depth)}}`,
        contentType: 'application/json',
        expect: { status: 400 },
      })),
      // The right body with a malformed Idempotency-Key: refused before any work.
      fc
        .oneof(
          fc.constant(''),
          fc.integer({ min: 201, max: 2_000 }).map((n) => 'k'.repeat(n)),
          fc.constant(`a b ${MARK}`),
        )
        .map((key) => ({ kind: 'bad Idempotency-Key', body: sample.body, key, expect: { status: 400, field: 'Idempotency-Key' } })),
      // The right body on a malformed or unknown id (endpoints with ids in their path).
      ...(Object.keys(sample.params).length
        ? [
            fc
              .tuple(fc.constantFrom(...Object.keys(sample.params)), fc.oneof(fc.uuid(), fc.stringMatching(/^[A-Za-z0-9._~-]{1,60}$/)))
              .map(([name, value]): Case => ({ kind: 'bad path id', body: sample.body, params: { [name]: value } })),
          ]
        : []),
    )
    .map(shown);
}

/** One token per role for the whole run (signing one per request would be most of the run's time). */
const tokens = new Map<string, Record<string, string>>();
function headersFor(role: string): Record<string, string> {
  if (!tokens.has(role))
    tokens.set(role, bearer(role === 'decision-unit' ? DECISION_UNIT : role === 'veileder' ? VEILEDER : 'Z700007', role));
  return tokens.get(role)!;
}

async function send(route: Route & { service: ServiceName }, sample: Sample, c: Case) {
  const params = { ...sample.params, ...(c.params ?? {}) };
  const path = route.path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name]));
  const role = route.roles[0];
  const headers = headersFor(role);
  let req = request(system.urls[route.service]).post(path).set(headers);
  if (c.key !== undefined) req = req.set('Idempotency-Key', c.key);
  req = c.raw !== undefined ? req.set('content-type', c.contentType ?? 'application/json').send(c.raw) : req.send(c.body as object);
  const started = Date.now();
  const res = await req.timeout(15_000);
  const ms = Date.now() - started;
  counts.ms += ms;
  counts.msByKind[c.kind] = (counts.msByKind[c.kind] ?? 0) + ms;
  counts.requests += 1;
  counts.byStatus[res.status] = (counts.byStatus[res.status] ?? 0) + 1;
  counts.byKind[c.kind] = (counts.byKind[c.kind] ?? 0) + 1;
  return res;
}

function judge(res: request.Response, c: Case, where: string): void {
  const errors = res.body?.errors as Array<{ field: unknown; reason: unknown }> | undefined;
  const problem = !ALLOWED.has(res.status)
    ? `status ${res.status}`
    : c.expect && c.expect.status !== res.status
      ? `status ${res.status}, expected ${c.expect.status}`
      : !Array.isArray(errors) || errors.length === 0
        ? 'no field errors'
        : errors.some((e) => typeof e.field !== 'string' || !e.field || typeof e.reason !== 'string' || !e.reason)
          ? 'an error without field or reason'
          : c.expect?.field && !errors.some((e) => e.field === c.expect!.field)
            ? `no error for ${c.expect.field}`
            : res.text.includes(MARK)
              ? 'the answer echoes a value sent'
              : null;
  if (problem) throw new Error(`${where} (${c.kind}): ${problem}: ${res.text.slice(0, 300)}`);
}

// ---------------------------------------------------------------------------------------------

describe('HTTP fuzz of every write endpoint', () => {
  it('knows a valid request for every write endpoint the services serve (a new one cannot be forgotten)', () => {
    const served = writeRoutes.map((r) => `${r.method} ${r.path}`).sort();
    expect(served).toEqual(Object.keys(SAMPLES).sort());
  });

  it('bounds every field of every body: strings by length or format, numbers by a maximum, arrays by size, nested shapes validated', () => {
    const unbounded = writeRoutes.flatMap((r) => (r.body ? boundsMissing(r.body, `${r.method} ${r.path} `) : []));
    expect(unbounded).toEqual([]);
  });

  it('answers malformed requests with 400/404/409/413/422 and field errors, never a 5xx or the value, and stores nothing', async () => {
    const before = await snapshot();
    for (const route of writeRoutes) {
      const sample = SAMPLES[`${route.method} ${route.path}`](ids);
      const where = `${route.method} ${route.path}`;
      await fc.assert(
        fc.asyncProperty(cases(sample), async (c) => judge(await send(route, sample, c), c, where)),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
      // Over the limit: 413, whatever the endpoint.
      const huge: Case = { kind: 'too large', body: null, raw: JSON.stringify({ zz: MARK.repeat(60_000) }), expect: { status: 413 } };
      judge(await send(route, sample, huge), huge, where);
    }
    await system.settled();
    expect(await snapshot()).toEqual(before);
    expect(counts.requests).toBeGreaterThan(writeRoutes.length * RUNS);
  }, 300_000);
});

// ---------------------------------------------------------------------------------------------
// The bounds, read from the DTOs' class-validator metadata (the same the ValidationPipe uses).

type Class = new (...args: never[]) => object;

// class-transformer keeps its @Type metadata here; it exports no accessor for it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as { defaultMetadataStorage: MetadataStorage };

const FORMATS = new Set([
  'matches',
  'isIn',
  'isUuid',
  'isCalendarDate',
  'isNationalId',
  'isAccountNumber',
  'isActorIdent',
  'isIsoInstant',
  'isBoolean',
]);

function boundsMissing(cls: Class, prefix: string, seen = new Set<Class>()): string[] {
  if (seen.has(cls)) return [];
  seen.add(cls);
  const metas = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
  const props = new Map<string, typeof metas>();
  for (const m of metas) props.set(m.propertyName, [...(props.get(m.propertyName) ?? []), m]);
  const missing: string[] = [];
  for (const [prop, ms] of props) {
    const names = new Set(ms.map((m) => m.name ?? m.type));
    const field = `${prefix}${cls.name}.${prop}`;
    const nestedValidation = ms.some((m) => m.type === 'nestedValidation');
    if (names.has('isArray') && !names.has('arrayMaxSize')) missing.push(`${field}: array without a maximum size`);
    if (names.has('isString') && !names.has('maxLength') && ![...FORMATS].some((f) => names.has(f)))
      missing.push(`${field}: string without a maximum length`);
    if ((names.has('isInt') || names.has('isNumber')) && !names.has('max')) missing.push(`${field}: number without a maximum`);
    const typed =
      nestedValidation ||
      [...names].some((n) => ['isString', 'isInt', 'isNumber', 'isArray', 'isObject', ...FORMATS].includes(n as string));
    if (!typed) missing.push(`${field}: no type checked`);
    if (nestedValidation && !names.has('isObject') && !names.has('isArray'))
      missing.push(`${field}: nested shape without @IsObject or @IsArray (ValidateNested alone lets an array of arrays through)`);
    if (nestedValidation) {
      const type = defaultMetadataStorage.findTypeMetadata(cls, prop);
      if (!type) missing.push(`${field}: nested without @Type`);
      const subTypes = type?.options?.discriminator?.subTypes.map((s: { value: Class }) => s.value) ?? [];
      for (const t of [...subTypes, ...(type ? [type.typeFunction() as Class] : [])]) missing.push(...boundsMissing(t, prefix, seen));
    }
  }
  return missing;
}
