import { randomUUID } from 'crypto';
import {
  ACTIVITY_EXCEPTION_CODE_LIST,
  CONDITION_CATEGORY_CODES,
  CONDITION_KINDS,
  CONDITION_STATUSES,
  PARTNER_RELATIONS,
  PERSON_REFS,
  RESOLUTIONS,
} from '@vf/rules';
import {
  ACTIVITY_EXCEPTION_CODES_V1,
  CONDITION_CATEGORIES_V1,
  CONDITION_STATUSES_V1,
  DecisionIssuedV1,
  PARTNER_RELATIONS_V1,
  PERSON_REFS_V1,
  REQUIREMENT_KINDS_V1,
  RESOLUTIONS_V1,
  TOPICS,
  envelope,
  parseEvent,
} from './index';

// v1 contracts are frozen: their enums are written out in this library. When the rules gain a
// value that a v1 contract cannot carry, this fails, and the new value needs a v2 contract (a new
// topic), never a silent widening of v1.

const missing = (rules: readonly string[], v1: readonly string[]) => rules.filter((v) => !v1.includes(v));

describe('frozen v1 contracts', () => {
  it('carry every condition kind the rules know', () => {
    expect(CONDITION_KINDS.filter((k) => !(REQUIREMENT_KINDS_V1 as readonly string[]).includes(k))).toEqual([]);
  });

  it('carry every condition status the rules know', () => {
    expect(CONDITION_STATUSES.filter((s) => !(CONDITION_STATUSES_V1 as readonly string[]).includes(s))).toEqual([]);
  });

  it('carry every way a payment gate is resolved', () => {
    expect(RESOLUTIONS.filter((r) => !(RESOLUTIONS_V1 as readonly string[]).includes(r))).toEqual([]);
  });

  it('carry every household value the rules know: persons, relations, KOSTRA categories, § 20 a exception codes', () => {
    expect(missing(PERSON_REFS, PERSON_REFS_V1)).toEqual([]);
    expect(missing(PARTNER_RELATIONS, PARTNER_RELATIONS_V1)).toEqual([]);
    expect(missing(CONDITION_CATEGORY_CODES, CONDITION_CATEGORIES_V1)).toEqual([]);
    expect(missing(ACTIVITY_EXCEPTION_CODE_LIST, ACTIVITY_EXCEPTION_CODES_V1)).toEqual([]);
  });
});

// The household was added to decision-issued.v1 as optional fields. That is allowed only because
// (1) a v1 reader validates without a whitelist, so fields it does not know are ignored, and (2) a
// v1 producer that never writes them still writes valid v1. Both are pinned here.
describe('decision-issued.v1 with and without the household fields', () => {
  const P1 = randomUUID();
  const base = (): DecisionIssuedV1 => ({
    decisionId: randomUUID(),
    caseId: 'K-1',
    office: '0301',
    recipientNationalId: '01810012311',
    periodFrom: '2026-11-01',
    periodTo: '2026-11-30',
    reductionOnBreachAnnounced: false,
    veilederIdent: null,
    issuedAt: '2026-11-01T09:00:00.000Z',
    payments: [
      {
        paymentId: P1,
        ref: 'P1',
        purpose: 'LIVING_COSTS',
        amountOre: 1,
        dueDate: '2026-12-01',
        payee: { type: 'RECIPIENT', nationalId: '01810012311' },
        notBefore: null,
      },
    ],
    conditions: [
      {
        conditionId: randomUUID(),
        ref: 'C1',
        text: 'Møt',
        deadline: '2026-11-30',
        requirement: { kind: 'ACTIVITY', activity: 'Samtale' },
        gatesPaymentIds: [P1],
      },
    ],
  });
  const origin = {
    eventId: randomUUID(),
    occurredAt: '2026-11-01T09:00:00.000Z',
    causationId: null,
    correlationId: 'c',
    producer: 'decision' as const,
    actor: null,
  };
  const parse = (payload: object) =>
    parseEvent(
      TOPICS.decisionIssuedV1,
      Buffer.from(JSON.stringify(envelope(TOPICS.decisionIssuedV1, payload as DecisionIssuedV1, origin))),
    );

  it('a producer from before households still writes valid v1', () => expect(parse(base()).ok).toBe(true));

  it('a reader ignores fields it does not know (how a reader from before households reads the new fields)', () => {
    const parsed = parse({
      ...base(),
      aFieldFromTheFuture: { anything: 1 },
      conditions: base().conditions.map((c) => ({ ...c, alsoNew: 'x' })),
    });
    expect(parsed.ok).toBe(true);
  });

  it('carries the partner, each condition’s person and category, and the § 20 a exceptions, validated', () => {
    const withHousehold = {
      ...base(),
      partner: { relation: 'SPOUSE', nationalId: '15076500565' },
      activityExceptions: [{ person: 'PARTNER', code: '03', reason: 'Sykmeldt' }],
      conditions: base().conditions.map((c) => ({ ...c, person: 'RECIPIENT', category: '08' })),
    };
    const ok = parse(withHousehold);
    expect(ok.ok && ok.event.payload.partner).toEqual({ relation: 'SPOUSE', nationalId: '15076500565' });
    expect(ok.ok && ok.event.payload.conditions[0].category).toBe('08');
    const bad = parse({
      ...withHousehold,
      partner: { relation: 'FRIEND', nationalId: '15076500566' },
      activityExceptions: [{ person: 'PARTNER', code: '05', reason: '' }],
      conditions: base().conditions.map((c) => ({ ...c, person: 'CHILD', category: '05' })),
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.errors.map((e) => e.field).sort()).toEqual(
        [
          'payload.activityExceptions[0].code',
          'payload.activityExceptions[0].reason',
          'payload.conditions[0].category',
          'payload.conditions[0].person',
          'payload.partner.nationalId',
          'payload.partner.relation',
        ].sort(),
      );
      expect(JSON.stringify(bad.errors)).not.toContain('15076500566');
    }
  });
});

