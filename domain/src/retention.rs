//! Retention (gallring): how long each kind of record is kept, as rules an administrator edits,
//! and when a record falls due for removal.
//!
//! A rule is a [`Category`], a period and the decision it rests on ("Socialnämndens
//! dokumenthanteringsplan, beslut 2026-03-01 § 12"). Periods are counted as Swedish law counts
//! time in months and years (lag (1930:173) om beräkning av lagstadgad tid): a period ends on the
//! day with the same number as the day it started from, or on the last day of the month when that
//! month has no such day (31 January + 1 month = 28 or 29 February; 29 February + 1 year = 28
//! February). A record is due on the day its period ends, unless a [hold](Standing::Held) stops it.
//!
//! The wire types of the screen and the command (holds, gallring records, the preview) are in
//! [`report`].

use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::api::FieldError;

pub mod report;
pub mod words;

/// How many days ahead the preview looks.
pub const PREVIEW_DAYS: u64 = 30;

/// The longest decision text a rule keeps.
pub const DECISION_MAX_CHARS: usize = 300;

/// What a retention rule is for. Each record the system keeps falls under at most one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Applications that never led to an approval: not approved, withdrawn, or never taken to a
    /// decision (a person never reached). Counted from the application's last event.
    Applications,
    /// Approved contact persons with no assignment, or whose assignments have all ended. Counted
    /// from their last activity; never removed before the assignments that name them.
    ContactPersons,
    /// Ended assignments with their need, plan, follow-ups and changes of terms. Counted from
    /// the assignment's last day.
    EndedAssignments,
    /// Ended sign-in sessions (who, from which address and browser, when).
    Sessions,
    /// Counted attempts (`rate_events`): the sign-in throttles, and the limits on new
    /// applications and on sign-ins started at the identity provider.
    SignInThrottles,
    /// Mails in the outbox that were sent, or given up on.
    SentMails,
    /// The access log, from its oldest end.
    AccessLog,
}

/// The unit a category's period is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Calendar days.
    Days,
    /// Calendar months.
    Months,
    /// Calendar years.
    Years,
}

impl Unit {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Unit::Days => "days",
            Unit::Months => "months",
            Unit::Years => "years",
        }
    }

    /// Parses a stored code.
    pub fn from_code(code: &str) -> Option<Unit> {
        [Unit::Days, Unit::Months, Unit::Years]
            .into_iter()
            .find(|u| u.code() == code)
    }
}

impl Category {
    /// Every category, in the order the screen and the command show them.
    pub const ALL: [Category; 7] = [
        Category::Applications,
        Category::ContactPersons,
        Category::EndedAssignments,
        Category::Sessions,
        Category::SignInThrottles,
        Category::SentMails,
        Category::AccessLog,
    ];

    /// The stable code stored in the database and used in the API's paths.
    pub fn code(self) -> &'static str {
        match self {
            Category::Applications => "applications",
            Category::ContactPersons => "contact_persons",
            Category::EndedAssignments => "ended_assignments",
            Category::Sessions => "sessions",
            Category::SignInThrottles => "sign_in_throttles",
            Category::SentMails => "sent_mails",
            Category::AccessLog => "access_log",
        }
    }

    /// Parses a stored code.
    pub fn from_code(code: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.code() == code)
    }

    /// The category's name in Swedish.
    pub fn swedish(self) -> &'static str {
        match self {
            Category::Applications => "Ansökningar som inte ledde till godkännande",
            Category::ContactPersons => "Godkända kontaktpersoner utan pågående uppdrag",
            Category::EndedAssignments => "Avslutade uppdrag med planer och uppföljningar",
            Category::Sessions => "Avslutade inloggningar",
            Category::SignInThrottles => "Räknade försök (inloggningar och anmälningar)",
            Category::SentMails => "Skickade e-postmeddelanden i utkorgen",
            Category::AccessLog => "Åtkomstloggen",
        }
    }

    /// The unit its period is counted in.
    pub fn unit(self) -> Unit {
        match self {
            Category::Applications | Category::ContactPersons => Unit::Months,
            Category::EndedAssignments | Category::AccessLog => Unit::Years,
            Category::Sessions | Category::SignInThrottles | Category::SentMails => Unit::Days,
        }
    }

    /// The shortest and longest period a rule may set. Counted attempts are kept at least two
    /// days: the longest throttle window is a day, and a day-counted period of one would remove
    /// yesterday's late attempts minutes after midnight.
    pub fn bounds(self) -> (u32, u32) {
        match self {
            Category::Applications | Category::ContactPersons => (1, 120),
            Category::EndedAssignments | Category::AccessLog => (1, 50),
            Category::Sessions | Category::SentMails => (1, 365),
            Category::SignInThrottles => (2, 30),
        }
    }

    /// Whether records of this category are people's records that a hold can stop.
    pub fn can_be_held(self) -> bool {
        matches!(
            self,
            Category::Applications | Category::ContactPersons | Category::EndedAssignments
        )
    }

    /// The rule in force until an administrator records the municipality's own decision. The
    /// two-year periods are what the privacy notice promises ("två år efter vår senaste kontakt
    /// med dig"); the others are starting points for the information management plan.
    pub fn default_rule(self) -> RetentionRule {
        let (amount, decision) = match self {
            Category::Applications | Category::ContactPersons => (
                24,
                "Integritetspolicyn: två år efter senaste kontakt. Inget nämndbeslut registrerat.",
            ),
            Category::EndedAssignments => (5, "Förslag i systemet. Inget nämndbeslut registrerat."),
            Category::Sessions => (90, "Förslag i systemet. Inget nämndbeslut registrerat."),
            Category::SignInThrottles => (2, "Förslag i systemet. Inget nämndbeslut registrerat."),
            Category::SentMails => (30, "Förslag i systemet. Inget nämndbeslut registrerat."),
            Category::AccessLog => (5, "Förslag i systemet. Inget nämndbeslut registrerat."),
        };
        RetentionRule {
            category: self,
            amount,
            decision: decision.to_string(),
            changed_at: None,
            changed_by: None,
        }
    }
}

