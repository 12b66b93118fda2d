import fc from 'fast-check';
import { addDays, daysBetween, isWeekday } from '../calendar/calendar-date';
import { isCourseDay, isPublicHoliday } from '../calendar/public-holidays';
import { applicationWeeks } from './assess-evidence';
import { AttendanceEntry, Evidence, EvidenceBody, JobApplication, Requirement } from './condition';
import {
  ConditionCommand,
  ConditionEvent,
  ConditionState,
  decideCondition,
  deadlinePassed,
  describeCondition,
  evolveCondition,
  initialConditionState,
  conditionDecider,
} from './condition.decider';
import { given as givenDecider } from '../decider';

// given / when / then, after the decider pattern: history in, command, events (or a violation) out.
let seq = 0;
function evidence(body: EvidenceBody, registeredAt = '2026-11-20T10:00:00Z'): Evidence {
  seq += 1;
  return { ...body, evidenceId: `e${seq}`, registeredAt, registeredBy: 'Z123456' } as Evidence;
}
function given(requirement: Requirement, ...history: ConditionCommand[]): ConditionState {
  return givenDecider(conditionDecider, initialConditionState('C', requirement, '2026-11-30'), ...history).state;
}
const register = (body: EvidenceBody, at?: string): ConditionCommand => ({ type: 'RegisterEvidence', evidence: evidence(body, at) });
const withdraw = (evidenceId: string, reason = 'registered on the wrong person'): ConditionCommand => ({
  type: 'WithdrawEvidence',
  evidenceId,
  withdrawal: { reason, actorIdent: 'Z123456', withdrawnAt: '2026-11-25T10:00:00Z' },
});
const judge = (justification: string, at = '2026-11-23T08:00:00Z'): ConditionCommand => ({
  type: 'JudgeFulfilled',
  judgement: { justification, actorIdent: 'Z999999', actorRole: 'veileder', judgedAt: at },
});
const check = (instant: string): ConditionCommand => ({ type: 'CheckDeadline', now: new Date(instant) });
const types = (events: ConditionEvent[]) => events.map((e) => e.type);
const lastId = () => `e${seq}`;

const receipt: Requirement = { kind: 'DOCUMENT', documentType: 'RENT_RECEIPT' };
const course: Requirement = { kind: 'ATTENDANCE', periodFrom: '2026-11-02', periodTo: '2026-11-27', maxUnapprovedAbsenceDays: 2 };
const courseShare: Requirement = { kind: 'ATTENDANCE', periodFrom: '2026-11-02', periodTo: '2026-11-27', minAttendedShare: 0.9 };
const jobs: Requirement = { kind: 'JOB_APPLICATIONS', periodFrom: '2026-11-09', periodTo: '2026-11-22', applicationsPerWeek: 5 };
const meeting: Requirement = { kind: 'ACTIVITY', activity: 'meeting with the veileder' };

const doc = (outcome: 'ACCEPTED' | 'REJECTED', rejectionReason?: string): EvidenceBody => ({
  kind: 'DOCUMENT_RECEIVED',
  documentType: 'RENT_RECEIPT',
  receivedOn: '2026-11-20',
  outcome,
  rejectionReason,
});
const list = (entries: AttendanceEntry[], signedOn = '2026-11-28'): EvidenceBody => ({
  kind: 'ATTENDANCE_LIST',
  provider: 'Oslo voksenopplæring',
  signedBy: 'Kari Lærer',
  signedOn,
  entries,
});
function days(from: string, to: string, unapproved: string[] = [], skip: string[] = []): AttendanceEntry[] {
  return daysBetween(from, to)
    .filter((d) => isWeekday(d) && !skip.includes(d))
    .map((date) => ({ date, status: unapproved.includes(date) ? 'UNAPPROVED_ABSENCE' : 'PRESENT' }));
}
const app = (employer: string, sentOn: string, position = 'Lager'): JobApplication => ({ employer, position, sentOn, channel: 'EMAIL' });
const apps = (monday: string, n: number) => Array.from({ length: n }, (_, i) => app(`Employer ${i}`, addDays(monday, i % 5)));

