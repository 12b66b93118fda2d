// "What would happen if", in words: the condition afterwards and each payment it reaches. Pure.
import { formatDate, formatOre } from './format';
import { CONDITION_STATUS, purposeLabel } from './texts';

/** A payment as payout forecasts it (the services' `payments` in a dry run's answer). */
export interface PaymentForecastView {
  paymentId: string;
  ref: string;
  purpose: string;
  dueDate: string;
  statusNow: string;
  statusAfter: string;
  outcome: 'RELEASED' | 'HELD' | 'HELD_AGAIN' | 'QUESTIONED' | 'UNCHANGED';
  amountOreNow: number;
  amountOreAfter: number;
  releasedAmountOre: number | null;
  waitingFor: Array<{ conditionId: string; ref: string | null; text: string | null }>;
  waitingForDate: string | null;
}

export interface WhatIfAnswer {
  dryRun: true;
  statusBefore?: string;
  condition?: { status: string; ref?: string } | null;
  payments: PaymentForecastView[];
  paymentsUnavailable: string | null;
  paymentsNotKnownToPayout?: string[];
}

/** One sentence per payment: "P1 Husleie sendes til utbetaling med 8 500,00 kr." */
export function paymentForecastLine(p: PaymentForecastView): string {
  const name = `${p.ref} ${purposeLabel(p.purpose)}`;
  const waits = [
    ...(p.waitingFor.length ? [`venter på ${p.waitingFor.map((c) => c.ref ?? 'et vilkår').join(' og ')}`] : []),
    ...(p.waitingForDate ? [`kan tidligst sendes ${formatDate(p.waitingForDate)}`] : []),
  ].join(', og ');
  switch (p.outcome) {
    case 'RELEASED':
      return `${name} sendes til utbetaling med ${formatOre(p.releasedAmountOre ?? p.amountOreAfter)}.`;
    case 'HELD':
      return `${name} holdes fortsatt tilbake${waits ? `: ${waits}` : ''}.`;
    case 'HELD_AGAIN':
      return `${name} holdes tilbake igjen.`;
    case 'QUESTIONED':
      return `${name} er allerede sendt til utbetaling. Endringen går til vedtaksavdelingen for vurdering.`;
    case 'UNCHANGED':
      return `${name} berøres ikke.`;
  }
}

/** The preview in lines: what happens to the condition (if one is named), then to the payments. */
export function whatIfLines(answer: WhatIfAnswer): string[] {
  const lines: string[] = [];
  if (answer.condition) {
    const after = CONDITION_STATUS[answer.condition.status]?.label ?? answer.condition.status;
    lines.push(
      answer.statusBefore === answer.condition.status
        ? `Vilkåret blir stående som «${after.toLowerCase()}».`
        : `Vilkåret blir «${after.toLowerCase()}».`,
    );
  }
  if (answer.paymentsUnavailable) {
    lines.push('Kunne ikke finne ut hvilke utbetalinger som ville blitt sendt: utbetalingstjenesten svarte ikke.');
    return lines;
  }
  if (answer.payments.length === 0) lines.push('Ingen utbetalinger sendes nå.');
  lines.push(...answer.payments.map(paymentForecastLine));
  if (answer.paymentsNotKnownToPayout?.length) lines.push('Noen utbetalinger er ikke registrert hos utbetalingstjenesten ennå.');
  return lines;
}
