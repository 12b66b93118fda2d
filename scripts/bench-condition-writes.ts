/**
 * What keeping an office's case list costs follow-up's writes: the same condition statements with the
 * `office_case` triggers and without them, on a database seeded by `npm run seed:scale`:
 *
 *   npm run bench:condition-writes -- [--batch 20] [--transactions 300] [--rounds 3]
 *
 * Three statements, each as follow-up's write paths make them (one statement per batch):
 * - fulfil: `batch` open conditions of different cases set FULFILLED (evidence that meets them);
 * - progress: the same, their status unchanged (evidence that only moves a condition's progress);
 * - insert: `batch` new conditions of `batch / 2` new cases (a batch of decisions issued).
 * Each transaction runs one statement and rolls back, so the seeded data stays as it was. "Without"
 * is a session with `session_replication_role = replica`, where ordinary triggers do not fire. Rounds
 * alternate the two; per statement it prints the median over rounds of the mean wall time and of the
 * PostgreSQL backend's CPU (from /proc, so the database must run on this machine).
 * DB_PREFIX (default vf_scale), PG_URL.
 */
import { randomUUID } from 'crypto';
import { readFileSync } from 'fs';
import { Client } from 'pg';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const BATCH = arg('batch', 20);
const TRANSACTIONS = arg('transactions', 300);
const ROUNDS = arg('rounds', 3);
const url = `${process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432'}/${process.env.DB_PREFIX ?? 'vf_scale'}_follow_up`;

/** CPU seconds a process has used (user + system), from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

type Statement = (c: Client, i: number) => Promise<unknown>;

async function main() {
  const ids: string[] = (
    await (async () => {
      const c = new Client({ connectionString: url });
      await c.connect();
      // One open condition per case, so a fulfilling batch touches `batch` cases, as evidence does.
      const r = await c.query(
        `SELECT DISTINCT ON (case_id) id FROM condition TABLESAMPLE SYSTEM (5) WHERE status = 'OPEN' ORDER BY case_id, id LIMIT $1`,
        [BATCH * TRANSACTIONS],
      );
      await c.end();
      return r.rows;
    })()
  ).map((r: { id: string }) => r.id);
  if (ids.length < BATCH * TRANSACTIONS) throw new Error(`only ${ids.length} open conditions found: seed first (npm run seed:scale)`);
  const slice = (i: number) => ids.slice(i * BATCH, (i + 1) * BATCH);
  const setStatus = (status: 'FULFILLED' | null) => (c: Client, i: number) =>
    c.query(
      `UPDATE condition AS c SET status = coalesce(r.status, c.status), deadline = c.deadline
       FROM unnest($1::uuid[], $2::text[]) AS r(id, status) WHERE c.id = r.id`,
      [slice(i), slice(i).map(() => status)],
    );
  const statements: Record<string, Statement> = {
    fulfil: setStatus('FULFILLED'),
    progress: setStatus(null),
    insert: (c) => {
      const run = randomUUID().slice(0, 8);
      const cases = Array.from({ length: BATCH }, (_, k) => `W-${run}-${k >> 1}`);
      return c.query(
        `INSERT INTO condition (id, decision_id, case_id, office, ref, text, deadline, requirement, gates_payment_ids, status)
         SELECT gen_random_uuid(), gen_random_uuid(), case_id, '0301', 'C1', 'Lever husleiekvittering', current_date + 30,
                '{"kind":"ACTIVITY","activity":"x"}', '[]', 'OPEN'
         FROM unnest($1::text[]) AS case_id`,
        [cases],
      );
    },
  };
  const sessions = { without: new Client({ connectionString: url }), with: new Client({ connectionString: url }) };
  await Promise.all(Object.values(sessions).map((c) => c.connect()));
  await sessions.without.query(`SET session_replication_role = replica`);
  const pids = Object.fromEntries(
    await Promise.all(Object.entries(sessions).map(async ([k, c]) => [k, (await c.query('SELECT pg_backend_pid() AS pid')).rows[0].pid])),
  ) as Record<keyof typeof sessions, number>;

  console.log(`condition writes on ${url.replace(/^.*\//, '')}: ${BATCH} rows a statement, ${TRANSACTIONS} transactions, ${ROUNDS} rounds`);
  for (const [name, statement] of Object.entries(statements)) {
    const figures: Record<keyof typeof sessions, { ms: number[]; cpu: number[] }> = {
      without: { ms: [], cpu: [] },
      with: { ms: [], cpu: [] },
    };
    for (let round = 0; round < ROUNDS; round++) {
      for (const which of ['without', 'with'] as const) {
        const c = sessions[which];
        const cpu = cpuSeconds(pids[which]);
        let spent = 0n;
        for (let i = 0; i < TRANSACTIONS; i++) {
          await c.query('BEGIN');
          const t = process.hrtime.bigint();
          await statement(c, i);
          spent += process.hrtime.bigint() - t;
          await c.query('ROLLBACK');
        }
        figures[which].ms.push(Number(spent) / 1e6 / TRANSACTIONS);
        figures[which].cpu.push(((cpuSeconds(pids[which]) - cpu) * 1000) / TRANSACTIONS);
      }
    }
    const show = (which: keyof typeof sessions) =>
      `${which.padEnd(7)} ${median(figures[which].ms).toFixed(2).padStart(6)} ms a statement, ` +
      `backend CPU ${median(figures[which].cpu).toFixed(2).padStart(6)} ms a transaction`;
    console.log(`${name.padEnd(8)} ${show('without')}\n${''.padEnd(8)} ${show('with')}`);
  }
  await Promise.all(Object.values(sessions).map((c) => c.end()));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
