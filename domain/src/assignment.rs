//! An assignment once a contact person is matched: the plan (genomförandeplan), the follow-ups,
//! and the ending.
//!
//! Validation gives `{field, code}` per problem, as the forms do. Field names for list items carry
//! their index: `goals[0].how_noticed`, `contacts[1].who`, `assessments[0].goal`.
//!
//! Error codes: `required`, `too_long`, `too_many`, `invalid_characters`, `invalid_choice`
//! (an unknown assignment type), `before_start`, `future_date`, `unknown_goal`, `duplicate`,
//! `out_of_range` (a follow-up rule's months, a start or a special amount out of bounds), and for a
//! change of terms `closed_month`, `not_after_previous`, `unchanged`.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::api::FieldError;
use crate::application::{text_field, Errors, ASSIGNMENT_TYPES};
use crate::compensation::{terms_on, Frequency, Terms};
use crate::placement::NewAssignment;

/// Longest accepted lengths (in characters) and largest lists.
pub mod limits {
    /// A goal's text, and how it will be noticed.
    pub const GOAL_TEXT: usize = 1000;
    /// Most goals in a plan.
    pub const GOALS: usize = 10;
    /// The activities.
    pub const ACTIVITIES: usize = 4000;
    /// A contact's who and how often.
    pub const CONTACT_TEXT: usize = 200;
    /// Most contacts in a plan.
    pub const CONTACTS: usize = 20;
    /// The special assignment's texts.
    pub const SPECIAL_TEXT: usize = 4000;
    /// A follow-up's notes.
    pub const NOTES: usize = 8000;
    /// An ending's reason.
    pub const REASON: usize = 2000;
}

/// One goal of the plan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Goal {
    /// What the assignment should lead to.
    pub text: String,
    /// How one will notice that it has.
    pub how_noticed: String,
}

/// Someone the contact person keeps in touch with, and how often.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanContact {
    /// Who (a role, e.g. "vårdnadshavare", "god man", "socialsekreterare").
    pub who: String,
    /// How often.
    pub how_often: String,
}

/// What a special (qualified) assignment adds to the plan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SpecialSupport {
    /// The support agreed on.
    pub agreed_support: String,
    /// Contacts with school and other authorities.
    pub school_and_authority_contacts: String,
}

/// The plan for an assignment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Plan {
    /// The goals, at least one.
    pub goals: Vec<Goal>,
    /// What they will do together.
    pub activities: String,
    /// Whom the contact person keeps in touch with.
    pub contacts: Vec<PlanContact>,
    /// Required for a `special` assignment.
    pub special: Option<SpecialSupport>,
    /// When follow-ups are held (3, then every 6 months, unless the plan says otherwise). A plan
    /// stored before this was editable reads as the default.
    pub follow_up_rule: FollowUpRule,
}

/// When an assignment's follow-ups are held: a number of calendar months after the start, then
/// every so many months. Each between 1 and 12 ([`FollowUpRule::MONTHS`]): an assignment is
/// followed up at least once a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FollowUpRule {
    /// Months from the start to the first follow-up.
    pub first_after_months: u32,
    /// Months between later follow-ups.
    pub every_months: u32,
}

impl Default for FollowUpRule {
    fn default() -> FollowUpRule {
        FollowUpRule {
            first_after_months: FIRST_FOLLOW_UP_AFTER_MONTHS,
            every_months: FOLLOW_UP_EVERY_MONTHS,
        }
    }
}

impl FollowUpRule {
    /// The accepted months for either number.
    pub const MONTHS: std::ops::RangeInclusive<u32> = 1..=12;

    /// The follow-up dates from `start` up to and including `until` (see [`follow_up_schedule`]).
    pub fn schedule(self, start: NaiveDate, until: NaiveDate) -> Vec<NaiveDate> {
        follow_up_schedule(start, self.first_after_months, self.every_months, until)
    }
}

fn check_text(errors: &mut Errors, field: &str, value: &str, required: bool, max: usize) {
    text_field(errors, field, value, required, max, true);
}

