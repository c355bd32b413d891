//! The vetting pipeline: stages, the evidence each step records, and the rules for moving on.
//! The server enforces these (it calls [`apply`] before storing an event); the caseworker UI uses
//! the same codes to explain a refusal.
//!
//! new → contacted by phone → interview booked → interviewed → checks under way → decided
//! (approved / not approved); withdrawn from any stage before a decision.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// Where an applicant is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// The interest form has arrived.
    New,
    /// A caseworker has reached them by phone.
    Contacted,
    /// An interview is booked.
    InterviewBooked,
    /// The interview has been held.
    Interviewed,
    /// Police extract, register check and references are being gathered.
    ChecksUnderWay,
    /// Approved as a contact person.
    Approved,
    /// Not approved.
    NotApproved,
    /// Withdrawn (by the applicant, or no longer reachable).
    Withdrawn,
}

impl Stage {
    /// Every stage, in pipeline order.
    pub const ALL: [Stage; 8] = [
        Stage::New,
        Stage::Contacted,
        Stage::InterviewBooked,
        Stage::Interviewed,
        Stage::ChecksUnderWay,
        Stage::Approved,
        Stage::NotApproved,
        Stage::Withdrawn,
    ];

    /// The stable code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            Stage::New => "new",
            Stage::Contacted => "contacted",
            Stage::InterviewBooked => "interview_booked",
            Stage::Interviewed => "interviewed",
            Stage::ChecksUnderWay => "checks_under_way",
            Stage::Approved => "approved",
            Stage::NotApproved => "not_approved",
            Stage::Withdrawn => "withdrawn",
        }
    }

    /// Parses a stored code.
    pub fn from_code(code: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether the pipeline has ended for this applicant.
    pub fn is_closed(self) -> bool {
        matches!(
            self,
            Stage::Approved | Stage::NotApproved | Stage::Withdrawn
        )
    }
}

/// The outcome of a phone call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallOutcome {
    /// Reached and still interested.
    Reached,
    /// Did not answer.
    NotReached,
    /// Reached, and no longer interested.
    NoLongerInterested,
}

/// The outcome of the social-services register check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegisterOutcome {
    /// Nothing recorded.
    NothingRecorded,
    /// Something recorded (described in the note).
    Recorded,
}

/// One step's evidence: what happened, as the caseworker records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    /// A phone call.
    PhoneCall {
        /// When.
        date: NaiveDate,
        /// How it went.
        outcome: CallOutcome,
        /// What was said.
        note: String,
    },
    /// An interview is booked.
    InterviewBooked {
        /// Time.
        at: NaiveDateTime,
        /// Place.
        place: String,
    },
    /// The interview was held.
    InterviewHeld {
        /// When.
        date: NaiveDate,
        /// Who took part.
        participants: String,
        /// The assessment.
        assessment: String,
    },
    /// The police record extract (misstanke- och belastningsregistret).
    PoliceExtract {
        /// The date the police issued it.
        issued: NaiveDate,
        /// The date it reached us.
        received: NaiveDate,
        /// Whether it has any entries.
        has_entries: bool,
        /// How it was checked to be genuine.
        verified_how: String,
    },
    /// The social-services register check.
    RegisterCheck {
        /// When.
        date: NaiveDate,
        /// The outcome.
        outcome: RegisterOutcome,
        /// The legal basis for the check (the social services' investigation, not consent: an
        /// authority rarely rests on consent) and how the applicant was told of it.
        legal_basis: String,
        /// Details.
        note: String,
    },
    /// A reference was contacted.
    Reference {
        /// Name.
        name: String,
        /// Relation to the applicant.
        relation: String,
        /// Phone.
        phone: String,
        /// When contacted.
        contacted: NaiveDate,
        /// What they said.
        summary: String,
    },
    /// The decision.
    Decision {
        /// Approved or not.
        approved: bool,
        /// For which assignment types (when approved).
        assignment_types: Vec<String>,
        /// Why.
        motivation: String,
        /// When.
        date: NaiveDate,
    },
    /// The applicant withdraws, or the unit closes the case.
    Withdrawal {
        /// Why.
        reason: String,
    },
    /// A note at any stage.
    Note {
        /// The note.
        text: String,
    },
    /// The applicant's details or answers were corrected (GDPR art. 16), at any stage. Recorded
    /// only by the correction itself (`POST /api/applicants/{reference}/correction`), never as a
    /// step: [`apply`] refuses it, so nobody can write old values that were never stored.
    Correction {
        /// Each field changed, with the value before and after.
        changes: Vec<crate::correction::FieldChange>,
    },
}

