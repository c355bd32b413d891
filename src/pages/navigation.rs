//! Client-side navigation for the two public bundles, instead of `leptos_router`: each has one
//! route (the information pages go to [`super::Dispatch`], the interest form is one page), so all
//! they need is the address (path and query) as signals, links to their own places followed
//! without a reload, and the back and forward buttons. In the information pages' bundle the router
//! (its matching, nested routes, query parsing and link handling) was 35.5 KB of 114.4 KB of
//! brotli (BENCHMARKS.md, issue 17). The caseworker area and the contact person's area keep
//! `leptos_router`.
//!
//! A click is taken over only when it is a plain left click on a same-origin link without
//! `download` or a `target`, not a jump within the page shown (`#main`), to a place the bundle
//! shows itself (the `follows` given to [`provide`]). Everything else (another bundle's pages,
//! other sites, new tabs) is left to the browser.

use kp_domain::{PublicPage, Route};
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// The address shown, following the app's own navigation and the browser's back and forward
/// buttons.
#[derive(Debug, Clone, Copy)]
pub struct Address {
    /// The path (`/sv/vanliga-fragor`).
    pub path: ReadSignal<String>,
    /// The query, with its `?` (`?steg=2`), or empty.
    pub search: ReadSignal<String>,
}

thread_local! {
    static SETTERS: std::cell::Cell<Option<(WriteSignal<String>, WriteSignal<String>)>> =
        const { std::cell::Cell::new(None) };
}

/// Starts listening for link clicks and history moves, and gives the address to the components
/// below (as context). Called once, by the app's root. `follows(to, shown)` says whether a link
/// to the path `to`, from the page at the path `shown`, is the app's to show.
pub fn provide(follows: fn(&str, &str) -> bool) -> Address {
    let (path, set_path) = signal(current_path());
    let (search, set_search) = signal(current_search());
    SETTERS.with(|s| s.set(Some((set_path, set_search))));
    if let Some(window) = web_sys::window() {
        let on_click =
            Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
                if let Some(to) = followed_in_app(&ev, follows) {
                    ev.prevent_default();
                    navigate(&to, false);
                }
            });
        let on_popstate = Closure::<dyn Fn(web_sys::Event)>::new(move |_: web_sys::Event| {
            set_path.set(current_path());
            set_search.set(current_search());
        });
        if let Some(document) = window.document() {
            document
                .add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())
                .ok();
        }
        window
            .add_event_listener_with_callback("popstate", on_popstate.as_ref().unchecked_ref())
            .ok();
        // The listeners live as long as the page.
        on_click.forget();
        on_popstate.forget();
    }
    let address = Address { path, search };
    provide_context(address);
    address
}

/// The address provided by [`provide`].
pub fn use_address() -> Address {
    expect_context::<Address>()
}

/// The value of the query's parameter `name`, if it has one (tracked).
pub fn query_value(address: Address, name: &str) -> Option<String> {
    address.search.with(|search| {
        web_sys::UrlSearchParams::new_with_str(search)
            .ok()?
            .get(name)
    })
}

fn current_path() -> String {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default()
}

fn current_search() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// Where a click leads, when the app should show it itself: the link's path, query and fragment.
fn followed_in_app(ev: &web_sys::MouseEvent, follows: fn(&str, &str) -> bool) -> Option<String> {
    if ev.default_prevented()
        || ev.button() != 0
        || ev.meta_key()
        || ev.alt_key()
        || ev.ctrl_key()
        || ev.shift_key()
    {
        return None;
    }
    let link = ev
        .target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest("a[href]")
        .ok()??;
    if link.has_attribute("download")
        || link
            .get_attribute("target")
            .is_some_and(|target| !target.is_empty() && target != "_self")
    {
        return None;
    }
    let location = web_sys::window()?.location();
    let url =
        web_sys::Url::new_with_base(&link.get_attribute("href")?, &location.href().ok()?).ok()?;
    if url.origin() != location.origin().ok()? {
        return None;
    }
    let path = url.pathname();
    let shown = location.pathname().ok()?;
    if !url.hash().is_empty() && shown == path {
        return None;
    }
    follows(&path, &shown).then(|| format!("{path}{}{}", url.search(), url.hash()))
}

/// For the information pages: the pages this bundle draws itself (a content page, not found).
pub fn to_a_content_page(to: &str, _shown: &str) -> bool {
    match Route::parse(to) {
        Route::Public(_, page) => page != PublicPage::Apply,
        Route::NotFound(_) => true,
        _ => false,
    }
}

/// For the interest form: another place on the page shown (another `?steg=`).
pub fn on_this_page(to: &str, shown: &str) -> bool {
    to == shown
}

/// Shows `to` (a path with its query, on this site) in the address bar, as a new history entry
/// or (`replace`) in place of the current one, at the top of the page, and updates [`Address`].
pub fn navigate(to: &str, replace: bool) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(history) = window.history() {
        if replace {
            history
                .replace_state_with_url(&JsValue::NULL, "", Some(to))
                .ok();
        } else {
            history
                .push_state_with_url(&JsValue::NULL, "", Some(to))
                .ok();
        }
    }
    if !to.contains('#') {
        window.scroll_to_with_x_and_y(0.0, 0.0);
    }
    if let Some((set_path, set_search)) = SETTERS.with(std::cell::Cell::get) {
        set_path.set(current_path());
        set_search.set(current_search());
    }
}
