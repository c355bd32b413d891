// The reader's first look (issue 16): whose site this is (the municipality's name, or its logo
// when one is configured) on every kind of page from the first HTML; the call to apply in a
// phone's first screen; Tigrinya drawn with the site's own Ethiopic font, on Tigrinya pages only
// (inline in the first HTML where the text is there); every target at least 24 × 24 px; and the
// language picker folded into one disclosure on a narrow screen, used by keyboard.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  useApp,
  startServer,
  launchBrowser,
  newPage,
  waitForApp,
  eventually,
  expectNoAxeViolations,
  assertNoPageErrors,
  withServerLogs,
  REPO_ROOT,
} from './harness.mjs';

const app = useApp();

const MUNICIPALITY = 'Exempelby kommun'; // the quick start's default (server/src/config.rs)
const FONT = '/fonts/kp-ethiopic.woff2';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

/** The pages a reader meets first, each a different kind. */
const PAGES = [
  { path: '/sv/', label: 'the landing page' },
  { path: '/sv/ersattning', label: 'a content page' },
  { path: '/sv/intresseanmalan', label: 'the interest form' },
];

const APPLY = { sv: 'Anmäl intresse', ar: 'سجّل اهتمامك' };
const LANGUAGE_MENU = { sv: 'Språk (Language)', ar: 'اللغة (Language)' };

const NAMES_FONT = '/fonts/kp-ethiopic-names.woff2';

/** Every URL of `font` (the whole Tigrinya font unless told) fetched by `page` from now on. */
function recordFontRequests(page, font = FONT) {
  const seen = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === font) seen.push(request.url());
  });
  return seen;
}

test('The landing page, a content page and the interest form name the municipality in the header of their first HTML, and keep it when the app takes over', withServerLogs(app, async () => {
  for (const { path: route, label } of PAGES) {
    const html = await (await fetch(app.url(route))).text();
    const header = html.slice(html.indexOf('<header'), html.indexOf('</header>'));
    assert.ok(header.includes(`<span class="municipality">${MUNICIPALITY}</span>`), `${label}: the first HTML's header names ${MUNICIPALITY}: ${header.slice(0, 300)}`);

    const page = await app.newPage({ viewport: DESKTOP });
    await page.goto(app.url(route));
    await waitForApp(page);
    const banner = page.getByRole('banner');
    await eventually(async () => assert.ok(await banner.getByText(MUNICIPALITY, { exact: true }).isVisible(), `${label}: ${MUNICIPALITY} in the header after the take-over`));
    const home = banner.getByRole('link', { name: new RegExp(`^${MUNICIPALITY}`) });
    assert.equal(await home.count(), 1, `${label}: the brand link starts with the municipality`);
    await expectNoAxeViolations(page, label);
    assertNoPageErrors(page, label);
  }
}));

test('The caseworker sign-in names the municipality from the first HTML, without a second request', withServerLogs(app, async () => {
  const html = await (await fetch(app.url('/handlaggare/logga-in'))).text();
  assert.ok(html.includes(`<meta name="kp-municipality" content="${MUNICIPALITY}">`), 'the shell carries the name');
  const page = await app.newPage({ viewport: DESKTOP });
  await page.goto(app.url('/handlaggare/logga-in'));
  await waitForApp(page);
  await eventually(async () => assert.ok(await page.getByRole('banner').getByText(MUNICIPALITY, { exact: true }).isVisible(), 'the sign-in page names the municipality'));
  await expectNoAxeViolations(page, 'the caseworker sign-in');
  assertNoPageErrors(page, 'the caseworker sign-in');
}));

