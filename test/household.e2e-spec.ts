import request from 'supertest';
import { EventEnvelope, PaymentReleasedV1, TOPICS } from '@vf/contracts';
import { addDays, osloDate, yearlyStatistics } from '@vf/rules';
import {
  DECISION_UNIT,
  System,
  TopicWatcher,
  VEILEDER,
  as,
  bearer,
  eventually,
  nationalIdBornOn,
  november2026Decision,
  startSystem,
} from '@vf/testing';

type Released = EventEnvelope<PaymentReleasedV1>;

/**
 * Issue #12 through the real services, broker and databases: § 20 a per person under 30, a spouse's
 * conditions gating the same payment as the recipient's, and the office's yearly statistics.
 */
describe('household: § 20 a, a spouse’s conditions, and the yearly statistics', () => {
  let system: System;
  let released: TopicWatcher<Released>;

  beforeAll(async () => {
    system = await startSystem('household');
    released = await new TopicWatcher<Released>(TOPICS.paymentReleasedV1).start();
  });

  afterAll(async () => {
    await released?.stop();
    await system?.stopAll();
  });

  const YOUNG = nationalIdBornOn('2001-06-15'); // 25 on 1 November 2026
  const YOUNG_SPOUSE = nationalIdBornOn('2000-02-29');
  const counts = async () => ({ decisions: await system.count('decision', 'decision'), events: await system.count('decision', 'outbox') });
  const issue = (body: object, headers = as(DECISION_UNIT)) => request(system.urls.decision).post('/decisions').set(headers).send(body);

  it('refuses a decision for a person under 30 with no activity condition and no exception (422 naming the field and § 20 a), storing nothing', async () => {
    const body = november2026Decision('K-20a-1');
    body.recipientNationalId = YOUNG;
    body.payments[1].payee = { type: 'RECIPIENT', nationalId: YOUNG };
    body.conditions = [body.conditions[0]]; // the rent receipt only
    const before = await counts();
    const res = await issue(body).expect(422);
    expect(res.body.errors).toEqual([{ field: 'activityExceptions', reason: expect.stringMatching(/^§ 20 a: the recipient is under 30/) }]);
    expect(JSON.stringify(res.body)).not.toContain(YOUNG);
    expect(await counts()).toEqual(before);

    // Over 30 (the fixture's recipient was born in 1900) an exception is refused.
    const old = november2026Decision('K-20a-2');
    const refused = await issue({
      ...old,
      activityExceptions: [{ person: 'RECIPIENT', code: '01', reason: 'Arbeider fulltid hos Posten' }],
    }).expect(422);
    expect(refused.body.errors).toEqual([{ field: 'activityExceptions[0]', reason: expect.stringMatching(/30 or older/) }]);

    // A spouse's fødselsnummer is validated like the recipient's, and never echoed.
    const badSpouse = await issue({ ...old, partner: { relation: 'SPOUSE', nationalId: '01810012312' } }).expect(400);
    expect(badSpouse.body.errors).toEqual([{ field: 'partner.nationalId', reason: expect.stringMatching(/mod-11/) }]);
    expect(JSON.stringify(badSpouse.body)).not.toContain('01810012312');
    expect(await counts()).toEqual(before);
  });

  it('stores an exception with its code and reason, publishes it, shows it on the decision and journals it', async () => {
    const body = november2026Decision('K-20a-3');
    body.recipientNationalId = YOUNG;
    body.payments[1].payee = { type: 'RECIPIENT', nationalId: YOUNG };
    body.conditions = [body.conditions[0]];
    const reason = 'Har fått fast jobb fra 15. november, 80 % stilling';
    const res = await issue({ ...body, activityExceptions: [{ person: 'RECIPIENT', code: '01', reason }] }).expect(201);
    const read = (await request(system.urls.decision).get(`/decisions/${res.body.decisionId}`).set(as(VEILEDER)).expect(200)).body;
    expect(read.persons).toEqual([
      {
        person: 'RECIPIENT',
        relation: 'RECIPIENT',
        nationalId: YOUNG,
        activityDutyApplies: true,
        activityException: { code: '01', name: 'I arbeid', reason },
      },
    ]);
    const journal = (
      await request(system.urls.decision).get(`/decisions/${res.body.decisionId}/journal`).set(as(DECISION_UNIT)).expect(200)
    ).body.entries;
    expect(journal[1]).toMatchObject({
      kind: 'ACTIVITY_DUTY_EXCEPTION',
      actor: { ident: DECISION_UNIT, role: 'decision-unit' },
      details: { person: 'RECIPIENT', code: '01' },
      reason,
    });
    const [event] = await system.query<{ value: { payload: Record<string, unknown> } }>(
      'decision',
      `SELECT value FROM outbox WHERE value->'payload'->>'decisionId' = $1`,
      [res.body.decisionId],
    );
    expect(event.value.payload.activityExceptions).toEqual([{ person: 'RECIPIENT', code: '01', reason }]);

    // A condition added later for a spouse the decision does not name is refused on its field.
    const added = await request(system.urls.decision)
      .post(`/decisions/${res.body.decisionId}/conditions`)
      .set(as(DECISION_UNIT))
      .send({
        ref: 'C9',
        text: 'Møt til samtale.',
        deadline: body.conditions[0].deadline,
        requirement: { kind: 'ACTIVITY', activity: 'Samtale' },
        gatesPaymentIds: [res.body.payments[0].paymentId],
        person: 'PARTNER',
        category: '08',
        reason: 'Ektefellen skal også følges opp',
      })
      .expect(422);
    expect(added.body.errors).toEqual([{ field: 'person', reason: 'the decision names no spouse or cohabitant' }]);
  });

  it("releases a payment gated by the recipient's condition and the spouse's only when both are met; the case shows whose each is", async () => {
    const caseId = `K-hh-${Date.now().toString(36)}`;
    const fixture = november2026Decision(caseId);
    const body = { ...fixture, conditions: [] as object[] };
    body.conditions = [
      { ...fixture.conditions[0], category: '10' },
      {
        ref: 'C2',
        text: 'Møt til samtale med veileder om arbeid i november.',
        deadline: fixture.conditions[0].deadline,
        requirement: { kind: 'ACTIVITY', activity: 'Samtale med veileder' },
        gates: ['P1'],
        person: 'PARTNER',
        category: '08',
      },
    ];
    const res = await issue({ ...body, partner: { relation: 'SPOUSE', nationalId: YOUNG_SPOUSE } }).expect(201);
    const [C1, C2] = res.body.conditions.map((c: { conditionId: string }) => c.conditionId);
    const P1 = res.body.payments[0].paymentId as string;
    expect(res.body.conditions.map((c: { person: string; category: string }) => [c.person, c.category])).toEqual([
      ['RECIPIENT', '10'],
      ['PARTNER', '08'],
    ]);
    expect(res.body.persons.map((p: { relation: string; activityDutyApplies: boolean }) => [p.relation, p.activityDutyApplies])).toEqual([
      ['RECIPIENT', false],
      ['SPOUSE', true],
    ]);

    const caseView = await eventually(
      async () => {
        const r = await request(system.urls['follow-up']).get(`/cases/${caseId}/conditions`).set(as(VEILEDER));
        return r.body.conditions?.length === 2 ? r.body.conditions : undefined;
      },
      20_000,
      'follow-up knows both conditions',
    );
    expect(caseView.map((c: { ref: string; person: string; category: string }) => [c.ref, c.person, c.category])).toEqual([
      ['C1', 'RECIPIENT', '10'],
      ['C2', 'PARTNER', '08'],
    ]);

    await request(system.urls['follow-up'])
      .post(`/conditions/${C1}/evidence/documents`)
      .set(as(VEILEDER))
      .send({ documentType: 'RENT_RECEIPT_2026_11', receivedOn: '2026-11-20', outcome: 'ACCEPTED' })
      .expect(201);
    const waiting = await eventually(
      async () => {
        const ps = (await request(system.urls.payout).get(`/decisions/${res.body.decisionId}/payments`).set(as(VEILEDER))).body.payments;
        const p1 = ps?.find((p: { paymentId: string }) => p.paymentId === P1);
        return p1?.waitingFor.length === 1 ? p1 : undefined;
      },
      20_000,
      'payout knows C1 met',
    );
    expect(waiting).toMatchObject({ status: 'HELD', waitingFor: [{ conditionId: C2 }] });
    expect(released.matching((e) => e.payload.paymentId === P1)).toHaveLength(0);

    await request(system.urls['follow-up'])
      .post(`/conditions/${C2}/evidence/activities`)
      .set(as(VEILEDER))
      .send({ heldOn: '2026-11-18', note: 'Ektefellen møtte til samtale' })
      .expect(201);
    const p1 = await released.waitFor((e) => e.payload.paymentId === P1);
    expect(p1.value.payload.waitedFor.map((w) => w.conditionId).sort()).toEqual([C1, C2].sort());
  });

  it('counts a seeded year per person, as JSON and as CSV, for one office only', async () => {
    const OFFICE = '4601';
    const unit = bearer(DECISION_UNIT, 'decision-unit', [OFFICE]);
    const today = osloDate(new Date());
    const year = Number(today.slice(0, 4));
    const A = nationalIdBornOn(`${year - 24}-03-03`); // under 30
    const B = nationalIdBornOn(`${year - 50}-04-04`); // over 30
    const C = nationalIdBornOn(`${year - 22}-05-05`); // B's cohabitant, under 30
    const D = nationalIdBornOn(`${year - 27}-06-06`); // under 30, in work
    const yesterday = addDays(today, -1);
    const later = addDays(today, 30);
    const payment = (nationalId: string, ref = 'P1') => ({
      ref,
      purpose: 'LIVING_COSTS',
      amountOre: 700_000,
      dueDate: `${year}-12-20`,
      payee: { type: 'RECIPIENT', nationalId },
    });
    const base = (caseId: string, nationalId: string, month: string) => ({
      caseId,
      office: OFFICE,
      recipientNationalId: nationalId,
      periodFrom: `${year}-${month}-01`,
      periodTo: `${year}-${month}-28`,
      reductionOnBreachAnnounced: true,
      payments: [payment(nationalId)],
    });
    const jobs = {
      kind: 'JOB_APPLICATIONS',
      periodFrom: `${year}-01-05`,
      periodTo: `${year}-01-25`,
      applicationsPerWeek: 3,
    };

    // A, first decision: job applications (06) already overdue, so it is breached, then a reduction.
    const d1 = (
      await issue(
        {
          ...base('K-S-A', A, '01'),
          conditions: [
            { ref: 'C1', text: 'Send 3 søknader i uken.', deadline: yesterday, requirement: jobs, gates: ['P1'], category: '06' },
          ],
        },
        unit,
      ).expect(201)
    ).body;
    // A, second decision: a meeting (08), lifted.
    const d2 = (
      await issue(
        {
          ...base('K-S-A', A, '02'),
          conditions: [
            {
              ref: 'C1',
              text: 'Møt til samtale.',
              deadline: later,
              requirement: { kind: 'ACTIVITY', activity: 'Samtale' },
              gates: ['P1'],
              category: '08',
            },
          ],
        },
        unit,
      ).expect(201)
    ).body;
    // B with cohabitant C: the rent reduced (18) is C's condition; C has an exception (02) instead of activity.
    await issue(
      {
        ...base('K-S-B', B, '03'),
        partner: { relation: 'COHABITANT', nationalId: C },
        activityExceptions: [{ person: 'PARTNER', code: '02', reason: 'Deltar i kvalifiseringsprogrammet' }],
        conditions: [
          {
            ref: 'C1',
            text: 'Søk billigere bolig.',
            deadline: later,
            requirement: { kind: 'DOCUMENT', documentType: 'BOLIGSOKNAD' },
            gates: ['P1'],
            person: 'PARTNER',
            category: '18',
          },
        ],
      },
      unit,
    ).expect(201);
    // D: in work, no conditions.
    await issue(
      {
        ...base('K-S-D', D, '04'),
        activityExceptions: [{ person: 'RECIPIENT', code: '01', reason: 'Fast jobb i barnehage' }],
        conditions: [],
      },
      unit,
    ).expect(201);
    // Another office's decision does not count here.
    await issue(november2026Decision('K-S-other')).expect(201);

    const amendAs = (decisionId: string, path: string, b: object) =>
      request(system.urls.decision).post(`/decisions/${decisionId}/${path}`).set(unit).send(b);
    await eventually(
      async () =>
        (await request(system.urls.decision).get(`/decisions/${d1.decisionId}`).set(unit)).body.conditions?.[0]?.breached === true,
      20_000,
      'the breach reaches the decision unit',
    );
    await amendAs(d1.decisionId, `payments/${d1.payments[0].paymentId}/reduction`, {
      conditionId: d1.conditions[0].conditionId,
      amountOre: 500_000,
      assessment: 'Ingen søknader sendt og ingen grunn oppgitt',
    }).expect(201);
    await amendAs(d2.decisionId, `conditions/${d2.conditions[0].conditionId}/lifting`, {
      reason: 'Samtalen er ikke lenger nødvendig',
    }).expect(201);

    const stats = (await request(system.urls.decision).get(`/offices/${OFFICE}/statistics/${year}`).set(unit).expect(200))
      .body as ReturnType<typeof yearlyStatistics>;
    expect(stats.recipientsWithConditions).toBe(2); // A (two decisions), B (the condition is on C)
    expect(stats.personsWithConditions).toBe(2); // A, C
    const cat = Object.fromEntries(stats.categories.map((c) => [c.code, [c.persons, c.count]]));
    expect([cat['06'], cat['08'], cat['18'], cat['10']]).toEqual([
      [1, 1],
      [1, 1],
      [1, 1],
      [0, 0],
    ]);
    expect(stats.activityDuty).toMatchObject({ personsUnder30: 3, withActivityConditions: 1, withNeither: 0 });
    expect(stats.activityDuty.exceptions.map((e) => [e.code, e.persons])).toEqual([
      ['01', 1],
      ['02', 1],
      ['03', 0],
      ['04', 0],
    ]);
    expect([stats.breaches, stats.reductions, stats.lifts]).toEqual([
      { persons: 1, count: 1 },
      { persons: 1, count: 1 },
      { persons: 1, count: 1 },
    ]);

    const csv = await request(system.urls.decision).get(`/offices/${OFFICE}/statistics/${year}/csv`).set(unit).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="vilkar-statistikk-${OFFICE}-${year}.csv"`);
    expect(csv.text).toContain(`${OFFICE};${year};mottakere;;Mottakere med vilkår;2;`);
    expect(csv.text).toContain(`${OFFICE};${year};20a-unntak;02;I aktivitet knyttet til en annen ytelse;1;`);
    expect(csv.text).toContain(`${OFFICE};${year};reduksjon;;Reduksjon etter brudd;1;1`);
    expect(csv.text).not.toMatch(/\d{11}/);

    // Another office's statistics are not this unit's; a bad year is a 400 naming it.
    await request(system.urls.decision).get(`/offices/0301/statistics/${year}`).set(unit).expect(403);
    const bad = await request(system.urls.decision).get(`/offices/${OFFICE}/statistics/20x6`).set(unit).expect(400);
    expect(bad.body.errors).toEqual([{ field: 'year', reason: expect.stringMatching(/year from 2017/) }]);
    await request(system.urls.decision)
      .get(`/offices/${OFFICE}/statistics/${year}`)
      .set(bearer(VEILEDER, 'veileder', [OFFICE]))
      .expect(403);
  });
});
