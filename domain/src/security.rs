//! Security events and sessions as both sides see them: the access-log actions for sign-in,
//! sign-out, throttling, password changes and session ends; one's own sessions ("Mina
//! inloggningar"); the idle-timeout warning rule; and a short browser name from a `User-Agent`.

use serde::{Deserialize, Serialize};

use crate::single_sign_on::ProviderRefusal;

/// Every security event's access-log action starts with this.
pub const SECURITY_PREFIX: &str = "auth:";

/// A security event, as written to the access log (in the same hash chain as the reads and
/// writes of personal data). None carries a password; failed attempts carry the client address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SecurityEvent {
    /// A correct password: a session was started.
    SignedIn,
    /// A wrong e-mail or password.
    SignInFailed,
    /// Refused without checking the password: too many recent failures.
    SignInThrottled,
    /// The person signed out.
    SignedOut,
    /// The person changed their own password (their other sessions ended).
    PasswordChanged,
    /// A password change with a wrong current password.
    PasswordChangeFailed,
    /// A password change refused without checking: too many recent failures.
    PasswordChangeThrottled,
    /// So many failures for one account, from anywhere, that it is locked for a while.
    AccountLocked,
    /// An administrator lifted the account's lock.
    AccountUnlocked,
    /// A session ended by the idle timeout or its absolute lifetime.
    SessionExpired,
    /// The person ended one of their sessions, or all of them ("logga ut överallt").
    SessionsEnded,
    /// An administrator ended another account's sessions.
    SessionsEndedByAdmin,
    /// A wrong code from the app (or recovery code) after a correct password, or when confirming
    /// an enrolment.
    SecondFactorFailed,
    /// A code refused without checking: too many recent wrong codes for the account.
    SecondFactorThrottled,
    /// The person switched on (or replaced) their second factor.
    SecondFactorEnabled,
    /// An administrator removed a person's second factor (a lost phone).
    SecondFactorReset,
    /// A recovery code was used to sign in (it cannot be used again).
    RecoveryCodeUsed,
    /// A sign-in through the identity provider: a session was started.
    SignedInWithProvider,
    /// A sign-in through the identity provider was refused, and why.
    ProviderSignInRefused(ProviderRefusal),
    /// An account was linked to the provider's identity (by its verified e-mail, at the first
    /// sign-in through the provider).
    AccountLinkedToProvider,
    /// An account was created at its first sign-in through the provider (its role claim grants
    /// access).
    AccountCreatedByProvider,
    /// The provider's role claim changed the account's role at sign-in.
    RoleChangedByProvider,
    /// The server started signing the access log with a key it had not used before
    /// (`KP_AUDIT_KEY`): the first keyed entry after plain SHA-256 entries, or after another
    /// key. Its record names the key's id, never the key.
    AccessLogKeyed,
    /// The oldest access-log entries were removed up to a checkpoint (retention); the record
    /// names the last entry removed.
    AccessLogPruned,
    /// A one-time sign-in link was mailed to a contact person (their area; the record names
    /// their application).
    ContactLinkSent,
    /// A contact person signed in to their area.
    ContactSignedIn,
    /// A contact person signed out of their area.
    ContactSignedOut,
    /// A sign-in to the contact person's area with e-legitimation was refused (the record says
    /// why).
    ContactEidRefused,
}

