import { DIGISOS_SOKER_SCHEMA_V1 } from './digisos/digisos-soker.schema';
import { Producer } from './envelope';
import { Topic } from './topics';

/**
 * What the AsyncAPI document (docs/asyncapi.yaml) says about each topic beyond its payload class:
 * the message key, who produces it, who outside Vilkårsflyt reads it. Typed by `Topic`, so a new
 * topic does not compile until it is described here. The e2e test test/asyncapi.e2e-spec.ts checks
 * each message it reads against this (key = the payload's key field, producer among these).
 */
export interface TopicDescription {
  /** The payload field whose value is the Kafka message key; null when the key is not a payload field. */
  keyField: string | null;
  key: string;
  producers: Array<Producer | 'any consumer'>;
  /** Readers outside the three services (the services' own subscriptions come from their handler maps). */
  externalConsumers: string[];
  summary: string;
  /** Payload fields whose shape is a JSON Schema of its own rather than validated classes: the schema, under a name. */
  fieldSchemas?: Record<string, { name: string; schema: object }>;
}

export const TOPIC_CATALOGUE: Record<Topic, TopicDescription> = {
  'vilkarsflyt.decision-issued.v1': {
    keyField: 'decisionId',
    key: 'decisionId',
    producers: ['decision'],
    externalConsumers: [],
    summary: 'A decision was issued: its payments and the conditions that hold them back. Contains a fødselsnummer: personal data.',
  },
  'vilkarsflyt.decision-amended.v1': {
    keyField: 'decisionId',
    key: 'decisionId',
    producers: ['decision'],
    externalConsumers: [],
    summary:
      'The decision unit changed an issued decision (lift, new deadline, new condition, reduction, stop, ' +
      'release again, revocation). One topic for all kinds, so the amendments of one decision keep their ' +
      'order.',
  },
  'vilkarsflyt.condition-fulfilled.v1': {
    keyField: 'decisionId',
    key: 'decisionId',
    producers: ['follow-up'],
    externalConsumers: [],
    summary: "A condition was met, on evidence or by a veileder's justified judgement.",
  },
  'vilkarsflyt.condition-reopened.v1': {
    keyField: 'decisionId',
    key: 'decisionId',
    producers: ['follow-up'],
    externalConsumers: [],
    summary: 'A condition fulfilled on evidence no longer is (evidence withdrawn or corrected).',
  },
  'vilkarsflyt.condition-breached.v1': {
    keyField: 'decisionId',
    key: 'decisionId',
    producers: ['follow-up'],
    externalConsumers: [],
    summary:
      "The deadline passed without the condition being met. Never changes a payment by itself (§ 20): it goes to the decision unit's worklist.",
  },
  'vilkarsflyt.condition-progress.v1': {
    keyField: 'decisionId',
    key: 'decisionId',
    producers: ['follow-up'],
    externalConsumers: [],
    summary:
      'Retired: no longer produced since condition-progress.v2 (payout still reads what was published ' +
      'before). It carried a snapshot after every change to a condition, the fulfilling one too.',
  },
  'vilkarsflyt.condition-progress.v2': {
    keyField: 'decisionId',
    key: 'decisionId',
    producers: ['follow-up'],
    externalConsumers: [],
    summary:
      'After every change to a condition except the one that fulfils it: its status and how far its ' +
      "evidence has come. The fulfilling change's snapshot is condition-fulfilled's `progress`. A snapshot:" +
      ' the latest `at` wins.',
  },
  'vilkarsflyt.payment-released.v1': {
    keyField: 'paymentId',
    key: 'paymentId',
    producers: ['payout'],
    externalConsumers: ['payment team (fellestjenesten)'],
    summary:
      "The payment team's feed: a payment released, once per attempt. `idempotencyKey` " +
      '(vilkarsflyt:payment:<paymentId>:release:<attempt>) is deterministic: execute an order once per key.',
  },
  'vilkarsflyt.payment-status.v1': {
    keyField: 'decisionId',
    key: 'decisionId',
    producers: ['payout'],
    externalConsumers: [],
    summary: 'A payment stopped, cancelled (its decision revoked), paid or failed. Releases are on payment-released.v1.',
  },
  'vilkarsflyt.payment-needs-review.v1': {
    keyField: 'decisionId',
    key: 'decisionId',
    producers: ['payout'],
    externalConsumers: [],
    summary:
      'A payment was already released when something that would have held it happened. Nothing is clawed back: the decision unit decides.',
  },
  'vilkarsflyt.payment-settlement.v1': {
    keyField: 'paymentId',
    key: 'paymentId',
    producers: ['payment-team'],
    externalConsumers: [],
    summary:
      'Produced by the payment team: what happened to one release (PAID with reference and day, FAILED with' +
      ' a reason). A repeat is harmless; a report for an unknown payment is dead-lettered.',
  },
  'vilkarsflyt.digisos-soker.v1': {
    keyField: 'caseId',
    key: 'caseId',
    producers: ['payout'],
    externalConsumers: ['Fiks Digisos uploader'],
    summary:
      "The case's whole digisos-soker.json (NAV's Digisos innsyn format) after every change the recipient " +
      "would see; `sequence` counts the case's changes from 1 with no gaps. `document` follows " +
      'DIGISOS_SOKER_SCHEMA_V1 (libs/contracts/src/digisos). No fødselsnummer.',
    fieldSchemas: { document: { name: 'DigisosSokerDocumentV1', schema: DIGISOS_SOKER_SCHEMA_V1 } },
  },
  'vilkarsflyt.dead-letter.v1': {
    keyField: null,
    key: 'the key of the original message',
    producers: ['any consumer'],
    externalConsumers: ['operators'],
    summary:
      'A message a consumer could not use (not JSON, breaks its contract, refused by a rule), kept whole (base64) with the field errors.',
  },
};
