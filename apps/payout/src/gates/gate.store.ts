import { EntityManager } from 'typeorm';
import { GateCommand, GateState, PaymentCommand, gateDecider, fold, unknownGate } from '@vf/rules';
import { GateConditionEntity } from '../database/payment.entity';
import { Cause, commandPayment, lockDecision, lockedPayments } from '../payments/payment.store';

function toGateState(row: GateConditionEntity): GateState {
  return {
    conditionId: row.conditionId,
    decisionId: row.decisionId,
    known: true,
    ref: row.ref,
    text: row.text,
    deadline: row.deadline,
    resolution: row.metAt && row.resolution ? { how: row.resolution, at: row.metAt.toISOString() } : null,
    addedGates: row.addedGates,
    status: row.status,
    summary: row.summary,
    achievable: row.achievable,
    progressAt: row.progressAt?.toISOString() ?? null,
    office: row.office,
    veilederIdent: row.veilederIdent,
  };
}

function toRow(s: GateState): GateConditionEntity {
  return Object.assign(new GateConditionEntity(), {
    conditionId: s.conditionId,
    decisionId: s.decisionId,
    ref: s.ref,
    text: s.text,
    deadline: s.deadline,
    metAt: s.resolution ? new Date(s.resolution.at) : null,
    resolution: s.resolution?.how ?? null,
    addedGates: s.addedGates,
    status: s.status,
    summary: s.summary,
    achievable: s.achievable,
    progressAt: s.progressAt ? new Date(s.progressAt) : null,
    office: s.office,
    veilederIdent: s.veilederIdent,
  });
}

/**
 * Runs one command against what payout knows of a condition and saves the state the gate decider
 * folds to. Callers hold the decision's lock (lockDecision): a condition's events come on several topics.
 */
export async function commandGate(
  manager: EntityManager,
  decisionId: string,
  conditionId: string,
  command: GateCommand,
): Promise<GateState> {
  const row = await manager.getRepository(GateConditionEntity).findOneBy({ conditionId });
  const before = row ? toGateState(row) : unknownGate(conditionId, decisionId);
  const events = gateDecider.decide(command, before);
  if (events.length === 0) return before;
  const after = fold(gateDecider, before, events);
  // One statement: save() would read the row again first to choose between insert and update.
  await manager.upsert(GateConditionEntity, toRow(after), ['conditionId']);
  return after;
}

/**
 * A condition met (evidence, judgement) or lifted: recorded on the condition (the first resolution
 * counts), then each payment it gates is told, and is released if nothing else holds it.
 */
export async function resolveGate(
  manager: EntityManager,
  decisionId: string,
  conditionId: string,
  resolution: { how: 'MET' | 'LIFTED'; at: string; summary: string | null },
  cause: Cause,
) {
  await lockDecision(manager, decisionId);
  const gate = await commandGate(manager, decisionId, conditionId, { type: 'Resolve', ...resolution });
  const { how, at } = gate.resolution!;
  for (const row of await lockedPayments(manager, { decisionId, gatedBy: conditionId })) {
    const command: PaymentCommand =
      how === 'LIFTED'
        ? { type: 'RecordConditionLifted', conditionId, liftedAt: at, now: cause.now }
        : { type: 'RecordConditionMet', conditionId, metAt: at, now: cause.now };
    await commandPayment(manager, row, command, cause);
  }
}
