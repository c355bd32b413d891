use super::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

fn month(y: i32, m: u32) -> Month {
    Month::new(y, m).expect("a valid month")
}

fn ongoing_from(start: NaiveDate) -> Period {
    Period { start, end: None }
}

/// Due by the 5th.
fn rules() -> ReportRules {
    ReportRules::new(5, 3, false).unwrap()
}

const SINCE_SPRING: Period = Period {
    start: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
    end: None,
};

/// What `reminder_due` gives for November 2026 of an assignment since the spring, nothing saved
/// and nothing sent, on `today`.
fn november_on(today: NaiveDate) -> Option<Reminder> {
    reminder_due(month(2026, 11), SINCE_SPRING, None, today, &rules(), &[])
}

#[test]
fn the_month_ended_reminder_runs_from_the_first_day_after_the_month_to_the_due_day_and_the_late_one_a_week_after(
) {
    let cases = [
        (day(2026, 11, 30), None, "the month's last day"),
        (
            day(2026, 12, 1),
            Some(Reminder::MonthEnded),
            "the day after",
        ),
        (day(2026, 12, 5), Some(Reminder::MonthEnded), "the due day"),
        (
            day(2026, 12, 6),
            Some(Reminder::Late),
            "the day after the due day",
        ),
        (
            day(2026, 12, 12),
            Some(Reminder::Late),
            "a week after the due day",
        ),
        (day(2026, 12, 13), None, "past the late window"),
        (day(2027, 3, 1), None, "months later"),
    ];
    for (today, expected, why) in cases {
        assert_eq!(november_on(today), expected, "{why}: {today}");
    }
    // December's report is due in January of the next year.
    let december = month(2026, 12);
    let on = |today| reminder_due(december, SINCE_SPRING, None, today, &rules(), &[]);
    assert_eq!(on(day(2026, 12, 31)), None);
    assert_eq!(on(day(2027, 1, 1)), Some(Reminder::MonthEnded));
    assert_eq!(on(day(2027, 1, 6)), Some(Reminder::Late));
    // The due day is the municipality's.
    let by_the_20th = ReportRules::new(20, 3, false).unwrap();
    let november = month(2026, 11);
    let on = |today| reminder_due(november, SINCE_SPRING, None, today, &by_the_20th, &[]);
    assert_eq!(on(day(2026, 12, 20)), Some(Reminder::MonthEnded));
    assert_eq!(on(day(2026, 12, 21)), Some(Reminder::Late));
    assert_eq!(on(day(2026, 12, 28)), None);
}

#[test]
fn each_reminder_goes_once_and_the_late_one_still_goes_after_the_first() {
    let november = month(2026, 11);
    let sent = [Reminder::MonthEnded];
    let on = |today, sent: &[Reminder]| {
        reminder_due(november, SINCE_SPRING, None, today, &rules(), sent)
    };
    assert_eq!(on(day(2026, 12, 2), &sent), None);
    assert_eq!(on(day(2026, 12, 6), &sent), Some(Reminder::Late));
    assert_eq!(
        on(day(2026, 12, 7), &[Reminder::MonthEnded, Reminder::Late]),
        None
    );
    assert_eq!(on(day(2026, 12, 7), &[Reminder::Late]), None);
}

#[test]
fn a_server_that_was_down_reminds_when_it_is_up_again_within_the_window_and_never_after() {
    // Down from the 1st to the 4th: the month-ended reminder goes on the 5th.
    assert_eq!(november_on(day(2026, 12, 5)), Some(Reminder::MonthEnded));
    // Down over the whole of the first window: only the late reminder, never the missed one.
    assert_eq!(november_on(day(2026, 12, 8)), Some(Reminder::Late));
    let after_late = reminder_due(
        month(2026, 11),
        SINCE_SPRING,
        None,
        day(2026, 12, 9),
        &rules(),
        &[Reminder::Late],
    );
    assert_eq!(
        after_late, None,
        "the missed month-ended reminder never comes"
    );
    // Down for longer than both windows: nothing at all.
    assert_eq!(november_on(day(2026, 12, 20)), None);
}

