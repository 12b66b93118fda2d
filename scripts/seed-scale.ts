/**
 * Seeds the services' databases at scale, set-based in SQL through the real schema (the services' own
 * migrations, then INSERT … SELECT FROM generate_series; no HTTP, no Kafka):
 *
 *   npm run seed:scale -- [--conditions 1000000] [--offices 50] [--extra 25000]
 *
 * DB_PREFIX (default vf_scale) names the databases, as the services read it: <prefix>_decision,
 * <prefix>_follow_up, <prefix>_payout. They are emptied first.
 *
 * - conditions/2 decisions, one case each, spread over `offices` offices and 40 veiledere per office;
 *   each with two OPEN conditions (a document, job applications; deadlines over the next 60 days) and
 *   two HELD payments, each gated by one condition: `conditions` open conditions, as many held payments;
 * - `extra` decisions more whose first condition was lifted (its payment RELEASED in the last 30 days,
 *   so the overview has release latencies) and whose second was breached (a worklist item);
 * - the journal (one line per condition set), payout's view of the conditions, and the overview's
 *   figures (held_figures, release_latency) as the services keep them.
 */
import { Client } from 'pg';
import { DataSource, MigrationInterface } from 'typeorm';
import { ensureDatabase, dataSourceOptions } from '@vf/platform';
import { withSharedMigrations } from '@vf/messaging';
import { osloDate } from '@vf/rules';
import * as decisionDb from '../apps/decision/src/database';
import * as followUpDb from '../apps/follow-up/src/database';
import * as payoutDb from '../apps/payout/src/database';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const CONDITIONS = arg('conditions', 1_000_000);
const OFFICES = arg('offices', 50);
const EXTRA = arg('extra', 25_000);
const BASE = Math.floor(CONDITIONS / 2);
const CHUNK = 50_000;
const prefix = process.env.DB_PREFIX ?? 'vf_scale';
const pgBase = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const today = osloDate(new Date());

/** One row per decision n, with every id and attribute derived from n, the same in all three databases. */
const decisions = `
  SELECT n, n > ${BASE} AS extra,
         md5('d' || n)::uuid AS d, md5('c1-' || n)::uuid AS c1, md5('c2-' || n)::uuid AS c2,
         md5('p1-' || n)::uuid AS p1, md5('p2-' || n)::uuid AS p2, md5('w' || n)::uuid AS w,
         'S-' || n AS case_id,
         lpad((301 + (n % ${OFFICES}) * 7)::text, 4, '0') AS office,
         'Z' || (400000 + (n % ${OFFICES}) * 40 + (n / ${OFFICES}) % 40) AS veileder,
         $3::date + (n % 60)::int AS deadline,
         now() - (n % 90) * interval '1 day' - (n % 86400000) * interval '1 ms' AS issued_at,
         now() - (n % 29) * interval '1 day' - (n % 3600) * interval '1 s' AS released_at,
         (n % 5000) * interval '1 ms' + interval '20 ms' AS latency
  FROM generate_series($1::int, $2::int) AS n`;

const C1_TEXT = 'Lever kvittering for betalt husleie.';
const C2_TEXT = 'Send minst 5 jobbsøknader i uke 46 og i uke 47.';
const REQ1 = `'{"kind": "DOCUMENT", "documentType": "RENT_RECEIPT_2026_11"}'::jsonb`;
const REQ2 = `'{"kind": "JOB_APPLICATIONS", "periodTo": "2026-11-22", "periodFrom": "2026-11-09", "applicationsPerWeek": 5}'::jsonb`;
const LANDLORD = `'{"name": "Utleier Eiendom AS", "type": "THIRD_PARTY", "accountNumber": "12345678903"}'::jsonb`;
const RECIPIENT = `'{"type": "RECIPIENT", "nationalId": "01810012311"}'::jsonb`;

