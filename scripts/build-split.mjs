// Builds a bundle whose wasm is cut into a first module and parts loaded on first use (issue 17):
// the caseworker area (dist/handlaggare) and the interest form (dist/intresseanmalan). Their split
// points are `wasm_split` functions behind a crate feature (`src/caseworker/lazy_pages.rs`,
// `src/pages/apply/part.rs`); this does what Trunk 0.21 cannot (trunk-rs/trunk#1022), with tools
// from crates.io and npm only:
//   1. cargo builds the bin with its split points on (its feature) and the linker's relocations
//      kept (`--emit-relocs`), in a target directory of its own so the other bundles' builds
//      keep their cache;
//   2. `wasm-split-cli` (crate wasm_split_cli_support) cuts it into the first module, one module per
//      group, the chunks groups share, and `__wasm_split.js`, which fetches them;
//   3. wasm-bindgen on the first module, keeping the exports the parts link against;
//   4. wasm-opt -Oz on every module (two at a time);
//   5. the files go to dist/<bundle>/wasm-<hash of them all>/ (so the server can cache them for a
//      year: a new build is a new folder), and dist/<bundle>/index.html is <bin>.html with its
//      stylesheet inlined (as Trunk does) and the loader in place of the `<!--kp-wasm-->` mark.
// Usage: node scripts/build-split.mjs handlaggare|intresseanmalan   (scripts/build.sh runs both)
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { groupsOf, routeGroups } from './wasm-parts.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

// Which part a full page load fetches with the first wasm: a JS expression, run before the
// loader, giving a group's name or null (the loader's `fetch` of its files then finds them under
// way).
const BUNDLES = {
  // The router's paths, from the sources (`:x` is any one segment).
  handlaggare: {
    feature: 'caseworker-parts',
    dist: 'handlaggare',
    preload: (groups) => {
      const routes = routeGroups(root).map(({ pattern, group }) => {
        if (!groups.includes(group)) throw new Error(`no part was cut for the group ${group} (${pattern})`);
        return [pattern, group];
      });
      return `(() => {
const routes = ${JSON.stringify(routes)};
const segments = (p) => p.split('/').filter(Boolean);
const here = segments(location.pathname.slice(${JSON.stringify('/handlaggare'.length)}));
const found = routes.find(([pattern]) => {
  const want = segments(pattern);
  return want.length === here.length && want.every((s, i) => s.startsWith(':') || s === here[i]);
});
return found ? found[1] : null;
})()`;
    },
  },
  // Any place but step 1 (`?steg=2`, `?steg=kontroll`, …: `kp_domain::form_steps::PLACE_PARAM`).
  // On step 1 the form fetches its part itself once the step is drawn.
  intresseanmalan: {
    feature: 'form-parts',
    dist: 'intresseanmalan',
    preload: (groups) => {
      if (!groups.includes('form_rest')) throw new Error('no part was cut for the group form_rest');
      return `(/[?&]steg=(?!1(&|$))/.test(location.search) ? 'form_rest' : null)`;
    },
  },
};
const BIN = process.argv[2];
const bundle = BUNDLES[BIN];
if (!bundle) {
  console.error(`usage: node scripts/build-split.mjs ${Object.keys(BUNDLES).join('|')}`);
  process.exit(2);
}
const target = path.join(root, 'target', 'wasm-split');
const work = path.join(target, 'parts', BIN);
const dist = path.join(root, 'dist', bundle.dist);
const PUBLIC_URL = `/${bundle.dist}/`;
// wasm-bindgen drops the module's feature section, so wasm-opt is told what rustc emits.
const FEATURES = ['--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
  '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue'];

function run(command, args, env = {}) {
  console.log(`  $ ${command} ${args.join(' ')}`);
  execFileSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
}

function runAsync(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0
      ? resolve()
      : reject(new Error(`${command} ${args.join(' ')} failed (${code}):\n${stderr}`))));
  });
}

// 1. The wasm with relocations. `.cargo/config.toml`'s rustflags are replaced by this variable,
// so `erase_components` is repeated here.
run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '--bin', BIN,
  '--features', bundle.feature, '--target-dir', target], {
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS: '--cfg erase_components -Clink-args=--emit-relocs',
});

