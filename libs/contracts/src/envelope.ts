import { ClassConstructor } from 'class-transformer';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { FieldError } from './validation/field-errors';
import { ConditionFulfilledV1 } from './events/condition-fulfilled.v1';
import { DecisionIssuedV1 } from './events/decision-issued.v1';
import { PaymentReleasedV1 } from './events/payment-released.v1';
import { ConditionBreachedV1, ConditionReopenedV1 } from './events/condition-changes.v1';
import { PaymentNeedsReviewV1 } from './events/payment-needs-review.v1';
import { DecisionAmendedV1 } from './events/decision-amended.v1';
import { PaymentSettlementV1, PaymentStatusV1 } from './events/payment-settlement.v1';
import { ConditionProgressV1 } from './events/condition-progress.v1';
import { ConditionProgressV2 } from './events/condition-progress.v2';
import { DigisosSokerV1 } from './events/digisos-soker.v1';
import { EVENT_TYPES, TOPICS } from './topics';
import { IsActorIdent, IsIsoInstant } from './validation/decorators';
import { validatePlain } from './validation/field-errors';
import { CompiledCheck, compiledCheck } from './validation/compiled-check';

export const PRODUCERS = ['decision', 'follow-up', 'payout', 'payment-team'] as const;
export type Producer = (typeof PRODUCERS)[number];

/** Every event on every topic travels in this envelope. */
export interface EventEnvelope<T = unknown> {
  eventId: string;
  type: string;
  occurredAt: string;
  /** The event or HTTP request that caused this event. */
  causationId: string | null;
  /** Shared by everything that follows from one first request. */
  correlationId: string;
  producer: Producer;
  /** Who acted, from their verified token; null when the service itself decided (e.g. a release). */
  actor: EventActor | null;
  payload: T;
}

export interface EventActor {
  ident: string;
  role: string;
}

class EventActorV1 implements EventActor {
  @IsActorIdent()
  ident: string;
  @IsString()
  @MaxLength(50)
  role: string;
}

class EnvelopeShapeV1 implements EventEnvelope<Record<string, unknown>> {
  @IsUUID()
  eventId: string;
  @IsString()
  type: string;
  @IsIsoInstant()
  occurredAt: string;
  @IsOptional()
  @IsString()
  @MaxLength(200)
  causationId: string | null;
  @IsString()
  @MaxLength(200)
  correlationId: string;
  @IsIn(PRODUCERS as unknown as string[])
  producer: Producer;
  @IsOptional()
  @ValidateNested()
  @Type(() => EventActorV1)
  actor: EventActorV1 | null;
  @IsObject()
  payload: Record<string, unknown>;
}

export interface PayloadByTopic {
  [TOPICS.decisionIssuedV1]: DecisionIssuedV1;
  [TOPICS.conditionFulfilledV1]: ConditionFulfilledV1;
  [TOPICS.paymentReleasedV1]: PaymentReleasedV1;
  [TOPICS.conditionBreachedV1]: ConditionBreachedV1;
  [TOPICS.conditionReopenedV1]: ConditionReopenedV1;
  [TOPICS.paymentNeedsReviewV1]: PaymentNeedsReviewV1;
  [TOPICS.decisionAmendedV1]: DecisionAmendedV1;
  [TOPICS.paymentSettlementV1]: PaymentSettlementV1;
  [TOPICS.paymentStatusV1]: PaymentStatusV1;
  [TOPICS.conditionProgressV1]: ConditionProgressV1;
  [TOPICS.conditionProgressV2]: ConditionProgressV2;
  [TOPICS.digisosSokerV1]: DigisosSokerV1;
}
export type EventTopic = keyof PayloadByTopic;

const PAYLOADS: { [K in EventTopic]: ClassConstructor<PayloadByTopic[K]> } = {
  [TOPICS.decisionIssuedV1]: DecisionIssuedV1,
  [TOPICS.conditionFulfilledV1]: ConditionFulfilledV1,
  [TOPICS.paymentReleasedV1]: PaymentReleasedV1,
  [TOPICS.conditionBreachedV1]: ConditionBreachedV1,
  [TOPICS.conditionReopenedV1]: ConditionReopenedV1,
  [TOPICS.paymentNeedsReviewV1]: PaymentNeedsReviewV1,
  [TOPICS.decisionAmendedV1]: DecisionAmendedV1,
  [TOPICS.paymentSettlementV1]: PaymentSettlementV1,
  [TOPICS.paymentStatusV1]: PaymentStatusV1,
  [TOPICS.conditionProgressV1]: ConditionProgressV1,
  [TOPICS.conditionProgressV2]: ConditionProgressV2,
  [TOPICS.digisosSokerV1]: DigisosSokerV1,
};

export function isEventTopic(topic: string): topic is EventTopic {
  return topic in PAYLOADS;
}

export type Parsed<T> = { ok: true; event: EventEnvelope<T> } | { ok: false; errors: FieldError[] };

