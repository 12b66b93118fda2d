import { journalWhat } from './journal-text';

describe('journal lines in Norwegian', () => {
  it('words what the services journal', () => {
    expect(journalWhat('CONDITION_SET', 'C1 (DOCUMENT), deadline 2026-12-26: Lever kvittering for husleie.')).toBe(
      'C1 (Dokumentasjon), frist 26.12.2026: Lever kvittering for husleie.',
    );
    expect(journalWhat('EVIDENCE_REGISTERED', 'document "Kvittering for husleie" received 2026-11-26, accepted')).toBe(
      'Dokument «Kvittering for husleie» mottatt 26.11.2026, godkjent',
    );
    expect(
      journalWhat(
        'EVIDENCE_REGISTERED',
        'attendance list from Oslo voksenopplæring, Sinsen, signed by Kari Nordmann, lærer on 2026-11-26, 20 days',
      ),
    ).toBe('Frammøteliste fra Oslo voksenopplæring, Sinsen, signert av Kari Nordmann, lærer 26.11.2026, 20 dager');
    expect(journalWhat('EVIDENCE_REGISTERED', '9 job application(s)')).toBe('9 jobbsøknader');
    expect(journalWhat('DEADLINE_MOVED', 'deadline moved from 2026-11-30 to 2026-12-15')).toBe(
      'Fristen flyttet fra 30.11.2026 til 15.12.2026',
    );
  });

  it('leaves status changes to the condition card, and shows an unknown line as it came', () => {
    expect(
      journalWhat('CONDITION_FULFILLED', 'attendance covers all 20 course days; 1 days of unapproved absence, at most 2 allowed'),
    ).toBeNull();
    expect(journalWhat('SOMETHING_NEW', 'a line nobody translated')).toBe('a line nobody translated');
  });
});
