// Reads that belong to a page end with it (src/api/scope.rs). The server here is real; the only
// thing the test adds is a slow network: Playwright holds a read back in the browser, the
// caseworker moves on, and the test then lets the held read go, as a slow answer would.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, newPage, assertNoPageErrors, expectNoAxeViolations,
  applyThroughThePublicForm, signInToCaseworkerArea,
} from './harness.mjs';
import { areaLink as nav } from './harness.mjs';

const DEMO = { user: 'demo@exempelby.se', password: 'ett demolösenord 2026' };
let server;
let browser;
let reference;

before(async () => {
  server = await startServer({ env: { DEMO_USER: DEMO.user, DEMO_PASSWORD: DEMO.password } });
  browser = await launchBrowser();
  reference = await applyThroughThePublicForm(browser, server, 'Sahra', 'Warsame',
    'Jag vill finnas där för en ung person, varje vecka.');
  await applyThroughThePublicForm(browser, server, 'Nils', 'Berg',
    'Jag har tid på kvällarna och vill göra nytta.');
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/**
 * Holds back the browser's requests whose address `matches` (the first `count` of them); returns
 * the held routes and, for each, a promise of what became of it: `aborted` when the page gave
 * it up, `answered` when the server's answer reached the page.
 */
async function holdBack(page, matches, count = 1) {
  const held = [];
  const outcomes = [];
  const settle = new Map();
  page.on('requestfailed', (r) => settle.get(r)?.(`aborted (${r.failure()?.errorText})`));
  page.on('requestfinished', (r) => settle.get(r)?.('answered'));
  await page.route((url) => matches(url), async (route) => {
    if (held.length >= count) return route.continue();
    outcomes.push(new Promise((resolve) => settle.set(route.request(), resolve)));
    held.push(route);
    return undefined;
  });
  return { held, outcomes };
}

/** Two animation frames: whatever an answer would draw has been drawn. */
const frames = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

test('Leaving an applicant\'s page while its read is on the way cancels it: no error, and the applicant never shows on the next page', async () => {
  const page = await newPage(browser);
  await signInToCaseworkerArea(page, server, DEMO);
  const path = `/api/applicants/${reference}`;
  const { held, outcomes } = await holdBack(page, (url) => url.pathname === path);

  await nav(page, 'Sökande').click();
  await page.getByRole('link', { name: 'Sahra Warsame' }).click();
  await page.waitForURL(new RegExp(`/handlaggare/sokande/${reference}$`));
  while (held.length === 0) await frames(page);

  // The caseworker does not wait: back to the overview.
  await nav(page, 'Översikt').click();
  await page.getByRole('heading', { level: 1, name: 'Översikt' }).waitFor();
  // The answer comes now, late (if the read was still wanted).
  await held[0].continue().catch(() => {});
  const outcome = await outcomes[0];
  await frames(page);

  assert.equal(await page.title(), 'Översikt – Handläggarstöd – Kontaktperson', 'the title is the overview\'s, not the applicant\'s');
  assert.equal(await page.getByRole('alert').count(), 0, 'and no error is shown');
  assert.match(outcome, /^aborted/, 'the page gave up its read when it went away');
  await expectNoAxeViolations(page, 'overview after a cancelled read');
  assertNoPageErrors(page, 'overview after a cancelled read');
  await page.context().close();
});

test('A new search while the previous list is on the way cancels it, and the late list never replaces the new one', async () => {
  const page = await newPage(browser);
  await signInToCaseworkerArea(page, server, DEMO);
  const { held, outcomes } = await holdBack(page, (url) => url.pathname === '/api/applicants');

  await nav(page, 'Sökande').click();
  await page.getByRole('heading', { level: 1, name: 'Sökande' }).waitFor();
  while (held.length === 0) await frames(page);
  await page.getByRole('status').filter({ hasText: 'Hämtar sökande' }).waitFor();

  await page.getByRole('searchbox', { name: 'Sök' }).fill('Berg');
  await page.getByRole('button', { name: 'Sök', exact: true }).click();
  await page.getByRole('link', { name: 'Nils Berg' }).waitFor();
  // The first list (everyone) arrives late, if it still can.
  await held[0].continue().catch(() => {});
  const outcome = await outcomes[0];
  await frames(page);

  assert.equal(await page.getByRole('link', { name: 'Sahra Warsame' }).count(), 0, 'only the search\'s answer is shown');
  assert.equal(await page.getByRole('link', { name: 'Nils Berg' }).count(), 1);
  assert.equal(await page.getByRole('alert').count(), 0);
  assert.match(outcome, /^aborted/, 'the list gave up its first read when the search changed');
  await expectNoAxeViolations(page, 'applicant list after a cancelled read');
  assertNoPageErrors(page, 'applicant list after a cancelled read');
  await page.context().close();
});

test('Leaving the overview before its numbers arrive cancels the reads it started, and the next page is undisturbed', async () => {
  const page = await newPage(browser);
  await signInToCaseworkerArea(page, server, DEMO);
  const { held, outcomes } = await holdBack(page, (url) => url.pathname === '/api/overview' || url.pathname === '/api/reports', 2);

  await nav(page, 'Sökande').click();
  await page.getByRole('link', { name: 'Nils Berg' }).waitFor();
  await nav(page, 'Översikt').click();
  await page.getByRole('heading', { level: 1, name: 'Översikt' }).waitFor();
  while (held.length < 2) await frames(page);
  await nav(page, 'Behov').click();
  await page.getByRole('heading', { level: 1, name: 'Behov' }).waitFor();
  for (const route of held) await route.continue().catch(() => {});
  const outcome = await Promise.all(outcomes);
  await frames(page);

  assert.equal(await page.title(), 'Behov – Handläggarstöd – Kontaktperson');
  assert.equal(await page.getByRole('heading', { level: 2, name: 'Sökande per steg' }).count(), 0);
  assert.equal(await page.getByRole('alert').count(), 0);
  assert.deepEqual(outcome.map((o) => o.split(' ')[0]), ['aborted', 'aborted'], 'both of the overview\'s reads were given up');
  assertNoPageErrors(page, 'needs after a cancelled overview');
  await page.context().close();
});
