//! Swedish words for the assignments screens: needs, matching reasons, plans, follow-ups, endings,
//! the payment basis, and every error code the assignments API and the domain's checks give.
//! Plain functions, so each wording is tested on the host.

use chrono::NaiveDate;
use kp_domain::assignment::{limits as assignment_limits, EndedBy, FollowUpRule, GoalProgress};
use kp_domain::compensation::{Frequency, Month, Terms};
use kp_domain::i18n::format_kronor;
use kp_domain::matching::Reason;
use kp_domain::need::{limits as need_limits, Gender, NeedGoal};
use kp_domain::placement::NeedStatus;
use kp_domain::Locale;

use super::text;

/// A gender code as the form shows it.
pub fn gender_name(gender: Gender) -> &'static str {
    match gender {
        Gender::Girl => "Flicka",
        Gender::Boy => "Pojke",
        Gender::Other => "Annat",
        Gender::Unspecified => "Inte angivet",
    }
}

/// A goal of the need.
pub fn goal_name(goal: NeedGoal) -> &'static str {
    match goal {
        NeedGoal::WiderNetwork => "Ett större socialt nätverk",
        NeedGoal::Routines => "Rutiner i vardagen",
        NeedGoal::SchoolSupport => "Stöd med skolan",
        NeedGoal::BreakIsolation => "Bryta isolering",
        NeedGoal::AwayFromHarmfulEnvironment => "Tid borta från en skadlig miljö",
        NeedGoal::Leisure => "En meningsfull fritid",
        NeedGoal::LanguageAndSociety => "Svenska språket och samhället",
    }
}

/// How often they meet, as a choice.
pub fn frequency_name(frequency: Frequency) -> &'static str {
    match frequency {
        Frequency::Weekly => "Minst en gång i veckan",
        Frequency::SeveralPerWeek => "Flera gånger i veckan",
        Frequency::AlmostDaily => "Nästan varje dag",
    }
}

/// A wished time (`weekdays`, `evenings`, `weekends`) in lower case, for running text.
pub fn time_name(code: &str) -> String {
    match code {
        "weekdays" => "dagtid på vardagar".to_string(),
        "evenings" => "kvällar".to_string(),
        "weekends" => "helger".to_string(),
        other => other.to_string(),
    }
}

/// A wished time as a choice (capitalised).
pub fn time_choice(code: &str) -> String {
    capitalise(&time_name(code))
}

/// The text with its first letter in upper case ("somaliska" → "Somaliska").
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// An age group code (`13-15`) as `13–15 år`.
pub fn age_group_name(group: &str) -> String {
    format!("{} år", group.replace('-', "–"))
}

/// Where a need is.
pub fn need_status_name(status: NeedStatus) -> &'static str {
    match status {
        NeedStatus::Open => "Väntar på kontaktperson",
        NeedStatus::Matched => "Kontaktperson utsedd",
        NeedStatus::Closed => "Avslutat",
    }
}

/// A goal's progress at a follow-up.
pub fn progress_name(progress: GoalProgress) -> &'static str {
    match progress {
        GoalProgress::Achieved => "Målet är nått",
        GoalProgress::Progress => "Närmare målet",
        GoalProgress::NoChange => "Ingen förändring",
        GoalProgress::Worse => "Längre från målet",
    }
}

/// Who ended an assignment.
pub fn ended_by_name(by: EndedBy) -> &'static str {
    match by {
        EndedBy::SocialServices => "Socialtjänsten",
        EndedBy::ContactPerson => "Kontaktpersonen",
        EndedBy::YoungPersonOrFamily => "Den unga eller familjen",
    }
}

/// A history entry's kind as a heading.
pub fn history_kind_name(kind: &str) -> &'static str {
    match kind {
        "need_registered" => "Behovet registrerades",
        "matched" => "Kontaktperson utsedd",
        "plan_written" => "Genomförandeplan sparad",
        "follow_up" => "Uppföljning",
        "terms_changed" => "Villkoren ändrades",
        "ended" => "Uppdraget avslutades",
        _ => "Händelse",
    }
}

