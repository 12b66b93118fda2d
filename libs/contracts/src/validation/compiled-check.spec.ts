import fc from 'fast-check';
import { randomUUID } from 'crypto';
import { completeNationalId } from '@vf/rules';
import { EventTopic, PayloadByTopic, acceptedByCompiledCheck, canonical, parseEvent, parseEventWithClassValidator } from '../envelope';
import { EVENT_TYPES, TOPICS } from '../topics';
// Directly, not through @vf/testing's index, which would load the whole harness into a unit test.
import { Json, jsonMutations, mutateJson } from '../../../testing/src/json-mutations';

// The compiled check (compiled-check.ts) may only accept what class-transformer + class-validator
// accept, and parseEvent must then give the same event. Given a valid event of every topic and
// shape, when it is mutated at random (fields removed, replaced by values near and far from valid,
// discriminators switched), then parseEvent and parseEventWithClassValidator agree on every message.

const RECIPIENT = '01810012311'; // synthetic (month + 80), nobody's
const PARTNER = ['028300123', '028300124', '028300125', '028300126'].map(completeNationalId).find((n) => n !== null) as string;
const ACCOUNT = '12345678903';
const AT = '2026-11-27T09:00:00.000Z';
const id = () => randomUUID();

const thirdParty = { type: 'THIRD_PARTY', name: 'Utleier AS', accountNumber: ACCOUNT };
const requirements = [
  { kind: 'DOCUMENT', documentType: 'RENT_RECEIPT' },
  { kind: 'ATTENDANCE', periodFrom: '2026-11-02', periodTo: '2026-11-27', maxUnapprovedAbsenceDays: 2, minAttendedShare: 0.8 },
  { kind: 'JOB_APPLICATIONS', periodFrom: '2026-11-02', periodTo: '2026-11-29', applicationsPerWeek: 3 },
  { kind: 'ACTIVITY', activity: 'Møte hos veileder' },
];
const condition = (requirement: object, gates: string[]) => ({
  conditionId: id(),
  ref: 'C1',
  text: 'Lever husleiekvittering',
  deadline: '2026-11-30',
  requirement,
  gatesPaymentIds: gates,
  person: 'RECIPIENT',
  category: '04',
});
const ref = () => ({ conditionId: id(), decisionId: id(), caseId: 'K-1', office: '0301', summary: 'Husleiekvittering' });
const progressV2 = () => ({ ...ref(), status: 'OPEN', deadline: '2026-11-30', achievable: true, at: AT });
const progress = () => ({ ...progressV2(), fulfilmentEventId: null });

