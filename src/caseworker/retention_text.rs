//! The retention screen's words: what each rule counts from, counts in Swedish, the server's
//! codes as sentences, and the checks a form makes before it is sent (the domain's own
//! validation, so the rules are written once). Plain functions, tested natively.

use kp_domain::api::FieldError;
use kp_domain::retention::report::{validate_hold, HoldForm, PreviewItem, StartedBy};
use kp_domain::retention::{validate_rule, Category, RuleForm, Unit};

use super::routes::CaseworkerRoute;

/// What a category's period counts from, and what goes with it.
pub fn counted_from(category: Category) -> &'static str {
    match category {
        Category::Applications => {
            "Från senaste händelsen i ärendet: anmälan, steg eller anteckning. Gäller sökande som \
             inte godkändes, som avbröt eller som aldrig nåddes."
        }
        Category::ContactPersons => {
            "Från senaste aktiviteten i ärendet eller ett uppdrag. Aldrig under ett pågående \
             uppdrag, och tidigast när personens avslutade uppdrag gallras."
        }
        Category::EndedAssignments => {
            "Från uppdragets sista dag. Behovet, planen, uppföljningarna och ändrade villkor \
             gallras med uppdraget."
        }
        Category::Sessions => {
            "Från att inloggningen avslutades. Pågående inloggningar gallras inte."
        }
        Category::SignInThrottles => {
            "Från försöket. Spärrarna slutar räkna ett försök redan efter ett dygn."
        }
        Category::SentMails => {
            "Från att meddelandet skickades eller gavs upp. Meddelanden som väntar gallras inte."
        }
        Category::AccessLog => {
            "Från loggens äldsta ände. Kedjan kontrolleras sedan från en kontrollpunkt: den sista \
             gallrade posten."
        }
    }
}

/// The unit as the rule form's label says it ("Antal månader").
pub fn unit_plural(unit: Unit) -> &'static str {
    match unit {
        Unit::Days => "dagar",
        Unit::Months => "månader",
        Unit::Years => "år",
    }
}

/// How many records of a category, in Swedish: "1 ansökan", "3 inloggningar".
pub fn count_text(category: Category, count: i64) -> String {
    let (one, many) = match category {
        Category::Applications => ("ansökan", "ansökningar"),
        Category::ContactPersons => ("kontaktperson", "kontaktpersoner"),
        Category::EndedAssignments => ("uppdrag", "uppdrag"),
        Category::Sessions => ("inloggning", "inloggningar"),
        Category::SignInThrottles => ("räknat försök", "räknade försök"),
        Category::SentMails => ("meddelande", "meddelanden"),
        Category::AccessLog => ("loggpost", "loggposter"),
    };
    format!("{count} {}", if count == 1 { one } else { many })
}

/// The page a previewed record is acted on from: the applicant's or the assignment's.
pub fn item_href(item: &PreviewItem) -> String {
    match item.assignment_id {
        Some(id) => CaseworkerRoute::assignment(id).href(),
        None => CaseworkerRoute::applicant(&item.reference).href(),
    }
}

/// Who started a gallring run.
pub fn started_by_text(started_by: StartedBy) -> &'static str {
    match started_by {
        StartedBy::Schedule => "Nattlig körning",
        StartedBy::Command => "Kommando (kp-server retention)",
    }
}

/// The rule form's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleField {
    /// The period.
    Amount,
    /// The decision.
    Decision,
}

/// A field's problem in a rule change, by its code (from the browser's check or the server).
pub fn rule_error(category: Category, field: &str, code: &str) -> (RuleField, String) {
    let (low, high) = category.bounds();
    let unit = unit_plural(category.unit());
    match (field, code) {
        ("decision", "too_long") => (
            RuleField::Decision,
            "Beslutet får ha högst 300 tecken.".into(),
        ),
        ("decision", _) => (
            RuleField::Decision,
            "Skriv vilket beslut regeln vilar på, till exempel Socialnämndens \
             dokumenthanteringsplan, beslut 2026-03-01 § 12."
                .into(),
        ),
        _ => (
            RuleField::Amount,
            format!("Skriv ett helt antal {unit} från {low} till {high}."),
        ),
    }
}

/// A rule change checked before it is sent: the form to send, or each field's problem.
pub fn check_rule(
    category: Category,
    amount: &str,
    decision: &str,
) -> Result<RuleForm, Vec<(RuleField, String)>> {
    let form = RuleForm {
        // A number that does not read as one is out of range, as far as the person is concerned.
        amount: amount.trim().parse().unwrap_or(-1),
        decision: decision.to_string(),
    };
    match validate_rule(category, &form) {
        Ok(_) => Ok(form),
        Err(errors) => Err(field_errors(&errors, |f, c| rule_error(category, f, c))),
    }
}

/// The hold form's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoldField {
    /// The applicant's reference.
    Reference,
    /// Why.
    Reason,
}

