// The vetting pipeline in the caseworker area, driven as a caseworker would: an applicant sends
// the public interest form; the caseworker signs in, finds them in the list by search and filter,
// assigns them to herself and records every step — phone call, interview booked and held, police
// extract, register check, two references — to an approval, meeting the refusals on the way, and
// signs out. A failed save and a reload keep what was typed. 0 axe violations on each screen.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, newPage, waitForApp, expectNoAxeViolations, assertNoPageErrors, eventually,
  applyThroughThePublicForm, todayInSweden,
} from './harness.mjs';

const DEMO = { user: 'demo@exempelby.se', password: 'ett demolösenord 2026', name: 'Demo (administratör)' };
let server;
let browser;

before(async () => {
  server = await startServer({ env: { DEMO_USER: DEMO.user, DEMO_PASSWORD: DEMO.password } });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});


async function signIn(page) {
  await page.goto(server.url('/handlaggare/logga-in'));
  await waitForApp(page);
  await page.getByLabel('E-postadress').fill(DEMO.user);
  await page.getByLabel('Lösenord').fill(DEMO.password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Översikt' }).waitFor();
}

/** The stage shown on the applicant page. */
async function expectStage(page, stage) {
  await eventually(async () => {
    const shown = await page.locator('.facts .stage').textContent();
    assert.equal(shown.trim(), stage, 'the stage on the applicant page');
  }, { timeout: 5000 });
}

async function chooseStep(page, step) {
  await page.getByLabel('Vad vill du registrera?').selectOption({ label: step });
}

async function save(page, step) {
  await page.getByRole('button', { name: `Spara: ${step.toLowerCase()}` }).click();
}

/** Saves a step and waits for it in the timeline, the confirmation and the new stage. */
async function saveAndExpect(page, step, stage, said) {
  const entries = page.locator('.timeline > li');
  const before = await entries.count();
  await save(page, step);
  // The previous save's message may still be on screen: wait for the page drawn from the
  // server's answer, which has one more timeline entry.
  await eventually(async () => assert.equal(await entries.count(), before + 1, `${step} in the timeline`), { timeout: 5000 });
  // Said as what happened ("Intervjun är bokad till …"), never as "<step> är sparat.".
  await page.getByRole('status').filter({ hasText: said }).waitFor();
  assert.doesNotMatch(await page.getByRole('status').filter({ hasText: said }).innerText(), /är sparat\./);
  await expectStage(page, stage);
}

/** The error summary's text once it has appeared, with focus on it. */
async function errorSummary(page) {
  const summary = page.locator('#step-errors');
  await summary.waitFor();
  await eventually(async () => {
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'step-errors', 'focus moves to the error summary');
  });
  return (await summary.innerText()).replace(/\s+/g, ' ');
}

