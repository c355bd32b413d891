// Shared harness for the browser test suite.
//
// Starts the real `kp-server` binary against a fresh database and the
// Trunk-built `dist/`, drives Debian's Chromium through playwright-core, and
// runs two accessibility engines (axe-core and IBM's Equal Access accessibility-checker-engine).
// Nothing here downloads a browser.
//
// Environment knobs:
//   KP_SERVER_BIN   path to the server binary (default: target/release/kp-server)
//   CHROMIUM_PATH   path to the Chromium executable (default: /usr/bin/chromium)
//   KP_BROWSER_POSTGRES_URL   a PostgreSQL server (postgres://user@host:port/db) on which each
//                   server gets a fresh database of its own, created with psql from PATH and
//                   never dropped (scripts/with-postgres.sh's throw-away cluster); unset: a
//                   fresh SQLite file per server

import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { before, after, afterEach } from 'node:test';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

/** Absolute path of the repository root (two levels above this file). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The version of the form's confirmation text the server accepts, read from its one definition
 * (kp_domain::application::CONSENT_VERSION), so tests that send an application need no date of
 * their own.
 */
export const CONSENT_VERSION = (() => {
  const source = fs.readFileSync(path.join(REPO_ROOT, 'domain', 'src', 'application.rs'), 'utf8');
  const found = source.match(/pub const CONSENT_VERSION: &str = "([^"]+)";/);
  if (!found) throw new Error('CONSENT_VERSION not found in domain/src/application.rs');
  return found[1];
})();

const READY_LINE = /Kontaktperson listening on (http:\/\/[^\s/]+)\/?/;
const SERVER_START_TIMEOUT_MS = 30_000;
const SERVER_STOP_GRACE_MS = 5_000;
const APP_READY_TIMEOUT_MS = 20_000;

/** Keep only the last `max` characters of a log, so failure messages stay readable. */
function tail(text, max = 4000) {
  return text.length > max ? `…(${text.length - max} chars elided)…\n${text.slice(-max)}` : text;
}

// Children still running if the test process dies unexpectedly.
const liveChildren = new Set();
process.on('exit', () => {
  for (const child of liveChildren) {
    try { child.kill('SIGKILL'); } catch { /* already gone */ }
  }
});

/**
 * A fresh database on the PostgreSQL server KP_BROWSER_POSTGRES_URL names, as a URL; undefined
 * when that variable is unset.
 */
