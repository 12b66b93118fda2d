import request from 'supertest';
import { randomUUID } from 'crypto';
import { DecisionAmendedV1, DecisionIssuedV1, EventTopic, TOPICS, envelope } from '@vf/contracts';
import { createKafka, createProducer } from '@vf/messaging';
import { addDays, osloDate } from '@vf/rules';
import {
  DECISION_UNIT,
  OFFICE,
  OTHER_OFFICE,
  RECIPIENT,
  System,
  VEILEDER,
  as,
  bearer,
  brokers,
  eventually,
  november2026Decision,
  startSystem,
} from '@vf/testing';

interface ListedCase {
  caseId: string;
  decisionIds: string[];
  openConditions: number;
  breachedConditions: number;
  fulfilledConditions: number;
  soonestDeadline: string | null;
  veilederIdent: string | null;
}

/** An office's cases that still need follow-up, soonest deadline first. */
describe('follow-up: the office case list', () => {
  let system: System;
  const today = osloDate(new Date());
  const yesterday = addDays(today, -1);
  const ids: Record<string, { decisionId: string; c: Record<string, string>; p: Record<string, string> }> = {};

  const url = () => system.urls['follow-up'];
  const list = (office: string, query = '', headers: Record<string, string> = as(VEILEDER)) =>
    request(url()).get(`/offices/${office}/cases${query}`).set(headers);

  /** Issues a decision for `caseId`, each condition with its deadline, and waits until follow-up knows it. */
  async function issue(name: string, caseId: string, deadlines: string[], opts: { veilederIdent?: string; office?: string } = {}) {
    const office = opts.office ?? OFFICE;
    const body = november2026Decision(caseId) as ReturnType<typeof november2026Decision> & { veilederIdent?: string };
    body.office = office;
    body.conditions = body.conditions.slice(0, deadlines.length).map((c, i) => ({ ...c, deadline: deadlines[i] }));
    if (opts.veilederIdent) body.veilederIdent = opts.veilederIdent;
    const res = await request(system.urls.decision)
      .post('/decisions')
      .set(bearer(DECISION_UNIT, 'decision-unit', [office]))
      .send(body)
      .expect(201);
    const c = Object.fromEntries(res.body.conditions.map((x: { ref: string; conditionId: string }) => [x.ref, x.conditionId]));
    await eventually(
      async () =>
        (
          await request(url())
            .get(`/conditions/${Object.values(c)[0]}`)
            .set(bearer(VEILEDER, 'veileder', [office]))
        ).status === 200,
      20_000,
      `follow-up knows ${name}`,
    );
    const p = Object.fromEntries(res.body.payments.map((x: { ref: string; paymentId: string }) => [x.ref, x.paymentId]));
    ids[name] = { decisionId: res.body.decisionId, c, p };
    return ids[name];
  }
  const status = async (conditionId: string) =>
    (await request(url()).get(`/conditions/${conditionId}`).set(as(VEILEDER)).expect(200)).body.status;

  beforeAll(async () => {
    system = await startSystem('officecases');
    const in3 = addDays(today, 3);
    const in5 = addDays(today, 5);
    const in10 = addDays(today, 10);
    const in20 = addDays(today, 20);
    const in30 = addDays(today, 30);

    await issue('AA', 'K-AA', [in5, in5, in5]);
    await issue('A', 'K-A', [in5, in20, in30], { veilederIdent: 'Z111111' });
    await issue('B', 'K-B', [in20, in20, in20]);
    await issue('D', 'K-D', [in5]);
    await issue('E', 'K-E', [yesterday, yesterday]);
    await issue('F', 'K-F', [yesterday, in10, in10], { veilederIdent: 'Z444444' });
    await issue('G1', 'K-G', [in30], { veilederIdent: 'Z222222' });
    await issue('G2', 'K-G', [in3, in30], { veilederIdent: 'Z333333' });
    await issue('X', 'K-X', [in3], { office: OTHER_OFFICE, veilederIdent: 'Z555555' });

    const veileder = (path: string, body: object) => request(url()).post(path).set(as(VEILEDER)).send(body).expect(201);
    const amend = (decisionId: string, path: string, body: object) =>
      request(system.urls.decision).post(`/decisions/${decisionId}/${path}`).set(as(DECISION_UNIT)).send(body).expect(201);
    // K-D: its one condition is met: nothing left to follow up.
    await veileder(`/conditions/${ids.D.c.C1}/evidence/documents`, {
      documentType: 'RENT_RECEIPT_2026_11',
      receivedOn: '2026-11-20',
      outcome: 'ACCEPTED',
    });
    // K-F: C1 breaches (deadline passed), C3 is judged fulfilled, C2 stays open.
    await veileder(`/conditions/${ids.F.c.C3}/fulfilment-judgements`, { justification: 'Applications seen in the job portal.' });
    // K-B: C1 lifted by the decision unit: it counts nowhere.
    await amend(ids.B.decisionId, `conditions/${ids.B.c.C1}/lifting`, { reason: 'Rent receipt no longer needed' });
    // K-A: a condition added later; the decision's veileder follows it up too.
    await amend(ids.A.decisionId, 'conditions', {
      ref: 'C9',
      text: 'Møt til samtale med veileder',
      deadline: in20,
      requirement: { kind: 'ACTIVITY', activity: 'meeting with the veileder' },
      gatesPaymentIds: [ids.A.p.P1],
      reason: 'A follow-up meeting is needed',
    });
    await eventually(
      async () =>
        (await status(ids.E.c.C1)) === 'BREACHED' && (await status(ids.E.c.C2)) === 'BREACHED' && (await status(ids.F.c.C1)) === 'BREACHED',
      20_000,
      'deadlines breached',
    );
    await system.settled();
  });

  afterAll(async () => {
    await system?.stopAll();
  });

  it('lists the cases that need follow-up, soonest open deadline first, then by case number; breached-only cases last', async () => {
    const body = (await list(OFFICE).expect(200)).body;
    expect(body.office).toBe(OFFICE);
    expect(body.total).toBe(6);
    const sorted = (...xs: string[]) => [...xs].sort();
    expect(body.cases).toEqual([
      {
        caseId: 'K-G',
        decisionIds: sorted(ids.G1.decisionId, ids.G2.decisionId),
        openConditions: 3,
        breachedConditions: 0,
        fulfilledConditions: 0,
        soonestDeadline: addDays(today, 3),
        veilederIdent: 'Z333333',
      },
      {
        caseId: 'K-A',
        decisionIds: [ids.A.decisionId],
        openConditions: 4,
        breachedConditions: 0,
        fulfilledConditions: 0,
        soonestDeadline: addDays(today, 5),
        veilederIdent: 'Z111111',
      },
      {
        caseId: 'K-AA',
        decisionIds: [ids.AA.decisionId],
        openConditions: 3,
        breachedConditions: 0,
        fulfilledConditions: 0,
        soonestDeadline: addDays(today, 5),
        veilederIdent: null,
      },
      {
        caseId: 'K-F',
        decisionIds: [ids.F.decisionId],
        openConditions: 1,
        breachedConditions: 1,
        fulfilledConditions: 1,
        soonestDeadline: addDays(today, 10),
        veilederIdent: 'Z444444',
      },
      {
        caseId: 'K-B',
        decisionIds: [ids.B.decisionId],
        openConditions: 2,
        breachedConditions: 0,
        fulfilledConditions: 0,
        soonestDeadline: addDays(today, 20),
        veilederIdent: null,
      },
      {
        caseId: 'K-E',
        decisionIds: [ids.E.decisionId],
        openConditions: 0,
        breachedConditions: 2,
        fulfilledConditions: 0,
        soonestDeadline: null,
        veilederIdent: null,
      },
    ]);
  });

  it('stores the veileder the decision names on each condition, also on one added later', async () => {
    const rows = await system.query<{ ref: string; veileder_ident: string | null }>(
      'follow-up',
      `SELECT ref, veileder_ident FROM condition WHERE decision_id = $1 ORDER BY ref`,
      [ids.A.decisionId],
    );
    expect(rows).toEqual(['C1', 'C2', 'C3', 'C9'].map((ref) => ({ ref, veileder_ident: 'Z111111' })));
  });

  it('gives a condition added later the veileder also when the amendment arrives before the decision', async () => {
    const decisionId = randomUUID();
    const [paymentId, issuedId, addedId] = [randomUUID(), randomUUID(), randomUUID()];
    const condition = (conditionId: string, ref: string) => ({
      conditionId,
      ref,
      text: 'Møt til samtale med veileder',
      deadline: addDays(today, 40),
      requirement: { kind: 'ACTIVITY' as const, activity: 'meeting' },
      gatesPaymentIds: [paymentId],
    });
    const added: DecisionAmendedV1 = {
      amendmentId: randomUUID(),
      decisionId,
      caseId: 'K-LATE',
      office: '0302',
      reason: 'A follow-up meeting is needed',
      amendedAt: new Date().toISOString(),
      amendment: { kind: 'CONDITION_ADDED', condition: condition(addedId, 'C2') } as DecisionAmendedV1['amendment'],
    };
    const issuedEvent: DecisionIssuedV1 = {
      decisionId,
      caseId: 'K-LATE',
      office: '0302',
      recipientNationalId: RECIPIENT,
      periodFrom: '2026-11-01',
      periodTo: '2026-11-30',
      reductionOnBreachAnnounced: false,
      veilederIdent: 'Z666666',
      issuedAt: new Date().toISOString(),
      payments: [
        {
          paymentId,
          ref: 'P1',
          purpose: 'RENT',
          amountOre: 100_000,
          dueDate: '2026-12-01',
          payee: { type: 'RECIPIENT', nationalId: RECIPIENT },
          notBefore: null,
        },
      ],
      conditions: [condition(issuedId, 'C1')],
    } as DecisionIssuedV1;
    const producer = createProducer(createKafka({ brokers: brokers(), clientId: 'e2e-office-cases' }));
    await producer.connect();
    try {
      const send = (topic: EventTopic, payload: DecisionIssuedV1 | DecisionAmendedV1) => {
        const eventId = randomUUID();
        const value = envelope(topic, payload as never, {
          eventId,
          occurredAt: new Date().toISOString(),
          causationId: null,
          correlationId: eventId,
          producer: 'decision',
          actor: { ident: DECISION_UNIT, role: 'decision-unit' },
        });
        return producer.send({ topic, acks: -1, messages: [{ key: decisionId, value: JSON.stringify(value) }] });
      };
      // Follow-up takes the added condition, but no condition of the decision names the veileder yet.
      await send(TOPICS.decisionAmendedV1, added);
      await system.settled();
      await send(TOPICS.decisionIssuedV1, issuedEvent);
      await system.settled();
    } finally {
      await producer.disconnect();
    }
    const rows = await system.query<{ ref: string; veileder_ident: string | null }>(
      'follow-up',
      `SELECT ref, veileder_ident FROM condition WHERE decision_id = $1 ORDER BY ref`,
      [decisionId],
    );
    expect(rows).toEqual([
      { ref: 'C1', veileder_ident: 'Z666666' },
      { ref: 'C2', veileder_ident: 'Z666666' },
    ]);
    expect((await list('0302', '', bearer(VEILEDER, 'veileder', ['0302'])).expect(200)).body.cases).toEqual([
      {
        caseId: 'K-LATE',
        decisionIds: [decisionId],
        openConditions: 2,
        breachedConditions: 0,
        fulfilledConditions: 0,
        soonestDeadline: addDays(today, 40),
        veilederIdent: 'Z666666',
      },
    ]);
  });

  it('pages with limit and a cursor; the total counts every case before paging', async () => {
    const all = (await list(OFFICE).expect(200)).body.cases.map((c: ListedCase) => c.caseId);
    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { total: number; cases: ListedCase[]; nextCursor: string | null } = (
        await list(OFFICE, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`).expect(200)
      ).body;
      expect(page.total).toBe(6);
      expect(page.cases).toHaveLength(2);
      pages.push(...page.cases.map((c) => c.caseId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages).toEqual(all);
    expect(pages).toHaveLength(6);
    // Cases with only breached conditions (no deadline to sort by) come last and page too.
    const lastTwo = (await list(OFFICE, '?limit=4').expect(200)).body;
    expect((await list(OFFICE, `?limit=1&cursor=${lastTwo.nextCursor}`).expect(200)).body.cases.map((c: ListedCase) => c.caseId)).toEqual([
      all[4],
    ]);
  });

  it('shows an office only to those who work for it; another office and one with no cases get the same 403', async () => {
    for (const role of ['veileder', 'decision-unit', 'auditor']) {
      await list(OFFICE, '', bearer('Z300003', role, [OFFICE])).expect(200);
      const other = await list(OTHER_OFFICE, '', bearer('Z300003', role, [OFFICE])).expect(403);
      const none = await list('0999', '', bearer('Z300003', role, [OFFICE])).expect(403);
      expect(none.body).toEqual(other.body);
      expect(other.body.errors).toEqual([{ field: 'office', reason: 'not among the offices you work for' }]);
    }
    const elsewhere = (await list(OTHER_OFFICE, '', bearer('Z300003', 'veileder', [OTHER_OFFICE])).expect(200)).body;
    expect(elsewhere.cases.map((c: ListedCase) => [c.caseId, c.veilederIdent])).toEqual([['K-X', 'Z555555']]);
    expect((await list('0999', '', bearer('Z300003', 'veileder', ['0999'])).expect(200)).body).toEqual({
      office: '0999',
      total: 0,
      cases: [],
      nextCursor: null,
    });
    await list(OFFICE, '', bearer('Z700007', 'payment-team', [])).expect(403);
    await request(url()).get(`/offices/${OFFICE}/cases`).expect(401);
  });

  it.each([
    ['abc', '', 'office'],
    ['03011', '', 'office'],
    ['0301', '?limit=0', 'limit'],
    ['0301', '?limit=201', 'limit'],
    ['0301', '?limit=x', 'limit'],
    ['0301', '?limit=10&limit=20', 'limit'],
    ['0301', '?offset=2', 'offset'],
    ['0301', '?cursor=eyJsIjoid29ya2xpc3QiLCJrIjpbXX0', 'cursor'],
    ['0301', '?cursor=a&cursor=b', 'cursor'],
    ['0301', '?status=OPEN', 'status'],
  ])('refuses /offices/%s/cases%s with a 400 naming %s', async (office, query, field) => {
    const res = await list(office, query).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, message: 'invalid request' });
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
  });
});
