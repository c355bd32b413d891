// A full page load of the caseworker area (a bookmark, a reload, a link in a new tab): the shell
// already says who is signed in, so the page asks for its data at once instead of asking
// GET /api/session first; a link followed from another site (which the SameSite=Strict cookie
// does not accompany) still signs the caseworker in by asking, as before.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useApp, withServerLogs, applyThroughThePublicForm, signInToCaseworkerArea, overviewLoaded, waitForApp,
  expectNoAxeViolations, assertNoPageErrors,
} from './harness.mjs';

const DEMO = { user: 'demo@exempelby.se', password: 'ett demolösenord 2026' };
const app = useApp({ env: { DEMO_USER: DEMO.user, DEMO_PASSWORD: DEMO.password } });

/** Every `/api` request `page` makes from now on, in order, as paths. */
function apiRequests(page) {
  const paths = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/api/')) paths.push(url.pathname);
  });
  return paths;
}

test('A full load of an applicant\'s page or the overview asks for its data at once, not first who is signed in', withServerLogs(app, async () => {
  const reference = await applyThroughThePublicForm(app.browser, app.server, 'Leila', 'Haddad', 'Jag vill finnas där för någon som behöver det.');
  const page = await app.newPage();
  await signInToCaseworkerArea(page, app.server, DEMO);
  // Nothing left of the sign-in's requests in the clock the area's tabs share: the idle clock
  // must start from the page load itself.
  await page.evaluate(() => localStorage.clear());

  const requests = apiRequests(page);
  await page.goto(app.url(`/handlaggare/sokande/${reference}`));
  await page.getByRole('heading', { level: 1, name: 'Leila Haddad' }).waitFor();
  assert.ok(requests.includes(`/api/applicants/${reference}`), requests.join());
  assert.ok(!requests.includes('/api/session'), `no request asks who is signed in: ${requests.join()}`);
  assert.equal(await page.locator('#kp-session').count(), 0, 'the embedded session is read once and taken out');
  await expectNoAxeViolations(page, 'applicant after a full load');
  // The idle clock started from the load: no warning, no sign-out a moment later.
  await page.waitForTimeout(1500);
  assert.equal(await page.getByRole('alertdialog').count(), 0);
  assert.ok(await page.getByRole('heading', { level: 1, name: 'Leila Haddad' }).isVisible());

  requests.length = 0;
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Leila Haddad' }).waitFor();
  assert.ok(!requests.includes('/api/session'), `a reload does not ask either: ${requests.join()}`);

  requests.length = 0;
  await page.goto(app.url('/handlaggare/'));
  await overviewLoaded(page);
  assert.ok(requests.includes('/api/overview'), requests.join());
  assert.ok(!requests.includes('/api/session'), `the overview neither: ${requests.join()}`);

  // Signed out in this tab and in again: the area asks as before, and the session is the new one.
  await page.getByRole('button', { name: 'Logga ut' }).click();
  await page.getByRole('heading', { level: 1, name: 'Logga in' }).waitFor();
  await page.getByLabel('E-postadress').fill(DEMO.user);
  await page.getByLabel('Lösenord').fill(DEMO.password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await overviewLoaded(page);
  assertNoPageErrors(page, 'full loads');
}));

test('A signed-out full load shows the sign-in page, and a link from another site still finds the session by asking', withServerLogs(app, async () => {
  const reference = await applyThroughThePublicForm(app.browser, app.server, 'Omar', 'Farah', 'Jag har tid och vill hjälpa till i min stad.');
  const page = await app.newPage();
  await page.goto(app.url(`/handlaggare/sokande/${reference}`));
  await waitForApp(page);
  await page.getByRole('heading', { level: 1, name: 'Logga in' }).waitFor();
  await signInToCaseworkerArea(page, app.server, DEMO);

  // Another site (localhost is not the same site as 127.0.0.1) links to the applicant: the
  // browser withholds the SameSite=Strict cookie from that navigation, so the shell cannot know,
  // and the area asks; its own request carries the cookie.
  const elsewhere = app.url('/sv/').replace('127.0.0.1', 'localhost');
  await page.goto(elsewhere);
  const requests = apiRequests(page);
  await page.evaluate((href) => { window.location.href = href; }, app.url(`/handlaggare/sokande/${reference}`));
  await page.getByRole('heading', { level: 1, name: 'Omar Farah' }).waitFor();
  assert.ok(requests.includes('/api/session'), `the area asked: ${requests.join()}`);
  assert.ok(
    requests.indexOf('/api/session') < requests.indexOf(`/api/applicants/${reference}`),
    `and only then read the applicant: ${requests.join()}`,
  );
  assertNoPageErrors(page, 'cross-site link');
}));
