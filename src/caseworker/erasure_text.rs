//! The erasure form's words (GDPR art. 17): each field's refusal in Swedish, the check before
//! sending (the domain's own rules), what a refused or failed erasure says, and what an erasure
//! removed. Plain functions, covered by native tests; the form is `erasure.rs`.

use chrono::NaiveDate;
use kp_domain::api::FieldError;
use kp_domain::erasure::{validate_erasure, ErasureForm, Removed, CASE_NUMBER_MAX_CHARS};

/// A field of the erasure form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErasureField {
    /// Grund för raderingen.
    Ground,
    /// The day the request arrived.
    RequestedOn,
    /// Diarienummer.
    CaseNumber,
    /// The reference typed again.
    ConfirmReference,
}

impl ErasureField {
    /// The field the server names.
    pub fn from_name(name: &str) -> Option<ErasureField> {
        match name {
            "ground" => Some(ErasureField::Ground),
            "requested_on" => Some(ErasureField::RequestedOn),
            "case_number" => Some(ErasureField::CaseNumber),
            "confirm_reference" => Some(ErasureField::ConfirmReference),
            _ => None,
        }
    }

    /// The element the error summary's link leads to.
    pub fn id(self) -> &'static str {
        match self {
            ErasureField::Ground => "erasure-ground-0",
            ErasureField::RequestedOn => "erasure-requested-on",
            ErasureField::CaseNumber => "erasure-case-number",
            ErasureField::ConfirmReference => "erasure-confirm",
        }
    }
}

/// A field's refusal, in Swedish, for the erasure of `reference`.
pub fn erasure_error(field: ErasureField, code: &str, reference: &str) -> String {
    match (field, code) {
        (ErasureField::Ground, _) => "Välj på vilken grund uppgifterna raderas".into(),
        (ErasureField::RequestedOn, "required") => "Fyll i dagen då begäran kom in".into(),
        (ErasureField::RequestedOn, "future") => {
            "Dagen då begäran kom in kan inte vara senare än i dag".into()
        }
        (ErasureField::RequestedOn, _) => {
            "Skriv dagen då begäran kom in som ett datum, till exempel 2026-05-02".into()
        }
        (ErasureField::CaseNumber, "too_long") => {
            format!("Diarienumret får vara högst {CASE_NUMBER_MAX_CHARS} tecken")
        }
        (ErasureField::CaseNumber, _) => "Diarienumret ser ut att innehålla ett personnummer \
             eller telefonnummer. Skriv bara ärendets nummer, till exempel SN 2026/123"
            .into(),
        (ErasureField::ConfirmReference, "required") => {
            format!("Skriv {reference} för att bekräfta raderingen")
        }
        (ErasureField::ConfirmReference, _) => {
            format!("Referensen stämmer inte. Skriv {reference} för att bekräfta raderingen")
        }
    }
}

/// The server's (or the domain's) field codes as the form's errors, in the form's order.
pub fn field_errors(fields: &[FieldError], reference: &str) -> Vec<(ErasureField, String)> {
    fields
        .iter()
        .filter_map(|f| {
            ErasureField::from_name(&f.field)
                .map(|field| (field, erasure_error(field, &f.code, reference)))
        })
        .collect()
}

/// The form as typed, checked by the domain's rules before it is sent.
pub fn check_erasure(
    reference: &str,
    form: ErasureForm,
    today: NaiveDate,
) -> Result<ErasureForm, Vec<(ErasureField, String)>> {
    match validate_erasure(reference, &form, today) {
        Ok(_) => Ok(form),
        Err(fields) => Err(field_errors(&fields, reference)),
    }
}

/// Why an erasure was not made, when no field is to blame.
pub fn failure_text(status: u16, code: &str) -> &'static str {
    match (status, code) {
        (0, _) => {
            "Ingen kontakt med servern. Ingenting raderades. Försök igen när anslutningen fungerar."
        }
        (403, _) => "Bara administratörer kan radera uppgifter.",
        (404, _) => "Uppgifterna finns inte längre: de har redan raderats eller gallrats.",
        (409, _) => {
            "Något hindrar raderingen sedan sidan lästes in. Ingenting raderades; se skälen ovan."
        }
        _ => "Raderingen kunde inte göras. Ingenting raderades. Försök igen om en stund.",
    }
}

fn count(n: u32, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// What went with the application, as a sentence.
pub fn removed_sentence(removed: &Removed) -> String {
    format!(
        "Ansökan togs bort med {}, {} och {}.",
        count(
            removed.events,
            "händelse i utredningen",
            "händelser i utredningen"
        ),
        count(removed.mails, "utskick", "utskick"),
        count(removed.holds, "hävd spärr", "hävda spärrar"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn an_empty_form_is_refused_before_sending_with_a_swedish_message_per_field() {
        let errors =
            check_erasure("KP-2026-0042", ErasureForm::default(), day("2026-05-10")).unwrap_err();
        let fields: Vec<ErasureField> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            [
                ErasureField::Ground,
                ErasureField::RequestedOn,
                ErasureField::ConfirmReference
            ]
        );
        assert_eq!(
            errors[2].1,
            "Skriv KP-2026-0042 för att bekräfta raderingen"
        );
    }

    #[test]
    fn a_wrong_reference_and_a_number_of_a_person_are_worded() {
        let form = ErasureForm {
            ground: "objection".into(),
            requested_on: "2026-05-01".into(),
            case_number: "198112189876".into(),
            confirm_reference: "KP-2026-0041".into(),
        };
        let errors = check_erasure("KP-2026-0042", form, day("2026-05-10")).unwrap_err();
        assert!(errors[0].1.starts_with("Diarienumret ser ut att innehålla"));
        assert!(errors[1]
            .1
            .starts_with("Referensen stämmer inte. Skriv KP-2026-0042"));
    }

    #[test]
    fn what_went_is_counted_in_words() {
        let removed = Removed {
            events: 1,
            mails: 2,
            holds: 0,
        };
        assert_eq!(
            removed_sentence(&removed),
            "Ansökan togs bort med 1 händelse i utredningen, 2 utskick och 0 hävda spärrar."
        );
    }

    #[test]
    fn a_refusal_without_a_field_says_nothing_was_erased() {
        for (status, code) in [
            (0, "network"),
            (409, "erasure_held"),
            (500, "internal_error"),
        ] {
            assert!(failure_text(status, code).contains("Ingenting raderades"));
        }
    }
}