function freshPostgresDatabase() {
  const server = process.env.KP_BROWSER_POSTGRES_URL;
  if (!server) return undefined;
  const name = `kp_browser_${crypto.randomBytes(8).toString('hex')}`;
  execFileSync('psql', [server, '-v', 'ON_ERROR_STOP=1', '-qc', `CREATE DATABASE ${name}`], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.href;
}

/**
 * Spawn the server on an ephemeral port with a throw-away database (SQLite, or PostgreSQL when
 * KP_BROWSER_POSTGRES_URL is set; a DATABASE_URL in `env` wins over both).
 * Resolves once it printed its "listening" line.
 *
 * @returns {Promise<{ baseUrl: string, url: (p: string) => string, stop: () => Promise<void>,
 *   logs: () => { stdout: string, stderr: string }, tmpDir: string }>}
 *   `baseUrl` has no trailing slash, e.g. `http://127.0.0.1:41234`.
 */
export async function startServer({ env = {} } = {}) {
  const bin = path.resolve(REPO_ROOT, process.env.KP_SERVER_BIN || 'target/release/kp-server');
  if (!fs.existsSync(bin)) {
    throw new Error(`Server binary not found at ${bin} (build it, or set KP_SERVER_BIN).`);
  }
  const distDir = path.join(REPO_ROOT, 'dist');
  if (!fs.existsSync(path.join(distDir, 'index.html'))) {
    throw new Error(`${distDir}/index.html not found (run Trunk first).`);
  }

  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kp-browser-test-'));
  const postgresUrl = env.DATABASE_URL === undefined ? freshPostgresDatabase() : undefined;
  const childEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: postgresUrl ?? `sqlite://${path.join(tmpDir, 'test.db')}`,
    KP_DIST_DIR: distDir,
    KP_CONTENT_DIR: path.join(REPO_ROOT, 'content'),
    RUST_LOG: 'warn',
    ...env,
  };

  const child = spawn(bin, [], { cwd: REPO_ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  liveChildren.add(child);

  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => { stderr += chunk; });

  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      liveChildren.delete(child);
      resolve({ code, signal });
    });
  });

  const logs = () => ({ stdout, stderr });
  const describeLogs = () =>
    `--- server stdout ---\n${tail(stdout) || '(empty)'}\n--- server stderr ---\n${tail(stderr) || '(empty)'}`;

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      let timer;
      const timedOut = new Promise((resolve) => {
        timer = setTimeout(() => resolve('timeout'), SERVER_STOP_GRACE_MS);
      });
      const outcome = await Promise.race([exited, timedOut]);
      clearTimeout(timer);
      if (outcome === 'timeout') {
        child.kill('SIGKILL');
        await exited;
      }
    }
    fs.rmSync(tmpDir, { recursive: true, force: true });
  };

  let baseUrl;
  try {
    baseUrl = await new Promise((resolve, reject) => {
      let buffered = '';
      const timer = setTimeout(() => {
        reject(new Error(
          `Server did not print "Kontaktperson listening on …" within ${SERVER_START_TIMEOUT_MS / 1000} s.\n${describeLogs()}`,
        ));
      }, SERVER_START_TIMEOUT_MS);
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
        if (baseUrl !== undefined) return;
        buffered += chunk;
        const lines = buffered.split('\n');
        buffered = lines.pop();
        for (const line of lines) {
          const m = READY_LINE.exec(line);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]);
            return;
          }
        }
      });
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(new Error(`Could not spawn ${bin}: ${err.message}\n${describeLogs()}`));
      });
      exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(
          `Server exited before it was ready (code ${code}, signal ${signal}).\n${describeLogs()}`,
        ));
      });
    });
  } catch (err) {
    await stop();
    throw err;
  }

  /** Kills the server at once (SIGKILL: a crash, no graceful shutdown) and waits for it to go. */
  const crash = async () => {
    child.kill('SIGKILL');
    await exited;
  };

  return {
    baseUrl,
    url: (p = '/') => new URL(p, `${baseUrl}/`).href,
    stop,
    crash,
    logs,
    describeLogs,
    tmpDir,
  };
}

/** Launch headless Chromium (Debian's, never a downloaded one). */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-quic',
      '--disable-sync',
    ],
    headless: true,
  });
}

/**
 * New browser context + page. Every uncaught page error and every console
 * message of type "error" is recorded in `page.__errors` as
 * `{ kind: 'pageerror' | 'console', text, url }`.
 *
 * @param {import('playwright-core').Browser} browser
 * @param {{ locale?: string, javaScriptEnabled?: boolean,
 *           viewport?: { width: number, height: number } }} [opts]
 */
