import fc from 'fast-check';
import { addDays } from '../calendar/calendar-date';
import { ConditionKind } from '../conditions/condition';
import { DecisionDraft, checkDecision } from '../decisions/decision';
import { completeNationalId } from '../identity/national-id';
import { ACTIVITY_KINDS, HouseholdDraft, activityDutyViolation, checkHousehold } from './household';

/** A valid fødselsnummer for someone born on `date` (1940–2039), or throws. */
function bornOn(date: string, offset = 0): string {
  const [y, m, d] = date.split('-').map(Number);
  const start = y >= 2000 ? 500 : 0;
  for (let i = 0; i < 400; i++) {
    const n = completeNationalId(
      `${String(d).padStart(2, '0')}${String(m).padStart(2, '0')}${String(y % 100).padStart(2, '0')}${String(start + ((i + offset) % 400)).padStart(3, '0')}`,
    );
    if (n) return n;
  }
  throw new Error('no number');
}

const YOUNG = bornOn('2000-05-17'); // 26 on 2026-11-01
const OLD = bornOn('1980-03-01'); // 46
const YOUNG_PARTNER = bornOn('1999-01-01', 7);

const condition = (kind: ConditionKind, person?: 'RECIPIENT' | 'PARTNER') => ({ person, requirement: { kind } });
const household = (over: Partial<HouseholdDraft> = {}): HouseholdDraft => ({
  recipientNationalId: YOUNG,
  periodFrom: '2026-11-01',
  conditions: [],
  ...over,
});

