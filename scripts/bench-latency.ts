/**
 * Latency from "the last needed evidence is acknowledged over HTTP" to "payment-released is on
 * Kafka", against the running system (npm run start:all). Prints figures; asserts nothing.
 *
 *   npm run bench:latency -- [rounds=50]
 */
import { randomUUID } from 'crypto';
import { EventEnvelope, PaymentReleasedV1, TOPICS } from '@vf/contracts';
import { DEV_AUDIENCE, DEV_ISSUER, ensureDevKeys, signToken } from '@vf/platform';
import { DECISION_UNIT, RECIPIENT, TopicWatcher, VEILEDER, eventually } from '@vf/testing';

const rounds = Number(process.argv[2] ?? 50);
const urls = {
  decision: `http://127.0.0.1:${process.env.DECISION_PORT ?? 3001}`,
  followUp: `http://127.0.0.1:${process.env.FOLLOW_UP_PORT ?? 3002}`,
};

// The running services trust the dev key (npm run start:all); sign with it as the mint command does.
const keys = ensureDevKeys(process.env.DEV_KEYS_DIR ?? '.run/dev-keys');
const tokens = {
  [DECISION_UNIT]: signToken(keys.privateKeyPem, {
    ident: DECISION_UNIT,
    roles: ['decision-unit'],
    offices: ['0301'],
    issuer: DEV_ISSUER,
    audience: DEV_AUDIENCE,
  }),
  [VEILEDER]: signToken(keys.privateKeyPem, {
    ident: VEILEDER,
    roles: ['veileder'],
    offices: ['0301'],
    issuer: DEV_ISSUER,
    audience: DEV_AUDIENCE,
  }),
};

async function call(method: string, url: string, body?: unknown, actor: typeof DECISION_UNIT | typeof VEILEDER = VEILEDER) {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[actor]}` },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as any };
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main() {
  process.env.KAFKA_BROKERS ??= '127.0.0.1:9092';
  const watcher = await new TopicWatcher<EventEnvelope<PaymentReleasedV1>>(TOPICS.paymentReleasedV1).start();
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const caseId = `BENCH-${randomUUID().slice(0, 8)}`;
    const issued = await call(
      'POST',
      `${urls.decision}/decisions`,
      {
        caseId,
        office: '0301',
        recipientNationalId: RECIPIENT,
        periodFrom: '2026-11-01',
        periodTo: '2026-11-30',
        reductionOnBreachAnnounced: false,
        payments: [
          {
            ref: 'P',
            purpose: 'LIVING_COSTS',
            amountOre: 785_000,
            dueDate: '2026-12-01',
            payee: { type: 'RECIPIENT', nationalId: RECIPIENT },
          },
        ],
        conditions: [
          {
            ref: 'C',
            text: 'Lever kvittering',
            deadline: '2026-11-30',
            requirement: { kind: 'DOCUMENT', documentType: 'RECEIPT' },
            gates: ['P'],
          },
        ],
      },
      DECISION_UNIT,
    );
    if (issued.status !== 201) throw new Error(`issue failed: ${JSON.stringify(issued.body)}`);
    const conditionId = issued.body.conditions[0].conditionId;
    const paymentId = issued.body.payments[0].paymentId;
    await eventually(
      async () => (await call('GET', `${urls.followUp}/conditions/${conditionId}`)).status === 200,
      20_000,
      'condition known',
    );
    const evidence = await call(
      'POST',
      `${urls.followUp}/conditions/${conditionId}/evidence/documents`,
      { documentType: 'RECEIPT', receivedOn: '2026-11-20', outcome: 'ACCEPTED' },
      VEILEDER,
    );
    const acknowledged = Date.now();
    if (evidence.status !== 201) throw new Error(`evidence failed: ${JSON.stringify(evidence.body)}`);
    const seen = await watcher.waitFor((e) => e.payload.paymentId === paymentId);
    samples.push(seen.receivedAt - acknowledged);
  }
  await watcher.stop();
  const sorted = [...samples].sort((a, b) => a - b);
  console.log(`evidence acknowledged -> payment-released on Kafka, ${rounds} rounds (ms):`);
  console.log(`  min ${sorted[0]}  median ${percentile(sorted, 50)}  p95 ${percentile(sorted, 95)}  max ${sorted[sorted.length - 1]}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
