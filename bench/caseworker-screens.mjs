// Caseworker screens against a large database (issue 17): the time from a navigation to the data
// being shown, for the applicant list, the list with a search typed, and an applicant's page, in
// headless Chromium (Debian's, through playwright-core) against the real release server.
//
//   KP_BENCH_DATABASE_URL=sqlite:///tmp/…/kp.db node bench/caseworker-screens.mjs [runs] [warm-ups] [applicants]
//
// The database must hold the list benchmark's synthetic applicants (scripts/bench-caseworker-screens.sh
// seeds one and runs this); `applicants` is how many (100000), so the applicants searched for and
// opened exist. The server is started by the test harness on that database, with a demo
// administrator (no second factor in demo mode), who signs in once.
//
// Two ways in, each `runs` times after `warm-ups` unmeasured rounds:
//  - in the SPA, as a caseworker clicks: overview → "Sökande" in the navigation (the list) → a name
//    typed in the search box and "Sök" (the list searched) → the applicant's reference in the row
//    (the applicant's page) → "Översikt" again (not measured). Each round searches for and opens
//    another applicant.
//  - a full page load (page.goto) of each of the three addresses, in the same browser context
//    (signed in, the bundle in the HTTP cache, as for a caseworker who opens a bookmark).
//
// Timing is in the page, on its performance.now() clock: from the click (a capturing listener on
// window; for a full load, the navigation's start, time 0) to the first animation frame after
// the data is in the DOM: a MutationObserver watches for the row whose link is the expected
// reference (list, search) or the <h1> with the applicant's name, and a requestAnimationFrame
// callback then takes the time (the frame that paints it). Meanwhile Playwright awaits one
// promise in the page rather than polling it (so as to take as little CPU as it can from the
// navigation on two cores), then checks the same thing by role
// (a row, a level-1 heading) and that it is visible; the wall clock around the click and these
// waits is printed beside it. The page's resource timing splits each run: when the data request
// started, how long it took (request sent to last byte: the server's work plus the transfer),
// and what came after its answer (decoding and rendering). KP_BENCH_RAW=1 also prints every
// run's figure and the last run's requests.

import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import {
  startServer, launchBrowser, newPage, signInToCaseworkerArea, REPO_ROOT,
} from '../tests/browser/harness.mjs';

const runs = Number(process.argv[2] ?? 20);
const warmups = Number(process.argv[3] ?? 2);
const applicants = Number(process.argv[4] ?? 100000);
const databaseUrl = process.env.KP_BENCH_DATABASE_URL;
if (!databaseUrl) {
  console.error('KP_BENCH_DATABASE_URL must name a seeded database (see scripts/bench-caseworker-screens.sh)');
  process.exit(2);
}
const DEMO = { user: 'bench@exempelby.se', password: 'ett bänkmärkeslösenord 2026' };

// The seed's applicant i (server/src/store/engine/seed.rs): reference, first and last name.
const FIRST = ['Amina', 'Bertil', 'Carin', 'Dawit', 'Elif', 'Farid'];
function seeded(i) {
  const year = 2025 + (i % 2);
  return {
    reference: `KP-${year}-${String(i).padStart(6, '0')}`,
    first: `${FIRST[i % 6]}${i}`,
    name: `${FIRST[i % 6]}${i} Efternamn${i % 997}`,
  };
}
// Round k's applicant: spread over the whole seed, a different one each round.
const applicantOf = (k) => seeded(1 + ((k * 7919 + 4242) % applicants));