// The progress snapshot was added to condition-fulfilled.v1, and its link to condition-progress.v1,
// as optional fields, on the same two grounds as the household above.
describe('condition-fulfilled.v1 and condition-progress.v1 with and without the snapshot and its link', () => {
  const ref = { conditionId: randomUUID(), decisionId: randomUUID(), caseId: 'K-1' };
  const progress = {
    ...ref,
    office: '0301',
    summary: 'Mottatt',
    status: 'FULFILLED',
    deadline: '2026-11-30',
    achievable: true,
    at: '2026-11-20T09:00:00.000Z',
  };
  const fulfilled = { ...ref, fulfilledAt: '2026-11-20T09:00:00.000Z', fulfilledBy: 'EVIDENCE', summary: 'Mottatt', judgement: null };
  const origin = {
    eventId: randomUUID(),
    occurredAt: '2026-11-20T09:00:00.000Z',
    causationId: null,
    correlationId: 'c',
    producer: 'follow-up' as const,
    actor: null,
  };
  const parse = (topic: typeof TOPICS.conditionProgressV1 | typeof TOPICS.conditionFulfilledV1, payload: object) =>
    parseEvent(topic, Buffer.from(JSON.stringify(envelope(topic, payload as never, origin))));
  const fields = (r: ReturnType<typeof parse>) => (r.ok ? [] : r.errors.map((e) => e.field).sort());

  it('a producer from before still writes valid v1', () => {
    expect(fields(parse(TOPICS.conditionProgressV1, progress))).toEqual([]);
    expect(fields(parse(TOPICS.conditionFulfilledV1, fulfilled))).toEqual([]);
  });

  it('carries the snapshot and the link, validated', () => {
    const ok = parse(TOPICS.conditionFulfilledV1, { ...fulfilled, progress });
    expect(ok.ok && ok.event.payload).toMatchObject({ progress: { summary: 'Mottatt', status: 'FULFILLED' } });
    expect(fields(parse(TOPICS.conditionProgressV1, { ...progress, fulfilmentEventId: randomUUID() }))).toEqual([]);
    expect(fields(parse(TOPICS.conditionProgressV1, { ...progress, fulfilmentEventId: 'x' }))).toEqual(['payload.fulfilmentEventId']);
    expect(fields(parse(TOPICS.conditionFulfilledV1, { ...fulfilled, progress: { ...progress, status: 'DONE', at: 'i går' } }))).toEqual([
      'payload.progress.at',
      'payload.progress.status',
    ]);
  });
});