impl Event {
    /// The event's stable kind, as stored and as its JSON `kind` tag.
    pub fn kind(&self) -> &'static str {
        match self {
            Event::PhoneCall { .. } => "phone_call",
            Event::InterviewBooked { .. } => "interview_booked",
            Event::InterviewHeld { .. } => "interview_held",
            Event::PoliceExtract { .. } => "police_extract",
            Event::RegisterCheck { .. } => "register_check",
            Event::Reference { .. } => "reference",
            Event::Decision { .. } => "decision",
            Event::Withdrawal { .. } => "withdrawal",
            Event::Note { .. } => "note",
            Event::Correction { .. } => "correction",
        }
    }

    /// The assignment types this event approves the applicant for: an approving decision's; none
    /// for any other event.
    pub fn approved_types(&self) -> &[String] {
        match self {
            Event::Decision {
                approved: true,
                assignment_types,
                ..
            } => assignment_types,
            _ => &[],
        }
    }
}

impl Refusal {
    /// The stable code the API answers and the UI explains.
    pub fn code(self) -> &'static str {
        match self {
            Refusal::WrongStage => "wrong_stage",
            Refusal::Closed => "closed",
            Refusal::MissingText => "missing_text",
            Refusal::FutureDate => "future_date",
            Refusal::ReceivedBeforeIssued => "received_before_issued",
            Refusal::MissingPoliceExtract => "missing_police_extract",
            Refusal::PoliceExtractExpired => "police_extract_expired",
            Refusal::MissingRegisterCheck => "missing_register_check",
            Refusal::TooFewReferences => "too_few_references",
            Refusal::NoAssignmentType => "no_assignment_type",
            Refusal::NotAStep => "not_a_step",
        }
    }
}

/// Why an event was refused: a stable code the UI explains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    /// This step does not fit the applicant's stage.
    WrongStage,
    /// The pipeline has ended for this applicant.
    Closed,
    /// A required text is empty.
    MissingText,
    /// A date lies in the future.
    FutureDate,
    /// The extract was received before it was issued.
    ReceivedBeforeIssued,
    /// A decision needs a police extract.
    MissingPoliceExtract,
    /// The newest police extract is more than a year old on the decision date.
    PoliceExtractExpired,
    /// A decision needs the social-services register check.
    MissingRegisterCheck,
    /// A decision needs at least two references.
    TooFewReferences,
    /// An approval must name at least one assignment type.
    NoAssignmentType,
    /// A correction is recorded by correcting, not as a step.
    NotAStep,
}

/// Days a police extract stays valid for a decision.
pub const EXTRACT_VALID_DAYS: i64 = 365;

/// Whether an extract issued on `issued` may support a decision on `on`.
pub fn extract_is_valid(issued: NaiveDate, on: NaiveDate) -> bool {
    (on - issued).num_days() <= EXTRACT_VALID_DAYS
}

/// Working days an applicant may wait for a first call before the overview flags them.
pub const CONTACT_WITHIN_WORKING_DAYS: u32 = 5;

