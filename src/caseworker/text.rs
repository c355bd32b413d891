//! The caseworker area's texts (Swedish, the unit's working language).

use kp_domain::pipeline::Stage;

/// The product name in the header and titles.
pub const PRODUCT: &str = "Handläggarstöd – Kontaktperson";

/// A stage as caseworkers call it.
pub fn stage_name(stage: Stage) -> &'static str {
    match stage {
        Stage::New => "Ny anmälan",
        Stage::Contacted => "Kontaktad per telefon",
        Stage::InterviewBooked => "Intervju bokad",
        Stage::Interviewed => "Intervjuad",
        Stage::ChecksUnderWay => "Kontroller pågår",
        Stage::Approved => "Godkänd",
        Stage::NotApproved => "Inte godkänd",
        Stage::Withdrawn => "Avbruten",
    }
}

/// What a failed sign-in tells the caseworker.
pub fn sign_in_error(status: u16, code: &str) -> &'static str {
    match (status, code) {
        (401, _) => "Fel e-postadress eller lösenord.",
        (429, _) => "För många misslyckade försök. Vänta en kvart och försök igen.",
        (0, _) => "Ingen kontakt med servern. Kontrollera anslutningen och försök igen.",
        _ => "Inloggningen misslyckades. Försök igen om en stund.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stage_has_a_swedish_name() {
        let names: std::collections::HashSet<_> = Stage::ALL.into_iter().map(stage_name).collect();
        assert_eq!(names.len(), Stage::ALL.len(), "names are distinct");
    }

    #[test]
    fn a_failed_sign_in_never_says_whether_the_account_exists() {
        assert_eq!(
            sign_in_error(401, "invalid_credentials"),
            sign_in_error(401, "unauthorized")
        );
        assert!(sign_in_error(429, "too_many_requests").contains("Vänta"));
    }
}
