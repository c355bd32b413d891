// The caseworker area's administration, driven as people would: the demo administrator creates a
// caseworker account (its password is temporary); the caseworker signs in, must first choose a
// password of their own, sees no administration, changes their password; the administrator
// changes the account's role, deactivates it (its sign-in then fails), gives it a new temporary
// password and reactivates it (the caseworker then chooses their own again); the access log is
// filtered to the caseworker and its chain checks out; the outbox shows an application's receipt
// with the mail server's error, and on a server with no mail server configured it says plainly
// that nothing is sent. Every screen passes axe. The tests run in order and build on each other.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import {
  startServer, launchBrowser, newPage, waitForApp, expectNoAxeViolations, assertNoPageErrors,
  eventually, signInToCaseworkerArea, signInWithTemporaryPassword, CONSENT_VERSION, todayInSweden,
} from './harness.mjs';

const DEMO = { user: 'demo@exempelby.se', password: 'ett demolösenord 2026' };
// Passwords an administrator sets are temporary: `first` and `third` are replaced at the next
// sign-in by `own` and `fourth`. (None is easy to guess: the server refuses those.)
const WORKER = {
  name: 'Kalle Karlsson',
  email: 'kalle.karlsson@exempelby.se',
  first: 'kalles första lösenord',
  own: 'tre gröna paraplyer i snön',
  second: 'kalles eget lösenord 2026',
  third: 'ett nytt lösenord från admin',
  fourth: 'ugglan sjöng för tallarna 19',
};
// The browser logs every non-2xx fetch as a console error; these are the expected ones.
const EXPECTED_HTTP_ERRORS = (e) => /status of (401|409|422)/.test(e.text);

let server;
let browser;

/** A TCP port nobody listens on (bound, then released). */
async function deadPort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