/// Checks a plan for an assignment of `assignment_type` (one of [`ASSIGNMENT_TYPES`]): at least
/// one goal with both its texts, contacts with both theirs, and for `special` the
/// [`SpecialSupport`] with both its texts. Errors come in the form's order.
pub fn validate_plan(plan: &Plan, assignment_type: &str) -> Result<(), Vec<FieldError>> {
    let mut e = Errors(Vec::new());
    if !ASSIGNMENT_TYPES.contains(&assignment_type) {
        e.add("assignment_type", "invalid_choice");
    }
    if plan.goals.is_empty() {
        e.add("goals", "required");
    } else if plan.goals.len() > limits::GOALS {
        e.add("goals", "too_many");
    }
    for (i, goal) in plan.goals.iter().enumerate() {
        check_text(
            &mut e,
            &format!("goals[{i}].text"),
            &goal.text,
            true,
            limits::GOAL_TEXT,
        );
        check_text(
            &mut e,
            &format!("goals[{i}].how_noticed"),
            &goal.how_noticed,
            true,
            limits::GOAL_TEXT,
        );
    }
    check_text(
        &mut e,
        "activities",
        &plan.activities,
        false,
        limits::ACTIVITIES,
    );
    if plan.contacts.len() > limits::CONTACTS {
        e.add("contacts", "too_many");
    }
    for (i, contact) in plan.contacts.iter().enumerate() {
        check_text(
            &mut e,
            &format!("contacts[{i}].who"),
            &contact.who,
            true,
            limits::CONTACT_TEXT,
        );
        check_text(
            &mut e,
            &format!("contacts[{i}].how_often"),
            &contact.how_often,
            true,
            limits::CONTACT_TEXT,
        );
    }
    for (field, months) in [
        (
            "follow_up_rule.first_after_months",
            plan.follow_up_rule.first_after_months,
        ),
        (
            "follow_up_rule.every_months",
            plan.follow_up_rule.every_months,
        ),
    ] {
        if !FollowUpRule::MONTHS.contains(&months) {
            e.add(field, "out_of_range");
        }
    }
    match (&plan.special, assignment_type == "special") {
        (None, true) => e.add("special", "required"),
        (Some(special), _) => {
            check_text(
                &mut e,
                "special.agreed_support",
                &special.agreed_support,
                true,
                limits::SPECIAL_TEXT,
            );
            check_text(
                &mut e,
                "special.school_and_authority_contacts",
                &special.school_and_authority_contacts,
                true,
                limits::SPECIAL_TEXT,
            );
        }
        (None, false) => {}
    }
    if e.0.is_empty() {
        Ok(())
    } else {
        Err(e.0)
    }
}

/// Months from the start to the first follow-up, unless the case says otherwise.
pub const FIRST_FOLLOW_UP_AFTER_MONTHS: u32 = 3;
/// Months between later follow-ups, unless the case says otherwise.
pub const FOLLOW_UP_EVERY_MONTHS: u32 = 6;
/// Days before a scheduled date that a follow-up held early still counts for it.
pub const FOLLOW_UP_EARLY_DAYS: i64 = 30;

/// `date` plus `months` calendar months, clamped to the month's end (31 January + 1 month is
/// 28 or 29 February). `None` past chrono's range.
pub fn add_months(date: NaiveDate, months: u32) -> Option<NaiveDate> {
    date.checked_add_months(Months::new(months))
}

/// The follow-up dates of an assignment that started on `start`: `first_after_months` calendar
/// months after the start, then every `then_every_months` months, up to and including `until`
/// (the ending date, or how far ahead the caller looks). Each date is counted from the start, not
/// from the previous date, so a start on the 31st stays on the month's last day where it must
/// and returns to the 31st where it can. `then_every_months` 0 gives only the first date. See
/// [`FIRST_FOLLOW_UP_AFTER_MONTHS`] and [`FOLLOW_UP_EVERY_MONTHS`] for the usual values.
pub fn follow_up_schedule(
    start: NaiveDate,
    first_after_months: u32,
    then_every_months: u32,
    until: NaiveDate,
) -> Vec<NaiveDate> {
    let mut dates = Vec::new();
    let mut months = first_after_months;
    while let Some(date) = add_months(start, months) {
        if date > until {
            break;
        }
        dates.push(date);
        if then_every_months == 0 {
            break;
        }
        match months.checked_add(then_every_months) {
            Some(next) => months = next,
            None => break,
        }
    }
    dates
}

/// An assignment's follow-up dates by its plan's rule: from the start until its end, or, while
/// it goes on, a year ahead of `today`.
pub fn assignment_schedule(
    rule: FollowUpRule,
    start: NaiveDate,
    end: Option<NaiveDate>,
    today: NaiveDate,
) -> Vec<NaiveDate> {
    let until = end.unwrap_or_else(|| today + chrono::Duration::days(366));
    rule.schedule(start, until)
}

/// The next follow-up an ongoing assignment is due for (the earliest not settled by `held`), or
/// `None` once it has ended.
pub fn next_follow_up(
    rule: FollowUpRule,
    start: NaiveDate,
    end: Option<NaiveDate>,
    held: &[NaiveDate],
    today: NaiveDate,
) -> Option<NaiveDate> {
    if end.is_some() {
        return None;
    }
    follow_ups_due(
        &assignment_schedule(rule, start, end, today),
        held,
        today,
        3660,
    )
    .first()
    .copied()
}

