//! The area's error summary and per-field error lines (GOV.UK style, as the interest form): the
//! summary is an alert that takes focus and links to each field; a field's error sits under its
//! label, tied to the control with `aria-describedby`.

use super::text;
use kp_domain::api::FieldError;
use kp_domain::contact_text::{error_message, ContactText};
use kp_domain::Locale;
use leptos::prelude::*;

use crate::components::error_summary::{ErrorSummary, SummaryProblem};

/// The id of a control for a wire field: `meetings[0].date` → `f-meetings-0-date`.
pub fn control_id(field: &str) -> String {
    let mut id = String::from("f-");
    for c in field.chars() {
        id.push(if c.is_ascii_alphanumeric() || c == '_' {
            c
        } else {
            '-'
        });
    }
    id.replace("--", "-").trim_end_matches('-').to_string()
}

/// The id of a field's error line.
pub fn error_id(field: &str) -> String {
    format!("{}-error", control_id(field))
}

/// The message of `field`'s first error, if any.
pub fn message_for(
    t: &ContactText,
    locale: Locale,
    errors: &[FieldError],
    field: &str,
) -> Option<String> {
    errors
        .iter()
        .find(|e| e.field == field)
        .map(|e| error_message(t, locale, e))
}

/// The errors as the error summary lists them: each field's control, and its message in `locale`.
pub fn summary_problems(
    t: &ContactText,
    locale: Locale,
    errors: &[FieldError],
) -> Vec<SummaryProblem> {
    errors
        .iter()
        .map(|e| (control_id(&e.field), error_message(t, locale, e)))
        .collect()
}

/// The area's error summary (nothing when there are no errors): the shared one with the area's
/// heading, labelled by it. Its id is `error-summary`.
#[component]
pub fn AreaErrorSummary(locale: Locale, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    view! {
        <ErrorSummary id="error-summary" title=text().error_summary heading_id="error-summary-title"
            problems=move || summary_problems(text(), locale, &errors.get())/>
    }
}

/// A field's error line, when it has one.
#[component]
pub fn FieldErrorLine(
    locale: Locale,
    errors: RwSignal<Vec<FieldError>>,
    field: String,
) -> impl IntoView {
    let id = error_id(&field);
    move || {
        message_for(text(), locale, &errors.get(), &field).map(|message| {
            view! { <p class="field-error" id=id.clone()>{message}</p> }
        })
    }
}

/// `aria-describedby` for a control: its hint (if any) and its error line when there is one.
pub fn described_by(
    errors: RwSignal<Vec<FieldError>>,
    field: String,
    hint: Option<String>,
) -> impl Fn() -> Option<String> + Send + Sync + 'static {
    move || {
        let mut ids: Vec<String> = hint.iter().cloned().collect();
        if errors.with(|list| list.iter().any(|e| e.field == field)) {
            ids.push(error_id(&field));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kp_domain::contact_text::contact_text;

    #[test]
    fn a_wire_field_becomes_a_plain_id() {
        assert_eq!(control_id("meetings[0].date"), "f-meetings-0-date");
        assert_eq!(control_id("declaration"), "f-declaration");
        assert_eq!(
            error_id("costs[2].amount_ore"),
            "f-costs-2-amount_ore-error"
        );
    }

    #[test]
    fn each_error_is_listed_with_its_control_and_its_message_in_the_readers_language() {
        let errors = [FieldError {
            field: "meetings[0].date".into(),
            code: "required".into(),
        }];
        let listed = summary_problems(contact_text(Locale::En), Locale::En, &errors);
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].0, "f-meetings-0-date");
        assert_eq!(
            listed[0].1,
            error_message(contact_text(Locale::En), Locale::En, &errors[0])
        );
        assert!(summary_problems(contact_text(Locale::Sv), Locale::Sv, &[]).is_empty());
    }
}