// 2. The cut.
fs.rmSync(work, { recursive: true, force: true });
const cut = path.join(work, 'cut');
const out = path.join(work, 'out');
fs.mkdirSync(out, { recursive: true });
run('wasm-split-cli', [path.join(target, 'wasm32-unknown-unknown', 'release', `${BIN}.wasm`), cut,
  '--out-name', BIN]);

// 3. The first module's JS bindings.
run('wasm-bindgen', ['--target', 'web', '--keep-lld-exports', '--no-demangle', '--no-typescript',
  '--out-name', BIN, '--out-dir', out, path.join(cut, `${BIN}.wasm`)]);
for (const name of fs.readdirSync(cut)) {
  if (name !== `${BIN}.wasm`) fs.copyFileSync(path.join(cut, name), path.join(out, name));
}

// 4. wasm-opt, two at a time (the machines have two cores).
const modules = fs.readdirSync(out).filter((name) => name.endsWith('.wasm'));
// The largest first, so the two workers finish together.
modules.sort((a, b) => fs.statSync(path.join(out, b)).size - fs.statSync(path.join(out, a)).size);
console.log(`  wasm-opt -Oz on ${modules.length} modules`);
let next = 0;
const worker = async () => {
  while (next < modules.length) {
    const file = path.join(out, modules[next++]);
    await runAsync('wasm-opt', ['-Oz', ...FEATURES, file, '-o', file]);
  }
};
await Promise.all([worker(), worker()]);

// 5. Into dist, under a folder named after the content.
const names = fs.readdirSync(out).sort();
const hash = crypto.createHash('sha256');
for (const name of names) hash.update(name).update('\0').update(fs.readFileSync(path.join(out, name)));
const folder = `wasm-${hash.digest('hex').slice(0, 16)}`;
fs.rmSync(dist, { recursive: true, force: true });
fs.mkdirSync(path.join(dist, folder), { recursive: true });
for (const name of names) fs.copyFileSync(path.join(out, name), path.join(dist, folder, name));

const integrity = (name) => `sha384-${crypto.createHash('sha384')
  .update(fs.readFileSync(path.join(out, name))).digest('base64')}`;
const base = `${PUBLIC_URL}${folder}/`;
const groups = groupsOf(fs.readFileSync(path.join(out, '__wasm_split.js'), 'utf8'));
const filesOf = Object.fromEntries(groups.map(({ group, file, chunks }) => [group, [file, ...chunks]]));
const preload = `<script>(() => {
const files = ${JSON.stringify(filesOf)};
const group = ${bundle.preload(Object.keys(filesOf))};
for (const file of group ? files[group] : []) {
  const link = document.createElement('link');
  link.rel = 'preload';
  link.as = 'fetch';
  link.crossOrigin = 'anonymous';
  link.href = ${JSON.stringify(base)} + file;
  document.head.appendChild(link);
}
})();</script>
  `;
const loader = `${preload}<script type="module">
import init from '${base}${BIN}.js';
await init({ module_or_path: '${base}${BIN}_bg.wasm' });
</script>
  <link rel="modulepreload" href="${base}${BIN}.js" crossorigin="anonymous" integrity="${integrity(`${BIN}.js`)}">`
  + `<link rel="modulepreload" href="${base}__wasm_split.js" crossorigin="anonymous" integrity="${integrity('__wasm_split.js')}">`
  + `<link rel="preload" href="${base}${BIN}_bg.wasm" crossorigin="anonymous" integrity="${integrity(`${BIN}_bg.wasm`)}" as="fetch" type="application/wasm">`;

let html = fs.readFileSync(path.join(root, `${BIN}.html`), 'utf8');
const stylesheet = /<link data-trunk rel="inline" type="css" href="([^"]+)">/;
const mark = '<!--kp-wasm-->';
if (!stylesheet.test(html) || !html.includes(mark)) {
  console.error(`${BIN}.html: the stylesheet link or ${mark} is missing`);
  process.exit(1);
}
html = html.replace(stylesheet, (_, href) => `<style>${fs.readFileSync(path.join(root, href), 'utf8')}</style>`);
html = html.replace(mark, loader);
fs.writeFileSync(path.join(dist, 'index.html'), html);
const sizes = modules.map((name) => fs.statSync(path.join(out, name)).size);
console.log(`  ${dist}: index.html and ${folder}/ (${names.length} files, `
  + `${(sizes.reduce((a, b) => a + b, 0) / 1024).toFixed(0)} KB of wasm)`);
