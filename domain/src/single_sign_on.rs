//! Single sign-on through the municipality's identity provider (OpenID Connect), as both sides
//! see it: which ways of signing in the sign-in page offers, why a sign-in through the provider
//! was refused (a code in the sign-in page's address, worded in Swedish by the SPA), the role a
//! provider's claim grants, and the provider's end-session address at sign-out.

use serde::{Deserialize, Serialize};

use crate::caseworker::Role;

/// `GET /api/auth/methods`: what the sign-in page offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInMethods {
    /// E-mail and password (off with `KP_LOCAL_SIGN_IN=off`).
    pub local: bool,
    /// The identity provider's name ("Logga in med {name}"), when one is configured.
    pub provider: Option<String>,
}

/// The answer to signing out of a session made through the provider: where the browser goes
/// next to end the provider's own session too (RP-initiated logout).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderSignOut {
    /// The provider's end-session address with this client's parameters.
    pub end_session_url: String,
}

/// Why a sign-in through the provider did not give a session. The code travels in the sign-in
/// page's address (`?fel=…`); each is an access-log event too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProviderRefusal {
    /// The answer did not belong to a sign-in this browser started: no or another browser's
    /// state, a state already used (a replayed answer), or one older than ten minutes.
    UnknownAttempt,
    /// The person cancelled at the provider (or the provider refused them there).
    Cancelled,
    /// The provider could not be reached or answered with an error.
    ProviderFailed,
    /// The ID token failed a check: signature, issuer, audience, expiry or nonce.
    InvalidToken,
    /// Nobody with this identity has an account, and the claims do not allow creating one.
    UnknownPerson,
    /// The role claim grants neither role.
    NoRole,
    /// The account is deactivated in Kontaktperson.
    Deactivated,
    /// Too many sign-ins started from one address in a short time.
    TooMany,
}

impl ProviderRefusal {
    /// Every refusal.
    pub const ALL: [ProviderRefusal; 8] = [
        ProviderRefusal::UnknownAttempt,
        ProviderRefusal::Cancelled,
        ProviderRefusal::ProviderFailed,
        ProviderRefusal::InvalidToken,
        ProviderRefusal::UnknownPerson,
        ProviderRefusal::NoRole,
        ProviderRefusal::Deactivated,
        ProviderRefusal::TooMany,
    ];

    /// The code in the sign-in page's address.
    pub fn code(self) -> &'static str {
        match self {
            ProviderRefusal::UnknownAttempt => "oidc_state",
            ProviderRefusal::Cancelled => "oidc_cancelled",
            ProviderRefusal::ProviderFailed => "oidc_provider",
            ProviderRefusal::InvalidToken => "oidc_token",
            ProviderRefusal::UnknownPerson => "oidc_unknown_person",
            ProviderRefusal::NoRole => "oidc_no_role",
            ProviderRefusal::Deactivated => "oidc_deactivated",
            ProviderRefusal::TooMany => "oidc_too_many",
        }
    }

    /// The refusal a code names.
    pub fn from_code(code: &str) -> Option<ProviderRefusal> {
        ProviderRefusal::ALL.into_iter().find(|r| r.code() == code)
    }

    /// What the sign-in page says, in Swedish.
    pub fn swedish(self) -> &'static str {
        match self {
            ProviderRefusal::UnknownAttempt => {
                "Inloggningen gick inte att slutföra. Försöket var okänt, redan använt eller för \
                 gammalt. Försök igen."
            }
            ProviderRefusal::Cancelled => "Inloggningen avbröts.",
            ProviderRefusal::ProviderFailed => {
                "Inloggningstjänsten svarade inte som den skulle. Försök igen om en stund."
            }
            ProviderRefusal::InvalidToken => {
                "Inloggningen kunde inte bekräftas och stoppades. Försök igen."
            }
            ProviderRefusal::UnknownPerson => {
                "Du har inget konto i Kontaktperson. Kontakta din administratör."
            }
            ProviderRefusal::NoRole => {
                "Ditt konto hos kommunen ger ingen behörighet till Kontaktperson. Kontakta din \
                 administratör."
            }
            ProviderRefusal::Deactivated => {
                "Ditt konto i Kontaktperson är avstängt. Kontakta din administratör."
            }
            ProviderRefusal::TooMany => {
                "För många inloggningar har startats från din adress. Vänta några minuter och \
                 försök igen."
            }
        }
    }
}

