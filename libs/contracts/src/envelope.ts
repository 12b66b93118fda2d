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
import { DigisosSokerV1 } from './events/digisos-soker.v1';
import { EVENT_TYPES, TOPICS } from './topics';
import { IsActorIdent, IsIsoInstant } from './validation/decorators';
import { validatePlain } from './validation/field-errors';

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
  [TOPICS.digisosSokerV1]: DigisosSokerV1,
};

export function isEventTopic(topic: string): topic is EventTopic {
  return topic in PAYLOADS;
}

export type Parsed<T> = { ok: true; event: EventEnvelope<T> } | { ok: false; errors: FieldError[] };

/** Validates a consumed message against the contract of its topic. Never throws. */
export function parseEvent<K extends EventTopic>(topic: K, raw: Buffer | string | null): Parsed<PayloadByTopic[K]> {
  if (raw === null) return { ok: false, errors: [{ field: '(message)', reason: 'has no value' }] };
  let plain: unknown;
  try {
    plain = JSON.parse(raw.toString());
  } catch {
    return { ok: false, errors: [{ field: '(message)', reason: 'is not JSON' }] };
  }
  const envelope = validatePlain(EnvelopeShapeV1, plain);
  if (!envelope.ok) return envelope;
  if (envelope.value.type !== EVENT_TYPES[topic]) {
    return { ok: false, errors: [{ field: 'type', reason: `must be ${EVENT_TYPES[topic]} on topic ${topic}` }] };
  }
  const payload = validatePlain(PAYLOADS[topic] as ClassConstructor<object>, envelope.value.payload);
  if (!payload.ok) return { ok: false, errors: payload.errors.map((e) => ({ ...e, field: `payload.${e.field}` })) };
  return { ok: true, event: { ...envelope.value, payload: payload.value as PayloadByTopic[K] } };
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
