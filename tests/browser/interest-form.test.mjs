// The interest form (intresseanmälan) as an applicant meets it, in four steps ("Steg 2 av 4")
// then "Kontrollera dina svar": each step's errors only for that step (error summary, inline
// errors, focus, "Fel:" in the title), fixing a wrong personnummer, filling in everything by label
// with a reload half-way, the browser's Back and Forward buttons between steps and from the check
// page, an address for a step the answers do not reach, changing an answer from the check page,
// sending, the receipt, a double click on "send", the form in Arabic (right to left) with axe on
// every step, the form with the keyboard only, a refusal (422) that lands on the step of its
// error, and a limit refusal that loses nothing. This server has no mail server (no SMTP_URL), so
// the confirmation says no mail is sent, and it offers no second form.
//
// Every text the tests look for is read from the Rust sources (domain/src/form_text/<locale>.rs,
// the `Ui` values in domain/src/i18n.rs, the draft key in src/draft.rs), so the tests follow the
// texts rather than a copy of them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  REPO_ROOT,
  useApp,
  startServer,
  newPage,
  waitForApp,
  eventually,
  expectNoAxeViolations,
  assertNoPageErrors,
  formatErrors,
  withServerLogs,
} from './harness.mjs';

// The per-address limit is 5 sends per 10 minutes; this file sends more than that from 127.0.0.1.
const app = useApp({ env: { KP_SUBMISSION_LIMIT: '100' } });

// ---------------------------------------------------------------------------------------------
// Texts, read from the Rust sources
// ---------------------------------------------------------------------------------------------

/** `key: "value",` lines of a Rust struct literal, as an object (Rust escapes \" \\ \n decoded). */
function parseRustStrings(source, what) {
  const fields = {};
  const line = /^\s+(\w+): "((?:[^"\\]|\\.)*)",$/gm;
  for (const m of source.matchAll(line)) fields[m[1]] = JSON.parse(`"${m[2]}"`);
  assert.ok(Object.keys(fields).length > 10, `Found almost no texts in ${what}`);
  return fields;
}

/** The form texts of a locale (`FormText` in domain/src/form_text/<locale>.rs). */
function formText(locale) {
  const file = path.join(REPO_ROOT, 'domain', 'src', 'form_text', `${locale}.rs`);
  return parseRustStrings(fs.readFileSync(file, 'utf8'), file);
}

/** The interface texts of a locale (`const SV: Ui = Ui { … };` in domain/src/i18n.rs). */
function uiText(locale) {
  const file = path.join(REPO_ROOT, 'domain', 'src', 'i18n.rs');
  const source = fs.readFileSync(file, 'utf8');
  const start = source.indexOf(`const ${locale.toUpperCase()}: Ui = Ui {`);
  assert.ok(start >= 0, `${file} has no Ui value for ${locale}`);
  const end = source.indexOf('\n};', start);
  return parseRustStrings(source.slice(start, end), `${file} (${locale})`);
}

/** The localStorage key of the draft (src/draft.rs). */
const DRAFT_KEY = (() => {
  const file = path.join(REPO_ROOT, 'src', 'draft.rs');
  const m = /const DRAFT_KEY: &str = "([^"]+)";/.exec(fs.readFileSync(file, 'utf8'));
  assert.ok(m, `No DRAFT_KEY in ${file}`);
  return m[1];
})();

const SV = { t: formText('sv'), u: uiText('sv'), path: '/sv/intresseanmalan' };
const AR = { t: formText('ar'), u: uiText('ar'), path: '/ar/apply' };

/** A regular expression matching a text with `{name}` placeholders, each filled with digits. */
function templatePattern(template) {
  const escaped = template.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(escaped.replace(/\\\{(\w+)\\\}/g, '(\\d+)'));
}

const REFERENCE = /KP-\d{4}-\d{4}/;
const REFERENCES = /KP-\d{4}-\d{4}/g;

/**
 * The answers an empty step misses, in the step's order (STEP_FIELDS in domain/src/form_steps.rs,
 * the required ones of FIELD_ORDER in domain/src/application.rs).
 */
const REQUIRED_ON_STEP = {
  1: ['first_name', 'last_name', 'personnummer', 'address', 'postcode', 'town', 'phone', 'email'],
  2: ['assignment_types', 'frequency', 'times'],
  3: ['languages', 'occupation', 'motivation'],
  4: ['consent'],
};

/** The heading of each step: its first section's name (step_heading in domain/src/form_text.rs). */
const stepHeading = (t, step) => [null, t.sec_about, t.sec_assignment, t.sec_background, t.sec_consent][step];

/** "Steg 2 av 4" in the locale's words. */
const stepCaption = (t, step) => t.step_of.replace('{step}', step).replace('{steps}', '4');

/** Valid answers (Skatteverket's example personnummer, an adult). */
const ANSWERS = {
  first_name: 'Amina',
  last_name: 'Hassan',
  personnummer: '19811218-9876',
  address: 'Storgatan 1',
  postcode: '123 45',
  town: 'Exempelby',
  phone: '070-123 45 67',
  email: 'amina@example.se',
  occupation: 'Undersköterska',
  motivation: 'Jag vill vara en trygg vuxen för ett barn här i staden.',
};


// ---------------------------------------------------------------------------------------------
// Helpers: what a person sees and does
// ---------------------------------------------------------------------------------------------

/** Waits until the level-1 heading reads `title`. */
async function expectHeading(page, title, label) {
  await eventually(async () => {
    const h1 = page.getByRole('heading', { level: 1 });
    const texts = (await h1.allTextContents()).map((s) => s.trim());
    assert.deepEqual(texts, [title], `${label}: the level-1 heading(s)`);
  }, { timeout: 5000 });
}

/** The `?steg=` of the address. */
const placeInAddress = (page) => new URL(page.url()).searchParams.get('steg');

/**
 * Waits until step `step` is shown: its heading says where the applicant is ("Steg 2 av 4",
 * visible) and what the step is about, and the address says `?steg=<step>` (the first step may
 * also have no `?steg=` at all).
 */
async function expectStep(page, { t }, step, label) {
  const caption = stepCaption(t, step);
  await eventually(async () => {
    const h1 = page.getByRole('heading', { level: 1 });
    const texts = (await h1.allTextContents()).map((s) => s.replace(/\s+/g, ' ').trim());
    assert.deepEqual(texts, [`${caption}: ${stepHeading(t, step)}`], `${label}: the level-1 heading`);
    const where = placeInAddress(page);
    assert.ok(where === String(step) || (step === 1 && where === null), `${label}: the address ${page.url()} should say ?steg=${step}`);
  }, { timeout: 5000 });
  const shown = page.locator('h1 .step-caption');
  assert.ok(await shown.isVisible(), `${label}: "${caption}" is visible`);
  assert.ok((await shown.innerText()).startsWith(caption), `${label}: the caption reads "${caption}"`);
}

