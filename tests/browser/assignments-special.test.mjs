// Two things of the assignments screens that only unit tests covered, driven as a caseworker
// would:
// - a special qualified assignment ("särskilt kvalificerad kontaktperson"): the need registered
//   in the form, the contact person chosen with the monthly arvode and omkostnad decided for the
//   case, the amounts on the assignment page, the plan that needs the agreed support and the
//   contacts with school and authorities, and the payment basis of the month it began paying
//   the decided amounts pro rata for the days covered once the contact person (signed in to
//   their area by a link mailed to a real SMTP listener) has sent that month's report and the
//   caseworker has approved it in the review screen; until then, and for this month not yet
//   reported, the basis lists it as not paid, with why;
// - the load flag: a contact person with three active assignments is marked on a fourth need's
//   list and ranked below an otherwise equal person with none.
// 0 axe violations on each screen.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  useApp, withServerLogs, expectNoAxeViolations, assertNoPageErrors, eventually, errorSummary,
  applyThroughThePublicForm, todayInSweden, signInToCaseworkerArea, ensurePriceBaseForThisYear, approveThroughTheApi,
  startMailbox, contactAreaEnv, contactPersonSignsIn, monthName, monthBefore,
} from './harness.mjs';
import { areaLink as nav } from './harness.mjs';

const DEMO = { user: 'demo@exempelby.se', password: 'ett demolösenord 2026' };
const mailbox = await startMailbox();
const area = await contactAreaEnv(mailbox);
const app = useApp({ env: { DEMO_USER: DEMO.user, DEMO_PASSWORD: DEMO.password, ...area.env } });
after(() => mailbox.close());

async function signIn(page) {
  await signInToCaseworkerArea(page, app.server, DEMO);
  await ensurePriceBaseForThisYear(page);
}

/** Whole kronor as the Swedish screens write them: `4 321 kr` with no-break spaces. */
function kronor(amount) {
  return `${String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0')}\u00a0kr`;
}

/** A written amount (`4 321 kr`) as a number. */
function kronorValue(text) {
  assert.match(text, /^\d[\d\u00a0]*\u00a0kr$/u, `an amount in kronor, got ${JSON.stringify(text)}`);
  return Number(text.replace(/\D/g, ''));
}

/** A monthly amount for `days` of a month of `daysInMonth` days, rounded half away from zero. */
function proRata(monthly, days, daysInMonth) {
  return Math.floor((2 * monthly * days + daysInMonth) / (2 * daysInMonth));
}

/** The focused element's id. */
const focusedId = (page) => page.evaluate(() => document.activeElement?.id);

/** Sends a JSON body from the signed-in page (same origin, with its session); the answer. */
async function send(page, method, path, body) {
  return page.evaluate(async ({ method, path, body }) => {
    const response = await fetch(path, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.text() };
  }, { method, path, body });
}

/** A child's need as the API takes it (the form's fields, see `domain/src/need.rs`). */
function childNeed(caseReference) {
  return {
    case_reference: caseReference,
    birth_year: String(Number(todayInSweden().slice(0, 4)) - 11),
    gender: 'boy',
    languages: ['so'],
    area: 'Exempelby',
    interests: '',
    goals: ['wider_network'],
    goal_note: '',
    assignment_type: 'child',
    frequency: 'weekly',
    times: ['evenings'],
    suggested_person: '',
    needs_driving: false,
  };
}

/** Registers a need through the API; its reference. */
async function registerNeed(page, need) {
  const answer = await send(page, 'POST', '/api/needs', need);
  assert.equal(answer.status, 201, `the need was registered: ${answer.body}`);
  return JSON.parse(answer.body).reference;
}

