// Foundation contract of the Kontaktperson server + SPA:
// routing of the root URL, the app shell, 404 handling, compression, caching,
// security headers, the JSON API error shape and the skip link.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useApp,
  waitForApp,
  eventually,
  expectNoAxeViolations,
  assertNoPageErrors,
  withServerLogs,
} from './harness.mjs';

const app = useApp();

const LANDING = '/sv/';
const MISSING = '/sv/finns-inte/alls';

/** Parse a CSP header into a Map of directive name → array of source tokens. */
function parseCsp(header) {
  const directives = new Map();
  for (const part of header.split(';')) {
    const tokens = part.trim().split(/\s+/).filter(Boolean);
    if (tokens.length === 0) continue;
    const name = tokens[0].toLowerCase();
    // Per CSP spec, the first occurrence of a directive wins.
    if (!directives.has(name)) directives.set(name, tokens.slice(1));
  }
  return directives;
}

function isWasm(response) {
  return new URL(response.url()).pathname.endsWith('.wasm');
}

test('The root URL redirects a browser that prefers Swedish to /sv/', withServerLogs(app, async () => {
  const res = await fetch(app.url('/'), {
    redirect: 'manual',
    headers: { 'Accept-Language': 'sv' },
  });
  assert.ok(
    res.status >= 300 && res.status < 400,
    `Expected a 3xx redirect from GET /, got ${res.status}`,
  );
  const location = res.headers.get('location');
  assert.ok(location, 'The redirect from GET / has no Location header');
  assert.ok(
    location.endsWith('/sv/'),
    `Expected the redirect Location to end with "/sv/", got ${JSON.stringify(location)}`,
  );
}));

test('The Swedish landing page mounts the app with one h1, a title, no errors and no axe violations', withServerLogs(app, async () => {
  const page = await app.newPage();
  const response = await page.goto(app.url(LANDING));
  assert.equal(response.status(), 200, `GET ${LANDING} status`);
  await waitForApp(page);

  await eventually(async () => {
    const html = page.locator('html');
    assert.equal(await html.getAttribute('lang'), 'sv', '<html lang> on the landing page');
    assert.equal(await html.getAttribute('dir'), 'ltr', '<html dir> on the landing page');
  });

  await eventually(async () => {
    const count = await page.getByRole('heading', { level: 1 }).count();
    assert.equal(count, 1, `Expected exactly one level-1 heading on ${LANDING}, found ${count}`);
  });

  await eventually(async () => {
    const title = await page.title();
    assert.ok(title.trim().length > 0, `Expected a non-empty <title> on ${LANDING}, got ${JSON.stringify(title)}`);
  });

  assertNoPageErrors(page, LANDING);
  await expectNoAxeViolations(page, LANDING);
}));

test('A deep link to a missing page answers 404 with the app shell, which shows "Sidan finns inte", also after a reload', withServerLogs(app, async () => {
  const page = await app.newPage();
  const missingUrl = app.url(MISSING);

  const checkResponse = async (response, what) => {
    assert.ok(response, `No response for ${what}`);
    assert.equal(response.status(), 404, `HTTP status of ${what}`);
    const contentType = (await response.allHeaders())['content-type'] || '';
    assert.match(contentType, /^text\/html\b/i, `content-type of ${what}`);
  };
  const checkHeading = async (what) => {
    await waitForApp(page);
    await eventually(async () => {
      const h1 = page.getByRole('heading', { level: 1 });
      const count = await h1.count();
      assert.equal(count, 1, `Expected exactly one level-1 heading on ${what}, found ${count}`);
      const text = (await h1.textContent()) || '';
      assert.ok(
        text.includes('Sidan finns inte'),
        `Expected the level-1 heading on ${what} to contain "Sidan finns inte", got ${JSON.stringify(text.trim())}`,
      );
    });
  };
  // Chromium logs the 404 of the document itself as a console error; that one is expected.
  const isExpected404 = (e) =>
    e.kind === 'console' &&
    e.text.includes('status of 404') &&
    e.url === missingUrl;

  await checkResponse(await page.goto(missingUrl), `GET ${MISSING}`);
  await checkHeading(MISSING);

  await checkResponse(await page.reload(), `reload of ${MISSING}`);
  await checkHeading(`${MISSING} (after reload)`);

  assertNoPageErrors(page, MISSING, isExpected404);
  await expectNoAxeViolations(page, MISSING);
}));

test('The wasm bundle is served brotli-compressed and immutable, while the HTML shell is not cached', withServerLogs(app, async () => {
  const page = await app.newPage();
  const wasmResponses = [];
  page.on('response', (r) => { if (isWasm(r)) wasmResponses.push(r); });
  const firstWasm = page.waitForResponse(isWasm, { timeout: 20_000 });

  const shell = await page.goto(app.url(LANDING));
  await firstWasm;
  await waitForApp(page);

  const shellHeaders = await shell.allHeaders();
  assert.match(
    shellHeaders['cache-control'] || '',
    /\bno-cache\b/i,
    `cache-control of the HTML shell: ${JSON.stringify(shellHeaders['cache-control'])}`,
  );

  assert.ok(wasmResponses.length > 0, 'No .wasm response was seen while loading the landing page');
  for (const r of wasmResponses) {
    const h = await r.allHeaders();
    const name = new URL(r.url()).pathname;
    assert.equal(r.status(), 200, `status of ${name}`);
    assert.equal(h['content-encoding'], 'br', `content-encoding of ${name} (Chromium sent Accept-Encoding with br)`);
    assert.match(h['cache-control'] || '', /\bimmutable\b/i, `cache-control of ${name}: ${JSON.stringify(h['cache-control'])}`);
  }
}));

