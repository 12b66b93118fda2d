import { bearer } from './tokens';
import { addDays, compareDates, completeNationalId, daysBetween, isWeekday, osloDate } from '@vf/rules';

/** A synthetic test fødselsnummer (month + 80): valid, and nobody's. */
export const RECIPIENT = '01810012311';
export const LANDLORD_ACCOUNT = '12345678903';
export const DECISION_UNIT = 'Z100001' as const;
export const VEILEDER = 'Z200002' as const;

/**
 * A valid fødselsnummer for somebody born on `date` (1900–2039), made as a synthetic test number (month + 80)
 * so that it is nobody's; `nth` picks another individual number for another person born that day.
 */
export function nationalIdBornOn(date: string, nth = 0): string {
  const [y, m, d] = date.split('-').map(Number);
  const start = y >= 2000 ? 500 : 0;
  let found = 0;
  for (let i = 0; i < 500; i++) {
    const prefix = `${String(d).padStart(2, '0')}${String(m + 80)}${String(y % 100).padStart(2, '0')}${String(start + i).padStart(3, '0')}`;
    const n = completeNationalId(prefix);
    if (n && found++ === nth) return n;
  }
  throw new Error('no valid number for that day');
}

/**
 * The conditions' deadline: 30 November 2026 as in the issue, or 30 days from today if that is later,
 * so that a test run after November does not find every condition breached by the deadline job.
 */
export function fixtureDeadline(now = new Date()): string {
  const later = addDays(osloDate(now), 30);
  return compareDates(later, '2026-11-30') > 0 ? later : '2026-11-30';
}

/** The November 2026 decision of the vertical-slice issue: P1 rent to the landlord, P2 living costs. */
export function november2026Decision(caseId: string) {
  const deadline = fixtureDeadline();
  return {
    caseId,
    office: '0301',
    recipientNationalId: RECIPIENT,
    periodFrom: '2026-11-01',
    periodTo: '2026-11-30',
    reductionOnBreachAnnounced: true,
    payments: [
      {
        ref: 'P1',
        purpose: 'RENT',
        amountOre: 850_000,
        dueDate: '2026-12-01',
        payee: { type: 'THIRD_PARTY', name: 'Utleier Eiendom AS', accountNumber: LANDLORD_ACCOUNT },
      },
      {
        ref: 'P2',
        purpose: 'LIVING_COSTS',
        amountOre: 785_000,
        dueDate: '2026-12-01',
        payee: { type: 'RECIPIENT', nationalId: RECIPIENT },
      },
    ],
    conditions: [
      {
        ref: 'C1',
        text: 'Lever kvittering for betalt husleie for november 2026, så vi kan betale husleien for desember til utleier.',
        deadline,
        requirement: { kind: 'DOCUMENT', documentType: 'RENT_RECEIPT_2026_11' },
        gates: ['P1'],
      },
      {
        ref: 'C2',
        text: 'Møt på kurset i voksenopplæringen 2.–27. november. Du kan ha inntil 2 dager fravær uten godkjent grunn.',
        deadline,
        requirement: { kind: 'ATTENDANCE', periodFrom: '2026-11-02', periodTo: '2026-11-27', maxUnapprovedAbsenceDays: 2 },
        gates: ['P2'],
      },
      {
        ref: 'C3',
        text: 'Send minst 5 jobbsøknader i uke 46 og i uke 47.',
        deadline,
        requirement: { kind: 'JOB_APPLICATIONS', periodFrom: '2026-11-09', periodTo: '2026-11-22', applicationsPerWeek: 5 },
        gates: ['P2'],
      },
    ],
  };
}

/** An attendance list for every course day (Mon–Fri) of a period; the named days unapproved. */
export function attendanceList(from: string, to: string, unapproved: string[] = []) {
  return {
    provider: 'Oslo voksenopplæring, Sinsen',
    signedBy: 'Kari Nordmann, lærer',
    signedOn: to,
    entries: daysBetween(from, to)
      .filter(isWeekday)
      .map((date) => ({ date, status: unapproved.includes(date) ? 'UNAPPROVED_ABSENCE' : 'PRESENT' })),
  };
}

/** `n` distinct applications sent in the week starting on `monday`. */
export function applications(monday: string, n: number, employerPrefix = 'Employer') {
  return {
    applications: Array.from({ length: n }, (_, i) => ({
      employer: `${employerPrefix} ${i + 1}`,
      position: 'Lagermedarbeider',
      sentOn: addDays(monday, i % 5),
      channel: 'EMAIL',
    })),
  };
}

/** Headers for the fixture actors: the decision unit and the veileder work at office 0301. */
export const as = (ident: typeof DECISION_UNIT | typeof VEILEDER) => bearer(ident, ident === DECISION_UNIT ? 'decision-unit' : 'veileder');
