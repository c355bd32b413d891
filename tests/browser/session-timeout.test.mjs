// The idle-timeout warning (WCAG 2.2.1), against a server whose sessions end after 30 seconds
// without a request: the caseworker types in an applicant's step form and leaves it; a dialog
// warns before the session ends and moves focus into itself; Escape and "Fortsätt vara inloggad"
// both keep the session (it is still alive after the deadline it warned of); left alone, the
// session ends, the sign-in page says why, and signing in again leads back to the applicant
// with the typed text still there. axe on the dialog and on the sign-in page.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useApp, withServerLogs, waitForApp, expectNoAxeViolations, assertNoPageErrors, eventually,
  applyThroughThePublicForm, signInToCaseworkerArea,
} from './harness.mjs';

const DEMO = { user: 'demo@exempelby.se', password: 'ett demolösenord 2026' };
const IDLE_SECONDS = 30;
const app = useApp({
  env: { DEMO_USER: DEMO.user, DEMO_PASSWORD: DEMO.password, KP_SESSION_IDLE_SECONDS: String(IDLE_SECONDS) },
});

/** The warning: an alertdialog named by its heading, waited for as long as a timeout lasts. */
async function waitForWarning(page) {
  const dialog = page.getByRole('alertdialog', { name: 'Du loggas snart ut' });
  await dialog.waitFor({ timeout: (IDLE_SECONDS + 10) * 1000 });
  return dialog;
}

async function whoIsSignedIn(page) {
  return page.evaluate(async () => (await fetch('/api/session')).json());
}

test('The caseworker is warned before the idle timeout, can stay signed in, and after it ends comes back to the page with the typing kept', withServerLogs(app, async () => {
  const reference = await applyThroughThePublicForm(app.browser, app.server, 'Tove', 'Lind', 'Jag vill finnas där för en ung person.');
  const page = await app.newPage();
  await signInToCaseworkerArea(page, app.server, DEMO);
  const session = await whoIsSignedIn(page);
  assert.ok(session.idle_seconds > 0 && session.idle_seconds <= IDLE_SECONDS, `idle_seconds ${session.idle_seconds}`);

  await page.goto(app.url(`/handlaggare/sokande/${reference}`));
  await waitForApp(page);
  await page.getByRole('heading', { level: 1, name: 'Tove Lind' }).waitFor();
  const note = page.getByLabel('Anteckning (valfri)');
  const typed = 'Ringde, hon ringer tillbaka efter lunch.';
  await note.fill(typed);
  await note.focus();

  // 1. The warning, with focus inside it; Escape means "stay", and focus goes back to the field.
  let dialog = await waitForWarning(page);
  const stay = dialog.getByRole('button', { name: 'Fortsätt vara inloggad' });
  await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Fortsätt vara inloggad', 'focus moves into the dialog'));
  assert.equal(await dialog.getAttribute('aria-modal'), 'true');
  assert.match(await dialog.textContent(), /Om \d+ sekunder? loggas du ut av säkerhetsskäl/);
  assert.equal(await dialog.locator('[aria-live], [role="timer"]').count(), 0, 'the seconds are not announced one by one');
  await dialog.getByRole('button', { name: 'Logga ut' }).waitFor();
  await expectNoAxeViolations(page, 'idle-timeout warning');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  await eventually(async () => assert.ok(await note.evaluate((el) => el === document.activeElement), 'focus returns to the field'));

  // 2. The warning again; "Fortsätt vara inloggad" keeps the session past the deadline it named.
  dialog = await waitForWarning(page);
  const warnedAt = Date.now();
  const secondsLeft = Number((await dialog.textContent()).match(/Om (\d+) sekund/)[1]);
  await stay.click();
  await dialog.waitFor({ state: 'hidden' });
  const deadline = warnedAt + secondsLeft * 1000;
  await page.waitForTimeout(Math.max(0, deadline - Date.now()) + 2000);
  assert.ok((await whoIsSignedIn(page))?.email === DEMO.user, 'still signed in after the deadline the warning named');
  assert.match(page.url(), new RegExp(`/handlaggare/sokande/${reference}$`));

  // 3. Left alone, the session ends: the sign-in page says why and names the page to come back to.
  dialog = await waitForWarning(page);
  await page.getByRole('heading', { level: 1, name: 'Logga in' }).waitFor({ timeout: 20_000 });
  await page.getByText('Du har loggats ut eftersom du inte varit aktiv på en stund. Det du skrivit men inte sparat finns kvar.').waitFor();
  assert.equal(new URL(page.url()).searchParams.get('tillbaka'), `/handlaggare/sokande/${reference}`);
  assert.equal(await whoIsSignedIn(page), null, 'the session has ended on the server too');
  assert.equal(await page.getByRole('navigation', { name: 'Handläggarstöd' }).count(), 0);
  await expectNoAxeViolations(page, 'sign-in after the idle timeout');

  // Signing in again leads back to the applicant, with what was typed.
  await page.getByLabel('E-postadress').fill(DEMO.user);
  await page.getByLabel('Lösenord').fill(DEMO.password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Tove Lind' }).waitFor();
  assert.match(page.url(), new RegExp(`/handlaggare/sokande/${reference}$`));
  assert.equal(await page.getByLabel('Anteckning (valfri)').inputValue(), typed, 'the typing survived the timeout');
  assertNoPageErrors(page, 'idle timeout', (e) => /status of 401/.test(e.text));
}));

test('A return address that leads out of the caseworker area is ignored after signing in', withServerLogs(app, async () => {
  const page = await app.newPage();
  await page.goto(app.url(`/handlaggare/logga-in?tillbaka=${encodeURIComponent('/handlaggare//elsewhere.example/')}`));
  await waitForApp(page);
  await page.getByLabel('E-postadress').fill(DEMO.user);
  await page.getByLabel('Lösenord').fill(DEMO.password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Översikt' }).waitFor();
  assert.equal(new URL(page.url()).origin, new URL(app.baseUrl).origin);
  assert.match(new URL(page.url()).pathname, /^\/handlaggare\/?$/, 'the overview');
}));
