import request from 'supertest';
import { randomUUID } from 'crypto';
import { Producer } from 'kafkajs';
import { ConditionFulfilledV1, EventEnvelope, PaymentReleasedV1, TOPICS, envelope } from '@vf/contracts';
import { Hendelse, hendelseKey } from '@vf/rules';
import { createKafka, createProducer } from '@vf/messaging';
import { Issued, System, TopicWatcher, VEILEDER, brokers, issueNovember, payment, startSystem } from '@vf/testing';

type Released = EventEnvelope<PaymentReleasedV1>;

/**
 * payout takes the independent fulfilments of a consumed batch together (one statement for all their
 * gates, one for all their payments …). The result must be what handling them one at a time gives.
 * The same pattern of fulfilments goes to two sets of decisions: once one event at a time, with the
 * system settled in between, and once as one batch on one partition while payout is stopped. The batch
 * holds fulfilments of different decisions and cases (taken together), three of one decision and two of
 * one case (which must stay in order), and a duplicate. The recipient's document is made once the batch
 * has committed, each case once: it shows what one at a time ends with, without the steps between.
 */
describe('payout handles independent fulfilments of a batch together, with the result of one at a time', () => {
  let system: System;
  let released: TopicWatcher<Released>;
  let producer: Producer;

  beforeAll(async () => {
    system = await startSystem('setbased');
    released = await new TopicWatcher<Released>(TOPICS.paymentReleasedV1).start();
    producer = createProducer(createKafka({ brokers: brokers(), clientId: 'e2e-setbased' }));
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await released?.stop();
    await system?.stopAll();
  });

  /** Six decisions each of its own case, and two decisions of one case. */
  async function decisions(): Promise<Issued[]> {
    const shared = `K-${randomUUID().slice(0, 8)}`;
    const list: Issued[] = [];
    for (let i = 0; i < 6; i++) list.push(await issueNovember(system));
    list.push(await issueNovember(system, undefined, { caseId: shared }));
    list.push(await issueNovember(system, undefined, { caseId: shared }));
    return list;
  }

  /** A fulfilment as follow-up sends it, with the progress snapshot it carries. */
  function fulfilled(d: Issued, ref: string, eventId = randomUUID()) {
    const at = new Date().toISOString();
    const ref_ = { conditionId: d.c[ref], decisionId: d.decisionId, caseId: d.caseId };
    const summary = `${ref} oppfylt`;
    const payload: ConditionFulfilledV1 = {
      ...ref_,
      fulfilledAt: at,
      fulfilledBy: 'EVIDENCE',
      summary,
      judgement: null,
      progress: { ...ref_, office: '0301', summary, status: 'FULFILLED', deadline: '2026-11-30', achievable: true, at },
    };
    return envelope(TOPICS.conditionFulfilledV1, payload, {
      eventId,
      occurredAt: at,
      causationId: null,
      correlationId: eventId,
      producer: 'follow-up',
      actor: { ident: VEILEDER, role: 'veileder' },
    });
  }

  /** The pattern: C1 of every decision, then C2 and C3 of the first (its P2 waits for both), and a duplicate. */
  function pattern(ds: Issued[]) {
    const firsts = ds.map((d) => fulfilled(d, 'C1'));
    return [...firsts, fulfilled(ds[0], 'C2'), fulfilled(ds[0], 'C3'), firsts[1]];
  }

  const send = (events: Array<ReturnType<typeof fulfilled>>) =>
    producer.send({
      topic: TOPICS.conditionFulfilledV1,
      acks: -1,
      // One partition, so payout consumes them in this order, as one batch.
      messages: events.map((e) => ({ key: e.payload.decisionId, partition: 0, value: JSON.stringify(e) })),
    });

  const documentOf = async (caseId: string) =>
    (
      await system.query<{ sequence: number; document: { hendelser: Hendelse[] } }>(
        'payout',
        `SELECT sequence, document FROM innsyn_document WHERE case_id = $1`,
        [caseId],
      )
    )[0];

  /** How the decision unit knows the decision's P1 and P2 went. */
  const known = async (d: Issued) => {
    const [row] = await system.query<{ progress: { payments: Record<string, { status: string }> } }>(
      'decision',
      `SELECT progress FROM decision WHERE id = $1`,
      [d.decisionId],
    );
    return ['P1', 'P2'].map((ref) => row.progress.payments[d.p[ref]].status);
  };

  /** What the recipient is shown of each thing in the document (its latest hendelse): type and status, in the order first told. */
  const shown = (hendelser: Hendelse[]) =>
    [...new Map(hendelser.map((h) => [hendelseKey(h), h])).values()].map((h) => `${h.type}:${'status' in h ? h.status : ''}`);

  /** What a set of decisions came to: payments, releases, gates, what each case's document shows, and how many documents it took. */
  async function outcome(ds: Issued[], before: Map<string, number>) {
    const result = [];
    for (const d of ds) {
      const doc = await documentOf(d.caseId);
      const gates = await system.query<{ status: string }>(
        'payout',
        `SELECT status FROM gate_condition WHERE decision_id = $1 ORDER BY ref`,
        [d.decisionId],
      );
      result.push({
        payments: await Promise.all(['P1', 'P2'].map(async (ref) => (await payment(system, d.p[ref])).status)),
        // Releases by idempotency key: the same release delivered again (at least once) counts once.
        releases: ['P1', 'P2'].map(
          (ref) => new Set(released.matching((e) => e.payload.paymentId === d.p[ref]).map((s) => s.value.payload.idempotencyKey)).size,
        ),
        gates: gates.map((g) => g.status),
        // The decision unit's view, from the releases decision consumed (also taken together when independent).
        known: await known(d),
        shown: shown(doc.document.hendelser),
        newDocuments: doc.sequence - before.get(d.caseId)!,
      });
    }
    return result;
  }
  const withoutDocumentCount = (outcomes: Awaited<ReturnType<typeof outcome>>) => outcomes.map(({ newDocuments: _n, ...rest }) => rest);

  const sequences = async (ds: Issued[]) =>
    new Map(await Promise.all(ds.map(async (d) => [d.caseId, (await documentOf(d.caseId)).sequence] as const)));

  const together = async () => {
    const text = (await request(system.urls.payout).get('/metrics').expect(200)).text;
    const line = text
      .split('\n')
      .find((l) => l.startsWith(`vilkarsflyt_events_handled_together_total{topic="${TOPICS.conditionFulfilledV1}",`));
    return line ? Number(line.split(' ').pop()) : 0;
  };

  it('given the same fulfilments one at a time and as one batch, when handled, then payments, gates and documents end alike', async () => {
    const oneByOne = await decisions();
    const batched = await decisions();
    await system.settled();
    const sequencesBefore = new Map([...(await sequences(oneByOne)), ...(await sequences(batched))]);

    for (const event of pattern(oneByOne)) {
      await send([event]);
      await system.settled();
    }
    expect(await together()).toBe(0); // one at a time: nothing to take together

    await system.stop('payout');
    await send(pattern(batched));
    await system.start('payout'); // a new process: its metrics begin at 0
    await system.settled(30_000);

    for (const d of [...oneByOne, ...batched]) await released.waitFor((e) => e.payload.paymentId === d.p.P1);
    await released.waitFor((e) => e.payload.paymentId === batched[0].p.P2);
    const expected = await outcome(oneByOne, sequencesBefore);
    const actual = await outcome(batched, sequencesBefore);
    expect(withoutDocumentCount(actual)).toEqual(withoutDocumentCount(expected));
    // What one at a time gave, spelled out: every P1 released once, the first decision's P2 too.
    expect(actual.map((a) => a.releases)).toEqual(batched.map((_, i) => [1, i === 0 ? 1 : 0]));
    expect(actual.map((a) => a.payments[0])).toEqual(batched.map(() => 'RELEASED'));
    expect(actual[0].payments[1]).toBe('RELEASED');
    expect(expected[0].newDocuments).toBeGreaterThanOrEqual(3);
    // One new document per case the batch changed, the shared case's too (its two decisions show the same one).
    expect(actual.map((a) => a.newDocuments)).toEqual(batched.map(() => 1));
    // The batch was taken set-based, in runs of independent events: the six decisions' C1 with the shared
    // case's first; the shared case's second with the first decision's C2; its C3 alone; the duplicate skipped.
    expect(await together()).toBe(9);
  });
});
