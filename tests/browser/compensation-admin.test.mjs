// The compensation levels in the caseworker area: an administrator changes this year's weekly
// arvode, a typo is explained by its field and loses nothing, and the public compensation page
// shows the new amount at once. 0 axe violations.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, newPage, waitForApp, expectNoAxeViolations, assertNoPageErrors,
} from './harness.mjs';

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

test('An administrator changes a year\'s weekly arvode; a typo is explained and kept; the public page follows', async () => {
  const page = await newPage(browser);
  await page.goto(server.url('/handlaggare/logga-in'));
  await waitForApp(page);
  await page.getByLabel('E-postadress').fill(DEMO.user);
  await page.getByLabel('Lösenord').fill(DEMO.password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Översikt' }).waitFor();

  await page.getByRole('navigation', { name: 'Handläggarstöd' }).getByRole('link', { name: 'Ersättning' }).click();
  await page.getByRole('heading', { level: 1, name: 'Ersättningsnivåer' }).waitFor();
  const year2026 = page.getByRole('region', { name: '2026' });
  await year2026.waitFor();
  assert.match(await year2026.innerText(), /59\s200\skr \(SFS 2025:872\)/);
  assert.match(await year2026.innerText(), /Minst en gång i veckan\s+36\s%/);
  await expectNoAxeViolations(page, 'compensation levels');

  await page.getByRole('button', { name: 'Ändra 2026' }).click();
  const arvode = page.getByLabel('Arvode, minst en gång i veckan: värde');
  assert.equal(await arvode.inputValue(), '36');
  // 2026 has begun (or is over): the form says a change recomputes months that may be paid.
  assert.match(await page.getByRole('form', { name: 'Nivåer för 2026' }).innerText(),
    /2026 har redan börjat\. Nivåerna gäller hela året, så en ändring räknar om också de månader som kan vara utbetalda\./);
  await arvode.fill('40 procent');
  await page.getByRole('button', { name: 'Spara nivåerna för 2026' }).click();
  await page.getByText(/Skriv en procentsats som 36 eller 36,5/).waitFor();
  assert.equal(await arvode.inputValue(), '40 procent', 'the typo is kept to be corrected');
  await expectNoAxeViolations(page, 'compensation form with an error');

  await arvode.fill('40');
  await page.getByRole('button', { name: 'Spara nivåerna för 2026' }).click();
  await page.getByRole('status').filter({ hasText: 'Nivåerna för 2026 är sparade.' }).waitFor();
  const row = page.getByRole('region', { name: '2026' }).getByRole('row', { name: /Minst en gång i veckan/ });
  await row.filter({ hasText: '40 %' }).waitFor();
  // 40 % of 59 200 a year is 1 973,33 a month: whole kronor, rounded once.
  assert.match(await row.innerText(), /1\s973\skr/);

  const publicPage = await newPage(browser);
  await publicPage.goto(server.url('/sv/ersattning'));
  await waitForApp(publicPage);
  assert.match(await publicPage.locator('table.compensation-levels').innerText(), /1\s973\skr/);
  await publicPage.context().close();
  assertNoPageErrors(page, 'compensation');
  await page.context().close();
});