test('A special qualified assignment keeps the amounts decided for the case, asks its plan for the agreed support and the contacts with school and authorities, and is paid those amounts for the days it ran', withServerLogs(app, async () => {
  const today = todayInSweden();
  const year = Number(today.slice(0, 4));
  // It began on the 10th of last month: that month is over, so its report can be sent, and it
  // is paid for the days from the 10th.
  const thisMonth = today.slice(0, 7);
  const paidMonth = monthBefore(thisMonth);
  const start = `${paidMonth}-10`;
  const daysInMonth = new Date(Date.UTC(Number(paidMonth.slice(0, 4)), Number(paidMonth.slice(5, 7)), 0)).getUTCDate();
  const daysCovered = daysInMonth - 10 + 1;
  const decided = { arvode: 4321, omkostnad: 1234 };
  const reference = await applyThroughThePublicForm(app.browser, app.server, 'Ayaan', 'Farah', 'Jag har arbetat länge med unga som behöver extra stöd.');

  const page = await app.newPage();
  await signIn(page);
  await approveThroughTheApi(page, reference, ['special']);

  // The need, registered in the form as a special qualified assignment.
  await nav(page, 'Behov').click();
  await page.getByRole('heading', { level: 1, name: 'Behov' }).waitFor();
  await page.getByRole('link', { name: 'Registrera ett nytt behov' }).click();
  await page.getByRole('heading', { level: 1, name: 'Nytt behov' }).waitFor();
  await page.getByLabel('Ärendenummer').fill('IFO-2026-9001');
  await page.getByLabel('Barnets födelseår').fill(String(year - 14));
  await page.getByRole('radio', { name: 'Pojke', exact: true }).check();
  await page.getByLabel('Sök språk').fill('soma');
  await page.getByRole('checkbox', { name: 'Somaliska', exact: true }).check();
  await page.getByLabel('Område', { exact: true }).fill('Exempelby');
  await page.getByRole('checkbox', { name: 'Stöd med skolan', exact: true }).check();
  await page.getByRole('radio', { name: 'Särskilt kvalificerad kontaktperson', exact: true }).check();
  await page.getByRole('radio', { name: 'Flera gånger i veckan', exact: true }).check();
  await page.getByRole('button', { name: 'Spara behovet' }).click();

  const needHeading = page.getByRole('heading', { level: 1, name: /^Behov B-\d{4}-\d{4,}$/ });
  await needHeading.waitFor();
  const needReference = (await needHeading.innerText()).replace('Behov ', '');
  assert.match(await page.locator('.answers').innerText(), /Uppdragstyp\s+Särskilt kvalificerad kontaktperson/);
  const candidate = page.locator('li.match').filter({ has: page.getByRole('heading', { level: 3, name: 'Ayaan Farah' }) });
  await candidate.waitFor();
  await expectNoAxeViolations(page, 'special need with matches');

  // Chosen with the amounts decided for the case: asked for when missing.
  await candidate.getByRole('button', { name: 'Välj Ayaan Farah' }).click();
  const arvode = page.getByLabel('Arvode, kronor per månad');
  const omkostnad = page.getByLabel('Omkostnadsersättning, kronor per månad');
  await arvode.waitFor();
  assert.equal(await page.getByLabel('Första dag').inputValue(), today, 'the start date begins as today');
  await page.getByLabel('Första dag').fill(start);
  await page.getByLabel('Varför den här kontaktpersonen?').fill('Erfarenhet av unga med stora behov, talar somaliska.');
  await page.getByRole('button', { name: 'Skapa uppdraget' }).click();
  const missing = await errorSummary(page, 'choice-errors');
  assert.match(missing, /Ange det arvode som har beslutats, i kronor per månad\./);
  assert.match(missing, /Ange den omkostnadsersättning som har beslutats, i kronor per månad\./);
  assert.doesNotMatch(missing, /Skriv varför/, 'the reason was given');
  assert.equal(await arvode.getAttribute('aria-invalid'), 'true');
  assert.equal(await omkostnad.getAttribute('aria-invalid'), 'true');
  await expectNoAxeViolations(page, 'special choice form without amounts');
  await arvode.fill('4 321');
  await omkostnad.fill(String(decided.omkostnad));
  await page.getByRole('button', { name: 'Skapa uppdraget' }).click();

  // The assignment shows the decided amounts.
  const assignmentHeading = page.getByRole('heading', { level: 1, name: /^Uppdrag U-\d{4}-\d{4,}: Ayaan Farah$/ });
  await assignmentHeading.waitFor();
  const assignmentReference = (await assignmentHeading.innerText()).match(/^Uppdrag (U-\S+):/)[1];
  assert.equal(assignmentReference, needReference.replace(/^B-/, 'U-'), 'an assignment shares its need\'s number');
  const facts = await page.locator('.facts').innerText();
  assert.match(facts, /Uppdragstyp\s+Särskilt kvalificerad kontaktperson/);
  assert.match(facts, new RegExp(`Startade\\s+${start}`));
  assert.match(
    facts,
    new RegExp(`Ersättning\\s+Arvode ${kronor(decided.arvode)} och omkostnad ${kronor(decided.omkostnad)} per månad`),
    'the decided amounts are shown',
  );
  await expectNoAxeViolations(page, 'special assignment without a plan');

  // The plan: without the special texts it is not saved, and says what is missing.
  const agreedSupport = page.getByLabel('Överenskommet stöd', { exact: true });
  const schoolContacts = page.getByLabel('Kontakter med skola och myndigheter', { exact: true });
  await page.getByRole('heading', { level: 3, name: 'Särskilt kvalificerat uppdrag' }).waitFor();
  const goal = page.getByRole('group', { name: 'Mål 1', exact: true });
  await goal.getByLabel('Vad ska uppdraget leda till?').fill('Går till skolan varje dag');
  await goal.getByLabel('Hur märks det att målet nås?').fill('Närvaron i skolan är över 90 procent');
  const contact = page.getByRole('group', { name: 'Kontakt 1', exact: true });
  await contact.getByLabel('Vem', { exact: true }).fill('Mentor i skolan');
  await contact.getByLabel('Hur ofta', { exact: true }).fill('Varannan vecka');
  await page.getByRole('button', { name: 'Spara planen' }).click();
  const planSummary = await errorSummary(page, 'plan-errors');
  assert.match(planSummary, /Planen kunde inte sparas/);
  assert.match(planSummary, /Beskriv det stöd ni har kommit överens om\./);
  assert.match(planSummary, /Beskriv kontakterna med skola och andra myndigheter\./);
  assert.doesNotMatch(planSummary, /Skriv mål 1|Skriv vem kontakt 1/, 'what was filled in is not named');
  for (const [field, message] of [
    [agreedSupport, 'Beskriv det stöd ni har kommit överens om.'],
    [schoolContacts, 'Beskriv kontakterna med skola och andra myndigheter.'],
  ]) {
    assert.equal(await field.getAttribute('aria-invalid'), 'true', `${message}: the field is marked`);
    const describedBy = (await field.getAttribute('aria-describedby')).split(' ');
    const errorId = describedBy.find((id) => id.endsWith('-error'));
    assert.ok(errorId, `${message}: the field is described by its error`);
    assert.equal((await page.locator(`#${errorId}`).innerText()).replace(/\s+/g, ' ').trim(), `Fel: ${message}`);
  }
  await expectNoAxeViolations(page, 'special plan without the special texts');
  await page.getByRole('link', { name: 'Beskriv kontakterna med skola och andra myndigheter.' }).click();
  await eventually(async () => assert.equal(await focusedId(page), 'plan-special-school_and_authority_contacts'));
  await page.getByRole('link', { name: 'Beskriv det stöd ni har kommit överens om.' }).click();
  await eventually(async () => assert.equal(await focusedId(page), 'plan-special-agreed_support'));
  assert.equal(await goal.getByLabel('Vad ska uppdraget leda till?').inputValue(), 'Går till skolan varje dag', 'what was typed is kept');

  await agreedSupport.fill('Stöd med läxor två kvällar i veckan och följe till träningen.');
  await schoolContacts.fill('Mentor och elevhälsa varannan vecka, socialsekreteraren varje månad.');
  await page.getByRole('button', { name: 'Spara planen' }).click();
  await page.getByRole('status').filter({ hasText: 'Genomförandeplanen är sparad.' }).waitFor();
  assert.equal(await page.locator('#plan-errors').count(), 0, 'the error summary is gone');
  await page.getByRole('button', { name: 'Ändra planen' }).waitFor();
  const planSection = await page.getByRole('region', { name: 'Genomförandeplan', exact: true }).innerText();
  assert.match(planSection, /Överenskommet stöd\s+Stöd med läxor två kvällar i veckan och följe till träningen\./);
  assert.match(planSection, /Kontakter med skola och myndigheter\s+Mentor och elevhälsa varannan vecka, socialsekreteraren varje månad\./);
  await page.getByRole('button', { name: 'Ändra planen' }).waitFor();
  await expectNoAxeViolations(page, 'special assignment with a plan');

  const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop());

  // The payment basis of the month it began: nothing paid before its report is approved; the
  // assignment listed as not paid, with why.
  await nav(page, 'Utbetalning').click();
  await page.getByRole('heading', { level: 1, name: 'Utbetalning' }).waitFor();
  assert.equal(await page.getByLabel('Månad').inputValue(), thisMonth, 'the month starts as this month');
  await page.getByLabel('Månad').fill(paidMonth);
  await page.getByLabel('Månad').dispatchEvent('change');
  await eventually(async () => assert.equal(new URL(page.url()).searchParams.get('month'), paidMonth));
  const notPaid = page.getByRole('table', { name: `Uppdrag som inte betalas, ${monthName(paidMonth)}` });
  const unpaid = notPaid.getByRole('row', { name: /Ayaan Farah/ });
  await unpaid.waitFor();
  assert.deepEqual(await unpaid.getByRole('cell').allInnerTexts(),
    ['Ayaan Farah', reference, assignmentReference, monthName(paidMonth), 'Ingen rapport inskickad']);
  assert.equal(await page.locator('.payment-basis').getByRole('row', { name: /Ayaan Farah/ }).count(), 0, 'not paid without an approved report');
  await expectNoAxeViolations(page, 'payment basis with a special assignment not reported');

  // The contact person sends that month's report from their area; the caseworker approves it.
  const person = await contactPersonSignsIn({ server: app.server, mailbox, publicUrl: area.publicUrl }, 'ayaan@example.se');
  const report = { meetings: [{ date: `${paidMonth}-12`, minutes: 180, activities: ['talk'], note: 'Läxor' }] };
  const sent = await person('POST', `/api/contact/assignments/${id}/reports/${paidMonth}/submit`, { report, declaration: true });
  assert.equal(sent.status, 204, JSON.stringify(sent.json));
  await nav(page, 'Rapporter').click();
  await page.getByRole('heading', { level: 1, name: 'Rapporter' }).waitFor();
  await page.getByRole('region', { name: 'Väntar på granskning' })
    .getByRole('link', { name: `Granska rapporten för ${monthName(paidMonth)} från Ayaan Farah` }).click();
  await page.getByRole('heading', { level: 1, name: `Månadsrapport ${monthName(paidMonth)} – ${assignmentReference}` }).waitFor();
  await page.getByRole('button', { name: 'Godkänn rapporten' }).click();
  await page.getByText('Rapporten är godkänd och låst.').waitFor();

  // Approved: that month's basis pays the decided amounts, pro rata for the days from the start.
  await page.goto(app.url(`/handlaggare/utbetalning?month=${paidMonth}`));
  await page.getByRole('heading', { level: 1, name: 'Utbetalning' }).waitFor();
  assert.equal(await page.getByLabel('Månad').inputValue(), paidMonth, 'the month in the address');
  const line = page.locator('.payment-basis').getByRole('row', { name: /Ayaan Farah/ });
  await line.waitFor();
  const cells = await line.getByRole('cell').allInnerTexts();
  assert.match(cells[1], /^\d{8}-\d{4}$/, 'the personnummer payroll pays by');
  assert.equal(cells[2], reference);
  assert.equal(cells[3], assignmentReference, 'the assignment in the reference style of KP-… and B-…');
  assert.equal(cells[4], 'Särskilt beslutat belopp');
  assert.equal(cells[5], `${daysCovered} av ${daysInMonth}`);
  const expectedArvode = proRata(decided.arvode, daysCovered, daysInMonth);
  const expectedOmkostnad = proRata(decided.omkostnad, daysCovered, daysInMonth);
  assert.equal(cells[6], kronor(expectedArvode), `arvode: ${decided.arvode} kr × ${daysCovered}/${daysInMonth}`);
  assert.equal(cells[7], kronor(expectedOmkostnad), `omkostnad: ${decided.omkostnad} kr × ${daysCovered}/${daysInMonth}`);

  // The totals row adds up every line (the other tests' lines too, whichever ran first).
  const lines = await page.locator('.payment-basis tbody tr').evaluateAll((rows) =>
    rows.map((row) => Array.from(row.cells, (cell) => cell.innerText)));
  assert.ok(lines.length >= 1);
  const totals = page.locator('.payment-basis tfoot tr');
  assert.equal((await totals.getByRole('rowheader').innerText()).trim(), 'Summa');
  assert.equal(
    await totals.locator('.total-arvode').innerText(),
    kronor(lines.reduce((sum, row) => sum + kronorValue(row[6]), 0)),
    'the arvode total is the sum of the lines',
  );
  assert.equal(
    await totals.locator('.total-omkostnad').innerText(),
    kronor(lines.reduce((sum, row) => sum + kronorValue(row[7]), 0)),
    'the omkostnad total is the sum of the lines',
  );
  if (lines.length === 1) {
    assert.equal(await totals.locator('.total-arvode').innerText(), kronor(expectedArvode));
    assert.equal(await totals.locator('.total-omkostnad').innerText(), kronor(expectedOmkostnad));
  }
  assert.equal(cells[8], '0\u00a0kr', 'no extra costs in the report');
  assert.equal(await notPaid.getByRole('row', { name: /Ayaan Farah/ }).count(), 0, 'the month is paid, not listed as missing');
  await expectNoAxeViolations(page, 'payment basis with a special assignment');

  // This month is not reported yet: its basis lists the assignment as not paid, with why.
  await page.getByLabel('Månad').fill(thisMonth);
  await page.getByLabel('Månad').dispatchEvent('change');
  const notPaidNow = page.getByRole('table', { name: `Uppdrag som inte betalas, ${monthName(thisMonth)}` });
  await notPaidNow.getByRole('row', { name: /Ayaan Farah/ }).waitFor();
  assert.equal((await notPaidNow.getByRole('row', { name: /Ayaan Farah/ }).getByRole('cell').allInnerTexts()).at(-1), 'Ingen rapport inskickad');
  assert.equal(await page.locator('.payment-basis').getByRole('row', { name: /Ayaan Farah/ }).count(), 0);
  await expectNoAxeViolations(page, 'payment basis of a month not yet reported');

  assertNoPageErrors(page, 'special assignment', (e) => /status of 4\d\d/.test(e.text));
}));

