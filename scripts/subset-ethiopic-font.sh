#!/usr/bin/env bash
# Makes public/fonts/kp-ethiopic.woff2 (and kp-ethiopic-names.woff2, below): Noto Sans Ethiopic (SIL Open Font License 1.1, npm
# @fontsource/noto-sans-ethiopic) cut down to the Ethiopic characters the site's Tigrinya texts
# use, so a reader whose computer has no Ethiopic font sees Tigrinya instead of empty boxes.
#
# Rerun it after a Tigrinya text changes (content/ti/, or a `ti` text in the Rust sources); the
# test tests/browser/ethiopic-font.test.mjs fails while a character is missing from the subset.
# The result is committed, so building needs no network; only this script does (npm and PyPI,
# into a temporary folder).
set -euo pipefail
cd "$(dirname "$0")/.."

FONT_PACKAGE=@fontsource/noto-sans-ethiopic@5.3.0
FONTTOOLS=fonttools==4.60.1
BROTLI=brotli==1.2.1
OUT_DIR=public/fonts

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "==> fetching $FONT_PACKAGE"
(cd "$work" && npm pack --silent "$FONT_PACKAGE" >/dev/null && tar xzf ./*.tgz)
echo "==> installing $FONTTOOLS and $BROTLI (pyftsubset, WOFF2) in a throw-away venv"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet "$FONTTOOLS" "$BROTLI"

# Every Ethiopic character in the texts: the Tigrinya pages, and the Rust sources (the interface
# texts, the form's texts, the language names). Only Tigrinya is written in Ethiopic here, so
# every such character is a Tigrinya one. The same ranges are in style/main.css's unicode-range
# and in the test.
"$work/venv/bin/python" - "$work/chars.txt" <<'PY'
import pathlib, sys
ranges = [(0x1200, 0x139F), (0x2D80, 0x2DDF), (0xAB00, 0xAB2F)]
roots = ["content", "domain/src", "src", "server/src"]
chars = set()
for root in roots:
    for path in pathlib.Path(root).rglob("*"):
        if path.suffix in (".md", ".rs") and path.is_file():
            for c in path.read_text(encoding="utf-8"):
                if any(lo <= ord(c) <= hi for lo, hi in ranges):
                    chars.add(c)
pathlib.Path(sys.argv[1]).write_text("".join(sorted(chars)), encoding="utf-8")
print(f"{len(chars)} Ethiopic characters")
PY

# The regular weight only: bold text is drawn by the browser from it, and a second weight (another
# 15 KB) would take the Tigrinya landing page past its transfer budget (BENCHMARKS.md).
mkdir -p "$OUT_DIR"
"$work/venv/bin/pyftsubset" "$work/package/files/noto-sans-ethiopic-ethiopic-400-normal.woff2" \
  --text-file="$work/chars.txt" \
  --layout-features='*' \
  --flavor=woff2 \
  --no-hinting \
  --output-file="$OUT_DIR/kp-ethiopic.woff2"
echo "==> $OUT_DIR/kp-ethiopic.woff2: $(wc -c <"$OUT_DIR/kp-ethiopic.woff2") bytes"

# The names of the languages written in Ethiopic (ትግርኛ in every page's language picker, ትግርኛ and
# አማርኛ in the form's language question) also appear on pages in other languages. They get a face
# of their own holding only those few characters (about 1 KB), so a Swedish page shows them as
# letters rather than boxes without fetching the whole Tigrinya font. The names are read from the
# Rust sources (the locale list and the form's language list); the test checks they are covered.
"$work/venv/bin/python" - "$work/names.txt" <<'PY'
import pathlib, re, sys
ethiopic = re.compile("[\u1200-\u139F\u2D80-\u2DDF\uAB00-\uAB2F]+")
chars = set()
sources = [pathlib.Path("domain/src/locale.rs"), pathlib.Path("domain/src/application.rs")]
for path in sources:
    for line in path.read_text(encoding="utf-8").splitlines():
        if "Locale::Ti =>" in line or line.strip().startswith("lang("):
            for word in ethiopic.findall(line):
                chars.update(word)
pathlib.Path(sys.argv[1]).write_text("".join(sorted(chars)), encoding="utf-8")
print(f"{len(chars)} Ethiopic characters in language names")
PY
"$work/venv/bin/pyftsubset" "$work/package/files/noto-sans-ethiopic-ethiopic-400-normal.woff2" \
  --text-file="$work/names.txt" \
  --layout-features='*' \
  --flavor=woff2 \
  --no-hinting \
  --output-file="$OUT_DIR/kp-ethiopic-names.woff2"
echo "==> $OUT_DIR/kp-ethiopic-names.woff2: $(wc -c <"$OUT_DIR/kp-ethiopic-names.woff2") bytes"
cp "$work/package/LICENSE" "$OUT_DIR/kp-ethiopic-LICENSE.txt"
