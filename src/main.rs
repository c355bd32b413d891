//! The public site's entry point. The server has already painted the page (its text is in the
//! first HTML response); the app adopts those nodes for the first route instead of drawing them
//! again (`dom::adopt_server_page`), and draws pages itself only once the reader navigates.

use kontaktperson::{api, app, dom};

fn main() {
    console_error_panic_hook::set_once();
    if let Some(page) = dom::initial_page_data() {
        api::remember_page(page);
    }
    let root = dom::adopt_server_page();
    leptos::mount::mount_to(root, app::App).forget();
    dom::mark_app_ready();
}
