//! The interest form in steps: which answers each step asks for, the step a field (and so its
//! error) belongs to, and how far the answers so far let an applicant go. The rules stay in
//! [`validate`]: a step's errors are the whole form's errors for that step's fields, so the SPA's
//! "Fortsätt" and the server's check on receipt can never disagree. Also the language question's
//! list: which languages a search matches, the page's own language and Swedish first.

use chrono::NaiveDate;

use crate::api::FieldError;
use crate::application::{search_languages, validate, ApplicationForm, Language};
use crate::Locale;

/// How many steps the form has before "Kontrollera dina svar".
pub const STEPS: u8 = 4;

/// The fields each step asks for (step 1 first), in the form's order. `consent_version` and the
/// robot trap `website` go with the consent, the last step.
const STEP_FIELDS: [&[&str]; STEPS as usize] = [
    &[
        "first_name",
        "last_name",
        "personnummer",
        "address",
        "postcode",
        "town",
        "district",
        "phone",
        "email",
    ],
    &[
        "assignment_types",
        "frequency",
        "times",
        "driving_licence",
        "has_car",
        "age_groups",
        "knows_child",
        "knows_child_details",
    ],
    &[
        "languages",
        "occupation",
        "experience",
        "interests",
        "motivation",
    ],
    &["consent", "consent_version", "website"],
];

/// The fields step `step` (1–[`STEPS`]) asks for; none for a step that does not exist.
pub fn step_fields(step: u8) -> &'static [&'static str] {
    step.checked_sub(1)
        .and_then(|i| STEP_FIELDS.get(i as usize))
        .copied()
        .unwrap_or(&[])
}

/// The step that asks for `field` (an unknown field counts as the last step, where the form is
/// sent from, so an error is never lost).
pub fn step_of(field: &str) -> u8 {
    (1..=STEPS)
        .find(|s| step_fields(*s).contains(&field))
        .unwrap_or(STEPS)
}

/// The errors among `errors` that step `step` shows.
pub fn errors_on_step(errors: &[FieldError], step: u8) -> Vec<FieldError> {
    errors
        .iter()
        .filter(|e| step_of(&e.field) == step)
        .cloned()
        .collect()
}

/// The form's errors on step `step`, by the same rules as the whole form.
pub fn validate_step(form: &ApplicationForm, step: u8, today: NaiveDate) -> Vec<FieldError> {
    match validate(form, today) {
        Ok(_) => Vec::new(),
        Err(errors) => errors_on_step(&errors, step),
    }
}

/// The first step with an error, or `None` when the whole form is valid (the applicant may
/// check their answers).
pub fn first_step_with_errors(form: &ApplicationForm, today: NaiveDate) -> Option<u8> {
    validate(form, today)
        .err()
        .and_then(|errors| errors.iter().map(|e| step_of(&e.field)).min())
}

/// How far the answers let the applicant go towards `wanted` (a step, or `None` for the check
/// page): every step before the one shown must be answered, so an address typed into the bar or
/// a draft restored after its answers were emptied never shows a later step of a half-filled form.
pub fn reachable(form: &ApplicationForm, wanted: Option<u8>, today: NaiveDate) -> Option<u8> {
    let wanted = wanted.map(|s| s.clamp(1, STEPS));
    match (first_step_with_errors(form, today), wanted) {
        (None, wanted) => wanted,
        (Some(bad), None) => Some(bad),
        (Some(bad), Some(step)) => Some(step.min(bad)),
    }
}

/// Where in the form an applicant is, as the address says it (`?steg=2`): one of the steps, the
/// check page ("Kontrollera dina svar") or the confirmation. The address holds it so the browser's
/// Back and Forward buttons move between steps and a reload stays put.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormPlace {
    /// A step, 1–[`STEPS`].
    Step(u8),
    /// "Kontrollera dina svar".
    Check,
    /// The confirmation after sending.
    Done,
}