before(async () => {
  const port = await deadPort();
  server = await startServer({
    env: {
      DEMO_USER: DEMO.user,
      DEMO_PASSWORD: DEMO.password,
      // Mails are tried against a closed port, so the outbox has a real error to show.
      SMTP_URL: `smtp://127.0.0.1:${port}`,
    },
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signedIn(email, password) {
  const page = await newPage(browser);
  await signInToCaseworkerArea(page, server, { user: email, password });
  return page;
}

async function openFromNav(page, link, heading) {
  await page.getByRole('navigation', { name: 'Handläggarstöd' }).getByRole('link', { name: link }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await eventually(async () => assert.equal(await page.title(), `${heading} – Handläggarstöd – Kontaktperson`));
  assert.equal(await page.getByRole('heading', { level: 1 }).count(), 1, 'one h1');
}

/** The account table's row for a person (the row header is their name). */
function accountRow(page, name) {
  return page.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
}

/** The text of the cell under a column heading in a row of the account table. */
async function cellUnder(page, row, column) {
  const headers = await page.locator('table thead th').allTextContents();
  const index = headers.findIndex((h) => h.trim() === column);
  assert.ok(index >= 0, `no column ${column} in ${headers.join(', ')}`);
  return (await row.locator('th, td').nth(index).textContent()).trim();
}

async function signInFails(email, password) {
  const page = await newPage(browser);
  await page.goto(server.url('/handlaggare/logga-in'));
  await waitForApp(page);
  await page.getByLabel('E-postadress').fill(email);
  await page.getByLabel('Lösenord').fill(password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /Fel e-postadress eller lösenord/);
  assert.match(page.url(), /\/logga-in$/);
  await page.context().close();
}

test('An administrator creates a caseworker account, with each mistake pointed out, and sees it in the table', async () => {
  const page = await signedIn(DEMO.user, DEMO.password);
  await openFromNav(page, 'Konton', 'Konton');
  const demoRow = accountRow(page, 'Demo (administratör) (du)');
  await demoRow.waitFor();
  assert.equal(await cellUnder(page, demoRow, 'Roll'), 'Administratör');
  assert.equal(await demoRow.getByRole('button').count(), 0, 'no buttons that would lock the administrator out');
  await expectNoAxeViolations(page, 'accounts');

  // Nothing filled in: every field's problem is listed, and focus moves to the list.
  await page.getByRole('button', { name: 'Skapa kontot' }).click();
  const summary = page.getByRole('alert').filter({ hasText: 'Kontot är inte skapat' });
  await summary.waitFor();
  const problems = await summary.getByRole('listitem').allTextContents();
  assert.deepEqual(problems, [
    'Skriv personens namn.',
    'Skriv personens e-postadress.',
    'Skriv ett lösenord.',
  ]);
  await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement.id), 'new-account-errors'));
  assert.equal(await page.getByLabel('Namn').getAttribute('aria-invalid'), 'true');
  await expectNoAxeViolations(page, 'accounts with errors');

  // The server's answer lands on the field it concerns: that e-mail already has an account.
  await page.getByLabel('Namn').fill('Demo Dubblett');
  await page.getByLabel('E-postadress').fill(DEMO.user);
  await page.getByLabel('Första lösenord').fill(WORKER.first);
  await page.getByRole('button', { name: 'Skapa kontot' }).click();
  await page.getByText('Det finns redan ett konto med den e-postadressen.').first().waitFor();
  assert.equal(await page.getByLabel('E-postadress').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByLabel('Namn').inputValue(), 'Demo Dubblett', 'what was typed stays');

  await page.getByLabel('Namn').fill(WORKER.name);
  await page.getByLabel('E-postadress').fill(WORKER.email);
  await page.getByLabel('Handläggare', { exact: true }).check();
  await page.getByRole('button', { name: 'Skapa kontot' }).click();
  await page.getByRole('status').filter({ hasText: `Kontot för ${WORKER.name} är skapat` }).waitFor();
  const row = accountRow(page, WORKER.name);
  await row.waitFor();
  assert.equal(await cellUnder(page, row, 'E-postadress'), WORKER.email);
  assert.equal(await cellUnder(page, row, 'Roll'), 'Handläggare');
  assert.equal(await cellUnder(page, row, 'Status'), 'Aktivt');
  assert.equal(await cellUnder(page, row, 'Noteringar'), 'Tillfälligt lösenord', 'a password an administrator sets is temporary');
  assert.equal(await page.getByLabel('Namn').inputValue(), '', 'the form is emptied for the next one');
  assert.equal(await page.getByRole('alert').filter({ hasText: 'Kontot är inte skapat' }).count(), 0);
  await expectNoAxeViolations(page, 'accounts after creating one');
  assertNoPageErrors(page, 'accounts', EXPECTED_HTTP_ERRORS);
  await page.context().close();
});

test('The new caseworker first chooses their own password, then sees no administration and is told the administrators\' pages are not for them', async () => {
  const page = await newPage(browser);
  await signInWithTemporaryPassword(page, server, { user: WORKER.email, password: WORKER.first, newPassword: WORKER.own });
  const nav = page.getByRole('navigation', { name: 'Handläggarstöd' });
  const links = (await nav.getByRole('link').allTextContents()).map((t) => t.trim());
  assert.deepEqual(links, ['Översikt', 'Sökande', 'Behov', 'Uppdrag', 'Rapporter', 'Utbetalning', 'Utskick', 'Ersättning', 'Mitt konto']);

  await page.goto(server.url('/handlaggare/konton'));
  await waitForApp(page);
  await page.getByRole('heading', { level: 1, name: 'Konton' }).waitFor();
  await page.getByText('Den här sidan är bara för administratörer.').waitFor();
  assert.equal(await page.getByRole('table').count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Skapa kontot' }).count(), 0);
  await expectNoAxeViolations(page, 'accounts as a caseworker');

  await page.goto(server.url('/handlaggare/atkomstlogg'));
  await waitForApp(page);
  await page.getByRole('heading', { level: 1, name: 'Åtkomstlogg' }).waitFor();
  await page.getByText('Den här sidan är bara för administratörer.').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Kontrollera loggens kedja' }).count(), 0);
  assertNoPageErrors(page, 'administration as a caseworker');
  await page.context().close();
});

test('A caseworker changes their own password: mistakes are explained on their fields, then it works', async () => {
  const page = await signedIn(WORKER.email, WORKER.own);
  await openFromNav(page, 'Mitt konto', 'Mitt konto');
  const details = page.locator('dl');
  await details.waitFor();
  const detailText = await details.textContent();
  for (const expected of [WORKER.name, WORKER.email, 'Handläggare']) {
    assert.ok(detailText.includes(expected), `${expected} in ${detailText}`);
  }
  await expectNoAxeViolations(page, 'own account');

  const current = page.getByLabel('Nuvarande lösenord');
  const fresh = page.getByLabel('Nytt lösenord', { exact: true });
  const repeat = page.getByLabel('Nytt lösenord igen');
  const submit = page.getByRole('button', { name: 'Byt lösenord' });
  const summary = page.getByRole('alert').filter({ hasText: 'Lösenordet är inte bytt' });

  // Typed differently twice: caught in the browser, and only the repeat is emptied.
  await current.fill(WORKER.own);
  await fresh.fill(WORKER.second);
  await repeat.fill(`${WORKER.second}x`);
  await submit.click();
  await summary.waitFor();
  assert.match(await summary.textContent(), /Lösenorden är inte likadana/);
  assert.equal(await repeat.inputValue(), '');
  assert.equal(await fresh.inputValue(), WORKER.second);
  assert.equal(await repeat.getAttribute('aria-invalid'), 'true');

  // A wrong current password: the server's answer, on that field; the new password is kept.
  await current.fill('inte mitt lösenord alls');
  await repeat.fill(WORKER.second);
  await submit.click();
  await eventually(async () => assert.match(await summary.textContent(), /Det nuvarande lösenordet stämmer inte/));
  // Focus moves to the summary on the next frame after it is drawn.
  await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement.id), 'password-errors'));
  assert.equal(await current.inputValue(), '', 'the wrong password is emptied');
  assert.equal(await current.getAttribute('aria-invalid'), 'true');
  const describedBy = await current.getAttribute('aria-describedby');
  assert.match(await page.locator(`[id="${describedBy}"]`).textContent(), /stämmer inte/);
  assert.equal(await fresh.inputValue(), WORKER.second);
  assert.equal(await repeat.inputValue(), WORKER.second);
  await expectNoAxeViolations(page, 'own account with an error');

  await current.fill(WORKER.own);
  await submit.click();
  await page.getByRole('status').filter({ hasText: 'Lösenordet är bytt' }).waitFor();
  assert.equal(await summary.count(), 0, 'the errors are gone');
  for (const field of [current, fresh, repeat]) assert.equal(await field.inputValue(), '');
  await expectNoAxeViolations(page, 'own account after the change');
  assertNoPageErrors(page, 'own account', EXPECTED_HTTP_ERRORS);
  await page.context().close();

  await signInFails(WORKER.email, WORKER.own);
  const again = await signedIn(WORKER.email, WORKER.second);
  await again.context().close();
});

