//! The page someone with a temporary password sees instead of any other (an administrator created
//! the account or set the password): choose a new one first. The server refuses everything else
//! meanwhile (403 `password_change_required`); the navigation is hidden until it is done.

use leptos::prelude::*;

use super::account::PasswordForm;
use super::{reopen_area, text, GoTo, Session, SignedOut};

/// "Välj ett nytt lösenord", with the change-password form; afterwards, the overview.
#[component]
pub fn TemporaryPasswordPage() -> impl IntoView {
    let Session(session) = expect_context::<Session>();
    let SignedOut(signed_out) = expect_context::<SignedOut>();
    // This page is gone once the session no longer needs it: the frame navigates.
    let go_to = expect_context::<GoTo>();
    let email = session
        .get_untracked()
        .flatten()
        .map(|user| user.email)
        .unwrap_or_default();
    crate::dom::set_document_meta(
        kp_domain::Locale::Sv,
        &format!("Välj ett nytt lösenord – {}", text::PRODUCT),
        "Byt det tillfälliga lösenordet innan du fortsätter",
    );
    // Asking who is signed in again ends the flow the write began: sent by the same kind of
    // sender, so it is never started twice.
    let reopening = crate::api::Sender::new();
    let done = move || {
        reopening.send(reopen_area(session, signed_out, go_to, |user| {
            user.must_change_password = false
        }));
    };
    view! {
        <h1 id="temporary-password-heading">"Välj ett nytt lösenord"</h1>
        <div class="lead-small">
            <p>"En administratör har gett dig ett tillfälligt lösenord. Välj ett eget lösenord som bara du känner till innan du fortsätter."</p>
        </div>
        <PasswordForm email=email temporary=true on_done=done/>
    }
}
