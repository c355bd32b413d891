//! The second factor of a local account: who must have one, what a typed code is, and the API's
//! request and answer types for enrolling and for the code step of signing in.
//!
//! The codes themselves (RFC 6238 TOTP) are made and checked by the server with a well-kept
//! crate; this module only decides what the person typed and what the rules are.

use serde::{Deserialize, Serialize};

use crate::caseworker::{Role, SignedIn};

/// How many recovery codes an enrolment gives.
pub const RECOVERY_CODES: usize = 10;
/// Characters in a recovery code (without its dashes): 16 of a 31-letter alphabet, 79 bits.
pub const RECOVERY_CODE_LEN: usize = 16;
/// The recovery codes' alphabet: digits and capitals without 0/O, 1/I/L (Crockford-like, so a
/// code read aloud or copied by hand stays right).
pub const RECOVERY_ALPHABET: &[u8; 31] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// Digits of a TOTP code.
pub const TOTP_DIGITS: usize = 6;
/// Seconds in a TOTP step.
pub const TOTP_STEP_SECONDS: u64 = 30;
/// Wrong codes one password step allows before the person must start again with the password.
pub const CODE_TRIES_PER_SIGN_IN: i64 = 5;
/// Minutes the code step waits after a correct password.
pub const CODE_STEP_MINUTES: i64 = 5;

/// Which local accounts must have a second factor (`KP_REQUIRE_MFA`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MfaPolicy {
    /// Administrators only (the default).
    #[default]
    Admins,
    /// Every local account.
    All,
    /// Nobody is forced (each may still switch it on).
    Off,
}

impl MfaPolicy {
    /// From `KP_REQUIRE_MFA`: `admins`, `all` or `off`.
    pub fn parse(value: &str) -> Option<MfaPolicy> {
        match value.trim().to_ascii_lowercase().as_str() {
            "admins" | "admin" => Some(MfaPolicy::Admins),
            "all" | "on" => Some(MfaPolicy::All),
            "off" | "none" => Some(MfaPolicy::Off),
            _ => None,
        }
    }

    /// Whether an account with `role` must have a second factor. The demo account of the quick
    /// start is exempt, and says so on every page.
    pub fn requires(self, role: Role, demo: bool) -> bool {
        if demo {
            return false;
        }
        match self {
            MfaPolicy::Admins => role == Role::Admin,
            MfaPolicy::All => true,
            MfaPolicy::Off => false,
        }
    }
}

/// What was typed into the code field, read generously: spaces and dashes ignored, letters in
/// either case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypedCode {
    /// Six digits from the app.
    Totp(String),
    /// A recovery code, without dashes, in capitals.
    Recovery(String),
    /// Neither.
    Malformed,
}

impl TypedCode {
    /// Reads the code field.
    pub fn read(input: &str) -> TypedCode {
        if input.len() > 64 {
            return TypedCode::Malformed;
        }
        let compact: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if compact.len() == TOTP_DIGITS && compact.bytes().all(|b| b.is_ascii_digit()) {
            return TypedCode::Totp(compact);
        }
        if compact.len() == RECOVERY_CODE_LEN
            && compact.bytes().all(|b| RECOVERY_ALPHABET.contains(&b))
        {
            return TypedCode::Recovery(compact);
        }
        TypedCode::Malformed
    }
}

/// A recovery code from random bytes: each byte below 248 (eight times the alphabet) picks a
/// character, the rest are skipped, so every character is equally likely. `None` if the bytes
/// run out first.
pub fn recovery_code(mut random: impl Iterator<Item = u8>) -> Option<String> {
    let alphabet = RECOVERY_ALPHABET;
    let mut code = String::with_capacity(RECOVERY_CODE_LEN);
    while code.len() < RECOVERY_CODE_LEN {
        let b = random.next()?;
        if b < 248 {
            code.push(alphabet[(b % 31) as usize] as char);
        }
    }
    Some(code)
}

/// A recovery code as shown: `ABCD-EFGH-JKMN-PQRS`.
pub fn show_recovery_code(code: &str) -> String {
    code.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// A secret shown for typing into an app by hand: base32 in groups of four.
pub fn show_secret(base32: &str) -> String {
    show_recovery_code(base32).replace('-', " ")
}

/// `POST /api/session`'s answer when the password was right and a code is needed next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeNeeded {
    /// Always true; tells this answer from [`SignedIn`].
    pub second_factor_required: bool,
    /// Seconds the code step waits.
    pub expires_in_seconds: i64,
}