test('An administrator changes the role, deactivates the account (its sign-in then fails), sets a new password and reactivates it', async () => {
  const page = await signedIn(DEMO.user, DEMO.password);
  await openFromNav(page, 'Konton', 'Konton');
  const row = accountRow(page, WORKER.name);
  await row.waitFor();

  await page.getByRole('button', { name: `Gör till administratör: ${WORKER.name}` }).click();
  await page.getByRole('status').filter({ hasText: `${WORKER.name} är nu administratör.` }).waitFor();
  await eventually(async () => assert.equal(await cellUnder(page, row, 'Roll'), 'Administratör'));
  await eventually(async () => assert.equal(
    await page.evaluate(() => document.activeElement.getAttribute('aria-label')),
    `Gör till handläggare: ${WORKER.name}`,
    'focus stays on the button, which now offers the way back',
  ));
  await page.keyboard.press('Enter');
  await page.getByRole('status').filter({ hasText: `${WORKER.name} är nu handläggare.` }).waitFor();
  await eventually(async () => assert.equal(await cellUnder(page, row, 'Roll'), 'Handläggare'));

  await page.getByRole('button', { name: `Stäng av: ${WORKER.name}` }).click();
  await page.getByRole('status').filter({ hasText: `${WORKER.name}s konto är avstängt` }).waitFor();
  await eventually(async () => assert.equal(await cellUnder(page, row, 'Status'), 'Avstängt'));
  await page.getByRole('button', { name: `Aktivera: ${WORKER.name}` }).waitFor();
  await expectNoAxeViolations(page, 'accounts after deactivating one');

  await signInFails(WORKER.email, WORKER.second);

  // A new password, asked for in a form under the row; too short first.
  const reset = page.getByRole('button', { name: `Nytt lösenord: ${WORKER.name}` });
  await reset.click();
  assert.equal(await reset.getAttribute('aria-expanded'), 'true');
  const password = page.getByLabel(`Nytt lösenord för ${WORKER.name}`);
  await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement.id), 'reset-password'));
  await password.fill('för kort');
  await page.getByRole('button', { name: 'Spara lösenordet' }).click();
  await page.getByText('Lösenordet måste ha minst 12 tecken.').waitFor();
  assert.equal(await password.getAttribute('aria-invalid'), 'true');
  await expectNoAxeViolations(page, 'accounts with the new-password form');
  await password.fill(WORKER.third);
  await page.getByRole('button', { name: 'Spara lösenordet' }).click();
  await page.getByRole('status').filter({ hasText: `${WORKER.name} har fått ett nytt lösenord` }).waitFor();
  assert.equal(await page.getByLabel(`Nytt lösenord för ${WORKER.name}`).count(), 0, 'the form closes');
  await eventually(async () => assert.equal(await cellUnder(page, row, 'Noteringar'), 'Tillfälligt lösenord'));

  await page.getByRole('button', { name: `Aktivera: ${WORKER.name}` }).click();
  await page.getByRole('status').filter({ hasText: `${WORKER.name}s konto är aktivt igen` }).waitFor();
  await eventually(async () => assert.equal(await cellUnder(page, row, 'Status'), 'Aktivt'));
  assertNoPageErrors(page, 'accounts', EXPECTED_HTTP_ERRORS);
  await page.context().close();

  await signInFails(WORKER.email, WORKER.second);
  const worker = await newPage(browser);
  await signInWithTemporaryPassword(worker, server, { user: WORKER.email, password: WORKER.third, newPassword: WORKER.fourth });
  await worker.context().close();
});

