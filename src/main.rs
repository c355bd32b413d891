//! The public site's entry point. The server has already painted the page (its text is in the
//! first HTML response); the app takes over the same element in the same tick, from the same data,
//! so nothing flashes or appears twice.

use kontaktperson::{api, app, dom};

fn main() {
    console_error_panic_hook::set_once();
    if let Some(page) = dom::initial_page_data() {
        api::remember_page(page);
    }
    let root = dom::take_over_root();
    leptos::mount::mount_to(root, app::App).forget();
    dom::mark_app_ready();
}
