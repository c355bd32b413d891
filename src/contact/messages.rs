//! An assignment's messages with the social services, and the clearly marked "Jag är orolig": a
//! message marked as a worry, under the reminder that an emergency is 112 and that looking into a
//! concern is the social services' duty.

use super::text;
use kp_domain::api::FieldError;
use kp_domain::i18n::fill;
use kp_domain::messages::NewMessage;
use kp_domain::time::display_in_sweden;
use kp_domain::Locale;
use leptos::prelude::*;

use super::errors::{control_id, described_by, AreaErrorSummary, FieldErrorLine};
use super::{set_title, BackHome};
use crate::api::contact as api;
use crate::dom;

/// The messages page.
#[component]
pub fn MessagesPage(locale: Locale, id: i64) -> impl IntoView {
    let t = text();
    let version = RwSignal::new(0u32);
    let thread = crate::api::load(move || {
        version.get();
        api::messages(id)
    });
    let me = expect_context::<super::Session>();
    let reference = move || {
        me.0.with(|s| {
            s.as_ref()
                .and_then(|s| s.as_ref())
                .and_then(|me| me.assignments.iter().find(|a| a.id == id))
                .map(|a| a.reference.clone())
                .unwrap_or_default()
        })
    };
    let title = fill(t.messages_title, &[("reference", &reference())]);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    {
        let title = title.clone();
        Effect::new(move || set_title(locale, &title, !errors.get().is_empty()));
    }
    view! {
        <BackHome locale=locale/>
        <h1>{title}</h1>
        <p>{t.messages_intro}</p>
        <AreaErrorSummary locale=locale errors=errors/>
        <section aria-labelledby="thread-heading">
            <h2 id="thread-heading" class="visually-hidden">{t.link_messages}</h2>
            <Transition fallback=move || view! { <p class="status" role="status">{t.loading}</p> }>
                {move || thread.get().map(|answer| match answer {
                    Err(e) => view! { <p class="notice notice-error" role="alert">{t.refusal(locale, e.status, &e.code)}</p> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p>{t.no_messages}</p> }.into_any(),
                    Ok(list) => view! {
                        <ol class="thread">
                            {list.into_iter().map(|m| {
                                let author = if m.from_contact_person { t.from_you.to_string() } else { m.author.clone() };
                                let class = if m.worry { "message message-worry" } else { "message" };
                                view! {
                                    <li class=class>
                                        <p class="message-meta">
                                            <strong>{author}</strong> " · " {display_in_sweden(&m.sent_at)}
                                            {m.worry.then(|| view! { " · " <span class="tag tag-worry">{t.worry_tag}</span> })}
                                            {(m.from_contact_person && m.read_at.is_some()).then(|| view! { " · " {t.read_by_them} })}
                                        </p>
                                        <p class="message-body">{m.body}</p>
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    }.into_any(),
                })}
            </Transition>
        </section>
        <Writer locale=locale id=id worry=false errors=errors version=version/>
        <section class="worry" aria-labelledby="worry-heading">
            <h2 id="worry-heading">{t.worry_title}</h2>
            <p>{t.worry_intro}</p>
            <p class="notice notice-emergency"><strong>{t.worry_112}</strong></p>
            <p>{t.worry_duty}</p>
            <Writer locale=locale id=id worry=true errors=errors version=version/>
        </section>
    }
}

/// A form that sends a message, or with `worry` a worry.
#[component]
fn Writer(
    locale: Locale,
    id: i64,
    worry: bool,
    errors: RwSignal<Vec<FieldError>>,
    version: RwSignal<u32>,
) -> impl IntoView {
    let t = text();
    // Each form has its own field name, so the summary's link leads to the right one.
    let field = if worry { "worry" } else { "body" };
    let body = RwSignal::new(String::new());
    let done = RwSignal::new(None::<&'static str>);
    let failure = RwSignal::new(None::<&'static str>);
    let sender = crate::api::Sender::new();
    let busy = sender.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sender.is_pending() {
            return;
        }
        done.set(None);
        failure.set(None);
        let message = NewMessage {
            body: body.get_untracked(),
            worry,
        };
        if let Err(list) = kp_domain::messages::validate_message(&message) {
            errors.set(
                list.into_iter()
                    .map(|e| FieldError {
                        field: field.into(),
                        code: e.code,
                    })
                    .collect(),
            );
            dom::focus_soon("error-summary");
            return;
        }
        sender.send(async move {
            match api::write(id, &message).await {
                Ok(()) => {
                    errors.set(Vec::new());
                    body.set(String::new());
                    done.set(Some(if worry { t.worry_sent } else { t.message_sent }));
                    version.update(|v| *v += 1);
                }
                Err(e) if !e.fields.is_empty() => {
                    errors.set(
                        e.fields
                            .into_iter()
                            .map(|e| FieldError {
                                field: field.into(),
                                code: e.code,
                            })
                            .collect(),
                    );
                    dom::focus_soon("error-summary");
                }
                Err(e) => failure.set(Some(t.refusal(locale, e.status, &e.code))),
            }
        });
    };
    let (label, button) = if worry {
        (t.worry_label, t.send_worry)
    } else {
        (t.message_label, t.send_message)
    };
    view! {
        <form novalidate on:submit=submit class="message-form">
            <div class="field">
                <label for=control_id(field)>{label}</label>
                <FieldErrorLine locale=locale errors=errors field=field.to_string()/>
                <textarea id=control_id(field) rows="5"
                    aria-describedby=described_by(errors, field.into(), None)
                    prop:value=move || body.get()
                    on:input=move |ev| body.set(event_target_value(&ev))></textarea>
            </div>
            {move || failure.get().map(|text| view! { <p class="notice notice-error" role="alert">{text}</p> })}
            {move || done.get().map(|text| view! { <p class="notice notice-ok" role="status">{text}</p> })}
            <button type="submit" class=if worry { "button button-warning" } else { "button" } disabled=move || busy.get()>{button}</button>
        </form>
    }
}
