import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DecisionAmendedV1, EventEnvelope, TOPICS } from '@vf/contracts';
import { TopicHandler, causeOfEvent } from '@vf/messaging';
import { commandGate, resolveGate } from '../../gates/gate.store';
import { commandOnePayment, commandPayment, lockDecision, lockedPayments } from '../payment.store';

/** decision-amended: the decision unit's amendment, carried out on the payments it reaches. */
@Injectable()
export class OnDecisionAmendedHandler implements TopicHandler<typeof TOPICS.decisionAmendedV1> {
  async handle(event: EventEnvelope<DecisionAmendedV1>, manager: EntityManager): Promise<void> {
    const a = event.payload;
    const cause = causeOfEvent(event);
    const m = a.amendment;
    const now = cause.now;
    switch (m.kind) {
      case 'CONDITION_LIFTED':
        return resolveGate(manager, {
          decisionId: a.decisionId,
          conditionId: m.conditionId,
          resolution: { how: 'LIFTED', at: a.amendedAt, summary: null },
          cause,
        });
      case 'DEADLINE_MOVED':
        await lockDecision(manager, a.decisionId);
        await commandGate(manager, a.decisionId, m.conditionId, { type: 'MoveDeadline', deadline: m.deadline });
        return;
      case 'CONDITION_ADDED': {
        await lockDecision(manager, a.decisionId);
        const c = m.condition;
        const { ref, text, deadline, gatesPaymentIds: gates } = c;
        await commandGate(manager, a.decisionId, c.conditionId, { type: 'LearnAdded', ref, text, deadline, gates });
        for (const paymentId of c.gatesPaymentIds) {
          for (const row of await lockedPayments(manager, { decisionId: a.decisionId, paymentId })) {
            await commandPayment(manager, row, { type: 'AddGate', conditionId: c.conditionId, now }, cause);
          }
        }
        return;
      }
      case 'PAYMENT_REDUCED':
        return commandOnePayment(
          manager,
          a.decisionId,
          m.paymentId,
          { type: 'Reduce', reduction: { conditionId: m.conditionId, toOre: m.toOre, assessment: a.reason }, now },
          cause,
        );
      case 'PAYMENT_STOPPED':
        return commandOnePayment(manager, a.decisionId, m.paymentId, { type: 'Stop', reason: a.reason, now }, cause);
      case 'RELEASE_AGAIN':
        return commandOnePayment(manager, a.decisionId, m.paymentId, { type: 'ReleaseAgain', reason: a.reason, now }, cause);
      case 'DECISION_REVOKED':
        await lockDecision(manager, a.decisionId);
        for (const row of await lockedPayments(manager, { decisionId: a.decisionId })) {
          await commandPayment(manager, row, { type: 'Cancel', reason: a.reason, now }, cause);
        }
        return;
    }
  }
}
