//! The few things the SPA does to the document outside its own tree: `<html lang dir>`, the title,
//! the meta description, focus after navigation, the remembered language, and the hand-over from
//! the server-rendered page.

use kp_domain::api::PageContent;
use kp_domain::Locale;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a document")
}

/// The page data the server embedded as JSON (`<script id="kp-page-data" type="application/json">`),
/// with the page's text taken from the server-rendered `.prose` element (not repeated in the JSON).
pub fn initial_page_data() -> Option<PageContent> {
    let doc = document();
    let text = doc.get_element_by_id("kp-page-data")?.text_content()?;
    let mut page: PageContent = serde_json::from_str(&text).ok()?;
    if page.html.is_empty() {
        page.html = doc.query_selector("#kp-root .prose").ok()??.inner_html();
    }
    Some(page)
}

/// The municipality the server named in the shell (`<meta name="kp-municipality">` and, with a
/// logo, `<meta name="kp-municipality-logo">`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MunicipalityMeta {
    /// Its name.
    pub name: String,
    /// Its logo's address.
    pub logo: Option<String>,
}

/// Reads the municipality from the shell's `<head>`.
pub fn municipality() -> MunicipalityMeta {
    let doc = document();
    let meta = |name: &str| {
        doc.query_selector(&format!("meta[name={name}]"))
            .ok()
            .flatten()
            .and_then(|meta| meta.get_attribute("content"))
            .filter(|content| !content.trim().is_empty())
    };
    MunicipalityMeta {
        name: meta("kp-municipality").unwrap_or_default(),
        logo: meta("kp-municipality-logo"),
    }
}

/// Empties the server-rendered `#kp-root` (creating it if absent) for the app to mount into.
pub fn take_over_root() -> HtmlElement {
    let doc = document();
    let root = match doc.get_element_by_id("kp-root") {
        Some(existing) => existing,
        None => {
            let created = doc.create_element("div").expect("create div");
            created.set_id("kp-root");
            doc.body()
                .expect("a body")
                .append_child(&created)
                .expect("append");
            created
        }
    };
    root.set_inner_html("");
    root.dyn_into().expect("#kp-root is an HTML element")
}

/// Marks `<html data-kp-app="ready">` once the app has mounted (tests wait for it).
pub fn mark_app_ready() {
    if let Some(html) = document().document_element() {
        html.set_attribute("data-kp-app", "ready").ok();
    }
}

/// Brings `<html lang dir>`, `<title>` and the meta description in line with the page shown.
pub fn set_document_meta(locale: Locale, title: &str, description: &str) {
    let doc = document();
    if let Some(html) = doc.document_element() {
        html.set_attribute("lang", locale.html_lang()).ok();
        html.set_attribute("dir", locale.dir().as_str()).ok();
    }
    doc.set_title(title);
    if let Ok(Some(meta)) = doc.query_selector("meta[name=description]") {
        meta.set_attribute("content", description).ok();
    }
}

/// Moves focus to the main region (after client-side navigation, so screen readers start there).
pub fn focus_main() {
    if let Some(main) = document().get_element_by_id("main") {
        if let Ok(main) = main.dyn_into::<HtmlElement>() {
            main.focus().ok();
        }
    }
}

/// Focuses the element with this id once the next frame is drawn: an error summary that has just
/// appeared, a field, the button an action started from.
pub fn focus_soon(id: impl Into<String>) {
    let id: String = id.into();
    leptos::prelude::request_animation_frame(move || {
        if let Some(el) = document()
            .get_element_by_id(&id)
            .and_then(|el| el.dyn_into::<HtmlElement>().ok())
        {
            el.focus().ok();
        }
    });
}

/// Remembers the language picked in the picker, so `/` sends the reader back to it next time.
pub fn remember_locale(locale: Locale) {
    if let Ok(doc) = document().dyn_into::<web_sys::HtmlDocument>() {
        doc.set_cookie(&format!(
            "kp_locale={}; path=/; max-age=31536000; samesite=lax",
            locale.code()
        ))
        .ok();
    }
}
