import fc from 'fast-check';
import { ConditionKind } from '../conditions/condition';
import { completeNationalId } from '../identity/national-id';
import { StatisticsDecision, StatisticsEvent, yearlyStatistics, yearlyStatisticsCsv } from './yearly-statistics';

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

const ANNE = bornOn('2001-03-03'); // 25
const BJORN = bornOn('1970-06-06'); // 56
const CARL = bornOn('2002-02-02'); // 24, Bjørn's cohabitant
const DINA = bornOn('2003-09-09'); // 23

let seq = 0;
const decision = (over: Partial<StatisticsDecision>): StatisticsDecision => ({
  decisionId: `d${++seq}`,
  periodFrom: '2026-03-01',
  periodTo: '2026-03-31',
  issuedAt: '2026-02-25T10:00:00.000Z',
  revoked: false,
  recipientNationalId: ANNE,
  partnerNationalId: null,
  activityExceptions: [],
  conditions: [],
  ...over,
});
const cond = (conditionId: string, kind: ConditionKind, category: string | null, person?: 'RECIPIENT' | 'PARTNER') => ({
  conditionId,
  kind,
  category,
  person,
});

/** The seeded year 2026 at office 0301. */
function seededYear() {
  seq = 0;
  const anneMarch = decision({ conditions: [cond('a1', 'JOB_APPLICATIONS', '06'), cond('a2', 'DOCUMENT', '10')] });
  const anneApril = decision({ periodFrom: '2026-04-01', periodTo: '2026-04-30', conditions: [cond('a3', 'JOB_APPLICATIONS', '06')] });
  const bjornAndCarl = decision({
    recipientNationalId: BJORN,
    partnerNationalId: CARL,
    activityExceptions: [{ person: 'PARTNER', code: '03' }],
    conditions: [cond('b1', 'ACTIVITY', '08'), cond('b2', 'DOCUMENT', '18', 'PARTNER')],
  });
  const dinaEarlier = decision({
    recipientNationalId: DINA,
    issuedAt: '2026-01-10T10:00:00.000Z',
    periodFrom: '2026-01-01',
    periodTo: '2026-01-31',
    activityExceptions: [{ person: 'RECIPIENT', code: '01' }],
    conditions: [cond('d1', 'DOCUMENT', '15')],
  });
  const dinaLater = decision({
    recipientNationalId: DINA,
    issuedAt: '2026-05-10T10:00:00.000Z',
    periodFrom: '2026-05-01',
    periodTo: '2026-05-31',
    activityExceptions: [{ person: 'RECIPIENT', code: '02' }],
    conditions: [],
  });
  const lastYear = decision({ periodFrom: '2025-11-01', periodTo: '2025-11-30', conditions: [cond('z1', 'ACTIVITY', '16')] });
  const revoked = decision({ recipientNationalId: bornOn('1990-01-01'), revoked: true, conditions: [cond('r1', 'ACTIVITY', '16')] });
  const decisions = [anneMarch, anneApril, bjornAndCarl, dinaEarlier, dinaLater, lastYear, revoked];
  const events: StatisticsEvent[] = [
    { kind: 'BREACH', decisionId: anneMarch.decisionId, conditionId: 'a1', on: '2026-04-01' },
    { kind: 'BREACH', decisionId: anneApril.decisionId, conditionId: 'a3', on: '2026-05-01' },
    { kind: 'REDUCTION', decisionId: anneApril.decisionId, conditionId: 'a3', on: '2026-05-03' },
    { kind: 'BREACH', decisionId: bjornAndCarl.decisionId, conditionId: 'b2', on: '2026-04-01' },
    { kind: 'LIFT', decisionId: bjornAndCarl.decisionId, conditionId: 'b2', on: '2026-04-02' },
    { kind: 'LIFT', decisionId: anneMarch.decisionId, conditionId: 'a2', on: '2027-01-02' }, // next year
    { kind: 'BREACH', decisionId: lastYear.decisionId, conditionId: 'z1', on: '2025-12-01' }, // last year
    { kind: 'LIFT', decisionId: lastYear.decisionId, conditionId: 'z1', on: '2026-01-04' }, // last year's decision, lifted this year
    { kind: 'BREACH', decisionId: revoked.decisionId, conditionId: 'r1', on: '2026-04-01' }, // revoked: counts for nothing
  ];
  return { decisions, events };
}