/// "varje månad", "varannan månad", "var sjätte månad".
pub fn every_months_text(months: u32) -> String {
    const ORDINALS: [&str; 13] = [
        "", "", "", "tredje", "fjärde", "femte", "sjätte", "sjunde", "åttonde", "nionde", "tionde",
        "elfte", "tolfte",
    ];
    match months {
        1 => "varje månad".to_string(),
        2 => "varannan månad".to_string(),
        n => match ORDINALS.get(n as usize) {
            Some(word) => format!("var {word} månad"),
            None => format!("var {n}:e månad"),
        },
    }
}

/// "en månad", "tre månader".
pub fn months_text(months: u32) -> String {
    match months {
        1 => "en månad".to_string(),
        n => format!("{} månader", count_word(n)),
    }
}

/// When follow-ups are held, in a sentence: "Första uppföljningen tre månader efter start,
/// sedan var sjätte månad."
pub fn follow_up_rule_text(rule: FollowUpRule) -> String {
    format!(
        "Första uppföljningen {} efter start, sedan {}.",
        months_text(rule.first_after_months),
        every_months_text(rule.every_months)
    )
}

/// What an assignment is paid under some terms: the level's name, or the amounts decided.
pub fn terms_text(terms: &Terms) -> String {
    match terms.special {
        Some((arvode, omkostnad)) => format!(
            "{}; särskilt beslutat: arvode {} och omkostnad {} per månad",
            frequency_name(terms.frequency),
            format_kronor(Locale::Sv, arvode),
            format_kronor(Locale::Sv, omkostnad)
        ),
        None => frequency_name(terms.frequency).to_string(),
    }
}

/// Swedish number words for small counts ("två"), digits from thirteen on.
pub fn count_word(n: u32) -> String {
    const WORDS: [&str; 13] = [
        "noll", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva",
        "tolv",
    ];
    WORDS
        .get(n as usize)
        .map(|w| w.to_string())
        .unwrap_or_else(|| n.to_string())
}

/// "kvällar och helger", "dagtid på vardagar, kvällar och helger".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} och {last}", rest.join(", ")),
    }
}

/// One matching reason in words: "Talar dari", "Har redan två uppdrag".
pub fn reason_text(reason: &Reason) -> String {
    match reason {
        Reason::SuggestedByFamily => "Föreslagen av familjen".to_string(),
        Reason::SpeaksLanguage { code } => format!("Talar {}", text::language_name(code)),
        Reason::NoSharedLanguage => "Talar inget av barnets språk".to_string(),
        Reason::AgeGroupFits { group } => {
            format!("Vill gärna möta barn i åldern {}", age_group_name(group))
        }
        Reason::AnyAgeGroup => "Kan möta barn i alla åldrar".to_string(),
        Reason::AgeGroupOutside { group } => {
            format!("Har önskat andra åldrar än {}", age_group_name(group))
        }
        Reason::AvailableAt { times } => format!(
            "Kan träffas {}",
            and_list(&times.iter().map(|t| time_name(t)).collect::<Vec<_>>())
        ),
        Reason::NotAvailableAt { times } => format!(
            "Kan inte träffas {}",
            and_list(&times.iter().map(|t| time_name(t)).collect::<Vec<_>>())
                .replace(" och ", " eller ")
        ),
        Reason::SameArea => "Bor i samma område".to_string(),
        Reason::OtherArea => "Bor i ett annat område".to_string(),
        Reason::AreaUnknown => "Område okänt".to_string(),
        Reason::SharedInterests { words } => {
            format!("Delar intressen: {}", words.join(", "))
        }
        Reason::HasDrivingLicence => "Har körkort".to_string(),
        Reason::HasCar => "Har bil".to_string(),
        Reason::NoDrivingLicence => "Har inte körkort".to_string(),
        Reason::FrequencyFits { offered } => format!(
            "Kan träffas så ofta som behövs ({})",
            frequency_name(*offered).to_lowercase()
        ),
        Reason::FrequencyTooLow { offered } => format!(
            "Kan träffas mer sällan än behovet ({})",
            frequency_name(*offered).to_lowercase()
        ),
        Reason::NoActiveAssignments => "Har inga andra uppdrag just nu".to_string(),
        Reason::ActiveAssignments { count } => {
            format!("Har redan {} uppdrag", count_word(*count))
        }
    }
}