/** What has focus, for assertions and messages. */
async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    return el ? { id: el.id, tag: el.tagName.toLowerCase(), html: el.outerHTML.slice(0, 160) } : null;
  });
}

async function expectFocusOn(page, id, label) {
  await eventually(async () => {
    const f = await focused(page);
    assert.equal(f && f.id, id, `${label}: focus should be on #${id}; it is on ${f ? f.html : 'nothing'}`);
  });
}

async function openForm(page, locale, query = '') {
  const response = await page.goto(app.url(`${locale.path}${query}`));
  assert.ok(response, `no response for ${locale.path}`);
  assert.equal(response.status(), 200, `HTTP status of ${locale.path}`);
  await waitForApp(page);
  await expectStep(page, locale, 1, locale.path);
}

const textbox = (page, label) => page.getByLabel(label, { exact: true });

/** Step 1: about you and how to reach you. */
async function fillStep1(page, { t }, answers = ANSWERS) {
  await textbox(page, t.first_name).fill(answers.first_name);
  await textbox(page, t.last_name).fill(answers.last_name);
  await textbox(page, t.personnummer).fill(answers.personnummer);
  await textbox(page, t.address).fill(answers.address);
  await textbox(page, t.postcode).fill(answers.postcode);
  await textbox(page, t.town).fill(answers.town);
  await textbox(page, t.phone).fill(answers.phone);
  await textbox(page, t.email).fill(answers.email);
}

/** Step 2: the assignment, how often, when. */
async function fillStep2(page, { t, u }) {
  await page.getByRole('checkbox', { name: t.type_child, exact: true }).check();
  await page.getByRole('radio', { name: u.freq_weekly, exact: true }).check();
  await page.getByRole('checkbox', { name: t.time_evenings, exact: true }).check();
}

/** Step 3: the languages, occupation and motivation. */
async function fillStep3(page, { t }, answers = ANSWERS) {
  await page.getByRole('combobox', { name: t.language_search, exact: true }).fill('soma');
  const somali = page.getByRole('option', { name: /^Soomaali\b/ });
  await eventually(async () => {
    assert.equal(await somali.count(), 1, 'After searching for "soma", one option named "Soomaali …" should be listed');
  });
  await somali.click();
  await textbox(page, t.occupation).fill(answers.occupation);
  await textbox(page, t.motivation).fill(answers.motivation);
}

/** Step 4: the confirmation checkbox. */
async function fillStep4(page, { t }) {
  await page.getByRole('checkbox', { name: t.consent, exact: true }).check();
}

async function pressContinue(page, { t }) {
  await page.getByRole('button', { name: t.continue_button, exact: true }).click();
}

/** From step 1 of an opened form to the check page, each step answered and continued. */
async function walkToCheck(page, locale, answers = ANSWERS, { axe = false } = {}) {
  const fills = [null, fillStep1, fillStep2, fillStep3, fillStep4];
  for (let step = 1; step <= 4; step++) {
    await expectStep(page, locale, step, `walking through, step ${step}`);
    await fills[step](page, locale, answers);
    if (axe) await expectNoAxeViolations(page, `${locale.path} (step ${step} answered)`);
    await pressContinue(page, locale);
  }
  await expectCheckPage(page, locale, 'after the last step');
}

/** The check page's answers as `[label, value]` pairs, read from its description list. */
async function checkAnswers(page) {
  return page.evaluate(() => [...document.querySelectorAll('main dl > div, main dl')]
    .filter((row) => row.querySelector(':scope > dt'))
    .flatMap((row) => [...row.querySelectorAll(':scope > dt')].map((dt) => {
      let dd = dt.nextElementSibling;
      while (dd && dd.tagName !== 'DD') dd = dd.nextElementSibling;
      return [dt.textContent.trim(), dd ? dd.textContent.trim() : null];
    })));
}

async function expectCheckPage(page, { t }, label) {
  await expectHeading(page, t.check_title, label);
  assert.equal(placeInAddress(page), 'kontroll', `${label}: the address ${page.url()} says ?steg=kontroll`);
  assert.equal(await page.locator('main dl').count(), 1, `${label}: the answers should be one description list`);
}

async function pressSend(page, { t }) {
  await page.getByRole('button', { name: t.send, exact: true }).click();
}

/**
 * Waits for the confirmation and returns the reference it shows: once, with no mail promised (this
 * server has no mail server) and no way back into the form, which would invite a duplicate.
 */
async function expectConfirmation(page, { t, u }, label) {
  await expectHeading(page, t.done_title, label);
  const text = await page.locator('main').innerText();
  const refs = text.match(REFERENCES) || [];
  assert.equal(refs.length, 1, `${label}: the confirmation should show one reference like KP-2026-0001, once; it shows ${JSON.stringify(refs)}`);
  assert.equal(
    await page.getByRole('button', { name: t.print, exact: true }).count(),
    1,
    `${label}: the confirmation should have a "${t.print}" button`,
  );
  // When it was sent, in Swedish time whatever the browser's zone (this machine's is UTC).
  const sentRow = page.locator('dt').filter({ hasText: new RegExp(`^\\s*${t.received_at}\\s*$`) });
  const sent = (await sentRow.locator('xpath=following-sibling::dd[1]').innerText()).trim();
  const swedish = (d) => new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'short',
  }).format(d);
  const now = Date.now();
  assert.ok(
    [swedish(new Date(now - 60_000)), swedish(new Date(now))].includes(sent),
    `${label}: sent at ${sent}, expected Swedish time ${swedish(new Date(now))}`,
  );
  const mail = ((await page.locator('#confirmation-mail').textContent()) || '').trim();
  assert.equal(mail, t.confirmation_not_emailed, `${label}: without a mail server the confirmation says no mail is sent`);
  assert.ok(!text.includes(ANSWERS.email), `${label}: no mail goes, so no address is named: ${text}`);
  assert.equal(
    await page.getByRole('link', { name: u.apply_button }).count() + await page.getByRole('button', { name: u.apply_button }).count(),
    0,
    `${label}: the confirmation should not offer "${u.apply_button}" again`,
  );
  return refs[0];
}

/** The error summary's links as `{ text, href }`, once it is shown and has focus. */
async function summaryLinks(page, label) {
  const summary = page.getByRole('alert');
  await eventually(async () => {
    assert.equal(await summary.count(), 1, `${label}: one role=alert (the error summary)`);
  });
  assert.equal(await summary.getAttribute('id'), 'error-summary', `${label}: the role=alert is #error-summary`);
  await expectFocusOn(page, 'error-summary', label);
  return summary.getByRole('link').evaluateAll((as) =>
    as.map((a) => ({ text: a.textContent.trim(), href: a.getAttribute('href') })));
}

const readDraft = (page) => page.evaluate((key) => window.localStorage.getItem(key), DRAFT_KEY);

