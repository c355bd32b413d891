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
    assert.match(text, new RegExp(`Ändrat: telefonnummer från 070-123 45 67 till 070-987 65 43 av ${DEMO_NAME.replace(/[()]/g, '\\$&')} den \\d{1,2} \\w+ \\d{4}`));
    assert.match(text, /Ändrat: postort från Exempelby till Annanstad/);
    assert.match(text, /Ändrat: bil från nej till ja/);
  });
  const answers = await page.locator('.answers').innerText();
  assert.match(answers, /070-987 65 43/, 'shown the Swedish way');
  assert.ok(!answers.includes('+46709876543'), 'not in E.164');
  assert.match(answers, /Annanstad/);
  await expectNoAxeViolations(page, 'the applicant page after a correction');

  // The list finds the new number, not the old one.
  await page.getByRole('navigation', { name: 'Handläggarstöd' }).getByRole('link', { name: 'Sökande' }).click();
  await page.getByRole('heading', { level: 1, name: 'Sökande' }).waitFor();
  const search = async (term) => {
    await page.getByRole('searchbox', { name: 'Sök', exact: true }).fill(term);
    await page.getByRole('button', { name: 'Sök', exact: true }).click();
    await eventually(async () => assert.equal(new URL(page.url()).searchParams.get('q'), term));
  };
  const found = page.getByRole('row').filter({ has: page.getByRole('link', { name: reference, exact: true }) });
  await search('0709876543');
  await found.waitFor();
  assert.match(await found.innerText(), /Amina Yusuf/);
  await search('0701234567');
  await eventually(async () => assert.equal(await found.count(), 0));
  // The number and the personnummer in every way people write them.
  for (const term of ['070-987 65 43', '070 987 65 43', '+46 70 987 65 43', '811218-9876', '8112189876', '19811218-9876', '198112189876']) {
    await search(term);
    await found.waitFor();
    assert.match(await found.innerText(), /Amina Yusuf/, term);
  }
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
  assert.match(text, /070-987 65 43/);
  assert.match(text, /Ändrat: telefonnummer från 070-123 45 67 till 070-987 65 43/);
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

test('the administrator is told what stops an erasure, then erases the applicant, who is gone with a record naming nobody', async () => {
  const page = await signedIn();
  await page.goto(server.url('/handlaggare/registerutdrag'));
  await page.getByRole('heading', { level: 1, name: 'Registerutdrag' }).waitFor();
  const takeExtract = async () => {
    await page.getByLabel('Personnummer', { exact: true }).fill('811218-9876');
    await page.getByRole('button', { name: 'Ta fram registerutdrag' }).click();
  };
  const section = page.getByRole('region', { name: `Radera ${reference}` });

  // A hold in force stops it, and the reason is said.
  const hold = await page.evaluate(async (ref) => {
    const r = await fetch('/api/retention/holds', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reference: ref, reason: 'JO-anmälan dnr 77-2026' }),
    });
    return { status: r.status, body: await r.json() };
  }, reference);
  assert.equal(hold.status, 201);
  await takeExtract();
  await section.getByText('Uppgifterna kan inte raderas nu.').waitFor();
  assert.match(await section.innerText(), /En spärr mot gallring gäller sedan \d{4}-\d{2}-\d{2} \(JO-anmälan dnr 77-2026\)/);
  assert.equal(await section.getByRole('button', { name: 'Radera uppgifterna …' }).count(), 0);
  await expectNoAxeViolations(page, 'an erasure stopped by a hold');

  const released = await page.evaluate(async (id) =>
    (await fetch(`/api/retention/holds/${id}/release`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}',
    })).status, hold.body.id);
  assert.equal(released, 204);
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Registerutdrag' }).waitFor();
  await takeExtract();

  // Nothing stops it now: the form, checked before it is sent.
  await section.getByRole('button', { name: 'Radera uppgifterna …' }).click();
  await eventually(async () => assert.equal(
    await page.evaluate(() => document.activeElement?.id), 'erasure-ground-0', 'focus on the first ground'));
  await section.getByRole('button', { name: 'Radera för alltid' }).click();
  const summary = await errorSummary(page, 'erasure-errors');
  assert.match(summary, /Välj på vilken grund uppgifterna raderas/);
  assert.match(summary, /Fyll i dagen då begäran kom in/);
  assert.match(summary, new RegExp(`Skriv ${reference} för att bekräfta raderingen`));
  await expectNoAxeViolations(page, 'the erasure form with errors');

  await section.getByRole('radio', { name: 'Personen återkallar sitt samtycke (art. 17.1 b)' }).check();
  await section.getByLabel('Dag då begäran kom in').fill(await page.evaluate(() =>
    new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date())));
  await section.getByLabel('Diarienummer (frivilligt)').fill('SN 19811218-9876');
  await section.getByLabel('Bekräfta med ansökans referens').fill('KP-1999-0001');
  await section.getByRole('button', { name: 'Radera för alltid' }).click();
  const second = await errorSummary(page, 'erasure-errors');
  assert.match(second, /Diarienumret ser ut att innehålla ett personnummer/);
  assert.match(second, /Referensen stämmer inte/);
  assert.equal(await section.getByLabel('Bekräfta med ansökans referens').getAttribute('aria-invalid'), 'true');

  await section.getByLabel('Diarienummer (frivilligt)').fill('SN 2026/123');
  await section.getByLabel('Bekräfta med ansökans referens').fill(reference.toLowerCase());
  await section.getByRole('button', { name: 'Radera för alltid' }).click();
  const done = page.getByRole('status').filter({ hasText: `${reference} är raderad.` });
  await done.waitFor();
  assert.match(await done.innerText(), /Raderingen är registrerad utan personuppgifter/);
  await eventually(async () => assert.equal(
    await page.evaluate(() => document.activeElement?.id), 'erasure-notice', 'focus on the message'));
  assert.equal(await page.getByRole('article').count(), 0, 'the erased extract is no longer shown');

  // The record: when, who, the ground, the case number — not the person.
  const records = page.getByRole('table', { name: 'Genomförda raderingar, senaste först' });
  await eventually(async () => {
    const text = await records.innerText();
    assert.match(text, /Personen återkallar sitt samtycke/);
    assert.match(text, /SN 2026\/123/);
    assert.match(text, new RegExp(DEMO_NAME.replace(/[()]/g, '\\$&')));
    assert.ok(!text.includes(reference) && !text.includes('Amina'), text);
  });
  await expectNoAxeViolations(page, 'after an erasure');

  // Gone: the extract finds nobody, the applicant's page is not found.
  await takeExtract();
  await page.getByRole('heading', { level: 2, name: 'Inga uppgifter om personnumret' }).waitFor();
  const status = await page.evaluate(async (ref) => (await fetch(`/api/applicants/${ref}`)).status, reference);
  assert.equal(status, 404);
  assertNoPageErrors(page, 'erasure', (e) => EXPECTED_HTTP_ERRORS(e) || /status of 404/.test(e.text));
});
