//! The contact person's monthly report ("rapport och försäkran"): the meetings held in a month and,
//! where the municipality allows it, extra costs with a receipt, declared true and sent. The
//! caseworker approves it (then it is locked) or returns it with a comment. Only a month with an
//! approved report is paid, and a report first sent after its due day is paid only within the
//! municipality's limit of months back (Luleå pays at most three months back; Östersund's report is
//! due by the 3rd of the next month).
//!
//! Pure rules: the store keeps the reports, the server asks these functions, the SPA words the
//! codes. Field names for list items carry their index, as in [`crate::assignment`]:
//! `meetings[0].date`, `costs[1].amount_ore`.
//!
//! Error codes: `required`, `too_long`, `too_many`, `invalid_characters`, `invalid_choice` (an
//! unknown activity or a duration off the list), `duplicate`, `outside_month`,
//! `outside_assignment`, `not_begun` (a month that has not started), `not_over` (a
//! month still running, sent before its last day), `not_allowed` (extra costs where the
//! municipality pays none), `out_of_range` (an amount), `personal_number` (a text holding a
//! personnummer or phone number: the report is about meetings, not the child's details).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::api::FieldError;
use crate::application::{text_field, Errors};
use crate::compensation::Month;

/// Most meetings in one month's report (two a day).
pub const MAX_MEETINGS: usize = 62;
/// Most extra costs in one month's report.
pub const MAX_COSTS: usize = 20;
/// Longest note about one meeting, in characters.
pub const MAX_NOTE: usize = 300;
/// Longest description of a cost, in characters.
pub const MAX_COST_TEXT: usize = 100;
/// Longest comment when a caseworker returns a report.
pub const MAX_COMMENT: usize = 1000;
/// Largest single extra cost, in öre (5 000 kr): anything bigger is agreed with the caseworker
/// beforehand, not claimed on a monthly report.
pub const MAX_COST_ORE: i64 = 500_000;
/// The durations a meeting can be reported with, in minutes ("about how long").
pub const DURATIONS: [u32; 9] = [30, 60, 90, 120, 180, 240, 360, 480, 720];

/// What the municipality decides about reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRules {
    /// The day of the next month by which a month's report is due (1–28).
    pub due_day: u32,
    /// How many months back a report first sent late may still be paid (0–12): with 3, a report
    /// for November first sent in February is paid, one first sent in March is not.
    pub late_months: u32,
    /// Whether contact persons may claim extra costs beyond the omkostnad, with a receipt.
    pub extra_costs: bool,
}

impl Default for ReportRules {
    /// Due by the 5th, paid up to three months back, no extra costs: a starting point a unit
    /// changes in its configuration.
    fn default() -> ReportRules {
        ReportRules {
            due_day: 5,
            late_months: 3,
            extra_costs: false,
        }
    }
}

impl ReportRules {
    /// The rules if they are within bounds (`due_day` 1–28, `late_months` at most 12).
    pub fn new(due_day: u32, late_months: u32, extra_costs: bool) -> Option<ReportRules> {
        ((1..=28).contains(&due_day) && late_months <= 12).then_some(ReportRules {
            due_day,
            late_months,
            extra_costs,
        })
    }

    /// The last day to send `month`'s report on time.
    pub fn due_date(&self, month: Month) -> NaiveDate {
        month
            .next()
            .first_day()
            .with_day(self.due_day)
            .expect("due_day is 1–28")
    }

    /// Whether a report for `month` first sent on `first_sent` is paid: always when sent by the due
    /// day; after it, only if it came at most `late_months` months after `month`. A report returned
    /// and sent again keeps its first day: a return never costs the contact person their pay.
    pub fn payable(&self, month: Month, first_sent: NaiveDate) -> bool {
        first_sent <= self.due_date(month)
            || months_between(month, Month::of(first_sent)) <= i64::from(self.late_months)
    }
}