/** A Chromium console error for a response with this status (the app handles it; not a bug). */
const isStatusLog = (status) => (e) => e.kind === 'console' && e.text.includes(`status of ${status}`);

/** Waits until the document title starts with `start`. */
const expectTitle = (page, start, label) => eventually(async () => {
  const title = await page.title();
  assert.ok(title.startsWith(start), `${label}: the title ${JSON.stringify(title)} should start with ${JSON.stringify(start)}`);
});

// ---------------------------------------------------------------------------------------------
// 1. A step's errors, only for that step; a wrong personnummer
// ---------------------------------------------------------------------------------------------

test('Continuing an empty first step shows a focused error summary with a link per missing answer of that step only, marks each bad field, "Fel:" starts the title, and the summary leads to the field; a wrong personnummer gets the checksum message; the next step has its own errors only', withServerLogs(app, async () => {
  const { t } = SV;
  const page = await app.newPage();
  await openForm(page, SV);
  await eventually(async () => {
    const html = page.locator('html');
    assert.equal(await html.getAttribute('lang'), 'sv', '<html lang> on the form');
    assert.equal(await html.getAttribute('dir'), 'ltr', '<html dir> on the form');
  });
  await expectTitle(page, `${stepHeading(t, 1)} – ${stepCaption(t, 1)} – ${t.title}`, 'The first step');
  await expectNoAxeViolations(page, `${SV.path} (step 1, empty)`);

  await pressContinue(page, SV);
  const links = await summaryLinks(page, 'After Continue on an empty first step');
  const summary = page.getByRole('alert');
  assert.equal(((await summary.getByRole('heading').first().textContent()) || '').trim(), t.error_summary, 'The error summary\'s heading');
  const expected = REQUIRED_ON_STEP[1].map((field) => ({ text: t[`err_${field}`], href: `#f-${field}` }));
  assert.deepEqual(links, expected, 'The error summary links to every missing answer of step 1, in its order, and nothing of later steps');
  await expectTitle(page, `${t.error_prefix} ${stepHeading(t, 1)} – ${stepCaption(t, 1)}`, 'With the error summary shown');
  await expectStep(page, SV, 1, 'Errors keep the applicant on the step');

  // Every bad field: aria-invalid, and described by its inline error, which says the same.
  const problems = await page.evaluate((fields) => fields.flatMap((field) => {
    const control = document.getElementById(`f-${field}`);
    if (!control) return [`#f-${field} does not exist`];
    const out = [];
    if (control.getAttribute('aria-invalid') !== 'true') {
      out.push(`aria-invalid is ${JSON.stringify(control.getAttribute('aria-invalid'))}, expected "true"`);
    }
    const errorId = `f-${field}-error`;
    const describedBy = (control.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
    if (!describedBy.includes(errorId)) out.push(`aria-describedby should include "${errorId}"`);
    for (const id of describedBy) {
      if (!document.getElementById(id)) out.push(`aria-describedby names #${id}, which does not exist`);
    }
    return out.map((p) => `${field}: ${p}`);
  }), REQUIRED_ON_STEP[1]);
  assert.deepEqual(problems, [], `Fields with an error are not marked up right:\n  ${problems.join('\n  ')}`);
  for (const field of REQUIRED_ON_STEP[1]) {
    const error = ((await page.locator(`#f-${field}-error`).textContent()) || '').replace(/\s+/g, ' ').trim();
    assert.equal(error, `${t.error_prefix} ${t[`err_${field}`]}`, `The inline error of ${field} (#f-${field}-error)`);
  }
  await expectNoAxeViolations(page, `${SV.path} (step 1, errors)`);

  // The summary's link for the personnummer moves focus to its input.
  await summary.getByRole('link', { name: t.err_personnummer, exact: true }).click();
  await expectFocusOn(page, 'f-personnummer', `After clicking "${t.err_personnummer}" in the error summary`);

  // A personnummer with a wrong check digit, the rest right.
  await fillStep1(page, SV, { ...ANSWERS, personnummer: '19811218-9875' });
  await pressContinue(page, SV);
  await eventually(async () => {
    const texts = (await summary.getByRole('link').allTextContents()).map((s) => s.trim());
    assert.deepEqual(texts, [t.err_personnummer_checksum], 'Only the personnummer is wrong now');
  });
  const personnummerError = ((await page.locator('#f-personnummer-error').textContent()) || '').replace(/\s+/g, ' ').trim();
  assert.equal(personnummerError, `${t.error_prefix} ${t.err_personnummer_checksum}`, 'The inline error of the personnummer');

  // Fixed: the errors follow the answer away, and so does "Fel:"; Continue leads to step 2.
  await textbox(page, t.personnummer).fill(ANSWERS.personnummer);
  await eventually(async () => assert.equal(await page.locator('#error-summary').count(), 0, 'no error summary once the step is answered'));
  await expectTitle(page, stepHeading(t, 1), 'With every error fixed');
  await pressContinue(page, SV);
  await expectStep(page, SV, 2, 'After Continue on a complete first step');
  await expectFocusOn(page, 'page-heading', 'On a new step, focus is on its heading');
  assert.equal(await page.locator('#error-summary').count(), 0, 'A new step starts without errors');

  // The second step, empty: its own three errors, nothing of step 1 or 3.
  await pressContinue(page, SV);
  const second = await summaryLinks(page, 'After Continue on an empty second step');
  assert.deepEqual(second.map((l) => l.text), REQUIRED_ON_STEP[2].map((f) => t[`err_${f}`]), 'Step 2\'s errors only');
  await expectTitle(page, `${t.error_prefix} ${stepHeading(t, 2)} – ${stepCaption(t, 2)}`, 'Step 2 with errors');
  await expectNoAxeViolations(page, `${SV.path} (step 2, errors)`);
  // The checkbox and radio groups carry the state on their fieldset.
  for (const field of REQUIRED_ON_STEP[2]) {
    const invalid = await page.locator(`#f-${field}`).evaluate((el) => el.closest('fieldset').getAttribute('aria-invalid'));
    assert.equal(invalid, 'true', `the group of ${field} is aria-invalid`);
  }
  assertNoPageErrors(page, SV.path);
}));

test('The street address is a one-line field the browser fills with address-line1, and no two fieldsets of a step share a legend, in Swedish and Arabic', withServerLogs(app, async () => {
  for (const locale of [SV, AR]) {
    const { t } = locale;
    const page = await app.newPage();
    await openForm(page, locale);
    const address = textbox(page, t.address);
    assert.equal(await address.evaluate((el) => el.tagName.toLowerCase()), 'input', `${locale.path}: "${t.address}" is a one-line input`);
    assert.equal(await address.getAttribute('autocomplete'), 'address-line1', `${locale.path}: "${t.address}" autocomplete`);
    const legends = [];
    const fills = [null, fillStep1, fillStep2, fillStep3, fillStep4];
    for (let step = 1; step <= 4; step++) {
      await expectStep(page, locale, step, `${locale.path} step ${step}`);
      legends.push(...(await page.locator('form legend').allTextContents()).map((l) => l.trim()));
      if (step === 4) {
        assert.equal(await page.getByRole('group', { name: t.consent_legend, exact: true }).count(), 1,
          `${locale.path}: the consent checkbox is in its own group "${t.consent_legend}"`);
      }
      await fills[step](page, locale);
      await pressContinue(page, locale);
    }
    const repeated = legends.filter((l, i, all) => all.indexOf(l) !== i);
    assert.deepEqual(repeated, [], `${locale.path}: legends used twice (of ${JSON.stringify(legends)})`);
    await expectCheckPage(page, locale, locale.path);
    assertNoPageErrors(page, locale.path);
  }
}));

// ---------------------------------------------------------------------------------------------
// 2. Everything by label, a reload half-way, check, change, send, receipt
// ---------------------------------------------------------------------------------------------

test('A Swedish applicant goes through the four steps by label, reloads on step 3 without losing the step or anything typed, checks, changes an answer through its step and comes straight back, sends, and gets a reference; afterwards the form is empty', withServerLogs(app, async () => {
  const { t, u } = SV;
  const page = await app.newPage();
  await openForm(page, SV);
  await fillStep1(page, SV);
  await pressContinue(page, SV);
  await expectStep(page, SV, 2, 'after step 1');
  await fillStep2(page, SV);
  await pressContinue(page, SV);
  await expectStep(page, SV, 3, 'after step 2');
  await page.getByRole('combobox', { name: t.language_search, exact: true }).fill('soma');
  await page.getByRole('option', { name: /^Soomaali\b/ }).click();
  await textbox(page, t.occupation).fill(ANSWERS.occupation);

  // The draft is in this browser before the reload, with the step.
  await eventually(async () => {
    const draft = JSON.parse(await readDraft(page) || 'null');
    assert.ok(draft && draft.form.occupation === ANSWERS.occupation && draft.form.email === ANSWERS.email,
      `localStorage["${DRAFT_KEY}"] should hold the answers typed so far; it is ${JSON.stringify(draft)}`);
    assert.equal(draft.place, '3', 'and the step');
  });
  await page.reload();
  await waitForApp(page);
  await expectStep(page, SV, 3, 'after a reload on step 3');
  await eventually(async () => {
    assert.equal(await textbox(page, t.occupation).inputValue(), ANSWERS.occupation, 'After a reload the occupation is back');
    const removeSomali = t.remove_language.replace('{language}', 'somaliska');
    assert.equal(await page.getByRole('button', { name: removeSomali, exact: true }).count(), 1,
      `After a reload "Soomaali" should still be chosen (a button "${removeSomali}")`);
  });
  // "Tillbaka" leads to the steps before, with their answers.
  await page.getByRole('link', { name: t.back, exact: true }).click();
  await expectStep(page, SV, 2, `after "${t.back}" on step 3`);
  await expectFocusOn(page, 'page-heading', `after "${t.back}"`);
  assert.equal(await page.getByRole('checkbox', { name: t.type_child, exact: true }).isChecked(), true, 'step 2 kept its answers');
  await page.getByRole('link', { name: t.back, exact: true }).click();
  await expectStep(page, SV, 1, `after "${t.back}" on step 2`);
  assert.equal(await page.getByRole('link', { name: t.back, exact: true }).count(), 0, 'the first step has no way back');
  const restored = {};
  for (const field of ['first_name', 'last_name', 'personnummer', 'address', 'postcode', 'town', 'phone', 'email']) {
    restored[field] = await textbox(page, t[field]).inputValue();
  }
  assert.deepEqual(restored, Object.fromEntries(Object.keys(restored).map((k) => [k, ANSWERS[k]])), 'After a reload every text of step 1 is back');
  await pressContinue(page, SV);
  await pressContinue(page, SV);
  await expectStep(page, SV, 3, 'forward again');
  await textbox(page, t.motivation).fill(ANSWERS.motivation);
  await pressContinue(page, SV);
  await expectStep(page, SV, 4, 'after step 3');
  await fillStep4(page, SV);
  await pressContinue(page, SV);

  await expectCheckPage(page, SV, 'After Continue on the last step');
  await expectFocusOn(page, 'page-heading', 'On the check page');
  await expectTitle(page, t.check_title, 'Check your answers');
  const answers = await checkAnswers(page);
  const row = (label) => answers.find(([dt]) => dt === label)?.[1];
  assert.equal(row(t.first_name), ANSWERS.first_name, `The check page should list "${t.first_name}: ${ANSWERS.first_name}"; it lists ${JSON.stringify(answers)}`);
  assert.equal(row(t.languages), 'Soomaali', `The check page's "${t.languages}"`);
  assert.equal(row(t.frequency), u.freq_weekly, `The check page's "${t.frequency}"`);
  assert.equal(row(t.times), t.time_evenings, `The check page's "${t.times}"`);
  assert.equal(row(t.address), `${ANSWERS.address}, ${ANSWERS.postcode} ${ANSWERS.town}`, `The check page's "${t.address}"`);
  await expectNoAxeViolations(page, `${SV.path} (check your answers)`);

  // Change the first name: step 1, focus on the field; Continue comes straight back.
  const changeFirstName = page.getByRole('link', { name: `${t.change} ${t.first_name}`, exact: true });
  assert.equal(await changeFirstName.count(), 1, `The check page should have one link "${t.change} ${t.first_name}"`);
  await changeFirstName.click();
  await expectStep(page, SV, 1, `After "${t.change} ${t.first_name}"`);
  await expectFocusOn(page, 'f-first_name', `After "${t.change} ${t.first_name}"`);
  await textbox(page, t.first_name).fill('Amira');
  await pressContinue(page, SV);
  await expectCheckPage(page, SV, 'After changing the first name and Continue');
  assert.equal((await checkAnswers(page)).find(([dt]) => dt === t.first_name)?.[1], 'Amira', 'The changed first name on the check page');
  // A change link to a later step: the motivation is on step 3.
  await page.getByRole('link', { name: `${t.change} ${t.motivation}`, exact: true }).click();
  await expectStep(page, SV, 3, `After "${t.change} ${t.motivation}"`);
  await expectFocusOn(page, 'f-motivation', `After "${t.change} ${t.motivation}"`);
  await pressContinue(page, SV);
  await expectCheckPage(page, SV, 'Back from step 3');

  await pressSend(page, SV);
  const reference = await expectConfirmation(page, SV, 'After sending');
  assert.match(reference, REFERENCE);
  await expectFocusOn(page, 'page-heading', 'On the confirmation');
  await expectTitle(page, t.done_title, 'The confirmation');
  await expectNoAxeViolations(page, `${SV.path} (confirmation)`);
  assert.equal(await readDraft(page), null, `After sending, localStorage["${DRAFT_KEY}"] should be cleared`);

  // Back from the confirmation: an empty form from the start, nothing to send twice.
  await page.goBack();
  await expectStep(page, SV, 1, 'Back from the confirmation');
  await page.goto(app.url(SV.path));
  await waitForApp(page);
  await expectStep(page, SV, 1, `${SV.path} after sending`);
  await eventually(async () => {
    const values = await page.evaluate(() => [...document.querySelectorAll('form input, form textarea')]
      .filter((el) => el.type !== 'checkbox' && el.type !== 'radio' && el.value !== '')
      .map((el) => `#${el.id}=${JSON.stringify(el.value)}`));
    assert.deepEqual(values, [], 'After sending, the form should be empty again');
  });
  assertNoPageErrors(page, SV.path);
}));

test('The browser\'s Back and Forward buttons move between the steps and from the check page back to step 4, and an address for a step the answers do not reach shows the first step that needs answers', withServerLogs(app, async () => {
  const page = await app.newPage();
  // Typed into the address bar before anything is answered: the first step, and the address says so.
  await openForm(page, SV, '?steg=3');
  assert.equal(placeInAddress(page), '1', 'the address is corrected to ?steg=1');
  await page.goto(app.url(`${SV.path}?steg=kontroll`));
  await waitForApp(page);
  await expectStep(page, SV, 1, '?steg=kontroll with nothing answered');

  await walkToCheck(page, SV);
  await page.goBack();
  await expectStep(page, SV, 4, 'Back from the check page');
  await expectFocusOn(page, 'page-heading', 'Back from the check page');
  assert.equal(await page.getByRole('checkbox', { name: SV.t.consent, exact: true }).isChecked(), true, 'step 4 kept its answer');
  await page.goBack();
  await expectStep(page, SV, 3, 'Back again');
  assert.equal(await textbox(page, SV.t.motivation).inputValue(), ANSWERS.motivation, 'step 3 kept its answers');
  await page.goForward();
  await expectStep(page, SV, 4, 'Forward');
  await page.goForward();
  await expectCheckPage(page, SV, 'Forward to the check page');

  // The answers reach step 2 only once step 1 is answered: empty a step-1 answer, ask for step 3.
  await page.getByRole('link', { name: `${SV.t.change} ${SV.t.email}`, exact: true }).click();
  await expectStep(page, SV, 1, 'change the e-mail');
  await textbox(page, SV.t.email).fill('');
  await page.goto(app.url(`${SV.path}?steg=3`));
  await waitForApp(page);
  await expectStep(page, SV, 1, '?steg=3 with the e-mail missing');
  // Without a step in the address, the draft's step: the one the applicant was on.
  await textbox(page, SV.t.email).fill(ANSWERS.email);
  await pressContinue(page, SV);
  await expectStep(page, SV, 2, 'continued');
  await page.goto(app.url(SV.path));
  await waitForApp(page);
  await expectStep(page, SV, 2, 'the form\'s address without a step, after leaving on step 2');
  assertNoPageErrors(page, SV.path);
}));

// ---------------------------------------------------------------------------------------------
// 3. Emptying the form, a double click on "send"
// ---------------------------------------------------------------------------------------------

test('An applicant on a shared computer empties the form with "Töm formuläret" after saying yes, and a draft last written more than seven days ago is gone at the next visit', withServerLogs(app, async () => {
  const { t } = SV;
  const page = await app.newPage();
  await openForm(page, SV);
  assert.ok((await page.locator('.inset').first().innerText()).includes(t.saved_note), 'the form says how long answers are kept');
  await fillStep1(page, SV);
  await eventually(async () => assert.ok((await readDraft(page))?.includes(ANSWERS.email)));

  // Asked first; "no" keeps everything.
  await page.getByRole('button', { name: t.clear_form }).click();
  await page.getByRole('group', { name: t.clear_confirm }).waitFor();
  await expectFocusOn(page, 'clear-yes', 'after "Töm formuläret"');
  await expectNoAxeViolations(page, 'the form asking whether to empty it');
  await page.getByRole('button', { name: t.clear_no }).click();
  await expectFocusOn(page, 'clear-form', 'after "no"');
  assert.equal(await textbox(page, t.email).inputValue(), ANSWERS.email, '"no" keeps the answers');

  // "Yes" empties the fields and the browser's copy.
  await page.getByRole('button', { name: t.clear_form }).click();
  await page.getByRole('button', { name: t.clear_yes }).click();
  await page.getByRole('status').filter({ hasText: t.cleared }).waitFor();
  for (const field of ['first_name', 'last_name', 'personnummer', 'email']) {
    assert.equal(await textbox(page, t[field]).inputValue(), '', `${field} is empty after emptying the form`);
  }
  await eventually(async () => assert.equal(await readDraft(page), null, 'nothing is left in localStorage'));
  await page.reload();
  await waitForApp(page);
  assert.equal(await textbox(page, t.first_name).inputValue(), '', 'a reload brings nothing back');

  // A draft last written eight days ago is removed at the next visit, not shown.
  await fillStep1(page, SV);
  await eventually(async () => assert.ok((await readDraft(page))?.includes(ANSWERS.email)));
  await page.evaluate((key) => {
    const draft = JSON.parse(localStorage.getItem(key));
    draft.saved_at_ms = Date.now() - 8 * 24 * 3600 * 1000;
    localStorage.setItem(key, JSON.stringify(draft));
  }, DRAFT_KEY);
  await page.reload();
  await waitForApp(page);
  await expectStep(page, SV, 1, 'after eight days');
  assert.equal(await textbox(page, t.email).inputValue(), '', 'an old draft is not shown');
  assert.equal(await readDraft(page), null, 'and it is removed');
}));

test('A double click on "Skicka anmälan" gives one confirmation with one reference, and every answer from the server carries that reference', withServerLogs(app, async (t) => {
  const page = await app.newPage();
  const answers = [];
  page.on('response', (r) => {
    if (new URL(r.url()).pathname === '/api/applications' && r.request().method() === 'POST') {
      answers.push(r.text().then((body) => ({ status: r.status(), body }), (err) => ({ status: r.status(), body: String(err) })));
    }
  });
  await openForm(page, SV);
  await walkToCheck(page, SV);

  await page.getByRole('button', { name: SV.t.send, exact: true }).dblclick();
  const reference = await expectConfirmation(page, SV, 'After a double click on send');

  const settled = await Promise.all(answers);
  assert.ok(settled.length >= 1, 'No POST /api/applications was seen');
  t.diagnostic(`POST /api/applications sent ${settled.length} time(s): ${settled.map((a) => a.status).join(', ')}`);
  const references = settled.map(({ body }) => (body.match(REFERENCE) || ['(no reference)'])[0]);
  assert.deepEqual(
    references,
    settled.map(() => reference),
    `Every answer to POST /api/applications should carry the reference shown (${reference}): ${JSON.stringify(settled)}`,
  );
  assert.ok(settled.every(({ status }) => status === 200 || status === 201), `POST /api/applications statuses: ${JSON.stringify(settled.map((s) => s.status))}`);
  assert.equal(page.__errors.length, 0, `Expected no page errors, got:\n${formatErrors(page.__errors)}`);
}));

// ---------------------------------------------------------------------------------------------
// 4. Arabic, right to left
// ---------------------------------------------------------------------------------------------

test('In Arabic (/ar/apply) the form is right to left, each step says where the applicant is in Arabic, the error summary is in Arabic, and walking through the steps by the Arabic labels leads to a confirmation, with no axe violations on any step or the check page', withServerLogs(app, async () => {
  const { t, u } = AR;
  const page = await app.newPage();
  await openForm(page, AR);
  await eventually(async () => {
    const html = page.locator('html');
    assert.equal(await html.getAttribute('lang'), 'ar', '<html lang> on /ar/apply');
    assert.equal(await html.getAttribute('dir'), 'rtl', '<html dir> on /ar/apply');
  });
  await expectNoAxeViolations(page, `${AR.path} (step 1, empty)`);

  await pressContinue(page, AR);
  const links = await summaryLinks(page, 'After Continue on an empty Arabic first step');
  assert.equal(((await page.getByRole('alert').getByRole('heading').first().textContent()) || '').trim(), t.error_summary, 'The Arabic error summary\'s heading');
  assert.deepEqual(links.map((l) => l.text), REQUIRED_ON_STEP[1].map((f) => t[`err_${f}`]), 'The Arabic error summary\'s links: step 1 only');
  await expectTitle(page, `${t.error_prefix} ${stepHeading(t, 1)}`, 'The Arabic title with errors shown');
  await expectNoAxeViolations(page, `${AR.path} (step 1, errors)`);

  await walkToCheck(page, AR, ANSWERS, { axe: true });
  const answers = await checkAnswers(page);
  assert.equal(answers.find(([dt]) => dt === t.first_name)?.[1], ANSWERS.first_name, `The Arabic check page's "${t.first_name}": ${JSON.stringify(answers)}`);
  assert.equal(answers.find(([dt]) => dt === t.frequency)?.[1], u.freq_weekly, `The Arabic check page's "${t.frequency}"`);
  await expectNoAxeViolations(page, `${AR.path} (check your answers)`);
  // "Tillbaka" on the check page leads to the last step.
  const back = page.getByRole('link', { name: t.back, exact: true });
  await back.click();
  await expectStep(page, AR, 4, `After "${t.back}" on the Arabic check page`);
  await expectNoAxeViolations(page, `${AR.path} (step 4, answered)`);
  await page.goBack();
  await expectCheckPage(page, AR, 'The browser\'s Back to the Arabic check page');
  await page.getByRole('link', { name: `${t.change} ${t.first_name}`, exact: true }).click();
  await expectStep(page, AR, 1, `After "${t.change} ${t.first_name}" in Arabic`);
  await pressContinue(page, AR);
  await expectCheckPage(page, AR, 'Back to the Arabic check page');

  await pressSend(page, AR);
  await expectConfirmation(page, AR, 'After sending in Arabic');
  await expectNoAxeViolations(page, `${AR.path} (confirmation)`);
  assertNoPageErrors(page, AR.path);
}));

// ---------------------------------------------------------------------------------------------
// 5. Keyboard only
// ---------------------------------------------------------------------------------------------

/** Which control has focus, with the radios of one group counted as one stop. */
const focusKey = (page) => page.evaluate(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return '';
  return el.type === 'radio' ? `radio:${el.name}` : (el.id ? `#${el.id}` : `<${el.tagName.toLowerCase()}>${(el.textContent || '').trim().slice(0, 30)}`);
});

