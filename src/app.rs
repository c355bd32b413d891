//! The router. The one list of routes is `kp_domain::Route` (the server uses the same one to
//! decide 200 or 404 before any wasm runs); here every path goes to [`pages::Dispatch`].

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::pages::Dispatch;

/// The application root.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <Routes fallback=Dispatch>
                <Route path=path!("/*any") view=Dispatch/>
            </Routes>
        </Router>
    }
}