/// Whole months from `from` to `to` (negative when `to` is earlier).
pub fn months_between(from: Month, to: Month) -> i64 {
    (i64::from(to.year()) - i64::from(from.year())) * 12 + i64::from(to.month())
        - i64::from(from.month())
}

/// What a meeting was spent on: a short list, so nobody needs to write details about the child.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Activity {
    /// Talked, had a fika.
    Talk,
    /// A walk or time outdoors.
    Outdoors,
    /// Sport or exercise.
    Sport,
    /// Cinema, museum, library, a concert.
    Culture,
    /// Homework or school.
    School,
    /// Errands: shopping, an authority, a bank.
    Errands,
    /// Cooked or ate together.
    Meal,
    /// Something else (then a few words are needed).
    Other,
}

impl Activity {
    /// Every activity, in the order forms list them.
    pub const ALL: [Activity; 8] = [
        Activity::Talk,
        Activity::Outdoors,
        Activity::Sport,
        Activity::Culture,
        Activity::School,
        Activity::Errands,
        Activity::Meal,
        Activity::Other,
    ];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Activity::Talk => "talk",
            Activity::Outdoors => "outdoors",
            Activity::Sport => "sport",
            Activity::Culture => "culture",
            Activity::School => "school",
            Activity::Errands => "errands",
            Activity::Meal => "meal",
            Activity::Other => "other",
        }
    }

    /// The activity a code names.
    pub fn from_code(code: &str) -> Option<Activity> {
        Activity::ALL.into_iter().find(|a| a.code() == code)
    }
}

/// One meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    /// The day.
    pub date: NaiveDate,
    /// About how long, in minutes (one of [`DURATIONS`]).
    pub minutes: u32,
    /// What they did.
    pub activities: Vec<Activity>,
    /// A few words, optional (needed with [`Activity::Other`] alone).
    #[serde(default)]
    pub note: String,
}

/// One extra cost beyond the omkostnad.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtraCost {
    /// The day of the purchase.
    pub date: NaiveDate,
    /// What it was ("Bowling, två personer").
    pub description: String,
    /// The amount in öre (a receipt's kronor and öre).
    pub amount_ore: i64,
    /// The uploaded receipt's id (the server checks it belongs to this report's person).
    #[serde(default)]
    pub receipt: Option<String>,
}

/// A month's report as the contact person writes it (a draft until sent).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MonthlyReport {
    /// The meetings held.
    #[serde(default)]
    pub meetings: Vec<Meeting>,
    /// Why there were none, when there were none ("Hon var sjuk hela månaden").
    #[serde(default)]
    pub no_meetings_reason: String,
    /// Extra costs, where allowed.
    #[serde(default)]
    pub costs: Vec<ExtraCost>,
}

/// Where a month's report is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    /// Being written; nobody but the contact person sees it.
    Draft,
    /// Sent and declared true; waiting for the caseworker.
    Submitted,
    /// Returned by the caseworker with a comment, to change and send again.
    Returned,
    /// Approved: locked, and paid within the late-report rule.
    Approved,
}

impl ReportStatus {
    /// The stable code stored.
    pub fn code(self) -> &'static str {
        match self {
            ReportStatus::Draft => "draft",
            ReportStatus::Submitted => "submitted",
            ReportStatus::Returned => "returned",
            ReportStatus::Approved => "approved",
        }
    }

    /// Whether the contact person may change it.
    pub fn editable(self) -> bool {
        matches!(self, ReportStatus::Draft | ReportStatus::Returned)
    }

    /// Whether the caseworker may approve or return it.
    pub fn reviewable(self) -> bool {
        self == ReportStatus::Submitted
    }
}

impl TryFrom<String> for ReportStatus {
    type Error = String;

    fn try_from(code: String) -> Result<ReportStatus, String> {
        [
            ReportStatus::Draft,
            ReportStatus::Submitted,
            ReportStatus::Returned,
            ReportStatus::Approved,
        ]
        .into_iter()
        .find(|s| s.code() == code)
        .ok_or_else(|| format!("not a report status: {code}"))
    }
}

