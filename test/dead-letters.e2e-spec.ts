import { spawn } from 'child_process';
import { randomUUID } from 'crypto';
import { resolve } from 'path';
import { Producer } from 'kafkajs';
import { DeadLetterV1, EventEnvelope, PaymentSettlementV1, PaymentStatusV1, TOPICS, envelope } from '@vf/contracts';
import { createKafka, createProducer, listDeadLetters, replayDeadLetter } from '@vf/messaging';
import { System, TopicWatcher, brokers, eventually, issueNovember, payment, startSystem } from '@vf/testing';

// The dead-letters tool as an operator runs it (npm run dead-letters): list what was dead-lettered
// and why, show one, replay it repaired, exactly once in effect.

const ROOT = resolve(__dirname, '..');
/** A fødselsnummer-shaped value in the bad message: `list` must never print it. */
const PERSONAL = '24048512345';

/** Runs the CLI in a child process (the services in this process keep running meanwhile). */
function deadLetters(args: string[], stdin?: string): Promise<{ code: number; out: string; err: string }> {
  return new Promise((done, fail) => {
    const child = spawn('npx', ['ts-node', '--transpile-only', '-r', 'tsconfig-paths/register', 'scripts/dead-letters.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, KAFKA_BROKERS: brokers().join(',') },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, out, err }));
    child.stdin.end(stdin ?? '');
  });
}

let system: System;
let letters: TopicWatcher<DeadLetterV1>;
let statuses: TopicWatcher<EventEnvelope<PaymentStatusV1>>;
let producer: Producer;

beforeAll(async () => {
  system = await startSystem('deadletters');
  letters = await new TopicWatcher<DeadLetterV1>(TOPICS.deadLetterV1).start();
  statuses = await new TopicWatcher<EventEnvelope<PaymentStatusV1>>(TOPICS.paymentStatusV1).start();
  producer = createProducer(createKafka({ brokers: brokers(), clientId: 'e2e-payment-team' }));
  await producer.connect();
}, 120_000);

afterAll(async () => {
  await producer?.disconnect();
  for (const w of [letters, statuses]) await w?.stop();
  await system?.stopAll();
});

it('lists a dead letter and why, replays it repaired once, and a second replay changes nothing', async () => {
  // A payment released at once (no conditions), and the payment team's report of it with a typo.
  const d = await issueNovember(system, (b) => {
    b.payments.push({
      ref: 'P3',
      purpose: 'ELECTRICITY',
      amountOre: 120_000,
      dueDate: '2026-12-01',
      payee: { type: 'RECIPIENT', nationalId: b.recipientNationalId },
    });
  });
  const paymentId = d.p.P3;
  const released = await eventually(async () => {
    const p = await payment(system, paymentId);
    return p.status === 'RELEASED' ? p : null;
  }, 20_000);
  const report = {
    paymentId,
    idempotencyKey: released.attempts[0].idempotencyKey,
    outcome: 'PAYED',
    reference: PERSONAL,
    paidOn: '2026-12-01',
    reportedAt: new Date().toISOString(),
  } as unknown as PaymentSettlementV1;
  const eventId = randomUUID();
  const sent = envelope(TOPICS.paymentSettlementV1, report, {
    eventId,
    occurredAt: new Date().toISOString(),
    causationId: null,
    correlationId: randomUUID(),
    producer: 'payment-team',
    actor: null,
  });
  await producer.send({ topic: TOPICS.paymentSettlementV1, messages: [{ key: paymentId, value: JSON.stringify(sent) }] });
  const letter = await letters.waitFor((l) => l.consumerGroup === system.configs.payout.consumerGroup && l.originalKey === paymentId);

  // Where it is on the dead-letter topic, from the tool's own list.
  const list = await deadLetters(['list']);
  expect(list.code).toBe(0);
  const line = list.out.split('\n').find((l) => l.includes(system.configs.payout.consumerGroup) && l.includes(paymentId))!;
  expect(line).toContain(TOPICS.paymentSettlementV1);
  expect(line).toContain('payload.outcome');
  expect(list.out).not.toContain(PERSONAL);
  const at = line.split(/\s+/)[0];
  expect(at).toMatch(/^\d+:\d+$/);
  expect(letter.value.originalOffset).toBe(line.match(/@(\d+)/)![1]);

  // The original, to repair.
  const shown = await deadLetters(['show', at]);
  expect(shown.code).toBe(0);
  const original = JSON.parse(shown.out);
  expect(original.payload.outcome).toBe('PAYED');

  // A repair that still breaks the contract is refused, naming the field, and nothing is sent.
  const stillBad = await deadLetters(
    ['replay', at, '--file', '-'],
    JSON.stringify({ ...original, payload: { ...original.payload, outcome: 'PAYD' } }),
  );
  expect(stillBad.code).toBe(2);
  expect(stillBad.err).toContain('payload.outcome');
  expect(stillBad.err).not.toContain(PERSONAL);

  // The repair, from stdin; whatever event id it has, the replay carries the original's.
  const fixed = { ...original, eventId: randomUUID(), payload: { ...original.payload, outcome: 'PAID', reference: 'UTB-77' } };
  const replay = await deadLetters(['replay', at, '--file', '-'], JSON.stringify(fixed));
  expect(replay.err).toBe('');
  expect(replay.code).toBe(0);
  expect(replay.out).toContain(`as event ${eventId}`);
  await statuses.waitFor((e) => e.payload.paymentId === paymentId && e.payload.status === 'PAID');
  expect((await payment(system, paymentId)).status).toBe('PAID');

  // The same offset again (the tool's library, as the CLI calls it): refused by the record …
  const kafka = createKafka({ brokers: brokers(), clientId: 'e2e-dead-letters' });
  const [partition, offset] = at.split(':');
  const again = { partition: Number(partition), offset, repaired: Buffer.from(JSON.stringify(fixed)) };
  const twice = await replayDeadLetter(kafka, again);
  expect(twice).toMatchObject({ replayed: false, earlier: { eventId, repaired: true } });
  // … and forced, it is sent, but every consumer skips its event id: one settlement, one status.
  const forced = await replayDeadLetter(kafka, { ...again, again: true });
  expect(forced).toMatchObject({ replayed: true, eventId });
  await system.settled();
  expect(statuses.seen.filter((e) => e.value.payload.paymentId === paymentId)).toHaveLength(1);
  expect(await system.count('payout', `processed_event WHERE event_id = $1`, [eventId])).toBe(1);
  expect(
    await system.count('payout', `outbox WHERE topic = $1 AND value->'payload'->>'paymentId' = $2`, [TOPICS.paymentStatusV1, paymentId]),
  ).toBe(1);

  const listed = (await listDeadLetters(kafka)).find((e) => `${e.partition}:${e.offset}` === at);
  expect(listed?.replayed).toMatchObject({ eventId, originalTopic: TOPICS.paymentSettlementV1 });
}, 180_000);