/** Press Tab (or Shift+Tab) until `key` has focus; fails naming the stops passed. */
async function tabTo(page, key, { back = false, max = 150 } = {}) {
  const passed = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const now = await focusKey(page);
    if (now === key) return;
    passed.push(now);
  }
  assert.fail(`${back ? 'Shift+Tab' : 'Tab'} did not reach ${key} in ${max} presses; it passed ${passed.join(' → ')}`);
}

test('With the keyboard only, Tab reaches every control of a step in order, and an applicant goes through the steps with Tab, Space, typing and Enter, focus starting at each step\'s heading', withServerLogs(app, async (tc) => {
  const { t } = SV;
  const page = await app.newPage();
  await openForm(page, SV);

  // Tab order on step 1: from the top of the page to the Continue button.
  const expected = await page.evaluate(() => {
    const keys = [...document.querySelectorAll('form input, form textarea, form select')]
      .filter((el) => el.id.startsWith('f-') && el.tabIndex >= 0 && !el.disabled
        && !el.closest('[aria-hidden="true"], [inert]')
        && el.checkVisibility({ visibilityProperty: true }))
      .map((el) => (el.type === 'radio' ? `radio:${el.name}` : `#${el.id}`));
    return keys.filter((k, i) => k !== keys[i - 1]);
  });
  const stops = [];
  for (let i = 0; i < 200; i++) {
    await page.keyboard.press('Tab');
    stops.push(await focusKey(page));
    const isContinue = await page.evaluate(() => document.activeElement?.matches('form button[type="submit"]'));
    if (isContinue) break;
  }
  const reached = stops.filter((k) => k.startsWith('#f-') || k.startsWith('radio:'));
  assert.deepEqual(reached, expected, 'The form controls Tab reaches on step 1, in order');
  tc.diagnostic(`Tab reached ${reached.length} form controls in ${stops.length} presses`);

  // Fill in: skip link, then Tab from control to control.
  await page.goto(app.url(SV.path));
  await waitForApp(page);
  await expectStep(page, SV, 1, `${SV.path} (keyboard)`);
  await page.keyboard.press('Tab');
  const skip = await focused(page);
  assert.equal(skip && skip.tag, 'a', `The first Tab should reach the skip link; it reached ${skip && skip.html}`);
  assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), SV.u.skip_link, 'The first Tab\'s link');
  await page.keyboard.press('Enter');
  await expectFocusOn(page, 'main', 'After the skip link');

  const typeInto = async (id, text) => { await tabTo(page, `#${id}`); await page.keyboard.type(text); };
  await typeInto('f-first_name', ANSWERS.first_name);
  await typeInto('f-last_name', ANSWERS.last_name);
  await typeInto('f-personnummer', ANSWERS.personnummer);
  await typeInto('f-address', ANSWERS.address);
  await typeInto('f-postcode', ANSWERS.postcode);
  await typeInto('f-town', ANSWERS.town);
  await typeInto('f-phone', ANSWERS.phone);
  await typeInto('f-email', ANSWERS.email);
  // Enter in a text field continues.
  await page.keyboard.press('Enter');
  await expectStep(page, SV, 2, 'After Enter in the e-mail field');
  await expectFocusOn(page, 'page-heading', 'Step 2 starts at its heading');

  await tabTo(page, '#f-assignment_types');
  await page.keyboard.press('Space');
  await tabTo(page, 'radio:frequency');
  await page.keyboard.press('Space');
  await tabTo(page, '#f-times');
  await page.keyboard.press('Space');
  await tabTo(page, `<button>${t.continue_button}`);
  await page.keyboard.press('Enter');
  await expectStep(page, SV, 3, 'After Enter on Continue on step 2');
  await expectFocusOn(page, 'page-heading', 'Step 3 starts at its heading');

  await typeInto('f-languages', 'soma');
  await page.keyboard.press('Enter');
  await typeInto('f-occupation', ANSWERS.occupation);
  await typeInto('f-motivation', ANSWERS.motivation);
  await tabTo(page, `<button>${t.continue_button}`);
  await page.keyboard.press('Enter');
  await expectStep(page, SV, 4, 'After Enter on Continue on step 3');

  await tabTo(page, '#f-consent');
  await page.keyboard.press('Space');
  await tabTo(page, `<button>${t.continue_button}`);
  await page.keyboard.press('Enter');
  await expectCheckPage(page, SV, 'After Enter on Continue on step 4');
  const answers = await checkAnswers(page);
  assert.equal(answers.find(([dt]) => dt === t.first_name)?.[1], ANSWERS.first_name, `The check page's "${t.first_name}"`);
  assert.equal(answers.find(([dt]) => dt === t.languages)?.[1], 'Soomaali', `The check page's "${t.languages}"`);
  assert.equal(answers.find(([dt]) => dt === t.assignment_types)?.[1], t.type_child, `The check page's "${t.assignment_types}"`);
  assertNoPageErrors(page, SV.path);
}));