/// A month as a contact person's or caseworker's list shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MonthState {
    /// Still running, or not due yet, and not sent.
    Open,
    /// Past its due day and not sent (a draft counts as not sent).
    Overdue,
    /// Sent, waiting for review.
    Submitted,
    /// Returned to the contact person.
    Returned,
    /// Approved and paid.
    Approved,
    /// Approved, but first sent too late to be paid.
    TooLate,
}

/// The state of `month` given its report's status and first sending day, if any.
pub fn month_state(
    month: Month,
    report: Option<(ReportStatus, Option<NaiveDate>)>,
    today: NaiveDate,
    rules: &ReportRules,
) -> MonthState {
    match report {
        Some((ReportStatus::Approved, Some(sent))) if !rules.payable(month, sent) => {
            MonthState::TooLate
        }
        Some((ReportStatus::Approved, _)) => MonthState::Approved,
        Some((ReportStatus::Submitted, _)) => MonthState::Submitted,
        Some((ReportStatus::Returned, _)) => MonthState::Returned,
        Some((ReportStatus::Draft, _)) | None if today > rules.due_date(month) => {
            MonthState::Overdue
        }
        Some((ReportStatus::Draft, _)) | None => MonthState::Open,
    }
}

/// The months an assignment from `start` to `end` (its last day, once ended) has to report, up to
/// and including the month of `today`, oldest first.
pub fn report_months(start: NaiveDate, end: Option<NaiveDate>, today: NaiveDate) -> Vec<Month> {
    let last = match end {
        Some(end) if end < today => Month::of(end),
        _ => Month::of(today),
    };
    let mut months = Vec::new();
    let mut month = Month::of(start);
    while month <= last {
        months.push(month);
        month = month.next();
    }
    months
}

/// The assignment a report belongs to, as the rules need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// First day.
    pub start: NaiveDate,
    /// Last day, once ended.
    pub end: Option<NaiveDate>,
}

impl Period {
    fn contains(self, date: NaiveDate) -> bool {
        date >= self.start && self.end.is_none_or(|end| date <= end)
    }

    fn overlaps(self, month: Month) -> bool {
        month.last_day() >= self.start && self.end.is_none_or(|end| month.first_day() <= end)
    }
}

/// Checks a draft as it is saved: only what could never be sent (too many rows, too long texts,
/// control characters, an unknown duration), so a half-written report is kept as it is.
pub fn validate_draft(report: &MonthlyReport) -> Result<(), Vec<FieldError>> {
    let mut errors = Errors(Vec::new());
    shape(&mut errors, report);
    finish(errors)
}

