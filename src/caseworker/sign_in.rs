//! Sign-in: through the municipality's identity provider ("Logga in med …", when one is
//! configured; a refusal comes back as `?fel=<code>` and is said here), and e-mail and password
//! (unless switched off), with the one answer the server gives for any wrong pair, and how long
//! to wait when it slows sign-ins down; then, for an account with a second factor, the code from
//! the app ([`CodeStep`]). After a session ended, the page says why and leads back to the page
//! the person was on (`?tillbaka=/handlaggare/…`).

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::code_step::CodeStep;
use super::routes::CaseworkerRoute;
use super::signed_out::{return_route, RETURN_PARAM};
use super::{text, Session, SignedOut};
use crate::api;
use crate::components::error_summary::ErrorSummary;
use kp_domain::second_factor::SignInAnswer;
use kp_domain::single_sign_on::{ProviderRefusal, SignInMethods};

/// Where the provider's sign-in starts (a server route: the browser leaves the SPA).
const PROVIDER_START: &str = "/api/auth/oidc/start";

/// The message for a refusal the provider's sign-in came back with (`?fel=<code>`).
pub fn provider_refusal(code: Option<&str>) -> Option<&'static str> {
    code.and_then(ProviderRefusal::from_code)
        .map(ProviderRefusal::swedish)
}

/// The sign-in page.
#[component]
pub fn SignInPage() -> impl IntoView {
    let Session(session) = expect_context::<Session>();
    let SignedOut(signed_out) = expect_context::<SignedOut>();
    let query = use_query_map();
    if query.with_untracked(|q| q.get("fel").is_some()) {
        crate::dom::focus_soon("sign-in-error");
    }
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(
        query
            .with_untracked(|q| provider_refusal(q.get("fel").as_deref()))
            .map(str::to_string),
    );
    let methods = api::load(api::sign_in_methods);
    let sender = api::Sender::new();
    let busy = sender.pending();
    let code_step = RwSignal::new(false);
    let navigate = use_navigate();
    crate::dom::set_document_meta(
        kp_domain::Locale::Sv,
        &format!("Logga in – {}", text::PRODUCT),
        "Inloggning för handläggare",
    );
    // Signed in: back to the page the person came from.
    let finish = {
        let navigate = navigate.clone();
        move |user: kp_domain::caseworker::SignedIn| {
            let back = query
                .with_untracked(|q| q.get(RETURN_PARAM))
                .and_then(|t| return_route(&t))
                .unwrap_or_else(|| CaseworkerRoute::Overview.path());
            signed_out.set(None);
            session.set(Some(Some(user)));
            navigate(&back, Default::default());
        }
    };
    let show_error = move |message: String| {
        error.set(Some(message));
        crate::dom::focus_soon("sign-in-error");
    };
    let submit = {
        let finish = finish.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if sender.is_pending() {
                return;
            }
            error.set(None);
            let finish = finish.clone();
            sender.send(async move {
                let result = api::sign_in(&email.get_untracked(), &password.get_untracked()).await;
                password.set(String::new());
                match result {
                    Ok(SignInAnswer::SignedIn(user)) => finish(user),
                    Ok(SignInAnswer::CodeNeeded(_)) => {
                        code_step.set(true);
                        crate::dom::focus_soon("sign-in-code");
                    }
                    Err(e) => show_error(text::sign_in_error(&e)),
                }
            });
        }
    };
    // The code step ran out or saw too many wrong codes: the password again.
    let restart = move |message: Option<String>| {
        code_step.set(false);
        match message {
            Some(message) => show_error(message),
            None => {
                error.set(None);
                crate::dom::focus_soon("sign-in-email");
            }
        }
    };
    view! {
        <h1>"Logga in"</h1>
        {move || signed_out.get().map(|by| view! {
            <p class="notice" role="status">{by.message()}</p>
        })}
        <ErrorSummary id="sign-in-error" title="Det gick inte att logga in" refusal=error/>
        {move || if code_step.get() {
            view! { <CodeStep on_signed_in=finish.clone() on_restart=restart/> }.into_any()
        } else {
            // Until the server says, the password form (the quick start's way in) is shown.
            let offered = methods.get().and_then(Result::ok).unwrap_or(SignInMethods {
                local: true,
                provider: None,
            });
            let provider = offered.provider.map(|name| view! {
                <p>
                    <a class="button" href=PROVIDER_START rel="external">{format!("Logga in med {name}")}</a>
                </p>
            });
            let or = (offered.local && provider.is_some())
                .then(|| view! { <h2>"Eller med e-postadress och lösenord"</h2> });
            let form = offered.local.then(|| view! {
                <form class="narrow" on:submit=submit.clone()>
                    <div class="form-group">
                        <label class="label" for="sign-in-email">"E-postadress"</label>
                        // A text input, not type=email: the autofill token "username" (what
                        // password managers pair with the password) is only valid on text
                        // controls (HTML's autofill table; IBM's input_autocomplete_valid).
                        <input id="sign-in-email" class="input" type="text" inputmode="email" autocomplete="username"
                            spellcheck="false" autocapitalize="none" required
                            prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev))/>
                    </div>
                    <div class="form-group">
                        <label class="label" for="sign-in-password">"Lösenord"</label>
                        <input id="sign-in-password" class="input" type="password" autocomplete="current-password" required
                            prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
                    </div>
                    <button type="submit" class="button" prop:disabled=move || busy.get()>
                        {move || if busy.get() { "Loggar in …" } else { "Logga in" }}
                    </button>
                </form>
            });
            view! { {provider} {or} {form} }.into_any()
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::provider_refusal;

    #[test]
    fn a_refusal_code_in_the_address_is_said_in_swedish_and_anything_else_is_not_shown() {
        assert_eq!(
            provider_refusal(Some("oidc_no_role")),
            Some("Ditt konto hos kommunen ger ingen behörighet till Kontaktperson. Kontakta din administratör.")
        );
        assert_eq!(provider_refusal(Some("<script>alert(1)</script>")), None);
        assert_eq!(provider_refusal(None), None);
    }
}