test('The language question is a combobox used with the keyboard only: type-ahead in Swedish and in the language\'s own name, Enter chooses, Escape closes, Backspace and the remove button remove, the page\'s language and Swedish come first, in Swedish and Arabic', withServerLogs(app, async () => {
  for (const [locale, own, removeArabic] of [[SV, 'Svenska', 'arabiska'], [AR, 'العربية', 'العربية']]) {
    const { t } = locale;
    const page = await app.newPage();
    await openForm(page, locale);
    // The languages are asked on step 3.
    await fillStep1(page, locale);
    await pressContinue(page, locale);
    await expectStep(page, locale, 2, `${locale.path} step 2`);
    await fillStep2(page, locale);
    await pressContinue(page, locale);
    await expectStep(page, locale, 3, `${locale.path} step 3`);
    await expectFocusOn(page, 'page-heading', `${locale.path} step 3`);

    const box = page.getByRole('combobox', { name: t.language_search, exact: true });
    const listbox = page.getByRole('listbox');
    const chosenNames = () => page.locator('.chosen-languages li > span[lang]').allTextContents();
    const activeOption = () => page.evaluate(() => {
      const id = document.activeElement.getAttribute('aria-activedescendant');
      return id ? document.getElementById(id)?.textContent.trim() : null;
    });
    await tabTo(page, '#f-languages');
    assert.equal(await box.getAttribute('aria-expanded'), 'false', `${locale.path}: closed until used`);

    // ArrowDown opens the list: the page's own language first, then Swedish.
    await page.keyboard.press('ArrowDown');
    await eventually(async () => assert.equal(await box.getAttribute('aria-expanded'), 'true'));
    const first = (await listbox.getByRole('option').allTextContents()).slice(0, 2).map((s) => s.trim());
    assert.equal(first[0].split(' (')[0], own, `${locale.path}: the first option is the page's language: ${JSON.stringify(first)}`);
    if (locale === AR) assert.equal(first[1].split(' (')[0], 'Svenska', `${locale.path}: Swedish second`);
    assert.equal(await activeOption(), first[0], `${locale.path}: ArrowDown makes the first option active`);
    await expectNoAxeViolations(page, `${locale.path} (language list open)`);
    await page.keyboard.press('Escape');
    await eventually(async () => assert.equal(await box.getAttribute('aria-expanded'), 'false', 'Escape closes the list'));

    // Type-ahead by the Swedish name, Enter chooses.
    await page.keyboard.type('arab');
    await eventually(async () => assert.match(await activeOption() || '', /^العربية/, `${locale.path}: "arab" finds Arabic`));
    await page.keyboard.press('Enter');
    // By the language's own name.
    await page.keyboard.type('Soomaali');
    await eventually(async () => assert.match(await activeOption() || '', /^Soomaali/, `${locale.path}: "Soomaali" finds Somali`));
    await page.keyboard.press('Enter');
    await eventually(async () => assert.deepEqual((await chosenNames()).map((s) => s.split(' (')[0]), ['العربية', 'Soomaali']));
    assert.equal(await box.inputValue(), '', 'the input is emptied after a choice');
    assert.equal(await page.locator('#error-summary').count(), 0, 'Enter chose a language; it did not continue (no error summary)');
    await expectStep(page, locale, 3, `${locale.path}: Enter in the combobox stays on the step`);
    await expectNoAxeViolations(page, `${locale.path} (two languages chosen)`);

    // Backspace in the empty input removes the last one chosen.
    await page.keyboard.press('Backspace');
    await eventually(async () => assert.deepEqual((await chosenNames()).map((s) => s.split(' (')[0]), ['العربية']));
    // The remove button, reached by Shift+Tab and pressed with Enter, focus back in the input.
    const remove = t.remove_language.replace('{language}', removeArabic);
    await page.keyboard.press('Shift+Tab');
    const name = await page.evaluate(() => document.activeElement.textContent.replace('×', '').trim());
    assert.equal(name, remove, `${locale.path}: Shift+Tab from the input reaches "${remove}"`);
    await page.keyboard.press('Enter');
    await eventually(async () => assert.deepEqual(await chosenNames(), []));
    await expectFocusOn(page, 'f-languages', `${locale.path}: after removing`);

    // What is posted is the codes, as before: the draft holds them.
    await page.keyboard.type('svenska');
    await page.keyboard.press('Enter');
    await eventually(async () => assert.ok((await readDraft(page))?.includes('"languages":["sv"]'), `draft: ${await readDraft(page)}`));
    assertNoPageErrors(page, locale.path);
  }
}));

