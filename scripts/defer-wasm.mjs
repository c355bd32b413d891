// The public pages' text is in the first HTML and is read without the wasm, which only adds
// behaviour (issue 17). Trunk requests the wasm from the <head> (a preload, then its loader), so
// on a slow line it competes with the first paint, and Lighthouse charges it to the LCP. This
// rewrites the public shell Trunk built: no wasm preload, and the loader calls `init` only after
// the first frame has been drawn. Run by scripts/build.sh after the public bundle's Trunk build.
// Usage: node scripts/defer-wasm.mjs dist/index.html
import fs from 'node:fs';

const file = process.argv[2];
let html = fs.readFileSync(file, 'utf8');
const preload = /<link rel="preload" href="[^"]*_bg\.wasm"[^>]*>/;
const init = /const wasm = await init\(/;
if (!preload.test(html) || !init.test(html)) {
  console.error(`${file}: Trunk's wasm preload or loader is not where expected; not rewritten`);
  process.exit(1);
}
html = html
  .replace(preload, '')
  .replace(init, 'await new Promise((drawn) => requestAnimationFrame(() => setTimeout(drawn)));\nconst wasm = await init(');
fs.writeFileSync(file, html);
