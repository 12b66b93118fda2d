// A worklist item in the decision unit's words, from what the item and its decision say.
import { formatDate, formatInstant, formatOre } from '../../format';
import { purposeLabel } from '../../texts';
import type { DecisionView, WorklistItem } from '../../types';

export function worklistText(item: WorklistItem, d: DecisionView | undefined): string {
  const condition = d?.conditions.find((c) => c.conditionId === item.conditionId);
  const payment = d?.payments.find((p) => p.paymentId === item.paymentId);
  const paymentName = payment ? `${payment.ref} ${purposeLabel(payment.purpose)} ${formatOre(payment.currentAmountOre)}` : 'Utbetalingen';
  switch (item.kind) {
    case 'CONDITION_BREACHED':
      return condition
        ? `Fristen ${formatDate(condition.deadline)} gikk ut uten at vilkår ${condition.ref} ble oppfylt: ${condition.text}`
        : 'Fristen for et vilkår gikk ut uten at det ble oppfylt.';
    case 'RELEASED_PAYMENT_QUESTIONED': {
      const released = /payment released (\S+), then/.exec(item.summary)?.[1];
      const when = released ? ` ${formatInstant(released)}` : '';
      if (/stop arrived after/.test(item.summary))
        return `${paymentName} var allerede sendt til utbetaling${when} da stansen kom. Vurder om beløpet skal kreves tilbake.`;
      return condition
        ? `${paymentName} ble sendt til utbetaling${when}, men vilkår ${condition.ref} er ikke lenger oppfylt ` +
            '(dokumentasjon trukket tilbake eller rettet). Ingenting er krevd tilbake.'
        : `${paymentName} ble sendt til utbetaling${when}, men en endring kom etterpå. Ingenting er krevd tilbake.`;
    }
    case 'PAYMENT_FAILED': {
      const reason = /could not pay: ([\s\S]*)$/.exec(item.summary)?.[1];
      const due = payment ? `, forfall ${formatDate(payment.dueDate)}` : '';
      return `Fellestjenesten kunne ikke utbetale ${paymentName}${due}${reason ? `: ${reason}` : '.'}`;
    }
    default:
      return item.summary;
  }
}
