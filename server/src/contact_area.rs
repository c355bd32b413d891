//! The contact person's own area on the server: its configuration, its cookie, and the
//! [`CurrentContactPerson`] extractor.
//!
//! A contact person is not an account: their sessions live in `contact_sessions` under a cookie
//! of their own (`kp_contact`, `__Host-kp_contact` over https), so a contact session never passes
//! the caseworkers' extractors and a caseworker's session never passes this one. The person is
//! looked up again on every request, so someone whose approval or assignment goes away loses the
//! area at once.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use chrono::Utc;
use kp_domain::monthly_report::ReportRules;

use crate::auth::{cookie, token_hash};
use crate::error::AppError;
use crate::store::{ContactEligibility, ContactPerson};
use crate::AppState;

/// The area's cookie over plain http (local use, tests).
pub const CONTACT_COOKIE: &str = "kp_contact";
/// The area's cookie over https.
pub const SECURE_CONTACT_COOKIE: &str = "__Host-kp_contact";
/// A contact session ends this long after sign-in, however active.
pub const ABSOLUTE_LIFETIME: chrono::Duration = chrono::Duration::hours(2);
/// A contact session ends after this long without a request.
pub const IDLE_TIMEOUT: chrono::Duration = chrono::Duration::minutes(20);

/// The cookie's name: with the `__Host-` prefix over https.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        SECURE_CONTACT_COOKIE
    } else {
        CONTACT_COOKIE
    }
}

/// The `Set-Cookie` value for a new contact session (or, with `None`, one that clears it).
pub fn session_cookie(token: Option<&str>, secure: bool) -> String {
    crate::auth::strict_cookie(cookie_name(secure), token, ABSOLUTE_LIFETIME, secure)
}

/// What the municipality decides about the area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ContactAreaConfig {
    /// One-time sign-in links by e-mail (`KP_CONTACT_LINK_SIGN_IN=on`; needs `SMTP_URL` and
    /// `KP_PUBLIC_URL`): for a municipality without an e-ID broker.
    pub link_sign_in: bool,
    /// Who may use the area.
    pub eligibility: ContactEligibility,
    /// When reports are due, how far back a late one is paid, and whether extra costs are
    /// claimed (`KP_REPORT_DUE_DAY`, `KP_REPORT_LATE_MONTHS`, `KP_REPORT_EXTRA_COSTS`).
    pub report_rules: ReportRules,
    /// Reminders of the monthly report by e-mail (`KP_REPORT_REMINDERS`): on by default when the
    /// area is (a way in is configured), never without it.
    pub reminders: bool,
}

impl ContactAreaConfig {
    /// From the environment; `smtp` and `public_url` say whether mail can be sent and links made,
    /// `eid` whether e-legitimation through the broker is configured.
    pub fn from_env(
        env: &impl Fn(&str) -> Option<String>,
        smtp: bool,
        public_url: bool,
        eid: bool,
    ) -> Result<ContactAreaConfig, String> {
        let switch = |key: &str| match env(key).as_deref().map(str::trim) {
            None | Some("") | Some("off") => Ok(false),
            Some("on") => Ok(true),
            Some(other) => Err(format!("{key} is neither on nor off: {other}")),
        };
        let link_sign_in = switch("KP_CONTACT_LINK_SIGN_IN")?;
        if link_sign_in && !(smtp && public_url) {
            return Err(
                "KP_CONTACT_LINK_SIGN_IN=on needs SMTP_URL (the link is mailed) and KP_PUBLIC_URL \
                 (the link's address)"
                    .into(),
            );
        }
        let number = |key: &str, default: u32| match env(key) {
            Some(v) if !v.trim().is_empty() => v
                .trim()
                .parse::<u32>()
                .map_err(|_| format!("{key} is not a number: {v}")),
            _ => Ok(default),
        };
        let defaults = ReportRules::default();
        let due_day = number("KP_REPORT_DUE_DAY", defaults.due_day)?;
        let late_months = number("KP_REPORT_LATE_MONTHS", defaults.late_months)?;
        let report_rules = ReportRules::new(due_day, late_months, switch("KP_REPORT_EXTRA_COSTS")?)
            .ok_or_else(|| {
                format!(
                    "KP_REPORT_DUE_DAY must be 1–28 and KP_REPORT_LATE_MONTHS at most 12 \
                         (got {due_day} and {late_months})"
                )
            })?;
        // The area is on when there is a way in; a reminder links to it.
        let area_on = link_sign_in || eid;
        let reminders = match env("KP_REPORT_REMINDERS").as_deref().map(str::trim) {
            None | Some("") => area_on,
            Some(_) if !switch("KP_REPORT_REMINDERS")? => false,
            Some(_) if area_on => true,
            Some(_) => {
                return Err(
                    "KP_REPORT_REMINDERS=on needs the contact person's area switched on \
                     (KP_CONTACT_LINK_SIGN_IN=on or KP_EID_OIDC_ISSUER): a reminder links to it"
                        .into(),
                )
            }
        };
        Ok(ContactAreaConfig {
            link_sign_in,
            eligibility: ContactEligibility {
                without_assignment: switch("KP_CONTACT_AREA_WITHOUT_ASSIGNMENT")?,
            },
            report_rules,
            reminders,
        })
    }
}