export async function newPage(browser, opts = {}) {
  const contextOptions = {};
  if (opts.locale !== undefined) contextOptions.locale = opts.locale;
  if (opts.javaScriptEnabled !== undefined) contextOptions.javaScriptEnabled = opts.javaScriptEnabled;
  for (const key of ['viewport', 'deviceScaleFactor', 'isMobile', 'hasTouch']) {
    if (opts[key] !== undefined) contextOptions[key] = opts[key];
  }
  const context = await browser.newContext(contextOptions);
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

/** Human-readable list of recorded page errors. */
export function formatErrors(errors) {
  return errors.map((e, i) => `  ${i + 1}. [${e.kind}] ${e.text}${e.url ? ` (at ${e.url})` : ''}`).join('\n');
}

/**
 * Assert that no page error / console error was recorded.
 * `ignore` is an optional predicate for errors that are expected in a test.
 */
export function assertNoPageErrors(page, label = page.url(), ignore = () => false) {
  const errors = (page.__errors || []).filter((e) => !ignore(e));
  assert.equal(
    errors.length,
    0,
    `Expected no page errors on ${label}, got ${errors.length}:\n${formatErrors(errors)}`,
  );
}

/** Wait until the SPA marked itself mounted: `<html data-kp-app="ready">`. */
export async function waitForApp(page) {
  try {
    await page.waitForFunction(
      () => document.documentElement.dataset.kpApp === 'ready',
      undefined,
      { timeout: APP_READY_TIMEOUT_MS, polling: 50 },
    );
  } catch (err) {
    let state = '(unavailable)';
    try {
      state = await page.evaluate(() => String(document.documentElement.dataset.kpApp));
    } catch { /* page gone */ }
    const errors = page.__errors && page.__errors.length
      ? `\nPage errors so far:\n${formatErrors(page.__errors)}`
      : '';
    throw new Error(
      `The SPA did not set data-kp-app="ready" on <html> within ${APP_READY_TIMEOUT_MS / 1000} s ` +
      `(url ${page.url()}, data-kp-app=${state}).${errors}\n${err.message}`,
    );
  }
}

/**
 * Retry `fn` (which may throw assertion errors) every `interval` ms until it
 * passes or `timeout` ms elapse; then rethrow its last error. For the gap
 * between an action and its effect — not a fixed sleep. The default allows for
 * a shared 2-core machine that is also compiling (a password hash then takes
 * seconds); a passing check returns as soon as it passes.
 */
export async function eventually(fn, { timeout = 10000, interval = 50 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() >= deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, interval));
    }
  }
}

/**
 * IBM's Equal Access engine (npm `accessibility-checker-engine`), read once and evaluated in the
 * page through the DevTools protocol, as axe is, so the site's Content-Security-Policy (no inline
 * scripts) does not have to be loosened for the test.
 */
let aceSource;
function ibmEngineSource() {
  aceSource ??= fs.readFileSync(
    path.join(REPO_ROOT, 'node_modules', 'accessibility-checker-engine', 'ace.js'),
    'utf8',
  );
  return aceSource;
}

/** The IBM ruleset the suite holds the pages to: WCAG 2.1 levels A and AA, as axe's tags. */
const IBM_POLICY = 'WCAG_2_1';

/**
 * The IBM result levels a test fails on: only "violation" (a rule of the WCAG 2.1 A/AA ruleset
 * that the engine found definitely failed). Not "potentialviolation" (the engine cannot decide and
 * asks a person to check, e.g. whether a text's meaning depends on its colour; such results are
 * reviewed by hand, not asserted, or every text page would fail), and not "recommendation" /
 * "potentialrecommendation" / "manual" (advice beyond WCAG, or a manual check).
 */
const IBM_FAILING_LEVELS = new Set(['violation']);

/**
 * IBM rules switched off, each with its reason. Empty: every violation found so far was fixed in
 * the markup instead.
 */
const IBM_EXCLUDED_RULES = new Map([]);

/**
 * Run IBM's Equal Access engine (WCAG 2.1 A + AA) on the page; the violations, each as
 * `{ ruleId, level, help, message, xpath, snippet }`.
 */
export async function ibmViolations(page) {
  const already = await page.evaluate(() => typeof globalThis.ace?.Checker === 'function');
  if (!already) await page.evaluate(ibmEngineSource());
  const results = await page.evaluate(async (policy) => {
    const checker = new globalThis.ace.Checker();
    const report = await checker.check(document, [policy]);
    // The engine's raw results give the kind of rule and the outcome, value = [VIOLATION |
    // RECOMMENDATION | INFORMATION, PASS | FAIL | POTENTIAL | MANUAL]; the level names are the
    // ones IBM's reports use (a failed VIOLATION rule is a "violation").
    const level = ([kind, outcome]) => {
      if (outcome === 'PASS') return 'pass';
      if (outcome === 'MANUAL') return 'manual';
      const potential = outcome === 'POTENTIAL' ? 'potential' : '';
      if (kind === 'VIOLATION') return `${potential}violation`;
      if (kind === 'RECOMMENDATION') return `${potential}recommendation`;
      return 'information';
    };
    return report.results.map((r) => ({
      ruleId: r.ruleId,
      help: checker.engine.getHelp(r.ruleId, r.reasonId),
      level: r.level ?? level(r.value),
      message: r.message,
      xpath: r.path?.dom ?? '',
      snippet: r.snippet ?? '',
    }));
  }, IBM_POLICY);
  return results.filter((r) => IBM_FAILING_LEVELS.has(r.level) && !IBM_EXCLUDED_RULES.has(r.ruleId));
}