describe('§ 20 a: activity duty under 30', () => {
  it('given a recipient of 26 with no activity condition and no exception, then it is refused naming the field and the rule', () => {
    const errors = checkHousehold(household({ conditions: [condition('DOCUMENT')] }));
    expect(errors).toEqual([
      { field: 'activityExceptions', reason: expect.stringMatching(/^§ 20 a: the recipient is under 30.*person RECIPIENT/) },
    ]);
  });

  it.each(ACTIVITY_KINDS)('given a recipient of 26 with a %s condition, then it is accepted', (kind) => {
    expect(checkHousehold(household({ conditions: [condition(kind)] }))).toEqual([]);
  });

  it('given a recipient of 26 with an exception with code and reason, then it is accepted', () => {
    const draft = household({ activityExceptions: [{ person: 'RECIPIENT', code: '01', reason: 'Fast ansatt 80 % hos Rema 1000' }] });
    expect(checkHousehold(draft)).toEqual([]);
  });

  it('refuses an exception without a written reason or with an unknown code', () => {
    const errors = checkHousehold(household({ activityExceptions: [{ person: 'RECIPIENT', code: '05' as '01', reason: ' ' }] }));
    expect(errors.map((e) => e.field)).toEqual(['activityExceptions[0].code', 'activityExceptions[0].reason']);
  });

  it('given a recipient of 46, then nothing is required, and an exception is refused', () => {
    expect(checkHousehold(household({ recipientNationalId: OLD }))).toEqual([]);
    const errors = checkHousehold(
      household({ recipientNationalId: OLD, activityExceptions: [{ person: 'RECIPIENT', code: '03', reason: 'Sykmeldt ut november' }] }),
    );
    expect(errors).toEqual([{ field: 'activityExceptions[0]', reason: expect.stringMatching(/30 or older/) }]);
  });

  it('counts age on the period’s first day: 30 that day is not under 30', () => {
    const turns30 = bornOn('1996-11-01');
    expect(checkHousehold(household({ recipientNationalId: turns30 }))).toEqual([]);
    expect(checkHousehold(household({ recipientNationalId: turns30, periodFrom: '2026-10-31' }))).toHaveLength(1);
  });

  it('checks each person: an activity condition on the recipient does not cover the partner', () => {
    const draft = household({
      partner: { relation: 'SPOUSE', nationalId: YOUNG_PARTNER },
      conditions: [condition('ACTIVITY', 'RECIPIENT')],
    });
    expect(checkHousehold(draft)).toEqual([
      { field: 'activityExceptions', reason: expect.stringMatching(/spouse or cohabitant.*person PARTNER/) },
    ]);
    draft.conditions.push(condition('JOB_APPLICATIONS', 'PARTNER'));
    expect(checkHousehold(draft)).toEqual([]);
  });

  it('refuses a condition or exception on a partner the decision does not name, and a partner who is the recipient', () => {
    const errors = checkHousehold(
      household({
        conditions: [condition('ACTIVITY'), condition('ACTIVITY', 'PARTNER')],
        activityExceptions: [{ person: 'PARTNER', code: '02', reason: 'Deltar i KVP fra oktober' }],
      }),
    );
    expect(errors.map((e) => e.field)).toEqual(['conditions[1].person', 'activityExceptions[0].person']);
    const same = checkHousehold(household({ partner: { relation: 'COHABITANT', nationalId: YOUNG }, conditions: [condition('ACTIVITY')] }));
    expect(same.map((e) => e.field)).toContain('partner.nationalId');
  });

  it('never repeats a fødselsnummer in its errors', () => {
    const errors = checkHousehold(household({ partner: { relation: 'SPOUSE', nationalId: '01010012357' } }));
    expect(errors.map((e) => e.field)).toContain('partner.nationalId');
    expect(JSON.stringify(errors)).not.toMatch(/\d{11}/);
    expect(JSON.stringify(errors)).not.toContain(YOUNG.slice(0, 6));
  });

  it('refuses an unknown category', () => {
    const errors = checkHousehold(household({ conditions: [{ ...condition('ACTIVITY'), category: '05' }] }));
    expect(errors).toEqual([{ field: 'conditions[0].category', reason: expect.stringMatching(/KOSTRA.*04, 06, 07/) }]);
  });

  it('property: for any age and any set of condition kinds, accepted exactly when the § 20 a rule holds', () => {
    const kinds = fc.array(fc.constantFrom<ConditionKind>('DOCUMENT', 'ATTENDANCE', 'JOB_APPLICATIONS', 'ACTIVITY'), { maxLength: 4 });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 80 }),
        fc.integer({ min: 0, max: 364 }),
        kinds,
        fc.boolean(),
        (age, dayOfYear, ks, exception) => {
          const periodFrom = addDays('2026-01-01', dayOfYear);
          const born = addDays(`${2026 - age}-01-01`, dayOfYear - 1); // birthday the day before: exactly `age`
          fc.pre(Number(born.slice(0, 4)) >= 1940);
          const draft = household({
            recipientNationalId: bornOn(born),
            periodFrom,
            conditions: ks.map((k) => condition(k)),
            activityExceptions: exception ? [{ person: 'RECIPIENT', code: '04', reason: 'Tungtveiende grunner beskrevet' }] : [],
          });
          const hasActivity = ks.some((k) => ACTIVITY_KINDS.includes(k));
          const expectedOk = age < 30 ? hasActivity || exception : !exception;
          expect(checkHousehold(draft).length === 0).toBe(expectedOk);
          expect(activityDutyViolation(age, hasActivity, exception) === null).toBe(expectedOk);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('checkDecision with a household', () => {
  const draft = (): DecisionDraft => ({
    caseId: 'K-1',
    recipientNationalId: YOUNG,
    office: '0301',
    periodFrom: '2026-11-01',
    periodTo: '2026-11-30',
    reductionOnBreachAnnounced: false,
    partner: { relation: 'COHABITANT', nationalId: OLD },
    payments: [
      { ref: 'P1', purpose: 'LIVING_COSTS', amountOre: 1_310_000, dueDate: '2026-12-01', payee: { type: 'RECIPIENT', nationalId: YOUNG } },
    ],
    conditions: [
      {
        ref: 'C1',
        text: 'Møt til samtale',
        deadline: '2026-11-20',
        requirement: { kind: 'ACTIVITY', activity: 'Samtale' },
        gates: ['P1'],
        category: '08',
      },
      {
        ref: 'C2',
        text: 'Søk bostøtte',
        deadline: '2026-11-20',
        requirement: { kind: 'DOCUMENT', documentType: 'BOSTOTTE' },
        gates: ['P1'],
        person: 'PARTNER',
        category: '10',
      },
    ],
  });

  it('accepts a payment gated by conditions on both persons', () => expect(checkDecision(draft())).toEqual([]));

  it('runs the household rules with the other rules', () => {
    const d = draft();
    d.conditions[0].requirement = { kind: 'DOCUMENT', documentType: 'X' };
    expect(checkDecision(d).map((e) => e.field)).toEqual(['activityExceptions']);
  });
});