/// A signed-in contact person, as a handler of their area sees them.
#[derive(Debug, Clone)]
pub struct CurrentContactPerson {
    /// Who.
    pub person: ContactPerson,
    /// How they signed in: `link` or `eid`.
    pub method: String,
    /// The session's token hash.
    pub session: String,
}

impl FromRequestParts<AppState> for CurrentContactPerson {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let token =
            cookie(&parts.headers, cookie_name(state.https)).ok_or(AppError::Unauthorized)?;
        let hash = token_hash(&token);
        let (person, method) = state
            .store
            .contact_session(
                &hash,
                Utc::now(),
                IDLE_TIMEOUT,
                state.contact_area.eligibility,
            )
            .await?
            .ok_or(AppError::Unauthorized)?;
        Ok(CurrentContactPerson {
            person,
            method,
            session: hash,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(pairs: &[(&str, &str)], smtp: bool) -> Result<ContactAreaConfig, String> {
        let env = |key: &str| {
            pairs
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.to_string())
        };
        ContactAreaConfig::from_env(&env, smtp, true, false)
    }

    #[test]
    fn the_area_is_closed_to_links_by_default_and_a_link_needs_mail() {
        let default = config(&[], false).unwrap();
        assert!(!default.link_sign_in);
        assert!(!default.eligibility.without_assignment);
        assert_eq!(default.report_rules, ReportRules::default());
        assert!(config(&[("KP_CONTACT_LINK_SIGN_IN", "on")], false).is_err());
        assert!(
            config(&[("KP_CONTACT_LINK_SIGN_IN", "on")], true)
                .unwrap()
                .link_sign_in
        );
        assert!(config(&[("KP_CONTACT_LINK_SIGN_IN", "yes")], true).is_err());
    }

    #[test]
    fn the_report_rules_come_from_the_environment_within_their_bounds() {
        let rules = config(
            &[
                ("KP_REPORT_DUE_DAY", "3"),
                ("KP_REPORT_LATE_MONTHS", "0"),
                ("KP_REPORT_EXTRA_COSTS", "on"),
            ],
            false,
        )
        .unwrap()
        .report_rules;
        assert_eq!(rules, ReportRules::new(3, 0, true).unwrap());
        assert!(config(&[("KP_REPORT_DUE_DAY", "31")], false).is_err());
        assert!(config(&[("KP_REPORT_LATE_MONTHS", "tre")], false).is_err());
    }

    #[test]
    fn reminders_follow_the_area_unless_switched_off_and_cannot_be_on_without_it() {
        let reminders = |pairs: &[(&str, &str)], eid: bool| {
            let env = |key: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == key)
                    .map(|(_, v)| v.to_string())
            };
            ContactAreaConfig::from_env(&env, true, true, eid).map(|c| c.reminders)
        };
        let link = [("KP_CONTACT_LINK_SIGN_IN", "on")];
        type Env<'a> = &'a [(&'a str, &'a str)];
        let cases: [(Env, bool, Result<bool, ()>, &str); 7] = [
            (&[], false, Ok(false), "no way in: no area, no reminders"),
            (&link, false, Ok(true), "links: on by default"),
            (&[], true, Ok(true), "e-legitimation: on by default"),
            (
                &[
                    ("KP_CONTACT_LINK_SIGN_IN", "on"),
                    ("KP_REPORT_REMINDERS", "off"),
                ],
                false,
                Ok(false),
                "switched off",
            ),
            (
                &[("KP_REPORT_REMINDERS", "on")],
                true,
                Ok(true),
                "on with e-ID",
            ),
            (
                &[("KP_REPORT_REMINDERS", "on")],
                false,
                Err(()),
                "on without the area",
            ),
            (
                &[("KP_REPORT_REMINDERS", "ja")],
                true,
                Err(()),
                "neither on nor off",
            ),
        ];
        for (pairs, eid, expected, why) in cases {
            assert_eq!(reminders(pairs, eid).map_err(|_| ()), expected, "{why}");
        }
    }
}
