// Lighthouse (mobile preset, simulated throttling) for the landing page in every locale (or the
// pages KP_LIGHTHOUSE_PAGES lists, comma-separated), against the real release server and Debian's
// Chromium. Prints a Markdown table; FCP beside LCP shows whether the text is painted once.
// Run: scripts/bench.sh (which installs bench/node_modules with `npm ci` when missing).

import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { startServer } from '../tests/browser/harness.mjs';

const PAGES = (process.env.KP_LIGHTHOUSE_PAGES || '/sv/,/lattlast/,/en/,/ar/,/fa/,/so/,/ti/').split(',');
const server = await startServer();
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  chromeFlags: [
    '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic',
  ],
});
try {
  console.log('| page | performance | accessibility | best practices | SEO | FCP | LCP | TBT | CLS | transfer KB |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const path of PAGES) {
    const result = await lighthouse(server.url(path), {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
    });
    const { categories: c, audits: a } = result.lhr;
    const score = (k) => (typeof c[k]?.score === 'number' ? Math.round(c[k].score * 100) : 'n/a');
    const failed = Object.values(a)
      .filter((x) => x.score !== null && x.score < 1 && x.scoreDisplayMode === 'binary')
      .map((x) => x.id);
    // An audit Lighthouse could not compute (it happens now and then) is reported as n/a.
    const value = (id, f) => (typeof a[id]?.numericValue === 'number' ? f(a[id].numericValue) : 'n/a');
    console.log(`| ${path} | ${score('performance')} | ${score('accessibility')} | ${score('best-practices')} | ${score('seo')} | ` +
      `${value('first-contentful-paint', (v) => `${(v / 1000).toFixed(2)} s`)} | ` +
      `${value('largest-contentful-paint', (v) => `${(v / 1000).toFixed(2)} s`)} | ` +
      `${value('total-blocking-time', (v) => `${Math.round(v)} ms`)} | ` +
      `${value('cumulative-layout-shift', (v) => v.toFixed(3))} | ${value('total-byte-weight', (v) => (v / 1024).toFixed(1))} |`);
    if (failed.length) console.error(`  ${path}: failing binary audits: ${failed.join(', ')}`);
  }
} finally {
  await chrome.kill();
  await server.stop();
}