/// The date `n` working days (Monday–Friday) before `date`. Public holidays are not counted out
/// (a known simplification: around Christmas the overview flags a day or two early).
pub fn working_days_before(date: NaiveDate, n: u32) -> NaiveDate {
    use chrono::{Datelike, Weekday};
    let mut day = date;
    let mut left = n;
    while left > 0 {
        day = day.pred_opt().unwrap_or(day);
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    day
}

fn blank(text: &str) -> bool {
    text.trim().is_empty()
}

/// Checks `event` against the applicant's `stage` and earlier `history`, and gives the stage it
/// leads to. `today` bounds dates (evidence cannot come from the future).
pub fn apply(
    stage: Stage,
    history: &[Event],
    event: &Event,
    today: NaiveDate,
) -> Result<Stage, Refusal> {
    if let Event::Correction { .. } = event {
        return Err(Refusal::NotAStep);
    }
    if let Event::Note { text } = event {
        return if blank(text) {
            Err(Refusal::MissingText)
        } else {
            Ok(stage)
        };
    }
    if stage.is_closed() {
        return Err(Refusal::Closed);
    }
    let not_future = |date: NaiveDate| {
        if date > today {
            Err(Refusal::FutureDate)
        } else {
            Ok(())
        }
    };
    let checks_stage = matches!(stage, Stage::Interviewed | Stage::ChecksUnderWay);
    match event {
        Event::Note { .. } | Event::Correction { .. } => unreachable!("handled above"),
        Event::Withdrawal { reason } => {
            if blank(reason) {
                return Err(Refusal::MissingText);
            }
            Ok(Stage::Withdrawn)
        }
        Event::PhoneCall { date, outcome, .. } => {
            not_future(*date)?;
            match outcome {
                CallOutcome::NoLongerInterested => Ok(Stage::Withdrawn),
                CallOutcome::Reached if stage == Stage::New => Ok(Stage::Contacted),
                _ => Ok(stage),
            }
        }
        Event::InterviewBooked { place, .. } => {
            if !matches!(stage, Stage::Contacted | Stage::InterviewBooked) {
                return Err(Refusal::WrongStage);
            }
            if blank(place) {
                return Err(Refusal::MissingText);
            }
            Ok(Stage::InterviewBooked)
        }
        Event::InterviewHeld {
            date,
            participants,
            assessment,
        } => {
            if stage != Stage::InterviewBooked {
                return Err(Refusal::WrongStage);
            }
            not_future(*date)?;
            if blank(participants) || blank(assessment) {
                return Err(Refusal::MissingText);
            }
            Ok(Stage::Interviewed)
        }
        Event::PoliceExtract {
            issued,
            received,
            verified_how,
            ..
        } => {
            if !checks_stage {
                return Err(Refusal::WrongStage);
            }
            not_future(*received)?;
            if received < issued {
                return Err(Refusal::ReceivedBeforeIssued);
            }
            if blank(verified_how) {
                return Err(Refusal::MissingText);
            }
            Ok(Stage::ChecksUnderWay)
        }
        Event::RegisterCheck {
            date, legal_basis, ..
        } => {
            if !checks_stage {
                return Err(Refusal::WrongStage);
            }
            not_future(*date)?;
            if blank(legal_basis) {
                return Err(Refusal::MissingText);
            }
            Ok(Stage::ChecksUnderWay)
        }
        Event::Reference {
            name,
            relation,
            contacted,
            summary,
            ..
        } => {
            if !checks_stage {
                return Err(Refusal::WrongStage);
            }
            not_future(*contacted)?;
            if blank(name) || blank(relation) || blank(summary) {
                return Err(Refusal::MissingText);
            }
            Ok(Stage::ChecksUnderWay)
        }
        Event::Decision {
            approved,
            assignment_types,
            motivation,
            date,
        } => {
            not_future(*date)?;
            if blank(motivation) {
                return Err(Refusal::MissingText);
            }
            if !approved {
                // Not approving needs no register evidence: an interview can be enough.
                return if checks_stage {
                    Ok(Stage::NotApproved)
                } else {
                    Err(Refusal::WrongStage)
                };
            }
            if !checks_stage {
                return Err(Refusal::WrongStage);
            }
            // Straight after the interview nothing has been checked: say what is missing.
            if assignment_types.is_empty() {
                return Err(Refusal::NoAssignmentType);
            }
            missing_evidence(history, *date).map_or(Ok(Stage::Approved), Err)
        }
    }
}

/// The steps that fit an applicant in `stage`, the expected next step first. Notes fit always;
/// the server's [`apply`] stays the judge (this only decides which forms the UI offers).
pub fn steps_for(stage: Stage) -> &'static [&'static str] {
    match stage {
        Stage::New => &["phone_call", "withdrawal", "note"],
        Stage::Contacted => &["interview_booked", "phone_call", "withdrawal", "note"],
        Stage::InterviewBooked => &[
            "interview_held",
            "interview_booked",
            "phone_call",
            "withdrawal",
            "note",
        ],
        Stage::Interviewed | Stage::ChecksUnderWay => &[
            "police_extract",
            "register_check",
            "reference",
            "decision",
            "phone_call",
            "withdrawal",
            "note",
        ],
        Stage::Approved | Stage::NotApproved | Stage::Withdrawn => &["note"],
    }
}

