//! Erasure (radering, GDPR art. 17): an administrator erases an applicant's record — the
//! application with everything that hangs from it — when the person asks and no obligation to
//! keep the data applies.
//!
//! What stops it ([`obstacles`]):
//! - an assignment that has not ended (no end date, or one still ahead): the contact person is
//!   working for a child, and the social services must document it;
//! - a hold in force (a complaint, a JO case, an appeal): the records are evidence;
//! - ended assignments not yet gallrade: they document a child's support and its payment, which
//!   the municipality keeps for the ended-assignments rule's period (art. 17(3)(b)); the person
//!   can be erased once they are gone, and retention removes the rest by itself then.
//!
//! What is kept ([`ErasureRecord`]): that an erasure was made, when, by whom, on which ground of
//! art. 17(1), the request's date and the municipality's own case number, and how many rows went —
//! never the reference, a name or anything else of the person. The access log keeps its entries
//! about the reference under its own rule; they name nobody once the record is gone.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::api::FieldError;
use crate::retention::{assignment_due, RuleSet};

/// The longest case number (diarienummer) an erasure keeps.
pub const CASE_NUMBER_MAX_CHARS: usize = 40;

/// The grounds of art. 17(1) a social services register can meet (f, information society
/// services offered to a child, cannot).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ground {
    /// (a) The data are no longer needed for the purpose they were collected for.
    NoLongerNeeded,
    /// (b) The person withdraws the consent the processing rests on.
    ConsentWithdrawn,
    /// (c) The person objects (art. 21) and no overriding legitimate grounds remain.
    Objection,
    /// (d) The data have been processed unlawfully.
    Unlawful,
    /// (e) A legal obligation requires the erasure.
    LegalObligation,
}

impl Ground {
    /// Every ground, in the article's order.
    pub const ALL: [Ground; 5] = [
        Ground::NoLongerNeeded,
        Ground::ConsentWithdrawn,
        Ground::Objection,
        Ground::Unlawful,
        Ground::LegalObligation,
    ];

    /// The stable code stored and sent.
    pub fn code(self) -> &'static str {
        match self {
            Ground::NoLongerNeeded => "no_longer_needed",
            Ground::ConsentWithdrawn => "consent_withdrawn",
            Ground::Objection => "objection",
            Ground::Unlawful => "unlawful",
            Ground::LegalObligation => "legal_obligation",
        }
    }

    /// Parses a code.
    pub fn from_code(code: &str) -> Option<Ground> {
        Ground::ALL.into_iter().find(|g| g.code() == code)
    }

    /// The ground in Swedish, with its point of the article.
    pub fn swedish(self) -> &'static str {
        match self {
            Ground::NoLongerNeeded => {
                "Uppgifterna behövs inte längre för det ändamål de samlades in för (art. 17.1 a)"
            }
            Ground::ConsentWithdrawn => "Personen återkallar sitt samtycke (art. 17.1 b)",
            Ground::Objection => {
                "Personen invänder mot behandlingen och inga tyngre skäl finns (art. 17.1 c)"
            }
            Ground::Unlawful => "Uppgifterna har behandlats olagligt (art. 17.1 d)",
            Ground::LegalObligation => "En rättslig förpliktelse kräver radering (art. 17.1 e)",
        }
    }
}

/// What the administrator sends (`POST /api/applicants/{reference}/erasure`), as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ErasureForm {
    /// A [`Ground`]'s code.
    pub ground: String,
    /// The day the person's request arrived, `YYYY-MM-DD`.
    pub requested_on: String,
    /// The municipality's case number for the request (diarienummer), if it has one.
    pub case_number: String,
    /// The applicant's reference typed again, to confirm an erasure that cannot be undone.
    pub confirm_reference: String,
}

/// A checked erasure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Erasure {
    /// On which ground.
    pub ground: Ground,
    /// When the request arrived.
    pub requested_on: NaiveDate,
    /// The case number, if any.
    pub case_number: Option<String>,
}

fn error(field: &str, code: &str) -> FieldError {
    FieldError {
        field: field.into(),
        code: code.into(),
    }
}

