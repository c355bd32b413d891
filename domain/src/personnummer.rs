//! Swedish personal identity numbers (personnummer) and coordination numbers (samordningsnummer),
//! read as Skatteverket describes them (SKV 704, "Personnummer"; the legal basis is 18 and 18 a §§
//! folkbokföringslagen).
//!
//! What the rules say, and where each is checked:
//! - Ten digits: the birth date `YYMMDD`, a three-digit födelsenummer and a check digit computed
//!   with the modulus-10 method, weights 2 and 1 ([`luhn_ok`]).
//! - The födelsenummer is one of 001–999: 000 is never issued ([`PersonnummerError::Serial`]).
//! - A hyphen separates date and number until the year the person turns 100, then a plus sign:
//!   `YYMMDD+NNNC`. So the written ten-digit form says which century is meant.
//! - Registers keep twelve digits, the century first (18, 19 or 20): `YYYYMMDDNNNC`, usually
//!   written `YYYYMMDD-NNNC`.
//! - A samordningsnummer is built the same way with 60 added to the day (day 61–91).
//!
//! What people type is accepted too: spaces anywhere, the separator left out, and a twelve-digit
//! number with or without its hyphen (or with the plus, when it agrees with the date).

use chrono::{Datelike, NaiveDate};

/// A checked personnummer or samordningsnummer, kept as 12 digits (`YYYYMMDDNNNC`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Personnummer {
    digits: String,
    birth_date: NaiveDate,
    coordination: bool,
}

/// Why a personnummer was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonnummerError {
    /// Not 10 or 12 digits with an optional `-` or `+` before the last four, or a `+` on a
    /// twelve-digit number of someone who turns 100 later than this year.
    Format,
    /// The date part is no real date (day 61–91 counts as a samordningsnummer), lies in the
    /// future, or has a century other than 18, 19 or 20.
    Date,
    /// The födelsenummer is 000, which Skatteverket never issues.
    Serial,
    /// The check digit does not match (Luhn).
    Checksum,
}

/// The separator written between the date and the last four digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Separator {
    /// None, a hyphen, or spaces: no claim about the age.
    Plain,
    /// A plus sign: the person turns 100 this year or turned 100 earlier.
    Plus,
}

impl Personnummer {
    /// Parses `YYYYMMDD-NNNC`, `YYYYMMDDNNNC`, `YYMMDD-NNNC`, `YYMMDDNNNC` or `YYMMDD+NNNC`, with
    /// spaces anywhere. A ten-digit number with `+` belongs to someone who turns 100 this year
    /// or turned 100 earlier (SKV 704: the hyphen becomes a plus the year the person turns 100),
    /// so it gets the latest century that makes that true; without `+` it gets the century that
    /// puts the birth date at or before `today`, the latest such.
    pub fn parse(input: &str, today: NaiveDate) -> Result<Personnummer, PersonnummerError> {
        let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        let separators = compact.matches(['-', '+']).count();
        if separators > 1 {
            return Err(PersonnummerError::Format);
        }
        let separator = if compact.contains('+') {
            Separator::Plus
        } else {
            Separator::Plain
        };
        if let Some(position) = compact.find(['-', '+']) {
            if compact.len() - position - 1 != 4 {
                return Err(PersonnummerError::Format);
            }
        }
        let digits: String = compact.chars().filter(|c| *c != '-' && *c != '+').collect();
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PersonnummerError::Format);
        }
        let full = match digits.len() {
            12 => digits,
            10 => {
                let year = century_for_ten_digits(&digits, separator, today)?;
                format!("{:02}{digits}", year.div_euclid(100))
            }
            _ => return Err(PersonnummerError::Format),
        };
        let year: i32 = number(&full[0..4])?;
        let month: u32 = number(&full[4..6])?;
        let raw_day: u32 = number(&full[6..8])?;
        let coordination = raw_day > 60;
        let day = if coordination { raw_day - 60 } else { raw_day };
        // SKV 704: the century digits are 18, 19 or 20.
        if !(1800..2100).contains(&year) {
            return Err(PersonnummerError::Date);
        }
        let birth_date =
            NaiveDate::from_ymd_opt(year, month, day).ok_or(PersonnummerError::Date)?;
        if birth_date > today {
            return Err(PersonnummerError::Date);
        }
        if separator == Separator::Plus && !turns_100_by(year, today) {
            // A twelve-digit number with `+` whose date says the person is younger: the two
            // parts disagree, and the form's hint (write twelve digits with a hyphen) helps.
            return Err(PersonnummerError::Format);
        }
        // Skatteverket's rättsliga vägledning, "Personnummer" (the same rules SKV 704 states
        // for the public): "Födelsenumret (tre siffror) är något av talen 001 till 999", so that
        // "det för varje födelsetid finns 999 olika födelsenummer att tilldela: 499 för kvinnor
        // och 500 för män". 000 is never issued, for a samordningsnummer neither
        // ("Individnumret hämtas slumpvis ur en serie 001-999", SKV M 2010:3).
        if &full[8..11] == "000" {
            return Err(PersonnummerError::Serial);
        }
        if !luhn_ok(&full[2..]) {
            return Err(PersonnummerError::Checksum);
        }
        Ok(Personnummer {
            digits: full,
            birth_date,
            coordination,
        })
    }

    /// The canonical form `YYYYMMDD-NNNC`.
    pub fn canonical(&self) -> String {
        format!("{}-{}", &self.digits[..8], &self.digits[8..])
    }

    /// The date of birth (for a samordningsnummer, the day minus 60).
    pub fn birth_date(&self) -> NaiveDate {
        self.birth_date
    }

    /// Whether this is a samordningsnummer.
    pub fn is_coordination_number(&self) -> bool {
        self.coordination
    }

    /// Completed years of age on `today`.
    pub fn age_on(&self, today: NaiveDate) -> u32 {
        let b = self.birth_date;
        let mut age = today.year() - b.year();
        if (today.month(), today.day()) < (b.month(), b.day()) {
            age -= 1;
        }
        age.max(0) as u32
    }
}

