//! Compensation: the prisbasbelopp, the municipality's levels, and monthly amounts.
//!
//! Money is whole kronor in `i64`; rates are integers (basis points of the prisbasbelopp per year,
//! or fixed kronor per month). A monthly amount is computed exactly as a fraction and rounded to
//! whole kronor once, half away from zero. No floating point anywhere. Arvode (a taxable fee) and
//! omkostnad (cost allowance) are always kept apart.
//!
//! An assignment is paid per calendar [`Month`]: [`month_amounts`] pays each stretch of days at
//! the level then in force pro rata (days / days in the month) and rounds each amount once. The
//! month's [`PaymentLine`]s become the payroll office's CSV with [`payment_basis_csv`]; which
//! months a basis pays (approved monthly reports only, late ones within the municipality's rule)
//! is [`report_payment`].

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

mod payment_basis;
pub mod report_payment;
pub mod skr;

pub use payment_basis::{
    csv_text, kronor_with_decimal_comma, payment_basis_csv, PaymentLine, PAYMENT_BASIS_HEADER,
};

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

/// A calendar month, written `2026-11` (in JSON too).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Month {
    year: i32,
    month: u32,
}

impl Month {
    /// The month `month` (1–12) of `year` (1–9999).
    pub fn new(year: i32, month: u32) -> Option<Month> {
        ((1..=9999).contains(&year) && (1..=12).contains(&month)).then_some(Month { year, month })
    }

    /// The month a date lies in.
    pub fn of(date: NaiveDate) -> Month {
        Month {
            year: date.year(),
            month: date.month(),
        }
    }

    /// Parses exactly `YYYY-MM`, e.g. `2026-11`.
    pub fn parse(text: &str) -> Option<Month> {
        let bytes = text.as_bytes();
        let digits = |range: std::ops::Range<usize>| {
            bytes[range.clone()]
                .iter()
                .all(u8::is_ascii_digit)
                .then(|| &text[range])
        };
        if bytes.len() != 7 || bytes[4] != b'-' {
            return None;
        }
        let year = digits(0..4)?.parse().ok()?;
        let month = digits(5..7)?.parse().ok()?;
        Month::new(year, month)
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1–12.
    pub fn month(self) -> u32 {
        self.month
    }

    /// The first day.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("a checked month")
    }

    /// The last day.
    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().expect("a day before")
    }

    /// Days in the month (28–31; February has 29 in leap years).
    pub fn days(self) -> u32 {
        self.last_day().day()
    }

    /// Whether `date` lies in the month.
    pub fn contains(self, date: NaiveDate) -> bool {
        Month::of(date) == self
    }

    /// The month after.
    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// The month before.
    pub fn previous(self) -> Month {
        if self.month == 1 {
            Month {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Month {
                year: self.year,
                month: self.month - 1,
            }
        }
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl TryFrom<String> for Month {
    type Error = String;

    fn try_from(text: String) -> Result<Month, String> {
        Month::parse(&text).ok_or_else(|| format!("not a month (YYYY-MM): {text:?}"))
    }
}

impl From<Month> for String {
    fn from(month: Month) -> String {
        month.to_string()
    }
}

/// The level an assignment is paid at from a date on, until the next period's `from`. A special
/// (qualified) assignment decided per case uses [`Rate::FixedMonthly`] amounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelPeriod {
    /// The first day the level applies.
    pub from: NaiveDate,
    /// The fee (taxable).
    pub arvode: Rate,
    /// The cost allowance.
    pub omkostnad: Rate,
}

/// What an assignment is paid from a date on: the meeting frequency, which picks the
/// municipality's level, or for a special qualified assignment the monthly amounts decided for
/// the case. An assignment has its first terms from its start and one more per change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Terms {
    /// The first day these terms apply.
    pub from: NaiveDate,
    /// How often they meet.
    pub frequency: Frequency,
    /// For a special qualified assignment: (arvode, omkostnad) in kronor per month.
    pub special: Option<(i64, i64)>,
}

/// The terms in force on `date`: the latest starting on or before it, or the first when `date`
/// comes before them all (an assignment that has not started yet). `None` only for no terms.
pub fn terms_on(terms: &[Terms], date: NaiveDate) -> Option<&Terms> {
    terms
        .iter()
        .filter(|t| t.from <= date)
        .max_by_key(|t| t.from)
        .or_else(|| terms.iter().min_by_key(|t| t.from))
}