// ---------------------------------------------------------------------------------------------
// 6. The server refuses: the right step, nothing lost
// ---------------------------------------------------------------------------------------------

test('When the server refuses the sent answers (422 with a field code), the form goes to the step of the first error and shows it there with focus on the summary; once fixed, Continue leads straight back to the check page and the application is received', withServerLogs(app, async () => {
  const { t } = SV;
  const page = await app.newPage();
  await openForm(page, SV);
  await walkToCheck(page, SV);
  const history = await page.evaluate(() => history.length);

  // The answers reach the real server with the occupation emptied on the way (as if the rules
  // had changed since the page was loaded): the server refuses with its own field code.
  await page.route('**/api/applications', async (route) => {
    const body = JSON.parse(route.request().postData());
    await route.continue({ postData: JSON.stringify({ ...body, occupation: '' }) });
  });
  const refused = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/applications');
  await pressSend(page, SV);
  const answer = await refused;
  assert.equal(answer.status(), 422, 'the server refuses');
  assert.deepEqual((await answer.json()).error.fields.map((f) => f.field), ['occupation'], 'for the occupation');
  await page.unroute('**/api/applications');

  await expectStep(page, SV, 3, 'After the refusal');
  const links = await summaryLinks(page, 'After the refusal');
  assert.deepEqual(links, [{ text: t.err_occupation, href: '#f-occupation' }], 'the refusal\'s error, on its step');
  await expectTitle(page, `${t.error_prefix} ${stepHeading(t, 3)}`, 'After the refusal');
  await expectNoAxeViolations(page, `${SV.path} (a refusal shown on step 3)`);
  assert.ok(await page.evaluate(() => history.length) > history, 'the step is a new entry in the history');
  assert.equal(await textbox(page, t.occupation).inputValue(), ANSWERS.occupation, 'nothing typed is lost');

  await textbox(page, t.occupation).fill('Lärare');
  await pressContinue(page, SV);
  await expectCheckPage(page, SV, 'After fixing the refused answer');
  assert.equal((await checkAnswers(page)).find(([dt]) => dt === t.occupation)?.[1], 'Lärare', 'the fixed answer');
  await pressSend(page, SV);
  await expectConfirmation(page, SV, 'After sending again');
  assertNoPageErrors(page, SV.path, isStatusLog(422));
}));

