//! Whose site this is: the municipality's logo (with its name as the alternative text) or its
//! name, as the server put them in the shell's `<head>` (`server/src/municipality.rs` draws the
//! same markup into the first HTML, so the take-over changes nothing).

use leptos::prelude::*;

use crate::dom;

/// The municipality at the head of the brand link, on public pages and in the caseworker area.
#[component]
pub fn Municipality() -> impl IntoView {
    let municipality = dom::municipality();
    let name = municipality.name;
    view! {
        <span class="municipality">
            {match municipality.logo {
                Some(src) => view! { <img class="municipality-logo" src=src alt=name/> }.into_any(),
                None => name.into_any(),
            }}
        </span>
    }
}