/// A reason's points with a sign: "+30", "−25" (a real minus sign), "0".
pub fn points_text(points: i32) -> String {
    match points {
        0 => "0".to_string(),
        p if p > 0 => format!("+{p}"),
        p => format!("\u{2212}{}", p.unsigned_abs()),
    }
}

/// What a flagged (overloaded) candidate is marked with.
pub fn overload_text(active: u32) -> String {
    format!(
        "Hög belastning: har redan {} uppdrag. Överväg någon annan.",
        count_word(active)
    )
}

/// The number of active assignments behind a ranking, from its load reason.
pub fn active_assignments(reasons: &[Reason]) -> u32 {
    reasons
        .iter()
        .find_map(|r| match r {
            Reason::ActiveAssignments { count } => Some(*count),
            _ => None,
        })
        .unwrap_or(0)
}

/// `2026-11` as "november 2026".
pub fn month_name(month: Month) -> String {
    format!(
        "{} {}",
        kp_domain::time::SWEDISH_MONTHS[(month.month() - 1) as usize],
        month.year()
    )
}

fn too_long(max: usize) -> String {
    format!("Texten är för lång. Skriv högst {max} tecken.")
}

const INVALID_CHARACTERS: &str =
    "Texten innehåller tecken som inte kan sparas, till exempel radbrytningar eller styrtecken. Ta bort dem.";
const CHOOSE_ONE: &str = "Välj ett av alternativen.";
const DATE_FORMAT: &str = "Ange ett datum, till exempel 2026-11-22.";

/// A need form field's label (the error summary names fields by it).
pub fn need_field_label(field: &str) -> &'static str {
    match field {
        "case_reference" => "Ärendenummer",
        "birth_year" => "Barnets födelseår",
        "gender" => "Kön",
        "languages" => "Språk som barnet talar",
        "area" => "Område",
        "district" => "Område",
        "interests" => "Intressen (valfritt)",
        "goals" => "Vad ska insatsen leda till?",
        "goal_note" => "Mer om målen (valfritt)",
        "assignment_type" => "Uppdragstyp",
        "frequency" => "Hur ofta ska de träffas?",
        "times" => "Önskade tider (valfritt)",
        "suggested_person" => "Kontaktperson som familjen föreslagit (valfritt)",
        "needs_driving" => "Bil",
        _ => "Fält",
    }
}

/// The message for a need form field's error code (from the browser's check or a 422).
pub fn need_error(field: &str, code: &str) -> String {
    let message = match (field, code) {
        ("case_reference", "required") => "Ange ärendets nummer i verksamhetssystemet.",
        ("birth_year", "required") => "Ange barnets födelseår.",
        ("birth_year", "format") => "Ange födelseåret med fyra siffror, till exempel 2014.",
        ("birth_year", "out_of_range") => "Barnet ska fylla 0–20 år i år. Kontrollera födelseåret.",
        ("gender", "required") => "Välj barnets kön, eller ”Inte angivet”.",
        ("languages", "choose_at_least_one") => "Välj minst ett språk som barnet talar.",
        ("area", "required") => "Ange den del av kommunen där barnet bor.",
        ("district", "required") => "Välj det område där barnet bor.",
        ("district", "invalid_choice") => {
            "Området finns inte längre. Välj ett av områdena i listan."
        }
        ("goals", "choose_at_least_one") => "Välj minst ett mål med insatsen.",
        ("assignment_type", "required") => "Välj uppdragstyp.",
        ("frequency", "required") => "Välj hur ofta de ska träffas.",
        (_, "invalid_choice") => CHOOSE_ONE,
        (_, "invalid_characters") => INVALID_CHARACTERS,
        (_, "required" | "choose_at_least_one") => "Fyll i fältet.",
        ("case_reference", "too_long") => return too_long(need_limits::CASE_REFERENCE),
        ("area", "too_long") => return too_long(need_limits::AREA),
        ("interests", "too_long") => return too_long(need_limits::INTERESTS),
        ("goal_note", "too_long") => return too_long(need_limits::GOAL_NOTE),
        ("suggested_person", "too_long") => return too_long(need_limits::SUGGESTED_PERSON),
        (_, "too_long") => "Texten är för lång.",
        _ => "Kontrollera fältet.",
    };
    message.to_string()
}

