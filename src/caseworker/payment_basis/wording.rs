//! The payment basis screen's words: why a month is not paid, the late-report rule, extra costs
//! in kronor and öre. Plain functions with native tests.

use kp_domain::compensation::report_payment::MissingReason;
use kp_domain::compensation::Month;
use kp_domain::i18n::format_number;
use kp_domain::Locale;

use super::super::placement_text::month_name;

/// Why a month is not paid, as a caseworker reads it.
pub fn missing_reason(reason: MissingReason, paid_in: Option<Month>) -> String {
    match reason {
        MissingReason::NotSent => "Ingen rapport inskickad".to_string(),
        MissingReason::WaitingForReview => "Skickad, väntar på granskning".to_string(),
        MissingReason::Returned => "Skickad tillbaka till kontaktpersonen".to_string(),
        MissingReason::TooLate => {
            "Kom in för sent: betalas inte enligt regeln för sena rapporter".to_string()
        }
        MissingReason::PaidLater => match paid_in {
            Some(month) => format!(
                "Godkänd sent: betalas i underlaget för {}",
                month_name(month)
            ),
            None => "Godkänd sent: betalas i en senare månads underlag".to_string(),
        },
    }
}

/// An amount in öre as the screen shows money: `245,50 kr`, or `0 kr` and `1 200 kr` when whole.
pub fn ore_text(ore: i64) -> String {
    let whole = format_number(Locale::Sv, ore / 100);
    // Under one krona the whole part is 0, which carries no sign of its own.
    let sign = if ore < 0 && ore / 100 == 0 { "-" } else { "" };
    match (ore % 100).abs() {
        0 => format!("{sign}{whole}\u{a0}kr"),
        rest => format!("{sign}{whole},{rest:02}\u{a0}kr"),
    }
}

/// "1 månad betalas inte i detta underlag.", "2 månader betalas inte i detta underlag."
pub fn missing_count(count: usize) -> String {
    match count {
        1 => "1 månad betalas inte i detta underlag.".to_string(),
        n => format!("{n} månader betalas inte i detta underlag."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_reason_says_why_a_month_is_not_paid() {
        assert_eq!(
            missing_reason(MissingReason::NotSent, None),
            "Ingen rapport inskickad"
        );
        assert_eq!(
            missing_reason(MissingReason::WaitingForReview, None),
            "Skickad, väntar på granskning"
        );
        assert_eq!(
            missing_reason(MissingReason::Returned, None),
            "Skickad tillbaka till kontaktpersonen"
        );
        assert!(missing_reason(MissingReason::TooLate, None).contains("för sent"));
        assert_eq!(
            missing_reason(MissingReason::PaidLater, Month::new(2026, 12)),
            "Godkänd sent: betalas i underlaget för december 2026"
        );
    }

    #[test]
    fn extra_costs_show_kronor_and_ore() {
        assert_eq!(ore_text(0), "0\u{a0}kr");
        assert_eq!(ore_text(24_550), "245,50\u{a0}kr");
        assert_eq!(ore_text(120_000), "1\u{a0}200\u{a0}kr");
        assert_eq!(ore_text(120_005), "1\u{a0}200,05\u{a0}kr");
        assert_eq!(ore_text(-50), "-0,50\u{a0}kr");
    }

    #[test]
    fn the_count_of_months_not_paid_is_a_sentence() {
        assert_eq!(missing_count(1), "1 månad betalas inte i detta underlag.");
        assert_eq!(missing_count(3), "3 månader betalas inte i detta underlag.");
    }
}