// Installed before any page script: records the click that starts an in-SPA navigation, and
// when the awaited element (sessionStorage "kpBenchWant", or window.__kpBench.want) appears.
function observer() {
  const bench = { t0: null, armed: false, want: null, dom: null, frame: null };
  // Settles at the frame after the data: awaited by one evaluate, so Playwright does not poll
  // the page (and take the CPU) while the navigation runs.
  bench.reset = () => { bench.done = new Promise((resolve) => { bench.resolve = resolve; }); };
  bench.reset();
  window.__kpBench = bench;
  try {
    const stored = sessionStorage.getItem('kpBenchWant');
    if (stored) {
      bench.want = JSON.parse(stored);
      bench.t0 = 0;
      sessionStorage.removeItem('kpBenchWant');
    }
  } catch { /* no storage on about:blank */ }
  const present = () => {
    const want = bench.want;
    if (want.kind === 'h1') {
      return [...document.querySelectorAll('h1')].some((h) => h.textContent.trim() === want.text);
    }
    return [...document.querySelectorAll('tbody tr a')].some((a) => a.textContent.trim() === want.text);
  };
  const check = () => {
    if (!bench.want || bench.dom !== null || !present()) return;
    bench.dom = performance.now();
    requestAnimationFrame(() => {
      bench.frame = performance.now();
      bench.resolve();
    });
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
  addEventListener('click', () => {
    if (bench.armed) {
      bench.armed = false;
      bench.t0 = performance.now();
    }
  }, true);
}

/** Arms the observer for the next click: `want` is { kind: 'row' | 'h1', text }. */
async function arm(page, want) {
  await page.evaluate((w) => {
    performance.clearResourceTimings();
    Object.assign(window.__kpBench, { armed: true, t0: null, want: w, dom: null, frame: null });
    window.__kpBench.reset();
  }, want);
}

/** Waits in the page (one evaluate, no polling) for the frame after the data. */
async function shown(page) {
  await page.evaluate(() => window.__kpBench.done);
}

/**
 * The run's figures once the frame after the data was taken: total (t0 → frame), and from the
 * resource timing the data request (`api` matches its URL): when it started, its duration, and
 * the time after its answer.
 */
async function figures(page, api) {
  return page.evaluate((source) => {
    const b = window.__kpBench;
    const pattern = new RegExp(source);
    const entries = performance.getEntriesByType('resource')
      .filter((e) => pattern.test(new URL(e.name).pathname + new URL(e.name).search)
        && e.startTime >= b.t0 && e.responseEnd <= b.frame);
    const main = entries[entries.length - 1];
    // Every request of the run, for KP_BENCH_RAW: what the time before the data request went to.
    const requests = performance.getEntriesByType('resource')
      .filter((e) => e.startTime >= b.t0 && e.responseEnd <= b.frame)
      .map((e) => `${new URL(e.name).pathname} ${(e.startTime - b.t0).toFixed(0)}–${(e.responseEnd - b.t0).toFixed(0)}`);
    return {
      requests,
      total: b.frame - b.t0,
      dom: b.dom - b.t0,
      requestStart: main ? main.startTime - b.t0 : NaN,
      request: main ? main.responseEnd - main.startTime : NaN,
      server: main ? main.responseStart - main.requestStart : NaN,
      after: main ? b.frame - main.responseEnd : NaN,
    };
  }, api);
}

const samples = new Map();
const samplesAlone = new Map();
function record(key, result, wall) {
  if (!samples.has(key)) samples.set(key, []);
  samples.get(key).push({ ...result, wall });
}

const starting = performance.now();
const server = await startServer({
  env: {
    DATABASE_URL: databaseUrl,
    DEMO_USER: DEMO.user,
    DEMO_PASSWORD: DEMO.password,
    // Another build to compare with (a copy of dist/ with an older bundle in it).
    ...(process.env.KP_BENCH_DIST_DIR ? { KP_DIST_DIR: process.env.KP_BENCH_DIST_DIR } : {}),
  },
});
console.error(`server listening after ${Math.round(performance.now() - starting)} ms`);
const browser = await launchBrowser();
try {
  const page = await newPage(browser);
  await page.context().addInitScript(observer);
  const started = performance.now();
  await signInToCaseworkerArea(page, server, DEMO);
  console.error(`signed in (overview shown) in ${Math.round(performance.now() - started)} ms`);

  const nav = page.getByRole('navigation', { name: 'Handläggarstöd' });
  // The list's first page, newest first, read once from the API as the SPA asks for it: its
  // first row is what the list waits for, and no applicant searched for may be on it (the search
  // would then seem to be done before it began).
  const firstPage = await page.evaluate(async () => (await (await fetch('/api/applicants?&per_page=50', {
    headers: { 'x-kp-purpose': 'applicant_list' },
  })).json()).rows.map((r) => r.reference));
  const first = { reference: firstPage[0] };
  const listRow = (reference) => page.getByRole('row', { name: new RegExp(`\\b${reference}\\b`) });

  const total = warmups + runs;
  for (let k = 0; k < total; k += 1) {
    if (firstPage.includes(applicantOf(k).reference)) {
      throw new Error(`${applicantOf(k).reference} is on the list's first page; pick other applicants`);
    }
  }
  for (let k = 0; k < total; k += 1) {
    const measured = k >= warmups;
    const who = applicantOf(k);
    const keep = (key, result, wall) => { if (measured) record(key, result, wall); };

    // The list, from the overview.
    await arm(page, { kind: 'row', text: first.reference });
    let t = performance.now();
    await nav.getByRole('link', { name: 'Sökande', exact: true }).click();
    await shown(page);
    await listRow(first.reference).waitFor();
    let wall = performance.now() - t;
    keep('spa list', await figures(page, '^/api/applicants\\?'), wall);

    // A name typed in the search box, then "Sök".
    await page.getByRole('searchbox', { name: 'Sök' }).fill(who.first);
    await arm(page, { kind: 'row', text: who.reference });
    t = performance.now();
    await page.getByRole('button', { name: 'Sök', exact: true }).click();
    await shown(page);
    await listRow(who.reference).waitFor();
    wall = performance.now() - t;
    keep('spa search', await figures(page, '^/api/applicants\\?'), wall);

    // The applicant's page, from the search's row.
    await arm(page, { kind: 'h1', text: who.name });
    t = performance.now();
    await listRow(who.reference).getByRole('link', { name: who.reference, exact: true }).click();
    await shown(page);
    await page.getByRole('heading', { level: 1, name: who.name, exact: true }).waitFor();
    wall = performance.now() - t;
    keep('spa applicant', await figures(page, `^/api/applicants/${who.reference}$`), wall);

    // Back to the overview, its data shown (not measured).
    await nav.getByRole('link', { name: 'Översikt', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Sökande per steg' }).waitFor();
  }

  // Full page loads of the same three addresses.
  const load = async (key, path, want, api, check) => {
    await page.evaluate((w) => sessionStorage.setItem('kpBenchWant', JSON.stringify(w)), want);
    const t0 = performance.now();
    await page.goto(server.url(path), { waitUntil: 'commit' });
    await shown(page);
    await check();
    return [key, await figures(page, api), performance.now() - t0];
  };
  for (let k = 0; k < total; k += 1) {
    const measured = k >= warmups;
    const who = applicantOf(k);
    const results = [
      await load('load list', '/handlaggare/sokande', { kind: 'row', text: first.reference },
        '^/api/applicants\\?', () => listRow(first.reference).waitFor()),
      await load('load search', `/handlaggare/sokande?q=${encodeURIComponent(who.first)}`,
        { kind: 'row', text: who.reference }, '^/api/applicants\\?', () => listRow(who.reference).waitFor()),
      await load('load applicant', `/handlaggare/sokande/${who.reference}`, { kind: 'h1', text: who.name },
        `^/api/applicants/${who.reference}$`,
        () => page.getByRole('heading', { level: 1, name: who.name, exact: true }).waitFor()),
    ];
    if (measured) for (const [key, result, wall] of results) record(key, result, wall);
  }

  // The same data requests alone, back to back in the same page with nothing rendering: the
  // server's time as the browser sees it, without the navigation's own work beside it.
  const alone = await page.evaluate(async ({ search, reference }) => {
    const out = {};
    const urls = {
      list: ['/api/applicants?&per_page=50', 'applicant_list'],
      search: [`/api/applicants?q=${encodeURIComponent(search)}&per_page=50`, 'applicant_list'],
      applicant: [`/api/applicants/${reference}`, 'applicant_page'],
    };
    for (const [screen, [url, purpose]] of Object.entries(urls)) {
      const firstByte = [];
      const whole = [];
      for (let i = 0; i < 21; i += 1) {
        performance.clearResourceTimings();
        await (await fetch(url, { headers: { 'x-kp-purpose': purpose } })).text();
        const e = performance.getEntriesByType('resource').at(-1);
        firstByte.push(e.responseStart - e.requestStart);
        whole.push(e.responseEnd - e.startTime);
      }
      const mid = (a) => a.sort((x, y) => x - y)[10];
      out[screen] = { firstByte: mid(firstByte), whole: mid(whole) };
    }
    return out;
  }, { search: applicantOf(0).first, reference: applicantOf(0).reference });
  for (const [screen, figures] of Object.entries(alone)) samplesAlone.set(screen, figures);
  await page.context().close();
} finally {
  await browser.close();
  await server.stop();
}

const sorted = (values) => values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
const median = (values) => {
  const v = sorted(values);
  if (v.length === 0) return NaN;
  const mid = v.length / 2;
  return v.length % 2 ? v[Math.floor(mid)] : (v[mid - 1] + v[mid]) / 2;
};
const nearest = (values, p) => {
  const v = sorted(values);
  return v[Math.ceil(p * v.length) - 1];
};
const ms = (n) => (n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(n < 10 ? 1 : 0));

let commit = 'unknown';
try {
  commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
} catch { /* not a checkout */ }
const engine = databaseUrl.startsWith('postgres') ? 'PostgreSQL' : 'SQLite';
console.log(`== ${engine}, ${applicants} applicants, ${runs} runs after ${warmups} warm-ups, `
  + `${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}, ${commit}, `
  + `Chromium ${browser.version()}`);
console.log('');
console.log('Milliseconds, in the page (performance.now()): from the click (in the SPA) or the navigation\'s start (full load)');
console.log('to the frame after the data is in the DOM. The data request: when it started, how long it took (sent to last');
console.log('byte), of which waiting for the first byte; "after" is from its last byte to that frame. Medians except where named.');
console.log('');
console.log('| screen | how | median | p90 | min | max | in the DOM | request starts at | request takes | of which first byte | after the answer | wall clock (Playwright) |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
const SCREENS = [
  ['list', 'applicant list (/handlaggare/sokande)'],
  ['search', 'list with a name searched (?q=…)'],
  ['applicant', 'applicant\'s page (/handlaggare/sokande/KP-…)'],
];
for (const [how, label] of [['spa', 'in the SPA (click)'], ['load', 'full page load']]) {
  for (const [screen, name] of SCREENS) {
    const s = samples.get(`${how} ${screen}`) ?? [];
    const col = (f) => s.map(f);
    console.log(`| ${name} | ${label} | ${ms(median(col((r) => r.total)))} | ${ms(nearest(col((r) => r.total), 0.9))} `
      + `| ${ms(sorted(col((r) => r.total))[0])} | ${ms(sorted(col((r) => r.total)).at(-1))} | ${ms(median(col((r) => r.dom)))} `
      + `| ${ms(median(col((r) => r.requestStart)))} | ${ms(median(col((r) => r.request)))} `
      + `| ${ms(median(col((r) => r.server)))} | ${ms(median(col((r) => r.after)))} | ${ms(median(col((r) => r.wall)))} |`);
  }
}
console.log('');
console.log('The same data requests alone (21 back to back in the page, nothing rendering; medians, ms):');
console.log('');
console.log('| request | takes | of which first byte |');
console.log('|---|---:|---:|');
for (const [screen, name] of SCREENS) {
  const a = samplesAlone.get(screen);
  console.log(`| ${name} | ${ms(a?.whole ?? NaN)} | ${ms(a?.firstByte ?? NaN)} |`);
}
if (process.env.KP_BENCH_RAW) {
  console.log('');
  for (const [key, s] of samples) {
    console.log(`${key}: ${s.map((r) => r.total.toFixed(1)).join(' ')}`);
    console.log(`  last run's requests (ms from its start): ${s.at(-1).requests.join(', ')}`);
  }
}