/// Checks a report being sent for `month` of the assignment `period` on `today`: everything
/// [`validate_draft`] checks, and that the month is over (or the assignment has ended), that every
/// date is in the month and in the assignment (so none is in the future), that each meeting says
/// what they did, that a month without meetings says why, that extra costs are allowed and have a
/// receipt, and that the contact person declared it true.
pub fn validate_submission(
    report: &MonthlyReport,
    month: Month,
    period: Period,
    today: NaiveDate,
    rules: &ReportRules,
    declared: bool,
) -> Result<(), Vec<FieldError>> {
    let mut errors = Errors(Vec::new());
    if !period.overlaps(month) {
        errors.add("month", "outside_assignment");
    } else if month.first_day() > today {
        errors.add("month", "not_begun");
    } else if today < month.last_day() && period.end.is_none_or(|end| today < end) {
        errors.add("month", "not_over");
    }
    shape(&mut errors, report);
    // No date can be in the future: the month is over, or the assignment has ended by today.
    let dates = |errors: &mut Errors, field: String, date: NaiveDate| {
        if !month.contains(date) {
            errors.add(&field, "outside_month");
        } else if !period.contains(date) {
            errors.add(&field, "outside_assignment");
        }
    };
    for (i, meeting) in report.meetings.iter().enumerate() {
        dates(&mut errors, format!("meetings[{i}].date"), meeting.date);
        if meeting.activities.is_empty() {
            errors.add(&format!("meetings[{i}].activities"), "required");
        }
        if meeting.activities == [Activity::Other] && meeting.note.trim().is_empty() {
            errors.add(&format!("meetings[{i}].note"), "required");
        }
    }
    if report.meetings.is_empty() && report.no_meetings_reason.trim().is_empty() {
        errors.add("no_meetings_reason", "required");
    }
    if !report.costs.is_empty() && !rules.extra_costs {
        errors.add("costs", "not_allowed");
    }
    for (i, cost) in report.costs.iter().enumerate() {
        dates(&mut errors, format!("costs[{i}].date"), cost.date);
        if cost.description.trim().is_empty() {
            errors.add(&format!("costs[{i}].description"), "required");
        }
        match cost.receipt.as_deref().map(str::trim) {
            None | Some("") => errors.add(&format!("costs[{i}].receipt"), "required"),
            // One receipt proves one cost: the same receipt twice would claim it twice.
            Some(id) => {
                if report.costs[..i]
                    .iter()
                    .any(|earlier| earlier.receipt.as_deref().map(str::trim) == Some(id))
                {
                    errors.add(&format!("costs[{i}].receipt"), "duplicate");
                }
            }
        }
    }
    if !declared {
        errors.add("declaration", "required");
    }
    finish(errors)
}

/// A caseworker's comment when returning a report: required, at most [`MAX_COMMENT`] characters.
pub fn validate_return_comment(comment: &str) -> Result<(), Vec<FieldError>> {
    let mut errors = Errors(Vec::new());
    text_field(&mut errors, "comment", comment, true, MAX_COMMENT, true);
    finish(errors)
}

/// The extra costs of a report, in öre.
pub fn extra_costs_total(report: &MonthlyReport) -> i64 {
    report.costs.iter().map(|c| c.amount_ore).sum()
}

/// The time a month's meetings took, in minutes.
pub fn meeting_minutes(report: &MonthlyReport) -> u32 {
    report.meetings.iter().map(|m| m.minutes).sum()
}

fn shape(errors: &mut Errors, report: &MonthlyReport) {
    if report.meetings.len() > MAX_MEETINGS {
        errors.add("meetings", "too_many");
    }
    if report.costs.len() > MAX_COSTS {
        errors.add("costs", "too_many");
    }
    for (i, meeting) in report.meetings.iter().enumerate().take(MAX_MEETINGS) {
        if !DURATIONS.contains(&meeting.minutes) {
            errors.add(&format!("meetings[{i}].minutes"), "invalid_choice");
        }
        let mut seen = meeting.activities.clone();
        seen.sort();
        seen.dedup();
        if seen.len() != meeting.activities.len() {
            errors.add(&format!("meetings[{i}].activities"), "duplicate");
        }
        words(
            errors,
            &format!("meetings[{i}].note"),
            &meeting.note,
            MAX_NOTE,
        );
    }
    words(
        errors,
        "no_meetings_reason",
        &report.no_meetings_reason,
        MAX_NOTE,
    );
    for (i, cost) in report.costs.iter().enumerate().take(MAX_COSTS) {
        words(
            errors,
            &format!("costs[{i}].description"),
            &cost.description,
            MAX_COST_TEXT,
        );
        if !(1..=MAX_COST_ORE).contains(&cost.amount_ore) {
            errors.add(&format!("costs[{i}].amount_ore"), "out_of_range");
        }
    }
}

/// A free text of the report: at most `max` characters, no control characters, and no
/// personnummer or phone number (the report is about meetings, not about the child).
fn words(errors: &mut Errors, field: &str, value: &str, max: usize) {
    text_field(errors, field, value, false, max, true);
    if crate::erasure::holds_a_number_of_a_person(value) {
        errors.add(field, "personal_number");
    }
}

