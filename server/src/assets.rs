//! The SPA's built files (`dist/`), held in memory with their brotli (quality 11) and gzip
//! (level 9) copies, so no request pays for compression of a static file. The build writes the
//! copies beside the files (`X.br`, `X.gz`, by `scripts/precompress.mjs`); each is used only if it
//! decompresses to exactly its file, else the file is compressed here at start-up.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::Path;

use anyhow::Context;
use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use sha2::{Digest, Sha256};

/// A content coding the client accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// `br`
    Brotli,
    /// `gzip`
    Gzip,
    /// No coding.
    Identity,
}

/// Picks the best coding from an `Accept-Encoding` header: brotli, then gzip, then none.
pub fn preferred_encoding(accept_encoding: &str) -> Encoding {
    let accepts = |name: &str| {
        accept_encoding.split(',').any(|part| {
            let mut pieces = part.split(';');
            let coding = pieces.next().unwrap_or("").trim();
            let q = pieces
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            (coding.eq_ignore_ascii_case(name) || coding == "*") && q > 0.0
        })
    };
    if accepts("br") {
        Encoding::Brotli
    } else if accepts("gzip") {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

/// One file of the built SPA.
#[derive(Debug)]
pub struct Asset {
    content_type: &'static str,
    identity: Vec<u8>,
    brotli: Option<Vec<u8>>,
    gzip: Option<Vec<u8>>,
    etag: String,
    immutable: bool,
}

/// Every file of `dist/` except the shell, by URL path.
#[derive(Debug, Default)]
pub struct Assets {
    files: HashMap<String, Asset>,
}

impl Assets {
    /// Reads `dir` recursively (skipping `index.html`, the shell) and compresses what is worth it.
    pub fn load(dir: &Path) -> anyhow::Result<Assets> {
        let mut found = Vec::new();
        collect(dir, dir, &mut found)
            .with_context(|| format!("reading the built SPA in {}", dir.display()))?;
        let (found, mut copies) = precompressed_apart(found);
        let files = std::thread::scope(|scope| {
            let handles: Vec<_> = found
                .into_iter()
                .map(|(url, bytes)| {
                    let brotli = copies.remove(&format!("{url}.br"));
                    let gzip = copies.remove(&format!("{url}.gz"));
                    scope.spawn(move || {
                        let asset = Asset::with_copies(&url, bytes, brotli, gzip);
                        (url, asset)
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("compressing an asset panicked"))
                .collect()
        });
        Ok(Assets { files })
    }

    /// The asset at a URL path, if any.
    pub fn get(&self, path: &str) -> Option<&Asset> {
        self.files.get(path)
    }

    /// The URL paths held, for diagnostics and tests.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }
}

/// Files read from `dist/`: URL path and bytes.
type Found = Vec<(String, Vec<u8>)>;

/// Splits the build's compressed copies (`X.br`, `X.gz` beside a file `X`) from the files.
fn precompressed_apart(found: Found) -> (Found, HashMap<String, Vec<u8>>) {
    let urls: std::collections::HashSet<String> = found.iter().map(|(u, _)| u.clone()).collect();
    let is_copy = |url: &str| {
        [".br", ".gz"]
            .iter()
            .any(|ext| url.strip_suffix(ext).is_some_and(|of| urls.contains(of)))
    };
    let (copies, files): (Vec<_>, Vec<_>) = found.into_iter().partition(|(url, _)| is_copy(url));
    (files, copies.into_iter().collect())
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            collect(root, &path, out)?;
            continue;
        }
        let relative = path.strip_prefix(root).unwrap_or(&path);
        let url = format!(
            "/{}",
            relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        );
        if url.ends_with("/index.html") {
            continue; // Shells are templates, served by the frontend handler.
        }
        out.push((url, std::fs::read(&path)?));
    }
    Ok(())
}

impl Asset {
    #[cfg(test)]
    fn new(url: &str, identity: Vec<u8>) -> Asset {
        Asset::with_copies(url, identity, None, None)
    }

    /// The asset, with the build's compressed copies where they decompress to exactly `identity`
    /// (else compressed here).
    fn with_copies(
        url: &str,
        identity: Vec<u8>,
        brotli: Option<Vec<u8>>,
        gzip: Option<Vec<u8>>,
    ) -> Asset {
        let content_type = content_type(url);
        let worth_compressing = identity.len() > 512 && is_compressible(content_type);
        let (brotli, gzip) = if worth_compressing {
            (
                Some(
                    brotli
                        .filter(|copy| brotli_holds(copy, &identity))
                        .unwrap_or_else(|| brotli_bytes(&identity)),
                ),
                Some(
                    gzip.filter(|copy| gzip_holds(copy, &identity))
                        .unwrap_or_else(|| gzip_bytes(&identity)),
                ),
            )
        } else {
            (None, None)
        };
        let digest = Sha256::digest(&identity);
        let etag = format!(
            "\"{}\"",
            digest[..12]
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        );
        Asset {
            content_type,
            identity,
            brotli,
            gzip,
            etag,
            immutable: is_hashed_name(url),
        }
    }

    /// Answers a GET for this asset, honouring `Accept-Encoding` and `If-None-Match`.
    pub fn respond(&self, request_headers: &HeaderMap) -> Response {
        let cache_control = if self.immutable {
            "public, max-age=31536000, immutable"
        } else {
            "public, max-age=3600"
        };
        let mut builder = Response::builder()
            .header(header::CONTENT_TYPE, self.content_type)
            .header(header::CACHE_CONTROL, cache_control)
            .header(header::ETAG, &self.etag)
            .header(header::VARY, "Accept-Encoding");
        let not_modified = request_headers
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.split(',').any(|t| t.trim() == self.etag));
        if not_modified {
            return builder
                .status(StatusCode::NOT_MODIFIED)
                .body(Body::empty())
                .expect("valid response");
        }
        let accepted = request_headers
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .map(preferred_encoding)
            .unwrap_or(Encoding::Identity);
        let (body, coding) = match (accepted, &self.brotli, &self.gzip) {
            (Encoding::Brotli, Some(br), _) => (br.clone(), Some("br")),
            (Encoding::Brotli | Encoding::Gzip, _, Some(gz)) => (gz.clone(), Some("gzip")),
            _ => (self.identity.clone(), None),
        };
        if let Some(coding) = coding {
            builder = builder.header(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
        }
        builder
            .header(header::CONTENT_LENGTH, body.len())
            .body(Body::from(body))
            .expect("valid response")
    }
}

/// Trunk names built files `name-<hash>.ext` (or `…_bg.wasm`), the hash a 64-bit number in hex
/// *without* leading zeros (so sometimes fewer than 16 digits); the caseworker area's and the
/// interest form's wasm and parts are in a folder `wasm-<hash>/` named after all their contents
/// (`scripts/build-split.mjs`). Those files never change.
fn is_hashed_name(url: &str) -> bool {
    let is_hash = |hash: &str| hash.len() >= 8 && hash.bytes().all(|b| b.is_ascii_hexdigit());
    let mut segments = url.rsplit('/');
    let file = segments.next().unwrap_or("");
    if segments
        .next()
        .and_then(|folder| folder.strip_prefix("wasm-"))
        .is_some_and(is_hash)
    {
        return true;
    }
    let stem = file.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| is_hash(hash))
}

fn content_type(url: &str) -> &'static str {
    match url.rsplit('.').next().unwrap_or("") {
        "wasm" => "application/wasm",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "html" => "text/html; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "woff2" => "font/woff2",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        _ => "application/octet-stream",
    }
}

fn is_compressible(content_type: &str) -> bool {
    // PNG and WOFF2 are compressed already.
    !matches!(
        content_type,
        "image/png" | "font/woff2" | "application/octet-stream"
    )
}

fn brotli_bytes(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len() / 3);
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 64 * 1024, 11, 22);
        writer.write_all(input).expect("writing to memory");
    }
    out
}

