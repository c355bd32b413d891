//! Why personal data was read: the purpose (ändamål) an access-log entry records. The SPA knows
//! it (the screen or action that reads), sends its code with the request (the header
//! [`PURPOSE_HEADER`], or for a plain download link the query parameter [`PURPOSE_PARAM`]), and
//! the server turns the code into a [`Purpose`] at the edge: an unknown code is refused, never
//! stored as free text. A request without one (a script, another API client) is logged with no
//! purpose.

use serde::{Deserialize, Serialize};

/// The request header that carries a purpose's code.
pub const PURPOSE_HEADER: &str = "x-kp-purpose";

/// The query parameter that carries it where no header can be set (a link that downloads a file).
pub const PURPOSE_PARAM: &str = "purpose";

/// The screens and actions of the caseworker area that read personal data, one each. The code is
/// stored in the access log and covered by its signature: never change one, only add.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// The overview: counts, who waits for a call, interviews, follow-ups, my applicants.
    Overview,
    /// The applicant list: filtering and searching.
    ApplicantList,
    /// One applicant's page: answers, timeline, the next step, corrections.
    ApplicantPage,
    /// The list of needs.
    NeedList,
    /// One need's page.
    NeedPage,
    /// Approved contact persons ranked for a need.
    Matching,
    /// The list of assignments.
    AssignmentList,
    /// One assignment's page: plan, follow-ups, terms, ending.
    AssignmentPage,
    /// A month's payment basis on screen.
    PaymentBasis,
    /// A month's payment basis downloaded as CSV for payroll.
    PayrollExport,
    /// The mail outbox: receipts and notices.
    Outbox,
    /// The retention screen: rules, holds and gallring records.
    Retention,
    /// What the retention rules remove in the coming days.
    RetentionPreview,
    /// A register extract for the person (GDPR art. 15).
    RegisterExtract,
    /// What stops erasing an applicant, read before the erasure (GDPR art. 17).
    Erasure,
    /// Reviewing a contact person's monthly report.
    ReportReview,
}

impl Purpose {
    /// Every purpose, in the order the screens come in the caseworker area.
    pub const ALL: [Purpose; 16] = [
        Purpose::Overview,
        Purpose::ApplicantList,
        Purpose::ApplicantPage,
        Purpose::NeedList,
        Purpose::NeedPage,
        Purpose::Matching,
        Purpose::AssignmentList,
        Purpose::AssignmentPage,
        Purpose::PaymentBasis,
        Purpose::PayrollExport,
        Purpose::Outbox,
        Purpose::Retention,
        Purpose::RetentionPreview,
        Purpose::RegisterExtract,
        Purpose::Erasure,
        Purpose::ReportReview,
    ];

    /// The stable code: sent by the SPA, stored in the access log, signed with the entry.
    pub fn code(self) -> &'static str {
        match self {
            Purpose::Overview => "overview",
            Purpose::ApplicantList => "applicant_list",
            Purpose::ApplicantPage => "applicant_page",
            Purpose::NeedList => "need_list",
            Purpose::NeedPage => "need_page",
            Purpose::Matching => "matching",
            Purpose::AssignmentList => "assignment_list",
            Purpose::AssignmentPage => "assignment_page",
            Purpose::PaymentBasis => "payment_basis",
            Purpose::PayrollExport => "payroll_export",
            Purpose::Outbox => "outbox",
            Purpose::Retention => "retention",
            Purpose::RetentionPreview => "retention_preview",
            Purpose::RegisterExtract => "register_extract",
            Purpose::Erasure => "erasure",
            Purpose::ReportReview => "report_review",
        }
    }

    /// The purpose with this code, exactly as [`Purpose::code`] writes it; anything else is none.
    pub fn from_code(code: &str) -> Option<Purpose> {
        Purpose::ALL.into_iter().find(|p| p.code() == code)
    }

    /// The purpose in Swedish, as the access log shows it in its column "Ändamål".
    pub fn swedish(self) -> &'static str {
        match self {
            Purpose::Overview => "Översikten",
            Purpose::ApplicantList => "Sökandelistan (urval och sökning)",
            Purpose::ApplicantPage => "Sökandens sida",
            Purpose::NeedList => "Behovslistan",
            Purpose::NeedPage => "Behovets sida",
            Purpose::Matching => "Matchning av kontaktpersoner mot ett behov",
            Purpose::AssignmentList => "Uppdragslistan",
            Purpose::AssignmentPage => "Uppdragets sida",
            Purpose::PaymentBasis => "Utbetalningsunderlag",
            Purpose::PayrollExport => "Export av utbetalningsunderlag till lönesystemet",
            Purpose::Outbox => "Utskick",
            Purpose::Retention => "Gallringsregler och spärrar",
            Purpose::RetentionPreview => "Kommande gallring",
            Purpose::RegisterExtract => "Registerutdrag",
            Purpose::Erasure => "Radering (rätten till radering)",
            Purpose::ReportReview => "Granskning av månadsrapporter",
        }
    }
}

/// What the access log shows for an entry's purpose: the Swedish wording, or that none was given
/// (a script or another API client, or an entry from before purposes were recorded).
pub fn purpose_text(purpose: Option<Purpose>) -> &'static str {
    purpose.map_or("Inget angivet", Purpose::swedish)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_purpose_round_trips_through_its_code() {
        for purpose in Purpose::ALL {
            assert_eq!(
                Purpose::from_code(purpose.code()),
                Some(purpose),
                "{purpose:?}"
            );
        }
    }

    #[test]
    fn codes_and_wordings_are_distinct_and_codes_are_plain() {
        let codes: HashSet<_> = Purpose::ALL.iter().map(|p| p.code()).collect();
        let words: HashSet<_> = Purpose::ALL.iter().map(|p| p.swedish()).collect();
        assert_eq!(codes.len(), Purpose::ALL.len(), "one code each");
        assert_eq!(words.len(), Purpose::ALL.len(), "one wording each");
        for code in codes {
            assert!(
                !code.is_empty() && code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{code:?} fits a header and a query without encoding"
            );
        }
    }

    #[test]
    fn the_json_form_is_the_code() {
        for purpose in Purpose::ALL {
            let json = serde_json::to_string(&purpose).unwrap();
            assert_eq!(json, format!("\"{}\"", purpose.code()));
            assert_eq!(serde_json::from_str::<Purpose>(&json).unwrap(), purpose);
        }
    }

    #[test]
    fn an_unknown_or_differently_written_code_is_no_purpose() {
        for code in [
            "",
            "Applicant_Page",
            "applicant_page ",
            "applicant-page",
            "curiosity",
        ] {
            assert_eq!(Purpose::from_code(code), None, "{code:?}");
        }
    }

    #[test]
    fn the_codes_stored_so_far_are_unchanged() {
        // Stored and signed in the access log: a renamed code would make old entries unreadable.
        assert_eq!(Purpose::ApplicantPage.code(), "applicant_page");
        assert_eq!(Purpose::PayrollExport.code(), "payroll_export");
        assert_eq!(Purpose::RegisterExtract.code(), "register_extract");
    }

    #[test]
    fn a_missing_purpose_is_said_so() {
        assert_eq!(purpose_text(None), "Inget angivet");
        assert_eq!(purpose_text(Some(Purpose::ApplicantPage)), "Sökandens sida");
    }
}
