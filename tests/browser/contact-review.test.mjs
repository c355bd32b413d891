// What the caseworker gets from the contact person's area (issue 15), driven as a caseworker
// would: an approved applicant with an assignment (seeded through the API), who signs in to
// their area with a one-time link read from a real SMTP listener and, from Node with their
// cookie, sends last month's report, a message and a worry. The caseworker's overview counts them
// (the worry at the top), the review queue opens the report, a return needs a comment and shows
// it, the contact person changes and sends again, the caseworker approves and the report is
// locked; the thread on the assignment page shows the worry first, reading it marks it read, and
// the answer reaches the contact person. 0 axe violations on every screen and state.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, newPage, expectNoAxeViolations, assertNoPageErrors, eventually,
  applyThroughThePublicForm, todayInSweden, signInToCaseworkerArea, ensurePriceBaseForThisYear,
  approveThroughTheApi, errorSummary, startMailbox, freePort, contactPersonSignsIn as signInToContactArea, monthName,
} from './harness.mjs';

const DEMO = { user: 'demo@exempelby.se', password: 'ett demolösenord 2026' };
const PRODUCT = 'Handläggarstöd – Kontaktperson';
let server;
let browser;
let mailbox;
let publicUrl;

before(async () => {
  mailbox = await startMailbox();
  const port = await freePort();
  publicUrl = `http://127.0.0.1:${port}`;
  server = await startServer({
    env: {
      PORT: String(port),
      DEMO_USER: DEMO.user,
      DEMO_PASSWORD: DEMO.password,
      SMTP_URL: mailbox.url,
      KP_PUBLIC_URL: publicUrl,
      KP_CONTACT_LINK_SIGN_IN: 'on',
    },
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await mailbox?.close();
});

/** The first day of the month `back` months before this one, `YYYY-MM-DD`. */
function monthStart(back) {
  const [y, m] = todayInSweden().split('-').map(Number);
  const total = y * 12 + (m - 1) - back;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}-01`;
}

/** Calls the API from the signed-in caseworker's page (same origin, with its session). */
async function asCaseworker(page, method, path, body) {
  return page.evaluate(async ({ method, path, body }) => {
    const response = await fetch(path, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.text() };
  }, { method, path, body });
}

/** The contact person with `email` signed in to their area through the mailed one-time link. */
function contactPersonSignsIn(email) {
  return signInToContactArea({ server, mailbox, publicUrl }, email);
}

async function expectTitle(page, title) {
  await eventually(async () => assert.equal(await page.title(), `${title} – ${PRODUCT}`));
}

/** The overview's row `what` in "Från kontaktpersonerna", as its text. */
async function overviewCount(page, what) {
  const table = page.getByRole('region', { name: 'Från kontaktpersonerna' }).getByRole('table');
  return (await table.getByRole('row').filter({ has: page.getByRole('link', { name: what, exact: true }) }).innerText())
    .replace(/\s+/g, ' ').trim();
}

test('A caseworker sees a worry at once, returns a report with a comment, approves it when it comes back, and answers the contact person', async () => {
  const lastMonth = monthStart(1).slice(0, 7);
  const reference = await applyThroughThePublicForm(browser, server, 'Hodan', 'Warsame', 'Jag vill ge tid och trygghet till en ung person.');
  const page = await newPage(browser);
  await signInToCaseworkerArea(page, server, DEMO);
  await ensurePriceBaseForThisYear(page);
  await approveThroughTheApi(page, reference);

  // A need and its assignment, started two months ago: the first month is overdue (its due day
  // has passed), last month is the one reported.
  const need = await asCaseworker(page, 'POST', '/api/needs', {
    case_reference: 'IFO-2026-5150', birth_year: String(Number(todayInSweden().slice(0, 4)) - 11),
    gender: 'girl', languages: ['so'], area: 'Exempelby', interests: 'fotboll', goals: ['wider_network'],
    goal_note: '', assignment_type: 'child', frequency: 'weekly', times: ['evenings'],
    suggested_person: '', needs_driving: false,
  });
  assert.equal(need.status, 201, need.body);
  const needReference = JSON.parse(need.body).reference;
  const made = await asCaseworker(page, 'POST', `/api/needs/${needReference}/assignment`, {
    applicant_reference: reference, reason: 'Talar somaliska', start_date: monthStart(2), frequency: 'weekly',
  });
  assert.equal(made.status, 201, made.body);
  const id = JSON.parse(made.body).reference;
  const assignmentReference = needReference.replace(/^B-/, 'U-');

  // The contact person reports last month and writes twice: a message, and a worry.
  const person = await contactPersonSignsIn('hodan@example.se');
  const reportPath = `/api/contact/assignments/${id}/reports/${lastMonth}`;
  const report = {
    meetings: [
      { date: `${lastMonth}-03`, minutes: 120, activities: ['outdoors', 'talk'], note: 'Fotboll i parken' },
      { date: `${lastMonth}-17`, minutes: 90, activities: ['culture'], note: '' },
    ],
  };
  assert.equal((await person('PUT', reportPath, report)).status, 204, 'the draft is kept');
  assert.equal((await person('POST', `${reportPath}/submit`, { report, declaration: true })).status, 204, 'the report is sent');
  const messages = `/api/contact/assignments/${id}/messages`;
  assert.equal((await person('POST', messages, { body: 'Hej! Vi ses på lördag som vanligt.' })).status, 201);
  assert.equal((await person('POST', messages, { body: 'Jag är orolig för hur hon har det hemma.', worry: true })).status, 201);

  // The overview: the worry first, at once; the counts lead on.
  await page.goto(server.url('/handlaggare/'));
  const worries = page.getByRole('region', { name: 'Oro från kontaktpersoner: 1' });
  await worries.waitFor();
  assert.match(await worries.innerText(), new RegExp(`Orolig\\s+${assignmentReference} – Hodan Warsame, 2 olästa`));
  await eventually(async () => assert.equal(await overviewCount(page, 'Rapporter att granska'), 'Rapporter att granska 1'));
  await eventually(async () => assert.equal(await overviewCount(page, 'Försenade rapporter'), 'Försenade rapporter 1'));
  await eventually(async () => assert.equal(await overviewCount(page, 'Olästa meddelanden'), 'Olästa meddelanden 2'));
  await page.getByRole('heading', { level: 2, name: 'Sökande per steg' }).waitFor();
  await expectNoAxeViolations(page, 'overview with a waiting report, an overdue month and a worry');

  // The queue: the report waiting, and the month nobody reported.
  await page.getByRole('navigation', { name: 'Handläggarstöd' }).getByRole('link', { name: 'Rapporter', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Rapporter' }).waitFor();
  await expectTitle(page, 'Rapporter');
  const waiting = page.getByRole('region', { name: 'Väntar på granskning' });
  const open = waiting.getByRole('link', { name: `Granska rapporten för ${monthName(lastMonth)} från Hodan Warsame` });
  await open.waitFor();
  assert.match(await waiting.getByRole('row').nth(1).innerText(), /I tid|Försenad/);
  const overdue = page.getByRole('region', { name: 'Försenade rapporter' });
  await overdue.getByRole('row', { name: new RegExp(monthName(monthStart(2).slice(0, 7))) }).waitFor();
  assert.match(await overdue.innerText(), /Betalas om den skickas nu/);
  await expectNoAxeViolations(page, 'the review queue');

  // One report: its meetings and declaration; returning it needs a comment.
  await open.click();
  const heading = `Månadsrapport ${monthName(lastMonth)} – ${assignmentReference}`;
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await expectTitle(page, heading);
  const meetings = page.getByRole('region', { name: 'Träffar' });
  assert.match(await meetings.innerText(), /promenad eller ute, pratade, fikade/);
  assert.match(await meetings.innerText(), /Fotboll i parken/);
  assert.match(await meetings.innerText(), /2 träffar\s+3,5 timmar/);
  assert.match(await page.getByRole('region', { name: 'Försäkran' }).innerText(), /har försäkrat att uppgifterna är riktiga/);
  assert.match(await page.getByRole('region', { name: 'Utlägg utöver omkostnadsersättningen' }).innerText(), /Inga utlägg/);
  await expectNoAxeViolations(page, 'a sent report');

  await page.getByRole('button', { name: 'Skicka tillbaka', exact: true }).click();
  assert.match(await errorSummary(page, 'review-errors'), /Skriv vad kontaktpersonen behöver ändra\./);
  assert.equal(await page.getByLabel('Kommentar till kontaktpersonen').getAttribute('aria-invalid'), 'true');
  await expectNoAxeViolations(page, 'a return without a comment');
  const comment = 'Skriv gärna vad ni gjorde den 17:e.';
  await page.getByLabel('Kommentar till kontaktpersonen').fill(comment);
  await page.getByRole('button', { name: 'Skicka tillbaka', exact: true }).click();
  await page.getByText('Rapporten är skickad tillbaka till kontaktpersonen med din kommentar.').waitFor();
  await page.getByText('Skickad tillbaka med kommentaren:').waitFor();
  await page.getByText(comment).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Godkänn rapporten' }).count(), 0, 'nothing to review while it is returned');
  await expectNoAxeViolations(page, 'a returned report');

  // The contact person reads the comment, changes the report and sends it again.
  const returned = await person('GET', reportPath);
  assert.equal(returned.json.status, 'returned');
  assert.equal(returned.json.return_comment, comment);
  report.meetings[1].note = 'Biblioteket och sedan fika';
  assert.equal((await person('POST', `${reportPath}/submit`, { report, declaration: true })).status, 204);

  // Approved, it is locked.
  await page.reload();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await page.getByText('Kommentar när rapporten skickades tillbaka:').waitFor();
  assert.match(await meetings.innerText(), /Biblioteket och sedan fika/);
  await page.getByRole('button', { name: 'Godkänn rapporten' }).click();
  await page.getByText('Rapporten är godkänd och låst.').waitFor();
  await page.getByText(/Rapporten är låst och kan inte ändras\./).waitFor();
  assert.match(await page.locator('.facts').innerText(), /Godkänd – låst/);
  assert.equal(await page.getByRole('button', { name: 'Godkänn rapporten' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Skicka tillbaka', exact: true }).count(), 0);
  await expectNoAxeViolations(page, 'an approved report');
  assert.equal((await person('PUT', reportPath, report)).status, 409, 'an approved report cannot be changed');

  // The worry leads to the thread: worries first, marked; reading marks them read.
  await page.goto(server.url('/handlaggare/'));
  await page.getByRole('region', { name: 'Oro från kontaktpersoner: 1' }).getByRole('link', { name: `${assignmentReference} – Hodan Warsame` }).click();
  const thread = page.getByRole('region', { name: 'Meddelanden med kontaktpersonen' });
  await thread.getByRole('heading', { level: 3, name: 'Kontaktpersonen är orolig' }).waitFor();
  const worry = thread.locator('.worries li');
  assert.match(await worry.innerText(), /^Orolig\s+Hodan Warsame \(kontaktperson\)/);
  assert.match(await worry.innerText(), /Jag är orolig för hur hon har det hemma\./);
  assert.match(await thread.getByRole('list').nth(1).innerText(), /Hej! Vi ses på lördag som vanligt\./);
  // The assignment's months: the approved one opens (locked), the unreported one is late.
  const months = page.getByRole('region', { name: 'Månadsrapporter' });
  const approvedRow = months.getByRole('row').filter({ has: page.getByRole('link', { name: `Rapporten för ${monthName(lastMonth)}` }) });
  await approvedRow.waitFor();
  assert.match(await approvedRow.innerText(), /Godkänd/);
  assert.match(await months.getByRole('row', { name: new RegExp(monthName(monthStart(2).slice(0, 7))) }).innerText(), /Försenad – inte skickad/);
  assert.equal(await months.getByRole('link', { name: `Rapporten för ${monthName(monthStart(2).slice(0, 7))}` }).count(), 0,
    'a month not sent has nothing to open');
  await expectNoAxeViolations(page, 'an assignment with a worry and a message');

  await thread.getByRole('button', { name: 'Skicka meddelandet' }).click();
  assert.match(await errorSummary(page, 'message-errors'), /Skriv ett meddelande\./);
  await expectNoAxeViolations(page, 'an empty answer');
  const answer = 'Tack för att du hör av dig. Jag ringer dig i dag.';
  await thread.getByLabel('Meddelande', { exact: true }).fill(answer);
  await thread.getByRole('button', { name: 'Skicka meddelandet' }).click();
  await page.getByText(/Meddelandet är skickat\./).waitFor();
  const ours = thread.locator('li.message-ours');
  await ours.waitFor();
  assert.match(await ours.innerText(), new RegExp(`${answer}\\s+Inte läst av kontaktpersonen ännu`));
  await expectNoAxeViolations(page, 'an answer sent');

  // The contact person is told by mail that a message waits, never what it says, and reads it.
  const notice = await mailbox.waitFor((m) => m.to.includes('hodan@example.se') && m.subject === 'Nytt meddelande på Mina sidor');
  assert.ok(!notice.body.includes(answer), 'the mail does not carry the message');
  const read = await person('GET', messages);
  assert.equal(read.json.at(-1).body, answer);
  await page.reload();
  await thread.locator('li.message-ours').getByText(/Läst av kontaktpersonen/).waitFor();

  // The approved report opens from the assignment page, locked.
  await months.getByRole('link', { name: `Rapporten för ${monthName(lastMonth)}` }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await page.getByText(/Rapporten är låst och kan inte ändras\./).waitFor();

  // Read: nothing unread, no worry waiting.
  await page.goto(server.url('/handlaggare/'));
  await eventually(async () => assert.equal(await overviewCount(page, 'Olästa meddelanden'), 'Olästa meddelanden 0'));
  await page.getByText('Inga olästa meddelanden.').waitFor();
  assert.equal(await page.getByRole('region', { name: /Oro från kontaktpersoner/ }).count(), 0);
  await eventually(async () => assert.equal(await overviewCount(page, 'Rapporter att granska'), 'Rapporter att granska 0'));
  await expectNoAxeViolations(page, 'overview with everything read and reviewed');
  assertNoPageErrors(page, 'contact review', (e) => /status of 4\d\d/.test(e.text));
});
