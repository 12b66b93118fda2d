import { TOPICS } from '@vf/contracts';
import { TopicHandlers } from '@vf/messaging';
import { InnsynOnConditionFulfilledHandler } from './on-condition-fulfilled/on-condition-fulfilled.handler';
import {
  InnsynOnConditionProgressHandler,
  InnsynOnConditionProgressV1Handler,
} from './on-condition-progress/on-condition-progress.handler';
import { InnsynOnConditionReopenedHandler } from './on-condition-reopened/on-condition-reopened.handler';
import { InnsynOnDecisionAmendedHandler } from './on-decision-amended/on-decision-amended.handler';
import { InnsynOnDecisionIssuedHandler } from './on-decision-issued/on-decision-issued.handler';
import { InnsynOnPaymentStatusHandler } from './on-payment-status/on-payment-status.handler';

/**
 * The innsyn module (issue #13): the recipient's digisos-soker document per case, on
 * vilkarsflyt.digisos-soker.v1. Its handlers run after payout's own for the same event, in the same
 * transaction, so payout's payments are already as the event left them when the document is made.
 * Those that follow evidence (condition-fulfilled, condition-progress) make the document in a
 * transaction of its own, right after that one has committed and before the offset is (afterCommit):
 * a release does not wait for the recipient's document (issue #10, twentieth round).
 * payout's own payment-released is not consumed: every transaction that releases a payment refreshes
 * the case's document itself (these handlers, in or right after a consumed event's transaction; the
 * release job in its batch).
 */
export const INNSYN_HANDLERS: TopicHandlers = {
  [TOPICS.decisionIssuedV1]: InnsynOnDecisionIssuedHandler,
  [TOPICS.decisionAmendedV1]: InnsynOnDecisionAmendedHandler,
  [TOPICS.conditionProgressV1]: InnsynOnConditionProgressV1Handler,
  [TOPICS.conditionProgressV2]: InnsynOnConditionProgressHandler,
  [TOPICS.conditionFulfilledV1]: InnsynOnConditionFulfilledHandler,
  [TOPICS.conditionReopenedV1]: InnsynOnConditionReopenedHandler,
  [TOPICS.paymentStatusV1]: InnsynOnPaymentStatusHandler,
};