/// Whether `text` holds a run of ten or more digits (dashes, spaces and plus signs between them
/// allowed): a personnummer or a phone number, which a record without personal data must not keep.
pub(crate) fn holds_a_number_of_a_person(text: &str) -> bool {
    let mut digits = 0;
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits += 1;
            if digits >= 10 {
                return true;
            }
        } else if !matches!(c, '-' | ' ' | '+') {
            digits = 0;
        }
    }
    false
}

/// Checks an erasure of applicant `reference` on `today`: every field, every problem at once.
/// Codes: `ground: required|unknown`, `requested_on: required|date|future`,
/// `case_number: too_long|personal_data`, `confirm_reference: required|mismatch`.
pub fn validate_erasure(
    reference: &str,
    form: &ErasureForm,
    today: NaiveDate,
) -> Result<Erasure, Vec<FieldError>> {
    let mut errors = Vec::new();
    let ground = match form.ground.trim() {
        "" => {
            errors.push(error("ground", "required"));
            None
        }
        code => Ground::from_code(code).or_else(|| {
            errors.push(error("ground", "unknown"));
            None
        }),
    };
    let requested_on = match form.requested_on.trim() {
        "" => {
            errors.push(error("requested_on", "required"));
            None
        }
        text => match text.parse::<NaiveDate>() {
            Err(_) => {
                errors.push(error("requested_on", "date"));
                None
            }
            Ok(day) if day > today => {
                errors.push(error("requested_on", "future"));
                None
            }
            Ok(day) => Some(day),
        },
    };
    let case_number = form.case_number.trim();
    if case_number.chars().count() > CASE_NUMBER_MAX_CHARS {
        errors.push(error("case_number", "too_long"));
    } else if holds_a_number_of_a_person(case_number) {
        errors.push(error("case_number", "personal_data"));
    }
    let confirm = form.confirm_reference.trim();
    if confirm.is_empty() {
        errors.push(error("confirm_reference", "required"));
    } else if !confirm.eq_ignore_ascii_case(reference) {
        errors.push(error("confirm_reference", "mismatch"));
    }
    match (ground, requested_on) {
        (Some(ground), Some(requested_on)) if errors.is_empty() => Ok(Erasure {
            ground,
            requested_on,
            case_number: (!case_number.is_empty()).then(|| case_number.to_string()),
        }),
        _ => Err(errors),
    }
}

/// What the store knows about an applicant that decides whether they may be erased.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErasureFacts {
    /// Their assignments as contact person: the need's reference and the last day, if set.
    pub assignments: Vec<(String, Option<NaiveDate>)>,
    /// The holds in force on them: the reason and the day placed.
    pub holds: Vec<(String, NaiveDate)>,
}

/// Why an applicant cannot be erased (yet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code")]
pub enum Obstacle {
    /// An assignment has not ended: no end date, or its last day is today or later.
    #[serde(rename = "erasure_ongoing_assignment")]
    OngoingAssignment {
        /// The need it answers (`B-2026-0007`).
        need_reference: String,
    },
    /// A hold stops it.
    #[serde(rename = "erasure_held")]
    Held {
        /// The hold's reason.
        reason: String,
        /// When it was placed.
        since: NaiveDate,
    },
    /// Ended assignments are kept under the ended-assignments rule: they are gallrade on this day.
    #[serde(rename = "erasure_assignments_kept")]
    AssignmentsKept {
        /// The day the last of them falls due for gallring.
        until: NaiveDate,
        /// The decision the rule rests on.
        decision: String,
    },
}

impl Obstacle {
    /// The stable code (the 409's code when the erasure is refused; the JSON's `code`).
    pub fn code(&self) -> &'static str {
        match self {
            Obstacle::OngoingAssignment { .. } => "erasure_ongoing_assignment",
            Obstacle::Held { .. } => "erasure_held",
            Obstacle::AssignmentsKept { .. } => "erasure_assignments_kept",
        }
    }

    /// Why, in Swedish, as the administrator reads it.
    pub fn swedish(&self) -> String {
        match self {
            Obstacle::OngoingAssignment { need_reference } => format!(
                "Personen har ett pågående uppdrag ({need_reference}). Avsluta uppdraget först: \
                 socialtjänsten måste dokumentera det."
            ),
            Obstacle::Held { reason, since } => format!(
                "En spärr mot gallring gäller sedan {since} ({reason}). Uppgifterna behövs \
                 som underlag; häv spärren först."
            ),
            Obstacle::AssignmentsKept { until, decision } => format!(
                "Avslutade uppdrag dokumenterar stödet till ett barn och bevaras enligt regeln \
                 för avslutade uppdrag ({decision}) tills de gallras den {until}. Därefter kan \
                 personen raderas."
            ),
        }
    }
}

