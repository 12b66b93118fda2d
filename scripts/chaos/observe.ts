/**
 * What the chaos run reads at the end: the three services' tables, payout's payment-released events
 * on Kafka (the whole topic, from its first offset), and, to know when the system has settled, the
 * outbox backlogs and the consumer groups' lag.
 */
import { randomUUID } from 'crypto';
import { Kafka } from 'kafkajs';
import { Client } from 'pg';
import { EventEnvelope, EventTopic, IssuedConditionV1, IssuedPaymentV1, PaymentReleasedV1, TOPICS } from '@vf/contracts';
import { FollowedCondition, IssuedPayment, PayoutRow, ReleaseMessage } from '@vf/testing';

export const SERVICES = ['decision', 'follow-up', 'payout'] as const;
export const databaseUrl = (pgUrl: string, prefix: string, service: string) => `${pgUrl}/${prefix}_${service.replace('-', '_')}`;

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

export async function readTables(pgUrl: string, prefix: string) {
  const decisions = await query<{ id: string; payments: IssuedPaymentV1[]; conditions: IssuedConditionV1[] }>(
    databaseUrl(pgUrl, prefix, 'decision'),
    `SELECT id, payments, conditions FROM decision`,
  );
  const issued: IssuedPayment[] = decisions.flatMap((d) =>
    d.payments.map((p) => ({
      paymentId: p.paymentId,
      decisionId: d.id,
      gates: d.conditions.filter((c) => c.gatesPaymentIds.includes(p.paymentId)).map((c) => c.conditionId),
    })),
  );
  const conditions = (
    await query<{ id: string; status: string; fulfilled_at: Date | null }>(
      databaseUrl(pgUrl, prefix, 'follow-up'),
      `SELECT id, status, fulfilled_at FROM condition`,
    )
  ).map((c): FollowedCondition => ({ conditionId: c.id, status: c.status, fulfilledAt: c.fulfilled_at?.toISOString() ?? null }));
  const payout = (
    await query<{ id: string; status: string; releases: number; attempts: PayoutRow['attempts'] }>(
      databaseUrl(pgUrl, prefix, 'payout'),
      `SELECT id, status, releases, attempts FROM payment`,
    )
  ).map((p): PayoutRow => ({ paymentId: p.id, status: p.status, releases: p.releases, attempts: p.attempts }));
  return { decisions: decisions.length, issued, conditions, payout };
}

/** Outbox rows not yet published, per service. */
export async function outboxBacklog(pgUrl: string, prefix: string): Promise<Record<string, number>> {
  const backlog: Record<string, number> = {};
  for (const s of SERVICES) {
    const [row] = await query<{ n: string }>(databaseUrl(pgUrl, prefix, s), `SELECT count(*) AS n FROM outbox_pending`);
    backlog[s] = Number(row.n);
  }
  return backlog;
}

/** Messages on the topics a group consumes that it has not committed yet. */
export async function consumerLag(kafka: Kafka, groups: Record<string, EventTopic[]>): Promise<Record<string, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const lag: Record<string, number> = {};
    for (const [groupId, topics] of Object.entries(groups)) {
      const committed = await admin.fetchOffsets({ groupId, topics });
      let behind = 0;
      for (const topic of topics) {
        const ends = await admin.fetchTopicOffsets(topic);
        const mine = committed.find((c) => c.topic === topic)?.partitions ?? [];
        for (const end of ends) {
          const offset = mine.find((p) => p.partition === end.partition)?.offset ?? '-1';
          behind += Number(end.high) - (offset === '-1' ? Number(end.low) : Number(offset));
        }
      }
      lag[groupId] = behind;
    }
    return lag;
  } finally {
    await admin.disconnect();
  }
}

/** Every message on payment-released, from the first offset to the end as it is now. */
export async function readReleases(kafka: Kafka): Promise<ReleaseMessage[]> {
  const topic = TOPICS.paymentReleasedV1;
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const remaining = new Map(ends.filter((e) => Number(e.high) > Number(e.low)).map((e) => [e.partition, Number(e.high)]));
  const messages: ReleaseMessage[] = [];
  if (remaining.size === 0) return messages;
  const consumer = kafka.consumer({ groupId: `chaos.count.${randomUUID()}`, maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let done: () => void = () => undefined;
  const all = new Promise<void>((r) => (done = r));
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const e = JSON.parse(message.value!.toString()) as EventEnvelope<PaymentReleasedV1>;
      messages.push({
        eventId: e.eventId,
        paymentId: e.payload.paymentId,
        idempotencyKey: e.payload.idempotencyKey,
        attempt: e.payload.attempt,
        releasedAt: e.payload.releasedAt,
        waitedFor: e.payload.waitedFor.map((w) => ({ conditionId: w.conditionId, metAt: w.metAt, resolution: w.resolution })),
      });
      if (Number(message.offset) + 1 >= (remaining.get(partition) ?? 0)) remaining.delete(partition);
      if (remaining.size === 0) done();
    },
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('payment-released not read to its end in 120 s')), 120_000);
  });
  try {
    await Promise.race([all, timeout]);
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
  return messages;
}
