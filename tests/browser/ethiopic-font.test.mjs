// The shipped Ethiopic font (public/fonts/kp-ethiopic.woff2, made by
// scripts/subset-ethiopic-font.sh) must draw every Ethiopic character the Tigrinya texts use: a
// character missing from the subset would show as a box on a computer without an Ethiopic font.
// The font's character map is read here from the WOFF2 file itself (Node's zlib has brotli), so
// the test needs no browser and no font tools. When it fails, rerun the script.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { REPO_ROOT } from './harness.mjs';

const FONT = path.join(REPO_ROOT, 'public/fonts/kp-ethiopic.woff2');
// The same ranges as the script and style/main.css's unicode-range.
const ETHIOPIC = [[0x1200, 0x139f], [0x2d80, 0x2ddf], [0xab00, 0xab2f]];
const TEXT_ROOTS = ['content', 'domain/src', 'src', 'server/src'];

// WOFF2's table tags by their index in the table directory (WOFF2 spec, 5.1).
const KNOWN_TAGS = ('cmap head hhea hmtx maxp name OS/2 post cvt  fpgm glyf loca prep CFF  VORG EBDT ' +
  'EBLC gasp hdmx kern LTSH PCLT VDMX vhea vmtx BASE GDEF GPOS GSUB EBSC JSTF MATH CBDT CBLC COLR ' +
  'CPAL SVG  sbix acnt avar bdat bloc bsln cvar fdsc feat fmtx fvar gvar hsty just lcar mort morx ' +
  'opbd prop trak Zapf Silf Glat Gloc Feat Sill').match(/.{4}\s?/g).map((t) => t.slice(0, 4));

/** The code points a WOFF2 font maps to a glyph (its cmap's Unicode subtable). */
function codePointsOf(woff2) {
  assert.equal(woff2.toString('latin1', 0, 4), 'wOF2', 'a WOFF2 file');
  const numTables = woff2.readUInt16BE(12);
  const compressedLength = woff2.readUInt32BE(20);
  let at = 48;
  const base128 = () => {
    let value = 0;
    for (let i = 0; i < 5; i += 1) {
      const byte = woff2[at++];
      value = value * 128 + (byte & 0x7f);
      if (!(byte & 0x80)) return value;
    }
    throw new Error('bad UIntBase128');
  };
  const tables = [];
  for (let i = 0; i < numTables; i += 1) {
    const flags = woff2[at++];
    let tag = KNOWN_TAGS[flags & 0x3f];
    if ((flags & 0x3f) === 63) { tag = woff2.toString('latin1', at, at + 4); at += 4; }
    const version = flags >> 6;
    const origLength = base128();
    const transformed = (tag === 'glyf' || tag === 'loca') ? version !== 3 : version !== 0;
    const length = transformed ? base128() : origLength;
    tables.push({ tag, length });
  }
  const data = zlib.brotliDecompressSync(woff2.subarray(at, at + compressedLength));
  let offset = 0;
  let cmap;
  for (const table of tables) {
    if (table.tag === 'cmap') cmap = data.subarray(offset, offset + table.length);
    offset += table.length;
  }
  assert.ok(cmap, 'the font has a cmap table');
  const records = cmap.readUInt16BE(2);
  const subtables = [];
  for (let i = 0; i < records; i += 1) {
    const r = 4 + i * 8;
    subtables.push({ platform: cmap.readUInt16BE(r), encoding: cmap.readUInt16BE(r + 2), offset: cmap.readUInt32BE(r + 4) });
  }
  const points = new Set();
  for (const { offset: o } of subtables) {
    const format = cmap.readUInt16BE(o);
    if (format === 4) {
      const segments = cmap.readUInt16BE(o + 6) / 2;
      const ends = o + 14;
      const starts = ends + segments * 2 + 2;
      const deltas = starts + segments * 2;
      const rangeOffsets = deltas + segments * 2;
      for (let s = 0; s < segments; s += 1) {
        const end = cmap.readUInt16BE(ends + s * 2);
        const start = cmap.readUInt16BE(starts + s * 2);
        const delta = cmap.readUInt16BE(deltas + s * 2);
        const rangeOffset = cmap.readUInt16BE(rangeOffsets + s * 2);
        for (let c = start; c <= end && c !== 0xffff; c += 1) {
          let glyph;
          if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
          else {
            const g = cmap.readUInt16BE(rangeOffsets + s * 2 + rangeOffset + (c - start) * 2);
            glyph = g === 0 ? 0 : (g + delta) & 0xffff;
          }
          if (glyph !== 0) points.add(c);
        }
      }
    } else if (format === 12) {
      const groups = cmap.readUInt32BE(o + 12);
      for (let g = 0; g < groups; g += 1) {
        const start = cmap.readUInt32BE(o + 16 + g * 12);
        const end = cmap.readUInt32BE(o + 20 + g * 12);
        for (let c = start; c <= end; c += 1) points.add(c);
      }
    }
  }
  return points;
}

