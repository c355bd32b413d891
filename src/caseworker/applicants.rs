//! The applicant list: filters, search, sort and pages.

use leptos::prelude::*;

use super::RequireSignIn;

/// The applicant list: filters, search, sort and pages.
#[component]
pub fn ApplicantsPage() -> impl IntoView {
    view! { <RequireSignIn><h1>"Sökande"</h1></RequireSignIn> }
}