/**
 * Run both accessibility engines on the page and assert zero violations: axe (WCAG 2.0/2.1 A +
 * AA) and IBM's Equal Access engine (WCAG 2.1 A + AA, level "violation"; see IBM_FAILING_LEVELS).
 * The name is older than the second engine; every screen the tests check with axe gets both.
 */
export async function expectNoAxeViolations(page, label = page.url()) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const violations = results.violations;
  const lines = violations.map((v) => {
    const targets = v.nodes
      .slice(0, 3)
      .map((n) => (Array.isArray(n.target) ? n.target.join(' ') : String(n.target)));
    const more = v.nodes.length > 3 ? ` (+${v.nodes.length - 3} more)` : '';
    return `  - ${v.id} [${v.impact ?? 'n/a'}]: ${v.help}\n      targets: ${targets.join(' | ')}${more}\n      ${v.helpUrl}`;
  });
  const ibm = await ibmViolations(page);
  const byRule = new Map();
  for (const v of ibm) {
    if (!byRule.has(v.ruleId)) byRule.set(v.ruleId, []);
    byRule.get(v.ruleId).push(v);
  }
  for (const [ruleId, found] of byRule) {
    const targets = found
      .slice(0, 3)
      .map((v) => `${v.xpath} ${v.snippet}`)
      .join('\n        ');
    const more = found.length > 3 ? ` (+${found.length - 3} more)` : '';
    lines.push(
      `  - IBM ${ruleId}: ${found[0].message}\n      targets: ${targets}${more}\n      ${found[0].help}`,
    );
  }
  if (lines.length === 0) return;
  assert.fail(
    `${violations.length} axe and ${byRule.size} IBM Equal Access violation(s) on ${label}:\n${lines.join('\n')}`,
  );
}

/**
 * Register before/after hooks that start one server and one browser for the
 * calling test file, and close per-test browser contexts after each test.
 *
 *   const app = useApp();
 *   test('…', async () => { const page = await app.newPage(); await page.goto(app.url('/sv/')); });
 *
 * See `withServerLogs` to attach the server's logs to a failing test.
 */
export function useApp({ env } = {}) {
  const app = {
    server: null,
    browser: null,
    baseUrl: null,
    pages: [],
    url(p = '/') {
      return app.server.url(p);
    },
    async newPage(opts) {
      const page = await newPage(app.browser, opts);
      app.pages.push(page);
      return page;
    },
  };

  before(async () => {
    app.server = await startServer({ env });
    app.baseUrl = app.server.baseUrl;
    try {
      app.browser = await launchBrowser();
    } catch (err) {
      await app.server.stop();
      throw err;
    }
  });

  afterEach(async () => {
    const pages = app.pages.splice(0);
    await Promise.all(pages.map((p) => p.context().close().catch(() => {})));
  });

  after(async () => {
    if (app.browser) await app.browser.close().catch(() => {});
    if (app.server) await app.server.stop();
  });

  return app;
}

/**
 * Wrap a test body so that on failure the server logs are attached as
 * diagnostics: `test('…', withServerLogs(app, async (t) => { … }))`.
 */
export function withServerLogs(app, fn) {
  return async (t) => {
    try {
      await fn(t);
    } catch (err) {
      if (app.server) {
        for (const line of app.server.describeLogs().split('\n')) t.diagnostic(line);
      }
      throw err;
    }
  };
}

/**
 * Sends the Swedish interest form in `browser` against `server`, step by step as an applicant
 * would: each step's answers by label, "Fortsätt" when the step's heading ("Steg N av 4") is
 * shown, then "Skicka anmälan" on the check page; returns the reference the confirmation shows.
 */