test('The access log is filtered to the caseworker, downloads the same selection, and its chain checks out', async () => {
  const page = await signedIn(DEMO.user, DEMO.password);
  await openFromNav(page, 'Åtkomstlogg', 'Åtkomstlogg');
  const table = page.getByRole('table');
  await table.waitFor();
  await expectNoAxeViolations(page, 'access log');

  // The filter's days are Swedish days (the browser's own zone may be another, as in CI).
  const today = todayInSweden();
  await page.getByLabel('Typ av händelse').selectOption({ label: 'Personuppgifter' });
  await page.getByLabel('Användare').selectOption({ label: `${WORKER.name} (${WORKER.email})` });
  await page.getByLabel('Från och med').fill(today);
  await page.getByLabel('Till och med').fill(today);
  await page.getByRole('button', { name: 'Visa' }).click();
  // The caseworker saw the overview after each of their four sign-ins (after a temporary
  // password, once they had chosen their own), and no other personal data yet. Each visit reads
  // four lists: the overview itself, the reports to review, the overdue reports and the unread
  // messages. (Their sign-ins and password changes are security events, left out by the filter.)
  const rows = table.locator('tbody tr');
  await eventually(async () => assert.equal(await rows.count(), 16, await table.textContent()));
  const n = await rows.count();
  assert.equal(await page.getByRole('status').filter({ hasText: '16 poster.' }).count(), 1);
  const records = {};
  for (let i = 0; i < n; i += 1) {
    const cells = (await rows.nth(i).locator('td').allTextContents()).map((t) => t.trim());
    assert.equal(cells[1], WORKER.name);
    assert.equal(cells[2], 'Listade');
    records[cells[3]] = (records[cells[3]] ?? 0) + 1;
    assert.equal(cells[4], 'Översikten', 'the purpose: the overview read it');
    assert.equal(cells[5], '127.0.0.1');
  }
  assert.deepEqual(records, {
    'Översikten': 4,
    'Rapporter att granska': 4,
    'Försenade rapporter': 4,
    'Olästa meddelanden': 4,
  });

  const link = page.getByRole('link', { name: 'Ladda ner urvalet som CSV-fil' });
  const href = await link.getAttribute('href');
  assert.match(href, /^\/api\/access-log\.csv\?user=\d+&from=.+&to=.+/);
  assert.notEqual(await link.getAttribute('download'), null);
  const csv = await page.evaluate(async (url) => (await fetch(url)).text(), href);
  const lines = csv.trim().split('\r\n');
  assert.equal(lines.length, 1 + n, csv);
  assert.ok(lines.slice(1).every((l) => l.includes(WORKER.name)), csv);

  // A period that ends before it starts is refused in the browser.
  await page.getByLabel('Från och med').fill('2026-12-02');
  await page.getByLabel('Till och med').fill('2026-12-01');
  await page.getByRole('button', { name: 'Visa' }).click();
  await page.getByText('Till och med-datumet måste vara samma dag som eller efter').waitFor();
  assert.equal(await page.getByLabel('Till och med').getAttribute('aria-invalid'), 'true');
  await page.getByRole('button', { name: 'Rensa urvalet' }).click();
  await eventually(async () => assert.ok((await rows.count()) > n, 'everyone again'));

  await page.getByRole('button', { name: 'Kontrollera loggens kedja' }).click();
  const verdict = page.getByRole('status').filter({ hasText: 'Loggen är obruten' });
  await verdict.waitFor();
  const total = Number((await verdict.textContent()).match(/obruten: ([\d\u00a0]+) poster/)[1].replace(/\u00a0/g, ''));
  assert.ok(total >= n + 1, `${total} entries in all`);
  assert.equal(await page.getByRole('alert').filter({ hasText: 'bruten vid' }).count(), 0);
  await expectNoAxeViolations(page, 'access log after filtering and checking');
  assertNoPageErrors(page, 'access log');
  await page.context().close();
});

