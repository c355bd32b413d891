//! The interest form's validation: every field's codes, and properties over generated input.

use chrono::NaiveDate;
use kp_domain::application::{
    normalise_email, normalise_phone, normalise_postcode, search_languages, validate,
    ApplicationForm, CONSENT_VERSION,
};
use kp_domain::personnummer::{check_digit, Personnummer};
use kp_domain::Locale;
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

/// A form a real applicant could send.
fn valid_form() -> ApplicationForm {
    ApplicationForm {
        first_name: "Amina".into(),
        last_name: "Svensson-Yusuf".into(),
        personnummer: "811218-9876".into(),
        address: "Storgatan 1 B".into(),
        postcode: "12345".into(),
        town: "Exempelby".into(),
        district: String::new(),
        phone: "070-123 45 67".into(),
        email: "Amina@Example.SE".into(),
        assignment_types: vec!["child".into(), "unaccompanied".into()],
        languages: vec!["sv".into(), "so".into()],
        occupation: "Undersköterska".into(),
        experience: "Fotbollstränare för ett flicklag i fem år.".into(),
        interests: "Fotboll, matlagning".into(),
        frequency: "weekly".into(),
        times: vec!["evenings".into(), "weekends".into()],
        driving_licence: true,
        has_car: false,
        age_groups: vec!["13-15".into()],
        knows_child: false,
        knows_child_details: String::new(),
        motivation: "Jag vill ge tid till en ung person som behöver en vuxen till.".into(),
        consent: true,
        consent_version: CONSENT_VERSION.into(),
        locale: Some(Locale::So),
        website: String::new(),
    }
}

fn codes(form: &ApplicationForm) -> Vec<(String, String)> {
    match validate(form, today()) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.into_iter().map(|e| (e.field, e.code)).collect(),
    }
}

#[test]
fn a_complete_form_is_accepted_and_normalised() {
    let valid = validate(&valid_form(), today()).expect("valid");
    assert_eq!(valid.personnummer.canonical(), "19811218-9876");
    assert_eq!(valid.phone, "+46701234567");
    assert_eq!(valid.email, "Amina@example.se");
    assert_eq!(valid.postcode, "123 45");
    assert_eq!(valid.locale, Locale::So);
}

