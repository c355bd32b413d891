// How soon an applicant can start on the interest form: the time from navigation to the form's app
// started (`<html data-kp-app="ready">`: step 1 drawn by the wasm, its checks live) on a cold
// cache, over a throttled network and CPU (Lighthouse's mobile figures: 150 ms round trip,
// 1.6 Mbit/s down, 750 kbit/s up, CPU 4× slower), and the bytes fetched by then.
// Compares builds: each argument after the run count is a dist folder (a copy of dist/ with
// another form bundle in it); runs alternate between them so both see the same machine load.
// Run after scripts/build.sh: node bench/form-start.mjs [runs=10] [dist …]   (default: dist)
import { startServer, launchBrowser } from '../tests/browser/harness.mjs';
import path from 'node:path';

const runs = Number(process.argv[2] ?? 10);
const dists = process.argv.length > 3 ? process.argv.slice(3) : ['dist'];
if (!Number.isInteger(runs) || runs < 1) {
  console.error('usage: node bench/form-start.mjs [runs] [dist …]');
  process.exit(2);
}

const servers = [];
for (const dist of dists) {
  servers.push(await startServer({ env: { KP_DIST_DIR: path.resolve(dist) } }));
}
const browser = await launchBrowser();
const samples = dists.map(() => []);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
try {
  for (let run = 0; run < runs; run += 1) {
    for (const [i, server] of servers.entries()) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8,
      });
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      let bytes = 0;
      let ready = false;
      cdp.on('Network.loadingFinished', (e) => { if (!ready) bytes += e.encodedDataLength; });
      await page.goto(server.url('/sv/intresseanmalan'));
      await page.waitForFunction(() => document.documentElement.dataset.kpApp === 'ready', null, { timeout: 60000 });
      ready = true;
      const ms = await page.evaluate(() => performance.now());
      // The first paint (the server's text) for reference.
      const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN);
      samples[i].push({ ms, bytes, fcp });
      await context.close();
    }
  }
} finally {
  await browser.close();
  for (const server of servers) await server.stop();
}
console.log(`| build | runs | first paint ms (median) | app started ms (median, min–max) | fetched by then KB (median) |`);
console.log('|---|---:|---:|---:|---:|');
for (const [i, dist] of dists.entries()) {
  const ms = samples[i].map((s) => s.ms);
  console.log(`| ${dist} | ${runs} | ${Math.round(median(samples[i].map((s) => s.fcp)))} | ${Math.round(median(ms))} (${Math.round(Math.min(...ms))}–${Math.round(Math.max(...ms))}) | ${(median(samples[i].map((s) => s.bytes)) / 1024).toFixed(1)} |`);
}
