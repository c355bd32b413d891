//! A child's or young person's need for a contact person, de-identified: the case number in the
//! main case system stands for the child, and nothing here holds a name or a personnummer.
//!
//! The caseworker fills in a [`NeedForm`]; [`validate_need`] (run in the SPA as they type and in
//! the server on receipt) turns it into a [`Need`] or gives a `{field, code}` per problem.
//!
//! Error codes: `required`, `too_long`, `invalid_characters`, `format` (a birth year that is not
//! four digits), `out_of_range` (a child not 0–20 years old), `invalid_choice`,
//! `choose_at_least_one`.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::api::FieldError;
use crate::application::{
    choices, language, text_field, Errors, AGE_GROUPS, ASSIGNMENT_TYPES, TIMES,
};
use crate::compensation::Frequency;

/// The need as the caseworker's browser sends it: plain strings and choices, untrusted until
/// [`validate_need`] has turned it into a [`Need`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NeedForm {
    /// The case number in the main case system (never the child's name).
    pub case_reference: String,
    /// The child's birth year, as typed (`2014`).
    pub birth_year: String,
    /// A [`Gender`] code.
    pub gender: String,
    /// Language codes from [`crate::application::LANGUAGES`].
    pub languages: Vec<String>,
    /// The part of the municipality the child lives in, as free text: older needs, and a
    /// municipality that has configured no districts.
    pub area: String,
    /// The district (område) the child lives in: a district's id, or empty
    /// ([`crate::district`]). With a district chosen the free-text area may be empty.
    pub district: String,
    /// The child's interests.
    pub interests: String,
    /// [`NeedGoal`] codes.
    pub goals: Vec<String>,
    /// More about the goals, in the caseworker's words.
    pub goal_note: String,
    /// One of [`ASSIGNMENT_TYPES`].
    pub assignment_type: String,
    /// A [`Frequency`] code.
    pub frequency: String,
    /// Wished times, from [`TIMES`] (empty: no wish).
    pub times: Vec<String>,
    /// A contact person the family suggested, if any (free text).
    pub suggested_person: String,
    /// Whether the assignment needs someone who can drive.
    pub needs_driving: bool,
}

/// The child's gender, as the case records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    /// Flicka.
    Girl,
    /// Pojke.
    Boy,
    /// Annat.
    Other,
    /// Not stated.
    Unspecified,
}

impl Gender {
    /// Every gender option, in the order the form shows them.
    pub const ALL: [Gender; 4] = [
        Gender::Girl,
        Gender::Boy,
        Gender::Other,
        Gender::Unspecified,
    ];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Gender::Girl => "girl",
            Gender::Boy => "boy",
            Gender::Other => "other",
            Gender::Unspecified => "unspecified",
        }
    }

    /// Parses a code.
    pub fn from_code(code: &str) -> Option<Gender> {
        Gender::ALL.into_iter().find(|g| g.code() == code)
    }
}

/// What the assignment is meant to achieve for the child.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NeedGoal {
    /// A wider social network.
    WiderNetwork,
    /// Routines in everyday life.
    Routines,
    /// Support with school.
    SchoolSupport,
    /// Breaking isolation.
    BreakIsolation,
    /// Time away from a harmful environment.
    AwayFromHarmfulEnvironment,
    /// Meaningful leisure.
    Leisure,
    /// The Swedish language and society.
    LanguageAndSociety,
}

impl NeedGoal {
    /// Every goal, in the order the form shows them.
    pub const ALL: [NeedGoal; 7] = [
        NeedGoal::WiderNetwork,
        NeedGoal::Routines,
        NeedGoal::SchoolSupport,
        NeedGoal::BreakIsolation,
        NeedGoal::AwayFromHarmfulEnvironment,
        NeedGoal::Leisure,
        NeedGoal::LanguageAndSociety,
    ];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            NeedGoal::WiderNetwork => "wider_network",
            NeedGoal::Routines => "routines",
            NeedGoal::SchoolSupport => "school_support",
            NeedGoal::BreakIsolation => "break_isolation",
            NeedGoal::AwayFromHarmfulEnvironment => "away_from_harmful_environment",
            NeedGoal::Leisure => "leisure",
            NeedGoal::LanguageAndSociety => "language_and_society",
        }
    }

    /// Parses a code.
    pub fn from_code(code: &str) -> Option<NeedGoal> {
        NeedGoal::ALL.into_iter().find(|g| g.code() == code)
    }
}