#[test]
fn every_field_has_its_own_error_code() {
    type Change = fn(&mut ApplicationForm);
    let cases: Vec<(&str, Change, &str, &str)> = vec![
        (
            "empty first name",
            |f| f.first_name = "  ".into(),
            "first_name",
            "required",
        ),
        (
            "long first name",
            |f| f.first_name = "a".repeat(101),
            "first_name",
            "too_long",
        ),
        (
            "control character",
            |f| f.last_name = "Svens\u{7}son".into(),
            "last_name",
            "invalid_characters",
        ),
        (
            "bidi override",
            |f| f.last_name = "Svens\u{202e}nos".into(),
            "last_name",
            "invalid_characters",
        ),
        (
            "no personnummer",
            |f| f.personnummer = String::new(),
            "personnummer",
            "required",
        ),
        (
            "bad check digit",
            |f| f.personnummer = "811218-9875".into(),
            "personnummer",
            "checksum",
        ),
        (
            "no such date",
            |f| f.personnummer = "811318-9876".into(),
            "personnummer",
            "date",
        ),
        (
            "letters",
            |f| f.personnummer = "abc".into(),
            "personnummer",
            "format",
        ),
        (
            "huge personnummer",
            |f| f.personnummer = "1".repeat(10_000),
            "personnummer",
            "format",
        ),
        (
            "no address",
            |f| f.address = String::new(),
            "address",
            "required",
        ),
        (
            "bad postcode",
            |f| f.postcode = "1234".into(),
            "postcode",
            "format",
        ),
        ("no town", |f| f.town = String::new(), "town", "required"),
        (
            "landline",
            |f| f.phone = "08-123 456 78".into(),
            "phone",
            "format",
        ),
        (
            "phone with letters",
            |f| f.phone = "070-CALL-ME".into(),
            "phone",
            "format",
        ),
        ("no phone", |f| f.phone = String::new(), "phone", "required"),
        (
            "e-mail without @",
            |f| f.email = "amina.example.se".into(),
            "email",
            "format",
        ),
        (
            "e-mail with a space",
            |f| f.email = "amina @example.se".into(),
            "email",
            "format",
        ),
        (
            "no assignment type",
            |f| f.assignment_types.clear(),
            "assignment_types",
            "choose_at_least_one",
        ),
        (
            "unknown assignment type",
            |f| f.assignment_types = vec!["boss".into()],
            "assignment_types",
            "invalid_choice",
        ),
        (
            "no language",
            |f| f.languages.clear(),
            "languages",
            "choose_at_least_one",
        ),
        (
            "unknown language",
            |f| f.languages = vec!["xx".into()],
            "languages",
            "invalid_choice",
        ),
        (
            "no occupation",
            |f| f.occupation = String::new(),
            "occupation",
            "required",
        ),
        (
            "long experience",
            |f| f.experience = "x".repeat(2001),
            "experience",
            "too_long",
        ),
        (
            "no frequency",
            |f| f.frequency = String::new(),
            "frequency",
            "required",
        ),
        (
            "unknown frequency",
            |f| f.frequency = "hourly".into(),
            "frequency",
            "invalid_choice",
        ),
        (
            "no time",
            |f| f.times.clear(),
            "times",
            "choose_at_least_one",
        ),
        (
            "unknown age group",
            |f| f.age_groups = vec!["99".into()],
            "age_groups",
            "invalid_choice",
        ),
        (
            "knows a child but says nothing",
            |f| f.knows_child = true,
            "knows_child_details",
            "required",
        ),
        (
            "no motivation",
            |f| f.motivation = String::new(),
            "motivation",
            "required",
        ),
        (
            "too short motivation",
            |f| f.motivation = "Jag vill.".into(),
            "motivation",
            "too_short",
        ),
        ("no consent", |f| f.consent = false, "consent", "required"),
        (
            "old consent text",
            |f| f.consent_version = "2020-01-01".into(),
            "consent_version",
            "outdated",
        ),
        (
            "robot filled the hidden field",
            |f| f.website = "http://spam".into(),
            "website",
            "must_be_empty",
        ),
    ];
    for (why, change, field, code) in cases {
        let mut form = valid_form();
        change(&mut form);
        assert_eq!(
            codes(&form),
            vec![(field.to_string(), code.to_string())],
            "{why}"
        );
    }
}

#[test]
fn an_applicant_under_eighteen_is_refused_with_the_reason() {
    let nine = "081123123"; // turns 18 tomorrow
    let mut form = valid_form();
    form.personnummer = format!("{nine}{}", check_digit(nine));
    assert_eq!(
        codes(&form),
        vec![("personnummer".into(), "underage".into())]
    );
    let nine = "081122123"; // turns 18 today
    form.personnummer = format!("{nine}{}", check_digit(nine));
    assert_eq!(codes(&form), vec![]);
}

#[test]
fn an_empty_form_reports_every_required_field_in_page_order() {
    let fields: Vec<String> = codes(&ApplicationForm::default())
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    assert_eq!(
        fields,
        [
            "first_name",
            "last_name",
            "personnummer",
            "address",
            "postcode",
            "town",
            "phone",
            "email",
            "assignment_types",
            "languages",
            "occupation",
            "frequency",
            "times",
            "motivation",
            "consent"
        ]
    );
}

#[test]
fn hostile_looking_text_is_kept_as_text_not_refused() {
    let mut form = valid_form();
    form.motivation =
        "'; DROP TABLE applications; -- <script>alert(1)</script> är inget problem".into();
    form.first_name = "O'Brien <b>".into();
    let valid = validate(&form, today()).expect("text is text; escaping happens on output");
    assert!(valid.motivation.contains("DROP TABLE"));
}

#[test]
fn phone_numbers_are_normalised_to_e164() {
    let cases = [
        ("0701234567", Some("+46701234567")),
        ("+46 70 123 45 67", Some("+46701234567")),
        ("0046701234567", Some("+46701234567")),
        ("(070) 123-45-67", Some("+46701234567")),
        ("+358 40 1234567", Some("+358401234567")),
        ("08-12345678", None),
        ("070123456", None),
        ("+46+701234567", None),
        ("٠٧٠١٢٣٤٥٦٧", None),
        ("", None),
    ];
    for (input, expected) in cases {
        assert_eq!(normalise_phone(input).as_deref(), expected, "{input}");
    }
}

