//! The interest form's entry point: its own wasm bundle (served under `/intresseanmalan/`), so the
//! information pages do not carry the form, its validation and its texts in seven languages.

use kontaktperson::{api, dom, pages};

fn main() {
    console_error_panic_hook::set_once();
    if let Some(page) = dom::initial_page_data() {
        api::remember_page(page);
    }
    let root = dom::take_over_root();
    leptos::mount::mount_to(root, pages::apply::ApplyApp).forget();
    dom::mark_app_ready();
}