/// The year of birth a ten-digit number means. With `+`: the latest year whose people turn 100
/// this year or earlier. Otherwise: the latest year that puts the birth date at or before
/// `today` (someone who turns 100 this year but has not had the birthday yet and writes a hyphen
/// out of habit still gets their real year; no younger person has that date).
fn century_for_ten_digits(
    digits: &str,
    separator: Separator,
    today: NaiveDate,
) -> Result<i32, PersonnummerError> {
    let yy: i32 = number(&digits[0..2])?;
    let latest_with = |limit: i32| limit - (limit - yy).rem_euclid(100);
    match separator {
        Separator::Plus => Ok(latest_with(today.year() - 100)),
        Separator::Plain => {
            let year = latest_with(today.year());
            let month: u32 = number(&digits[2..4])?;
            let raw_day: u32 = number(&digits[4..6])?;
            let day = if raw_day > 60 { raw_day - 60 } else { raw_day };
            let in_future =
                NaiveDate::from_ymd_opt(year, month, day).is_some_and(|date| date > today);
            Ok(if in_future { year - 100 } else { year })
        }
    }
}

/// Whether someone born in `year` turns 100 in `today`'s year or earlier (when SKV 704 has
/// the hyphen become a plus).
fn turns_100_by(year: i32, today: NaiveDate) -> bool {
    year + 100 <= today.year()
}

/// A run of ASCII digits as a number.
fn number<T: std::str::FromStr>(digits: &str) -> Result<T, PersonnummerError> {
    digits.parse().map_err(|_| PersonnummerError::Format)
}

/// The Luhn check over ten digits (`YYMMDDNNNC`).
pub fn luhn_ok(ten_digits: &str) -> bool {
    let sum: u32 = ten_digits
        .bytes()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            let d = if i % 2 == 0 { d * 2 } else { d };
            if d > 9 {
                d - 9
            } else {
                d
            }
        })
        .sum();
    ten_digits.len() == 10 && sum % 10 == 0
}

