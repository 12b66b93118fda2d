import request from 'supertest';
import { randomUUID } from 'crypto';
import {
  AnswerLosingProxy,
  DECISION_UNIT,
  System,
  VEILEDER,
  as,
  bearer,
  eventually,
  issueNovember,
  november2026Decision,
  payment,
  startSystem,
} from '@vf/testing';

// Retry-safe requests (issue #11): a client that loses the answer and sends the same request again
// with the same Idempotency-Key gets the first answer, and nothing is done twice.

const TEAM = bearer('Z700007', 'payment-team', []);

let system: System;
beforeAll(async () => {
  system = await startSystem('idem');
}, 120_000);
afterAll(() => system?.stopAll());

/**
 * Sends a request through a proxy that loses the answer: the client times out (as a browser or a
 * client library would), after the service has answered. Resolves once both have happened.
 */
async function sendAndLoseAnswer(service: keyof System['urls'], send: (url: string) => request.Test): Promise<void> {
  const proxy = await new AnswerLosingProxy(system.urls[service]).start();
  try {
    const [outcome] = await Promise.all([
      send(proxy.url)
        .timeout(2_000)
        .then(
          () => 'answered',
          (e: { timeout?: number }) => (e.timeout ? 'timed out' : `failed: ${String(e)}`),
        ),
      proxy.lost(1),
    ]);
    expect(outcome).toBe('timed out');
    expect(proxy.answersLost).toBe(1);
  } finally {
    await proxy.stop();
  }
}

const count = (service: keyof System['urls'], sql: string, params: unknown[] = []) => system.count(service, sql, params);

