use chrono::NaiveDate;

use super::report::{normalise_reference, validate_hold, HoldForm};
use super::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

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

fn days(amount: u32) -> Period {
    Period {
        amount,
        unit: Unit::Days,
    }
}

#[test]
fn a_period_in_months_ends_on_the_same_day_number_or_the_last_day_of_a_shorter_month() {
    for (period, start, end, why) in [
        (
            months(24),
            "2024-03-15",
            "2026-03-15",
            "the same day two years on",
        ),
        (
            months(1),
            "2026-01-31",
            "2026-02-28",
            "February 2026 has 28 days",
        ),
        (
            months(1),
            "2028-01-31",
            "2028-02-29",
            "February 2028 has 29",
        ),
        (months(1), "2026-03-31", "2026-04-30", "April has 30"),
        (
            months(24),
            "2024-02-29",
            "2026-02-28",
            "a leap day two years on",
        ),
        (
            months(48),
            "2024-02-29",
            "2028-02-29",
            "a leap day four years on",
        ),
        (
            months(18),
            "2025-08-31",
            "2027-02-28",
            "across a year end to a short month",
        ),
        (months(1), "2026-12-31", "2027-01-31", "December to January"),
    ] {
        assert_eq!(period.after(d(start)), d(end), "{why}");
    }
}

#[test]
fn a_period_in_years_ends_on_28_february_when_it_starts_on_a_leap_day() {
    assert_eq!(years(1).after(d("2024-02-29")), d("2025-02-28"));
    assert_eq!(years(4).after(d("2024-02-29")), d("2028-02-29"));
    assert_eq!(years(5).after(d("2026-06-30")), d("2031-06-30"));
}

#[test]
fn a_period_in_days_counts_calendar_days_across_month_and_year_ends() {
    assert_eq!(days(2).after(d("2026-12-31")), d("2027-01-02"));
    assert_eq!(
        days(30).after(d("2028-02-15")),
        d("2028-03-16"),
        "29 days in February 2028"
    );
    assert_eq!(days(90).after(d("2026-01-01")), d("2026-04-01"));
}

#[test]
fn the_latest_start_due_is_exactly_the_last_day_whose_period_has_ended() {
    // Every day of four years, including two leap days, against each kind of period: every
    // start up to the answer is due, the day after it is not.
    let periods = [months(1), months(24), years(1), years(5), days(2), days(90)];
    let mut as_of = d("2026-01-01");
    while as_of <= d("2029-12-31") {
        for period in periods {
            let latest = period.latest_start_due(as_of);
            assert!(
                period.after(latest) <= as_of,
                "{period:?} {as_of}: {latest} is due"
            );
            let next = latest.succ_opt().unwrap();
            assert!(
                period.after(next) > as_of,
                "{period:?} {as_of}: {next} is not"
            );
        }
        as_of = as_of.succ_opt().unwrap();
    }
    // 29, 30 and 31 January all end on 28 February 2026.
    assert_eq!(months(1).latest_start_due(d("2026-02-28")), d("2026-01-31"));
    assert_eq!(months(1).latest_start_due(d("2026-02-27")), d("2026-01-27"));
}

fn facts(approved: bool, last: &str) -> ApplicantFacts {
    ApplicantFacts {
        approved,
        last_activity: d(last),
        assignments: 0,
        ongoing: 0,
        last_assignment_end: None,
        last_assignment_activity: None,
    }
}

#[test]
fn an_application_never_approved_is_due_two_years_after_its_last_event_by_default() {
    let rules = RuleSet::defaults();
    for (last, due) in [
        ("2024-03-15", "2026-03-15"),
        ("2024-02-29", "2026-02-28"),
        ("2024-08-31", "2026-08-31"),
    ] {
        assert_eq!(
            applicant_due(&rules, &facts(false, last)),
            Some((Category::Applications, d(due))),
            "last event {last}"
        );
    }
}

#[test]
fn an_approved_person_without_assignments_is_due_after_the_contact_persons_period() {
    let mut stored = Category::ContactPersons.default_rule();
    stored.amount = 18;
    let rules = RuleSet::from_stored(vec![stored]);
    assert_eq!(
        applicant_due(&rules, &facts(true, "2025-08-31")),
        Some((Category::ContactPersons, d("2027-02-28")))
    );
}

