//! One caseworker form's save, as every form of the assignments and needs screens does it: check
//! what was typed (the problems in the form's error summary, focus there), send it through the
//! page's [`Sender`](crate::api::Sender), and show a refusal (a 422's fields worded per field,
//! anything else as one sentence). What is done once saved is the form's own.

use kp_domain::api::FieldError;
use leptos::prelude::*;

use super::placement_text as words;
use crate::dom::focus_soon as focus;

/// A problem with one field: the field's name (as the API names it) and the message shown.
pub type Problem = (String, String);

/// The API's field errors as problems, worded by `message(field, code)`.
pub fn problems_from(
    errors: &[FieldError],
    message: impl Fn(&str, &str) -> String,
) -> Vec<Problem> {
    errors
        .iter()
        .map(|e| (e.field.clone(), message(&e.field, &e.code)))
        .collect()
}

/// Shows why a save was refused: a 422's fields as problems worded by `message`, anything else
/// as one sentence ([`words::refusal`]); then moves focus to the error summary `summary_id`.
pub fn show_refusal(
    refused: &crate::api::ApiError,
    problems: RwSignal<Vec<Problem>>,
    refusal: RwSignal<Option<String>>,
    message: impl Fn(&str, &str) -> String,
    summary_id: &str,
) {
    if refused.status == 422 && !refused.fields.is_empty() {
        problems.set(problems_from(&refused.fields, message));
    } else {
        refusal.set(Some(
            words::refusal(refused.status, &refused.code).to_string(),
        ));
    }
    focus(summary_id.to_string());
}

/// One form's save: the page's [`Sender`](crate::api::Sender), the problems and the refusal
/// its error summary (`summary_id`) shows. [`FormSave::checked`] takes what was typed,
/// [`FormSave::send`] the request; what is done once saved is the form's own.
#[derive(Clone, Copy)]
pub struct FormSave {
    sender: crate::api::Sender,
    problems: RwSignal<Vec<Problem>>,
    refusal: RwSignal<Option<String>>,
    summary_id: &'static str,
}

impl FormSave {
    pub fn new(
        sender: crate::api::Sender,
        problems: RwSignal<Vec<Problem>>,
        refusal: RwSignal<Option<String>>,
        summary_id: &'static str,
    ) -> FormSave {
        FormSave {
            sender,
            problems,
            refusal,
            summary_id,
        }
    }

    /// Clears the last refusal, then takes the form's change as built from what was typed: the
    /// change with the problems cleared, or `None` with its problems shown and focus on the
    /// summary.
    pub fn checked<T>(self, built: Result<T, Vec<Problem>>) -> Option<T> {
        self.refusal.set(None);
        match built {
            Ok(change) => {
                self.problems.set(Vec::new());
                Some(change)
            }
            Err(found) => {
                self.problems.set(found);
                focus(self.summary_id);
                None
            }
        }
    }

    /// Sends `request` through the sender: its answer goes to `saved`, a refusal is shown
    /// ([`show_refusal`], its fields worded by `message`).
    pub fn send<T: 'static>(
        self,
        request: impl std::future::Future<Output = Result<T, crate::api::ApiError>> + 'static,
        message: impl Fn(&str, &str) -> String + 'static,
        saved: impl FnOnce(T) + 'static,
    ) {
        self.sender.send(async move {
            match request.await {
                Ok(answer) => saved(answer),
                Err(e) => show_refusal(&e, self.problems, self.refusal, message, self.summary_id),
            }
        });
    }
}
