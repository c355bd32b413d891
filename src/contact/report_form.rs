//! The month report form's typed text and its conversion to a [`MonthlyReport`]: plain values and
//! functions (native tests), which `report.rs` wires to signals. A date that is not a date or an
//! amount that is not kronor never reaches the server: it is a field error here, worded like the
//! server's.

use chrono::NaiveDate;
use kp_domain::api::FieldError;
use kp_domain::monthly_report::{Activity, ExtraCost, Meeting, MonthlyReport};

/// One meeting as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MeetingInput {
    /// `2026-10-14`.
    pub date: String,
    /// One of `DURATIONS`.
    pub minutes: u32,
    /// What they did.
    pub activities: Vec<Activity>,
    /// A few words.
    pub note: String,
}

/// One extra cost as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CostInput {
    /// `2026-10-14`.
    pub date: String,
    /// What it was.
    pub description: String,
    /// Kronor, with a decimal comma or point: `89,50`.
    pub amount: String,
    /// The uploaded receipt's id.
    pub receipt: Option<String>,
}

/// Kronor as typed (`120`, `89,50`, `1 200`, `89.5`) in öre.
pub fn parse_kronor(text: &str) -> Option<i64> {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    let (whole, fraction) = cleaned.split_once('.').unwrap_or((&cleaned, ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || whole.len() > 7 {
        return None;
    }
    if fraction.len() > 2 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let ore = format!("{fraction:0<2}").parse::<i64>().ok()?;
    Some(whole.parse::<i64>().ok()? * 100 + ore)
}

/// Öre as a form shows them: `89,50`, `120`.
pub fn kronor_text(ore: i64) -> String {
    if ore % 100 == 0 {
        (ore / 100).to_string()
    } else {
        format!("{},{:02}", ore / 100, ore % 100)
    }
}

/// The typed form as a report, or the fields that cannot be one (`meetings[0].date` /
/// `invalid_date`, `costs[0].amount_ore` / `out_of_range`).
pub fn to_report(
    meetings: &[MeetingInput],
    reason: &str,
    costs: &[CostInput],
) -> Result<MonthlyReport, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut date =
        |field: String, text: &str| match NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                errors.push(FieldError {
                    field,
                    code: "invalid_date".into(),
                });
                None
            }
        };
    let mut report = MonthlyReport {
        no_meetings_reason: reason.trim().to_string(),
        ..MonthlyReport::default()
    };
    let mut meeting_dates = Vec::new();
    for (i, m) in meetings.iter().enumerate() {
        meeting_dates.push(date(format!("meetings[{i}].date"), &m.date));
    }
    let mut cost_dates = Vec::new();
    for (i, c) in costs.iter().enumerate() {
        cost_dates.push(date(format!("costs[{i}].date"), &c.date));
    }
    for (m, d) in meetings.iter().zip(meeting_dates) {
        if let Some(date) = d {
            let mut activities = m.activities.clone();
            activities.sort();
            report.meetings.push(Meeting {
                date,
                minutes: m.minutes,
                activities,
                note: m.note.trim().to_string(),
            });
        }
    }
    for (i, (c, d)) in costs.iter().zip(cost_dates).enumerate() {
        let amount = parse_kronor(&c.amount);
        if amount.is_none() {
            errors.push(FieldError {
                field: format!("costs[{i}].amount_ore"),
                code: "out_of_range".into(),
            });
        }
        if let (Some(date), Some(amount_ore)) = (d, amount) {
            report.costs.push(ExtraCost {
                date,
                description: c.description.trim().to_string(),
                amount_ore,
                receipt: c.receipt.clone(),
            });
        }
    }
    if errors.is_empty() {
        Ok(report)
    } else {
        Err(errors)
    }
}

/// A stored report as the form shows it.
pub fn from_report(report: &MonthlyReport) -> (Vec<MeetingInput>, String, Vec<CostInput>) {
    let meetings = report
        .meetings
        .iter()
        .map(|m| MeetingInput {
            date: m.date.to_string(),
            minutes: m.minutes,
            activities: m.activities.clone(),
            note: m.note.clone(),
        })
        .collect();
    let costs = report
        .costs
        .iter()
        .map(|c| CostInput {
            date: c.date.to_string(),
            description: c.description.clone(),
            amount: kronor_text(c.amount_ore),
            receipt: c.receipt.clone(),
        })
        .collect();
    (meetings, report.no_meetings_reason.clone(), costs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kronor_are_read_with_a_comma_or_a_point_and_spaces_and_nothing_else() {
        assert_eq!(parse_kronor("120"), Some(12_000));
        assert_eq!(parse_kronor("89,50"), Some(8_950));
        assert_eq!(parse_kronor("89.5"), Some(8_950));
        assert_eq!(parse_kronor("1 200"), Some(120_000));
        for bad in ["", "abc", "12,345", "-5", "1e3", ","] {
            assert_eq!(parse_kronor(bad), None, "{bad}");
        }
        assert_eq!(kronor_text(8_950), "89,50");
        assert_eq!(kronor_text(12_000), "120");
    }

    #[test]
    fn a_typed_report_round_trips_and_a_bad_date_or_amount_is_a_field_error() {
        let meetings = vec![MeetingInput {
            date: "2026-10-03".into(),
            minutes: 120,
            activities: vec![Activity::Talk, Activity::Outdoors],
            note: " Promenad ".into(),
        }];
        let report = to_report(&meetings, "", &[]).unwrap();
        assert_eq!(report.meetings[0].note, "Promenad");
        assert_eq!(
            report.meetings[0].activities,
            [Activity::Talk, Activity::Outdoors]
        );
        let (back, _, _) = from_report(&report);
        assert_eq!(back[0].date, "2026-10-03");
        let bad = vec![MeetingInput {
            date: "3 okt".into(),
            ..meetings[0].clone()
        }];
        let costs = vec![CostInput {
            date: "2026-10-04".into(),
            amount: "mycket".into(),
            ..CostInput::default()
        }];
        let errors = to_report(&bad, "", &costs).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["meetings[0].date", "costs[0].amount_ore"]);
    }
}
