//! The caseworker area's texts (Swedish, the unit's working language).

use kp_domain::pipeline::Stage;

/// The product name in the header and titles.
pub const PRODUCT: &str = "Handläggarstöd – Kontaktperson";

/// A count with a space between thousands, as Swedish writes it (`10 000`).
pub fn swedish_count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('\u{a0}');
        }
        out.push(c);
    }
    out
}

/// A stage as caseworkers call it.
pub fn stage_name(stage: Stage) -> &'static str {
    match stage {
        Stage::New => "Ny anmälan",
        Stage::Contacted => "Kontaktad per telefon",
        Stage::InterviewBooked => "Intervju bokad",
        Stage::Interviewed => "Intervjuad",
        Stage::ChecksUnderWay => "Kontroller pågår",
        Stage::Approved => "Godkänd",
        Stage::NotApproved => "Inte godkänd",
        Stage::Withdrawn => "Avbruten",
    }
}

/// A wait the server asked for, in whole minutes as Swedish says it: "1 minut", "15 minuter".
pub fn minutes(seconds: u64) -> String {
    match seconds.div_ceil(60).max(1) {
        1 => "1 minut".to_string(),
        n => format!("{n} minuter"),
    }
}

/// What a failed sign-in tells the caseworker (the wait, when the server named one).
pub fn sign_in_error(error: &crate::api::ApiError) -> String {
    match (error.status, error.code.as_str()) {
        (401, _) => "Fel e-postadress eller lösenord.".into(),
        (429, _) => match error.retry_after {
            Some(seconds) => format!("För många försök. Försök igen om {}.", minutes(seconds)),
            None => "För många försök. Försök igen om en stund.".into(),
        },
        (503, _) => "Många loggar in just nu. Försök igen om en stund.".into(),
        (403, "local_sign_in_off") => {
            "Inloggning med lösenord är avstängd. Logga in via kommunens inloggning.".into()
        }
        (0, _) => "Ingen kontakt med servern. Kontrollera anslutningen och försök igen.".into(),
        _ => "Inloggningen misslyckades. Försök igen om en stund.".into(),
    }
}

/// Where a typed code is asked for: the sign-in's code step (app code or recovery code) or
/// confirming a new app (app code only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeAt {
    /// After the password.
    SignIn,
    /// Setting up an app.
    Enrolment,
}

/// What a refused code tells the person: the field's message, or (`Err`) the whole step's.
pub fn code_error(error: &crate::api::ApiError, at: CodeAt) -> Result<&'static str, String> {
    let field = error.fields.first().map(|f| f.code.as_str());
    match (error.status, error.code.as_str(), field, at) {
        (_, _, Some("wrong_code"), CodeAt::SignIn) => Ok(
            "Koden stämmer inte. Skriv koden som appen visar just nu, eller en reservkod som du inte har använt.",
        ),
        (_, _, Some("wrong_code"), CodeAt::Enrolment) => {
            Ok("Koden stämmer inte. Skriv koden som appen visar just nu för Kontaktperson.")
        }
        (_, _, Some(_), CodeAt::SignIn) => {
            Ok("Skriv de sex siffrorna från appen, eller en reservkod med 16 tecken.")
        }
        (_, _, Some(_), CodeAt::Enrolment) => Ok("Skriv de sex siffrorna från appen."),
        (_, "sign_in_again", _, _) => Err(
            "Inloggningen avbröts: det tog för lång tid eller blev för många felaktiga koder. Logga in igen."
                .into(),
        ),
        (_, "no_second_factor_setup", _, _) => {
            Err("Inställningen hann ändras. Börja om med en ny QR-kod.".into())
        }
        (429, _, _, _) => Err(match error.retry_after {
            Some(seconds) => format!(
                "För många felaktiga koder. Försök igen om {}.",
                minutes(seconds)
            ),
            None => "För många felaktiga koder. Försök igen om en stund.".into(),
        }),
        (0, _, _, _) => {
            Err("Ingen kontakt med servern. Kontrollera anslutningen och försök igen.".into())
        }
        _ => Err("Koden kunde inte kontrolleras. Försök igen om en stund.".into()),
    }
}

/// A pipeline step (an event kind) as a heading or a choice.
pub fn step_name(kind: &str) -> &'static str {
    match kind {
        "phone_call" => "Telefonsamtal",
        "interview_booked" => "Boka intervju",
        "interview_held" => "Genomförd intervju",
        "police_extract" => "Utdrag ur polisens register",
        "register_check" => "Kontroll i socialtjänstens register",
        "reference" => "Referens",
        "decision" => "Beslut",
        "withdrawal" => "Avsluta ärendet",
        "note" => "Anteckning",
        "correction" => "Ändrade uppgifter",
        _ => "Okänt steg",
    }
}