/// Longest accepted lengths, in characters.
pub mod limits {
    /// The case number.
    pub const CASE_REFERENCE: usize = 50;
    /// The area.
    pub const AREA: usize = 100;
    /// The interests.
    pub const INTERESTS: usize = 1000;
    /// The note about the goals.
    pub const GOAL_NOTE: usize = 1000;
    /// The suggested contact person.
    pub const SUGGESTED_PERSON: usize = 200;
    /// The oldest a child with a need may be, in years (the age reached during `today`'s year).
    pub const MAX_AGE: i32 = 20;
}

/// A validated need, ready to store and to match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Need {
    /// The case number in the main case system, trimmed.
    pub case_reference: String,
    /// The child's birth year.
    pub birth_year: i32,
    /// The child's gender.
    pub gender: Gender,
    /// Languages the child speaks (known codes, no duplicates, in the order given).
    pub languages: Vec<String>,
    /// Part of the municipality: the district's name when one was chosen (as it was named when
    /// the need was registered), else the caseworker's free text.
    pub area: String,
    /// The district, when one was chosen (needs registered before districts have none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<i64>,
    /// Interests (may be empty).
    pub interests: String,
    /// Goals (no duplicates, in the order given).
    pub goals: Vec<NeedGoal>,
    /// More about the goals (may be empty).
    pub goal_note: String,
    /// One of [`ASSIGNMENT_TYPES`].
    pub assignment_type: String,
    /// How often they should meet.
    pub frequency: Frequency,
    /// Wished times from [`TIMES`] (empty: no wish).
    pub times: Vec<String>,
    /// A contact person the family suggested.
    pub suggested_person: Option<String>,
    /// Whether the contact person needs to drive.
    pub needs_driving: bool,
}

impl Need {
    /// The child's age counted by year only: the age reached during `today`'s year.
    pub fn age(&self, today: NaiveDate) -> i32 {
        today.year() - self.birth_year
    }

    /// The age group (one of [`AGE_GROUPS`]) the child is in at `today`. Ages outside 0–20
    /// (a need kept past the child's 20th year) fall into the nearest group.
    pub fn age_group(&self, today: NaiveDate) -> &'static str {
        match self.age(today) {
            ..=6 => AGE_GROUPS[0],
            7..=12 => AGE_GROUPS[1],
            13..=15 => AGE_GROUPS[2],
            _ => AGE_GROUPS[3],
        }
    }
}

/// The form's fields in the order they appear, for the error summary.
pub const NEED_FIELD_ORDER: [&str; 14] = [
    "case_reference",
    "birth_year",
    "gender",
    "languages",
    "district",
    "area",
    "interests",
    "goals",
    "goal_note",
    "assignment_type",
    "frequency",
    "times",
    "suggested_person",
    "needs_driving",
];

