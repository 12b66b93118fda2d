import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ConditionFulfilledV1, ConditionReopenedV1, DecisionIssuedV1, EventEnvelope, EventTopic, PayloadByTopic, TOPICS } from '@vf/contracts';
import { EventHandlerPort } from '@vf/messaging';
import { decidePayment } from '@vf/rules';
import { GateConditionEntity, PaymentEntity } from '../../database/payment.entity';
import { Cause, savePayment, toPaymentState } from '../payment.store';

/**
 * Releases each payment the moment every condition gating it is met. Runs inside the consumer's
 * transaction (with the event-id record). Events of one decision are handled one at a time under
 * an advisory lock, because decision-issued and condition-fulfilled come on different topics and
 * may be handled at once by different instances.
 */
@Injectable()
export class ReleasePaymentHandler implements EventHandlerPort {
  async handle<K extends EventTopic>(topic: K, event: EventEnvelope<PayloadByTopic[K]>, manager: EntityManager): Promise<void> {
    const cause: Cause = { eventId: event.eventId, correlationId: event.correlationId, now: new Date() };
    if (topic === TOPICS.decisionIssuedV1) return this.onDecisionIssued(event.payload as DecisionIssuedV1, manager, cause);
    if (topic === TOPICS.conditionFulfilledV1) return this.onConditionFulfilled(event.payload as ConditionFulfilledV1, manager, cause);
    if (topic === TOPICS.conditionReopenedV1) return this.onConditionReopened(event.payload as ConditionReopenedV1, manager, cause);
  }

  /** A condition met before no longer is: held payments wait for it again; released ones go to review. */
  private async onConditionReopened(reopened: ConditionReopenedV1, manager: EntityManager, cause: Cause): Promise<void> {
    await this.lockDecision(manager, reopened.decisionId);
    await manager.query(
      `INSERT INTO gate_condition (condition_id, decision_id, met_at) VALUES ($1, $2, NULL)
       ON CONFLICT (condition_id) DO UPDATE SET met_at = NULL`,
      [reopened.conditionId, reopened.decisionId],
    );
    for (const row of await this.gatedBy(manager, reopened.decisionId, reopened.conditionId)) {
      const before = toPaymentState(row);
      const events = decidePayment(
        { type: 'RecordConditionReopened', conditionId: reopened.conditionId, reason: reopened.reason, now: cause.now.toISOString() },
        before,
      );
      await savePayment(manager, before, events, { ref: row.ref, office: row.office }, cause);
    }
  }

  /** The payments of a decision that a condition gates, locked. */
  private gatedBy(manager: EntityManager, decisionId: string, conditionId: string) {
    return manager
      .getRepository(PaymentEntity)
      .createQueryBuilder('p')
      .setLock('pessimistic_write')
      .where('p.decision_id = :decisionId', { decisionId })
      .andWhere('jsonb_exists(p.gates, :conditionId)', { conditionId })
      .orderBy('p.id')
      .getMany();
  }

  private lockDecision(manager: EntityManager, decisionId: string) {
    return manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [decisionId]);
  }

  private async onDecisionIssued(decision: DecisionIssuedV1, manager: EntityManager, cause: Cause): Promise<void> {
    await this.lockDecision(manager, decision.decisionId);
    for (const c of decision.conditions) {
      await manager.query(
        `INSERT INTO gate_condition (condition_id, decision_id, ref, text, deadline) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (condition_id) DO UPDATE SET ref = EXCLUDED.ref, text = EXCLUDED.text, deadline = EXCLUDED.deadline`,
        [c.conditionId, decision.decisionId, c.ref, c.text, c.deadline],
      );
    }
    const met = await manager.getRepository(GateConditionEntity).findBy({ decisionId: decision.decisionId });
    const knownFulfilments: Record<string, string> = {};
    for (const c of met) if (c.metAt) knownFulfilments[c.conditionId] = c.metAt.toISOString();

    for (const p of decision.payments) {
      const row = await manager.getRepository(PaymentEntity).findOne({ where: { id: p.paymentId }, lock: { mode: 'pessimistic_write' } });
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
          },
          gatingConditionIds: decision.conditions.filter((c) => c.gatesPaymentIds.includes(p.paymentId)).map((c) => c.conditionId),
          knownFulfilments,
          now: cause.now.toISOString(),
        },
        before,
      );
      await savePayment(manager, before, events, { ref: p.ref, office: decision.office }, cause);
    }
  }

  private async onConditionFulfilled(fulfilled: ConditionFulfilledV1, manager: EntityManager, cause: Cause): Promise<void> {
    await this.lockDecision(manager, fulfilled.decisionId);
    // The first fulfilment counts; the condition may be known already from decision-issued, or not yet.
    await manager.query(
      `INSERT INTO gate_condition (condition_id, decision_id, met_at) VALUES ($1, $2, $3)
       ON CONFLICT (condition_id) DO UPDATE SET met_at = COALESCE(gate_condition.met_at, EXCLUDED.met_at)`,
      [fulfilled.conditionId, fulfilled.decisionId, fulfilled.fulfilledAt],
    );
    const [{ met_at: metAt }] = await manager.query(`SELECT met_at FROM gate_condition WHERE condition_id = $1`, [fulfilled.conditionId]);
    for (const row of await this.gatedBy(manager, fulfilled.decisionId, fulfilled.conditionId)) {
      const before = toPaymentState(row);
      const events = decidePayment(
        { type: 'RecordConditionMet', conditionId: fulfilled.conditionId, metAt: (metAt as Date).toISOString(), now: cause.now.toISOString() },
        before,
      );
      await savePayment(manager, before, events, { ref: row.ref, office: row.office }, cause);
    }
  }
}