const SEED: Record<'decision' | 'follow_up' | 'payout', { tables: string[]; chunk: string[]; after: string[] }> = {
  decision: {
    tables: ['worklist_item', 'decision_action', 'decision'],
    chunk: [
      `INSERT INTO decision (id, case_id, office, recipient_national_id, period_from, period_to, reduction_on_breach_announced,
                             payments, conditions, issued_at, issued_by, issued_by_role, veileder_ident, progress)
       SELECT d, case_id, office, '01810012311', '2026-11-01', '2026-11-30', true,
              jsonb_build_array(
                jsonb_build_object('ref', 'P1', 'payee', ${LANDLORD},
                  'dueDate', '2026-12-01', 'purpose', 'RENT', 'amountOre', 850000, 'notBefore', null, 'paymentId', p1),
                jsonb_build_object('ref', 'P2', 'payee', ${RECIPIENT},
                  'dueDate', '2026-12-01', 'purpose', 'LIVING_COSTS', 'amountOre', 785000, 'notBefore', null, 'paymentId', p2)),
              jsonb_build_array(
                jsonb_build_object('ref', 'C1', 'text', '${C1_TEXT}',
                  'deadline', deadline, 'conditionId', c1, 'requirement', ${REQ1}, 'gatesPaymentIds', jsonb_build_array(p1)),
                jsonb_build_object('ref', 'C2', 'text', '${C2_TEXT}',
                  'deadline', deadline, 'conditionId', c2, 'requirement', ${REQ2}, 'gatesPaymentIds', jsonb_build_array(p2))),
              issued_at, 'Z100001', 'decision-unit', veileder,
              jsonb_build_object('revoked', false,
                'payments', jsonb_build_object(p1::text,
                  jsonb_build_object('status', CASE WHEN extra THEN 'RELEASED' ELSE 'HELD' END, 'amountOre', 850000),
                                               p2::text, jsonb_build_object('status', 'HELD', 'amountOre', 785000)),
                'conditions', jsonb_build_object(
                  c1::text, jsonb_build_object('gates', jsonb_build_array(p1),
                    'status', CASE WHEN extra THEN 'LIFTED' ELSE 'ACTIVE' END, 'breached', false, 'deadline', deadline),
                  c2::text, jsonb_build_object('gates', jsonb_build_array(p2), 'status', 'ACTIVE', 'breached', extra, 'deadline', deadline)))
       FROM (${decisions}) s`,
      `INSERT INTO worklist_item (id, kind, office, case_id, decision_id, condition_id, payment_id, summary, raised_at, status)
       SELECT w, 'CONDITION_BREACHED', office, case_id, d, c2, null, 'C2 breached: deadline ' || deadline || ' passed', released_at, 'OPEN'
       FROM (${decisions}) s WHERE extra`,
    ],
    after: [],
  },
  follow_up: {
    tables: ['journal_entry', 'evidence', 'condition'],
    chunk: [
      `INSERT INTO condition (id, decision_id, case_id, office, ref, text,
                              deadline, requirement, gates_payment_ids, status, breached_at, veileder_ident)
       SELECT c1, d, case_id, office, 'C1', '${C1_TEXT}', deadline, ${REQ1},
              jsonb_build_array(p1), CASE WHEN extra THEN 'LIFTED' ELSE 'OPEN' END, null::timestamptz, veileder
       FROM (${decisions}) s
       UNION ALL
       SELECT c2, d, case_id, office, 'C2', '${C2_TEXT}', deadline, ${REQ2}, jsonb_build_array(p2), CASE WHEN extra THEN 'BREACHED' ELSE 'OPEN' END,
              CASE WHEN extra THEN released_at END, veileder
       FROM (${decisions}) s`,
      `INSERT INTO journal_entry (case_id, office, decision_id, condition_id, at, actor_ident, actor_role, action, what)
       SELECT case_id, office, d, c, issued_at, 'Z100001', 'decision-unit', 'CONDITION_SET', what
       FROM (${decisions}) s,
            LATERAL (VALUES (c1, 'C1 (DOCUMENT), deadline ' || deadline || ': ${C1_TEXT}'),
                            (c2, 'C2 (JOB_APPLICATIONS), deadline ' || deadline || ': ${C2_TEXT}')) AS v(c, what)`,
    ],
    after: [],
  },
  payout: {
    tables: ['release_latency', 'held_figures_change', 'held_figures', 'gate_condition', 'payment'],
    chunk: [
      `INSERT INTO gate_condition (condition_id, decision_id, ref, text, deadline, met_at, resolution, added_gates, status, office, veileder_ident)
       SELECT c1, d, 'C1', '${C1_TEXT}', deadline, CASE WHEN extra THEN released_at - latency END, CASE WHEN extra THEN 'LIFTED' END, '[]'::jsonb,
              CASE WHEN extra THEN 'LIFTED' ELSE 'OPEN' END, office, veileder
       FROM (${decisions}) s
       UNION ALL
       SELECT c2, d, 'C2', '${C2_TEXT}', deadline, null, null, '[]'::jsonb, CASE WHEN extra THEN 'BREACHED' ELSE 'OPEN' END, office, veileder
       FROM (${decisions}) s`,
      `INSERT INTO payment (id, decision_id, case_id, ref, office, purpose, amount_ore, due_date, payee, status, gates, released_at, not_before,
                            releases, reduction, settlement, attempts, stop_reason, veileder_ident)
       SELECT p1, d, case_id, 'P1', office, 'RENT', 850000, '2026-12-01'::date, ${LANDLORD},
              CASE WHEN extra THEN 'RELEASED' ELSE 'HELD' END,
              jsonb_build_object(c1::text, CASE WHEN extra THEN jsonb_build_object('at',
                to_char((released_at - latency) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                'how', 'LIFTED') END),
              CASE WHEN extra THEN released_at END, null::date, CASE WHEN extra THEN 1 ELSE 0 END, null::jsonb, null::jsonb,
              CASE WHEN extra THEN jsonb_build_array(jsonb_build_object('attempt', 1, 'idempotencyKey', 'vilkarsflyt:payment:' || p1 || ':release:1',
                     'releasedAt', to_char(released_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'amountOre', 850000, 'settlement', null))
                   ELSE '[]'::jsonb END,
              null, veileder
       FROM (${decisions}) s
       UNION ALL
       SELECT p2, d, case_id, 'P2', office, 'LIVING_COSTS', 785000, '2026-12-01', ${RECIPIENT}, 'HELD', jsonb_build_object(c2::text, null),
              null, null, 0, null, null, '[]'::jsonb, null, veileder
       FROM (${decisions}) s`,
    ],
    // The overview's figures, as the migration that made them computes them from the payments.
    after: [
      `INSERT INTO held_figures (office, veileder_ident, held_count, held_amount_ore)
       SELECT office, coalesce(veileder_ident, ''), count(*) FILTER (WHERE status = 'HELD'),
              coalesce(sum(amount_ore) FILTER (WHERE status = 'HELD'), 0)
       FROM payment GROUP BY office, coalesce(veileder_ident, '')`,
      `INSERT INTO release_latency (payment_id, office, veileder_ident, released_at, latency_ms)
       SELECT p.id, p.office, coalesce(p.veileder_ident, ''), p.released_at,
              (extract(epoch FROM p.released_at - (p.gates -> k ->> 'at')::timestamptz) * 1000)::bigint
       FROM payment p, LATERAL jsonb_object_keys(p.gates) k
       WHERE p.status = 'RELEASED'`,
    ],
  },
};

