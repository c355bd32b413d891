//! One file per kind of page; [`Dispatch`] picks one from `kp_domain::Route`.

pub mod apply;
mod content_page;
pub mod navigation;

use kp_domain::{Locale, PublicPage, Route};
use leptos::prelude::*;

use crate::dom;
use content_page::ContentPage;

/// The page for the current path.
#[component]
pub fn Dispatch() -> impl IntoView {
    let address = navigation::use_address();
    let route = Memo::new(move |_| Route::parse(&address.path.get()));
    // After a client-side navigation (not the first paint), start screen readers at the content:
    // on the next frame, once the new page is drawn, whichever of this effect and the view's own
    // runs first.
    Effect::new(move |previous: Option<Route>| {
        let current = route.get();
        if previous.is_some_and(|p| p != current) {
            dom::focus_soon("main");
        }
        current
    });
    let first = route.get_untracked();
    move || match route.get() {
        // The server's page for the first route is already on screen, adopted: nothing to draw.
        current if current == first && dom::showing_server_page() => ().into_any(),
        current => {
            dom::release_server_page();
            page_for(current)
        }
    }
}

/// The view of a route the app draws itself.
fn page_for(route: Route) -> AnyView {
    match route {
        Route::Root => {
            // The server redirects `/`; the app never links there itself.
            if let Some(window) = web_sys::window() {
                window.location().replace(&Locale::DEFAULT.home_path()).ok();
            }
            ().into_any()
        }
        // The form is its own bundle: load its page in full.
        Route::Public(locale, PublicPage::Apply) => {
            if let Some(window) = web_sys::window() {
                window
                    .location()
                    .assign(&PublicPage::Apply.path(locale))
                    .ok();
            }
            view! { <p class="status" role="status">{kp_domain::i18n::ui(locale).loading}</p> }
                .into_any()
        }
        Route::Public(locale, page) if page.has_content_file() => {
            view! { <ContentPage locale=locale page=Some(page)/> }.into_any()
        }
        Route::Public(locale, _) | Route::NotFound(locale) => {
            view! { <ContentPage locale=locale page=None/> }.into_any()
        }
        // The contact person's area is its own bundle: load it in full.
        Route::ContactArea(locale) => {
            if let Some(window) = web_sys::window() {
                window
                    .location()
                    .assign(&kp_domain::contact_area::area_path(locale))
                    .ok();
            }
            view! { <p class="status" role="status">{kp_domain::i18n::ui(locale).loading}</p> }
                .into_any()
        }
        Route::Caseworker | Route::Unknown => {
            view! { <ContentPage locale=Locale::DEFAULT page=None/> }.into_any()
        }
    }
}

/// The content id of a page (the not-found page is `notfound`).
pub fn content_id(page: Option<PublicPage>) -> &'static str {
    page.map(PublicPage::id).unwrap_or("notfound")
}