/// `POST /api/session`'s answer: signed in, or a code is needed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SignInAnswer {
    /// A code from the app (or a recovery code) is needed: `POST /api/session/code`.
    CodeNeeded(CodeNeeded),
    /// Signed in.
    SignedIn(SignedIn),
}

/// The body of `POST /api/session/code` and of confirming an enrolment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeForm {
    /// What was typed.
    pub code: String,
}

/// `POST /api/account/second-factor`: a new secret to put into an app, not yet in use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecondFactorSetup {
    /// The secret in base32, in groups of four, for typing by hand.
    pub secret: String,
    /// The `otpauth://` address the QR code holds.
    pub uri: String,
    /// The QR code's width in modules (without the quiet zone).
    pub qr_size: u32,
    /// An SVG path drawing the QR code's dark modules, one unit each.
    pub qr_path: String,
}

/// The recovery codes, shown once after an enrolment is confirmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryCodes {
    /// Each as shown (`ABCD-EFGH-JKMN-PQRS`).
    pub codes: Vec<String>,
}

/// `GET /api/account/second-factor`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecondFactorStatus {
    /// An authenticator app is set up.
    pub enabled: bool,
    /// The account must have one (it cannot do without).
    pub required: bool,
    /// Recovery codes not yet used.
    pub recovery_codes_left: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn administrators_must_have_a_second_factor_by_default_and_the_demo_account_never_must() {
        let p = MfaPolicy::default();
        assert!(p.requires(Role::Admin, false));
        assert!(!p.requires(Role::Caseworker, false));
        assert!(!p.requires(Role::Admin, true));
        assert!(MfaPolicy::All.requires(Role::Caseworker, false));
        assert!(!MfaPolicy::All.requires(Role::Admin, true));
        assert!(!MfaPolicy::Off.requires(Role::Admin, false));
    }

    #[test]
    fn the_policy_reads_admins_all_and_off_and_nothing_else() {
        assert_eq!(MfaPolicy::parse(" ALL "), Some(MfaPolicy::All));
        assert_eq!(MfaPolicy::parse("admins"), Some(MfaPolicy::Admins));
        assert_eq!(MfaPolicy::parse("off"), Some(MfaPolicy::Off));
        assert_eq!(MfaPolicy::parse("yes please"), None);
    }

    #[test]
    fn a_typed_code_is_six_digits_or_a_recovery_code_with_spaces_dashes_and_case_ignored() {
        assert_eq!(
            TypedCode::read(" 123 456 "),
            TypedCode::Totp("123456".into())
        );
        assert_eq!(
            TypedCode::read("abcd-efgh-jkmn-pqrs"),
            TypedCode::Recovery("ABCDEFGHJKMNPQRS".into())
        );
        assert_eq!(TypedCode::read("12345"), TypedCode::Malformed);
        assert_eq!(TypedCode::read("1234567"), TypedCode::Malformed);
        assert_eq!(TypedCode::read("ABCD-EFGH-IJKL-MNOP"), TypedCode::Malformed);
        assert_eq!(TypedCode::read(&"1".repeat(100)), TypedCode::Malformed);
    }

    #[test]
    fn recovery_codes_use_only_the_unambiguous_alphabet_and_read_back_as_themselves() {
        let bytes = [
            0u8, 1, 30, 31, 32, 200, 255, 248, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
        ];
        let code = recovery_code(bytes.into_iter()).unwrap();
        assert_eq!(code.len(), RECOVERY_CODE_LEN);
        assert_eq!(
            &code[..4],
            "23Z2",
            "30 is the last letter, 31 wraps, 255 and 248 are skipped"
        );
        assert_eq!(recovery_code([255u8; 40].into_iter()), None);
        assert!(!code.contains(['0', 'O', '1', 'I', 'L']));
        let shown = show_recovery_code(&code);
        assert_eq!(shown.len(), 19);
        assert_eq!(TypedCode::read(&shown), TypedCode::Recovery(code));
    }

    #[test]
    fn an_answer_that_needs_a_code_is_told_from_a_signed_in_one() {
        let json = r#"{"second_factor_required":true,"expires_in_seconds":300}"#;
        assert!(matches!(
            serde_json::from_str::<SignInAnswer>(json).unwrap(),
            SignInAnswer::CodeNeeded(_)
        ));
    }
}