test('The app shell carries a strict Content-Security-Policy and the other security headers, and loads without violating them', withServerLogs(app, async () => {
  const page = await app.newPage();
  const response = await page.goto(app.url(LANDING));
  const h = await response.allHeaders();

  const cspHeader = h['content-security-policy'];
  assert.ok(cspHeader, 'The HTML shell has no content-security-policy header');
  assert.ok(
    cspHeader.includes("frame-ancestors 'none'"),
    `CSP lacks frame-ancestors 'none': ${cspHeader}`,
  );
  const csp = parseCsp(cspHeader);
  const scriptSrcName = csp.has('script-src') ? 'script-src' : 'default-src';
  const scriptSrc = csp.get(scriptSrcName);
  assert.ok(scriptSrc, `CSP has neither script-src nor default-src, so scripts are unrestricted: ${cspHeader}`);
  for (const forbidden of ["'unsafe-inline'", "'unsafe-eval'"]) {
    assert.ok(
      !scriptSrc.map((s) => s.toLowerCase()).includes(forbidden),
      `CSP ${scriptSrcName} must not contain ${forbidden}: ${scriptSrcName} ${scriptSrc.join(' ')}`,
    );
  }

  assert.equal(h['x-content-type-options'], 'nosniff', 'x-content-type-options header');
  assert.ok(h['referrer-policy'], 'The HTML shell has no referrer-policy header');

  await waitForApp(page);
  const cspErrors = page.__errors.filter((e) => /Content Security Policy/i.test(e.text));
  assert.equal(cspErrors.length, 0, `CSP violations while loading ${LANDING}:\n${cspErrors.map((e) => `  - ${e.text}`).join('\n')}`);
  assertNoPageErrors(page, LANDING);
}));

test('The JSON API answers /api/health with status ok and unknown endpoints with a JSON not_found error', withServerLogs(app, async () => {
  const health = await fetch(app.url('/api/health'));
  assert.equal(health.status, 200, 'status of GET /api/health');
  assert.match(health.headers.get('content-type') || '', /^application\/json\b/i, 'content-type of GET /api/health');
  const healthBody = await health.json();
  assert.equal(healthBody.status, 'ok', `GET /api/health body: ${JSON.stringify(healthBody)}`);

  const missing = await fetch(app.url('/api/does-not-exist'));
  assert.equal(missing.status, 404, 'status of GET /api/does-not-exist');
  assert.match(
    missing.headers.get('content-type') || '',
    /^application\/json\b/i,
    'content-type of GET /api/does-not-exist',
  );
  const text = await missing.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    assert.fail(`GET /api/does-not-exist body is not JSON: ${JSON.stringify(text.slice(0, 200))}`);
  }
  assert.ok(body && typeof body.error === 'object' && body.error !== null, `Expected { error: {…} }, got ${text}`);
  assert.equal(body.error.code, 'not_found', `error.code in ${text}`);
  assert.equal(typeof body.error.message, 'string', `error.message must be a string in ${text}`);
}));

test('A keyboard user reaches a "Till huvudinnehållet" skip link with one Tab, and Enter moves focus to the main content', withServerLogs(app, async () => {
  const page = await app.newPage();
  await page.goto(app.url(LANDING));
  await waitForApp(page);

  const main = page.locator('main');
  assert.equal(await main.count(), 1, 'Expected exactly one <main> element');
  assert.equal(await main.getAttribute('id'), 'main', '<main> id');
  assert.equal(await main.getAttribute('tabindex'), '-1', '<main> tabindex');

  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => {
    const el = document.activeElement;
    return el ? { tag: el.tagName.toLowerCase(), text: (el.textContent || '').trim(), html: el.outerHTML.slice(0, 200) } : null;
  });
  const skipLink = page.getByRole('link', { name: 'Till huvudinnehållet', exact: true });
  assert.equal(
    await skipLink.count(),
    1,
    `Expected exactly one link named "Till huvudinnehållet"; after one Tab focus is on ${JSON.stringify(focused)}`,
  );
  assert.ok(
    await skipLink.evaluate((el) => el === document.activeElement),
    `After one Tab the skip link should have focus; focus is on ${JSON.stringify(focused)}`,
  );

  await page.keyboard.press('Enter');
  try {
    await page.waitForFunction(() => {
      const m = document.querySelector('main');
      const a = document.activeElement;
      return !!m && !!a && (a === m || m.contains(a));
    }, undefined, { timeout: 3000, polling: 50 });
  } catch {
    const now = await page.evaluate(() => document.activeElement && document.activeElement.outerHTML.slice(0, 200));
    assert.fail(`After Enter on the skip link, focus should be on <main> or inside it; focus is on ${now}`);
  }

  assertNoPageErrors(page, LANDING);
}));
