import { changedEntries, courseWeeks, nextStatus } from './attendance-grid';

describe('the attendance grid', () => {
  it('lays out the course days of 2–27 November 2026 as four weeks of Monday–Friday', () => {
    const weeks = courseWeeks('2026-11-02', '2026-11-27');
    expect(weeks.map((w) => w.week)).toEqual(['2026-W45', '2026-W46', '2026-W47', '2026-W48']);
    expect(weeks[0].days).toEqual(['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06']);
    expect(weeks.flatMap((w) => w.days).filter(Boolean)).toHaveLength(20);
  });

  it('leaves the slots outside a period that starts midweek empty', () => {
    expect(courseWeeks('2026-11-04', '2026-11-10')).toEqual([
      { week: '2026-W45', days: [null, null, '2026-11-04', '2026-11-05', '2026-11-06'] },
      { week: '2026-W46', days: ['2026-11-09', '2026-11-10', null, null, null] },
    ]);
  });

  it('cycles a day through every status and back to blank in four clicks', () => {
    expect([nextStatus(''), nextStatus('PRESENT'), nextStatus('UNAPPROVED_ABSENCE'), nextStatus('APPROVED_ABSENCE')]).toEqual([
      'PRESENT',
      'UNAPPROVED_ABSENCE',
      'APPROVED_ABSENCE',
      '',
    ]);
  });

  it('sends only the days that change what is registered, approved absence with its reason', () => {
    const grid = {
      '2026-11-02': 'PRESENT',
      '2026-11-03': 'UNAPPROVED_ABSENCE',
      '2026-11-04': 'APPROVED_ABSENCE',
      '2026-11-05': '',
    } as const;
    expect(changedEntries({ ...grid }, { '2026-11-04': 'ILL_WITH_NOTE' }, { '2026-11-02': 'PRESENT', '2026-11-03': 'PRESENT' })).toEqual([
      { date: '2026-11-03', status: 'UNAPPROVED_ABSENCE' },
      { date: '2026-11-04', status: 'APPROVED_ABSENCE', reason: 'ILL_WITH_NOTE' },
    ]);
  });
});
