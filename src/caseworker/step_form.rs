//! The forms for recording a pipeline step, as plain data and functions: which fields each step
//! has ([`fields`]), and turning what was typed into an [`Event`] ([`build_event`]) with a
//! Swedish message per field when something is missing or malformed. The pipeline rules stay in
//! the domain and the server; this only checks that the form is filled in.
//!
//! What is typed is kept in a [`Draft`] (field name → text), one per step kind, so switching
//! between steps or a failed save loses nothing.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use kp_domain::application::ASSIGNMENT_TYPES;
use kp_domain::pipeline::{CallOutcome, Event, RegisterOutcome};
use serde::{Deserialize, Serialize};

use crate::components::error_summary::SummaryProblem;

/// How a field is entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// `<input type=date>` (ISO date).
    Date,
    /// `<input type=datetime-local>`.
    DateTime,
    /// One line of text.
    Text,
    /// A phone number.
    Phone,
    /// Several lines.
    Area,
    /// One of a few (radio buttons): (value, label).
    Choice(&'static [(&'static str, &'static str)]),
    /// Any of the assignment types (checkboxes), stored comma-separated.
    AssignmentTypes,
}

/// One field of a step's form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The key in the draft and the event.
    pub name: &'static str,
    /// The label.
    pub label: &'static str,
    /// Help under the label.
    pub hint: Option<&'static str>,
    /// How it is entered.
    pub input: Input,
    /// Whether it must be filled in.
    pub required: bool,
}

const fn field(name: &'static str, label: &'static str, input: Input, required: bool) -> Field {
    Field {
        name,
        label,
        hint: None,
        input,
        required,
    }
}

const fn hinted(
    name: &'static str,
    label: &'static str,
    hint: &'static str,
    input: Input,
    required: bool,
) -> Field {
    Field {
        name,
        label,
        hint: Some(hint),
        input,
        required,
    }
}

const CALL_OUTCOMES: &[(&str, &str)] = &[
    ("reached", "Nådd, fortfarande intresserad"),
    ("not_reached", "Inte nådd"),
    ("no_longer_interested", "Nådd, inte längre intresserad"),
];
const EXTRACT_ENTRIES: &[(&str, &str)] = &[
    ("no", "Utdraget saknar anteckningar"),
    ("yes", "Utdraget har anteckningar"),
];
const REGISTER_OUTCOMES: &[(&str, &str)] = &[
    ("nothing_recorded", "Inget registrerat"),
    ("recorded", "Uppgifter finns"),
];
const DECISIONS: &[(&str, &str)] = &[("yes", "Godkänd"), ("no", "Inte godkänd")];

/// The fields of a step, in order.
pub fn fields(kind: &str) -> &'static [Field] {
    use Input::*;
    match kind {
        "phone_call" => {
            const F: &[Field] = &[
                field("date", "Datum för samtalet", Date, true),
                field("outcome", "Hur gick samtalet?", Choice(CALL_OUTCOMES), true),
                hinted(
                    "note",
                    "Anteckning (valfri)",
                    "Till exempel när hen vill bli uppringd igen.",
                    Area,
                    false,
                ),
            ];
            F
        }
        "interview_booked" => {
            const F: &[Field] = &[
                field("at", "Dag och tid", DateTime, true),
                hinted(
                    "place",
                    "Plats",
                    "Adress och rum, eller att intervjun sker via video.",
                    Text,
                    true,
                ),
            ];
            F
        }
        "interview_held" => {
            const F: &[Field] = &[
            field("date", "Datum för intervjun", Date, true),
            hinted(
                "participants",
                "Vilka deltog",
                "Namn och roll för alla som var med.",
                Text,
                true,
            ),
            hinted(
                "assessment",
                "Bedömning",
                "Motivation, livssituation, förmåga att vara en stabil vuxen, eventuella frågetecken.",
                Area,
                true,
            ),
        ];
            F
        }
        "police_extract" => {
            const F: &[Field] = &[
            field("issued", "Utfärdat (datum på utdraget)", Date, true),
            field("received", "Mottaget av oss", Date, true),
            field(
                "has_entries",
                "Vad visar utdraget?",
                Choice(EXTRACT_ENTRIES),
                true,
            ),
            hinted(
                "verified_how",
                "Hur äktheten kontrollerades",
                "Till exempel: originalet i oöppnat kuvert från Polisen, kontrollerat mot Polisens e-tjänst.",
                Text,
                true,
            ),
        ];
            F
        }
        "register_check" => {
            const F: &[Field] = &[
                field("date", "Datum för kontrollen", Date, true),
                field("outcome", "Resultat", Choice(REGISTER_OUTCOMES), true),
                hinted(
                    "legal_basis",
                    "Rättslig grund och hur den sökande informerades",
                    "Till exempel: socialnämndens utredning enligt socialtjänstlagen; den sökande fick veta vid intervjun att registret kontrolleras.",
                    Text,
                    true,
                ),
                field("note", "Anteckning (krävs om uppgifter finns)", Area, false),
            ];
            F
        }
        "reference" => {
            const F: &[Field] = &[
                field("name", "Referensens namn", Text, true),
                hinted(
                    "relation",
                    "Relation till den sökande",
                    "Till exempel chef, lärare eller föreningsledare.",
                    Text,
                    true,
                ),
                field("phone", "Telefon", Phone, false),
                field("contacted", "Kontaktad", Date, true),
                field("summary", "Vad referensen berättade", Area, true),
            ];
            F
        }
        "decision" => {
            const F: &[Field] = &[
                field("approved", "Beslut", Choice(DECISIONS), true),
                hinted(
                    "assignment_types",
                    "Godkänd för",
                    "Krävs vid godkännande.",
                    AssignmentTypes,
                    false,
                ),
                field("motivation", "Motivering", Area, true),
                field("date", "Beslutsdatum", Date, true),
            ];
            F
        }
        "withdrawal" => {
            const F: &[Field] = &[hinted(
                "reason",
                "Varför avslutas ärendet?",
                "Till exempel att den sökande har ångrat sig eller inte gått att nå.",
                Area,
                true,
            )];
            F
        }
        "note" => {
            const F: &[Field] = &[field("text", "Anteckning", Area, true)];
            F
        }
        _ => &[],
    }
}

