// The second factor, driven as people would, on a server with the default policy (administrators
// must have one): a new administrator chooses a password, is sent to set up an authenticator
// app, scans (reads) the QR code's secret, proves it with a code and saves the recovery codes;
// signs in with password and code (a wrong and a reused code are refused); signs in with a
// recovery code; a caseworker switches one on from "Mitt konto"; the demo administrator removes
// it again. The codes are computed the way a phone computes them (RFC 6238, Node's crypto). Every
// new screen passes axe. The tests run in order and build on each other.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, newPage, waitForApp, expectNoAxeViolations, assertNoPageErrors,
  eventually, signInToCaseworkerArea, totpCode,
} from './harness.mjs';

const DEMO = { user: 'demo@exempelby.se', password: 'ett demolösenord 2026' };
const ADMIN = {
  name: 'Åsa Admin', email: 'asa.admin@exempelby.se',
  first: 'åsas tillfälliga lösenord', own: 'sju svanar över viken 2026',
};
const WORKER = {
  name: 'Kim Handläggare', email: 'kim@exempelby.se', first: 'kims tillfälliga lösenord',
  own: 'en blå båt vid bryggan 77',
};
const EXPECTED_HTTP_ERRORS = (e) => /status of (401|403|422)/.test(e.text);

let server;
let browser;
const state = {};

before(async () => {
  server = await startServer({ env: { DEMO_USER: DEMO.user, DEMO_PASSWORD: DEMO.password } });
  browser = await launchBrowser();
  // The demo administrator (exempt in demo mode) creates the two accounts; their passwords are
  // temporary. (Creating accounts through the screen has its own test.)
  const page = await newPage(browser);
  await signInToCaseworkerArea(page, server, { user: DEMO.user, password: DEMO.password });
  for (const [who, role] of [[ADMIN, 'admin'], [WORKER, 'caseworker']]) {
    const status = await page.evaluate(async (body) => (await fetch('/api/users', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
    })).status, { email: who.email, display_name: who.name, role, password: who.first });
    assert.equal(status, 201, `creating ${who.email}`);
  }
  await page.context().close();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The code the phone shows `steps` steps (30 s each) from now. */
function phoneCode(secret, steps = 0) {
  return totpCode(secret, Date.now() / 1000 + 30 * steps);
}

/** A six-digit code none of the three accepted now. */
function wrongCode(secret) {
  const valid = [-1, 0, 1].map((s) => phoneCode(secret, s));
  return ['000000', '111111', '222222', '333333'].find((c) => !valid.includes(c));
}

async function passwordStep(page, email, password) {
  await page.goto(server.url('/handlaggare/logga-in'));
  await waitForApp(page);
  await page.getByLabel('E-postadress').fill(email);
  await page.getByLabel('Lösenord').fill(password);
  await page.getByRole('button', { name: 'Logga in' }).click();
}

async function signOut(page) {
  await page.getByRole('button', { name: 'Logga ut', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Logga in' }).waitFor();
}

test('The code generator of these tests gives RFC 6238\'s own test vectors', () => {
  // Appendix B, SHA-1, the last six of its eight digits.
  const rfc = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
  assert.equal(totpCode(rfc, 59), '287082');
  assert.equal(totpCode(rfc, 1111111109), '081804');
});

test('A new administrator chooses a password, must set up an app before anything else, and saves ten recovery codes', async () => {
  const page = await newPage(browser);
  await passwordStep(page, ADMIN.email, ADMIN.first);
  await page.getByRole('heading', { level: 1, name: 'Välj ett nytt lösenord' }).waitFor();
  await page.getByLabel('Nuvarande lösenord').fill(ADMIN.first);
  await page.getByLabel('Nytt lösenord', { exact: true }).fill(ADMIN.own);
  await page.getByLabel('Nytt lösenord igen').fill(ADMIN.own);
  await page.getByRole('button', { name: 'Byt lösenord' }).click();

  await page.getByRole('heading', { level: 1, name: 'Slå på tvåstegsverifiering' }).waitFor();
  assert.equal(await page.getByRole('navigation', { name: 'Handläggarstöd' }).count(), 0,
    'no navigation until the app is set up');
  await expectNoAxeViolations(page, 'second factor first');
  // Going elsewhere by address changes nothing: the same page stands in for every other.
  await page.goto(server.url('/handlaggare/sokande'));
  await waitForApp(page);
  await page.getByRole('heading', { level: 1, name: 'Slå på tvåstegsverifiering' }).waitFor();

  await page.getByRole('button', { name: 'Börja' }).click();
  const qr = page.getByRole('img', { name: 'QR-kod att skanna med autentiseringsappen' });
  await qr.waitFor();
  const box = await qr.boundingBox();
  assert.ok(box.width >= 150 && Math.abs(box.width - box.height) < 1, `a square QR code: ${JSON.stringify(box)}`);
  const secret = (await page.getByLabel('Nyckel att skriva in i appen').textContent()).replace(/\s+/g, '');
  assert.match(secret, /^[A-Z2-7]{32}$/);
  await expectNoAxeViolations(page, 'scan the QR code');

  const field = page.getByLabel('Kod från appen');
  await field.fill(wrongCode(secret));
  await page.getByRole('button', { name: 'Slå på tvåstegsverifiering' }).click();
  await page.getByText('Koden stämmer inte. Skriv koden som appen visar just nu för Kontaktperson.').waitFor();
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement.id), 'setup-code'));
  await expectNoAxeViolations(page, 'a wrong code while setting up');

  await field.fill(phoneCode(secret));
  await page.getByRole('button', { name: 'Slå på tvåstegsverifiering' }).click();
  await page.getByRole('heading', { name: 'Tvåstegsverifieringen är på. Spara dina reservkoder' }).waitFor();
  const codes = (await page.locator('ol.recovery-codes li').allTextContents()).map((c) => c.trim());
  assert.equal(codes.length, 10);
  assert.ok(codes.every((c) => /^[2-9A-Z]{4}(-[2-9A-Z]{4}){3}$/.test(c)), codes.join(' '));
  await expectNoAxeViolations(page, 'recovery codes');
  await page.getByRole('button', { name: 'Jag har sparat koderna' }).click();
  await page.getByRole('heading', { level: 1, name: 'Översikt' }).waitFor();
  await page.getByRole('navigation', { name: 'Handläggarstöd' }).getByRole('link', { name: 'Konton' }).waitFor();
  assertNoPageErrors(page, 'enrolment', EXPECTED_HTTP_ERRORS);
  await page.context().close();
  Object.assign(state, { secret, codes });
});

