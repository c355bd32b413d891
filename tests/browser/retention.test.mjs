// Gallring in the caseworker area (administrators): the rules with their decisions, a change
// refused per field in Swedish and then saved, the preview of what falls due (30 days ahead, or
// to a chosen day) with each applicant linked, and a hold placed and released. On SQLite the
// operators' command shows the same day ahead with --dry-run and refuses to remove ahead of it.
// 0 axe violations on each state.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import {
  startServer, launchBrowser, newPage, waitForApp, expectNoAxeViolations, assertNoPageErrors,
  applyThroughThePublicForm, signInToCaseworkerArea, todayInSweden, errorSummary, eventually, REPO_ROOT,
} from './harness.mjs';

const DEMO = { user: 'demo@exempelby.se', password: 'ett demolösenord 2026' };
const APPLICATIONS = 'Ansökningar som inte ledde till godkännande';
const DECISION = 'Socialnämndens dokumenthanteringsplan, beslut 2026-03-01 § 12';
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

/** `YYYY-MM-DD` `days` after the date `day`. */
function plusDays(day, days) {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

async function openRetention(page) {
  await page.getByRole('navigation', { name: 'Handläggarstöd' }).getByRole('link', { name: 'Gallring' }).click();
  await page.getByRole('heading', { level: 1, name: 'Gallring' }).waitFor();
  await page.getByRole('table').filter({ hasText: 'Gallras efter' }).waitFor();
}

/** Shows the preview up to `day` and waits for it. */
async function previewUntil(page, day) {
  await page.getByLabel('Visa till och med').fill(day);
  await page.getByRole('button', { name: 'Visa', exact: true }).click();
  await page.getByText(`Det här gallras från i dag till och med ${day}`).waitFor();
}

test('An administrator changes a rule with its decision, refused per field first, and the preview lists the applicant it reaches', async () => {
  const reference = await applyThroughThePublicForm(browser, server, 'Gunilla', 'Gallring', 'Jag vill hjälpa till.');
  const page = await newPage(browser);
  await signInToCaseworkerArea(page, server, DEMO);
  await openRetention(page);

  // The rules: the defaults, with what each counts from; nothing falls due yet.
  const rule = page.getByRole('row', { name: new RegExp(`^${APPLICATIONS}`) });
  assert.match(await rule.innerText(), /24 månader/);
  assert.match(await rule.innerText(), /Standardvärde/);
  assert.match(await rule.innerText(), /Från senaste händelsen i ärendet/);
  await page.getByText(/^Det här gallras från i dag till och med \d{4}-\d{2}-\d{2}, med reglerna som gäller nu\.$/).waitFor();
  assert.match(await page.getByRole('main').innerText(), new RegExp(`${APPLICATIONS}\\s+Inget gallras\\.`));
  await expectNoAxeViolations(page, 'retention');

  // A change without a decision and with a period out of range is refused, field by field.
  await page.getByRole('button', { name: `Ändra: ${APPLICATIONS}` }).click();
  const form = page.getByRole('form', { name: `Ändra regeln: ${APPLICATIONS}` });
  const amount = form.getByLabel('Gallras efter (antal månader)');
  assert.equal(await amount.inputValue(), '24');
  assert.equal(await form.getByLabel('Beslut som regeln vilar på').inputValue(), '', 'a default has no decision to keep');
  await amount.fill('0');
  await form.getByRole('button', { name: 'Spara regeln' }).click();
  const summary = await errorSummary(page, 'rule-errors');
  assert.match(summary, /Regeln är inte sparad/);
  assert.match(summary, /Skriv ett helt antal månader från 1 till 120\./);
  assert.match(summary, /Skriv vilket beslut regeln vilar på/);
  assert.equal(await amount.getAttribute('aria-invalid'), 'true');
  await expectNoAxeViolations(page, 'retention rule with errors');

  await page.getByRole('link', { name: /Skriv ett helt antal månader/ }).click();
  await eventually(async () => {
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'rule-amount');
  });
  await amount.fill('1');
  await form.getByLabel('Beslut som regeln vilar på').fill(DECISION);
  await form.getByRole('button', { name: 'Spara regeln' }).click();
  await page.getByRole('status').filter({ hasText: `Regeln är sparad: ${APPLICATIONS} gallras efter 1 månad.` }).waitFor();
  await rule.filter({ hasText: DECISION }).waitFor();
  assert.match(await rule.innerText(), /1 månad/);
  assert.match(await rule.innerText(), /av Demo \(administratör\)/);

  // Forty days ahead the new rule reaches the applicant, linked to their page.
  const today = todayInSweden();
  await previewUntil(page, plusDays(today, 40));
  const due = page.getByRole('region', { name: APPLICATIONS });
  assert.match(await due.innerText(), new RegExp(`${reference}\\s+\\d{4}-\\d{2}-\\d{2}\\s+–`));
  await expectNoAxeViolations(page, 'retention preview');
  // A day too far is said at the field.
  await page.getByLabel('Visa till och med').fill('2099-01-01');
  await page.getByRole('button', { name: 'Visa', exact: true }).click();
  await page.getByText('Skriv ett datum som 2026-12-31, från i dag och högst tio år fram.').waitFor();
  assert.equal(await page.getByLabel('Visa till och med').getAttribute('aria-invalid'), 'true');

  await due.getByRole('link', { name: reference }).click();
  await page.getByRole('heading', { level: 1, name: 'Gunilla Gallring' }).waitFor();
  // The day too far was refused (400), as meant.
  assertNoPageErrors(page, 'retention', (e) => /status of 400/.test(e.text) && /until=2099/.test(e.url));
  await page.context().close();
});