/// A list field's position in words: `goals[1].text` → `Some(("goals", 1, "text"))`.
pub fn indexed_field(field: &str) -> Option<(&str, usize, &str)> {
    let (list, rest) = field.split_once('[')?;
    let (index, rest) = rest.split_once(']')?;
    let index = index.parse().ok()?;
    Some((list, index, rest.strip_prefix('.').unwrap_or(rest)))
}

/// The message for a plan field's error code (`goals[0].how_noticed`, `contacts[1].who`, …).
pub fn plan_error(field: &str, code: &str) -> String {
    if field.starts_with("follow_up_rule.") {
        return "Välj mellan 1 och 12 månader.".to_string();
    }
    if let Some((list, i, part)) = indexed_field(field) {
        let n = i + 1;
        return match (list, part, code) {
            ("goals", "text", "required") => format!("Skriv mål {n}."),
            ("goals", "how_noticed", "required") => {
                format!("Skriv hur det märks att mål {n} nås.")
            }
            ("goals", _, "too_long") => too_long(assignment_limits::GOAL_TEXT),
            ("contacts", "who", "required") => format!("Skriv vem kontakt {n} är."),
            ("contacts", "how_often", "required") => {
                format!("Skriv hur ofta kontakt {n} ska ske.")
            }
            ("contacts", _, "too_long") => too_long(assignment_limits::CONTACT_TEXT),
            (_, _, "invalid_characters") => INVALID_CHARACTERS.to_string(),
            _ => "Kontrollera fältet.".to_string(),
        };
    }
    match (field, code) {
        ("goals", "required") => "Planen behöver minst ett mål.".to_string(),
        ("goals", "too_many") => format!(
            "Planen kan ha högst {} mål. Ta bort något.",
            assignment_limits::GOALS
        ),
        ("contacts", "too_many") => format!(
            "Planen kan ha högst {} kontakter. Ta bort någon.",
            assignment_limits::CONTACTS
        ),
        ("activities", "too_long") => too_long(assignment_limits::ACTIVITIES),
        ("special", "required") => {
            "Ett särskilt kvalificerat uppdrag behöver det överenskomna stödet och kontakterna med skola och myndigheter.".to_string()
        }
        ("special.agreed_support", "required") => "Beskriv det stöd ni har kommit överens om.".to_string(),
        ("special.school_and_authority_contacts", "required") => {
            "Beskriv kontakterna med skola och andra myndigheter.".to_string()
        }
        ("special.agreed_support" | "special.school_and_authority_contacts", "too_long") => {
            too_long(assignment_limits::SPECIAL_TEXT)
        }
        ("assignment_type", _) => {
            "Uppdraget har en okänd uppdragstyp. Kontakta systemförvaltaren.".to_string()
        }
        (_, "invalid_characters") => INVALID_CHARACTERS.to_string(),
        _ => "Kontrollera fältet.".to_string(),
    }
}