test('Signing in asks for the code after the password; a wrong and a reused code are refused; a recovery code works once', async () => {
  const page = await newPage(browser);
  await passwordStep(page, ADMIN.email, ADMIN.own);
  const code = page.getByLabel('Engångskod eller reservkod');
  await page.getByRole('heading', { level: 2, name: 'Ange koden från appen' }).waitFor();
  await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement.id), 'sign-in-code'));
  await expectNoAxeViolations(page, 'the code step');

  await code.fill(wrongCode(state.secret));
  await page.getByRole('button', { name: 'Fortsätt' }).click();
  await page.getByText('Koden stämmer inte. Skriv koden som appen visar just nu, eller en reservkod som du inte har använt.').waitFor();
  assert.equal(await code.getAttribute('aria-invalid'), 'true');
  assert.equal(await code.inputValue(), '', 'the wrong code is emptied');
  await expectNoAxeViolations(page, 'a wrong code at sign-in');

  // The step the enrolment used is spent; the next one (a phone clock a little fast) works once.
  const next = phoneCode(state.secret, 1);
  await code.fill(`${next.slice(0, 3)} ${next.slice(3)}`);
  await page.getByRole('button', { name: 'Fortsätt' }).click();
  await page.getByRole('heading', { level: 1, name: 'Översikt' }).waitFor();
  await signOut(page);

  await passwordStep(page, ADMIN.email, ADMIN.own);
  await code.fill(next);
  await page.getByRole('button', { name: 'Fortsätt' }).click();
  await page.getByText('Koden stämmer inte.', { exact: false }).waitFor();

  // Lost phone: a recovery code, typed in small letters without dashes.
  await code.fill(state.codes[0].replaceAll('-', '').toLowerCase());
  await page.getByRole('button', { name: 'Fortsätt' }).click();
  await page.getByRole('heading', { level: 1, name: 'Översikt' }).waitFor();
  await page.getByRole('navigation', { name: 'Handläggarstöd' }).getByRole('link', { name: 'Mitt konto' }).click();
  await page.getByText('På. Du loggar in med lösenord och en kod från appen. 9 reservkoder kvar.').waitFor();
  await expectNoAxeViolations(page, 'own account with a second factor');
  await signOut(page);

  await passwordStep(page, ADMIN.email, ADMIN.own);
  await code.fill(state.codes[0]);
  await page.getByRole('button', { name: 'Fortsätt' }).click();
  await page.getByText('Koden stämmer inte.', { exact: false }).waitFor();
  // "Börja om" leads back to the password.
  await page.getByRole('button', { name: 'Börja om' }).click();
  await page.getByLabel('E-postadress').waitFor();
  assertNoPageErrors(page, 'code step', EXPECTED_HTTP_ERRORS);
  await page.context().close();
});