/** Validates a consumed message against the contract of its topic. Never throws. */
export function parseEvent<K extends EventTopic>(topic: K, raw: Buffer | string | null): Parsed<PayloadByTopic[K]> {
  const json = parseJson(raw);
  if (!json.ok) return json;
  if (!acceptedByCompiledCheck(topic, json.text, json.plain)) return validated(topic, json.plain);
  const event = json.plain as EventEnvelope<PayloadByTopic[K]>;
  if ((crosscheck ??= process.env.CONTRACT_CROSSCHECK === '1')) crosscheckWithClassValidator(topic, json.text, event);
  return { ok: true, event };
}

/** parseEvent without the fast path: what decides every message the compiled check does not accept. */
export function parseEventWithClassValidator<K extends EventTopic>(topic: K, raw: Buffer | string | null): Parsed<PayloadByTopic[K]> {
  const json = parseJson(raw);
  return json.ok ? validated(topic, json.plain) : json;
}

function parseJson(raw: Buffer | string | null): { ok: true; text: string; plain: unknown } | { ok: false; errors: FieldError[] } {
  if (raw === null) return { ok: false, errors: [{ field: '(message)', reason: 'has no value' }] };
  const text = raw.toString();
  try {
    return { ok: true, text, plain: JSON.parse(text) };
  } catch {
    return { ok: false, errors: [{ field: '(message)', reason: 'is not JSON' }] };
  }
}

/** class-transformer and class-validator: they decide every message the compiled check does not accept, and word the errors. */
function validated<K extends EventTopic>(topic: K, plain: unknown): Parsed<PayloadByTopic[K]> {
  const envelope = validatePlain(EnvelopeShapeV1, plain);
  if (!envelope.ok) return envelope;
  if (envelope.value.type !== EVENT_TYPES[topic]) {
    return { ok: false, errors: [{ field: 'type', reason: `must be ${EVENT_TYPES[topic]} on topic ${topic}` }] };
  }
  const payload = validatePlain(PAYLOADS[topic] as ClassConstructor<object>, envelope.value.payload);
  if (!payload.ok) return { ok: false, errors: payload.errors.map((e) => ({ ...e, field: `payload.${e.field}` })) };
  return { ok: true, event: { ...envelope.value, payload: payload.value as PayloadByTopic[K] } };
}

const envelopeCheck = compiledCheck(EnvelopeShapeV1);
const payloadChecks = Object.fromEntries(
  Object.entries(PAYLOADS).map(([topic, cls]) => [topic, compiledCheck(cls as ClassConstructor<object>)]),
) as Record<EventTopic, CompiledCheck>;

const OBJECT_MEMBER_NAMES = new RegExp(`"(?:${Object.getOwnPropertyNames(Object.prototype).join('|')})"`);

/**
 * The fast path (validation/compiled-check.ts): about a sixth of the cost of validatePlain for a
 * valid event, which is nearly every event. It accepts the object JSON.parse gave as it is.
 * class-transformer leaves out keys named `__proto__` and `constructor`, and keys named as a method
 * of every object (`toString`, `valueOf` …); a message that names one anywhere takes the slow path.
 */
export function acceptedByCompiledCheck(topic: EventTopic, text: string, plain: unknown): boolean {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) return false;
  if (OBJECT_MEMBER_NAMES.test(text)) return false;
  const envelope = plain as Record<string, unknown>;
  return (
    envelopeCheck(envelope) && envelope.type === EVENT_TYPES[topic] && payloadChecks[topic](envelope.payload as Record<string, unknown>)
  );
}

/**
 * CONTRACT_CROSSCHECK=1 (the e2e setup sets it, for the services it starts too): each event the
 * fast path accepts is validated the slow way too, and any difference is kept in
 * `contractCrosscheckMismatches` (topic and reason, never a value) and written to stderr. The e2e
 * setup (test/e2e-after-env.ts) fails a test file that leaves one in the jest process.
 */
let crosscheck: boolean | undefined; // read on the first event, so a test setup may set it after importing
export const contractCrosscheckMismatches: Array<{ topic: string; reason: string }> = [];

function crosscheckWithClassValidator(topic: EventTopic, text: string, fast: EventEnvelope): void {
  const slow = parseEventWithClassValidator(topic, text);
  let reason: string | null = null;
  if (!slow.ok) reason = `validatePlain refused what the fast path accepted: ${slow.errors.map((e) => e.field).join(', ')}`;
  else if (canonical(slow.event) !== canonical(fast)) reason = 'validatePlain gave a different event';
  if (reason === null) return;
  contractCrosscheckMismatches.push({ topic, reason });
  process.stderr.write(`contract crosscheck: ${topic}: ${reason}\n`);
}

/** JSON with every object's keys sorted: an instance lists its class's fields first, JSON.parse the message's order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export interface EnvelopeOrigin {
  eventId: string;
  occurredAt: string;
  causationId: string | null;
  correlationId: string;
  producer: Producer;
  actor: EventActor | null;
}

export function envelope<K extends EventTopic>(
  topic: K,
  payload: PayloadByTopic[K],
  origin: EnvelopeOrigin,
): EventEnvelope<PayloadByTopic[K]> {
  return { ...origin, type: EVENT_TYPES[topic], payload };
}

/** The classes the AsyncAPI document (docs/asyncapi.yaml) is generated from. */
export { EnvelopeShapeV1, PAYLOADS as PAYLOAD_CLASSES };
