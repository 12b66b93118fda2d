import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  ConditionFulfilledV1,
  ConditionProgressV1,
  ConditionReopenedV1,
  DecisionAmendedV1,
  DecisionIssuedV1,
  EventEnvelope,
  EventTopic,
  PayloadByTopic,
  PaymentSettlementV1,
  TOPICS,
} from '@vf/contracts';
import { EventHandlerPort } from '@vf/messaging';
import { Gates, PaymentCommand, RuleViolation, decidePayment, releaseIdempotencyKey } from '@vf/rules';
import { GateConditionEntity, PaymentEntity } from '../../database/payment.entity';
import { Cause, savePayment, toPaymentState } from '../payment.store';

/** Events of one decision are handled one at a time: they come on different topics, maybe to different instances. */
export const lockDecision = (manager: EntityManager, decisionId: string) => manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [decisionId]);

/** Runs one command against one payment row (locked) and saves what it decided. */
export async function commandPayment(manager: EntityManager, row: PaymentEntity, command: PaymentCommand, cause: Cause) {
  const before = toPaymentState(row);
  return savePayment(manager, before, decidePayment(command, before), { ref: row.ref, office: row.office, veilederIdent: row.veilederIdent }, cause);
}

export async function lockedPayments(manager: EntityManager, where: { decisionId: string; paymentId?: string; gatedBy?: string }) {
  const q = manager.getRepository(PaymentEntity).createQueryBuilder('p').setLock('pessimistic_write').where('p.decision_id = :decisionId', where);
  if (where.paymentId) q.andWhere('p.id = :paymentId', where);
  if (where.gatedBy) q.andWhere('jsonb_exists(p.gates, :gatedBy)', where);
  return q.orderBy('p.id').getMany();
}

/**
 * payout's consumer: plans payments, resolves their gates, applies the decision unit's amendments and
 * the payment team's settlements, and releases each payment the moment nothing holds it.
 */
@Injectable()
export class ReleasePaymentHandler implements EventHandlerPort {
  async handle<K extends EventTopic>(topic: K, event: EventEnvelope<PayloadByTopic[K]>, manager: EntityManager): Promise<void> {
    const cause: Cause = { eventId: event.eventId, correlationId: event.correlationId, now: new Date(), actor: event.actor };
    const p = event.payload as unknown;
    switch (topic) {
      case TOPICS.decisionIssuedV1:
        return this.onDecisionIssued(p as DecisionIssuedV1, manager, cause);
      case TOPICS.conditionFulfilledV1: {
        const f = p as ConditionFulfilledV1;
        await this.onGate(manager, f.decisionId, f.conditionId, 'MET', f.fulfilledAt, cause);
        await manager.query(`UPDATE gate_condition SET summary = $2 WHERE condition_id = $1`, [f.conditionId, f.summary]);
        return;
      }
      case TOPICS.conditionReopenedV1: {
        const r = p as ConditionReopenedV1;
        await lockDecision(manager, r.decisionId);
        await manager.query(
          `INSERT INTO gate_condition (condition_id, decision_id) VALUES ($1, $2)
           ON CONFLICT (condition_id) DO UPDATE SET met_at = NULL, resolution = NULL, status = 'OPEN', summary = $3
           WHERE gate_condition.resolution = 'MET'`,
          [r.conditionId, r.decisionId, r.summary],
        );
        for (const row of await lockedPayments(manager, { decisionId: r.decisionId, gatedBy: r.conditionId })) {
          await commandPayment(manager, row, { type: 'RecordConditionReopened', conditionId: r.conditionId, reason: r.reason, now: cause.now }, cause);
        }
        return;
      }
      case TOPICS.decisionAmendedV1:
        return this.onAmended(p as DecisionAmendedV1, manager, cause);
      case TOPICS.conditionProgressV1: {
        // A snapshot: keep the newest. Drives "what does this payment wait for" and the office overview.
        const g = p as ConditionProgressV1;
        await manager.query(
          `INSERT INTO gate_condition (condition_id, decision_id, office, status, deadline, summary, achievable, progress_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (condition_id) DO UPDATE SET status = EXCLUDED.status, deadline = EXCLUDED.deadline, summary = EXCLUDED.summary,
             achievable = EXCLUDED.achievable, progress_at = EXCLUDED.progress_at, office = COALESCE(gate_condition.office, EXCLUDED.office)
           WHERE gate_condition.progress_at IS NULL OR gate_condition.progress_at <= EXCLUDED.progress_at`,
          [g.conditionId, g.decisionId, g.office, g.status, g.deadline, g.summary, g.achievable, g.at],
        );
        return;
      }
      case TOPICS.paymentSettlementV1: {
        const s = p as PaymentSettlementV1;
        const row = await manager.getRepository(PaymentEntity).findOneBy({ id: s.paymentId });
        if (!row) throw RuleViolation.invalid('paymentId', 'no such payment');
        await lockDecision(manager, row.decisionId);
        await settle(manager, row.decisionId, s, cause);
        return;
      }
    }
  }

  private async onDecisionIssued(decision: DecisionIssuedV1, manager: EntityManager, cause: Cause): Promise<void> {
    await lockDecision(manager, decision.decisionId);
    for (const c of decision.conditions) {
      await manager.query(
        `INSERT INTO gate_condition (condition_id, decision_id, ref, text, deadline, office, veileder_ident, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'OPEN')
         ON CONFLICT (condition_id) DO UPDATE SET ref = EXCLUDED.ref, text = EXCLUDED.text, office = EXCLUDED.office,
           veileder_ident = EXCLUDED.veileder_ident, deadline = COALESCE(gate_condition.deadline, EXCLUDED.deadline),
           status = COALESCE(gate_condition.status, EXCLUDED.status)`,
        [c.conditionId, decision.decisionId, c.ref, c.text, c.deadline, decision.office, decision.veilederIdent ?? null],
      );
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
      await savePayment(manager, before, events, { ref: p.ref, office: decision.office, veilederIdent: decision.veilederIdent ?? null }, cause);
    }
  }