/** Every Ethiopic character in the texts, with the first file that uses it. */
function ethiopicCharactersInTexts() {
  const found = new Map();
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(md|rs)$/.test(entry.name)) {
        for (const ch of fs.readFileSync(full, 'utf8')) {
          const c = ch.codePointAt(0);
          if (ETHIOPIC.some(([lo, hi]) => c >= lo && c <= hi) && !found.has(c)) {
            found.set(c, path.relative(REPO_ROOT, full));
          }
        }
      }
    }
  };
  for (const root of TEXT_ROOTS) walk(path.join(REPO_ROOT, root));
  return found;
}

test('Every Ethiopic character the Tigrinya texts use is in the shipped font subset', () => {
  const inFont = codePointsOf(fs.readFileSync(FONT));
  const used = ethiopicCharactersInTexts();
  assert.ok(used.size > 100, `the Tigrinya texts use ${used.size} Ethiopic characters`);
  const missing = [...used].filter(([c]) => !inFont.has(c))
    .map(([c, file]) => `${String.fromCodePoint(c)} U+${c.toString(16).toUpperCase()} (${file})`);
  assert.deepEqual(missing, [], 'characters missing from public/fonts/kp-ethiopic.woff2: run scripts/subset-ethiopic-font.sh');
});

test('The font subset holds Ethiopic only and stays small enough for the landing page budget', () => {
  const bytes = fs.statSync(FONT).size;
  assert.ok(bytes < 24 * 1024, `kp-ethiopic.woff2 is ${bytes} bytes (the Tigrinya landing page has about 24 KB left under 150 KB)`);
  const latin = [...codePointsOf(fs.readFileSync(FONT))].filter((c) => !ETHIOPIC.some(([lo, hi]) => c >= lo && c <= hi) && c > 0x20);
  assert.ok(latin.length < 10, `only Ethiopic characters are worth shipping (also has ${latin.length} others)`);
});

const NAMES_FONT = path.join(REPO_ROOT, 'public/fonts/kp-ethiopic-names.woff2');

/** The names of languages written in Ethiopic, as the language picker and the form show them. */
function ethiopicLanguageNames() {
  const names = [];
  for (const file of ['domain/src/locale.rs', 'domain/src/application.rs']) {
    for (const line of fs.readFileSync(path.join(REPO_ROOT, file), 'utf8').split('\n')) {
      if (!line.includes('Locale::Ti =>') && !line.trim().startsWith('lang(')) continue;
      names.push(...(line.match(/[\u1200-\u139f\u2d80-\u2ddf\uab00-\uab2f]+/gu) ?? []));
    }
  }
  return names;
}

test('The small face for Ethiopic language names on other pages draws every such name and nothing more', () => {
  const inFont = codePointsOf(fs.readFileSync(NAMES_FONT));
  const names = ethiopicLanguageNames();
  assert.ok(names.includes('ትግርኛ') && names.includes('አማርኛ'), `the names found: ${names}`);
  const missing = [...new Set(names.join(''))].filter((ch) => !inFont.has(ch.codePointAt(0)));
  assert.deepEqual(missing, [], 'characters missing from public/fonts/kp-ethiopic-names.woff2: run scripts/subset-ethiopic-font.sh');
  const bytes = fs.statSync(NAMES_FONT).size;
  assert.ok(bytes < 3 * 1024, `kp-ethiopic-names.woff2 is ${bytes} bytes: it loads on every page with the language picker`);
});
