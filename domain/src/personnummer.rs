//! Swedish personal identity numbers (personnummer) and coordination numbers (samordningsnummer).

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
    /// Not 10 or 12 digits with an optional `-` or `+` before the last four.
    Format,
    /// The date part is no real date (day 61–91 counts as a samordningsnummer).
    Date,
    /// The check digit does not match (Luhn).
    Checksum,
}

impl Personnummer {
    /// Parses `YYYYMMDD-NNNC`, `YYYYMMDDNNNC`, `YYMMDD-NNNC`, `YYMMDDNNNC` or `YYMMDD+NNNC` (`+`:
    /// a hundred years or older). Short forms get the century that puts the birth date at or
    /// before `today`. Spaces around the parts are tolerated.
    pub fn parse(input: &str, today: NaiveDate) -> Result<Personnummer, PersonnummerError> {
        let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        let centenarian = compact.contains('+');
        let separators = compact.matches(['-', '+']).count();
        if separators > 1 {
            return Err(PersonnummerError::Format);
        }
        if separators == 1 {
            let position = compact.find(['-', '+']).unwrap_or(0);
            if compact.len() - position - 1 != 4 {
                return Err(PersonnummerError::Format);
            }
        }
        let digits: String = compact.chars().filter(|c| *c != '-' && *c != '+').collect();
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PersonnummerError::Format);
        }
        let full = match digits.len() {
            12 if !centenarian => digits,
            10 => {
                let yy: i32 = digits[0..2]
                    .parse()
                    .map_err(|_| PersonnummerError::Format)?;
                let mut year = today.year() - (today.year() - yy).rem_euclid(100);
                let candidate_month: u32 = digits[2..4].parse().unwrap_or(0);
                let candidate_day: u32 = digits[4..6].parse().unwrap_or(0);
                let day = if candidate_day > 60 {
                    candidate_day - 60
                } else {
                    candidate_day
                };
                if NaiveDate::from_ymd_opt(year, candidate_month, day).is_some_and(|d| d > today) {
                    year -= 100;
                }
                if centenarian {
                    year -= 100;
                }
                format!("{:02}{digits}", year.div_euclid(100))
            }
            _ => return Err(PersonnummerError::Format),
        };
        let year: i32 = full[0..4].parse().map_err(|_| PersonnummerError::Format)?;
        let month: u32 = full[4..6].parse().map_err(|_| PersonnummerError::Format)?;
        let raw_day: u32 = full[6..8].parse().map_err(|_| PersonnummerError::Format)?;
        let coordination = raw_day > 60;
        let day = if coordination { raw_day - 60 } else { raw_day };
        let birth_date =
            NaiveDate::from_ymd_opt(year, month, day).ok_or(PersonnummerError::Date)?;
        if birth_date > today {
            return Err(PersonnummerError::Date);
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
