/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser, with its DOM.
import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { Browser, Page } from 'playwright-core';
import { LANDLORD_ACCOUNT, RECIPIENT, System, fixtureDeadline, issueNovember, nationalIdBornOn, startSystem } from '@vf/testing';
import {
  duplicateIds,
  fieldDescription,
  launchChromium,
  newUser,
  plain,
  screenshot,
  see,
  seriousAccessibilityViolations,
  signIn,
  startWeb,
} from './web-harness';

// The vertical slice of seed 004 §3.1, played entirely through the screens in a real Chromium,
// against the three real services on real PostgreSQL and Kafka.

const dmy = (iso: string) => iso.split('-').reverse().join('.');
const DEADLINE = dmy(fixtureDeadline());

let system: System;
let web: { app: INestApplication; url: string };
let browser: Browser;
const timings: Record<string, number> = {};

beforeAll(async () => {
  system = await startSystem('screens');
  web = await startWeb(system);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await web?.app.close();
  await system?.stopAll();
  console.log(`browser steps (ms): ${JSON.stringify(timings)}`);
});

async function step<T>(name: string, f: () => Promise<T>): Promise<T> {
  const t = Date.now();
  try {
    return await f();
  } finally {
    timings[name] = Date.now() - t;
  }
}

/** No serious or critical axe-core violation, and no id used twice, on the page as it is now. */
async function accessible(page: Page, where: string): Promise<void> {
  const violations = await seriousAccessibilityViolations(page);
  expect({ where, violations, duplicateIds: await duplicateIds(page) }).toEqual({ where, violations: [], duplicateIds: [] });
}

/** A November case of office 0301 issued over HTTP, for tests that start at the veileder's desk. */
const newCase = () => issueNovember(system);

const card = (page: Page, attr: 'data-condition-ref' | 'data-payment-ref', ref: string) => page.locator(`[${attr}="${ref}"]`);

async function fillDecision(page: Page, caseId: string, documentType: string) {
  await page.getByLabel('Saksnummer').fill(caseId);
  await page.getByLabel('Mottakerens fødselsnummer').fill(RECIPIENT);
  await page.getByLabel('Perioden fra').fill('01.11.2026');
  await page.getByLabel('Perioden til').fill('30.11.2026');
  await page.getByLabel('Oppfølgingsveileder (valgfritt)').fill('Z200002');
  await page.getByRole('radio', { name: 'Ja' }).check();

  await page.getByLabel('Formål for P1').selectOption('RENT');
  await page.getByLabel('Beløp i kroner for P1').fill('8 500');
  await page.getByLabel('Forfallsdato for P1').fill('01.12.2026');
  await page.getByLabel('Mottaker for P1').selectOption('THIRD_PARTY');
  await page.getByLabel('Navn på mottaker for P1').fill('Utleier Eiendom AS');
  await page.getByLabel('Kontonummer for P1').fill(LANDLORD_ACCOUNT);
  await page.getByRole('button', { name: 'Legg til utbetaling' }).click();
  await page.getByLabel('Formål for P2').selectOption('LIVING_COSTS');
  await page.getByLabel('Beløp i kroner for P2').fill('7850');
  await page.getByLabel('Forfallsdato for P2').fill('01.12.2026');

  await page.getByRole('button', { name: 'Legg til vilkår' }).click();
  await page.getByLabel('Type vilkår for C1').selectOption('DOCUMENT');
  await page.getByLabel('Frist for C1').fill(DEADLINE);
  await page
    .getByLabel('Teksten mottakeren leser for C1')
    .fill('Lever kvittering for betalt husleie for november, så vi kan betale husleien for desember til utleier.');
  await page.getByLabel('Dokumentet som kreves for C1').fill(documentType);
  await page.getByLabel('Kategori for C1').selectOption('15');
  await page.getByRole('group', { name: 'Utbetalinger C1 holder tilbake' }).getByLabel(/^P1/).check();

  await page.getByRole('button', { name: 'Legg til vilkår' }).click();
  await page.getByLabel('Type vilkår for C2').selectOption('ATTENDANCE');
  await page.getByLabel('Frist for C2').fill(DEADLINE);
  await page
    .getByLabel('Teksten mottakeren leser for C2')
    .fill('Møt på kurset i voksenopplæringen 2.–27. november. Du kan ha inntil 2 dager fravær uten godkjent grunn.');
  await page.getByLabel('Kurset fra (C2)').fill('02.11.2026');
  await page.getByLabel('Kurset til (C2)').fill('27.11.2026');
  await page.getByLabel('Dager med ugyldig fravær som godtas (C2)').fill('2');
  await page.getByLabel('Kategori for C2').selectOption('04');
  await page.getByRole('group', { name: 'Utbetalinger C2 holder tilbake' }).getByLabel(/^P2/).check();

  await page.getByRole('button', { name: 'Legg til vilkår' }).click();
  await page.getByLabel('Type vilkår for C3').selectOption('JOB_APPLICATIONS');
  await page.getByLabel('Frist for C3').fill(DEADLINE);
  await page.getByLabel('Teksten mottakeren leser for C3').fill('Send minst 5 jobbsøknader i uke 46 og i uke 47.');
  await page.getByLabel('Søkeperioden fra (C3)').fill('09.11.2026');
  await page.getByLabel('Søkeperioden til (C3)').fill('22.11.2026');
  await page.getByLabel('Søknader per uke (C3)').fill('5');
  await page.getByLabel('Kategori for C3').selectOption('06');
  await page.getByRole('group', { name: 'Utbetalinger C3 holder tilbake' }).getByLabel(/^P2/).check();
}

