// What a bundle's wasm parts weigh (scripts/build-split.mjs): the first wasm (for the caseworker
// area what signing in needs, for the interest form step 1), and for each group
// (src/caseworker/lazy_pages.rs, src/pages/apply/part.rs) the part and the shared chunks
// `__wasm_split.js` fetches with it the first time it is needed.
// Brotli at quality 11, window 22, as scripts/precompress.mjs writes it; KB of 1024 bytes.
// Run after scripts/build.sh: node bench/wasm-parts.mjs handlaggare|intresseanmalan
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { groupsOf } from '../scripts/wasm-parts.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const FIRST = {
  handlaggare: 'sign-in, overview, frame',
  intresseanmalan: 'the page, step 1, the rules',
};
const bin = process.argv[2];
if (!FIRST[bin]) {
  console.error(`usage: node bench/wasm-parts.mjs ${Object.keys(FIRST).join('|')}`);
  process.exit(2);
}
const area = path.join(root, 'dist', bin);
const folders = fs.readdirSync(area).filter((name) => /^wasm-[0-9a-f]{16}$/.test(name));
if (folders.length !== 1) {
  console.error(`expected one wasm-<hash> folder in ${area}, found ${folders.length}`);
  process.exit(1);
}
const dir = path.join(area, folders[0]);
const brotli = (name) => zlib.brotliCompressSync(fs.readFileSync(path.join(dir, name)), {
  params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_LGWIN]: 22 },
}).length;
const raw = (name) => fs.statSync(path.join(dir, name)).size;
const kb = (n) => (n / 1024).toFixed(1);

const groups = groupsOf(fs.readFileSync(path.join(dir, '__wasm_split.js'), 'utf8'));

const wasm = `${bin}_bg.wasm`;
const first = brotli(wasm) + brotli(`${bin}.js`) + brotli('__wasm_split.js');
console.log(`First wasm (${FIRST[bin]}): ${wasm} ${kb(raw(wasm))} KB raw, `
  + `${kb(brotli(wasm))} KB brotli; with its JS and the loader ${kb(first)} KB brotli.\n`);
console.log('| group | part KB | shared chunks | chunks KB | first page of the group fetches KB | with the first wasm KB |');
console.log('|---|---:|---:|---:|---:|---:|');
let everything = first;
const counted = new Set();
for (const { group, file, chunks: files } of groups) {
  const part = brotli(file);
  const chunks = files.map(brotli).reduce((a, b) => a + b, 0);
  console.log(`| ${group} | ${kb(part)} | ${files.length} | ${kb(chunks)} | ${kb(part + chunks)} | ${kb(first + part + chunks)} |`);
  for (const name of [file, ...files]) {
    if (!counted.has(name)) { counted.add(name); everything += brotli(name); }
  }
}
console.log(`\nEverything once: ${kb(everything)} KB brotli in ${counted.size + 3} files.`);
