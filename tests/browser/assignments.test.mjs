// Assignments in the caseworker area, driven as a caseworker would: an approved contact person
// (sent through the public form and approved step by step through the API from the signed-in
// page), a child's need registered in the form, the person ranked for it with the reasons in
// Swedish, chosen with a reason, a plan with two goals, a follow-up assessing both, the month's
// ending with its confirmation, and the month's payment basis: the month unpaid until the
// contact person (signed in to their area by a link mailed to a real SMTP listener) sends the
// month's report with an extra cost and its receipt and the caseworker approves it in the
// review screen, then paid with the extra cost in a column of its own and in the CSV. 0 axe
// violations on each screen. Also: a need form saved with mistakes names them and keeps what was typed.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, newPage, waitForApp, expectNoAxeViolations, assertNoPageErrors, eventually,
  applyThroughThePublicForm, todayInSweden, signInToCaseworkerArea, ensurePriceBaseForThisYear, approveThroughTheApi,
  errorSummary, startMailbox, contactAreaEnv, contactPersonSignsIn, monthName, RECEIPT_PNG,
} from './harness.mjs';
import { areaLink as nav } from './harness.mjs';

const DEMO = { user: 'demo@exempelby.se', password: 'ett demolösenord 2026' };
const PRODUCT = 'Handläggarstöd – Kontaktperson';
let server;
let browser;
let mailbox;
let publicUrl;

before(async () => {
  mailbox = await startMailbox();
  // The municipality pays extra costs with receipts, so the basis has some to show.
  const area = await contactAreaEnv(mailbox, { KP_REPORT_EXTRA_COSTS: 'on' });
  publicUrl = area.publicUrl;
  server = await startServer({ env: { DEMO_USER: DEMO.user, DEMO_PASSWORD: DEMO.password, ...area.env } });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await mailbox?.close();
});

async function signIn(page) {
  await signInToCaseworkerArea(page, server, DEMO);
  await ensurePriceBaseForThisYear(page);
}

async function expectTitle(page, screen) {
  await eventually(async () => assert.equal(await page.title(), `${screen} – ${PRODUCT}`));
}

