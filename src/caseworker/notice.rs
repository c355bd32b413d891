//! The outcome of an action on a page that stays where it is (ending a session, changing an
//! account): a polite status for what was done, an alert for what failed, both in one region
//! that focus can be moved to.

use leptos::prelude::*;

/// What the last action on the page came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// Done; says what happened.
    Done(String),
    /// Failed; says why and what to do.
    Failed(String),
}

/// The region that shows `notice`; `id` is where focus goes after an action.
#[component]
pub fn NoticeRegion(id: &'static str, notice: RwSignal<Option<Notice>>) -> impl IntoView {
    view! {
        <div id=id tabindex="-1" class="notice-region">
            <div role="status">
                {move || match notice.get() {
                    Some(Notice::Done(message)) => Some(view! { <p class="success">{message}</p> }),
                    _ => None,
                }}
            </div>
            <div role="alert">
                {move || match notice.get() {
                    Some(Notice::Failed(message)) => Some(view! { <p class="notice-error">{message}</p> }),
                    _ => None,
                }}
            </div>
        </div>
    }
}