#[test]
fn a_month_is_reminded_of_when_the_assignment_covers_a_day_of_it_however_it_starts_or_ends() {
    let november = month(2026, 11);
    let dec_2 = day(2026, 12, 2);
    let cases = [
        (ongoing_from(day(2026, 11, 20)), true, "starting mid-month"),
        (
            ongoing_from(day(2026, 11, 30)),
            true,
            "starting on the last day",
        ),
        (
            ongoing_from(day(2026, 12, 1)),
            false,
            "starting the next month",
        ),
        (
            Period {
                start: day(2026, 3, 1),
                end: Some(day(2026, 11, 10)),
            },
            true,
            "ending mid-month",
        ),
        (
            Period {
                start: day(2026, 3, 1),
                end: Some(day(2026, 11, 1)),
            },
            true,
            "ending on the first day",
        ),
        (
            Period {
                start: day(2026, 3, 1),
                end: Some(day(2026, 10, 31)),
            },
            false,
            "ended the month before",
        ),
        (
            Period {
                start: day(2026, 11, 12),
                end: Some(day(2026, 11, 14)),
            },
            true,
            "three days within the month",
        ),
    ];
    for (period, reminded, why) in cases {
        assert_eq!(
            reminder_due(november, period, None, dec_2, &rules(), &[]).is_some(),
            reminded,
            "{why}"
        );
    }
}

#[test]
fn a_sent_or_approved_report_is_never_reminded_of_but_a_draft_or_a_returned_one_is() {
    let november = month(2026, 11);
    let cases = [
        (None, Some(Reminder::Late), "nothing saved"),
        (Some(ReportStatus::Draft), Some(Reminder::Late), "a draft"),
        (
            Some(ReportStatus::Returned),
            Some(Reminder::Late),
            "returned: to send again",
        ),
        (
            Some(ReportStatus::Submitted),
            None,
            "sent, waiting for review",
        ),
        (Some(ReportStatus::Approved), None, "approved"),
    ];
    for (status, expected, why) in cases {
        assert_eq!(
            reminder_due(
                november,
                SINCE_SPRING,
                status,
                day(2026, 12, 7),
                &rules(),
                &[]
            ),
            expected,
            "{why}"
        );
    }
}

#[test]
fn switching_reminders_on_for_an_assignment_with_nothing_reported_sends_no_pile_of_old_ones() {
    // A year of months without a report or a reminder: only the months whose window is open.
    let long_ago = ongoing_from(day(2025, 12, 1));
    assert_eq!(
        reminders_due(long_ago, &[], &[], day(2026, 12, 8), &rules()),
        [(month(2026, 11), Reminder::Late)]
    );
    assert_eq!(
        reminders_due(long_ago, &[], &[], day(2026, 12, 2), &rules()),
        [(month(2026, 11), Reminder::MonthEnded)]
    );
    // With a late due day two windows can be open at once, one per month and no more.
    let by_the_28th = ReportRules::new(28, 3, false).unwrap();
    assert_eq!(
        reminders_due(long_ago, &[], &[], day(2026, 12, 3), &by_the_28th),
        [
            (month(2026, 10), Reminder::Late),
            (month(2026, 11), Reminder::MonthEnded)
        ]
    );
    assert_eq!(
        reminders_due(long_ago, &[], &[], day(2026, 12, 20), &rules()),
        []
    );
}

