import { EntityManager } from 'typeorm';
import { PaymentCommand } from '@vf/rules';
import { GateConditionEntity } from '../database/payment.entity';
import { Cause, commandPayment, lockDecision, lockedPayments } from '../payments/payment.store';

/**
 * A condition met (evidence, judgement) or lifted: recorded on the condition (the first resolution
 * counts), then each payment it gates is told, and is released if nothing else holds it.
 */
export async function resolveGate(
  manager: EntityManager,
  decisionId: string,
  conditionId: string,
  how: 'MET' | 'LIFTED',
  at: string,
  cause: Cause,
) {
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