/// A length of time in a category's unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// How many units.
    pub amount: u32,
    /// Which unit.
    pub unit: Unit,
}

impl Period {
    /// The day the period that starts on `start` ends (month ends and leap days as the module
    /// says). Saturates at the last representable date.
    pub fn after(self, start: NaiveDate) -> NaiveDate {
        let end = match self.unit {
            Unit::Days => start.checked_add_days(Days::new(u64::from(self.amount))),
            Unit::Months => start.checked_add_months(Months::new(self.amount)),
            Unit::Years => start.checked_add_months(Months::new(self.amount.saturating_mul(12))),
        };
        end.unwrap_or(NaiveDate::MAX)
    }

    /// The latest start whose period has ended on `as_of`: everything that started on or before
    /// it is due. (The inverse of [`Period::after`], which is not one-to-one at month ends:
    /// 29, 30 and 31 January + 1 month all end on 28 February 2026.)
    pub fn latest_start_due(self, as_of: NaiveDate) -> NaiveDate {
        let back = match self.unit {
            Unit::Days => as_of.checked_sub_days(Days::new(u64::from(self.amount))),
            Unit::Months => as_of.checked_sub_months(Months::new(self.amount)),
            Unit::Years => as_of.checked_sub_months(Months::new(self.amount.saturating_mul(12))),
        };
        let mut start = back.unwrap_or(NaiveDate::MIN);
        while start > NaiveDate::MIN && self.after(start) > as_of {
            start = start.pred_opt().unwrap_or(NaiveDate::MIN);
        }
        while let Some(next) = start.succ_opt() {
            if self.after(next) > as_of {
                break;
            }
            start = next;
        }
        start
    }

    /// In Swedish: "24 månader", "1 år", "90 dagar".
    pub fn swedish(self) -> String {
        let word = match (self.unit, self.amount == 1) {
            (Unit::Days, true) => "dag",
            (Unit::Days, false) => "dagar",
            (Unit::Months, true) => "månad",
            (Unit::Months, false) => "månader",
            (Unit::Years, _) => "år",
        };
        format!("{} {word}", self.amount)
    }
}

/// One category's rule: its period and the decision it rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionRule {
    /// What it is for.
    pub category: Category,
    /// The period, in the category's unit.
    pub amount: u32,
    /// The decision it rests on.
    pub decision: String,
    /// When an administrator last changed it (RFC 3339); `None`: the default.
    pub changed_at: Option<String>,
    /// Who changed it (their name at the time).
    pub changed_by: Option<String>,
}

impl RetentionRule {
    /// The rule's period.
    pub fn period(&self) -> Period {
        Period {
            amount: self.amount,
            unit: self.category.unit(),
        }
    }
}

/// The rules in force: one per category, the default where none is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSet(Vec<RetentionRule>);

impl RuleSet {
    /// `stored` completed with the default of each category it lacks, in [`Category::ALL`]'s
    /// order.
    pub fn from_stored(stored: Vec<RetentionRule>) -> RuleSet {
        RuleSet(
            Category::ALL
                .into_iter()
                .map(|c| {
                    stored
                        .iter()
                        .find(|r| r.category == c)
                        .cloned()
                        .unwrap_or_else(|| c.default_rule())
                })
                .collect(),
        )
    }

    /// The defaults alone.
    pub fn defaults() -> RuleSet {
        RuleSet::from_stored(Vec::new())
    }

    /// One category's rule.
    pub fn rule(&self, category: Category) -> &RetentionRule {
        self.0
            .iter()
            .find(|r| r.category == category)
            .expect("from_stored holds every category")
    }