test('When the server refuses a second application from the same address, the page says how many minutes to wait in an alert, and the answers stay on the check page and in the browser, also after a reload', async (t) => {
  const server = await startServer({ env: { KP_SUBMISSION_LIMIT: '1' } });
  const pages = [];
  try {
    const open = async () => {
      const page = await newPage(app.browser);
      pages.push(page);
      const response = await page.goto(server.url(SV.path));
      assert.equal(response.status(), 200, `HTTP status of ${SV.path}`);
      await waitForApp(page);
      await expectStep(page, SV, 1, SV.path);
      return page;
    };

    // The first one is received.
    const first = await open();
    await walkToCheck(first, SV);
    await pressSend(first, SV);
    await expectConfirmation(first, SV, 'First application, after sending');

    // The second one is refused.
    const page = await open();
    const second = { ...ANSWERS, first_name: 'Fatima', email: 'fatima@example.se' };
    await walkToCheck(page, SV, second);
    const refused = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/applications');
    await pressSend(page, SV);
    assert.equal((await refused).status(), 429, 'The server should refuse the second application with 429');

    const pattern = templatePattern(SV.t.rate_limited);
    const alert = page.getByRole('alert');
    await eventually(async () => {
      const texts = (await alert.allTextContents()).map((s) => s.trim());
      const match = texts.map((s) => pattern.exec(s)).find(Boolean);
      assert.ok(match, `A role=alert should say ${JSON.stringify(SV.t.rate_limited)} with the minutes filled in; the alerts say ${JSON.stringify(texts)}`);
      const minutes = Number(match[1]);
      assert.ok(minutes >= 1 && minutes <= 10, `The minutes to wait should be 1–10, they are ${minutes}`);
    }, { timeout: 5000 });
    // The refusal is the form's one error summary: its heading, and focus on it.
    assert.equal(((await page.locator('#error-summary').getByRole('heading').textContent()) || '').trim(), SV.t.error_summary,
      'The refusal is shown in the error summary, under its heading');
    await expectFocusOn(page, 'error-summary', 'After the refusal');
    await expectNoAxeViolations(page, 'the check page with a refused send');

    await expectCheckPage(page, SV, 'After the refusal');
    const answers = await checkAnswers(page);
    assert.equal(answers.find(([dt]) => dt === SV.t.first_name)?.[1], 'Fatima', `After the refusal the check page should still list "${SV.t.first_name}: Fatima"`);
    assert.equal(
      await page.getByRole('button', { name: SV.t.send, exact: true }).isEnabled(),
      true,
      `After the refusal "${SV.t.send}" should be usable again`,
    );
    const draft = await readDraft(page);
    assert.ok(draft && draft.includes('"Fatima"') && draft.includes(second.email),
      `After the refusal localStorage["${DRAFT_KEY}"] should still hold the answers; it is ${draft}`);

    await page.reload();
    await waitForApp(page);
    await expectCheckPage(page, SV, 'After the refusal and a reload');
    assert.equal((await checkAnswers(page)).find(([dt]) => dt === SV.t.motivation)?.[1], second.motivation, 'After the refusal and a reload, the motivation');
    assertNoPageErrors(first, 'the first application');
    assertNoPageErrors(page, 'the refused application', isStatusLog(429));
  } catch (err) {
    for (const line of server.describeLogs().split('\n')) t.diagnostic(line);
    throw err;
  } finally {
    await Promise.all(pages.map((p) => p.context().close().catch(() => {})));
    await server.stop();
  }
});