/// The terms that pay for some day of `month`: those in force on its first day (or the first
/// terms, when the assignment starts later) and those starting within it, oldest first. Terms
/// replaced before the month began play no part, so a level since removed from the year's table
/// does not stop the month.
pub fn terms_for_month(terms: &[Terms], month: Month) -> Vec<Terms> {
    let first = terms_on(terms, month.first_day()).map(|t| t.from);
    let mut kept: Vec<Terms> = terms
        .iter()
        .filter(|t| Some(t.from) == first || month.contains(t.from))
        .copied()
        .collect();
    kept.sort_by_key(|t| t.from);
    kept
}

/// An assignment's terms as [`LevelPeriod`]s, in the same order, with `levels` (the year's):
/// a frequency pays its level, a special amount is a fixed monthly rate.
/// [`AmountError::NoLevel`] (dated at the terms' start) when a frequency has no level.
pub fn level_periods(terms: &[Terms], levels: &[Level]) -> Result<Vec<LevelPeriod>, AmountError> {
    terms
        .iter()
        .map(|t| match t.special {
            Some((arvode, omkostnad)) => Ok(LevelPeriod {
                from: t.from,
                arvode: Rate::FixedMonthly { kronor: arvode },
                omkostnad: Rate::FixedMonthly { kronor: omkostnad },
            }),
            None => levels
                .iter()
                .find(|l| l.frequency == t.frequency)
                .map(|l| LevelPeriod {
                    from: t.from,
                    arvode: l.arvode,
                    omkostnad: l.omkostnad,
                })
                .ok_or(AmountError::NoLevel { date: t.from }),
        })
        .collect()
}

/// From this month on, next year's prisbasbelopp is asked for (it is set by förordning in the
/// autumn, and January's payment basis cannot be made without it).
pub const NEXT_PRICE_BASE_FROM_MONTH: u32 = 11;

/// The year whose prisbasbelopp is missing and needed soon: this year's, or from
/// [`NEXT_PRICE_BASE_FROM_MONTH`] on next year's. `None` when nothing is missing.
pub fn price_base_reminder(today: NaiveDate, known_years: &[i32]) -> Option<i32> {
    let year = today.year();
    if !known_years.contains(&year) {
        return Some(year);
    }
    (today.month() >= NEXT_PRICE_BASE_FROM_MONTH && !known_years.contains(&(year + 1)))
        .then_some(year + 1)
}

/// One stretch of days in a month paid at one level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthSegment {
    /// The first day.
    pub first: NaiveDate,
    /// The last day.
    pub last: NaiveDate,
    /// Days, both ends included.
    pub days: u32,
    /// The index of the [`LevelPeriod`] in the slice given to [`month_amounts`].
    pub period: usize,
}

/// An assignment's compensation for one month, in whole kronor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthAmounts {
    /// Days of the month within the assignment.
    pub days_covered: u32,
    /// Days in the month.
    pub days_in_month: u32,
    /// The fee for the month, rounded once.
    pub arvode: i64,
    /// The cost allowance for the month, rounded once.
    pub omkostnad: i64,
    /// The stretches of days and the level each was paid at, in date order.
    pub segments: Vec<MonthSegment>,
}

/// Why a month's amounts cannot be computed. Serialized with a `kind` tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AmountError {
    /// The assignment ends before it starts.
    EndsBeforeStart,
    /// A paid day has no level: every level period starts after it.
    NoLevel {
        /// The first such day.
        date: NaiveDate,
    },
    /// A level is a share of the prisbasbelopp and the year's prisbasbelopp is not known.
    NoPriceBase {
        /// The year.
        year: i32,
    },
    /// The amounts do not fit in whole kronor as `i64` (absurd rates).
    TooLarge,
}

impl AmountError {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            AmountError::EndsBeforeStart => "ends_before_start",
            AmountError::NoLevel { .. } => "no_level",
            AmountError::NoPriceBase { .. } => "no_price_base",
            AmountError::TooLarge => "too_large",
        }
    }
}

/// Divides and rounds half away from zero, in 128 bits. `denominator` must be positive.
/// (Quotient and remainder first, so no intermediate sum can overflow.)
fn round_div_wide(numerator: i128, denominator: i128) -> i128 {
    let (quotient, remainder) = (numerator / denominator, numerator % denominator);
    if remainder.unsigned_abs() * 2 >= denominator.unsigned_abs() {
        quotient + numerator.signum()
    } else {
        quotient
    }
}

