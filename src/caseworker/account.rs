//! The signed-in caseworker's own account: change password.

use leptos::prelude::*;

use super::RequireSignIn;

/// The signed-in caseworker's own account: change password.
#[component]
pub fn AccountPage() -> impl IntoView {
    view! { <RequireSignIn><h1>"Mitt konto"</h1></RequireSignIn> }
}
