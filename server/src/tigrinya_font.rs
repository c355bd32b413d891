//! How a Tigrinya page gets its Ethiopic font (`public/fonts/kp-ethiopic.woff2`, 15.6 KB; many
//! computers have no Ethiopic font at all), so its text is drawn once, in that font, and never
//! moves.
//!
//! - A page whose text is in its first HTML (the landing page and the content pages) carries the
//!   font itself, as a `data:` address: an inline `@font-face` "KP Ethiopic First", which
//!   `style/main.css` names first for `html[lang="ti"]`, and a preload of the same address. The
//!   preload makes Chromium hold the first paint until the font is decoded (a preloaded font is
//!   render-blocking there), which for a `data:` address is a moment, not a round trip: the text
//!   is drawn once, in its font, and never moves.
//!   - Measured (BENCHMARKS.md, "Tigrinya's font in its first HTML"): the file preloaded by
//!     address arrived after the paint on a slow line, so Lighthouse's simulated LCP came 0.26 s
//!     after FCP; the face inline without the preload was decoded after the first layout at a
//!     phone's pixel ratio, and the text moved (CLS 0.013).
//!   - The two copies cost nothing on the wire: the response is compressed, and the second copy
//!     is a back-reference to the first. A page loaded again from the server carries the font
//!     again (about 16 KB compressed), where the file would come from the cache; the pages a
//!     reader opens from there are drawn by the app and keep it.
//! - A page its wasm draws (the interest form, the contact person's area) preloads the file by
//!   address: it arrives beside the wasm, long before the text is drawn, and is cached.
//! - `style/main.css`'s "KP Ethiopic" face (the file by address, `font-display: swap`) is what
//!   those pages use, and what a page the app switches to Tigrinya from another language uses; a
//!   page with the inline face never fetches it.
//!
//! Other languages' pages carry neither.

use std::path::Path;

use anyhow::Context;
use base64::Engine;
use kp_domain::Locale;

/// The font file, relative to `dist/`.
pub const FONT_FILE: &str = "fonts/kp-ethiopic.woff2";

/// The preload link of a wasm-drawn Tigrinya page.
const PRELOAD: &str =
    "<link rel=\"preload\" href=\"/fonts/kp-ethiopic.woff2\" as=\"font\" type=\"font/woff2\" crossorigin>\n";

/// The font, ready to be put into a Tigrinya page's `<head>`.
#[derive(Debug)]
pub struct TigrinyaFont {
    /// The file as a `data:` address twice: preloaded, and in a `<style>` with the `@font-face`
    /// "KP Ethiopic First".
    inline_face: String,
}

impl TigrinyaFont {
    /// Reads the font from the built SPA (`dist/fonts/kp-ethiopic.woff2`).
    pub fn load(dist: &Path) -> anyhow::Result<TigrinyaFont> {
        let path = dist.join(FONT_FILE);
        let bytes = std::fs::read(&path).with_context(|| {
            format!(
                "reading {} (the build copies public/fonts into dist/)",
                path.display()
            )
        })?;
        Ok(TigrinyaFont::from_bytes(&bytes))
    }

    fn from_bytes(woff2: &[u8]) -> TigrinyaFont {
        let data = base64::engine::general_purpose::STANDARD.encode(woff2);
        TigrinyaFont {
            inline_face: format!(
                "<link rel=\"preload\" href=\"data:font/woff2;base64,{data}\" as=\"font\" \
                 type=\"font/woff2\" crossorigin>\n\
                 <style>@font-face{{font-family:\"KP Ethiopic First\";\
                 src:url(data:font/woff2;base64,{data}) format(\"woff2\");font-weight:400;\
                 font-style:normal;font-display:swap;\
                 unicode-range:U+1200-139F,U+2D80-2DDF,U+AB00-AB2F}}</style>\n"
            ),
        }
    }

    /// For the `<head>` of a page whose text is in its first HTML: the font inline on Tigrinya
    /// pages, nothing on others.
    pub fn for_text_in_html(&self, locale: Locale) -> &str {
        if locale == Locale::Ti {
            &self.inline_face
        } else {
            ""
        }
    }

    /// For the `<head>` of a page its wasm draws: the preload link on Tigrinya pages, nothing on
    /// others.
    pub fn for_wasm_drawn(locale: Locale) -> &'static str {
        if locale == Locale::Ti {
            PRELOAD
        } else {
            ""
        }
    }

    /// The markup with the inline `<style>`, whose hash the Content-Security-Policy lists.
    pub fn inline_style(&self) -> &str {
        &self.inline_face
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_tigrinya_pages_carry_the_font_inline_or_preloaded() {
        let font = TigrinyaFont::from_bytes(b"wOF2 not really");
        let inline = font.for_text_in_html(Locale::Ti);
        let data = format!(
            "data:font/woff2;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(b"wOF2 not really")
        );
        assert!(inline.starts_with(&format!(
            "<link rel=\"preload\" href=\"{data}\" as=\"font\""
        )));
        assert!(inline.contains(&format!(
            "<style>@font-face{{font-family:\"KP Ethiopic First\";src:url({data}) format(\"woff2\");"
        )));
        assert!(TigrinyaFont::for_wasm_drawn(Locale::Ti).contains("rel=\"preload\""));
        for other in Locale::ALL.into_iter().filter(|l| *l != Locale::Ti) {
            assert_eq!(font.for_text_in_html(other), "", "{other:?}");
            assert_eq!(TigrinyaFont::for_wasm_drawn(other), "", "{other:?}");
        }
    }
}
