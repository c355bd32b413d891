// The public information site as a reader meets it: every content page in every language, the
// localised not-found page, the language picker, the redirect from `/`, reading without
// JavaScript, the hand-over from the server-rendered page to the app, client-side navigation,
// a 320 px wide screen and the skip link in a right-to-left language.
//
// Expected texts are read from `content/<locale>/*.md` (front matter) so the tests follow the
// content, not a copy of it. The interest form (`apply`) is not built yet and is not tested here.

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

// ---------------------------------------------------------------------------------------------
// What the site should contain (mirrors domain/src/locale.rs, domain/src/pages.rs, domain/src/i18n.rs)
// ---------------------------------------------------------------------------------------------

/** The seven locales, in the picker's order. */
const LOCALES = [
  { code: 'sv', lang: 'sv', dir: 'ltr', name: 'Swedish', nativeName: 'Svenska', swedishSlugs: true,
    skipLink: 'Till huvudinnehållet', languagePicker: 'Välj språk', mainNav: 'Om uppdraget' },
  { code: 'lattlast', lang: 'sv', dir: 'ltr', name: 'easy-to-read Swedish', nativeName: 'Lättläst svenska', swedishSlugs: true,
    skipLink: 'Till huvudinnehållet', languagePicker: 'Välj språk', mainNav: 'Om uppdraget' },
  { code: 'en', lang: 'en', dir: 'ltr', name: 'English', nativeName: 'English', swedishSlugs: false,
    skipLink: 'Skip to main content', languagePicker: 'Choose language', mainNav: 'About the role' },
  { code: 'ar', lang: 'ar', dir: 'rtl', name: 'Arabic', nativeName: 'العربية', swedishSlugs: false,
    skipLink: 'انتقل إلى المحتوى الرئيسي', languagePicker: 'اختر اللغة', mainNav: 'عن المهمة' },
  { code: 'fa', lang: 'fa', dir: 'rtl', name: 'Persian', nativeName: 'فارسی / دری', swedishSlugs: false,
    skipLink: 'رفتن به محتوای اصلی', languagePicker: 'انتخاب زبان', mainNav: 'دربارهٔ این کار' },
  { code: 'so', lang: 'so', dir: 'ltr', name: 'Somali', nativeName: 'Soomaali', swedishSlugs: false,
    skipLink: 'U gudub qoraalka ugu muhiimsan', languagePicker: 'Dooro luqadda', mainNav: 'Ku saabsan hawsha' },
  { code: 'ti', lang: 'ti', dir: 'ltr', name: 'Tigrinya', nativeName: 'ትግርኛ', swedishSlugs: false,
    skipLink: 'ናብ ቀንዲ ትሕዝቶ ሕለፉ', languagePicker: 'ቋንቋ ምረጹ', mainNav: 'ብዛዕባ እዚ ዕማም' },
];
const LOCALE = Object.fromEntries(LOCALES.map((l) => [l.code, l]));

/** Content pages (id → [Swedish slug, slug of the other locales]), in menu order. */
const PAGES = [
  ['start', '', ''],
  ['what', 'vad-gor-en-kontaktperson', 'what-a-contact-person-does'],
  ['who', 'vem-behover-en-kontaktperson', 'who-needs-a-contact-person'],
  ['time', 'tid-och-langd', 'time-and-duration'],
  ['vetting', 'krav-och-utredning', 'requirements-and-vetting'],
  ['compensation', 'ersattning', 'compensation'],
  ['confidentiality', 'tystnadsplikt', 'confidentiality'],
  ['suggest', 'foresla-dig-sjalv', 'suggest-yourself'],
  ['training', 'utbildning-och-stod', 'training-and-support'],
  ['stories', 'berattelser', 'stories'],
  ['faq', 'vanliga-fragor', 'questions-and-answers'],
  ['privacy', 'personuppgifter', 'privacy'],
  ['accessibility', 'tillganglighet', 'accessibility'],
];
const PAGE_IDS = PAGES.map(([id]) => id);

/** The address of a content page in a locale, e.g. `/sv/ersattning` or `/ar/`. */
function pagePath(localeCode, id) {
  const entry = PAGES.find(([pageId]) => pageId === id);
  assert.ok(entry, `unknown page id ${id}`);
  const slug = LOCALE[localeCode].swedishSlugs ? entry[1] : entry[2];
  return `/${localeCode}/${slug}`;
}

