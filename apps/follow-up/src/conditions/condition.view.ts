import { CONDITION_CATEGORIES, ConditionState, describeCondition } from '@vf/rules';
import { ConditionEntity } from '../database/condition.entity';

/** A condition with its status and why, as a veileder shows it at the desk. */
export function conditionView(row: ConditionEntity, state: ConditionState) {
  const view = describeCondition(state);
  return {
    conditionId: row.id,
    decisionId: row.decisionId,
    caseId: row.caseId,
    ref: row.ref,
    kind: state.requirement.kind,
    text: row.text,
    /** Whose condition it is: RECIPIENT or PARTNER (the spouse or cohabitant). */
    person: row.person ?? 'RECIPIENT',
    category: row.category ?? null,
    categoryName: row.category ? CONDITION_CATEGORIES[row.category] : null,
    deadline: state.deadline,
    requirement: state.requirement,
    gatesPaymentIds: row.gatesPaymentIds,
    status: view.status,
    summary: view.summary,
    progress: view.progress,
    details: view.details,
    achievable: view.achievable,
    breachedAt: state.breachedAt,
    fulfilledAt: state.fulfilledAt,
    fulfilledBy: state.fulfilledBy,
    judgement: state.judgement,
    evidence: state.evidence.map((e) => ({
      evidenceId: e.evidenceId,
      kind: e.kind,
      registeredAt: e.registeredAt,
      registeredBy: e.registeredBy,
      withdrawal: e.withdrawal ?? null,
    })),
  };
}

export type ConditionView = ReturnType<typeof conditionView>;
