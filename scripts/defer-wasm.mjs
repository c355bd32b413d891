// The public pages' text is in the first HTML and is read without the wasm, which only adds
// behaviour (issue 17). Trunk requests the wasm from the <head> (a preload, then its loader), so
// on a slow line it competes with the first paint, and Lighthouse charges it to the LCP. This
// rewrites the public shell Trunk built: no wasm or JS preload, and the loader's JS is imported
// and `init` called only after the first contentful paint. Run by scripts/build.sh after the
// public bundle's Trunk build.
// Usage: node scripts/defer-wasm.mjs dist/index.html
import fs from 'node:fs';

const file = process.argv[2];
let html = fs.readFileSync(file, 'utf8');
const preload = /<link rel="preload" href="[^"]*_bg\.wasm"[^>]*>/;
const modulePreload = /<link rel="modulepreload" href="[^"]*\.js"[^>]*>/;
const staticImport = /import init, \* as bindings from '([^']+)';/;
const init = /const wasm = await init\(/;
if (![preload, modulePreload, staticImport, init].every((pattern) => pattern.test(html))) {
  console.error(`${file}: Trunk's preloads or loader are not where expected; not rewritten`);
  process.exit(1);
}
// Waits until the browser reports the first contentful paint (the server's text on screen), then
// lets that task end. Waiting for the next animation frame was not enough: the paint's time is
// when the frame was presented, which can come after a timer set in that frame, and a wasm request
// started before it is charged to the page's LCP by Lighthouse's simulation (BENCHMARKS.md). A
// browser without paint timing starts after the next frame, as before; a hidden tab paints
// nothing, so the app starts when it is first shown (or after 3 s, whichever is first).
const AFTER_FIRST_PAINT = `await new Promise((painted) => {
  const go = () => setTimeout(painted);
  const fallback = setTimeout(go, 3000);
  try {
    new PerformanceObserver((list, observer) => {
      if (list.getEntriesByName('first-contentful-paint').length === 0) return;
      observer.disconnect();
      clearTimeout(fallback);
      go();
    }).observe({ type: 'paint', buffered: true });
  } catch {
    clearTimeout(fallback);
    requestAnimationFrame(go);
  }
});`;
// The loader's JS is imported after the paint too (it was a static import and a modulepreload,
// requested while the page was parsed, and Lighthouse charged it to the LCP the same way).
const loader = html.match(staticImport)[1];
html = html
  .replace(preload, '')
  .replace(modulePreload, '')
  .replace(staticImport, '')
  .replace(
    init,
    `${AFTER_FIRST_PAINT}\nconst bindings = await import('${loader}');\nconst init = bindings.default;\nconst wasm = await init(`,
  );
fs.writeFileSync(file, html);