test('A contact person who already has three assignments is flagged as heavily loaded and ranked below an otherwise equal person with none', withServerLogs(app, async () => {
  const today = todayInSweden();
  // Two people who answered the public form alike; only their load will differ.
  const busy = await applyThroughThePublicForm(app.browser, app.server, 'Maryan', 'Hassan', 'Jag vill göra skillnad för en ung person.');
  const free = await applyThroughThePublicForm(app.browser, app.server, 'Sahra', 'Jama', 'Jag vill göra skillnad för ett barn.');

  const page = await app.newPage();
  await signIn(page);
  await approveThroughTheApi(page, busy);
  await approveThroughTheApi(page, free);

  // Three active assignments for one of them, made through the API.
  for (const n of [1, 2, 3]) {
    const need = await registerNeed(page, childNeed(`IFO-2026-710${n}`));
    const made = await send(page, 'POST', `/api/needs/${need}/assignment`, {
      applicant_reference: busy,
      reason: `Uppdrag nummer ${n} för samma person.`,
      start_date: today,
      frequency: 'weekly',
    });
    assert.equal(made.status, 201, `assignment ${n} was made: ${made.body}`);
  }
  const fourth = await registerNeed(page, childNeed('IFO-2026-7104'));

  // The fourth need, reached from the list.
  await nav(page, 'Behov').click();
  await page.getByRole('heading', { level: 1, name: 'Behov' }).waitFor();
  await page.getByRole('link', { name: fourth, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: `Behov ${fourth}` }).waitFor();

  const item = (name) => page.locator('li.match').filter({ has: page.getByRole('heading', { level: 3, name, exact: true }) });
  const loaded = item('Maryan Hassan');
  const unloaded = item('Sahra Jama');
  await loaded.waitFor();
  await unloaded.waitFor();

  // The loaded person is flagged in words, with the load as a reason against.
  await loaded.getByText('Hög belastning: har redan tre uppdrag. Överväg någon annan.', { exact: true }).waitFor();
  const against = await loaded.locator('.reasons .reason-minus').allInnerTexts();
  assert.ok(
    against.some((r) => /Har redan tre uppdrag \(\u221240 p\)/.test(r)),
    `the load counts against them, got ${JSON.stringify(against)}`,
  );
  assert.equal(await unloaded.getByText(/Hög belastning/).count(), 0, 'the other person is not flagged');
  assert.match((await unloaded.locator('.reasons').innerText()), /Har inga andra uppdrag just nu/);
  assert.doesNotMatch((await unloaded.locator('.reasons').innerText()), /Har redan/);

  // Otherwise equal: the same score but for the load's 40 points, and ranked below.
  const score = async (candidate) => Number((await candidate.locator('.score').innerText()).match(/^(-?\d+) poäng$/)[1]);
  assert.equal(await score(loaded), (await score(unloaded)) - 40, 'the load costs exactly its 40 points');
  const order = await page.locator('ol.matches > li.match h3').allInnerTexts();
  assert.ok(order.includes('Sahra Jama') && order.includes('Maryan Hassan'), `both are listed: ${order}`);
  assert.ok(
    order.indexOf('Sahra Jama') < order.indexOf('Maryan Hassan'),
    `the person without assignments comes first, got ${JSON.stringify(order)}`,
  );
  await expectNoAxeViolations(page, 'need with a heavily loaded candidate');

  assertNoPageErrors(page, 'load flag', (e) => /status of 4\d\d/.test(e.text));
}));