/** `iso` plus `months` calendar months, clamped to the month's end (as the schedule counts). */
function addMonths(iso, months) {
  const [y, m, d] = iso.split('-').map(Number);
  const total = m - 1 + months;
  const year = y + Math.floor(total / 12);
  const month = total % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${year}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The day after `iso`. */
function nextDay(iso) {
  const date = new Date(`${iso}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

test('A caseworker registers a need, picks the best-ranked approved contact person, writes the plan, follows up, pays and ends the assignment', async () => {
  const today = todayInSweden();
  const thisMonth = today.slice(0, 7);
  const birthYear = String(Number(today.slice(0, 4)) - 11);
  const reference = await applyThroughThePublicForm(browser, server, 'Hodan', 'Warsame', 'Jag vill ge tid och trygghet till en ung person.');

  const page = await newPage(browser);
  await signIn(page);
  await approveThroughTheApi(page, reference);

  // The needs list, then the form.
  await nav(page, 'Behov').click();
  await page.getByRole('heading', { level: 1, name: 'Behov' }).waitFor();
  await page.getByText('Inga behov', { exact: true }).waitFor();
  await expectTitle(page, 'Behov');
  await expectNoAxeViolations(page, 'needs list, empty');
  await page.getByRole('link', { name: 'Registrera ett nytt behov' }).click();
  await page.getByRole('heading', { level: 1, name: 'Nytt behov' }).waitFor();
  await expectTitle(page, 'Nytt behov');
  await page.getByText('Skriv inte barnets namn – använd ärendets nummer i verksamhetssystemet.').waitFor();
  await expectNoAxeViolations(page, 'new need form');

  await page.getByLabel('Ärendenummer').fill('IFO-2026-4711');
  await page.getByLabel('Barnets födelseår').fill(birthYear);
  await page.getByRole('radio', { name: 'Flicka', exact: true }).check();
  await page.getByLabel('Sök språk').fill('soma');
  await page.getByRole('checkbox', { name: 'Somaliska', exact: true }).check();
  await page.getByLabel('Område', { exact: true }).fill('Exempelby');
  await page.getByLabel('Intressen (valfritt)').fill('Fotboll och matlagning');
  await page.getByRole('checkbox', { name: 'Ett större socialt nätverk', exact: true }).check();
  await page.getByRole('checkbox', { name: 'En meningsfull fritid', exact: true }).check();
  await page.getByRole('radio', { name: 'Kontaktperson för barn eller unga', exact: true }).check();
  await page.getByRole('radio', { name: 'Minst en gång i veckan', exact: true }).check();
  await page.getByRole('checkbox', { name: 'Kvällar', exact: true }).check();
  await page.getByRole('button', { name: 'Spara behovet' }).click();

  // The need, with the approved person ranked and the reasons in words.
  const needHeading = page.getByRole('heading', { level: 1, name: /^Behov B-\d{4}-\d{4,}$/ });
  await needHeading.waitFor();
  const needReference = (await needHeading.innerText()).replace('Behov ', '');
  await expectTitle(page, `Behov ${needReference}`);
  assert.match(await page.locator('.facts').innerText(), /Väntar på kontaktperson/);
  assert.match(await page.locator('.answers').innerText(), /Ärende\s+IFO-2026-4711/);
  const candidate = page.locator('li.match').filter({ has: page.getByRole('heading', { level: 3, name: 'Hodan Warsame' }) });
  await candidate.waitFor();
  const plus = (await candidate.locator('.reasons .reason-plus').allInnerTexts()).join('\n');
  assert.match(plus, /Talar somaliska \(\+30 p\)/, 'a shared language speaks for the person, with its points');
  assert.match(plus, /Kan träffas kvällar/);
  assert.match(await candidate.locator('.reasons').innerText(), /Område okänt/,
    'no districts configured: a free-text area is not compared with the postal town');
  assert.equal(await candidate.locator('.reasons .reason-plus .reason-mark').first().innerText(), '+');
  assert.match(await candidate.innerText(), /\d+ poäng/);
  assert.equal(await candidate.getByRole('link', { name: reference }).getAttribute('href'), `/handlaggare/sokande/${reference}`);
  await expectNoAxeViolations(page, 'need with matches');

  // The approved person's page offers the need as the next step, one click from choosing them.
  await page.goto(server.url(`/handlaggare/sokande/${reference}`));
  const fitting = page.getByRole('region', { name: 'Behov som passar' });
  await fitting.getByRole('link', { name: needReference, exact: true }).waitFor();
  assert.match(await fitting.innerText(), /\d+ poäng/);
  assert.match(await fitting.innerText(), /Talar somaliska/);
  await expectNoAxeViolations(page, 'approved applicant with a fitting need');
  await fitting.getByRole('link', { name: `Välj Hodan Warsame för ${needReference}` }).click();
  await needHeading.waitFor();
  await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), 'choice-reason', 'the choice is open'));
  assert.equal(await candidate.getByRole('button', { name: 'Välj Hodan Warsame' }).count(), 0, 'already chosen');

  // The needs list finds the need by part of its case number, and says so when nothing matches.
  await nav(page, 'Behov').click();
  await page.getByRole('heading', { level: 1, name: 'Behov' }).waitFor();
  const search = page.getByLabel('Sök ärende eller referens');
  await search.fill('ifo 2026 4711');
  await page.getByRole('status').filter({ hasText: '1 behov' }).waitFor();
  assert.match(await page.getByRole('table', { name: 'Behov' }).innerText(), /IFO-2026-4711/);
  await search.fill('IFO-2026-0000');
  await page.getByRole('status').filter({ hasText: 'Inga behov' }).waitFor();
  await expectNoAxeViolations(page, 'needs list, searched');
  await search.fill('4711');
  await page.getByRole('link', { name: needReference }).click();
  await needHeading.waitFor();
  await candidate.waitFor();

  await candidate.getByRole('button', { name: 'Välj Hodan Warsame' }).click();
  const why = page.getByLabel('Varför den här kontaktpersonen?');
  await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), 'choice-reason'));
  assert.equal(await page.getByLabel('Första dag').inputValue(), today, 'the start date begins as today');
  await page.getByRole('button', { name: 'Skapa uppdraget' }).click();
  assert.match(await errorSummary(page, 'choice-errors'), /Skriv varför du väljer den här kontaktpersonen/);
  await expectNoAxeViolations(page, 'choice form with a missing reason');
  await why.fill('Talar somaliska och bor i samma område.');
  await page.getByRole('button', { name: 'Skapa uppdraget' }).click();

  // The assignment: write the plan with two goals.
  // An assignment is referred to as U-… with its need's number, in the reference style of KP-… and B-….
  const assignmentReference = needReference.replace(/^B-/, 'U-');
  const assignmentHeading = page.getByRole('heading', { level: 1, name: `Uppdrag ${assignmentReference}: Hodan Warsame`, exact: true });
  await assignmentHeading.waitFor();
  await expectTitle(page, `Uppdrag ${assignmentReference}: Hodan Warsame`);
  assert.match(await page.locator('.match-reason').innerText(), /Talar somaliska och bor i samma område\./);
  await expectNoAxeViolations(page, 'assignment without a plan');

  // The overview: the need no longer waits, and the assignment waits for its plan.
  await nav(page, 'Översikt').click();
  await page.getByRole('heading', { level: 1, name: 'Översikt' }).waitFor();
  const withoutPlan = page.getByRole('region', { name: 'Uppdrag utan genomförandeplan' });
  await withoutPlan.getByRole('link', { name: assignmentReference, exact: true }).waitFor();
  assert.match(await withoutPlan.innerText(), /Hodan Warsame – startade \d{4}-\d{2}-\d{2}/);
  assert.equal(await page.getByRole('region', { name: 'Behov som väntar på en kontaktperson' }).getByRole('link', { name: needReference, exact: true }).count(), 0);
  await expectNoAxeViolations(page, 'overview with an assignment without a plan');
  await withoutPlan.getByRole('link', { name: assignmentReference, exact: true }).click();
  await assignmentHeading.waitFor();

  const goal = (n) => page.getByRole('group', { name: `Mål ${n}`, exact: true });
  await goal(1).getByLabel('Vad ska uppdraget leda till?').fill('Fler vänner utanför skolan');
  await goal(1).getByLabel('Hur märks det att målet nås?').fill('Träffar kompisar på helgerna');
  await page.getByRole('button', { name: 'Lägg till ett mål' }).click();
  await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), 'plan-goals-1-text'));
  await goal(2).getByLabel('Vad ska uppdraget leda till?').fill('Börja i en förening');
  await goal(2).getByLabel('Hur märks det att målet nås?').fill('Går på träning varje vecka');
  await page.getByLabel('Vad ska de göra tillsammans? (valfritt)').fill('Fotboll, matlagning och bibliotek.');
  const contact = page.getByRole('group', { name: 'Kontakt 1', exact: true });
  await contact.getByLabel('Vem', { exact: true }).fill('Vårdnadshavare');
  await contact.getByLabel('Hur ofta', { exact: true }).fill('En gång i månaden');
  // Follow-ups after one month, then every second month, instead of the usual 3 and 6.
  const firstAfter = page.getByLabel('Första uppföljningen, antal månader efter start');
  assert.equal(await firstAfter.inputValue(), '3', 'the usual three months to begin with');
  await firstAfter.selectOption({ label: 'en månad' });
  await page.getByLabel('Därefter, antal månader mellan uppföljningarna').selectOption({ label: 'två månader' });
  await page.getByRole('button', { name: 'Spara planen' }).click();
  await page.getByRole('status').filter({ hasText: 'Genomförandeplanen är sparad.' }).waitFor();
  await eventually(async () => {
    const schedule = await page.locator('.schedule').innerText();
    assert.ok(schedule.includes(`${addMonths(today, 1)} – planerad`), schedule);
    assert.ok(schedule.includes(`${addMonths(today, 3)} – planerad`), schedule);
  });
  assert.match(await page.getByRole('region', { name: 'Genomförandeplan' }).innerText(),
    /Första uppföljningen en månad efter start, sedan varannan månad\./);
  const goals = await page.locator('.plan-goals').innerText();
  assert.match(goals, /Fler vänner utanför skolan[\s\S]*Det märks genom: Träffar kompisar på helgerna/);
  assert.match(goals, /Börja i en förening/);
  await page.getByRole('button', { name: 'Ändra planen' }).waitFor();
  await expectNoAxeViolations(page, 'assignment with a plan');

  // A follow-up assessing both goals: one task opens at a time.
  assert.equal(await page.getByLabel('Datum för uppföljningen').count(), 0, 'no form open before it is asked for');
  const followUpTask = page.getByRole('button', { name: 'Registrera en uppföljning' });
  assert.equal(await followUpTask.getAttribute('aria-expanded'), 'false');
  await followUpTask.click();
  assert.equal(await followUpTask.getAttribute('aria-expanded'), 'true');
  assert.equal(await page.getByLabel('Datum för uppföljningen').inputValue(), today);
  await page.getByLabel('Vad sades och vad kom ni överens om?').fill('Bra start. De har spelat fotboll två gånger.');
  await page.getByRole('group', { name: 'Mål 1: Fler vänner utanför skolan' }).getByRole('radio', { name: 'Närmare målet' }).check();
  await page.getByRole('group', { name: 'Mål 2: Börja i en förening' }).getByRole('radio', { name: 'Ingen förändring' }).check();
  await page.getByRole('button', { name: 'Spara uppföljningen' }).click();
  await page.getByRole('status').filter({ hasText: `Uppföljningen ${today} är sparad.` }).waitFor();
  const held = await page.locator('.held-follow-ups').innerText();
  assert.match(held, /Bra start\. De har spelat fotboll två gånger\./);
  assert.match(held, /Mål 1 \(Fler vänner utanför skolan\): Närmare målet/);
  assert.match(held, /Mål 2 \(Börja i en förening\): Ingen förändring/);
  await expectNoAxeViolations(page, 'assignment with a follow-up');

  // From tomorrow they meet several times a week: a change from today is refused (the terms
  // already start today), then saved from tomorrow and listed as coming.
  const tomorrow = nextDay(today);
  await page.getByRole('button', { name: 'Ändra villkor eller ersättning' }).click();
  const termsForm = page.getByRole('form', { name: 'Ändra villkoren från ett datum' });
  await termsForm.getByLabel('Gäller från').fill(today);
  await termsForm.getByRole('radio', { name: 'Flera gånger i veckan', exact: true }).check();
  await termsForm.getByLabel('Varför ändras villkoren?').fill('Beslut om tätare träffar under skollovet.');
  await termsForm.getByRole('button', { name: 'Spara ändringen' }).click();
  assert.match(await errorSummary(page, 'terms-errors'), new RegExp(`Villkoren gäller redan från ${today}\\. En ändring måste gälla från en senare dag\\.`));
  await expectNoAxeViolations(page, 'change of terms refused');
  assert.equal(await termsForm.getByLabel('Varför ändras villkoren?').inputValue(), 'Beslut om tätare träffar under skollovet.', 'the reason is kept');
  await termsForm.getByLabel('Gäller från').fill(tomorrow);
  await termsForm.getByRole('button', { name: 'Spara ändringen' }).click();
  await page.getByRole('status').filter({ hasText: `Ändringen från ${tomorrow} är sparad.` }).waitFor();
  const terms = page.getByRole('table', { name: 'Villkor över tid' });
  await eventually(async () => {
    const rows = await terms.getByRole('row').allInnerTexts();
    assert.equal(rows.length, 3, `a header and two terms: ${rows}`);
    assert.match(rows[1], new RegExp(`${today}\\s+Minst en gång i veckan\\s+Gäller nu`));
    assert.match(rows[2], new RegExp(`${tomorrow}\\s+Flera gånger i veckan\\s+Kommande`));
  });
  await expectNoAxeViolations(page, 'assignment with a coming change of terms');

  // The list of assignments.
  await nav(page, 'Uppdrag').click();
  await page.getByRole('heading', { level: 1, name: 'Uppdrag' }).waitFor();
  await expectTitle(page, 'Uppdrag');
  const row = page.getByRole('row', { name: /Hodan Warsame/ });
  await row.waitFor();
  assert.match(await row.innerText(), new RegExp(needReference));
  assert.match(await row.innerText(), new RegExp(today));
  await expectNoAxeViolations(page, 'assignment list');

  // The payment basis for this month: nothing is paid before the month's report is approved,
  // and the assignment is listed as not paid, with why.
  await nav(page, 'Utbetalning').click();
  await page.getByRole('heading', { level: 1, name: 'Utbetalning' }).waitFor();
  await expectTitle(page, 'Utbetalning');
  assert.equal(await page.getByLabel('Månad').inputValue(), thisMonth, 'the month starts as this month');
  await page.getByText('En månad betalas bara när kontaktpersonens månadsrapport är godkänd.', { exact: false }).waitFor();
  const notPaid = page.getByRole('table', { name: `Uppdrag som inte betalas, ${monthName(thisMonth)}` });
  const unpaid = notPaid.getByRole('row', { name: /Hodan Warsame/ });
  await unpaid.waitFor();
  assert.deepEqual(await unpaid.getByRole('cell').allInnerTexts(),
    ['Hodan Warsame', reference, assignmentReference, monthName(thisMonth), 'Ingen rapport inskickad']);
  assert.equal(await page.locator('.payment-basis').count(), 0, 'no line is paid without an approved report');
  assert.match(await page.getByRole('status').filter({ hasText: /betalas för/ }).innerText(), new RegExp(`^Inget betalas för ${monthName(thisMonth)}\\.$`));
  assert.match(await page.locator('.late-rule').innerText(), /^Rapporter som kommer in sent betalas högst 3 månader bakåt\./);
  await expectNoAxeViolations(page, 'payment basis with a month not reported');

  // The ending, with a confirmation step.
  await unpaid.getByRole('link', { name: assignmentReference, exact: true }).click();
  await assignmentHeading.waitFor();
  await page.getByRole('button', { name: 'Avsluta uppdraget …' }).click();
  assert.equal(await page.getByLabel('Sista dag').inputValue(), today);
  await page.getByLabel('Varför avslutas uppdraget?').fill('Familjen flyttar till en annan kommun.');
  await page.getByRole('group', { name: 'Vem tog initiativet?' }).getByRole('radio', { name: 'Den unga eller familjen' }).check();
  await page.getByRole('group', { name: /^Vill kontaktpersonen fortsätta/ }).getByRole('radio', { name: 'Ja', exact: true }).check();
  await page.getByRole('button', { name: 'Fortsätt till bekräftelse' }).click();
  await page.getByRole('heading', { level: 3, name: 'Vill du avsluta uppdraget?' }).waitFor();
  await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), 'ending-confirm'));
  assert.match(await page.locator('#ending-confirm').innerText(), new RegExp(`sista dag ${today}`));
  await expectNoAxeViolations(page, 'ending confirmation');
  await page.getByRole('button', { name: 'Nej, gå tillbaka' }).click();
  assert.equal(await page.getByLabel('Varför avslutas uppdraget?').inputValue(), 'Familjen flyttar till en annan kommun.', 'going back keeps the answers');
  await page.getByRole('button', { name: 'Fortsätt till bekräftelse' }).click();
  await page.getByRole('button', { name: 'Ja, avsluta uppdraget' }).click();
  await page.getByRole('status').filter({ hasText: `Uppdraget är avslutat med sista dag ${today}.` }).waitFor();
  await page.getByRole('heading', { level: 2, name: 'Avslut', exact: true }).waitFor();
  assert.match(await page.locator('.facts').innerText(), new RegExp(`Avslutat\\s+${today}`));
  assert.equal(await page.getByRole('button', { name: 'Ändra planen' }).count(), 0, 'an ended assignment keeps its plan as it was');
  assert.equal(await page.getByRole('button', { name: 'Ändra villkor eller ersättning' }).count(), 0, 'no change of terms once ended');
  await page.getByRole('button', { name: 'Registrera en uppföljning' }).click();
  await page.getByRole('heading', { level: 3, name: 'Registrera den avslutande uppföljningen' }).waitFor();
  assert.match(await page.locator('.timeline').innerText(), /Uppdraget avslutades[\s\S]*Familjen flyttar till en annan kommun\./);
  assert.equal(await page.getByRole('form', { name: 'Ändra villkoren från ett datum' }).count(), 0, 'an ended assignment keeps its terms');
  await expectNoAxeViolations(page, 'ended assignment');

  // The contact person sends the month's report from their area (this month can be sent once
  // the assignment has ended): a meeting, and an extra cost with the photo of its receipt.
  const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
  const person = await contactPersonSignsIn({ server, mailbox, publicUrl }, 'hodan@example.se');
  const reportPath = `/api/contact/assignments/${id}/reports/${thisMonth}`;
  const receipt = await person('POST', `${reportPath}/receipts?name=kvitto-bowling.png`, RECEIPT_PNG, { contentType: 'image/png' });
  assert.equal(receipt.status, 201, JSON.stringify(receipt.json));
  const report = {
    meetings: [{ date: today, minutes: 120, activities: ['outdoors', 'talk'], note: 'Fotboll i parken' }],
    costs: [{ date: today, description: 'Bowling, två personer', amount_ore: 24_550, receipt: receipt.json.id }],
  };
  const sent = await person('POST', `${reportPath}/submit`, { report, declaration: true });
  assert.equal(sent.status, 204, JSON.stringify(sent.json));

  // Sent but not yet approved: still not paid, now waiting for review.
  await nav(page, 'Utbetalning').click();
  await page.getByRole('heading', { level: 1, name: 'Utbetalning' }).waitFor();
  await eventually(async () => assert.equal(
    (await unpaid.getByRole('cell').allInnerTexts()).at(-1), 'Skickad, väntar på granskning'));
  assert.equal(await page.locator('.payment-basis').count(), 0);
  await expectNoAxeViolations(page, 'payment basis with a report waiting for review');

  // The caseworker approves it in the review screen.
  await nav(page, 'Rapporter').click();
  await page.getByRole('heading', { level: 1, name: 'Rapporter' }).waitFor();
  await page.getByRole('region', { name: 'Väntar på granskning' })
    .getByRole('link', { name: `Granska rapporten för ${monthName(thisMonth)} från Hodan Warsame` }).click();
  await page.getByRole('heading', { level: 1, name: `Månadsrapport ${monthName(thisMonth)} – ${assignmentReference}` }).waitFor();
  assert.match(await page.getByRole('region', { name: 'Utlägg utöver omkostnadsersättningen' }).innerText(), /Bowling, två personer/);
  await page.getByRole('button', { name: 'Godkänn rapporten' }).click();
  await page.getByText('Rapporten är godkänd och låst.').waitFor();

  // Approved: the month is paid, one day of it (the assignment began and ended today), with the
  // extra cost in a column of its own.
  await nav(page, 'Utbetalning').click();
  await page.getByRole('heading', { level: 1, name: 'Utbetalning' }).waitFor();
  const line = page.locator('.payment-basis').getByRole('row', { name: /Hodan Warsame/ });
  await line.waitFor();
  assert.equal(await notPaid.count(), 0, 'nothing left unpaid this month');
  assert.match(await page.getByRole('status').filter({ hasText: /betalas för/ }).innerText(), new RegExp(`^1 rad betalas för ${monthName(thisMonth)}\\.$`));
  assert.equal(await page.locator('.late-rule').innerText(),
    'Rapporter som kommer in sent betalas högst 3 månader bakåt. En rapport som godkänns senare än månaden efter den månad den gäller betalas i underlaget för den månad då den godkändes.');
  const headers = await page.locator('.payment-basis thead th').allInnerTexts();
  assert.deepEqual(headers, ['Kontaktperson', 'Personnummer', 'Referens', 'Uppdrag', 'Nivå', 'Dagar', 'Arvode', 'Omkostnad', 'Extra kostnader']);
  const cells = await line.getByRole('cell').allInnerTexts();
  assert.equal(cells[0], 'Hodan Warsame');
  assert.match(cells[1], /^\d{8}-\d{4}$/, 'the personnummer payroll pays by');
  assert.equal(cells[2], reference);
  assert.equal(cells[3], assignmentReference);
  const lastDay = new Date(Date.UTC(Number(thisMonth.slice(0, 4)), Number(thisMonth.slice(5, 7)), 0)).getUTCDate();
  assert.equal(cells[4], 'Minst en gång i veckan', 'the change from tomorrow never took effect: the assignment ended today');
  assert.equal(cells[5], `1 av ${lastDay}`, 'paid pro rata: one day of the month');
  assert.match(cells[6], /^\d[\d\u00a0]*\u00a0kr$/u, 'arvode in kronor');
  assert.match(cells[7], /^\d[\d\u00a0]*\u00a0kr$/u, 'omkostnad in kronor');
  assert.equal(cells[8], '245,50\u00a0kr', 'the approved extra cost, in kronor and öre');
  const totals = page.locator('.payment-basis tfoot');
  assert.match(await totals.innerText(), /Summa/);
  assert.equal(await totals.locator('.total-arvode').innerText(), cells[6], 'one line: the totals are its amounts');
  assert.equal(await totals.locator('.total-omkostnad').innerText(), cells[7]);
  assert.equal(await totals.locator('.total-extra-costs').innerText(), '245,50\u00a0kr');
  const csvLink = page.getByRole('link', { name: /^Ladda ned underlaget för .* \(CSV\)$/ });
  const href = await csvLink.getAttribute('href');
  assert.equal(href, `/api/payment-basis.csv?month=${thisMonth}&purpose=payroll_export`, "the download says why it reads: payroll");
  const csv = await page.evaluate(async (url) => {
    const response = await fetch(url);
    const bytes = new Uint8Array(await response.arrayBuffer());
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      start: Array.from(bytes.slice(0, 3)),
      text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes),
    };
  }, href);
  assert.equal(csv.status, 200);
  assert.deepEqual(csv.start, [0xef, 0xbb, 0xbf], 'the CSV starts with a BOM');
  assert.ok(
    csv.text.startsWith('\ufeffMånad;Referens;Namn;Personnummer;Uppdrag;Nivå;Dagar;Dagar i månaden;Arvode (kr);Omkostnad (kr);Extra kostnader (kr)\r\n'),
    `the Swedish header first, the extra costs appended, got ${JSON.stringify(csv.text.slice(0, 140))}`,
  );
  assert.match(
    csv.text,
    new RegExp(`\r\n${thisMonth};${reference};Hodan Warsame;\\d{8}-\\d{4};${assignmentReference};Minst en gång i veckan;1;${lastDay};${cells[6].replace(/\D/g, '')},00;${cells[7].replace(/\D/g, '')},00;245,50\r\n`),
    `payroll pays by the personnummer, the same amounts: ${JSON.stringify(csv.text)}`,
  );
  await expectNoAxeViolations(page, 'payment basis with an approved report');
  await line.getByRole('link', { name: assignmentReference, exact: true }).click();
  await assignmentHeading.waitFor();

  // The contact person's page lists the assignment, and its timeline shows what happened in it.
  await page.locator('.facts').getByRole('link', { name: reference }).click();
  await page.getByRole('heading', { level: 1, name: 'Hodan Warsame' }).waitFor();
  const theirs = page.getByRole('region', { name: 'Uppdrag som kontaktperson' });
  const assignmentRow = theirs.getByRole('row', { name: new RegExp(assignmentReference) });
  await assignmentRow.waitFor();
  assert.match(await assignmentRow.innerText(), new RegExp(`${needReference}[\\s\\S]*${today} – ${today}`));
  const timeline = await page.getByRole('region', { name: 'Händelser' }).innerText();
  assert.match(timeline, /Beslut[\s\S]*Kontaktperson utsedd[\s\S]*Genomförandeplan sparad[\s\S]*Uppföljning[\s\S]*Villkoren ändrades[\s\S]*Uppdraget avslutades/,
    'the vetting steps, then the assignment, in order');
  assert.match(timeline, new RegExp(`Från ${tomorrow}: Flera gånger i veckan – Beslut om tätare träffar under skollovet\\.`));
  await expectNoAxeViolations(page, 'contact person with an ended assignment');

  assertNoPageErrors(page, 'assignments', (e) => /status of 4\d\d/.test(e.text));
  await page.context().close();
});

test('Saving the need form with mistakes names each one, leads to the field, and keeps what was typed, also over a reload', async () => {
  const page = await newPage(browser);
  await signIn(page);
  await page.goto(server.url('/handlaggare/behov/ny'));
  await page.getByRole('heading', { level: 1, name: 'Nytt behov' }).waitFor();

  await page.getByLabel('Ärendenummer').fill('IFO-2026-0815');
  await page.getByLabel('Barnets födelseår').fill('20l4');
  await page.getByLabel('Intressen (valfritt)').fill('Rita och måla');
  await page.getByRole('button', { name: 'Spara behovet' }).click();
  const summary = await errorSummary(page, 'need-errors');
  assert.match(summary, /Behovet kunde inte sparas/);
  for (const message of [
    'Ange födelseåret med fyra siffror',
    'Välj barnets kön',
    'Välj minst ett språk som barnet talar',
    'Ange den del av kommunen där barnet bor',
    'Välj minst ett mål med insatsen',
    'Välj uppdragstyp',
    'Välj hur ofta de ska träffas',
  ]) {
    assert.ok(summary.includes(message), `the summary says: ${message}`);
  }
  assert.doesNotMatch(summary, /Ange ärendets nummer/, 'a filled-in field is not named');
  assert.equal(await page.getByLabel('Ärendenummer').inputValue(), 'IFO-2026-0815');
  assert.equal(await page.getByLabel('Barnets födelseår').inputValue(), '20l4');
  assert.equal(await page.getByLabel('Barnets födelseår').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByLabel('Intressen (valfritt)').inputValue(), 'Rita och måla');
  await expectNoAxeViolations(page, 'new need form with errors');

  await page.getByRole('link', { name: /^Ange födelseåret med fyra siffror/ }).click();
  await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), 'need-birth_year'));

  await page.reload();
  await waitForApp(page);
  await page.getByRole('heading', { level: 1, name: 'Nytt behov' }).waitFor();
  assert.equal(await page.getByLabel('Ärendenummer').inputValue(), 'IFO-2026-0815', 'the draft survived the reload');
  assert.equal(await page.getByLabel('Intressen (valfritt)').inputValue(), 'Rita och måla');
  await page.context().close();
});