/// What has been typed into each step's form: step kind → field → text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft(pub BTreeMap<String, BTreeMap<String, String>>);

impl Draft {
    /// A field's text ("" when untouched).
    pub fn get(&self, kind: &str, name: &str) -> String {
        self.0
            .get(kind)
            .and_then(|f| f.get(name))
            .cloned()
            .unwrap_or_default()
    }

    /// Sets a field's text.
    pub fn set(&mut self, kind: &str, name: &str, value: String) {
        self.0
            .entry(kind.to_string())
            .or_default()
            .insert(name.to_string(), value);
    }

    /// Forgets one step's form (after it was saved).
    pub fn clear(&mut self, kind: &str) {
        self.0.remove(kind);
    }

    /// Fills the date fields that are still empty with `today` (the usual answer).
    pub fn with_today(mut self, kind: &str, today: NaiveDate) -> Draft {
        for f in fields(kind) {
            if f.input == Input::Date && self.get(kind, f.name).is_empty() {
                self.set(kind, f.name, today.to_string());
            }
        }
        self
    }

    /// Whether nothing has been typed.
    pub fn is_empty(&self) -> bool {
        self.0.values().all(|f| f.values().all(|v| v.is_empty()))
    }
}

/// A problem with one field: its name and the message shown by it.
pub type FieldProblem = (&'static str, &'static str);

/// A step's problem as the error summary lists it: the control its link leads to (a group of
/// choices through its first option), and the message after the field's label.
pub fn summary_problem(kind: &str, (name, message): FieldProblem) -> SummaryProblem {
    let spec = fields(kind).iter().find(|f| f.name == name);
    let label = spec.map(|f| f.label).unwrap_or(name);
    let target = match spec.map(|f| f.input) {
        Some(Input::Choice(options)) => format!("step-{kind}-{name}-{}", options[0].0),
        Some(Input::AssignmentTypes) => format!("step-{kind}-{name}-child"),
        _ => format!("step-{kind}-{name}"),
    };
    (target, format!("{label}: {message}"))
}

fn message_for(f: &Field) -> &'static str {
    match (f.name, f.input) {
        ("date" | "issued" | "received" | "contacted", _) | (_, Input::Date) => {
            "Ange ett datum, till exempel 2026-11-22."
        }
        (_, Input::DateTime) => "Ange dag och tid för intervjun.",
        (_, Input::Choice(_)) => "Välj ett av alternativen.",
        _ => "Fyll i fältet.",
    }
}