// The server's default settings (server/src/config.rs), for `{{…}}` placeholders.
const PLACEHOLDERS = {
  municipality: 'Exempelby kommun',
  unit_email: 'kontaktperson@exempelby.se',
  unit_phone: '010-123 45 67',
  dpo_email: 'dataskyddsombud@exempelby.se',
};
const fillPlaceholders = (text) =>
  text.replace(/\{\{(\w+)\}\}/g, (whole, key) => (key in PLACEHOLDERS ? PLACEHOLDERS[key] : whole));

/**
 * Reads `content/<locale>/<id>.md` the way the server does (server/src/content.rs):
 * front matter between `---` lines, `key: value` per line, surrounding double quotes trimmed.
 */
function readContent(localeCode, id) {
  const file = path.join(REPO_ROOT, 'content', localeCode, `${id}.md`);
  let text = fs.readFileSync(file, 'utf8');
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  assert.ok(text.startsWith('---\n'), `${file} does not start with front matter`);
  const rest = text.slice(4);
  const end = rest.indexOf('\n---\n');
  assert.ok(end >= 0, `${file}: front matter is not closed`);
  const fields = {};
  for (const line of rest.slice(0, end).split('\n')) {
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const value = line.slice(colon + 1).trim().replace(/^"+|"+$/g, '');
    fields[line.slice(0, colon).trim()] = fillPlaceholders(value);
  }
  return {
    file,
    title: fields.title,
    description: fields.description,
    nav: fields.nav,
    body: fillPlaceholders(rest.slice(end + 5)),
  };
}