/// The role the provider's role claim grants: administrator if any of its values is
/// `admin_value`, else caseworker if any is `caseworker_value`, else none. (The server reads a
/// claim of one string or a list of strings into `values`: Entra ID's `groups` and `roles` are
/// lists, some brokers send one string.)
pub fn role_from_claim(
    values: &[String],
    admin_value: &str,
    caseworker_value: &str,
) -> Option<Role> {
    if values.iter().any(|v| v == admin_value) {
        Some(Role::Admin)
    } else if values.iter().any(|v| v == caseworker_value) {
        Some(Role::Caseworker)
    } else {
        None
    }
}

/// An account the provider's identity may belong to, as the decision needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownAccount {
    /// Account id.
    pub id: i64,
    /// Its role in Kontaktperson now.
    pub role: Role,
    /// Not deactivated.
    pub active: bool,
    /// Already linked to a provider identity (found by e-mail: to another one).
    pub linked: bool,
}

/// What the provider's role claim says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimedRole {
    /// No role claim is configured: roles are managed in Kontaktperson.
    NotConfigured,
    /// The claim grants this role.
    Grants(Role),
    /// The claim is configured and grants neither role.
    Nothing,
}

/// Whom a sign-in through the provider signs in, and what changes on the way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProviderDecision {
    /// Sign this account in; link it to the identity first, and change its role first.
    SignIn {
        /// Account id.
        id: i64,
        /// Store the provider identity on it (its first sign-in through the provider).
        link: bool,
        /// The role the claim grants, when it differs from the account's.
        new_role: Option<Role>,
    },
    /// Create an account with this role (just in time), linked to the identity.
    Create(Role),
    /// No session.
    Refuse(ProviderRefusal),
}

