//! Personnummer and samordningsnummer per Skatteverket (SKV 704): properties over generated
//! numbers. The hand-picked cases, each with its reason, are in `personnummer.rs`'s unit tests.

use chrono::{Datelike, Duration, NaiveDate};
use kp_domain::application::personnummer_field;
use kp_domain::personnummer::{check_digit, Personnummer, PersonnummerError};
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

/// A birth date from 1 January 1890 up to today.
fn birth_date() -> impl Strategy<Value = NaiveDate> {
    let first = NaiveDate::from_ymd_opt(1890, 1, 1).unwrap();
    let span = (today() - first).num_days();
    (0..=span).prop_map(move |days| first + Duration::days(days))
}

/// The nine digits `YYMMDDNNN` of a number for `date` (day + 60 for a samordningsnummer).
fn nine_digits(date: NaiveDate, serial: u32, coordination: bool) -> String {
    let day = date.day() + if coordination { 60 } else { 0 };
    format!(
        "{:02}{:02}{day:02}{serial:03}",
        date.year() % 100,
        date.month()
    )
}

/// Whether SKV 704 has the plus for someone born on `date`: from the year they turn 100.
fn writes_plus(date: NaiveDate) -> bool {
    date.year() + 100 <= today().year()
}

/// Completed years on today.
fn age(date: NaiveDate) -> i32 {
    let mut years = today().year() - date.year();
    if (today().month(), today().day()) < (date.month(), date.day()) {
        years -= 1;
    }
    years
}

proptest! {
    #[test]
    fn every_written_form_of_an_issued_number_reads_as_the_same_person(
        date in birth_date(), serial in 1u32..=999, coordination: bool,
    ) {
        let nine = nine_digits(date, serial, coordination);
        let ten = format!("{nine}{}", check_digit(&nine));
        let twelve = format!("{}{}", date.year() / 100, ten);
        let (date_part, last_four) = (&ten[..6], &ten[6..]);
        let separator = if writes_plus(date) { "+" } else { "-" };
        let mut forms = vec![
            format!("{}-{}", &twelve[..8], &twelve[8..]),
            twelve.clone(),
            format!(" {} {} ", &twelve[..8], &twelve[8..]),
            format!("{date_part}{separator}{last_four}"),
            format!("{date_part} {separator} {last_four}"),
        ];
        if writes_plus(date) {
            forms.push(format!("{}+{}", &twelve[..8], &twelve[8..]));
        }
        if age(date) < 100 {
            // Without a separator ten digits say nothing about the century: the latest one
            // that puts the birth in the past is the reading, right for everyone under 100.
            forms.push(ten.clone());
        }
        let canonical = format!("{}-{}", &twelve[..8], &twelve[8..]);
        for form in forms {
            let parsed = Personnummer::parse(&form, today());
            prop_assert!(parsed.is_ok(), "{} refused: {:?}", form, parsed);
            let parsed = parsed.unwrap();
            prop_assert_eq!(parsed.birth_date(), date, "{}", form);
            prop_assert_eq!(parsed.canonical(), canonical.clone(), "{}", form);
            prop_assert_eq!(parsed.is_coordination_number(), coordination, "{}", form);
            prop_assert!(personnummer_field(&form, today()).is_ok(), "{}", form);
        }
    }

    #[test]
    fn the_canonical_form_reads_back_as_itself(
        date in birth_date(), serial in 1u32..=999, coordination: bool,
    ) {
        let nine = nine_digits(date, serial, coordination);
        let ten = format!("{nine}{}", check_digit(&nine));
        let typed = format!("{}{}", date.year() / 100, ten);
        let once = Personnummer::parse(&typed, today()).expect("issued");
        let twice = Personnummer::parse(&once.canonical(), today()).expect("canonical");
        prop_assert_eq!(once, twice);
    }

    #[test]
    fn a_plus_always_means_someone_who_turns_100_this_year_or_earlier(
        date in birth_date(), serial in 1u32..=999,
    ) {
        let nine = nine_digits(date, serial, false);
        let plus = format!("{}+{}{}", &nine[..6], &nine[6..], check_digit(&nine));
        // Every date has a reading with the plus (a century earlier if need be), unless that
        // earlier year has no such day (29 February) or lies before 1800.
        if let Ok(parsed) = Personnummer::parse(&plus, today()) {
            prop_assert!(parsed.birth_date().year() + 100 <= today().year(), "{}", plus);
            prop_assert!(parsed.birth_date().year() + 200 > today().year(), "{}: the latest such century", plus);
        }
    }

    #[test]
    fn a_hyphen_never_reads_as_a_birth_in_the_future_nor_more_than_a_century_back(
        date in birth_date(), serial in 1u32..=999,
    ) {
        let nine = nine_digits(date, serial, false);
        let hyphen = format!("{}-{}{}", &nine[..6], &nine[6..], check_digit(&nine));
        let parsed = Personnummer::parse(&hyphen, today()).expect("every day has a past reading");
        prop_assert!(parsed.birth_date() <= today());
        prop_assert!(age(parsed.birth_date()) < 100, "{}", hyphen);
    }

    #[test]
    fn birth_number_000_is_refused_in_every_form(
        date in birth_date(), coordination: bool, twelve: bool, dash: bool,
    ) {
        let nine = nine_digits(date, 0, coordination);
        let ten = format!("{nine}{}", check_digit(&nine));
        let digits = if twelve { format!("{}{ten}", date.year() / 100) } else { ten };
        let split = digits.len() - 4;
        let separator = match (dash, writes_plus(date) && !twelve) {
            (false, _) => "",
            (true, true) => "+",
            (true, false) => "-",
        };
        let form = format!("{}{separator}{}", &digits[..split], &digits[split..]);
        // Ten digits without a separator may be read a century later; the number is still 000.
        prop_assert_eq!(
            Personnummer::parse(&form, today()),
            Err(PersonnummerError::Serial),
            "{}",
            form.clone()
        );
        prop_assert_eq!(personnummer_field(&form, today()).err(), Some("serial"));
    }

    #[test]
    fn a_wrong_check_digit_is_refused_in_every_form(
        date in birth_date(), serial in 1u32..=999, coordination: bool, bump in 1u8..10, twelve: bool,
    ) {
        let nine = nine_digits(date, serial, coordination);
        let wrong = (check_digit(&nine) + bump) % 10;
        let ten = format!("{nine}{wrong}");
        let digits = if twelve { format!("{}{ten}", date.year() / 100) } else { ten };
        prop_assert!(Personnummer::parse(&digits, today()).is_err(), "{}", digits);
    }

    #[test]
    fn parsing_never_panics_on_anything_typed(input in "[0-9 +\\-]{0,20}|.{0,30}") {
        let _ = Personnummer::parse(&input, today());
        let _ = personnummer_field(&input, today());
    }
}