/// The message for a follow-up field's error code; `start` is the assignment's first day.
pub fn follow_up_error(field: &str, code: &str, start: NaiveDate) -> String {
    match (field, code) {
        ("date", "before_start") => {
            format!("Uppföljningen kan inte ha hållits före uppdragets start ({start}).")
        }
        ("date", "future_date") => {
            "Datumet ligger i framtiden. Ange den dag uppföljningen hölls.".to_string()
        }
        ("date", _) => DATE_FORMAT.to_string(),
        ("notes", "required") => "Skriv vad som sades och vad ni kom överens om.".to_string(),
        ("notes", "too_long") => too_long(assignment_limits::NOTES),
        (_, "unknown_goal") => {
            "Bedömningen gäller ett mål som inte finns i planen. Ladda om sidan.".to_string()
        }
        (_, "duplicate") => "Varje mål kan bara bedömas en gång.".to_string(),
        (_, "invalid_characters") => INVALID_CHARACTERS.to_string(),
        _ => "Kontrollera fältet.".to_string(),
    }
}

/// The message for an ending field's error code; `start` is the assignment's first day.
pub fn ending_error(field: &str, code: &str, start: NaiveDate) -> String {
    match (field, code) {
        ("date", "before_start") => {
            format!("Sista dagen kan inte ligga före uppdragets start ({start}).")
        }
        ("date", "future_date") => {
            "Sista dagen kan inte ligga i framtiden. Avsluta uppdraget när det har tagit slut."
                .to_string()
        }
        ("date", _) => DATE_FORMAT.to_string(),
        ("reason", "required") => "Skriv varför uppdraget avslutas.".to_string(),
        ("reason", "too_long") => too_long(assignment_limits::REASON),
        ("initiated_by", _) => "Välj vem som tog initiativet.".to_string(),
        ("contact_person_continues", _) => "Välj om kontaktpersonen vill fortsätta.".to_string(),
        (_, "invalid_characters") => INVALID_CHARACTERS.to_string(),
        _ => "Kontrollera fältet.".to_string(),
    }
}

/// The message for a field of the form that chooses a contact person.
pub fn new_assignment_error(field: &str, code: &str) -> String {
    match (field, code) {
        ("reason", "required") => "Skriv varför du väljer den här kontaktpersonen.".to_string(),
        ("reason", "too_long") => too_long(assignment_limits::REASON),
        ("start_date", "required" | "format") => DATE_FORMAT.to_string(),
        ("start_date", "out_of_range") => {
            "Startdagen får ligga högst ett år bakåt eller framåt i tiden.".to_string()
        }
        ("start_date", _) => "Kontrollera startdatumet.".to_string(),
        ("frequency", _) => "Välj hur ofta de ska träffas.".to_string(),
        ("special_arvode", "required") => {
            "Ange det arvode som har beslutats, i kronor per månad.".to_string()
        }
        ("special_omkostnad", "required") => {
            "Ange den omkostnadsersättning som har beslutats, i kronor per månad.".to_string()
        }
        ("special_arvode" | "special_omkostnad", "format" | "out_of_range" | "negative") => {
            "Ange ett belopp i hela kronor, 0 eller mer.".to_string()
        }
        ("applicant_reference", "not_approved") => {
            "Personen är inte längre godkänd som kontaktperson. Ladda om sidan och välj någon annan."
                .to_string()
        }
        ("applicant_reference", "not_approved_for_type") => {
            "Personen är inte godkänd för den här uppdragstypen. Välj någon annan.".to_string()
        }
        ("applicant_reference", _) => {
            "Kontaktpersonen kan inte väljas. Ladda om sidan och välj igen.".to_string()
        }
        (_, "invalid_characters") => INVALID_CHARACTERS.to_string(),
        _ => "Kontrollera fältet.".to_string(),
    }
}