describe('DOCUMENT', () => {
  it('is fulfilled by an accepted document, at the time it was registered', () => {
    const events = decideCondition(register(doc('ACCEPTED'), '2026-11-20T09:15:00Z'), given(receipt));
    expect(types(events)).toEqual(['EvidenceRegistered', 'ConditionFulfilled']);
    expect(events[1]).toMatchObject({ fulfilledAt: '2026-11-20T09:15:00Z', fulfilledBy: 'EVIDENCE' });
  });

  it('stays open on a rejected document and shows the reason; a later accepted one fulfils', () => {
    const state = given(receipt, register(doc('REJECTED', 'the receipt is for October')));
    expect(state.status).toBe('OPEN');
    expect(describeCondition(state).summary).toBe('document "RENT_RECEIPT" received 2026-11-20 but rejected: the receipt is for October');
    expect(types(decideCondition(register(doc('ACCEPTED')), state))).toEqual(['EvidenceRegistered', 'ConditionFulfilled']);
  });

  it('needs the reason for a rejection', () => {
    expect(() => decideCondition(register(doc('REJECTED', ' ')), given(receipt))).toThrow(
      /rejectionReason: a rejected document needs the reason/,
    );
  });

  it('is fulfilled by "delivered earlier / covered by another document", with the reference', () => {
    const state = given(
      receipt,
      register({ kind: 'DOCUMENT_COVERED', coveredBy: 'journalpost 2026-553', note: 'Levert i oktober for hele høsten' }),
    );
    expect(state.status).toBe('FULFILLED');
    expect(describeCondition(state).summary).toBe('document "RENT_RECEIPT" covered by journalpost 2026-553');
  });

  it('refuses another document and evidence of another kind, naming the field', () => {
    expect(() => decideCondition(register({ ...doc('ACCEPTED'), documentType: 'POWER_BILL' } as EvidenceBody), given(receipt))).toThrow(
      /documentType: this condition requires the document "RENT_RECEIPT"/,
    );
    expect(() => decideCondition(register({ kind: 'ACTIVITY_HELD', heldOn: '2026-11-20', note: 'x' }), given(receipt))).toThrow(
      /kind: a DOCUMENT condition takes DOCUMENT_RECEIVED or DOCUMENT_COVERED evidence/,
    );
  });
});

