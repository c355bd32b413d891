//! The interest form's draft, kept in the browser's `localStorage` as the applicant types, so a
//! reload, a closed tab or a lost connection loses nothing. Cleared after a successful send.

use kp_domain::application::ApplicationForm;
use serde::{Deserialize, Serialize};

const DRAFT_KEY: &str = "kp-application-draft-v1";

/// What is kept while filling in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// The answers so far.
    pub form: ApplicationForm,
    /// The idempotency key of the last send attempt, and the answers it was for: a retry of the
    /// same answers reuses it (so the server stores one application), changed answers get a new one.
    pub key: Option<(String, String)>,
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

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The saved draft, if any (a damaged one is ignored).
pub fn load() -> Option<Draft> {
    let text = storage()?.get_item(DRAFT_KEY).ok()??;
    serde_json::from_str(&text).ok()
}

/// Saves the draft (quietly does nothing where storage is unavailable, e.g. private mode).
pub fn save(draft: &Draft) {
    if let (Some(storage), Ok(text)) = (storage(), serde_json::to_string(draft)) {
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
        let text = serde_json::to_string(&draft).unwrap();
        assert_eq!(serde_json::from_str::<Draft>(&text).unwrap(), draft);
    }
}
