// The caseworker area (its own wasm bundle under /handlaggare/): sign-in as a person would, the
// overview with an applicant sent through the public form, sign-out, accessibility, and that the
// public site never downloads the caseworker code.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, newPage, waitForApp, expectNoAxeViolations, assertNoPageErrors, eventually,
  CONSENT_VERSION,
} from './harness.mjs';

const DEMO = { user: 'demo@exempelby.se', password: 'ett demolösenord 2026' };
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

async function signIn(page, password = DEMO.password) {
  await page.getByLabel('E-postadress').fill(DEMO.user);
  await page.getByLabel('Lösenord').fill(password);
  await page.getByRole('button', { name: 'Logga in' }).click();
}

test('An anonymous visitor to the caseworker area is asked to sign in, and a wrong password is explained without saying more', async () => {
  const page = await newPage(browser);
  await page.goto(server.url('/handlaggare/'));
  await waitForApp(page);
  await page.waitForURL(/\/handlaggare\/logga-in$/);
  await page.getByRole('heading', { level: 1, name: 'Logga in' }).waitFor();
  await expectNoAxeViolations(page, 'sign-in');
  await signIn(page, 'fel lösenord helt enkelt');
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /Fel e-postadress eller lösenord/);
  await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement.id), 'sign-in-error', 'focus moves to the message'));
  assert.equal(await page.getByLabel('Lösenord').inputValue(), '', 'the password field is emptied');
  await expectNoAxeViolations(page, 'sign-in error');
  assertNoPageErrors(page, 'sign-in', (e) => /status of 401/.test(e.text));
  await page.context().close();
});

test('A caseworker signs in, sees an applicant from the public form counted on the overview, and signs out', async () => {
  const form = {
    first_name: 'Amina', last_name: 'Yusuf', personnummer: '811218-9876', address: 'Storgatan 1',
    postcode: '123 45', town: 'Exempelby', phone: '070-123 45 67', email: 'amina@example.se',
    assignment_types: ['child'], languages: ['so'], occupation: 'Undersköterska', frequency: 'weekly',
    times: ['evenings'], motivation: 'Jag vill ge tid till en ung person som behöver en vuxen till.',
    consent: true, consent_version: CONSENT_VERSION, locale: 'so',
  };
  const sent = await fetch(server.url('/api/applications'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': 'caseworker-browser-test-0001' },
    body: JSON.stringify(form),
  });
  assert.equal(sent.status, 201);

  const page = await newPage(browser);
  await page.goto(server.url('/handlaggare/logga-in'));
  await waitForApp(page);
  await signIn(page);
  await page.getByRole('heading', { level: 1, name: 'Översikt' }).waitFor();
  assert.match(page.url(), /\/handlaggare\/?$/);
  const newRow = page.getByRole('row', { name: /Ny anmälan/ });
  assert.equal((await newRow.getByRole('cell').textContent()).trim(), '1', 'the applicant is counted');
  assert.ok(await page.getByText('Demo (administratör)').isVisible(), 'who is signed in is shown');
  assert.match(await page.title(), /Översikt/);
  // The prisbasbelopp reminder: this year's if missing, next year's from November on.
  const known = await page.evaluate(async () => (await (await fetch('/api/compensation')).json()).map((y) => y.year));
  const [year, month] = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date()).split('-').map(Number);
  const missing = !known.includes(year) ? year : (month >= 11 && !known.includes(year + 1) ? year + 1 : null);
  const reminder = page.getByRole('note').filter({ hasText: 'Prisbasbeloppet för' });
  if (missing === null) {
    assert.equal(await reminder.count(), 0, `every needed prisbasbelopp is entered: ${known}`);
  } else {
    assert.match(await reminder.innerText(), new RegExp(`Prisbasbeloppet för ${missing} är inte inlagt\\.`));
    assert.equal(await reminder.getByRole('link', { name: 'Till ersättningsnivåerna', exact: true }).getAttribute('href'), '/handlaggare/ersattning');
  }
  await expectNoAxeViolations(page, 'overview');

  await page.getByRole('button', { name: 'Logga ut' }).click();
  await page.getByRole('heading', { level: 1, name: 'Logga in' }).waitFor();
  const session = await page.evaluate(async () => (await fetch('/api/session')).json());
  assert.equal(session, null, 'the session ended on the server too');
  const overview = await page.evaluate(async () => (await fetch('/api/overview')).status);
  assert.equal(overview, 401);
  assertNoPageErrors(page, 'overview', (e) => /status of 401/.test(e.text));
  await page.context().close();
});

test('Each of the three bundles is downloaded only by its own pages', async () => {
  const loaded = async (path) => {
    const page = await newPage(browser);
    const urls = [];
    page.on('request', (r) => urls.push(new URL(r.url()).pathname));
    await page.goto(server.url(path));
    await waitForApp(page);
    await page.context().close();
    return urls.filter((u) => u.endsWith('.wasm') || u.endsWith('.js'));
  };
  const publicAssets = await loaded('/sv/');
  assert.ok(publicAssets.some((u) => /kontaktperson-[0-9a-f]+_bg\.wasm$/.test(u)), publicAssets.join());
  assert.ok(!publicAssets.some((u) => u.startsWith('/handlaggare/')), publicAssets.join());
  assert.ok(!publicAssets.some((u) => u.startsWith('/intresseanmalan/')), 'nor the form bundle');
  const formAssets = await loaded('/sv/intresseanmalan');
  assert.ok(formAssets.every((u) => u.startsWith('/intresseanmalan/')), formAssets.join());
  const caseworkerAssets = await loaded('/handlaggare/logga-in');
  assert.ok(caseworkerAssets.every((u) => u.startsWith('/handlaggare/')), caseworkerAssets.join());
});