#[test]
fn a_contact_person_is_kept_while_an_assignment_goes_on_and_as_long_as_their_ended_assignments() {
    let rules = RuleSet::defaults();
    let mut person = facts(true, "2024-01-10");
    person.assignments = 2;
    person.ongoing = 1;
    person.last_assignment_end = Some(d("2025-06-30"));
    assert_eq!(applicant_due(&rules, &person), None, "one still going on");

    person.ongoing = 0;
    person.last_assignment_end = Some(d("2026-06-30"));
    person.last_assignment_activity = Some(d("2026-07-02"));
    assert_eq!(
        applicant_due(&rules, &person),
        Some((Category::ContactPersons, d("2031-06-30"))),
        "the latest assignment's five years, not the person's two"
    );

    let mut long = Category::ContactPersons.default_rule();
    long.amount = 120;
    let rules = RuleSet::from_stored(vec![long]);
    assert_eq!(
        applicant_due(&rules, &person),
        Some((Category::ContactPersons, d("2036-07-02"))),
        "ten years after the last follow-up, when that is later"
    );
}

#[test]
fn someone_who_had_an_assignment_is_a_contact_person_whatever_their_stage() {
    let mut person = facts(false, "2025-01-01");
    person.assignments = 1;
    person.last_assignment_end = Some(d("2025-03-31"));
    let (category, due) = applicant_due(&RuleSet::defaults(), &person).unwrap();
    assert_eq!(category, Category::ContactPersons);
    assert_eq!(due, d("2030-03-31"));
}

#[test]
fn a_contact_person_whose_assignments_were_removed_still_counts_from_their_last_day() {
    // The assignment ended 2026-06-30 and was removed five years on; the person's own period
    // (ten years here) still runs from that day, not from their approval.
    let mut long = Category::ContactPersons.default_rule();
    long.amount = 120;
    let rules = RuleSet::from_stored(vec![long]);
    let mut person = facts(false, "2024-01-10");
    person.last_assignment_activity = Some(d("2026-06-30"));
    assert_eq!(
        applicant_due(&rules, &person),
        Some((Category::ContactPersons, d("2036-06-30")))
    );
}

#[test]
fn an_ended_assignment_is_due_five_years_after_its_last_day_by_default() {
    let rules = RuleSet::defaults();
    assert_eq!(assignment_due(&rules, d("2026-06-30")), d("2031-06-30"));
    assert_eq!(assignment_due(&rules, d("2028-02-29")), d("2033-02-28"));
}

#[test]
fn a_record_is_due_on_its_day_not_the_day_before_and_a_hold_stops_it() {
    let due = d("2026-03-15");
    assert_eq!(standing(due, false, d("2026-03-14")), Standing::NotYet);
    assert_eq!(standing(due, false, d("2026-03-15")), Standing::Due);
    assert_eq!(standing(due, false, d("2027-01-01")), Standing::Due);
    assert_eq!(standing(due, true, d("2026-03-15")), Standing::Held);
    assert_eq!(
        standing(due, true, d("2030-01-01")),
        Standing::Held,
        "until released"
    );
    assert_eq!(standing(due, true, d("2026-03-14")), Standing::NotYet);
}

#[test]
fn the_preview_looks_thirty_days_ahead() {
    assert_eq!(preview_until(d("2026-02-10")), d("2026-03-12"));
}

#[test]
fn the_defaults_keep_the_privacy_notices_promise_of_two_years() {
    let rules = RuleSet::defaults();
    assert_eq!(rules.period(Category::Applications), months(24));
    assert_eq!(rules.period(Category::ContactPersons), months(24));
    assert_eq!(rules.rules().len(), Category::ALL.len());
    for rule in rules.rules() {
        let (low, high) = rule.category.bounds();
        assert!((low..=high).contains(&rule.amount), "{:?}", rule.category);
        assert!(rule.changed_at.is_none() && !rule.decision.is_empty());
    }
}