describe('Idempotency-Key', () => {
  it('issue: a retry after a lost answer gets the first decision back and makes no second one', async () => {
    const key = randomUUID();
    const body = november2026Decision(`K-${randomUUID().slice(0, 8)}`);
    await sendAndLoseAnswer('decision', (url) =>
      request(url).post('/decisions').set(as(DECISION_UNIT)).set('Idempotency-Key', key).send(body),
    );
    const stored = await system.query<{ id: string }>('decision', `SELECT id FROM decision WHERE case_id = $1`, [body.caseId]);
    expect(stored).toHaveLength(1);

    // The same body with its fields in another order is the same request.
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const retry = await request(system.urls.decision).post('/decisions').set(as(DECISION_UNIT)).set('Idempotency-Key', key).send(reordered);
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body.decisionId).toBe(stored[0].id);
    expect(retry.body.payments).toHaveLength(2);
    expect(await count('decision', `decision WHERE case_id = $1`, [body.caseId])).toBe(1);
    expect(await count('decision', `outbox WHERE message_key = $1`, [stored[0].id])).toBe(1);
  });

  it('issue: duplicates sent at the same moment make one decision and all get its answer', async () => {
    const key = randomUUID();
    const body = november2026Decision(`K-${randomUUID().slice(0, 8)}`);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        request(system.urls.decision).post('/decisions').set(as(DECISION_UNIT)).set('Idempotency-Key', key).send(body),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(201));
    expect(new Set(answers.map((a) => a.body.decisionId)).size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(5);
    expect(await count('decision', `decision WHERE case_id = $1`, [body.caseId])).toBe(1);
  });

  it('issue: the same key with another body is a 422 naming the header, and changes nothing', async () => {
    const key = randomUUID();
    const body = november2026Decision(`K-${randomUUID().slice(0, 8)}`);
    await request(system.urls.decision).post('/decisions').set(as(DECISION_UNIT)).set('Idempotency-Key', key).send(body).expect(201);
    const other = { ...body, caseId: `K-${randomUUID().slice(0, 8)}` };
    const res = await request(system.urls.decision).post('/decisions').set(as(DECISION_UNIT)).set('Idempotency-Key', key).send(other);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ field: 'Idempotency-Key', reason: expect.stringContaining('another request') }]);
    expect(JSON.stringify(res.body)).not.toContain(key);
    expect(await count('decision', `decision WHERE case_id = $1`, [other.caseId])).toBe(0);

    // Keys are the caller's own: another person's request with the same key is a request of its own.
    const colleague = bearer('Z100009', 'decision-unit');
    await request(system.urls.decision).post('/decisions').set(colleague).set('Idempotency-Key', key).send(other).expect(201);
    expect(await count('decision', `decision WHERE case_id = $1`, [other.caseId])).toBe(1);
  });

  it('refuses a malformed key with a 400 naming the header, never echoing it', async () => {
    const body = november2026Decision(`K-${randomUUID().slice(0, 8)}`);
    for (const bad of ['', 'x'.repeat(201), 'has space', 'æøå']) {
      const res = await request(system.urls.decision).post('/decisions').set(as(DECISION_UNIT)).set('Idempotency-Key', bad).send(body);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'Idempotency-Key', reason: expect.any(String) }]);
    }
    expect(await count('decision', `decision WHERE case_id = $1`, [body.caseId])).toBe(0);
  });

  it('a refused request keeps no answer: the same key may be sent again once the request is put right', async () => {
    const key = randomUUID();
    const body = november2026Decision(`K-${randomUUID().slice(0, 8)}`);
    const refused = await request(system.urls.decision)
      .post('/decisions')
      .set(as(DECISION_UNIT))
      .set('Idempotency-Key', key)
      .send({ ...body, periodTo: '2026-10-01' });
    expect(refused.status).toBe(422);
    await request(system.urls.decision).post('/decisions').set(as(DECISION_UNIT)).set('Idempotency-Key', key).send(body).expect(201);
  });

  it('amendment: a retried lift after a lost answer is journaled and published once', async () => {
    const d = await issueNovember(system);
    const key = randomUUID();
    const path = `/decisions/${d.decisionId}/conditions/${d.c.C1}/lifting`;
    const body = { reason: 'Utleier bekrefter at husleien er betalt.' };
    await sendAndLoseAnswer('decision', (url) => request(url).post(path).set(as(DECISION_UNIT)).set('Idempotency-Key', key).send(body));
    const retry = await request(system.urls.decision).post(path).set(as(DECISION_UNIT)).set('Idempotency-Key', key).send(body);
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    const actions = await system.query<{ id: string }>('decision', `SELECT id FROM decision_action WHERE decision_id = $1`, [d.decisionId]);
    expect(actions).toHaveLength(1);
    expect(retry.body.amendmentId).toBe(actions[0].id);
    expect(await count('decision', `outbox WHERE topic = 'vilkarsflyt.decision-amended.v1' AND message_key = $1`, [d.decisionId])).toBe(1);
    // Without the key the same lift again is judged by the rules (the condition is lifted already).
    const again = await request(system.urls.decision).post(path).set(as(DECISION_UNIT)).send(body);
    expect([409, 422]).toContain(again.status);
  });

  it('evidence: a retried registration after a lost answer registers the evidence once', async () => {
    const d = await issueNovember(system);
    const key = randomUUID();
    const path = `/conditions/${d.c.C3}/evidence/job-applications`;
    const body = {
      applications: [{ employer: 'Rema 1000', position: 'Lagermedarbeider', sentOn: '2026-11-10', channel: 'EMAIL' }],
    };
    await sendAndLoseAnswer('follow-up', (url) => request(url).post(path).set(as(VEILEDER)).set('Idempotency-Key', key).send(body));
    const retry = await request(system.urls['follow-up']).post(path).set(as(VEILEDER)).set('Idempotency-Key', key).send(body);
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    const evidence = await system.query<{ id: string }>('follow-up', `SELECT id FROM evidence WHERE condition_id = $1`, [d.c.C3]);
    expect(evidence).toHaveLength(1);
    expect(retry.body.evidenceId).toBe(evidence[0].id);
  });

  it('settlement: a retried report after a lost answer settles once and answers as the first time', async () => {
    const d = await issueNovember(system);
    await request(system.urls['follow-up'])
      .post(`/conditions/${d.c.C1}/evidence/documents`)
      .set(as(VEILEDER))
      .send({ documentType: 'RENT_RECEIPT_2026_11', receivedOn: '2026-11-20', outcome: 'ACCEPTED' })
      .expect(201);
    const released = await eventually(
      async () => {
        const p = await payment(system, d.p.P1);
        return p.status === 'RELEASED' ? p : null;
      },
      20_000,
      'P1 released',
    );
    const key = randomUUID();
    const path = `/payments/${d.p.P1}/settlement`;
    const body = { idempotencyKey: released.attempts[0].idempotencyKey, outcome: 'PAID', reference: 'UTB-1', paidOn: '2026-12-01' };
    await sendAndLoseAnswer('payout', (url) => request(url).post(path).set(TEAM).set('Idempotency-Key', key).send(body));
    const retry = await request(system.urls.payout).post(path).set(TEAM).set('Idempotency-Key', key).send(body);
    expect(retry.status).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body.status).toBe('PAID');
    expect(await count('payout', `outbox WHERE topic = 'vilkarsflyt.payment-status.v1' AND message_key = $1`, [d.decisionId])).toBe(1);
    // A different report under the same key is refused before it is judged.
    const other = await request(system.urls.payout)
      .post(path)
      .set(TEAM)
      .set('Idempotency-Key', key)
      .send({ ...body, outcome: 'FAILED', reason: 'Kontoen er stengt' });
    expect(other.status).toBe(422);
    expect(other.body.errors[0].field).toBe('Idempotency-Key');
  });
});
