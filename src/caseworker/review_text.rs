//! The caseworker's words for reviewing monthly reports and for the messages with contact
//! persons: a month by name, amounts in kronor and öre, whether a report came in time, the
//! errors of a return's comment and of a message, and a thread with its worries first. Plain
//! functions, tested natively.

use kp_domain::compensation::Month;
use kp_domain::messages::Message;
use kp_domain::monthly_report::MonthState;
use kp_domain::time::SWEDISH_MONTHS;

/// "november 2026".
pub fn month_name(month: Month) -> String {
    let name = SWEDISH_MONTHS
        .get(month.month() as usize - 1)
        .copied()
        .unwrap_or_default();
    format!("{name} {}", month.year())
}

/// An amount in öre as "1 234,50 kr" (whole kronor without decimals: "120 kr").
pub fn ore_text(ore: i64) -> String {
    let sign = if ore < 0 { "−" } else { "" };
    let ore = ore.unsigned_abs();
    let kronor = (ore / 100).to_string();
    let mut grouped = String::new();
    for (i, digit) in kronor.chars().enumerate() {
        if i > 0 && (kronor.len() - i) % 3 == 0 {
            grouped.push('\u{a0}');
        }
        grouped.push(digit);
    }
    match ore % 100 {
        0 => format!("{sign}{grouped}\u{a0}kr"),
        cents => format!("{sign}{grouped},{cents:02}\u{a0}kr"),
    }
}

/// Whether a report came in time, and whether it is paid: "I tid", "Försenad", or "Försenad –
/// betalas inte (för sent enligt regeln om sena rapporter)".
pub fn timeliness(late: bool, payable: bool) -> &'static str {
    match (late, payable) {
        (false, _) => "I tid",
        (true, true) => "Försenad",
        (true, false) => "Försenad – betalas inte (för sent enligt regeln om sena rapporter)",
    }
}

/// What an overdue month comes to if it is sent today.
pub fn overdue_payable(payable: bool) -> &'static str {
    if payable {
        "Betalas om den skickas nu"
    } else {
        "Betalas inte längre"
    }
}

/// Where a month's report is, as the assignment page lists it.
pub fn month_state_name(state: MonthState) -> &'static str {
    match state {
        MonthState::Open => "Inte skickad ännu",
        MonthState::Overdue => "Försenad – inte skickad",
        MonthState::Submitted => "Skickad, väntar på granskning",
        MonthState::Returned => "Skickad tillbaka för ändring",
        MonthState::Approved => "Godkänd",
        MonthState::TooLate => "Godkänd, men skickad för sent för att betalas",
    }
}

/// Whether the caseworker can open the month's report: only once it has been sent (a draft is
/// the contact person's alone).
pub fn month_sent(state: MonthState) -> bool {
    !matches!(state, MonthState::Open | MonthState::Overdue)
}

/// The comment of a return, refused: a code of `validate_return_comment` in words.
pub fn comment_error(code: &str) -> &'static str {
    match code {
        "required" => "Skriv vad kontaktpersonen behöver ändra.",
        "too_long" => "Kommentaren får vara högst 1 000 tecken.",
        "invalid_characters" => "Kommentaren innehåller tecken som inte kan sparas. Ta bort dem.",
        _ => "Kommentaren kan inte sparas så här.",
    }
}

/// A message, refused: a code of `validate_message` in words.
pub fn message_error(code: &str) -> &'static str {
    match code {
        "required" => "Skriv ett meddelande.",
        "too_long" => "Meddelandet får vara högst 2 000 tecken.",
        "invalid_characters" => "Meddelandet innehåller tecken som inte kan skickas. Ta bort dem.",
        _ => "Meddelandet kan inte skickas så här.",
    }
}

/// A review or a message the server refused for another reason than a field.
pub fn failure_text(status: u16, code: &str) -> &'static str {
    match (status, code) {
        (409, "not_submitted") => {
            "Rapporten är redan granskad eller inte skickad. Sidan visar nu hur den ser ut."
        }
        (404, _) => "Rapporten eller uppdraget finns inte längre.",
        (0, _) => "Ingen kontakt med servern. Kontrollera anslutningen och försök igen.",
        (403, _) => "Du har inte behörighet att göra det här.",
        _ => "Det gick inte. Försök igen om en stund.",
    }
}

/// A thread as the assignment page shows it: the contact person's worries first (newest first),
/// then the rest of the conversation in the order it was written.
pub fn worries_first(mut thread: Vec<Message>) -> (Vec<Message>, Vec<Message>) {
    thread.sort_by(|a, b| (&a.sent_at, a.id).cmp(&(&b.sent_at, b.id)));
    let (mut worries, rest): (Vec<Message>, Vec<Message>) = thread
        .into_iter()
        .partition(|m| m.worry && m.from_contact_person);
    worries.reverse();
    (worries, rest)
}