async function migrate(url: string, migrations: Array<new () => MigrationInterface>) {
  await ensureDatabase(url);
  const ds = new DataSource({ ...dataSourceOptions(url, [], migrations), logging: ['error'] });
  await ds.initialize();
  await ds.destroy();
}

async function seed(db: keyof typeof SEED) {
  const url = `${pgBase}/${prefix}_${db}`;
  const migrations = { decision: decisionDb.MIGRATIONS, follow_up: followUpDb.MIGRATIONS, payout: payoutDb.MIGRATIONS }[db];
  // As the service itself migrates it, shared migrations too (the outbox's pending queue among them).
  await migrate(url, withSharedMigrations(migrations) as Array<new () => MigrationInterface>);
  const client = new Client({ connectionString: url });
  await client.connect();
  const started = Date.now();
  try {
    await client.query(`SET synchronous_commit = off`);
    await client.query(`TRUNCATE ${SEED[db].tables.join(', ')}, outbox, outbox_pending, processed_event RESTART IDENTITY`);
    const last = BASE + EXTRA;
    for (let from = 1; from <= last; from += CHUNK) {
      const to = Math.min(last, from + CHUNK - 1);
      for (const sql of SEED[db].chunk) await client.query(sql, [from, to, today]);
      process.stdout.write(`${db}: decisions ${to}/${last}\n`);
    }
    for (const sql of SEED[db].after) await client.query(sql);
    await client.query('VACUUM ANALYZE');
  } finally {
    await client.end();
  }
  return (Date.now() - started) / 1000;
}

async function main() {
  console.log(
    `seed:scale into ${prefix}_*: ${BASE * 2} open conditions, ${BASE * 2} held payments over ${OFFICES} offices, ` +
      `plus ${EXTRA} decisions with a release and a breach`,
  );
  const started = Date.now();
  const seconds = await Promise.all((['decision', 'follow_up', 'payout'] as const).map(async (db) => [db, await seed(db)] as const));
  for (const [db, s] of seconds) console.log(`${db}: ${s.toFixed(1)} s`);
  console.log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
