import { ACTIVITY_DUTY_AGE_LIMIT, ACTIVITY_EXCEPTION_CODES, CONDITION_CATEGORIES, PersonRef, ageFromNationalId, personOf } from '@vf/rules';
import { DecisionEntity } from '../database/decision.entity';

/** The decision's persons, each with whether § 20 a applied on the period's first day and their exception, if any. */
function personsView(d: DecisionEntity) {
  const person = (ref: PersonRef, relation: string, nationalId: string) => {
    const age = ageFromNationalId(nationalId, d.periodFrom);
    const exception = (d.activityExceptions ?? []).find((e) => e.person === ref) ?? null;
    return {
      person: ref,
      relation,
      nationalId,
      activityDutyApplies: age !== null && age < ACTIVITY_DUTY_AGE_LIMIT,
      activityException: exception && { code: exception.code, name: ACTIVITY_EXCEPTION_CODES[exception.code], reason: exception.reason },
    };
  };
  return [
    person('RECIPIENT', 'RECIPIENT', d.recipientNationalId),
    ...(d.partner ? [person('PARTNER', d.partner.relation, d.partner.nationalId)] : []),
  ];
}

/** How a decision reads back over HTTP. Condition gates are shown both as payment ids and refs. */
export function decisionView(d: DecisionEntity) {
  const refOf = new Map(d.payments.map((p) => [p.paymentId, p.ref]));
  return {
    decisionId: d.id,
    caseId: d.caseId,
    office: d.office,
    recipientNationalId: d.recipientNationalId,
    periodFrom: d.periodFrom,
    periodTo: d.periodTo,
    reductionOnBreachAnnounced: d.reductionOnBreachAnnounced,
    persons: personsView(d),
    veilederIdent: d.veilederIdent,
    issuedAt: d.issuedAt.toISOString(),
    issuedBy: d.issuedBy,
    issuedByRole: d.issuedByRole,
    revoked: d.progress.revoked,
    payments: d.payments.map((p) => ({
      ...p,
      status: d.progress.payments[p.paymentId]?.status ?? null,
      currentAmountOre: d.progress.payments[p.paymentId]?.amountOre ?? p.amountOre,
    })),
    conditions: d.conditions.map((c) => ({
      ...c,
      gates: c.gatesPaymentIds.map((id) => refOf.get(id)),
      person: personOf(c),
      category: c.category ?? null,
      categoryName: c.category ? CONDITION_CATEGORIES[c.category] : null,
      status: d.progress.conditions[c.conditionId]?.status ?? null,
      breached: d.progress.conditions[c.conditionId]?.breached ?? false,
    })),
  };
}

export type DecisionView = ReturnType<typeof decisionView>;