/// Why a call about needs and assignments failed, when no field is to blame.
pub fn refusal(status: u16, code: &str) -> &'static str {
    match (status, code) {
        (_, "network") => {
            "Ingen kontakt med servern. Det du skrev finns kvar – försök igen när anslutningen fungerar."
        }
        (401, _) | (_, "unauthorized") => {
            "Du har blivit utloggad. Logga in igen i en ny flik; det du skrev finns kvar här."
        }
        (403, _) | (_, "forbidden") => "Du har inte behörighet att göra det här.",
        (404, _) | (_, "not_found") => {
            "Det finns inte längre. Ladda om sidan och kontrollera att det inte har tagits bort."
        }
        (_, "need_not_open") => {
            "Behovet har redan fått en kontaktperson. Ladda om sidan."
        }
        (_, "assignment_ended") => {
            "Uppdraget är redan avslutat. Ladda om sidan."
        }
        (_, "terms_changed") => {
            "Någon har just ändrat uppdragets villkor eller avslutat det. Ladda om sidan; det du skrev finns kvar."
        }
        (_, "validation_failed") => "Rätta det som är markerat och spara igen.",
        (409, _) => "Någon annan har just ändrat uppgifterna. Ladda om sidan; det du skrev finns kvar.",
        _ => "Det gick inte att spara. Försök igen om en stund; det du skrev finns kvar.",
    }
}

/// A message for a field of the change-of-terms form. `latest`: the day the latest terms apply
/// from.
pub fn terms_error(field: &str, code: &str, latest: NaiveDate) -> String {
    match (field, code) {
        ("from", "required" | "format") => DATE_FORMAT.to_string(),
        ("from", "closed_month") => {
            "En ändring kan gälla från den första i den här månaden eller senare. Tidigare månader kan redan vara utbetalda."
                .to_string()
        }
        ("from", "not_after_previous") => format!(
            "Villkoren gäller redan från {latest}. En ändring måste gälla från en senare dag."
        ),
        ("from", "out_of_range") => "En ändring kan gälla högst ett år framåt.".to_string(),
        ("frequency", "unchanged") => {
            "Det är samma villkor som redan gäller den dagen. Välj en annan nivå eller nya belopp."
                .to_string()
        }
        ("frequency", _) => "Välj hur ofta de ska träffas.".to_string(),
        ("reason", "required") => {
            "Skriv varför villkoren ändras, till exempel vilket beslut ändringen följer.".to_string()
        }
        ("reason", "too_long") => too_long(assignment_limits::REASON),
        ("special_arvode" | "special_omkostnad", _) => new_assignment_error(field, code),
        (_, "invalid_characters") => INVALID_CHARACTERS.to_string(),
        _ => "Kontrollera fältet.".to_string(),
    }
}

/// Why a month's payment basis cannot be shown.
pub fn payment_basis_refusal(code: &str) -> &'static str {
    match code {
        "no_price_base" => {
            "Årets prisbasbelopp är inte inlagt, så ersättningen kan inte räknas ut. En administratör lägger in det under Ersättning."
        }
        "no_level" => {
            "Ett uppdrag träffas så ofta att det saknas en ersättningsnivå för det i år. En administratör lägger in årets nivåer under Ersättning."
        }
        "ends_before_start" => {
            "Ett uppdrag slutar före sin start. Kontrollera uppdragens datum."
        }
        "too_large" => "Ett belopp blev orimligt stort. Kontrollera ersättningsnivåerna.",
        "validation_failed" => "Månaden skrivs år-månad, till exempel 2026-11.",
        "network" => "Ingen kontakt med servern. Försök igen när anslutningen fungerar.",
        _ => "Underlaget kunde inte hämtas. Ladda om sidan för att försöka igen.",
    }
}

/// A yes/no answer.
pub fn yes_no(value: bool) -> &'static str {
    if value {
        "Ja"
    } else {
        "Nej"
    }
}