/// Who wrote a message and when: "Amina Yusuf (kontaktperson), 2026-12-06 09:14".
pub fn message_meta(message: &Message) -> String {
    let who = if message.from_contact_person {
        format!("{} (kontaktperson)", message.author)
    } else {
        format!("{} (socialtjänsten)", message.author)
    };
    format!(
        "{who}, {}",
        kp_domain::time::display_in_sweden(&message.sent_at)
    )
}

/// Whether the contact person has read a caseworker's message: "Läst 2026-12-06 10:02" or
/// "Inte läst ännu"; nothing for the contact person's own.
pub fn read_text(message: &Message) -> Option<String> {
    if message.from_contact_person {
        return None;
    }
    Some(match &message.read_at {
        Some(at) => format!(
            "Läst av kontaktpersonen {}",
            kp_domain::time::display_in_sweden(at)
        ),
        None => "Inte läst av kontaktpersonen ännu".to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(id: i64, worry: bool, from_contact_person: bool, at: &str) -> Message {
        Message {
            id,
            from_contact_person,
            author: "Amina Yusuf".into(),
            worry,
            body: format!("Meddelande {id}"),
            sent_at: at.into(),
            read_at: None,
        }
    }

    #[test]
    fn a_month_is_named_as_a_swede_says_it() {
        assert_eq!(
            month_name(Month::parse("2026-11").unwrap()),
            "november 2026"
        );
        assert_eq!(month_name(Month::parse("2027-01").unwrap()), "januari 2027");
    }

    #[test]
    fn amounts_read_in_kronor_with_ore_only_when_there_are_any() {
        assert_eq!(ore_text(12_000), "120\u{a0}kr");
        assert_eq!(ore_text(123_450), "1\u{a0}234,50\u{a0}kr");
        assert_eq!(ore_text(5), "0,05\u{a0}kr");
        assert_eq!(ore_text(100_000_000), "1\u{a0}000\u{a0}000\u{a0}kr");
    }

    #[test]
    fn only_a_sent_month_opens_and_every_state_has_its_words() {
        let all = [
            MonthState::Open,
            MonthState::Overdue,
            MonthState::Submitted,
            MonthState::Returned,
            MonthState::Approved,
            MonthState::TooLate,
        ];
        let opens: Vec<bool> = all.iter().map(|s| month_sent(*s)).collect();
        assert_eq!(opens, [false, false, true, true, true, true]);
        let mut names: Vec<&str> = all.iter().map(|s| month_state_name(*s)).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), all.len());
    }

    #[test]
    fn a_late_report_says_whether_it_is_still_paid() {
        assert_eq!(timeliness(false, true), "I tid");
        assert_eq!(timeliness(true, true), "Försenad");
        assert!(timeliness(true, false).contains("betalas inte"));
    }

    #[test]
    fn every_refusal_of_a_comment_or_message_has_its_own_words() {
        for code in ["required", "too_long", "invalid_characters"] {
            assert_ne!(comment_error(code), comment_error("other"), "{code}");
            assert_ne!(message_error(code), message_error("other"), "{code}");
        }
    }

    #[test]
    fn worries_come_first_newest_first_and_the_conversation_keeps_its_order() {
        let thread = vec![
            message(3, false, false, "2026-12-03T09:00:00Z"),
            message(2, true, true, "2026-12-02T09:00:00Z"),
            message(1, false, true, "2026-12-01T09:00:00Z"),
            message(4, true, true, "2026-12-04T09:00:00Z"),
        ];
        let (worries, rest) = worries_first(thread);
        let ids = |list: &[Message]| list.iter().map(|m| m.id).collect::<Vec<_>>();
        assert_eq!(ids(&worries), [4, 2]);
        assert_eq!(ids(&rest), [1, 3]);
    }

    #[test]
    fn a_message_names_its_side_and_whether_the_contact_person_read_ours() {
        let ours = message(1, false, false, "2026-12-01T09:00:00Z");
        assert!(message_meta(&ours).contains("(socialtjänsten)"));
        assert_eq!(
            read_text(&ours).as_deref(),
            Some("Inte läst av kontaktpersonen ännu")
        );
        let theirs = message(2, false, true, "2026-12-01T09:00:00Z");
        assert!(message_meta(&theirs).starts_with("Amina Yusuf (kontaktperson), "));
        assert_eq!(read_text(&theirs), None);
    }
}