/// A field's problem in a new hold, by its code.
pub fn hold_error(field: &str, code: &str) -> (HoldField, String) {
    let text = match (field, code) {
        ("reference", "unknown") => "Det finns ingen sökande med det referensnumret.",
        ("reference", "format") => "Skriv referensnumret som KP-2026-0042.",
        ("reference", _) => "Skriv den sökandes referensnummer, till exempel KP-2026-0042.",
        ("reason", "too_long") => "Skälet får ha högst 500 tecken.",
        _ => {
            "Skriv varför uppgifterna inte får gallras, till exempel ett överklagande eller en \
             JO-anmälan med diarienummer."
        }
    };
    let field = if field == "reference" {
        HoldField::Reference
    } else {
        HoldField::Reason
    };
    (field, text.into())
}

/// A new hold checked before it is sent.
pub fn check_hold(reference: &str, reason: &str) -> Result<HoldForm, Vec<(HoldField, String)>> {
    let form = HoldForm {
        reference: reference.to_string(),
        reason: reason.to_string(),
    };
    match validate_hold(&form) {
        Ok(_) => Ok(form),
        Err(errors) => Err(field_errors(&errors, hold_error)),
    }
}

/// The server's field codes (or the domain's) as each field's sentence.
pub fn field_errors<F, T>(errors: &[FieldError], word: F) -> Vec<(T, String)>
where
    F: Fn(&str, &str) -> (T, String),
{
    errors.iter().map(|e| word(&e.field, &e.code)).collect()
}

/// A change that failed for another reason than its fields.
pub fn failure_text(status: u16, code: &str) -> &'static str {
    match (status, code) {
        (_, "already_released") => "Spärren var redan hävd. Listan är uppdaterad.",
        (404, _) => "Det finns inte längre. Listan är uppdaterad.",
        (403, _) => "Bara administratörer kan ändra gallringen.",
        (401, _) => "Du är inte längre inloggad. Logga in igen.",
        (0, _) => "Ingen kontakt med servern. Kontrollera anslutningen och försök igen.",
        _ => "Ändringen kunde inte sparas. Försök igen om en stund.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kp_domain::retention::Category;

    #[test]
    fn a_rule_change_is_checked_with_the_domains_rules_and_worded_per_field() {
        let fields = |r: Result<RuleForm, Vec<(RuleField, String)>>| -> Vec<RuleField> {
            r.unwrap_err().into_iter().map(|(f, _)| f).collect()
        };
        assert_eq!(
            check_rule(Category::Applications, " 18 ", "SN § 12"),
            Ok(RuleForm {
                amount: 18,
                decision: "SN § 12".into()
            })
        );
        assert_eq!(
            fields(check_rule(Category::Applications, "arton", "")),
            [RuleField::Amount, RuleField::Decision]
        );
        let (_, text) = check_rule(Category::SignInThrottles, "1", "x").unwrap_err()[0].clone();
        assert_eq!(text, "Skriv ett helt antal dagar från 2 till 30.");
        let (_, text) = rule_error(Category::EndedAssignments, "amount", "out_of_range");
        assert_eq!(text, "Skriv ett helt antal år från 1 till 50.");
    }

    #[test]
    fn a_hold_is_checked_and_the_servers_unknown_reference_is_worded() {
        assert!(check_hold("kp-2026-7", "Överklagande").is_ok());
        let problems = check_hold("KP-20", " ").unwrap_err();
        assert_eq!(
            problems[0],
            (
                HoldField::Reference,
                "Skriv referensnumret som KP-2026-0042.".into()
            )
        );
        assert_eq!(problems[1].0, HoldField::Reason);
        assert_eq!(
            hold_error("reference", "unknown").1,
            "Det finns ingen sökande med det referensnumret."
        );
    }

    #[test]
    fn counts_are_said_in_swedish_singular_and_plural() {
        assert_eq!(count_text(Category::Applications, 1), "1 ansökan");
        assert_eq!(count_text(Category::Applications, 0), "0 ansökningar");
        assert_eq!(count_text(Category::Sessions, 12), "12 inloggningar");
        assert_eq!(count_text(Category::EndedAssignments, 2), "2 uppdrag");
    }

    #[test]
    fn a_previewed_record_links_to_the_page_it_is_acted_on_from() {
        let item = |assignment_id| PreviewItem {
            reference: "KP-2024-0042".into(),
            assignment_id,
            due: "2026-03-15".parse().unwrap(),
            held: false,
        };
        assert_eq!(item_href(&item(None)), "/handlaggare/sokande/KP-2024-0042");
        assert_eq!(item_href(&item(Some(7))), "/handlaggare/uppdrag/7");
    }

    #[test]
    fn every_category_says_what_it_counts_from() {
        for category in Category::ALL {
            assert!(counted_from(category).starts_with("Från"), "{category:?}");
        }
        assert_eq!(
            failure_text(409, "already_released"),
            "Spärren var redan hävd. Listan är uppdaterad."
        );
    }
}