/// The check digit that completes nine digits (`YYMMDDNNN`); for tests and seed data.
pub fn check_digit(nine_digits: &str) -> u8 {
    (0..=9u8)
        .find(|c| luhn_ok(&format!("{nine_digits}{c}")))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    #[test]
    fn the_tax_agencys_example_numbers_are_accepted_in_every_written_form() {
        // 811218-9876 is Skatteverket's classic example of a valid personnummer.
        for form in [
            "811218-9876",
            "8112189876",
            "19811218-9876",
            "198112189876",
            " 811218 - 9876 ",
        ] {
            let p = Personnummer::parse(form, today()).unwrap_or_else(|e| panic!("{form}: {e:?}"));
            assert_eq!(p.canonical(), "19811218-9876", "{form}");
            assert!(!p.is_coordination_number());
        }
    }

    #[test]
    fn a_samordningsnummer_has_sixty_added_to_the_day() {
        let nine = "701063238";
        let number = format!("{nine}{}", check_digit(nine));
        let p = Personnummer::parse(&number, today()).unwrap();
        assert!(p.is_coordination_number());
        assert_eq!(
            p.birth_date(),
            NaiveDate::from_ymd_opt(1970, 10, 3).unwrap()
        );
    }

    #[test]
    fn refusals_say_what_is_wrong() {
        let cases = [
            (
                "811218-9875",
                PersonnummerError::Checksum,
                "wrong check digit",
            ),
            ("811318-9876", PersonnummerError::Date, "month 13"),
            ("810230-1234", PersonnummerError::Date, "30 February"),
            (
                "81121-89876",
                PersonnummerError::Format,
                "separator in the wrong place",
            ),
            ("8112189876X", PersonnummerError::Format, "a letter"),
            ("12345", PersonnummerError::Format, "too short"),
            ("811218--9876", PersonnummerError::Format, "two separators"),
            ("", PersonnummerError::Format, "empty"),
            (
                "20301218-1234",
                PersonnummerError::Date,
                "born in the future",
            ),
        ];
        for (input, expected, why) in cases {
            assert_eq!(
                Personnummer::parse(input, today()),
                Err(expected),
                "{why}: {input}"
            );
        }
    }

    #[test]
    fn a_short_number_gets_the_century_that_puts_the_birth_in_the_past() {
        let nine = "081122123";
        let number = format!("{nine}{}", check_digit(nine));
        let p = Personnummer::parse(&number, today()).unwrap();
        assert_eq!(p.birth_date().year(), 2008, "turns 18 today");
        let nine = "271122123";
        let number = format!("{nine}{}", check_digit(nine));
        assert_eq!(
            Personnummer::parse(&number, today())
                .unwrap()
                .birth_date()
                .year(),
            1927
        );
        // `+` marks someone a hundred or older: 211122+… is 1921, while 211122-… is 2021.
        let nine = "211122123";
        let number = format!("{nine}{}", check_digit(nine));
        assert_eq!(
            Personnummer::parse(&number, today())
                .unwrap()
                .birth_date()
                .year(),
            2021
        );
        let plus = format!("{}+{}", &number[..6], &number[6..]);
        assert_eq!(
            Personnummer::parse(&plus, today())
                .unwrap()
                .birth_date()
                .year(),
            1921
        );
    }

    /// Ten digits `YYMMDDNNN` completed with their check digit, written with `separator`
    /// before the last four ("" for none).
    fn written(nine: &str, separator: &str) -> String {
        format!(
            "{}{separator}{}{}",
            &nine[..6],
            &nine[6..],
            check_digit(nine)
        )
    }

    #[test]
    fn hand_picked_numbers_each_with_its_reason() {
        let year_of = |input: &str| Personnummer::parse(input, today()).map(|p| p.birth_date());
        let date = |y, m, d| Ok(NaiveDate::from_ymd_opt(y, m, d).unwrap());
        let cases: [(String, Result<NaiveDate, PersonnummerError>, &str); 18] = [
            (
                written("261230123", "+"),
                date(1926, 12, 30),
                "turns 100 this year, birthday still ahead: SKV 704 has the plus from that year",
            ),
            (
                written("261230123", "-"),
                date(1926, 12, 30),
                "a hyphen out of habit: 2026-12-30 has not come, so 1926 is the only reading",
            ),
            (
                written("261121123", "-"),
                date(2026, 11, 21),
                "a hyphen: born yesterday",
            ),
            (
                written("261121123", "+"),
                date(1926, 11, 21),
                "a plus: a hundred yesterday",
            ),
            (
                written("991231123", "+"),
                date(1899, 12, 31),
                "a plus: the century 18 exists",
            ),
            (
                written("000229123", "-"),
                date(2000, 2, 29),
                "2000 was a leap year",
            ),
            (
                written("000229123", "+"),
                Err(PersonnummerError::Date),
                "1900 was not",
            ),
            (
                format!("19{}", written("261230123", "+")),
                date(1926, 12, 30),
                "twelve digits with the plus that agrees with the date",
            ),
            (
                format!("19{}", written("811218987", "+")),
                Err(PersonnummerError::Format),
                "twelve digits with a plus on someone aged 44",
            ),
            (
                format!("17{}", written("991231123", "-")),
                Err(PersonnummerError::Date),
                "the century is 18, 19 or 20",
            ),
            (
                written("811218000", "-"),
                Err(PersonnummerError::Serial),
                "födelsenummer 000 is never issued, even with a correct check digit",
            ),
            (
                written("701063000", ""),
                Err(PersonnummerError::Serial),
                "nor is individnummer 000 of a samordningsnummer",
            ),
            (
                "701063-2391".into(),
                date(1970, 10, 3),
                "SKV M 2010:3's example samordningsnummer: day 63 is the 3rd",
            ),
            (
                written("811260123", "-"),
                Err(PersonnummerError::Date),
                "day 60 is neither a date nor a samordningsnummer (61-91)",
            ),
            (
                written("811292123", "-"),
                Err(PersonnummerError::Date),
                "day 92 is 32 + 60",
            ),
            (
                "8112 18 98 76".into(),
                date(1981, 12, 18),
                "spaces anywhere",
            ),
            (
                "19811218 9876".into(),
                date(1981, 12, 18),
                "a space for the hyphen",
            ),
            (
                "811218+-9876".into(),
                Err(PersonnummerError::Format),
                "two separators",
            ),
        ];
        for (input, expected, why) in cases {
            assert_eq!(year_of(&input), expected, "{why}: {input}");
        }
    }

    #[test]
    fn age_counts_completed_years() {
        let nine = "081123123";
        let p = Personnummer::parse(&format!("{nine}{}", check_digit(nine)), today()).unwrap();
        assert_eq!(p.age_on(today()), 17, "18 tomorrow");
        let nine = "081122123";
        let p = Personnummer::parse(&format!("{nine}{}", check_digit(nine)), today()).unwrap();
        assert_eq!(p.age_on(today()), 18, "18 today");
    }
}