/// Turns the typed form for step `kind` into an event, or says what is missing per field.
pub fn build_event(kind: &str, draft: &Draft) -> Result<Event, Vec<FieldProblem>> {
    let mut problems: Vec<FieldProblem> = Vec::new();
    let spec = fields(kind);
    let text = |name: &str| draft.get(kind, name).trim().to_string();
    for f in spec {
        if f.required && text(f.name).is_empty() {
            problems.push((f.name, message_for(f)));
        }
    }
    let bad_dates = std::cell::RefCell::new(Vec::<FieldProblem>::new());
    let date = |name: &'static str| -> NaiveDate {
        let value = text(name);
        NaiveDate::parse_from_str(&value, "%Y-%m-%d").unwrap_or_else(|_| {
            if !value.is_empty() {
                bad_dates
                    .borrow_mut()
                    .push((name, "Ange ett datum, till exempel 2026-11-22."));
            }
            NaiveDate::MIN
        })
    };
    let event = match kind {
        "phone_call" => Event::PhoneCall {
            date: date("date"),
            outcome: match text("outcome").as_str() {
                "not_reached" => CallOutcome::NotReached,
                "no_longer_interested" => CallOutcome::NoLongerInterested,
                _ => CallOutcome::Reached,
            },
            note: text("note"),
        },
        "interview_booked" => {
            let value = text("at");
            let at = NaiveDateTime::parse_from_str(&value, "%Y-%m-%dT%H:%M")
                .or_else(|_| NaiveDateTime::parse_from_str(&value, "%Y-%m-%dT%H:%M:%S"));
            if at.is_err() && !value.is_empty() {
                problems.push(("at", "Ange dag och tid för intervjun."));
            }
            Event::InterviewBooked {
                at: at.unwrap_or(NaiveDateTime::MIN),
                place: text("place"),
            }
        }
        "interview_held" => Event::InterviewHeld {
            date: date("date"),
            participants: text("participants"),
            assessment: text("assessment"),
        },
        "police_extract" => Event::PoliceExtract {
            issued: date("issued"),
            received: date("received"),
            has_entries: text("has_entries") == "yes",
            verified_how: text("verified_how"),
        },
        "register_check" => {
            let recorded = text("outcome") == "recorded";
            if recorded && text("note").is_empty() {
                problems.push(("note", "Beskriv vilka uppgifter som finns."));
            }
            Event::RegisterCheck {
                date: date("date"),
                outcome: if recorded {
                    RegisterOutcome::Recorded
                } else {
                    RegisterOutcome::NothingRecorded
                },
                legal_basis: text("legal_basis"),
                note: text("note"),
            }
        }
        "reference" => Event::Reference {
            name: text("name"),
            relation: text("relation"),
            phone: text("phone"),
            contacted: date("contacted"),
            summary: text("summary"),
        },
        "decision" => {
            let approved = text("approved") == "yes";
            let types: Vec<String> = text("assignment_types")
                .split(',')
                .filter(|t| ASSIGNMENT_TYPES.contains(t))
                .map(str::to_string)
                .collect();
            if approved && types.is_empty() {
                problems.push((
                    "assignment_types",
                    "Välj minst en uppdragstyp som den sökande godkänns för.",
                ));
            }
            Event::Decision {
                approved,
                assignment_types: if approved { types } else { Vec::new() },
                motivation: text("motivation"),
                date: date("date"),
            }
        }
        "withdrawal" => Event::Withdrawal {
            reason: text("reason"),
        },
        "note" => Event::Note { text: text("text") },
        _ => return Err(vec![("kind", "Okänt steg.")]),
    };
    problems.extend(bad_dates.into_inner());
    if problems.is_empty() {
        Ok(event)
    } else {
        // One message per field, in the form's order.
        let order = |name: &str| spec.iter().position(|f| f.name == name);
        problems.sort_by_key(|(name, _)| order(name));
        problems.dedup_by_key(|(name, _)| *name);
        Err(problems)
    }
}