/// The scheduled follow-ups that still need holding and fall on or before `today + within_days`
/// (overdue ones included), oldest first: what the overview lists.
///
/// A follow-up held on a date counts for every scheduled date up to [`FOLLOW_UP_EARLY_DAYS`] after
/// it: one held a little early counts, and one held late counts for the dates it was late for.
/// A missed follow-up is therefore no longer listed once a later one has been held (the overview
/// never nags about the past), and until then every missed date is listed, so the UI can say how
/// many were missed and since when.
pub fn follow_ups_due(
    schedule: &[NaiveDate],
    held: &[NaiveDate],
    today: NaiveDate,
    within_days: u32,
) -> Vec<NaiveDate> {
    let horizon = today
        .checked_add_days(chrono::Days::new(u64::from(within_days)))
        .unwrap_or(NaiveDate::MAX);
    let settled_until = held
        .iter()
        .max()
        .and_then(|last| last.checked_add_signed(chrono::Duration::days(FOLLOW_UP_EARLY_DAYS)));
    let mut due: Vec<NaiveDate> = schedule
        .iter()
        .copied()
        .filter(|date| settled_until.is_none_or(|settled| *date > settled))
        .filter(|date| *date <= horizon)
        .collect();
    due.sort();
    due.dedup();
    due
}

/// How a goal has gone since the plan, as a follow-up assesses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GoalProgress {
    /// The goal is reached.
    Achieved,
    /// Closer to the goal.
    Progress,
    /// No change.
    NoChange,
    /// Further from the goal.
    Worse,
}

impl GoalProgress {
    /// Every assessment, best first.
    pub const ALL: [GoalProgress; 4] = [
        GoalProgress::Achieved,
        GoalProgress::Progress,
        GoalProgress::NoChange,
        GoalProgress::Worse,
    ];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            GoalProgress::Achieved => "achieved",
            GoalProgress::Progress => "progress",
            GoalProgress::NoChange => "no_change",
            GoalProgress::Worse => "worse",
        }
    }

    /// Parses a code.
    pub fn from_code(code: &str) -> Option<GoalProgress> {
        GoalProgress::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// One plan goal's assessment at a follow-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalAssessment {
    /// The goal's index in the plan's `goals`.
    pub goal: usize,
    /// How it has gone.
    pub progress: GoalProgress,
}

/// A follow-up that has been held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    /// The day it was held.
    pub date: NaiveDate,
    /// What was said and agreed.
    pub notes: String,
    /// The plan's goals, assessed (each goal at most once; leaving one out is allowed).
    pub assessments: Vec<GoalAssessment>,
}

/// Checks a held follow-up against the assignment's `start`, its `plan` and `today`: held on or
/// after the start and not in the future, notes written, each assessment naming a goal of the
/// plan once.
pub fn validate_follow_up(
    follow_up: &FollowUp,
    plan: &Plan,
    start: NaiveDate,
    today: NaiveDate,
) -> Result<(), Vec<FieldError>> {
    let mut e = Errors(Vec::new());
    check_date(&mut e, follow_up.date, start, today);
    check_text(&mut e, "notes", &follow_up.notes, true, limits::NOTES);
    let mut seen = Vec::new();
    for (i, assessment) in follow_up.assessments.iter().enumerate() {
        let field = format!("assessments[{i}].goal");
        if assessment.goal >= plan.goals.len() {
            e.add(&field, "unknown_goal");
        } else if seen.contains(&assessment.goal) {
            e.add(&field, "duplicate");
        }
        seen.push(assessment.goal);
    }
    if e.0.is_empty() {
        Ok(())
    } else {
        Err(e.0)
    }
}

fn check_date(errors: &mut Errors, date: NaiveDate, start: NaiveDate, today: NaiveDate) {
    if date < start {
        errors.add("date", "before_start");
    } else if date > today {
        errors.add("date", "future_date");
    }
}

/// Highest monthly amount (arvode or omkostnad) a special qualified assignment may be given
/// here: a guard against a typo, far above any real decision.
pub const SPECIAL_MAX_KRONOR: i64 = 100_000;

fn check_special(
    e: &mut Errors,
    assignment_type: &str,
    arvode: Option<i64>,
    omkostnad: Option<i64>,
) -> Option<(i64, i64)> {
    if assignment_type != "special" {
        return None;
    }
    for (field, value) in [("special_arvode", arvode), ("special_omkostnad", omkostnad)] {
        match value {
            None => e.add(field, "required"),
            Some(v) if !(0..=SPECIAL_MAX_KRONOR).contains(&v) => e.add(field, "out_of_range"),
            _ => {}
        }
    }
    arvode.zip(omkostnad)
}

