// The contact person's own area (issue 15), driven as a contact person would, in Swedish and in
// Arabic: an approved applicant with an assignment (seeded through the caseworker API) asks for a
// sign-in link, reads it from a real SMTP listener, opens it (the token leaves the address),
// accepts the agreement, reports last month with two meetings (a draft kept over a reload, then
// declared and sent), writes a message and a worry, and signs out. Bad input gets worded errors
// in the page's language; 0 axe violations (axe and IBM's engine) on every screen and state.
// Where the municipality pays extra costs, each cost carries a receipt (a real PNG and a PDF made
// here): a text file named kvitto.pdf is refused in the reader's language with nothing lost, and
// the caseworker downloads exactly the bytes that were uploaded.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { deflateSync } from 'node:zlib';
import {
  startServer, launchBrowser, newPage, waitForApp, expectNoAxeViolations, assertNoPageErrors, eventually,
  applyThroughThePublicForm, todayInSweden, signInToCaseworkerArea, ensurePriceBaseForThisYear,
  approveThroughTheApi, errorSummary, startMailbox, freePort,
} from './harness.mjs';

const DEMO = { user: 'demo@exempelby.se', password: 'ett demolösenord 2026' };
const SV_MONTHS = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti',
  'september', 'oktober', 'november', 'december'];
const AR_MONTHS = ['يناير', 'فبراير', 'مارس', 'أبريل', 'مايو', 'يونيو', 'يوليو', 'أغسطس', 'سبتمبر',
  'أكتوبر', 'نوفمبر', 'ديسمبر'];
const cleanups = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** A server that mails sign-in links to a real SMTP listener, and a browser. */
async function startArea() {
  const mailbox = await startMailbox();
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const server = await startServer({
    env: {
      PORT: String(port), DEMO_USER: DEMO.user, DEMO_PASSWORD: DEMO.password,
      SMTP_URL: mailbox.url, KP_PUBLIC_URL: publicUrl, KP_CONTACT_LINK_SIGN_IN: 'on',
      KP_REPORT_EXTRA_COSTS: 'on',
    },
  });
  const browser = await launchBrowser();
  cleanups.push(async () => { await browser.close(); await server.stop(); await mailbox.close(); });
  return { mailbox, server, browser, publicUrl };
}

/** `YYYY-MM` of last month. */
function lastMonth() {
  const [y, m] = todayInSweden().split('-').map(Number);
  const total = y * 12 + (m - 1) - 1;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/** CRC-32 (the PNG chunks' checksum). */
function crc32(bytes) {
  let crc = 0xFFFFFFFF;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xEDB88320 & -(crc & 1));
  }
  return (crc ^ 0xFFFFFFFF) >>> 0;
}

/** A real PNG: `size`×`size` pixels of one colour, as a phone's screenshot would be encoded. */
function png(size, [r, g, b]) {
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4); length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0); header.writeUInt32BE(size, 4);
  header[8] = 8; header[9] = 2; // 8 bits, RGB
  const rows = Buffer.concat(Array.from({ length: size }, () => Buffer.from([0, ...Array(size).fill([r, g, b]).flat()])));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
    chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A small, valid PDF with one page. */
function pdf() {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >>',
  ];
  let text = '%PDF-1.4\n';
  const offsets = objects.map((body, i) => {
    const at = text.length;
    text += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = text.length;
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const at of offsets) text += `${String(at).padStart(10, '0')} 00000 n \n`;
  text += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(text, 'latin1');
}

const PNG_RECEIPT = { name: 'kvitto-fika.png', mimeType: 'image/png', buffer: png(16, [200, 40, 40]) };
const PDF_RECEIPT = { name: 'Bowling på Ängen.pdf', mimeType: 'application/pdf', buffer: pdf() };
const NOT_A_PDF = { name: 'kvitto.pdf', mimeType: 'application/pdf', buffer: Buffer.from('Det här är bara text, inget kvitto.\n') };

