// The interest form's wasm comes in two (src/pages/apply/part.rs, scripts/build-split.mjs): step 1
// needs only the first; steps 2–4, the check page and the confirmation are a part fetched once
// step 1 is drawn. The server and the build are real; the only thing a test adds is a network
// that holds back or refuses the part.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useApp, assertNoPageErrors, expectNoAxeViolations, waitForApp, eventually, wasmRequests,
} from './harness.mjs';

const app = useApp();
const PART = 'split_form_rest.wasm';

const box = (page, label) => page.getByLabel(label, { exact: true });
const heading = (page, n) => page.getByRole('heading', { level: 1, name: new RegExp(`^Steg ${n} av 4`) });
const next = (page) => page.getByRole('button', { name: 'Fortsätt', exact: true }).click();

async function fillStep1(page) {
  await box(page, 'Förnamn').fill('Hodan');
  await box(page, 'Efternamn').fill('Ali');
  await box(page, 'Personnummer').fill('19811218-9876');
  await box(page, 'Gatuadress').fill('Storgatan 1');
  await box(page, 'Postnummer').fill('123 45');
  await box(page, 'Postort').fill('Exempelby');
  await box(page, 'Mobilnummer').fill('070-123 45 67');
  await box(page, 'E-postadress').fill('hodan@example.se');
}

/** Holds back every request for the part until the returned function is called. */
async function holdBackThePart(page) {
  const held = [];
  let release = null;
  await page.route((url) => url.pathname.endsWith(`/${PART}`), (route) => {
    if (release) return route.continue();
    held.push(route);
    return undefined;
  });
  return {
    held,
    release: async () => {
      release = true;
      for (const route of held) await route.continue();
    },
  };
}

test('Step 1 is drawn and answered from the first wasm alone; the part comes once it is drawn, and steps 2 to 4 need nothing more', async () => {
  const page = await app.newPage();
  const wasm = wasmRequests(page);
  const part = await holdBackThePart(page);

  await page.goto(app.url('/sv/intresseanmalan'));
  await waitForApp(page);
  await heading(page, 1).waitFor();
  // The part is asked for only after step 1 is drawn, and step 1 works while it is away.
  await eventually(() => assert.equal(part.held.length, 1, `the part is asked for once: ${wasm.join()}`));
  assert.equal(wasm[0], 'intresseanmalan_bg.wasm', wasm.join());
  await fillStep1(page);
  assert.equal(await box(page, 'Förnamn').inputValue(), 'Hodan');
  await expectNoAxeViolations(page, 'step 1 while the part is on its way');

  await part.release();
  await next(page);
  await heading(page, 2).waitFor();
  await page.getByRole('checkbox', { name: 'Kontaktperson för ett barn eller en ungdom', exact: true }).check();
  await page.getByRole('radio', { name: 'Minst en gång i veckan', exact: true }).check();
  await page.getByRole('checkbox', { name: 'Kvällar', exact: true }).check();
  await next(page);
  await heading(page, 3).waitFor();
  await page.getByRole('combobox', { name: 'Sök språk', exact: true }).waitFor();
  assert.deepEqual(wasm, ['intresseanmalan_bg.wasm', PART], 'the part once, and nothing else');
  assertNoPageErrors(page);
});

test('A reload on a later step fetches the part with the first wasm, each file once', async () => {
  const page = await app.newPage();
  await page.goto(app.url('/sv/intresseanmalan'));
  await waitForApp(page);
  await fillStep1(page);
  await next(page);
  await heading(page, 2).waitFor();
  assert.ok(page.url().endsWith('?steg=2'), page.url());

  const requested = wasmRequests(page);
  await page.reload();
  await waitForApp(page);
  await page.getByRole('radio', { name: 'Minst en gång i veckan', exact: true }).waitFor();
  const preloaded = await page.evaluate(() => [...document.querySelectorAll('link[rel="preload"][as="fetch"]')]
    .map((link) => new URL(link.href).pathname.split('/').pop()));
  assert.ok(preloaded.includes(PART), preloaded.join());
  for (const name of ['intresseanmalan_bg.wasm', PART]) {
    assert.equal(requested.filter((r) => r === name).length, 1, `${name}: ${requested.join()}`);
  }

  // Step 1's address preloads nothing: the part waits until step 1 is drawn.
  await page.goto(app.url('/sv/intresseanmalan?steg=1'));
  await waitForApp(page);
  assert.deepEqual(await page.evaluate(() => document.querySelectorAll('link[rel="preload"][as="fetch"][href*="split_"]').length), 0);
  assertNoPageErrors(page);
});

/** Refuses the part while `refusing()` says so; counts every request for it. */
async function refuseThePart(page, refusing) {
  const counted = { asked: 0 };
  await page.route((url) => url.pathname.endsWith(`/${PART}`), (route) => {
    counted.asked += 1;
    if (refusing()) return route.fulfill({ status: 503, body: 'unavailable' });
    return route.continue();
  });
  return counted;
}