    /// One category's period.
    pub fn period(&self, category: Category) -> Period {
        self.rule(category).period()
    }

    /// Every rule, in [`Category::ALL`]'s order.
    pub fn rules(&self) -> &[RetentionRule] {
        &self.0
    }
}

/// An administrator's change of a rule, as the screen sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleForm {
    /// The period, in the category's unit.
    pub amount: i64,
    /// The decision it rests on.
    pub decision: String,
}

/// A checked change: the period and the trimmed decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidRule {
    /// The period, within the category's bounds.
    pub amount: u32,
    /// The decision, trimmed, not empty.
    pub decision: String,
}

/// Checks a change of `category`'s rule: the period within [`Category::bounds`] (`amount`:
/// `out_of_range`), a decision (`decision`: `required`, `too_long`).
pub fn validate_rule(category: Category, form: &RuleForm) -> Result<ValidRule, Vec<FieldError>> {
    let mut errors = Vec::new();
    let (low, high) = category.bounds();
    let amount = u32::try_from(form.amount)
        .ok()
        .filter(|a| (low..=high).contains(a));
    if amount.is_none() {
        errors.push(field("amount", "out_of_range"));
    }
    let decision = form.decision.trim();
    if decision.is_empty() {
        errors.push(field("decision", "required"));
    } else if decision.chars().count() > DECISION_MAX_CHARS {
        errors.push(field("decision", "too_long"));
    }
    match amount {
        Some(amount) if errors.is_empty() => Ok(ValidRule {
            amount,
            decision: decision.to_string(),
        }),
        _ => Err(errors),
    }
}

fn field(name: &str, code: &str) -> FieldError {
    FieldError {
        field: name.into(),
        code: code.into(),
    }
}

/// What the rules need to know about one application (one applicant), in Swedish dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicantFacts {
    /// Whether the applicant was approved as a contact person.
    pub approved: bool,
    /// The application's last event: arrival, a step, a note, a change of stage.
    pub last_activity: NaiveDate,
    /// How many assignments they have had (ended or not).
    pub assignments: u32,
    /// How many of those are still going on.
    pub ongoing: u32,
    /// The last day of their latest ended assignment.
    pub last_assignment_end: Option<NaiveDate>,
    /// The latest day any of their assignments was active (its last day, a follow-up, a change
    /// of terms), those already removed included.
    pub last_assignment_activity: Option<NaiveDate>,
}

/// Which category an applicant falls under and the day they are due; `None` while an assignment
/// of theirs is going on.
///
/// Someone never approved and never assigned is an application (its period from the last
/// event). Anyone else is a contact person: their period runs from their last activity in the
/// application or an assignment, and they are never due before their latest kept assignment is
/// (an assignment names its contact person, so the person is kept as long as it is).
pub fn applicant_due(rules: &RuleSet, facts: &ApplicantFacts) -> Option<(Category, NaiveDate)> {
    if facts.ongoing > 0 {
        return None;
    }
    let ever_assigned = facts.assignments > 0 || facts.last_assignment_activity.is_some();
    if !facts.approved && !ever_assigned {
        let period = rules.period(Category::Applications);
        return Some((Category::Applications, period.after(facts.last_activity)));
    }
    let last = [
        Some(facts.last_activity),
        facts.last_assignment_end,
        facts.last_assignment_activity,
    ]
    .into_iter()
    .flatten()
    .max()
    .unwrap_or(facts.last_activity);
    let own = rules.period(Category::ContactPersons).after(last);
    let assignments = facts
        .last_assignment_end
        .filter(|_| facts.assignments > 0)
        .map(|end| assignment_due(rules, end));
    Some((
        Category::ContactPersons,
        assignments.map_or(own, |a| a.max(own)),
    ))
}

/// The day an assignment that ended on `last_day` is due.
pub fn assignment_due(rules: &RuleSet, last_day: NaiveDate) -> NaiveDate {
    rules.period(Category::EndedAssignments).after(last_day)
}

/// Where a record stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Its period has ended: the job removes it.
    Due,
    /// Its period has ended or will, but a hold stops its removal until released.
    Held,
    /// Its period has not ended.
    NotYet,
}

/// Where a record due on `due` stands on `as_of`. A hold counts whether or not the record is due
/// yet, so the preview shows what a hold is keeping.
pub fn standing(due: NaiveDate, held: bool, as_of: NaiveDate) -> Standing {
    if due > as_of {
        Standing::NotYet
    } else if held {
        Standing::Held
    } else {
        Standing::Due
    }
}

/// The last day the preview looks at from `today`.
pub fn preview_until(today: NaiveDate) -> NaiveDate {
    today
        .checked_add_days(Days::new(PREVIEW_DAYS))
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests;