/// What stops erasing an applicant with `facts` on `today` under `rules`; empty when nothing does.
pub fn obstacles(facts: &ErasureFacts, rules: &RuleSet, today: NaiveDate) -> Vec<Obstacle> {
    let mut found: Vec<Obstacle> = facts
        .assignments
        .iter()
        .filter(|(_, last)| last.is_none_or(|day| day >= today))
        .map(|(need, _)| Obstacle::OngoingAssignment {
            need_reference: need.clone(),
        })
        .collect();
    found.extend(facts.holds.iter().map(|(reason, since)| Obstacle::Held {
        reason: reason.clone(),
        since: *since,
    }));
    let kept_until = facts
        .assignments
        .iter()
        .filter_map(|(_, last)| last.filter(|day| *day < today))
        .map(|day| assignment_due(rules, day))
        .max();
    if let Some(until) = kept_until {
        found.push(Obstacle::AssignmentsKept {
            until,
            decision: rules
                .rule(crate::retention::Category::EndedAssignments)
                .decision
                .clone(),
        });
    }
    found
}

/// What the administrator is shown before erasing (`GET /api/applicants/{reference}/erasure`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErasureCheck {
    /// What stops it; empty when the applicant may be erased.
    pub obstacles: Vec<Obstacle>,
}

/// How many rows an erasure removed, by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removed {
    /// Vetting steps, notes and corrections.
    pub events: u32,
    /// Mails to or about them.
    pub mails: u32,
    /// Released holds.
    pub holds: u32,
}

