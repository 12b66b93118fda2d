import fc from 'fast-check';
import {
  Avsender,
  DigisosSoker,
  DokumentasjonkravHendelse,
  Hendelse,
  InnsynCase,
  InnsynPayment,
  UtbetalingHendelse,
  VilkarHendelse,
  conditionDescription,
  dokumentasjonkravStatus,
  effectiveStatus,
  endOfOsloDay,
  hendelseKey,
  nextDigisosSoker,
  utbetalingStatus,
  vilkarStatus,
} from './digisos-soker';
import { CONDITION_STATUSES, ConditionStatus } from '../conditions/condition';
import { PAYMENT_STATUSES } from '../payments/payment';

const AVSENDER: Avsender = { systemnavn: 'Vilkårsflyt', systemversjon: '0.1.0' };
const T = (iso: string) => new Date(iso);

/** The November 2026 case of the vertical slice: P1 rent to the landlord (C1, a receipt), P2 living costs (C2 attendance, C3 applications). */
function november(): InnsynCase {
  return {
    decisions: [{ decisionId: 'D', issuedAt: '2026-11-01T09:00:00.000Z', periodFrom: '2026-11-01', periodTo: '2026-11-30' }],
    payments: [
      {
        paymentId: 'P1',
        decisionId: 'D',
        ref: 'P1',
        purpose: 'RENT',
        amountOre: 850_000,
        dueDate: '2026-12-01',
        payee: { type: 'THIRD_PARTY', name: 'Utleier Eiendom AS' },
        status: 'HELD',
        paidOn: null,
        gates: { C1: null },
      },
      {
        paymentId: 'P2',
        decisionId: 'D',
        ref: 'P2',
        purpose: 'LIVING_COSTS',
        amountOre: 785_000,
        dueDate: '2026-12-01',
        payee: { type: 'RECIPIENT' },
        status: 'HELD',
        paidOn: null,
        gates: { C2: null, C3: null },
      },
    ],
    conditions: [
      {
        conditionId: 'C1',
        decisionId: 'D',
        kind: 'DOCUMENT',
        text: 'Lever kvittering for husleie for november',
        deadline: '2026-11-30',
        status: 'OPEN',
        statusAt: '2026-11-01T09:00:00.000Z',
      },
      {
        conditionId: 'C2',
        decisionId: 'D',
        kind: 'ATTENDANCE',
        text: 'Møt på kurset 2.–27. november.',
        deadline: '2026-11-30',
        status: 'OPEN',
        statusAt: '2026-11-01T09:00:00.000Z',
      },
      {
        conditionId: 'C3',
        decisionId: 'D',
        kind: 'JOB_APPLICATIONS',
        text: 'Send 5 jobbsøknader i uke 46 og 47.',
        deadline: '2026-11-30',
        status: 'OPEN',
        statusAt: '2026-11-01T09:00:00.000Z',
      },
    ],
  };
}

const payment = (c: InnsynCase, id: string) => c.payments.find((p) => p.paymentId === id)!;
const condition = (c: InnsynCase, id: string) => c.conditions.find((x) => x.conditionId === id)!;
/** The latest hendelse about a thing: what innsyn shows. */
const latest = <H extends Hendelse>(d: DigisosSoker, key: string) => [...d.hendelser].reverse().find((h) => hendelseKey(h) === key) as H;

