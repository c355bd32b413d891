//! How a correction (GDPR art. 16) reads: the corrected fields' names, their values before and
//! after in words, the timeline's sentence ("Ändrat: telefonnummer från +46701234567 till
//! +46709876543 av Anna Handläggare den 22 november 2026"), and the interest form's refusal
//! codes said to a caseworker. Plain functions, covered by native tests; the form is in
//! `correction.rs`.

use chrono::NaiveDate;
use kp_domain::application::limits;
use kp_domain::compensation::Frequency;
use kp_domain::correction::{AnswerValue, FieldChange};
use kp_domain::phone::display_phone;
use kp_domain::time::display_in_sweden;

use super::placement_text::{age_group_name, frequency_name, time_name};
use super::text;

/// A correctable field as a form label.
pub fn field_label(field: &str) -> &'static str {
    match field {
        "first_name" => "Förnamn",
        "last_name" => "Efternamn",
        "address" => "Gatuadress",
        "postcode" => "Postnummer",
        "town" => "Postort",
        "district" => "Område",
        "phone" => "Mobilnummer",
        "email" => "E-postadress",
        "assignment_types" => "Uppdrag hen är intresserad av",
        "languages" => "Språk hen talar",
        "occupation" => "Sysselsättning",
        "experience" => "Erfarenhet av barn och unga",
        "interests" => "Intressen",
        "frequency" => "Hur ofta hen kan träffas",
        "times" => "När hen kan träffas",
        "age_groups" => "Åldrar hen helst träffar",
        "driving_licence" => "Körkort",
        "has_car" => "Bil",
        "knows_child" => "Känner redan ett barn",
        "knows_child_details" => "Hur hen känner barnet",
        "motivation" => "Varför hen vill bli kontaktperson",
        _ => "Uppgift",
    }
}

/// A correctable field in running text ("telefonnummer").
pub fn field_word(field: &str) -> &'static str {
    match field {
        "first_name" => "förnamn",
        "last_name" => "efternamn",
        "address" => "gatuadress",
        "postcode" => "postnummer",
        "town" => "postort",
        "district" => "område",
        "phone" => "telefonnummer",
        "email" => "e-postadress",
        "assignment_types" => "uppdrag hen är intresserad av",
        "languages" => "språk",
        "occupation" => "sysselsättning",
        "experience" => "erfarenhet av barn och unga",
        "interests" => "intressen",
        "frequency" => "hur ofta hen kan träffas",
        "times" => "när hen kan träffas",
        "age_groups" => "åldrar",
        "driving_licence" => "körkort",
        "has_car" => "bil",
        "knows_child" => "känner redan ett barn",
        "knows_child_details" => "hur hen känner barnet",
        "motivation" => "varför hen vill bli kontaktperson",
        _ => "uppgift",
    }
}

fn frequency_word(code: &str) -> String {
    Frequency::from_code(code)
        .map(|f| frequency_name(f).to_lowercase())
        .unwrap_or_else(|| code.to_string())
}

