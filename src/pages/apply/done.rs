//! The confirmation: the reference number, when the form was received, whether a confirmation is
//! e-mailed, a printable receipt, and what happens next.

use kp_domain::form_text::confirmation_mail_text;
use leptos::prelude::*;

use super::FormState;
use crate::components::form::Bidi;

/// The confirmation of the receipt the server gave (nothing before there is one).
pub fn confirmation(s: FormState) -> impl IntoView {
    let t = s.t;
    let rtl = s.cx.rtl;
    s.receipt.get_untracked().map(|receipt| {
        // Swedish time, as every time the municipality shows.
        let received = kp_domain::time::display_in_sweden(&receipt.received_at);
        // Whether a confirmation is e-mailed is the server's to say (a mail server is configured);
        // the reference is shown once, in the panel.
        let mail = confirmation_mail_text(t, &receipt);
        view! {
            <div class="panel" role="status">
                <h1 id="page-heading" tabindex="-1">{t.done_title}</h1>
                <p class="panel-body">{t.reference}<br/><strong class="reference" dir="ltr">{receipt.reference}</strong></p>
            </div>
            <dl class="summary-list receipt">
                <div class="summary-row"><dt>{t.received_at}</dt><dd dir="ltr">{received}</dd></div>
            </dl>
            <p id="confirmation-mail"><Bidi text=mail rtl=rtl/></p>
            <p class="actions">
                <button type="button" class="button button-secondary" on:click=move |_| { if let Some(w) = web_sys::window() { w.print().ok(); } }>{t.print}</button>
            </p>
            <h2>{t.next_title}</h2>
            <p><Bidi text=t.next_text rtl=rtl/></p>
        }
    })
}
