// Reads what a bundle's wasm parts are (scripts/build-split.mjs, bench/wasm-parts.mjs).
import fs from 'node:fs';
import path from 'node:path';

/**
 * The groups of pages in `__wasm_split.js` (wasm-split-cli's loader): for each, its part's file
 * and the shared chunks' files fetched with it. The loader declares
 * `const __chunk_N = makeLoad(… "./chunk_N.wasm" …, [deps])` and
 * `export const __wasm_split_load_<group> = wrapAsyncCb(makeLoad(… "./split_<group>.wasm" …, [deps]))`.
 */
export function groupsOf(loader) {
  const loads = [...loader.matchAll(/(?:const (__chunk_\d+)|export const __wasm_split_load_(\w+)) = [\s\S]*?"\.\/([\w.]+\.wasm)"[\s\S]*?, \[([^\]]*)\]\)/g)];
  const chunkFile = new Map();
  const groups = [];
  for (const [, chunk, group, file, deps] of loads) {
    const needs = deps.split(',').map((d) => d.trim()).filter(Boolean);
    if (chunk) chunkFile.set(chunk, file);
    else groups.push({ group, file, needs });
  }
  if (groups.length === 0) throw new Error('__wasm_split.js declares no parts');
  return groups.map(({ group, file, needs }) => ({
    group,
    file,
    chunks: needs.map((name) => {
      const chunk = chunkFile.get(name);
      if (!chunk) throw new Error(`__wasm_split.js: ${group} needs ${name}, which it does not declare`);
      return chunk;
    }),
  })).sort((a, b) => a.group.localeCompare(b.group));
}

/**
 * Which group each of the area's router paths is in: `src/caseworker/mod.rs`'s
 * `<Route path=path!("…") view={Lazy::<lazy_pages::X>::new()}/>` and `lazy_pages.rs`'s
 * `page_in_part!(X, group, …)`. Paths in the first wasm are not listed.
 */
export function routeGroups(root) {
  const router = fs.readFileSync(path.join(root, 'src/caseworker/mod.rs'), 'utf8');
  const pages = fs.readFileSync(path.join(root, 'src/caseworker/lazy_pages.rs'), 'utf8');
  const groupOf = new Map([...pages.matchAll(/page_in_part!\(\s*(\w+),\s*(\w+),/g)]
    .map(([, route, group]) => [route, group]));
  const routes = [...router.matchAll(/<Route path=path!\("([^"]+)"\) view=\{Lazy::<lazy_pages::(\w+)>::new\(\)\}\/>/g)];
  if (routes.length === 0 || groupOf.size === 0) throw new Error('no lazy routes found in src/caseworker');
  return routes.map(([, pattern, route]) => {
    const group = groupOf.get(route);
    if (!group) throw new Error(`src/caseworker/mod.rs: lazy_pages::${route} has no page_in_part! in lazy_pages.rs`);
    return { pattern, group };
  });
}
