//! Whose site this is: the municipality's name (`KP_MUNICIPALITY`) and, if configured, its logo
//! (`KP_MUNICIPALITY_LOGO`, a PNG, SVG or WebP file). Every shell carries both in `<head>` as
//! `<meta name="kp-municipality">` and `<meta name="kp-municipality-logo">`, so each of the three
//! bundles shows them from the first HTML (no flash); the public pages' prerendered header shows
//! them before any wasm runs.
//!
//! The logo is read and checked once at start-up: at most [`MAX_LOGO_BYTES`], and its first bytes
//! must be what its type says (an SVG must also carry no script). It is served from our own
//! origin under a name with its hash (so the CSP's `img-src 'self'` covers it and it can be cached
//! for good), and it is drawn at most 3 rem high whatever its own size.

use std::path::Path;

use anyhow::{bail, Context};
use axum::body::Body;
use axum::http::{header, StatusCode};
use axum::response::Response;
use sha2::{Digest, Sha256};

use crate::shell::escape;

/// The largest logo file accepted (a logo is a few kilobytes; this keeps pages light).
pub const MAX_LOGO_BYTES: usize = 200 * 1024;

/// The municipality as every page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Municipality {
    /// The name, e.g. "Exempelby kommun".
    pub name: String,
    /// The logo, if one is configured.
    pub logo: Option<Logo>,
}

/// A checked logo file, held in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo {
    /// Where it is served: `/kommunlogotyp-<hash>.<ext>`.
    pub url: String,
    /// `image/png`, `image/svg+xml` or `image/webp`.
    pub content_type: &'static str,
    bytes: Vec<u8>,
}

impl Municipality {
    /// The name, and the logo read from `logo_path` if there is one.
    pub fn load(name: &str, logo_path: Option<&Path>) -> anyhow::Result<Municipality> {
        let logo = match logo_path {
            None => None,
            Some(path) => {
                let bytes = std::fs::read(path)
                    .with_context(|| format!("reading KP_MUNICIPALITY_LOGO {}", path.display()))?;
                Some(Logo::from_bytes(bytes).with_context(|| {
                    format!("KP_MUNICIPALITY_LOGO {} is not usable", path.display())
                })?)
            }
        };
        Ok(Municipality {
            name: name.trim().to_string(),
            logo,
        })
    }

    /// The `<meta>` elements every shell carries, for the SPA to read.
    pub fn head_markup(&self) -> String {
        let mut head = format!(
            "<meta name=\"kp-municipality\" content=\"{}\">\n",
            escape(&self.name)
        );
        if let Some(logo) = &self.logo {
            head.push_str(&format!(
                "<meta name=\"kp-municipality-logo\" content=\"{}\">\n",
                escape(&logo.url)
            ));
        }
        head
    }

    /// The municipality in the header: the logo (its name as the alternative text) or the name.
    /// Mirrors `src/components/municipality.rs`.
    pub fn header_markup(&self) -> String {
        match &self.logo {
            Some(logo) => format!(
                "<span class=\"municipality\"><img class=\"municipality-logo\" src=\"{}\" alt=\"{}\"></span>",
                escape(&logo.url),
                escape(&self.name)
            ),
            None => format!(
                "<span class=\"municipality\">{}</span>",
                escape(&self.name)
            ),
        }
    }

    /// The logo's response, if `path` is its address.
    pub fn serve(&self, path: &str) -> Option<Response> {
        let logo = self.logo.as_ref().filter(|logo| logo.url == path)?;
        Some(
            Response::builder()
                .status(StatusCode::OK)
                .header(header::CONTENT_TYPE, logo.content_type)
                .header(header::CACHE_CONTROL, "public, max-age=31536000, immutable")
                .header(header::CONTENT_LENGTH, logo.bytes.len())
                .body(Body::from(logo.bytes.clone()))
                .expect("valid response"),
        )
    }
}