fn finish(errors: Errors) -> Result<(), Vec<FieldError>> {
    if errors.0.is_empty() {
        Ok(())
    } else {
        Err(errors.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
    }

    fn month(y: i32, m: u32) -> Month {
        Month::new(y, m).expect("a valid month")
    }

    fn meeting(date: NaiveDate) -> Meeting {
        Meeting {
            date,
            minutes: 120,
            activities: vec![Activity::Outdoors, Activity::Talk],
            note: String::new(),
        }
    }

    fn codes(result: Result<(), Vec<FieldError>>) -> Vec<(String, String)> {
        result
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    fn pair(field: &str, code: &str) -> (String, String) {
        (field.into(), code.into())
    }

    const ONGOING: Period = Period {
        start: NaiveDate::from_ymd_opt(2026, 9, 15).unwrap(),
        end: None,
    };

    #[test]
    fn a_month_is_due_on_the_municipalitys_day_of_the_next_month_and_december_rolls_into_january() {
        let rules = ReportRules::new(3, 3, false).unwrap();
        assert_eq!(rules.due_date(month(2026, 11)), day(2026, 12, 3));
        assert_eq!(rules.due_date(month(2026, 12)), day(2027, 1, 3));
        assert_eq!(
            ReportRules::new(29, 3, false),
            None,
            "every month has day 28"
        );
        assert_eq!(ReportRules::new(0, 3, false), None);
        assert_eq!(ReportRules::new(5, 13, false), None);
    }

    #[test]
    fn a_late_report_is_paid_only_within_the_months_back_the_municipality_allows() {
        let rules = ReportRules::new(3, 3, false).unwrap();
        let november = month(2026, 11);
        assert!(rules.payable(november, day(2026, 12, 3)), "on the due day");
        assert!(rules.payable(november, day(2026, 12, 4)), "late, one month");
        assert!(
            rules.payable(november, day(2027, 2, 28)),
            "three months back"
        );
        assert!(
            !rules.payable(november, day(2027, 3, 1)),
            "four months back"
        );
        let strict = ReportRules::new(3, 0, false).unwrap();
        assert!(strict.payable(november, day(2026, 12, 3)));
        assert!(
            !strict.payable(november, day(2026, 12, 4)),
            "no late reports paid"
        );
        assert_eq!(months_between(month(2026, 11), month(2027, 2)), 3);
        assert_eq!(months_between(month(2027, 2), month(2026, 11)), -3);
    }

    #[test]
    fn the_months_to_report_run_from_the_start_to_today_or_the_last_day() {
        assert_eq!(
            report_months(day(2026, 9, 15), None, day(2026, 11, 2)),
            [month(2026, 9), month(2026, 10), month(2026, 11)]
        );
        assert_eq!(
            report_months(day(2026, 11, 30), Some(day(2027, 1, 1)), day(2027, 6, 1)),
            [month(2026, 11), month(2026, 12), month(2027, 1)],
            "an assignment ending on the first still reports that month"
        );
        assert_eq!(
            report_months(day(2027, 1, 10), None, day(2026, 12, 20)),
            Vec::<Month>::new(),
            "nothing before it starts"
        );
    }

    #[test]
    fn a_months_state_follows_its_report_and_the_due_day() {
        let rules = ReportRules::new(3, 3, false).unwrap();
        let november = month(2026, 11);
        assert_eq!(
            month_state(november, None, day(2026, 12, 3), &rules),
            MonthState::Open
        );
        assert_eq!(
            month_state(november, None, day(2026, 12, 4), &rules),
            MonthState::Overdue
        );
        assert_eq!(
            month_state(
                november,
                Some((ReportStatus::Draft, None)),
                day(2026, 12, 4),
                &rules
            ),
            MonthState::Overdue,
            "a draft is not sent"
        );
        let sent = Some(day(2026, 12, 2));
        assert_eq!(
            month_state(
                november,
                Some((ReportStatus::Submitted, sent)),
                day(2027, 1, 1),
                &rules
            ),
            MonthState::Submitted
        );
        assert_eq!(
            month_state(
                november,
                Some((ReportStatus::Approved, sent)),
                day(2027, 1, 1),
                &rules
            ),
            MonthState::Approved
        );
        assert_eq!(
            month_state(
                november,
                Some((ReportStatus::Approved, Some(day(2027, 3, 10)))),
                day(2027, 3, 11),
                &rules
            ),
            MonthState::TooLate
        );
    }

    #[test]
    fn a_complete_report_for_a_month_that_is_over_is_accepted() {
        let report = MonthlyReport {
            meetings: vec![meeting(day(2026, 11, 3)), meeting(day(2026, 11, 17))],
            ..MonthlyReport::default()
        };
        let rules = ReportRules::default();
        assert_eq!(
            validate_submission(
                &report,
                month(2026, 11),
                ONGOING,
                day(2026, 12, 1),
                &rules,
                true
            ),
            Ok(())
        );
        assert_eq!(meeting_minutes(&report), 240);
    }

    #[test]
    fn a_report_is_sent_only_once_its_month_is_over_or_the_assignment_has_ended() {
        let report = MonthlyReport {
            meetings: vec![meeting(day(2026, 11, 3))],
            ..MonthlyReport::default()
        };
        let rules = ReportRules::default();
        assert_eq!(
            codes(validate_submission(
                &report,
                month(2026, 11),
                ONGOING,
                day(2026, 11, 29),
                &rules,
                true
            )),
            [pair("month", "not_over")]
        );
        assert_eq!(
            validate_submission(
                &report,
                month(2026, 11),
                ONGOING,
                day(2026, 11, 30),
                &rules,
                true
            ),
            Ok(()),
            "on the month's last day"
        );
        let ended = Period {
            start: ONGOING.start,
            end: Some(day(2026, 11, 10)),
        };
        assert_eq!(
            validate_submission(
                &report,
                month(2026, 11),
                ended,
                day(2026, 11, 10),
                &rules,
                true
            ),
            Ok(()),
            "an ended assignment reports its last month at once"
        );
        assert_eq!(
            codes(validate_submission(
                &report,
                month(2026, 12),
                ONGOING,
                day(2026, 11, 30),
                &rules,
                true
            ))[0],
            pair("month", "not_begun")
        );
        assert_eq!(
            codes(validate_submission(
                &report,
                month(2026, 8),
                ONGOING,
                day(2026, 11, 30),
                &rules,
                true
            ))[0],
            pair("month", "outside_assignment")
        );
    }

    #[test]
    fn meetings_outside_the_month_or_the_assignment_are_refused_per_row() {
        let started_mid_month = Period {
            start: day(2026, 11, 15),
            end: None,
        };
        let report = MonthlyReport {
            meetings: vec![
                meeting(day(2026, 10, 31)),
                meeting(day(2026, 11, 14)),
                meeting(day(2026, 11, 20)),
                meeting(day(2026, 12, 24)),
            ],
            ..MonthlyReport::default()
        };
        let errors = codes(validate_submission(
            &report,
            month(2026, 11),
            started_mid_month,
            day(2026, 12, 1),
            &ReportRules::default(),
            true,
        ));
        assert_eq!(
            errors,
            [
                pair("meetings[0].date", "outside_month"),
                pair("meetings[1].date", "outside_assignment"),
                pair("meetings[3].date", "outside_month"),
            ]
        );
        let after_the_end = codes(validate_submission(
            &MonthlyReport {
                meetings: vec![meeting(day(2026, 11, 30))],
                ..MonthlyReport::default()
            },
            month(2026, 11),
            Period {
                start: ONGOING.start,
                end: Some(day(2026, 11, 5)),
            },
            day(2026, 11, 6),
            &ReportRules::default(),
            true,
        ));
        assert_eq!(
            after_the_end,
            [pair("meetings[0].date", "outside_assignment")]
        );
    }

    #[test]
    fn each_meeting_says_what_they_did_and_other_alone_needs_words() {
        let mut bare = meeting(day(2026, 11, 3));
        bare.activities.clear();
        let mut other = meeting(day(2026, 11, 4));
        other.activities = vec![Activity::Other];
        let mut twice = meeting(day(2026, 11, 5));
        twice.activities = vec![Activity::Sport, Activity::Sport];
        let mut odd_length = meeting(day(2026, 11, 6));
        odd_length.minutes = 45;
        let report = MonthlyReport {
            meetings: vec![bare, other, twice, odd_length],
            ..MonthlyReport::default()
        };
        let errors = codes(validate_submission(
            &report,
            month(2026, 11),
            ONGOING,
            day(2026, 12, 1),
            &ReportRules::default(),
            true,
        ));
        assert_eq!(
            errors,
            [
                pair("meetings[2].activities", "duplicate"),
                pair("meetings[3].minutes", "invalid_choice"),
                pair("meetings[0].activities", "required"),
                pair("meetings[1].note", "required"),
            ]
        );
    }

    #[test]
    fn a_month_without_meetings_says_why_and_the_report_must_be_declared_true() {
        let errors = codes(validate_submission(
            &MonthlyReport::default(),
            month(2026, 11),
            ONGOING,
            day(2026, 12, 1),
            &ReportRules::default(),
            false,
        ));
        assert_eq!(
            errors,
            [
                pair("no_meetings_reason", "required"),
                pair("declaration", "required")
            ]
        );
        let why = MonthlyReport {
            no_meetings_reason: "Hon var bortrest hela månaden.".into(),
            ..MonthlyReport::default()
        };
        assert_eq!(
            validate_submission(
                &why,
                month(2026, 11),
                ONGOING,
                day(2026, 12, 1),
                &ReportRules::default(),
                true
            ),
            Ok(())
        );
    }

    #[test]
    fn notes_hold_no_personnummer_or_phone_number_and_no_control_characters() {
        let mut numbered = meeting(day(2026, 11, 3));
        numbered.note = "Ring hennes mamma på 070-123 45 67".into();
        let mut bidi = meeting(day(2026, 11, 4));
        bidi.note = "Bio\u{202e}".into();
        let mut long = meeting(day(2026, 11, 5));
        long.note = "x".repeat(MAX_NOTE + 1);
        let report = MonthlyReport {
            meetings: vec![numbered, bidi, long],
            ..MonthlyReport::default()
        };
        assert_eq!(
            codes(validate_draft(&report)),
            [
                pair("meetings[0].note", "personal_number"),
                pair("meetings[1].note", "invalid_characters"),
                pair("meetings[2].note", "too_long"),
            ]
        );
    }

    #[test]
    fn a_draft_keeps_what_is_half_written_but_never_more_rows_than_can_be_sent() {
        let half = MonthlyReport {
            meetings: vec![Meeting {
                date: day(2026, 1, 1),
                minutes: 60,
                activities: vec![],
                note: String::new(),
            }],
            ..MonthlyReport::default()
        };
        assert_eq!(validate_draft(&half), Ok(()), "dates and activities wait");
        let many = MonthlyReport {
            meetings: vec![meeting(day(2026, 11, 3)); MAX_MEETINGS + 1],
            ..MonthlyReport::default()
        };
        assert_eq!(codes(validate_draft(&many)), [pair("meetings", "too_many")]);
    }

    #[test]
    fn a_cost_needs_its_own_receipt_when_sent_but_a_draft_may_wait_for_it() {
        let cost = |receipt: Option<&str>| ExtraCost {
            date: day(2026, 11, 8),
            description: "Bio".into(),
            amount_ore: 12_000,
            receipt: receipt.map(str::to_string),
        };
        let report = MonthlyReport {
            meetings: vec![meeting(day(2026, 11, 8))],
            costs: vec![
                cost(None),
                cost(Some(" ")),
                cost(Some("r1")),
                cost(Some("r1")),
            ],
            ..MonthlyReport::default()
        };
        assert_eq!(
            validate_draft(&report),
            Ok(()),
            "a draft keeps costs without receipts"
        );
        let allowed = ReportRules::new(3, 3, true).unwrap();
        assert_eq!(
            codes(validate_submission(
                &report,
                month(2026, 11),
                ONGOING,
                day(2026, 12, 1),
                &allowed,
                true
            )),
            [
                pair("costs[0].receipt", "required"),
                pair("costs[1].receipt", "required"),
                pair("costs[3].receipt", "duplicate"),
            ],
            "one receipt cannot prove two costs"
        );
    }

    #[test]
    fn extra_costs_need_the_municipalitys_leave_a_receipt_and_a_sane_amount() {
        let cost = |amount_ore: i64, receipt: Option<&str>| ExtraCost {
            date: day(2026, 11, 8),
            description: "Bowling, två personer".into(),
            amount_ore,
            receipt: receipt.map(str::to_string),
        };
        let report = MonthlyReport {
            meetings: vec![meeting(day(2026, 11, 8))],
            costs: vec![
                cost(24_000, Some("r1")),
                cost(0, Some("r2")),
                cost(MAX_COST_ORE + 1, Some("r3")),
                cost(5_000, None),
            ],
            ..MonthlyReport::default()
        };
        let allowed = ReportRules::new(3, 3, true).unwrap();
        assert_eq!(
            codes(validate_submission(
                &report,
                month(2026, 11),
                ONGOING,
                day(2026, 12, 1),
                &allowed,
                true
            )),
            [
                pair("costs[1].amount_ore", "out_of_range"),
                pair("costs[2].amount_ore", "out_of_range"),
                pair("costs[3].receipt", "required"),
            ]
        );
        let not_allowed = ReportRules::new(3, 3, false).unwrap();
        let one = MonthlyReport {
            costs: vec![cost(24_000, Some("r1"))],
            ..report.clone()
        };
        assert_eq!(
            codes(validate_submission(
                &one,
                month(2026, 11),
                ONGOING,
                day(2026, 12, 1),
                &not_allowed,
                true
            )),
            [pair("costs", "not_allowed")]
        );
        assert_eq!(extra_costs_total(&one), 24_000);
    }

    #[test]
    fn only_a_sent_report_is_reviewed_and_only_a_draft_or_returned_one_is_changed() {
        assert!(ReportStatus::Draft.editable());
        assert!(ReportStatus::Returned.editable());
        assert!(!ReportStatus::Submitted.editable());
        assert!(
            !ReportStatus::Approved.editable(),
            "approved reports are locked"
        );
        assert!(ReportStatus::Submitted.reviewable());
        assert!(!ReportStatus::Approved.reviewable());
        for status in [
            ReportStatus::Draft,
            ReportStatus::Submitted,
            ReportStatus::Returned,
            ReportStatus::Approved,
        ] {
            assert_eq!(
                ReportStatus::try_from(status.code().to_string()),
                Ok(status)
            );
        }
        assert!(ReportStatus::try_from("sent".to_string()).is_err());
        assert_eq!(
            codes(validate_return_comment("  ")),
            [pair("comment", "required")]
        );
        assert_eq!(
            validate_return_comment("Datumet 31 november finns inte."),
            Ok(())
        );
    }

    #[test]
    fn activities_round_trip_through_their_codes() {
        for activity in Activity::ALL {
            assert_eq!(Activity::from_code(activity.code()), Some(activity));
        }
        assert_eq!(Activity::from_code("party"), None);
    }
}
