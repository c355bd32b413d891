//! The sign-in page: the ways in the municipality offers (`GET /api/contact/methods`): a link by
//! e-mail (202, then "check your e-mail"), and e-legitimation through the broker; a refused e-ID
//! sign-in (`?fel=eid_…`) or a link that no longer works is said in the reader's language.

use super::text;
use kp_domain::api::FieldError;
use kp_domain::contact_area::LINK_MINUTES;
use kp_domain::i18n::fill;
use kp_domain::Locale;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::errors::{control_id, described_by, AreaErrorSummary, FieldErrorLine};
use super::set_title;
use crate::api::contact as api;
use crate::dom;

/// The sign-in page.
#[component]
pub fn SignInPage(locale: Locale, link_refused: RwSignal<bool>) -> impl IntoView {
    let t = text();
    let query = use_query_map();
    let eid_refused = move || {
        query
            .with(|q| q.get("fel"))
            .map(|code| t.eid_refusal(&code))
    };
    let methods = crate::api::load(api::methods);
    let email = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let sent = RwSignal::new(false);
    let failure = RwSignal::new(None::<&'static str>);
    let sender = crate::api::Sender::new();
    let busy = sender.pending();
    Effect::new(move || set_title(locale, t.sign_in_title, !errors.get().is_empty()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sender.is_pending() {
            return;
        }
        failure.set(None);
        let address = email.get_untracked();
        if address.trim().is_empty() {
            errors.set(vec![FieldError {
                field: "email".into(),
                code: "required".into(),
            }]);
            dom::focus_soon("error-summary");
            return;
        }
        sender.send(async move {
            match api::request_link(&address, locale).await {
                Ok(()) => {
                    errors.set(Vec::new());
                    sent.set(true);
                    dom::focus_soon("link-sent");
                }
                Err(e) if !e.fields.is_empty() => {
                    errors.set(e.fields);
                    dom::focus_soon("error-summary");
                }
                Err(e) => failure.set(Some(t.refusal(locale, e.status, &e.code))),
            }
        });
    };
    view! {
        <h1>{t.sign_in_title}</h1>
        <p class="lead-small">{t.sign_in_intro}</p>
        {move || eid_refused().map(|text| view! { <p class="notice notice-error" role="alert">{text}</p> })}
        {move || link_refused.get().then(|| view! { <p class="notice notice-error" role="alert">{t.invalid_link}</p> })}
        <Transition fallback=move || view! { <p class="status" role="status">{t.loading}</p> }>
            {move || methods.get().map(|answer| match answer {
                Err(e) => view! { <p class="notice notice-error" role="alert">{t.refusal(locale, e.status, &e.code)}</p> }.into_any(),
                Ok(m) if !m.link && m.eid.is_none() => view! { <p>{t.no_methods}</p> }.into_any(),
                Ok(m) => {
                    let eid = m.eid.clone().map(|name| {
                        let href = format!("/api/contact/eid/start?locale={}", locale.code());
                        view! {
                            <section aria-labelledby="eid-heading">
                                <h2 id="eid-heading">{t.eid_title}</h2>
                                <p><a class="button" href=href>{fill(t.eid_button, &[("name", &name)])}</a></p>
                            </section>
                        }
                    });
                    let link_heading = if m.eid.is_some() { t.or_link } else { t.send_link };
                    let link = m.link.then(|| view! {
                        <section aria-labelledby="link-heading">
                            <h2 id="link-heading">{link_heading}</h2>
                            <Show when=move || sent.get() fallback=move || view! {
                                <AreaErrorSummary locale=locale errors=errors/>
                                <form novalidate on:submit=submit aria-labelledby="link-heading">
                                    <div class="field">
                                        <label for=control_id("email")>{t.email_label}</label>
                                        <p class="hint" id="f-email-hint">{t.email_hint}</p>
                                        <FieldErrorLine locale=locale errors=errors field="email".to_string()/>
                                        <input id=control_id("email") name="email" type="email" autocomplete="email"
                                            spellcheck="false" autocapitalize="off"
                                            aria-invalid=move || errors.with(|e| e.iter().any(|e| e.field == "email")).then_some("true")
                                            aria-describedby=described_by(errors, "email".into(), Some("f-email-hint".into()))
                                            prop:value=move || email.get()
                                            on:input=move |ev| email.set(event_target_value(&ev))/>
                                    </div>
                                    {move || failure.get().map(|text| view! { <p class="notice notice-error" role="alert">{text}</p> })}
                                    <button type="submit" class="button" disabled=move || busy.get()>{t.send_link}</button>
                                </form>
                            }>
                                <div class="notice" id="link-sent" tabindex="-1" role="status">
                                    <h3>{t.link_sent_title}</h3>
                                    <p>{fill(t.link_sent, &[("minutes", &LINK_MINUTES.to_string())])}</p>
                                </div>
                            </Show>
                        </section>
                    });
                    view! { {eid} {link} }.into_any()
                }
            })}
        </Transition>
    }
}
