import Ajv from 'ajv';
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import request from 'supertest';
import { DIGISOS_SOKER_SCHEMA_V1, DigisosSokerV1, EventEnvelope, PaymentReleasedV1, TOPICS } from '@vf/contracts';
import {
  DECISION_UNIT,
  OTHER_OFFICE,
  RECIPIENT,
  System,
  TopicWatcher,
  VEILEDER,
  amend,
  applications,
  as,
  attendanceList,
  bearer,
  eventually,
  fixtureDeadline,
  issueNovember,
  startSystem,
} from '@vf/testing';
import { DigisosSoker, Hendelse, addDays, endOfOsloDay, hendelseKey, norwegianDate, osloDate } from '@vf/rules';

const addDaysFromToday = (n: number) => addDays(osloDate(new Date()), n);

type Documents = EventEnvelope<DigisosSokerV1>;
type Released = EventEnvelope<PaymentReleasedV1>;

const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addMetaSchema(JSON.parse(readFileSync(require.resolve('ajv/dist/refs/json-schema-draft-06.json'), 'utf8')));
const validate = ajv.compile(DIGISOS_SOKER_SCHEMA_V1);

/** What innsyn shows of a thing: its latest hendelse. */
function latest(doc: DigisosSoker, type: Hendelse['type'], ref: string): Record<string, unknown> {
  const key = `${type}:${ref}`;
  const found = [...doc.hendelser].reverse().find((h) => hendelseKey(h) === key);
  if (!found) throw new Error(`no ${key} in the document`);
  return found as unknown as Record<string, unknown>;
}

/** Checked on every document the system produces: valid against our schema, and every utbetalingsreferanse names an utbetaling already in it. */
function checkDocument(doc: DigisosSoker): void {
  expect(validate(doc) ? [] : validate.errors).toEqual([]);
  const payments = new Set<string>();
  for (const h of doc.hendelser) {
    if (h.type === 'utbetaling') payments.add(h.utbetalingsreferanse);
    if (h.type === 'vilkar' || h.type === 'dokumentasjonkrav') for (const ref of h.utbetalingsreferanse) expect(payments).toContain(ref);
  }
  const times = doc.hendelser.map((h) => h.hendelsestidspunkt);
  expect([...times].sort()).toEqual(times);
  expect(JSON.stringify(doc)).not.toContain(RECIPIENT); // no fødselsnummer
}

