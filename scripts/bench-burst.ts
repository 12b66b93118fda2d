/**
 * A burst of payments coming due at once (the 1st of the month), against the running services:
 *
 *   npm run bench:burst -- [--n 10000] [--decisions 5000]
 *
 * Puts `n` held payments of `decisions` decisions (two per decision by default) into payout's database
 * with no condition left holding them and a not-before day that has just come (today), in one
 * transaction: the moment of its commit is "the day starts". Then reads payment-released on Kafka
 * until every one has come, and prints the time from the day's start to the last release, the
 * releases per second, and how many came more than once (by idempotency key), and checks each payment
 * is RELEASED once in the database. Writes the figures as JSON to .run/bench/burst-<time>.json.
 *
 * The release comes from payout's due-payment job: at each Oslo day's start, and every JOB_INTERVAL_MS;
 * run the services with JOB_INTERVAL_MS=1000 so the burst is found within a second of being inserted,
 * as the day's-start run finds it at midnight. DB_PREFIX (default vf_scale), KAFKA_BROKERS.
 *
 * With `--innsyn`, each case also has what the recipient's document (innsyn) is made from: its decision
 * and two fulfilled conditions, but no document yet. The job then makes and publishes every case's
 * document in the release's transaction: more than on a real 1st, when the documents exist and a
 * release changes nothing in them (it is still PLANLAGT_UTBETALING), so an upper bound on that cost.
 * With `--documents` (implies --innsyn), the documents exist before the day starts, as on a real 1st:
 * the burst's payments are first planned for tomorrow, each case has one more payment due today, and
 * once those are released (which makes every case's document, listing all its payments) the burst's
 * not-before day is moved to today in one statement, whose commit is then "the day starts". The
 * figures say how many documents the burst changed (the sum of their sequences, before and after).
 */
import { randomUUID } from 'crypto';
import { mkdirSync, writeFileSync } from 'fs';
import { Client } from 'pg';
import { EventEnvelope, PaymentReleasedV1, TOPICS } from '@vf/contracts';
import { createKafka } from '@vf/messaging';
import { addDays, osloDate } from '@vf/rules';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg('n', 10_000);
const DECISIONS = arg('decisions', Math.ceil(N / 2));
const TIMEOUT_MS = arg('timeout', 120_000);
const DOCUMENTS = process.argv.includes('--documents');
const INNSYN = DOCUMENTS || process.argv.includes('--innsyn');
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:19110').split(',');
const db = `${process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432'}/${process.env.DB_PREFIX ?? 'vf_scale'}_payout`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const INSERT_PAYMENTS = `
  INSERT INTO payment (id, decision_id, case_id, ref, office, purpose, amount_ore, due_date, payee, status, gates, released_at, not_before,
                       releases, reduction, settlement, attempts, stop_reason, veileder_ident)
  SELECT gen_random_uuid(), md5($1 || (n % $3))::uuid, 'B-' || $1 || '-' || (n % $3), $5 || n, '0301', 'LIVING_COSTS', 785000, $4::date,
         '{"type": "RECIPIENT", "nationalId": "01810012311"}'::jsonb, 'HELD', '{}'::jsonb, null, $4::date, 0, null, null, '[]'::jsonb, null, 'Z400000'
  FROM generate_series(1, $2::int) n
  RETURNING id`;

/** What each case's innsyn document is made from: its decision and two fulfilled conditions. */
async function insertInnsynRows(client: Client, run: string, today: string): Promise<void> {
  await client.query(
    `INSERT INTO innsyn_decision (decision_id, case_id, office, issued_at, period_from, period_to)
     SELECT md5($1 || k)::uuid, 'B-' || $1 || '-' || k, '0301', now() - interval '20 days', $3::date - 30, $3::date + 30
     FROM generate_series(0, $2::int - 1) k`,
    [run, DECISIONS, today],
  );
  await client.query(
    `INSERT INTO innsyn_condition (condition_id, decision_id, case_id, ref, kind, text, deadline, status, status_at)
     SELECT gen_random_uuid(), md5($1 || k)::uuid, 'B-' || $1 || '-' || k, 'V' || c, kind, text, $3::date - 2, 'FULFILLED', now() - interval '3 days'
     FROM generate_series(0, $2::int - 1) k,
          (VALUES (1, 'DOCUMENT', 'Lever kvittering for husleie'), (2, 'JOB_APPLICATIONS', 'Send fire jobbsøknader i uka')) v(c, kind, text)`,
    [run, DECISIONS, today],
  );
}

