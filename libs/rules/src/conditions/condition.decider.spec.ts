import { RuleViolation } from '../errors/rule-violation';
import { Evidence, EvidenceBody, Requirement } from './condition';
import {
  ConditionCommand,
  ConditionEvent,
  ConditionState,
  decideCondition,
  describeCondition,
  evolveCondition,
  initialConditionState,
} from './condition.decider';

// given / when / then, after the decider pattern: history in, command, events (or a violation) out.
let seq = 0;
function evidence(body: EvidenceBody, registeredAt = '2026-11-20T10:00:00Z'): Evidence {
  seq += 1;
  return { ...body, evidenceId: `e${seq}`, registeredAt, registeredBy: 'Z123456' } as Evidence;
}

function given(requirement: Requirement, ...history: ConditionCommand[]): ConditionState {
  let state = initialConditionState('C', requirement, '2026-11-30');
  for (const command of history) {
    for (const event of decideCondition(command, state)) state = evolveCondition(state, event);
  }
  return state;
}

const register = (body: EvidenceBody, at?: string): ConditionCommand => ({ type: 'RegisterEvidence', evidence: evidence(body, at) });
const types = (events: ConditionEvent[]) => events.map((e) => e.type);

const rentReceipt: Requirement = { kind: 'DOCUMENT', documentType: 'RENT_RECEIPT' };
const course: Requirement = { kind: 'ATTENDANCE', periodFrom: '2026-11-02', periodTo: '2026-11-27', maxUnapprovedAbsenceDays: 2 };
const jobs: Requirement = { kind: 'JOB_APPLICATIONS', periodFrom: '2026-11-09', periodTo: '2026-11-22', applicationsPerWeek: 5 };
const meeting: Requirement = { kind: 'ACTIVITY', activity: 'meeting with the veileder' };

function courseDays(unapproved: string[] = [], skip: string[] = []) {
  const days: { date: string; status: 'PRESENT' | 'UNAPPROVED_ABSENCE' | 'APPROVED_ABSENCE' }[] = [];
  for (let d = 2; d <= 27; d++) {
    const date = `2026-11-${String(d).padStart(2, '0')}`;
    const dow = new Date(`${date}T12:00:00Z`).getUTCDay();
    if (dow === 0 || dow === 6 || skip.includes(date)) continue;
    days.push({ date, status: unapproved.includes(date) ? 'UNAPPROVED_ABSENCE' : 'PRESENT' });
  }
  return days;
}

function applications(week: 46 | 47, n: number) {
  const monday = week === 46 ? 9 : 16;
  return Array.from({ length: n }, (_, i) => ({
    employer: `Employer ${i}`,
    position: 'Warehouse worker',
    sentOn: `2026-11-${String(monday + (i % 5)).padStart(2, '0')}`,
  }));
}