/// An erasure as recorded: nothing of the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErasureRecord {
    /// The record's id.
    pub id: i64,
    /// When (RFC 3339).
    pub at: String,
    /// The administrator who made it.
    pub by: String,
    /// On which ground.
    pub ground: Ground,
    /// When the request arrived.
    pub requested_on: NaiveDate,
    /// The municipality's case number, if given.
    pub case_number: Option<String>,
    /// What went with the application.
    pub removed: Removed,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::retention::{Category, RetentionRule};

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn form() -> ErasureForm {
        ErasureForm {
            ground: "consent_withdrawn".into(),
            requested_on: "2026-05-02".into(),
            case_number: " SN 2026/123 ".into(),
            confirm_reference: "kp-2026-0042".into(),
        }
    }

    fn codes(errors: &[FieldError]) -> Vec<(&str, &str)> {
        errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect()
    }

    #[test]
    fn a_complete_erasure_is_checked_with_the_reference_typed_in_any_case() {
        let erasure = validate_erasure("KP-2026-0042", &form(), day("2026-05-10")).unwrap();
        assert_eq!(erasure.ground, Ground::ConsentWithdrawn);
        assert_eq!(erasure.requested_on, day("2026-05-02"));
        assert_eq!(erasure.case_number.as_deref(), Some("SN 2026/123"));
    }

    #[test]
    fn every_problem_is_said_at_once() {
        let empty = validate_erasure("KP-2026-0042", &ErasureForm::default(), day("2026-05-10"))
            .unwrap_err();
        assert_eq!(
            codes(&empty),
            [
                ("ground", "required"),
                ("requested_on", "required"),
                ("confirm_reference", "required")
            ]
        );
        let wrong = ErasureForm {
            ground: "because".into(),
            requested_on: "2026-05-11".into(),
            case_number: "x".repeat(41),
            confirm_reference: "KP-2026-0043".into(),
        };
        let errors = validate_erasure("KP-2026-0042", &wrong, day("2026-05-10")).unwrap_err();
        assert_eq!(
            codes(&errors),
            [
                ("ground", "unknown"),
                ("requested_on", "future"),
                ("case_number", "too_long"),
                ("confirm_reference", "mismatch")
            ]
        );
        let not_a_day = ErasureForm {
            requested_on: "2026-02-30".into(),
            ..form()
        };
        assert_eq!(
            codes(&validate_erasure("KP-2026-0042", &not_a_day, day("2026-05-10")).unwrap_err()),
            [("requested_on", "date")]
        );
    }

    #[test]
    fn a_case_number_holding_a_personnummer_or_phone_number_is_refused() {
        for personal in [
            "19850312-2386",
            "SN 198503122386",
            "070-123 45 67",
            "+46701234567",
        ] {
            let with = ErasureForm {
                case_number: personal.into(),
                ..form()
            };
            assert_eq!(
                codes(&validate_erasure("KP-2026-0042", &with, day("2026-05-10")).unwrap_err()),
                [("case_number", "personal_data")],
                "{personal}"
            );
        }
        for fine in ["SN 2026/123", "2026-0042", "Dnr 2026:1234-56"] {
            let with = ErasureForm {
                case_number: fine.into(),
                ..form()
            };
            assert!(
                validate_erasure("KP-2026-0042", &with, day("2026-05-10")).is_ok(),
                "{fine}"
            );
        }
    }

    #[test]
    fn every_ground_has_a_code_that_parses_back() {
        for ground in Ground::ALL {
            assert_eq!(Ground::from_code(ground.code()), Some(ground));
            assert!(ground.swedish().contains("art. 17.1"));
        }
        assert_eq!(Ground::from_code("f"), None);
    }

    fn rules() -> RuleSet {
        RuleSet::from_stored(vec![RetentionRule {
            category: Category::EndedAssignments,
            amount: 5,
            decision: "SN 2026-03-01 § 12".into(),
            changed_at: None,
            changed_by: None,
        }])
    }

    #[test]
    fn nothing_stops_erasing_someone_without_assignments_or_holds() {
        assert!(obstacles(&ErasureFacts::default(), &rules(), day("2026-05-10")).is_empty());
    }

    #[test]
    fn an_assignment_not_yet_ended_stops_it_until_the_day_after_its_last() {
        let facts = |last: Option<&str>| ErasureFacts {
            assignments: vec![("B-2026-0007".into(), last.map(day))],
            holds: vec![],
        };
        let ongoing = Obstacle::OngoingAssignment {
            need_reference: "B-2026-0007".into(),
        };
        assert_eq!(
            obstacles(&facts(None), &rules(), day("2026-05-10")),
            std::slice::from_ref(&ongoing)
        );
        assert_eq!(
            obstacles(&facts(Some("2026-05-10")), &rules(), day("2026-05-10")),
            [ongoing]
        );
        let ended = obstacles(&facts(Some("2026-05-09")), &rules(), day("2026-05-10"));
        assert_eq!(
            ended,
            [Obstacle::AssignmentsKept {
                until: day("2031-05-09"),
                decision: "SN 2026-03-01 § 12".into()
            }]
        );
        assert_eq!(ended[0].code(), "erasure_assignments_kept");
        let json = serde_json::to_value(&ended[0]).unwrap();
        assert_eq!(json["code"], ended[0].code(), "the JSON says the same code");
        assert!(ended[0].swedish().contains("2031-05-09"));
    }

    #[test]
    fn the_last_of_several_ended_assignments_decides_how_long_they_are_kept() {
        let facts = ErasureFacts {
            assignments: vec![
                ("B-2026-0001".into(), Some(day("2024-02-29"))),
                ("B-2026-0002".into(), Some(day("2025-12-31"))),
            ],
            holds: vec![],
        };
        assert_eq!(
            obstacles(&facts, &rules(), day("2026-05-10")),
            [Obstacle::AssignmentsKept {
                until: day("2030-12-31"),
                decision: "SN 2026-03-01 § 12".into()
            }]
        );
    }

    #[test]
    fn a_hold_stops_it_and_says_its_reason() {
        let facts = ErasureFacts {
            assignments: vec![],
            holds: vec![("JO-anmälan".into(), day("2026-04-01"))],
        };
        let found = obstacles(&facts, &rules(), day("2026-05-10"));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].code(), "erasure_held");
        assert!(found[0].swedish().contains("JO-anmälan"));
    }
}
