//! One applicant: the answers, the timeline and the next step.

use leptos::prelude::*;

use super::RequireSignIn;

/// One applicant: the answers, the timeline and the next step.
#[component]
pub fn ApplicantPage() -> impl IntoView {
    view! { <RequireSignIn><h1>"Sökande"</h1></RequireSignIn> }
}