describe('yearly statistics (KOSTRA)', () => {
  it('given a seeded year, then counts persons, not decisions', () => {
    const { decisions, events } = seededYear();
    const s = yearlyStatistics('0301', 2026, decisions, events);
    expect(s.recipientsWithConditions).toBe(3); // Anne (two decisions), Bjørn, Dina; not Carl, not the revoked
    expect(s.personsWithConditions).toBe(4); // + Carl
    const cat = Object.fromEntries(s.categories.map((c) => [c.code, [c.persons, c.count]]));
    expect(cat['06']).toEqual([1, 2]); // Anne, two conditions
    expect(cat['10']).toEqual([1, 1]);
    expect(cat['08']).toEqual([1, 1]);
    expect(cat['18']).toEqual([1, 1]); // Carl's
    expect(cat['15']).toEqual([1, 1]);
    expect(cat['16']).toEqual([0, 0]); // last year's and the revoked one's do not count
    expect(s.categories).toHaveLength(12);
    expect(s.activityDuty).toEqual({
      personsUnder30: 3, // Anne, Carl, Dina
      withActivityConditions: 1, // Anne
      exceptions: [
        { code: '01', name: 'I arbeid', persons: 0 },
        { code: '02', name: 'I aktivitet knyttet til en annen ytelse', persons: 1 }, // Dina's latest
        { code: '03', name: 'Helsemessige eller sosiale forhold hindrer aktivitet', persons: 1 }, // Carl
        { code: '04', name: 'Andre tungtveiende grunner', persons: 0 },
      ],
      withNeither: 0,
    });
    expect(s.breaches).toEqual({ persons: 2, count: 3 }); // Anne twice, Carl
    expect(s.reductions).toEqual({ persons: 1, count: 1 });
    expect(s.lifts).toEqual({ persons: 2, count: 2 }); // Carl's b2, and Anne's z1 from last year's decision
  });

  it('writes CSV with one figure per row, and no fødselsnummer', () => {
    const { decisions, events } = seededYear();
    const csv = yearlyStatisticsCsv(yearlyStatistics('0301', 2026, decisions, events));
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('kontor;år;del;kode;beskrivelse;personer;antall');
    expect(lines).toContain('0301;2026;mottakere;;Mottakere med vilkår;3;');
    expect(lines).toContain('0301;2026;kategori;06;Registrere seg som arbeidssøker eller føre jobblogg;1;2');
    expect(lines).toContain('0301;2026;20a-unntak;03;Helsemessige eller sosiale forhold hindrer aktivitet;1;');
    expect(lines).toContain('0301;2026;brudd;;Brudd på vilkår;2;3');
    expect(lines).toHaveLength(1 + 2 + 12 + 2 + 4 + 1 + 3);
    expect(csv).not.toMatch(/\d{11}/);
  });

  it('counts a recipient whose only conditions are on the partner as a recipient with conditions, and only the partner as a person', () => {
    const s = yearlyStatistics(
      '0301',
      2026,
      [decision({ recipientNationalId: BJORN, partnerNationalId: CARL, conditions: [cond('p', 'ACTIVITY', '08', 'PARTNER')] })],
      [],
    );
    expect([s.recipientsWithConditions, s.personsWithConditions, s.activityDuty.withActivityConditions]).toEqual([1, 1, 1]);
  });

  it('puts conditions issued before categories under "Uten kategori"', () => {
    const s = yearlyStatistics('0301', 2026, [decision({ recipientNationalId: BJORN, conditions: [cond('x', 'DOCUMENT', null)] })], []);
    expect(s.categories.at(-1)).toEqual({ code: null, name: 'Uten kategori', persons: 1, count: 1 });
  });

  it('property: repeating decisions for the same persons changes counts of conditions, never counts of persons', () => {
    const people = [ANNE, BJORN, CARL, DINA];
    const kinds: ConditionKind[] = ['DOCUMENT', 'ATTENDANCE', 'JOB_APPLICATIONS', 'ACTIVITY'];
    const arb = fc.array(
      fc.record({
        who: fc.nat(3),
        month: fc.integer({ min: 1, max: 12 }),
        conds: fc.array(fc.tuple(fc.nat(3), fc.constantFrom('04', '06', '08', '15', '20')), { maxLength: 3 }),
        breach: fc.boolean(),
      }),
      { maxLength: 8 },
    );
    fc.assert(
      fc.property(arb, (specs) => {
        const build = (suffix: string) => {
          const ds: StatisticsDecision[] = [];
          const es: StatisticsEvent[] = [];
          specs.forEach((sp, i) => {
            const m = String(sp.month).padStart(2, '0');
            const d = decision({
              decisionId: `${suffix}${i}`,
              recipientNationalId: people[sp.who],
              periodFrom: `2026-${m}-01`,
              periodTo: `2026-${m}-28`,
              conditions: sp.conds.map(([k, c], j) => cond(`c${j}`, kinds[k], c)),
            });
            ds.push(d);
            if (sp.breach && d.conditions.length > 0)
              es.push({ kind: 'BREACH', decisionId: d.decisionId, conditionId: 'c0', on: `2026-${m}-28` });
          });
          return { ds, es };
        };
        const once = build('a');
        const twice = build('b');
        const one = yearlyStatistics('0301', 2026, once.ds, once.es);
        const two = yearlyStatistics('0301', 2026, [...once.ds, ...twice.ds], [...once.es, ...twice.es]);
        expect(two.recipientsWithConditions).toBe(one.recipientsWithConditions);
        expect(two.categories.map((c) => c.persons)).toEqual(one.categories.map((c) => c.persons));
        expect(two.categories.map((c) => c.count)).toEqual(one.categories.map((c) => 2 * c.count));
        expect(two.breaches).toEqual({ persons: one.breaches.persons, count: 2 * one.breaches.count });
        expect(two.activityDuty.withActivityConditions).toBe(one.activityDuty.withActivityConditions);
        for (const c of one.categories) expect(c.persons).toBeLessThanOrEqual(Math.min(c.count, one.personsWithConditions));
      }),
      { numRuns: 300 },
    );
  });
});