describe('ATTENDANCE with a maximum of unapproved absence', () => {
  it('is fulfilled by lists covering every course day with absence within the threshold', () => {
    const events = decideCondition(register(list(days('2026-11-02', '2026-11-27', ['2026-11-10', '2026-11-11']))), given(course));
    expect(types(events)).toEqual(['EvidenceRegistered', 'ConditionFulfilled']);
  });

  it('says how much is covered while the period is not', () => {
    const state = given(course, register(list(days('2026-11-02', '2026-11-13'))));
    expect(state.status).toBe('OPEN');
    expect(describeCondition(state)).toMatchObject({ achievable: true, summary: 'attendance covers 10 of 20 course days' });
  });

  it('says at once when unapproved absence already exceeds the threshold, before the period is covered', () => {
    const state = given(course, register(list(days('2026-11-02', '2026-11-06', ['2026-11-03', '2026-11-04', '2026-11-05']))));
    expect(describeCondition(state)).toMatchObject({
      achievable: false,
      summary: '3 days of unapproved absence, more than the 2 allowed: cannot be met on the evidence',
    });
  });

  it('is covered by weekly lists together, and approved absence needs a reason', () => {
    const week1 = list(days('2026-11-02', '2026-11-06'));
    const rest = list([...days('2026-11-09', '2026-11-26'), { date: '2026-11-27', status: 'APPROVED_ABSENCE', reason: 'ILL_WITH_NOTE' }]);
    const state = given(course, register(week1));
    expect(types(decideCondition(register(rest), state))).toEqual(['EvidenceRegistered', 'ConditionFulfilled']);
    expect(() => decideCondition(register(list([{ date: '2026-11-27', status: 'APPROVED_ABSENCE' }])), state)).toThrow(
      /entries\[0\]\.reason: approved absence needs its reason/,
    );
    expect(() => decideCondition(register(list([{ date: '2026-11-27', status: 'PRESENT', reason: 'JOB_INTERVIEW' }])), state)).toThrow(
      /only approved absence has a reason/,
    );
  });

  it('lets a later, overlapping list correct a day, keeps the correction, and reopens when it flips the result', () => {
    const fulfilled = given(course, register(list(days('2026-11-02', '2026-11-27', ['2026-11-10', '2026-11-11']))));
    expect(fulfilled.status).toBe('FULFILLED');
    const correction = register(list([{ date: '2026-11-12', status: 'UNAPPROVED_ABSENCE' }], '2026-11-29'), '2026-11-29T09:00:00Z');
    const events = decideCondition(correction, fulfilled);
    expect(types(events)).toEqual(['EvidenceRegistered', 'ConditionReopened']);
    expect(events[1]).toMatchObject({ reason: 'a later list corrected the attendance', reopenedAt: '2026-11-29T09:00:00Z' });
    const after = events.reduce(evolveCondition, fulfilled);
    expect(describeCondition(after).details).toContain('2026-11-12: corrected from PRESENT to UNAPPROVED_ABSENCE');
    expect(describeCondition(after).achievable).toBe(false);
  });

  it('can be corrected back: a correction that excuses a day fulfils it again', () => {
    const state = given(course, register(list(days('2026-11-02', '2026-11-27', ['2026-11-10', '2026-11-11', '2026-11-12']))));
    expect(state.status).toBe('OPEN');
    const excuse = register(list([{ date: '2026-11-12', status: 'APPROVED_ABSENCE', reason: 'JOB_INTERVIEW' }]));
    expect(types(decideCondition(excuse, state))).toEqual(['EvidenceRegistered', 'ConditionFulfilled']);
  });

  it('refuses an entry outside the period and a day listed twice, naming each entry', () => {
    const when = () =>
      decideCondition(
        register(
          list([
            { date: '2026-11-02', status: 'PRESENT' },
            { date: '2026-11-30', status: 'PRESENT' },
            { date: '2026-11-02', status: 'PRESENT' },
          ]),
        ),
        given(course),
      );
    expect(when).toThrow(/entries\[1\]\.date: is outside the condition's period 2026-11-02 to 2026-11-27/);
    expect(when).toThrow(/entries\[2\]\.date: the day appears more than once/);
  });

  it('property: met if and only if every course day is known and unapproved absence is within the maximum', () => {
    const period = daysBetween('2026-11-02', '2026-11-27');
    const entry = fc.option(fc.constantFrom<AttendanceEntry['status']>('PRESENT', 'APPROVED_ABSENCE', 'UNAPPROVED_ABSENCE'), {
      nil: undefined,
    });
    fc.assert(
      fc.property(fc.array(entry, { minLength: period.length, maxLength: period.length }), fc.nat(5), (statuses, max) => {
        const entries: AttendanceEntry[] = period.flatMap((date, i) =>
          statuses[i]
            ? [{ date, status: statuses[i]!, ...(statuses[i] === 'APPROVED_ABSENCE' ? { reason: 'APPROVED_BY_NAV' as const } : {}) }]
            : [],
        );
        const req: Requirement = { ...course, maxUnapprovedAbsenceDays: max };
        const state = given(req, ...(entries.length ? [register(list(entries))] : []));
        const covered = period.filter(isWeekday).every((d) => entries.some((e) => e.date === d));
        const unapproved = entries.filter((e) => e.status === 'UNAPPROVED_ABSENCE').length;
        expect(state.status === 'FULFILLED').toBe(covered && unapproved <= max);
        expect(describeCondition(state).achievable).toBe(unapproved <= max);
      }),
    );
  });
});

describe('ATTENDANCE and public holidays', () => {
  const christmas: Requirement = { kind: 'ATTENDANCE', periodFrom: '2026-12-21', periodTo: '2026-12-31', maxUnapprovedAbsenceDays: 0 };
  const heldDays = () => daysBetween('2026-12-21', '2026-12-31').filter(isCourseDay);

  it('the issue example: a list for every day the course was held, 21–31 December 2026, fulfils', () => {
    const entries = heldDays().map((date) => ({ date, status: 'PRESENT' as const }));
    expect(entries).toHaveLength(8); // 25 December, a Friday, was no course day; 26 December is a Saturday
    const events = decideCondition(register(list(entries, '2027-01-04')), given(christmas));
    expect(types(events)).toEqual(['EvidenceRegistered', 'ConditionFulfilled']);
    const view = describeCondition(given(christmas, register(list(entries, '2027-01-04'))));
    expect(view.summary).toBe('attendance covers all 8 course days; 0 days of unapproved absence, at most 0 allowed');
    expect(view.details).toContain('not course days (public holidays): 2026-12-25 CHRISTMAS_DAY');
    expect(view.progress).toMatchObject({ courseDays: 8, covered: 8, holidays: [{ date: '2026-12-25', holidays: ['CHRISTMAS_DAY'] }] });
  });

  it('accepts an entry on a holiday, shows it, and does not count it', () => {
    const onChristmas = [{ date: '2026-12-25', status: 'UNAPPROVED_ABSENCE' as const }];
    const entries = [...heldDays().map((date) => ({ date, status: 'PRESENT' as const })), ...onChristmas];
    const state = given(christmas, register(list(entries, '2027-01-04')));
    expect(state.status).toBe('FULFILLED');
    const view = describeCondition(state);
    expect(view.details).toContain('2026-12-25: UNAPPROVED_ABSENCE registered on a public holiday, not counted');
    expect(view.progress).toMatchObject({ unapprovedAbsence: 0, present: 8 });
    if (view.progress.kind !== 'ATTENDANCE') throw new Error('attendance expected');
    expect(view.progress.days.map((d) => d.date)).toContain('2026-12-25');
  });

  it('leaves a holiday out of the expected days of a share threshold (Easter week 2026: 3 course days)', () => {
    const easter: Requirement = { kind: 'ATTENDANCE', periodFrom: '2026-03-30', periodTo: '2026-04-06', minAttendedShare: 1 };
    const state = given(easter, register(list(days('2026-03-30', '2026-04-01'), '2026-04-07')));
    expect(state.status).toBe('FULFILLED');
    expect(describeCondition(state).details).toContain(
      'not course days (public holidays): 2026-04-02 MAUNDY_THURSDAY, 2026-04-03 GOOD_FRIDAY, 2026-04-06 EASTER_MONDAY',
    );
  });

  it('property: over 2025–2030, a list for every course day with one holiday entry of any status fulfils, and the holidays are named', () => {
    const dayArb = fc.integer({ min: 0, max: 6 * 365 }).map((n) => addDays('2025-01-01', n));
    const statusArb = fc.constantFrom<AttendanceEntry['status']>('PRESENT', 'UNAPPROVED_ABSENCE');
    fc.assert(
      fc.property(dayArb, fc.integer({ min: 0, max: 40 }), statusArb, (from, length, holidayStatus) => {
        const to = addDays(from, length);
        const req: Requirement = { kind: 'ATTENDANCE', periodFrom: from, periodTo: to, maxUnapprovedAbsenceDays: 0 };
        const period = daysBetween(from, to);
        const course = period.filter(isCourseDay);
        const holidays = period.filter((d) => isWeekday(d) && isPublicHoliday(d));
        const entries: AttendanceEntry[] = [
          ...course.map((date) => ({ date, status: 'PRESENT' as const })),
          ...holidays.slice(0, 1).map((date) => ({ date, status: holidayStatus })),
        ];
        const state = given(req, ...(entries.length ? [register(list(entries))] : []));
        const { progress } = describeCondition(state);
        if (progress.kind !== 'ATTENDANCE') throw new Error('attendance expected');
        expect(progress.courseDays).toBe(course.length);
        expect(progress.holidays.map((h) => h.date)).toEqual(holidays);
        expect(progress.unapprovedAbsence).toBe(0);
        if (entries.length) expect(state.status).toBe('FULFILLED');
      }),
    );
  });
});

describe('ATTENDANCE with a minimum share attended', () => {
  it('counts present days against the days attendance was expected, leaving approved absence out', () => {
    // 20 course days: 2 approved (18 expected), 2 unapproved: 16/18 = 88.9% < 90%.
    const entries = days('2026-11-02', '2026-11-27', ['2026-11-10', '2026-11-11']).map((e) =>
      ['2026-11-16', '2026-11-17'].includes(e.date)
        ? { date: e.date, status: 'APPROVED_ABSENCE' as const, reason: 'ILL_WITH_NOTE' as const }
        : e,
    );
    const state = given(courseShare, register(list(entries)));
    expect(state.status).toBe('OPEN');
    expect(describeCondition(state).details).toContain('attended 88.9% of expected days, at least 90% required');
    const fixed = register(list([{ date: '2026-11-11', status: 'APPROVED_ABSENCE', reason: 'STRONG_WELFARE_REASONS' }]));
    expect(types(decideCondition(fixed, state))).toEqual(['EvidenceRegistered', 'ConditionFulfilled']); // 16/17 = 94.1%
  });

  it('says at once when even full attendance on the unknown days could not reach the share', () => {
    const state = given(courseShare, register(list(days('2026-11-02', '2026-11-06', ['2026-11-02', '2026-11-03', '2026-11-04']))));
    expect(describeCondition(state)).toMatchObject({
      achievable: false,
      summary: expect.stringMatching(/would be 85%, below the 90% required: cannot be met/),
    });
  });
});

describe('JOB_APPLICATIONS', () => {
  it('asks the full number in a week with public holidays: applications are per week, not per working day (docs/holidays.md)', () => {
    const easterWeek: Requirement = { kind: 'JOB_APPLICATIONS', periodFrom: '2026-03-30', periodTo: '2026-04-12', applicationsPerWeek: 5 };
    if (easterWeek.kind !== 'JOB_APPLICATIONS') throw new Error('job applications expected');
    expect(applicationWeeks(easterWeek, [])).toEqual([
      { week: '2026-W14', required: 5, sent: 0 }, // Maundy Thursday, Good Friday: still 5
      { week: '2026-W15', required: 5, sent: 0 }, // Easter Monday: still 5
    ]);
  });

  it('counts per ISO week: 5 in week 46 and 4 in week 47 is not enough', () => {
    const state = given(jobs, register({ kind: 'JOB_APPLICATIONS', applications: [...apps('2026-11-09', 5), ...apps('2026-11-16', 4)] }));
    expect(state.status).toBe('OPEN');
    const view = describeCondition(state);
    expect(view.details).toEqual(['week 46 (2026-W46): 5 of 5 applications', 'week 47 (2026-W47): 4 of 5 applications']);
    expect(view.summary).toBe('1 of 2 weeks have the required applications');
  });

  it('counts the same employer, position and date once, across registrations, ignoring case and spacing', () => {
    const state = given(
      jobs,
      register({ kind: 'JOB_APPLICATIONS', applications: apps('2026-11-09', 5) }),
      register({ kind: 'JOB_APPLICATIONS', applications: apps('2026-11-16', 4) }),
    );
    const again = register({ kind: 'JOB_APPLICATIONS', applications: [app(' employer  0 ', '2026-11-16')] });
    expect(types(decideCondition(again, state))).toEqual(['EvidenceRegistered']);
    const other = register({ kind: 'JOB_APPLICATIONS', applications: [app('Employer 0', '2026-11-16', 'Sjåfør')] });
    expect(types(decideCondition(other, state))).toEqual(['EvidenceRegistered', 'ConditionFulfilled']);
  });

  it('prorates a first and last week that are only partly in the period, to the nearest whole number', () => {
    // Wednesday 11 Nov to Tuesday 24 Nov: week 46 has 3 weekdays, week 47 all 5, week 48 two.
    const req: Requirement = { kind: 'JOB_APPLICATIONS', periodFrom: '2026-11-11', periodTo: '2026-11-24', applicationsPerWeek: 5 };
    expect(applicationWeeks(req, []).map((w) => [w.week, w.required])).toEqual([
      ['2026-W46', 3],
      ['2026-W47', 5],
      ['2026-W48', 2],
    ]);
    const three: Requirement = { ...req, applicationsPerWeek: 3 }; // 3×3/5 = 1.8 → 2; 3×2/5 = 1.2 → 1
    expect(applicationWeeks(three, []).map((w) => w.required)).toEqual([2, 3, 1]);
    const weekend: Requirement = { ...req, periodFrom: '2026-11-14', periodTo: '2026-11-20' }; // Sat–Fri: week 46 only its weekend
    expect(applicationWeeks(weekend, []).map((w) => [w.week, w.required])).toEqual([
      ['2026-W46', 0],
      ['2026-W47', 5],
    ]);
  });

  it('puts applications in the ISO week across a new year', () => {
    const req: Requirement = { kind: 'JOB_APPLICATIONS', periodFrom: '2026-12-28', periodTo: '2027-01-10', applicationsPerWeek: 2 };
    const state = given(
      req,
      register({ kind: 'JOB_APPLICATIONS', applications: [app('A', '2027-01-01'), app('B', '2027-01-03'), app('C', '2027-01-04')] }),
    );
    expect(describeCondition(state).details).toEqual(['week 53 (2026-W53): 2 of 2 applications', 'week 1 (2027-W01): 1 of 2 applications']);
  });

  it('refuses an application sent outside the period', () => {
    expect(() => decideCondition(register({ kind: 'JOB_APPLICATIONS', applications: [app('A', '2026-11-23')] }), given(jobs))).toThrow(
      /applications\[0\]\.sentOn: is outside/,
    );
  });
});

describe('ACTIVITY', () => {
  it('is fulfilled when a veileder records that it happened, with a note', () => {
    const state = given(meeting, register({ kind: 'ACTIVITY_HELD', heldOn: '2026-11-18', note: 'came on time' }));
    expect(describeCondition(state)).toMatchObject({
      status: 'FULFILLED',
      summary: 'meeting with the veileder: held 2026-11-18',
      details: ['came on time'],
    });
  });
});

describe("the veileder's judgement", () => {
  it('fulfils an open condition and keeps who, in which role, when and why', () => {
    const state = given(jobs, register({ kind: 'JOB_APPLICATIONS', applications: apps('2026-11-09', 5) }));
    const [event] = decideCondition(judge('Few suitable vacancies in week 47'), state);
    expect(event).toMatchObject({
      type: 'ConditionFulfilled',
      fulfilledBy: 'VEILEDER_JUDGEMENT',
      judgement: {
        justification: 'Few suitable vacancies in week 47',
        actorIdent: 'Z999999',
        actorRole: 'veileder',
        judgedAt: '2026-11-23T08:00:00Z',
      },
    });
    expect(describeCondition(evolveCondition(state, event)).summary).toBe(
      "fulfilled by Z999999's judgement: Few suitable vacancies in week 47",
    );
  });

  it('needs a written justification, and cannot fulfil twice', () => {
    expect(() => decideCondition(judge('   ok     '), given(jobs))).toThrow(/justification: must explain/);
    const done = given(meeting, register({ kind: 'ACTIVITY_HELD', heldOn: '2026-11-18', note: 'x' }));
    expect(() => decideCondition(judge('Already discussed this'), done)).toThrow(expect.objectContaining({ kind: 'CONFLICT' }));
  });
});

describe('deadlines and breaches', () => {
  it.each([
    ['2026-11-30T22:59:59Z', false, 'the last second of the deadline day (23:59:59 CET)'],
    ['2026-11-30T23:00:00Z', true, 'midnight after it (00:00 CET)'],
  ])('at %s: breached %s (%s)', (instant, breached) => {
    const events = decideCondition(check(instant), given(receipt));
    expect(types(events)).toEqual(breached ? ['ConditionBreached'] : []);
  });

  it('knows the end of a deadline day in summer time and on the day daylight saving ends', () => {
    expect(deadlinePassed('2026-06-30', new Date('2026-06-30T21:59:59Z'))).toBe(false); // 23:59:59 CEST
    expect(deadlinePassed('2026-06-30', new Date('2026-06-30T22:00:00Z'))).toBe(true);
    expect(deadlinePassed('2026-10-25', new Date('2026-10-25T22:59:59Z'))).toBe(false); // 25-hour day, ends 23:00Z
    expect(deadlinePassed('2026-10-25', new Date('2026-10-25T23:00:00Z'))).toBe(true);
    expect(deadlinePassed('2026-03-29', new Date('2026-03-29T21:59:59Z'))).toBe(false); // 23-hour day, ends 22:00Z
    expect(deadlinePassed('2026-03-29', new Date('2026-03-29T22:00:00Z'))).toBe(true);
  });

  it('never breaches a fulfilled condition, and breaches an open one once', () => {
    const fulfilled = given(receipt, register(doc('ACCEPTED')));
    expect(decideCondition(check('2026-12-05T10:00:00Z'), fulfilled)).toEqual([]);
    const breached = given(receipt, check('2026-12-01T10:00:00Z'));
    expect(breached.status).toBe('BREACHED');
    expect(decideCondition(check('2026-12-02T10:00:00Z'), breached)).toEqual([]);
  });

  it('registers and shows evidence after the deadline without fulfilling; a judgement fulfils a breached condition', () => {
    const breached = given(receipt, check('2026-12-01T10:00:00Z'));
    const late = decideCondition(register(doc('ACCEPTED'), '2026-12-02T09:00:00Z'), breached);
    expect(types(late)).toEqual(['EvidenceRegistered']);
    const after = late.reduce(evolveCondition, breached);
    expect(describeCondition(after)).toMatchObject({ status: 'BREACHED', met: true });
    expect(types(decideCondition(judge('Receipt came two days late; paid on time'), after))).toEqual(['ConditionFulfilled']);
  });
});

describe('withdrawing evidence registered in error', () => {
  it('reopens a condition the withdrawn evidence had fulfilled, and keeps the evidence marked', () => {
    const state = given(receipt, register(doc('ACCEPTED')));
    const events = decideCondition(withdraw(lastId()), state);
    expect(types(events)).toEqual(['EvidenceWithdrawn', 'ConditionReopened']);
    expect(events[1]).toMatchObject({ reason: 'evidence withdrawn: registered on the wrong person' });
    const after = events.reduce(evolveCondition, state);
    expect(after.status).toBe('OPEN');
    expect(after.evidence[0].withdrawal).toMatchObject({ reason: 'registered on the wrong person', actorIdent: 'Z123456' });
  });

  it('does not reopen when other evidence still meets it, nor a condition fulfilled by judgement', () => {
    const twice = given(receipt, register(doc('ACCEPTED')), register(doc('ACCEPTED')));
    expect(types(decideCondition(withdraw(lastId()), twice))).toEqual(['EvidenceWithdrawn']);
    const judged = given(
      jobs,
      register({ kind: 'JOB_APPLICATIONS', applications: apps('2026-11-09', 5) }),
      judge('Few vacancies, effort documented'),
    );
    expect(types(decideCondition(withdraw('e' + (seq - 0)), judged))).toEqual(['EvidenceWithdrawn']);
  });

  it('refuses an unknown id, a second withdrawal and a missing reason', () => {
    const state = given(receipt, register(doc('REJECTED', 'unreadable copy')));
    const id = lastId();
    expect(() => decideCondition(withdraw('nope'), state)).toThrow(/evidenceId: no such evidence/);
    expect(() => decideCondition(withdraw(id, ' '), state)).toThrow(/reason: must say why/);
    const withdrawn = decideCondition(withdraw(id), state).reduce(evolveCondition, state);
    expect(() => decideCondition(withdraw(id), withdrawn)).toThrow(expect.objectContaining({ kind: 'CONFLICT' }));
  });
});

describe("the decision unit's amendments", () => {
  const lift: ConditionCommand = { type: 'Lift', at: '2026-11-26T10:00:00Z', reason: 'not a good fit for this person' };
  const move = (deadline: string): ConditionCommand => ({
    type: 'MoveDeadline',
    deadline,
    at: '2026-12-02T10:00:00Z',
    reason: 'ill in the period',
  });

  it('lifts an open or breached condition; after that evidence and judgements are refused', () => {
    const lifted = given(receipt, lift);
    expect(describeCondition(lifted)).toMatchObject({ status: 'LIFTED', summary: 'lifted by the decision unit' });
    expect(() => decideCondition(register(doc('ACCEPTED')), lifted)).toThrow(/conditionId: the condition is lifted/);
    expect(types(decideCondition(lift, given(receipt, check('2026-12-01T10:00:00Z'))))).toEqual(['ConditionLifted']);
    expect(decideCondition(lift, lifted)).toEqual([]);
  });

  it('reopens a breached condition when its deadline moves, and fulfils it at once if the late evidence meets it', () => {
    const breached = given(receipt, check('2026-12-01T10:00:00Z'));
    const reopened = given(receipt, check('2026-12-01T10:00:00Z'), move('2026-12-14'));
    expect(reopened).toMatchObject({ status: 'OPEN', deadline: '2026-12-14', breachedAt: null });
    const withLate = decideCondition(register(doc('ACCEPTED'), '2026-12-02T09:00:00Z'), breached).reduce(evolveCondition, breached);
    expect(types(decideCondition(move('2026-12-14'), withLate))).toEqual(['DeadlineMoved', 'ConditionFulfilled']);
    expect(decideCondition(check('2026-12-05T10:00:00Z'), reopened)).toEqual([]);
  });

  it('annuls a condition of a revoked decision', () => {
    expect(given(receipt, register(doc('ACCEPTED')), { type: 'Annul', at: 'x', reason: 'revoked' }).status).toBe('ANNULLED');
  });
});

describe('progress as facts, for screens to word', () => {
  it('gives each registered course day with its corrections, and the counts', () => {
    const state = given(
      course,
      register(list(days('2026-11-02', '2026-11-06'))),
      register(list([{ date: '2026-11-04', status: 'UNAPPROVED_ABSENCE' }])),
    );
    const { progress } = describeCondition(state);
    expect(progress).toMatchObject({
      kind: 'ATTENDANCE',
      courseDays: 20,
      covered: 5,
      present: 4,
      unapprovedAbsence: 1,
      maxUnapprovedAbsenceDays: 2,
      attendedShare: null,
    });
    if (progress.kind !== 'ATTENDANCE') throw new Error('attendance expected');
    expect(progress.days.map((d) => d.date)).toEqual(['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06']);
    expect(progress.days[2]).toEqual({ date: '2026-11-04', status: 'UNAPPROVED_ABSENCE', corrected: ['PRESENT'] });
  });

  it('gives the attended share against a share threshold', () => {
    const state = given(courseShare, register(list(days('2026-11-02', '2026-11-27', ['2026-11-03', '2026-11-04']))));
    expect(describeCondition(state).progress).toMatchObject({ minAttendedShare: 0.9, maxUnapprovedAbsenceDays: null, attendedShare: 0.9 });
  });

  it('gives each week with what it requires and what was sent', () => {
    const { progress } = describeCondition(given(jobs));
    expect(progress).toEqual({
      kind: 'JOB_APPLICATIONS',
      weeks: [
        { week: '2026-W46', required: 5, sent: 0 },
        { week: '2026-W47', required: 5, sent: 0 },
      ],
    });
  });

  it('gives a document as waiting, rejected with its reason, then accepted', () => {
    expect(describeCondition(given(receipt)).progress).toMatchObject({ kind: 'DOCUMENT', state: 'WAITING', receivedOn: null });
    const rejected = given(receipt, register(doc('REJECTED', 'kvitteringen gjelder oktober')));
    expect(describeCondition(rejected).progress).toMatchObject({
      state: 'REJECTED',
      receivedOn: '2026-11-20',
      rejectionReason: 'kvitteringen gjelder oktober',
    });
    expect(describeCondition(given(receipt, register(doc('ACCEPTED')))).progress).toMatchObject({
      state: 'ACCEPTED',
      receivedOn: '2026-11-20',
    });
  });

  it('gives an activity as held on its day', () => {
    const held = given(meeting, register({ kind: 'ACTIVITY_HELD', heldOn: '2026-11-18', note: 'kom' }));
    expect(describeCondition(given(meeting)).progress).toEqual({ kind: 'ACTIVITY', activity: 'meeting with the veileder', heldOn: null });
    expect(describeCondition(held).progress).toEqual({ kind: 'ACTIVITY', activity: 'meeting with the veileder', heldOn: '2026-11-18' });
  });
});
