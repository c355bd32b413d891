//! The sign-in's second step, for an account with a second factor: the six digits the app shows
//! now, or one of the recovery codes. A wrong code is said on the field and the field emptied;
//! when the step is over (too slow, too many wrong codes) the person starts again with the
//! password.

use kp_domain::caseworker::SignedIn;
use leptos::prelude::*;

use super::second_factor::CodeField;
use super::text::{code_error, CodeAt};
use crate::api;

/// "Ange koden": calls `on_signed_in` when the code is right, `on_restart` (with why, or `None`
/// when the person chose to) when the password must be typed again.
#[component]
pub fn CodeStep(
    on_signed_in: impl Fn(SignedIn) + Clone + 'static,
    on_restart: impl Fn(Option<String>) + Copy + 'static,
) -> impl IntoView {
    let code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<&'static str>);
    let sender = api::Sender::new();
    let busy = sender.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sender.is_pending() {
            return;
        }
        if code.get_untracked().trim().is_empty() {
            error.set(Some("Skriv koden från appen, eller en reservkod."));
            crate::dom::focus_soon("sign-in-code");
            return;
        }
        let on_signed_in = on_signed_in.clone();
        sender.send(async move {
            let result = api::sign_in_with_code(&code.get_untracked()).await;
            code.set(String::new());
            match result {
                Ok(user) => on_signed_in(user),
                Err(e) => match code_error(&e, CodeAt::SignIn) {
                    Ok(message) => {
                        error.set(Some(message));
                        crate::dom::focus_soon("sign-in-code");
                    }
                    Err(message) => on_restart(Some(message)),
                },
            }
        });
    };
    view! {
        <section aria-labelledby="code-step-heading">
            <h2 id="code-step-heading">"Ange koden från appen"</h2>
            <p>"Öppna autentiseringsappen i din telefon och skriv koden som visas för Kontaktperson. Har du inte telefonen kan du skriva en av dina reservkoder."</p>
            <form class="narrow" on:submit=submit novalidate>
                <CodeField id="sign-in-code" label="Engångskod eller reservkod" value=code error=error
                    hint="Sex siffror, eller en reservkod som ABCD-EFGH-JKMN-PQRS."/>
                <div class="actions">
                    <button type="submit" class="button" aria-disabled=move || busy.get().then_some("true")>
                        {move || if busy.get() { "Kontrollerar …" } else { "Fortsätt" }}
                    </button>
                    <button type="button" class="button button-secondary" on:click=move |_| on_restart(None)>
                        "Börja om"
                    </button>
                </div>
            </form>
        </section>
    }
}
