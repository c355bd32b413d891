//! Monthly reports in the caseworker's Swedish: a report's state, what a meeting was spent on,
//! how long it took, and one meeting as a line. Plain functions, tested natively.

use kp_domain::monthly_report::{Activity, Meeting, ReportStatus};

/// A report's state.
pub fn status_name(status: ReportStatus) -> &'static str {
    match status {
        ReportStatus::Draft => "Utkast (inte skickad)",
        ReportStatus::Submitted => "Skickad, väntar på granskning",
        ReportStatus::Returned => "Skickad tillbaka för ändring",
        ReportStatus::Approved => "Godkänd",
    }
}

/// What a meeting was spent on.
pub fn activity_name(activity: Activity) -> &'static str {
    match activity {
        Activity::Talk => "pratade, fikade",
        Activity::Outdoors => "promenad eller ute",
        Activity::Sport => "idrott eller träning",
        Activity::Culture => "bio, museum, bibliotek",
        Activity::School => "läxor eller skola",
        Activity::Errands => "ärenden",
        Activity::Meal => "lagade mat eller åt",
        Activity::Other => "annat",
    }
}

/// About how long: "1 timme", "1,5 timmar", "30 minuter".
pub fn duration_text(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} minuter"),
        (1, 0) => "1 timme".into(),
        (h, 0) => format!("{h} timmar"),
        (h, 30) => format!("{h},5 timmar"),
        (h, m) => format!("{h} tim {m} min"),
    }
}

/// One meeting as a line: "2026-11-03, 2 timmar: promenad eller ute, pratade, fikade. Fotboll".
pub fn meeting_line(meeting: &Meeting) -> String {
    let what = meeting
        .activities
        .iter()
        .map(|a| activity_name(*a))
        .collect::<Vec<_>>()
        .join(", ");
    let note = meeting.note.trim();
    let mut line = format!(
        "{}, {}: {what}",
        meeting.date,
        duration_text(meeting.minutes)
    );
    if !note.is_empty() {
        line.push_str(". ");
        line.push_str(note);
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_a_person_says_them() {
        assert_eq!(duration_text(30), "30 minuter");
        assert_eq!(duration_text(60), "1 timme");
        assert_eq!(duration_text(90), "1,5 timmar");
        assert_eq!(duration_text(120), "2 timmar");
        assert_eq!(duration_text(720), "12 timmar");
    }

    #[test]
    fn a_meeting_is_one_line_with_its_day_length_activities_and_words() {
        let meeting = Meeting {
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 3).unwrap(),
            minutes: 120,
            activities: vec![Activity::Outdoors, Activity::Talk],
            note: " Fotboll ".into(),
        };
        assert_eq!(
            meeting_line(&meeting),
            "2026-11-03, 2 timmar: promenad eller ute, pratade, fikade. Fotboll"
        );
    }

    #[test]
    fn every_activity_and_status_has_its_own_words() {
        let mut names: Vec<&str> = Activity::ALL.iter().map(|a| activity_name(*a)).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Activity::ALL.len());
        assert_eq!(status_name(ReportStatus::Approved), "Godkänd");
    }
}