describe('condition decider', () => {
  describe('DOCUMENT', () => {
    it('is fulfilled when the named document is received, at the time it was registered', () => {
      const state = given(rentReceipt);
      const events = decideCondition(
        register({ kind: 'DOCUMENT_RECEIVED', documentType: 'RENT_RECEIPT', receivedOn: '2026-11-20' }, '2026-11-20T09:15:00Z'),
        state,
      );
      expect(types(events)).toEqual(['EvidenceRegistered', 'ConditionFulfilled']);
      expect(events[1]).toMatchObject({ fulfilledAt: '2026-11-20T09:15:00Z', fulfilledBy: 'EVIDENCE' });
    });

    it('rejects another document, naming the field', () => {
      const when = () =>
        decideCondition(register({ kind: 'DOCUMENT_RECEIVED', documentType: 'POWER_BILL', receivedOn: '2026-11-20' }), given(rentReceipt));
      expect(when).toThrow(RuleViolation);
      expect(when).toThrow(/documentType: this condition requires the document "RENT_RECEIPT"/);
    });

    it('rejects evidence of the wrong kind', () => {
      expect(() => decideCondition(register({ kind: 'ACTIVITY_HELD', heldOn: '2026-11-20', note: 'x' }), given(rentReceipt))).toThrow(
        /kind: a DOCUMENT condition takes DOCUMENT_RECEIVED evidence/,
      );
    });
  });

  describe('ATTENDANCE', () => {
    it('is fulfilled by a full list with unapproved absence within the threshold', () => {
      const events = decideCondition(
        register({ kind: 'ATTENDANCE_LIST', provider: 'Adult education', entries: courseDays(['2026-11-10', '2026-11-11']) }),
        given(course),
      );
      expect(types(events)).toEqual(['EvidenceRegistered', 'ConditionFulfilled']);
    });

    it('is not fulfilled with one day too much unapproved absence, and says it cannot be met', () => {
      const state = given(course, register({ kind: 'ATTENDANCE_LIST', provider: 'AE', entries: courseDays(['2026-11-10', '2026-11-11', '2026-11-12']) }));
      expect(state.status).toBe('OPEN');
      const view = describeCondition(state);
      expect(view.achievable).toBe(false);
      expect(view.summary).toMatch(/3 days of unapproved absence, more than the 2 allowed/);
    });

    it('is not fulfilled while a course day is missing, and says how much is covered', () => {
      const state = given(course, register({ kind: 'ATTENDANCE_LIST', provider: 'AE', entries: courseDays([], ['2026-11-27']) }));
      expect(state.status).toBe('OPEN');
      expect(describeCondition(state).summary).toBe('attendance covers 19 of 20 course days');
    });

    it('is fulfilled when a second list covers the missing day', () => {
      const state = given(course, register({ kind: 'ATTENDANCE_LIST', provider: 'AE', entries: courseDays([], ['2026-11-27']) }));
      const events = decideCondition(
        register({ kind: 'ATTENDANCE_LIST', provider: 'AE', entries: [{ date: '2026-11-27', status: 'APPROVED_ABSENCE' }] }),
        state,
      );
      expect(types(events)).toEqual(['EvidenceRegistered', 'ConditionFulfilled']);
    });

    it('rejects an entry outside the period and a day listed twice, naming each entry', () => {
      const when = () =>
        decideCondition(
          register({
            kind: 'ATTENDANCE_LIST',
            provider: 'AE',
            entries: [
              { date: '2026-11-02', status: 'PRESENT' },
              { date: '2026-11-30', status: 'PRESENT' },
              { date: '2026-11-02', status: 'PRESENT' },
            ],
          }),
          given(course),
        );
      expect(when).toThrow(/entries\[1\]\.date: is outside the condition's period 2026-11-02 to 2026-11-27/);
      expect(when).toThrow(/entries\[2\]\.date: the day appears more than once/);
    });
  });

  describe('JOB_APPLICATIONS', () => {
    it('counts per ISO week and is not fulfilled with 5 in week 46 and 4 in week 47', () => {
      const state = given(jobs, register({ kind: 'JOB_APPLICATIONS', applications: [...applications(46, 5), ...applications(47, 4)] }));
      expect(state.status).toBe('OPEN');
      const view = describeCondition(state);
      expect(view.details).toEqual(['week 46 (2026-W46): 5 of 5 applications', 'week 47 (2026-W47): 4 of 5 applications']);
      expect(view.summary).toBe('1 of 2 weeks have 5 applications');
    });

    it('counts the same employer, position and date once, across registrations', () => {
      const state = given(
        jobs,
        register({ kind: 'JOB_APPLICATIONS', applications: applications(46, 5) }),
        register({ kind: 'JOB_APPLICATIONS', applications: applications(47, 4) }),
      );
      const events = decideCondition(
        register({ kind: 'JOB_APPLICATIONS', applications: [{ ...applications(47, 1)[0], employer: ' employer  0 ' }] }),
        state,
      );
      expect(types(events)).toEqual(['EvidenceRegistered']);
    });

    it('is fulfilled when the last week reaches the number', () => {
      const state = given(jobs, register({ kind: 'JOB_APPLICATIONS', applications: [...applications(46, 5), ...applications(47, 4)] }));
      const events = decideCondition(
        register({ kind: 'JOB_APPLICATIONS', applications: [{ employer: 'Rema', position: 'Cashier', sentOn: '2026-11-22' }] }),
        state,
      );
      expect(types(events)).toEqual(['EvidenceRegistered', 'ConditionFulfilled']);
    });

    it('rejects an application sent outside the period', () => {
      expect(() =>
        decideCondition(
          register({ kind: 'JOB_APPLICATIONS', applications: [{ employer: 'A', position: 'B', sentOn: '2026-11-23' }] }),
          given(jobs),
        ),
      ).toThrow(/applications\[0\]\.sentOn: is outside/);
    });
  });

  describe('ACTIVITY', () => {
    it('is fulfilled when a veileder records that it happened', () => {
      const events = decideCondition(register({ kind: 'ACTIVITY_HELD', heldOn: '2026-11-18', note: 'came, on time' }), given(meeting));
      expect(types(events)).toEqual(['EvidenceRegistered', 'ConditionFulfilled']);
    });
  });

  describe("the veileder's judgement", () => {
    const judge = (justification: string): ConditionCommand => ({
      type: 'JudgeFulfilled',
      judgement: { justification, actorIdent: 'Z999999', actorRole: 'veileder', judgedAt: '2026-11-23T08:00:00Z' },
    });

    it('fulfils an open condition and keeps who, when and why', () => {
      const state = given(jobs, register({ kind: 'JOB_APPLICATIONS', applications: applications(46, 5) }));
      const events = decideCondition(judge('Few suitable vacancies in week 47'), state);
      expect(events).toEqual([
        expect.objectContaining({
          type: 'ConditionFulfilled',
          fulfilledAt: '2026-11-23T08:00:00Z',
          fulfilledBy: 'VEILEDER_JUDGEMENT',
          judgement: { justification: 'Few suitable vacancies in week 47', actorIdent: 'Z999999', actorRole: 'veileder', judgedAt: '2026-11-23T08:00:00Z' },
        }),
      ]);
      const after = evolveCondition(state, events[0]);
      expect(describeCondition(after).summary).toBe("fulfilled by Z999999's judgement: Few suitable vacancies in week 47");
    });

    it('needs a written justification', () => {
      expect(() => decideCondition(judge('   ok     '), given(jobs))).toThrow(/justification: must explain/);
    });

    it('cannot fulfil twice', () => {
      const state = given(meeting, register({ kind: 'ACTIVITY_HELD', heldOn: '2026-11-18', note: 'x' }));
      expect(() => decideCondition(judge('Already discussed this'), state)).toThrow(
        expect.objectContaining({ kind: 'CONFLICT' }),
      );
    });
  });

  it('registers evidence on a fulfilled condition without fulfilling it again', () => {
    const state = given(rentReceipt, register({ kind: 'DOCUMENT_RECEIVED', documentType: 'RENT_RECEIPT', receivedOn: '2026-11-20' }));
    const events = decideCondition(register({ kind: 'DOCUMENT_RECEIVED', documentType: 'RENT_RECEIPT', receivedOn: '2026-11-21' }), state);
    expect(types(events)).toEqual(['EvidenceRegistered']);
  });
});