/// A rate's monthly amount as a numerator over `10_000 * 12` (exact).
fn monthly_twelve_thousandths(
    rate: Rate,
    year: i32,
    price_base_for_year: &impl Fn(i32) -> Option<i64>,
) -> Result<i128, AmountError> {
    match rate {
        Rate::PriceBasePercent { basis_points } => {
            let price_base = price_base_for_year(year).ok_or(AmountError::NoPriceBase { year })?;
            Ok(i128::from(price_base) * i128::from(basis_points))
        }
        Rate::FixedMonthly { kronor } => Ok(i128::from(kronor) * 120_000),
    }
}

/// An assignment's arvode and omkostnad for `month`.
///
/// The assignment runs from `assignment_start` to `assignment_end` (its last paid day, included;
/// `None` while it goes on). `periods` say which level applies from which date (in any order; of
/// two with the same `from`, the later in the slice wins). The prisbasbelopp is the month's
/// year's.
///
/// Each stretch of days at one level earns the level's monthly amount × days / days in the
/// month. For a share of the prisbasbelopp the monthly amount is prisbasbelopp × basis points /
/// (10 000 × 12), kept as an exact fraction. The stretches are added as exact fractions and the
/// sum is rounded to whole kronor once (half away from zero), arvode and omkostnad each on its
/// own. A whole month at one level therefore equals [`Rate::monthly`].
///
/// `Ok(None)` when the assignment has no day in the month.
pub fn month_amounts(
    month: Month,
    assignment_start: NaiveDate,
    assignment_end: Option<NaiveDate>,
    periods: &[LevelPeriod],
    price_base_for_year: impl Fn(i32) -> Option<i64>,
) -> Result<Option<MonthAmounts>, AmountError> {
    if assignment_end.is_some_and(|end| end < assignment_start) {
        return Err(AmountError::EndsBeforeStart);
    }
    let first = assignment_start.max(month.first_day());
    let last = assignment_end.map_or(month.last_day(), |end| end.min(month.last_day()));
    if first > last {
        return Ok(None);
    }

    // Periods by start date; of two starting the same day, the later given wins.
    let mut order: Vec<usize> = (0..periods.len()).collect();
    order.sort_by_key(|&i| (periods[i].from, i));
    let mut effective: Vec<usize> = Vec::new();
    for i in order {
        if effective
            .last()
            .is_some_and(|&prev| periods[prev].from == periods[i].from)
        {
            effective.pop();
        }
        effective.push(i);
    }

    let mut segments = Vec::new();
    let mut day = first;
    while day <= last {
        let at = effective
            .iter()
            .rposition(|&i| periods[i].from <= day)
            .ok_or(AmountError::NoLevel { date: day })?;
        let segment_last = effective
            .get(at + 1)
            .and_then(|&next| periods[next].from.pred_opt())
            .map_or(last, |before_next| before_next.min(last));
        let days = u32::try_from((segment_last - day).num_days() + 1).expect("within a month");
        segments.push(MonthSegment {
            first: day,
            last: segment_last,
            days,
            period: effective[at],
        });
        match segment_last.succ_opt() {
            Some(next) => day = next,
            None => break,
        }
    }

    let days_in_month = month.days();
    let denominator = 120_000 * i128::from(days_in_month);
    let amount = |rate_of: fn(&LevelPeriod) -> Rate| -> Result<i64, AmountError> {
        let mut numerator: i128 = 0;
        for segment in &segments {
            let monthly = monthly_twelve_thousandths(
                rate_of(&periods[segment.period]),
                month.year(),
                &price_base_for_year,
            )?;
            numerator = monthly
                .checked_mul(i128::from(segment.days))
                .and_then(|part| numerator.checked_add(part))
                .ok_or(AmountError::TooLarge)?;
        }
        i64::try_from(round_div_wide(numerator, denominator)).map_err(|_| AmountError::TooLarge)
    };
    let arvode = amount(|p| p.arvode)?;
    let omkostnad = amount(|p| p.omkostnad)?;
    Ok(Some(MonthAmounts {
        days_covered: segments.iter().map(|s| s.days).sum(),
        days_in_month,
        arvode,
        omkostnad,
        segments,
    }))
}

