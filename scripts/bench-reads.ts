/**
 * Read latency at scale, against services running on a database seeded by `npm run seed:scale`:
 *
 *   npm run bench:reads -- [--n 300] [--concurrency 1] [--conditions 1000000] [--offices 50]
 *
 * Times over HTTP (token checked, JSON written, as a screen gets it), for random cases and offices of
 * the seed: the worklist (first page, and a page deep in it), a case's conditions, a case's payments,
 * one payment, the office overview, and the other lists (an office's cases, the payment team's list).
 * Prints p50/p95/p99/max per read and writes them as JSON to .run/bench/reads-<time>.json.
 * Ports: DECISION_PORT, FOLLOW_UP_PORT, PAYOUT_PORT (default 4110-4112). `--skip <regexp>` leaves out the
 * reads whose name matches it (e.g. --skip "payment team").
 */
import { createHash } from 'crypto';
import { mkdirSync, writeFileSync } from 'fs';
import { DEV_AUDIENCE, DEV_ISSUER, ensureDevKeys, signToken } from '@vf/platform';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg('n', 300);
const CONCURRENCY = arg('concurrency', 1);
const CASES = Math.floor(arg('conditions', 1_000_000) / 2);
const OFFICES = arg('offices', 50);
const url = {
  decision: `http://127.0.0.1:${process.env.DECISION_PORT ?? 4110}`,
  followUp: `http://127.0.0.1:${process.env.FOLLOW_UP_PORT ?? 4111}`,
  payout: `http://127.0.0.1:${process.env.PAYOUT_PORT ?? 4112}`,
};
const offices = Array.from({ length: OFFICES }, (_, i) => String(301 + i * 7).padStart(4, '0'));
const keys = ensureDevKeys(process.env.DEV_KEYS_DIR ?? '.run/dev-keys');
const bearer = (ident: string, role: string, officeList: string[]) => ({
  authorization: `Bearer ${signToken(keys.privateKeyPem, { ident, roles: [role], offices: officeList, issuer: DEV_ISSUER, audience: DEV_AUDIENCE })}`,
});
const unit = bearer('Z100001', 'decision-unit', offices);
const team = bearer('Z700007', 'payment-team', []);

/** The seed's ids: md5 of a label, as PostgreSQL's md5(…)::uuid makes them. */
const seedUuid = (label: string) => {
  const h = createHash('md5').update(label).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};
const randomCase = () => 1 + Math.floor(Math.random() * CASES);
const officeOf = (n: number) => offices[n % OFFICES];
const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];

async function get(path: string, headers: Record<string, string>): Promise<unknown> {
  const res = await fetch(path, { headers });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.slice(0, 200)}`);
  return JSON.parse(body);
}

interface Read {
  name: string;
  request: () => Promise<unknown>;
}

const worklistCursors = new Map<string, string>();
const READS: Read[] = [
  { name: 'worklist (first page)', request: () => get(`${url.decision}/worklist?office=${pick(offices)}`, unit) },
  {
    name: 'worklist (a page deep in it)',
    request: async () => {
      const office = pick(offices);
      const cursor = worklistCursors.get(office);
      const body = (await get(`${url.decision}/worklist?office=${office}&limit=50${cursor ? `&cursor=${cursor}` : ''}`, unit)) as {
        nextCursor: string | null;
      };
      if (body.nextCursor) worklistCursors.set(office, body.nextCursor);
      else worklistCursors.delete(office);
      return body;
    },
  },
  {
    name: "a case's conditions",
    request: () => {
      const n = randomCase();
      return get(`${url.followUp}/cases/S-${n}/conditions`, bearer('Z400000', 'veileder', [officeOf(n)]));
    },
  },
  {
    name: "a case's payments",
    request: () => {
      const n = randomCase();
      return get(`${url.payout}/cases/S-${n}/payments`, bearer('Z400000', 'veileder', [officeOf(n)]));
    },
  },
  {
    name: 'one payment',
    request: () => {
      const n = randomCase();
      return get(`${url.payout}/payments/${seedUuid(`p${1 + (n % 2)}-${n}`)}`, bearer('Z400000', 'veileder', [officeOf(n)]));
    },
  },
  { name: 'office overview', request: () => get(`${url.payout}/offices/${pick(offices)}/overview`, unit) },
  { name: "an office's cases (first page)", request: () => get(`${url.followUp}/offices/${pick(offices)}/cases`, unit) },
  { name: 'payment team: released payments', request: () => get(`${url.payout}/payments?status=RELEASED`, team) },
  { name: 'decisions of an office (first page)', request: () => get(`${url.decision}/decisions?office=${pick(offices)}`, unit) },
];

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function time(read: Read) {
  for (let i = 0; i < Math.min(20, N); i++) await read.request(); // warm up
  const samples: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < N) {
        const t0 = performance.now();
        await read.request();
        samples.push(performance.now() - t0);
      }
    }),
  );
  samples.sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 10) / 10;
  return {
    read: read.name,
    n: samples.length,
    p50: r(pct(samples, 50)),
    p95: r(pct(samples, 95)),
    p99: r(pct(samples, 99)),
    max: r(samples[samples.length - 1]),
  };
}

const skipAt = process.argv.indexOf('--skip');
const skip = skipAt > 0 ? new RegExp(process.argv[skipAt + 1]) : null;

async function main() {
  const results = [];
  for (const read of READS.filter((r) => skip === null || !skip.test(r.name))) {
    const r = await time(read);
    results.push(r);
    console.log(
      `${r.read.padEnd(38)} p50 ${String(r.p50).padStart(6)} ms  p95 ${String(r.p95).padStart(6)} ms  ` +
        `p99 ${String(r.p99).padStart(6)} ms  max ${r.max} ms`,
    );
  }
  mkdirSync('.run/bench', { recursive: true });
  const file = `.run/bench/reads-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(
    file,
    JSON.stringify({ at: new Date().toISOString(), n: N, concurrency: CONCURRENCY, cases: CASES, offices: OFFICES, results }, null, 2),
  );
  console.log(`written ${file}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
