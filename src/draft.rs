//! The interest form's draft, kept in the browser's `localStorage` as the applicant types, so a
//! reload, a closed tab or a lost connection loses nothing. Cleared after a successful send, when
//! the applicant empties the form ("Töm formuläret"), and on the first visit more than
//! [`KEEP_DAYS`] after it was last written (a shared or borrowed computer does not keep someone's
//! personnummer for ever).

use kp_domain::application::ApplicationForm;
use serde::{Deserialize, Serialize};

const DRAFT_KEY: &str = "kp-application-draft-v1";

/// How long a draft is kept after it was last written (the form says so).
pub const KEEP_DAYS: i64 = 7;

const DAY_MS: i64 = 24 * 3600 * 1000;

/// What is kept while filling in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// The answers so far.
    pub form: ApplicationForm,
    /// The idempotency key of the last send attempt, and the answers it was for: a retry of the
    /// same answers reuses it (so the server stores one application), changed answers get a new one.
    pub key: Option<(String, String)>,
    /// When it was last written (milliseconds since 1970, the browser's clock). A draft from
    /// before this was kept has none and is stamped at its next save.
    #[serde(default)]
    pub saved_at_ms: Option<i64>,
    /// Where the applicant was (the address's `?steg=` value), so coming back without it
    /// continues on that step. A draft from before steps has none: the first step.
    #[serde(default)]
    pub place: Option<String>,
}

/// Whether a draft written at `saved_at_ms` is past keeping at `now_ms`.
pub fn expired(saved_at_ms: Option<i64>, now_ms: i64) -> bool {
    saved_at_ms.is_some_and(|saved| now_ms - saved > KEEP_DAYS * DAY_MS)
}

impl Draft {
    /// The key to send these answers with, creating one with `fresh` when the answers are new.
    pub fn key_for_sending(&mut self, fresh: impl FnOnce() -> String) -> String {
        let fingerprint = serde_json::to_string(&self.form).unwrap_or_default();
        match &self.key {
            Some((key, for_answers)) if *for_answers == fingerprint => key.clone(),
            _ => {
                let key = fresh();
                self.key = Some((key.clone(), fingerprint));
                key
            }
        }
    }
}

/// The browser's clock, in milliseconds since 1970.
fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The saved draft, if any (a damaged one is ignored; one past keeping is removed).
pub fn load() -> Option<Draft> {
    let text = storage()?.get_item(DRAFT_KEY).ok()??;
    let draft: Draft = serde_json::from_str(&text).ok()?;
    if expired(draft.saved_at_ms, now_ms()) {
        clear();
        return None;
    }
    Some(draft)
}

/// Saves the draft, stamped with the time (quietly does nothing where storage is unavailable,
/// e.g. private mode).
pub fn save(draft: &Draft) {
    let stamped = Draft {
        saved_at_ms: Some(now_ms()),
        ..draft.clone()
    };
    if let (Some(storage), Ok(text)) = (storage(), serde_json::to_string(&stamped)) {
        storage.set_item(DRAFT_KEY, &text).ok();
    }
}

/// After a successful send: the answers are forgotten.
pub fn clear() {
    if let Some(storage) = storage() {
        storage.remove_item(DRAFT_KEY).ok();
    }
}

/// A fresh random idempotency key (32 hex digits from the browser's CSPRNG).
pub fn fresh_key() -> String {
    let mut bytes = [0u8; 16];
    if let Some(crypto) = web_sys::window().and_then(|w| w.crypto().ok()) {
        crypto.get_random_values_with_u8_array(&mut bytes).ok();
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_is_kept_seven_days_after_it_was_last_written() {
        let written = 1_790_000_000_000;
        assert!(!expired(Some(written), written + 6 * DAY_MS));
        assert!(!expired(Some(written), written + 7 * DAY_MS));
        assert!(expired(Some(written), written + 7 * DAY_MS + 1));
        assert!(
            !expired(None, written),
            "a draft from before the stamp is kept until stamped"
        );
    }

    #[test]
    fn a_retry_of_the_same_answers_reuses_the_key_and_changed_answers_get_a_new_one() {
        let mut draft = Draft::default();
        draft.form.first_name = "Amina".into();
        let first = draft.key_for_sending(|| "key-1".into());
        let again = draft.key_for_sending(|| "key-2".into());
        assert_eq!((first.as_str(), again.as_str()), ("key-1", "key-1"));
        draft.form.first_name = "Amira".into();
        assert_eq!(draft.key_for_sending(|| "key-3".into()), "key-3");
    }

    #[test]
    fn a_draft_survives_a_round_trip_through_json() {
        let mut draft = Draft::default();
        draft.form.motivation = "Jag vill hjälpa till.\nPå kvällar.".into();
        draft.form.languages = vec!["so".into()];
        draft.place = Some("3".into());
        let text = serde_json::to_string(&draft).unwrap();
        assert_eq!(serde_json::from_str::<Draft>(&text).unwrap(), draft);
        let before_steps = r#"{"form":{},"key":null}"#;
        assert_eq!(
            serde_json::from_str::<Draft>(before_steps).unwrap().place,
            None
        );
    }
}