#[test]
fn a_year_of_daily_runs_sends_each_unsent_month_one_reminder_of_each_kind_and_none_for_sent_months()
{
    for due_day in [1, 5, 28] {
        let rules = ReportRules::new(due_day, 3, false).unwrap();
        let period = ongoing_from(day(2026, 1, 15));
        // Every other month's report is sent on its due day.
        let mut reports: Vec<(Month, ReportStatus)> = Vec::new();
        let mut sent: Vec<(Month, Reminder)> = Vec::new();
        let mut today = day(2026, 1, 1);
        while today <= day(2027, 2, 28) {
            for (month, reminder) in reminders_due(period, &reports, &sent, today, &rules) {
                assert!(
                    !sent.contains(&(month, reminder)),
                    "twice: {month} {reminder:?}"
                );
                sent.push((month, reminder));
            }
            let month = Month::of(today).previous();
            if month.month() % 2 == 0 && today == rules.due_date(month) {
                reports.push((month, ReportStatus::Submitted));
            }
            today = today.succ_opt().unwrap();
        }
        let (mut each, december) = (month(2026, 1), month(2026, 12));
        while each <= december {
            let month = each;
            let of_month: Vec<Reminder> = sent
                .iter()
                .filter(|(m, _)| *m == month)
                .map(|(_, r)| *r)
                .collect();
            let expected = if month.month() % 2 == 0 {
                // Sent on the due day, after that morning's month-ended reminder.
                vec![Reminder::MonthEnded]
            } else {
                vec![Reminder::MonthEnded, Reminder::Late]
            };
            assert_eq!(of_month, expected, "due day {due_day}, {month}");
            each = month.next();
        }
    }
}

#[test]
fn the_reminder_months_are_the_three_before_today() {
    assert_eq!(
        reminder_months(day(2027, 2, 14)),
        [month(2026, 11), month(2026, 12), month(2027, 1)]
    );
}

#[test]
fn reminders_round_trip_through_their_codes() {
    for reminder in [Reminder::MonthEnded, Reminder::Late] {
        assert_eq!(
            Reminder::try_from(reminder.code().to_string()),
            Ok(reminder)
        );
    }
    assert!(Reminder::try_from("soon".to_string()).is_err());
}

#[test]
fn every_locale_words_both_reminders_with_the_month_the_due_day_the_link_and_the_assignment() {
    let expected = [
        (Locale::Sv, "november 2026", "5 december 2026"),
        (Locale::Lattlast, "november 2026", "5 december 2026"),
        (Locale::En, "November 2026", "5 December 2026"),
        (Locale::Ar, "نوفمبر 2026", "5 ديسمبر 2026"),
        (Locale::Fa, "نوامبر 2026", "5 دسامبر 2026"),
        (Locale::So, "Nofembar 2026", "5 Desembar 2026"),
        (Locale::Ti, "ሕዳር 2026", "5 ታሕሳስ 2026"),
    ];
    assert_eq!(expected.len(), Locale::ALL.len());
    let link = "https://kommun.se/sv/mina-sidor";
    let references = ["U-2026-0007".to_string(), "U-2026-0012".to_string()];
    for (locale, month_text, due_text) in expected {
        let mut subjects = Vec::new();
        for reminder in [Reminder::MonthEnded, Reminder::Late] {
            let (subject, body) = reminder_mail(
                reminder,
                month(2026, 11),
                &rules(),
                locale,
                link,
                &references,
            );
            assert!(
                subject.contains(month_text),
                "{locale:?} {reminder:?}: {subject}"
            );
            assert!(body.contains(month_text), "{locale:?} {reminder:?}");
            assert!(body.contains(due_text), "{locale:?} {reminder:?}: {body}");
            assert!(body.contains(link), "{locale:?} {reminder:?}");
            assert!(
                body.contains("U-2026-0007, U-2026-0012"),
                "{locale:?} {reminder:?}"
            );
            assert!(
                !subject.contains('{') && !body.contains('{'),
                "{locale:?} {reminder:?}: a placeholder left"
            );
            subjects.push(subject);
        }
        assert_ne!(subjects[0], subjects[1], "{locale:?}: the two read alike");
    }
    // December's report is due in January, named with its year.
    let (_, body) = reminder_mail(
        Reminder::MonthEnded,
        month(2026, 12),
        &rules(),
        Locale::Sv,
        link,
        &references,
    );
    assert!(body.contains("december 2026") && body.contains("5 januari 2027"));
}
