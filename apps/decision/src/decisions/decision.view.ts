import { DecisionEntity } from '../database/decision.entity';

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
      status: d.progress.conditions[c.conditionId]?.status ?? null,
      breached: d.progress.conditions[c.conditionId]?.breached ?? false,
    })),
  };
}

export type DecisionView = ReturnType<typeof decisionView>;