  /** A condition met (evidence, judgement) or lifted: the first resolution counts. */
  private async onGate(manager: EntityManager, decisionId: string, conditionId: string, how: 'MET' | 'LIFTED', at: string, cause: Cause) {
    await lockDecision(manager, decisionId);
    await manager.query(
      `INSERT INTO gate_condition (condition_id, decision_id, met_at, resolution, status) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (condition_id) DO UPDATE SET met_at = COALESCE(gate_condition.met_at, EXCLUDED.met_at),
                                                resolution = COALESCE(gate_condition.resolution, EXCLUDED.resolution),
                                                status = EXCLUDED.status`,
      [conditionId, decisionId, at, how, how === 'MET' ? 'FULFILLED' : 'LIFTED'],
    );
    const gate = await manager.getRepository(GateConditionEntity).findOneByOrFail({ conditionId });
    const resolvedAt = gate.metAt!.toISOString();
    for (const row of await lockedPayments(manager, { decisionId, gatedBy: conditionId })) {
      const command: PaymentCommand =
        gate.resolution === 'LIFTED'
          ? { type: 'RecordConditionLifted', conditionId, liftedAt: resolvedAt, now: cause.now }
          : { type: 'RecordConditionMet', conditionId, metAt: resolvedAt, now: cause.now };
      await commandPayment(manager, row, command, cause);
    }
  }

  private async onAmended(a: DecisionAmendedV1, manager: EntityManager, cause: Cause): Promise<void> {
    const m = a.amendment;
    const now = cause.now;
    switch (m.kind) {
      case 'CONDITION_LIFTED':
        return this.onGate(manager, a.decisionId, m.conditionId, 'LIFTED', a.amendedAt, cause);
      case 'DEADLINE_MOVED':
        await manager.query(`UPDATE gate_condition SET deadline = $2 WHERE condition_id = $1`, [m.conditionId, m.deadline]);
        return;
      case 'CONDITION_ADDED': {
        await lockDecision(manager, a.decisionId);
        const c = m.condition;
        await manager.query(
          `INSERT INTO gate_condition (condition_id, decision_id, ref, text, deadline, added_gates) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (condition_id) DO UPDATE SET ref = EXCLUDED.ref, text = EXCLUDED.text, deadline = EXCLUDED.deadline, added_gates = EXCLUDED.added_gates`,
          [c.conditionId, a.decisionId, c.ref, c.text, c.deadline, JSON.stringify(c.gatesPaymentIds)],
        );
        for (const paymentId of c.gatesPaymentIds) {
          for (const row of await lockedPayments(manager, { decisionId: a.decisionId, paymentId })) {
            await commandPayment(manager, row, { type: 'AddGate', conditionId: c.conditionId, now }, cause);
          }
        }
        return;
      }
      case 'PAYMENT_REDUCED':
        return this.onPayment(
          manager,
          a.decisionId,
          m.paymentId,
          { type: 'Reduce', reduction: { conditionId: m.conditionId, toOre: m.toOre, assessment: a.reason }, now },
          cause,
        );
      case 'PAYMENT_STOPPED':
        return this.onPayment(manager, a.decisionId, m.paymentId, { type: 'Stop', reason: a.reason, now }, cause);
      case 'RELEASE_AGAIN':
        return this.onPayment(manager, a.decisionId, m.paymentId, { type: 'ReleaseAgain', reason: a.reason, now }, cause);
      case 'DECISION_REVOKED':
        await lockDecision(manager, a.decisionId);
        for (const row of await lockedPayments(manager, { decisionId: a.decisionId })) {
          await commandPayment(manager, row, { type: 'Cancel', reason: a.reason, now }, cause);
        }
        return;
    }
  }

  private async onPayment(manager: EntityManager, decisionId: string, paymentId: string, command: PaymentCommand, cause: Cause) {
    await lockDecision(manager, decisionId);
    const [row] = await lockedPayments(manager, { decisionId, paymentId });
    if (!row) throw RuleViolation.invalid('paymentId', 'payout knows no such payment of this decision');
    await commandPayment(manager, row, command, cause);
  }
}

/** The payment team's report, from Kafka or HTTP: paid (reference, day) or failed (reason). */
export async function settle(manager: EntityManager, decisionId: string, s: PaymentSettlementV1, cause: Cause) {
  const [row] = await lockedPayments(manager, { decisionId, paymentId: s.paymentId });
  if (!row) throw RuleViolation.invalid('paymentId', 'no such payment');
  const expectedKey = releaseIdempotencyKey(row.id, row.releases);
  if (s.idempotencyKey !== expectedKey) {
    throw RuleViolation.conflict('idempotencyKey', `the payment's current release is ${expectedKey}`);
  }
  if (s.outcome === 'PAID' && (!s.reference || !s.paidOn)) throw RuleViolation.invalid('reference', 'a paid report carries the reference and paidOn');
  if (s.outcome === 'FAILED' && !s.reason) throw RuleViolation.invalid('reason', 'a failed report carries the reason');
  return commandPayment(
    manager,
    row,
    {
      type: 'ReportSettlement',
      settlement: { outcome: s.outcome, reference: s.reference ?? null, paidOn: s.paidOn ?? null, reason: s.reason ?? null, reportedAt: s.reportedAt },
      now: cause.now,
    },
    cause,
  );
}