/// What a recorded step did, said as a colleague would: "Intervjun är bokad till 4 december kl.
/// 10.00, Socialkontoret, rum 3." rather than "Boka intervju är sparat."
pub fn saved_sentence(event: &kp_domain::pipeline::Event) -> String {
    use super::correction_text::long_date;
    use kp_domain::pipeline::{CallOutcome, Event};
    match event {
        Event::PhoneCall { date, outcome, .. } => match outcome {
            CallOutcome::NotReached => {
                format!(
                    "Samtalet den {} är antecknat: ingen svarade.",
                    long_date(*date)
                )
            }
            _ => format!("Samtalet den {} är antecknat.", long_date(*date)),
        },
        Event::InterviewBooked { at, place } => format!(
            "Intervjun är bokad till den {} kl. {}, {}.",
            long_date(at.date()),
            at.format("%H.%M"),
            place.trim()
        ),
        Event::InterviewHeld { date, .. } => {
            format!(
                "Intervjun den {} är antecknad som genomförd.",
                long_date(*date)
            )
        }
        Event::PoliceExtract { .. } => "Polisutdraget är granskat och antecknat.".into(),
        Event::RegisterCheck { .. } => "Kontrollen i socialtjänstens register är antecknad.".into(),
        Event::Reference { name, .. } => format!("Referensen från {} är antecknad.", name.trim()),
        Event::Decision { approved: true, .. } => {
            "Beslutet är fattat: godkänd som kontaktperson.".into()
        }
        Event::Decision {
            approved: false, ..
        } => "Beslutet är fattat: inte godkänd som kontaktperson.".into(),
        Event::Withdrawal { .. } => "Ärendet är avslutat.".into(),
        Event::Note { .. } => "Anteckningen är sparad.".into(),
        Event::Correction { .. } => "Ändringarna är sparade.".into(),
    }
}

/// An assignment type as caseworkers call it.
pub fn assignment_type_name(code: &str) -> &'static str {
    match code {
        "child" => "Kontaktperson för barn eller unga",
        "unaccompanied" => "Ensamkommande barn och unga",
        "special" => "Särskilt kvalificerad kontaktperson",
        _ => "Okänd uppdragstyp",
    }
}

/// A language code as its Swedish name (the code itself if unknown).
pub fn language_name(code: &str) -> String {
    kp_domain::application::language(code)
        .map(|l| l.swedish.to_string())
        .unwrap_or_else(|| code.to_string())
}

/// How a phone call went.
pub fn call_outcome(outcome: kp_domain::pipeline::CallOutcome) -> &'static str {
    use kp_domain::pipeline::CallOutcome::*;
    match outcome {
        Reached => "Nådd, fortfarande intresserad",
        NotReached => "Inte nådd",
        NoLongerInterested => "Nådd, inte längre intresserad",
    }
}

/// What the register check found.
pub fn register_outcome(outcome: kp_domain::pipeline::RegisterOutcome) -> &'static str {
    use kp_domain::pipeline::RegisterOutcome::*;
    match outcome {
        NothingRecorded => "Inget registrerat",
        Recorded => "Uppgifter finns (se anteckningen)",
    }
}

/// Why the server refused a step (a pipeline refusal code), and what to do about it.
pub fn refusal(code: &str) -> &'static str {
    match code {
        "wrong_stage" => "Det här steget passar inte där den sökande är nu. Ladda om sidan och välj ett av stegen som erbjuds.",
        "closed" => "Ärendet är avslutat. Det går bara att lägga till anteckningar.",
        "missing_text" => "Fyll i de fält som krävs innan du sparar.",
        "future_date" => "Datumet ligger i framtiden. Ange den dag det faktiskt hände.",
        "received_before_issued" => "Mottagningsdatumet ligger före utfärdandedatumet. Kontrollera datumen på utdraget.",
        "missing_police_extract" => "Beslut om godkännande kräver ett utdrag ur polisens register. Registrera utdraget först.",
        "police_extract_expired" => "Det senaste utdraget ur polisens register är äldre än ett år på beslutsdagen. Begär ett nytt utdrag.",
        "missing_register_check" => "Beslut om godkännande kräver en kontroll i socialtjänstens register. Registrera kontrollen först.",
        "too_few_references" => "Beslut om godkännande kräver minst två kontaktade referenser.",
        "no_assignment_type" => "Välj minst en uppdragstyp som den sökande godkänns för.",
        "not_a_step" => "Uppgifter rättas under Rätta uppgifter, inte som ett steg.",
        "stage_changed" => "Någon annan har just registrerat ett steg för den här sökande. Sidan har laddats om – kontrollera och spara igen. Det du skrev finns kvar.",
        "unknown_caseworker" => "Handläggaren finns inte längre eller är inaktiverad. Välj en annan.",
        "network" => "Ingen kontakt med servern. Det du skrev finns kvar – försök igen när anslutningen fungerar.",
        "unauthorized" => "Du har blivit utloggad. Logga in igen i en ny flik; det du skrev finns kvar här.",
        _ => "Det gick inte att spara. Försök igen om en stund; det du skrev finns kvar.",
    }
}

