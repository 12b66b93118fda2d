import { DataSource, EntityManager, In } from 'typeorm';
import { maskNationalId, PaymentState, waitingFor, waitingForDate } from '@vf/rules';
import { GateConditionEntity, PaymentEntity } from '../database/payment.entity';
import { toPaymentState } from './payment.store';

/** The status part of a payment, e.g. as the answer to a settlement report. */
export function paymentStatusView(state: PaymentState) {
  if (state.status === 'NONE') return { status: 'NONE' };
  return {
    paymentId: state.terms.paymentId,
    status: state.status,
    amountOre: state.terms.amountOre,
    releases: state.releases,
    releasedAt: state.releasedAt,
    reduction: state.reduction,
    settlement: state.settlement,
    stopReason: state.stopReason,
    /** One entry per release, oldest first, each with the payment team's report on it (null until reported). */
    attempts: state.attempts,
  };
}

/**
 * A payment and what it still waits for: what a veileder shows the recipient at the desk. The
 * recipient's fødselsnummer is masked here; the payment team gets it in its own feed.
 */
export function paymentView(row: PaymentEntity, conditions: Map<string, GateConditionEntity>, now: Date) {
  const state = toPaymentState(row);
  const describe = (conditionId: string) => {
    const c = conditions.get(conditionId);
    return {
      conditionId,
      ref: c?.ref ?? null,
      text: c?.text ?? null,
      deadline: c?.deadline ?? null,
      status: c?.status ?? null,
      progress: c?.summary ?? null,
      achievable: c?.achievable ?? null,
    };
  };
  return {
    paymentId: row.id,
    decisionId: row.decisionId,
    caseId: row.caseId,
    ref: row.ref,
    purpose: row.purpose,
    amountOre: row.amountOre,
    dueDate: row.dueDate,
    notBefore: row.notBefore,
    payee: row.payee.type === 'RECIPIENT' ? { type: 'RECIPIENT', nationalId: maskNationalId(row.payee.nationalId) } : row.payee,
    ...paymentStatusView(state),
    waitingFor: row.status === 'HELD' ? waitingFor(state).map(describe) : [],
    waitingForDate: waitingForDate(state, now),
    resolved: Object.entries(row.gates)
      .filter(([, r]) => r !== null)
      .map(([conditionId, r]) => ({ ...describe(conditionId), at: r!.at, how: r!.how })),
  };
}

/** The views of several payments, with the conditions they name loaded in one query. */
export async function paymentViews(db: DataSource | EntityManager, rows: PaymentEntity[], now = new Date()) {
  const ids = [...new Set(rows.flatMap((r) => Object.keys(r.gates)))];
  const conditions = ids.length ? await db.getRepository(GateConditionEntity).findBy({ conditionId: In(ids) }) : [];
  const byId = new Map(conditions.map((c) => [c.conditionId, c]));
  return rows.map((row) => paymentView(row, byId, now));
}
