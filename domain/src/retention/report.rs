//! What the retention screen and the operators' command show: holds, gallring records and the
//! preview of what falls due.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Category, RetentionRule, Unit};
use crate::api::FieldError;

/// The longest reason a hold keeps.
pub const HOLD_REASON_MAX_CHARS: usize = 500;

/// A hold: a record kept past its period (a complaint, a JO case, an appeal) until released.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hold {
    /// Its id.
    pub id: i64,
    /// The applicant it holds (`KP-2026-0042`), with their assignments.
    pub reference: String,
    /// Why.
    pub reason: String,
    /// When it was placed (RFC 3339).
    pub placed_at: String,
    /// Who placed it (their name at the time).
    pub placed_by: String,
    /// When it was released (RFC 3339); `None` while it holds.
    pub released_at: Option<String>,
    /// Who released it.
    pub released_by: Option<String>,
}

/// A new hold, as the screen sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoldForm {
    /// The applicant's reference, as typed (`kp-2026-42` is read as `KP-2026-0042`).
    pub reference: String,
    /// Why.
    pub reason: String,
}

/// A reference as stored (`KP-2026-0042`) from how someone typed it: case and spaces ignored,
/// the number padded to four digits.
pub fn normalise_reference(typed: &str) -> Option<String> {
    let cleaned: String = typed
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    let mut parts = cleaned.split('-');
    let (Some("KP"), Some(year), Some(number), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if year.len() != 4 || !digits(year) || !digits(number) || number.len() > 6 {
        return None;
    }
    let number: u32 = number.parse().ok()?;
    (number > 0).then(|| format!("KP-{year}-{number:04}"))
}

/// Checks a new hold: a reference that reads as one (`reference`: `required`, `format`) and a
/// reason (`reason`: `required`, `too_long`). Answers the reference as stored and the reason,
/// trimmed.
pub fn validate_hold(form: &HoldForm) -> Result<(String, String), Vec<FieldError>> {
    let mut errors = Vec::new();
    let reference = if form.reference.trim().is_empty() {
        errors.push(field("reference", "required"));
        None
    } else {
        let found = normalise_reference(&form.reference);
        if found.is_none() {
            errors.push(field("reference", "format"));
        }
        found
    };
    let reason = form.reason.trim();
    if reason.is_empty() {
        errors.push(field("reason", "required"));
    } else if reason.chars().count() > HOLD_REASON_MAX_CHARS {
        errors.push(field("reason", "too_long"));
    }
    match reference {
        Some(reference) if errors.is_empty() => Ok((reference, reason.to_string())),
        _ => Err(errors),
    }
}

fn field(name: &str, code: &str) -> FieldError {
    FieldError {
        field: name.into(),
        code: code.into(),
    }
}

/// What started a gallring run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StartedBy {
    /// The daily job.
    Schedule,
    /// An operator's `kp-server retention` command.
    Command,
}

impl StartedBy {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            StartedBy::Schedule => "schedule",
            StartedBy::Command => "command",
        }
    }

    /// Parses a stored code.
    pub fn from_code(code: &str) -> Option<StartedBy> {
        [StartedBy::Schedule, StartedBy::Command]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// A gallring record: what one run removed of one category, by which rule. It holds no personal
/// data: no reference, no name, only counts and the rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GallringRecord {
    /// Its id.
    pub id: i64,
    /// When the run removed them (RFC 3339).
    pub at: String,
    /// The day the rules were applied for.
    pub as_of: NaiveDate,
    /// What was removed.
    pub category: Category,
    /// How many records.
    pub removed: i64,
    /// The rule's period then.
    pub amount: u32,
    /// Its unit.
    pub unit: Unit,
    /// The decision the rule rested on then.
    pub decision: String,
    /// The daily job or an operator's command.
    pub started_by: StartedBy,
}

/// One record in the preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewItem {
    /// An applicant's reference (`KP-2026-0042`), or an assignment's need (`B-2026-0007`).
    pub reference: String,
    /// The assignment's id, for an ended assignment.
    pub assignment_id: Option<i64>,
    /// The day it is due.
    pub due: NaiveDate,
    /// Whether a hold keeps it.
    pub held: bool,
}

/// One category in the preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewCategory {
    /// The rule in force.
    pub rule: RetentionRule,
    /// How many records will be removed by the preview's last day (held ones not counted).
    pub count: i64,
    /// The people's records among them, and the held ones, by due day (empty for sessions, mails,
    /// attempts and the log, which are counted only).
    pub items: Vec<PreviewItem>,
}

/// What falls due from `as_of` to `until`, per category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preview {
    /// The first day (today, or the command's `--as-of`).
    pub as_of: NaiveDate,
    /// The last day looked at.
    pub until: NaiveDate,
    /// Every category, in [`Category::ALL`]'s order.
    pub categories: Vec<PreviewCategory>,
}

/// The retention screen's data: the rules, the holds and the latest gallring records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionOverview {
    /// Every category's rule.
    pub rules: Vec<RetentionRule>,
    /// Holds, those in force first, then the released, newest first.
    pub holds: Vec<Hold>,
    /// Gallring records, newest first.
    pub records: Vec<GallringRecord>,
}
