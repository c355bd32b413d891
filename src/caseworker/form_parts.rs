//! Pieces every administrator form in the caseworker area shares: the error summary that leads
//! a refused form and takes the focus, a field's error line, and what describes a field.

use leptos::prelude::*;

use crate::dom::focus_soon;

/// The error summary: a heading, a general message, and a link to each field's problem.
pub(super) fn error_summary(
    id: &'static str,
    title: &'static str,
    general: Option<String>,
    links: Vec<(&'static str, String)>,
) -> impl IntoView {
    view! {
        <div class="error-summary" id=id tabindex="-1" role="alert">
            <h3 class="error-summary-title">{title}</h3>
            {general.map(|m| view! { <p>{m}</p> })}
            <ul class="error-summary-list">
                {links.into_iter().map(|(field, message)| view! {
                    <li><a href=format!("#{field}") on:click=move |ev| {
                        ev.prevent_default();
                        focus_soon(field);
                    }>{message}</a></li>
                }).collect_view()}
            </ul>
        </div>
    }
}

/// A field's error line, and what describes the field (its hint, then its error).
pub(super) fn error_line(id: &'static str, error: Option<String>) -> impl IntoView {
    error.map(|m| {
        view! {
            <p class="field-error" id=format!("{id}-error")>
                <span class="visually-hidden">"Fel: "</span>{m}
            </p>
        }
    })
}

pub(super) fn described(id: &'static str, has_error: bool) -> String {
    if has_error {
        format!("{id}-hint {id}-error")
    } else {
        format!("{id}-hint")
    }
}

/// The message for `field` among a form's `errors`, as a closure the view reads reactively.
pub(super) fn message_of<F>(
    errors: RwSignal<Vec<(F, String)>>,
    field: F,
) -> impl Fn() -> Option<String> + Copy
where
    F: PartialEq + Copy + Send + Sync + 'static,
{
    move || {
        errors.with(|all| {
            all.iter()
                .find(|(f, _)| *f == field)
                .map(|(_, m)| m.clone())
        })
    }
}
