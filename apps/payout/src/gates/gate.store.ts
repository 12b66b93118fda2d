import { EntityManager } from 'typeorm';
import { ConditionProgressV1 } from '@vf/contracts';
import { GateCommand, GateState, PaymentCommand, gateDecider, replay, unknownGate } from '@vf/rules';
import { preparedQuery } from '@vf/platform';
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

const GATE_COLUMNS = `condition_id AS "conditionId", decision_id AS "decisionId", ref, text, to_char(deadline, 'YYYY-MM-DD') AS deadline,
  met_at AS "metAt", resolution, added_gates AS "addedGates", status, summary, achievable, progress_at AS "progressAt", office,
  veileder_ident AS "veilederIdent"`;

/** Stores a gate's state, inserted or updated, in one statement. */
async function writeGate(manager: EntityManager, s: GateState): Promise<void> {
  await preparedQuery(
    manager,
    `INSERT INTO gate_condition (condition_id, decision_id, ref, text, deadline, met_at, resolution, added_gates, status, summary,
       achievable, progress_at, office, veileder_ident)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     ON CONFLICT (condition_id) DO UPDATE SET decision_id = EXCLUDED.decision_id, ref = EXCLUDED.ref, text = EXCLUDED.text,
       deadline = EXCLUDED.deadline, met_at = EXCLUDED.met_at, resolution = EXCLUDED.resolution, added_gates = EXCLUDED.added_gates,
       status = EXCLUDED.status, summary = EXCLUDED.summary, achievable = EXCLUDED.achievable, progress_at = EXCLUDED.progress_at,
       office = EXCLUDED.office, veileder_ident = EXCLUDED.veileder_ident`,
    [
      s.conditionId,
      s.decisionId,
      s.ref,
      s.text,
      s.deadline,
      s.resolution?.at ?? null,
      s.resolution?.how ?? null,
      JSON.stringify(s.addedGates),
      s.status,
      s.summary,
      s.achievable,
      s.progressAt,
      s.office,
      s.veilederIdent,
    ],
  );
}

/**
 * Runs commands, in order, against what payout knows of a condition and saves the state the gate
 * decider folds to: one read and at most one write, however many commands. Callers hold the
 * decision's lock (lockDecision): a condition's events come on several topics.
 */
export async function commandGate(
  manager: EntityManager,
  decisionId: string,
  conditionId: string,
  ...commands: GateCommand[]
): Promise<GateState> {
  // Plain SQL: every condition-fulfilled and condition-progress passes here.
  const [row]: GateConditionEntity[] = await preparedQuery(manager, `SELECT ${GATE_COLUMNS} FROM gate_condition WHERE condition_id = $1`, [
    conditionId,
  ]);
  const before = row ? toGateState(row) : unknownGate(conditionId, decisionId);
  const { state: after, events } = replay(gateDecider, before, commands);
  if (events.length === 0) return before;
  await writeGate(manager, after);
  return after;
}

/** The command that records a condition-progress snapshot (the newest is kept). */
const recordProgressCommand = ({ office, status, deadline, summary, achievable, at }: ConditionProgressV1): GateCommand => ({
  type: 'RecordProgress',
  progress: { status, deadline, summary, achievable, at, office },
});

/** A condition-progress snapshot, the newest kept. Callers hold the decision's lock. */
export async function recordProgress(manager: EntityManager, p: ConditionProgressV1): Promise<void> {
  await commandGate(manager, p.decisionId, p.conditionId, recordProgressCommand(p));
}

/**
 * A condition met (evidence, judgement) or lifted: recorded on the condition (the first resolution
 * counts; with the snapshot the fulfilment carries, that first), then each payment it gates is told,
 * and is released if nothing else holds it.
 */
export async function resolveGate(
  manager: EntityManager,
  decisionId: string,
  conditionId: string,
  resolution: { how: 'MET' | 'LIFTED'; at: string; summary: string | null },
  cause: Cause,
  progress: ConditionProgressV1 | null = null,
) {
  await lockDecision(manager, decisionId);
  // The snapshot first, then the resolution: one read and one write of the gate for both.
  const commands: GateCommand[] = [...(progress ? [recordProgressCommand(progress)] : []), { type: 'Resolve', ...resolution }];
  const gate = await commandGate(manager, decisionId, conditionId, ...commands);
  const { how, at } = gate.resolution!;
  for (const row of await lockedPayments(manager, { decisionId, gatedBy: conditionId })) {
    const command: PaymentCommand =
      how === 'LIFTED'
        ? { type: 'RecordConditionLifted', conditionId, liftedAt: at, now: cause.now }
        : { type: 'RecordConditionMet', conditionId, metAt: at, now: cause.now };
    await commandPayment(manager, row, command, cause);
  }
}
