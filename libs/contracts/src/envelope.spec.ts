import { randomUUID } from 'crypto';
import { envelope, parseEvent } from './envelope';
import { DecisionIssuedV1 } from './events/decision-issued.v1';
import { TOPICS } from './topics';

const P1 = randomUUID();
const C1 = randomUUID();
function decisionIssued(): DecisionIssuedV1 {
  return {
    decisionId: randomUUID(),
    caseId: 'K-1',
    office: '0301',
    recipientNationalId: '01010012356',
    periodFrom: '2026-11-01',
    periodTo: '2026-11-30',
    reductionOnBreachAnnounced: false,
    veilederIdent: null,
    issuedAt: '2026-11-01T09:00:00.000Z',
    payments: [
      {
        paymentId: P1,
        ref: 'P1',
        purpose: 'RENT',
        amountOre: 850_000,
        dueDate: '2026-12-01',
        payee: { type: 'THIRD_PARTY', name: 'Landlord AS', accountNumber: '12345678903' },
        notBefore: null,
      },
    ],
    conditions: [
      {
        conditionId: C1,
        ref: 'C1',
        text: 'Lever husleiekvittering for november',
        deadline: '2026-11-30',
        requirement: { kind: 'DOCUMENT', documentType: 'RENT_RECEIPT' },
        gatesPaymentIds: [P1],
      },
    ],
  };
}

const origin = () => ({
  eventId: randomUUID(),
  occurredAt: '2026-11-01T09:00:00.000Z',
  causationId: 'req-1',
  correlationId: 'req-1',
  producer: 'decision' as const,
  actor: { ident: 'Z123456', role: 'decision-unit' },
});
const encode = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('event contracts', () => {
  it('accepts a well-formed decision-issued.v1 and keeps the requirement kind', () => {
    const parsed = parseEvent(TOPICS.decisionIssuedV1, encode(envelope(TOPICS.decisionIssuedV1, decisionIssued(), origin())));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.event.type).toBe('decision-issued.v1');
      expect(parsed.event.payload.conditions[0].requirement).toEqual({ kind: 'DOCUMENT', documentType: 'RENT_RECEIPT' });
    }
  });

  it.each<[string, (d: any) => void, string]>([
    ['a bad fødselsnummer', (d) => (d.recipientNationalId = '01010012357'), 'payload.recipientNationalId'],
    ['a fractional amount', (d) => (d.payments[0].amountOre = 1.5), 'payload.payments[0].amountOre'],
    ['an unknown condition kind', (d) => (d.conditions[0].requirement = { kind: 'DANCE' }), 'payload.conditions[0].requirement.kind'],
    ['a missing document type', (d) => delete d.conditions[0].requirement.documentType, 'payload.conditions[0].requirement.documentType'],
    ['a bad account number', (d) => (d.payments[0].payee.accountNumber = '1'), 'payload.payments[0].payee.accountNumber'],
  ])('rejects %s, naming the field and not the value', (_n, mutate, field) => {
    const payload = decisionIssued();
    mutate(payload);
    const parsed = parseEvent(TOPICS.decisionIssuedV1, encode(envelope(TOPICS.decisionIssuedV1, payload, origin())));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.errors.map((e) => e.field)).toContain(field);
      expect(JSON.stringify(parsed.errors)).not.toContain('01010012357');
    }
  });

  it('carries the actor, and rejects one whose ident is not a NAV-ident', () => {
    const ok = parseEvent(TOPICS.decisionIssuedV1, encode(envelope(TOPICS.decisionIssuedV1, decisionIssued(), origin())));
    expect(ok.ok && ok.event.actor).toEqual({ ident: 'Z123456', role: 'decision-unit' });
    const bad = parseEvent(
      TOPICS.decisionIssuedV1,
      encode(envelope(TOPICS.decisionIssuedV1, decisionIssued(), { ...origin(), actor: { ident: 'bob', role: 'x' } })),
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.map((e) => e.field)).toEqual(['actor.ident']);
  });

  it('rejects an event of another type on the topic', () => {
    const wrong = { ...envelope(TOPICS.decisionIssuedV1, decisionIssued(), origin()), type: 'payment-released.v1' };
    expect(parseEvent(TOPICS.decisionIssuedV1, encode(wrong))).toEqual({
      ok: false,
      errors: [{ field: 'type', reason: 'must be decision-issued.v1 on topic vilkarsflyt.decision-issued.v1' }],
    });
  });

  it('rejects what is not JSON, an empty message and a missing envelope field', () => {
    expect(parseEvent(TOPICS.conditionFulfilledV1, Buffer.from('{nope'))).toEqual({
      ok: false,
      errors: [{ field: '(message)', reason: 'is not JSON' }],
    });
    expect(parseEvent(TOPICS.conditionFulfilledV1, null)).toMatchObject({ ok: false });
    const { eventId: _drop, ...noId } = envelope(TOPICS.decisionIssuedV1, decisionIssued(), origin());
    const parsed = parseEvent(TOPICS.decisionIssuedV1, encode(noId));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors[0].field).toBe('eventId');
  });
});