/** A real paste: the clipboard's text arrives in a paste event on the field, as from a spreadsheet. */
async function paste(page: Page, label: string, text: string) {
  const field = page.getByLabel(label);
  await field.focus();
  await field.evaluate((el, t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

const rows = (monday: number, n: number, prefix: string) =>
  Array.from(
    { length: n },
    (_, i) => `${prefix} ${i + 1} AS\tLagermedarbeider\t${String(monday + (i % 5)).padStart(2, '0')}.11.2026\tE-post`,
  ).join('\n');

describe('a day in the office, in the browser', () => {
  const caseId = `K-${randomUUID().slice(0, 8)}`;

  it('plays the November decision from issue to payment through the screens', async () => {
    const unit = await newUser(browser);
    const veileder = await newUser(browser);
    const team = await newUser(browser);

    // 1. The decision unit issues the November decision.
    await step('1 issue decision', async () => {
      const page = unit.page;
      await signIn(page, web.url, 'Z100001', 'decision-unit');
      await see(page.getByRole('heading', { name: 'Arbeidsliste' })).visible();
      await accessible(page, 'arbeidsliste');
      await page.getByRole('link', { name: 'Nytt vedtak' }).click();
      // A document name longer than the service accepts: the browser lets it through, the service names the field.
      await fillDecision(page, caseId, 'Kvittering for husleie '.repeat(6));
      await accessible(page, 'vedtaksskjema');
      await screenshot(page, '01-vedtaksskjema');
      await page.getByRole('button', { name: 'Se over vedtaket' }).click();
      await page.getByRole('button', { name: 'Fatt vedtaket' }).click();
      const field = page.getByLabel('Dokumentet som kreves for C1');
      await see(field).attribute('aria-invalid', 'true');
      expect(await fieldDescription(field)).toContain('Kan ha høyst 100 tegn');
      await screenshot(page, '01b-vedtaksskjema-feil-fra-tjenesten');
      expect(await system.count('decision', 'decision WHERE case_id = $1', [caseId])).toBe(0);

      await field.fill('Kvittering for husleie');
      await page.getByRole('button', { name: 'Se over vedtaket' }).click();
      await see(page.getByRole('heading', { name: 'Se over vedtaket før du fatter det' })).visible();
      const summary = plain(await page.locator('main').innerText());
      expect(summary).toContain(
        'Husleie 8 500,00 kr til Utleier Eiendom AS (konto 1234 56 78903), forfall 01.12.2026 venter på: kvittering for husleie',
      );
      expect(summary).toContain(
        'Livsopphold 7 850,00 kr til mottakeren, forfall 01.12.2026 venter på: ' +
          'oppmøte 02.11.2026–27.11.2026; 5 jobbsøknader per uke 09.11.2026–22.11.2026',
      );
      await accessible(page, 'oppsummering');
      await screenshot(page, '02-oppsummering');
      await page.getByRole('button', { name: 'Fatt vedtaket' }).click();
      await see(page.getByText('Vedtaket er fattet.')).visible();
      await see(page.getByRole('heading', { name: `Vedtak i sak ${caseId}` })).visible();
      await see(page.getByRole('cell', { name: 'Vedtak fattet' })).visible();
      await accessible(page, 'vedtak');
      await screenshot(page, '03-vedtak');
    });

    // The payment team keeps its page open; it must show P1 without a reload.
    await signIn(team.page, web.url, 'Z300003', 'payment-team');
    await see(team.page.getByRole('heading', { name: 'Utbetalinger som venter på oppgjør' })).visible();

    // 2. A veileder registers the receipt: P1 released on the case page and on the payment team's page.
    await step('2 rent receipt', async () => {
      const page = veileder.page;
      await signIn(page, web.url, 'Z200002', 'veileder');
      await page.getByLabel('Finn sak med saksnummer').fill(caseId);
      await page.getByLabel('Finn sak med saksnummer').press('Enter');
      await see(page.getByRole('heading', { name: `Sak ${caseId}` })).visible();
      await see(card(page, 'data-condition-ref', 'C1'), 20_000).visible();
      await accessible(page, 'saksside');
      const c1 = card(page, 'data-condition-ref', 'C1');
      await c1.getByRole('button', { name: 'Registrer dokument' }).click();
      await accessible(page, 'dokumentskjema');
      await c1.getByRole('button', { name: 'Registrer dokument' }).click();
      await see(c1.getByText('Oppfylt', { exact: true })).visible();
      await see(card(page, 'data-payment-ref', 'P1').getByText('Sendt til utbetaling', { exact: true }), 5_000).visible();
      await see(team.page.getByRole('row', { name: new RegExp(`${caseId}.*P1 Husleie`) }), 5_000).visible();
      await screenshot(team.page, '04-fellestjenesten');
      await accessible(team.page, 'fellestjenesten');
    });

    // 3. The attendance grid with one unapproved day: C2 fulfilled, P2 still waits, and says for what.
    await step('3 attendance grid', async () => {
      const page = veileder.page;
      const c2 = card(page, 'data-condition-ref', 'C2');
      await c2.getByRole('button', { name: 'Registrer frammøteliste' }).click();
      await c2.getByLabel('Kursholder').fill('Oslo voksenopplæring, Sinsen');
      await c2.getByLabel('Signert av').fill('Kari Nordmann, lærer');
      await c2.getByRole('button', { name: 'Merk tomme dager som til stede' }).click();
      await c2.getByRole('button', { name: /^torsdag 12\.11\.2026: til stede/i }).click();
      await see(c2.getByRole('button', { name: /^torsdag 12\.11\.2026: ugyldig fravær/i })).visible();
      await accessible(page, 'frammøteliste');
      await screenshot(page, '05-frammoteliste');
      await c2.getByRole('button', { name: 'Registrer frammøtelisten' }).click();
      await see(c2.getByText('Oppfylt', { exact: true })).visible();
      await see(c2.getByText('19 til stede, 0 godkjent fravær, 1 ugyldig fravær')).visible();
      const p2 = card(page, 'data-payment-ref', 'P2');
      await see(p2.getByText('Holdes tilbake', { exact: true })).visible();
      await see(p2.getByText(/C3: Send minst 5 jobbsøknader/), 5_000).visible();
      await see(p2.getByText(/C2: Møt på kurset/), 5_000).count(0);
    });

    // 4. Applications pasted from a spreadsheet: first a cell too long for the service, then 5 and 4.
    await step('4 pasted applications', async () => {
      const page = veileder.page;
      const c3 = card(page, 'data-condition-ref', 'C3');
      await c3.getByRole('button', { name: 'Registrer jobbsøknader' }).click();
      await paste(page, 'Lim inn fra regneark', `${'Veldig lang arbeidsgiver '.repeat(10)}\tLagermedarbeider\t09.11.2026\tE-post`);
      await c3.getByRole('button', { name: 'Registrer søknadene' }).click();
      await see(c3.getByLabel('Arbeidsgiver, rad 1')).attribute('aria-invalid', 'true');
      expect(await fieldDescription(c3.getByLabel('Arbeidsgiver, rad 1'))).toContain('Kan ha høyst 200 tegn.');
      await c3.getByRole('button', { name: 'Fjern rad 1' }).click();
      await paste(page, 'Lim inn fra regneark', `Arbeidsgiver\tStilling\tDato\tKanal\n${rows(9, 5, 'Uke46')}\n${rows(16, 4, 'Uke47')}`);
      await see(c3.getByLabel('Arbeidsgiver, rad 9')).value('Uke47 4 AS');
      await accessible(page, 'jobbsøknader');
      await screenshot(page, '06-jobbsoknader');
      await c3.getByRole('button', { name: 'Registrer søknadene' }).click();
      await see(c3.getByText('uke 47: 4 av 5 søknader')).visible();
      await see(c3.getByText('uke 46: 5 av 5 søknader')).visible();
      await see(c3.getByText('Ikke oppfylt ennå', { exact: true })).visible();
      await screenshot(page, '07-saksside');
    });

    // 5. The veileder judges C3 fulfilled: P2 is released.
    await step('5 judgement', async () => {
      const page = veileder.page;
      const c3 = card(page, 'data-condition-ref', 'C3');
      await c3.getByRole('button', { name: 'Vurder som oppfylt' }).click();
      await c3
        .getByLabel('Begrunnelse for at vilkåret er oppfylt')
        .fill('Den femte søknaden i uke 47 ble levert muntlig på NAV-kontoret fredag.');
      await c3.getByRole('button', { name: 'Vurder som oppfylt' }).click();
      await see(c3.getByText('Oppfylt', { exact: true })).visible();
      await see(card(page, 'data-payment-ref', 'P2').getByText('Sendt til utbetaling', { exact: true }), 5_000).visible();
      await see(page.getByRole('cell', { name: 'Vilkår oppfylt' }).first()).visible();
      await accessible(page, 'saksside etter vurdering');
      await screenshot(page, '08-saksside-utbetalt');
    });

    // 6. The payment team marks P1 paid; the case page follows.
    await step('6 paid', async () => {
      const page = team.page;
      const row = page.getByRole('row', { name: new RegExp(`${caseId}.*P1 Husleie`) });
      await row.getByRole('button', { name: /^Meld utbetalt/ }).click();
      const dialog = page.getByRole('dialog', { name: 'Meld utbetalt' });
      await dialog.getByLabel('Referanse').fill('UTB-2026-11-0001');
      await dialog.getByLabel('Utbetalt dato').fill('01.12.2026');
      await accessible(page, 'utbetalt-dialog');
      await dialog.getByRole('button', { name: 'Meld utbetalt' }).click();
      await see(page.getByText(/^Meldt utbetalt: P1 Husleie/)).visible();
      await see(row).count(0);
      await see(card(veileder.page, 'data-payment-ref', 'P1').getByText('Utbetalt', { exact: true }), 5_000).visible();
      await see(card(veileder.page, 'data-payment-ref', 'P1').getByText('Utbetalt 01.12.2026 (ref. UTB-2026-11-0001)')).visible();
    });

    // 7. P2 fails at the payment team; the decision unit sends it again from the worklist; both attempts show.
    await step('7 failed and sent again', async () => {
      const row = team.page.getByRole('row', { name: new RegExp(`${caseId}.*P2 Livsopphold`) });
      await row.getByRole('button', { name: /^Meld feilet/ }).click();
      const dialog = team.page.getByRole('dialog', { name: 'Meld feilet' });
      await dialog.getByLabel('Hvorfor feilet utbetalingen?').fill('Kontoen er stengt');
      await dialog.getByRole('button', { name: 'Meld feilet' }).click();
      await see(team.page.getByText(/^Meldt feilet: P2 Livsopphold/)).visible();

      const page = unit.page;
      await page.getByRole('link', { name: 'Arbeidsliste' }).click();
      const item = page.getByRole('listitem', { name: `Utbetaling feilet, sak ${caseId}` });
      await see(item, 10_000).visible();
      await see(
        item.getByText('Fellestjenesten kunne ikke utbetale P2 Livsopphold 7 850,00 kr, forfall 01.12.2026: Kontoen er stengt'),
      ).visible();
      await accessible(page, 'arbeidsliste med sak');
      await screenshot(page, '11-arbeidsliste');
      await item.getByRole('button', { name: 'Send P2 Livsopphold på nytt' }).click();
      const again = page.getByRole('dialog', { name: 'Send til utbetaling på nytt' });
      await again.getByLabel('Begrunnelse').fill('Mottakeren har gitt nytt kontonummer.');
      await accessible(page, 'send på nytt-dialog');
      await again.getByRole('button', { name: 'Send til utbetaling på nytt' }).click();
      await see(page.getByText('P2 Livsopphold er sendt til utbetaling på nytt.')).visible();
      await see(item).count(0);

      const back = team.page.getByRole('row', { name: new RegExp(`${caseId}.*P2 Livsopphold`) });
      await see(back, 5_000).visible();
      await see(back.getByText(/^1\. forsøk sendt .*, feilet: Kontoen er stengt$/)).visible();
      await see(back.getByText(/^2\. forsøk sendt /)).visible();
      await screenshot(team.page, '12-fellestjenesten-to-forsok');
    });

    const released = await system.query<{ ref: string; status: string; releases: number }>(
      'payout',
      'SELECT ref, status, releases FROM payment WHERE case_id = $1 ORDER BY ref',
      [caseId],
    );
    expect(released).toEqual([
      { ref: 'P1', status: 'PAID', releases: 1 },
      { ref: 'P2', status: 'RELEASED', releases: 2 },
    ]);

    // The rest of the decision unit's and the veileder's day: overview and the office's cases.
    await unit.page.getByRole('link', { name: 'Oversikt' }).click();
    await see(unit.page.getByRole('heading', { name: 'Oversikt for Nav-kontor 0301' })).visible();
    await see(unit.page.getByText('Tid fra siste vilkår oppfylt til utbetalingen ble sendt')).visible();
    await accessible(unit.page, 'oversikt');
    await screenshot(unit.page, '09-oversikt');
    await unit.page.getByRole('link', { name: 'Vedtak', exact: true }).click();
    await see(unit.page.getByRole('link', { name: caseId })).visible();
    await accessible(unit.page, 'vedtaksliste');
    await veileder.page.getByRole('link', { name: 'Saker', exact: true }).click();
    await see(veileder.page.getByRole('heading', { name: 'Saker med åpne vilkår' })).visible();
    await accessible(veileder.page, 'saksliste');
    await screenshot(veileder.page, '09b-saker');

    for (const u of [unit, veileder, team]) await u.context.close();
  }, 240_000);

  it('issues a household decision: § 20 a per person under 30, a spouse’s condition, on the decision and the case; statistics', async () => {
    const young = nationalIdBornOn('2001-06-15'); // 25 on 1 November 2026
    const spouse = nationalIdBornOn('2003-02-02'); // 23
    const hhCase = `K-hh-${randomUUID().slice(0, 6)}`;
    const unit = await newUser(browser);
    const page = unit.page;
    await signIn(page, web.url, 'Z100001', 'decision-unit');
    await page.getByRole('link', { name: 'Nytt vedtak' }).click();
    await page.getByLabel('Saksnummer').fill(hhCase);
    await page.getByLabel('Mottakerens fødselsnummer').fill(young);
    await page.getByLabel('Perioden fra').fill('01.11.2026');
    await page.getByLabel('Perioden til').fill('30.11.2026');
    await page.getByRole('radio', { name: 'Ja' }).check();
    await page.getByLabel('Ektefelle eller samboer i saken').selectOption('SPOUSE');
    await page.getByLabel('Ektefellens fødselsnummer').fill(spouse);
    await page.getByLabel('Formål for P1').selectOption('LIVING_COSTS');
    await page.getByLabel('Beløp i kroner for P1').fill('13 100');
    await page.getByLabel('Forfallsdato for P1').fill('01.12.2026');
    await page.getByRole('button', { name: 'Legg til vilkår' }).click();
    await page.getByLabel('Type vilkår for C1').selectOption('ACTIVITY');
    await page.getByLabel('Frist for C1').fill(DEADLINE);
    await page.getByLabel('Teksten mottakeren leser for C1').fill('Møt til samtale med veileder om arbeid i november.');
    await page.getByLabel('Aktiviteten (C1)').fill('Samtale med veileder');
    await page.getByLabel('Kategori for C1').selectOption('08');
    await page.getByLabel('Hvem C1 gjelder').selectOption('PARTNER');
    await page.getByRole('group', { name: 'Utbetalinger C1 holder tilbake' }).getByLabel(/^P1/).check();

    // The recipient is 25 and has no activity condition: the form asks for one or an exception with its reason.
    const duty = page.getByRole('region', { name: 'Aktivitetsplikt for mottakeren' });
    await see(duty.getByText('25 år ved periodens start og ingen aktivitetsvilkår.', { exact: false })).visible();
    await see(
      page.getByRole('region', { name: 'Aktivitetsplikt for ektefellen' }).getByText('Har aktivitetsvilkår.', { exact: false }),
    ).visible();
    await page.getByRole('button', { name: 'Se over vedtaket' }).click();
    const code = page.getByLabel('Grunn til unntak for mottakeren');
    await see(code).attribute('aria-invalid', 'true');
    await accessible(page, 'vedtaksskjema med husstand');
    await screenshot(page, '13-vedtaksskjema-husstand-20a');
    await code.selectOption('01');
    await page.getByLabel('Begrunnelse for unntaket (mottakeren)').fill('Har fast jobb i barnehage, 80 % stilling fra 1. november.');
    await page.getByRole('button', { name: 'Se over vedtaket' }).click();
    await see(page.getByRole('heading', { name: 'Se over vedtaket før du fatter det' })).visible();
    const summary = plain(await page.locator('main').innerText());
    expect(summary).toContain('25 år ved periodens start: unntak 01 I arbeid – Har fast jobb i barnehage');
    expect(summary).toContain('Gjelder: ektefellen · kategori 08 Møte til samtaler med veileder');
    await accessible(page, 'oppsummering med husstand');
    await screenshot(page, '14-oppsummering-husstand');
    await page.getByRole('button', { name: 'Fatt vedtaket' }).click();
    await see(page.getByText('Vedtaket er fattet.')).visible();
    await see(page.getByRole('heading', { name: 'Aktivitetsplikt (§ 20 a)' })).visible();
    await see(page.getByText('Begrunnelse: Har fast jobb i barnehage, 80 % stilling fra 1. november.')).visible();
    await see(page.getByText('Gjelder: ektefellen · kategori 08 Møte til samtaler med veileder')).visible();
    await see(page.getByRole('cell', { name: 'Unntak fra aktivitetsplikten (§ 20 a)' })).visible();
    await accessible(page, 'vedtak med husstand');
    await screenshot(page, '15-vedtak-husstand');

    // The veileder's case page says whose condition it is.
    const veileder = await newUser(browser);
    await signIn(veileder.page, web.url, 'Z200002', 'veileder');
    await veileder.page.goto(`${web.url}/saker/${hhCase}`);
    const c1 = card(veileder.page, 'data-condition-ref', 'C1');
    await see(c1, 20_000).visible();
    await see(c1.getByText(/^Gjelder: ektefellen · Aktivitet · frist/)).visible();
    await see(card(veileder.page, 'data-payment-ref', 'P1').getByText(/^C1 \(ektefelle\/samboer\): Møt til samtale/)).visible();
    await accessible(veileder.page, 'saksside med husstand');
    await screenshot(veileder.page, '16-saksside-husstand');
    // The office's case list (read from office_case) has the case, its conditions still open.
    await veileder.page.getByRole('link', { name: 'Saker', exact: true }).click();
    await see(veileder.page.getByRole('link', { name: hhCase })).visible();
    await screenshot(veileder.page, '16b-saker-med-apne-vilkar');

    // The decision unit's statistics for the year, and the CSV behind the link.
    await page.getByRole('link', { name: 'Statistikk' }).click();
    await see(page.getByRole('heading', { name: 'Statistikk over vilkår' })).visible();
    await see(page.getByRole('row', { name: /08 Møte til samtaler med veileder/ })).visible();
    const csvLink = page.getByRole('link', { name: /Last ned som CSV/ });
    const href = await csvLink.getAttribute('href');
    await page.getByLabel('År', { exact: true }).selectOption('2026');
    expect(await csvLink.getAttribute('href')).toBe('/api/decision/offices/0301/statistics/2026/csv');
    const csv = await page.evaluate(async (url) => {
      const r = await fetch(url);
      return { type: r.headers.get('content-type'), disposition: r.headers.get('content-disposition'), text: await r.text() };
    }, '/api/decision/offices/0301/statistics/2026/csv');
    expect(href).toMatch(/^\/api\/decision\/offices\/0301\/statistics\/\d{4}\/csv$/);
    expect(csv.type).toMatch(/^text\/csv/);
    expect(csv.disposition).toContain('vilkar-statistikk-0301-2026.csv');
    expect(csv.text).toContain('0301;2026;20a-unntak;01;I arbeid;');
    expect(csv.text).not.toContain(young);
    await accessible(page, 'statistikk');
    await screenshot(page, '17-statistikk');
    await unit.context.close();
    await veileder.context.close();
  }, 180_000);

  it('refuses an action for another office: the page says so, and nothing changes', async () => {
    // A veileder of 0301 has the case open with the receipt form filled in; then, in another tab of
    // the same browser, signs in as a veileder of office 1201. The form's request now carries a token
    // without 0301: the service refuses it.
    const { context, page } = await newUser(browser);
    await signIn(page, web.url, 'Z200002', 'veileder', '0301');
    const other = await newCase();
    await page.goto(`${web.url}/saker/${other.caseId}`);
    const c1 = card(page, 'data-condition-ref', 'C1');
    await see(c1, 20_000).visible();
    await c1.getByRole('button', { name: 'Registrer dokument' }).click();
    const tab = await context.newPage();
    await signIn(tab, web.url, 'Z200009', 'veileder', '1201');
    await tab.close();
    const before = await system.count('follow-up', 'evidence');
    await c1.getByRole('button', { name: 'Registrer dokument' }).click();
    await see(c1.getByText('Saken tilhører et Nav-kontor du ikke har tilgang til.')).visible();
    await screenshot(page, '10-annet-kontor');
    await system.settled();
    expect(await system.count('follow-up', 'evidence')).toBe(before);
    expect(await system.count('payout', "payment WHERE case_id = $1 AND status <> 'HELD'", [other.caseId])).toBe(0);

    // And that veileder cannot open the case at all.
    await page.goto(`${web.url}/saker/${other.caseId}`);
    await see(page.getByText('Saken finnes ikke, eller den tilhører et Nav-kontor du ikke har tilgang til.')).visible();
    await context.close();
  }, 120_000);

  it('shows what registering and an amendment would do before anything is done, and marks public holidays in the grid', async () => {
    // A course over Christmas 2026 (C2, holds P2) and the rent receipt (C1, holds P1).
    const d = await issueNovember(system, (b) => {
      b.periodTo = '2026-12-31';
      b.conditions[1].requirement = { kind: 'ATTENDANCE', periodFrom: '2026-12-21', periodTo: '2026-12-31', maxUnapprovedAbsenceDays: 0 };
      b.conditions = [b.conditions[0], b.conditions[1]];
    });
    const veileder = await newUser(browser);
    const page = veileder.page;
    await signIn(page, web.url, 'Z200002', 'veileder');
    await page.goto(`${web.url}/saker/${d.caseId}`);
    const c2 = card(page, 'data-condition-ref', 'C2');
    await see(c2, 20_000).visible();
    await c2.getByRole('button', { name: 'Registrer frammøteliste' }).click();
    await see(c2.getByText('1. juledag, ikke kursdag')).visible();
    await see(c2.getByRole('button', { name: /fredag 25\.12\.2026/i })).count(0);
    await c2.getByLabel('Kursholder').fill('Oslo voksenopplæring, Sinsen');
    await c2.getByLabel('Signert av').fill('Kari Nordmann, lærer');
    await c2.getByRole('button', { name: 'Merk tomme dager som til stede' }).click();
    await see(c2.getByText(/^8 til stede/)).visible();
    const before = await system.count('follow-up', 'evidence');
    await c2.getByRole('button', { name: 'Se hva som skjer' }).click();
    const panel = c2.locator('[data-what-if]');
    await see(panel.getByText('Vilkåret blir «oppfylt».')).visible();
    await see(panel.getByText('P2 Livsopphold sendes til utbetaling med 7 850,00 kr.')).visible();
    await accessible(page, 'hva skjer, frammøteliste');
    await screenshot(page, '18-hva-skjer-frammoteliste');
    await system.settled();
    expect(await system.count('follow-up', 'evidence')).toBe(before);
    await c2.getByRole('button', { name: 'Registrer frammøtelisten' }).click();
    await see(c2.getByText('Oppfylt', { exact: true })).visible();
    await see(c2.getByText('Ikke kursdager (helligdager): 25.12.2026 1. juledag')).visible();
    await see(card(page, 'data-payment-ref', 'P2').getByText('Sendt til utbetaling', { exact: true }), 5_000).visible();

    // The decision unit asks what lifting C1 would do, and then does not lift it.
    const unit = await newUser(browser);
    await signIn(unit.page, web.url, 'Z100001', 'decision-unit');
    await unit.page.goto(`${web.url}/vedtak/${d.decisionId}`);
    const actions = await system.count('decision', 'decision_action WHERE decision_id = $1', [d.decisionId]);
    await unit.page.getByRole('button', { name: 'Opphev C1' }).click();
    const dialog = unit.page.getByRole('dialog', { name: 'Opphev vilkåret' });
    await dialog.getByLabel('Begrunnelse').fill('Mottakeren har ikke egen leiekontrakt.');
    await dialog.getByRole('button', { name: 'Se hva som skjer' }).click();
    await see(dialog.getByText('P1 Husleie sendes til utbetaling med 8 500,00 kr.')).visible();
    await accessible(unit.page, 'hva skjer, oppheving');
    await screenshot(unit.page, '19-hva-skjer-oppheving');
    await dialog.getByRole('button', { name: 'Avbryt' }).click();
    await system.settled();
    expect(await system.count('payout', "payment WHERE case_id = $1 AND ref = 'P1' AND status = 'HELD'", [d.caseId])).toBe(1);
    expect(await system.count('decision', 'decision_action WHERE decision_id = $1', [d.decisionId])).toBe(actions);
    await veileder.context.close();
    await unit.context.close();
  }, 120_000);

  it('keeps the token out of the page: not in storage, not readable by script', async () => {
    const { context, page } = await newUser(browser);
    await signIn(page, web.url, 'Z200002', 'veileder');
    const seen = await page.evaluate(() => ({
      cookie: document.cookie,
      local: JSON.stringify(localStorage),
      session: JSON.stringify(sessionStorage),
    }));
    expect(seen).toEqual({ cookie: '', local: '{}', session: '{}' });
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: 'vf_session', httpOnly: true, sameSite: 'Strict' });
    await context.close();
  });
});
