import { amendmentText } from './amendment-text';

const decision = {
  payments: [{ paymentId: 'p2', ref: 'P2', purpose: 'LIVING_COSTS' }],
  conditions: [{ conditionId: 'c3', ref: 'C3' }],
} as unknown as Parameters<typeof amendmentText>[2];

describe('the decision journal in words', () => {
  it('says which condition or payment each amendment changed, and how', () => {
    expect(amendmentText('DEADLINE_MOVED', { conditionId: 'c3', deadline: '2026-12-15', previousDeadline: '2026-11-30' }, decision)).toBe(
      'Ny frist for C3: 15.12.2026 (var 30.11.2026)',
    );
    expect(
      amendmentText('PAYMENT_REDUCED', { paymentId: 'p2', conditionId: 'c3', fromOre: 785_000, toOre: 500_000 }, decision)?.replace(
        /\u00a0/g,
        ' ',
      ),
    ).toBe('P2 Livsopphold redusert fra 7 850,00 kr til 5 000,00 kr (brudd på C3)');
    expect(amendmentText('PAYMENT_STOPPED', { paymentId: 'p2' }, decision)).toBe('P2 Livsopphold stanset');
    expect(amendmentText('DECISION_ISSUED', null, decision)).toBe('Vedtak fattet med 1 utbetaling og 1 vilkår');
  });
});
