//! Swedish local time without a time-zone database: CET (UTC+1), and CEST (UTC+2) from the last
//! Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC (the EU rule, in force since
//! 1996). Dates the caseworker sees and "today" for the pipeline rules both come from here.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Utc, Weekday};

fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let next_month = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    }
    .expect("a valid first of month");
    let mut day = next_month.pred_opt().expect("a day before");
    while day.weekday() != Weekday::Sun {
        day = day.pred_opt().expect("a day before");
    }
    day
}

/// Sweden's offset from UTC at the instant `utc`, in hours (1 or 2).
pub fn offset_hours(utc: DateTime<Utc>) -> i64 {
    let year = utc.year();
    let one_am = |date: NaiveDate| date.and_hms_opt(1, 0, 0).expect("01:00 exists").and_utc();
    let summer_starts = one_am(last_sunday(year, 3));
    let summer_ends = one_am(last_sunday(year, 10));
    if utc >= summer_starts && utc < summer_ends {
        2
    } else {
        1
    }
}

/// The wall-clock time in Sweden at the instant `utc`.
pub fn in_sweden(utc: DateTime<Utc>) -> NaiveDateTime {
    utc.naive_utc() + Duration::hours(offset_hours(utc))
}

/// The calendar date in Sweden at the instant `utc`.
pub fn today_in_sweden(utc: DateTime<Utc>) -> NaiveDate {
    in_sweden(utc).date()
}

/// The instant Swedish wall-clock time shows `local`. In the hour the clocks skip (02:00–03:00
/// on the last Sunday of March) that is an hour later than written; in the hour they repeat
/// (October) the first of the two.
pub fn from_sweden(local: NaiveDateTime) -> DateTime<Utc> {
    let as_utc = local.and_utc();
    let summer = as_utc - Duration::hours(2);
    if offset_hours(summer) == 2 {
        summer
    } else {
        as_utc - Duration::hours(1)
    }
}

/// The instant a calendar day begins in Sweden (midnight, never inside a clock change).
pub fn start_of_day_in_sweden(date: NaiveDate) -> DateTime<Utc> {
    from_sweden(date.and_hms_opt(0, 0, 0).expect("midnight exists"))
}

/// A server time stamp (RFC 3339, or SQLite's `YYYY-MM-DD HH:MM:SS`, which is UTC) as Swedish
/// wall-clock time to the second, `2026-11-22 14:05:01`, as logs and lists of events show it; the
/// text unchanged if it is neither.
pub fn display_in_sweden_seconds(stamp: &str) -> String {
    let parsed = DateTime::parse_from_rfc3339(stamp)
        .map(|t| t.with_timezone(&Utc))
        .or_else(|_| {
            NaiveDateTime::parse_from_str(stamp, "%Y-%m-%d %H:%M:%S").map(|t| t.and_utc())
        });
    match parsed {
        Ok(t) => in_sweden(t).format("%Y-%m-%d %H:%M:%S").to_string(),
        Err(_) => stamp.to_string(),
    }
}

/// An RFC 3339 instant as Swedish wall-clock time, `2026-11-22 14:05` (the text unchanged, with
/// `T` as a space, if it does not parse).
pub fn display_in_sweden(rfc3339: &str) -> String {
    match DateTime::parse_from_rfc3339(rfc3339) {
        Ok(t) => in_sweden(t.with_timezone(&Utc))
            .format("%Y-%m-%d %H:%M")
            .to_string(),
        Err(_) => rfc3339.replace('T', " "),
    }
}

/// The months' Swedish names, January first.
pub const SWEDISH_MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

/// A day as Swedish writes it in a sentence: "22 november 2026".
pub fn swedish_date(date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        date.day(),
        SWEDISH_MONTHS[date.month0() as usize],
        date.year()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_is_written_the_swedish_way() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        assert_eq!(swedish_date(day), "22 november 2026");
        assert_eq!(
            swedish_date(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()),
            "1 januari 2027"
        );
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_swedish_day_begins_the_evening_before_in_utc_and_three_oclock_follows_the_clocks() {
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(
            start_of_day_in_sweden(day("2026-01-15")),
            utc("2026-01-14T23:00:00Z")
        );
        assert_eq!(
            start_of_day_in_sweden(day("2026-07-15")),
            utc("2026-07-14T22:00:00Z")
        );
        // The days of the clock changes begin on the old offset.
        assert_eq!(
            start_of_day_in_sweden(day("2026-03-29")),
            utc("2026-03-28T23:00:00Z")
        );
        assert_eq!(
            start_of_day_in_sweden(day("2026-10-25")),
            utc("2026-10-24T22:00:00Z")
        );
        let three = |date: &str| day(date).and_hms_opt(3, 0, 0).unwrap();
        assert_eq!(
            from_sweden(three("2026-03-29")),
            utc("2026-03-29T01:00:00Z")
        );
        assert_eq!(
            from_sweden(three("2026-10-25")),
            utc("2026-10-25T02:00:00Z")
        );
        for date in ["2026-03-29", "2026-10-25", "2026-12-31"] {
            assert_eq!(
                today_in_sweden(start_of_day_in_sweden(day(date))),
                day(date)
            );
        }
    }

    #[test]
    fn winter_is_one_hour_and_summer_two_ahead_of_utc() {
        assert_eq!(offset_hours(utc("2026-01-15T12:00:00Z")), 1);
        assert_eq!(offset_hours(utc("2026-07-15T12:00:00Z")), 2);
    }

    #[test]
    fn the_clocks_change_at_one_in_the_night_utc_on_the_last_sundays_of_march_and_october() {
        // 2026: 29 March and 25 October.
        assert_eq!(offset_hours(utc("2026-03-29T00:59:59Z")), 1);
        assert_eq!(offset_hours(utc("2026-03-29T01:00:00Z")), 2);
        assert_eq!(offset_hours(utc("2026-10-25T00:59:59Z")), 2);
        assert_eq!(offset_hours(utc("2026-10-25T01:00:00Z")), 1);
    }

    #[test]
    fn just_before_midnight_utc_in_summer_is_already_tomorrow_in_sweden() {
        assert_eq!(
            today_in_sweden(utc("2026-06-30T22:30:00Z")),
            NaiveDate::from_ymd_opt(2026, 7, 1).unwrap()
        );
        assert_eq!(
            today_in_sweden(utc("2026-12-31T22:30:00Z")),
            NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()
        );
    }

    #[test]
    fn stored_instants_are_shown_as_swedish_wall_clock_time() {
        assert_eq!(
            display_in_sweden("2026-11-22T13:05:09.123Z"),
            "2026-11-22 14:05"
        );
        assert_eq!(
            display_in_sweden("2026-07-01T08:00:00+00:00"),
            "2026-07-01 10:00"
        );
        assert_eq!(display_in_sweden("inte en tid"), "inte en tid");
    }

    #[test]
    fn a_server_time_stamp_is_shown_in_swedish_time_to_the_second_whatever_the_browser_zone() {
        assert_eq!(
            display_in_sweden_seconds("2026-11-22T09:05:01Z"),
            "2026-11-22 10:05:01"
        );
        assert_eq!(
            display_in_sweden_seconds("2026-07-01T09:05:01+00:00"),
            "2026-07-01 11:05:01",
            "summer time"
        );
        assert_eq!(
            display_in_sweden_seconds("2026-11-22 09:05:01"),
            "2026-11-22 10:05:01",
            "SQLite's UTC text"
        );
        assert_eq!(display_in_sweden_seconds("not a time"), "not a time");
    }
}