/** After the page was loaded again on step 2: its questions are there, and step 1's answers. */
async function backOnStep2WithTheAnswers(page) {
  await waitForApp(page);
  await heading(page, 2).waitFor();
  await page.getByRole('radio', { name: 'Minst en gång i veckan', exact: true }).waitFor();
  assert.ok(page.url().endsWith('?steg=2'), page.url());
  await page.getByRole('link', { name: 'Tillbaka', exact: true }).click();
  await heading(page, 1).waitFor();
  assert.equal(await box(page, 'E-postadress').inputValue(), 'hodan@example.se');
}

/** A form page with step 1 answered, whose part the network refuses until `allow()`; the part
 * was asked for once, in the background. */
async function answeredStep1WithThePartRefused() {
  const page = await app.newPage();
  let refuse = true;
  const part = await refuseThePart(page, () => refuse);
  await page.goto(app.url('/sv/intresseanmalan'));
  await waitForApp(page);
  await fillStep1(page);
  await eventually(() => assert.equal(part.asked, 1, 'the part is fetched in the background'));
  return { page, part, allow: () => { refuse = false; } };
}

// The refused fetches are reported in the console (the browser's 503, the loader's error); nothing else.
const refusals = (e) => /503|split_form_rest|SplitLoaderError|Failed|ERR_INTERNET_DISCONNECTED/.test(e.text);

test('A part the server refuses while it answers (a new version of the site) asks for the page to be loaded again, and "Ladda om sidan" brings step 2 with the answers', async () => {
  const { page, part, allow } = await answeredStep1WithThePartRefused();
  await next(page);
  // The refused background fetch is not remembered: step 2 asks again, and is refused again.
  await heading(page, 2).waitFor();
  await page.getByRole('alert').filter({ hasText: 'Formuläret behöver laddas om innan du kan fortsätta. Dina svar finns kvar.' }).waitFor();
  assert.equal(part.asked, 2);
  assert.equal(await page.getByText('Det verkar inte finnas någon anslutning', { exact: false }).count(), 0,
    'the server answers, so nothing says the connection is gone');
  assert.equal(await page.getByRole('button', { name: 'Fortsätt', exact: true }).count(), 0,
    'no "Fortsätt" without the questions');
  await expectNoAxeViolations(page, 'a step whose part the server refused');

  allow();
  const loaded = page.waitForEvent('load');
  await page.getByRole('button', { name: 'Ladda om sidan', exact: true }).click();
  await loaded;
  await backOnStep2WithTheAnswers(page);
  assert.equal(part.asked, 3);
  assertNoPageErrors(page, 'the form', refusals);
});

test('A part that cannot be fetched offline says so and keeps the answers; "Försök igen" asks again while offline, and loads the page again once the server answers', async () => {
  const { page, part, allow } = await answeredStep1WithThePartRefused();
  await page.context().setOffline(true);
  await next(page);
  await heading(page, 2).waitFor();
  const alert = page.getByRole('alert').filter({ hasText: 'Det verkar inte finnas någon anslutning. Dina svar finns kvar.' });
  await alert.waitFor();
  assert.equal(await page.getByRole('button', { name: 'Fortsätt', exact: true }).count(), 0,
    'no "Fortsätt" without the questions');
  await expectNoAxeViolations(page, 'a step whose part could not be fetched offline');

  // Offline, "Försök igen" asks for the part again, here: it fails, and says so again.
  const asked = part.asked;
  await page.getByRole('button', { name: 'Försök igen', exact: true }).click();
  await eventually(() => assert.equal(part.asked, asked + 1, 'the part was asked for again'));
  await alert.waitFor();
  await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), 'page-heading'));

  // With the server answering, the page is loaded again, on the same step, with the answers.
  await page.context().setOffline(false);
  allow();
  const loaded = page.waitForEvent('load');
  await page.getByRole('button', { name: 'Försök igen', exact: true }).click();
  await loaded;
  await backOnStep2WithTheAnswers(page);
  assertNoPageErrors(page, 'the form', refusals);
});

test('Going to step 2 while the part is held back shows the step\'s heading with focus at once, then its questions', async () => {
  const page = await app.newPage();
  const part = await holdBackThePart(page);
  await page.goto(app.url('/sv/intresseanmalan'));
  await waitForApp(page);
  await fillStep1(page);
  await next(page);
  await heading(page, 2).waitFor();
  await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), 'page-heading'));
  assert.equal(await page.getByRole('radio', { name: 'Minst en gång i veckan', exact: true }).count(), 0);
  await expectNoAxeViolations(page, 'a step whose questions are on their way');
  await part.release();
  await page.getByRole('radio', { name: 'Minst en gång i veckan', exact: true }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'page-heading', 'focus stays on the heading');
  assertNoPageErrors(page);
});
