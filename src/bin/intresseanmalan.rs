//! The interest form's entry point: its own wasm bundle (served under `/intresseanmalan/`), so the
//! information pages do not carry the form, its validation and its texts in seven languages.

use kontaktperson::{api, dom, pages};

fn main() {
    console_error_panic_hook::set_once();
    // The texts come with the page (the page's language only); without them the server's page,
    // which says how to apply by phone or e-mail, stays as it is.
    let Some((t, u)) = pages::apply::embedded_texts() else {
        leptos::logging::error!("the form's texts are missing from the page");
        return;
    };
    if let Some(page) = dom::initial_page_data() {
        api::remember_page(page);
    }
    let root = dom::take_over_root();
    leptos::mount::mount_to(root, move || {
        leptos::view! { <pages::apply::ApplyApp t=t u=u/> }
    })
    .forget();
    dom::mark_app_ready();
}