#[cfg(test)]
mod tests {
    use crate::api::ApiError;
    use kp_domain::api::FieldError;

    fn refused_code(
        status: u16,
        code: &str,
        field: Option<&str>,
        retry_after: Option<u64>,
    ) -> ApiError {
        ApiError {
            status,
            code: code.into(),
            retry_after,
            fields: field
                .map(|f| {
                    vec![FieldError {
                        field: "code".into(),
                        code: f.into(),
                    }]
                })
                .unwrap_or_default(),
        }
    }

    #[test]
    fn a_wrong_code_is_said_on_the_field_and_an_ended_code_step_sends_back_to_the_password() {
        let wrong = refused_code(422, "validation_failed", Some("wrong_code"), None);
        assert!(code_error(&wrong, CodeAt::SignIn)
            .unwrap()
            .contains("reservkod"));
        assert!(!code_error(&wrong, CodeAt::Enrolment)
            .unwrap()
            .contains("reservkod"));
        let typo = refused_code(422, "validation_failed", Some("code_format"), None);
        assert!(code_error(&typo, CodeAt::SignIn)
            .unwrap()
            .contains("sex siffrorna"));
        let over = refused_code(401, "sign_in_again", None, None);
        assert!(code_error(&over, CodeAt::SignIn)
            .unwrap_err()
            .contains("Logga in igen"));
        let slow = refused_code(429, "too_many_requests", None, Some(600));
        assert_eq!(
            code_error(&slow, CodeAt::SignIn).unwrap_err(),
            "För många felaktiga koder. Försök igen om 10 minuter."
        );
    }

    use super::*;

    #[test]
    fn every_stage_has_a_swedish_name() {
        let names: std::collections::HashSet<_> = Stage::ALL.into_iter().map(stage_name).collect();
        assert_eq!(names.len(), Stage::ALL.len(), "names are distinct");
    }

    fn refused(status: u16, code: &str, retry_after: Option<u64>) -> crate::api::ApiError {
        crate::api::ApiError {
            status,
            code: code.into(),
            retry_after,
            ..Default::default()
        }
    }

    #[test]
    fn a_failed_sign_in_never_says_whether_the_account_exists() {
        assert_eq!(
            sign_in_error(&refused(401, "invalid_credentials", None)),
            sign_in_error(&refused(401, "unauthorized", None))
        );
    }

    #[test]
    fn a_throttled_sign_in_says_how_long_to_wait_in_minutes() {
        let cases = [
            (Some(898), "För många försök. Försök igen om 15 minuter."),
            (Some(60), "För många försök. Försök igen om 1 minut."),
            (Some(5), "För många försök. Försök igen om 1 minut."),
            (Some(61), "För många försök. Försök igen om 2 minuter."),
            (None, "För många försök. Försök igen om en stund."),
        ];
        for (wait, expected) in cases {
            let error = refused(429, "too_many_requests", wait);
            assert_eq!(sign_in_error(&error), expected, "Retry-After {wait:?}");
        }
    }

    #[test]
    fn a_busy_server_is_told_apart_from_a_throttle() {
        assert_eq!(
            sign_in_error(&refused(503, "busy", Some(2))),
            "Många loggar in just nu. Försök igen om en stund."
        );
    }

    #[test]
    fn a_saved_step_is_said_as_what_happened_not_as_a_form_was_saved() {
        use kp_domain::pipeline::{CallOutcome, Event};
        let day = |d: &str| d.parse::<chrono::NaiveDate>().unwrap();
        let booked = Event::InterviewBooked {
            at: day("2026-12-04").and_hms_opt(10, 0, 0).unwrap(),
            place: "Socialkontoret, rum 3".into(),
        };
        assert_eq!(
            super::saved_sentence(&booked),
            "Intervjun är bokad till den 4 december 2026 kl. 10.00, Socialkontoret, rum 3."
        );
        let call = |outcome| Event::PhoneCall {
            date: day("2026-12-03"),
            outcome,
            note: String::new(),
        };
        assert_eq!(
            super::saved_sentence(&call(CallOutcome::Reached)),
            "Samtalet den 3 december 2026 är antecknat."
        );
        assert_eq!(
            super::saved_sentence(&call(CallOutcome::NotReached)),
            "Samtalet den 3 december 2026 är antecknat: ingen svarade."
        );
        let decision = |approved| Event::Decision {
            approved,
            assignment_types: vec!["child".into()],
            motivation: "Lämplig".into(),
            date: day("2026-12-03"),
        };
        assert_eq!(
            super::saved_sentence(&decision(true)),
            "Beslutet är fattat: godkänd som kontaktperson."
        );
        assert!(!super::saved_sentence(&decision(false)).contains("är sparat"));
    }
}
