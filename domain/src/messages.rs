//! Messages between a contact person and the social services about one assignment, and the
//! clearly marked "jag är orolig" (a worry) that reaches the caseworkers at once. A mail about a
//! new message says only that there is one, never what it says.
//!
//! Routes (each read and write in the access log):
//! - contact person: `GET /api/contact/assignments/{id}/messages` → `Vec<Message>` (reading marks
//!   the caseworkers' messages read); `POST …/messages` ([`NewMessage`]) → 201
//! - caseworker: `GET /api/assignments/{id}/messages` → `Vec<Message>` (marks the contact person's
//!   read); `POST /api/assignments/{id}/messages` ([`NewMessage`], `worry` ignored) → 201;
//!   `GET /api/messages/unread` → `Vec<UnreadThread>` (worries first)

use serde::{Deserialize, Serialize};

use crate::api::FieldError;
use crate::application::{text_field, Errors};

/// Longest message, in characters.
pub const MAX_BODY: usize = 2000;

/// One message in an assignment's thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// Id.
    pub id: i64,
    /// Written by the contact person (else by a caseworker).
    pub from_contact_person: bool,
    /// The writer's name (the caseworker's, or the contact person's).
    pub author: String,
    /// Marked as a worry.
    pub worry: bool,
    /// What it says.
    pub body: String,
    /// When (RFC 3339).
    pub sent_at: String,
    /// When the other side read it (RFC 3339).
    pub read_at: Option<String>,
}

/// A message to send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewMessage {
    /// What it says.
    pub body: String,
    /// "Jag är orolig": the contact person marks it as a worry (a caseworker's never is).
    #[serde(default)]
    pub worry: bool,
}

/// An assignment with messages from its contact person no caseworker has read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnreadThread {
    /// The assignment's id.
    pub assignment_id: i64,
    /// Its reference.
    pub assignment_reference: String,
    /// The contact person's name.
    pub contact_person_name: String,
    /// Unread messages.
    pub unread: u32,
    /// Whether one of them is a worry.
    pub worry: bool,
    /// When the latest came (RFC 3339).
    pub latest_at: String,
}

/// The mail telling a contact person, in their language, that a message waits in their area
/// (`link`): (subject, body). It never carries the message itself.
pub fn new_message_mail(locale: crate::Locale, link: &str) -> (String, String) {
    use crate::Locale::*;
    let (subject, body) = match locale {
        Sv => ("Nytt meddelande på Mina sidor", "Hej!\n\nDu har fått ett nytt meddelande från socialtjänsten. Logga in på Mina sidor för att läsa det:\n{link}\n"),
        Lattlast => ("Nytt meddelande", "Hej!\n\nDu har fått ett meddelande från socialtjänsten.\nLogga in på Mina sidor och läs det:\n{link}\n"),
        En => ("New message on My pages", "Hello,\n\nYou have a new message from the social services. Sign in to My pages to read it:\n{link}\n"),
        Ar => ("رسالة جديدة في صفحاتي", "مرحبًا،\n\nلديك رسالة جديدة من الخدمات الاجتماعية. سجّل الدخول إلى صفحاتي لقراءتها:\n{link}\n"),
        Fa => ("پیام جدید در صفحات من", "سلام،\n\nیک پیام جدید از خدمات اجتماعی دارید. برای خواندن آن وارد صفحات من شوید:\n{link}\n"),
        So => ("Fariin cusub oo ku jira Boggaygii", "Salaan,\n\nWaxaad fariin cusub ka heshay adeegga bulshada. Gal Boggaygii si aad u akhrido:\n{link}\n"),
        Ti => ("ኣብ ናተይ ገጻት ሓድሽ መልእኽቲ", "ሰላም፡\n\nካብ ማሕበራዊ ኣገልግሎት ሓድሽ መልእኽቲ ኣለኩም። ንምንባቡ ናብ ናተይ ገጻት እተዉ፡\n{link}\n"),
    };
    (subject.to_string(), body.replace("{link}", link))
}

/// Checks a message: required, at most [`MAX_BODY`] characters, no control characters.
pub fn validate_message(message: &NewMessage) -> Result<(), Vec<FieldError>> {
    let mut errors = Errors(Vec::new());
    text_field(&mut errors, "body", &message.body, true, MAX_BODY, true);
    if errors.0.is_empty() {
        Ok(())
    } else {
        Err(errors.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(body: &str) -> NewMessage {
        NewMessage {
            body: body.into(),
            worry: false,
        }
    }

    #[test]
    fn every_locale_has_a_new_message_mail_with_the_link_and_not_the_message() {
        for locale in crate::Locale::ALL {
            let (subject, body) = new_message_mail(locale, "https://exempel.se/sv/mina-sidor");
            assert!(!subject.is_empty());
            assert!(
                body.contains("https://exempel.se/sv/mina-sidor"),
                "{locale:?}"
            );
            assert!(!body.contains("{link}"));
        }
    }

    #[test]
    fn a_message_has_words_within_its_length_and_no_control_characters() {
        assert_eq!(
            validate_message(&message("Vi ses på lördag.\nHälsningar")),
            Ok(())
        );
        let code = |body: &str| {
            validate_message(&message(body)).unwrap_err()[0]
                .code
                .clone()
        };
        assert_eq!(code("   "), "required");
        assert_eq!(code(&"x".repeat(MAX_BODY + 1)), "too_long");
        assert_eq!(code("hej\u{202e}då"), "invalid_characters");
    }
}