/** An approved applicant `first` with an assignment that started on the first of last month. */
async function contactPersonWithAssignment({ server, browser }, first, last) {
  const reference = await applyThroughThePublicForm(browser, server, first, last, 'Jag vill ge tid och trygghet till en ung person.');
  const page = await newPage(browser);
  await signInToCaseworkerArea(page, server, DEMO);
  await ensurePriceBaseForThisYear(page);
  await approveThroughTheApi(page, reference);
  const call = (method, path, body) => page.evaluate(async ({ method, path, body }) => {
    const response = await fetch(path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: await response.text() };
  }, { method, path, body });
  const need = await call('POST', '/api/needs', {
    case_reference: `IFO-2026-${Math.floor(Math.random() * 9000) + 1000}`,
    birth_year: String(Number(todayInSweden().slice(0, 4)) - 11),
    gender: 'girl', languages: ['so'], area: 'Exempelby', interests: 'fotboll', goals: ['wider_network'],
    goal_note: '', assignment_type: 'child', frequency: 'weekly', times: ['evenings'],
    suggested_person: '', needs_driving: false,
  });
  assert.equal(need.status, 201, need.body);
  const needReference = JSON.parse(need.body).reference;
  const made = await call('POST', `/api/needs/${needReference}/assignment`, {
    applicant_reference: reference, reason: 'Talar somaliska', start_date: `${lastMonth()}-01`, frequency: 'weekly',
  });
  assert.equal(made.status, 201, made.body);
  await page.context().close();
  return { assignment: needReference.replace(/^B-/, 'U-'), id: JSON.parse(made.body).reference };
}

