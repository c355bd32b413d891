//! The bodies the caseworker area sends about signing in and accounts. The SPA serialises these
//! and the server deserialises the same types, so a renamed field fails to compile on both sides
//! instead of going missing on the wire.

use serde::{Deserialize, Serialize};

use crate::caseworker::Role;

/// `POST /api/session`: the e-mail and password of a local account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInForm {
    /// The account's e-mail.
    pub email: String,
    /// Its password.
    pub password: String,
}

/// `POST /api/account/password`: one's own new password, with the current one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordChange {
    /// The password in use (a temporary one too).
    pub current_password: String,
    /// The new one.
    pub new_password: String,
}

/// `POST /api/users`: a new account (administrators).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAccount {
    /// E-mail, the sign-in name.
    pub email: String,
    /// The name others see.
    pub display_name: String,
    /// What the account may do.
    pub role: Role,
    /// A first password, to be changed by its owner. Required while local sign-in is on; without
    /// it (local sign-in off) the person signs in through the identity provider only, linked by
    /// the e-mail at the first sign-in.
    #[serde(default)]
    pub password: Option<String>,
}

/// `PATCH /api/users/{id}`: one change to an account (administrators); absent fields stay.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountChange {
    /// A new role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// Deactivate (ending its sessions) or reactivate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// A new password set by the administrator (the account's sessions end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
}

/// `PUT /api/applicants/{reference}/assignee`: who handles an applicant (`None`: nobody).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssigneeChange {
    /// The caseworker's account id.
    pub user_id: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_change_sends_only_what_changes() {
        let change = AccountChange {
            active: Some(false),
            ..AccountChange::default()
        };
        assert_eq!(
            serde_json::to_string(&change).unwrap(),
            r#"{"active":false}"#
        );
        let back: AccountChange = serde_json::from_str(r#"{"role":"admin"}"#).unwrap();
        assert_eq!(back.role, Some(Role::Admin));
        assert_eq!(back.active, None);
    }

    #[test]
    fn a_new_account_names_its_role_by_code() {
        let new = NewAccount {
            email: "a@example.se".into(),
            display_name: "A".into(),
            role: Role::Caseworker,
            password: None,
        };
        let json = serde_json::to_value(&new).unwrap();
        assert_eq!(json["role"], "caseworker");
        assert!(serde_json::from_str::<NewAccount>(
            r#"{"email":"a","display_name":"A","role":"superuser"}"#
        )
        .is_err());
    }
}
