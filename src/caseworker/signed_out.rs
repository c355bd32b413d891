//! Why the caseworker was signed out, what the sign-in page then says, and the page to come back
//! to after signing in again (kept in the sign-in address: `/handlaggare/logga-in?tillbaka=…`).

use super::routes::{CaseworkerRoute, AREA};

/// The sign-in address's parameter naming the page to return to.
pub const RETURN_PARAM: &str = "tillbaka";

/// How a session ended, as the SPA learnt it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignedOutBy {
    /// The person pressed "Logga ut".
    Themselves,
    /// The person ended all their sessions ("Logga ut överallt").
    Everywhere,
    /// Nothing was sent to the server for the whole idle timeout.
    Idle,
    /// The server no longer knew the session (ended elsewhere, by an administrator, or expired).
    Server,
}

impl SignedOutBy {
    /// What the sign-in page says.
    pub fn message(self) -> &'static str {
        match self {
            SignedOutBy::Themselves => "Du är utloggad.",
            SignedOutBy::Everywhere => "Du är utloggad från alla enheter.",
            SignedOutBy::Idle => {
                "Du har loggats ut eftersom du inte varit aktiv på en stund. Det du skrivit men \
                 inte sparat finns kvar."
            }
            SignedOutBy::Server => {
                "Du är inte längre inloggad. Logga in igen för att fortsätta. Det du skrivit men \
                 inte sparat finns kvar."
            }
        }
    }

    /// Whether signing in again should lead back to the page the person was on (and their
    /// unsaved typing is kept): not after they chose to sign out.
    pub fn comes_back(self) -> bool {
        matches!(self, SignedOutBy::Idle | SignedOutBy::Server)
    }
}

/// The page to go to after signing in, as a path inside the router (`/sokande/KP-2026-0001`),
/// from a `tillbaka` value: only a page of the caseworker area itself, never another site
/// (`//elsewhere.example`, `/handlaggare//elsewhere.example`), nor the sign-in page again.
pub fn return_route(tillbaka: &str) -> Option<String> {
    let inside = tillbaka.strip_prefix(AREA)?;
    let unsafe_char = |c: char| c == '\\' || c.is_control() || c.is_whitespace();
    if !inside.starts_with('/') || inside.starts_with("//") || inside.contains(unsafe_char) {
        return None;
    }
    let path = inside.split(['?', '#']).next().unwrap_or_default();
    if path == CaseworkerRoute::Overview.path() || path.starts_with(&CaseworkerRoute::SignIn.path())
    {
        return None;
    }
    Some(inside.to_string())
}

/// The sign-in page's route for someone leaving `here` (the full address path with its query,
/// `/handlaggare/sokande?stage=new`): it names `here` to come back to, unless that is the
/// overview (where one lands anyway) or not a page to come back to.
pub fn sign_in_route(here: &str) -> String {
    match return_route(here) {
        Some(_) => CaseworkerRoute::SignIn.query(RETURN_PARAM, here).path(),
        None => CaseworkerRoute::SignIn.path(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_pages_of_the_caseworker_area_are_returned_to() {
        let cases = [
            (
                "/handlaggare/sokande/KP-2026-0001",
                Some("/sokande/KP-2026-0001"),
            ),
            (
                "/handlaggare/sokande?stage=new&q=a",
                Some("/sokande?stage=new&q=a"),
            ),
            ("/handlaggare/mitt-konto", Some("/mitt-konto")),
            ("/handlaggare/", None),
            ("/handlaggare", None),
            ("/handlaggare/logga-in", None),
            ("/handlaggare/logga-in?tillbaka=/handlaggare/konton", None),
            ("/handlaggare//elsewhere.example/x", None),
            ("//elsewhere.example/handlaggare/", None),
            ("https://elsewhere.example/handlaggare/sokande", None),
            ("/handlaggarex/sokande", None),
            ("/handlaggare/\\elsewhere.example", None),
            ("/handlaggare/sokande\n", None),
            ("/sv/", None),
            ("", None),
        ];
        for (tillbaka, expected) in cases {
            assert_eq!(return_route(tillbaka).as_deref(), expected, "{tillbaka:?}");
        }
    }

    #[test]
    fn the_sign_in_address_names_the_page_left_unless_it_is_the_overview() {
        assert_eq!(
            sign_in_route("/handlaggare/sokande/KP-2026-0001"),
            "/logga-in?tillbaka=%2Fhandlaggare%2Fsokande%2FKP-2026-0001"
        );
        assert_eq!(sign_in_route("/handlaggare/"), "/logga-in");
        assert_eq!(sign_in_route("/handlaggare/logga-in"), "/logga-in");
    }

    #[test]
    fn only_an_ended_session_the_person_did_not_choose_leads_back_with_the_typing_kept() {
        for by in [SignedOutBy::Idle, SignedOutBy::Server] {
            assert!(by.comes_back(), "{by:?}");
            assert!(by.message().contains("finns kvar"), "{by:?}");
        }
        for by in [SignedOutBy::Themselves, SignedOutBy::Everywhere] {
            assert!(!by.comes_back(), "{by:?}");
        }
        assert_eq!(
            SignedOutBy::Everywhere.message(),
            "Du är utloggad från alla enheter."
        );
    }
}