test('A hold keeps an applicant out of gallring until released; on SQLite the command shows the same day ahead', async () => {
  const reference = await applyThroughThePublicForm(browser, server, 'Harald', 'Spärr', 'Jag har tid på kvällarna.');
  const page = await newPage(browser);
  await signInToCaseworkerArea(page, server, DEMO);
  await openRetention(page);
  const until = plusDays(todayInSweden(), 40);

  // An unknown applicant is refused at the field; the right one is held.
  const holdForm = page.getByRole('form', { name: 'Lägg en spärr' });
  await holdForm.getByLabel('Sökandes referensnummer').fill('KP-1999-0001');
  await holdForm.getByLabel('Skäl').fill('Överklagande, dnr 2026-123');
  await holdForm.getByRole('button', { name: 'Spärra mot gallring' }).click();
  assert.match(await errorSummary(page, 'hold-errors'), /Det finns ingen sökande med det referensnumret\./);
  await expectNoAxeViolations(page, 'hold with an error');
  await holdForm.getByLabel('Sökandes referensnummer').fill(reference.toLowerCase());
  await holdForm.getByRole('button', { name: 'Spärra mot gallring' }).click();
  await page.getByRole('status').filter({ hasText: 'Spärren är lagd.' }).waitFor();
  // (The section and its table's scroll box share the heading's name: the first is the section.)
  const held = page.getByRole('region', { name: 'Spärrar mot gallring' }).first()
    .getByRole('row', { name: new RegExp(reference) });
  assert.match(await held.innerText(), /Överklagande, dnr 2026-123/);
  assert.match(await held.innerText(), /Gäller/);

  // The preview still lists them (the first test's one-month rule reaches them), held.
  await previewUntil(page, until);
  const row = page.getByRole('region', { name: APPLICATIONS }).getByRole('row', { name: new RegExp(reference) });
  assert.match(await row.innerText(), /Spärrad – gallras inte/);
  await expectNoAxeViolations(page, 'preview with a hold');

  await page.getByRole('button', { name: `Häv spärren: ${reference}` }).click();
  await page.getByRole('status').filter({ hasText: `Spärren för ${reference} är hävd.` }).waitFor();
  await held.filter({ hasText: /Hävd .* av Demo \(administratör\)/ }).waitFor();
  assert.equal(await page.getByRole('button', { name: `Häv spärren: ${reference}` }).count(), 0);

  // Nothing has been removed yet: the records say so.
  const records = page.getByRole('region', { name: 'Genomförd gallring' }).first();
  assert.match(await records.innerText(), /Ingen gallring har gjorts ännu\./);

  if (!process.env.KP_BROWSER_POSTGRES_URL) {
    // The operators' command on the same file shows the same day ahead, and removes nothing
    // with --dry-run; without it a day ahead is refused (that would be gallring too early).
    const bin = path.resolve(REPO_ROOT, process.env.KP_SERVER_BIN || 'target/release/kp-server');
    const env = { ...process.env, DATABASE_URL: `sqlite://${path.join(server.tmpDir, 'test.db')}`, RUST_LOG: 'warn' };
    const out = execFileSync(bin, ['retention', '--as-of', until, '--dry-run'], { env, encoding: 'utf8' });
    assert.match(out, /dry run: nothing is removed/);
    assert.match(out, new RegExp(`applications: 1 month, decision: ${DECISION}`));
    assert.match(out, new RegExp(`due: 2: .*${reference}`));
    assert.throws(() => execFileSync(bin, ['retention', '--as-of', until], { env, stdio: 'pipe' }),
      (err) => err.status === 1 && /is after today/.test(String(err.stderr)));
    await page.reload();
    await waitForApp(page);
    await page.getByRole('heading', { level: 1, name: 'Gallring' }).waitFor();
    await previewUntil(page, until);
    await page.getByRole('region', { name: APPLICATIONS }).getByRole('link', { name: reference }).waitFor();
    await expectNoAxeViolations(page, 'retention after the command');
  }
  // The unknown applicant was refused (422), as meant.
  assertNoPageErrors(page, 'retention holds', (e) => /status of 422/.test(e.text) && /\/holds$/.test(e.url));
  await page.context().close();
});
