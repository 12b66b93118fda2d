import { EntityManager } from 'typeorm';
import { ConditionProgressV1, ConditionProgressV2 } from '@vf/contracts';
import { GateCommand, GateState, PaymentCommand, gateDecider, replay, unknownGate } from '@vf/rules';
import { preparedQuery } from '@vf/platform';
import { GateConditionEntity } from '../database/payment.entity';
import { Cause, DecidedPayment, decidedPayment, lockDecisions, lockedPaymentsGatedBy, savePayments } from '../payments/payment.store';

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

const GATE_RECORD_COLUMNS = [
  'condition_id',
  'decision_id',
  'ref',
  'text',
  'deadline',
  'met_at',
  'resolution',
  'added_gates',
  'status',
  'summary',
  'achievable',
  'progress_at',
  'office',
  'veileder_ident',
];

/** Stores gates' states, inserted or updated, in one statement whatever their number. */
const WRITE_GATES = `
  INSERT INTO gate_condition (${GATE_RECORD_COLUMNS.join(', ')})
  SELECT ${GATE_RECORD_COLUMNS.join(', ')} FROM jsonb_populate_recordset(NULL::gate_condition, $1::jsonb)
  ON CONFLICT (condition_id) DO UPDATE SET ${GATE_RECORD_COLUMNS.filter((c) => c !== 'condition_id')
    .map((c) => `${c} = EXCLUDED.${c}`)
    .join(', ')}`;

async function writeGates(manager: EntityManager, states: GateState[]): Promise<void> {
  if (states.length === 0) return;
  const records = states.map((s) => ({
    condition_id: s.conditionId,
    decision_id: s.decisionId,
    ref: s.ref,
    text: s.text,
    deadline: s.deadline,
    met_at: s.resolution?.at ?? null,
    resolution: s.resolution?.how ?? null,
    added_gates: s.addedGates,
    status: s.status,
    summary: s.summary,
    achievable: s.achievable,
    progress_at: s.progressAt,
    office: s.office,
    veileder_ident: s.veilederIdent,
  }));
  await preparedQuery(manager, WRITE_GATES, [JSON.stringify(records)]);
}

/** What payout knows of these conditions, by condition id, in one statement. */
async function loadGates(manager: EntityManager, conditionIds: string[]): Promise<Map<string, GateState>> {
  const rows: GateConditionEntity[] = await preparedQuery(
    manager,
    `SELECT ${GATE_COLUMNS} FROM gate_condition WHERE condition_id = ANY($1::uuid[])`,
    [conditionIds],
  );
  return new Map(rows.map((r) => [r.conditionId.toLowerCase(), toGateState(r)]));
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
  const before = (await loadGates(manager, [conditionId])).get(conditionId.toLowerCase()) ?? unknownGate(conditionId, decisionId);
  const { state: after, events } = replay(gateDecider, before, commands);
  if (events.length === 0) return before;
  await writeGates(manager, [after]);
  return after;
}

/** The command that records a condition-progress snapshot (the newest is kept). */
const recordProgressCommand = ({ office, status, deadline, summary, achievable, at }: ConditionProgressV2): GateCommand => ({
  type: 'RecordProgress',
  progress: { status, deadline, summary, achievable, at, office },
});

/** A condition-progress snapshot, the newest kept. Callers hold the decision's lock. */
export async function recordProgress(manager: EntityManager, p: ConditionProgressV2): Promise<void> {
  await commandGate(manager, p.decisionId, p.conditionId, recordProgressCommand(p));
}

/** A condition met (evidence, judgement) or lifted, with the snapshot its fulfilment carried, if any. */
export type GateResolution = {
  decisionId: string;
  conditionId: string;
  resolution: { how: 'MET' | 'LIFTED'; at: string; summary: string | null };
  cause: Cause;
  progress?: ConditionProgressV1 | null;
};

/**
 * A condition met (evidence, judgement) or lifted: recorded on the condition (the first resolution
 * counts; with the snapshot the fulfilment carries, that first), then each payment it gates is told,
 * and is released if nothing else holds it.
 */
export async function resolveGate(manager: EntityManager, resolution: GateResolution): Promise<void> {
  await resolveGates(manager, [resolution]);
}

/**
 * resolveGate for many conditions, each of a different decision, in a fixed number of statements
 * whatever their number: the decisions locked, the gates read, the payments they gate read and locked,
 * then the gates written and the payments written (with the overview's figures and the outbox). The
 * rules run in memory, in order. Since no two conditions share a decision, no two share a payment,
 * and the result is what resolving them one by one would give.
 */
export async function resolveGates(manager: EntityManager, resolutions: GateResolution[]): Promise<void> {
  if (new Set(resolutions.map((r) => r.decisionId.toLowerCase())).size !== resolutions.length) {
    throw new Error('resolveGates takes at most one condition of a decision');
  }
  await lockDecisions(
    manager,
    resolutions.map((r) => r.decisionId),
  );
  const gates = await loadGates(
    manager,
    resolutions.map((r) => r.conditionId),
  );
  const gated = await lockedPaymentsGatedBy(manager, resolutions);
  const gateWrites: GateState[] = [];
  const decided: DecidedPayment[] = [];
  for (const { decisionId, conditionId, resolution, cause, progress } of resolutions) {
    // The snapshot first, then the resolution: one read and one write of the gate for both.
    const commands: GateCommand[] = [...(progress ? [recordProgressCommand(progress)] : []), { type: 'Resolve', ...resolution }];
    const before = gates.get(conditionId.toLowerCase()) ?? unknownGate(conditionId, decisionId);
    const { state, events } = replay(gateDecider, before, commands);
    if (events.length > 0) gateWrites.push(state);
    const { how, at } = state.resolution!;
    for (const row of gated.get(conditionId) ?? []) {
      const command: PaymentCommand =
        how === 'LIFTED'
          ? { type: 'RecordConditionLifted', conditionId, liftedAt: at, now: cause.now }
          : { type: 'RecordConditionMet', conditionId, metAt: at, now: cause.now };
      decided.push(decidedPayment(row, command, cause));
    }
  }
  await writeGates(manager, gateWrites);
  await savePayments(manager, decided);
}
