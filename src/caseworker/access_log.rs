//! The access log (administrators): filter, export, verify the chain.

use leptos::prelude::*;

use super::RequireSignIn;

/// The access log (administrators): filter, export, verify the chain.
#[component]
pub fn AccessLogPage() -> impl IntoView {
    view! { <RequireSignIn><h1>"Åtkomstlogg"</h1></RequireSignIn> }
}