test('A caseworker finds the applicant from the public form and walks them through every step to an approval, with the rules explained on the way', async () => {
  const motivation = 'Jag vill ge tid till en ung person. <b>Fet</b> & "citat" ska synas som text.';
  const reference = await applyThroughThePublicForm(browser, server, 'Ingrid', 'Lindqvist', motivation);

  const page = await newPage(browser);
  await signIn(page);

  // The list: search by name, then filter by stage.
  await page.getByRole('navigation', { name: 'Handläggarstöd' }).getByRole('link', { name: 'Sökande' }).click();
  await page.getByRole('heading', { level: 1, name: 'Sökande' }).waitFor();
  await page.getByText(/^\d+ sökande$/).waitFor();
  await expectNoAxeViolations(page, 'applicant list');
  await page.getByRole('searchbox', { name: 'Sök' }).fill('lindqv');
  await page.getByRole('button', { name: 'Sök', exact: true }).click();
  await page.waitForURL(/\/handlaggare\/sokande\?q=lindqv$/);
  await page.getByText('1 sökande', { exact: true }).waitFor();
  await page.getByLabel('Steg').selectOption({ label: 'Intervju bokad' });
  await page.getByText('Inga sökande', { exact: true }).waitFor();
  await page.getByLabel('Steg').selectOption({ label: 'Ny anmälan' });
  await page.waitForURL(/stage=new/);
  const row = page.getByRole('row', { name: /Lindqvist/ });
  await row.waitFor();
  assert.match(await row.innerText(), /Ny anmälan/);
  assert.match(await row.innerText(), /somaliska/);
  await expectNoAxeViolations(page, 'applicant list, filtered');
  await row.getByRole('link', { name: reference }).click();

  // The applicant page.
  await page.getByRole('heading', { level: 1, name: 'Ingrid Lindqvist' }).waitFor();
  await expectStage(page, 'Ny anmälan');
  assert.match(await page.title(), new RegExp(`Ingrid Lindqvist \\(${reference}\\)`));
  const answers = page.locator('.answers');
  assert.match(await answers.innerText(), /<b>Fet<\/b> & "citat" ska synas som text\./, 'what the applicant wrote is shown as text');
  assert.equal(await answers.locator('b').count(), 0, 'and never as markup');
  await expectNoAxeViolations(page, 'applicant page, new');

  await page.getByLabel('Handläggare', { exact: true }).selectOption({ label: DEMO.name });
  await page.getByRole('button', { name: 'Spara handläggare' }).click();
  await page.getByRole('status').filter({ hasText: 'Handläggaren är sparad.' }).waitFor();

  // Phone call.
  assert.equal(await page.getByLabel('Vad vill du registrera?').inputValue(), 'phone_call', 'the next step is offered first');
  assert.match(await page.getByLabel('Datum för samtalet').inputValue(), /^\d{4}-\d{2}-\d{2}$/, 'the date starts as today');
  await page.getByRole('radio', { name: 'Nådd, fortfarande intresserad' }).check();
  await page.getByLabel('Anteckning (valfri)').fill('Vill helst träffas på kvällar.');
  await saveAndExpect(page, 'Telefonsamtal', 'Kontaktad per telefon', /Samtalet den \d{1,2} \p{L}+ \d{4} är antecknat\./u);

  // Interview booked and held.
  assert.equal(await page.getByLabel('Vad vill du registrera?').inputValue(), 'interview_booked');
  const today = todayInSweden();
  await page.getByLabel('Dag och tid').fill(`${today}T10:00`);
  await page.getByLabel('Plats').fill('Socialkontoret, rum 3');
  await saveAndExpect(page, 'Boka intervju', 'Intervju bokad', /Intervjun är bokad till den \d{1,2} \p{L}+ \d{4} kl\. 10\.00, Socialkontoret, rum 3\./u);
  await page.getByLabel('Vilka deltog').fill('Ingrid Lindqvist, Demo (handläggare)');
  await page.getByLabel('Bedömning').fill('Varm, stabil och tydlig i sin motivation.');
  await saveAndExpect(page, 'Genomförd intervju', 'Intervjuad', /Intervjun den \d{1,2} \p{L}+ \d{4} är antecknad som genomförd\./u);
  await expectNoAxeViolations(page, 'applicant page, interviewed');

  // An approval now is refused with the rule explained, and the typing stays.
  await chooseStep(page, 'Beslut');
  await page.getByRole('radio', { name: 'Godkänd', exact: true }).check();
  await page.getByRole('checkbox', { name: 'Kontaktperson för barn eller unga' }).check();
  await page.getByLabel('Motivering').fill('Lämplig: erfarenhet, stabilitet och goda referenser.');
  await save(page, 'Beslut');
  assert.match(await errorSummary(page), /godkännande kräver ett utdrag ur polisens register/);
  assert.equal(await page.getByLabel('Motivering').inputValue(), 'Lämplig: erfarenhet, stabilitet och goda referenser.');
  await expectNoAxeViolations(page, 'applicant page, refused decision');

  // An empty reference names each missing field; the summary links lead to them.
  await chooseStep(page, 'Referens');
  await page.getByLabel('Kontaktad').fill('');
  await save(page, 'Referens');
  const missing = await errorSummary(page);
  for (const label of ['Referensens namn', 'Relation till den sökande', 'Kontaktad', 'Vad referensen berättade']) {
    assert.match(missing, new RegExp(label), `the summary names ${label}`);
  }
  await page.getByRole('link', { name: /^Referensens namn/ }).click();
  await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), 'step-reference-name'));
  await expectNoAxeViolations(page, 'applicant page, missing fields');

  // The checks.
  await chooseStep(page, 'Utdrag ur polisens register');
  await page.getByRole('radio', { name: 'Utdraget saknar anteckningar' }).check();
  await page.getByLabel('Hur äktheten kontrollerades').fill('Originalet i oöppnat kuvert från Polisen');
  await saveAndExpect(page, 'Utdrag ur polisens register', 'Kontroller pågår', 'Polisutdraget är granskat och antecknat.');
  await chooseStep(page, 'Kontroll i socialtjänstens register');
  await page.getByRole('radio', { name: 'Inget registrerat' }).check();
  await page.getByLabel('Rättslig grund och hur den sökande informerades').fill('Utredning enligt socialtjänstlagen; informerad vid intervjun');
  await saveAndExpect(page, 'Kontroll i socialtjänstens register', 'Kontroller pågår', 'Kontrollen i socialtjänstens register är antecknad.');
  for (const [name, relation] of [['Eva Berg', 'Chef'], ['Omar Ali', 'Föreningsledare']]) {
    await chooseStep(page, 'Referens');
    await page.getByLabel('Referensens namn').fill(name);
    await page.getByLabel('Relation till den sökande').fill(relation);
    await page.getByLabel('Telefon', { exact: true }).fill('070-765 43 21');
    await page.getByLabel('Kontaktad').fill(today);
    await page.getByLabel('Vad referensen berättade').fill('Pålitlig och omtänksam.');
    await saveAndExpect(page, 'Referens', 'Kontroller pågår', `Referensen från ${name} är antecknad.`);
  }
  // On a phone, a label in the timeline wraps between words, never inside one.
  const viewport = page.viewportSize();
  await page.setViewportSize({ width: 360, height: 800 });
  const label = page.locator('.timeline-facts dt', { hasText: 'Sammanfattning' }).first();
  const lines = await label.evaluate((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    return new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top))).size;
  });
  assert.equal(lines, 1, '"Sammanfattning" on one line');
  await page.setViewportSize(viewport);
  const checklist = await page.locator('.checklist').innerText();
  assert.match(checklist, /Referenser: 2 av minst 2/);
  assert.doesNotMatch(checklist, /Saknas/, 'everything for an approval is in place');
  await expectNoAxeViolations(page, 'applicant page, checks done');

  // The decision: what was typed before the refusal is still there.
  await chooseStep(page, 'Beslut');
  assert.equal(await page.getByLabel('Motivering').inputValue(), 'Lämplig: erfarenhet, stabilitet och goda referenser.');
  assert.equal(await page.getByRole('radio', { name: 'Godkänd', exact: true }).isChecked(), true);
  await saveAndExpect(page, 'Beslut', 'Godkänd', 'Beslutet är fattat: godkänd som kontaktperson.');
  const timeline = page.locator('.timeline > li');
  assert.equal(await timeline.count(), 9, 'the form, and eight recorded steps');
  const last = await timeline.last().innerText();
  assert.match(last, /Beslut/);
  assert.match(last, /Godkänd för\s+Kontaktperson för barn eller unga/);
  assert.match(last, new RegExp(DEMO.name.replace(/[()]/g, '\\$&')), 'who decided');
  assert.equal(await page.getByLabel('Vad vill du registrera?').count(), 0, 'a decided applicant only takes notes');
  await page.getByRole('heading', { level: 2, name: 'Anteckningar' }).waitFor();
  await expectNoAxeViolations(page, 'applicant page, approved');

  // The approved applicant is in the list under their new stage, with their caseworker.
  await page.getByRole('link', { name: 'Alla sökande' }).click();
  await page.getByLabel('Steg').selectOption({ label: 'Godkänd' });
  const approved = page.getByRole('row', { name: /Lindqvist/ });
  await approved.waitFor();
  assert.match(await approved.innerText(), new RegExp(DEMO.name.replace(/[()]/g, '\\$&')));

  await page.getByRole('button', { name: 'Logga ut' }).click();
  await page.getByRole('heading', { level: 1, name: 'Logga in' }).waitFor();
  assertNoPageErrors(page, 'pipeline', (e) => /status of 422/.test(e.text));
  await page.context().close();
});