impl SecurityEvent {
    /// Every event.
    pub const ALL: [SecurityEvent; 35] = [
        SecurityEvent::SignedIn,
        SecurityEvent::SignInFailed,
        SecurityEvent::SignInThrottled,
        SecurityEvent::SignedOut,
        SecurityEvent::PasswordChanged,
        SecurityEvent::PasswordChangeFailed,
        SecurityEvent::PasswordChangeThrottled,
        SecurityEvent::AccountLocked,
        SecurityEvent::AccountUnlocked,
        SecurityEvent::SessionExpired,
        SecurityEvent::SessionsEnded,
        SecurityEvent::SessionsEndedByAdmin,
        SecurityEvent::SecondFactorFailed,
        SecurityEvent::SecondFactorThrottled,
        SecurityEvent::SecondFactorEnabled,
        SecurityEvent::SecondFactorReset,
        SecurityEvent::RecoveryCodeUsed,
        SecurityEvent::SignedInWithProvider,
        SecurityEvent::ProviderSignInRefused(ProviderRefusal::UnknownAttempt),
        SecurityEvent::ProviderSignInRefused(ProviderRefusal::Cancelled),
        SecurityEvent::ProviderSignInRefused(ProviderRefusal::ProviderFailed),
        SecurityEvent::ProviderSignInRefused(ProviderRefusal::InvalidToken),
        SecurityEvent::ProviderSignInRefused(ProviderRefusal::UnknownPerson),
        SecurityEvent::ProviderSignInRefused(ProviderRefusal::NoRole),
        SecurityEvent::ProviderSignInRefused(ProviderRefusal::Deactivated),
        SecurityEvent::ProviderSignInRefused(ProviderRefusal::TooMany),
        SecurityEvent::AccountLinkedToProvider,
        SecurityEvent::AccountCreatedByProvider,
        SecurityEvent::RoleChangedByProvider,
        SecurityEvent::AccessLogKeyed,
        SecurityEvent::AccessLogPruned,
        SecurityEvent::ContactLinkSent,
        SecurityEvent::ContactSignedIn,
        SecurityEvent::ContactSignedOut,
        SecurityEvent::ContactEidRefused,
    ];

