// Measures what a visitor downloads: the built SPA's files raw / gzip / brotli (as the real server
// serves them), and each locale's landing page total transfer in Chromium (encoded bodies plus
// headers, cold cache). Prints a Markdown table. Run: scripts/bench.sh (after scripts/build.sh).

import fs from 'node:fs';
import path from 'node:path';
import { startServer, launchBrowser, REPO_ROOT } from '../tests/browser/harness.mjs';

const LOCALES = ['sv', 'lattlast', 'en', 'ar', 'fa', 'so', 'ti'];
const kb = (n) => (n / 1024).toFixed(1);

const server = await startServer();
const browser = await launchBrowser();
try {
  const dist = path.join(REPO_ROOT, 'dist');
  const files = [
    ...fs.readdirSync(dist).filter((f) => /\.(wasm|js|css)$/.test(f)).sort(),
    ...fs.readdirSync(path.join(dist, 'mina-sidor'))
      .filter((f) => /\.(wasm|js)$/.test(f)).sort().map((f) => `mina-sidor/${f}`),
    // The interest form's and the caseworker area's first wasm, loader and parts (not the chunks
    // the caseworker's parts share: bench/wasm-parts.mjs counts what each group fetches).
    ...['intresseanmalan', 'handlaggare'].flatMap((bin) => fs.readdirSync(path.join(dist, bin))
      .filter((f) => /^wasm-[0-9a-f]{16}$/.test(f))
      .flatMap((folder) => fs.readdirSync(path.join(dist, bin, folder))
        .filter((f) => new RegExp(`^(${bin}(_bg)?|__wasm_split|split_\\w+)\\.(wasm|js)$`).test(f)).sort()
        .map((f) => `${bin}/${folder}/${f}`))),
  ];
  console.log('| file | raw KB | gzip KB | brotli KB |');
  console.log('|---|---:|---:|---:|');
  for (const file of files) {
    const sizes = [];
    for (const enc of ['identity', 'gzip', 'br']) {
      const res = await fetch(server.url(`/${file}`), { headers: { 'accept-encoding': enc } });
      // fetch decodes bodies; read the encoded length from content-length.
      sizes.push(Number(res.headers.get('content-length')));
      await res.arrayBuffer();
    }
    const name = file.replace(/-[0-9a-f]{8,16}(?=[._/])/, '-<hash>');
    console.log(`| ${name} | ${kb(sizes[0])} | ${kb(sizes[1])} | ${kb(sizes[2])} |`);
  }

  console.log('\n| landing page | requests | transferred KB (brotli) |');
  console.log('|---|---:|---:|');
  for (const locale of LOCALES) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const responses = [];
    page.on('requestfinished', (request) => responses.push(request));
    await page.goto(server.url(`/${locale}/`), { waitUntil: 'networkidle' });
    await page.waitForFunction(() => document.documentElement.dataset.kpApp === 'ready');
    let total = 0;
    for (const request of responses) {
      const sizes = await request.sizes();
      total += sizes.responseBodySize + sizes.responseHeadersSize;
    }
    console.log(`| /${locale}/ | ${responses.length} | ${kb(total)} |`);
    await context.close();
  }
  console.log('\n| page | requests | transferred KB (brotli) |');
  console.log('|---|---:|---:|');
  for (const path of ['/sv/intresseanmalan', '/handlaggare/logga-in']) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const responses = [];
    page.on('requestfinished', (request) => responses.push(request));
    await page.goto(server.url(path), { waitUntil: 'networkidle' });
    await page.waitForFunction(() => document.documentElement.dataset.kpApp === 'ready');
    let total = 0;
    for (const request of responses) {
      const sizes = await request.sizes();
      total += sizes.responseBodySize + sizes.responseHeadersSize;
    }
    console.log(`| ${path} | ${responses.length} | ${kb(total)} |`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