test('With a logo configured, every header shows it, named by the municipality, within 48 px and without a CSP complaint', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kp-logo-'));
  const logo = path.join(dir, 'logo.svg');
  fs.writeFileSync(logo, '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" viewBox="0 0 400 200"><rect width="400" height="200" fill="#7a0019"/><text x="20" y="120" font-size="60" fill="#fff">Lillby</text></svg>');
  const server = await startServer({ env: { KP_MUNICIPALITY: 'Lillby kommun', KP_MUNICIPALITY_LOGO: logo } });
  const browser = await launchBrowser();
  try {
    for (const route of [...PAGES.map((p) => p.path), '/handlaggare/logga-in']) {
      const page = await newPage(browser, { viewport: DESKTOP });
      await page.goto(server.url(route));
      await waitForApp(page);
      const image = page.getByRole('banner').getByRole('img', { name: 'Lillby kommun', exact: true });
      await eventually(async () => assert.equal(await image.count(), 1, `${route}: the logo named "Lillby kommun"`));
      const drawn = await image.evaluate((img) => ({ loaded: img.complete && img.naturalWidth > 0, height: img.getBoundingClientRect().height, src: img.getAttribute('src') }));
      assert.ok(drawn.loaded, `${route}: the logo loaded`);
      assert.ok(drawn.height > 0 && drawn.height <= 48, `${route}: the logo is ${drawn.height} px high`);
      assert.match(drawn.src, /^\/kommunlogotyp-[0-9a-f]{16}\.svg$/, `${route}: served from our own origin under its hash`);
      await expectNoAxeViolations(page, `${route} with a logo`);
      assertNoPageErrors(page, `${route} with a logo`);
      if (route === '/sv/') {
        const response = await fetch(server.url(drawn.src));
        assert.equal(response.headers.get('content-type'), 'image/svg+xml');
        assert.match(response.headers.get('content-security-policy'), /default-src 'self'/, 'the site CSP covers the file opened on its own');
      }
      await page.context().close();
    }
  } catch (err) {
    for (const line of server.describeLogs().split('\n')) t.diagnostic(line);
    throw err;
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('On a phone the call to apply is in the first screen of the landing page and a content page, in Swedish and Arabic, and leads to the form, which does not offer it', withServerLogs(app, async () => {
  for (const locale of ['sv', 'ar']) {
    for (const route of [`/${locale}/`, locale === 'sv' ? '/sv/vanliga-fragor' : '/ar/questions-and-answers']) {
      const page = await app.newPage({ viewport: PHONE });
      await page.goto(app.url(route));
      await waitForApp(page);
      const apply = page.getByRole('banner').getByRole('link', { name: APPLY[locale], exact: true });
      assert.equal(await apply.count(), 1, `${route}: one "${APPLY[locale]}" in the header`);
      const box = await apply.boundingBox();
      assert.ok(box && box.y >= 0 && box.y + box.height <= PHONE.height, `${route}: the button is within the first ${PHONE.height} px (at ${box && Math.round(box.y)}–${box && Math.round(box.y + box.height)})`);
      assert.ok(box.height >= 44, `${route}: the button is ${box.height} px high`);
      await expectNoAxeViolations(page, `${route} on a phone`);
      if (route === `/${locale}/`) {
        await apply.click();
        await page.waitForURL(new RegExp(`/${locale}/`));
        await waitForApp(page);
        await eventually(async () => assert.equal(await page.getByRole('banner').getByRole('link', { name: APPLY[locale], exact: true }).count(), 0, `the form (${page.url()}) does not offer itself`));
        assert.equal(new URL(page.url()).pathname, locale === 'sv' ? '/sv/intresseanmalan' : '/ar/apply', 'the button leads to the form');
      }
      assertNoPageErrors(page, route);
    }
  }
}));

test('The Ethiopic font is fetched and used on Tigrinya pages, never on Swedish or Arabic ones, where ትግርኛ is drawn from a face of six characters', withServerLogs(app, async () => {
  for (const route of ['/sv/', '/sv/ersattning', '/ar/', '/sv/intresseanmalan']) {
    const page = await app.newPage({ viewport: DESKTOP });
    const requests = recordFontRequests(page);
    const names = recordFontRequests(page, NAMES_FONT);
    await page.goto(app.url(route));
    await waitForApp(page);
    await page.evaluate(() => document.fonts.ready);
    assert.deepEqual(requests, [], `${route} fetched the Ethiopic font`);
    // ትግርኛ in the language picker is drawn from the small face with only the language names.
    const link = page.locator('a[hreflang="ti"]').first();
    const used = await link.evaluate((a) => getComputedStyle(a).fontFamily);
    assert.match(used, /^"?KP Ethiopic Names"?/, `${route}: ትግርኛ is drawn from the names' face: ${used}`);
    const face = await page.evaluate(async () => {
      await document.fonts.ready;
      const f = [...document.fonts].find((x) => x.family.replace(/"/g, '') === 'KP Ethiopic Names');
      return f && { status: f.status, display: f.display };
    });
    assert.deepEqual(face, { status: 'loaded', display: 'swap' }, `${route}: the names' face loaded because ትግርኛ is on the page`);
    assert.equal(names.length, 1, `${route}: the names' face was fetched once (${names})`);
  }
  // The landing and content pages carry the font in their first HTML; the form, drawn by its
  // wasm, fetches the file (preloaded).
  for (const { route, family, fetched } of [
    { route: '/ti/', family: 'KP Ethiopic First', fetched: 0 },
    { route: '/ti/compensation', family: 'KP Ethiopic First', fetched: 0 },
    { route: '/ti/apply', family: 'KP Ethiopic', fetched: 1 },
  ]) {
    const page = await app.newPage({ viewport: DESKTOP });
    const requests = recordFontRequests(page);
    const names = recordFontRequests(page, NAMES_FONT);
    const response = await page.goto(app.url(route));
    assert.equal(response.status(), 200, route);
    await waitForApp(page);
    const faces = await page.evaluate(async () => {
      await document.fonts.ready;
      return [...document.fonts].map((f) => ({ family: f.family.replace(/"/g, ''), status: f.status, display: f.display }));
    });
    const face = faces.find((f) => f.family === family);
    assert.ok(face, `${route}: the ${family} face is declared (${JSON.stringify(faces)})`);
    assert.equal(face.status, 'loaded', `${route}: the ${family} face loaded because the page's text uses it`);
    assert.equal(face.display, 'swap', `${route}: text is never hidden while a font loads`);
    assert.equal(requests.length, fetched, `${route}: the font file was fetched ${fetched} times (${requests})`);
    const used = await page.evaluate(() => getComputedStyle(document.querySelector('h1')).fontFamily);
    assert.match(used, /^"?KP Ethiopic First"?, "?KP Ethiopic"?/, `${route}: the heading's font family starts with the Ethiopic faces: ${used}`);
    await assertDrawnWithTheSiteFont(page, 'h1', route);
    assert.deepEqual(names, [], `${route}: a Tigrinya page needs no second Ethiopic face`);
    assertNoPageErrors(page, route);
  }
}));

test('Choosing ትግርኛ on a Swedish page draws the Tigrinya page in the app with the font file, fetched once then', withServerLogs(app, async () => {
  const page = await app.newPage({ viewport: DESKTOP });
  const requests = recordFontRequests(page);
  await page.goto(app.url('/sv/ersattning'));
  await waitForApp(page);
  const documents = [];
  page.on('request', (request) => { if (request.resourceType() === 'document') documents.push(request.url()); });
  await page.getByRole('navigation', { name: 'Välj språk', exact: true }).getByRole('link', { name: 'ትግርኛ', exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/ti/compensation');
  await eventually(async () => assert.equal(await page.evaluate(() => document.documentElement.lang), 'ti'));
  await page.evaluate(() => document.fonts.ready);
  assert.deepEqual(documents, [], 'the app drew the Tigrinya page itself (no new HTML, so no inline font)');
  assert.equal(requests.length, 1, `the font file was fetched once (${requests})`);
  await eventually(() => assertDrawnWithTheSiteFont(page, 'h1', '/ti/compensation in the app'));
  assertNoPageErrors(page, 'the switch to Tigrinya');
}));

/**
 * How Chromium drew the first `selector`'s text: the Ethiopic characters in it, and the glyphs
 * drawn from the site's Ethiopic web font ("Noto Sans Ethiopic" inside the file; spaces, digits
 * and punctuation come from a system font, as the face's unicode-range says).
 */
async function drawnWith(page, selector) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument');
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  await cdp.detach();
  const text = await page.locator(selector).first().textContent();
  return {
    ethiopic: [...text].filter((c) => /\p{Script=Ethiopic}/u.test(c)).length,
    fromTheWebFont: fonts.filter((f) => f.isCustomFont && f.familyName === 'Noto Sans Ethiopic').reduce((n, f) => n + f.glyphCount, 0),
  };
}

/** Asserts that every Ethiopic character of `selector` was drawn with the site's font. */
async function assertDrawnWithTheSiteFont(page, selector, label) {
  const { ethiopic, fromTheWebFont } = await drawnWith(page, selector);
  assert.ok(ethiopic > 0, `${label}: ${selector} has Ethiopic text (${ethiopic} characters)`);
  assert.ok(fromTheWebFont >= ethiopic, `${label}: ${selector}'s ${ethiopic} Ethiopic characters are drawn with the site's font (${fromTheWebFont} glyphs)`);
}

// Lighthouse's phone: its window and pixel ratio, at which a font decoded after the first layout
// moved the text (a 390 px window at ratio 1 did not show it).
const LIGHTHOUSE_PHONE = { viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true };

test('A Tigrinya landing or content page carries its font in the first HTML, so its text is drawn once and never moves; the form preloads the file', withServerLogs(app, async () => {
  for (const route of ['/ti/', '/ti/compensation', '/ti/apply', '/sv/']) {
    const html = await (await fetch(app.url(route))).text();
    const head = html.slice(0, html.indexOf('</head>'));
    const inline = head.match(/<link rel="preload" href="(data:font\/woff2;base64,[^"]+)" as="font" type="font\/woff2" crossorigin>/);
    const face = head.match(/@font-face\{font-family:"KP Ethiopic First";src:url\((data:[^)]+)\)/);
    const preloadsFile = head.includes(`<link rel="preload" href="${FONT}" as="font" type="font/woff2" crossorigin>`);
    const textInHtml = route !== '/ti/apply' && route.startsWith('/ti/');
    assert.equal(Boolean(inline && face), textInHtml, `${route}: the font is inline in Tigrinya pages whose text is in the HTML`);
    if (textInHtml) {
      assert.equal(inline[1], face[1], `${route}: the preload and the face are the same address, so the face uses what the preload loaded`);
      const shipped = fs.readFileSync(path.join(REPO_ROOT, 'dist', FONT)).toString('base64');
      assert.equal(face[1], `data:font/woff2;base64,${shipped}`, `${route}: the inline font is the shipped file`);
    }
    assert.equal(preloadsFile, route === '/ti/apply', `${route}: only the Tigrinya form preloads the file`);
  }
  // The layout shifts of a few cold loads on a phone: before, the font swapped in (or was
  // decoded) after the text's first layout and a paragraph's line count changed (0.013).
  for (let load = 0; load < 4; load += 1) {
    const route = load % 2 ? '/ti/compensation' : '/ti/';
    const page = await app.newPage(LIGHTHOUSE_PHONE);
    await page.addInitScript(() => {
      window.kpShifts = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.kpShifts.push(entry.value);
      }).observe({ type: 'layout-shift', buffered: true });
    });
    const requests = recordFontRequests(page);
    await page.goto(app.url(route), { waitUntil: 'networkidle' });
    await waitForApp(page);
    await page.evaluate(() => document.fonts.ready);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    assert.deepEqual(await page.evaluate(() => window.kpShifts), [], `${route}, load ${load + 1}: nothing moved`);
    assert.deepEqual(requests, [], `${route}, load ${load + 1}: no font was fetched`);
    await assertDrawnWithTheSiteFont(page, 'main p', `${route}, load ${load + 1}`);
    assertNoPageErrors(page, `${route}, load ${load + 1}`);
    await page.context().close();
  }
}));

/** Every visible link, button, summary and form control: its accessible text and size. */
async function targetsOf(page) {
  return page.evaluate(() => {
    const found = [];
    for (const el of document.querySelectorAll('a[href], button, summary, input:not([type=hidden]), select, textarea')) {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (r.width === 0 || r.height === 0 || style.visibility === 'hidden') continue;
      if (r.bottom < 0) continue; // the skip link, parked above the page until focused (measured apart)
      found.push({ text: (el.textContent || el.getAttribute('aria-label') || el.tagName).trim().slice(0, 40), width: r.width, height: r.height });
    }
    return found;
  });
}

test('Every link and button on the landing page is at least 24 × 24 px on a desktop and on a phone, the language menu\'s and the skip link included', withServerLogs(app, async () => {
  for (const locale of ['sv', 'ar', 'ti']) {
    for (const viewport of [DESKTOP, PHONE]) {
      const label = `/${locale}/ at ${viewport.width} px`;
      const page = await app.newPage({ viewport });
      await page.goto(app.url(`/${locale}/`));
      await waitForApp(page);
      await page.keyboard.press('Tab');
      const skip = await page.evaluate(() => { const r = document.activeElement.getBoundingClientRect(); return { text: document.activeElement.textContent.trim(), width: r.width, height: r.height }; });
      assert.equal(skip.text, await page.locator('.skip-link').innerText(), `${label}: the first tab stop is the skip link`);
      await page.evaluate(() => document.activeElement.blur());
      const targets = [skip, ...(await targetsOf(page))];
      assert.ok(targets.length > 20, `${label}: measured ${targets.length} targets`);
      if (viewport === PHONE) {
        await page.locator('summary').click();
        targets.push(...(await targetsOf(page)).filter((t) => !targets.some((u) => u.text === t.text)));
      }
      const small = targets.filter((t) => t.width < 24 || t.height < 24);
      assert.deepEqual(small, [], `${label}: targets smaller than 24 × 24 px`);
    }
  }
}));

test('On a phone the languages are one disclosure, which a keyboard opens and uses to change the language', withServerLogs(app, async () => {
  const page = await app.newPage({ viewport: PHONE });
  await page.goto(app.url('/sv/ersattning'));
  await waitForApp(page);
  const picker = page.getByRole('navigation', { name: 'Välj språk', exact: true });
  assert.equal(await picker.getByRole('link').count(), 0, 'no language links are shown before the menu is opened');
  const menu = picker.locator('summary');
  assert.equal((await menu.innerText()).trim(), LANGUAGE_MENU.sv, 'the disclosure says "Språk (Language)"');
  const menuBox = await menu.boundingBox();
  assert.ok(menuBox.y + menuBox.height <= 200, `the disclosure is at the top (${menuBox.y})`);
  assert.equal(await menu.evaluate((el) => el.parentElement.open), false, 'closed at first');

  // Tab from the top of the page to the disclosure, as a keyboard user would.
  let reached = false;
  for (let i = 0; i < 6 && !reached; i += 1) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.tagName === 'SUMMARY');
  }
  assert.ok(reached, 'the disclosure is among the first few tab stops');
  await page.keyboard.press('Enter');
  await eventually(async () => assert.equal(await picker.getByRole('link').count(), 7, 'the seven languages are shown'));
  await expectNoAxeViolations(page, 'the open language menu');
  const arabic = picker.getByRole('link', { name: 'العربية', exact: true });
  assert.ok(await arabic.isVisible(), 'العربية is visible in the open menu');
  for (let i = 0; i < 8; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.textContent === 'العربية')) break;
  }
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/ar\/compensation$/);
  await waitForApp(page);
  await eventually(async () => assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl'));
  const arMenu = page.getByRole('navigation', { name: 'اختر اللغة', exact: true }).locator('summary');
  assert.equal((await arMenu.innerText()).trim(), LANGUAGE_MENU.ar, 'the Arabic page names its menu in Arabic, with "Language"');
  await expectNoAxeViolations(page, '/ar/compensation on a phone');
  assertNoPageErrors(page, 'the language menu');
}));

test('Without JavaScript the phone\'s language disclosure still opens and leads to another language', withServerLogs(app, async () => {
  const page = await app.newPage({ viewport: PHONE, javaScriptEnabled: false });
  await page.goto(app.url('/sv/'));
  const picker = page.getByRole('navigation', { name: 'Välj språk', exact: true });
  await picker.locator('summary').click();
  await picker.getByRole('link', { name: 'Soomaali', exact: true }).click();
  await page.waitForURL(/\/so\/$/);
  assert.ok(await page.getByRole('banner').getByText(MUNICIPALITY, { exact: true }).isVisible(), 'the Somali page names the municipality too');
}));