#[test]
fn a_stored_rule_replaces_its_categorys_default_only() {
    let mut sessions = Category::Sessions.default_rule();
    sessions.amount = 30;
    sessions.decision = "SN 2026-03-01 § 12".into();
    let rules = RuleSet::from_stored(vec![sessions.clone()]);
    assert_eq!(rules.rule(Category::Sessions), &sessions);
    assert_eq!(rules.period(Category::SentMails), days(30));
    assert_eq!(rules.period(Category::AccessLog), years(5));
}

#[test]
fn a_rule_change_needs_a_period_within_bounds_and_a_decision() {
    let form = |amount: i64, decision: &str| RuleForm {
        amount,
        decision: decision.into(),
    };
    let codes = |category, form: RuleForm| -> Vec<(String, String)> {
        validate_rule(category, &form)
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    };
    let pair = |f: &str, c: &str| (f.to_string(), c.to_string());
    assert_eq!(
        validate_rule(Category::Applications, &form(18, "  SN 2026-03-01 § 12 ")),
        Ok(ValidRule {
            amount: 18,
            decision: "SN 2026-03-01 § 12".into()
        })
    );
    assert_eq!(
        codes(Category::Applications, form(0, "x")),
        [pair("amount", "out_of_range")]
    );
    assert_eq!(
        codes(Category::Applications, form(121, "x")),
        [pair("amount", "out_of_range")]
    );
    assert_eq!(
        codes(Category::Sessions, form(-5, "x")),
        [pair("amount", "out_of_range")]
    );
    assert_eq!(
        codes(Category::SignInThrottles, form(1, "x")),
        [pair("amount", "out_of_range")],
        "attempts are kept at least two days"
    );
    assert_eq!(
        codes(Category::Sessions, form(30, "  ")),
        [pair("decision", "required")]
    );
    assert_eq!(
        codes(Category::AccessLog, form(99, &"§".repeat(301))),
        [pair("amount", "out_of_range"), pair("decision", "too_long")]
    );
}

#[test]
fn codes_read_back_as_their_values() {
    for category in Category::ALL {
        assert_eq!(Category::from_code(category.code()), Some(category));
    }
    for unit in [Unit::Days, Unit::Months, Unit::Years] {
        assert_eq!(Unit::from_code(unit.code()), Some(unit));
    }
    assert_eq!(Category::from_code("everything"), None);
}

#[test]
fn periods_are_said_in_swedish() {
    assert_eq!(months(24).swedish(), "24 månader");
    assert_eq!(months(1).swedish(), "1 månad");
    assert_eq!(years(5).swedish(), "5 år");
    assert_eq!(days(1).swedish(), "1 dag");
}

#[test]
fn a_reference_is_read_however_it_was_typed() {
    assert_eq!(
        normalise_reference(" kp-2026-42 ").as_deref(),
        Some("KP-2026-0042")
    );
    assert_eq!(
        normalise_reference("KP-2026-0042").as_deref(),
        Some("KP-2026-0042")
    );
    assert_eq!(
        normalise_reference("KP-2026-12345").as_deref(),
        Some("KP-2026-12345")
    );
    for wrong in [
        "KP-26-0042",
        "KP-2026-",
        "B-2026-0001",
        "KP-2026-00x1",
        "KP-2026-0000",
        "",
    ] {
        assert_eq!(normalise_reference(wrong), None, "{wrong:?}");
    }
}

#[test]
fn a_hold_needs_a_reference_and_a_reason() {
    let hold = |reference: &str, reason: &str| HoldForm {
        reference: reference.into(),
        reason: reason.into(),
    };
    assert_eq!(
        validate_hold(&hold("kp-2026-7", " JO-anmälan dnr 1234-2026 ")),
        Ok(("KP-2026-0007".into(), "JO-anmälan dnr 1234-2026".into()))
    );
    let codes = |form: HoldForm| -> Vec<String> {
        validate_hold(&form)
            .unwrap_err()
            .into_iter()
            .map(|e| format!("{}:{}", e.field, e.code))
            .collect()
    };
    assert_eq!(
        codes(hold("", "")),
        ["reference:required", "reason:required"]
    );
    assert_eq!(codes(hold("KP-20", "Överklagande")), ["reference:format"]);
    assert_eq!(
        codes(hold("KP-2026-1", &"x".repeat(501))),
        ["reason:too_long"]
    );
}