#[test]
fn e_mail_and_postcode_shapes() {
    assert_eq!(
        normalise_email("a.b@sub.Example.se").as_deref(),
        Some("a.b@sub.example.se")
    );
    assert_eq!(
        normalise_email("åsa@exempel.se").as_deref(),
        Some("åsa@exempel.se")
    );
    for bad in [
        "a@b", "@b.se", "a@@b.se", "a@b..se", ".a@b.se", "a@-b.se", "a<b@c.se",
    ] {
        assert_eq!(normalise_email(bad), None, "{bad}");
    }
    assert_eq!(normalise_postcode("123 45").as_deref(), Some("123 45"));
    assert_eq!(normalise_postcode("12345").as_deref(), Some("123 45"));
    for bad in ["1234", "123456", "12a45", "1 2 3 4 5"] {
        assert_eq!(normalise_postcode(bad), None, "{bad}");
    }
}

#[test]
fn the_language_list_is_searchable_in_any_of_its_names() {
    let codes = |q: &str| {
        search_languages(q)
            .iter()
            .map(|l| l.code)
            .collect::<Vec<_>>()
    };
    assert_eq!(codes("soma"), ["so"]);
    assert_eq!(codes("Somali"), ["so"]);
    assert_eq!(codes("العربية"), ["ar"]);
    assert!(codes("dari").contains(&"prs"));
    assert_eq!(search_languages("").len(), 40);
}

proptest! {
    #[test]
    fn validation_never_panics_on_any_input(
        first in ".{0,300}", pnr in ".{0,40}", phone in ".{0,40}", email in ".{0,300}",
        postcode in ".{0,10}", motivation in ".{0,500}", website in ".{0,5}",
    ) {
        let mut form = valid_form();
        form.first_name = first;
        form.personnummer = pnr;
        form.phone = phone;
        form.email = email;
        form.postcode = postcode;
        form.motivation = motivation;
        form.website = website;
        let _ = validate(&form, today());
    }

    #[test]
    fn every_number_with_a_correct_check_digit_and_a_real_date_is_accepted(
        year in 1920i32..2008, month in 1u32..=12, day in 1u32..=28, serial in 1u32..1000, coordination: bool,
    ) {
        let shown_day = if coordination { day + 60 } else { day };
        let nine = format!("{:02}{month:02}{shown_day:02}{serial:03}", year % 100);
        let number = format!("{year}{}-{}{}", &nine[2..6], &nine[6..], check_digit(&nine));
        let parsed = Personnummer::parse(&number, today()).expect("valid");
        prop_assert_eq!(parsed.is_coordination_number(), coordination);
        prop_assert_eq!(parsed.birth_date(), NaiveDate::from_ymd_opt(year, month, day).unwrap());
    }

    #[test]
    fn changing_the_check_digit_is_always_detected(
        year in 1920i32..2008, month in 1u32..=12, day in 1u32..=28, serial in 1u32..1000, bump in 1u8..10,
    ) {
        let nine = format!("{:02}{month:02}{day:02}{serial:03}", year % 100);
        let wrong = (check_digit(&nine) + bump) % 10;
        let number = format!("{year}{}-{}{wrong}", &nine[2..6], &nine[6..]);
        prop_assert!(Personnummer::parse(&number, today()).is_err());
    }

    #[test]
    fn any_swedish_mobile_number_in_any_common_spelling_normalises_the_same(
        rest in "[0-9]{8}", style in 0usize..4,
    ) {
        let national = format!("07{rest}");
        let written = match style {
            0 => national.clone(),
            1 => format!("+46 {}", &national[1..]),
            2 => format!("{}-{} {} {}", &national[..3], &national[3..6], &national[6..8], &national[8..]),
            _ => format!("0046{}", &national[1..]),
        };
        prop_assert_eq!(normalise_phone(&written), Some(format!("+46{}", &national[1..])));
    }
}