/// The step to offer first: for the checks, the first missing piece of evidence (extract, register
/// check, references) and then the decision; otherwise the stage's usual next step.
pub fn suggested_step(stage: Stage, history: &[Event], today: NaiveDate) -> &'static str {
    if matches!(stage, Stage::Interviewed | Stage::ChecksUnderWay) {
        let status = EvidenceStatus::of(history, today);
        return if !status.extract_valid {
            "police_extract"
        } else if !status.register_checked {
            "register_check"
        } else if status.references < REFERENCES_NEEDED {
            "reference"
        } else {
            "decision"
        };
    }
    steps_for(stage)[0]
}

/// What the evidence for an approval looks like on a given day: the checklist the applicant page
/// shows before a decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceStatus {
    /// The newest police extract's issue date.
    pub newest_extract: Option<NaiveDate>,
    /// Whether that extract may still support a decision on the day asked about.
    pub extract_valid: bool,
    /// The last day that extract can support a decision.
    pub extract_valid_until: Option<NaiveDate>,
    /// Whether the register check is recorded.
    pub register_checked: bool,
    /// References contacted.
    pub references: usize,
}

/// References needed before an approval.
pub const REFERENCES_NEEDED: usize = 2;

impl EvidenceStatus {
    /// Reads the evidence from `history` as of `on`.
    pub fn of(history: &[Event], on: NaiveDate) -> EvidenceStatus {
        let newest_extract = history
            .iter()
            .filter_map(|e| match e {
                Event::PoliceExtract { issued, .. } => Some(*issued),
                _ => None,
            })
            .max();
        EvidenceStatus {
            newest_extract,
            extract_valid: newest_extract.is_some_and(|issued| extract_is_valid(issued, on)),
            extract_valid_until: newest_extract
                .map(|issued| issued + chrono::Duration::days(EXTRACT_VALID_DAYS)),
            register_checked: history
                .iter()
                .any(|e| matches!(e, Event::RegisterCheck { .. })),
            references: history
                .iter()
                .filter(|e| matches!(e, Event::Reference { .. }))
                .count(),
        }
    }

    /// Whether an approval on that day has all it needs.
    pub fn complete(&self) -> bool {
        self.extract_valid && self.register_checked && self.references >= REFERENCES_NEEDED
    }
}