test('The outbox shows the receipt of an application sent through the public form, with the mail server\'s error', async () => {
  const form = {
    first_name: 'Amina', last_name: 'Yusuf', personnummer: '811218-9876', address: 'Storgatan 1',
    postcode: '123 45', town: 'Exempelby', phone: '070-123 45 67', email: 'amina@example.se',
    assignment_types: ['child'], languages: ['so'], occupation: 'Undersköterska', frequency: 'weekly',
    times: ['evenings'], motivation: 'Jag vill ge tid till en ung person som behöver en vuxen till.',
    consent: true, consent_version: CONSENT_VERSION, locale: 'so',
  };
  const sent = await fetch(server.url('/api/applications'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': 'caseworker-admin-test-0001' },
    body: JSON.stringify(form),
  });
  assert.equal(sent.status, 201);
  const { reference, confirmation_emailed: emailed } = await sent.json();
  assert.equal(emailed, true, 'a mail server is configured, so the applicant is told a confirmation is e-mailed');

  const page = await signedIn(WORKER.email, WORKER.fourth);
  await openFromNav(page, 'Utskick', 'Utskick');
  const receipt = page.getByRole('row').filter({ hasText: 'Kvitto till sökande' });
  // The first attempt against the closed port fails at once; reload until it is recorded.
  await eventually(async () => {
    await page.reload();
    await waitForApp(page);
    await receipt.waitFor({ timeout: 5000 });
    const cells = (await receipt.locator('td').allTextContents()).map((t) => t.trim());
    assert.equal(cells[4], '1', `one attempt so far: ${cells.join(' | ')}`);
  }, { timeout: 20_000, interval: 500 });
  const cells = (await receipt.locator('td').allTextContents()).map((t) => t.trim());
  assert.equal(cells[1], reference);
  assert.equal(cells[2], 'amina@example.se');
  assert.equal(cells[3], 'Väntar');
  assert.notEqual(cells[5], '–', 'the last error is shown');
  assert.equal(cells[7], '–', 'not sent');
  await page.getByRole('row').filter({ hasText: 'Avisering till enheten' }).waitFor();
  assert.match(await page.getByText(/^2 utskick:/).textContent(), /0 skickade, 2 väntar, 0 misslyckade/);
  assert.match(await page.locator('main').innerText(), /försöks igen automatiskt/, 'with a mail server, retries are explained');
  assert.equal(await page.getByText(/Ingen e-postserver/).count(), 0, 'a mail server is configured');
  await expectNoAxeViolations(page, 'outbox');
  assertNoPageErrors(page, 'outbox');
  await page.context().close();
});