/// How far from today an assignment may start: a year back (registered late) or ahead.
pub const START_WITHIN_DAYS: i64 = 366;

/// Checks the terms of a new assignment for a need of `assignment_type`: a reason for the
/// choice, a start within [`START_WITHIN_DAYS`] of `today`, and for a special qualified
/// assignment both monthly amounts (between 0 and [`SPECIAL_MAX_KRONOR`]). Answers the
/// assignment's first [`Terms`]; amounts sent for another type are dropped. Whether the person
/// is approved for the type is the caller's check (it needs the register).
pub fn validate_new_assignment(
    new: &NewAssignment,
    assignment_type: &str,
    today: NaiveDate,
) -> Result<Terms, Vec<FieldError>> {
    let mut e = Errors(Vec::new());
    check_text(&mut e, "reason", &new.reason, true, limits::REASON);
    if (new.start_date - today).num_days().abs() > START_WITHIN_DAYS {
        e.add("start_date", "out_of_range");
    }
    let special = check_special(
        &mut e,
        assignment_type,
        new.special_arvode,
        new.special_omkostnad,
    );
    if e.0.is_empty() {
        Ok(Terms {
            from: new.start_date,
            frequency: new.frequency,
            special,
        })
    } else {
        Err(e.0)
    }
}

/// A change of an ongoing assignment's terms from a date: they meet more or less often (and so
/// at another level), or a special qualified assignment's amounts are decided anew.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermsChange {
    /// The first day the new terms apply.
    pub from: NaiveDate,
    /// How often they will meet.
    pub frequency: Frequency,
    /// For a special qualified assignment: the new arvode, kronor per month.
    #[serde(default)]
    pub special_arvode: Option<i64>,
    /// For a special qualified assignment: the new omkostnad, kronor per month.
    #[serde(default)]
    pub special_omkostnad: Option<i64>,
    /// Why (e.g. the decision it follows).
    pub reason: String,
}

/// Checks a change of terms against the assignment's `assignment_type`, its `current` terms
/// (the first from its start, then each change) and `today`, and answers the new [`Terms`].
///
/// - The change starts after the latest terms (`not_after_previous`): one change at a time, in
///   date order, so history is never rewritten.
/// - It starts in this month or later (`closed_month`): earlier months may be paid already, and
///   a month's payment basis must stay the same when it is produced again.
/// - At most [`START_WITHIN_DAYS`] ahead (`out_of_range`).
/// - It changes something (`unchanged` on `frequency`), and gives a reason.
/// - A special qualified assignment gives both amounts, as when it was created.
pub fn validate_terms_change(
    change: &TermsChange,
    assignment_type: &str,
    current: &[Terms],
    today: NaiveDate,
) -> Result<Terms, Vec<FieldError>> {
    let mut e = Errors(Vec::new());
    let first_of_month = today.with_day(1).unwrap_or(today);
    let latest = current.iter().map(|t| t.from).max();
    if latest.is_some_and(|latest| change.from <= latest) {
        e.add("from", "not_after_previous");
    } else if change.from < first_of_month {
        e.add("from", "closed_month");
    } else if (change.from - today).num_days() > START_WITHIN_DAYS {
        e.add("from", "out_of_range");
    }
    let mut amounts = Errors(Vec::new());
    let special = check_special(
        &mut amounts,
        assignment_type,
        change.special_arvode,
        change.special_omkostnad,
    );
    let terms = Terms {
        from: change.from,
        frequency: change.frequency,
        special,
    };
    if let Some(before) = terms_on(current, change.from) {
        if before.frequency == terms.frequency && before.special == terms.special {
            e.add("frequency", "unchanged");
        }
    }
    e.0.extend(amounts.0);
    check_text(&mut e, "reason", &change.reason, true, limits::REASON);
    if e.0.is_empty() {
        Ok(terms)
    } else {
        Err(e.0)
    }
}

/// Who ended the assignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndedBy {
    /// The social services.
    SocialServices,
    /// The contact person.
    ContactPerson,
    /// The young person or the family.
    YoungPersonOrFamily,
}

impl EndedBy {
    /// Every option, in the order the form shows them.
    pub const ALL: [EndedBy; 3] = [
        EndedBy::SocialServices,
        EndedBy::ContactPerson,
        EndedBy::YoungPersonOrFamily,
    ];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            EndedBy::SocialServices => "social_services",
            EndedBy::ContactPerson => "contact_person",
            EndedBy::YoungPersonOrFamily => "young_person_or_family",
        }
    }

    /// Parses a code.
    pub fn from_code(code: &str) -> Option<EndedBy> {
        EndedBy::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// How an assignment ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ending {
    /// The assignment's last day (compensation is paid up to and including it).
    pub date: NaiveDate,
    /// Why it ended.
    pub reason: String,
    /// Who ended it.
    pub initiated_by: EndedBy,
    /// Whether the contact person wants to go on being a contact person (for another child).
    pub contact_person_continues: bool,
}