/// Whether `copy` is a brotli stream of exactly `identity` (read no further than one byte past it).
fn brotli_holds(copy: &[u8], identity: &[u8]) -> bool {
    let mut decoded = Vec::with_capacity(identity.len());
    brotli::Decompressor::new(copy, 64 * 1024)
        .take(identity.len() as u64 + 1)
        .read_to_end(&mut decoded)
        .is_ok()
        && decoded == identity
}

/// Whether `copy` is a gzip stream of exactly `identity`.
fn gzip_holds(copy: &[u8], identity: &[u8]) -> bool {
    let mut decoded = Vec::with_capacity(identity.len());
    flate2::read::GzDecoder::new(copy)
        .take(identity.len() as u64 + 1)
        .read_to_end(&mut decoded)
        .is_ok()
        && decoded == identity
}

fn gzip_bytes(input: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(input).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brotli_is_preferred_then_gzip_then_nothing() {
        let cases = [
            ("gzip, deflate, br, zstd", Encoding::Brotli),
            ("gzip", Encoding::Gzip),
            ("br;q=0, gzip", Encoding::Gzip),
            ("identity", Encoding::Identity),
            ("", Encoding::Identity),
            ("*", Encoding::Brotli),
        ];
        for (header, expected) in cases {
            assert_eq!(preferred_encoding(header), expected, "{header:?}");
        }
    }

    #[test]
    fn trunk_hashed_file_names_are_recognised_as_immutable() {
        assert!(is_hashed_name("/kontaktperson-3f2a9c0d1e4b5a67_bg.wasm"));
        assert!(is_hashed_name("/kontaktperson-3f2a9c0d1e4b5a67.js"));
        assert!(is_hashed_name("/main-0123456789abcdef.css"));
        assert!(
            is_hashed_name("/kontaktperson-a14c93cce608000_bg.wasm"),
            "a hash with a leading zero dropped (seen in a real build)"
        );
        assert!(!is_hashed_name("/favicon.svg"));
        assert!(!is_hashed_name("/robots.txt"));
        assert!(!is_hashed_name("/some-file.js"));
    }

    #[test]
    fn the_caseworker_areas_parts_are_immutable_by_their_folder() {
        assert!(is_hashed_name(
            "/handlaggare/wasm-903b1da8edc6c935/chunk_22.wasm"
        ));
        assert!(is_hashed_name(
            "/handlaggare/wasm-903b1da8edc6c935/__wasm_split.js"
        ));
        assert!(!is_hashed_name("/handlaggare/wasm-latest/chunk_22.wasm"));
        assert!(!is_hashed_name("/handlaggare/parts/chunk_22.wasm"));
    }

    #[test]
    fn compressed_copies_decompress_to_the_original() {
        let original = "Kontaktperson ".repeat(200).into_bytes();
        let asset = Asset::new("/x-0123456789abcdef.js", original.clone());
        let mut decoded = Vec::new();
        brotli::BrotliDecompress(&mut asset.brotli.as_deref().unwrap(), &mut decoded).unwrap();
        assert_eq!(decoded, original);
        let mut gz = flate2::read::GzDecoder::new(asset.gzip.as_deref().unwrap());
        let mut decoded = Vec::new();
        std::io::Read::read_to_end(&mut gz, &mut decoded).unwrap();
        assert_eq!(decoded, original);
        assert!(asset.immutable);
    }

    fn quick_brotli(input: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 1, 22);
            writer.write_all(input).unwrap();
        }
        out
    }

    #[test]
    fn the_builds_compressed_copies_are_served_when_they_hold_the_file_and_ignored_when_stale() {
        let dir = tempfile::tempdir().unwrap();
        let original = "Kontaktperson ".repeat(200).into_bytes();
        let other = "Handläggare ".repeat(200).into_bytes();
        std::fs::write(dir.path().join("app-0123456789abcdef.js"), &original).unwrap();
        // A copy made with other settings than the server's, so it can be told apart.
        let built = quick_brotli(&original);
        assert_ne!(built, brotli_bytes(&original));
        std::fs::write(dir.path().join("app-0123456789abcdef.js.br"), &built).unwrap();
        std::fs::write(
            dir.path().join("app-0123456789abcdef.js.gz"),
            gzip_bytes(&other),
        )
        .unwrap();
        std::fs::write(dir.path().join("style.css"), &original).unwrap();
        std::fs::write(dir.path().join("style.css.br"), quick_brotli(&other)).unwrap();
        std::fs::write(dir.path().join("style.css.gz"), b"not gzip at all").unwrap();

        let assets = Assets::load(dir.path()).unwrap();
        let mut paths: Vec<&str> = assets.paths().collect();
        paths.sort();
        assert_eq!(
            paths,
            ["/app-0123456789abcdef.js", "/style.css"],
            "the copies are not assets of their own"
        );
        let app = assets.get("/app-0123456789abcdef.js").unwrap();
        assert_eq!(
            app.brotli.as_deref(),
            Some(built.as_slice()),
            "the build's copy"
        );
        let mut decoded = Vec::new();
        flate2::read::GzDecoder::new(app.gzip.as_deref().unwrap())
            .read_to_end(&mut decoded)
            .unwrap();
        assert_eq!(decoded, original, "a stale gzip copy is replaced");
        let style = assets.get("/style.css").unwrap();
        assert!(brotli_holds(style.brotli.as_deref().unwrap(), &original));
        assert!(gzip_holds(style.gzip.as_deref().unwrap(), &original));
        assert!(!brotli_holds(&quick_brotli(&other), &original));
        assert!(!brotli_holds(
            &quick_brotli(&[original.clone(), b"x".to_vec()].concat()),
            &original
        ));
    }
}
