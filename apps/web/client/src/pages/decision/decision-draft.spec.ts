import { completeNationalId } from '@vf/rules';
import { DecisionDraft, activityDuties, emptyCondition, emptyDecision, toIssueRequest } from './decision-draft';

/** A valid fødselsnummer for somebody born on dd.mm.yy with an individual number from `from`. */
function born(ddmmyy: string, from: number): string {
  for (let i = from; i < from + 100; i++) {
    const n = completeNationalId(ddmmyy + String(i).padStart(3, '0'));
    if (n) return n;
  }
  throw new Error('none');
}
const YOUNG = born('150601', 500); // 15.06.2001: 25 on 01.11.2026
const OLD = born('010170', 0);

function draft(over: Partial<DecisionDraft> = {}): DecisionDraft {
  const d = emptyDecision('0301');
  return {
    ...d,
    caseId: 'K-1',
    recipientNationalId: YOUNG,
    periodFrom: '01.11.2026',
    periodTo: '30.11.2026',
    reductionOnBreachAnnounced: 'no',
    payments: [{ ...d.payments[0], purpose: 'LIVING_COSTS', amount: '7 850', dueDate: '01.12.2026' }],
    ...over,
  };
}
const activity = (person: 'RECIPIENT' | 'PARTNER') => ({
  ...emptyCondition(1),
  kind: 'ACTIVITY' as const,
  text: 'Møt til samtale',
  deadline: '20.11.2026',
  activity: 'Samtale',
  category: '08',
  person,
  gates: ['P1'],
});

describe('the decision form’s household and § 20 a', () => {
  it('asks for an exception for a recipient under 30 without an activity condition, and sends it with code and reason', () => {
    const d = draft();
    expect(activityDuties(d)).toEqual([{ person: 'RECIPIENT', age: 25, applies: true, hasActivityCondition: false, needsException: true }]);
    const refused = toIssueRequest(d);
    expect(refused.ok).toBe(false);
    if (!refused.ok)
      expect(Object.keys(refused.errors).sort()).toEqual(['activityExceptions.RECIPIENT.code', 'activityExceptions.RECIPIENT.reason']);
    const ok = toIssueRequest({ ...d, exceptions: { ...d.exceptions, RECIPIENT: { code: '03', reason: 'Sykmeldt hele november' } } });
    expect(ok.ok && ok.request.activityExceptions).toEqual([{ person: 'RECIPIENT', code: '03', reason: 'Sykmeldt hele november' }]);
  });

  it('sends no exception where none is needed, even if one was typed before', () => {
    const d = draft({
      conditions: [activity('RECIPIENT')],
      exceptions: { RECIPIENT: { code: '01', reason: 'Skrevet før vilkåret' }, PARTNER: { code: '', reason: '' } },
    });
    const r = toIssueRequest(d);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.request.activityExceptions).toBeUndefined();
      expect((r.request.conditions as Array<Record<string, unknown>>)[0]).toMatchObject({ person: 'RECIPIENT', category: '08' });
    }
    expect(toIssueRequest({ ...d, recipientNationalId: OLD, conditions: [] }).ok).toBe(true);
  });

  it('sends the spouse and each condition’s person; checks the spouse’s § 20 a on its own', () => {
    const d = draft({ recipientNationalId: OLD, partnerRelation: 'SPOUSE', partnerNationalId: YOUNG, conditions: [activity('RECIPIENT')] });
    expect(activityDuties(d).map((x) => [x.person, x.needsException])).toEqual([
      ['RECIPIENT', false],
      ['PARTNER', true],
    ]);
    const withSpouseActivity = toIssueRequest({ ...d, conditions: [activity('PARTNER')] });
    expect(withSpouseActivity.ok && withSpouseActivity.request.partner).toEqual({ relation: 'SPOUSE', nationalId: YOUNG });
    expect(withSpouseActivity.ok && (withSpouseActivity.request.conditions as Array<{ person: string }>)[0].person).toBe('PARTNER');
  });

  it('requires a category and a valid, different fødselsnummer for the spouse', () => {
    const r = toIssueRequest(
      draft({
        recipientNationalId: OLD,
        partnerRelation: 'COHABITANT',
        partnerNationalId: OLD,
        conditions: [{ ...activity('RECIPIENT'), category: '' }],
      }),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(['conditions[0].category', 'partner.nationalId']);
  });
});