export async function applyThroughThePublicForm(browser, server, first, last, motivation) {
  const page = await newPage(browser);
  await page.goto(server.url('/sv/intresseanmalan'));
  await waitForApp(page);
  const box = (label) => page.getByLabel(label, { exact: true });
  const step = async (n) => page.getByRole('heading', { level: 1, name: new RegExp(`^Steg ${n} av 4`) }).waitFor();
  const next = () => page.getByRole('button', { name: 'Fortsätt', exact: true }).click();
  await step(1);
  await box('Förnamn').fill(first);
  await box('Efternamn').fill(last);
  await box('Personnummer').fill('19811218-9876');
  await box('Gatuadress').fill('Storgatan 1');
  await box('Postnummer').fill('123 45');
  await box('Postort').fill('Exempelby');
  await box('Mobilnummer').fill('070-123 45 67');
  await box('E-postadress').fill(`${first.toLowerCase()}@example.se`);
  await next();
  await step(2);
  await page.getByRole('checkbox', { name: 'Kontaktperson för ett barn eller en ungdom', exact: true }).check();
  await page.getByRole('radio', { name: 'Minst en gång i veckan', exact: true }).check();
  await page.getByRole('checkbox', { name: 'Kvällar', exact: true }).check();
  await next();
  await step(3);
  await page.getByRole('combobox', { name: 'Sök språk', exact: true }).fill('soma');
  await page.getByRole('option', { name: /^Soomaali\b/ }).click();
  await box('Vad arbetar eller studerar du med?').fill('Undersköterska');
  await box('Varför vill du bli kontaktperson?').fill(motivation);
  await next();
  await step(4);
  await page.getByRole('checkbox', { name: /^Jag har läst hur mina personuppgifter/ }).check();
  await next();
  await page.getByRole('heading', { level: 1, name: 'Kontrollera dina svar innan du skickar' }).waitFor();
  await page.getByRole('button', { name: 'Skicka anmälan', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Tack! Vi har tagit emot din anmälan' }).waitFor();
  const reference = (await page.locator('main').innerText()).match(/KP-\d{4}-\d{4,}/)[0];
  await page.context().close();
  return reference;
}

/** The wasm files `page` asks for from now on, by file name (the split bundles' parts). */
export function wasmRequests(page) {
  const names = [];
  page.on('request', (r) => {
    const { pathname } = new URL(r.url());
    if (pathname.endsWith('.wasm')) names.push(pathname.split('/').pop());
  });
  return names;
}

/** Today's date in Sweden, `YYYY-MM-DD` (the server's "today"). */
export function todayInSweden() {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());
}

/** The link `name` in the caseworker area's navigation ("Handläggarstöd"). */
export function areaLink(page, name) {
  return page.getByRole('navigation', { name: 'Handläggarstöd' }).getByRole('link', { name, exact: true });
}

/**
 * Signs in at `server`'s caseworker sign-in page with `user`/`password`, as a caseworker types
 * them, and waits for the overview.
 */
export async function signInToCaseworkerArea(page, server, { user, password }) {
  await page.goto(server.url('/handlaggare/logga-in'));
  await waitForApp(page);
  await page.getByLabel('E-postadress').fill(user);
  await page.getByLabel('Lösenord').fill(password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Översikt' }).waitFor();
  await overviewLoaded(page);
}

/**
 * Waits until every list of the caseworker's overview has arrived, so each read is in the access
 * log: a page the caseworker leaves gives up its reads (src/api/scope.rs), and a read the server
 * never answered is not logged.
 */
export async function overviewLoaded(page) {
  await page.getByRole('heading', { level: 2, name: 'Sökande per steg' }).waitFor();
  const counts = page.getByRole('table', { name: 'Rapporter och meddelanden från kontaktpersonerna' });
  await eventually(async () => {
    assert.equal(await counts.getByRole('cell', { name: '…', exact: true }).count(), 0, 'the counts have arrived');
    assert.equal(await page.getByRole('status').filter({ hasText: 'Hämtar meddelandena' }).count(), 0);
  });
}

/**
 * Signs in with a temporary password (one an administrator set): the caseworker area shows only
 * "Välj ett nytt lösenord", without navigation, until the person chooses `newPassword` there;
 * then waits for the overview, as `signInToCaseworkerArea` does.
 */
export async function signInWithTemporaryPassword(page, server, { user, password, newPassword }) {
  await page.goto(server.url('/handlaggare/logga-in'));
  await waitForApp(page);
  await page.getByLabel('E-postadress').fill(user);
  await page.getByLabel('Lösenord').fill(password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Välj ett nytt lösenord' }).waitFor();
  assert.equal(await page.getByRole('navigation', { name: 'Handläggarstöd' }).count(), 0,
    'nothing but the new password until it is chosen');
  await page.getByLabel('Nuvarande lösenord').fill(password);
  await page.getByLabel('Nytt lösenord', { exact: true }).fill(newPassword);
  await page.getByLabel('Nytt lösenord igen').fill(newPassword);
  await page.getByRole('button', { name: 'Byt lösenord' }).click();
  await page.getByRole('heading', { level: 1, name: 'Översikt' }).waitFor();
  await overviewLoaded(page);
}

/**
 * The payment basis needs this year's prisbasbelopp; 2024–2026 are seeded. In a later year the
 * administrator enters it (the compensation screen has its own test), here through the API from
 * the signed-in `page` (same origin, with its session): last year's figures under this year.
 */
export async function ensurePriceBaseForThisYear(page) {
  const year = Number(todayInSweden().slice(0, 4));
  const status = await page.evaluate(async (year) => {
    const years = await (await fetch('/api/compensation')).json();
    if (years.some((y) => y.year === year)) return 204;
    const latest = years[0];
    const response = await fetch(`/api/compensation/${year}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...latest, year, price_base_source: 'test' }),
    });
    return response.status;
  }, year);
  assert.equal(status, 204, `a prisbasbelopp for ${year}`);
}

/**
 * Walks the applicant `reference` to an approval for `assignmentTypes` (codes: `child`,
 * `unaccompanied`, `special`) through the API, from the signed-in `page` (same origin, with its
 * session), every step dated today: the vetting screens have their own test.
 */
export async function approveThroughTheApi(page, reference, assignmentTypes = ['child']) {
  const today = todayInSweden();
  const steps = [
    { kind: 'phone_call', date: today, outcome: 'reached', note: '' },
    { kind: 'interview_booked', at: `${today}T10:00:00`, place: 'Socialkontoret, rum 3' },
    { kind: 'interview_held', date: today, participants: 'Sökande och handläggare', assessment: 'Stabil och varm.' },
    { kind: 'police_extract', issued: today, received: today, has_entries: false, verified_how: 'Originalet i oöppnat kuvert' },
    { kind: 'register_check', date: today, outcome: 'nothing_recorded', legal_basis: 'Utredning enligt socialtjänstlagen; informerad vid intervjun', note: '' },
    { kind: 'reference', name: 'Eva Berg', relation: 'Chef', phone: '070-765 43 21', contacted: today, summary: 'Pålitlig.' },
    { kind: 'reference', name: 'Omar Ali', relation: 'Föreningsledare', phone: '070-765 43 22', contacted: today, summary: 'Omtänksam.' },
    { kind: 'decision', approved: true, assignment_types: assignmentTypes, motivation: 'Lämplig.', date: today },
  ];
  for (const step of steps) {
    const status = await page.evaluate(async ({ reference, step }) => {
      const response = await fetch(`/api/applicants/${reference}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(step),
      });
      return response.status;
    }, { reference, step });
    assert.ok(status >= 200 && status < 300, `the ${step.kind} step was accepted (HTTP ${status})`);
  }
}

/**
 * The text of the error summary `#id` once it has appeared, whitespace collapsed; asserts that
 * focus moved to it (as a GOV.UK-style summary does).
 */
export async function errorSummary(page, id) {
  const summary = page.locator(`#${id}`);
  await summary.waitFor();
  await eventually(async () => {
    assert.equal(await page.evaluate(() => document.activeElement?.id), id, 'focus moves to the error summary');
  });
  return (await summary.innerText()).replace(/\s+/g, ' ');
}

/**
 * The six-digit code an authenticator app shows for `secret` (base32, spaces ignored) at
 * `unixSeconds`: RFC 6238 with HMAC-SHA1 and 30-second steps, computed here with Node's crypto,
 * independently of the server's crate, as a phone would.
 */
export function totpCode(secret, unixSeconds = Date.now() / 1000) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/\s+/g, '').toUpperCase()) {
    bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  }
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / 30)));
  const mac = crypto.createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const number = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(number).padStart(6, '0');
}

