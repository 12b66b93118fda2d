/**
 * Kafka topic names. A topic carries one version of one event type; a breaking change gets a new
 * topic (…v2) beside the old one, never a changed v1. An old version stops being produced only when
 * no reader outside the system has it (TOPIC_CATALOGUE's externalConsumers) and the services read the
 * new one; they go on reading the old one for what was published before (condition-progress.v1).
 * The payment team consumes payment-released.
 */
export const TOPICS = {
  decisionIssuedV1: 'vilkarsflyt.decision-issued.v1',
  conditionFulfilledV1: 'vilkarsflyt.condition-fulfilled.v1',
  paymentReleasedV1: 'vilkarsflyt.payment-released.v1',
  conditionBreachedV1: 'vilkarsflyt.condition-breached.v1',
  conditionReopenedV1: 'vilkarsflyt.condition-reopened.v1',
  paymentNeedsReviewV1: 'vilkarsflyt.payment-needs-review.v1',
  decisionAmendedV1: 'vilkarsflyt.decision-amended.v1',
  paymentSettlementV1: 'vilkarsflyt.payment-settlement.v1',
  paymentStatusV1: 'vilkarsflyt.payment-status.v1',
  /** Retired: no longer produced (issue #10, nineteenth round); still read for what was published before v2. */
  conditionProgressV1: 'vilkarsflyt.condition-progress.v1',
  conditionProgressV2: 'vilkarsflyt.condition-progress.v2',
  /** The recipient's view of a case in NAV's Digisos innsyn format, whole, after every change; for a Fiks uploader. */
  digisosSokerV1: 'vilkarsflyt.digisos-soker.v1',
  /** Messages a consumer could not use: the original bytes plus why, for a person to look at. */
  deadLetterV1: 'vilkarsflyt.dead-letter.v1',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

export const EVENT_TYPES = {
  [TOPICS.decisionIssuedV1]: 'decision-issued.v1',
  [TOPICS.conditionFulfilledV1]: 'condition-fulfilled.v1',
  [TOPICS.paymentReleasedV1]: 'payment-released.v1',
  [TOPICS.conditionBreachedV1]: 'condition-breached.v1',
  [TOPICS.conditionReopenedV1]: 'condition-reopened.v1',
  [TOPICS.paymentNeedsReviewV1]: 'payment-needs-review.v1',
  [TOPICS.decisionAmendedV1]: 'decision-amended.v1',
  [TOPICS.paymentSettlementV1]: 'payment-settlement.v1',
  [TOPICS.paymentStatusV1]: 'payment-status.v1',
  [TOPICS.conditionProgressV1]: 'condition-progress.v1',
  [TOPICS.conditionProgressV2]: 'condition-progress.v2',
  [TOPICS.digisosSokerV1]: 'digisos-soker.v1',
  [TOPICS.deadLetterV1]: 'dead-letter.v1',
} as const;