/** The first paragraph of a Markdown body (not a heading, list, quote or table). */
function firstParagraph(markdown) {
  for (const block of markdown.split(/\n\s*\n/)) {
    const trimmed = block.trim();
    if (trimmed === '' || /^(#|[-*+] |\d+\. |>|\|)/.test(trimmed)) continue;
    return trimmed.replace(/\s+/g, ' ');
  }
  return '';
}

/**
 * A piece of `length` characters of a paragraph that is plain text (no Markdown syntax, nothing
 * that HTML escaping would change), starting at a word boundary.
 */
function plainPiece(paragraph, length = 40) {
  const plain = /^[^[\]()*_`{}<>&"'\\#|]+$/;
  for (let start = 0; start + length <= paragraph.length; start++) {
    if (start > 0 && paragraph[start - 1] !== ' ') continue;
    const piece = paragraph.slice(start, start + length);
    if (plain.test(piece) && piece.trim() === piece) return piece;
  }
  return null;
}

const decodeEntities = (html) =>
  html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&');

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

/** A new page in an existing context, recording errors like the harness's `newPage`. */
async function pageIn(context) {
  const page = await context.newPage();
  page.__errors = [];
  page.on('pageerror', (err) => {
    page.__errors.push({ kind: 'pageerror', text: String(err && err.stack ? err.stack : err), url: page.url() });
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      page.__errors.push({ kind: 'console', text: msg.text(), url: msg.location()?.url || '' });
    }
  });
  return page;
}

/** Run `fn(context)` with a browser context of its own, closed afterwards. */
async function withContext(options, fn) {
  const context = await app.browser.newContext(options);
  try {
    return await fn(context);
  } finally {
    await context.close().catch(() => {});
  }
}

const h1Of = (page) => page.getByRole('heading', { level: 1 });

/** `<html lang dir>` as the page has them now. */
async function htmlLangDir(page) {
  const html = page.locator('html');
  return { lang: await html.getAttribute('lang'), dir: await html.getAttribute('dir') };
}

/** Asserts the one level-1 heading reads `title`. */
async function assertSingleH1(page, title, label) {
  const h1 = h1Of(page);
  const count = await h1.count();
  const texts = count > 0 ? (await h1.allTextContents()).map((t) => t.trim()) : [];
  assert.equal(count, 1, `${label}: expected exactly one level-1 heading, found ${count}: ${JSON.stringify(texts)}`);
  assert.equal(texts[0], title, `${label}: the level-1 heading should be the content file's title`);
}

async function assertLangDir(page, locale, label) {
  const { lang, dir } = await htmlLangDir(page);
  assert.equal(lang, locale.lang, `${label}: <html lang>`);
  assert.equal(dir, locale.dir, `${label}: <html dir>`);
}

/** Run every check, collect every failure, and fail once naming all of them. */
async function checkAll(items, check) {
  const failures = [];
  for (const item of items) {
    try {
      await check(item);
    } catch (err) {
      failures.push(err && err.message ? err.message : String(err));
    }
  }
  if (failures.length > 0) {
    assert.fail(`${failures.length} of ${items.length} failed:\n\n${failures.join('\n\n')}`);
  }
}

// ---------------------------------------------------------------------------------------------
// 1. Every content page in every language
// ---------------------------------------------------------------------------------------------

for (const locale of LOCALES) {
  test(`Every content page in ${locale.name} (/${locale.code}/) shows its title as the only h1, with the right language, direction, title, description, no errors and no axe violations`, withServerLogs(app, async () => {
    await withContext({}, async (context) => {
      await checkAll(PAGE_IDS, async (id) => {
        const route = pagePath(locale.code, id);
        const label = `[${locale.code} / ${id}] ${route}`;
        const content = readContent(locale.code, id);
        assert.ok(content.title, `${content.file} has no title`);
        assert.ok(content.description, `${content.file} has no description`);

        const page = await pageIn(context);
        try {
          const response = await page.goto(app.url(route));
          assert.ok(response, `${label}: no response`);
          assert.equal(response.status(), 200, `${label}: HTTP status`);
          await waitForApp(page);

          await eventually(async () => {
            await assertSingleH1(page, content.title, label);
            await assertLangDir(page, locale, label);
            const title = await page.title();
            assert.ok(title.trim().length > 0, `${label}: document.title is empty`);
            assert.ok(
              title.startsWith(content.title),
              `${label}: document.title ${JSON.stringify(title)} should start with the page title ${JSON.stringify(content.title)}`,
            );
            const description = await page.locator('meta[name="description"]').getAttribute('content');
            assert.equal(description, content.description, `${label}: meta description`);
          });

          assertNoPageErrors(page, label);
          await expectNoAxeViolations(page, label);
        } finally {
          await page.close().catch(() => {});
        }
      });
    });
  }));
}

// ---------------------------------------------------------------------------------------------
// 2. The not-found page in every language
// ---------------------------------------------------------------------------------------------

/** Waits until focus is on `main#main` after a client-side navigation (`where` names it). */
async function focusEndsOnMain(page, where) {
  await eventually(async () => {
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      return el ? { id: el.id, html: el.outerHTML.slice(0, 120) } : null;
    });
    assert.equal(
      focused && focused.id,
      'main',
      `After navigating ${where}, focus should be on main#main; it is on ${focused ? focused.html : 'nothing'}`,
    );
  });
}

test('An unknown address under each language answers 404 and shows that language\'s not-found page, with the right language and direction and no axe violations', withServerLogs(app, async () => {
  await withContext({}, async (context) => {
    await checkAll(LOCALES, async (locale) => {
      const route = `/${locale.code}/finns-inte`;
      const label = `[${locale.code} / notfound] ${route}`;
      const content = readContent(locale.code, 'notfound');
      const url = app.url(route);
      const page = await pageIn(context);
      try {
        const response = await page.goto(url);
        assert.ok(response, `${label}: no response`);
        assert.equal(response.status(), 404, `${label}: HTTP status`);
        await waitForApp(page);
        await eventually(async () => {
          await assertSingleH1(page, content.title, label);
          await assertLangDir(page, locale, label);
        });
        // Chromium logs the 404 of the document itself as a console error; that one is expected.
        const isExpected404 = (e) => e.kind === 'console' && e.text.includes('status of 404') && e.url === url;
        assertNoPageErrors(page, label, isExpected404);
        await expectNoAxeViolations(page, label);
      } finally {
        await page.close().catch(() => {});
      }
    });
  });
}));

// ---------------------------------------------------------------------------------------------
// 3. The language picker
// ---------------------------------------------------------------------------------------------

test('Choosing العربية in the language picker on /sv/ersattning shows the same page in Arabic, right to left, and / remembers the choice', withServerLogs(app, async () => {
  // A Swedish browser: without the remembered choice, `/` would lead to /sv/.
  const page = await app.newPage({ locale: 'sv-SE' });
  const start = '/sv/ersattning';
  const arabic = readContent('ar', 'compensation');
  const response = await page.goto(app.url(start));
  assert.equal(response.status(), 200, `GET ${start}`);
  await waitForApp(page);

  const picker = page.getByRole('navigation', { name: 'Välj språk', exact: true });
  assert.equal(await picker.count(), 1, `Expected one navigation named "Välj språk" on ${start}`);
  const link = picker.getByRole('link', { name: 'العربية', exact: true });
  assert.equal(await link.count(), 1, `Expected one link named "العربية" in the language picker on ${start}`);
  await link.click();

  await page.waitForURL((u) => u.pathname === '/ar/compensation', { timeout: 10_000 }).catch(() => {
    assert.fail(`After choosing العربية on ${start} the address should be /ar/compensation, it is ${page.url()}`);
  });
  await eventually(async () => {
    await assertLangDir(page, LOCALE.ar, 'after choosing العربية');
    await assertSingleH1(page, arabic.title, 'after choosing العربية (/ar/compensation)');
  }, { timeout: 5000 });
  assertNoPageErrors(page, 'the language switch from /sv/ersattning to /ar/compensation');

  const cookies = await page.context().cookies(app.url('/'));
  const remembered = cookies.find((c) => c.name === 'kp_locale');
  const again = await page.context().newPage();
  await again.goto(app.url('/'));
  assert.equal(
    new URL(again.url()).pathname,
    '/ar/',
    `After choosing العربية, / in the same browser should lead to /ar/; it led to ${again.url()} ` +
      `(kp_locale cookie: ${remembered ? JSON.stringify(remembered.value) : 'not set'})`,
  );
}));

// ---------------------------------------------------------------------------------------------
// 4. The redirect from / for a first-time visitor
// ---------------------------------------------------------------------------------------------

test('/ sends a first-time visitor to the best match of the browser\'s languages: Somali to /so/, Persian to /fa/, German to /sv/', withServerLogs(app, async () => {
  const cases = [
    { locale: 'so-SO', expected: '/so/' },
    { locale: 'fa-IR', expected: '/fa/' },
    { locale: 'de-DE', expected: '/sv/' },
  ];
  await checkAll(cases, async ({ locale, expected }) => {
    await withContext({ locale }, async (context) => {
      const page = await context.newPage();
      const response = await page.goto(app.url('/'));
      assert.equal(
        new URL(page.url()).pathname,
        expected,
        `A browser with locale ${locale} should be sent from / to ${expected}, it landed on ${page.url()}`,
      );
      assert.equal(response.status(), 200, `status of ${expected} (browser locale ${locale})`);
    });
  });
}));

// ---------------------------------------------------------------------------------------------
// 5. Reading without JavaScript
// ---------------------------------------------------------------------------------------------

test('With JavaScript off, /en/privacy shows its heading and its main text, which is in the HTML itself', withServerLogs(app, async () => {
  const route = '/en/privacy';
  const content = readContent('en', 'privacy');
  const paragraph = firstParagraph(content.body);
  const piece = plainPiece(paragraph, 40);
  assert.ok(piece, `Could not take a 40-character plain piece of the first paragraph of ${content.file}: ${JSON.stringify(paragraph)}`);

  const page = await app.newPage({ javaScriptEnabled: false });
  const response = await page.goto(app.url(route));
  assert.equal(response.status(), 200, `GET ${route}`);
  const html = await response.text();

  assert.equal(
    await page.locator('html').getAttribute('data-kp-app'),
    null,
    'JavaScript should be off in this test, yet the app marked itself mounted',
  );
  await assertSingleH1(page, content.title, `${route} without JavaScript`);

  const main = page.getByRole('main');
  assert.equal(await main.count(), 1, `Expected one main region on ${route} without JavaScript`);
  const text = main.getByText(piece);
  assert.ok(
    (await text.count()) > 0 && (await text.first().isVisible()),
    `Without JavaScript, the main region of ${route} should visibly contain ${JSON.stringify(piece)}; it reads:\n` +
      `${((await main.textContent()) || '').trim().slice(0, 400)}`,
  );

  // The text is in the HTML itself, outside any <noscript>.
  const mainInHtml = /<main\b[^>]*>([\s\S]*?)<\/main>/i.exec(html);
  assert.ok(mainInHtml, `The HTML of ${route} has no <main> element`);
  assert.ok(
    decodeEntities(mainInHtml[1]).replace(/\s+/g, ' ').includes(piece),
    `The <main> of the HTML of ${route} should contain ${JSON.stringify(piece)}`,
  );
  assert.equal(await page.locator('noscript main, noscript h1').count(), 0, `The main text of ${route} must not be inside <noscript>`);
}));

// ---------------------------------------------------------------------------------------------
// 6. The hand-over from the server-rendered page to the app
// ---------------------------------------------------------------------------------------------

test('The app takes over the server-rendered /sv/vad-gor-en-kontaktperson without duplicating anything', withServerLogs(app, async () => {
  const route = '/sv/vad-gor-en-kontaktperson';
  const raw = await fetch(app.url(route));
  assert.equal(raw.status, 200, `fetch ${route}`);
  const html = await raw.text();
  const rawH1s = [...html.matchAll(/<h1\b[^>]*>([\s\S]*?)<\/h1>/gi)].map((m) => decodeEntities(m[1]).trim());
  assert.equal(rawH1s.length, 1, `The server-rendered HTML of ${route} should have one <h1>, it has ${JSON.stringify(rawH1s)}`);

  const page = await app.newPage();
  await page.goto(app.url(route));
  await waitForApp(page);
  await eventually(async () => {
    for (const [selector, what] of [['main', '<main>'], ['h1', '<h1>'], ['#kp-root', '#kp-root']]) {
      const count = await page.locator(selector).count();
      assert.equal(count, 1, `After the app mounted on ${route}: expected exactly one ${what}, found ${count}`);
    }
    const h1 = ((await page.locator('h1').textContent()) || '').trim();
    assert.equal(h1, rawH1s[0], `After the app mounted on ${route}: the h1 should read as in the server-rendered HTML`);
  });
  assertNoPageErrors(page, route);
}));

// ---------------------------------------------------------------------------------------------
// 7. Client-side navigation
// ---------------------------------------------------------------------------------------------

test('Following the footer menu link to the FAQ on /sv/ changes page without a reload, updates the title and moves focus to the main region, and so does the next link from there', withServerLogs(app, async () => {
  const faq = readContent('sv', 'faq');
  const page = await app.newPage();
  await page.goto(app.url('/sv/'));
  await waitForApp(page);
  await page.evaluate(() => { window.__kpMarker = 1; });

  const menu = page.getByRole('navigation', { name: 'Om uppdraget', exact: true });
  assert.equal(await menu.count(), 1, 'Expected one navigation named "Om uppdraget" on /sv/');
  const link = menu.getByRole('link', { name: faq.nav, exact: true });
  assert.equal(await link.count(), 1, `Expected one link named ${JSON.stringify(faq.nav)} in the "Om uppdraget" menu on /sv/`);
  await link.click();

  await page.waitForURL((u) => u.pathname === '/sv/vanliga-fragor', { timeout: 10_000 }).catch(() => {
    assert.fail(`After following the FAQ link the address should be /sv/vanliga-fragor, it is ${page.url()}`);
  });
  await eventually(async () => {
    await assertSingleH1(page, faq.title, '/sv/vanliga-fragor after client-side navigation');
  }, { timeout: 5000 });
  assert.equal(
    await page.evaluate(() => window.__kpMarker),
    1,
    'window.__kpMarker was lost: following the FAQ link reloaded the whole page instead of navigating in the app',
  );
  await eventually(async () => {
    const title = await page.title();
    assert.ok(
      title.startsWith(faq.title),
      `After navigating to the FAQ, document.title ${JSON.stringify(title)} should start with ${JSON.stringify(faq.title)}`,
    );
  });
  await focusEndsOnMain(page, 'to the FAQ');
  assertNoPageErrors(page, '/sv/ → /sv/vanliga-fragor');

  // And on from a page the app drew itself: the frame stays where it is, and focus must still
  // end on main once the new page's text has arrived (it was lost to <body> when redrawing the
  // frame took main's tabindex off and put it back).
  const compensation = readContent('sv', 'compensation');
  await menu.getByRole('link', { name: compensation.nav, exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/sv/ersattning', { timeout: 10_000 }).catch(() => {
    assert.fail(`After following the ${JSON.stringify(compensation.nav)} link from the FAQ the address should be /sv/ersattning, it is ${page.url()}`);
  });
  await eventually(async () => {
    await assertSingleH1(page, compensation.title, '/sv/ersattning after client-side navigation from the FAQ');
  }, { timeout: 5000 });
  assert.equal(await page.evaluate(() => window.__kpMarker), 1, 'Following the menu from the FAQ reloaded the page');
  await focusEndsOnMain(page, 'from the FAQ to /sv/ersattning');
  assertNoPageErrors(page, '/sv/vanliga-fragor → /sv/ersattning');
}));

// ---------------------------------------------------------------------------------------------
// 8. A 320 px wide screen
// ---------------------------------------------------------------------------------------------

test('On a 320 px wide screen the start page and the FAQ in every language fit without horizontal scrolling', withServerLogs(app, async () => {
  const width = 320;
  const failures = [];
  for (const locale of LOCALES) {
    await withContext({ viewport: { width, height: 640 } }, async (context) => {
      for (const id of ['start', 'faq']) {
        const route = pagePath(locale.code, id);
        const label = `[${locale.code} / ${id}] ${route}`;
        const page = await pageIn(context);
        try {
          const response = await page.goto(app.url(route));
          assert.equal(response.status(), 200, `${label}: HTTP status`);
          await waitForApp(page);
          await eventually(() => assertSingleH1(page, readContent(locale.code, id).title, label));
          const measured = await page.evaluate((limit) => {
            const culprits = [];
            for (const el of document.body.querySelectorAll('*')) {
              const r = el.getBoundingClientRect();
              if (r.width === 0 && r.height === 0) continue;
              if (r.right > limit + 0.5 || r.left < -0.5) {
                // Report the innermost overflowing elements only.
                const childOverflows = [...el.children].some((c) => {
                  const cr = c.getBoundingClientRect();
                  return cr.right > limit + 0.5 || cr.left < -0.5;
                });
                if (!childOverflows) {
                  const cls = el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
                  culprits.push(`<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${cls}> left ${Math.round(r.left)} right ${Math.round(r.right)} "${(el.textContent || '').trim().slice(0, 40)}"`);
                }
              }
            }
            return { scrollWidth: document.documentElement.scrollWidth, culprits: culprits.slice(0, 5) };
          }, width);
          if (measured.scrollWidth > width) {
            failures.push(
              `${label}: document.documentElement.scrollWidth is ${measured.scrollWidth} px at a ${width} px wide viewport` +
                (measured.culprits.length ? `\n    overflowing: ${measured.culprits.join('\n                 ')}` : ''),
            );
          }
          assertNoPageErrors(page, label);
        } catch (err) {
          failures.push(err.message);
        } finally {
          await page.close().catch(() => {});
        }
      }
    });
  }
  assert.equal(failures.length, 0, `Horizontal overflow at ${width} px:\n${failures.join('\n')}`);
}));

// ---------------------------------------------------------------------------------------------
// 9. The skip link, right to left
// ---------------------------------------------------------------------------------------------

test('On /ar/ the first Tab focuses the Arabic skip link, which is then visible on screen', withServerLogs(app, async () => {
  const route = '/ar/';
  const page = await app.newPage();
  const viewport = page.viewportSize();
  await page.goto(app.url(route));
  await waitForApp(page);
  await page.keyboard.press('Tab');

  const skipLink = page.getByRole('link', { name: LOCALE.ar.skipLink, exact: true });
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.outerHTML.slice(0, 200));
  assert.equal(await skipLink.count(), 1, `Expected one link named ${JSON.stringify(LOCALE.ar.skipLink)} on ${route}; focus is on ${focused}`);
  assert.ok(
    await skipLink.evaluate((el) => el === document.activeElement),
    `After one Tab on ${route} the skip link should have focus; focus is on ${focused}`,
  );

  await eventually(async () => {
    const box = await skipLink.boundingBox();
    assert.ok(box, `The focused skip link on ${route} has no box (not rendered)`);
    const where = `x ${box.x}, y ${box.y}, ${box.width}×${box.height} in a ${viewport.width}×${viewport.height} viewport`;
    assert.ok(box.width > 0 && box.height > 0, `The focused skip link on ${route} has an empty box: ${where}`);
    assert.ok(
      box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width && box.y + box.height <= viewport.height,
      `The focused skip link on ${route} should be inside the viewport: ${where}`,
    );
    assert.ok(await skipLink.isVisible(), `The focused skip link on ${route} is not visible`);
    const onTop = await skipLink.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return !!hit && (hit === el || el.contains(hit));
    });
    assert.ok(onTop, `The focused skip link on ${route} is covered by another element (${where})`);
  });
  assertNoPageErrors(page, route);
}));
