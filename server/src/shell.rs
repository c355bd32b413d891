//! The app shell: Trunk's `index.html`, with the page's language, direction, title, description
//! and (for public pages) its main text filled in by the server, so the first response is readable
//! without JavaScript and paints before the wasm arrives.
//!
//! The Content-Security-Policy allows scripts from our own origin plus the SHA-256 of each inline
//! script in the built shell (Trunk's module loader), computed here at start-up: no
//! `unsafe-inline`, no `unsafe-eval` (only `wasm-unsafe-eval`, which compiling wasm needs).

use anyhow::{bail, Context};
use base64::Engine;
use sha2::{Digest, Sha256};

/// Markers `index.html` must contain for the server to fill in.
const HTML_OPEN: &str = r#"<html lang="sv" dir="ltr">"#;
const TITLE: &str = "<title>Kontaktperson</title>";
const BODY_MARKER: &str = "<!--kp-body-->";

/// A parsed shell, with the hashes of its inline script and style.
#[derive(Debug, Clone)]
pub struct Shell {
    template: String,
    script_hashes: Vec<String>,
    style_hashes: Vec<String>,
}

/// What one page puts into the shell.
#[derive(Debug, Clone, Default)]
pub struct ShellPage {
    /// `<html lang>`.
    pub lang: String,
    /// `<html dir>`.
    pub dir: String,
    /// `<title>` text (plain text; escaped here).
    pub title: String,
    /// Meta description (plain text; escaped here).
    pub description: String,
    /// Extra trusted markup for `<head>` (alternate links).
    pub head: String,
    /// Trusted markup that replaces the body marker (the prerendered page).
    pub body: String,
}

