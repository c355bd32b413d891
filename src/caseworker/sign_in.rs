//! Sign-in: e-mail and password, with the one answer the server gives for any wrong pair, and
//! how long to wait when it slows sign-ins down. After a session ended, the page says why and
//! leads back to the page the person was on (`?tillbaka=/handlaggare/…`).

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::signed_out::{return_route, RETURN_PARAM};
use super::{text, Session, SignedOut};
use crate::api;

/// The sign-in page.
#[component]
pub fn SignInPage() -> impl IntoView {
    let Session(session) = expect_context::<Session>();
    let SignedOut(signed_out) = expect_context::<SignedOut>();
    let query = use_query_map();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    crate::dom::set_document_meta(
        kp_domain::Locale::Sv,
        &format!("Logga in – {}", text::PRODUCT),
        "Inloggning för handläggare",
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = api::sign_in(&email.get_untracked(), &password.get_untracked()).await;
            busy.set(false);
            match result {
                Ok(user) => {
                    password.set(String::new());
                    let back = query
                        .with_untracked(|q| q.get(RETURN_PARAM))
                        .and_then(|t| return_route(&t))
                        .unwrap_or_else(|| "/".to_string());
                    signed_out.set(None);
                    session.set(Some(Some(user)));
                    navigate(&back, Default::default());
                }
                Err(e) => {
                    password.set(String::new());
                    error.set(Some(text::sign_in_error(&e)));
                    // The message is drawn on the next frame; focus it then.
                    request_animation_frame(|| {
                        if let Some(el) = document().get_element_by_id("sign-in-error") {
                            use wasm_bindgen::JsCast;
                            if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                                el.focus().ok();
                            }
                        }
                    });
                }
            }
        });
    };
    view! {
        <h1>"Logga in"</h1>
        {move || signed_out.get().map(|by| view! {
            <p class="notice" role="status">{by.message()}</p>
        })}
        {move || error.get().map(|message| view! {
            <div class="error-summary" id="sign-in-error" tabindex="-1" role="alert">
                <h2 class="error-summary-title">"Det gick inte att logga in"</h2>
                <p>{message}</p>
            </div>
        })}
        <form class="narrow" on:submit=submit>
            <div class="form-group">
                <label class="label" for="sign-in-email">"E-postadress"</label>
                <input id="sign-in-email" class="input" type="email" autocomplete="username" required
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
    }
}