/// The address's query parameter that holds the place (`?steg=…`).
pub const PLACE_PARAM: &str = "steg";

impl FormPlace {
    /// The place an address's `?steg=` value names (`1`–`4`, `kontroll`, `klar`); `None` for
    /// anything else, which shows the form from where its answers allow.
    pub fn parse(value: &str) -> Option<FormPlace> {
        match value.trim() {
            "kontroll" => Some(FormPlace::Check),
            "klar" => Some(FormPlace::Done),
            step => step
                .parse::<u8>()
                .ok()
                .filter(|s| (1..=STEPS).contains(s))
                .map(FormPlace::Step),
        }
    }

    /// The `?steg=` value of this place (the inverse of [`FormPlace::parse`]).
    pub fn query_value(self) -> String {
        match self {
            FormPlace::Step(step) => step.to_string(),
            FormPlace::Check => "kontroll".into(),
            FormPlace::Done => "klar".into(),
        }
    }

    /// Where "Tillbaka" leads: the step before, the last step from the check page; nowhere from
    /// the first step or the confirmation.
    pub fn previous(self) -> Option<FormPlace> {
        match self {
            FormPlace::Step(step) if step > 1 => Some(FormPlace::Step(step - 1)),
            FormPlace::Check => Some(FormPlace::Step(STEPS)),
            _ => None,
        }
    }
}

/// The place to show when the address (or a restored draft) asks for `wanted`: a step or the
/// check page only as far as the answers reach ([`reachable`]), the confirmation only right after
/// sending (`sent`; after a reload it is gone, and so is the draft), otherwise the first step.
pub fn place_to_show(
    form: &ApplicationForm,
    wanted: Option<FormPlace>,
    sent: bool,
    today: NaiveDate,
) -> FormPlace {
    let step = match wanted {
        Some(FormPlace::Done) if sent => return FormPlace::Done,
        Some(FormPlace::Step(step)) => Some(step),
        Some(FormPlace::Check) => None,
        Some(FormPlace::Done) | None => Some(1),
    };
    reachable(form, step, today).map_or(FormPlace::Check, FormPlace::Step)
}

/// What "Fortsätt" on `step` does: the step's errors (shown, the applicant stays), or the place
/// to go: the next step, or the check page after the last, and straight back to the check page
/// when the applicant came from there to change an answer (`returning`) and every answer is fine.
pub fn after_continue(
    form: &ApplicationForm,
    step: u8,
    returning: bool,
    today: NaiveDate,
) -> Result<FormPlace, Vec<FieldError>> {
    let errors = validate_step(form, step, today);
    if !errors.is_empty() {
        return Err(errors);
    }
    if step >= STEPS || (returning && first_step_with_errors(form, today).is_none()) {
        Ok(FormPlace::Check)
    } else {
        Ok(FormPlace::Step(step + 1))
    }
}

/// Where a refusal from the server leads (422 with field codes): the step of its first error,
/// with that step's errors to show there.
pub fn refusal_step(errors: &[FieldError]) -> (u8, Vec<FieldError>) {
    let step = errors
        .iter()
        .map(|e| step_of(&e.field))
        .min()
        .unwrap_or(STEPS);
    (step, errors_on_step(errors, step))
}

/// The language code of a page's locale (easy-to-read Swedish is Swedish).
pub fn locale_language(locale: Locale) -> &'static str {
    match locale {
        Locale::Sv | Locale::Lattlast => "sv",
        Locale::En => "en",
        Locale::Ar => "ar",
        Locale::Fa => "fa",
        Locale::So => "so",
        Locale::Ti => "ti",
    }
}

/// A language's name as a reader of `locale` says it: the Swedish name in Swedish, the English
/// name in English, otherwise the language's name for itself (the domain knows no Arabic names of
/// other languages, and the name in itself is what its speakers look for).
pub fn language_name(locale: Locale, language: &Language) -> &'static str {
    match locale {
        Locale::Sv | Locale::Lattlast => language.swedish,
        Locale::En => language.english,
        _ => language.endonym,
    }
}