async function main() {
  const run = randomUUID().slice(0, 8);
  const kafka = createKafka({ clientId: `bench-burst-${run}`, brokers });
  const wanted = new Set<string>(); // the burst's payment ids
  const seen = new Map<string, number>(); // paymentId → times released
  const keys = new Map<string, number>(); // idempotency key → times seen
  let openingReleases = 0;
  let last = 0;
  const consumer = kafka.consumer({ groupId: `bench.burst.${run}`, maxWaitTimeInMs: 100 });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.connect();
  await consumer.subscribe({ topic: TOPICS.paymentReleasedV1, fromBeginning: false });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      for (const m of batch.messages) {
        const e = JSON.parse(m.value!.toString()) as EventEnvelope<PaymentReleasedV1>;
        if (!e.payload.caseId.startsWith(`B-${run}-`)) continue;
        if (!wanted.has(e.payload.paymentId)) {
          openingReleases += 1;
          continue;
        }
        seen.set(e.payload.paymentId, (seen.get(e.payload.paymentId) ?? 0) + 1);
        keys.set(e.payload.idempotencyKey, (keys.get(e.payload.idempotencyKey) ?? 0) + 1);
        last = Date.now();
      }
    },
  });
  await joined;
  await sleep(500);

  const client = new Client({ connectionString: db });
  await client.connect();
  const today = osloDate(new Date());
  const cases = `B-${run}-%`;
  const sequences = async (): Promise<number> =>
    (await client.query(`SELECT coalesce(sum(sequence), 0)::int AS n FROM innsyn_document WHERE case_id LIKE $1`, [cases])).rows[0].n;
  let sequencesBefore = 0; // no document of these cases exists before the commit below
  const documentsMade = async (): Promise<number> =>
    (await client.query(`SELECT count(*)::int AS n FROM innsyn_document WHERE case_id LIKE $1 AND document IS NOT NULL`, [cases])).rows[0]
      .n;
  await client.query('BEGIN');
  // With --documents the burst's payments are planned for tomorrow, and one payment of each case due
  // today is released first, so that every case's document exists, listing the burst's payments, before
  // the burst's day is brought forward to today.
  const burstDay = DOCUMENTS ? addDays(today, 1) : today;
  const ids = (await client.query(INSERT_PAYMENTS, [run, N, DECISIONS, burstDay, 'P'])).rows as Array<{ id: string }>;
  ids.forEach((r) => wanted.add(r.id));
  if (DOCUMENTS) await client.query(INSERT_PAYMENTS, [run, DECISIONS, DECISIONS, today, 'O']);
  if (INNSYN) await insertInnsynRows(client, run, today);
  // The overview's held figures, as savePayment would have appended them.
  const held = N + (DOCUMENTS ? DECISIONS : 0);
  await client.query(
    `INSERT INTO held_figures_change (office, veileder_ident, held_count, held_amount_ore) VALUES ('0301', 'Z400000', $1, $2)`,
    [held, held * 785000],
  );
  await client.query('COMMIT');
  if (DOCUMENTS) {
    const began = Date.now();
    while ((openingReleases < DECISIONS || (await documentsMade()) < DECISIONS) && Date.now() - began < TIMEOUT_MS) await sleep(200);
    console.log(`${openingReleases} opening payments released, ${await documentsMade()} documents made; the burst's day comes`);
    sequencesBefore = await sequences();
    await client.query(`UPDATE payment SET not_before = $2::date WHERE id = ANY($1::uuid[])`, [[...wanted], today]);
  }
  const dayStart = Date.now();
  console.log(`${N} payments of ${DECISIONS} decisions due from ${today}: committed; waiting for payment-released …`);
  while (seen.size < N && Date.now() - dayStart < TIMEOUT_MS) await sleep(100);
  await sleep(2000); // a late duplicate would show here
  await consumer.disconnect();
  const [row] = (
    await client.query(
      `SELECT count(*) FILTER (WHERE status = 'RELEASED' AND releases = 1)::int AS once FROM payment WHERE id = ANY($1::uuid[])`,
      [[...wanted]],
    )
  ).rows;
  const documentChanges = (await sequences()) - sequencesBefore;
  const documents = await documentsMade();
  await client.end();

  const seconds = (last - dayStart) / 1000;
  const figures = {
    at: new Date().toISOString(),
    payments: N,
    decisions: DECISIONS,
    innsyn: DOCUMENTS ? 'documents made before' : INNSYN ? 'documents made by the burst' : 'none',
    documents,
    documentChangesDuringBurst: documentChanges,
    released: seen.size,
    lost: N - seen.size,
    duplicateReleases: [...keys.values()].reduce((sum, k) => sum + (k - 1), 0),
    releasedOnceInDatabase: row.once,
    dayStartToLastReleaseS: Math.round(seconds * 100) / 100,
    releasesPerS: Math.round(seen.size / seconds),
  };
  console.table(figures);
  mkdirSync('.run/bench', { recursive: true });
  const file = `.run/bench/burst-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(file, JSON.stringify(figures, null, 2));
  console.log(`written ${file}`);
  if (figures.lost > 0 || figures.duplicateReleases > 0 || row.once !== N) process.exit(1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