const SAMPLES: { [K in EventTopic]: Array<() => PayloadByTopic[K] | object> } = {
  [TOPICS.decisionIssuedV1]: [
    () => {
      const [p1, p2] = [id(), id()];
      return {
        decisionId: id(),
        caseId: 'K-1',
        office: '0301',
        recipientNationalId: RECIPIENT,
        periodFrom: '2026-11-01',
        periodTo: '2026-11-30',
        reductionOnBreachAnnounced: true,
        veilederIdent: 'Z200002',
        issuedAt: AT,
        payments: [
          { paymentId: p1, ref: 'P1', purpose: 'RENT', amountOre: 850_000, dueDate: '2026-12-01', payee: thirdParty, notBefore: null },
          {
            paymentId: p2,
            ref: 'P2',
            purpose: 'LIVING',
            amountOre: 712_300,
            dueDate: '2026-12-01',
            payee: { type: 'RECIPIENT', nationalId: RECIPIENT },
            notBefore: '2026-12-01',
          },
        ],
        conditions: requirements.map((r) => condition(r, [p1, p2])),
        partner: { relation: 'SPOUSE', nationalId: PARTNER },
        activityExceptions: [{ person: 'PARTNER', code: '02', reason: 'Helsegrunner' }],
      };
    },
  ],
  [TOPICS.conditionFulfilledV1]: [
    () => ({
      conditionId: id(),
      decisionId: id(),
      caseId: 'K-1',
      fulfilledAt: AT,
      fulfilledBy: 'VEILEDER_JUDGEMENT',
      summary: 'Godkjent',
      judgement: { justification: 'Dokumentert i møte', actorIdent: 'Z200002', actorRole: 'veileder', judgedAt: AT },
      progress: { ...progress(), status: 'FULFILLED' },
    }),
    () => ({ conditionId: id(), decisionId: id(), caseId: 'K-2', fulfilledAt: AT, fulfilledBy: 'EVIDENCE', summary: '', judgement: null }),
  ],
  [TOPICS.paymentReleasedV1]: [
    () => ({
      idempotencyKey: `${id()}:1`,
      attempt: 1,
      paymentId: id(),
      decisionId: id(),
      caseId: 'K-1',
      purpose: 'RENT',
      amountOre: 425_000,
      dueDate: '2026-12-01',
      payee: thirdParty,
      waitedFor: [
        { conditionId: id(), metAt: AT, resolution: 'MET' },
        { conditionId: id(), metAt: AT, resolution: 'REDUCED' },
      ],
      releasedAt: AT,
      reduction: { fromOre: 850_000, toOre: 425_000, conditionId: id(), assessment: 'Halvert etter brudd' },
    }),
  ],
  [TOPICS.conditionBreachedV1]: [() => ({ ...ref(), deadline: '2026-11-30', breachedAt: AT })],
  [TOPICS.conditionReopenedV1]: [() => ({ ...ref(), reopenedAt: AT, reason: 'Kvittering trukket tilbake' })],
  [TOPICS.paymentNeedsReviewV1]: [
    () => ({
      paymentId: id(),
      decisionId: id(),
      caseId: 'K-1',
      office: '0301',
      conditionId: id(),
      reason: 'Utbetalt før vilkåret ble åpnet igjen',
      releasedAt: AT,
      raisedAt: AT,
    }),
  ],
  [TOPICS.decisionAmendedV1]: [
    { kind: 'CONDITION_LIFTED', conditionId: id() },
    { kind: 'DEADLINE_MOVED', conditionId: id(), previousDeadline: '2026-11-30', deadline: '2026-12-07' },
    { kind: 'CONDITION_ADDED', condition: condition(requirements[1], [id()]) },
    { kind: 'PAYMENT_REDUCED', paymentId: id(), conditionId: id(), fromOre: 850_000, toOre: 425_000 },
    { kind: 'PAYMENT_STOPPED', paymentId: id() },
    { kind: 'RELEASE_AGAIN', paymentId: id() },
    { kind: 'DECISION_REVOKED', cancelledPaymentIds: [id()], untouchedPaymentIds: [], annulledConditionIds: [id(), id()] },
  ].map((amendment) => () => ({
    amendmentId: id(),
    decisionId: id(),
    caseId: 'K-1',
    office: '0301',
    reason: 'Endret etter klage',
    amendedAt: AT,
    amendment,
  })),
  [TOPICS.paymentSettlementV1]: [
    () => ({ paymentId: id(), idempotencyKey: 'k:1', outcome: 'PAID', reference: 'BANK-1', paidOn: '2026-12-01', reportedAt: AT }),
    () => ({ paymentId: id(), idempotencyKey: 'k:2', outcome: 'FAILED', reason: 'Kontoen er stengt', reportedAt: AT }),
  ],
  [TOPICS.paymentStatusV1]: [
    () => ({
      paymentId: id(),
      decisionId: id(),
      caseId: 'K-1',
      office: '0301',
      status: 'PAID',
      reason: null,
      reference: 'BANK-1',
      paidOn: '2026-12-01',
      at: AT,
    }),
  ],
  [TOPICS.conditionProgressV1]: [progress, () => ({ ...progress(), status: 'BREACHED', achievable: false, fulfilmentEventId: id() })],
  [TOPICS.conditionProgressV2]: [progressV2, () => ({ ...progressV2(), status: 'LIFTED', achievable: false })],
  [TOPICS.digisosSokerV1]: [
    () => ({ caseId: 'K-1', office: '0301', sequence: 3, changedAt: AT, document: { version: '1.0.0', hendelser: [] } }),
  ],
};