test('A save that cannot reach the server keeps what was typed, and so does a reload, until the step is saved', async () => {
  const reference = await applyThroughThePublicForm(browser, server, 'Sami', 'Korhonen', 'Jag har tid på helgerna och vill göra nytta.');
  const page = await newPage(browser);
  await signIn(page);
  await page.goto(server.url(`/handlaggare/sokande/${reference}`));
  await page.getByRole('heading', { level: 1, name: 'Sami Korhonen' }).waitFor();

  await chooseStep(page, 'Anteckning');
  const note = 'Ringde från annat nummer: 070-111 22 33.';
  await page.getByLabel('Anteckning', { exact: true }).fill(note);
  await page.route('**/api/applicants/*/events', (route) => route.abort());
  await save(page, 'Anteckning');
  assert.match(await errorSummary(page), /Ingen kontakt med servern/);
  assert.equal(await page.getByLabel('Anteckning', { exact: true }).inputValue(), note);
  await page.unroute('**/api/applicants/*/events');

  await page.reload();
  await waitForApp(page);
  await page.getByRole('heading', { level: 1, name: 'Sami Korhonen' }).waitFor();
  await chooseStep(page, 'Anteckning');
  assert.equal(await page.getByLabel('Anteckning', { exact: true }).inputValue(), note, 'the draft survived the reload');

  await saveAndExpect(page, 'Anteckning', 'Ny anmälan', 'Anteckningen är sparad.');
  await eventually(async () => assert.match(await page.locator('.timeline').innerText(), /Ringde från annat nummer/));
  await chooseStep(page, 'Anteckning');
  assert.equal(await page.getByLabel('Anteckning', { exact: true }).inputValue(), '', 'a saved step empties its form');
  await page.context().close();
});
