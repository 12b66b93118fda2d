import { PaymentForecastView, paymentForecastLine, whatIfLines } from './what-if-text';

const p = (patch: Partial<PaymentForecastView>): PaymentForecastView => ({
  paymentId: 'x',
  ref: 'P1',
  purpose: 'RENT',
  dueDate: '2026-12-01',
  statusNow: 'HELD',
  statusAfter: 'HELD',
  outcome: 'HELD',
  amountOreNow: 850_000,
  amountOreAfter: 850_000,
  releasedAmountOre: null,
  waitingFor: [],
  waitingForDate: null,
  ...patch,
});

describe('what would happen if, in words', () => {
  it('names the amount a released payment would go with', () => {
    expect(paymentForecastLine(p({ outcome: 'RELEASED', releasedAmountOre: 600_000 }))).toBe(
      'P1 Husleie sendes til utbetaling med 6\u00a0000,00\u00a0kr.',
    );
  });

  it('says what a held payment still waits for, conditions and day', () => {
    expect(
      paymentForecastLine(
        p({ ref: 'P2', purpose: 'LIVING_COSTS', waitingFor: [{ conditionId: 'c', ref: 'C3', text: null }], waitingForDate: '2026-12-15' }),
      ),
    ).toBe('P2 Livsopphold holdes fortsatt tilbake: venter på C3, og kan tidligst sendes 15.12.2026.');
  });

  it('words the condition, no payments, and a payout that did not answer', () => {
    expect(
      whatIfLines({ dryRun: true, statusBefore: 'OPEN', condition: { status: 'FULFILLED' }, payments: [], paymentsUnavailable: null }),
    ).toEqual(['Vilkåret blir «oppfylt».', 'Ingen utbetalinger sendes nå.']);
    expect(
      whatIfLines({ dryRun: true, statusBefore: 'OPEN', condition: { status: 'OPEN' }, payments: [], paymentsUnavailable: 'down' }),
    ).toEqual([
      'Vilkåret blir stående som «ikke oppfylt ennå».',
      'Kunne ikke finne ut hvilke utbetalinger som ville blitt sendt: utbetalingstjenesten svarte ikke.',
    ]);
  });
});