/// The Content-Security-Policy for a set of shells and the inline `<style>` elements a page may
/// add to them: our own origin, plus the SHA-256 of every inline script and style. Fonts may also
/// be `data:` addresses (Tigrinya's, inline in its pages: `crate::tigrinya_font`).
pub fn content_security_policy(shells: &[&Shell], added_styles: &[&str]) -> String {
    let added_style_hashes: Vec<String> = added_styles
        .iter()
        .flat_map(|style| inline_hashes(style, "style"))
        .collect();
    let sources = |base: &str, hashes: &dyn Fn(&Shell) -> &Vec<String>, added: &[String]| {
        let mut all: Vec<String> = shells
            .iter()
            .flat_map(|s| hashes(s).iter())
            .chain(added)
            .map(|h| format!("'sha256-{h}'"))
            .collect();
        all.sort();
        all.dedup();
        std::iter::once(base.to_string())
            .chain(all)
            .collect::<Vec<_>>()
            .join(" ")
    };
    let script_src = sources("'self' 'wasm-unsafe-eval'", &|s| &s.script_hashes, &[]);
    // The stylesheet is inlined into the shells (one round trip less before first paint).
    let style_src = sources("'self'", &|s| &s.style_hashes, &added_style_hashes);
    format!(
        "default-src 'self'; script-src {script_src}; style-src {style_src}; img-src 'self' data:; \
         font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

impl Shell {
    /// Checks the shell's markers and computes the hashes of its inline script and style.
    pub fn from_index_html(template: String) -> anyhow::Result<Shell> {
        for marker in [HTML_OPEN, TITLE, BODY_MARKER] {
            if !template.contains(marker) {
                bail!("the built index.html lacks the marker {marker}; was it built from this repository's index.html?");
            }
        }
        Ok(Shell {
            script_hashes: inline_hashes(&template, "script"),
            style_hashes: inline_hashes(&template, "style"),
            template,
        })
    }

    /// The policy for this shell alone.
    pub fn csp(&self) -> String {
        content_security_policy(&[self], &[])
    }

    /// Reads `index.html` from the built SPA.
    pub fn load(dist: &std::path::Path) -> anyhow::Result<Shell> {
        Shell::load_file(&dist.join("index.html"))
    }

    /// Reads a built shell file.
    pub fn load_file(path: &std::path::Path) -> anyhow::Result<Shell> {
        let path = path.to_path_buf();
        let html = std::fs::read_to_string(&path).with_context(|| {
            format!(
                "reading {} (build the SPA first: trunk build --release --offline)",
                path.display()
            )
        })?;
        Shell::from_index_html(html)
    }

    /// The shell with one page's data filled in.
    pub fn render(&self, page: &ShellPage) -> String {
        let html_open = format!(
            r#"<html lang="{}" dir="{}">"#,
            escape(&page.lang),
            escape(&page.dir)
        );
        let head = format!(
            "<title>{}</title>\n<meta name=\"description\" content=\"{}\">\n{}",
            escape(&page.title),
            escape(&page.description),
            page.head
        );
        self.template
            .replacen(HTML_OPEN, &html_open, 1)
            .replacen(TITLE, &head, 1)
            .replacen(BODY_MARKER, &page.body, 1)
    }
}

/// SHA-256 (base64) of every inline `<script>` (executable ones) or `<style>` in the document.
fn inline_hashes(html: &str, tag: &str) -> Vec<String> {
    let open = format!("<{tag}");
    let close_tag = format!("</{tag}>");
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(&open) {
        let after = &rest[start..];
        let Some(tag_end) = after.find('>') else {
            break;
        };
        let attributes = &after[open.len()..tag_end];
        let body_and_more = &after[tag_end + 1..];
        let Some(close) = body_and_more.find(&close_tag) else {
            break;
        };
        let body = &body_and_more[..close];
        let is_data = attributes.contains("application/json") || attributes.contains("ld+json");
        if !attributes.contains("src=") && !is_data {
            let digest = Sha256::digest(body.as_bytes());
            hashes.push(base64::engine::general_purpose::STANDARD.encode(digest));
        }
        rest = &body_and_more[close + close_tag.len()..];
    }
    hashes
}

/// Escapes text for HTML element content and quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// `value` as JSON in a `<script type="application/json">` element with this `id`, for the SPA to
/// read instead of asking. `<`, `>` and `&` become `\u003c`, `\u003e` and `\u0026` (they can only
/// occur inside JSON strings, where those escapes mean the same), so no value can end the element
/// or open a comment in it.
pub fn json_script(id: &str, value: &impl serde::Serialize) -> String {
    let json = serde_json::to_string(value)
        .unwrap_or_else(|_| "null".into())
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    format!(
        "<script id=\"{}\" type=\"application/json\">{json}</script>",
        escape(id)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_json_cannot_end_its_script_element_and_reads_back_the_same() {
        let value = serde_json::json!({ "name": "</script><script>alert(1)</script><!-- & >" });
        let html = json_script("kp-x", &value);
        let inner = html
            .strip_prefix("<script id=\"kp-x\" type=\"application/json\">")
            .and_then(|rest| rest.strip_suffix("</script>"))
            .expect("one element");
        assert!(!inner.contains(['<', '>', '&']), "{inner}");
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(inner).unwrap(),
            value
        );
    }

    const TEMPLATE: &str =
        "<!doctype html><html lang=\"sv\" dir=\"ltr\"><head><title>Kontaktperson</title><style>body{margin:0}</style>\
        <script type=\"module\">import init from '/a.js';await init();</script>\
        <script src=\"/b.js\"></script><script type=\"application/json\">{}</script></head>\
        <body><!--kp-body--></body></html>";

    #[test]
    fn the_policy_allows_a_style_a_page_adds_by_hash_and_fonts_given_inline() {
        let shell = Shell::from_index_html(TEMPLATE.into()).unwrap();
        let csp = content_security_policy(&[&shell], &["<style>@font-face{}</style>\n"]);
        let added =
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"@font-face{}"));
        let style_src = csp.split(';').find(|d| d.contains("style-src")).unwrap();
        assert!(style_src.contains(&format!("'sha256-{added}'")), "{csp}");
        assert_eq!(style_src.matches("'sha256-").count(), 2, "{style_src}");
        assert!(csp.contains("font-src 'self' data:;"), "{csp}");
        assert!(
            !shell.csp().contains(&added),
            "a shell alone lists only its own"
        );
    }

    #[test]
    fn the_policy_allows_exactly_the_inline_loader_by_hash() {
        let shell = Shell::from_index_html(TEMPLATE.into()).unwrap();
        let expected = base64::engine::general_purpose::STANDARD
            .encode(Sha256::digest(b"import init from '/a.js';await init();"));
        assert!(shell.csp().contains(&format!("'sha256-{expected}'")));
        let csp = shell.csp();
        let script_src = csp.split(';').find(|d| d.contains("script-src")).unwrap();
        assert_eq!(script_src.matches("'sha256-").count(), 1, "{script_src}");
        assert!(!shell.csp().contains("unsafe-inline"));
        assert!(!shell.csp().contains("'unsafe-eval'"));
        assert!(shell.csp().contains("frame-ancestors 'none'"));
        let style =
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"body{margin:0}"));
        assert!(
            shell
                .csp()
                .contains(&format!("style-src 'self' 'sha256-{style}'")),
            "{}",
            shell.csp()
        );
    }

    #[test]
    fn rendering_fills_language_direction_title_and_body_and_escapes_text() {
        let shell = Shell::from_index_html(TEMPLATE.into()).unwrap();
        let html = shell.render(&ShellPage {
            lang: "ar".into(),
            dir: "rtl".into(),
            title: "<script>alert(1)</script>".into(),
            description: "\"quoted\"".into(),
            head: String::new(),
            body: "<main id=\"main\">x</main>".into(),
        });
        assert!(html.contains(r#"<html lang="ar" dir="rtl">"#));
        assert!(html.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>"));
        assert!(html.contains("content=\"&quot;quoted&quot;\""));
        assert!(html.contains("<main id=\"main\">x</main>"));
    }

    #[test]
    fn a_shell_without_the_markers_is_refused_at_start_up() {
        let err = Shell::from_index_html("<html><body></body></html>".into()).unwrap_err();
        assert!(err.to_string().contains("marker"), "{err}");
    }
}
