import { DecisionDraft, assertDecision, checkDecision } from './decision';

const valid = (): DecisionDraft => ({
  caseId: 'K-2026-0001',
  recipientNationalId: '01010012356',
  office: '0301',
  periodFrom: '2026-11-01',
  periodTo: '2026-11-30',
  reductionOnBreachAnnounced: true,
  payments: [
    {
      ref: 'P1',
      purpose: 'RENT',
      amountOre: 850_000,
      dueDate: '2026-12-01',
      payee: { type: 'THIRD_PARTY', name: 'Landlord AS', accountNumber: '12345678903' },
    },
    {
      ref: 'P2',
      purpose: 'LIVING_COSTS',
      amountOre: 785_000,
      dueDate: '2026-12-01',
      payee: { type: 'RECIPIENT', nationalId: '01010012356' },
    },
  ],
  conditions: [
    {
      ref: 'C1',
      text: 'Lever husleiekvittering',
      deadline: '2026-11-30',
      requirement: { kind: 'DOCUMENT', documentType: 'RENT_RECEIPT' },
      gates: ['P1'],
    },
    {
      ref: 'C2',
      text: 'Møt på kurs',
      deadline: '2026-11-30',
      requirement: { kind: 'ATTENDANCE', periodFrom: '2026-11-02', periodTo: '2026-11-27', maxUnapprovedAbsenceDays: 2 },
      gates: ['P2'],
    },
  ],
});

describe('checkDecision', () => {
  it('accepts a sound decision', () => {
    expect(checkDecision(valid())).toEqual([]);
    expect(() => assertDecision(valid())).not.toThrow();
  });

  it.each<[string, (d: DecisionDraft) => void, string, RegExp]>([
    ['an invalid fødselsnummer', (d) => (d.recipientNationalId = '01010012357'), 'recipientNationalId', /mod-11/],
    ['a negative amount', (d) => (d.payments[0].amountOre = -1), 'payments[0].amountOre', /greater than zero/],
    ['a fractional amount', (d) => (d.payments[1].amountOre = 100.5), 'payments[1].amountOre', /whole number of øre/],
    ['a gate on an unknown payment', (d) => (d.conditions[0].gates = ['P9']), 'conditions[0].gates[0]', /"P9" is not a payment/],
    ['a reversed period', (d) => (d.periodTo = '2026-10-01'), 'periodTo', /must not be before/],
    ['a duplicate payment ref', (d) => (d.payments[1].ref = 'P1'), 'payments[1].ref', /used by another payment/],
    [
      'a bad account number',
      (d) => ((d.payments[0].payee as { accountNumber: string }).accountNumber = '12345678904'),
      'payments[0].payee.accountNumber',
      /check digit/,
    ],
    [
      'a recipient payee who is somebody else',
      (d) => (d.payments[1].payee = { type: 'RECIPIENT', nationalId: '15076500565' }),
      'payments[1].payee.nationalId',
      /recipient's/,
    ],
    ['a non-existent due date', (d) => (d.payments[0].dueDate = '2026-11-31'), 'payments[0].dueDate', /calendar date/],
    [
      'a negative absence threshold',
      (d) => ((d.conditions[1].requirement as { maxUnapprovedAbsenceDays: number }).maxUnapprovedAbsenceDays = -1),
      'conditions[1].requirement.maxUnapprovedAbsenceDays',
      /0 or more/,
    ],
    [
      'no payments',
      (d) => {
        d.payments = [];
        d.conditions = [];
      },
      'payments',
      /at least one payment/,
    ],
  ])('rejects %s, naming the field', (_name, mutate, field, reason) => {
    const draft = valid();
    mutate(draft);
    const errors = checkDecision(draft);
    expect(errors).toContainEqual({ field, reason: expect.stringMatching(reason) });
    expect(() => assertDecision(draft)).toThrow();
  });

  it('never repeats a fødselsnummer in its errors', () => {
    const draft = valid();
    draft.recipientNationalId = '01010012357';
    expect(JSON.stringify(checkDecision(draft))).not.toContain('01010012357');
  });
});
