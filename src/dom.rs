//! The few things the SPA does to the document outside its own tree: `<html lang dir>`, the title,
//! the meta description, focus after navigation, the remembered language, and the hand-over from
//! the server-rendered page.

use std::cell::RefCell;

use kp_domain::api::PageContent;
use kp_domain::{Locale, Route};
use wasm_bindgen::closure::Closure;
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

/// The text of the JSON the server embedded as `<script id="{id}" type="application/json">`, taken
/// out of the document (read once: what it says is only true of the moment the page loaded).
pub fn take_embedded_json(id: &str) -> Option<String> {
    let element = document().get_element_by_id(id)?;
    let text = element.text_content();
    element.remove();
    text
}

/// A text table (`kp_domain::text_table!`) the server embedded under `id`, read once and kept for
/// the page's life; `None` when it is missing or not a whole table.
pub fn embedded_table<T>(id: &str, table: fn(Vec<String>) -> Option<T>) -> Option<&'static T> {
    let json = take_embedded_json(id)?;
    table(serde_json::from_str(&json).ok()?).map(|t| &*Box::leak(Box::new(t)))
}

/// When this page began loading (ms since the Unix epoch, by the browser's clock): the
/// navigation's start, which is before its request was sent.
pub fn page_load_started_ms() -> i64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.time_origin() as i64)
        .unwrap_or_else(|| chrono::Utc::now().timestamp_millis())
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

thread_local! {
    /// The server-rendered page the public app has adopted, while it is still the one shown: the
    /// root's child nodes as the server sent them.
    static ADOPTED: RefCell<Option<Vec<web_sys::Node>>> = const { RefCell::new(None) };
}

/// The public site's root, adopting the page the server rendered into it. When `#kp-root` holds
/// a server-rendered page (its `main` and its `kp-page-data`), its nodes stay as they are: the app
/// shows them for the first route, with the header's behaviour attached to them, and removes them
/// only when the reader goes to another page ([`release_server_page`]). So the text painted first
/// is the text that stays, and the wasm never paints it again. Without such a page, as
/// [`take_over_root`].
pub fn adopt_server_page() -> HtmlElement {
    let doc = document();
    let Some(root) = doc.get_element_by_id("kp-root") else {
        return take_over_root();
    };
    let server_rendered = root.query_selector("#main").ok().flatten().is_some()
        && doc.get_element_by_id("kp-page-data").is_some();
    if !server_rendered {
        return take_over_root();
    }
    let mut nodes = Vec::new();
    let mut next = root.first_child();
    while let Some(node) = next {
        next = node.next_sibling();
        nodes.push(node);
    }
    attach_server_behaviour(&root);
    ADOPTED.with(|adopted| *adopted.borrow_mut() = Some(nodes));
    root.dyn_into().expect("#kp-root is an HTML element")
}

/// Whether the page shown is still the server's (the app has not navigated away from it).
pub fn showing_server_page() -> bool {
    ADOPTED.with(|adopted| adopted.borrow().is_some())
}

/// Removes the adopted server-rendered page, once, when the app shows another one.
pub fn release_server_page() {
    let nodes = ADOPTED.with(|adopted| adopted.borrow_mut().take());
    for node in nodes.into_iter().flatten() {
        if let Some(parent) = node.parent_node() {
            parent.remove_child(&node).ok();
        }
    }
}

/// What `src/components/layout.rs` attaches to its own nodes, attached to the server's: the skip
/// link focuses the main region, and a language chosen in the picker is remembered. (Links are
/// `pages::navigation`'s already: it listens for clicks on any link in the document.)
fn attach_server_behaviour(root: &web_sys::Element) {
    let listen = |selector: &str, handler: Box<dyn Fn(web_sys::Event)>| {
        if let Ok(Some(element)) = root.query_selector(selector) {
            let handler = Closure::wrap(handler);
            element
                .add_event_listener_with_callback("click", handler.as_ref().unchecked_ref())
                .ok();
            // Lives as long as the element, which is the page's first screen.
            handler.forget();
        }
    };
    listen(
        "a.skip-link",
        Box::new(|ev: web_sys::Event| {
            ev.prevent_default();
            focus_main();
        }),
    );
    listen(
        ".language-picker",
        Box::new(|ev: web_sys::Event| {
            let link = ev
                .target()
                .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
                .and_then(|element| element.closest("a[href]").ok().flatten());
            if let Some(href) = link.and_then(|link| link.get_attribute("href")) {
                if let Route::Public(locale, _) | Route::NotFound(locale) = Route::parse(&href) {
                    remember_locale(locale);
                }
            }
        }),
    );
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