/** The sign-in link mailed to `email`, for the area in `code`'s language. */
async function mailedLink({ mailbox, publicUrl }, email, code) {
  const mail = await mailbox.waitFor((m) => m.to.includes(email) && m.body.includes(`${publicUrl}/${code}/`));
  return mail.body.match(/https?:\/\/\S+#[A-Za-z0-9_-]+/)[0];
}

const month = lastMonth();

test('A contact person signs in with a mailed link, accepts the agreement, reports a month with two meetings, writes a message and a worry, in Swedish', async () => {
  const area = await startArea();
  const { assignment, id: assignmentId } = await contactPersonWithAssignment(area, 'Hodan', 'Warsame');
  const page = await newPage(area.browser);


  // The sign-in page; an empty address is refused in words.
  await page.goto(area.server.url('/sv/mina-sidor'));
  await waitForApp(page);
  await page.getByRole('heading', { level: 1, name: 'Logga in på Mina sidor' }).waitFor();
  assert.equal(await page.title(), 'Logga in på Mina sidor – Mina sidor');
  await expectNoAxeViolations(page, 'the sign-in page');
  await page.getByRole('button', { name: 'Skicka inloggningslänk' }).click();
  assert.match(await errorSummary(page, 'error-summary'), /Skriv din e-postadress/);
  await eventually(async () => assert.match(await page.title(), /^Fel: /));
  await expectNoAxeViolations(page, 'the sign-in page with an error');
  await page.getByLabel('E-postadress').fill('hodan@example.se');
  await page.getByRole('button', { name: 'Skicka inloggningslänk' }).click();
  await page.getByRole('heading', { name: 'Titta i din e-post' }).waitFor();
  await expectNoAxeViolations(page, 'a link is on its way');

  // The link signs in; its token leaves the address.
  const link = await mailedLink(area, 'hodan@example.se', 'sv');
  await page.goto(link);
  await page.getByRole('heading', { level: 1, name: 'Mina uppdrag' }).waitFor();
  assert.ok(!page.url().includes('#'), `the token is gone from ${page.url()}`);
  await page.getByRole('heading', { level: 2, name: `Uppdrag ${assignment}` }).waitFor();
  assert.match(await page.locator('main').innerText(), /Avtalet väntar på att du godkänner det/);
  await expectNoAxeViolations(page, 'the assignments');

  // The agreement: the box must be ticked, then it is accepted with its version and time.
  await page.getByRole('link', { name: 'Uppdragsavtal' }).click();
  await page.getByRole('heading', { level: 1, name: `Uppdragsavtal för ${assignment}` }).waitFor();
  await expectNoAxeViolations(page, 'the agreement');
  await page.getByRole('button', { name: 'Godkänn avtalet' }).click();
  assert.match(await errorSummary(page, 'error-summary'), /Kryssa i att du har läst avtalet och godkänner det/);
  await expectNoAxeViolations(page, 'the agreement not ticked');
  await page.getByRole('checkbox', { name: 'Jag har läst avtalet och godkänner det' }).check();
  await page.getByRole('button', { name: 'Godkänn avtalet' }).click();
  const accepted = page.getByRole('status').filter({ hasText: 'Du godkände den här versionen av avtalet' });
  await accepted.waitFor();
  assert.match(await accepted.innerText(), /\d{4}-\d{2}-\d{2} \d{2}:\d{2} \(inloggad med e-postlänk\)/);
  assert.equal(await page.getByRole('button', { name: 'Godkänn avtalet' }).count(), 0);
  await expectNoAxeViolations(page, 'the agreement accepted');

  // Last month's report: two meetings, a date that is no date refused, a draft kept over a reload.
  await page.getByRole('link', { name: 'Till mina uppdrag' }).first().click();
  await page.getByRole('link', { name: 'Månadsrapporter' }).click();
  await page.getByRole('heading', { level: 1, name: 'Månadsrapporter' }).waitFor();
  const [y, m] = month.split('-').map(Number);
  const monthName = `${SV_MONTHS[m - 1]} ${y}`;
  await expectNoAxeViolations(page, 'the months');
  await page.getByRole('link', { name: `Rapport för ${monthName}` }).click();
  await page.getByRole('heading', { level: 1, name: `Rapport för ${monthName}` }).waitFor();
  await expectNoAxeViolations(page, 'an empty report');
  await page.getByRole('button', { name: 'Lägg till en träff' }).click();
  await page.getByRole('button', { name: 'Lägg till en träff' }).click();
  const first = page.getByRole('group', { name: 'Träff 1' });
  const second = page.getByRole('group', { name: 'Träff 2' });
  await first.getByLabel('Datum').fill('3 okt');
  await first.getByLabel('Ungefär hur länge').selectOption({ label: 'två timmar' });
  await first.getByRole('checkbox', { name: 'Promenad eller utomhus' }).check();
  await first.getByLabel('Några ord (frivilligt)').fill('Fotboll i parken');
  await second.getByLabel('Datum').fill(`${month}-17`);
  await second.getByRole('checkbox', { name: 'Bio, museum eller bibliotek' }).check();
  await page.getByRole('button', { name: 'Spara utkast' }).click();
  assert.match(await errorSummary(page, 'error-summary'), /Skriv datumet som år-månad-dag/);
  await expectNoAxeViolations(page, 'a report with a date that is no date');
  await first.getByLabel('Datum').fill(`${month}-03`);
  await page.getByRole('button', { name: 'Spara utkast' }).click();
  await page.getByRole('status').filter({ hasText: 'Utkastet är sparat' }).waitFor();
  await page.reload();
  await page.getByRole('heading', { level: 1, name: `Rapport för ${monthName}` }).waitFor();
  assert.equal(await page.getByRole('group', { name: 'Träff 1' }).getByLabel('Datum').inputValue(), `${month}-03`);
  assert.equal(await page.getByRole('group', { name: 'Träff 2' }).getByLabel('Datum').inputValue(), `${month}-17`);
  assert.ok(await page.getByRole('group', { name: 'Träff 1' }).getByRole('checkbox', { name: 'Promenad eller utomhus' }).isChecked());

  // Two extra costs, each with its receipt: a PNG and a PDF, uploaded as soon as they are chosen.
  await page.getByRole('button', { name: 'Lägg till en kostnad' }).click();
  await page.getByRole('button', { name: 'Lägg till en kostnad' }).click();
  const fika = page.getByRole('group', { name: 'Kostnad 1' });
  const bowling = page.getByRole('group', { name: 'Kostnad 2' });
  await fika.getByLabel('Datum').fill(`${month}-03`);
  await fika.getByLabel('Vad var det?').fill('Fika efter fotbollen');
  await fika.getByLabel('Belopp i kronor').fill('89,50');
  await bowling.getByLabel('Datum').fill(`${month}-17`);
  await bowling.getByLabel('Vad var det?').fill('Bowling');
  await bowling.getByLabel('Belopp i kronor').fill('240');
  const receiptInput = (cost) => cost.getByLabel('Kvitto (foto eller PDF)');
  assert.equal(await receiptInput(fika).getAttribute('accept'), 'image/jpeg,image/png,application/pdf');
  await receiptInput(fika).setInputFiles(PNG_RECEIPT);
  await fika.getByText(/Kvitto bifogat: kvitto-fika\.png \(1 kB\)/).waitFor();
  await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Ta bort kvittot kvitto-fika.png'));
  await receiptInput(bowling).setInputFiles(PDF_RECEIPT);
  await bowling.getByText('Kvitto bifogat: Bowling på Ängen.pdf (1 kB)').waitFor();
  await expectNoAxeViolations(page, 'a report with two receipts attached');
  // One is removed; a text file named kvitto.pdf is refused in words, and nothing typed is lost.
  await bowling.getByRole('button', { name: 'Ta bort kvittot Bowling på Ängen.pdf' }).click();
  await bowling.getByRole('status').filter({ hasText: 'Kvittot är borttaget.' }).waitFor();
  await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-costs-1-receipt'));
  await receiptInput(bowling).setInputFiles(NOT_A_PDF);
  const refusal = bowling.getByRole('alert');
  await refusal.waitFor();
  assert.equal(await refusal.innerText(), 'Kvittot måste vara en bild i JPEG- eller PNG-format eller en pdf-fil.');
  assert.match(await receiptInput(bowling).getAttribute('aria-describedby'), new RegExp(await refusal.getAttribute('id')));
  assert.equal(await bowling.getByLabel('Vad var det?').inputValue(), 'Bowling');
  assert.equal(await bowling.getByLabel('Belopp i kronor').inputValue(), '240');
  assert.equal(await fika.getByLabel('Belopp i kronor').inputValue(), '89,50');
  await fika.getByText('Kvitto bifogat: kvitto-fika.png (1 kB)').waitFor();
  assert.equal(await page.getByRole('group', { name: 'Träff 1' }).getByLabel('Datum').inputValue(), `${month}-03`);
  await expectNoAxeViolations(page, 'a receipt refused');
  await receiptInput(bowling).setInputFiles(PDF_RECEIPT);
  await bowling.getByText('Kvitto bifogat: Bowling på Ängen.pdf (1 kB)').waitFor();
  assert.equal(await bowling.getByRole('alert').count(), 0, 'the refusal is gone once a receipt is attached');
  // The draft keeps the receipts.
  await page.getByRole('button', { name: 'Spara utkast' }).click();
  await page.getByRole('status').filter({ hasText: 'Utkastet är sparat' }).waitFor();
  await page.reload();
  await page.getByRole('heading', { level: 1, name: `Rapport för ${monthName}` }).waitFor();
  await page.getByRole('group', { name: 'Kostnad 1' }).getByText('Kvitto bifogat: kvitto-fika.png (1 kB)').waitFor();
  await page.getByRole('group', { name: 'Kostnad 2' }).getByText('Kvitto bifogat: Bowling på Ängen.pdf (1 kB)').waitFor();

  // Sending needs the declaration; then the report is read-only.
  await page.getByRole('button', { name: 'Skicka rapporten' }).click();
  assert.match(await errorSummary(page, 'error-summary'), /Kryssa i att uppgifterna är riktiga för att skicka/);
  await expectNoAxeViolations(page, 'a report sent without the declaration');
  await page.getByRole('checkbox', { name: 'Jag försäkrar att uppgifterna är riktiga' }).check();
  await page.getByRole('button', { name: 'Skicka rapporten' }).click();
  await page.getByText('Rapporten är skickad och väntar på granskning. Den kan inte ändras nu.').waitFor();
  assert.ok(await page.getByRole('group', { name: 'Träff 1' }).getByLabel('Datum').isDisabled());
  await expectNoAxeViolations(page, 'a sent report');

  // The caseworker opens the report and downloads each receipt by its link: the very bytes sent.
  const caseworker = await newPage(area.browser);
  await signInToCaseworkerArea(caseworker, area.server, DEMO);
  await caseworker.goto(area.server.url(`/handlaggare/rapporter/${assignmentId}/${month}`));
  await caseworker.getByRole('heading', { level: 2, name: 'Utlägg utöver omkostnadsersättningen' }).waitFor();
  for (const [description, receipt] of [['Fika efter fotbollen', PNG_RECEIPT], ['Bowling', PDF_RECEIPT]]) {
    const [download] = await Promise.all([
      caseworker.waitForEvent('download'),
      caseworker.getByRole('link', { name: `Kvitto för ${description}`, exact: true }).click(),
    ]);
    assert.equal(download.suggestedFilename(), receipt.name);
    assert.ok((await readFile(await download.path())).equals(receipt.buffer), `the receipt for ${description} is the file sent`);
  }
  await expectNoAxeViolations(caseworker, 'the caseworker\'s report with receipts');
  await caseworker.context().close();

  // A message and a worry.
  await page.getByRole('link', { name: 'Till mina uppdrag' }).first().click();
  await page.getByRole('link', { name: 'Meddelanden och oro' }).click();
  await page.getByRole('heading', { level: 1, name: `Meddelanden om ${assignment}` }).waitFor();
  assert.match(await page.locator('main').innerText(), /Ring 112/);
  await expectNoAxeViolations(page, 'the messages');
  await page.getByRole('button', { name: 'Skicka meddelandet' }).click();
  assert.match(await errorSummary(page, 'error-summary'), /Skriv ett meddelande/);
  await expectNoAxeViolations(page, 'an empty message');
  await page.getByLabel('Nytt meddelande').fill('Hej! Vi ses på lördag som vanligt.');
  await page.getByRole('button', { name: 'Skicka meddelandet' }).click();
  await page.getByText('Hej! Vi ses på lördag som vanligt.').waitFor();
  await page.getByLabel('Vad oroar dig?').fill('Hon verkade rädd att gå hem.');
  await page.getByRole('button', { name: 'Skicka min oro till socialtjänsten' }).click();
  await page.getByText('Tack. Din oro är skickad och handläggaren ser den först.').waitFor();
  const worry = page.getByRole('listitem').filter({ hasText: 'Hon verkade rädd att gå hem.' });
  await worry.getByText('Oro', { exact: true }).waitFor();
  await expectNoAxeViolations(page, 'a message and a worry sent');

  // Signing out leads back to the sign-in page.
  await page.getByRole('button', { name: 'Logga ut' }).click();
  await page.getByRole('heading', { level: 1, name: 'Logga in på Mina sidor' }).waitFor();
  // The one refusal the server answered: sending without the declaration (422, worded above).
  assertNoPageErrors(page, 'the Swedish contact area', (e) => /status of 422/.test(e.text) && /\/submit/.test(JSON.stringify(e)));
});

test('A contact person does the same in Arabic, right to left, with the errors in Arabic', async () => {
  const area = await startArea();
  const { assignment } = await contactPersonWithAssignment(area, 'Amina', 'Yusuf');
  const page = await newPage(area.browser);
  await page.goto(area.server.url('/ar/my-pages'));
  await waitForApp(page);
  await page.getByRole('heading', { level: 1, name: 'تسجيل الدخول إلى صفحاتي' }).waitFor();
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  assert.equal(await page.getAttribute('html', 'lang'), 'ar');
  await page.getByLabel('البريد الإلكتروني').fill('inte-en-adress');
  await page.getByRole('button', { name: 'أرسل رابط تسجيل الدخول' }).click();
  assert.match(await errorSummary(page, 'error-summary'), /اكتب عنوان البريد الإلكتروني بالشكل الصحيح/);
  await expectNoAxeViolations(page, 'the Arabic sign-in page with an error');
  await page.getByLabel('البريد الإلكتروني').fill('amina@example.se');
  await page.getByRole('button', { name: 'أرسل رابط تسجيل الدخول' }).click();
  await page.getByRole('heading', { name: 'تحقّق من بريدك الإلكتروني' }).waitFor();

  await page.goto(await mailedLink(area, 'amina@example.se', 'ar'));
  await page.getByRole('heading', { level: 1, name: 'مهامي' }).waitFor();
  await expectNoAxeViolations(page, 'the Arabic assignments');
  await page.getByRole('link', { name: 'اتفاقية المهمة' }).click();
  await page.getByRole('heading', { level: 1, name: `اتفاقية المهمة ${assignment}` }).waitFor();
  assert.equal(await page.locator('article.agreement').getAttribute('lang'), 'sv', 'the agreement is the Swedish text');
  await page.getByRole('checkbox', { name: 'لقد قرأت الاتفاقية وأوافق عليها' }).check();
  await page.getByRole('button', { name: 'الموافقة على الاتفاقية' }).click();
  await page.getByRole('status').filter({ hasText: 'وافقت على هذه النسخة من الاتفاقية' }).waitFor();
  await expectNoAxeViolations(page, 'the Arabic agreement accepted');

  await page.getByRole('link', { name: 'إلى مهامي' }).first().click();
  await page.getByRole('link', { name: 'التقارير الشهرية' }).click();
  const [y, m] = month.split('-').map(Number);
  await page.getByRole('link', { name: `تقرير ${AR_MONTHS[m - 1]} ${y}` }).click();
  await page.getByRole('heading', { level: 1, name: `تقرير ${AR_MONTHS[m - 1]} ${y}` }).waitFor();
  await page.getByRole('button', { name: 'أضف لقاءً' }).click();
  await page.getByRole('button', { name: 'أضف لقاءً' }).click();
  const first = page.getByRole('group', { name: 'اللقاء 1' });
  const second = page.getByRole('group', { name: 'اللقاء 2' });
  await first.getByLabel('التاريخ').fill(`${month}-05`);
  await second.getByLabel('التاريخ').fill(`${month}-19`);
  await second.getByRole('checkbox', { name: 'رياضة أو تمارين' }).check();
  await page.getByRole('checkbox', { name: 'أؤكد أن المعلومات صحيحة' }).check();
  await page.getByRole('button', { name: 'أرسل التقرير' }).click();
  assert.match(await errorSummary(page, 'error-summary'), /اختر شيئًا واحدًا على الأقل فعلتماه/);
  await expectNoAxeViolations(page, 'an Arabic report with a meeting without activities');
  await first.getByRole('checkbox', { name: 'تحدثنا أو شربنا القهوة' }).check();
  // A text file named kvitto.pdf is refused in Arabic, right to left; nothing typed is lost.
  await page.getByRole('button', { name: 'أضف تكلفة' }).click();
  const cost = page.getByRole('group', { name: 'التكلفة 1' });
  await cost.getByLabel('التاريخ').fill(`${month}-07`);
  await cost.getByLabel('الإيصال (صورة أو PDF)').setInputFiles(NOT_A_PDF);
  const refusal = cost.getByRole('alert');
  await refusal.waitFor();
  assert.equal(await refusal.innerText(), 'يجب أن يكون الإيصال صورة بصيغة JPEG أو PNG أو ملف PDF.');
  assert.equal(await refusal.evaluate((el) => getComputedStyle(el).direction), 'rtl');
  assert.equal(await cost.getByLabel('التاريخ').inputValue(), `${month}-07`);
  assert.equal(await second.getByLabel('التاريخ').inputValue(), `${month}-19`);
  await expectNoAxeViolations(page, 'an Arabic receipt refused');
  await page.getByRole('button', { name: 'احذف التكلفة 1' }).click();
  await page.getByRole('button', { name: 'احفظ المسودة' }).click();
  await page.getByRole('status').filter({ hasText: 'حُفظت المسودة' }).waitFor();
  await page.getByRole('button', { name: 'أرسل التقرير' }).click();
  await page.getByText('أُرسل التقرير وهو بانتظار المراجعة. لا يمكن تغييره الآن.').waitFor();
  await expectNoAxeViolations(page, 'an Arabic report sent');

  await page.getByRole('link', { name: 'إلى مهامي' }).first().click();
  await page.getByRole('link', { name: 'الرسائل والقلق' }).click();
  await page.getByRole('heading', { level: 2, name: 'أنا قلق' }).waitFor();
  await page.getByLabel('ما الذي يقلقك؟').fill('كانت حزينة جدًا اليوم.');
  await page.getByRole('button', { name: 'أرسل قلقي إلى الخدمات الاجتماعية' }).click();
  await page.getByText('شكرًا. أُرسل قلقك وسيراه الموظف المسؤول أولًا.').waitFor();
  await expectNoAxeViolations(page, 'an Arabic worry sent');
});

test('The area\'s wasm has only the texts its page brings: the page brings its language\'s, and without them the area is not drawn and the console says why', async () => {
  const area = await startArea();
  const html = await (await fetch(area.server.url('/so/my-pages'))).text();
  const table = html.match(/<script id="kp-contact-text" type="application\/json">([^<]*)<\/script>/);
  assert.ok(table, 'the Somali page brings a text table');
  const texts = JSON.parse(table[1]);
  assert.ok(texts.length > 100 && texts.every((t) => typeof t === 'string'), `a list of ${texts.length} texts`);
  assert.ok(!html.includes('Logga in på Mina sidor'), 'not the Swedish table as well');
  const wasm = html.match(/mina_sidor-[0-9a-f]+_bg\.wasm/);
  assert.ok(wasm, 'the page names its wasm');
  const bytes = Buffer.from(await (await fetch(area.server.url(`/mina-sidor/${wasm[0]}`))).arrayBuffer());
  assert.ok(bytes.length > 100_000, `the wasm (${bytes.length} bytes)`);
  for (const title of ['Logga in på Mina sidor', 'Sign in to My pages']) {
    assert.equal(bytes.includes(Buffer.from(title)), false, `the wasm has no text table compiled in ("${title}")`);
  }

  const page = await newPage(area.browser);
  await page.route((url) => url.pathname === '/sv/mina-sidor', async (route) => {
    const response = await route.fetch();
    const body = await response.text();
    await route.fulfill({ response, body: body.replace(/<script id="kp-contact-text" type="application\/json">[^<]*<\/script>/, '') });
  });
  await page.goto(area.server.url('/sv/mina-sidor'));
  await eventually(async () => {
    const logged = (page.__errors || []).map((e) => e.text).join('\n');
    assert.ok(logged.includes('the area\'s texts are missing'), `the console says why; it has ${logged}`);
  }, { timeout: 10000 });
  assert.equal(await page.getByRole('heading').count(), 0, 'nothing is drawn without the texts');
});