impl Logo {
    /// Checks a logo's size and type by its content (never by its file name).
    pub fn from_bytes(bytes: Vec<u8>) -> anyhow::Result<Logo> {
        if bytes.is_empty() {
            bail!("the file is empty");
        }
        if bytes.len() > MAX_LOGO_BYTES {
            bail!(
                "the file is {} KB; a logo may be at most {} KB",
                bytes.len() / 1024,
                MAX_LOGO_BYTES / 1024
            );
        }
        let (content_type, extension) = sniff(&bytes)?;
        let digest = Sha256::digest(&bytes);
        let hash: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        Ok(Logo {
            url: format!("/kommunlogotyp-{hash}.{extension}"),
            content_type,
            bytes,
        })
    }
}

/// The type a logo's bytes are: PNG and WebP by their signatures, SVG by its root element.
fn sniff(bytes: &[u8]) -> anyhow::Result<(&'static str, &'static str)> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(("image/png", "png"));
    }
    if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Ok(("image/webp", "webp"));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        let lower = text.to_ascii_lowercase();
        if lower.contains("<svg") {
            // Shown through <img>, an SVG's scripts never run, and the site's CSP stops them if
            // the file is opened on its own; a logo has no business carrying any all the same.
            if lower.contains("<script")
                || lower.contains("javascript:")
                || lower.contains("<foreignobject")
            {
                bail!("the SVG contains a script or embedded HTML");
            }
            return Ok(("image/svg+xml", "svg"));
        }
    }
    bail!("it is not a PNG, SVG or WebP image")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SVG: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>"#;

    #[test]
    fn png_svg_and_webp_logos_are_recognised_by_their_content() {
        let png = Logo::from_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec()).unwrap();
        assert_eq!(png.content_type, "image/png");
        assert!(png.url.starts_with("/kommunlogotyp-") && png.url.ends_with(".png"));
        let webp = Logo::from_bytes(b"RIFF\x24\0\0\0WEBPVP8 ".to_vec()).unwrap();
        assert_eq!(webp.content_type, "image/webp");
        let svg = Logo::from_bytes(SVG.as_bytes().to_vec()).unwrap();
        assert_eq!(svg.content_type, "image/svg+xml");
    }

    #[test]
    fn other_files_scripts_and_large_files_are_refused_with_the_reason() {
        let cases: [(&[u8], &str); 4] = [
            (b"GIF89a....", "not a PNG, SVG or WebP"),
            (b"", "empty"),
            (
                br#"<svg><script>alert(1)</script></svg>"#,
                "script or embedded HTML",
            ),
            (
                br#"<svg><a href="javascript:alert(1)"><rect/></a></svg>"#,
                "script or embedded HTML",
            ),
        ];
        for (bytes, reason) in cases {
            let err = Logo::from_bytes(bytes.to_vec()).unwrap_err().to_string();
            assert!(err.contains(reason), "{err} should say {reason}");
        }
        let mut huge = b"\x89PNG\r\n\x1a\n".to_vec();
        huge.resize(MAX_LOGO_BYTES + 1, 0);
        let err = Logo::from_bytes(huge).unwrap_err().to_string();
        assert!(err.contains("at most 200 KB"), "{err}");
    }

    #[test]
    fn the_header_shows_the_logo_with_the_name_as_its_text_or_else_the_name() {
        let mut municipality = Municipality {
            name: "Å & Ö kommun".into(),
            logo: None,
        };
        assert_eq!(
            municipality.header_markup(),
            "<span class=\"municipality\">Å &amp; Ö kommun</span>"
        );
        assert!(municipality
            .head_markup()
            .contains("<meta name=\"kp-municipality\" content=\"Å &amp; Ö kommun\">"));
        assert!(!municipality.head_markup().contains("kp-municipality-logo"));
        municipality.logo = Some(Logo::from_bytes(SVG.as_bytes().to_vec()).unwrap());
        let url = municipality.logo.as_ref().unwrap().url.clone();
        assert!(municipality
            .header_markup()
            .contains(&format!("src=\"{url}\" alt=\"Å &amp; Ö kommun\"")));
        assert!(municipality
            .head_markup()
            .contains(&format!("name=\"kp-municipality-logo\" content=\"{url}\"")));
        let response = municipality.serve(&url).expect("the logo is served");
        assert_eq!(response.headers()[header::CONTENT_TYPE], "image/svg+xml");
        assert!(municipality.serve("/kommunlogotyp-0.svg").is_none());
    }
}
