//! Pieces every administrator form in the caseworker area shares: a field's error line, and what
//! describes a field. (The error summary that leads a refused form is
//! `crate::components::error_summary`.)

use leptos::prelude::*;

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
