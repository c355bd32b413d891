//! The agreement (uppdragsavtal): its Swedish text as written from the assignment (the exact text
//! an acceptance's hash is of, so it is shown with `lang="sv"` in every locale), the accepted
//! version and when, and accepting it with the hash of the text read. A print stylesheet leaves
//! only the document (`.no-print` for everything else).

use super::text;
use kp_domain::api::FieldError;
use kp_domain::contact_area::AgreementView;
use kp_domain::i18n::fill;
use kp_domain::time::display_in_sweden;
use kp_domain::Locale;
use leptos::prelude::*;

use super::errors::{control_id, described_by, AreaErrorSummary, FieldErrorLine};
use super::{set_title, BackHome};
use crate::api::contact as api;
use crate::dom;

/// The agreement page.
#[component]
pub fn AgreementPage(locale: Locale, id: i64) -> impl IntoView {
    let t = text();
    let version = RwSignal::new(0u32);
    let view_of = crate::api::load(move || {
        version.get();
        api::agreement(id)
    });
    view! {
        <div class="no-print"><BackHome locale=locale/></div>
        <Transition fallback=move || view! { <p class="status" role="status">{t.loading}</p> }>
            {move || view_of.get().map(|answer| match answer {
                Err(e) => {
                    set_title(locale, t.link_agreement, false);
                    view! { <h1>{t.link_agreement}</h1><p class="notice notice-error" role="alert">{t.refusal(locale, e.status, &e.code)}</p> }.into_any()
                }
                Ok(a) => document(locale, id, a, version).into_any(),
            })}
        </Transition>
    }
}

fn document(locale: Locale, id: i64, a: AgreementView, version: RwSignal<u32>) -> impl IntoView {
    let t = text();
    let title = fill(t.agreement_title, &[("reference", &a.assignment_reference)]);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<&'static str>);
    let checked = RwSignal::new(false);
    {
        let title = title.clone();
        Effect::new(move || set_title(locale, &title, !errors.get().is_empty()));
    }
    let hash = a.hash.clone();
    let sender = crate::api::Sender::new();
    let accept = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sender.is_pending() {
            return;
        }
        failure.set(None);
        if !checked.get_untracked() {
            errors.set(vec![FieldError {
                field: "accept".into(),
                code: "required".into(),
            }]);
            dom::focus_soon("error-summary");
            return;
        }
        let hash = hash.clone();
        sender.send(async move {
            match api::accept_agreement(id, &hash).await {
                Ok(()) => {
                    errors.set(Vec::new());
                    version.update(|v| *v += 1);
                    dom::focus_soon("accepted");
                }
                Err(e) => {
                    failure.set(Some(t.refusal(locale, e.status, &e.code)));
                    if e.code == "agreement_changed" {
                        version.update(|v| *v += 1);
                    }
                }
            }
        });
    };
    let method = |m: &str| {
        if m == "eid" {
            t.method_eid
        } else {
            t.method_link
        }
    };
    let accepted = a.accepted.clone().map(|acc| {
        view! {
            <p class="notice notice-ok" id="accepted" tabindex="-1" role="status">
                {fill(t.accepted_at, &[("time", &display_in_sweden(&acc.at)), ("method", method(&acc.method))])}
            </p>
        }
    });
    let form = a.accepted.is_none().then(|| view! {
        <div class="no-print">
            {a.earlier_accepted.then(|| view! { <p class="notice">{t.earlier_accepted}</p> })}
            <AreaErrorSummary locale=locale errors=errors/>
            <form novalidate on:submit=accept>
                <div class="field checkbox">
                    <FieldErrorLine locale=locale errors=errors field="accept".to_string()/>
                    <input type="checkbox" id=control_id("accept")
                        aria-describedby=described_by(errors, "accept".into(), None)
                        prop:checked=move || checked.get()
                        on:change=move |ev| checked.set(event_target_checked(&ev))/>
                    <label for=control_id("accept")>{t.accept_label}</label>
                </div>
                {move || failure.get().map(|text| view! { <p class="notice notice-error" role="alert">{text}</p> })}
                <button type="submit" class="button">{t.accept_button}</button>
            </form>
        </div>
    });
    let print = move |_| {
        if let Some(window) = web_sys::window() {
            window.print().ok();
        }
    };
    let note = (!t.agreement_language.is_empty())
        .then(|| view! { <p class="notice no-print">{t.agreement_language}</p> });
    view! {
        <h1 class="no-print">{title}</h1>
        {note}
        {accepted}
        <article class="agreement" lang="sv" dir="ltr">
            <h2>{a.agreement.title.clone()}</h2>
            {a.agreement.sections.iter().map(|s| view! {
                <section>
                    <h3>{s.heading.clone()}</h3>
                    {s.paragraphs.iter().map(|p| view! { <p>{p.clone()}</p> }).collect_view()}
                    {(!s.list.is_empty()).then(|| view! {
                        <ul>{s.list.iter().map(|i| view! { <li>{i.clone()}</li> }).collect_view()}</ul>
                    })}
                </section>
            }).collect_view()}
        </article>
        {form}
        <p class="no-print"><button type="button" class="button-secondary" on:click=print>{t.print}</button></p>
    }
}