fn single_choice<T>(
    errors: &mut Errors,
    field: &str,
    value: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Option<T> {
    if value.trim().is_empty() {
        errors.add(field, "required");
        return None;
    }
    let parsed = parse(value);
    if parsed.is_none() {
        errors.add(field, "invalid_choice");
    }
    parsed
}

/// Validates the whole need. Every field is checked, so the caseworker sees every problem at
/// once; errors come in [`NEED_FIELD_ORDER`]. `today` decides the age check: the child must be
/// 0–20 years old counted by year ([`Need::age`]).
pub fn validate_need(form: &NeedForm, today: NaiveDate) -> Result<Need, Vec<FieldError>> {
    let mut e = Errors(Vec::new());
    let case_reference = text_field(
        &mut e,
        "case_reference",
        &form.case_reference,
        true,
        limits::CASE_REFERENCE,
        false,
    );

    let year_text = form.birth_year.trim();
    let birth_year = if year_text.is_empty() {
        e.add("birth_year", "required");
        None
    } else if year_text.len() != 4 || !year_text.bytes().all(|b| b.is_ascii_digit()) {
        e.add("birth_year", "format");
        None
    } else {
        let year: i32 = year_text.parse().expect("four ASCII digits");
        let age = today.year() - year;
        if (0..=limits::MAX_AGE).contains(&age) {
            Some(year)
        } else {
            e.add("birth_year", "out_of_range");
            None
        }
    };

    let gender = single_choice(&mut e, "gender", &form.gender, Gender::from_code);
    let languages = choices(
        &mut e,
        "languages",
        &form.languages,
        |v| language(v).is_some(),
        true,
    );
    let district = crate::district::parse_choice(&form.district).unwrap_or_else(|code| {
        e.add("district", code);
        None
    });
    // A chosen district is the area; without one the free text is needed.
    let area = text_field(
        &mut e,
        "area",
        &form.area,
        form.district.trim().is_empty(),
        limits::AREA,
        false,
    );
    let interests = text_field(
        &mut e,
        "interests",
        &form.interests,
        false,
        limits::INTERESTS,
        true,
    );
    let goal_codes = choices(
        &mut e,
        "goals",
        &form.goals,
        |v| NeedGoal::from_code(v).is_some(),
        true,
    );
    let goals: Vec<NeedGoal> = goal_codes
        .iter()
        .filter_map(|code| NeedGoal::from_code(code))
        .collect();
    let goal_note = text_field(
        &mut e,
        "goal_note",
        &form.goal_note,
        false,
        limits::GOAL_NOTE,
        true,
    );
    let assignment_type = single_choice(&mut e, "assignment_type", &form.assignment_type, |v| {
        ASSIGNMENT_TYPES.contains(&v).then(|| v.to_string())
    });
    let frequency = single_choice(&mut e, "frequency", &form.frequency, Frequency::from_code);
    let times = choices(&mut e, "times", &form.times, |v| TIMES.contains(&v), false);
    let suggested_person = text_field(
        &mut e,
        "suggested_person",
        &form.suggested_person,
        false,
        limits::SUGGESTED_PERSON,
        false,
    );

    let mut errors = e.0;
    if !errors.is_empty() {
        errors.sort_by_key(|err| NEED_FIELD_ORDER.iter().position(|f| *f == err.field));
        return Err(errors);
    }
    Ok(Need {
        case_reference,
        birth_year: birth_year.expect("checked above"),
        gender: gender.expect("checked above"),
        languages,
        area,
        district,
        interests,
        goals,
        goal_note,
        assignment_type: assignment_type.expect("checked above"),
        frequency: frequency.expect("checked above"),
        times,
        suggested_person: (!suggested_person.is_empty()).then_some(suggested_person),
        needs_driving: form.needs_driving,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("a valid date")
    }

    fn today() -> NaiveDate {
        d(2026, 11, 24)
    }

    fn form() -> NeedForm {
        NeedForm {
            case_reference: "IFO-2026-1234".into(),
            birth_year: "2012".into(),
            gender: "boy".into(),
            languages: vec!["prs".into(), "sv".into()],
            area: "Centrum".into(),
            district: String::new(),
            interests: "Fotboll och schack".into(),
            goals: vec!["wider_network".into(), "language_and_society".into()],
            goal_note: String::new(),
            assignment_type: "unaccompanied".into(),
            frequency: "weekly".into(),
            times: vec!["evenings".into(), "weekends".into()],
            suggested_person: "  ".into(),
            needs_driving: false,
        }
    }

    fn codes(result: Result<Need, Vec<FieldError>>) -> Vec<(String, String)> {
        result
            .expect_err("should be refused")
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    #[test]
    fn a_complete_need_becomes_typed_values() {
        let need = validate_need(&form(), today()).expect("valid");
        assert_eq!(need.case_reference, "IFO-2026-1234");
        assert_eq!(need.birth_year, 2012);
        assert_eq!(need.gender, Gender::Boy);
        assert_eq!(need.languages, ["prs", "sv"]);
        assert_eq!(
            need.goals,
            [NeedGoal::WiderNetwork, NeedGoal::LanguageAndSociety]
        );
        assert_eq!(need.frequency, Frequency::Weekly);
        assert_eq!(need.suggested_person, None, "blank means none suggested");
    }

    #[test]
    fn a_chosen_district_stands_for_the_area_and_must_be_an_id() {
        let mut f = form();
        f.area = String::new();
        assert_eq!(
            codes(validate_need(&f, today())),
            [("area".to_string(), "required".to_string())],
            "no district and no area"
        );
        f.district = "3".into();
        let need = validate_need(&f, today()).unwrap();
        assert_eq!((need.district, need.area.as_str()), (Some(3), ""));
        f.district = "Centrum".into();
        assert_eq!(
            codes(validate_need(&f, today())),
            [("district".to_string(), "invalid_choice".to_string())]
        );
        let old: Need = serde_json::from_value(serde_json::json!({
            "case_reference": "IFO-1", "birth_year": 2012, "gender": "boy", "languages": ["sv"],
            "area": "Centrum", "interests": "", "goals": [], "goal_note": "",
            "assignment_type": "child", "frequency": "weekly", "times": [],
            "suggested_person": null, "needs_driving": false
        }))
        .unwrap();
        assert_eq!(
            old.district, None,
            "a need stored before districts still reads"
        );
    }

    #[test]
    fn an_empty_form_names_every_missing_field_in_form_order() {
        let got = codes(validate_need(&NeedForm::default(), today()));
        let expected = [
            ("case_reference", "required"),
            ("birth_year", "required"),
            ("gender", "required"),
            ("languages", "choose_at_least_one"),
            ("area", "required"),
            ("goals", "choose_at_least_one"),
            ("assignment_type", "required"),
            ("frequency", "required"),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(f, c)| (f.to_string(), c.to_string()))
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn unknown_codes_are_invalid_choices() {
        let mut f = form();
        f.gender = "girl ".into();
        f.languages = vec!["xx".into()];
        f.goals = vec!["fun".into()];
        f.assignment_type = "adult".into();
        f.frequency = "monthly".into();
        f.times = vec!["nights".into()];
        let got = codes(validate_need(&f, today()));
        let fields: Vec<&str> = got.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            fields,
            [
                "gender",
                "languages",
                "goals",
                "assignment_type",
                "frequency",
                "times"
            ]
        );
        assert!(got.iter().all(|(_, c)| c == "invalid_choice"));
    }

    #[test]
    fn the_child_must_be_zero_to_twenty_years_old_counted_by_year() {
        let cases = [
            ("2026", Ok(2026), "born this year is 0"),
            ("2006", Ok(2006), "turns 20 this year"),
            ("2005", Err("out_of_range"), "turns 21 this year"),
            ("2027", Err("out_of_range"), "not born yet"),
            ("12", Err("format"), "two digits"),
            ("20l2", Err("format"), "a letter"),
            (" 2012 ", Ok(2012), "spaces are trimmed"),
        ];
        for (typed, expected, why) in cases {
            let mut f = form();
            f.birth_year = typed.into();
            let got = validate_need(&f, today())
                .map(|n| n.birth_year)
                .map_err(|errors| {
                    assert_eq!(errors.len(), 1, "{why}");
                    assert_eq!(errors[0].field, "birth_year", "{why}");
                    match errors[0].code.as_str() {
                        "out_of_range" => "out_of_range",
                        "format" => "format",
                        other => panic!("unexpected code {other}"),
                    }
                });
            assert_eq!(got, expected, "{why}");
        }
    }

    #[test]
    fn texts_are_limited_and_single_line_where_they_should_be() {
        let mut f = form();
        f.case_reference = "x".repeat(51);
        f.area = "Centrum\nNorr".into();
        f.interests = "å".repeat(1001);
        f.suggested_person = "Anna Andersson".into();
        let got = codes(validate_need(&f, today()));
        assert_eq!(
            got,
            [
                ("case_reference".to_string(), "too_long".to_string()),
                ("area".to_string(), "invalid_characters".to_string()),
                ("interests".to_string(), "too_long".to_string()),
            ]
        );
        f = form();
        f.case_reference = "x".repeat(50);
        f.interests = "å".repeat(1000);
        f.suggested_person = " Anna Andersson ".into();
        let need = validate_need(&f, today()).expect("at the limits");
        assert_eq!(need.suggested_person.as_deref(), Some("Anna Andersson"));
    }

    #[test]
    fn duplicate_choices_are_kept_once_and_times_may_be_empty() {
        let mut f = form();
        f.languages = vec!["ar".into(), "ar".into(), "sv".into()];
        f.goals = vec!["leisure".into(), "leisure".into()];
        f.times = Vec::new();
        let need = validate_need(&f, today()).expect("valid");
        assert_eq!(need.languages, ["ar", "sv"]);
        assert_eq!(need.goals, [NeedGoal::Leisure]);
        assert!(need.times.is_empty());
    }

    #[test]
    fn the_age_group_follows_the_age_reached_this_year() {
        let mut need = validate_need(&form(), today()).expect("valid");
        let cases = [
            (2026, "0-6"),
            (2020, "0-6"),
            (2019, "7-12"),
            (2014, "7-12"),
            (2013, "13-15"),
            (2011, "13-15"),
            (2010, "16-20"),
            (2006, "16-20"),
            (2004, "16-20"),
        ];
        for (born, group) in cases {
            need.birth_year = born;
            assert_eq!(need.age_group(today()), group, "born {born}");
        }
    }

    #[test]
    fn codes_round_trip_and_match_their_json() {
        for g in Gender::ALL {
            assert_eq!(Gender::from_code(g.code()), Some(g));
            assert_eq!(
                serde_json::to_string(&g).expect("json"),
                format!("\"{}\"", g.code())
            );
        }
        for g in NeedGoal::ALL {
            assert_eq!(NeedGoal::from_code(g.code()), Some(g));
            assert_eq!(
                serde_json::to_string(&g).expect("json"),
                format!("\"{}\"", g.code())
            );
        }
    }
}
