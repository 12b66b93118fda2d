import request from 'supertest';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { randomUUID } from 'crypto';
import { readFileSync } from 'fs';
import { join } from 'path';
import { Producer } from 'kafkajs';
import { parse } from 'yaml';
import { EventEnvelope, PaymentReleasedV1, TOPICS, TOPIC_CATALOGUE, Topic, envelope } from '@vf/contracts';
import { createKafka, createProducer } from '@vf/messaging';
import { ServiceName } from '@vf/platform';
import { addDays, osloDate } from '@vf/rules';
import {
  DECISION_UNIT,
  Issued,
  System,
  TopicWatcher,
  VEILEDER,
  amend,
  as,
  applications,
  attendanceList,
  bearer,
  brokers,
  issueNovember,
  nationalIdBornOn,
  november2026Decision,
  startSystem,
} from '@vf/testing';

const ROOT = join(__dirname, '..');
/** The topics the message scenario below produces on (all there were when it was written, less the retired condition-progress.v1). */
const EXERCISED: Topic[] = [
  TOPICS.decisionIssuedV1,
  TOPICS.decisionAmendedV1,
  TOPICS.conditionFulfilledV1,
  TOPICS.conditionReopenedV1,
  TOPICS.conditionBreachedV1,
  TOPICS.conditionProgressV2,
  TOPICS.paymentReleasedV1,
  TOPICS.paymentStatusV1,
  TOPICS.paymentNeedsReviewV1,
  TOPICS.paymentSettlementV1,
  TOPICS.deadLetterV1,
  TOPICS.digisosSokerV1,
];
const SERVICES: ServiceName[] = ['decision', 'follow-up', 'payout'];
const committedOpenApi = (service: ServiceName) => JSON.parse(readFileSync(join(ROOT, `docs/openapi/${service}.json`), 'utf8'));
const asyncApi = parse(readFileSync(join(ROOT, 'docs/asyncapi.yaml'), 'utf8'));

function ajv(): Ajv {
  // strict off: the documents carry OpenAPI/AsyncAPI keywords (discriminator, x-…) that are not JSON Schema.
  const instance = new Ajv({ strict: false, allErrors: true });
  addFormats(instance);
  return instance;
}

/** The schema of a topic's message in the committed AsyncAPI document, compiled. */
function messageValidator(validator: Ajv, topic: Topic): ValidateFunction {
  const [channelId, channel] = Object.entries<{ address: string; messages: Record<string, { $ref: string }> }>(asyncApi.channels).find(
    ([, c]) => c.address === topic,
  )!;
  const messageRef = channel.messages[channelId].$ref.replace('#/', '').split('/');
  const message = messageRef.reduce((node: Record<string, unknown>, key) => node[key] as Record<string, unknown>, asyncApi);
  return validator.getSchema(`asyncapi#${(message.payload as { $ref: string }).$ref.slice(1)}`)!;
}

/**
 * The API documents against the running system: each service serves the committed OpenAPI document
 * at /docs-json (and a page at /docs), requests and error answers fit it, and every message the
 * services produce in a scenario that touches every topic validates against docs/asyncapi.yaml, with
 * the key and producer it names.
 */
