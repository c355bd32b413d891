// Sessions and passwords as people meet them (issue 11): an account an administrator creates has
// a temporary password, and its owner sees only "Välj ett nytt lösenord" until they choose one
// that is not easy to guess; the demo account says so on every page; "Mina inloggningar" lists
// one's sessions, ends another one (that browser is then signed out) and "Logga ut överallt"
// ends them all; an administrator ends another account's sessions and lifts a lock; the access
// log, filtered to security events, shows sign-ins and failures in Swedish. axe on each screen.
// The tests run in order and build on each other.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useApp, withServerLogs, waitForApp, expectNoAxeViolations, assertNoPageErrors, eventually,
  signInToCaseworkerArea, errorSummary,
} from './harness.mjs';

const DEMO = { user: 'demo@exempelby.se', password: 'ett demolösenord 2026' };
const LISA = {
  name: 'Lisa Lund',
  email: 'lisa.lund@exempelby.se',
  temporary: 'grusväg murmeldjur fyra tavlor',
  own: 'blå tekanna över ravinen 83',
};
const DEMO_NOTICE = 'Demoläge – demokontot loggar in utan tvåstegsverifiering. Lägg inte in riktiga personuppgifter.';
// The browser logs every non-2xx fetch as a console error; these are the expected ones.
const EXPECTED_HTTP_ERRORS = (e) => /status of (401|403|422)/.test(e.text);

// The server believes X-Forwarded-For from 127.0.0.1 here, so the test can be an attack from
// many addresses; the browser sends none, so its address stays 127.0.0.1.
const app = useApp({ env: { DEMO_USER: DEMO.user, DEMO_PASSWORD: DEMO.password, KP_TRUSTED_PROXIES: '127.0.0.1' } });

async function signInTo(page, { user, password }) {
  await page.goto(app.url('/handlaggare/logga-in'));
  await waitForApp(page);
  await page.getByLabel('E-postadress').fill(user);
  await page.getByLabel('Lösenord').fill(password);
  await page.getByRole('button', { name: 'Logga in' }).click();
}

