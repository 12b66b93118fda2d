import { worklistText } from './worklist-text';
import type { DecisionView, WorklistItem } from '../../types';

const d = {
  conditions: [{ conditionId: 'c3', ref: 'C3', deadline: '2026-11-30', text: 'Send minst 5 jobbsøknader i uke 46 og i uke 47.' }],
  payments: [{ paymentId: 'p1', ref: 'P1', purpose: 'RENT', currentAmountOre: 850_000, dueDate: '2026-12-01' }],
} as unknown as DecisionView;
const item = (kind: string, summary: string, ids: Partial<WorklistItem> = {}) =>
  ({ kind, summary, conditionId: null, paymentId: null, ...ids }) as WorklistItem;
const plain = (s: string) => s.replace(/\u00a0/g, ' ');

describe("worklist items in the decision unit's words", () => {
  it('words a breach with the condition and its deadline', () => {
    expect(worklistText(item('CONDITION_BREACHED', 'deadline 2026-11-30 passed …', { conditionId: 'c3' }), d)).toBe(
      'Fristen 30.11.2026 gikk ut uten at vilkår C3 ble oppfylt: Send minst 5 jobbsøknader i uke 46 og i uke 47.',
    );
  });

  it("words a failed payment with the payment team's reason", () => {
    expect(plain(worklistText(item('PAYMENT_FAILED', 'the payment team could not pay: kontoen er stengt', { paymentId: 'p1' }), d))).toBe(
      'Fellestjenesten kunne ikke utbetale P1 Husleie 8 500,00 kr, forfall 01.12.2026: kontoen er stengt',
    );
  });

  it('words a questioned release, by what came after it', () => {
    const reopened = item('RELEASED_PAYMENT_QUESTIONED', 'payment released 2026-11-26T10:00:00.000Z, then: evidence withdrawn', {
      paymentId: 'p1',
      conditionId: 'c3',
    });
    expect(plain(worklistText(reopened, d))).toBe(
      'P1 Husleie 8 500,00 kr ble sendt til utbetaling 26.11.2026 kl. 11.00, men vilkår C3 er ikke lenger oppfylt (dokumentasjon trukket tilbake eller rettet). Ingenting er krevd tilbake.',
    );
    const stopped = item(
      'RELEASED_PAYMENT_QUESTIONED',
      'payment released 2026-11-26T10:00:00.000Z, then: a stop arrived after the payment was released: feil',
      { paymentId: 'p1' },
    );
    expect(plain(worklistText(stopped, d))).toMatch(
      /^P1 Husleie 8 500,00 kr var allerede sendt til utbetaling 26\.11\.2026 kl\. 11\.00 da stansen kom/,
    );
  });
});
