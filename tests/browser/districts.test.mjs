// Districts (områden, issue 16): an administrator adds "Centrum" with its postcodes on
// "Områden", refused per field first (a postcode that is no postcode, one another district
// covers); renames and retires another. The interest form asks "Område (om du vet)" only now that
// there are districts. An applicant who leaves it empty but lives at a postcode inside Centrum is
// in Centrum on their page ("enligt postnumret"), and a need in Centrum ranks them with "Bor i
// samma område". 0 axe violations on each new screen and state.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, newPage, waitForApp, expectNoAxeViolations, assertNoPageErrors,
  applyThroughThePublicForm, signInToCaseworkerArea, todayInSweden, errorSummary, approveThroughTheApi,
} from './harness.mjs';
import { areaLink as nav } from './harness.mjs';

const DEMO = { user: 'demo@exempelby.se', password: 'ett demolösenord 2026' };
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

/** Fills the district form on "Områden" and sends it. */
async function saveDistrict(page, name, postcodes, button = 'Lägg till området') {
  const form = page.getByRole('form', { name: /^(Lägg till ett område|Ändra .+)$/ });
  await form.getByLabel('Områdets namn').fill(name);
  await form.getByLabel('Postnummer (frivilligt)').fill(postcodes);
  await form.getByRole('button', { name: button }).click();
}

test('An administrator sets up districts with their postcodes, refused per field first, and renames and retires one', async () => {
  const page = await newPage(browser);
  await signInToCaseworkerArea(page, server, DEMO);
  await nav(page, 'Områden').click();
  await page.getByRole('heading', { level: 1, name: 'Områden' }).waitFor();
  await page.getByText('Inga områden ännu. Lägg till det första nedan.').waitFor();
  assert.match(await page.title(), /^Områden – /);
  await expectNoAxeViolations(page, 'districts, none yet');

  // Refused per field: no name, and a postcode that is not five digits.
  await saveDistrict(page, '', '123');
  const summary = await errorSummary(page, 'district-errors');
  assert.match(summary, /Området är inte sparat/);
  assert.match(summary, /Skriv områdets namn\./);
  assert.match(summary, /Skriv postnummer med fem siffror/);
  assert.equal(await page.getByLabel('Områdets namn').getAttribute('aria-invalid'), 'true');
  await expectNoAxeViolations(page, 'district form with errors');

  await saveDistrict(page, 'Centrum', '123 00–123 99, 831 52');
  await page.getByText('Centrum är tillagt.').waitFor();
  const centrum = page.getByRole('row', { name: /^Centrum/ });
  assert.match(await centrum.innerText(), /123 00–123 99, 831 52/);

  // A postcode Centrum covers cannot go to another district.
  await saveDistrict(page, 'Söder', '123 50');
  assert.match(await errorSummary(page, 'district-errors'), /hör redan till ett annat område/);
  await saveDistrict(page, 'Norr', '831 00–831 20');
  await page.getByText('Norr är tillagt.').waitFor();

  // Renamed, then retired: it leaves the list in use and is kept apart.
  await page.getByRole('button', { name: 'Ändra Norr' }).click();
  await page.getByRole('heading', { level: 2, name: 'Ändra Norr' }).waitFor();
  assert.equal(await page.getByLabel('Postnummer (frivilligt)').inputValue(), '831 00–831 20');
  await saveDistrict(page, 'Norra staden', '831 00–831 20', 'Spara ändringarna');
  await page.getByText('Ändringarna av Norra staden är sparade.').waitFor();
  await page.getByRole('button', { name: /^Ta ur bruk\W*Norra staden$/ }).click();
  await expectNoAxeViolations(page, 'districts, asking before retiring');
  await page.getByRole('button', { name: 'Ja, ta ur bruk' }).click();
  await page.getByText(/Norra staden är taget ur bruk\./).waitFor();
  const retired = page.getByRole('region', { name: 'Tagna ur bruk' });
  await retired.getByText('Norra staden', { exact: true }).waitFor();
  assert.equal(await page.getByRole('row', { name: /^Norra staden/ }).count(), 0);
  await expectNoAxeViolations(page, 'districts, one retired');
  assertNoPageErrors(page, 'districts');
  await page.context().close();
});

test('An applicant inside Centrum\'s postcodes is in Centrum and a need in Centrum ranks them as living in the same area', async () => {
  // The form asks for the district now that there are districts (the retired one is not offered).
  const form = await newPage(browser);
  await form.goto(server.url('/sv/intresseanmalan'));
  await waitForApp(form);
  const question = form.getByLabel('Område (om du vet)');
  await question.waitFor();
  assert.deepEqual(await question.locator('option').allInnerTexts(), ['Vet inte', 'Centrum']);
  await expectNoAxeViolations(form, 'interest form step 1 with the district question');
  await form.context().close();

  // Left empty: the postcode 123 45 tells the district.
  const reference = await applyThroughThePublicForm(browser, server, 'Ilhan', 'Centrumsdotter', 'Jag vill ge tid till en ung person i min stadsdel.');
  const page = await newPage(browser);
  await signInToCaseworkerArea(page, server, DEMO);
  await approveThroughTheApi(page, reference);
  await page.goto(server.url(`/handlaggare/sokande/${reference}`));
  await waitForApp(page);
  const answers = page.getByRole('region', { name: 'Intresseanmälan' });
  await answers.getByText('Centrum (enligt postnumret)').waitFor();

  // A need chooses its district from the list.
  await page.goto(server.url('/handlaggare/behov/ny'));
  await waitForApp(page);
  await page.getByRole('heading', { level: 1, name: 'Nytt behov' }).waitFor();
  const district = page.getByLabel('Område', { exact: true });
  await district.waitFor();
  assert.deepEqual(await district.locator('option').allInnerTexts(), ['Välj område', 'Centrum']);
  await expectNoAxeViolations(page, 'new need with the district select');
  await page.getByLabel('Ärendenummer').fill('IFO-2026-5150');
  await page.getByLabel('Barnets födelseår').fill(String(Number(todayInSweden().slice(0, 4)) - 10));
  await page.getByRole('radio', { name: 'Pojke', exact: true }).check();
  await page.getByLabel('Sök språk').fill('soma');
  await page.getByRole('checkbox', { name: 'Somaliska', exact: true }).check();
  await district.selectOption({ label: 'Centrum' });
  await page.getByRole('checkbox', { name: 'Ett större socialt nätverk', exact: true }).check();
  await page.getByRole('radio', { name: 'Kontaktperson för barn eller unga', exact: true }).check();
  await page.getByRole('radio', { name: 'Minst en gång i veckan', exact: true }).check();
  await page.getByRole('button', { name: 'Spara behovet' }).click();

  await page.getByRole('heading', { level: 1, name: /^Behov B-\d{4}-\d{4,}$/ }).waitFor();
  assert.match(await page.locator('.answers').innerText(), /Område\s+Centrum/);
  const candidate = page.locator('li.match').filter({ has: page.getByRole('heading', { level: 3, name: 'Ilhan Centrumsdotter' }) });
  await candidate.waitFor();
  const plus = (await candidate.locator('.reasons .reason-plus').allInnerTexts()).join('\n');
  assert.match(plus, /Bor i samma område \(\+15 p\)/);
  await expectNoAxeViolations(page, 'need in Centrum with its matches');
  assertNoPageErrors(page, 'need in Centrum');
  await page.context().close();
});