describe('innsyn: the recipient’s digisos-soker document, live', () => {
  let system: System;
  let documents: TopicWatcher<Documents>;
  let released: TopicWatcher<Released>;

  beforeAll(async () => {
    system = await startSystem('innsyn');
    documents = await new TopicWatcher<Documents>(TOPICS.digisosSokerV1).start();
    released = await new TopicWatcher<Released>(TOPICS.paymentReleasedV1).start();
  });

  afterAll(async () => {
    for (const w of [documents, released]) await w?.stop();
    await system?.stopAll();
  });

  const read = async (caseId: string) =>
    (await request(system.urls.payout).get(`/cases/${caseId}/digisos-soker`).set(as(VEILEDER)).expect(200)).body as DigisosSoker;

  /** The document once `ready` holds for it; checked, and never shorter than the last one read (append-only). */
  const lastRead = new Map<string, DigisosSoker>();
  async function documentWhen(caseId: string, ready: (doc: DigisosSoker) => boolean, what: string): Promise<DigisosSoker> {
    const doc = await eventually(
      async () => {
        const res = await request(system.urls.payout).get(`/cases/${caseId}/digisos-soker`).set(as(VEILEDER));
        return res.status === 200 && ready(res.body) ? (res.body as DigisosSoker) : undefined;
      },
      20_000,
      what,
    );
    checkDocument(doc);
    const before = lastRead.get(caseId);
    if (before) expect(doc.hendelser.slice(0, before.hendelser.length)).toEqual(before.hendelser);
    lastRead.set(caseId, doc);
    return doc;
  }

  /** Every message for the case: sequence 1, 2, 3 … once each, each valid, each extending the one before, the last the document served. */
  async function checkTopic(caseId: string): Promise<Documents[]> {
    await system.settled();
    // The services are quiet; wait until this test's own reader has the case's last change too.
    const [{ sequence }] = await system.query<{ sequence: number }>('payout', 'SELECT sequence FROM innsyn_document WHERE case_id = $1', [
      caseId,
    ]);
    await documents.waitFor((e) => e.payload.caseId === caseId && e.payload.sequence === sequence);
    const ours = documents.matching((e) => e.payload.caseId === caseId).map((s) => s.value);
    expect(new Set(ours.map((e) => e.eventId)).size).toBe(ours.length);
    expect(ours.map((e) => e.payload.sequence)).toEqual(ours.map((_, i) => i + 1));
    for (const [i, e] of ours.entries()) {
      const doc = e.payload.document as unknown as DigisosSoker;
      checkDocument(doc);
      if (i > 0) {
        const before = ours[i - 1].payload.document as unknown as DigisosSoker;
        expect(doc.hendelser.length).toBeGreaterThan(before.hendelser.length);
        expect(doc.hendelser.slice(0, before.hendelser.length)).toEqual(before.hendelser);
      }
    }
    expect(ours[ours.length - 1].payload.document).toEqual(await read(caseId));
    expect(documents.matching((e) => e.payload.caseId === caseId).every((s) => s.key === caseId)).toBe(true);
    return ours;
  }

  const payTeam = bearer('Z900009', 'payment-team');
  async function reportPaid(paymentId: string, paidOn: string) {
    const release = await released.waitFor((e) => e.payload.paymentId === paymentId);
    await request(system.urls.payout)
      .post(`/payments/${paymentId}/settlement`)
      .set(payTeam)
      .send({ idempotencyKey: release.value.payload.idempotencyKey, outcome: 'PAID', reference: `UTB-${paidOn}`, paidOn })
      .expect(200);
  }

  it('follows the November scenario step by step: what to do and by when, and why each payment waits', async () => {
    const d = await issueNovember(system);
    const { P1, P2 } = d.p;
    const { C1, C2, C3 } = d.c;
    const deadline = fixtureDeadline();
    const status = (doc: DigisosSoker) => ({
      C1: latest(doc, 'dokumentasjonkrav', C1).status,
      C2: latest(doc, 'vilkar', C2).status,
      C3: latest(doc, 'vilkar', C3).status,
      P1: latest(doc, 'utbetaling', P1).status,
      P2: latest(doc, 'utbetaling', P2).status,
    });

    // 0. Issued: the sak and its vedtak, both payments planned, the three conditions relevant, each linked to what it holds back.
    let doc = await documentWhen(d.caseId, (x) => x.hendelser.length === 7, 'the issued decision in the document');
    expect(doc.version).toBe('1.0.0');
    expect(doc.avsender).toEqual({ systemnavn: 'Vilkårsflyt', systemversjon: JSON.parse(readFileSync('package.json', 'utf8')).version });
    expect(doc.hendelser.map((h) => h.type)).toEqual([
      'saksStatus',
      'vedtakFattet',
      'utbetaling',
      'utbetaling',
      'dokumentasjonkrav',
      'vilkar',
      'vilkar',
    ]);
    expect(doc.hendelser[0]).toMatchObject({
      referanse: d.decisionId,
      status: 'UNDER_BEHANDLING',
      tittel: 'Økonomisk sosialhjelp 01.11.2026–30.11.2026',
    });
    expect(doc.hendelser[1]).toMatchObject({ saksreferanse: d.decisionId, utfall: 'INNVILGET' });
    expect(status(doc)).toEqual({ C1: 'RELEVANT', C2: 'RELEVANT', C3: 'RELEVANT', P1: 'PLANLAGT_UTBETALING', P2: 'PLANLAGT_UTBETALING' });
    expect(latest(doc, 'utbetaling', P1)).toMatchObject({
      saksreferanse: d.decisionId,
      belop: 8500,
      beskrivelse: 'Husleie',
      forfallsdato: '2026-12-01',
      annenMottaker: true,
      mottaker: 'Utleier Eiendom AS',
    });
    expect(latest(doc, 'utbetaling', P2)).toMatchObject({ belop: 7850, beskrivelse: 'Livsopphold', annenMottaker: false, mottaker: 'Deg' });
    expect(latest(doc, 'dokumentasjonkrav', C1)).toMatchObject({
      utbetalingsreferanse: [P1],
      frist: endOfOsloDay(deadline),
      beskrivelse:
        'Lever kvittering for betalt husleie for november 2026, så vi kan betale husleien for desember til utleier. ' +
        `Fristen er ${norwegianDate(deadline)}. Husleie med forfall 01.12.2026 blir ikke utbetalt før dette er gjort.`,
    });
    for (const [C, text] of [
      [C2, 'Møt på kurset i voksenopplæringen 2.–27. november. Du kan ha inntil 2 dager fravær uten godkjent grunn.'],
      [C3, 'Send minst 5 jobbsøknader i uke 46 og i uke 47.'],
    ]) {
      expect(latest(doc, 'vilkar', C)).toMatchObject({
        utbetalingsreferanse: [P2],
        beskrivelse: `${text} Fristen er ${norwegianDate(deadline)}. Livsopphold med forfall 01.12.2026 blir ikke utbetalt før dette er gjort.`,
      });
    }

    // 1. The rent receipt: C1 delivered, P1 released, and still planned to the recipient until the payment team reports it paid.
    await request(system.urls['follow-up'])
      .post(`/conditions/${C1}/evidence/documents`)
      .set(as(VEILEDER))
      .send({ documentType: 'RENT_RECEIPT_2026_11', receivedOn: '2026-11-20', outcome: 'ACCEPTED' })
      .expect(201);
    const acknowledged = Date.now();
    const delivered = await documents.waitFor(
      (e) =>
        e.payload.caseId === d.caseId &&
        latest(e.payload.document as unknown as DigisosSoker, 'dokumentasjonkrav', C1).status === 'LEVERT_TIDLIGERE',
    );
    console.log(`receipt acknowledged -> new digisos-soker document on Kafka: ${delivered.receivedAt - acknowledged} ms`);
    await released.waitFor((e) => e.payload.paymentId === P1);
    await system.settled();
    doc = await documentWhen(d.caseId, (x) => latest(x, 'dokumentasjonkrav', C1).status === 'LEVERT_TIDLIGERE', 'C1 delivered');
    expect(status(doc)).toEqual({
      C1: 'LEVERT_TIDLIGERE',
      C2: 'RELEVANT',
      C3: 'RELEVANT',
      P1: 'PLANLAGT_UTBETALING',
      P2: 'PLANLAGT_UTBETALING',
    });
    expect(latest(doc, 'dokumentasjonkrav', C1).beskrivelse).toContain('Vi har fått dokumentasjonen.');
    expect(latest(doc, 'utbetaling', P1)).not.toHaveProperty('utbetalingsdato');
    await reportPaid(P1, '2026-11-23');
    doc = await documentWhen(d.caseId, (x) => latest(x, 'utbetaling', P1).status === 'UTBETALT', 'P1 paid');
    expect(latest(doc, 'utbetaling', P1)).toMatchObject({ status: 'UTBETALT', utbetalingsdato: '2026-11-23', belop: 8500 });

    // 2. Attendance with one unapproved day: C2 met; P2 still waits, and C3 says so.
    await request(system.urls['follow-up'])
      .post(`/conditions/${C2}/evidence/attendance-lists`)
      .set(as(VEILEDER))
      .send(attendanceList('2026-11-02', '2026-11-27', ['2026-11-12']))
      .expect(201);
    doc = await documentWhen(d.caseId, (x) => String(latest(x, 'vilkar', C2).beskrivelse).includes('oppfylt'), 'C2 met');
    expect(latest(doc, 'vilkar', C2).beskrivelse).toBe(
      'Møt på kurset i voksenopplæringen 2.–27. november. Du kan ha inntil 2 dager fravær uten godkjent grunn. Dette vilkåret er oppfylt.',
    );
    expect(status(doc)).toEqual({ C1: 'LEVERT_TIDLIGERE', C2: 'RELEVANT', C3: 'RELEVANT', P1: 'UTBETALT', P2: 'PLANLAGT_UTBETALING' });
    expect(latest(doc, 'vilkar', C3).beskrivelse).toContain('Livsopphold med forfall 01.12.2026 blir ikke utbetalt før dette er gjort.');

    // 3. 5 and 4 applications: C3 still open, nothing the recipient sees changes, so no new document.
    await system.settled();
    const before = (await checkTopic(d.caseId)).length;
    for (const [monday, n] of [['2026-11-09', 5] as const, ['2026-11-16', 4] as const]) {
      await request(system.urls['follow-up'])
        .post(`/conditions/${C3}/evidence/job-applications`)
        .set(as(VEILEDER))
        .send(applications(monday, n))
        .expect(201);
    }
    expect((await checkTopic(d.caseId)).length).toBe(before);
    expect(await read(d.caseId)).toEqual(doc);

    // 4. The veileder's judgement: C3 met, P2 released and planned until paid, then paid.
    await request(system.urls['follow-up'])
      .post(`/conditions/${C3}/fulfilment-judgements`)
      .set(as(VEILEDER))
      .send({ justification: 'Few suitable vacancies in week 47; 4 applications is a genuine effort.' })
      .expect(201);
    await released.waitFor((e) => e.payload.paymentId === P2);
    await system.settled();
    doc = await documentWhen(d.caseId, (x) => String(latest(x, 'vilkar', C3).beskrivelse).includes('oppfylt'), 'C3 met');
    expect(status(doc)).toEqual({ C1: 'LEVERT_TIDLIGERE', C2: 'RELEVANT', C3: 'RELEVANT', P1: 'UTBETALT', P2: 'PLANLAGT_UTBETALING' });
    await reportPaid(P2, '2026-12-01');
    doc = await documentWhen(d.caseId, (x) => latest(x, 'utbetaling', P2).status === 'UTBETALT', 'P2 paid');
    expect(latest(doc, 'utbetaling', P2)).toMatchObject({ status: 'UTBETALT', utbetalingsdato: '2026-12-01', belop: 7850 });

    // Each change published once, in order, whole; the last is what GET serves.
    const published = await checkTopic(d.caseId);
    expect(published.length).toBe(6); // issued, C1 delivered, P1 paid, C2 met, C3 met, P2 paid
    expect(published.every((e) => e.producer === 'payout' && e.payload.office === '0301')).toBe(true);
    console.log(`document after P2 paid: ${doc.hendelser.length} hendelser, ${Buffer.byteLength(JSON.stringify(doc))} bytes`);

    // The sample for docs/innsyn.md.
    mkdirSync(join('.run', 'innsyn'), { recursive: true });
    writeFileSync(join('.run', 'innsyn', 'november-after-p2-paid.json'), JSON.stringify(doc, null, 2));

    // Who may read it: the office's veileder and decision unit and the auditor; not the payment team, not another office.
    await request(system.urls.payout).get(`/cases/${d.caseId}/digisos-soker`).set(as(DECISION_UNIT)).expect(200);
    await request(system.urls.payout).get(`/cases/${d.caseId}/digisos-soker`).set(bearer('Z300003', 'auditor')).expect(200);
    await request(system.urls.payout).get(`/cases/${d.caseId}/digisos-soker`).set(payTeam).expect(403);
    const elsewhere = await request(system.urls.payout)
      .get(`/cases/${d.caseId}/digisos-soker`)
      .set(bearer(VEILEDER, 'veileder', [OTHER_OFFICE]))
      .expect(403);
    const unknown = await request(system.urls.payout).get(`/cases/K-none/digisos-soker`).set(as(VEILEDER)).expect(403);
    expect(unknown.body).toEqual(elsewhere.body);
    await request(system.urls.payout).get(`/cases/${d.caseId}/digisos-soker`).expect(401);

    // Everything delivered to payout again (a restart that lost its offsets): no document changes, none is published again.
    await system.stop('payout');
    await system.rewind('payout');
    await system.start('payout');
    await system.settled();
    expect(await read(d.caseId)).toEqual(doc);
    expect((await checkTopic(d.caseId)).length).toBe(6);
  });

  it('shows a lift and a stop, a revocation, a reduction after a breach, and a withdrawal with the statuses the recipient should see', async () => {
    // Lift C1: it no longer applies (ANNULLERT) and P1 goes; stop P2: STOPPET, and its conditions no longer say it waits for them.
    const a = await issueNovember(system);
    await documentWhen(a.caseId, (x) => x.hendelser.length === 7, 'issued');
    await amend(system, a.decisionId, `conditions/${a.c.C1}/lifting`, { reason: 'The landlord confirmed the rent is paid.' }).expect(201);
    await released.waitFor((e) => e.payload.paymentId === a.p.P1);
    let doc = await documentWhen(a.caseId, (x) => latest(x, 'dokumentasjonkrav', a.c.C1).status === 'ANNULLERT', 'C1 lifted');
    expect(latest(doc, 'dokumentasjonkrav', a.c.C1).beskrivelse).toContain('Nav har opphevet dette vilkåret.');
    expect(latest(doc, 'utbetaling', a.p.P1).status).toBe('PLANLAGT_UTBETALING');
    await amend(system, a.decisionId, `payments/${a.p.P2}/stop`, { reason: 'The recipient has started in full-time work.' }).expect(201);
    doc = await documentWhen(a.caseId, (x) => latest(x, 'utbetaling', a.p.P2).status === 'STOPPET', 'P2 stopped');
    await system.settled();
    doc = await read(a.caseId);
    checkDocument(doc);
    for (const C of [a.c.C2, a.c.C3]) {
      expect(latest(doc, 'vilkar', C)).toMatchObject({ status: 'RELEVANT', utbetalingsreferanse: [a.p.P2] });
      expect(latest(doc, 'vilkar', C).beskrivelse).not.toContain('blir ikke utbetalt');
    }
    await checkTopic(a.caseId);

    // Revocation: the open conditions and the held payments are annulled.
    const b = await issueNovember(system);
    await documentWhen(b.caseId, (x) => x.hendelser.length === 7, 'issued');
    await amend(system, b.decisionId, 'revocation', { reason: 'The decision was made on wrong income figures.' }).expect(201);
    doc = await documentWhen(
      b.caseId,
      (x) =>
        [latest(x, 'dokumentasjonkrav', b.c.C1), latest(x, 'vilkar', b.c.C2), latest(x, 'vilkar', b.c.C3)].every(
          (h) => h.status === 'ANNULLERT',
        ) && [latest(x, 'utbetaling', b.p.P1), latest(x, 'utbetaling', b.p.P2)].every((h) => h.status === 'ANNULLERT'),
      'revoked',
    );
    expect(latest(doc, 'vilkar', b.c.C2).beskrivelse).toContain('Vedtaket er opphevet.');
    await checkTopic(b.caseId);

    // A breach (deadline yesterday): still RELEVANT, saying the deadline passed; then a reduction shows the new amount.
    const c = await issueNovember(system, (body) => {
      body.conditions[0].deadline = addDaysFromToday(-1);
    });
    doc = await documentWhen(
      c.caseId,
      (x) => String(latest(x, 'dokumentasjonkrav', c.c.C1).beskrivelse).includes('Fristen var'),
      'C1 breached',
    );
    expect(latest(doc, 'dokumentasjonkrav', c.c.C1)).toMatchObject({ status: 'RELEVANT', frist: endOfOsloDay(addDaysFromToday(-1)) });
    expect(latest(doc, 'dokumentasjonkrav', c.c.C1).beskrivelse).toContain(
      'Husleie med forfall 01.12.2026 blir ikke utbetalt før Nav har vurdert saken.',
    );
    await amend(system, c.decisionId, `payments/${c.p.P1}/reduction`, {
      conditionId: c.c.C1,
      amountOre: 600_000,
      assessment: 'Receipt missing; rent reduced by the announced amount after a conversation.',
    }).expect(201);
    doc = await documentWhen(c.caseId, (x) => latest(x, 'utbetaling', c.p.P1).belop === 6000, 'P1 reduced');
    expect(latest(doc, 'utbetaling', c.p.P1)).toMatchObject({ status: 'PLANLAGT_UTBETALING', belop: 6000 });
    expect((await released.waitFor((e) => e.payload.paymentId === c.p.P1)).value.payload.amountOre).toBe(600_000);
    await checkTopic(c.caseId);

    // Evidence withdrawn: C2 is open again, and its text says again that P2 waits for it.
    const e = await issueNovember(system);
    const list = await request(system.urls['follow-up'])
      .post(`/conditions/${e.c.C2}/evidence/attendance-lists`)
      .set(as(VEILEDER))
      .send(attendanceList('2026-11-02', '2026-11-27'))
      .expect(201);
    await documentWhen(e.caseId, (x) => String(latest(x, 'vilkar', e.c.C2).beskrivelse).includes('oppfylt'), 'C2 met');
    await request(system.urls['follow-up'])
      .post(`/conditions/${e.c.C2}/evidence/${list.body.evidenceId}/withdrawal`)
      .set(as(VEILEDER))
      .send({ reason: 'The list belongs to another participant' })
      .expect(201);
    doc = await documentWhen(e.caseId, (x) => !String(latest(x, 'vilkar', e.c.C2).beskrivelse).includes('oppfylt'), 'C2 open again');
    expect(latest(doc, 'vilkar', e.c.C2)).toMatchObject({ status: 'RELEVANT', utbetalingsreferanse: [e.p.P2] });
    expect(latest(doc, 'vilkar', e.c.C2).beskrivelse).toContain(
      'Livsopphold med forfall 01.12.2026 blir ikke utbetalt før dette er gjort.',
    );
    await checkTopic(e.caseId);
  });
});