/// The header's start and end, in the tense the day calls for: "Startar" for a start ahead,
/// "Avslutas" for a last day ahead, "Pågår" only while it does.
pub fn period_words(
    start: NaiveDate,
    end: Option<NaiveDate>,
    today: NaiveDate,
) -> [(&'static str, String); 2] {
    let started = if start > today { "Startar" } else { "Startade" };
    let status = match end {
        Some(end) if end <= today => ("Avslutat", end.to_string()),
        Some(end) => ("Avslutas", end.to_string()),
        None if start > today => ("Status", "Har inte börjat".to_string()),
        None => ("Status", "Pågår".to_string()),
    };
    [(started, start.to_string()), status]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_distinct_swedish_name() {
        use std::collections::HashSet;
        let genders: HashSet<_> = Gender::ALL.into_iter().map(gender_name).collect();
        assert_eq!(genders.len(), Gender::ALL.len());
        let goals: HashSet<_> = NeedGoal::ALL.into_iter().map(goal_name).collect();
        assert_eq!(goals.len(), NeedGoal::ALL.len());
        let progress: HashSet<_> = GoalProgress::ALL.into_iter().map(progress_name).collect();
        assert_eq!(progress.len(), GoalProgress::ALL.len());
        let ended: HashSet<_> = EndedBy::ALL.into_iter().map(ended_by_name).collect();
        assert_eq!(ended.len(), EndedBy::ALL.len());
        let frequencies: HashSet<_> = Frequency::ALL.into_iter().map(frequency_name).collect();
        assert_eq!(frequencies.len(), Frequency::ALL.len());
    }

    #[test]
    fn reasons_read_as_short_swedish_sentences() {
        assert_eq!(
            reason_text(&Reason::SpeaksLanguage { code: "prs".into() }),
            "Talar dari"
        );
        assert_eq!(
            reason_text(&Reason::ActiveAssignments { count: 2 }),
            "Har redan två uppdrag"
        );
        assert_eq!(
            reason_text(&Reason::ActiveAssignments { count: 14 }),
            "Har redan 14 uppdrag"
        );
        assert_eq!(
            reason_text(&Reason::AvailableAt {
                times: vec!["evenings".into(), "weekends".into()]
            }),
            "Kan träffas kvällar och helger"
        );
        assert_eq!(
            reason_text(&Reason::NotAvailableAt {
                times: vec!["weekdays".into(), "evenings".into(), "weekends".into()]
            }),
            "Kan inte träffas dagtid på vardagar, kvällar eller helger"
        );
        assert_eq!(
            reason_text(&Reason::AgeGroupFits {
                group: "13-15".into()
            }),
            "Vill gärna möta barn i åldern 13–15 år"
        );
        assert_eq!(
            reason_text(&Reason::SharedInterests {
                words: vec!["fotboll".into(), "schack".into()]
            }),
            "Delar intressen: fotboll, schack"
        );
        assert_eq!(
            reason_text(&Reason::FrequencyTooLow {
                offered: Frequency::Weekly
            }),
            "Kan träffas mer sällan än behovet (minst en gång i veckan)"
        );
    }

    #[test]
    fn points_carry_a_plus_or_a_real_minus_sign() {
        assert_eq!(points_text(30), "+30");
        assert_eq!(points_text(0), "0");
        assert_eq!(points_text(-25), "\u{2212}25");
    }

    #[test]
    fn the_load_is_read_from_the_reasons_and_flagged_in_words() {
        let reasons = vec![
            Reason::SpeaksLanguage { code: "so".into() },
            Reason::ActiveAssignments { count: 3 },
        ];
        assert_eq!(active_assignments(&reasons), 3);
        assert_eq!(active_assignments(&[Reason::NoActiveAssignments]), 0);
        assert!(overload_text(3).contains("har redan tre uppdrag"));
    }

    #[test]
    fn months_are_named_in_swedish_lower_case() {
        assert_eq!(month_name(Month::new(2026, 11).unwrap()), "november 2026");
        assert_eq!(month_name(Month::new(2027, 1).unwrap()), "januari 2027");
    }

    #[test]
    fn every_need_validation_code_has_a_specific_message() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let errors = kp_domain::need::validate_need(&kp_domain::need::NeedForm::default(), today)
            .unwrap_err();
        for e in errors {
            let message = need_error(&e.field, &e.code);
            assert_ne!(message, "Fyll i fältet.", "{}: {}", e.field, e.code);
            assert_ne!(message, "Kontrollera fältet.", "{}: {}", e.field, e.code);
            assert_ne!(need_field_label(&e.field), "Fält", "{}", e.field);
        }
        assert!(need_error("birth_year", "format").contains("fyra siffror"));
        assert!(need_error("interests", "too_long").contains("1000"));
    }

    #[test]
    fn list_fields_are_named_by_their_position_from_one() {
        assert_eq!(indexed_field("goals[1].text"), Some(("goals", 1, "text")));
        assert_eq!(indexed_field("goals"), None);
        assert_eq!(plan_error("goals[0].text", "required"), "Skriv mål 1.");
        assert_eq!(
            plan_error("goals[1].how_noticed", "required"),
            "Skriv hur det märks att mål 2 nås."
        );
        assert_eq!(
            plan_error("contacts[2].who", "required"),
            "Skriv vem kontakt 3 är."
        );
        assert!(plan_error("goals", "too_many").contains("högst 10"));
    }

    #[test]
    fn date_problems_name_the_assignments_start() {
        let start = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        assert!(follow_up_error("date", "before_start", start).contains("2026-03-01"));
        assert!(ending_error("date", "before_start", start).contains("2026-03-01"));
        assert!(ending_error("date", "future_date", start).contains("framtiden"));
    }

    #[test]
    fn a_lost_connection_or_session_says_the_typing_is_kept() {
        assert!(refusal(0, "network").contains("finns kvar"));
        assert!(refusal(401, "unauthorized").contains("finns kvar"));
        assert!(refusal(500, "internal_error").contains("finns kvar"));
        assert!(refusal(409, "need_not_open").contains("redan"));
        assert!(payment_basis_refusal("no_price_base").contains("prisbasbelopp"));
    }

    #[test]
    fn the_follow_up_rule_reads_as_a_swedish_sentence() {
        assert_eq!(
            follow_up_rule_text(FollowUpRule::default()),
            "Första uppföljningen tre månader efter start, sedan var sjätte månad."
        );
        assert_eq!(
            follow_up_rule_text(FollowUpRule {
                first_after_months: 1,
                every_months: 2
            }),
            "Första uppföljningen en månad efter start, sedan varannan månad."
        );
        assert_eq!(every_months_text(1), "varje månad");
        assert_eq!(every_months_text(12), "var tolfte månad");
    }

    #[test]
    fn terms_name_the_level_or_the_decided_amounts_and_a_closed_month_is_explained() {
        let from = NaiveDate::from_ymd_opt(2026, 11, 15).unwrap();
        let weekly = Terms {
            from,
            frequency: Frequency::Weekly,
            special: None,
        };
        assert_eq!(terms_text(&weekly), "Minst en gång i veckan");
        let special = Terms {
            special: Some((9_000, 1_500)),
            ..weekly
        };
        assert_eq!(
            terms_text(&special),
            "Minst en gång i veckan; särskilt beslutat: arvode 9\u{a0}000\u{a0}kr och omkostnad 1\u{a0}500\u{a0}kr per månad"
        );
        assert!(terms_error("from", "not_after_previous", from).contains("2026-11-15"));
        assert!(terms_error("from", "closed_month", from).contains("utbetalda"));
        assert_eq!(history_kind_name("terms_changed"), "Villkoren ändrades");
    }
    #[test]
    fn the_period_is_said_in_the_tense_the_day_calls_for() {
        let day = |d: &str| d.parse::<NaiveDate>().unwrap();
        let today = day("2026-12-04");
        let words = |start: &str, end: Option<&str>| {
            period_words(day(start), end.map(day), today)
                .map(|(t, v)| format!("{t}: {v}"))
                .join(", ")
        };
        assert_eq!(
            words("2026-12-10", None),
            "Startar: 2026-12-10, Status: Har inte börjat"
        );
        assert_eq!(
            words("2026-11-01", None),
            "Startade: 2026-11-01, Status: Pågår"
        );
        assert_eq!(
            words("2026-11-01", Some("2026-12-31")),
            "Startade: 2026-11-01, Avslutas: 2026-12-31"
        );
        assert_eq!(
            words("2026-11-01", Some("2026-12-04")),
            "Startade: 2026-11-01, Avslutat: 2026-12-04"
        );
    }
}
