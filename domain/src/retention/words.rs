//! A retention period in the reader's language, for the privacy notice: "24 månader (2 år)",
//! "24 شهرًا (سنتين)", "5 ዓመት". The notice names the periods the municipality's rules hold, so
//! what it promises is what gallring does.
//!
//! Numbers are written in Western digits, as the notices' other figures are. Counted nouns
//! follow each language's rule: Arabic's agreement with the number (1, 2, 3–10, 11–99), Somali's
//! "bil"/"bilood", Tigrinya's "ወርሒ"/"ኣዋርሕ"; Persian and Somali years and Tigrinya years stay
//! singular after a number.

use super::{Period, Unit};
use crate::Locale;

/// The period in `locale`; a whole number of years counted in months gets the years after it in
/// brackets ("24 månader (2 år)").
pub fn period_words(locale: Locale, period: Period) -> String {
    let counted = counted(locale, period.amount, period.unit);
    match period.unit {
        Unit::Months if period.amount >= 12 && period.amount % 12 == 0 => {
            let years = counted_years(locale, period.amount / 12);
            format!("{counted} ({years})")
        }
        _ => counted,
    }
}

fn counted_years(locale: Locale, years: u32) -> String {
    counted(locale, years, Unit::Years)
}

fn counted(locale: Locale, n: u32, unit: Unit) -> String {
    match locale {
        Locale::Sv | Locale::Lattlast => {
            let word = match (unit, n == 1) {
                (Unit::Days, true) => "dag",
                (Unit::Days, false) => "dagar",
                (Unit::Months, true) => "månad",
                (Unit::Months, false) => "månader",
                (Unit::Years, _) => "år",
            };
            format!("{n} {word}")
        }
        Locale::En => {
            let word = match unit {
                Unit::Days => "day",
                Unit::Months => "month",
                Unit::Years => "year",
            };
            format!("{n} {word}{}", if n == 1 { "" } else { "s" })
        }
        Locale::Ar => arabic(n, unit),
        Locale::Fa => {
            let word = match unit {
                Unit::Days => "روز",
                Unit::Months => "ماه",
                Unit::Years => "سال",
            };
            format!("{n} {word}")
        }
        Locale::So => {
            let word = match (unit, n == 1) {
                (Unit::Days, true) => "maalin",
                (Unit::Days, false) => "maalmood",
                (Unit::Months, true) => "bil",
                (Unit::Months, false) => "bilood",
                (Unit::Years, _) => "sano",
            };
            format!("{n} {word}")
        }
        Locale::Ti => {
            let word = match (unit, n == 1) {
                (Unit::Days, _) => "መዓልቲ",
                (Unit::Months, true) => "ወርሒ",
                (Unit::Months, false) => "ኣዋርሕ",
                (Unit::Years, _) => "ዓመት",
            };
            format!("{n} {word}")
        }
    }
}

/// Arabic counted nouns: one and two by the noun alone (the dual in the genitive, as the notice
/// puts every period after بعد or مدة), 3–10 with the plural, 11–99 with the accusative
/// singular, hundreds with the genitive singular.
fn arabic(n: u32, unit: Unit) -> String {
    // (one, two, plural 3–10, accusative singular 11–99, singular after hundreds)
    let (one, two, plural, accusative, singular) = match unit {
        Unit::Days => ("يوم واحد", "يومين", "أيام", "يومًا", "يوم"),
        Unit::Months => ("شهر واحد", "شهرين", "أشهر", "شهرًا", "شهر"),
        Unit::Years => ("سنة واحدة", "سنتين", "سنوات", "سنةً", "سنة"),
    };
    match (n, n % 100) {
        (1, _) => one.to_string(),
        (2, _) => two.to_string(),
        (_, 3..=10) => format!("{n} {plural}"),
        (_, 11..=99) => format!("{n} {accusative}"),
        _ => format!("{n} {singular}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn months(amount: u32) -> Period {
        Period {
            amount,
            unit: Unit::Months,
        }
    }

    fn years(amount: u32) -> Period {
        Period {
            amount,
            unit: Unit::Years,
        }
    }

    #[test]
    fn the_default_periods_read_as_the_notices_wrote_them_by_hand() {
        assert_eq!(period_words(Locale::Sv, months(24)), "24 månader (2 år)");
        assert_eq!(period_words(Locale::Sv, years(5)), "5 år");
        assert_eq!(period_words(Locale::En, months(24)), "24 months (2 years)");
        assert_eq!(period_words(Locale::Ar, months(24)), "24 شهرًا (سنتين)");
        assert_eq!(period_words(Locale::Fa, months(24)), "24 ماه (2 سال)");
        assert_eq!(period_words(Locale::So, months(24)), "24 bilood (2 sano)");
        assert_eq!(period_words(Locale::Ti, months(24)), "24 ኣዋርሕ (2 ዓመት)");
    }

    #[test]
    fn one_of_a_unit_is_singular_in_every_language() {
        assert_eq!(period_words(Locale::Sv, months(1)), "1 månad");
        assert_eq!(period_words(Locale::En, years(1)), "1 year");
        assert_eq!(period_words(Locale::Ar, years(1)), "سنة واحدة");
        assert_eq!(period_words(Locale::So, months(1)), "1 bil");
        assert_eq!(period_words(Locale::Ti, months(1)), "1 ወርሒ");
        assert_eq!(period_words(Locale::En, months(12)), "12 months (1 year)");
    }

    #[test]
    fn arabic_nouns_agree_with_the_number() {
        assert_eq!(period_words(Locale::Ar, years(2)), "سنتين");
        assert_eq!(period_words(Locale::Ar, years(5)), "5 سنوات");
        assert_eq!(period_words(Locale::Ar, years(10)), "10 سنوات");
        assert_eq!(period_words(Locale::Ar, years(11)), "11 سنةً");
        assert_eq!(period_words(Locale::Ar, months(18)), "18 شهرًا");
        assert_eq!(period_words(Locale::Ar, months(103)), "103 أشهر");
        assert_eq!(period_words(Locale::Ar, months(100)), "100 شهر");
    }

    #[test]
    fn months_that_are_not_whole_years_get_no_years_in_brackets() {
        assert_eq!(period_words(Locale::Sv, months(18)), "18 månader");
        assert_eq!(period_words(Locale::Sv, months(6)), "6 månader");
    }
}