const TRICKY: unknown[] = [
  null,
  '',
  ' ',
  'x',
  0,
  -1,
  1,
  1.5,
  1e21,
  true,
  false,
  [],
  {},
  [null],
  [1],
  [{}],
  [[]],
  { kind: 'DOCUMENT' },
  { type: 'RECIPIENT' },
  { type: 'RECIPIENT', nationalId: RECIPIENT },
  thirdParty,
  requirements[2],
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  '2026-11-30',
  '2026-02-30',
  '30.11.2026',
  '2026-11-27T09:00:00Z',
  '2026-11-27T09:00:00',
  'Z123456',
  'z123456',
  RECIPIENT,
  '01810012312',
  ACCOUNT,
  '0301',
  '301',
  'A'.repeat(201),
  'A'.repeat(4001),
  ...['RECIPIENT', 'THIRD_PARTY', 'DOCUMENT', 'ATTENDANCE', 'JOB_APPLICATIONS', 'ACTIVITY', 'CONDITION_ADDED', 'DECISION_REVOKED'],
  ...['OPEN', 'FULFILLED', 'MET', 'PAID', 'EVIDENCE', 'SPOUSE', '04', 'PARTNER'],
];

const origin = () => ({
  eventId: randomUUID(),
  occurredAt: AT,
  causationId: 'req-1',
  correlationId: 'req-1',
  producer: 'payout',
  actor: { ident: 'Z123456', role: 'decision-unit' },
});
const message = (topic: EventTopic, payload: unknown) => JSON.stringify({ ...origin(), type: EVENT_TYPES[topic], payload });

function agree(topic: EventTopic, text: string): void {
  const fast = parseEvent(topic, text);
  const slow = parseEventWithClassValidator(topic, text);
  expect(fast.ok).toBe(slow.ok);
  if (fast.ok && slow.ok) expect(canonical(fast.event)).toBe(canonical(slow.event));
  else if (!fast.ok && !slow.ok) expect(fast.errors).toEqual(slow.errors);
}

const cases = (Object.keys(SAMPLES) as EventTopic[]).flatMap((topic) =>
  SAMPLES[topic].map((sample, i) => ({ topic, i, sample: sample as () => Json })),
);

describe('the compiled check of consumed events', () => {
  it.each(cases)('accepts the valid $topic sample $i itself, without class-validator, as class-validator does', ({ topic, sample }) => {
    const text = message(topic, sample());
    expect(acceptedByCompiledCheck(topic, text, JSON.parse(text))).toBe(true);
    agree(topic, text);
  });

  it.each(cases)('agrees with class-validator on $topic sample $i mutated at random', ({ topic, sample }) => {
    const base = sample();
    fc.assert(
      fc.property(jsonMutations(TRICKY), fc.boolean(), (mutations, inEnvelope) => {
        const text = inEnvelope
          ? JSON.stringify(mutateJson({ ...origin(), type: EVENT_TYPES[topic], payload: base } as Json, mutations))
          : message(topic, mutateJson(base, mutations));
        agree(topic, text);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves a message with a __proto__, constructor or toString key to class-validator', () => {
    const text = message(TOPICS.conditionProgressV1, { ...progress(), constructor: 'x' });
    expect(acceptedByCompiledCheck(TOPICS.conditionProgressV1, text, JSON.parse(text))).toBe(false);
    agree(TOPICS.conditionProgressV1, text);
    const named = message(TOPICS.conditionProgressV1, { ...progress(), toString: null });
    expect(acceptedByCompiledCheck(TOPICS.conditionProgressV1, named, JSON.parse(named))).toBe(false);
    agree(TOPICS.conditionProgressV1, named);
    const proto = message(TOPICS.conditionProgressV1, progress()).replace('"payload":{', '"payload":{"__proto__":{"status":1},');
    agree(TOPICS.conditionProgressV1, proto);
  });

  it('refuses an event of another type on the topic, as class-validator does', () => {
    const text = message(TOPICS.conditionFulfilledV1, progress());
    expect(parseEvent(TOPICS.conditionProgressV1, text).ok).toBe(false);
    agree(TOPICS.conditionProgressV1, text);
  });
});