/// Checks an ending against the assignment's `start` and `today`: on or after the start, not
/// after today, a reason given.
pub fn validate_ending(
    ending: &Ending,
    start: NaiveDate,
    today: NaiveDate,
) -> Result<(), Vec<FieldError>> {
    let mut e = Errors(Vec::new());
    check_date(&mut e, ending.date, start, today);
    check_text(&mut e, "reason", &ending.reason, true, limits::REASON);
    if e.0.is_empty() {
        Ok(())
    } else {
        Err(e.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("a valid date")
    }

    fn pairs(result: Result<(), Vec<FieldError>>) -> Vec<(String, String)> {
        result
            .expect_err("should be refused")
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    fn owned(expected: &[(&str, &str)]) -> Vec<(String, String)> {
        expected
            .iter()
            .map(|(f, c)| (f.to_string(), c.to_string()))
            .collect()
    }

    fn goal(text: &str, how_noticed: &str) -> Goal {
        Goal {
            text: text.into(),
            how_noticed: how_noticed.into(),
        }
    }

    fn plan() -> Plan {
        Plan {
            goals: vec![goal(
                "Hitta en fritidsaktivitet",
                "Går på träningen varje vecka",
            )],
            activities: "Idrott, bibliotek, fika".into(),
            contacts: vec![PlanContact {
                who: "God man".into(),
                how_often: "En gång i månaden".into(),
            }],
            special: None,
            follow_up_rule: FollowUpRule::default(),
        }
    }

    #[test]
    fn a_plan_needs_a_goal_with_both_its_texts() {
        assert_eq!(validate_plan(&plan(), "child"), Ok(()));
        let mut p = plan();
        p.goals.clear();
        assert_eq!(
            pairs(validate_plan(&p, "child")),
            owned(&[("goals", "required")])
        );
        p.goals = vec![goal("Ett mål", "Syns så"), goal("Ett till", "  ")];
        assert_eq!(
            pairs(validate_plan(&p, "child")),
            owned(&[("goals[1].how_noticed", "required")])
        );
        p.goals = vec![goal("", "")];
        assert_eq!(
            pairs(validate_plan(&p, "child")),
            owned(&[
                ("goals[0].text", "required"),
                ("goals[0].how_noticed", "required")
            ])
        );
    }

    #[test]
    fn a_special_assignment_needs_the_agreed_support_and_authority_contacts() {
        let mut p = plan();
        assert_eq!(
            pairs(validate_plan(&p, "special")),
            owned(&[("special", "required")])
        );
        p.special = Some(SpecialSupport {
            agreed_support: "Stöd i skolarbetet två eftermiddagar".into(),
            school_and_authority_contacts: String::new(),
        });
        assert_eq!(
            pairs(validate_plan(&p, "special")),
            owned(&[("special.school_and_authority_contacts", "required")])
        );
        p.special = Some(SpecialSupport {
            agreed_support: "Stöd i skolarbetet två eftermiddagar".into(),
            school_and_authority_contacts: "Mentor på skolan varannan vecka".into(),
        });
        assert_eq!(validate_plan(&p, "special"), Ok(()));
        assert_eq!(
            validate_plan(&plan(), "unaccompanied"),
            Ok(()),
            "other types need no special part"
        );
    }

    #[test]
    fn plan_contacts_texts_and_type_are_checked() {
        let mut p = plan();
        p.contacts.push(PlanContact {
            who: "Skolan".into(),
            how_often: String::new(),
        });
        p.activities = "x".repeat(limits::ACTIVITIES + 1);
        p.goals[0].text = "y".repeat(limits::GOAL_TEXT + 1);
        assert_eq!(
            pairs(validate_plan(&p, "adult")),
            owned(&[
                ("assignment_type", "invalid_choice"),
                ("goals[0].text", "too_long"),
                ("activities", "too_long"),
                ("contacts[1].how_often", "required"),
            ])
        );
        p = plan();
        p.goals = vec![goal("Mål", "Syns"); limits::GOALS + 1];
        assert_eq!(
            pairs(validate_plan(&p, "child")),
            owned(&[("goals", "too_many")])
        );
    }

    #[test]
    fn an_ongoing_assignment_is_scheduled_a_year_ahead_and_an_ended_one_up_to_its_end() {
        let rule = FollowUpRule::default();
        let start = d(2026, 3, 15);
        assert_eq!(
            assignment_schedule(rule, start, None, d(2026, 5, 1)),
            [d(2026, 6, 15), d(2026, 12, 15)],
            "a year ahead of today"
        );
        assert_eq!(
            assignment_schedule(rule, start, Some(d(2026, 9, 30)), d(2030, 1, 1)),
            [d(2026, 6, 15)],
            "up to its end, however late today is"
        );
    }

    #[test]
    fn the_next_follow_up_is_the_first_unsettled_date_and_none_once_ended() {
        let rule = FollowUpRule::default();
        let start = d(2026, 3, 15);
        let today = d(2026, 7, 1);
        assert_eq!(
            next_follow_up(rule, start, None, &[], today),
            Some(d(2026, 6, 15)),
            "missed and not held"
        );
        assert_eq!(
            next_follow_up(rule, start, None, &[d(2026, 6, 20)], today),
            Some(d(2026, 12, 15)),
            "held: the next one"
        );
        assert_eq!(
            next_follow_up(rule, start, Some(d(2026, 12, 31)), &[], today),
            None
        );
    }

    #[test]
    fn follow_ups_come_after_three_months_then_every_six_by_the_calendar() {
        let start = d(2026, 3, 15);
        assert_eq!(
            follow_up_schedule(
                start,
                FIRST_FOLLOW_UP_AFTER_MONTHS,
                FOLLOW_UP_EVERY_MONTHS,
                d(2027, 12, 15)
            ),
            [
                d(2026, 6, 15),
                d(2026, 12, 15),
                d(2027, 6, 15),
                d(2027, 12, 15)
            ],
            "the end date itself is included"
        );
        assert_eq!(
            follow_up_schedule(start, 3, 6, d(2026, 6, 14)),
            Vec::<NaiveDate>::new(),
            "ended before the first follow-up"
        );
        assert_eq!(
            follow_up_schedule(start, 3, 0, d(2030, 1, 1)),
            [d(2026, 6, 15)],
            "no repeat"
        );
    }

    #[test]
    fn a_start_at_the_end_of_a_month_clamps_to_shorter_months_without_drifting() {
        assert_eq!(
            follow_up_schedule(d(2027, 1, 31), 1, 1, d(2027, 5, 31)),
            [
                d(2027, 2, 28),
                d(2027, 3, 31),
                d(2027, 4, 30),
                d(2027, 5, 31)
            ]
        );
        assert_eq!(
            follow_up_schedule(d(2027, 11, 30), 3, 6, d(2028, 12, 31)),
            [d(2028, 2, 29), d(2028, 8, 30)],
            "leap year February"
        );
    }

    #[test]
    fn a_follow_up_held_counts_for_every_date_up_to_thirty_days_after_it() {
        let schedule = [d(2026, 6, 15), d(2026, 12, 15), d(2027, 6, 15)];
        let today = d(2026, 6, 1);
        assert_eq!(
            follow_ups_due(&schedule, &[], today, 14),
            [d(2026, 6, 15)],
            "due within two weeks"
        );
        assert_eq!(
            follow_ups_due(&schedule, &[], today, 13),
            Vec::<NaiveDate>::new(),
            "not yet within thirteen days"
        );
        assert_eq!(
            follow_ups_due(&schedule, &[d(2026, 5, 20)], today, 14),
            Vec::<NaiveDate>::new(),
            "held 26 days early counts"
        );
        assert_eq!(
            follow_ups_due(&schedule, &[], d(2027, 1, 10), 0),
            [d(2026, 6, 15), d(2026, 12, 15)],
            "two missed, both listed, oldest first"
        );
        assert_eq!(
            follow_ups_due(
                &schedule,
                &[d(2026, 6, 20), d(2027, 1, 8)],
                d(2027, 1, 10),
                0
            ),
            Vec::<NaiveDate>::new(),
            "a late one counts for the date it was late for"
        );
        assert_eq!(
            follow_ups_due(&schedule, &[d(2026, 12, 20)], d(2027, 6, 1), 30),
            [d(2027, 6, 15)],
            "a missed first one is not listed once a later one is held"
        );
        assert_eq!(
            follow_ups_due(&schedule, &[d(2026, 4, 1)], d(2026, 6, 20), 0),
            [d(2026, 6, 15)],
            "held 75 days early does not count"
        );
    }

    #[test]
    fn a_follow_up_is_dated_within_the_assignment_and_assesses_plan_goals_once() {
        let p = plan();
        let start = d(2026, 3, 15);
        let today = d(2026, 6, 20);
        let held = FollowUp {
            date: d(2026, 6, 15),
            notes: "Går på fotboll varje tisdag.".into(),
            assessments: vec![GoalAssessment {
                goal: 0,
                progress: GoalProgress::Progress,
            }],
        };
        assert_eq!(validate_follow_up(&held, &p, start, today), Ok(()));
        let bad = FollowUp {
            date: d(2026, 6, 21),
            notes: " ".into(),
            assessments: vec![
                GoalAssessment {
                    goal: 0,
                    progress: GoalProgress::Achieved,
                },
                GoalAssessment {
                    goal: 0,
                    progress: GoalProgress::Worse,
                },
                GoalAssessment {
                    goal: 1,
                    progress: GoalProgress::NoChange,
                },
            ],
        };
        assert_eq!(
            pairs(validate_follow_up(&bad, &p, start, today)),
            owned(&[
                ("date", "future_date"),
                ("notes", "required"),
                ("assessments[1].goal", "duplicate"),
                ("assessments[2].goal", "unknown_goal"),
            ])
        );
        let early = FollowUp {
            date: d(2026, 3, 14),
            ..held
        };
        assert_eq!(
            pairs(validate_follow_up(&early, &p, start, today)),
            owned(&[("date", "before_start")])
        );
    }

    #[test]
    fn an_ending_lies_between_the_start_and_today_and_gives_a_reason() {
        let start = d(2026, 3, 15);
        let today = d(2026, 11, 24);
        let ending = |date: NaiveDate, reason: &str| Ending {
            date,
            reason: reason.into(),
            initiated_by: EndedBy::YoungPersonOrFamily,
            contact_person_continues: true,
        };
        for ok in [start, today, d(2026, 8, 31)] {
            assert_eq!(
                validate_ending(&ending(ok, "Flyttar"), start, today),
                Ok(()),
                "{ok}"
            );
        }
        assert_eq!(
            pairs(validate_ending(&ending(d(2026, 3, 14), ""), start, today)),
            owned(&[("date", "before_start"), ("reason", "required")])
        );
        assert_eq!(
            pairs(validate_ending(
                &ending(d(2026, 11, 25), "Flyttar"),
                start,
                today
            )),
            owned(&[("date", "future_date")])
        );
    }

    #[test]
    fn codes_round_trip_and_match_their_json() {
        for p in GoalProgress::ALL {
            assert_eq!(GoalProgress::from_code(p.code()), Some(p));
            assert_eq!(
                serde_json::to_string(&p).expect("json"),
                format!("\"{}\"", p.code())
            );
        }
        for by in EndedBy::ALL {
            assert_eq!(EndedBy::from_code(by.code()), Some(by));
            assert_eq!(
                serde_json::to_string(&by).expect("json"),
                format!("\"{}\"", by.code())
            );
        }
        let plan: Plan = serde_json::from_str(r#"{"goals":[{"text":"Mål"}]}"#).expect("json");
        assert_eq!(
            plan.goals[0].how_noticed, "",
            "missing fields default to empty"
        );
    }

    #[test]
    fn a_plan_stored_before_the_rule_was_editable_follows_up_after_three_then_every_six_months() {
        let plan: Plan = serde_json::from_str(r#"{"goals":[]}"#).expect("json");
        assert_eq!(
            plan.follow_up_rule,
            FollowUpRule {
                first_after_months: 3,
                every_months: 6
            }
        );
        assert_eq!(Plan::default().follow_up_rule, FollowUpRule::default());
    }

    #[test]
    fn the_plan_can_set_its_own_follow_up_months_between_one_and_twelve() {
        let mut p = plan();
        p.follow_up_rule = FollowUpRule {
            first_after_months: 1,
            every_months: 12,
        };
        assert_eq!(validate_plan(&p, "child"), Ok(()));
        assert_eq!(
            p.follow_up_rule.schedule(d(2026, 1, 31), d(2027, 12, 31)),
            vec![d(2026, 2, 28), d(2027, 2, 28)]
        );
        p.follow_up_rule = FollowUpRule {
            first_after_months: 0,
            every_months: 13,
        };
        assert_eq!(
            pairs(validate_plan(&p, "child")),
            owned(&[
                ("follow_up_rule.first_after_months", "out_of_range"),
                ("follow_up_rule.every_months", "out_of_range"),
            ])
        );
        p.follow_up_rule = FollowUpRule {
            first_after_months: 2,
            every_months: 4,
        };
        assert_eq!(
            p.follow_up_rule.schedule(d(2026, 3, 10), d(2026, 12, 31)),
            vec![d(2026, 5, 10), d(2026, 9, 10)]
        );
    }

    fn new_assignment(start: NaiveDate) -> NewAssignment {
        NewAssignment {
            applicant_reference: "KP-2026-0001".into(),
            reason: "Talar samma språk".into(),
            start_date: start,
            frequency: Frequency::Weekly,
            special_arvode: Some(9000),
            special_omkostnad: Some(1500),
        }
    }

    #[test]
    fn a_new_assignment_gives_a_reason_a_near_start_and_for_a_special_one_both_amounts() {
        let today = d(2026, 11, 22);
        let terms =
            validate_new_assignment(&new_assignment(today), "special", today).expect("accepted");
        assert_eq!(terms.special, Some((9000, 1500)));
        let terms =
            validate_new_assignment(&new_assignment(today), "child", today).expect("accepted");
        assert_eq!(
            terms.special, None,
            "amounts sent for another type are dropped"
        );

        let mut new = new_assignment(d(2027, 11, 24));
        new.reason = "  ".into();
        new.special_arvode = None;
        new.special_omkostnad = Some(SPECIAL_MAX_KRONOR + 1);
        assert_eq!(
            pairs(validate_new_assignment(&new, "special", today).map(|_| ())),
            owned(&[
                ("reason", "required"),
                ("start_date", "out_of_range"),
                ("special_arvode", "required"),
                ("special_omkostnad", "out_of_range"),
            ])
        );
        new.start_date = d(2025, 11, 20);
        assert_eq!(
            pairs(validate_new_assignment(&new, "child", today).map(|_| ())),
            owned(&[("reason", "required"), ("start_date", "out_of_range")])
        );
    }

    fn change(from: NaiveDate, frequency: Frequency) -> TermsChange {
        TermsChange {
            from,
            frequency,
            special_arvode: None,
            special_omkostnad: None,
            reason: "Beslut om utökat stöd".into(),
        }
    }

    fn weekly_from(from: NaiveDate) -> Terms {
        Terms {
            from,
            frequency: Frequency::Weekly,
            special: None,
        }
    }

    #[test]
    fn a_change_of_terms_starts_after_the_latest_terms_and_not_in_a_month_already_past() {
        let today = d(2026, 11, 22);
        let current = [weekly_from(d(2026, 3, 1))];
        let accepted = validate_terms_change(
            &change(d(2026, 11, 1), Frequency::SeveralPerWeek),
            "child",
            &current,
            today,
        )
        .expect("from the first of this month");
        assert_eq!(
            accepted,
            Terms {
                from: d(2026, 11, 1),
                frequency: Frequency::SeveralPerWeek,
                special: None
            }
        );
        assert_eq!(
            pairs(
                validate_terms_change(
                    &change(d(2026, 10, 31), Frequency::SeveralPerWeek),
                    "child",
                    &current,
                    today
                )
                .map(|_| ())
            ),
            owned(&[("from", "closed_month")])
        );
        let later = [weekly_from(d(2026, 3, 1)), {
            let mut t = weekly_from(d(2026, 12, 1));
            t.frequency = Frequency::AlmostDaily;
            t
        }];
        assert_eq!(
            pairs(
                validate_terms_change(
                    &change(d(2026, 12, 1), Frequency::Weekly),
                    "child",
                    &later,
                    today
                )
                .map(|_| ())
            ),
            owned(&[("from", "not_after_previous")])
        );
        assert_eq!(
            pairs(
                validate_terms_change(
                    &change(d(2027, 11, 24), Frequency::SeveralPerWeek),
                    "child",
                    &current,
                    today
                )
                .map(|_| ())
            ),
            owned(&[("from", "out_of_range")])
        );
    }

    #[test]
    fn a_change_must_change_something_and_give_a_reason() {
        let today = d(2026, 11, 22);
        let current = [weekly_from(d(2026, 3, 1))];
        let mut same = change(d(2026, 12, 1), Frequency::Weekly);
        same.reason = String::new();
        assert_eq!(
            pairs(validate_terms_change(&same, "child", &current, today).map(|_| ())),
            owned(&[("frequency", "unchanged"), ("reason", "required")])
        );
    }

    #[test]
    fn a_special_assignment_changes_its_decided_amounts_at_the_same_frequency() {
        let today = d(2026, 11, 22);
        let current = [Terms {
            from: d(2026, 3, 1),
            frequency: Frequency::Weekly,
            special: Some((9000, 1500)),
        }];
        let mut raise = change(d(2027, 1, 1), Frequency::Weekly);
        raise.special_arvode = Some(9500);
        raise.special_omkostnad = Some(1500);
        assert_eq!(
            validate_terms_change(&raise, "special", &current, today)
                .expect("new amounts")
                .special,
            Some((9500, 1500))
        );
        raise.special_arvode = Some(9000);
        assert_eq!(
            pairs(validate_terms_change(&raise, "special", &current, today).map(|_| ())),
            owned(&[("frequency", "unchanged")])
        );
        raise.special_arvode = None;
        assert_eq!(
            pairs(validate_terms_change(&raise, "special", &current, today).map(|_| ())),
            owned(&[("special_arvode", "required")])
        );
    }
}