/// One year's compensation data as an administrator edits it: the prisbasbelopp and the levels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompensationYear {
    /// The year.
    pub year: i32,
    /// The prisbasbelopp in kronor.
    pub price_base_kronor: i64,
    /// Where the amount comes from (e.g. `SFS 2025:872`).
    pub price_base_source: String,
    /// Where the levels come from: the decision that set them (e.g. the social welfare
    /// committee's minutes), or for the starting levels the SKR recommendation and the point of
    /// its band. Empty for levels saved before the source was kept.
    #[serde(default)]
    pub levels_source: String,
    /// The levels, at most one per frequency.
    pub levels: Vec<Level>,
}

/// The answer to saving a year: the levels outside SKR's recommendation, saved all the same.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SavedYear {
    /// `levels[i].arvode` / `levels[i].omkostnad` with the code [`skr::OUTSIDE_BAND`].
    pub warnings: Vec<crate::api::FieldError>,
}

/// Bounds an administrator's input is checked against (typo guards, not policy).
pub mod bounds {
    /// Earliest and latest year.
    pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;
    /// A plausible prisbasbelopp.
    pub const PRICE_BASE: std::ops::RangeInclusive<i64> = 10_000..=500_000;
    /// A share of the prisbasbelopp per year, in basis points (0–200 %).
    pub const BASIS_POINTS: std::ops::RangeInclusive<i64> = 0..=20_000;
    /// A fixed monthly amount in kronor.
    pub const FIXED_MONTHLY: std::ops::RangeInclusive<i64> = 0..=100_000;
    /// The source's length.
    pub const SOURCE_MAX: usize = 200;
}