/// The one rule for a verified identity from the provider:
/// - the account linked to the identity (`by_identity`) is the person's;
/// - else, at the first sign-in, an account with the same *verified* e-mail (`by_email`, given
///   only when the provider says the e-mail is verified) is linked, unless it already belongs to
///   another identity;
/// - else an account is created only when the role claim grants a role, the identity has an
///   e-mail and no account has that e-mail already (`email_taken`: unverified, or linked
///   elsewhere);
/// - a deactivated account stays out whatever the claim says; with a role claim configured, the
///   role follows it at every sign-in and a claim that grants nothing refuses.
pub fn decide(
    by_identity: Option<KnownAccount>,
    by_email: Option<KnownAccount>,
    has_email: bool,
    email_taken: bool,
    claimed: ClaimedRole,
) -> ProviderDecision {
    let sign_in = |account: KnownAccount, link: bool| {
        if !account.active {
            return ProviderDecision::Refuse(ProviderRefusal::Deactivated);
        }
        match claimed {
            ClaimedRole::NotConfigured => ProviderDecision::SignIn {
                id: account.id,
                link,
                new_role: None,
            },
            ClaimedRole::Grants(role) => ProviderDecision::SignIn {
                id: account.id,
                link,
                new_role: (role != account.role).then_some(role),
            },
            ClaimedRole::Nothing => ProviderDecision::Refuse(ProviderRefusal::NoRole),
        }
    };
    if let Some(account) = by_identity {
        return sign_in(account, false);
    }
    match (by_email, claimed) {
        (Some(account), _) if !account.linked => sign_in(account, true),
        (Some(_), _) => ProviderDecision::Refuse(ProviderRefusal::UnknownPerson),
        (None, ClaimedRole::Nothing) => ProviderDecision::Refuse(ProviderRefusal::NoRole),
        (None, ClaimedRole::Grants(role)) if has_email && !email_taken => {
            ProviderDecision::Create(role)
        }
        (None, _) => ProviderDecision::Refuse(ProviderRefusal::UnknownPerson),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_administrator_value_wins_over_the_caseworker_value() {
        let claim = values(&["alla-anstallda", "kp-handlaggare", "kp-admin"]);
        assert_eq!(
            role_from_claim(&claim, "kp-admin", "kp-handlaggare"),
            Some(Role::Admin)
        );
    }

    #[test]
    fn the_caseworker_value_grants_the_caseworker_role() {
        let claim = values(&["kp-handlaggare"]);
        assert_eq!(
            role_from_claim(&claim, "kp-admin", "kp-handlaggare"),
            Some(Role::Caseworker)
        );
    }

    #[test]
    fn no_values_or_other_values_grant_nothing() {
        for claim in [values(&["alla-anstallda", "KP-ADMIN"]), values(&[])] {
            assert_eq!(role_from_claim(&claim, "kp-admin", "kp-handlaggare"), None);
        }
    }

    const CASEWORKER: KnownAccount = KnownAccount {
        id: 7,
        role: Role::Caseworker,
        active: true,
        linked: true,
    };

    #[test]
    fn the_linked_account_signs_in_and_its_role_follows_the_claim() {
        let admin = ClaimedRole::Grants(Role::Admin);
        assert_eq!(
            decide(Some(CASEWORKER), None, true, true, admin),
            ProviderDecision::SignIn {
                id: 7,
                link: false,
                new_role: Some(Role::Admin)
            }
        );
        assert_eq!(
            decide(
                Some(CASEWORKER),
                None,
                true,
                true,
                ClaimedRole::NotConfigured
            ),
            ProviderDecision::SignIn {
                id: 7,
                link: false,
                new_role: None
            }
        );
        assert_eq!(
            decide(Some(CASEWORKER), None, true, true, ClaimedRole::Nothing),
            ProviderDecision::Refuse(ProviderRefusal::NoRole)
        );
    }

    #[test]
    fn a_deactivated_account_stays_out_whatever_the_claim_says() {
        let gone = KnownAccount {
            active: false,
            ..CASEWORKER
        };
        let admin = ClaimedRole::Grants(Role::Admin);
        let out = ProviderDecision::Refuse(ProviderRefusal::Deactivated);
        assert_eq!(decide(Some(gone), None, true, true, admin), out);
        let unlinked = KnownAccount {
            linked: false,
            ..gone
        };
        assert_eq!(decide(None, Some(unlinked), true, true, admin), out);
    }

    #[test]
    fn a_verified_e_mail_links_an_account_not_linked_to_another_identity() {
        let unlinked = KnownAccount {
            linked: false,
            ..CASEWORKER
        };
        assert_eq!(
            decide(None, Some(unlinked), true, true, ClaimedRole::NotConfigured),
            ProviderDecision::SignIn {
                id: 7,
                link: true,
                new_role: None
            }
        );
        assert_eq!(
            decide(
                None,
                Some(CASEWORKER),
                true,
                true,
                ClaimedRole::Grants(Role::Caseworker)
            ),
            ProviderDecision::Refuse(ProviderRefusal::UnknownPerson)
        );
    }

    #[test]
    fn an_account_is_created_only_when_the_claim_grants_a_role_to_a_new_e_mail() {
        let caseworker = ClaimedRole::Grants(Role::Caseworker);
        assert_eq!(
            decide(None, None, true, false, caseworker),
            ProviderDecision::Create(Role::Caseworker)
        );
        let unknown = ProviderDecision::Refuse(ProviderRefusal::UnknownPerson);
        assert_eq!(
            decide(None, None, false, false, caseworker),
            unknown,
            "no e-mail"
        );
        assert_eq!(
            decide(None, None, true, true, caseworker),
            unknown,
            "an unverified e-mail of an account"
        );
        assert_eq!(
            decide(None, None, true, false, ClaimedRole::NotConfigured),
            unknown
        );
        assert_eq!(
            decide(None, None, true, false, ClaimedRole::Nothing),
            ProviderDecision::Refuse(ProviderRefusal::NoRole)
        );
    }

    #[test]
    fn every_refusal_code_is_read_back_and_worded() {
        for refusal in ProviderRefusal::ALL {
            assert_eq!(ProviderRefusal::from_code(refusal.code()), Some(refusal));
            assert!(refusal.swedish().ends_with('.'));
        }
        assert_eq!(ProviderRefusal::from_code("<script>"), None);
    }
}