async function openFromNav(page, link, heading) {
  await page.getByRole('navigation', { name: 'Handläggarstöd' }).getByRole('link', { name: link }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

/** The text of the cell under a column heading in a row of the first table. */
async function cellUnder(page, row, column) {
  const headers = await page.locator('table thead th').allTextContents();
  const index = headers.findIndex((h) => h.trim() === column);
  assert.ok(index >= 0, `no column ${column} in ${headers.join(', ')}`);
  return (await row.locator('th, td').nth(index).textContent()).trim();
}

function accountRow(page, name) {
  return page.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
}

async function whoIsSignedIn(page) {
  return page.evaluate(async () => (await fetch('/api/session')).json());
}

test('The demo account says on every page that it is a demo', withServerLogs(app, async () => {
  const page = await app.newPage();
  await signInToCaseworkerArea(page, app.server, DEMO);
  const notice = page.getByRole('banner').getByText(DEMO_NOTICE);
  await notice.waitFor();
  await openFromNav(page, 'Mitt konto', 'Mitt konto');
  await notice.waitFor();
  await openFromNav(page, 'Konton', 'Konton');
  await notice.waitFor();
  await accountRow(page, 'Demo (administratör) (du)').waitFor();
  assert.equal(await cellUnder(page, accountRow(page, 'Demo (administratör) (du)'), 'Noteringar'), 'Demokonto');
  await expectNoAxeViolations(page, 'accounts with the demo notice');
  assertNoPageErrors(page, 'demo account');
}));

test('An account an administrator creates must choose its own password first, and a guessable one is refused', withServerLogs(app, async () => {
  const admin = await app.newPage();
  await signInToCaseworkerArea(admin, app.server, DEMO);
  await openFromNav(admin, 'Konton', 'Konton');
  await admin.getByLabel('Namn').fill(LISA.name);
  await admin.getByLabel('E-postadress').fill(LISA.email);
  await admin.getByLabel('Första lösenord').fill(LISA.temporary);
  const hint = await admin.locator('#new-account-password-hint').textContent();
  assert.match(hint, /tillfälligt/, 'the form says the password is temporary');
  await admin.getByRole('button', { name: 'Skapa kontot' }).click();
  const created = admin.getByRole('status').filter({ hasText: `Kontot för ${LISA.name} är skapat` });
  await created.waitFor();
  assert.match(await created.textContent(), /Lösenordet är tillfälligt/);
  const row = accountRow(admin, LISA.name);
  await row.waitFor();
  assert.equal(await cellUnder(admin, row, 'Noteringar'), 'Tillfälligt lösenord');
  assert.equal(await cellUnder(admin, row, 'Inloggningar'), '0');
  assert.equal(await admin.getByRole('button', { name: `Avsluta inloggningar: ${LISA.name}` }).count(), 0, 'nothing to end');

  // Lisa signs in with the temporary password: only the page to choose a new one.
  const page = await app.newPage();
  await signInTo(page, { user: LISA.email, password: LISA.temporary });
  await page.getByRole('heading', { level: 1, name: 'Välj ett nytt lösenord' }).waitFor();
  await page.getByText('En administratör har gett dig ett tillfälligt lösenord.').waitFor();
  assert.equal(await page.getByRole('navigation', { name: 'Handläggarstöd' }).count(), 0, 'no navigation until it is done');
  assert.equal(await page.getByText(DEMO_NOTICE).count(), 0, 'not a demo account');
  assert.equal(await page.title(), 'Välj ett nytt lösenord – Handläggarstöd – Kontaktperson');
  await expectNoAxeViolations(page, 'choose a new password');
  // Everything else is closed, on the server as on the screen.
  const overview = await page.evaluate(async () => {
    const response = await fetch('/api/overview');
    return { status: response.status, code: (await response.json()).error?.code };
  });
  assert.deepEqual(overview, { status: 403, code: 'password_change_required' });
  await page.goto(app.url('/handlaggare/sokande'));
  await waitForApp(page);
  await page.getByRole('heading', { level: 1, name: 'Välj ett nytt lösenord' }).waitFor();
  assert.equal(await page.getByRole('table').count(), 0);

  // A password that is easy to guess is refused, with the reason on the field.
  const current = page.getByLabel('Nuvarande lösenord');
  const fresh = page.getByLabel('Nytt lösenord', { exact: true });
  const repeat = page.getByLabel('Nytt lösenord igen');
  await current.fill(LISA.temporary);
  await fresh.fill('sommar2026sommar');
  await repeat.fill('sommar2026sommar');
  await page.getByRole('button', { name: 'Byt lösenord' }).click();
  const summary = await errorSummary(page, 'password-errors');
  assert.match(summary, /Lösenordet är för lätt att gissa\. Välj en längre fras av ord som inte hör ihop, och inte ditt namn eller din e-postadress\./);
  assert.equal(await fresh.getAttribute('aria-invalid'), 'true');
  assert.equal(await fresh.inputValue(), '', 'the refused password is emptied');
  assert.equal(await current.inputValue(), LISA.temporary, 'the right temporary password is kept');
  await expectNoAxeViolations(page, 'choose a new password, refused');

  await fresh.fill(LISA.own);
  await repeat.fill(LISA.own);
  await page.getByRole('button', { name: 'Byt lösenord' }).click();
  await page.getByRole('heading', { level: 1, name: 'Översikt' }).waitFor();
  await page.getByRole('navigation', { name: 'Handläggarstöd' }).getByRole('link', { name: 'Sökande' }).waitFor();
  assert.equal((await whoIsSignedIn(page)).must_change_password, false);
  assertNoPageErrors(page, 'choose a new password', EXPECTED_HTTP_ERRORS);

  await admin.reload();
  await waitForApp(admin);
  await row.waitFor();
  assert.equal(await cellUnder(admin, row, 'Noteringar'), '–', 'no longer temporary');
  assert.equal(await cellUnder(admin, row, 'Inloggningar'), '1');
}));

test('Mina inloggningar ends another browser\'s session, and Logga ut överallt ends them all', withServerLogs(app, async () => {
  const first = await app.newPage();
  const second = await app.newPage();
  await signInToCaseworkerArea(first, app.server, { user: LISA.email, password: LISA.own });
  await signInToCaseworkerArea(second, app.server, { user: LISA.email, password: LISA.own });

  await openFromNav(first, 'Mitt konto', 'Mitt konto');
  const table = first.getByRole('table', { name: 'Dina aktiva inloggningar' });
  await table.waitFor();
  const rows = table.locator('tbody tr');
  // Her session from the previous test is still alive too.
  await eventually(async () => assert.ok((await rows.count()) >= 2, await table.textContent()));
  const count = await rows.count();
  const mine = rows.filter({ hasText: 'Den här inloggningen' });
  assert.equal(await mine.count(), 1, 'this session is marked');
  assert.equal(await mine.getByRole('button').count(), 0, 'this one is ended with Logga ut, not here');
  assert.equal(await cellUnder(first, rows.first(), 'Webbläsare'), 'Chrome på Linux');
  assert.equal(await cellUnder(first, rows.first(), 'Adress'), '127.0.0.1');
  assert.match(await cellUnder(first, rows.first(), 'Inloggad'), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  await expectNoAxeViolations(first, 'Mina inloggningar');

  // End every other session, one at a time, newest first: the second browser's is among them.
  for (let ended = 1; ended < count; ended += 1) {
    await rows.nth(1).getByRole('button', { name: /^Logga ut Chrome på Linux, inloggad / }).click();
    await first.getByRole('status').filter({ hasText: 'Inloggningen är avslutad.' }).waitFor();
    await eventually(async () => assert.equal(await rows.count(), count - ended));
  }
  assert.equal(await first.evaluate(() => document.activeElement?.id), 'sessions-notice', 'focus moves to the message');

  // The second browser's next step lands on the sign-in page, which says why.
  await second.getByRole('navigation', { name: 'Handläggarstöd' }).getByRole('link', { name: 'Sökande' }).click();
  await second.getByRole('heading', { level: 1, name: 'Logga in' }).waitFor();
  await second.getByText('Du är inte längre inloggad.').waitFor();
  assert.equal(await whoIsSignedIn(second), null);

  // Logga ut överallt asks first, on the page; then this browser is signed out too.
  await first.getByRole('button', { name: 'Logga ut överallt' }).click();
  const confirm = first.getByRole('group', { name: 'Vill du logga ut överallt?' });
  await confirm.waitFor();
  await eventually(async () => assert.equal(await first.evaluate(() => document.activeElement?.id), 'everywhere-confirm'));
  await expectNoAxeViolations(first, 'Logga ut överallt, confirm');
  await confirm.getByRole('button', { name: 'Avbryt' }).click();
  assert.equal(await confirm.count(), 0);
  await first.getByRole('button', { name: 'Logga ut överallt' }).click();
  await first.getByRole('button', { name: 'Ja, logga ut överallt' }).click();
  await first.getByRole('heading', { level: 1, name: 'Logga in' }).waitFor();
  await first.getByText('Du är utloggad från alla enheter.').waitFor();
  assert.equal(await whoIsSignedIn(first), null);
  await expectNoAxeViolations(first, 'signed out everywhere');
  assertNoPageErrors(first, 'Mina inloggningar', EXPECTED_HTTP_ERRORS);
}));

test('An administrator ends another account\'s sessions and lifts a lock; the access log shows the security events in Swedish', withServerLogs(app, async () => {
  const lisa = await app.newPage();
  await signInToCaseworkerArea(lisa, app.server, { user: LISA.email, password: LISA.own });
  const admin = await app.newPage();
  await signInToCaseworkerArea(admin, app.server, DEMO);
  await openFromNav(admin, 'Konton', 'Konton');
  const row = accountRow(admin, LISA.name);
  await row.waitFor();
  assert.equal(await cellUnder(admin, row, 'Inloggningar'), '1');

  await admin.getByRole('button', { name: `Avsluta inloggningar: ${LISA.name}` }).click();
  await admin.getByRole('status').filter({ hasText: `${LISA.name}s inloggningar är avslutade.` }).waitFor();
  await eventually(async () => assert.equal(await cellUnder(admin, row, 'Inloggningar'), '0'));
  assert.equal(await admin.getByRole('button', { name: `Avsluta inloggningar: ${LISA.name}` }).count(), 0);
  assert.equal(await whoIsSignedIn(lisa), null, 'her session has ended');

  // Wrong passwords for her account from many addresses lock it; the administrator sees it.
  const statuses = [];
  for (let i = 1; i <= 60 && !statuses.includes(429); i += 1) {
    const response = await fetch(app.url('/api/session'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${i}` },
      body: JSON.stringify({ email: LISA.email, password: `fel lösenord nummer ${i}` }),
    });
    statuses.push(response.status);
  }
  assert.ok(statuses.includes(429), `the account was locked: ${statuses.join(' ')}`);
  await admin.reload();
  await waitForApp(admin);
  await row.waitFor();
  assert.match(await cellUnder(admin, row, 'Noteringar'), /^Låst \(\d+ minut(er)? kvar\)$/);
  await expectNoAxeViolations(admin, 'accounts with a locked account');

  // Locked: even her right password is refused, with the wait in minutes.
  await signInTo(lisa, { user: LISA.email, password: LISA.own });
  await lisa.getByRole('alert').filter({ hasText: /För många försök\. Försök igen om \d+ minut(er)?\./ }).waitFor();

  await admin.getByRole('button', { name: `Lås upp: ${LISA.name}` }).click();
  await admin.getByRole('status').filter({ hasText: `${LISA.name}s konto är upplåst.` }).waitFor();
  await eventually(async () => assert.equal(await cellUnder(admin, row, 'Noteringar'), '–'));
  await signInToCaseworkerArea(lisa, app.server, { user: LISA.email, password: LISA.own });

  // The access log, filtered to security events; the filter is kept in the address.
  await openFromNav(admin, 'Åtkomstlogg', 'Åtkomstlogg');
  await admin.getByLabel('Typ av händelse').selectOption({ label: 'Säkerhetshändelser' });
  await admin.getByRole('button', { name: 'Visa' }).click();
  await admin.waitForURL(/\/handlaggare\/atkomstlogg\?kind=security$/);
  const entries = admin.getByRole('table').locator('tbody tr');
  const actions = async () => (await entries.locator('td:nth-child(3)').allTextContents()).map((t) => t.trim());
  await eventually(async () => {
    const shown = await actions();
    for (const expected of ['Inloggning', 'Misslyckad inloggning', 'Konto låst', 'Konto upplåst', 'Inloggningar avslutade av administratör', 'Lösenord bytt']) {
      assert.ok(shown.includes(expected), `${expected} in ${[...new Set(shown)].join(', ')}`);
    }
    assert.ok(!shown.some((a) => /^(Listade|Läste|Skrev)/.test(a)), 'only security events');
  });
  const failed = entries.filter({ hasText: 'Misslyckad inloggning' }).first();
  assert.match(await failed.textContent(), /198\.51\.100\.\d+/, 'a failure names the address it came from');
  const href = await admin.getByRole('link', { name: 'Ladda ner urvalet som CSV-fil' }).getAttribute('href');
  assert.equal(href, '/api/access-log.csv?kind=security');
  await expectNoAxeViolations(admin, 'access log, security events');

  // Reloaded, the address still holds the filter.
  await admin.reload();
  await waitForApp(admin);
  await eventually(async () => assert.equal(await admin.getByLabel('Typ av händelse').inputValue(), 'security'));
  await eventually(async () => assert.ok((await actions()).includes('Inloggning')));
  await admin.getByLabel('Typ av händelse').selectOption({ label: 'Personuppgifter' });
  await admin.getByRole('button', { name: 'Visa' }).click();
  await admin.waitForURL(/\?kind=personal_data$/);
  await eventually(async () => {
    const shown = await actions();
    assert.ok(shown.length > 0, 'reads and writes of personal data');
    assert.ok(!shown.some((a) => ['Inloggning', 'Misslyckad inloggning', 'Konto låst'].includes(a)), shown.join(', '));
  });
  assertNoPageErrors(admin, 'accounts and access log', EXPECTED_HTTP_ERRORS);
  assertNoPageErrors(lisa, 'locked sign-in', (e) => /status of (401|429)/.test(e.text));
}));
