//! Which months a payment basis pays: only months with an approved monthly report, within the
//! municipality's rule for late reports, each approved report in exactly one month's basis.
//!
//! The payment basis of a month M is what payroll receives during the month after M, once M's
//! reports are sent (by the due day) and reviewed. So:
//! - M's own line is paid in M's basis when M's report is approved by the end of the month after
//!   M (the month the basis goes to payroll);
//! - a report approved later than that (October's report approved in December) is paid in the
//!   basis of the month it was approved in (December's), as a line of its own that names its
//!   month. M's basis was sent to payroll before that approval, so it stays as it was, and every
//!   approved report is paid once and only once;
//! - a report first sent after its due day is paid only if it came within `late_months` months
//!   ([`ReportRules::payable`]), wherever it would be paid.
//!
//! Once the month after M is over, nothing can change M's basis: its own reports' approvals and
//! the late approvals it carries (made during M) all lie in the past, and approved reports are
//! locked.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Month;
use crate::monthly_report::{ReportRules, ReportStatus};

/// What a payment basis needs to know of one month's report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportFacts {
    /// The month it reports.
    pub month: Month,
    /// Where it is.
    pub status: ReportStatus,
    /// The Swedish day it was first sent (kept through returns).
    pub first_sent: Option<NaiveDate>,
    /// The Swedish day it was approved, once approved.
    pub approved_on: Option<NaiveDate>,
    /// Its extra costs, in öre ([`crate::monthly_report::extra_costs_total`]).
    pub extra_costs_ore: i64,
}

/// Why a month of an assignment is not paid in a payment basis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingReason {
    /// No report sent (none, or only a draft).
    NotSent,
    /// Sent, waiting for the caseworker's review.
    WaitingForReview,
    /// Returned to the contact person, not yet sent again.
    Returned,
    /// Approved, but first sent later than the late-report rule allows: never paid.
    TooLate,
    /// Approved after the month following it: paid in the basis of the month it was approved in.
    PaidLater,
}

/// What a basis does with one month of one assignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonthPayment {
    /// Paid here, with the approved report's extra costs (öre).
    Paid {
        /// The approved extra costs, in öre.
        extra_costs_ore: i64,
    },
    /// Not paid here.
    Missing {
        /// Why.
        reason: MissingReason,
        /// For [`MissingReason::PaidLater`]: the month whose basis pays it.
        paid_in: Option<Month>,
    },
}

/// The month whose payment basis pays `month`'s report approved on `approved_on`: its own month
/// when approved by the end of the month after it, else the month it was approved in.
pub fn paid_in(month: Month, approved_on: NaiveDate) -> Month {
    let approved = Month::of(approved_on);
    if approved <= month.next() {
        month
    } else {
        approved
    }
}

/// Whether an approved report is paid at all: first sent within the late-report rule. A report
/// approved without a recorded first sending (none are) counts from its approval.
fn within_rule(report: &ReportFacts, rules: &ReportRules) -> bool {
    report
        .first_sent
        .or(report.approved_on)
        .is_some_and(|sent| rules.payable(report.month, sent))
}

/// What `month`'s payment basis does with an assignment's own `month`, given that month's report
/// (if any was saved).
pub fn own_month(month: Month, report: Option<&ReportFacts>, rules: &ReportRules) -> MonthPayment {
    let missing = |reason| MonthPayment::Missing {
        reason,
        paid_in: None,
    };
    let Some(report) = report.filter(|r| r.month == month) else {
        return missing(MissingReason::NotSent);
    };
    match report.status {
        ReportStatus::Draft => missing(MissingReason::NotSent),
        ReportStatus::Submitted => missing(MissingReason::WaitingForReview),
        ReportStatus::Returned => missing(MissingReason::Returned),
        ReportStatus::Approved if !within_rule(report, rules) => missing(MissingReason::TooLate),
        ReportStatus::Approved => match report.approved_on.map(|on| paid_in(month, on)) {
            Some(later) if later != month => MonthPayment::Missing {
                reason: MissingReason::PaidLater,
                paid_in: Some(later),
            },
            _ => MonthPayment::Paid {
                extra_costs_ore: report.extra_costs_ore,
            },
        },
    }
}

/// Whether `basis`'s payment basis pays `report`, of an earlier month, as a late line: approved
/// during `basis`, more than a month after its own month, and within the late-report rule. Its
/// extra costs (öre) when it does.
pub fn paid_late_in(basis: Month, report: &ReportFacts, rules: &ReportRules) -> Option<i64> {
    let approved_on = report.approved_on?;
    (report.status == ReportStatus::Approved
        && report.month < basis
        && paid_in(report.month, approved_on) == basis
        && within_rule(report, rules))
    .then_some(report.extra_costs_ore)
}

