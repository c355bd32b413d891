//! SKR's recommended compensation for a kontaktperson (Sveriges Kommuner och Regioner, cirkulär
//! 17:54 and its later updates), the one place the recommendation is written down.
//!
//! SKR gives each amount per month as a share of the year's prisbasbelopp divided by twelve,
//! which is the same number as this crate's [`Rate::PriceBasePercent`] (a share of the
//! prisbasbelopp per year): 10 % of prisbasbelopp/12 per month is 10 % of the prisbasbelopp per
//! year. The arvode has a band per category of assignment (how often they meet); the omkostnad
//! has one figure per category. SKR gives no recommendation for the särskilt kvalificerad
//! kontaktperson: the municipality decides that amount per case ([`super::Terms::special`]).
//!
//! The recommendation is guidance. A municipality's level outside it is saved, with a warning
//! ([`warnings`]) that the administrator's screen words.

use super::{CompensationYear, Frequency, Rate};
use crate::api::FieldError;

/// Where the bands come from, as the data and the screens name it.
pub const SOURCE: &str = "SKR, cirkulär 17:54 med senare uppdateringar";

/// The warning code for a level outside SKR's recommendation.
pub const OUTSIDE_BAND: &str = "outside_skr_band";

/// A recommended share, in basis points of the prisbasbelopp per year (= of prisbasbelopp/12
/// per month), both ends included. A single figure has `low == high`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Band {
    /// The lowest recommended share.
    pub low: i64,
    /// The highest recommended share.
    pub high: i64,
}

impl Band {
    /// Whether `rate` lies within the band in `price_base_kronor`'s year. A fixed monthly
    /// amount is compared with the band's ends as whole kronor per month, rounded as every
    /// amount is ([`Rate::monthly`]): SKR's 10 % of 59 200 / 12 is 493,33 kr, so 493 kr is it.
    pub fn contains(self, rate: Rate, price_base_kronor: i64) -> bool {
        match rate {
            Rate::PriceBasePercent { basis_points } => {
                (self.low..=self.high).contains(&basis_points)
            }
            Rate::FixedMonthly { kronor } => {
                let end = |basis_points| {
                    Rate::PriceBasePercent { basis_points }.monthly(price_base_kronor)
                };
                (end(self.low)..=end(self.high)).contains(&kronor)
            }
        }
    }
}

/// SKR's arvode band for a category: 1 (about weekly) 10–35 %, 2 (several times a week)
/// 20–45 %, 3 (almost daily) 30–55 %.
pub fn arvode_band(frequency: Frequency) -> Band {
    match frequency {
        Frequency::Weekly => Band {
            low: 1_000,
            high: 3_500,
        },
        Frequency::SeveralPerWeek => Band {
            low: 2_000,
            high: 4_500,
        },
        Frequency::AlmostDaily => Band {
            low: 3_000,
            high: 5_500,
        },
    }
}

/// SKR's omkostnad for a category: 10 %, 25 % and 40 %.
pub fn omkostnad_band(frequency: Frequency) -> Band {
    let share = match frequency {
        Frequency::Weekly => 1_000,
        Frequency::SeveralPerWeek => 2_500,
        Frequency::AlmostDaily => 4_000,
    };
    Band {
        low: share,
        high: share,
    }
}

/// The starting level the seed data holds for a category: the arvode in the middle of SKR's
/// band (22,5 %, 32,5 %, 42,5 %) and SKR's omkostnad. The middle because SKR leaves the point
/// within the band to the assignment's demands, which a starting level cannot know: it neither
/// pays a demanding assignment the least nor a light one the most until the municipality
/// decides its own levels.
pub fn starting_level(frequency: Frequency) -> super::Level {
    let arvode = arvode_band(frequency);
    super::Level {
        frequency,
        arvode: Rate::PriceBasePercent {
            basis_points: (arvode.low + arvode.high) / 2,
        },
        omkostnad: Rate::PriceBasePercent {
            basis_points: omkostnad_band(frequency).low,
        },
    }
}

