//! The messages of one assignment on its page: the contact person's worries first, clearly
//! marked "Orolig", then the conversation; a caseworker's answer. Reading the thread marks the
//! contact person's messages read (the server does it with the read's log entry).

use kp_domain::messages::{validate_message, Message, MAX_BODY};
use kp_domain::purpose::Purpose;
use leptos::prelude::*;

use super::form_parts::{described, error_line};
use super::notice::{Notice, NoticeRegion};
use super::review_text::{failure_text, message_error, message_meta, read_text, worries_first};
use crate::api;
use crate::components::error_summary::ErrorSummary;
use crate::dom::focus_soon;

/// The thread with the contact person of assignment `id`, and the form to answer.
#[component]
pub fn AssignmentMessages(id: String, contact_person: String) -> impl IntoView {
    let scope = api::RequestScope::here();
    let thread = RwSignal::new(None::<Result<Vec<Message>, api::ApiError>>);
    let notice = RwSignal::new(None::<Notice>);
    let asked = id.clone();
    let reload = move || {
        let id = asked.clone();
        scope.spawn(async move {
            thread.set(Some(api::messages(&id, Purpose::AssignmentPage).await));
        });
    };
    reload();
    let reload = StoredValue::new(reload);
    let sent = move || {
        notice.set(Some(Notice::Done(
            "Meddelandet är skickat. Kontaktpersonen får ett mejl om att det finns ett nytt meddelande, utan innehållet.".into(),
        )));
        reload.with_value(|r| r());
        focus_soon("messages-notice");
    };
    view! {
        <section aria-labelledby="messages-heading" class="assignment-section" id="meddelanden">
            <h2 id="messages-heading">"Meddelanden med kontaktpersonen"</h2>
            <NoticeRegion id="messages-notice" notice=notice/>
            {move || match thread.get() {
                None => view! { <p class="status" role="status">"Hämtar meddelandena …"</p> }.into_any(),
                Some(Err(_)) => view! {
                    <p class="status" role="alert">"Meddelandena kunde inte hämtas. Ladda om sidan för att försöka igen."</p>
                }.into_any(),
                Some(Ok(list)) => thread_view(list).into_any(),
            }}
            <MessageForm id=id contact_person=contact_person sent=sent/>
        </section>
    }
}

fn message_item(m: Message) -> impl IntoView {
    let worry = m.worry && m.from_contact_person;
    let class = match (worry, m.from_contact_person) {
        (true, _) => "message message-worry",
        (false, true) => "message message-theirs",
        (false, false) => "message message-ours",
    };
    view! {
        <li class=class>
            <p class="message-meta">
                {worry.then(|| view! { <strong class="worry-tag">"Orolig"</strong>" " })}
                {message_meta(&m)}
            </p>
            <p class="pre">{m.body.clone()}</p>
            {read_text(&m).map(|t| view! { <p class="message-meta">{t}</p> })}
        </li>
    }
}

fn thread_view(list: Vec<Message>) -> impl IntoView {
    if list.is_empty() {
        return view! { <p>"Inga meddelanden ännu."</p> }.into_any();
    }
    let (worries, rest) = worries_first(list);
    view! {
        {(!worries.is_empty()).then(|| view! {
            <div class="warning-text worries">
                <h3 id="worries-heading">"Kontaktpersonen är orolig"</h3>
                <p>"Läs och agera så snart som möjligt. Vid akut fara gäller 112; socialtjänsten ansvarar för att bedöma oron."</p>
                <ul class="thread">
                    {worries.into_iter().map(message_item).collect_view()}
                </ul>
            </div>
        })}
        {(!rest.is_empty()).then(|| view! {
            <h3 id="conversation-heading">"Samtalet"</h3>
            <ol class="thread">
                {rest.into_iter().map(message_item).collect_view()}
            </ol>
        })}
    }
    .into_any()
}

/// A caseworker's answer to the contact person.
#[component]
fn MessageForm<F: Fn() + Copy + Send + Sync + 'static>(
    id: String,
    contact_person: String,
    sent: F,
) -> impl IntoView {
    let body = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let general = RwSignal::new(None::<String>);
    let sender = api::Sender::new();
    let busy = sender.pending();
    let id = StoredValue::new(id);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sender.is_pending() {
            return;
        }
        let text = body.get_untracked();
        let message = kp_domain::messages::NewMessage {
            body: text.clone(),
            worry: false,
        };
        if let Err(fields) = validate_message(&message) {
            error.set(Some(message_error(&fields[0].code).into()));
            general.set(None);
            focus_soon("message-errors");
            return;
        }
        sender.send(async move {
            let result = api::send_message(&id.get_value(), text.trim()).await;
            match result {
                Ok(()) => {
                    body.set(String::new());
                    error.set(None);
                    general.set(None);
                    sent();
                }
                Err(e) if !e.fields.is_empty() => {
                    error.set(Some(message_error(&e.fields[0].code).into()));
                    focus_soon("message-errors");
                }
                Err(e) => {
                    general.set(Some(failure_text(e.status, &e.code).into()));
                    focus_soon("message-errors");
                }
            }
        });
    };
    view! {
        <form novalidate class="narrow" on:submit=submit aria-labelledby="answer-heading">
            <h3 id="answer-heading">{format!("Skriv till {contact_person}")}</h3>
            <ErrorSummary id="message-errors" title="Meddelandet är inte skickat" subsection=true refusal=general
                problems=move || error.get().map(|m| vec![("message-body".to_string(), m)]).unwrap_or_default()/>
            <div class="form-group" class:form-group-error=move || error.get().is_some()>
                <label class="label" for="message-body">"Meddelande"</label>
                <p class="hint" id="message-body-hint">{format!("Kontaktpersonen läser det på Mina sidor och får ett mejl om att det finns ett nytt meddelande, utan innehållet. Högst {MAX_BODY} tecken.")}</p>
                {move || error_line("message-body", error.get())}
                <textarea id="message-body" class="textarea" rows="4"
                    class:input-error=move || error.get().is_some()
                    aria-invalid=move || error.get().map(|_| "true")
                    aria-describedby=move || described("message-body", error.get().is_some())
                    prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))>
                </textarea>
            </div>
            <button type="submit" class="button" aria-disabled=move || busy.get().then_some("true")>
                {move || if busy.get() { "Skickar …" } else { "Skicka meddelandet" }}
            </button>
        </form>
    }
}
