import { parseApplicationRows } from './tsv';

describe('pasting applications from a spreadsheet', () => {
  it('reads tab-separated rows, skipping a header and blank lines', () => {
    const text =
      'Arbeidsgiver\tStilling\tDato\tKanal\nRema 1000\tButikkmedarbeider\t09.11.2026\tE-post\n\nPosten\tSjåfør\t2026-11-10\tNettskjema\r\n';
    expect(parseApplicationRows(text)).toEqual([
      { employer: 'Rema 1000', position: 'Butikkmedarbeider', sentOn: '09.11.2026', channel: 'EMAIL' },
      { employer: 'Posten', position: 'Sjåfør', sentOn: '10.11.2026', channel: 'WEB_FORM' },
    ]);
  });

  it('keeps a date it cannot read as typed, so the form can point at it, and defaults the channel', () => {
    expect(parseApplicationRows('Kiwi\tKassemedarbeider\tforrige uke')).toEqual([
      { employer: 'Kiwi', position: 'Kassemedarbeider', sentOn: 'forrige uke', channel: 'EMAIL' },
    ]);
  });
});