/** A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, then released). */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** The provider's name on the sign-in page ("Logga in med …") in `startServerWithProvider`. */
export const PROVIDER_NAME = 'Exempelby kommun';
/** The role claim's values `startServerWithProvider` configures for each role. */
export const PROVIDER_GROUPS = { admin: 'kp-admin', caseworker: 'kp-handlaggare' };

/**
 * Starts the test OpenID Connect provider (tests/oidc/provider.mjs) in this process and a server
 * that signs in through it (single sign-on, issue 13). The server's port is chosen first, so the
 * provider's client can be declared with the exact redirect URI
 * `<KP_PUBLIC_URL>/api/auth/oidc/callback` and post-logout redirect URI
 * `<KP_PUBLIC_URL>/handlaggare/logga-in`; client_secret_basic with a secret; the role claim is
 * `groups`, with `PROVIDER_GROUPS`' values.
 *
 * @param {{ users?: object[], provider?: object, env?: object }} [options]
 *   `users`: the provider's users (see tests/oidc/README.md); `provider`: more startProvider
 *   options (e.g. `groupsScope`); `env`: more server environment, winning over the KP_OIDC_*
 *   set here.
 * @returns {Promise<{ server: Awaited<ReturnType<typeof startServer>>, op: object,
 *   client: object, stop: () => Promise<void> }>} `op` is startProvider's answer.
 */
