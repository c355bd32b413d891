//! Rectification (GDPR art. 16): a caseworker corrects an applicant's contact details and the
//! interest form's answers. The corrected answers must pass the interest form's own
//! [`validate`](crate::application::validate), so a correction can never store what the form
//! would refuse; what changed is recorded, old value and new, as a
//! [`pipeline::Event::Correction`](crate::pipeline::Event::Correction) in the applicant's
//! timeline.
//!
//! The SPA sends only the fields the caseworker changed ([`Correction::between`]); the server
//! lays them over the answers as stored now ([`correct`]), so a field nobody touched is never
//! written back from a page that was loaded before someone else's correction.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::api::FieldError;
use crate::application::{validate, ApplicationForm, ValidApplication, CONSENT_VERSION};

/// The fields a correction may change, in the form's order. The personnummer, the language the
/// applicant wrote in and the consent are not among them: they are who the person is and what
/// they agreed to, not details to correct.
pub const CORRECTABLE: [&str; 21] = [
    "first_name",
    "last_name",
    "address",
    "postcode",
    "town",
    "district",
    "phone",
    "email",
    "assignment_types",
    "languages",
    "occupation",
    "experience",
    "interests",
    "frequency",
    "times",
    "age_groups",
    "driving_licence",
    "has_car",
    "knows_child",
    "knows_child_details",
    "motivation",
];

/// A correction as the SPA sends it (`POST /api/applicants/{reference}/correction`): each field
/// the caseworker changed, as typed; a field left out (`None`) keeps its stored value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Correction {
    /// Förnamn.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Efternamn.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Street address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Postnummer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    /// Postort.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub town: Option<String>,
    /// The district's id (empty: none chosen).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    /// Mobile phone, as typed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// E-mail.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Assignment types of interest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assignment_types: Option<Vec<String>>,
    /// Languages spoken.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub languages: Option<Vec<String>>,
    /// Occupation or studies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub occupation: Option<String>,
    /// Experience with children or young people.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub experience: Option<String>,
    /// Interests.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interests: Option<String>,
    /// How often (a frequency code).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frequency: Option<String>,
    /// When they can meet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub times: Option<Vec<String>>,
    /// Preferred age groups.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub age_groups: Option<Vec<String>>,
    /// Driving licence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub driving_licence: Option<bool>,
    /// Has a car.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub has_car: Option<bool>,
    /// Knows a child already.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub knows_child: Option<bool>,
    /// How they know that child.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub knows_child_details: Option<String>,
    /// Why they want to become a contact person.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub motivation: Option<String>,
}

/// A corrected field's value, before or after: a text, a set of codes, or yes/no. In JSON it is
/// the plain value (`"+46701234567"`, `["so", "ar"]`, `true`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AnswerValue {
    /// Yes or no.
    Flag(bool),
    /// Codes (languages, assignment types, times, age groups).
    Codes(Vec<String>),
    /// Text, or a single code (the frequency).
    Text(String),
}

/// One field a correction changed: its name (as in [`CORRECTABLE`]), the value before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The field, e.g. `phone`.
    pub field: String,
    /// The value stored before.
    pub from: AnswerValue,
    /// The value stored after.
    pub to: AnswerValue,
}

/// A correction that passed the form's rules: the answers to store (normalised as the form
/// stores them) and what changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Corrected {
    /// Every answer after the correction.
    pub answers: ApplicationForm,
    /// The fields whose stored value changes, in the form's order (empty: nothing to do).
    pub changes: Vec<FieldChange>,
}

/// A correctable field's value in `form`, or `None` for a field that is not correctable.
pub fn value_of(form: &ApplicationForm, field: &str) -> Option<AnswerValue> {
    use AnswerValue::{Codes, Flag, Text};
    Some(match field {
        "first_name" => Text(form.first_name.clone()),
        "last_name" => Text(form.last_name.clone()),
        "address" => Text(form.address.clone()),
        "postcode" => Text(form.postcode.clone()),
        "town" => Text(form.town.clone()),
        "district" => Text(form.district.clone()),
        "phone" => Text(form.phone.clone()),
        "email" => Text(form.email.clone()),
        "assignment_types" => Codes(form.assignment_types.clone()),
        "languages" => Codes(form.languages.clone()),
        "occupation" => Text(form.occupation.clone()),
        "experience" => Text(form.experience.clone()),
        "interests" => Text(form.interests.clone()),
        "frequency" => Text(form.frequency.clone()),
        "times" => Codes(form.times.clone()),
        "age_groups" => Codes(form.age_groups.clone()),
        "driving_licence" => Flag(form.driving_licence),
        "has_car" => Flag(form.has_car),
        "knows_child" => Flag(form.knows_child),
        "knows_child_details" => Text(form.knows_child_details.clone()),
        "motivation" => Text(form.motivation.clone()),
        _ => return None,
    })
}

