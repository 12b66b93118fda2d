import request from 'supertest';
import { ROLES, Role, ServiceName } from '@vf/platform';
import {
  DECISION_UNIT,
  OFFICE,
  OTHER_OFFICE,
  System,
  as,
  attendanceList,
  bearer,
  eventually,
  fixtureDeadline,
  november2026Decision,
  registerEvidence,
  rentReceipt,
  startSystem,
  token,
} from '@vf/testing';
import { generateDevKeys, signToken } from '@vf/platform';
import { addDays } from '@vf/rules';

/**
 * Who may do what: every endpoint × every role × own office / another office, then tokens that
 * must be refused. A refused request changes nothing.
 */
describe('access control on every endpoint', () => {
  let system: System;
  let ids: { decisionId: string; caseId: string; paymentId: string; p2: string; p3: string; p3Key: string; c: Record<string, string> };

  beforeAll(async () => {
    system = await startSystem('access');
    const body = november2026Decision('K-ACCESS-1');
    body.conditions.push(
      {
        ref: 'C4',
        text: 'Møt til samtale med veileder',
        deadline: fixtureDeadline(),
        requirement: { kind: 'ACTIVITY', activity: 'meeting with the veileder' } as never,
        gates: ['P2'],
      },
      {
        ref: 'C5',
        text: 'Send 1 søknad i uke 46',
        deadline: fixtureDeadline(),
        requirement: { kind: 'JOB_APPLICATIONS', periodFrom: '2026-11-09', periodTo: '2026-11-15', applicationsPerWeek: 1 } as never,
        gates: ['P2'],
      },
    );
    body.payments.push({
      ref: 'P3',
      purpose: 'ELECTRICITY',
      amountOre: 120_000,
      dueDate: '2026-12-01',
      payee: { type: 'RECIPIENT', nationalId: body.recipientNationalId },
    });
    const res = await request(system.urls.decision).post('/decisions').set(as(DECISION_UNIT)).send(body).expect(201);
    ids = {
      decisionId: res.body.decisionId,
      caseId: 'K-ACCESS-1',
      paymentId: res.body.payments[0].paymentId,
      p2: res.body.payments[1].paymentId,
      p3: res.body.payments[2].paymentId,
      p3Key: '',
      c: Object.fromEntries(res.body.conditions.map((c: { ref: string; conditionId: string }) => [c.ref, c.conditionId])),
    };
    ids.p3Key = `vilkarsflyt:payment:${ids.p3}:release:1`;
    await eventually(
      async () =>
        (await request(system.urls.payout).get(`/payments/${ids.p3}`).set(bearer('Z900000', 'auditor'))).body.status === 'RELEASED',
      20_000,
      'P3 released',
    );
    await eventually(
      async () => (await request(system.urls.payout).get(`/payments/${ids.paymentId}`).set(bearer('Z900000', 'auditor'))).status === 200,
      20_000,
      'payout knows',
    );
    await eventually(
      async () => (await request(system.urls['follow-up']).get(`/conditions/${ids.c.C5}`).set(bearer('Z900000', 'auditor'))).status === 200,
      20_000,
      'follow-up knows',
    );
    const list = await registerEvidence(system, ids.c.C2, 'attendance-lists', attendanceList('2026-11-09', '2026-11-13')).expect(201);
    ids.c.evidenceToWithdraw = list.body.evidenceId;
  });

  afterAll(async () => {
    await system?.stopAll();
  });

  interface Endpoint {
    service: ServiceName;
    name: string;
    method: 'get' | 'post';
    path: () => string;
    body?: (office: string) => object;
    roles: Role[];
    ok: number;
    /**
     * Office-scoped unless the role works for all offices: another office gets 403, or `otherOffice`
     * for a list that is filtered to the token's offices (200, without their records).
     */
    otherOffice?: number;
  }
  const endpoints: Endpoint[] = [
    {
      service: 'decision',
      name: 'issue a decision',
      method: 'post',
      path: () => '/decisions',
      body: () => november2026Decision('K-ACCESS-NEW'),
      roles: ['decision-unit'],
      ok: 201,
    },
    {
      service: 'decision',
      name: 'read a decision',
      method: 'get',
      path: () => `/decisions/${ids.decisionId}`,
      roles: ['decision-unit', 'veileder', 'auditor'],
      ok: 200,
    },
    {
      service: 'follow-up',
      name: 'register a document',
      method: 'post',
      path: () => `/conditions/${ids.c.C1}/evidence/documents`,
      body: () => rentReceipt(),
      roles: ['veileder'],
      ok: 201,
    },
    {
      service: 'follow-up',
      name: 'register an attendance list',
      method: 'post',
      path: () => `/conditions/${ids.c.C2}/evidence/attendance-lists`,
      body: () => attendanceList('2026-11-02', '2026-11-06'),
      roles: ['veileder'],
      ok: 201,
    },
    {
      service: 'follow-up',
      name: 'register job applications',
      method: 'post',
      path: () => `/conditions/${ids.c.C3}/evidence/job-applications`,
      body: () => ({ applications: [{ employer: 'Rema', position: 'Butikk', sentOn: '2026-11-10', channel: 'EMAIL' }] }),
      roles: ['veileder'],
      ok: 201,
    },
    {
      service: 'follow-up',
      name: 'record an activity',
      method: 'post',
      path: () => `/conditions/${ids.c.C4}/evidence/activities`,
      body: () => ({ heldOn: '2026-11-18', note: 'Møtte som avtalt' }),
      roles: ['veileder'],
      ok: 201,
    },
    {
      service: 'decision',
      name: 'lift a condition',
      method: 'post',
      path: () => `/decisions/${ids.decisionId}/conditions/${ids.c.C4}/lifting`,
      body: () => ({ reason: 'Met in person already, no need' }),
      roles: ['decision-unit'],
      ok: 201,
    },
    {
      service: 'decision',
      name: 'move a deadline',
      method: 'post',
      path: () => `/decisions/${ids.decisionId}/conditions/${ids.c.C3}/deadline`,
      body: () => ({ deadline: addDays(fixtureDeadline(), 14), reason: 'Illness in week 47, documented' }),
      roles: ['decision-unit'],
      ok: 201,
    },
    {
      service: 'follow-up',
      name: 'register a covered document',
      method: 'post',
      path: () => `/conditions/${ids.c.C1}/evidence/covered-documents`,
      body: () => ({ coveredBy: 'journalpost 2026-1', note: 'Delivered in October' }),
      roles: ['veileder'],
      ok: 201,
    },
    {
      service: 'follow-up',
      name: 'withdraw evidence',
      method: 'post',
      path: () => `/conditions/${ids.c.C2}/evidence/${ids.c.evidenceToWithdraw}/withdrawal`,
      body: () => ({ reason: 'Registered on the wrong person' }),
      roles: ['veileder'],
      ok: 201,
    },
    {
      service: 'decision',
      name: 'add a condition',
      method: 'post',
      path: () => `/decisions/${ids.decisionId}/conditions`,
      body: () => ({
        ref: `C${Date.now() % 1000}`,
        text: 'Møt til samtale',
        deadline: fixtureDeadline(),
        requirement: { kind: 'ACTIVITY', activity: 'meeting' },
        gatesPaymentIds: [ids.p2],
        reason: 'A follow-up meeting is needed',
      }),
      roles: ['decision-unit'],
      ok: 201,
    },
    // Past the access check, the rules answer: no condition is breached, and P3 has not failed.
    {
      service: 'decision',
      name: 'reduce a payment (no breach: 409)',
      method: 'post',
      path: () => `/decisions/${ids.decisionId}/payments/${ids.p2}/reduction`,
      body: () => ({ conditionId: ids.c.C3, amountOre: 100_000, assessment: 'Reduction without a breach' }),
      roles: ['decision-unit'],
      ok: 409,
    },
    {
      service: 'decision',
      name: 'release a payment again (not failed: 409)',
      method: 'post',
      path: () => `/decisions/${ids.decisionId}/payments/${ids.p3}/release-again`,
      body: () => ({ reason: 'Trying to release again' }),
      roles: ['decision-unit'],
      ok: 409,
    },
    {
      service: 'decision',
      name: 'stop a payment',
      method: 'post',
      path: () => `/decisions/${ids.decisionId}/payments/${ids.p2}/stop`,
      body: () => ({ reason: 'Moved to another municipality' }),
      roles: ['decision-unit'],
      ok: 201,
    },
    {
      service: 'decision',
      name: 'read the worklist',
      method: 'get',
      path: () => '/worklist?office=0301',
      roles: ['decision-unit', 'auditor'],
      ok: 200,
    },
    {
      service: 'decision',
      name: "read a decision's journal",
      method: 'get',
      path: () => `/decisions/${ids.decisionId}/journal`,
      roles: ['decision-unit', 'veileder', 'auditor'],
      ok: 200,
    },
    {
      service: 'follow-up',
      name: "read a case's journal",
      method: 'get',
      path: () => `/cases/${ids.caseId}/journal`,
      roles: ['veileder', 'decision-unit', 'auditor'],
      ok: 200,
    },
    {
      service: 'payout',
      name: "read a case's payments",
      method: 'get',
      path: () => `/cases/${ids.caseId}/payments`,
      roles: ['veileder', 'decision-unit', 'payment-team', 'auditor'],
      ok: 200,
    },
    {
      service: 'payout',
      name: 'read the office overview',
      method: 'get',
      path: () => '/offices/0301/overview',
      roles: ['decision-unit', 'veileder', 'auditor'],
      ok: 200,
    },
    {
      service: 'payout',
      name: 'report a settlement',
      method: 'post',
      path: () => `/payments/${ids.p3}/settlement`,
      body: () => ({ idempotencyKey: ids.p3Key, outcome: 'PAID', reference: 'UTB-9', paidOn: '2026-12-01' }),
      roles: ['payment-team'],
      ok: 200,
    },
    {
      service: 'follow-up',
      name: 'judge a condition fulfilled',
      method: 'post',
      path: () => `/conditions/${ids.c.C5}/fulfilment-judgements`,
      body: () => ({ justification: 'Sent one application by post, copy seen.' }),
      roles: ['veileder'],
      ok: 201,
    },
    {
      service: 'follow-up',
      name: "read a case's conditions",
      method: 'get',
      path: () => `/cases/${ids.caseId}/conditions`,
      roles: ['veileder', 'decision-unit', 'auditor'],
      ok: 200,
    },
    {
      service: 'follow-up',
      name: 'read a condition',
      method: 'get',
      path: () => `/conditions/${ids.c.C1}`,
      roles: ['veileder', 'decision-unit', 'auditor'],
      ok: 200,
    },
    {
      service: 'payout',
      name: "read a decision's payments",
      method: 'get',
      path: () => `/decisions/${ids.decisionId}/payments`,
      roles: ['veileder', 'decision-unit', 'payment-team', 'auditor'],
      ok: 200,
    },
    {
      service: 'payout',
      name: 'read a payment',
      method: 'get',
      path: () => `/payments/${ids.paymentId}`,
      roles: ['veileder', 'decision-unit', 'payment-team', 'auditor'],
      ok: 200,
    },
    {
      service: 'follow-up',
      name: "list an office's cases",
      method: 'get',
      path: () => '/offices/0301/cases',
      roles: ['veileder', 'decision-unit', 'auditor'],
      ok: 200,
    },
    {
      service: 'payout',
      name: 'list payments by status',
      method: 'get',
      path: () => '/payments?status=HELD,RELEASED',
      roles: ['veileder', 'decision-unit', 'payment-team', 'auditor'],
      ok: 200,
      otherOffice: 200,
    },
    {
      service: 'decision',
      name: "read a case's decisions",
      method: 'get',
      path: () => `/cases/${ids.caseId}/decisions`,
      roles: ['decision-unit', 'veileder', 'auditor'],
      ok: 200,
    },
    {
      service: 'decision',
      name: "list an office's decisions",
      method: 'get',
      path: () => '/decisions?office=0301',
      roles: ['decision-unit', 'auditor'],
      ok: 200,
    },
    // Last: it ends the decision.
    {
      service: 'decision',
      name: 'revoke a decision',
      method: 'post',
      path: () => `/decisions/${ids.decisionId}/revocation`,
      body: () => ({ reason: 'The application was withdrawn' }),
      roles: ['decision-unit'],
      ok: 201,
    },
  ];

  const cases = endpoints.flatMap((e) =>
    ROLES.flatMap((role) =>
      (['own', 'other'] as const).map((where) => {
        const allowed = e.roles.includes(role);
        const crossOffice = role === 'payment-team';
        const expected = !allowed ? 403 : where === 'own' || crossOffice ? e.ok : (e.otherOffice ?? 403);
        return { endpoint: e, role, where, expected };
      }),
    ),
  );

  const stored = async () => ({
    decisions: await system.count('decision', 'decision'),
    evidence: await system.count('follow-up', 'evidence'),
    fulfilled: await system.count('follow-up', `condition WHERE status = 'FULFILLED'`),
    outboxes:
      (await system.count('decision', 'outbox')) + (await system.count('follow-up', 'outbox')) + (await system.count('payout', 'outbox')),
    actions: await system.count('decision', 'decision_action'),
  });

  it.each(cases.map((c) => [c.endpoint.service, c.endpoint.name, c.role, c.where, c.expected, c] as const))(
    '%s: %s as %s of %s office → %i',
    async (_s, _n, role, where, expected, c) => {
      const office = where === 'own' ? OFFICE : OTHER_OFFICE;
      await system.settled(); // what earlier cases set off has run its course
      const before = await stored();
      const http = request(system.urls[c.endpoint.service])
        [c.endpoint.method](c.endpoint.path())
        .set(bearer('Z300003', role, [office]));
      const res = await (c.endpoint.body ? http.send(c.endpoint.body(office)) : http);
      expect(res.status).toBe(expected);
      if (expected === 403) {
        expect(await stored()).toEqual(before);
        expect(res.body.errors[0].field).toMatch(/^(role|office)$/);
      }
    },
  );

  it('gives the same 403 for a case of another office and a case that does not exist', async () => {
    const other = await request(system.urls['follow-up'])
      .get(`/cases/${ids.caseId}/conditions`)
      .set(bearer('Z300003', 'veileder', [OTHER_OFFICE]))
      .expect(403);
    const missing = await request(system.urls['follow-up'])
      .get('/cases/K-NO-SUCH-CASE/conditions')
      .set(bearer('Z300003', 'veileder', [OFFICE]))
      .expect(403);
    expect(missing.body).toEqual(other.body);
  });

  it('records the actor and role from the token on evidence and in events', async () => {
    const [row] = await system.query<{ registered_by: string; registered_by_role: string }>(
      'follow-up',
      `SELECT registered_by, registered_by_role FROM evidence WHERE condition_id = $1 LIMIT 1`,
      [ids.c.C4],
    );
    expect(row).toEqual({ registered_by: 'Z300003', registered_by_role: 'veileder' });
    const [event] = await system.query<{ value: { actor: unknown } }>(
      'follow-up',
      // The judgement's own event: later amendments by the decision unit write progress events on C5 too.
      `SELECT value FROM outbox WHERE value->'payload'->>'conditionId' = $1 AND topic = 'vilkarsflyt.condition-fulfilled.v1' ORDER BY seq`,
      [ids.c.C5],
    );
    expect(event.value.actor).toEqual({ ident: 'Z300003', role: 'veileder' });
  });

  describe('tokens that are refused with 401 and change nothing', () => {
    const stranger = generateDevKeys();
    const claims = { ident: 'Z100001', roles: ['decision-unit'], offices: [OFFICE] };
    it.each<[string, () => Record<string, string>]>([
      ['no token', () => ({})],
      ['a token of another scheme', () => ({ authorization: 'Basic Wjg6cGFzcw==' })],
      ['an expired token', () => ({ authorization: `Bearer ${token({ ...claims, ttlSeconds: -3600 })}` })],
      ['a wrongly signed token', () => ({ authorization: `Bearer ${signToken(stranger.privateKeyPem, claims)}` })],
      ['a token for another audience', () => ({ authorization: `Bearer ${token({ ...claims, audience: 'another-app' })}` })],
      ['a token from another issuer', () => ({ authorization: `Bearer ${token({ ...claims, issuer: 'https://evil.example' })}` })],
      ['garbage', () => ({ authorization: 'Bearer abc.def.ghi' })],
    ])('%s', async (_what, headers) => {
      await system.settled();
      const before = await stored();
      for (const [service, method, path, body] of [
        ['decision', 'post', '/decisions', november2026Decision('K-401')],
        ['follow-up', 'post', `/conditions/${ids.c.C1}/evidence/documents`, rentReceipt()],
        ['payout', 'get', `/payments/${ids.paymentId}`, undefined],
      ] as const) {
        const http = request(system.urls[service])[method](path).set(headers());
        const res = await (body ? http.send(body) : http);
        expect(res.status).toBe(401);
        expect(res.body.errors[0].field).toBe('Authorization');
      }
      expect(await stored()).toEqual(before);
    });

    it('lets health checks through without a token', async () => {
      for (const service of ['decision', 'follow-up', 'payout'] as const) await request(system.urls[service]).get('/health').expect(200);
    });
  });
});