/// A field's value before or after a correction, in words.
pub fn value_text(field: &str, value: &AnswerValue) -> String {
    match value {
        AnswerValue::Flag(yes) => if *yes { "ja" } else { "nej" }.to_string(),
        AnswerValue::Text(t) if t.trim().is_empty() => "(tomt)".to_string(),
        AnswerValue::Text(code) if field == "frequency" => frequency_word(code),
        AnswerValue::Text(number) if field == "phone" => display_phone(number),
        AnswerValue::Text(t) => t.clone(),
        AnswerValue::Codes(codes) if codes.is_empty() => "(inget valt)".to_string(),
        AnswerValue::Codes(codes) => codes
            .iter()
            .map(|c| match field {
                "languages" => text::language_name(c),
                "assignment_types" => text::assignment_type_name(c).to_lowercase(),
                "times" => time_name(c),
                "age_groups" => age_group_name(c),
                _ => c.clone(),
            })
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// A date as Swedish writes it in a sentence: "22 november 2026".
pub fn long_date(date: NaiveDate) -> String {
    kp_domain::time::swedish_date(date)
}

/// One change in a sentence, with who made it and when (an RFC 3339 instant): "Ändrat:
/// telefonnummer från +46701234567 till +46709876543 av Anna Handläggare den 22 november 2026".
pub fn change_sentence(change: &FieldChange, by: &str, at: &str) -> String {
    let date = display_in_sweden(at)
        .get(..10)
        .and_then(|d| d.parse::<NaiveDate>().ok())
        .map(long_date)
        .unwrap_or_else(|| at.to_string());
    format!(
        "Ändrat: {} från {} till {} av {by} den {date}",
        field_word(&change.field),
        value_text(&change.field, &change.from),
        value_text(&change.field, &change.to)
    )
}

/// A field's refusal in Swedish (the interest form's codes, said to the caseworker).
pub fn error_text(field: &str, code: &str) -> String {
    let max = |n: usize| format!("Texten är för lång. Skriv högst {n} tecken");
    match (field, code) {
        ("first_name", "required") => "Fyll i förnamnet".into(),
        ("last_name", "required") => "Fyll i efternamnet".into(),
        ("address", "required") => "Fyll i gatuadressen".into(),
        ("postcode", "required") => "Fyll i postnumret".into(),
        ("postcode", "format") => "Skriv postnumret med fem siffror, till exempel 123 45".into(),
        ("town", "required") => "Fyll i postorten".into(),
        ("district", _) => "Välj ett område i listan, eller inget".into(),
        ("phone", "required") => "Fyll i mobilnumret".into(),
        ("phone", "format") => {
            "Skriv ett mobilnummer, till exempel 070-123 45 67, eller ett utländskt nummer med landsnummer, till exempel +358 40 123 4567".into()
        }
        ("email", "required") => "Fyll i e-postadressen".into(),
        ("email", "format") => "Skriv e-postadressen som namn@exempel.se".into(),
        ("assignment_types", "choose_at_least_one") => "Välj minst ett uppdrag".into(),
        ("languages", "choose_at_least_one") => "Välj minst ett språk".into(),
        ("occupation", "required") => "Fyll i sysselsättningen".into(),
        ("frequency", "required") => "Välj hur ofta hen kan träffas".into(),
        ("times", "choose_at_least_one") => "Välj minst en tid".into(),
        ("knows_child_details", "required") => "Berätta kort hur hen känner barnet".into(),
        ("motivation", "required") => "Fyll i varför hen vill bli kontaktperson".into(),
        ("motivation", "too_short") => {
            format!("Skriv minst {} tecken", limits::MOTIVATION_MIN)
        }
        ("first_name" | "last_name", "too_long") => max(limits::NAME),
        ("address", "too_long") => max(limits::ADDRESS),
        ("town", "too_long") => max(limits::TOWN),
        ("occupation", "too_long") => max(limits::OCCUPATION),
        ("motivation", "too_long") => max(limits::MOTIVATION),
        (_, "too_long") => max(limits::TEXT),
        (_, "invalid_characters") => {
            "Texten innehåller osynliga tecken eller styrtecken. Skriv om den utan dem".into()
        }
        (_, "invalid_choice") => "Välj bland alternativen".into(),
        ("correction", "no_change") => {
            "Inget är ändrat. Ändra det som ska rättas och spara igen".into()
        }
        _ => "Kontrollera den här uppgiften".into(),
    }
}

/// Why the server refused a correction that had no field codes.
pub fn refusal_text(status: u16, code: &str) -> &'static str {
    match (status, code) {
        (_, "changed_meanwhile") => {
            "Någon annan har just ändrat uppgifterna. Sidan är omladdad med de nya uppgifterna och din rättelse finns kvar – kontrollera den och spara igen."
        }
        (404, _) => "Den sökande finns inte längre.",
        (0, _) => {
            "Ingen kontakt med servern. Det du skrev finns kvar – försök igen när anslutningen fungerar."
        }
        (401, _) => "Du har blivit utloggad. Logga in igen; det du skrev finns kvar här.",
        _ => "Rättelsen kunde inte sparas. Försök igen om en stund; det du skrev finns kvar.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_phone_number_reads_as_a_sentence_with_who_and_when() {
        let change = FieldChange {
            field: "phone".into(),
            from: AnswerValue::Text("+46701234567".into()),
            to: AnswerValue::Text("+46709876543".into()),
        };
        assert_eq!(
            change_sentence(&change, "Anna Handläggare", "2026-11-22T09:00:00Z"),
            "Ändrat: telefonnummer från 070-123 45 67 till 070-987 65 43 av Anna Handläggare den 22 november 2026"
        );
    }

    #[test]
    fn codes_yes_no_and_empty_values_read_as_words() {
        assert_eq!(
            value_text(
                "languages",
                &AnswerValue::Codes(vec!["so".into(), "ar".into()])
            ),
            "somaliska, arabiska"
        );
        assert_eq!(
            value_text("frequency", &AnswerValue::Text("weekly".into())),
            "minst en gång i veckan"
        );
        assert_eq!(value_text("has_car", &AnswerValue::Flag(true)), "ja");
        assert_eq!(
            value_text("knows_child_details", &AnswerValue::Text(String::new())),
            "(tomt)"
        );
        assert_eq!(
            value_text("age_groups", &AnswerValue::Codes(vec![])),
            "(inget valt)"
        );
        assert_eq!(
            value_text("age_groups", &AnswerValue::Codes(vec!["7-12".into()])),
            "7–12 år"
        );
    }

    #[test]
    fn every_correctable_field_and_every_code_the_rules_give_have_swedish_words() {
        for field in kp_domain::correction::CORRECTABLE {
            assert_ne!(field_label(field), "Uppgift", "{field}");
            assert_ne!(field_word(field), "uppgift", "{field}");
        }
        for (field, code) in [
            ("first_name", "required"),
            ("postcode", "format"),
            ("phone", "format"),
            ("email", "format"),
            ("languages", "choose_at_least_one"),
            ("times", "choose_at_least_one"),
            ("knows_child_details", "required"),
            ("motivation", "too_short"),
            ("town", "invalid_characters"),
            ("frequency", "invalid_choice"),
            ("correction", "no_change"),
        ] {
            assert_ne!(
                error_text(field, code),
                "Kontrollera den här uppgiften",
                "{field} {code}"
            );
        }
    }
}