test('A caseworker switches on a second factor from Mitt konto, and the demo administrator removes it after a lost phone', async () => {
  const page = await newPage(browser);
  await passwordStep(page, WORKER.email, WORKER.first);
  await page.getByRole('heading', { level: 1, name: 'Välj ett nytt lösenord' }).waitFor();
  await page.getByLabel('Nuvarande lösenord').fill(WORKER.first);
  await page.getByLabel('Nytt lösenord', { exact: true }).fill(WORKER.own);
  await page.getByLabel('Nytt lösenord igen').fill(WORKER.own);
  await page.getByRole('button', { name: 'Byt lösenord' }).click();
  // A caseworker need not have one (the default policy): straight to the overview.
  await page.getByRole('heading', { level: 1, name: 'Översikt' }).waitFor();
  await page.getByRole('navigation', { name: 'Handläggarstöd' }).getByRole('link', { name: 'Mitt konto' }).click();
  await page.getByRole('heading', { level: 2, name: 'Tvåstegsverifiering' }).waitFor();
  await page.getByText('Av. Slå på den för att skydda kontot').waitFor();
  await page.getByRole('button', { name: 'Slå på tvåstegsverifiering' }).click();
  await page.getByRole('button', { name: 'Skapa en QR-kod' }).click();
  const secret = (await page.getByLabel('Nyckel att skriva in i appen').textContent()).replace(/\s+/g, '');
  await page.getByLabel('Kod från appen').fill(phoneCode(secret));
  await page.getByRole('button', { name: 'Slå på tvåstegsverifiering' }).click();
  await page.getByRole('button', { name: 'Jag har sparat koderna' }).click();
  await page.getByText('På. Du loggar in med lösenord och en kod från appen. 10 reservkoder kvar.').waitFor();
  await expectNoAxeViolations(page, 'own account after switching it on');
  await page.context().close();

  const admin = await newPage(browser);
  await signInToCaseworkerArea(admin, server, { user: DEMO.user, password: DEMO.password });
  await admin.getByRole('navigation', { name: 'Handläggarstöd' }).getByRole('link', { name: 'Konton' }).click();
  const row = admin.getByRole('row').filter({ has: admin.getByRole('rowheader', { name: WORKER.name, exact: true }) });
  await row.getByText('Tvåstegsverifiering', { exact: true }).waitFor();
  await admin.getByRole('button', { name: `Ta bort tvåstegsverifiering: ${WORKER.name}` }).click();
  await admin.getByRole('status').filter({ hasText: `${WORKER.name}s tvåstegsverifiering är borttagen` }).waitFor();
  await eventually(async () => assert.equal(await admin.getByRole('button', { name: `Ta bort tvåstegsverifiering: ${WORKER.name}` }).count(), 0));
  await expectNoAxeViolations(admin, 'accounts after removing a second factor');
  await admin.context().close();

  // Without it, the caseworker signs in with the password alone again.
  const again = await newPage(browser);
  await signInToCaseworkerArea(again, server, { user: WORKER.email, password: WORKER.own });
  await again.context().close();
});