export async function startServerWithProvider({ users = [], provider = {}, env = {} } = {}) {
  // Loaded here, not at the top: only these tests need oidc-provider (which warns on Node 20).
  const { startProvider } = await import('../oidc/provider.mjs');
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const client = {
      client_id: 'kontaktperson',
      client_secret: crypto.randomBytes(24).toString('base64url'),
      client_name: 'Kontaktperson',
      redirect_uris: [`${publicUrl}/api/auth/oidc/callback`],
      post_logout_redirect_uris: [`${publicUrl}/handlaggare/logga-in`],
      token_endpoint_auth_method: 'client_secret_basic',
    };
    const op = await startProvider({ clients: [client], users, ...provider });
    try {
      const server = await startServer({
        env: {
          PORT: String(port),
          KP_PUBLIC_URL: publicUrl,
          KP_OIDC_ISSUER: op.issuer,
          KP_OIDC_CLIENT_ID: client.client_id,
          KP_OIDC_CLIENT_SECRET: client.client_secret,
          KP_OIDC_NAME: PROVIDER_NAME,
          KP_OIDC_ROLE_CLAIM: 'groups',
          KP_OIDC_ADMIN_VALUE: PROVIDER_GROUPS.admin,
          KP_OIDC_CASEWORKER_VALUE: PROVIDER_GROUPS.caseworker,
          ...env,
        },
      });
      const stop = async () => {
        await server.stop();
        await op.close();
      };
      return { server, op, client, stop };
    } catch (err) {
      await op.close();
      // Someone took the port between choosing and binding it: once more with another.
      if (attempt < 3 && /in use|AddrInUse|os error 98/i.test(err.message)) continue;
      throw err;
    }
  }
}

/** Decodes RFC 2047 encoded words (`=?utf-8?b?…?=`, `=?utf-8?q?…?=`) in a header value. */
function decodeHeader(value) {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (_, _charset, kind, text) =>
      kind.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' ')));
}

function decodeQuotedPrintable(text) {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** One received mail's headers (lower-case names, unfolded, decoded) and decoded text body. */
function parseMail(data) {
  const [head, ...rest] = data.split(/\r?\n\r?\n/);
  const raw = rest.join('\n\n');
  const headers = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = decodeHeader(line.slice(colon + 1).trim());
  }
  const encoding = (headers['content-transfer-encoding'] || '').toLowerCase();
  const body = encoding === 'base64'
    ? Buffer.from(raw.replace(/\s+/g, ''), 'base64').toString('utf8')
    : encoding === 'quoted-printable' ? decodeQuotedPrintable(raw) : raw;
  return { to: headers.to || '', subject: headers.subject || '', headers, body };
}