test('The form\'s wasm has only the texts its page brings: with them taken out of the page, the app leaves the server\'s page, which says how to apply by phone, and says why in the console', withServerLogs(app, async () => {
  const { t } = SV;
  const page = await app.newPage();
  await page.route((url) => url.pathname === SV.path, async (route) => {
    const response = await route.fetch();
    const html = await response.text();
    assert.ok(html.includes('<script id="kp-form-text" type="application/json">'), 'the page brings the form\'s texts');
    await route.fulfill({ response, body: html.replace(/<script id="kp-form-text" type="application\/json">[^<]*<\/script>/, '') });
  });
  await page.goto(app.url(SV.path));
  await eventually(async () => {
    const logged = (page.__errors || []).map((e) => e.text).join('\n');
    assert.ok(logged.includes('the form\'s texts are missing'), `the console says why; it has ${logged}`);
  }, { timeout: 10000 });
  assert.equal(((await page.getByRole('heading', { level: 1 }).textContent()) || '').trim(), t.title, 'the server\'s heading stays');
  assert.ok((await page.locator('main').innerText()).includes('010-123 45 67'), 'the server\'s page says how to apply by phone');
  assert.equal(await page.getByRole('textbox').count(), 0, 'no form is drawn without its texts');
  await expectNoAxeViolations(page, 'the form page without its texts');
}));