/// What an approval on `on` still lacks, if anything (the first missing piece).
pub fn missing_evidence(history: &[Event], on: NaiveDate) -> Option<Refusal> {
    let status = EvidenceStatus::of(history, on);
    match status.newest_extract {
        None => Some(Refusal::MissingPoliceExtract),
        Some(_) if !status.extract_valid => Some(Refusal::PoliceExtractExpired),
        _ if !status.register_checked => Some(Refusal::MissingRegisterCheck),
        _ if status.references < REFERENCES_NEEDED => Some(Refusal::TooFewReferences),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    #[test]
    fn only_an_approving_decision_approves_assignment_types() {
        let decision = |approved| Event::Decision {
            approved,
            assignment_types: vec!["child".into()],
            motivation: "Lämplig".into(),
            date: d(2026, 11, 2),
        };
        assert_eq!(decision(true).approved_types(), ["child".to_string()]);
        assert!(decision(false).approved_types().is_empty());
        assert!(Event::Note {
            text: "Ringt".into()
        }
        .approved_types()
        .is_empty());
    }

    fn today() -> NaiveDate {
        d(2026, 11, 22)
    }
    fn extract(issued: NaiveDate) -> Event {
        Event::PoliceExtract {
            issued,
            received: issued,
            has_entries: false,
            verified_how: "Original med vattenstämpel".into(),
        }
    }
    fn reference(name: &str) -> Event {
        Event::Reference {
            name: name.into(),
            relation: "Chef".into(),
            phone: "0701234567".into(),
            contacted: today(),
            summary: "Pålitlig".into(),
        }
    }
    fn register() -> Event {
        Event::RegisterCheck {
            date: today(),
            outcome: RegisterOutcome::NothingRecorded,
            legal_basis: "Samtycke i intresseanmälan".into(),
            note: String::new(),
        }
    }
    fn approval() -> Event {
        Event::Decision {
            approved: true,
            assignment_types: vec!["child".into()],
            motivation: "Lämplig".into(),
            date: today(),
        }
    }

    #[test]
    fn working_days_skip_weekends() {
        // 2026-11-22 is a Sunday; five working days before it is Monday the 16th.
        assert_eq!(working_days_before(d(2026, 11, 22), 5), d(2026, 11, 16));
        // From a Wednesday, five working days back crosses one weekend.
        assert_eq!(working_days_before(d(2026, 11, 18), 5), d(2026, 11, 11));
        assert_eq!(working_days_before(d(2026, 11, 18), 0), d(2026, 11, 18));
    }

    #[test]
    fn an_applicant_walks_the_whole_pipeline_to_approval() {
        let steps = [
            (
                Event::PhoneCall {
                    date: today(),
                    outcome: CallOutcome::Reached,
                    note: String::new(),
                },
                Stage::Contacted,
            ),
            (
                Event::InterviewBooked {
                    at: today().and_hms_opt(10, 0, 0).unwrap(),
                    place: "Rum 3".into(),
                },
                Stage::InterviewBooked,
            ),
            (
                Event::InterviewHeld {
                    date: today(),
                    participants: "AB, CD".into(),
                    assessment: "Stabil".into(),
                },
                Stage::Interviewed,
            ),
            (extract(d(2026, 11, 1)), Stage::ChecksUnderWay),
            (register(), Stage::ChecksUnderWay),
            (reference("A"), Stage::ChecksUnderWay),
            (reference("B"), Stage::ChecksUnderWay),
            (approval(), Stage::Approved),
        ];
        let mut stage = Stage::New;
        let mut history = Vec::new();
        for (event, expected) in steps {
            stage = apply(stage, &history, &event, today())
                .unwrap_or_else(|e| panic!("{event:?}: {e:?}"));
            assert_eq!(stage, expected, "{event:?}");
            history.push(event);
        }
    }

    #[test]
    fn an_approval_without_its_evidence_is_refused_with_what_is_missing() {
        let base = vec![
            extract(d(2026, 1, 1)),
            register(),
            reference("A"),
            reference("B"),
        ];
        let without = |i: usize| {
            let mut h = base.clone();
            h.remove(i);
            h
        };
        let cases = [
            (without(0), Refusal::MissingPoliceExtract, "no extract"),
            (
                without(1),
                Refusal::MissingRegisterCheck,
                "no register check",
            ),
            (without(3), Refusal::TooFewReferences, "one reference"),
            (
                vec![
                    extract(d(2025, 11, 21)),
                    register(),
                    reference("A"),
                    reference("B"),
                ],
                Refusal::PoliceExtractExpired,
                "extract issued a year and a day before",
            ),
        ];
        for (history, expected, why) in cases {
            assert_eq!(
                apply(Stage::ChecksUnderWay, &history, &approval(), today()),
                Err(expected),
                "{why}"
            );
        }
        let just_valid = vec![
            extract(d(2025, 11, 22)),
            register(),
            reference("A"),
            reference("B"),
        ];
        assert_eq!(
            apply(Stage::ChecksUnderWay, &just_valid, &approval(), today()),
            Ok(Stage::Approved)
        );
    }

    #[test]
    fn steps_out_of_order_and_after_the_end_are_refused() {
        let held = Event::InterviewHeld {
            date: today(),
            participants: "A".into(),
            assessment: "B".into(),
        };
        assert_eq!(
            apply(Stage::New, &[], &held, today()),
            Err(Refusal::WrongStage)
        );
        assert_eq!(
            apply(Stage::Contacted, &[], &extract(today()), today()),
            Err(Refusal::WrongStage)
        );
        assert_eq!(
            apply(Stage::Approved, &[], &register(), today()),
            Err(Refusal::Closed)
        );
        assert_eq!(
            apply(
                Stage::Withdrawn,
                &[],
                &Event::Withdrawal { reason: "x".into() },
                today()
            ),
            Err(Refusal::Closed)
        );
        assert_eq!(
            apply(
                Stage::Approved,
                &[],
                &Event::Note {
                    text: "Uppföljning".into()
                },
                today()
            ),
            Ok(Stage::Approved),
            "notes are welcome at any stage"
        );
    }

    #[test]
    fn evidence_is_checked_for_sense() {
        let future = Event::PhoneCall {
            date: d(2026, 12, 1),
            outcome: CallOutcome::Reached,
            note: String::new(),
        };
        assert_eq!(
            apply(Stage::New, &[], &future, today()),
            Err(Refusal::FutureDate)
        );
        let backwards = Event::PoliceExtract {
            issued: today(),
            received: d(2026, 11, 1),
            has_entries: false,
            verified_how: "x".into(),
        };
        assert_eq!(
            apply(Stage::Interviewed, &[], &backwards, today()),
            Err(Refusal::ReceivedBeforeIssued)
        );
        let no_basis = Event::RegisterCheck {
            date: today(),
            outcome: RegisterOutcome::NothingRecorded,
            legal_basis: " ".into(),
            note: String::new(),
        };
        assert_eq!(
            apply(Stage::Interviewed, &[], &no_basis, today()),
            Err(Refusal::MissingText)
        );
        let no_types = Event::Decision {
            approved: true,
            assignment_types: vec![],
            motivation: "x".into(),
            date: today(),
        };
        assert_eq!(
            apply(Stage::ChecksUnderWay, &[], &no_types, today()),
            Err(Refusal::NoAssignmentType)
        );
    }

    #[test]
    fn a_call_can_end_the_pipeline_and_an_unanswered_call_changes_nothing() {
        let call = |outcome| Event::PhoneCall {
            date: today(),
            outcome,
            note: String::new(),
        };
        assert_eq!(
            apply(Stage::New, &[], &call(CallOutcome::NotReached), today()),
            Ok(Stage::New)
        );
        assert_eq!(
            apply(
                Stage::New,
                &[],
                &call(CallOutcome::NoLongerInterested),
                today()
            ),
            Ok(Stage::Withdrawn)
        );
        let refusal = Event::Decision {
            approved: false,
            assignment_types: vec![],
            motivation: "Olämplig".into(),
            date: today(),
        };
        assert_eq!(
            apply(Stage::Interviewed, &[], &refusal, today()),
            Ok(Stage::NotApproved),
            "no register evidence needed to say no"
        );
    }

    fn sample(kind: &str) -> Event {
        let t = today();
        match kind {
            "phone_call" => Event::PhoneCall {
                date: t,
                outcome: CallOutcome::NotReached,
                note: String::new(),
            },
            "interview_booked" => Event::InterviewBooked {
                at: t.and_hms_opt(10, 0, 0).unwrap(),
                place: "Rum 3".into(),
            },
            "interview_held" => Event::InterviewHeld {
                date: t,
                participants: "AB".into(),
                assessment: "Varm".into(),
            },
            "police_extract" => extract(t),
            "register_check" => Event::RegisterCheck {
                date: t,
                outcome: RegisterOutcome::NothingRecorded,
                legal_basis: "Samtycke".into(),
                note: String::new(),
            },
            "reference" => reference("Eva"),
            "decision" => Event::Decision {
                approved: false,
                assignment_types: vec![],
                motivation: "Olämplig".into(),
                date: t,
            },
            "withdrawal" => Event::Withdrawal {
                reason: "Flyttar".into(),
            },
            "note" => Event::Note { text: "Ok".into() },
            other => panic!("no sample for {other}"),
        }
    }

    const KINDS: [&str; 9] = [
        "phone_call",
        "interview_booked",
        "interview_held",
        "police_extract",
        "register_check",
        "reference",
        "decision",
        "withdrawal",
        "note",
    ];

    #[test]
    fn the_steps_offered_for_a_stage_are_exactly_those_the_rules_accept() {
        for stage in Stage::ALL {
            for kind in KINDS {
                let event = sample(kind);
                assert_eq!(event.kind(), kind);
                let result = apply(stage, &[], &event, today());
                let fits = !matches!(result, Err(Refusal::WrongStage | Refusal::Closed));
                assert_eq!(
                    steps_for(stage).contains(&kind),
                    fits,
                    "{kind} in {stage:?}: {result:?}"
                );
            }
        }
    }

    #[test]
    fn the_evidence_checklist_counts_references_and_dates_the_extract() {
        let issued = d(2026, 1, 10);
        let history = [extract(issued), reference("Eva")];
        let status = EvidenceStatus::of(&history, today());
        assert_eq!(status.newest_extract, Some(issued));
        assert!(status.extract_valid);
        assert_eq!(status.extract_valid_until, Some(d(2027, 1, 10)));
        assert!(!status.register_checked);
        assert_eq!(status.references, 1);
        assert!(!status.complete());
        let later = EvidenceStatus::of(&history, d(2027, 1, 11));
        assert!(!later.extract_valid, "a year and a day is too old");
    }

    #[test]
    fn the_suggested_step_is_the_first_missing_piece_of_evidence_then_the_decision() {
        let t = today();
        let mut history = vec![];
        let next = |h: &[Event]| suggested_step(Stage::ChecksUnderWay, h, t);
        assert_eq!(next(&history), "police_extract");
        history.push(extract(d(2025, 1, 1)));
        assert_eq!(next(&history), "police_extract", "too old to count");
        history.push(extract(t));
        assert_eq!(next(&history), "register_check");
        history.push(sample("register_check"));
        assert_eq!(next(&history), "reference");
        history.push(reference("Eva"));
        assert_eq!(next(&history), "reference");
        history.push(reference("Omar"));
        assert_eq!(next(&history), "decision");
        assert_eq!(
            suggested_step(Stage::Contacted, &history, t),
            "interview_booked"
        );
        for stage in Stage::ALL {
            assert!(steps_for(stage).contains(&suggested_step(stage, &[], t)));
        }
    }

    #[test]
    fn a_correction_is_never_accepted_as_a_step_in_any_stage() {
        let correction = Event::Correction {
            changes: vec![crate::correction::FieldChange {
                field: "phone".into(),
                from: crate::correction::AnswerValue::Text("+46700000000".into()),
                to: crate::correction::AnswerValue::Text("+46701234567".into()),
            }],
        };
        assert_eq!(correction.kind(), "correction");
        for stage in Stage::ALL {
            assert_eq!(
                apply(stage, &[], &correction, today()),
                Err(Refusal::NotAStep),
                "{stage:?}"
            );
            assert!(!steps_for(stage).contains(&"correction"));
        }
    }

    #[test]
    fn an_approval_straight_after_the_interview_is_told_what_evidence_is_missing() {
        let approve = Event::Decision {
            approved: true,
            assignment_types: vec!["child".into()],
            motivation: "Lämplig".into(),
            date: today(),
        };
        assert_eq!(
            apply(Stage::Interviewed, &[], &approve, today()),
            Err(Refusal::MissingPoliceExtract)
        );
        assert_eq!(
            apply(Stage::InterviewBooked, &[], &approve, today()),
            Err(Refusal::WrongStage)
        );
    }
}
