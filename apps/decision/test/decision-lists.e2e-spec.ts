import request from 'supertest';
import {
  DECISION_UNIT,
  OFFICE,
  OTHER_OFFICE,
  System,
  VEILEDER,
  as,
  bearer,
  fixtureDeadline,
  november2026Decision,
  startSystem,
} from '@vf/testing';
import { DecisionSummary } from '../src/decisions/list-decisions/office-decisions.query';

type Summary = DecisionSummary;

/** A case's decisions in full, and an office's decisions in summary, newest first. */
describe('decision lists', () => {
  let system: System;
  const THIRD_OFFICE = '0302';
  const issued: Record<string, { decisionId: string; p: Record<string, string> }> = {};

  const url = () => system.urls.decision;
  const issue = async (
    name: string,
    caseId: string,
    office = OFFICE,
    mutate: (b: ReturnType<typeof november2026Decision>) => void = () => undefined,
  ) => {
    const body = november2026Decision(caseId);
    body.office = office;
    mutate(body);
    const res = await request(url())
      .post('/decisions')
      .set(bearer(DECISION_UNIT, 'decision-unit', [office]))
      .send(body)
      .expect(201);
    issued[name] = {
      decisionId: res.body.decisionId,
      p: Object.fromEntries(res.body.payments.map((p: { ref: string; paymentId: string }) => [p.ref, p.paymentId])),
    };
    return issued[name];
  };
  const decisions = (query = '', headers: Record<string, string> = as(DECISION_UNIT)) =>
    request(url()).get(`/decisions${query}`).set(headers);
  const ofCase = (caseId: string, headers: Record<string, string> = as(VEILEDER)) =>
    request(url()).get(`/cases/${caseId}/decisions`).set(headers);

  beforeAll(async () => {
    system = await startSystem('decisionlists');
    await issue('first', 'K-L1');
    await issue('other', 'K-L2', OFFICE, (b) => {
      b.periodFrom = '2026-12-01';
      b.periodTo = '2026-12-31';
      b.payments.push({
        ref: 'P3',
        purpose: 'ELECTRICITY',
        amountOre: 120_000,
        dueDate: '2026-12-15',
        payee: { type: 'RECIPIENT', nationalId: b.recipientNationalId },
      });
    });
    await issue('elsewhere', 'K-L3', OTHER_OFFICE);
    await issue('second', 'K-L1');
    // The first decision of K-L1 gets a condition added, then is revoked.
    await request(url())
      .post(`/decisions/${issued.first.decisionId}/conditions`)
      .set(as(DECISION_UNIT))
      .send({
        ref: 'C9',
        text: 'Møt til samtale',
        deadline: fixtureDeadline(),
        requirement: { kind: 'ACTIVITY', activity: 'meeting' },
        gatesPaymentIds: [issued.first.p.P2],
        reason: 'A follow-up meeting is needed',
      })
      .expect(201);
    await request(url())
      .post(`/decisions/${issued.first.decisionId}/revocation`)
      .set(as(DECISION_UNIT))
      .send({ reason: 'Replaced by a new decision' })
      .expect(201);
  });

  afterAll(async () => {
    await system?.stopAll();
  });

  it("gives a case's decisions newest first, each as GET /decisions/:id shows it", async () => {
    const body = (await ofCase('K-L1').expect(200)).body;
    expect(body.caseId).toBe('K-L1');
    expect(body.decisions.map((d: { decisionId: string }) => d.decisionId)).toEqual([issued.second.decisionId, issued.first.decisionId]);
    for (const d of body.decisions) {
      expect(d).toEqual((await request(url()).get(`/decisions/${d.decisionId}`).set(as(VEILEDER)).expect(200)).body);
    }
    expect(body.decisions[1]).toMatchObject({
      revoked: true,
      conditions: expect.arrayContaining([expect.objectContaining({ ref: 'C9' })]),
    });
    for (const role of ['decision-unit', 'auditor']) await ofCase('K-L1', bearer('Z300003', role, [OFFICE])).expect(200);
  });

  it("gives the same 403 for another office's case and a case that does not exist; the payment team is not let in", async () => {
    const other = await ofCase('K-L3').expect(403);
    const missing = await ofCase('K-NO-SUCH-CASE').expect(403);
    expect(missing.body).toEqual(other.body);
    expect(other.body).toEqual({
      statusCode: 403,
      message: 'forbidden',
      errors: [{ field: 'office', reason: 'not among the offices you work for' }],
    });
    expect((await ofCase('K-L3', bearer('Z300003', 'veileder', [OTHER_OFFICE])).expect(200)).body.decisions).toHaveLength(1);
    await ofCase('K-L1', bearer('Z700007', 'payment-team', [])).expect(403);
  });

  it("lists the token's offices' decisions newest first, in summary, with the total", async () => {
    const body = (await decisions().expect(200)).body;
    expect(body.total).toBe(3);
    expect(body.offices).toEqual([OFFICE]);
    const byId = (id: string) => body.decisions.find((d: Summary) => d.decisionId === id);
    expect(body.decisions.map((d: Summary) => d.decisionId)).toEqual([
      issued.second.decisionId,
      issued.other.decisionId,
      issued.first.decisionId,
    ]);
    expect(byId(issued.other.decisionId)).toEqual({
      decisionId: issued.other.decisionId,
      caseId: 'K-L2',
      office: OFFICE,
      periodFrom: '2026-12-01',
      periodTo: '2026-12-31',
      issuedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      issuedBy: DECISION_UNIT,
      revoked: false,
      payments: 3,
      conditions: 3,
    });
    expect(byId(issued.first.decisionId)).toMatchObject({ revoked: true, payments: 2, conditions: 4 });
    const full = (await request(url()).get(`/decisions/${issued.other.decisionId}`).set(as(DECISION_UNIT)).expect(200)).body;
    expect(byId(issued.other.decisionId).issuedAt).toBe(full.issuedAt);
    const times = body.decisions.map((d: Summary) => d.issuedAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('lists one office when asked, only if the token has it; several offices when the token has several', async () => {
    expect((await decisions(`?office=${OFFICE}`).expect(200)).body.total).toBe(3);
    const forbidden = await decisions(`?office=${OTHER_OFFICE}`).expect(403);
    expect(forbidden.body.errors).toEqual([{ field: 'office', reason: 'not among the offices you work for' }]);
    const both = bearer('Z900000', 'auditor', [OFFICE, OTHER_OFFICE]);
    const all = (await decisions('', both).expect(200)).body;
    expect(all.total).toBe(4);
    expect(all.decisions[0].decisionId).toBe(issued.second.decisionId);
    expect(all.decisions.map((d: Summary) => d.office).sort()).toEqual([OFFICE, OFFICE, OFFICE, OTHER_OFFICE]);
    const one = (await decisions(`?office=${OTHER_OFFICE}`, both).expect(200)).body;
    expect(one).toMatchObject({
      offices: [OTHER_OFFICE],
      total: 1,
      decisions: [{ decisionId: issued.elsewhere.decisionId, caseId: 'K-L3', office: OTHER_OFFICE }],
    });
    expect((await decisions('', bearer('Z300003', 'decision-unit', [])).expect(200)).body).toEqual({
      offices: [],
      total: 0,
      decisions: [],
      nextCursor: null,
    });
    await decisions('', as(VEILEDER)).expect(403);
    await decisions('', bearer('Z700007', 'payment-team', [])).expect(403);
  });

  it('pages with limit and a cursor (20 by default); the total counts them all', async () => {
    for (let i = 0; i < 21; i++) await issue(`many${i}`, `K-M${i}`, THIRD_OFFICE);
    const headers = bearer('Z300003', 'decision-unit', [THIRD_OFFICE]);
    const first = (await decisions('', headers).expect(200)).body;
    expect(first.total).toBe(21);
    expect(first.decisions).toHaveLength(20);
    expect(first.decisions[0].caseId).toBe('K-M20');
    const rest = (await decisions(`?cursor=${first.nextCursor}`, headers).expect(200)).body;
    expect(rest).toMatchObject({ total: 21, nextCursor: null });
    expect(rest.decisions.map((d: Summary) => d.caseId)).toEqual(['K-M0']);
    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { decisions: Summary[]; nextCursor: string | null } = (
        await decisions(`?limit=5${cursor ? `&cursor=${cursor}` : ''}`, headers).expect(200)
      ).body;
      expect(page.decisions.length).toBeLessThanOrEqual(5);
      pages.push(...page.decisions.map((d) => d.caseId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages).toEqual(Array.from({ length: 21 }, (_, i) => `K-M${20 - i}`));
    // A cursor of this list is refused by another, with a 400 naming it.
    const elsewhere = await request(system.urls.decision).get(`/worklist?cursor=${first.nextCursor}`).set(headers).expect(400);
    expect(elsewhere.body.errors).toEqual([{ field: 'cursor', reason: 'is not a cursor this list gave out' }]);
  });

  it.each([
    ['?office=abc', 'office'],
    ['?office=03011', 'office'],
    ['?office=0301&office=1201', 'office'],
    ['?limit=0', 'limit'],
    ['?limit=201', 'limit'],
    ['?limit=twenty', 'limit'],
    ['?offset=0', 'offset'],
    ['?cursor=bm90LWEtY3Vyc29y', 'cursor'],
    ['?cursor=%25%25', 'cursor'],
    ['?caseId=K-L1', 'caseId'],
  ])('refuses GET /decisions%s with a 400 naming %s', async (query, field) => {
    const res = await decisions(query).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, message: 'invalid request' });
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
  });
});
