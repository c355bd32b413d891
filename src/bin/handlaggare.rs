//! The caseworker area's entry point (its own wasm bundle, served under `/handlaggare/`).

use kontaktperson::{caseworker, dom};

fn main() {
    console_error_panic_hook::set_once();
    let root = dom::take_over_root();
    leptos::mount::mount_to(root, caseworker::App).forget();
    dom::mark_app_ready();
}
