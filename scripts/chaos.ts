/**
 * The chaos run (issue #11): a steady load while services are killed and the broker and database
 * restart, then a count of what was released.
 *
 *   npm run chaos -- [--kills 200] [--gap 2000-5000] [--broker-every 25] [--postgres-every 25]
 *                    [--rate 3] [--inflight 32] [--seed 42]
 *
 * 1. Builds the services (tsc into .run/chaos/dist), starts a PostgreSQL cluster of its own
 *    (.run/chaos/pg, port CHAOS_PG_PORT, default 55432), a Kafka broker of its own (.run/chaos/kafka,
 *    CHAOS_KAFKA_PORT, default 19180) and the three services as processes (CHAOS_HTTP_PORT, default
 *    4181 for decision, +1 follow-up, +2 payout). Nothing it starts or stops is shared with anything else.
 * 2. Keeps a load going (scripts/chaos/load.ts): decisions, and evidence of every kind for them.
 * 3. Every `gap` ms, kill -9 of a random service (once it is up and serving), started again within 2 s; every `broker-every`
 *    kills the broker restarts (alternately kill -9 and a clean stop), every `postgres-every` kills
 *    PostgreSQL (alternately a crash, `pg_ctl -m immediate`, and a fast shutdown).
 * 4. Stops the load, waits until every outbox is published and every consumer group has caught up,
 *    then counts (libs/testing/src/chaos/chaos-invariants.ts) and exits 1 on any violation.
 * Figures: printed, and written to .run/chaos/result-<time>.json. Service logs: .run/chaos/logs/.
 * `kill -USR2 <pid>` ends the chaos early and counts what was done. CHAOS_DIR puts all of it elsewhere
 * (two runs at once need two directories and two sets of ports).
 */
import { mkdirSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { createKafka } from '@vf/messaging';
import { DEV_AUDIENCE, DEV_ISSUER, ensureDevKeys } from '@vf/platform';
import { ChaosObservations, checkChaosRun } from '@vf/testing';
import { CONSUMED_TOPICS as DECISION_TOPICS } from '../apps/decision/src/app.module';
import { CONSUMED_TOPICS as FOLLOW_UP_TOPICS } from '../apps/follow-up/src/app.module';
import { CONSUMED_TOPICS as PAYOUT_TOPICS } from '../apps/payout/src/app.module';
import { Load } from './chaos/load';
import { consumerLag, outboxBacklog, readReleases, readTables } from './chaos/observe';
import { Broker, PostgresCluster, ServiceName, ServiceProcess, listening, run, sleep } from './chaos/processes';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const KILLS = Number(arg('kills', '200'));
const [GAP_MIN, GAP_MAX] = arg('gap', '2000-5000').split('-').map(Number);
const BROKER_EVERY = Number(arg('broker-every', '25'));
const POSTGRES_EVERY = Number(arg('postgres-every', '25'));
const RATE = Number(arg('rate', '3'));
const INFLIGHT = Number(arg('inflight', '32'));
const SEED = Number(arg('seed', String(Date.now() % 1_000_000)));
for (const [name, v] of Object.entries({ KILLS, GAP_MIN, GAP_MAX, BROKER_EVERY, POSTGRES_EVERY, RATE, INFLIGHT, SEED })) {
  if (!Number.isFinite(v) || v < 0) {
    console.error(`chaos: ${name.toLowerCase().replace('_', '-')} must be a number ≥ 0`);
    process.exit(2);
  }
}

const root = resolve(__dirname, '..');
const dir = resolve(root, process.env.CHAOS_DIR ?? '.run/chaos');
const KAFKA_PORT = Number(process.env.CHAOS_KAFKA_PORT ?? 19180);
const PG_PORT = Number(process.env.CHAOS_PG_PORT ?? 55432);
const HTTP_PORT = Number(process.env.CHAOS_HTTP_PORT ?? 4181);
const DB_PREFIX = 'chaos';
const PORTS: Record<ServiceName, number> = { decision: HTTP_PORT, 'follow-up': HTTP_PORT + 1, payout: HTTP_PORT + 2 };
const SETTLE_MS = 300_000;

/** mulberry32: the load's choices and the chaos are reproducible from the seed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = seeded(SEED);
const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));

const started = Date.now();
const timeline: string[] = [];
const say = (line: string) => {
  const stamped = `[+${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}`;
  timeline.push(stamped);
  console.log(stamped);
};

const pg = new PostgresCluster(join(dir, 'pg'), PG_PORT);
const broker = new Broker(root, KAFKA_PORT, join(dir, 'kafka'));
const services: ServiceProcess[] = [];
let cleaning: Promise<void> | null = null;

function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    await Promise.all(services.map((s) => s.stop()));
    await broker.stop().catch(() => undefined);
    await pg.stopIfRunning();
  })();
  return cleaning;
}

// SIGUSR2 ends the chaos early: no more kills, and the run goes on to settle and count.
let endEarly = false;
process.on('SIGUSR2', () => {
  endEarly = true;
  console.log('chaos: SIGUSR2, ending the chaos after this round and counting');
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    console.error(`chaos: ${signal}, stopping what it started`);
    void cleanUp().finally(() => process.exit(130));
  });
}

async function restartBroker(n: number): Promise<void> {
  const hard = n % 2 === 1;
  const t = Date.now();
  if (hard) await broker.kill();
  else await broker.stop();
  const down = between(1000, 3000);
  await sleep(down);
  await broker.start();
  say(`broker restart ${n} (${hard ? 'kill -9' : 'clean stop'}, down ${down} ms, back after ${Date.now() - t} ms)`);
}

async function restartPostgres(n: number): Promise<void> {
  const mode = n % 2 === 1 ? 'immediate' : 'fast';
  const t = Date.now();
  await pg.stop(mode);
  const down = between(1000, 3000);
  await sleep(down);
  await pg.start();
  say(`PostgreSQL restart ${n} (pg_ctl stop -m ${mode}, down ${down} ms, back after ${Date.now() - t} ms)`);
}

async function settle(kafka: ReturnType<typeof createKafka>): Promise<{ settled: boolean; afterMs: number }> {
  const t = Date.now();
  const groups = {
    'vilkarsflyt.decision': DECISION_TOPICS,
    'vilkarsflyt.follow-up': FOLLOW_UP_TOPICS,
    'vilkarsflyt.payout': PAYOUT_TOPICS,
  };
  let calm = 0;
  let last = '';
  while (Date.now() - t < SETTLE_MS) {
    try {
      const backlog = await outboxBacklog(pg.url, DB_PREFIX);
      const lag = await consumerLag(kafka, groups);
      last = `outbox backlog ${JSON.stringify(backlog)}, consumer lag ${JSON.stringify(lag)}`;
      const quiet = [...Object.values(backlog), ...Object.values(lag)].every((n) => n === 0);
      calm = quiet ? calm + 1 : 0;
      if (calm >= 3) return { settled: true, afterMs: Date.now() - t };
    } catch (e) {
      last = (e as Error).message;
      calm = 0;
    }
    await sleep(1000);
  }
  say(`not settled after ${SETTLE_MS / 1000} s: ${last}`);
  return { settled: false, afterMs: Date.now() - t };
}

async function main(): Promise<number> {
  for (const port of [KAFKA_PORT, KAFKA_PORT + 1, PG_PORT, ...Object.values(PORTS)]) {
    if (await listening(port)) {
      console.error(`chaos: port ${port} is in use; choose others with CHAOS_KAFKA_PORT, CHAOS_PG_PORT, CHAOS_HTTP_PORT`);
      return 2;
    }
  }
  console.log(
    `chaos: ${KILLS} kills every ${GAP_MIN}-${GAP_MAX} ms, broker restart every ${BROKER_EVERY}, PostgreSQL every ${POSTGRES_EVERY}; ` +
      `load ${RATE} decisions/s (at most ${INFLIGHT} under way); seed ${SEED}`,
  );
  const dist = join(dir, 'dist');
  mkdirSync(join(dir, 'logs'), { recursive: true });
  // Incremental: a second run compiles only what changed (its build info sits beside the output).
  await run('npx', [
    'tsc',
    '-p',
    join(root, 'tsconfig.build.json'),
    '--outDir',
    dist,
    '--incremental',
    '--tsBuildInfoFile',
    join(dir, 'dist.tsbuildinfo'),
  ]);
  say(`built the services into ${dist}`);
  await pg.init();
  await pg.start();
  say(`PostgreSQL of its own on 127.0.0.1:${PG_PORT} (${join(dir, 'pg')})`);
  await broker.start(true);
  say(`Kafka broker of its own on ${broker.address}`);

  const keys = ensureDevKeys(join(dir, 'dev-keys'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PG_URL: pg.url,
    DB_PREFIX,
    KAFKA_BROKERS: broker.address,
    DECISION_PORT: String(PORTS.decision),
    FOLLOW_UP_PORT: String(PORTS['follow-up']),
    PAYOUT_PORT: String(PORTS.payout),
    HOST: '127.0.0.1',
    JOB_INTERVAL_MS: '1000',
    AUTH_PUBLIC_KEY_FILE: keys.publicKeyFile,
    AUTH_ISSUER: DEV_ISSUER,
    AUTH_AUDIENCE: DEV_AUDIENCE,
    LOG_LEVELS: 'error,warn',
    LOG_LEVEL: 'warn',
  };
  // Nothing of a surrounding test run's settings: the services log to the chaos run's logs only.
  for (const k of ['AUTH_JWKS_URL', 'AUTH_PUBLIC_KEY_PEM', 'LOG_FILE_DIR', 'LOG_FILE_LEVEL']) delete env[k];
  for (const s of ['DECISION', 'FOLLOW_UP', 'PAYOUT']) for (const k of ['DATABASE_URL', 'URL', 'CONSUMER_GROUP']) delete env[`${s}_${k}`];
  for (const name of ['decision', 'follow-up', 'payout'] as const) {
    services.push(new ServiceProcess(name, PORTS[name], dist, env, join(dir, 'logs', `${name}.log`), say));
  }
  for (const s of services) s.start();
  for (const s of services) {
    if (!(await s.waitHealthy(120_000))) throw new Error(`${s.name} did not start; see ${join(dir, 'logs', `${s.name}.log`)}`);
  }
  say(`services up: ${services.map((s) => `${s.name} :${s.port}`).join(', ')}`);

  const load = new Load({
    decisionUrl: `http://127.0.0.1:${PORTS.decision}`,
    followUpUrl: `http://127.0.0.1:${PORTS['follow-up']}`,
    keysDir: join(dir, 'dev-keys'),
    rate: RATE,
    inflight: INFLIGHT,
    giveUpMs: 300_000,
    random,
  });
  load.start();
  const chaosStarted = Date.now();
  let brokerRestarts = 0;
  let postgresRestarts = 0;
  for (let k = 1; k <= KILLS && !endEarly; k++) {
    await sleep(between(GAP_MIN, GAP_MAX));
    // Only a service that is up and serving is killed: on a slow machine the kills wait for it.
    const victim = services[Math.floor(random() * services.length)];
    const waited = Date.now();
    if (!(await victim.waitHealthy(180_000))) say(`${victim.name} not healthy after 180 s; killing it anyway`);
    if (Date.now() - waited > 1000) say(`waited ${Date.now() - waited} ms for ${victim.name} to be up`);
    const restartIn = between(0, 2000);
    const pid = victim.kill9(restartIn);
    say(
      `kill ${k}/${KILLS}: kill -9 ${victim.name} (pid ${pid ?? 'none: not running'}), restart in ${restartIn} ms; ` +
        `${load.stats.decisionsAcknowledged} decisions, ${load.stats.evidenceAcknowledged} evidence acknowledged, ${load.inFlight} under way`,
    );
    if (BROKER_EVERY > 0 && k % BROKER_EVERY === Math.floor(BROKER_EVERY / 2)) await restartBroker(++brokerRestarts);
    if (POSTGRES_EVERY > 0 && k % POSTGRES_EVERY === 0) await restartPostgres(++postgresRestarts);
  }
  const chaosMs = Date.now() - chaosStarted;
  say('chaos over: no new decisions; waiting for the requests under way');
  await load.stop();
  for (const s of services) {
    if (!(await s.waitHealthy(120_000))) say(`${s.name} is not healthy after the chaos`);
  }
  const kafka = createKafka({ brokers: [broker.address], clientId: 'chaos-count' });
  const { settled, afterMs } = await settle(kafka);
  if (settled) say(`settled ${afterMs} ms after the load: every outbox published, every consumer caught up`);

  const tables = await readTables(pg.url, DB_PREFIX);
  const released = await readReleases(kafka);
  const observations: ChaosObservations = { ...tables, released, expectations: load.expectations };
  const { counts, violations } = checkChaosRun(observations);
  const problems = [
    ...violations,
    ...load.stats.unexpected.map((u) => `load: ${u}`),
    ...(settled ? [] : [`the system did not settle within ${SETTLE_MS / 1000} s after the load`]),
  ];

  const byService = Object.fromEntries(services.map((s) => [s.name, { kills: s.kills, starts: s.starts, exitedByThemselves: s.ownExits }]));
  const figures = {
    at: new Date().toISOString(),
    seed: SEED,
    options: {
      kills: KILLS,
      gapMs: [GAP_MIN, GAP_MAX],
      brokerEvery: BROKER_EVERY,
      postgresEvery: POSTGRES_EVERY,
      rate: RATE,
      inflight: INFLIGHT,
    },
    chaosSeconds: Math.round(chaosMs / 1000),
    totalSeconds: Math.round((Date.now() - started) / 1000),
    kills: services.reduce((n, s) => n + s.kills, 0),
    brokerRestarts,
    postgresRestarts,
    services: byService,
    settledAfterMs: settled ? afterMs : null,
    load: { ...load.stats, unexpected: load.stats.unexpected.length },
    decisionsStored: tables.decisions,
    counts,
    violations: problems,
    timeline,
  };
  const row = (k: string, v: unknown) => console.log(`  ${k.padEnd(52)} ${v}`);
  console.log(`\nchaos run, seed ${SEED}: ${figures.chaosSeconds} s of chaos, ${figures.totalSeconds} s in all`);
  row('kill -9 of a service', `${figures.kills} (${services.map((s) => `${s.name} ${s.kills}`).join(', ')})`);
  row('services that exited by themselves (restarted)', services.map((s) => `${s.name} ${s.ownExits.length}`).join(', '));
  row('broker restarts / PostgreSQL restarts', `${brokerRestarts} / ${postgresRestarts}`);
  row('decisions acknowledged / stored', `${load.stats.decisionsAcknowledged} / ${tables.decisions}`);
  row('evidence acknowledged', load.stats.evidenceAcknowledged);
  row(
    'requests / retried / network errors / given up',
    `${load.stats.requests} / ${load.stats.retries} / ${load.stats.networkErrors} / ${load.stats.givenUp}`,
  );
  row('answers by status', JSON.stringify(load.stats.byStatus));
  row('payments stored / known to the load', `${counts.paymentsStored} / ${counts.paymentsTheLoadKnows}`);
  row('load expects released / held', `${counts.expectedReleased} / ${counts.expectedHeld}`);
  row('conditions met (follow-up) → released exactly once', `${counts.conditionsMet} → ${counts.releasedExactlyOnce}`);
  row('held, not released', counts.heldNotReleased);
  row('payment-released messages / idempotency keys', `${counts.releaseMessages} / ${counts.idempotencyKeys}`);
  row('same release event re-sent (at least once, allowed)', counts.resentSameEvent);
  row('violations', problems.length);
  for (const p of problems.slice(0, 30)) console.log(`    ✗ ${p}`);
  if (problems.length > 30) console.log(`    … and ${problems.length - 30} more (see the result file)`);
  const file = join(dir, `result-${figures.at.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(figures, null, 2));
  console.log(`  figures: ${file}`);
  return problems.length === 0 ? 0 : 1;
}

main()
  .catch((e: Error) => {
    console.error(`chaos: ${e.stack ?? e.message}`);
    return 1;
  })
  .then(async (code) => {
    await cleanUp();
    process.exit(code);
  });