describe('API documents against the running services', () => {
  let system: System;
  const watchers = new Map<Topic, TopicWatcher<Record<string, unknown>>>();
  let producer: Producer;
  /** The decision the message scenario drives through every topic; the answers test reads it back. */
  let scenario: Issued | null = null;

  beforeAll(async () => {
    system = await startSystem('apidocs');
    for (const topic of Object.values(TOPICS)) watchers.set(topic, await new TopicWatcher<Record<string, unknown>>(topic).start());
    producer = createProducer(createKafka({ brokers: brokers(), clientId: 'e2e-apidocs' }));
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    for (const w of watchers.values()) await w.stop();
    await system?.stopAll();
  });

  it('serves the committed OpenAPI document at /docs-json and a browsable page at /docs, without a token', async () => {
    for (const service of SERVICES) {
      const json = await request(system.urls[service]).get('/docs-json').expect(200);
      expect(json.body).toEqual(committedOpenApi(service));
      const page = await request(system.urls[service]).get('/docs').redirects(1).expect(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.text).toMatch(/swagger/i);
    }
  });

  it('describes requests the services accept and the error answers they give', async () => {
    const validator = ajv();
    for (const service of SERVICES) validator.addSchema(committedOpenApi(service), service);
    const schema = (service: ServiceName, name: string) => validator.getSchema(`${service}#/components/schemas/${name}`)!;

    // What the services accept, the documents accept.
    const decision = november2026Decision(`K-${randomUUID().slice(0, 8)}`);
    expect(schema('decision', 'IssueDecisionRequest')(decision)).toBe(true);
    const issued = await request(system.urls.decision).post('/decisions').set(as(DECISION_UNIT)).send(decision).expect(201);
    const list = attendanceList('2026-11-02', '2026-11-27');
    expect(schema('follow-up', 'AttendanceListRequest')(list)).toBe(true);
    expect(
      schema('payout', 'ReportSettlementRequest')({ idempotencyKey: 'k', outcome: 'PAID', reference: 'R', paidOn: '2026-12-01' }),
    ).toBe(true);

    // What the documents refuse, the services refuse, with the documented error shape.
    const bad = { ...decision, payments: [{ ...decision.payments[0], amountOre: 1.5 }], extra: 1 };
    expect(schema('decision', 'IssueDecisionRequest')(bad)).toBe(false);
    const refused = await request(system.urls.decision).post('/decisions').set(as(DECISION_UNIT)).send(bad).expect(400);
    expect(schema('decision', 'ErrorBody')(refused.body)).toBe(true);
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['payments[0].amountOre', 'extra']));
    const noToken = await request(system.urls['follow-up']).get(`/cases/${decision.caseId}/conditions`).expect(401);
    expect(schema('follow-up', 'ErrorBody')(noToken.body)).toBe(true);
    const wrongRole = await request(system.urls.payout)
      .post(`/payments/${issued.body.payments[0].paymentId}/settlement`)
      .set(as(VEILEDER))
      .send({ idempotencyKey: 'k', outcome: 'PAID' })
      .expect(403);
    expect(schema('payout', 'ErrorBody')(wrongRole.body)).toBe(true);
    const badLimit = await request(system.urls.payout).get('/payments?status=HELD&limit=0').set(as(VEILEDER)).expect(400);
    expect(schema('payout', 'ErrorBody')(badLimit.body)).toBe(true);
  });

  it('every message produced on every topic validates against docs/asyncapi.yaml, with the key and producer it documents', async () => {
    // One decision that goes through every topic: C1 overdue (breached); C2 met (fulfilled), which
    // releases P3, then its evidence withdrawn (reopened; P3 already released: questioned); P2
    // stopped (amended, status); the payment team's settlement of P3 over Kafka (status again); and
    // a message no consumer can read (dead letter).
    const d = (scenario = await issueNovember(system, (b) => {
      b.conditions[0].deadline = addDays(osloDate(new Date()), -1);
      b.payments.push({
        ref: 'P3',
        purpose: 'ELECTRICITY',
        amountOre: 120_000,
        dueDate: '2026-12-01',
        payee: { type: 'RECIPIENT', nationalId: b.recipientNationalId },
      });
      b.conditions[1].gates.push('P3');
      // The household's optional fields on decision-issued.v1 are in the scenario too.
      Object.assign(b, { partner: { relation: 'COHABITANT', nationalId: nationalIdBornOn('1980-05-05') } });
      Object.assign(b.conditions[0], { category: '15' });
      Object.assign(b.conditions[2], { person: 'PARTNER', category: '06' });
    }));
    const ofDecision = (m: Record<string, unknown>) => (m.payload as { decisionId?: string } | undefined)?.decisionId === d.decisionId;
    await watchers.get(TOPICS.conditionBreachedV1)!.waitFor(ofDecision);

    const evidence = await request(system.urls['follow-up'])
      .post(`/conditions/${d.c.C2}/evidence/attendance-lists`)
      .set(as(VEILEDER))
      .send(attendanceList('2026-11-02', '2026-11-27'))
      .expect(201);
    const released = await watchers
      .get(TOPICS.paymentReleasedV1)!
      .waitFor((m) => ofDecision(m) && (m.payload as { paymentId?: string }).paymentId === d.p.P3);
    const releasedP3 = released.value as unknown as EventEnvelope<PaymentReleasedV1>;
    await request(system.urls['follow-up'])
      .post(`/conditions/${d.c.C2}/evidence/${evidence.body.evidenceId}/withdrawal`)
      .set(as(VEILEDER))
      .send({ reason: 'The list belongs to another participant' })
      .expect(201);
    await amend(system, d.decisionId, `payments/${d.p.P2}/stop`, { reason: 'The recipient moved to another municipality' }).expect(201);

    const settlement = envelope(
      TOPICS.paymentSettlementV1,
      {
        paymentId: d.p.P3,
        idempotencyKey: releasedP3.payload.idempotencyKey,
        outcome: 'PAID',
        reference: 'UTB-2026-0001',
        paidOn: '2026-12-01',
        reportedAt: new Date().toISOString(),
      },
      {
        eventId: randomUUID(),
        occurredAt: new Date().toISOString(),
        causationId: null,
        correlationId: randomUUID(),
        producer: 'payment-team',
        actor: null,
      },
    );
    const poisonKey = `poison-${randomUUID()}`;
    await producer.send({
      topic: TOPICS.paymentSettlementV1,
      messages: [
        { key: d.p.P3, value: JSON.stringify(settlement) },
        { key: poisonKey, value: '{not json' },
      ],
    });

    const mine: Record<Topic, (m: Record<string, unknown>) => boolean> = Object.fromEntries(
      Object.values(TOPICS).map((topic) => [topic, ofDecision]),
    ) as Record<Topic, (m: Record<string, unknown>) => boolean>;
    mine[TOPICS.paymentSettlementV1] = (m) => (m.payload as { paymentId?: string } | undefined)?.paymentId === d.p.P3;
    mine[TOPICS.deadLetterV1] = (m) => m.originalKey === poisonKey;
    mine[TOPICS.digisosSokerV1] = (m) => (m.payload as { caseId?: string } | undefined)?.caseId === d.caseId;
    for (const topic of EXERCISED) await watchers.get(topic)!.waitFor(mine[topic]);
    await system.settled();

    const validator = ajv();
    validator.addSchema(asyncApi, 'asyncapi');
    const counts: Record<string, number> = {};
    for (const topic of Object.values(TOPICS)) {
      const validate = messageValidator(validator, topic);
      const about = TOPIC_CATALOGUE[topic];
      const seen = watchers.get(topic)!.matching(mine[topic]);
      counts[topic] = seen.length;
      for (const message of seen) {
        const valid = validate(message.value);
        expect({ topic, errors: valid ? null : validate.errors }).toEqual({ topic, errors: null });
        if (about.keyField) expect(message.key).toBe((message.value.payload as Record<string, unknown>)[about.keyField]);
        else expect(message.key).toBe(poisonKey);
        if (topic !== TOPICS.deadLetterV1) expect(about.producers).toContain(message.value.producer);
      }
    }
    // Every topic the scenario exercises had a message (a topic added later is validated when seen).
    expect(Object.entries(counts).filter(([topic, n]) => n === 0 && EXERCISED.includes(topic as Topic))).toEqual([]);
  });

  it("every service's answers fit the response schemas its document reads from the controllers' return types", async () => {
    const d = scenario!;
    expect(d).not.toBeNull();
    const team = bearer('Z700007', 'payment-team', []);
    const calls: Array<[ServiceName, 'get' | 'post', string, string, Record<string, string>, object?]> = [
      ['decision', 'get', `/decisions/${d.decisionId}`, '/decisions/{decisionId}', as(VEILEDER)],
      ['decision', 'get', `/decisions/${d.decisionId}/journal`, '/decisions/{decisionId}/journal', as(VEILEDER)],
      ['decision', 'get', `/cases/${d.caseId}/decisions`, '/cases/{caseId}/decisions', as(VEILEDER)],
      ['decision', 'get', '/decisions?office=0301&limit=5', '/decisions', as(DECISION_UNIT)],
      ['decision', 'get', '/worklist', '/worklist', as(DECISION_UNIT)],
      ['follow-up', 'get', `/cases/${d.caseId}/conditions`, '/cases/{caseId}/conditions', as(VEILEDER)],
      ['follow-up', 'get', `/conditions/${d.c.C3}`, '/conditions/{conditionId}', as(VEILEDER)],
      ['follow-up', 'get', `/cases/${d.caseId}/journal`, '/cases/{caseId}/journal', as(VEILEDER)],
      ['follow-up', 'get', '/offices/0301/cases?limit=5', '/offices/{office}/cases', as(VEILEDER)],
      [
        'follow-up',
        'post',
        `/conditions/${d.c.C3}/evidence/job-applications`,
        '/conditions/{conditionId}/evidence/job-applications',
        as(VEILEDER),
        applications('2026-11-09', 5),
      ],
      ['payout', 'get', `/payments/${d.p.P3}`, '/payments/{paymentId}', as(VEILEDER)],
      ['payout', 'get', `/decisions/${d.decisionId}/payments`, '/decisions/{decisionId}/payments', as(VEILEDER)],
      ['payout', 'get', `/cases/${d.caseId}/payments`, '/cases/{caseId}/payments', as(VEILEDER)],
      ['payout', 'get', '/payments?status=HELD,RELEASED,PAID,STOPPED&limit=20', '/payments', team],
      ['payout', 'get', '/offices/0301/overview', '/offices/{office}/overview', as(VEILEDER)],
      ['decision', 'get', '/health', '/health', {}],
    ];
    const validator = ajv();
    for (const [service, method, url, template, headers, body] of calls) {
      const call = request(system.urls[service])[method](url).set(headers);
      const res = await (body ? call.send(body) : call);
      const operation = committedOpenApi(service).paths[template][method];
      const status = String(res.status);
      expect({ url, status }).toEqual({ url, status: Object.keys(operation.responses).find((s) => s.startsWith('2')) });
      const schema = operation.responses[status].content['application/json'].schema;
      const validate = validator.compile(schema);
      expect({ url, errors: validate(res.body) ? null : validate.errors }).toEqual({ url, errors: null });
    }
  });

  it('the AsyncAPI schemas are not looser than the contracts: a message the consumers refuse, the document refuses', () => {
    const validator = ajv();
    validator.addSchema(asyncApi, 'asyncapi');
    const validate = messageValidator(validator, TOPICS.paymentSettlementV1);
    const good = envelope(
      TOPICS.paymentSettlementV1,
      { paymentId: randomUUID(), idempotencyKey: 'k', outcome: 'PAID', reportedAt: new Date().toISOString() },
      {
        eventId: randomUUID(),
        occurredAt: new Date().toISOString(),
        causationId: null,
        correlationId: 'c',
        producer: 'payment-team',
        actor: null,
      },
    );
    expect(validate(good)).toBe(true);
    expect(validate({ ...good, type: 'payment-released.v1' })).toBe(false);
    expect(validate({ ...good, payload: { ...good.payload, outcome: 'MAYBE' } })).toBe(false);
    expect(validate({ ...good, payload: { ...good.payload, paymentId: 'P3' } })).toBe(false);
    expect(validate({ ...good, producer: 'someone' })).toBe(false);
  });
});
