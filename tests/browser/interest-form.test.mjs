// The interest form (intresseanmälan) as an applicant meets it: the error summary on an empty
// form, fixing a wrong personnummer, filling in everything by label with a reload half-way,
// checking and changing an answer, sending, the receipt, a double click on "send", the form in
// Arabic (right to left), the form with the keyboard only, and a refusal from the server that
// loses nothing. The page title says "Fel:" while errors are shown; this server has no mail
// server (no SMTP_URL), so the confirmation says no mail is sent, and it offers no second form.
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

/** The fields an empty form misses, in the form's order (FIELD_ORDER in domain/src/application.rs). */
const REQUIRED_FIELDS = [
  'first_name', 'last_name', 'personnummer', 'address', 'postcode', 'town', 'phone', 'email',
  'assignment_types', 'languages', 'occupation', 'frequency', 'times', 'motivation', 'consent',
];

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

async function openForm(page, locale) {
  const response = await page.goto(app.url(locale.path));
  assert.ok(response, `no response for ${locale.path}`);
  assert.equal(response.status(), 200, `HTTP status of ${locale.path}`);
  await waitForApp(page);
  await expectHeading(page, locale.t.title, locale.path);
}

const textbox = (page, label) => page.getByLabel(label, { exact: true });

/** The first half of the form: about you, contact, the assignment, the languages. */
async function fillFirstHalf(page, { t }, answers = ANSWERS) {
  await textbox(page, t.first_name).fill(answers.first_name);
  await textbox(page, t.last_name).fill(answers.last_name);
  await textbox(page, t.personnummer).fill(answers.personnummer);
  await textbox(page, t.address).fill(answers.address);
  await textbox(page, t.postcode).fill(answers.postcode);
  await textbox(page, t.town).fill(answers.town);
  await textbox(page, t.phone).fill(answers.phone);
  await textbox(page, t.email).fill(answers.email);
  await page.getByRole('checkbox', { name: t.type_child, exact: true }).check();
  await page.getByRole('combobox', { name: t.language_search, exact: true }).fill('soma');
  const somali = page.getByRole('option', { name: /^Soomaali\b/ });
  await eventually(async () => {
    assert.equal(await somali.count(), 1, 'After searching for "soma", one option named "Soomaali …" should be listed');
  });
  await somali.click();
}

/** The second half: occupation, how often, when, motivation, consent. */
async function fillSecondHalf(page, { t, u }, answers = ANSWERS) {
  await textbox(page, t.occupation).fill(answers.occupation);
  await page.getByRole('radio', { name: u.freq_weekly, exact: true }).check();
  await page.getByRole('checkbox', { name: t.time_evenings, exact: true }).check();
  await textbox(page, t.motivation).fill(answers.motivation);
  await page.getByRole('checkbox', { name: t.consent, exact: true }).check();
}

