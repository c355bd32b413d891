// The person's rights, as an administrator and a caseworker use them: a caseworker corrects an
// applicant's phone number and town from the applicant's page (a bad number is refused on the
// field first), the timeline keeps the old value and the list finds the new number; then the
// administrator takes the register extract by personnummer, reads it on the page (the
// correction and its own access-log entry in it), downloads it as JSON, sees that it prints
// without the area's frame, and looks up a number nobody has. Axe on each screen. The tests
// run in order and build on each other.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  startServer, launchBrowser, newPage, expectNoAxeViolations, assertNoPageErrors, eventually,
  signInToCaseworkerArea, applyThroughThePublicForm, errorSummary,
} from './harness.mjs';

const DEMO = { user: 'demo@exempelby.se', password: 'ett demolösenord 2026' };
const DEMO_NAME = 'Demo (administratör)';
// The browser logs every non-2xx fetch as a console error; these are the expected ones.
const EXPECTED_HTTP_ERRORS = (e) => /status of (409|422)/.test(e.text);

let server;
let browser;
let reference;

before(async () => {
  server = await startServer({ env: { DEMO_USER: DEMO.user, DEMO_PASSWORD: DEMO.password } });
  browser = await launchBrowser();
  reference = await applyThroughThePublicForm(browser, server, 'Amina', 'Yusuf',
    'Jag vill ge tid till en ung person som behöver en vuxen till.');
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signedIn() {
  const page = await newPage(browser);
  await signInToCaseworkerArea(page, server, DEMO);
  return page;
}

test('a correction is checked by the form\'s rules, saved, and keeps the old value in the timeline', async () => {
  const page = await signedIn();
  await page.goto(server.url(`/handlaggare/sokande/${reference}`));
  await page.getByRole('heading', { level: 1, name: 'Amina Yusuf' }).waitFor();
  await page.getByRole('heading', { level: 2, name: 'Rätta uppgifter' }).waitFor();
  await page.getByRole('button', { name: 'Rätta uppgifter', exact: true }).click();
  const phone = page.getByLabel('Mobilnummer', { exact: true });
  await eventually(async () => assert.equal(await phone.inputValue(), '+46701234567'));
  await eventually(async () => assert.equal(
    await page.evaluate(() => document.activeElement?.id), 'correct-first_name', 'focus on the first field'));
  await expectNoAxeViolations(page, 'the correction form');

  // Nothing changed yet: said so, nothing sent.
  await page.getByRole('button', { name: 'Spara rättelsen' }).click();
  assert.match(await errorSummary(page, 'correct-errors'), /Inget är ändrat/);

  // A number the interest form would refuse is refused here too, on the field.
  await phone.fill('123');
  await page.getByRole('button', { name: 'Spara rättelsen' }).click();
  assert.match(await errorSummary(page, 'correct-errors'), /Mobilnummer: Skriv ett mobilnummer, till exempel 070-123 45 67/);
  assert.equal(await phone.getAttribute('aria-invalid'), 'true');
  await expectNoAxeViolations(page, 'the correction form with an error');

  await phone.fill('070-987 65 43');
  await page.getByLabel('Postort', { exact: true }).fill('Annanstad');
  await page.getByRole('checkbox', { name: 'Har tillgång till bil' }).check();
  await page.getByRole('button', { name: 'Spara rättelsen' }).click();
  const saved = page.getByRole('status').filter({ hasText: 'Uppgifterna är rättade' });
  await saved.waitFor();
  await eventually(async () => assert.equal(
    await page.evaluate(() => document.activeElement?.id), 'correct-saved', 'focus on the message'));

  const timeline = page.getByRole('list').filter({ has: page.getByText('Ändrade uppgifter') }).first();
  await eventually(async () => {
    const text = (await timeline.innerText()).replace(/\s+/g, ' ');
    assert.match(text, new RegExp(`Ändrat: telefonnummer från \\+46701234567 till \\+46709876543 av ${DEMO_NAME.replace(/[()]/g, '\\$&')} den \\d{1,2} \\w+ \\d{4}`));
    assert.match(text, /Ändrat: postort från Exempelby till Annanstad/);
    assert.match(text, /Ändrat: bil från nej till ja/);
  });
  const answers = await page.locator('.answers').innerText();
  assert.match(answers, /\+46709876543/);
  assert.match(answers, /Annanstad/);
  await expectNoAxeViolations(page, 'the applicant page after a correction');

  // The list finds the new number, not the old one.
  await page.getByRole('navigation', { name: 'Handläggarstöd' }).getByRole('link', { name: 'Sökande' }).click();
  await page.getByRole('heading', { level: 1, name: 'Sökande' }).waitFor();
  const search = async (term) => {
    await page.getByRole('searchbox', { name: 'Sök', exact: true }).fill(term);
    await page.getByRole('button', { name: 'Sök', exact: true }).click();
    await eventually(async () => assert.ok(page.url().includes(`q=${term}`), page.url()));
  };
  const found = page.getByRole('row').filter({ has: page.getByRole('link', { name: reference, exact: true }) });
  await search('0709876543');
  await found.waitFor();
  assert.match(await found.innerText(), /Amina Yusuf/);
  await search('0701234567');
  await eventually(async () => assert.equal(await found.count(), 0));
  assertNoPageErrors(page, 'correction', EXPECTED_HTTP_ERRORS);
});

test('the administrator takes the register extract, downloads it, prints it, and a number nobody has says so', async () => {
  const page = await signedIn();
  await page.getByRole('navigation', { name: 'Handläggarstöd' }).getByRole('link', { name: 'Registerutdrag' }).click();
  await page.getByRole('heading', { level: 1, name: 'Registerutdrag' }).waitFor();
  await eventually(async () => assert.equal(await page.title(), 'Registerutdrag – Handläggarstöd – Kontaktperson'));
  await expectNoAxeViolations(page, 'the extract form');

  const number = page.getByLabel('Personnummer', { exact: true });
  await page.getByRole('button', { name: 'Ta fram registerutdrag' }).click();
  assert.match(await errorSummary(page, 'extract-errors'), /Fyll i personnumret/);
  await number.fill('811218-9875');
  await page.getByRole('button', { name: 'Ta fram registerutdrag' }).click();
  assert.match(await errorSummary(page, 'extract-errors'), /Kontrollera de fyra sista siffrorna/);
  await expectNoAxeViolations(page, 'the extract form with an error');
  assert.ok(!page.url().includes('9875'), 'the number is not in the address');

  await number.fill('811218-9876');
  await page.getByRole('button', { name: 'Ta fram registerutdrag' }).click();
  const extract = page.getByRole('article', { name: 'Registerutdrag för Amina Yusuf' });
  await extract.waitFor();
  await eventually(async () => assert.equal(
    await page.evaluate(() => document.activeElement?.id), 'extract-result', 'focus on the extract'));
  const text = (await extract.innerText()).replace(/\s+/g, ' ');
  assert.match(text, /19811218-9876/);
  assert.match(text, new RegExp(`Intresseanmälan ${reference}`));
  assert.match(text, /Dina svar i intresseanmälan/);
  assert.match(text, /\+46709876543/);
  assert.match(text, /Ändrat: telefonnummer från \+46701234567 till \+46709876543/);
  assert.match(text, /Kvitto på intresseanmälan, till dig/);
  assert.match(text, /amina@example\.se/);
  const access = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Vem' }) });
  const accessText = await access.innerText();
  assert.match(accessText, /Skrev: rättelse av uppgifter/);
  assert.match(accessText, /Tog fram registerutdrag/);
  assert.match(accessText, new RegExp(`Sökande ${reference}`));
  await expectNoAxeViolations(page, 'the register extract');

  // The same data as JSON.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Ladda ned som JSON' }).click(),
  ]);
  assert.match(download.suggestedFilename(), new RegExp(`^registerutdrag-${reference}-\\d{4}-\\d{2}-\\d{2}\\.json$`));
  const json = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  assert.equal(json.personnummer, '19811218-9876');
  assert.equal(json.applications[0].reference, reference);
  assert.equal(json.applications[0].answers.phone, '+46709876543');
  assert.ok(json.access_log.some((e) => e.action === 'read:register_extract'));

  // Printed: the letter, without the area's frame, the form or the buttons.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.getByRole('navigation', { name: 'Handläggarstöd' }).isVisible(), false);
  assert.equal(await page.getByRole('button', { name: 'Ta fram registerutdrag' }).isVisible(), false);
  assert.equal(await page.getByRole('button', { name: 'Skriv ut' }).isVisible(), false);
  assert.equal(await page.getByRole('heading', { name: 'Registerutdrag för Amina Yusuf' }).isVisible(), true);
  assert.equal(await page.getByRole('heading', { name: 'Vem har läst eller ändrat uppgifterna' }).isVisible(), true);
  await page.emulateMedia({ media: 'screen' });

  // A valid number nobody has.
  await number.fill('19121212-1212');
  await page.getByRole('button', { name: 'Ta fram registerutdrag' }).click();
  await page.getByRole('heading', { level: 2, name: 'Inga uppgifter om personnumret' }).waitFor();
  assert.match(await page.locator('#extract-result').innerText(), /Det finns inga uppgifter om personnummer 19121212-1212/);
  await expectNoAxeViolations(page, 'an extract that found nobody');

  // The access log names both look-ups, the second without the number.
  const log = await page.evaluate(async () => (await fetch('/api/access-log')).json());
  const lookups = log.filter((e) => e.action === 'read:register_extract').map((e) => e.record);
  assert.deepEqual(lookups, ['register-extract:no-match', `applicant:${reference}`]);
  assert.ok(!JSON.stringify(log).includes('1212121212'), 'the unknown number is not stored');
  assertNoPageErrors(page, 'extract', EXPECTED_HTTP_ERRORS);
});
