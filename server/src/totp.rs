//! Authenticator-app codes (RFC 6238: HMAC-SHA1, six digits, 30-second steps, what every app
//! supports) made and checked by the `totp-rs` crate, the enrolment's QR code drawn by the
//! `qrcode` crate, and recovery codes. Which time step a code belongs to is returned, so the
//! store can refuse a step that was already used.

use base64::Engine as _;
use kp_domain::second_factor::{
    recovery_code, show_recovery_code, show_secret, SecondFactorSetup, RECOVERY_CODES, TOTP_DIGITS,
    TOTP_STEP_SECONDS,
};
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use totp_rs::{Algorithm, Secret, TOTP};

/// The name apps show above the code.
pub const ISSUER: &str = "Kontaktperson";

/// A new random secret (160 bits, as RFC 4226 recommends), base32.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 20];
    OsRng.fill_bytes(&mut bytes);
    Secret::Raw(bytes.to_vec()).to_encoded().to_string()
}

fn totp(secret: &str, account: &str) -> Option<TOTP> {
    let bytes = Secret::Encoded(secret.to_string()).to_bytes().ok()?;
    TOTP::new(
        Algorithm::SHA1,
        TOTP_DIGITS,
        0,
        TOTP_STEP_SECONDS,
        bytes,
        Some(ISSUER.to_string()),
        account.to_string(),
    )
    .ok()
}

/// The time step `code` belongs to: now, or one step either side (a phone's clock a little off,
/// a code typed as it changed). `None` when it is none of them or the secret is unusable.
pub fn matching_step(secret: &str, code: &str, now: chrono::DateTime<chrono::Utc>) -> Option<i64> {
    let totp = totp(secret, "")?;
    let step = now.timestamp().max(0) as u64 / TOTP_STEP_SECONDS;
    [step.saturating_sub(1), step, step + 1]
        .into_iter()
        .find(|s| totp.check(code, s * TOTP_STEP_SECONDS))
        .map(|s| s as i64)
}

/// The code for `secret` at `at` (for tests and the demo's own checks).
pub fn code_at(secret: &str, at: chrono::DateTime<chrono::Utc>) -> Option<String> {
    Some(totp(secret, "")?.generate(at.timestamp().max(0) as u64))
}

/// What the enrolment screen shows for `secret`: the QR code of its `otpauth://` address (an SVG
/// path, drawn by the page itself) and the secret in groups for typing by hand.
pub fn setup(secret: &str, email: &str) -> anyhow::Result<SecondFactorSetup> {
    let totp = totp(secret, email).ok_or_else(|| anyhow::anyhow!("unusable TOTP secret"))?;
    let uri = totp.get_url();
    let qr = qrcode::QrCode::with_error_correction_level(uri.as_bytes(), qrcode::EcLevel::M)?;
    let width = qr.width();
    let mut path = String::new();
    for (i, colour) in qr.to_colors().into_iter().enumerate() {
        if colour == qrcode::Color::Dark {
            path.push_str(&format!("M{} {}h1v1h-1z", i % width, i / width));
        }
    }
    Ok(SecondFactorSetup {
        secret: show_secret(secret),
        uri,
        qr_size: width as u32,
        qr_path: path,
    })
}

/// Ten new recovery codes: as shown to the person, and their hashes to store.
pub fn new_recovery_codes() -> (Vec<String>, Vec<String>) {
    let mut shown = Vec::with_capacity(RECOVERY_CODES);
    let mut hashes = Vec::with_capacity(RECOVERY_CODES);
    while shown.len() < RECOVERY_CODES {
        let mut bytes = [0u8; 64];
        OsRng.fill_bytes(&mut bytes);
        if let Some(code) = recovery_code(bytes.into_iter()) {
            hashes.push(recovery_hash(&code));
            shown.push(show_recovery_code(&code));
        }
    }
    (shown, hashes)
}

/// The stored form of a recovery code (without dashes, in capitals): SHA-256. The codes are 79
/// random bits, so a fast hash is enough to keep a copy of the database from revealing them.
pub fn recovery_hash(code: &str) -> String {
    format!("{:x}", Sha256::digest(code.as_bytes()))
}

/// A challenge token's cookie value (256 random bits).
pub fn new_challenge_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    /// RFC 6238 appendix B's SHA-1 secret, "12345678901234567890", in base32.
    const RFC_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn codes_match_rfc_6238s_test_vectors() {
        // Appendix B lists eight digits; six are their last six.
        let at = chrono::Utc.timestamp_opt(59, 0).unwrap();
        assert_eq!(code_at(RFC_SECRET, at).unwrap(), "287082");
        let at = chrono::Utc.timestamp_opt(1_111_111_109, 0).unwrap();
        assert_eq!(code_at(RFC_SECRET, at).unwrap(), "081804");
    }

    #[test]
    fn a_code_matches_its_own_step_and_one_either_side_and_no_further() {
        let now = chrono::Utc.timestamp_opt(1_700_000_000, 0).unwrap();
        let step = 1_700_000_000 / 30;
        let code = |offset: i64| {
            code_at(RFC_SECRET, now + chrono::Duration::seconds(offset * 30)).unwrap()
        };
        assert_eq!(matching_step(RFC_SECRET, &code(0), now), Some(step));
        assert_eq!(matching_step(RFC_SECRET, &code(-1), now), Some(step - 1));
        assert_eq!(matching_step(RFC_SECRET, &code(1), now), Some(step + 1));
        assert_eq!(matching_step(RFC_SECRET, &code(-2), now), None);
        assert_eq!(matching_step(RFC_SECRET, &code(3), now), None);
    }

    #[test]
    fn the_enrolment_holds_an_otpauth_address_and_a_square_qr_code() {
        let secret = new_secret();
        let setup = setup(&secret, "anna@exempelby.se").unwrap();
        assert!(setup
            .uri
            .starts_with("otpauth://totp/Kontaktperson:anna%40exempelby.se?"));
        assert!(setup.uri.contains(&format!("secret={secret}")));
        assert!(setup.qr_size >= 21);
        assert!(
            setup.qr_path.starts_with("M0 0h1v1h-1z"),
            "a finder pattern's corner"
        );
        assert_eq!(setup.secret.replace(' ', ""), secret);
    }

    #[test]
    fn ten_different_recovery_codes_with_their_hashes() {
        let (shown, hashes) = new_recovery_codes();
        assert_eq!(shown.len(), 10);
        let unique: std::collections::HashSet<_> = shown.iter().collect();
        assert_eq!(unique.len(), 10);
        assert_eq!(hashes[0], recovery_hash(&shown[0].replace('-', "")));
    }
}
