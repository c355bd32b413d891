// Writes X.br (brotli, quality 11, window 22) and X.gz (gzip, level 9) beside each compressible
// file of the built SPA, so the server reads them at start-up instead of compressing them there
// (server/src/assets.rs checks each against its file and compresses anew when one does not match).
// Usage: node scripts/precompress.mjs dist
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

// The server's is_compressible: everything but PNG, WOFF2 and unknown types.
const COMPRESSIBLE = new Set(['.wasm', '.js', '.mjs', '.css', '.html', '.json', '.webmanifest', '.svg', '.ico', '.txt', '.xml']);

let files = 0;
let bytes = 0;
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) {
      walk(path);
    } else if (name !== 'index.html' && COMPRESSIBLE.has(extname(name)) && stat.size > 512) {
      const body = readFileSync(path);
      writeFileSync(`${path}.br`, brotliCompressSync(body, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 11,
          [constants.BROTLI_PARAM_LGWIN]: 22,
          [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      }));
      writeFileSync(`${path}.gz`, gzipSync(body, { level: 9 }));
      files += 1;
      bytes += body.length;
    }
  }
}

const root = process.argv[2] ?? 'dist';
walk(root);
console.log(`precompressed ${files} files (${(bytes / 1024).toFixed(0)} KB) in ${root}`);
