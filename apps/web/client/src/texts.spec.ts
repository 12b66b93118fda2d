import { conditionShort, progressLines } from './texts';

describe("progress in a veileder's words", () => {
  it('words each week of job applications', () => {
    expect(
      progressLines({
        kind: 'JOB_APPLICATIONS',
        weeks: [
          { week: '2026-W46', required: 5, sent: 5 },
          { week: '2026-W47', required: 5, sent: 4 },
        ],
      }),
    ).toEqual(['uke 46: 5 av 5 søknader', 'uke 47: 4 av 5 søknader']);
  });

  it('words attendance with its threshold', () => {
    const lines = progressLines({
      kind: 'ATTENDANCE',
      courseDays: 20,
      covered: 20,
      present: 19,
      approvedAbsence: 0,
      unapprovedAbsence: 1,
      maxUnapprovedAbsenceDays: 2,
      minAttendedShare: null,
      attendedShare: null,
      days: [],
    });
    expect(lines).toEqual([
      '20 av 20 kursdager registrert',
      '19 til stede, 0 godkjent fravær, 1 ugyldig fravær',
      'Inntil 2 dager ugyldig fravær er tillatt',
    ]);
  });

  it('words a rejected document with the day and the reason', () => {
    expect(
      progressLines({
        kind: 'DOCUMENT',
        documentType: 'Kvittering',
        state: 'REJECTED',
        receivedOn: '2026-11-20',
        rejectionReason: 'gjelder oktober',
        coveredBy: null,
      }),
    ).toEqual(['Mottatt 20.11.2026, men avvist: gjelder oktober']);
  });

  it('names a condition in a few words for the summary', () => {
    expect(conditionShort({ requirement: { kind: 'DOCUMENT', documentType: 'Kvittering for husleie' } })).toBe('Kvittering for husleie');
    expect(conditionShort({ requirement: { kind: 'DOCUMENT', documentType: 'Kvittering for husleie' } }, true)).toBe(
      'kvittering for husleie',
    );
    expect(conditionShort({ requirement: { kind: 'ACTIVITY', activity: 'NAV-kurs i CV-skriving' } }, true)).toBe('NAV-kurs i CV-skriving');
    expect(
      conditionShort({
        requirement: { kind: 'JOB_APPLICATIONS', applicationsPerWeek: 5, periodFrom: '2026-11-09', periodTo: '2026-11-22' },
      }),
    ).toBe('5 jobbsøknader per uke 09.11.2026–22.11.2026');
  });
});