async function pressContinue(page, { t }) {
  await page.getByRole('button', { name: t.continue_button, exact: true }).click();
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

const readDraft = (page) => page.evaluate((key) => window.localStorage.getItem(key), DRAFT_KEY);

/** A Chromium console error for a response with this status (the app handles it; not a bug). */
const isStatusLog = (status) => (e) => e.kind === 'console' && e.text.includes(`status of ${status}`);

// ---------------------------------------------------------------------------------------------
// 1. The empty form, the error summary and a wrong personnummer
// ---------------------------------------------------------------------------------------------

test('Continuing with an empty Swedish form shows a focused error summary with a link per missing answer, marks every bad field, and the summary leads to the field; a wrong personnummer gets the checksum message', withServerLogs(app, async () => {
  const { t } = SV;
  const page = await app.newPage();
  await openForm(page, SV);
  await eventually(async () => {
    const html = page.locator('html');
    assert.equal(await html.getAttribute('lang'), 'sv', '<html lang> on the form');
    assert.equal(await html.getAttribute('dir'), 'ltr', '<html dir> on the form');
  });
  await expectNoAxeViolations(page, `${SV.path} (empty form)`);

  await pressContinue(page, SV);
  const summary = page.getByRole('alert');
  await eventually(async () => {
    assert.equal(await summary.count(), 1, 'After Continue on an empty form there should be one role=alert (the error summary)');
  });
  assert.equal(await summary.getAttribute('id'), 'error-summary', 'The role=alert should be #error-summary');
  assert.equal(
    ((await summary.getByRole('heading').first().textContent()) || '').trim(),
    t.error_summary,
    'The error summary\'s heading',
  );
  await expectFocusOn(page, 'error-summary', 'After Continue on an empty form');

  const links = await summary.getByRole('link').evaluateAll((as) =>
    as.map((a) => ({ text: a.textContent.trim(), href: a.getAttribute('href') })));
  const expected = REQUIRED_FIELDS.map((field) => ({ text: t[`err_${field}`], href: `#f-${field}` }));
  assert.deepEqual(links, expected, 'The error summary should link to every missing answer, in the form\'s order, with its message');

  // Every bad field: aria-invalid, and described by its inline error, which says the same.
  const problems = await page.evaluate((fields) => fields.flatMap((field) => {
    const control = document.getElementById(`f-${field}`);
    if (!control) return [`#f-${field} does not exist`];
    // A group of checkboxes or radios (and the language search) is answered as a whole: the
    // fieldset carries the state; a text field carries it itself.
    const grouped = control.type === 'checkbox' || control.type === 'radio' || field === 'languages';
    const target = grouped ? control.closest('fieldset') : control;
    const name = grouped ? `the fieldset of #f-${field}` : `#f-${field}`;
    const out = [];
    if (!target) return [`${name} does not exist`];
    if (target.getAttribute('aria-invalid') !== 'true') {
      out.push(`${name}: aria-invalid is ${JSON.stringify(target.getAttribute('aria-invalid'))}, expected "true"`);
    }
    const errorId = `f-${field}-error`;
    const describedBy = (target.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
    if (!describedBy.includes(errorId)) {
      out.push(`${name}: aria-describedby is ${JSON.stringify(target.getAttribute('aria-describedby'))}, should include "${errorId}"`);
    }
    for (const id of describedBy) {
      if (!document.getElementById(id)) out.push(`${name}: aria-describedby names #${id}, which does not exist`);
    }
    const error = document.getElementById(errorId);
    if (!error) out.push(`#${errorId} (the inline error of ${field}) does not exist`);
    return out.map((p) => `${field}: ${p}`);
  }), REQUIRED_FIELDS);
  // (Asserted at the end, so that one run also reports what follows.)
  for (const field of REQUIRED_FIELDS) {
    const error = ((await page.locator(`#f-${field}-error`).textContent()) || '').replace(/\s+/g, ' ').trim();
    assert.equal(error, `${t.error_prefix} ${t[`err_${field}`]}`, `The inline error of ${field} (#f-${field}-error)`);
  }
  await expectNoAxeViolations(page, `${SV.path} (error state)`);

  // The summary's link for the personnummer moves focus to its input.
  await summary.getByRole('link', { name: t.err_personnummer, exact: true }).click();
  await expectFocusOn(page, 'f-personnummer', `After clicking "${t.err_personnummer}" in the error summary`);

  // A personnummer with a wrong check digit.
  await page.keyboard.type('19811218-9875');
  await pressContinue(page, SV);
  await eventually(async () => {
    const texts = (await summary.getByRole('link').allTextContents()).map((s) => s.trim());
    assert.ok(
      texts.includes(t.err_personnummer_checksum),
      `After Continue with 19811218-9875 the error summary should say "${t.err_personnummer_checksum}"; it lists ${JSON.stringify(texts)}`,
    );
  });
  const personnummerError = ((await page.locator('#f-personnummer-error').textContent()) || '').replace(/\s+/g, ' ').trim();
  assert.equal(personnummerError, `${t.error_prefix} ${t.err_personnummer_checksum}`, 'The inline error of the personnummer');

  // Fixed: the personnummer is no longer a problem.
  const personnummerMessages = Object.entries(t).filter(([k]) => k.startsWith('err_personnummer')).map(([, v]) => v);
  await textbox(page, t.personnummer).fill(ANSWERS.personnummer);
  await pressContinue(page, SV);
  await eventually(async () => {
    const texts = (await summary.getByRole('link').allTextContents()).map((s) => s.trim());
    assert.ok(
      !texts.some((s) => personnummerMessages.includes(s)),
      `After fixing the personnummer the error summary should not mention it; it lists ${JSON.stringify(texts)}`,
    );
    assert.equal(await textbox(page, t.personnummer).getAttribute('aria-invalid'), null, 'aria-invalid on the fixed personnummer');
  });
  assert.equal(await page.locator('#f-personnummer-error').count(), 0, 'The fixed personnummer should have no inline error');
  assertNoPageErrors(page, SV.path);
  assert.deepEqual(problems, [], `Fields with an error are not marked up right:\n  ${problems.join('\n  ')}`);
}));

test('The street address is a one-line field the browser fills with address-line1, and no two fieldsets on the form share a legend, in Swedish and Arabic', withServerLogs(app, async () => {
  for (const locale of [SV, AR]) {
    const { t } = locale;
    const page = await app.newPage();
    await openForm(page, locale);
    const address = textbox(page, t.address);
    assert.equal(await address.evaluate((el) => el.tagName.toLowerCase()), 'input', `${locale.path}: "${t.address}" is a one-line input`);
    assert.equal(await address.getAttribute('autocomplete'), 'address-line1', `${locale.path}: "${t.address}" autocomplete`);
    const legends = await page.locator('form legend').allTextContents();
    const repeated = legends.map((l) => l.trim()).filter((l, i, all) => all.indexOf(l) !== i);
    assert.deepEqual(repeated, [], `${locale.path}: legends used twice (of ${JSON.stringify(legends)})`);
    assert.equal(await page.getByRole('group', { name: t.consent_legend, exact: true }).count(), 1,
      `${locale.path}: the consent checkbox is in its own group "${t.consent_legend}"`);
    await expectNoAxeViolations(page, `${locale.path} (the form's legends and address)`);
    assertNoPageErrors(page, locale.path);
  }
}));

test('The page title starts with "Fel:" while the form shows errors and loses it once they are fixed; without a mail server the confirmation says no mail is sent and offers no second form', withServerLogs(app, async () => {
  const { t } = SV;
  const page = await app.newPage();
  await openForm(page, SV);
  const expectTitle = (start, label) => eventually(async () => {
    const title = await page.title();
    assert.ok(title.startsWith(start), `${label}: the title ${JSON.stringify(title)} should start with ${JSON.stringify(start)}`);
  });
  await expectTitle(t.title, 'The empty form');
  assert.ok(!(await page.title()).startsWith(t.error_prefix), 'No "Fel:" before anything is wrong');

  await pressContinue(page, SV);
  await page.locator('#error-summary').waitFor();
  await expectTitle(`${t.error_prefix} ${t.title}`, 'With the error summary shown');
  await expectNoAxeViolations(page, `${SV.path} (errors, "Fel:" in the title)`);

  // Every answer given: the errors follow the answers away, and so does "Fel:".
  await fillFirstHalf(page, SV);
  await fillSecondHalf(page, SV);
  await eventually(async () => assert.equal(await page.locator('#error-summary').count(), 0, 'no error summary once all is answered'));
  await expectTitle(t.title, 'With every error fixed');

  await pressContinue(page, SV);
  await expectCheckPage(page, SV, 'After Continue');
  await expectTitle(t.check_title, 'Check your answers');
  await pressSend(page, SV);
  await expectConfirmation(page, SV, 'After sending without a mail server');
  await expectTitle(t.done_title, 'The confirmation');
  await expectNoAxeViolations(page, `${SV.path} (confirmation without a mail server)`);
  assertNoPageErrors(page, SV.path);
}));

// ---------------------------------------------------------------------------------------------
// 2. Everything by label, a reload half-way, check, change, send, receipt
// ---------------------------------------------------------------------------------------------

test('A Swedish applicant fills in the form by label, reloads half-way without losing anything, checks and changes an answer, sends, and gets a reference; afterwards the form is empty', withServerLogs(app, async () => {
  const { t, u } = SV;
  const page = await app.newPage();
  await openForm(page, SV);
  await fillFirstHalf(page, SV);

  // The draft is in this browser before the reload.
  await eventually(async () => {
    const draft = await readDraft(page);
    assert.ok(draft && draft.includes(ANSWERS.email), `localStorage["${DRAFT_KEY}"] should hold the answers typed so far; it is ${draft}`);
  });
  await page.reload();
  await waitForApp(page);
  await expectHeading(page, t.title, `${SV.path} after a reload`);

  await eventually(async () => {
    const restored = {};
    for (const field of ['first_name', 'last_name', 'personnummer', 'address', 'postcode', 'town', 'phone', 'email']) {
      restored[field] = await textbox(page, t[field]).inputValue();
    }
    const typed = Object.fromEntries(Object.keys(restored).map((k) => [k, ANSWERS[k]]));
    assert.deepEqual(restored, typed, 'After a reload every text typed should be back in its field');
    assert.equal(await page.getByRole('checkbox', { name: t.type_child, exact: true }).isChecked(), true,
      `After a reload "${t.type_child}" should still be ticked`);
    const removeSomali = t.remove_language.replace('{language}', 'somaliska');
    assert.equal(await page.getByRole('button', { name: removeSomali, exact: true }).count(), 1,
      `After a reload "Soomaali" should still be chosen (a button "${removeSomali}")`);
    const chosen = (await page.locator('.chosen').textContent()) || '';
    assert.ok(chosen.includes('Soomaali'), `After a reload the chosen languages should show Soomaali: ${JSON.stringify(chosen)}`);
  });

  await fillSecondHalf(page, SV);
  await pressContinue(page, SV);
  await expectCheckPage(page, SV, 'After Continue on a complete form');
  await expectFocusOn(page, 'page-heading', 'On the check page');
  const answers = await checkAnswers(page);
  const row = (label) => answers.find(([dt]) => dt === label)?.[1];
  assert.equal(row(t.first_name), ANSWERS.first_name, `The check page should list "${t.first_name}: ${ANSWERS.first_name}"; it lists ${JSON.stringify(answers)}`);
  assert.equal(row(t.languages), 'Soomaali', `The check page should list "${t.languages}: Soomaali"; it lists ${JSON.stringify(answers)}`);
  assert.equal(row(t.frequency), u.freq_weekly, `The check page's "${t.frequency}"`);
  assert.equal(row(t.times), t.time_evenings, `The check page's "${t.times}"`);
  assert.equal(row(t.address), `${ANSWERS.address}, ${ANSWERS.postcode} ${ANSWERS.town}`, `The check page's "${t.address}"`);
  await expectNoAxeViolations(page, `${SV.path} (check your answers)`);

  // Change the first name.
  const changeFirstName = page.getByRole('link', { name: `${t.change} ${t.first_name}`, exact: true });
  assert.equal(await changeFirstName.count(), 1, `The check page should have one link "${t.change} ${t.first_name}"`);
  await changeFirstName.click();
  await expectHeading(page, t.title, `After "${t.change} ${t.first_name}"`);
  await expectFocusOn(page, 'f-first_name', `After "${t.change} ${t.first_name}"`);
  assert.equal(await textbox(page, t.first_name).inputValue(), ANSWERS.first_name, 'The first name when back on the form');
  await textbox(page, t.first_name).fill('Amira');
  await pressContinue(page, SV);
  await expectCheckPage(page, SV, 'After changing the first name and Continue');
  assert.equal((await checkAnswers(page)).find(([dt]) => dt === t.first_name)?.[1], 'Amira', 'The changed first name on the check page');

  await pressSend(page, SV);
  const reference = await expectConfirmation(page, SV, 'After sending');
  assert.match(reference, REFERENCE);
  await expectFocusOn(page, 'page-heading', 'On the confirmation');
  await expectNoAxeViolations(page, `${SV.path} (confirmation)`);
  assert.equal(await readDraft(page), null, `After sending, localStorage["${DRAFT_KEY}"] should be cleared`);

  await page.goto(app.url(SV.path));
  await waitForApp(page);
  await expectHeading(page, t.title, `${SV.path} after sending`);
  await eventually(async () => {
    const values = await page.evaluate(() => [...document.querySelectorAll('form input, form textarea')]
      .filter((el) => el.type !== 'checkbox' && el.type !== 'radio' && el.value !== '')
      .map((el) => `#${el.id}=${JSON.stringify(el.value)}`));
    assert.deepEqual(values, [], 'After sending, the form should be empty again');
    const ticked = await page.evaluate(() => [...document.querySelectorAll('form input:checked')].map((el) => `#${el.id}`));
    assert.deepEqual(ticked, [], 'After sending, nothing should be ticked');
  });
  assertNoPageErrors(page, SV.path);
}));

// ---------------------------------------------------------------------------------------------
// 3. A double click on "send"
// ---------------------------------------------------------------------------------------------

test('An applicant on a shared computer empties the form with "Töm formuläret" after saying yes, and a draft last written more than seven days ago is gone at the next visit', withServerLogs(app, async () => {
  const { t } = SV;
  const page = await app.newPage();
  await openForm(page, SV);
  assert.ok((await page.locator('.inset').first().innerText()).includes(t.saved_note), 'the form says how long answers are kept');
  await fillFirstHalf(page, SV);
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
  assert.equal(await page.getByRole('checkbox', { name: t.type_child, exact: true }).isChecked(), false);
  await eventually(async () => assert.equal(await readDraft(page), null, 'nothing is left in localStorage'));
  await page.reload();
  await waitForApp(page);
  assert.equal(await textbox(page, t.first_name).inputValue(), '', 'a reload brings nothing back');

  // A draft last written eight days ago is removed at the next visit, not shown.
  await fillFirstHalf(page, SV);
  await eventually(async () => assert.ok((await readDraft(page))?.includes(ANSWERS.email)));
  await page.evaluate((key) => {
    const draft = JSON.parse(localStorage.getItem(key));
    draft.saved_at_ms = Date.now() - 8 * 24 * 3600 * 1000;
    localStorage.setItem(key, JSON.stringify(draft));
  }, DRAFT_KEY);
  await page.reload();
  await waitForApp(page);
  await expectHeading(page, t.title, 'after eight days');
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
  await fillFirstHalf(page, SV);
  await fillSecondHalf(page, SV);
  await pressContinue(page, SV);
  await expectCheckPage(page, SV, 'After Continue');

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

test('In Arabic (/ar/apply) the form is right to left, the error summary is in Arabic, and filling in by the Arabic labels leads to a confirmation, with no axe violations on any step', withServerLogs(app, async () => {
  const { t, u } = AR;
  const page = await app.newPage();
  await openForm(page, AR);
  await eventually(async () => {
    const html = page.locator('html');
    assert.equal(await html.getAttribute('lang'), 'ar', '<html lang> on /ar/apply');
    assert.equal(await html.getAttribute('dir'), 'rtl', '<html dir> on /ar/apply');
  });
  await expectNoAxeViolations(page, `${AR.path} (empty form)`);

  await pressContinue(page, AR);
  const summary = page.getByRole('alert');
  await eventually(async () => {
    assert.equal(await summary.count(), 1, 'After Continue on an empty Arabic form there should be one role=alert');
  });
  await expectFocusOn(page, 'error-summary', 'After Continue on an empty Arabic form');
  assert.equal(((await summary.getByRole('heading').first().textContent()) || '').trim(), t.error_summary, 'The Arabic error summary\'s heading');
  const links = (await summary.getByRole('link').allTextContents()).map((s) => s.trim());
  assert.deepEqual(links, REQUIRED_FIELDS.map((f) => t[`err_${f}`]), 'The Arabic error summary\'s links');
  await eventually(async () => {
    const title = await page.title();
    assert.ok(title.startsWith(`${t.error_prefix} ${t.title}`), `The Arabic title with errors shown: ${JSON.stringify(title)}`);
  });
  await expectNoAxeViolations(page, `${AR.path} (error state)`);

  await fillFirstHalf(page, AR);
  await fillSecondHalf(page, AR);
  await pressContinue(page, AR);
  await expectCheckPage(page, AR, 'After Continue on a complete Arabic form');
  const answers = await checkAnswers(page);
  assert.equal(answers.find(([dt]) => dt === t.first_name)?.[1], ANSWERS.first_name, `The Arabic check page's "${t.first_name}": ${JSON.stringify(answers)}`);
  assert.equal(answers.find(([dt]) => dt === t.frequency)?.[1], u.freq_weekly, `The Arabic check page's "${t.frequency}"`);
  assert.equal(
    await page.getByRole('link', { name: `${t.change} ${t.first_name}`, exact: true }).count(),
    1,
    `The Arabic check page should have a link "${t.change} ${t.first_name}"`,
  );
  await expectNoAxeViolations(page, `${AR.path} (check your answers)`);

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

test('With the keyboard only, Tab reaches every control of the Swedish form in order, and an applicant fills it in with Tab, Space and typing, and Enter in a text field continues to the check page', withServerLogs(app, async (tc) => {
  const { t } = SV;
  const page = await app.newPage();
  await openForm(page, SV);

  // Tab order: from the top of the page to the Continue button.
  const expected = await page.evaluate(() => {
    const keys = [...document.querySelectorAll('form input, form textarea, form select')]
      .filter((el) => el.id.startsWith('f-') && el.tabIndex >= 0 && !el.disabled
        && !el.closest('[aria-hidden="true"], [inert]')
        && el.checkVisibility({ visibilityProperty: true }))
      .map((el) => (el.type === 'radio' ? `radio:${el.name}` : `#${el.id}`));
    return keys.filter((k, i) => k !== keys[i - 1]);
  });
  const stops = [];
  for (let i = 0; i < 400; i++) {
    await page.keyboard.press('Tab');
    const now = await focusKey(page);
    stops.push(now);
    const isContinue = await page.evaluate(() => document.activeElement?.matches('form button[type="submit"]'));
    if (isContinue) break;
  }
  const reached = stops.filter((k) => k.startsWith('#f-') || k.startsWith('radio:'));
  assert.deepEqual(reached, expected, 'The form controls Tab reaches, in order (radios of one group are one stop)');
  tc.diagnostic(`Tab reached ${reached.length} form controls in ${stops.length} presses`);

  // Fill in: skip link, then Tab from control to control.
  await page.goto(app.url(SV.path));
  await waitForApp(page);
  await expectHeading(page, t.title, `${SV.path} (keyboard)`);
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
  await tabTo(page, '#f-assignment_types');
  await page.keyboard.press('Space');
  await typeInto('f-languages', 'soma');
  await page.keyboard.press('Enter');
  await typeInto('f-occupation', ANSWERS.occupation);
  await tabTo(page, 'radio:frequency');
  await page.keyboard.press('Space');
  await tabTo(page, '#f-times');
  await page.keyboard.press('Space');
  await typeInto('f-motivation', ANSWERS.motivation);
  await tabTo(page, '#f-consent');
  await page.keyboard.press('Space');

  const state = await page.evaluate(() => ({
    child: document.getElementById('f-assignment_types').checked,
    somali: document.querySelectorAll('.chosen-languages [lang="so"]').length === 1,
    weekly: document.getElementById('f-frequency').checked,
    weekdays: document.getElementById('f-times').checked,
    consent: document.getElementById('f-consent').checked,
  }));
  assert.deepEqual(state, { child: true, somali: true, weekly: true, weekdays: true, consent: true },
    'Space should have ticked the assignment, Enter chosen Soomaali, Space ticked the first frequency, the first time and the consent');

  // Back to a text field, and Enter continues.
  await tabTo(page, '#f-email', { back: true });
  await page.keyboard.press('Enter');
  await expectCheckPage(page, SV, 'After Enter in the e-mail field');
  const answers = await checkAnswers(page);
  assert.equal(answers.find(([dt]) => dt === t.first_name)?.[1], ANSWERS.first_name, `The check page's "${t.first_name}"`);
  assert.equal(answers.find(([dt]) => dt === t.languages)?.[1], 'Soomaali', `The check page's "${t.languages}"`);
  assertNoPageErrors(page, SV.path);
}));

test('The language question is a combobox used with the keyboard only: type-ahead in Swedish and in the language\'s own name, Enter chooses, Escape closes, Backspace and the remove button remove, the page\'s language and Swedish come first, in Swedish and Arabic', withServerLogs(app, async () => {
  for (const [locale, own, removeArabic] of [[SV, 'Svenska', 'arabiska'], [AR, 'العربية', 'العربية']]) {
    const { t } = locale;
    const page = await app.newPage();
    await openForm(page, locale);
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
// 6. The server refuses: nothing is lost
// ---------------------------------------------------------------------------------------------

test('When the server refuses a second application from the same address, the page says how many minutes to wait in an alert, and the answers stay on the check page and in the browser', async (t) => {
  const server = await startServer({ env: { KP_SUBMISSION_LIMIT: '1' } });
  const pages = [];
  try {
    const open = async () => {
      const page = await newPage(app.browser);
      pages.push(page);
      const response = await page.goto(server.url(SV.path));
      assert.equal(response.status(), 200, `HTTP status of ${SV.path}`);
      await waitForApp(page);
      await expectHeading(page, SV.t.title, SV.path);
      return page;
    };

    // The first one is received.
    const first = await open();
    await fillFirstHalf(first, SV);
    await fillSecondHalf(first, SV);
    await pressContinue(first, SV);
    await expectCheckPage(first, SV, 'First application, after Continue');
    await pressSend(first, SV);
    await expectConfirmation(first, SV, 'First application, after sending');

    // The second one is refused.
    const page = await open();
    const second = { ...ANSWERS, first_name: 'Fatima', email: 'fatima@example.se' };
    await fillFirstHalf(page, SV, second);
    await fillSecondHalf(page, SV, second);
    await pressContinue(page, SV);
    await expectCheckPage(page, SV, 'Second application, after Continue');
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
    await expectHeading(page, SV.t.title, 'After the refusal and a reload');
    await eventually(async () => {
      assert.equal(await textbox(page, SV.t.first_name).inputValue(), 'Fatima', 'After the refusal and a reload, the first name');
      assert.equal(await textbox(page, SV.t.motivation).inputValue(), second.motivation, 'After the refusal and a reload, the motivation');
    });
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