/**
 * A real SMTP listener on 127.0.0.1 (just enough of the protocol for the server's mailer): give
 * the server `SMTP_URL: mailbox.url`; `mailbox.mails` holds every mail received, decoded
 * (`{ to, subject, headers, body }`); `mailbox.waitFor(pred)` resolves with the first mail that
 * matches (10 s). `mailbox.close()` stops listening.
 */
export async function startMailbox() {
  const mails = [];
  const server = net.createServer((socket) => {
    socket.setEncoding('utf8');
    let buffer = '';
    let data = null;
    socket.write('220 test ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk;
      let end;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (data !== null) {
          if (line === '.') {
            mails.push(parseMail(data.join('\r\n')));
            data = null;
            socket.write('250 queued\r\n');
          } else {
            data.push(line.startsWith('..') ? line.slice(1) : line);
          }
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') socket.write('250-test\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n');
        else if (verb === 'DATA') { data = []; socket.write('354 go ahead\r\n'); }
        else if (verb === 'QUIT') { socket.end('221 bye\r\n'); }
        else socket.write('250 ok\r\n');
      }
    });
    socket.on('error', () => {});
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    async waitFor(pred, { timeout = 10000 } = {}) {
      let found;
      await eventually(() => {
        found = mails.find(pred);
        assert.ok(found, `no such mail among ${mails.length}: ${mails.map((m) => `${m.to} «${m.subject}»`).join('; ')}`);
      }, { timeout });
      return found;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * The environment that opens the contact person's area with mailed sign-in links, and the public
 * address the links name: `{ env, publicUrl }` for `startServer({ env })` (or `useApp`), with
 * `mailbox` from `startMailbox()`. `extra` adds to it (`KP_REPORT_EXTRA_COSTS: 'on'`).
 */
export async function contactAreaEnv(mailbox, extra = {}) {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  return {
    publicUrl,
    env: {
      PORT: String(port),
      SMTP_URL: mailbox.url,
      KP_PUBLIC_URL: publicUrl,
      KP_CONTACT_LINK_SIGN_IN: 'on',
      ...extra,
    },
  };
}

/**
 * The contact person with `email` signed in to their area through the one-time link mailed to
 * `mailbox` (the server started with `contactAreaEnv`). Answers `(method, path, body)` that calls
 * the API with their cookie and answers `{ status, json }`: a plain object is sent as JSON, bytes
 * (a receipt) as they are with `{ contentType }`.
 */
export async function contactPersonSignsIn({ server, mailbox, publicUrl }, email) {
  const asked = await fetch(server.url('/api/contact/sign-in-link'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, locale: 'sv' }),
  });
  assert.equal(asked.status, 202, 'a sign-in link is mailed');
  const mail = await mailbox.waitFor((m) => m.to.includes(email) && m.body.includes(`${publicUrl}/sv/`));
  const token = mail.body.match(/#([A-Za-z0-9_-]+)/)[1];
  const session = await fetch(server.url('/api/contact/session'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  assert.equal(session.status, 200, 'the link signs the contact person in');
  const cookie = session.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return async (method, path, body, { contentType = 'application/json' } = {}) => {
    const bytes = body instanceof Uint8Array;
    const response = await fetch(server.url(path), {
      method,
      headers: { 'content-type': contentType, cookie, origin: publicUrl },
      body: body === undefined ? undefined : bytes ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : null };
  };
}

/** A one-pixel PNG, a receipt's photo as the server checks it (by its first bytes). */
export const RECEIPT_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

const MONTH_NAMES = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti',
  'september', 'oktober', 'november', 'december'];

/** "november 2026" for `YYYY-MM`, as the Swedish screens name a month. */
export function monthName(month) {
  const [y, m] = month.split('-').map(Number);
  return `${MONTH_NAMES[m - 1]} ${y}`;
}

/** The month `back` months before `YYYY-MM` (1: the month before). */
export function monthBefore(month, back = 1) {
  const [y, m] = month.split('-').map(Number);
  const total = y * 12 + (m - 1) - back;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}