describe('digisos-soker: the recipient’s document', () => {
  it('given a new decision, when mapped, then the sak and vedtak come first, then the payments, then the conditions that name them', () => {
    const { document, appended } = nextDigisosSoker(null, november(), T('2026-11-01T09:00:00.000Z'), AVSENDER);
    expect(document.version).toBe('1.0.0');
    expect(document.avsender).toEqual(AVSENDER);
    expect(appended.map(hendelseKey)).toEqual([
      'saksStatus:D',
      'vedtakFattet:D',
      'utbetaling:P1',
      'utbetaling:P2',
      'dokumentasjonkrav:C1',
      'vilkar:C2',
      'vilkar:C3',
    ]);
    expect(appended.every((h) => h.hendelsestidspunkt === '2026-11-01T09:00:00.000Z')).toBe(true);
    expect(latest<UtbetalingHendelse>(document, 'utbetaling:P1')).toEqual({
      type: 'utbetaling',
      hendelsestidspunkt: '2026-11-01T09:00:00.000Z',
      utbetalingsreferanse: 'P1',
      saksreferanse: 'D',
      status: 'PLANLAGT_UTBETALING',
      belop: 8500,
      beskrivelse: 'Husleie',
      forfallsdato: '2026-12-01',
      annenMottaker: true,
      mottaker: 'Utleier Eiendom AS',
    });
    expect(latest<UtbetalingHendelse>(document, 'utbetaling:P2')).toMatchObject({ belop: 7850, annenMottaker: false, mottaker: 'Deg' });
    expect(latest<DokumentasjonkravHendelse>(document, 'dokumentasjonkrav:C1')).toEqual({
      type: 'dokumentasjonkrav',
      hendelsestidspunkt: '2026-11-01T09:00:00.000Z',
      dokumentasjonkravreferanse: 'C1',
      saksreferanse: 'D',
      utbetalingsreferanse: ['P1'],
      tittel: 'Dokumentasjon',
      beskrivelse:
        'Lever kvittering for husleie for november. Fristen er 30.11.2026. Husleie med forfall 01.12.2026 blir ikke utbetalt før dette er gjort.',
      frist: '2026-11-30T22:59:59.999Z',
      status: 'RELEVANT',
    });
    expect(latest<VilkarHendelse>(document, 'vilkar:C3')).toMatchObject({
      utbetalingsreferanse: ['P2'],
      tittel: 'Jobbsøking',
      beskrivelse:
        'Send 5 jobbsøknader i uke 46 og 47. Fristen er 30.11.2026. Livsopphold med forfall 01.12.2026 blir ikke utbetalt før dette er gjort.',
      status: 'RELEVANT',
    });
  });

  it('given the receipt accepted and P1 released, when mapped, then C1 is LEVERT_TIDLIGERE and P1 still PLANLAGT_UTBETALING; paid, it is UTBETALT with the day', () => {
    const c = november();
    const first = nextDigisosSoker(null, c, T('2026-11-01T09:00:00.000Z'), AVSENDER).document;
    condition(c, 'C1').status = 'FULFILLED';
    payment(c, 'P1').gates.C1 = { how: 'MET', at: '2026-11-20T10:00:00.000Z' };
    payment(c, 'P1').status = 'RELEASED';
    const second = nextDigisosSoker(first, c, T('2026-11-20T10:00:00.000Z'), AVSENDER);
    expect(second.appended.map(hendelseKey)).toEqual(['dokumentasjonkrav:C1']); // the release itself changes nothing the recipient sees
    expect(latest<DokumentasjonkravHendelse>(second.document, 'dokumentasjonkrav:C1')).toMatchObject({
      status: 'LEVERT_TIDLIGERE',
      beskrivelse: 'Lever kvittering for husleie for november. Vi har fått dokumentasjonen.',
    });
    expect(latest<UtbetalingHendelse>(second.document, 'utbetaling:P1').status).toBe('PLANLAGT_UTBETALING');

    payment(c, 'P1').status = 'PAID';
    payment(c, 'P1').paidOn = '2026-11-23';
    const third = nextDigisosSoker(second.document, c, T('2026-11-23T08:00:00.000Z'), AVSENDER);
    expect(third.appended).toEqual([
      expect.objectContaining({ type: 'utbetaling', utbetalingsreferanse: 'P1', status: 'UTBETALT', utbetalingsdato: '2026-11-23' }),
    ]);
  });

  it('given C2 met while C3 is open, when mapped, then C2 says it is met and C3 still says P2 waits for it', () => {
    const c = november();
    const first = nextDigisosSoker(null, c, T('2026-11-01T09:00:00.000Z'), AVSENDER).document;
    condition(c, 'C2').status = 'FULFILLED';
    payment(c, 'P2').gates.C2 = { how: 'MET', at: '2026-11-27T15:00:00.000Z' };
    const next = nextDigisosSoker(first, c, T('2026-11-27T15:00:00.000Z'), AVSENDER);
    expect(next.appended.map(hendelseKey)).toEqual(['vilkar:C2']);
    expect(latest<VilkarHendelse>(next.document, 'vilkar:C2')).toMatchObject({
      status: 'RELEVANT',
      beskrivelse: 'Møt på kurset 2.–27. november. Dette vilkåret er oppfylt.',
    });
    expect(latest<VilkarHendelse>(next.document, 'vilkar:C3').beskrivelse).toContain(
      'Livsopphold med forfall 01.12.2026 blir ikke utbetalt',
    );
  });

  it('given payout hears of the receipt before follow-up does (P1’s gate met, P1 released, C1 still open), then C1 shows delivered at once, and follow-up’s word adds nothing', () => {
    const c = november();
    const first = nextDigisosSoker(null, c, T('2026-11-01T09:00:00.000Z'), AVSENDER).document;
    payment(c, 'P1').gates.C1 = { how: 'MET', at: '2026-11-20T10:00:00.000Z' };
    payment(c, 'P1').status = 'RELEASED';
    const early = nextDigisosSoker(first, c, T('2026-11-20T10:00:00.000Z'), AVSENDER);
    expect(early.appended).toEqual([expect.objectContaining({ dokumentasjonkravreferanse: 'C1', status: 'LEVERT_TIDLIGERE' })]);
    Object.assign(condition(c, 'C1'), { status: 'FULFILLED', statusAt: '2026-11-20T10:00:00.001Z' });
    expect(nextDigisosSoker(early.document, c, T('2026-11-20T10:00:00.001Z'), AVSENDER).appended).toEqual([]);
  });

  it('given follow-up reopens C2 before payout holds P2 again, then C2 says at once that P2 waits, and payout catching up adds nothing', () => {
    const c = november();
    payment(c, 'P2').gates.C2 = { how: 'MET', at: '2026-11-27T15:00:00.000Z' };
    Object.assign(condition(c, 'C2'), { status: 'FULFILLED', statusAt: '2026-11-27T15:00:00.000Z' });
    const met = nextDigisosSoker(null, c, T('2026-11-27T15:00:00.000Z'), AVSENDER).document;
    Object.assign(condition(c, 'C2'), { status: 'OPEN', statusAt: '2026-11-28T09:00:00.000Z' });
    const reopened = nextDigisosSoker(met, c, T('2026-11-28T09:00:00.000Z'), AVSENDER);
    expect(reopened.appended).toHaveLength(1);
    expect((reopened.appended[0] as VilkarHendelse).beskrivelse).toContain(
      'Livsopphold med forfall 01.12.2026 blir ikke utbetalt før dette er gjort.',
    );
    payment(c, 'P2').gates.C2 = null;
    expect(nextDigisosSoker(reopened.document, c, T('2026-11-28T09:00:00.001Z'), AVSENDER).appended).toEqual([]);
  });

  it('given a payment already released when its condition reopens, then the open condition does not claim to hold it back', () => {
    const c = november();
    payment(c, 'P1').gates.C1 = { how: 'MET', at: '2026-11-20T10:00:00.000Z' };
    payment(c, 'P1').status = 'RELEASED';
    Object.assign(condition(c, 'C1'), { status: 'OPEN', statusAt: '2026-11-21T10:00:00.000Z' });
    const doc = nextDigisosSoker(null, c, T('2026-11-21T10:00:00.000Z'), AVSENDER).document;
    expect(latest<DokumentasjonkravHendelse>(doc, 'dokumentasjonkrav:C1')).toMatchObject({
      status: 'RELEVANT',
      beskrivelse: 'Lever kvittering for husleie for november. Fristen er 30.11.2026.',
    });
  });

  it('given a lift, a stop, a revocation and a reduction, when mapped, then ANNULLERT, STOPPET, ANNULLERT and the new amount', () => {
    const c = november();
    const first = nextDigisosSoker(null, c, T('2026-11-01T09:00:00.000Z'), AVSENDER).document;
    condition(c, 'C1').status = 'LIFTED';
    payment(c, 'P2').status = 'STOPPED';
    const next = nextDigisosSoker(first, c, T('2026-11-10T09:00:00.000Z'), AVSENDER);
    expect(latest<DokumentasjonkravHendelse>(next.document, 'dokumentasjonkrav:C1').status).toBe('ANNULLERT');
    expect(latest<UtbetalingHendelse>(next.document, 'utbetaling:P2').status).toBe('STOPPET');
    // C2 and C3 no longer say P2 waits for them: it is stopped.
    expect(latest<VilkarHendelse>(next.document, 'vilkar:C2').beskrivelse).toBe('Møt på kurset 2.–27. november. Fristen er 30.11.2026.');

    const revoked = november();
    for (const x of revoked.conditions) x.status = 'ANNULLED';
    for (const p of revoked.payments) p.status = 'CANCELLED';
    const after = nextDigisosSoker(first, revoked, T('2026-11-10T09:00:00.000Z'), AVSENDER).document;
    expect(['vilkar:C2', 'vilkar:C3'].map((k) => latest<VilkarHendelse>(after, k).status)).toEqual(['ANNULLERT', 'ANNULLERT']);
    expect(['utbetaling:P1', 'utbetaling:P2'].map((k) => latest<UtbetalingHendelse>(after, k).status)).toEqual(['ANNULLERT', 'ANNULLERT']);

    const reduced = november();
    payment(reduced, 'P1').amountOre = 600_000;
    const lower = nextDigisosSoker(first, reduced, T('2026-12-02T09:00:00.000Z'), AVSENDER);
    expect(lower.appended).toEqual([expect.objectContaining({ utbetalingsreferanse: 'P1', belop: 6000, status: 'PLANLAGT_UTBETALING' })]);
  });

  it('given a breached condition, when mapped, then it stays RELEVANT and says the deadline passed and the payment waits for Nav', () => {
    const c = november();
    condition(c, 'C3').status = 'BREACHED';
    expect(conditionDescription(condition(c, 'C3'), c.payments)).toBe(
      'Send 5 jobbsøknader i uke 46 og 47. Fristen var 30.11.2026, og vi har ikke registrert at dette er gjort. Nav vurderer saken din. ' +
        'Livsopphold med forfall 01.12.2026 blir ikke utbetalt før Nav har vurdert saken.',
    );
  });

  it('given a second decision on the case, when mapped, then only its sak, vedtak, payments and conditions are appended, after the first’s', () => {
    const c = november();
    const first = nextDigisosSoker(null, c, T('2026-11-01T09:00:00.000Z'), AVSENDER).document;
    c.decisions.push({ decisionId: 'E', issuedAt: '2026-12-01T09:00:00.000Z', periodFrom: '2026-12-01', periodTo: '2026-12-31' });
    c.payments.push({ ...payment(c, 'P1'), paymentId: 'Q1', decisionId: 'E', ref: 'P1', dueDate: '2027-01-01', gates: { D1: null } });
    c.conditions.push({ ...condition(c, 'C1'), conditionId: 'D1', decisionId: 'E', deadline: '2026-12-31' });
    const next = nextDigisosSoker(first, c, T('2026-12-01T09:00:00.000Z'), AVSENDER);
    expect(next.appended.map(hendelseKey)).toEqual(['saksStatus:E', 'vedtakFattet:E', 'utbetaling:Q1', 'dokumentasjonkrav:D1']);
    expect(latest<DokumentasjonkravHendelse>(next.document, 'dokumentasjonkrav:D1')).toMatchObject({
      saksreferanse: 'E',
      utbetalingsreferanse: ['Q1'],
    });
  });

  it('maps every condition status and payment status the rules know', () => {
    expect(CONDITION_STATUSES.map((s) => [s, vilkarStatus(s), dokumentasjonkravStatus(s)])).toEqual([
      ['OPEN', 'RELEVANT', 'RELEVANT'],
      ['FULFILLED', 'RELEVANT', 'LEVERT_TIDLIGERE'],
      ['BREACHED', 'RELEVANT', 'RELEVANT'],
      ['LIFTED', 'ANNULLERT', 'ANNULLERT'],
      ['ANNULLED', 'ANNULLERT', 'ANNULLERT'],
    ]);
    expect(PAYMENT_STATUSES.filter((s) => s !== 'NONE').map((s) => [s, utbetalingStatus(s as Exclude<typeof s, 'NONE'>)])).toEqual([
      ['HELD', 'PLANLAGT_UTBETALING'],
      ['RELEASED', 'PLANLAGT_UTBETALING'],
      ['PAID', 'UTBETALT'],
      ['FAILED', 'PLANLAGT_UTBETALING'],
      ['STOPPED', 'STOPPET'],
      ['CANCELLED', 'ANNULLERT'],
    ]);
  });

  it('ends a deadline day at midnight in Oslo, in winter and in summer time', () => {
    expect(endOfOsloDay('2026-11-30')).toBe('2026-11-30T22:59:59.999Z');
    expect(endOfOsloDay('2026-06-30')).toBe('2026-06-30T21:59:59.999Z');
    expect(endOfOsloDay('2026-10-25')).toBe('2026-10-25T22:59:59.999Z'); // the 25-hour day
    expect(endOfOsloDay('2026-03-29')).toBe('2026-03-29T21:59:59.999Z'); // the 23-hour day
  });

  it('given a time earlier than the log’s last, when something changes, then the new hendelse takes the last time: the log stays in order', () => {
    const c = november();
    const first = nextDigisosSoker(null, c, T('2026-11-20T10:00:00.000Z'), AVSENDER).document;
    payment(c, 'P2').status = 'STOPPED';
    const next = nextDigisosSoker(first, c, T('2026-11-19T10:00:00.000Z'), AVSENDER);
    expect(next.appended[0].hendelsestidspunkt).toBe('2026-11-20T10:00:00.000Z');
  });

  // ---- properties over any sequence of changes ----
  const change = fc.oneof(
    fc.record({
      what: fc.constant('condition' as const),
      id: fc.constantFrom('C1', 'C2', 'C3'),
      status: fc.constantFrom(...CONDITION_STATUSES),
    }),
    fc.record({
      what: fc.constant('payment' as const),
      id: fc.constantFrom('P1', 'P2'),
      status: fc.constantFrom<InnsynPayment['status'][]>('HELD', 'RELEASED', 'PAID', 'FAILED', 'STOPPED', 'CANCELLED'),
      amountOre: fc.integer({ min: 1, max: 2_000_000 }),
      gate: fc.constantFrom(null, 'MET' as const, 'LIFTED' as const, 'REDUCED' as const),
    }),
    fc.record({ what: fc.constant('deadline' as const), id: fc.constantFrom('C1', 'C2', 'C3'), day: fc.integer({ min: 1, max: 28 }) }),
  );
  type Change = typeof change extends fc.Arbitrary<infer C> ? C : never;
  const apply = (c: InnsynCase, x: Change, at: Date) => {
    if (x.what === 'condition') Object.assign(condition(c, x.id), { status: x.status as ConditionStatus, statusAt: at.toISOString() });
    if (x.what === 'deadline') condition(c, x.id).deadline = `2026-12-${String(x.day).padStart(2, '0')}`;
    if (x.what === 'payment') {
      const p: InnsynPayment = payment(c, x.id);
      p.status = x.status;
      p.amountOre = x.amountOre;
      p.paidOn = x.status === 'PAID' ? '2026-12-01' : null;
      for (const k of Object.keys(p.gates)) p.gates[k] = x.gate === null ? null : { how: x.gate, at: at.toISOString() };
    }
  };

  it('property: append-only, in time order, nothing appended when nothing changed, and every utbetalingsreferanse names an utbetaling before it', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(change, fc.integer({ min: 0, max: 100_000_000 })), { maxLength: 25 }), (steps) => {
        const c = november();
        let doc = nextDigisosSoker(null, c, T('2026-11-01T09:00:00.000Z'), AVSENDER).document;
        for (const [x, ms] of steps) {
          const at = new Date(T('2026-11-01T09:00:00.000Z').getTime() + ms);
          apply(c, x, at);
          const next = nextDigisosSoker(doc, c, at, AVSENDER);
          expect(next.document.hendelser.slice(0, doc.hendelser.length)).toEqual(doc.hendelser);
          expect(next.document.hendelser.length).toBe(doc.hendelser.length + next.appended.length);
          expect(nextDigisosSoker(next.document, c, at, AVSENDER).appended).toEqual([]);
          doc = next.document;
        }
        const times = doc.hendelser.map((h) => h.hendelsestidspunkt);
        expect([...times].sort()).toEqual(times);
        const seen = new Set<string>();
        for (const h of doc.hendelser) {
          if (h.type === 'utbetaling') seen.add(h.utbetalingsreferanse);
          if (h.type === 'vilkar' || h.type === 'dokumentasjonkrav') for (const r of h.utbetalingsreferanse) expect(seen.has(r)).toBe(true);
        }
        // The latest hendelse of each thing is what the case says now.
        for (const p of c.payments)
          expect(latest<UtbetalingHendelse>(doc, `utbetaling:${p.paymentId}`).status).toBe(utbetalingStatus(p.status));
        for (const x of c.conditions.filter((y) => y.kind !== 'DOCUMENT')) {
          expect(latest<VilkarHendelse>(doc, `vilkar:${x.conditionId}`).status).toBe(vilkarStatus(effectiveStatus(x, c.payments)));
        }
        expect(doc.hendelser.filter((h) => h.type === 'saksStatus' || h.type === 'vedtakFattet')).toHaveLength(2);
      }),
    );
  });
});