// Each read of personal data records the purpose the screen gave (issue 14): here the
// applicant's page, and the list it was opened from.
test('After an applicant\'s page is read, the access log says why: the screen that read it', async () => {
  const page = await signedIn(DEMO.user, DEMO.password);
  await openFromNav(page, 'Sökande', 'Sökande');
  const row = page.getByRole('row', { name: /Yusuf/ });
  await row.waitFor();
  const link = row.getByRole('link', { name: /^KP-/ });
  const reference = (await link.textContent()).trim();
  await link.click();
  await page.getByRole('heading', { level: 1, name: 'Amina Yusuf' }).waitFor();

  await openFromNav(page, 'Åtkomstlogg', 'Åtkomstlogg');
  await page.getByLabel('Typ av händelse').selectOption({ label: 'Personuppgifter' });
  await page.getByLabel('Post', { exact: true }).fill(reference);
  await page.getByRole('button', { name: 'Visa' }).click();
  const table = page.getByRole('table');
  const read = table.getByRole('row').filter({ hasText: 'Läste' }).filter({ hasText: `Sökande ${reference}` });
  await read.first().waitFor();
  assert.equal(await cellUnder(page, read.first(), 'Ändamål'), 'Sökandens sida');
  assert.equal(await cellUnder(page, read.first(), 'Vem'), 'Demo (administratör)');
  await expectNoAxeViolations(page, 'access log with purposes');

  // The list the caseworker opened it from was read for the list's own purpose.
  await page.getByRole('button', { name: 'Rensa urvalet' }).click();
  const listed = table.getByRole('row').filter({ hasText: 'Listade' }).filter({ hasText: 'Sökandelistan' });
  await listed.first().waitFor();
  assert.equal(await cellUnder(page, listed.first(), 'Ändamål'), 'Sökandelistan (urval och sökning)');
  assertNoPageErrors(page, 'access log with purposes');
  await page.context().close();
});

test('Without a mail server the outbox says plainly that nothing is sent until SMTP_URL is set, and no mail is said to wait for a retry', async () => {
  // The quick start's configuration: no SMTP_URL.
  const quickStart = await startServer({ env: { DEMO_USER: DEMO.user, DEMO_PASSWORD: DEMO.password } });
  try {
    const form = {
      first_name: 'Amina', last_name: 'Yusuf', personnummer: '811218-9876', address: 'Storgatan 1',
      postcode: '123 45', town: 'Exempelby', phone: '070-123 45 67', email: 'amina@example.se',
      assignment_types: ['child'], languages: ['so'], occupation: 'Undersköterska', frequency: 'weekly',
      times: ['evenings'], motivation: 'Jag vill ge tid till en ung person som behöver en vuxen till.',
      consent: true, consent_version: CONSENT_VERSION, locale: 'sv',
    };
    const sent = await fetch(quickStart.url('/api/applications'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'caseworker-admin-test-no-smtp' },
      body: JSON.stringify(form),
    });
    assert.equal(sent.status, 201);
    const { reference, confirmation_emailed: emailed } = await sent.json();
    assert.equal(emailed, false, 'no mail server: the applicant is not told a confirmation is e-mailed');

    const page = await newPage(browser);
    await signInToCaseworkerArea(page, quickStart, { user: DEMO.user, password: DEMO.password });
    await openFromNav(page, 'Utskick', 'Utskick');
    const notice = page.getByText(/^Ingen e-postserver är inställd/);
    await notice.waitFor();
    assert.match(await notice.textContent(), /SMTP_URL/, 'it names the setting');
    assert.doesNotMatch(await page.locator('main').innerText(), /försöks igen/, 'no retries are promised');
    const receipt = page.getByRole('row').filter({ hasText: 'Kvitto till sökande' });
    await receipt.waitFor();
    const cells = (await receipt.locator('td').allTextContents()).map((t) => t.trim());
    assert.equal(cells[1], reference);
    assert.equal(cells[3], 'Skickas inte', `not "Väntar": ${cells.join(' | ')}`);
    assert.equal(cells[4], '0', 'nothing tried to send it');
    await expectNoAxeViolations(page, 'outbox without a mail server');
    assertNoPageErrors(page, 'outbox without a mail server');
    await page.context().close();
  } finally {
    await quickStart.stop();
  }
});