/// Checks a year's compensation data; the field names are `price_base_kronor`,
/// `price_base_source`, `levels_source`, `levels`, `levels[i].arvode`, `levels[i].omkostnad`.
/// A level outside SKR's recommendation is no error here: [`skr::warnings`] names it.
pub fn validate_year(data: &CompensationYear) -> Result<(), Vec<crate::api::FieldError>> {
    let mut errors = Vec::new();
    let mut error = |field: String, code: &str| {
        errors.push(crate::api::FieldError {
            field,
            code: code.into(),
        })
    };
    if !bounds::YEARS.contains(&data.year) {
        error("year".into(), "out_of_range");
    }
    if !bounds::PRICE_BASE.contains(&data.price_base_kronor) {
        error("price_base_kronor".into(), "out_of_range");
    }
    let source = data.price_base_source.trim();
    if source.is_empty() {
        error("price_base_source".into(), "required");
    } else if source.chars().count() > bounds::SOURCE_MAX {
        error("price_base_source".into(), "too_long");
    }
    if data.levels_source.trim().chars().count() > bounds::SOURCE_MAX {
        error("levels_source".into(), "too_long");
    }
    let mut seen = std::collections::BTreeSet::new();
    for (i, level) in data.levels.iter().enumerate() {
        if !seen.insert(level.frequency) {
            error(format!("levels[{i}].frequency"), "duplicate");
        }
        for (name, rate) in [("arvode", level.arvode), ("omkostnad", level.omkostnad)] {
            let fits = match rate {
                Rate::PriceBasePercent { basis_points } => {
                    bounds::BASIS_POINTS.contains(&basis_points)
                }
                Rate::FixedMonthly { kronor } => bounds::FIXED_MONTHLY.contains(&kronor),
            };
            if !fits {
                error(format!("levels[{i}].{name}"), "out_of_range");
            }
        }
    }
    if data.levels.is_empty() {
        error("levels".into(), "choose_at_least_one");
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
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

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("a valid date")
    }

    fn month(text: &str) -> Month {
        Month::parse(text).expect("a month")
    }

    /// 2025: 58 800, 2026: 59 200; other years unknown.
    fn price_base(year: i32) -> Option<i64> {
        match year {
            2025 => Some(58_800),
            2026 => Some(59_200),
            _ => None,
        }
    }

    /// Level 1: 36 % arvode, 12 % omkostnad (1 776 and 592 a month in 2026).
    fn level_one(from: NaiveDate) -> LevelPeriod {
        LevelPeriod {
            from,
            arvode: Rate::PriceBasePercent {
                basis_points: 3_600,
            },
            omkostnad: Rate::PriceBasePercent {
                basis_points: 1_200,
            },
        }
    }

    fn fixed(from: NaiveDate, arvode: i64, omkostnad: i64) -> LevelPeriod {
        LevelPeriod {
            from,
            arvode: Rate::FixedMonthly { kronor: arvode },
            omkostnad: Rate::FixedMonthly { kronor: omkostnad },
        }
    }

    fn amounts(
        m: &str,
        start: NaiveDate,
        end: Option<NaiveDate>,
        periods: &[LevelPeriod],
    ) -> Option<(u32, u32, i64, i64)> {
        month_amounts(month(m), start, end, periods, price_base)
            .expect("computable")
            .map(|a| (a.days_covered, a.days_in_month, a.arvode, a.omkostnad))
    }

    #[test]
    fn a_month_parses_from_year_dash_month_and_knows_its_days() {
        let m = month("2026-11");
        assert_eq!((m.year(), m.month()), (2026, 11));
        assert_eq!(m.to_string(), "2026-11");
        assert_eq!(m.first_day(), d(2026, 11, 1));
        assert_eq!(m.last_day(), d(2026, 11, 30));
        assert_eq!(month("2028-02").days(), 29, "leap year");
        assert_eq!(month("2027-02").days(), 28);
        assert_eq!(month("2100-02").days(), 28, "not a leap year");
        assert_eq!(month("2000-02").days(), 29, "a leap year after all");
        assert_eq!(month("2026-12").next(), month("2027-01"));
        assert_eq!(month("2027-01").previous(), month("2026-12"));
        assert!(month("2026-11").contains(d(2026, 11, 30)));
        assert!(!month("2026-11").contains(d(2026, 12, 1)));
        assert_eq!(Month::of(d(2026, 3, 9)), month("2026-03"));
        for bad in [
            "2026-13",
            "2026-00",
            "2026-1",
            "26-11",
            "2026/11",
            "2026-11-01",
            "２０２６-11",
            "",
        ] {
            assert_eq!(Month::parse(bad), None, "{bad}");
        }
        assert_eq!(
            serde_json::to_string(&m).expect("json"),
            "\"2026-11\"",
            "a month is a string on the wire"
        );
        assert_eq!(
            serde_json::from_str::<Month>("\"2026-11\"").expect("json"),
            m
        );
        assert!(serde_json::from_str::<Month>("\"2026-13\"").is_err());
    }

    #[test]
    fn a_whole_month_at_one_level_is_the_levels_monthly_amount() {
        assert_eq!(
            amounts("2026-11", d(2026, 1, 1), None, &[level_one(d(2025, 1, 1))]),
            Some((30, 30, 1_776, 592))
        );
    }

    #[test]
    fn the_first_and_last_days_of_the_assignment_are_both_paid() {
        let levels = [level_one(d(2025, 1, 1))];
        let cases = [
            (d(2026, 11, 1), None, (30, 1_776, 592), "starts on the 1st"),
            (
                d(2026, 11, 30),
                None,
                (1, 59, 20),
                "starts on the last day: 1776/30 = 59.2, 592/30 = 19.73",
            ),
            (
                d(2026, 11, 10),
                None,
                (21, 1_243, 414),
                "starts on the 10th: 1776 × 21/30 = 1243.2, 592 × 21/30 = 414.4",
            ),
            (
                d(2026, 6, 1),
                Some(d(2026, 11, 15)),
                (15, 888, 296),
                "ends mid-month: half of November",
            ),
            (
                d(2026, 11, 10),
                Some(d(2026, 11, 10)),
                (1, 59, 20),
                "a single day",
            ),
        ];
        for (start, end, (days, arvode, omkostnad), why) in cases {
            assert_eq!(
                amounts("2026-11", start, end, &levels),
                Some((days, 30, arvode, omkostnad)),
                "{why}"
            );
        }
    }

    #[test]
    fn a_month_the_assignment_does_not_touch_has_no_amounts() {
        let levels = [level_one(d(2025, 1, 1))];
        assert_eq!(amounts("2026-11", d(2026, 12, 1), None, &levels), None);
        assert_eq!(
            amounts("2026-11", d(2026, 1, 1), Some(d(2026, 10, 31)), &levels),
            None
        );
    }

    #[test]
    fn february_in_a_leap_year_has_twenty_nine_days_to_share() {
        let levels = [fixed(d(2027, 1, 1), 2_900, 580)];
        assert_eq!(
            amounts("2028-02", d(2028, 2, 15), None, &levels),
            Some((15, 29, 1_500, 300)),
            "2900 × 15/29 = 1500 exactly"
        );
        assert_eq!(
            amounts("2027-02", d(2027, 2, 15), None, &levels),
            Some((14, 28, 1_450, 290)),
            "2900 × 14/28"
        );
    }

    #[test]
    fn pro_rata_parts_are_added_exactly_and_rounded_once() {
        // 1 001 kr for 15 of 30 days is 500.5 and 2 001 kr for 15 days is 1 000.5. Rounding each
        // part would pay 501 + 1 001 = 1 502; the exact sum is 1 501.
        let levels = [
            fixed(d(2026, 1, 1), 1_001, 0),
            fixed(d(2026, 11, 16), 2_001, 0),
        ];
        let a = month_amounts(month("2026-11"), d(2026, 1, 1), None, &levels, price_base)
            .expect("computable")
            .expect("touches the month");
        assert_eq!(a.arvode, 1_501);
        let rounded_each: i64 = a
            .segments
            .iter()
            .map(|s| {
                let monthly = [1_001, 2_001][s.period];
                round_div(monthly * i64::from(s.days), 30)
            })
            .sum();
        assert_eq!(rounded_each, 1_502, "what rounding each part would pay");
    }

    #[test]
    fn a_level_changing_mid_month_is_paid_pro_rata_for_each_part() {
        let level_two = LevelPeriod {
            from: d(2026, 11, 11),
            arvode: Rate::PriceBasePercent {
                basis_points: 6_000,
            },
            omkostnad: Rate::FixedMonthly { kronor: 900 },
        };
        // Given out of order: the order of the slice does not matter.
        let levels = [level_two, level_one(d(2026, 1, 1))];
        let a = month_amounts(month("2026-11"), d(2026, 3, 1), None, &levels, price_base)
            .expect("computable")
            .expect("touches the month");
        assert_eq!(
            a.segments,
            [
                MonthSegment {
                    first: d(2026, 11, 1),
                    last: d(2026, 11, 10),
                    days: 10,
                    period: 1
                },
                MonthSegment {
                    first: d(2026, 11, 11),
                    last: d(2026, 11, 30),
                    days: 20,
                    period: 0
                },
            ]
        );
        // Arvode: 1776 × 10/30 + 2960 × 20/30 = 592 + 1973.33 = 2565.33.
        assert_eq!(a.arvode, 2_565);
        // Omkostnad: 592 × 10/30 + 900 × 20/30 = 197.33 + 600 = 797.33.
        assert_eq!(a.omkostnad, 797);
        assert_eq!(a.days_covered, 30);
    }

    #[test]
    fn an_assignment_meeting_more_often_from_mid_month_is_paid_each_level_for_its_days() {
        let levels = [
            Level {
                frequency: Frequency::Weekly,
                arvode: Rate::PriceBasePercent {
                    basis_points: 3_600,
                },
                omkostnad: Rate::PriceBasePercent {
                    basis_points: 1_200,
                },
            },
            Level {
                frequency: Frequency::SeveralPerWeek,
                arvode: Rate::PriceBasePercent {
                    basis_points: 6_000,
                },
                omkostnad: Rate::FixedMonthly { kronor: 900 },
            },
        ];
        let terms = [
            Terms {
                from: d(2026, 3, 1),
                frequency: Frequency::Weekly,
                special: None,
            },
            Terms {
                from: d(2026, 11, 11),
                frequency: Frequency::SeveralPerWeek,
                special: None,
            },
        ];
        let periods = level_periods(&terms, &levels).expect("every frequency has a level");
        let a = month_amounts(month("2026-11"), d(2026, 3, 1), None, &periods, price_base)
            .expect("computable")
            .expect("touches the month");
        // The same figures as a level changing mid-month: 1776 × 10/30 + 2960 × 20/30.
        assert_eq!((a.arvode, a.omkostnad), (2_565, 797));
        assert_eq!(a.segments.len(), 2);
        assert_eq!(
            terms_on(&terms, d(2026, 11, 10)).map(|t| t.frequency),
            Some(Frequency::Weekly)
        );
        assert_eq!(
            terms_on(&terms, d(2026, 11, 11)).map(|t| t.frequency),
            Some(Frequency::SeveralPerWeek)
        );
        assert_eq!(
            terms_on(&terms, d(2026, 1, 1)).map(|t| t.from),
            Some(d(2026, 3, 1)),
            "before the start: the first terms"
        );
    }

    #[test]
    fn special_terms_pay_the_decided_amounts_and_a_frequency_without_a_level_is_an_error() {
        let terms = [
            Terms {
                from: d(2026, 3, 1),
                frequency: Frequency::Weekly,
                special: Some((9_000, 1_500)),
            },
            Terms {
                from: d(2026, 11, 16),
                frequency: Frequency::AlmostDaily,
                special: None,
            },
        ];
        assert_eq!(
            level_periods(&terms, &[]),
            Err(AmountError::NoLevel {
                date: d(2026, 11, 16)
            })
        );
        let periods = level_periods(&terms[..1], &[]).expect("no level needed");
        let a = month_amounts(month("2026-11"), d(2026, 11, 16), None, &periods, |_| None)
            .expect("no prisbasbelopp needed")
            .expect("touches the month");
        // 9 000 × 15/30 and 1 500 × 15/30.
        assert_eq!((a.arvode, a.omkostnad, a.days_covered), (4_500, 750, 15));
    }

    #[test]
    fn a_missing_price_base_is_asked_for_this_year_and_from_november_for_next_year() {
        let known = [2024, 2025, 2026];
        assert_eq!(price_base_reminder(d(2026, 10, 31), &known), None);
        assert_eq!(price_base_reminder(d(2026, 11, 1), &known), Some(2027));
        assert_eq!(price_base_reminder(d(2026, 12, 31), &[2026, 2027]), None);
        assert_eq!(price_base_reminder(d(2027, 1, 2), &known), Some(2027));
        assert_eq!(price_base_reminder(d(2027, 6, 1), &[2027]), None);
    }

    #[test]
    fn only_the_terms_that_pay_for_a_day_of_the_month_are_used() {
        let at = |from: NaiveDate, frequency| Terms {
            from,
            frequency,
            special: None,
        };
        let terms = [
            at(d(2026, 1, 10), Frequency::AlmostDaily),
            at(d(2026, 6, 1), Frequency::Weekly),
            at(d(2026, 11, 15), Frequency::SeveralPerWeek),
            at(d(2026, 12, 1), Frequency::AlmostDaily),
        ];
        let froms = |month: &str| -> Vec<NaiveDate> {
            terms_for_month(&terms, Month::parse(month).unwrap())
                .iter()
                .map(|t| t.from)
                .collect()
        };
        assert_eq!(froms("2026-11"), [d(2026, 6, 1), d(2026, 11, 15)]);
        assert_eq!(froms("2026-12"), [d(2026, 12, 1)]);
        assert_eq!(
            froms("2026-01"),
            [d(2026, 1, 10)],
            "before the start: the first terms"
        );
        // Weekly and several-per-week have levels; almost daily (January's) does not: November
        // is still paid.
        let levels = [Frequency::Weekly, Frequency::SeveralPerWeek].map(|frequency| Level {
            frequency,
            arvode: Rate::FixedMonthly { kronor: 3_000 },
            omkostnad: Rate::FixedMonthly { kronor: 600 },
        });
        let november = terms_for_month(&terms, Month::parse("2026-11").unwrap());
        assert!(level_periods(&november, &levels).is_ok());
        assert!(level_periods(&terms, &levels).is_err());
    }

    #[test]
    fn the_later_of_two_periods_from_the_same_day_wins() {
        let levels = [
            fixed(d(2026, 1, 1), 1_000, 100),
            fixed(d(2026, 1, 1), 2_000, 200),
        ];
        assert_eq!(
            amounts("2026-11", d(2026, 1, 1), None, &levels),
            Some((30, 30, 2_000, 200))
        );
    }

    #[test]
    fn the_price_base_is_the_one_of_the_months_year() {
        let levels = [level_one(d(2025, 1, 1))];
        assert_eq!(
            amounts("2025-12", d(2025, 1, 1), None, &levels),
            Some((31, 31, 1_764, 588)),
            "36 % and 12 % of 58 800 / 12"
        );
        assert_eq!(
            amounts("2026-01", d(2025, 1, 1), None, &levels),
            Some((31, 31, 1_776, 592)),
            "36 % and 12 % of 59 200 / 12"
        );
    }

    #[test]
    fn missing_levels_and_price_bases_are_errors_not_silent_zeros() {
        assert_eq!(
            month_amounts(
                month("2026-11"),
                d(2026, 11, 1),
                None,
                &[level_one(d(2026, 11, 5))],
                price_base
            ),
            Err(AmountError::NoLevel {
                date: d(2026, 11, 1)
            })
        );
        assert_eq!(
            month_amounts(
                month("2027-01"),
                d(2026, 11, 1),
                None,
                &[level_one(d(2026, 1, 1))],
                price_base
            ),
            Err(AmountError::NoPriceBase { year: 2027 })
        );
        assert_eq!(
            month_amounts(
                month("2027-01"),
                d(2026, 11, 1),
                None,
                &[fixed(d(2026, 1, 1), 3_000, 500)],
                price_base
            )
            .map(|a| a.map(|a| a.arvode)),
            Ok(Some(3_000)),
            "a fixed amount needs no price base"
        );
        assert_eq!(
            month_amounts(
                month("2026-11"),
                d(2026, 11, 10),
                Some(d(2026, 11, 9)),
                &[level_one(d(2026, 1, 1))],
                price_base
            ),
            Err(AmountError::EndsBeforeStart)
        );
        assert_eq!(
            month_amounts(
                month("2026-11"),
                d(2026, 11, 1),
                None,
                &[LevelPeriod {
                    from: d(2026, 1, 1),
                    arvode: Rate::PriceBasePercent {
                        basis_points: i64::MAX
                    },
                    omkostnad: Rate::FixedMonthly { kronor: 0 },
                }],
                |_| Some(i64::MAX)
            ),
            Err(AmountError::TooLarge)
        );
        assert_eq!(
            serde_json::to_string(&AmountError::NoPriceBase { year: 2027 }).expect("json"),
            r#"{"kind":"no_price_base","year":2027}"#
        );
    }

    #[test]
    fn wide_rounding_agrees_with_round_div_and_never_overflows() {
        for (n, d) in [
            (5, 2),
            (4, 2),
            (-5, 2),
            (1, 3),
            (2, 3),
            (-2, 3),
            (0, 7),
            (59, 30),
        ] {
            assert_eq!(
                round_div_wide(i128::from(n), i128::from(d)),
                i128::from(round_div(n, d))
            );
        }
        let d = 3_600_000;
        let rounds_up = i128::MAX % d * 2 >= d;
        assert_eq!(
            round_div_wide(i128::MAX, d),
            i128::MAX / d + i128::from(rounds_up)
        );
        assert_eq!(round_div_wide(i128::MIN, 2), i128::MIN / 2);
    }

    fn year_2027() -> CompensationYear {
        CompensationYear {
            year: 2027,
            price_base_kronor: 60_100,
            price_base_source: "SFS 2026:1".into(),
            levels_source: "Socialnämnden 2026-12-10 § 7".into(),
            levels: vec![
                Level {
                    frequency: Frequency::Weekly,
                    arvode: Rate::PriceBasePercent {
                        basis_points: 3_600,
                    },
                    omkostnad: Rate::FixedMonthly { kronor: 600 },
                },
                Level {
                    frequency: Frequency::AlmostDaily,
                    arvode: Rate::PriceBasePercent {
                        basis_points: 9_600,
                    },
                    omkostnad: Rate::PriceBasePercent {
                        basis_points: 2_400,
                    },
                },
            ],
        }
    }

    #[test]
    fn a_sensible_year_of_levels_is_accepted() {
        assert_eq!(validate_year(&year_2027()), Ok(()));
    }

    #[test]
    fn typos_in_a_year_of_levels_are_named_by_field() {
        let mut data = year_2027();
        data.price_base_kronor = 601;
        data.price_base_source = "  ".into();
        data.levels[1].frequency = Frequency::Weekly;
        data.levels[0].arvode = Rate::PriceBasePercent {
            basis_points: 360_000,
        };
        data.levels[1].omkostnad = Rate::FixedMonthly { kronor: -5 };
        let fields: Vec<String> = validate_year(&data)
            .unwrap_err()
            .into_iter()
            .map(|e| format!("{} {}", e.field, e.code))
            .collect();
        assert_eq!(
            fields,
            [
                "price_base_kronor out_of_range",
                "price_base_source required",
                "levels[0].arvode out_of_range",
                "levels[1].frequency duplicate",
                "levels[1].omkostnad out_of_range",
            ]
        );
        data.levels.clear();
        assert!(validate_year(&data)
            .unwrap_err()
            .iter()
            .any(|e| e.field == "levels" && e.code == "choose_at_least_one"));
    }
}
