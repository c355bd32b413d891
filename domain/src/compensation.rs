//! Compensation: the prisbasbelopp, the municipality's levels, and monthly amounts.
//!
//! Money is whole kronor in `i64`; rates are integers (basis points of the prisbasbelopp per year,
//! or fixed kronor per month). A monthly amount is computed exactly as a fraction and rounded to
//! whole kronor once, half away from zero. No floating point anywhere. Arvode (a taxable fee) and
//! omkostnad (cost allowance) are always kept apart.

use serde::{Deserialize, Serialize};

/// How often the contact person and the young person meet; the municipality's levels follow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    /// At least once a week.
    Weekly,
    /// Several times a week.
    SeveralPerWeek,
    /// Almost every day.
    AlmostDaily,
}

impl Frequency {
    /// All frequencies, least to most.
    pub const ALL: [Frequency; 3] = [
        Frequency::Weekly,
        Frequency::SeveralPerWeek,
        Frequency::AlmostDaily,
    ];

    /// The stable code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            Frequency::Weekly => "weekly",
            Frequency::SeveralPerWeek => "several_per_week",
            Frequency::AlmostDaily => "almost_daily",
        }
    }

    /// Parses a stored code.
    pub fn from_code(code: &str) -> Option<Frequency> {
        Frequency::ALL.into_iter().find(|f| f.code() == code)
    }
}

/// How a level states one of its amounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Rate {
    /// A share of the prisbasbelopp per year, in basis points (1 % = 100).
    PriceBasePercent {
        /// Basis points of the yearly prisbasbelopp.
        basis_points: i64,
    },
    /// A fixed amount per month.
    FixedMonthly {
        /// Kronor per month.
        kronor: i64,
    },
}

impl Rate {
    /// The amount for one whole month, in whole kronor, given the year's prisbasbelopp.
    pub fn monthly(self, price_base_kronor: i64) -> i64 {
        match self {
            Rate::PriceBasePercent { basis_points } => {
                round_div(price_base_kronor * basis_points, 10_000 * 12)
            }
            Rate::FixedMonthly { kronor } => kronor,
        }
    }
}

/// Divides and rounds half away from zero. `denominator` must be positive.
pub fn round_div(numerator: i64, denominator: i64) -> i64 {
    debug_assert!(denominator > 0);
    let half = denominator / 2;
    if numerator >= 0 {
        (numerator + half) / denominator
    } else {
        -((-numerator + half) / denominator)
    }
}

/// One of the municipality's compensation levels for a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Level {
    /// The meeting frequency the level is for.
    pub frequency: Frequency,
    /// The fee (taxable).
    pub arvode: Rate,
    /// The cost allowance.
    pub omkostnad: Rate,
}

/// The current levels as the public compensation page shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompensationOverview {
    /// The year the levels apply to.
    pub year: i32,
    /// That year's prisbasbelopp in kronor.
    pub price_base_kronor: i64,
    /// Each level's monthly amounts.
    pub levels: Vec<LevelAmounts>,
}

/// A level's amounts for one whole month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelAmounts {
    /// The meeting frequency.
    pub frequency: Frequency,
    /// Arvode per month, whole kronor.
    pub arvode_monthly: i64,
    /// Omkostnad per month, whole kronor.
    pub omkostnad_monthly: i64,
}

impl CompensationOverview {
    /// The overview for a year from its prisbasbelopp and levels, ordered by frequency.
    pub fn new(year: i32, price_base_kronor: i64, levels: &[Level]) -> CompensationOverview {
        let mut levels: Vec<LevelAmounts> = levels
            .iter()
            .map(|level| LevelAmounts {
                frequency: level.frequency,
                arvode_monthly: level.arvode.monthly(price_base_kronor),
                omkostnad_monthly: level.omkostnad.monthly(price_base_kronor),
            })
            .collect();
        levels.sort_by_key(|l| l.frequency);
        CompensationOverview {
            year,
            price_base_kronor,
            levels,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_share_of_the_price_base_amount_becomes_whole_kronor_per_month() {
        let cases = [
            (
                59_200,
                3_600,
                1_776,
                "36 % of 59 200 a year is exactly 1 776 a month",
            ),
            (
                58_800,
                1_200,
                588,
                "12 % of 58 800 a year is exactly 588 a month",
            ),
            (
                57_300,
                1_000,
                478,
                "10 % of 57 300 / 12 = 477.5 rounds half up to 478",
            ),
            (
                57_300,
                333,
                159,
                "3.33 % of 57 300 / 12 = 159.0075 rounds down",
            ),
            (59_200, 0, 0, "a zero rate is zero"),
        ];
        for (price_base, basis_points, expected, why) in cases {
            let rate = Rate::PriceBasePercent { basis_points };
            assert_eq!(rate.monthly(price_base), expected, "{why}");
        }
    }

    #[test]
    fn a_fixed_monthly_amount_does_not_follow_the_price_base_amount() {
        let rate = Rate::FixedMonthly { kronor: 2_150 };
        assert_eq!(rate.monthly(57_300), 2_150);
        assert_eq!(rate.monthly(59_200), 2_150);
    }

    #[test]
    fn rounding_is_half_away_from_zero_and_exact() {
        assert_eq!(round_div(5, 2), 3);
        assert_eq!(round_div(4, 2), 2);
        assert_eq!(round_div(-5, 2), -3);
        assert_eq!(round_div(1, 3), 0);
        assert_eq!(round_div(2, 3), 1);
        // Large values stay exact (no float would).
        assert_eq!(round_div(9_007_199_254_740_993, 1), 9_007_199_254_740_993);
    }

    #[test]
    fn the_overview_lists_levels_from_least_to_most_frequent_with_arvode_and_omkostnad_apart() {
        let levels = [
            Level {
                frequency: Frequency::AlmostDaily,
                arvode: Rate::PriceBasePercent {
                    basis_points: 9_600,
                },
                omkostnad: Rate::PriceBasePercent {
                    basis_points: 2_400,
                },
            },
            Level {
                frequency: Frequency::Weekly,
                arvode: Rate::PriceBasePercent {
                    basis_points: 3_600,
                },
                omkostnad: Rate::FixedMonthly { kronor: 600 },
            },
        ];
        let overview = CompensationOverview::new(2026, 59_200, &levels);
        assert_eq!(overview.levels[0].frequency, Frequency::Weekly);
        assert_eq!(overview.levels[0].arvode_monthly, 1_776);
        assert_eq!(overview.levels[0].omkostnad_monthly, 600);
        assert_eq!(overview.levels[1].arvode_monthly, 4_736);
        assert_eq!(overview.levels[1].omkostnad_monthly, 1_184);
    }

    #[test]
    fn frequency_codes_round_trip() {
        for f in Frequency::ALL {
            assert_eq!(Frequency::from_code(f.code()), Some(f));
        }
        assert_eq!(Frequency::from_code("monthly"), None);
    }
}
