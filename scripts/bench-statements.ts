/**
 * Which statements PostgreSQL spends its time on, from `pg_stat_statements`, and how two runs differ:
 *
 *   npm run bench:statements -- reset                 (before a run)
 *   npm run bench:statements -- save before.json      (after it)
 *   npm run bench:statements -- compare before.json after.json [--top 15]
 *   npm run bench:statements -- top after.json [--top 15]             (one run's statements by time)
 *   npm run bench:statements -- watch CTL after.json   (the evidence phase only: resets when
 *     `bench:throughput` writes `start` to CTL, its BENCH_PROFILE_CTL, and saves when it writes `stop`)
 *
 * `save` keeps, per statement of the three services' databases (DB_PREFIX, default vilkarsflyt), its
 * calls, execution and planning time, rows and shared buffers. `compare` prints the statements whose
 * time changed most, keyed by database and `queryid` (the same statement across runs and builds).
 *
 * The extension must be loaded when PostgreSQL starts; on this machine (issue #10, eleventh round):
 *
 *   psql -h 127.0.0.1 -U postgres -c "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'"
 *   pg_ctlcluster --skip-systemctl-redirect 15 main restart
 *   psql -h 127.0.0.1 -U postgres -c "ALTER SYSTEM SET pg_stat_statements.track = 'all'" \
 *     -c "ALTER SYSTEM SET pg_stat_statements.track_planning = on" -c "SELECT pg_reload_conf()" \
 *     -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
 *
 * `track = 'all'` counts the statements inside trigger functions too. Undo with `ALTER SYSTEM RESET` of
 * the three settings and a restart. PG_URL as elsewhere.
 */
import { readFileSync, writeFileSync } from 'fs';
import { Client } from 'pg';

interface Statement {
  database: string;
  queryid: string;
  calls: number;
  execMs: number;
  planMs: number;
  rows: number;
  buffers: number;
  query: string;
}

const [command, ...rest] = process.argv.slice(2);
const prefix = process.env.DB_PREFIX ?? 'vilkarsflyt';

async function withPostgres<T>(work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: `${process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432'}/postgres` });
  await client.connect();
  try {
    const [{ loaded }] = (await client.query(`SELECT to_regclass('pg_stat_statements') IS NOT NULL AS loaded`)).rows;
    if (!loaded) throw new Error('pg_stat_statements is not installed: see the comment at the top of scripts/bench-statements.ts');
    return await work(client);
  } finally {
    await client.end();
  }
}

async function save(file: string): Promise<void> {
  const statements: Statement[] = await withPostgres(
    async (c) =>
      (
        await c.query(
          `SELECT d.datname AS database, s.queryid::text AS queryid, sum(s.calls)::int AS calls,
                  sum(s.total_exec_time)::float8 AS "execMs", sum(s.total_plan_time)::float8 AS "planMs", sum(s.rows)::int AS rows,
                  sum(s.shared_blks_hit + s.shared_blks_read)::int AS buffers,
                  min(left(regexp_replace(s.query, '\\s+', ' ', 'g'), 400)) AS query
           FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
           WHERE d.datname LIKE $1 GROUP BY 1, 2 ORDER BY 4 DESC`,
          [`${prefix}\\_%`],
        )
      ).rows,
  );
  writeFileSync(file, JSON.stringify(statements, null, 1));
  const total = (k: 'execMs' | 'planMs') => statements.reduce((s, x) => s + x[k], 0).toFixed(0);
  console.log(`${statements.length} statements, ${total('execMs')} ms executing, ${total('planMs')} ms planning: ${file}`);
}

/** A statement's time, executing and planning (0 for one not run). */
const timeOf = (s?: Statement) => (s ? s.execMs + s.planMs : 0);

function compare(beforeFile: string, afterFile: string, top: number): void {
  const load = (f: string) => new Map((JSON.parse(readFileSync(f, 'utf8')) as Statement[]).map((s) => [`${s.database} ${s.queryid}`, s]));
  const [before, after] = [load(beforeFile), load(afterFile)];
  const sum = (m: Map<string, Statement>) => [...m.values()].reduce((t, s) => t + timeOf(s), 0);
  console.log(`in all: ${sum(before).toFixed(0)} ms before, ${sum(after).toFixed(0)} ms after (executing and planning)`);
  const keys = [...new Set([...before.keys(), ...after.keys()])];
  keys.sort((a, b) => Math.abs(timeOf(after.get(b)) - timeOf(before.get(b))) - Math.abs(timeOf(after.get(a)) - timeOf(before.get(a))));
  const cell = (s?: Statement) => (s ? `${s.calls} calls ${timeOf(s).toFixed(0)} ms ${s.buffers} buffers` : 'not run');
  for (const k of keys.slice(0, top)) {
    const [b, a] = [before.get(k), after.get(k)];
    const s = (a ?? b)!;
    const delta = timeOf(a) - timeOf(b);
    console.log(`${delta >= 0 ? '+' : ''}${delta.toFixed(0)} ms  ${s.database.slice(prefix.length + 1)}: ${s.query.slice(0, 140)}`);
    console.log(`    before: ${cell(b)}; after: ${cell(a)}`);
  }
}

function topOf(file: string, top: number): void {
  const statements = (JSON.parse(readFileSync(file, 'utf8')) as Statement[]).sort((a, b) => timeOf(b) - timeOf(a));
  console.log(`in all: ${statements.reduce((t, s) => t + timeOf(s), 0).toFixed(0)} ms (executing and planning)`);
  for (const s of statements.slice(0, top)) {
    const figures = `${timeOf(s).toFixed(0).padStart(6)} ms ${String(s.calls).padStart(6)} calls ${String(s.rows).padStart(7)} rows`;
    console.log(`${figures}  ${s.database.slice(prefix.length + 1)}: ${s.query.slice(0, 110)}`);
  }
}

/** Waits until CTL holds `word` (bench:throughput writes `start` and `stop` to its BENCH_PROFILE_CTL). */
async function until(ctl: string, word: string): Promise<void> {
  const holds = () => {
    try {
      return readFileSync(ctl, 'utf8').trim() === word;
    } catch {
      return false;
    }
  };
  while (!holds()) await new Promise((r) => setTimeout(r, 50));
}

async function watch(ctl: string, file: string): Promise<void> {
  writeFileSync(ctl, '');
  console.log(`waiting for start in ${ctl}`);
  await until(ctl, 'start');
  await withPostgres((c) => c.query('SELECT pg_stat_statements_reset()'));
  await until(ctl, 'stop');
  await save(file);
}

async function main(): Promise<void> {
  const topArg = () => {
    const i = rest.indexOf('--top');
    return i >= 0 ? Number(rest[i + 1]) : 15;
  };
  if (command === 'reset') await withPostgres((c) => c.query('SELECT pg_stat_statements_reset()'));
  else if (command === 'save' && rest[0]) await save(rest[0]);
  else if (command === 'compare' && rest[1]) compare(rest[0], rest[1], topArg());
  else if (command === 'top' && rest[0]) topOf(rest[0], topArg());
  else if (command === 'watch' && rest[1]) await watch(rest[0], rest[1]);
  else
    throw new Error('usage: bench:statements -- reset | save FILE | compare BEFORE AFTER [--top N] | top FILE [--top N] | watch CTL FILE');
}

main().catch((e) => {
  console.error((e as Error).message);
  process.exit(1);
});