/// The levels of a year outside SKR's recommendation, as `levels[i].arvode` /
/// `levels[i].omkostnad` with the code [`OUTSIDE_BAND`]. Guidance, not refusal: the year is
/// saved all the same.
pub fn warnings(data: &CompensationYear) -> Vec<FieldError> {
    let mut found = Vec::new();
    for (i, level) in data.levels.iter().enumerate() {
        for (name, rate, band) in [
            ("arvode", level.arvode, arvode_band(level.frequency)),
            (
                "omkostnad",
                level.omkostnad,
                omkostnad_band(level.frequency),
            ),
        ] {
            if !band.contains(rate, data.price_base_kronor) {
                found.push(FieldError {
                    field: format!("levels[{i}].{name}"),
                    code: OUTSIDE_BAND.into(),
                });
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::super::Level;
    use super::*;

    fn percent(basis_points: i64) -> Rate {
        Rate::PriceBasePercent { basis_points }
    }

    #[test]
    fn the_bands_are_skrs_per_category() {
        let bands: Vec<(i64, i64, i64)> = Frequency::ALL
            .into_iter()
            .map(|f| {
                let (a, o) = (arvode_band(f), omkostnad_band(f));
                assert_eq!(o.low, o.high, "the omkostnad is one figure");
                (a.low, a.high, o.low)
            })
            .collect();
        assert_eq!(
            bands,
            [
                (1_000, 3_500, 1_000),
                (2_000, 4_500, 2_500),
                (3_000, 5_500, 4_000)
            ]
        );
    }

    #[test]
    fn the_starting_levels_are_the_middle_of_each_arvode_band_and_skrs_omkostnad() {
        let starting: Vec<(Rate, Rate)> = Frequency::ALL
            .into_iter()
            .map(|f| (starting_level(f).arvode, starting_level(f).omkostnad))
            .collect();
        assert_eq!(
            starting,
            [
                (percent(2_250), percent(1_000)),
                (percent(3_250), percent(2_500)),
                (percent(4_250), percent(4_000)),
            ]
        );
        // At the 2026 prisbasbelopp, 59 200 kr: 22,5 % of 4 933,33 is 1 110 kr a month.
        assert_eq!(
            starting_level(Frequency::Weekly).arvode.monthly(59_200),
            1_110
        );
    }

    #[test]
    fn both_ends_of_a_band_are_inside_and_one_basis_point_beyond_is_outside() {
        let band = arvode_band(Frequency::Weekly);
        for (basis_points, inside, why) in [
            (1_000, true, "the lowest end, 10 %"),
            (3_500, true, "the highest end, 35 %"),
            (2_250, true, "the middle"),
            (999, false, "9,99 %"),
            (3_501, false, "35,01 %"),
            (3_600, false, "the old seed's 36 %"),
        ] {
            assert_eq!(
                band.contains(percent(basis_points), 59_200),
                inside,
                "{why}"
            );
        }
    }

    #[test]
    fn a_fixed_monthly_amount_is_compared_with_the_bands_ends_in_whole_kronor() {
        let band = arvode_band(Frequency::Weekly);
        // 10 % and 35 % of 59 200 / 12 are 493,33 and 1 726,67 kr: 493 to 1 727 kr.
        for (kronor, inside) in [(492, false), (493, true), (1_727, true), (1_728, false)] {
            assert_eq!(
                band.contains(Rate::FixedMonthly { kronor }, 59_200),
                inside,
                "{kronor} kr"
            );
        }
        // The omkostnad is one figure: 10 % of 60 000 / 12 is 500 kr, and only 500 kr is it.
        let omkostnad = omkostnad_band(Frequency::Weekly);
        assert!(omkostnad.contains(Rate::FixedMonthly { kronor: 500 }, 60_000));
        assert!(!omkostnad.contains(Rate::FixedMonthly { kronor: 501 }, 60_000));
        assert!(!omkostnad.contains(Rate::FixedMonthly { kronor: 499 }, 60_000));
    }

    #[test]
    fn each_level_outside_its_band_is_named_by_field() {
        let level = |frequency, arvode, omkostnad| Level {
            frequency,
            arvode: percent(arvode),
            omkostnad: percent(omkostnad),
        };
        let year = CompensationYear {
            year: 2027,
            price_base_kronor: 60_000,
            price_base_source: "SFS 2026:1".into(),
            levels_source: String::new(),
            levels: vec![
                level(Frequency::Weekly, 2_250, 1_000),
                level(Frequency::SeveralPerWeek, 6_000, 1_800),
                level(Frequency::AlmostDaily, 5_500, 4_000),
            ],
        };
        let fields: Vec<String> = warnings(&year)
            .into_iter()
            .map(|w| format!("{} {}", w.field, w.code))
            .collect();
        assert_eq!(
            fields,
            [
                "levels[1].arvode outside_skr_band",
                "levels[1].omkostnad outside_skr_band",
            ]
        );
    }
}
