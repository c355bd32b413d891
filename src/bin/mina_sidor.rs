//! The contact person's area's entry point: its own wasm bundle (served under `/mina-sidor/`), so
//! neither the public pages nor the caseworkers carry it, and it carries neither of them.

use kontaktperson::{contact, dom};

fn main() {
    console_error_panic_hook::set_once();
    let root = dom::take_over_root();
    leptos::mount::mount_to(root, contact::App).forget();
    dom::mark_app_ready();
}
