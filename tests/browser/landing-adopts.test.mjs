// The landing page adopts the server's DOM (issue 17): the text the server sent in the first HTML
// is the text that stays on screen once the app has started — the same nodes, not a copy drawn
// again by the wasm (which made the largest contentful paint a second, later paint) — and the page
// is the app's all the same: a link in the footer menu changes page without a reload.
//
// The wasm is held back until the test has marked the first paragraph of `main`, so the mark is
// certainly made on the server's node, before any app code has run.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  REPO_ROOT,
  useApp,
  waitForApp,
  eventually,
  expectNoAxeViolations,
  assertNoPageErrors,
  withServerLogs,
} from './harness.mjs';

const app = useApp();

/** The title and menu label in a content file's front matter (server/src/content.rs). */
function frontMatter(locale, id) {
  const text = fs.readFileSync(path.join(REPO_ROOT, 'content', locale, `${id}.md`), 'utf8').replace(/^\uFEFF/, '');
  const fields = {};
  for (const line of text.slice(4, text.indexOf('\n---\n', 4)).split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) fields[line.slice(0, colon).trim()] = line.slice(colon + 1).trim().replace(/^"+|"+$/g, '');
  }
  return fields;
}

const CASES = [
  { locale: 'sv', home: '/sv/', menu: 'Om uppdraget', faqPath: '/sv/vanliga-fragor' },
  { locale: 'ar', home: '/ar/', menu: 'عن المهمة', faqPath: '/ar/questions-and-answers' },
];

for (const { locale, home, menu, faqPath } of CASES) {
  test(`On ${home} the first paragraph of main is the server's own text node after the app has started, and the footer menu still navigates in the app`, withServerLogs(app, async () => {
    const page = await app.newPage();
    let releaseWasm;
    const wasmHeld = new Promise((resolve) => { releaseWasm = resolve; });
    await page.route(/\.wasm$/, async (route) => {
      await wasmHeld;
      await route.continue();
    });

    const response = await page.goto(app.url(home), { waitUntil: 'domcontentloaded' });
    assert.equal(response.status(), 200, `GET ${home}`);
    assert.equal(
      await page.locator('html').getAttribute('data-kp-app'),
      null,
      `The app had started on ${home} before its wasm was let through`,
    );

    // Mark the server's paragraph and its text node.
    const paragraph = page.getByRole('main').locator('p').first();
    const serverText = await paragraph.evaluate((p) => {
      window.__kpServerParagraph = p;
      window.__kpServerText = p.firstChild;
      return p.textContent.trim();
    });
    assert.ok(serverText.length > 0, `The first paragraph of main on ${home} is empty in the server's HTML`);

    releaseWasm();
    await waitForApp(page);

    const after = await page.getByRole('main').locator('p').first().evaluate((p) => ({
      sameParagraph: p === window.__kpServerParagraph,
      sameText: p.firstChild === window.__kpServerText,
      connected: window.__kpServerText.isConnected,
      text: p.textContent.trim(),
    }));
    assert.equal(after.text, serverText, `The first paragraph of main on ${home} should read as the server sent it`);
    assert.ok(
      after.sameParagraph && after.sameText && after.connected,
      `After the app started on ${home}, the first paragraph of main should be the server's node, not a copy ` +
        `(same paragraph: ${after.sameParagraph}, same text node: ${after.sameText}, server's node still in the page: ${after.connected})`,
    );
    for (const role of ['main', 'banner', 'contentinfo']) {
      assert.equal(await page.getByRole(role).count(), 1, `After the app started on ${home}: exactly one ${role} region`);
    }
    assert.equal(await page.getByRole('heading', { level: 1 }).count(), 1, `After the app started on ${home}: exactly one h1`);
    await expectNoAxeViolations(page, `${home} adopted by the app`);

    // The page is the app's: the footer menu changes page without a reload and focuses main.
    const faq = frontMatter(locale, 'faq');
    await page.evaluate(() => { window.__kpMarker = 1; });
    await page.getByRole('navigation', { name: menu, exact: true }).getByRole('link', { name: faq.nav, exact: true }).click();
    await page.waitForURL((u) => u.pathname === faqPath, { timeout: 10_000 });
    await eventually(async () => {
      const h1 = page.getByRole('heading', { level: 1 });
      assert.equal(await h1.count(), 1, `${faqPath} after client-side navigation: exactly one h1`);
      assert.equal((await h1.textContent()).trim(), faq.title, `${faqPath} after client-side navigation: the h1`);
      assert.equal(await page.getByRole('main').count(), 1, `${faqPath} after client-side navigation: exactly one main`);
      const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
      assert.equal(focused, 'main', `${faqPath} after client-side navigation: focus on main`);
    });
    assert.equal(await page.evaluate(() => window.__kpMarker), 1, `Following the menu from ${home} reloaded the page`);
    assert.equal(
      await page.evaluate(() => window.__kpServerText.isConnected),
      false,
      `After leaving ${home} in the app, the server's page should be gone`,
    );
    await expectNoAxeViolations(page, `${faqPath} after client-side navigation from ${home}`);

    // And back: the app draws the landing page itself now, once.
    await page.goBack();
    await page.waitForURL((u) => u.pathname === home, { timeout: 10_000 });
    await eventually(async () => {
      assert.equal(await page.getByRole('main').count(), 1, `${home} after going back: exactly one main`);
      assert.equal(
        (await page.getByRole('main').locator('p').first().textContent()).trim(),
        serverText,
        `${home} after going back: the first paragraph`,
      );
    });
    assertNoPageErrors(page, `${home} → ${faqPath} → back`);
  }));
}