/// A language as the list shows it: its name in itself, and (when that differs) the Swedish name
/// in Swedish pages or the English one elsewhere, e.g. "Soomaali (somaliska)".
pub fn language_label(locale: Locale, language: &Language) -> String {
    let other = match locale {
        Locale::Sv | Locale::Lattlast => language.swedish,
        _ => language.english,
    };
    if language.endonym.to_lowercase() == other.to_lowercase() {
        language.endonym.to_string()
    } else {
        format!("{} ({other})", language.endonym)
    }
}

/// The languages the language question offers for `query`, leaving out `chosen`: those whose
/// name in itself, in Swedish or in English contains the query: names that start with it before
/// names that merely contain it, and within each the page's own language and Swedish first, then
/// the list's (Swedish alphabetical) order.
pub fn language_options(locale: Locale, query: &str, chosen: &[String]) -> Vec<&'static Language> {
    let q = query.trim().to_lowercase();
    let first = [locale_language(locale), "sv"];
    let rank = |l: &Language| {
        let starts = q.is_empty()
            || [l.endonym, l.swedish, l.english]
                .iter()
                .any(|n| n.to_lowercase().starts_with(&q));
        let suggested = first
            .iter()
            .position(|c| *c == l.code)
            .unwrap_or(first.len());
        (!starts, suggested)
    };
    let mut found: Vec<&'static Language> = search_languages(query)
        .into_iter()
        .filter(|l| !chosen.iter().any(|c| c == l.code))
        .collect();
    // A stable sort keeps the list's (Swedish alphabetical) order within each rank.
    found.sort_by_key(|l| rank(l));
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::application::{language, FIELD_ORDER};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 6).unwrap()
    }

    fn complete() -> ApplicationForm {
        ApplicationForm {
            first_name: "Amina".into(),
            last_name: "Hassan".into(),
            personnummer: "19811218-9876".into(),
            address: "Storgatan 1".into(),
            postcode: "123 45".into(),
            town: "Exempelby".into(),
            phone: "070-123 45 67".into(),
            email: "amina@example.se".into(),
            assignment_types: vec!["child".into()],
            languages: vec!["so".into()],
            occupation: "Undersköterska".into(),
            frequency: "weekly".into(),
            times: vec!["evenings".into()],
            motivation: "Jag vill vara en trygg vuxen för ett barn.".into(),
            consent: true,
            consent_version: crate::application::CONSENT_VERSION.into(),
            ..ApplicationForm::default()
        }
    }

    #[test]
    fn every_field_the_validation_knows_belongs_to_exactly_one_step_and_a_steps_errors_keep_its_order(
    ) {
        for field in FIELD_ORDER {
            let steps: Vec<u8> = (1..=STEPS)
                .filter(|s| step_fields(*s).contains(&field))
                .collect();
            assert_eq!(steps.len(), 1, "{field} is on steps {steps:?}");
        }
        // The error summary lists a step's errors in FIELD_ORDER: that is the step's own order.
        for step in 1..=STEPS {
            let ordered: Vec<&str> = FIELD_ORDER
                .iter()
                .copied()
                .filter(|f| step_of(f) == step)
                .collect();
            let asked: Vec<&str> = step_fields(step)
                .iter()
                .copied()
                .filter(|f| FIELD_ORDER.contains(f))
                .collect();
            assert_eq!(ordered, asked, "step {step}");
        }
    }

    #[test]
    fn an_empty_form_has_errors_on_every_step_and_each_step_shows_only_its_own() {
        let empty = ApplicationForm::default();
        let one = validate_step(&empty, 1, today());
        assert_eq!(one.len(), 8, "{one:?}");
        let two: Vec<String> = validate_step(&empty, 2, today())
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(two, ["assignment_types", "frequency", "times"]);
        let three: Vec<String> = validate_step(&empty, 3, today())
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(three, ["languages", "occupation", "motivation"]);
        assert_eq!(validate_step(&empty, 4, today())[0].field, "consent");
        assert_eq!(first_step_with_errors(&empty, today()), Some(1));
        assert_eq!(first_step_with_errors(&complete(), today()), None);
    }

    #[test]
    fn a_later_step_or_the_check_page_is_reached_only_when_every_step_before_it_is_answered() {
        let mut form = complete();
        assert_eq!(reachable(&form, None, today()), None, "the check page");
        assert_eq!(reachable(&form, Some(3), today()), Some(3));
        assert_eq!(reachable(&form, Some(9), today()), Some(4));
        form.times.clear();
        assert_eq!(reachable(&form, None, today()), Some(2));
        assert_eq!(reachable(&form, Some(4), today()), Some(2));
        assert_eq!(
            reachable(&form, Some(1), today()),
            Some(1),
            "back is always allowed"
        );
        form.first_name.clear();
        assert_eq!(reachable(&form, Some(3), today()), Some(1));
    }

    #[test]
    fn a_server_error_on_the_consent_version_or_the_robot_trap_is_shown_on_the_last_step() {
        assert_eq!(step_of("consent_version"), 4);
        assert_eq!(step_of("website"), 4);
        assert_eq!(step_of("personnummer"), 1);
        assert_eq!(step_of("something_new"), STEPS);
    }

    #[test]
    fn the_place_in_the_address_reads_back_as_it_was_written_and_nonsense_names_no_place() {
        for place in [
            FormPlace::Step(1),
            FormPlace::Step(STEPS),
            FormPlace::Check,
            FormPlace::Done,
        ] {
            assert_eq!(
                FormPlace::parse(&place.query_value()),
                Some(place),
                "{place:?}"
            );
        }
        for nonsense in ["0", "5", "-1", "", "kontrol", "2x"] {
            assert_eq!(FormPlace::parse(nonsense), None, "{nonsense:?}");
        }
        assert_eq!(FormPlace::Step(3).previous(), Some(FormPlace::Step(2)));
        assert_eq!(FormPlace::Check.previous(), Some(FormPlace::Step(STEPS)));
        assert_eq!(FormPlace::Step(1).previous(), None);
        assert_eq!(FormPlace::Done.previous(), None);
    }

    #[test]
    fn an_address_for_a_place_the_answers_do_not_reach_shows_the_first_step_that_needs_answers() {
        let empty = ApplicationForm::default();
        let show =
            |form: &ApplicationForm, wanted, sent| place_to_show(form, wanted, sent, today());
        assert_eq!(
            show(&empty, Some(FormPlace::Step(3)), false),
            FormPlace::Step(1)
        );
        assert_eq!(
            show(&empty, Some(FormPlace::Check), false),
            FormPlace::Step(1)
        );
        assert_eq!(show(&empty, None, false), FormPlace::Step(1));
        let mut form = complete();
        assert_eq!(show(&form, Some(FormPlace::Check), false), FormPlace::Check);
        assert_eq!(
            show(&form, Some(FormPlace::Step(2)), false),
            FormPlace::Step(2)
        );
        assert_eq!(
            show(&form, None, false),
            FormPlace::Step(1),
            "no place asked: the start"
        );
        form.motivation.clear();
        assert_eq!(
            show(&form, Some(FormPlace::Check), false),
            FormPlace::Step(3)
        );
        // The confirmation only right after sending; a reload of its address starts anew.
        assert_eq!(show(&empty, Some(FormPlace::Done), true), FormPlace::Done);
        assert_eq!(
            show(&empty, Some(FormPlace::Done), false),
            FormPlace::Step(1)
        );
    }

    #[test]
    fn continuing_checks_only_the_steps_own_answers_and_leads_to_the_next_step_or_back_to_the_check_page(
    ) {
        let mut form = complete();
        form.motivation.clear();
        assert_eq!(
            after_continue(&form, 1, false, today()),
            Ok(FormPlace::Step(2))
        );
        assert_eq!(
            after_continue(&form, 1, true, today()),
            Ok(FormPlace::Step(2)),
            "back to the check page only when every answer is fine"
        );
        let errors = after_continue(&form, 3, false, today()).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "motivation");
        let form = complete();
        assert_eq!(
            after_continue(&form, 1, true, today()),
            Ok(FormPlace::Check)
        );
        assert_eq!(
            after_continue(&form, STEPS, false, today()),
            Ok(FormPlace::Check)
        );
        let empty = ApplicationForm::default();
        let fields: Vec<String> = after_continue(&empty, 2, false, today())
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["assignment_types", "frequency", "times"]);
    }

    #[test]
    fn a_refusal_from_the_server_leads_to_the_step_of_its_first_error_with_that_steps_errors() {
        let error = |field: &str| FieldError {
            field: field.into(),
            code: "invalid".into(),
        };
        let (step, shown) = refusal_step(&[
            error("consent_version"),
            error("motivation"),
            error("occupation"),
        ]);
        assert_eq!(step, 3);
        let fields: Vec<&str> = shown.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["motivation", "occupation"]);
        assert_eq!(refusal_step(&[]).0, STEPS);
    }

    #[test]
    fn the_language_list_offers_the_pages_language_and_swedish_first() {
        let codes = |locale, q: &str| -> Vec<&str> {
            language_options(locale, q, &[])
                .into_iter()
                .map(|l| l.code)
                .collect()
        };
        assert_eq!(&codes(Locale::Ar, "")[..3], ["ar", "sv", "sq"]);
        assert_eq!(&codes(Locale::Sv, "")[..2], ["sv", "sq"]);
        assert_eq!(&codes(Locale::Ti, "")[..2], ["ti", "sv"]);
        assert_eq!(codes(Locale::Sv, "").len(), 40);
    }

    #[test]
    fn the_language_list_finds_a_language_by_its_swedish_name_its_own_name_or_its_english_name() {
        let first = |locale, q: &str| language_options(locale, q, &[]).first().map(|l| l.code);
        assert_eq!(first(Locale::Sv, "arab"), Some("ar"));
        assert_eq!(first(Locale::Sv, "soom"), Some("so"));
        assert_eq!(first(Locale::Sv, "العربية"), Some("ar"));
        assert_eq!(first(Locale::En, "Somali"), Some("so"));
        assert_eq!(first(Locale::Sv, "ትግርኛ"), Some("ti"));
        // Names starting with the query before names that merely contain it ("svenska").
        assert_eq!(first(Locale::Sv, "en"), Some("en"));
        assert_eq!(first(Locale::Sv, "sv"), Some("sv"));
        assert!(language_options(Locale::Sv, "klingon", &[]).is_empty());
    }

    #[test]
    fn a_chosen_language_is_no_longer_offered() {
        let chosen = vec!["sv".to_string(), "so".to_string()];
        let offered = language_options(Locale::Sv, "", &chosen);
        assert_eq!(offered.len(), 38);
        assert!(!offered.iter().any(|l| l.code == "sv" || l.code == "so"));
    }

    #[test]
    fn a_language_is_named_as_the_readers_language_names_it() {
        let arabic = language("ar").unwrap();
        assert_eq!(language_name(Locale::Sv, arabic), "arabiska");
        assert_eq!(language_name(Locale::En, arabic), "Arabic");
        assert_eq!(language_name(Locale::Ar, arabic), "العربية");
        assert_eq!(language_label(Locale::Sv, arabic), "العربية (arabiska)");
        assert_eq!(language_label(Locale::Ar, arabic), "العربية (Arabic)");
        assert_eq!(
            language_label(Locale::Sv, language("sv").unwrap()),
            "Svenska"
        );
    }
}