impl Correction {
    /// The correction that turns `before` into `after`: each correctable field that differs,
    /// as `after` has it (what the SPA sends).
    pub fn between(before: &ApplicationForm, after: &ApplicationForm) -> Correction {
        fn changed<T: PartialEq + Clone>(a: &T, b: &T) -> Option<T> {
            (a != b).then(|| b.clone())
        }
        Correction {
            first_name: changed(&before.first_name, &after.first_name),
            last_name: changed(&before.last_name, &after.last_name),
            address: changed(&before.address, &after.address),
            postcode: changed(&before.postcode, &after.postcode),
            town: changed(&before.town, &after.town),
            district: changed(&before.district, &after.district),
            phone: changed(&before.phone, &after.phone),
            email: changed(&before.email, &after.email),
            assignment_types: changed(&before.assignment_types, &after.assignment_types),
            languages: changed(&before.languages, &after.languages),
            occupation: changed(&before.occupation, &after.occupation),
            experience: changed(&before.experience, &after.experience),
            interests: changed(&before.interests, &after.interests),
            frequency: changed(&before.frequency, &after.frequency),
            times: changed(&before.times, &after.times),
            age_groups: changed(&before.age_groups, &after.age_groups),
            driving_licence: changed(&before.driving_licence, &after.driving_licence),
            has_car: changed(&before.has_car, &after.has_car),
            knows_child: changed(&before.knows_child, &after.knows_child),
            knows_child_details: changed(&before.knows_child_details, &after.knows_child_details),
            motivation: changed(&before.motivation, &after.motivation),
        }
    }

    /// Whether it changes nothing at all.
    pub fn is_empty(&self) -> bool {
        *self == Correction::default()
    }

    /// `stored` with this correction's fields laid over it.
    pub fn apply_to(&self, stored: &ApplicationForm) -> ApplicationForm {
        let c = self.clone();
        let mut form = stored.clone();
        macro_rules! over {
            ($($field:ident),*) => {$(
                if let Some(value) = c.$field {
                    form.$field = value;
                }
            )*};
        }
        over!(
            first_name,
            last_name,
            address,
            postcode,
            town,
            district,
            phone,
            email,
            assignment_types,
            languages,
            occupation,
            experience,
            interests,
            frequency,
            times,
            age_groups,
            driving_licence,
            has_car,
            knows_child,
            knows_child_details,
            motivation
        );
        form
    }
}

/// The answers a [`ValidApplication`] stores, with `stored`'s fields that a correction does not
/// touch (the personnummer as stored, the consent version agreed to, the language).
fn as_stored(valid: ValidApplication, stored: &ApplicationForm) -> ApplicationForm {
    ApplicationForm {
        first_name: valid.first_name,
        last_name: valid.last_name,
        personnummer: stored.personnummer.clone(),
        address: valid.address,
        postcode: valid.postcode,
        town: valid.town,
        district: valid.district.map(|id| id.to_string()).unwrap_or_default(),
        phone: valid.phone,
        email: valid.email,
        assignment_types: valid.assignment_types,
        languages: valid.languages,
        occupation: valid.occupation,
        experience: valid.experience,
        interests: valid.interests,
        frequency: valid.frequency.code().to_string(),
        times: valid.times,
        driving_licence: valid.driving_licence,
        has_car: valid.has_car,
        age_groups: valid.age_groups,
        knows_child: valid.knows_child,
        knows_child_details: valid.knows_child_details,
        motivation: valid.motivation,
        consent: stored.consent,
        consent_version: stored.consent_version.clone(),
        locale: stored.locale,
        website: String::new(),
    }
}

