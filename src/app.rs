//! The information pages' root. The one list of routes is `kp_domain::Route` (the server uses the
//! same one to decide 200 or 404 before any wasm runs); here every path goes to
//! [`pages::Dispatch`], and the links between the pages are followed by
//! [`pages::navigation`] (no `leptos_router` in this bundle).

use leptos::prelude::*;

use crate::pages::{navigation, Dispatch};

/// The application root.
#[component]
pub fn App() -> impl IntoView {
    navigation::provide(navigation::to_a_content_page);
    view! { <Dispatch/> }
}
