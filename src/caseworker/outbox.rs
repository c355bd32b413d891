//! The outbox: receipts and notices, sent and waiting.

use leptos::prelude::*;

use super::RequireSignIn;

/// The outbox: receipts and notices, sent and waiting.
#[component]
pub fn OutboxPage() -> impl IntoView {
    view! { <RequireSignIn><h1>"Utskick"</h1></RequireSignIn> }
}
