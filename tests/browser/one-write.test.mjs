// One request at a time per form (src/api/send.rs): every write goes through `api::Sender`, which
// sends nothing while the form's previous write is under way. The server here is real; the test
// holds the write back in the browser (a slow network), clicks and presses Enter again meanwhile,
// lets it go, and counts what reached the server and what the screen shows.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, newPage, assertNoPageErrors, expectNoAxeViolations,
  signInToCaseworkerArea,
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

/**
 * Counts the browser's `method` requests to `path` and holds back the first one until `release`
 * is called; the others go on at once (so a second request would reach the server).
 */
async function countAndHoldFirst(page, method, path) {
  const seen = { count: 0 };
  let held;
  const heldNow = new Promise((resolve) => { held = resolve; });
  let release;
  const released = new Promise((resolve) => { release = resolve; });
  await page.route((url) => url.pathname === path, async (route) => {
    if (route.request().method() !== method) return route.continue();
    seen.count += 1;
    if (seen.count === 1) {
      held();
      await released;
    }
    return route.continue();
  });
  return { seen, heldNow, release };
}

/** Two animation frames: whatever a click or an answer would draw has been drawn. */
const frames = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

test('A double click and a second Enter while a district is being added send one request, and one district is added', async () => {
  const page = await newPage(browser);
  await signInToCaseworkerArea(page, server, DEMO);
  await nav(page, 'Områden').click();
  await page.getByRole('heading', { level: 1, name: 'Områden' }).waitFor();
  const adds = await countAndHoldFirst(page, 'POST', '/api/districts');

  const form = page.getByRole('form', { name: 'Lägg till ett område' });
  const name = form.getByLabel('Områdets namn');
  await name.fill('Väster');
  await form.getByLabel('Postnummer (frivilligt)').fill('840 00–840 99');
  const button = form.getByRole('button', { name: /^(Lägg till området|Sparar …)$/ });
  await button.click();
  await adds.heldNow;
  await frames(page);

  // While the first is on its way: the button says so, and clicking it or pressing Enter again
  // sends nothing.
  assert.equal(await button.innerText(), 'Sparar …');
  assert.equal(await button.getAttribute('aria-disabled'), 'true');
  await expectNoAxeViolations(page, 'district form while saving');
  // `aria-disabled` does not stop a click (Playwright waits for an enabled button unless forced).
  await button.click({ force: true });
  await name.press('Enter');
  await frames(page);
  assert.equal(adds.seen.count, 1, 'the second click and the Enter sent no request');

  adds.release();
  await page.getByText('Väster är tillagt.').waitFor();
  const rows = page.getByRole('row', { name: /^Väster/ });
  await rows.first().waitFor();
  await frames(page);
  assert.equal(adds.seen.count, 1, 'the server got one request');
  assert.equal(await rows.count(), 1, 'one district, not two');
  assert.equal(await button.innerText(), 'Lägg till området', 'the form sends again once answered');

  // Retiring it: a double click on "Ja, ta ur bruk" retires once.
  const retires = await countAndHoldFirst(page, 'POST', await retirePath(page, 'Väster'));
  await page.getByRole('button', { name: /^Ta ur bruk\W*Väster$/ }).click();
  const confirm = page.getByRole('button', { name: 'Ja, ta ur bruk' });
  await confirm.click();
  await retires.heldNow;
  await confirm.click();
  await frames(page);
  assert.equal(retires.seen.count, 1, 'the second click sent no request');
  retires.release();
  await page.getByText(/Väster är taget ur bruk\./).waitFor();
  await frames(page);
  assert.equal(retires.seen.count, 1, 'the server got one request');
  assert.equal(await page.getByRole('alert').count(), 0, 'and no refusal is shown');
  assertNoPageErrors(page, 'districts, double submits');
  await page.context().close();
});

/** The address that retires the district named `name` (its id is in its buttons' ids). */
async function retirePath(page, name) {
  const id = await page.getByRole('button', { name: `Ändra ${name}` }).getAttribute('id');
  return `/api/districts/${id.replace('edit-district-', '')}/retire`;
}
