//! Accounts (administrators): create, change role, deactivate, reset password.

use leptos::prelude::*;

use super::RequireSignIn;

/// Accounts (administrators): create, change role, deactivate, reset password.
#[component]
pub fn AccountsPage() -> impl IntoView {
    view! { <RequireSignIn><h1>"Konton"</h1></RequireSignIn> }
}
