//! The information pages' own client-side navigation, instead of `leptos_router`: the bundle has
//! one route (every path goes to [`super::Dispatch`]), so all it needs is the address's path as
//! a signal, links to its own pages followed without a reload, and the back and forward buttons.
//! The router (its matching, nested routes, query parsing and link handling) was 35.5 KB of this
//! bundle's 114.4 KB of brotli (BENCHMARKS.md, issue 17). The interest form, the caseworker area
//! and the contact person's area keep `leptos_router`.
//!
//! A click is taken over only when it is a plain left click on a same-origin link to a page this
//! bundle draws (a content page or the not-found page), without `download` or a `target`, and not
//! a jump within the page shown (`#main`). Everything else (the form, the contact person's area,
//! other sites, new tabs) is left to the browser.

use kp_domain::{PublicPage, Route};
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// The address's path (`/sv/vanliga-fragor`), following the app's own navigation and the
/// browser's back and forward buttons.
#[derive(Debug, Clone, Copy)]
pub struct Pathname(pub ReadSignal<String>);

/// Starts listening for link clicks and history moves, and gives the path to the components
/// below (as context). Called once, by the app's root.
pub fn provide() -> Pathname {
    let (path, set_path) = signal(current_path());
    if let Some(window) = web_sys::window() {
        let on_click =
            Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
                if let Some(to) = followed_in_app(&ev) {
                    ev.prevent_default();
                    go(&to);
                    set_path.set(current_path());
                }
            });
        let on_popstate = Closure::<dyn Fn(web_sys::Event)>::new(move |_: web_sys::Event| {
            set_path.set(current_path());
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
    let pathname = Pathname(path);
    provide_context(pathname);
    pathname
}

/// The path provided by [`provide`].
pub fn use_pathname() -> ReadSignal<String> {
    expect_context::<Pathname>().0
}

fn current_path() -> String {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default()
}

/// Where a click leads, when the app should show it itself: the link's path, query and fragment.
fn followed_in_app(ev: &web_sys::MouseEvent) -> Option<String> {
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
    if !url.hash().is_empty() && location.pathname().ok()? == path {
        return None;
    }
    match Route::parse(&path) {
        Route::Public(_, page) if page != PublicPage::Apply => {}
        Route::NotFound(_) => {}
        _ => return None,
    }
    Some(format!("{path}{}{}", url.search(), url.hash()))
}

/// Puts `to` in the address bar as a new history entry, at the top of the page.
fn go(to: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(history) = window.history() {
        history
            .push_state_with_url(&JsValue::NULL, "", Some(to))
            .ok();
    }
    if !to.contains('#') {
        window.scroll_to_with_x_and_y(0.0, 0.0);
    }
}
