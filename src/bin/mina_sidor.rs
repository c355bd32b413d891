//! The contact person's area's entry point: its own wasm bundle (served under `/mina-sidor/`), so
//! neither the public pages nor the caseworkers carry it, and it carries neither of them.

use kontaktperson::{contact, dom};

fn main() {
    console_error_panic_hook::set_once();
    // The texts come with the page (the page's language only).
    if !contact::read_text() {
        leptos::logging::error!("the area's texts are missing from the page");
        return;
    }
    let root = dom::take_over_root();
    leptos::mount::mount_to(root, contact::App).forget();
    dom::mark_app_ready();
}