/// Lays `correction` over the `stored` answers and checks the result with the interest form's
/// rules (the consent is taken as given: it was, when the form was sent). The answers to store
/// and what changed, or a code per field, exactly as the form would answer them.
pub fn correct(
    stored: &ApplicationForm,
    correction: &Correction,
    today: NaiveDate,
) -> Result<Corrected, Vec<FieldError>> {
    let mut form = correction.apply_to(stored);
    form.consent = true;
    form.consent_version = CONSENT_VERSION.to_string();
    form.website = String::new();
    let valid = validate(&form, today)?;
    let answers = as_stored(valid, stored);
    let changes = CORRECTABLE
        .iter()
        .filter_map(|field| {
            let from = value_of(stored, field)?;
            let to = value_of(&answers, field)?;
            (from != to).then(|| FieldChange {
                field: field.to_string(),
                from,
                to,
            })
        })
        .collect();
    Ok(Corrected { answers, changes })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    /// Answers as the store keeps them (normalised), of an older consent version.
    fn stored() -> ApplicationForm {
        ApplicationForm {
            first_name: "Amina".into(),
            last_name: "Yusuf".into(),
            personnummer: "19811218-9876".into(),
            address: "Storgatan 1".into(),
            postcode: "123 45".into(),
            town: "Exempelby".into(),
            district: String::new(),
            phone: "+46701234567".into(),
            email: "amina@exempel.se".into(),
            assignment_types: vec!["child".into()],
            languages: vec!["so".into(), "sv".into()],
            occupation: "Lärare".into(),
            experience: String::new(),
            interests: "Fotboll".into(),
            frequency: "weekly".into(),
            times: vec!["evenings".into()],
            driving_licence: true,
            has_car: false,
            age_groups: vec![],
            knows_child: false,
            knows_child_details: String::new(),
            motivation: "Jag vill göra skillnad för ett barn.".into(),
            consent: true,
            consent_version: "2025-01-01".into(),
            locale: Some(crate::Locale::Sv),
            website: String::new(),
        }
    }

    #[test]
    fn a_new_phone_number_is_stored_normalised_and_recorded_with_the_old_one() {
        let correction = Correction {
            phone: Some("070-987 65 43".into()),
            ..Correction::default()
        };
        let done = correct(&stored(), &correction, today()).unwrap();
        assert_eq!(done.answers.phone, "+46709876543");
        assert_eq!(
            done.changes,
            vec![FieldChange {
                field: "phone".into(),
                from: AnswerValue::Text("+46701234567".into()),
                to: AnswerValue::Text("+46709876543".into()),
            }]
        );
        assert_eq!(
            done.answers.consent_version, "2025-01-01",
            "the consent agreed to stays as it was"
        );
        assert_eq!(done.answers.personnummer, "19811218-9876");
    }

    #[test]
    fn the_same_value_in_another_form_is_no_change() {
        let correction = Correction {
            phone: Some("+46 70 123 45 67".into()),
            postcode: Some("12345".into()),
            ..Correction::default()
        };
        let done = correct(&stored(), &correction, today()).unwrap();
        assert!(done.changes.is_empty(), "{:?}", done.changes);
    }

    #[test]
    fn what_the_form_refuses_a_correction_refuses_with_the_same_codes() {
        let cases = [
            (
                Correction {
                    phone: Some("12345".into()),
                    ..Correction::default()
                },
                ("phone", "format"),
            ),
            (
                Correction {
                    email: Some("inte en adress".into()),
                    ..Correction::default()
                },
                ("email", "format"),
            ),
            (
                Correction {
                    first_name: Some("  ".into()),
                    ..Correction::default()
                },
                ("first_name", "required"),
            ),
            (
                Correction {
                    languages: Some(vec![]),
                    ..Correction::default()
                },
                ("languages", "choose_at_least_one"),
            ),
            (
                Correction {
                    frequency: Some("monthly".into()),
                    ..Correction::default()
                },
                ("frequency", "invalid_choice"),
            ),
            (
                Correction {
                    knows_child: Some(true),
                    ..Correction::default()
                },
                ("knows_child_details", "required"),
            ),
            (
                Correction {
                    motivation: Some("För kort".into()),
                    ..Correction::default()
                },
                ("motivation", "too_short"),
            ),
        ];
        for (correction, (field, code)) in cases {
            let errors = correct(&stored(), &correction, today()).unwrap_err();
            assert_eq!(
                errors,
                vec![FieldError {
                    field: field.into(),
                    code: code.into()
                }],
                "{correction:?}"
            );
        }
    }

    #[test]
    fn the_changes_between_two_forms_are_exactly_the_fields_that_differ() {
        let before = stored();
        let mut after = stored();
        after.town = "Annanstad".into();
        after.languages = vec!["so".into()];
        after.has_car = true;
        let correction = Correction::between(&before, &after);
        assert_eq!(
            correction,
            Correction {
                town: Some("Annanstad".into()),
                languages: Some(vec!["so".into()]),
                has_car: Some(true),
                ..Correction::default()
            }
        );
        assert!(Correction::between(&before, &before).is_empty());
        let done = correct(&before, &correction, today()).unwrap();
        let fields: Vec<&str> = done.changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(
            fields,
            ["town", "languages", "has_car"],
            "in the form's order"
        );
        assert_eq!(done.answers, after);
    }

    #[test]
    fn no_longer_knowing_a_child_empties_how_they_knew_it() {
        let mut before = stored();
        before.knows_child = true;
        before.knows_child_details = "Grannens son".into();
        let correction = Correction {
            knows_child: Some(false),
            ..Correction::default()
        };
        let done = correct(&before, &correction, today()).unwrap();
        let fields: Vec<&str> = done.changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["knows_child", "knows_child_details"]);
        assert_eq!(done.answers.knows_child_details, "");
    }

    #[test]
    fn a_value_reads_back_from_its_json_as_the_same_kind() {
        let change = FieldChange {
            field: "languages".into(),
            from: AnswerValue::Codes(vec!["so".into()]),
            to: AnswerValue::Codes(vec![]),
        };
        let json = serde_json::to_string(&change).unwrap();
        assert_eq!(json, r#"{"field":"languages","from":["so"],"to":[]}"#);
        assert_eq!(serde_json::from_str::<FieldChange>(&json).unwrap(), change);
        for value in [
            AnswerValue::Flag(false),
            AnswerValue::Text("true".into()),
            AnswerValue::Text(String::new()),
        ] {
            let back: AnswerValue =
                serde_json::from_str(&serde_json::to_string(&value).unwrap()).unwrap();
            assert_eq!(back, value);
        }
    }

    #[test]
    fn every_correctable_field_has_a_value() {
        for field in CORRECTABLE {
            assert!(value_of(&stored(), field).is_some(), "{field}");
        }
        assert_eq!(value_of(&stored(), "personnummer"), None);
    }
}