    /// The access-log action (`auth:sign_in`, …); stable, stored.
    pub fn action(self) -> &'static str {
        match self {
            SecurityEvent::SignedIn => "auth:sign_in",
            SecurityEvent::SignInFailed => "auth:sign_in_failed",
            SecurityEvent::SignInThrottled => "auth:sign_in_throttled",
            SecurityEvent::SignedOut => "auth:sign_out",
            SecurityEvent::PasswordChanged => "auth:password_changed",
            SecurityEvent::PasswordChangeFailed => "auth:password_change_failed",
            SecurityEvent::PasswordChangeThrottled => "auth:password_change_throttled",
            SecurityEvent::AccountLocked => "auth:account_locked",
            SecurityEvent::AccountUnlocked => "auth:account_unlocked",
            SecurityEvent::SessionExpired => "auth:session_expired",
            SecurityEvent::SessionsEnded => "auth:sessions_ended",
            SecurityEvent::SessionsEndedByAdmin => "auth:sessions_ended_by_admin",
            SecurityEvent::SecondFactorFailed => "auth:second_factor_failed",
            SecurityEvent::SecondFactorThrottled => "auth:second_factor_throttled",
            SecurityEvent::SecondFactorEnabled => "auth:second_factor_enabled",
            SecurityEvent::SecondFactorReset => "auth:second_factor_reset",
            SecurityEvent::RecoveryCodeUsed => "auth:recovery_code_used",
            SecurityEvent::SignedInWithProvider => "auth:sign_in_oidc",
            SecurityEvent::ProviderSignInRefused(why) => match why {
                ProviderRefusal::UnknownAttempt => "auth:oidc_refused_state",
                ProviderRefusal::Cancelled => "auth:oidc_cancelled",
                ProviderRefusal::ProviderFailed => "auth:oidc_provider_error",
                ProviderRefusal::InvalidToken => "auth:oidc_refused_token",
                ProviderRefusal::UnknownPerson => "auth:oidc_refused_unknown_person",
                ProviderRefusal::NoRole => "auth:oidc_refused_no_role",
                ProviderRefusal::Deactivated => "auth:oidc_refused_deactivated",
                ProviderRefusal::TooMany => "auth:oidc_refused_too_many",
            },
            SecurityEvent::AccountLinkedToProvider => "auth:oidc_linked",
            SecurityEvent::AccountCreatedByProvider => "auth:oidc_account_created",
            SecurityEvent::RoleChangedByProvider => "auth:oidc_role_changed",
            SecurityEvent::AccessLogKeyed => "auth:access_log_keyed",
            SecurityEvent::AccessLogPruned => "auth:access_log_pruned",
            SecurityEvent::ContactLinkSent => "auth:contact_link_sent",
            SecurityEvent::ContactSignedIn => "auth:contact_signed_in",
            SecurityEvent::ContactSignedOut => "auth:contact_signed_out",
            SecurityEvent::ContactEidRefused => "auth:contact_eid_refused",
        }
    }

    /// The event an access-log action names, if it is one.
    pub fn from_action(action: &str) -> Option<SecurityEvent> {
        SecurityEvent::ALL
            .into_iter()
            .find(|e| e.action() == action)
    }

    /// In Swedish, for the access log screen.
    pub fn swedish(self) -> &'static str {
        match self {
            SecurityEvent::SignedIn => "Inloggning",
            SecurityEvent::SignInFailed => "Misslyckad inloggning",
            SecurityEvent::SignInThrottled => "Inloggning stoppad (för många försök)",
            SecurityEvent::SignedOut => "Utloggning",
            SecurityEvent::PasswordChanged => "Lösenord bytt",
            SecurityEvent::PasswordChangeFailed => "Misslyckat lösenordsbyte",
            SecurityEvent::PasswordChangeThrottled => "Lösenordsbyte stoppat (för många försök)",
            SecurityEvent::AccountLocked => "Konto låst",
            SecurityEvent::AccountUnlocked => "Konto upplåst",
            SecurityEvent::SessionExpired => "Inloggning gick ut",
            SecurityEvent::SessionsEnded => "Inloggningar avslutade",
            SecurityEvent::SessionsEndedByAdmin => "Inloggningar avslutade av administratör",
            SecurityEvent::SecondFactorFailed => "Fel engångskod",
            SecurityEvent::SecondFactorThrottled => "Engångskod stoppad (för många försök)",
            SecurityEvent::SecondFactorEnabled => "Tvåstegsverifiering påslagen",
            SecurityEvent::SecondFactorReset => "Tvåstegsverifiering borttagen av administratör",
            SecurityEvent::RecoveryCodeUsed => "Reservkod använd",
            SecurityEvent::SignedInWithProvider => "Inloggning via identitetsleverantören",
            SecurityEvent::ProviderSignInRefused(why) => match why {
                ProviderRefusal::UnknownAttempt => {
                    "Inloggning via identitetsleverantören nekad: okänt eller använt försök"
                }
                ProviderRefusal::Cancelled => "Inloggning via identitetsleverantören avbruten",
                ProviderRefusal::ProviderFailed => {
                    "Inloggning via identitetsleverantören misslyckades: leverantören svarade fel"
                }
                ProviderRefusal::InvalidToken => {
                    "Inloggning via identitetsleverantören nekad: ogiltig ID-token"
                }
                ProviderRefusal::UnknownPerson => {
                    "Inloggning via identitetsleverantören nekad: okänd person"
                }
                ProviderRefusal::NoRole => {
                    "Inloggning via identitetsleverantören nekad: saknar behörighet"
                }
                ProviderRefusal::Deactivated => {
                    "Inloggning via identitetsleverantören nekad: kontot är avstängt"
                }
                ProviderRefusal::TooMany => {
                    "Inloggning via identitetsleverantören stoppad (för många försök)"
                }
            },
            SecurityEvent::AccountLinkedToProvider => "Konto kopplat till identitetsleverantören",
            SecurityEvent::AccountCreatedByProvider => {
                "Konto skapat vid inloggning via identitetsleverantören"
            }
            SecurityEvent::RoleChangedByProvider => "Roll ändrad av identitetsleverantören",
            SecurityEvent::AccessLogKeyed => "Loggen signeras med en ny nyckel",
            SecurityEvent::AccessLogPruned => "Gamla loggposter gallrade",
            SecurityEvent::ContactLinkSent => "Inloggningslänk skickad till kontaktperson",
            SecurityEvent::ContactSignedIn => "Kontaktperson loggade in på Mina sidor",
            SecurityEvent::ContactSignedOut => "Kontaktperson loggade ut från Mina sidor",
            SecurityEvent::ContactEidRefused => {
                "Inloggning med e-legitimation till Mina sidor nekad"
            }
        }
    }
}

