/**
 * Where a release's time goes, from timestamps the system already keeps: after `bench:throughput`
 * (or any load) against the running system,
 *
 *   npm run bench:hops -- [--since 2026-11-27T10:30:00Z]   (default: the last 10 minutes)
 *
 * For each condition fulfilled since then whose payment was released, three stretches:
 * 1. follow-up: its transaction's start (the outbox row's created_at) → its relay sent
 *    condition-fulfilled (the Kafka message's timestamp, set by the producer);
 * 2. Kafka and payout's consumer: sent → payout's transaction started on it (processed_event);
 * 3. payout: that transaction's start → its relay sent payment-released (the Kafka timestamp of the
 *    event caused by that condition-fulfilled).
 * The sum is the release latency up to the producer (the benchmark's figure adds its own consumer's
 * fetch). Prints p50/p95/p99 of each. DECISION/FOLLOW_UP/PAYOUT database names from DB_PREFIX
 * (default vilkarsflyt), PG_URL, KAFKA_BROKERS.
 */
import { randomUUID } from 'crypto';
import { Client } from 'pg';
import { TOPICS } from '@vf/contracts';
import { createKafka } from '@vf/messaging';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const since = arg('since') ?? new Date(Date.now() - 10 * 60_000).toISOString();
const pg = (db: string) =>
  new Client({
    connectionString: `${process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432'}/${process.env.DB_PREFIX ?? 'vilkarsflyt'}_${db}`,
  });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ms = `(extract(epoch FROM %s) * 1000)::float8`;

/** The producer's timestamp of every event on the topics, by event id. */
async function sentAt(topics: string[]): Promise<Map<string, number>> {
  const kafka = createKafka({ brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), clientId: 'bench-hops' });
  const admin = kafka.admin();
  await admin.connect();
  const ends = await Promise.all(topics.map(async (t) => (await admin.fetchTopicOffsets(t)).map((p) => ({ t, ...p }))));
  await admin.disconnect();
  const left = new Map(ends.flat().map((p) => [`${p.t}|${p.partition}`, BigInt(p.high)]));
  const sent = new Map<string, number>();
  const consumer = kafka.consumer({ groupId: `bench.hops.${randomUUID()}`, maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      sent.set((JSON.parse(message.value!.toString()) as { eventId: string }).eventId, Number(message.timestamp));
      if (BigInt(message.offset) + 1n >= (left.get(`${topic}|${partition}`) ?? 0n)) left.delete(`${topic}|${partition}`);
    },
  });
  for (const deadline = Date.now() + 120_000; [...left.values()].some((high) => high > 0n) && Date.now() < deadline;) await sleep(200);
  await consumer.disconnect();
  return sent;
}

async function main() {
  const [followUp, payout] = [pg('follow_up'), pg('payout')];
  await Promise.all([followUp.connect(), payout.connect()]);
  const fulfilled: Array<{ id: string; t: number }> = (
    await followUp.query(
      `SELECT event_id::text AS id, ${ms.replace('%s', 'created_at')} AS t FROM outbox WHERE topic = $1 AND created_at >= $2`,
      [TOPICS.conditionFulfilledV1, since],
    )
  ).rows;
  const taken = new Map<string, number>(
    (
      await payout.query(
        `SELECT event_id::text AS id, ${ms.replace('%s', 'processed_at')} AS t FROM processed_event WHERE topic = $1 AND processed_at >= $2`,
        [TOPICS.conditionFulfilledV1, since],
      )
    ).rows.map((r) => [r.id, r.t]),
  );
  const released = new Map<string, string>(
    (
      await payout.query(`SELECT value->>'causationId' AS cause, event_id::text AS id FROM outbox WHERE topic = $1 AND created_at >= $2`, [
        TOPICS.paymentReleasedV1,
        since,
      ])
    ).rows.map((r) => [r.cause, r.id]),
  );
  await Promise.all([followUp.end(), payout.end()]);
  const sent = await sentAt([TOPICS.conditionFulfilledV1, TOPICS.paymentReleasedV1]);
  const stretches: Record<string, number[]> = {
    'follow-up: transaction → sent': [],
    'Kafka, payout consumer: sent → taken': [],
    'payout: taken → payment-released sent': [],
    'in all': [],
  };
  const [inFollowUp, inBetween, inPayout, all] = Object.values(stretches);
  for (const f of fulfilled) {
    const [t1, t2, r] = [sent.get(f.id), taken.get(f.id), released.get(f.id)];
    const t3 = r === undefined ? undefined : sent.get(r);
    if (t1 === undefined || t2 === undefined || t3 === undefined) continue;
    inFollowUp.push(t1 - f.t);
    inBetween.push(t2 - t1);
    inPayout.push(t3 - t2);
    all.push(t3 - f.t);
  }
  console.log(`\nrelease latency by stretch, conditions fulfilled since ${since} and released (${all.length})`);
  for (const [name, values] of Object.entries(stretches)) {
    const sorted = values.sort((a, b) => a - b);
    const at = (p: number) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]) : '-');
    console.log(`  ${name.padEnd(40)} p50 / p95 / p99 ms ${at(0.5)} / ${at(0.95)} / ${at(0.99)}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
