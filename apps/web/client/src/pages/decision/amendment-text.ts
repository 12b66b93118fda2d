// What an entry of the decision's journal changed, in words: "Ny frist for C2: 15.12.2026".
import { formatDate, formatOre } from '../../format';
import { EXCEPTION_OPTIONS, personLabel, purposeLabel } from '../../texts';
import type { DecisionView } from '../../types';

export function amendmentText(
  kind: string,
  details: Record<string, unknown> | null,
  d: Pick<DecisionView, 'payments' | 'conditions'> & Partial<Pick<DecisionView, 'persons'>>,
): string | null {
  const condition = (id: unknown) => d.conditions.find((c) => c.conditionId === id)?.ref ?? 'et vilkår';
  const payment = (id: unknown) => {
    const p = d.payments.find((x) => x.paymentId === id);
    return p ? `${p.ref} ${purposeLabel(p.purpose)}` : 'en utbetaling';
  };
  const x = details ?? {};
  switch (kind) {
    case 'DECISION_ISSUED':
      return `Vedtak fattet med ${d.payments.length} ${d.payments.length === 1 ? 'utbetaling' : 'utbetalinger'} og ${d.conditions.length} vilkår`;
    case 'ACTIVITY_DUTY_EXCEPTION': {
      const relation = d.persons?.find((p) => p.person === x.person)?.relation;
      const code = EXCEPTION_OPTIONS.find((o) => o.value === x.code)?.label ?? String(x.code);
      return `${personLabel(String(x.person), relation)}: ${code}`;
    }
    case 'CONDITION_LIFTED':
      return `Vilkår ${condition(x.conditionId)} opphevet`;
    case 'DEADLINE_MOVED':
      return `Ny frist for ${condition(x.conditionId)}: ${formatDate(String(x.deadline))} (var ${formatDate(String(x.previousDeadline))})`;
    case 'CONDITION_ADDED': {
      const c = x.condition as { ref?: string; deadline?: string } | undefined;
      return `Vilkår ${c?.ref ?? ''} lagt til, frist ${formatDate(c?.deadline ?? '')}`;
    }
    case 'PAYMENT_REDUCED':
      return `${payment(x.paymentId)} redusert fra ${formatOre(Number(x.fromOre))} til ${formatOre(Number(x.toOre))} (brudd på ${condition(x.conditionId)})`;
    case 'PAYMENT_STOPPED':
      return `${payment(x.paymentId)} stanset`;
    case 'RELEASE_AGAIN':
      return `${payment(x.paymentId)} sendt til utbetaling på nytt`;
    case 'DECISION_REVOKED': {
      const cancelled = (x.cancelledPaymentIds as string[] | undefined) ?? [];
      const untouched = (x.untouchedPaymentIds as string[] | undefined) ?? [];
      return `Vedtaket opphevet. Annullert: ${cancelled.map(payment).join(', ') || 'ingen'}. Allerede sendt: ${untouched.map(payment).join(', ') || 'ingen'}`;
    }
    default:
      return null;
  }
}