/// Toggles an assignment type in the comma-separated list.
pub fn toggle_type(list: &str, code: &str, on: bool) -> String {
    let mut types: Vec<&str> = list
        .split(',')
        .filter(|t| !t.is_empty() && *t != code)
        .collect();
    if on {
        types.push(code);
    }
    ASSIGNMENT_TYPES
        .iter()
        .filter(|t| types.contains(t))
        .copied()
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use kp_domain::pipeline::steps_for;
    use kp_domain::pipeline::Stage;

    fn draft(kind: &str, pairs: &[(&str, &str)]) -> Draft {
        let mut d = Draft::default();
        for (k, v) in pairs {
            d.set(kind, k, v.to_string());
        }
        d
    }

    #[test]
    fn every_step_the_pipeline_offers_has_a_form() {
        for stage in Stage::ALL {
            for kind in steps_for(stage) {
                assert!(!fields(kind).is_empty(), "{kind}");
                assert_ne!(crate::caseworker::text::step_name(kind), "Okänt steg");
            }
        }
    }

    #[test]
    fn an_empty_form_names_every_required_field_once_in_order() {
        let problems = build_event("reference", &Draft::default()).unwrap_err();
        let names: Vec<_> = problems.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["name", "relation", "contacted", "summary"]);
    }

    #[test]
    fn a_step_problem_is_listed_by_its_label_and_leads_to_its_control() {
        assert_eq!(
            summary_problem("phone_call", ("date", "Ange ett datum.")),
            (
                "step-phone_call-date".to_string(),
                "Datum för samtalet: Ange ett datum.".to_string()
            )
        );
    }

    #[test]
    fn a_step_problem_with_choices_leads_to_the_first_choice() {
        assert_eq!(
            summary_problem("phone_call", ("outcome", "Välj ett svar.")).0,
            "step-phone_call-outcome-reached"
        );
        assert_eq!(
            summary_problem("decision", ("assignment_types", "Välj minst ett.")).0,
            "step-decision-assignment_types-child"
        );
    }

    #[test]
    fn a_problem_of_a_field_the_step_lacks_is_named_as_the_server_named_it() {
        assert_eq!(
            summary_problem("phone_call", ("when", "Ange en tid.")),
            (
                "step-phone_call-when".to_string(),
                "when: Ange en tid.".to_string()
            )
        );
    }

    #[test]
    fn a_filled_in_phone_call_becomes_the_event_with_trimmed_text() {
        let d = draft(
            "phone_call",
            &[
                ("date", "2026-11-20"),
                ("outcome", "not_reached"),
                ("note", "  Ring igen på måndag "),
            ],
        );
        assert_eq!(
            build_event("phone_call", &d).unwrap(),
            Event::PhoneCall {
                date: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
                outcome: CallOutcome::NotReached,
                note: "Ring igen på måndag".into(),
            }
        );
    }

    #[test]
    fn a_malformed_date_or_time_is_named_by_its_field() {
        let d = draft(
            "interview_booked",
            &[("at", "imorgon kl 10"), ("place", "Rum 3")],
        );
        assert_eq!(build_event("interview_booked", &d).unwrap_err()[0].0, "at");
        let d = draft(
            "interview_booked",
            &[("at", "2026-11-24T10:00"), ("place", "Rum 3")],
        );
        assert!(build_event("interview_booked", &d).is_ok());
        let d = draft("note", &[("text", "ok")]);
        assert!(build_event("note", &d).is_ok());
        let d = draft(
            "police_extract",
            &[
                ("issued", "2026-13-01"),
                ("received", "2026-11-20"),
                ("has_entries", "no"),
                ("verified_how", "Original"),
            ],
        );
        assert_eq!(
            build_event("police_extract", &d).unwrap_err(),
            vec![("issued", "Ange ett datum, till exempel 2026-11-22.")]
        );
    }

    #[test]
    fn an_approval_needs_an_assignment_type_and_a_refusal_drops_any_that_were_ticked() {
        let base = [
            ("motivation", "Lämplig"),
            ("date", "2026-11-20"),
            ("assignment_types", "special,child"),
        ];
        let mut d = draft("decision", &base);
        d.set("decision", "approved", "yes".into());
        match build_event("decision", &d).unwrap() {
            Event::Decision {
                approved,
                assignment_types,
                ..
            } => {
                assert!(approved);
                assert_eq!(assignment_types, ["special", "child"]);
            }
            other => panic!("{other:?}"),
        }
        d.set("decision", "approved", "no".into());
        assert!(matches!(
            build_event("decision", &d).unwrap(),
            Event::Decision { approved: false, ref assignment_types, .. } if assignment_types.is_empty()
        ));
        d.set("decision", "approved", "yes".into());
        d.set("decision", "assignment_types", String::new());
        assert_eq!(
            build_event("decision", &d).unwrap_err()[0].0,
            "assignment_types"
        );
    }

    #[test]
    fn a_register_entry_must_be_described() {
        let d = draft(
            "register_check",
            &[
                ("date", "2026-11-20"),
                ("outcome", "recorded"),
                (
                    "legal_basis",
                    "Utredning enligt socialtjänstlagen; informerad vid intervjun",
                ),
            ],
        );
        assert_eq!(build_event("register_check", &d).unwrap_err()[0].0, "note");
    }

    #[test]
    fn ticking_assignment_types_keeps_the_domains_order_and_no_duplicates() {
        let list = toggle_type("", "special", true);
        let list = toggle_type(&list, "child", true);
        let list = toggle_type(&list, "child", true);
        assert_eq!(list, "child,special");
        assert_eq!(toggle_type(&list, "child", false), "special");
    }

    #[test]
    fn todays_date_fills_only_empty_date_fields_and_drafts_survive_json() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let d = draft("police_extract", &[("issued", "2026-11-01")])
            .with_today("police_extract", today);
        assert_eq!(d.get("police_extract", "issued"), "2026-11-01");
        assert_eq!(d.get("police_extract", "received"), "2026-11-22");
        let text = serde_json::to_string(&d).unwrap();
        assert_eq!(serde_json::from_str::<Draft>(&text).unwrap(), d);
        let mut cleared = d;
        cleared.clear("police_extract");
        assert!(cleared.is_empty());
    }
}
