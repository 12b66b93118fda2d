import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { Browser } from 'playwright-core';
import request from 'supertest';
import { System, issueNovember, november2026Decision, startSystem } from '@vf/testing';
import { launchChromium, newUser, see, signIn, startWeb } from './web-harness';

// Retry-safe requests through the web app: the backend-for-frontend carries the Idempotency-Key to
// the service and its answer back, and the page sends one key per submission, the same on a retry.

let system: System;
let web: { app: INestApplication; url: string };
let browser: Browser;
const CSRF = { 'x-requested-with': 'vilkarsflyt-web' };

beforeAll(async () => {
  system = await startSystem('webidem');
  web = await startWeb(system);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await web?.app.close();
  await system?.stopAll();
});

it('the web app passes the key through: the same decision sent twice is issued once', async () => {
  const login = await request(web.url)
    .post('/auth/dev-login')
    .set(CSRF)
    .send({ ident: 'Z100001', role: 'decision-unit', offices: ['0301'] })
    .expect(200);
  const cookie = (login.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
  const body = november2026Decision(`K-${randomUUID().slice(0, 8)}`);
  const key = randomUUID();
  const send = () =>
    request(web.url).post('/api/decision/decisions').set(CSRF).set('cookie', cookie).set('Idempotency-Key', key).send(body);
  const first = await send().expect(201);
  const again = await send().expect(201);
  expect(again.body.decisionId).toBe(first.body.decisionId);
  expect(again.headers['idempotent-replayed']).toBe('true');
  expect(await system.count('decision', 'decision WHERE case_id = $1', [body.caseId])).toBe(1);
  const other = await request(web.url)
    .post('/api/decision/decisions')
    .set(CSRF)
    .set('cookie', cookie)
    .set('Idempotency-Key', key)
    .send({ ...body, periodTo: '2026-11-29' });
  expect(other.status).toBe(422);
  expect(other.body.errors[0].field).toBe('Idempotency-Key');
});

it('a registration whose answer was lost is sent again by the person with the same key, and stored once', async () => {
  const d = await issueNovember(system);
  const { context, page } = await newUser(browser);
  await signIn(page, web.url, 'Z200002', 'veileder', '0301');
  const keys: string[] = [];
  let loseAnswer = true;
  // The request reaches the service, which registers the document; the answer never reaches the page.
  await page.route('**/api/follow-up/conditions/*/evidence/documents', async (route) => {
    keys.push(route.request().headers()['idempotency-key']);
    const answer = await route.fetch();
    if (loseAnswer) {
      loseAnswer = false;
      await route.abort('connectionreset');
    } else await route.fulfill({ response: answer });
  });
  await page.goto(`${web.url}/saker/${d.caseId}`);
  const c1 = page.locator('[data-condition-ref="C1"]');
  await see(c1, 20_000).visible();
  await c1.getByRole('button', { name: 'Registrer dokument' }).click();
  await c1.getByRole('button', { name: 'Registrer dokument' }).click();
  await see(c1.getByText('Fikk ikke kontakt med Vilkårsflyt')).visible();
  expect(await system.count('follow-up', 'evidence WHERE condition_id = $1', [d.c.C1])).toBe(1);

  // The person tries again: the same key, the first answer, nothing registered twice.
  await c1.getByRole('button', { name: 'Registrer dokument' }).click();
  await see(page.getByText('Dokumentet er registrert som godkjent.')).visible();
  expect(keys).toHaveLength(2);
  expect(keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(keys[1]).toBe(keys[0]);
  expect(await system.count('follow-up', 'evidence WHERE condition_id = $1', [d.c.C1])).toBe(1);
  await context.close();
}, 120_000);
