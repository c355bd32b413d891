// The caseworker area's wasm comes in parts (src/caseworker/lazy_pages.rs,
// scripts/build-split.mjs): signing in needs only the first part, and a group of pages is
// fetched when one of its pages is first opened. The server and the build are real; the only
// thing a test adds is a failing network for one part.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useApp, assertNoPageErrors, expectNoAxeViolations, applyThroughThePublicForm,
  signInToCaseworkerArea, waitForApp, overviewLoaded, areaLink as nav, wasmRequests,
} from './harness.mjs';

const DEMO = { user: 'demo@exempelby.se', password: 'ett demolösenord 2026' };
const app = useApp({ env: { DEMO_USER: DEMO.user, DEMO_PASSWORD: DEMO.password } });

test('The sign-in page and the overview need only the area\'s first wasm; the applicants\' pages fetch their own part when first opened', async () => {
  await applyThroughThePublicForm(app.browser, app.server, 'Sahra', 'Warsame',
    'Jag vill finnas där för en ung person, varje vecka.');
  const page = await app.newPage();
  const wasm = wasmRequests(page);

  await page.goto(app.url('/handlaggare/logga-in'));
  await waitForApp(page);
  await page.getByLabel('E-postadress').waitFor();
  assert.deepEqual(wasm, ['handlaggare_bg.wasm'], 'the sign-in page fetches the first part only');

  await page.getByLabel('E-postadress').fill(DEMO.user);
  await page.getByLabel('Lösenord').fill(DEMO.password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Översikt' }).waitFor();
  await overviewLoaded(page);
  assert.deepEqual(wasm, ['handlaggare_bg.wasm'], 'nor does the overview need another part');

  await nav(page, 'Sökande').click();
  await page.getByRole('heading', { level: 1, name: 'Sökande' }).waitFor();
  assert.ok(wasm.includes('split_vetting.wasm'), wasm.join());
  assert.ok(!wasm.some((name) => /^split_(placements|follow_up|account|administration)\.wasm$/.test(name)),
    `only the applicants' part: ${wasm.join()}`);

  // The applicant's page is in the same part: nothing more is fetched.
  const before = wasm.length;
  await page.getByRole('link', { name: 'Sahra Warsame' }).click();
  await page.getByRole('heading', { level: 1, name: /Sahra Warsame/ }).waitFor();
  assert.equal(wasm.length, before, `no further part: ${wasm.slice(before).join()}`);
  await expectNoAxeViolations(page, 'an applicant, from its part');
  assertNoPageErrors(page);
});

test('A full load of a page in a part fetches that part with the first wasm, each file once', async () => {
  const page = await app.newPage();
  await signInToCaseworkerArea(page, app.server, DEMO);
  const requested = wasmRequests(page);
  await page.goto(app.url('/handlaggare/sokande'));
  await page.getByRole('heading', { level: 1, name: 'Sökande' }).waitFor();
  const preloaded = await page.evaluate(() => [...document.querySelectorAll('link[rel="preload"][as="fetch"]')]
    .map((link) => new URL(link.href).pathname.split('/').pop()));
  assert.ok(preloaded.includes('split_vetting.wasm'), preloaded.join());
  assert.ok(!preloaded.some((name) => /^split_(?!vetting\.)/.test(name)), `only the applicants' part: ${preloaded.join()}`);
  // The loader's fetch of each file found the preload: nothing was asked for twice.
  for (const name of preloaded) {
    assert.equal(requested.filter((r) => r === name).length, 1, `${name}: ${requested.join()}`);
  }
  assertNoPageErrors(page);
});

test('Leaving a page while its part is on the way: the part arrives later and the page left is never shown', async () => {
  const page = await app.newPage();
  await signInToCaseworkerArea(page, app.server, DEMO);
  let held;
  const heldBack = new Promise((resolve) => { held = resolve; });
  await page.route((url) => url.pathname.endsWith('/split_follow_up.wasm'), (route) => held(route));

  await nav(page, 'Rapporter').click();
  const route = await heldBack;
  // While it is on the way the page left stays, and the caseworker is told.
  await page.getByRole('status').filter({ hasText: 'Hämtar sidan …' }).waitFor();
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Översikt');
  await expectNoAxeViolations(page, 'a page on its way');
  await nav(page, 'Översikt').click();
  await page.getByRole('heading', { level: 1, name: 'Översikt' }).waitFor();
  const answered = page.waitForEvent('requestfinished', (r) => r.url().endsWith('/split_follow_up.wasm'));
  await route.continue();
  await answered;
  // Two frames: whatever the late part would draw has been drawn.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.waitForTimeout(300);
  assert.equal(await page.getByRole('heading', { level: 1 }).count(), 1);
  assert.equal(await page.getByRole('status').filter({ hasText: 'Hämtar sidan' }).count(), 0);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Översikt');
  assert.ok(page.url().endsWith('/handlaggare/'), page.url());

  // And the reports' page now opens from the part already here.
  await nav(page, 'Rapporter').click();
  await page.getByRole('heading', { level: 1, name: 'Rapporter' }).waitFor();
  assertNoPageErrors(page);
});

test('A part that cannot be fetched says so, and opening the page again fetches it', async () => {
  const page = await app.newPage();
  await signInToCaseworkerArea(page, app.server, DEMO);

  let refused = 0;
  await page.route((url) => url.pathname.endsWith('/split_placements.wasm'), async (route) => {
    if (refused === 0) {
      refused += 1;
      return route.fulfill({ status: 503, body: 'unavailable' });
    }
    return route.continue();
  });

  await nav(page, 'Behov').click();
  await page.getByRole('heading', { level: 1, name: 'Sidan kunde inte hämtas' }).waitFor();
  await assert.doesNotReject(page.getByRole('alert')
    .filter({ hasText: 'Kontrollera anslutningen' }).waitFor());
  await expectNoAxeViolations(page, 'a part that could not be fetched');
  assert.equal(refused, 1);

  // The area still works: another page, then the same one again.
  await nav(page, 'Översikt').click();
  await page.getByRole('heading', { level: 1, name: 'Översikt' }).waitFor();
  await nav(page, 'Behov').click();
  await page.getByRole('heading', { level: 1, name: 'Behov' }).waitFor();
  // The refused fetch is reported in the console (the browser's 503, the loader's error); nothing else.
  assertNoPageErrors(page, 'the needs page', (e) => /503|split_placements|SplitLoaderError|Failed/.test(e.text));
});