/// Which access-log entries to show (`GET /api/access-log?kind=…`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccessKind {
    /// Everything.
    #[default]
    All,
    /// Only security events (`auth:…`).
    Security,
    /// Only reads and writes of personal data.
    PersonalData,
}

impl AccessKind {
    /// The query value (`security`, …); `None` for [`AccessKind::All`].
    pub fn code(self) -> Option<&'static str> {
        match self {
            AccessKind::All => None,
            AccessKind::Security => Some("security"),
            AccessKind::PersonalData => Some("personal_data"),
        }
    }
}

/// One of the signed-in person's sessions (`GET /api/account/sessions`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    /// A public id (never the token or its hash), to end this session.
    pub id: String,
    /// When it started (RFC 3339).
    pub created_at: String,
    /// When it was last used (RFC 3339; to about a minute).
    pub last_seen_at: String,
    /// The browser's `User-Agent`, as sent (at most 300 characters).
    pub user_agent: String,
    /// The client address it signed in from.
    pub address: String,
    /// Whether it is the session asking.
    pub current: bool,
}

/// How long before the idle timeout the caseworker area warns: two minutes, or a third of a
/// short timeout.
pub fn idle_warning_seconds(idle_seconds: i64) -> i64 {
    (idle_seconds / 3).clamp(1, 120)
}

/// A short name for a browser, from its `User-Agent`: "Chrome på Windows", "Firefox på Linux",
/// or "Okänd webbläsare".
pub fn browser_summary(user_agent: &str) -> String {
    let ua = user_agent;
    let browser = if ua.contains("Edg/") {
        Some("Edge")
    } else if ua.contains("Firefox/") {
        Some("Firefox")
    } else if ua.contains("Chrome/") || ua.contains("Chromium/") {
        Some("Chrome")
    } else if ua.contains("Safari/") {
        Some("Safari")
    } else {
        None
    };
    let system = if ua.contains("Windows") {
        Some("Windows")
    } else if ua.contains("iPhone") || ua.contains("iPad") {
        Some("iOS")
    } else if ua.contains("Android") {
        Some("Android")
    } else if ua.contains("Mac OS X") || ua.contains("Macintosh") {
        Some("macOS")
    } else if ua.contains("Linux") || ua.contains("X11") {
        Some("Linux")
    } else {
        None
    };
    match (browser, system) {
        (Some(b), Some(s)) => format!("{b} på {s}"),
        (Some(b), None) => b.to_string(),
        (None, Some(s)) => format!("Webbläsare på {s}"),
        (None, None) => "Okänd webbläsare".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_security_action_is_prefixed_distinct_and_reads_back() {
        let mut seen = std::collections::HashSet::new();
        for event in SecurityEvent::ALL {
            assert!(event.action().starts_with(SECURITY_PREFIX));
            assert!(seen.insert(event.action()), "{event:?} repeats an action");
            assert_eq!(SecurityEvent::from_action(event.action()), Some(event));
        }
        assert_eq!(SecurityEvent::from_action("read"), None);
    }

    #[test]
    fn the_warning_comes_two_minutes_ahead_or_a_third_of_a_short_timeout() {
        assert_eq!(idle_warning_seconds(30 * 60), 120);
        assert_eq!(idle_warning_seconds(60), 20);
        assert_eq!(idle_warning_seconds(1), 1);
    }

    #[test]
    fn a_browser_is_named_by_its_family_and_system() {
        let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36";
        assert_eq!(browser_summary(chrome), "Chrome på Linux");
        let edge = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0";
        assert_eq!(browser_summary(edge), "Edge på Windows");
        let safari = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
        assert_eq!(browser_summary(safari), "Safari på iOS");
        assert_eq!(browser_summary("curl/8.5.0"), "Okänd webbläsare");
    }
}
