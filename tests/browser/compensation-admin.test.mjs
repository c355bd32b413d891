// The compensation levels in the caseworker area: the seeded levels sit inside SKR's bands, shown
// beside each level; an administrator changes this year's weekly arvode, a typo is explained by
// its field and loses nothing, a level outside SKR's band is saved with a warning that names the
// band, and the public compensation page shows the new amount at once. 0 axe violations.

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

test('An administrator sees SKR\'s bands, changes a year\'s weekly arvode; a typo is explained and kept; a level outside the band is saved with a warning; the public page follows', async () => {
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
  // The seeded starting level: the middle of SKR's band for category 1 (10–35 %), SKR's 10 %
  // omkostnad. 22,5 % of 59 200 / 12 is 1 110 kr a month; 10 % is 493,33, so 493 kr.
  const weekly = year2026.getByRole('row', { name: /Minst en gång i veckan/ });
  const cells = await weekly.getByRole('cell').allInnerTexts();
  assert.deepEqual(cells.map((c) => c.replace(/\s+/gu, ' ').trim()), [
    '22,5 % av prisbasbeloppet per år', '1 110 kr', '10–35 %',
    '10 % av prisbasbeloppet per år', '493 kr', '10 %',
  ]);
  assert.match(await year2026.getByRole('row', { name: /Nästan varje dag/ }).innerText(), /42,5\s%[^]*30–55\s%[^]*40\s%/u);
  assert.doesNotMatch(await year2026.innerText(), /Utanför SKR:s rekommendation/);
  assert.match(await year2026.innerText(), /Nivåernas källa: Startnivå enligt SKR:s rekommendation \(cirkulär 17:54/);
  await expectNoAxeViolations(page, 'compensation levels');

  await page.getByRole('button', { name: 'Ändra 2026' }).click();
  const arvode = page.getByLabel('Arvode, minst en gång i veckan: värde');
  assert.equal(await arvode.inputValue(), '22,5');
  // The band is the field's description, so a screen reader hears it with the field.
  assert.equal(await arvode.getAttribute('aria-describedby'), 'level-0-arvode-band');
  assert.match(await page.locator('#level-0-arvode-band').innerText(), /SKR: 10–35\s% av prisbasbeloppet per år/u);
  // 2026 has begun (or is over): the form says a change recomputes months that may be paid.
  assert.match(await page.getByRole('form', { name: 'Nivåer för 2026' }).innerText(),
    /2026 har redan börjat\. Nivåerna gäller hela året, så en ändring räknar om också de månader som kan vara utbetalda\./);
  await arvode.fill('40 procent');
  await page.getByRole('button', { name: 'Spara nivåerna för 2026' }).click();
  await page.getByText(/Skriv en procentsats som 36 eller 36,5/).waitFor();
  assert.equal(await arvode.inputValue(), '40 procent', 'the typo is kept to be corrected');
  await expectNoAxeViolations(page, 'compensation form with an error');

  await arvode.fill('40');
  await page.getByLabel('Källa för nivåerna').fill('Socialnämnden 2026-03-12 § 40');
  await page.getByRole('button', { name: 'Spara nivåerna för 2026' }).click();
  const status = page.getByRole('status').filter({ hasText: 'Nivåerna för 2026 är sparade.' });
  await status.waitFor();
  // Saved all the same, with a warning that names the level, its rate and SKR's band.
  assert.match(await status.innerText(),
    /Arvodet för minst en gång i veckan \(40\s% av prisbasbeloppet per år\) ligger utanför SKR:s rekommendation \(10–35\s%\)\./u);
  assert.doesNotMatch(await status.innerText(), /Omkostnaden/, 'only the level outside is named');
  const row = page.getByRole('region', { name: '2026' }).getByRole('row', { name: /Minst en gång i veckan/ });
  await row.filter({ hasText: '40 %' }).waitFor();
  // 40 % of 59 200 a year is 1 973,33 a month: whole kronor, rounded once.
  assert.match(await row.innerText(), /1\s973\skr/);
  assert.match(await row.innerText(), /Utanför SKR:s rekommendation/);
  assert.match(await page.getByRole('region', { name: '2026' }).innerText(), /Nivåernas källa: Socialnämnden 2026-03-12 § 40/);
  await expectNoAxeViolations(page, 'compensation levels saved with a warning');

  const publicPage = await newPage(browser);
  await publicPage.goto(server.url('/sv/ersattning'));
  await waitForApp(publicPage);
  assert.match(await publicPage.locator('table.compensation-levels').innerText(), /1\s973\skr/);
  await publicPage.context().close();
  assertNoPageErrors(page, 'compensation');
  await page.context().close();
});
