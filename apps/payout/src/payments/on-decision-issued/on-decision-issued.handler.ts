import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DecisionIssuedV1, EventEnvelope, TOPICS } from '@vf/contracts';
import { TopicHandler, causeOfEvent } from '@vf/messaging';
import { Gates, decidePayment } from '@vf/rules';
import { GateConditionEntity, PaymentEntity } from '../../database/payment.entity';
import { commandGate } from '../../gates/gate.store';
import { lockDecision, savePayment, toPaymentState } from '../payment.store';

/**
 * decision-issued: plans each payment with the conditions that gate it, and any resolutions that
 * arrived first (events of one decision come on several topics, in any order).
 */
@Injectable()
export class OnDecisionIssuedHandler implements TopicHandler<typeof TOPICS.decisionIssuedV1> {
  async handle(event: EventEnvelope<DecisionIssuedV1>, manager: EntityManager): Promise<void> {
    const decision = event.payload;
    const cause = causeOfEvent(event);
    await lockDecision(manager, decision.decisionId);
    const { office, veilederIdent = null } = decision;
    for (const { conditionId, ref, text, deadline } of decision.conditions) {
      await commandGate(manager, decision.decisionId, conditionId, { type: 'LearnIssued', ref, text, deadline, office, veilederIdent });
    }
    // Conditions already met or lifted, and conditions added later, may have arrived first.
    const known = await manager.getRepository(GateConditionEntity).findBy({ decisionId: decision.decisionId });
    const knownResolutions: Gates = {};
    for (const c of known) if (c.metAt && c.resolution) knownResolutions[c.conditionId] = { at: c.metAt.toISOString(), how: c.resolution };

    for (const p of decision.payments) {
      const row = await manager.getRepository(PaymentEntity).findOne({ where: { id: p.paymentId }, lock: { mode: 'pessimistic_write' } });
      const gating = [
        ...decision.conditions.filter((c) => c.gatesPaymentIds.includes(p.paymentId)).map((c) => c.conditionId),
        ...known.filter((c) => c.addedGates.includes(p.paymentId)).map((c) => c.conditionId),
      ];
      const before = toPaymentState(row);
      const events = decidePayment(
        {
          type: 'PlanPayment',
          terms: {
            paymentId: p.paymentId,
            decisionId: decision.decisionId,
            caseId: decision.caseId,
            purpose: p.purpose,
            amountOre: p.amountOre,
            dueDate: p.dueDate,
            payee: p.payee,
            notBefore: p.notBefore ?? null,
          },
          gatingConditionIds: [...new Set(gating)],
          knownResolutions,
          now: cause.now,
        },
        before,
      );
      await savePayment(
        manager,
        before,
        events,
        { ref: p.ref, office: decision.office, veilederIdent: decision.veilederIdent ?? null },
        cause,
      );
    }
  }
}