/// The late-report rule in words, as the payment basis shows it: "Rapporter som kommer in sent
/// betalas högst 3 månader bakåt."
pub fn late_rule_text(late_months: u32) -> String {
    match late_months {
        0 => "Rapporter som kommer in sent betalas inte.".to_string(),
        1 => "Rapporter som kommer in sent betalas högst 1 månad bakåt.".to_string(),
        n => format!("Rapporter som kommer in sent betalas högst {n} månader bakåt."),
    }
}

/// Öre as kronor with a decimal comma and two decimals, for the CSV: `150,50`, `-3,05`, `0,00`.
pub fn ore_with_decimal_comma(ore: i64) -> String {
    let sign = if ore < 0 { "-" } else { "" };
    let ore = ore.unsigned_abs();
    format!("{sign}{},{:02}", ore / 100, ore % 100)
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

    /// Luleå's rule: due by the 5th, paid at most three months back.
    fn rules() -> ReportRules {
        ReportRules::new(5, 3, true).unwrap()
    }

    fn approved(of: Month, sent: NaiveDate, approved: NaiveDate, costs: i64) -> ReportFacts {
        ReportFacts {
            month: of,
            status: ReportStatus::Approved,
            first_sent: Some(sent),
            approved_on: Some(approved),
            extra_costs_ore: costs,
        }
    }

    fn missing(reason: MissingReason) -> MonthPayment {
        MonthPayment::Missing {
            reason,
            paid_in: None,
        }
    }

    #[test]
    fn an_approved_report_pays_its_month_with_its_extra_costs_apart() {
        let november = month(2026, 11);
        let report = approved(november, day(2026, 12, 2), day(2026, 12, 8), 24_550);
        assert_eq!(
            own_month(november, Some(&report), &rules()),
            MonthPayment::Paid {
                extra_costs_ore: 24_550
            }
        );
        assert_eq!(
            paid_late_in(november, &report, &rules()),
            None,
            "its own line, not a late one"
        );
        assert_eq!(
            paid_late_in(month(2026, 12), &report, &rules()),
            None,
            "paid once"
        );
    }

    #[test]
    fn a_month_without_an_approved_report_is_missing_and_says_why() {
        let november = month(2026, 11);
        let with = |status| ReportFacts {
            month: november,
            status,
            first_sent: (status != ReportStatus::Draft).then(|| day(2026, 12, 2)),
            approved_on: None,
            extra_costs_ore: 5_000,
        };
        let cases = [
            (None, MissingReason::NotSent, "nothing saved"),
            (
                Some(with(ReportStatus::Draft)),
                MissingReason::NotSent,
                "a draft is not sent",
            ),
            (
                Some(with(ReportStatus::Submitted)),
                MissingReason::WaitingForReview,
                "sent, not reviewed",
            ),
            (
                Some(with(ReportStatus::Returned)),
                MissingReason::Returned,
                "returned with a comment",
            ),
        ];
        for (report, reason, why) in cases {
            assert_eq!(
                own_month(november, report.as_ref(), &rules()),
                missing(reason),
                "{why}"
            );
        }
        let october = approved(month(2026, 10), day(2026, 11, 2), day(2026, 11, 3), 0);
        assert_eq!(
            own_month(november, Some(&october), &rules()),
            missing(MissingReason::NotSent),
            "another month's report does not pay this one"
        );
    }

    #[test]
    fn a_report_approved_by_the_end_of_the_next_month_is_paid_in_its_own_months_basis() {
        let november = month(2026, 11);
        for (approved_on, why) in [
            (day(2026, 12, 1), "the first day of the next month"),
            (day(2026, 12, 31), "the last day of the next month"),
            (
                day(2026, 11, 30),
                "an ended assignment reported in its own month",
            ),
        ] {
            assert_eq!(paid_in(november, approved_on), november, "{why}");
        }
        assert_eq!(paid_in(month(2026, 12), day(2027, 1, 31)), month(2026, 12));
        assert_eq!(
            paid_in(month(2026, 12), day(2027, 2, 1)),
            month(2027, 2),
            "December approved in February: the year turns"
        );
    }

    #[test]
    fn october_approved_in_december_is_paid_once_in_decembers_basis_as_a_late_line() {
        let october = month(2026, 10);
        let report = approved(october, day(2026, 11, 20), day(2026, 12, 10), 9_900);
        assert_eq!(paid_in(october, day(2026, 12, 10)), month(2026, 12));
        assert_eq!(
            own_month(october, Some(&report), &rules()),
            MonthPayment::Missing {
                reason: MissingReason::PaidLater,
                paid_in: Some(month(2026, 12)),
            },
            "October's basis went to payroll in November and stays as it was"
        );
        let paid: Vec<Month> = [
            month(2026, 10),
            month(2026, 11),
            month(2026, 12),
            month(2027, 1),
        ]
        .into_iter()
        .filter(|basis| paid_late_in(*basis, &report, &rules()).is_some())
        .collect();
        assert_eq!(paid, [month(2026, 12)], "in exactly one basis");
        assert_eq!(
            paid_late_in(month(2026, 12), &report, &rules()),
            Some(9_900)
        );
    }

    #[test]
    fn a_late_report_is_paid_only_within_the_months_back_the_rule_allows() {
        let november = month(2026, 11);
        // Due 5 December. Three months back: sent in February is paid, in March is not.
        let cases = [
            (day(2026, 12, 5), true, "on the due day"),
            (day(2026, 12, 6), true, "late, the next month"),
            (day(2027, 2, 28), true, "three months after"),
            (day(2027, 3, 1), false, "four months after"),
        ];
        for (sent, paid, why) in cases {
            let report = approved(november, sent, sent, 0);
            let basis = paid_in(november, sent);
            let payment = if basis == november {
                own_month(november, Some(&report), &rules())
            } else {
                match paid_late_in(basis, &report, &rules()) {
                    Some(extra_costs_ore) => MonthPayment::Paid { extra_costs_ore },
                    None => own_month(november, Some(&report), &rules()),
                }
            };
            let expected = if paid {
                MonthPayment::Paid { extra_costs_ore: 0 }
            } else {
                missing(MissingReason::TooLate)
            };
            assert_eq!(payment, expected, "{why}");
        }
        let strict = ReportRules::new(5, 0, false).unwrap();
        let late = approved(november, day(2026, 12, 6), day(2026, 12, 7), 0);
        assert_eq!(
            own_month(november, Some(&late), &strict),
            missing(MissingReason::TooLate),
            "with 0 months back a report after its due day is never paid"
        );
    }

    #[test]
    fn a_returned_report_sent_again_late_keeps_its_first_sending_for_the_rule() {
        let november = month(2026, 11);
        // First sent on time, returned, approved in April: paid, in April's basis.
        let report = approved(november, day(2026, 12, 3), day(2027, 4, 2), 0);
        assert_eq!(paid_late_in(month(2027, 4), &report, &rules()), Some(0));
    }

    #[test]
    fn an_assignment_from_mid_month_to_mid_month_is_paid_pro_rata_for_each_approved_month_only() {
        use super::super::{month_amounts, LevelPeriod, Rate};
        use crate::monthly_report::report_months;
        let (start, end) = (day(2026, 11, 16), day(2027, 1, 10));
        let months = report_months(start, Some(end), day(2027, 3, 1));
        assert_eq!(
            months,
            [month(2026, 11), month(2026, 12), month(2027, 1)],
            "each month the assignment touches is reported, the first and the last too"
        );
        let level = [LevelPeriod {
            from: start,
            arvode: Rate::FixedMonthly { kronor: 3_000 },
            omkostnad: Rate::FixedMonthly { kronor: 900 },
        }];
        let approved_in_time = |m: Month| {
            approved(
                m,
                m.next().first_day(),
                m.next().first_day().succ_opt().unwrap(),
                0,
            )
        };
        // November and January approved, December never sent.
        let paid: Vec<(Month, u32, i64)> = months
            .iter()
            .filter_map(|&m| {
                let report = (m != month(2026, 12)).then(|| approved_in_time(m));
                match own_month(m, report.as_ref(), &rules()) {
                    MonthPayment::Paid { .. } => {
                        let amounts = month_amounts(m, start, Some(end), &level, |_| None)
                            .unwrap()
                            .unwrap();
                        Some((m, amounts.days_covered, amounts.arvode))
                    }
                    MonthPayment::Missing { reason, .. } => {
                        assert_eq!(reason, MissingReason::NotSent, "{m}");
                        None
                    }
                }
            })
            .collect();
        assert_eq!(
            paid,
            [(month(2026, 11), 15, 1_500), (month(2027, 1), 10, 968)],
            "15 of 30 days of November, 10 of 31 of January; December unpaid"
        );
    }

    #[test]
    fn the_late_rule_reads_as_a_sentence() {
        assert_eq!(
            late_rule_text(3),
            "Rapporter som kommer in sent betalas högst 3 månader bakåt."
        );
        assert_eq!(
            late_rule_text(1),
            "Rapporter som kommer in sent betalas högst 1 månad bakåt."
        );
        assert_eq!(
            late_rule_text(0),
            "Rapporter som kommer in sent betalas inte."
        );
    }

    #[test]
    fn ore_are_written_as_kronor_with_a_decimal_comma() {
        assert_eq!(ore_with_decimal_comma(0), "0,00");
        assert_eq!(ore_with_decimal_comma(5), "0,05");
        assert_eq!(ore_with_decimal_comma(24_550), "245,50");
        assert_eq!(ore_with_decimal_comma(-305), "-3,05");
    }
}
