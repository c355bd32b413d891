//! The mails an application sends: a receipt to the applicant in their language, and a notice to
//! the unit's mailbox. Neither carries the personnummer or the answers: mail is not a safe place
//! for them.

use kp_domain::form_text::form_text;
use kp_domain::Locale;

use crate::store::{NewMail, Receipt};

/// The receipt to the applicant.
pub fn receipt(locale: Locale, receipt: &Receipt) -> NewMail {
    let t = form_text(locale);
    let body = format!(
        "{}\n\n{}: {}\n{}: {}\n\n{}\n{}\n",
        t.done_title,
        t.reference,
        receipt.reference,
        t.received_at,
        receipt.received_at,
        t.next_title,
        t.next_text,
    );
    NewMail {
        kind: "receipt",
        to: receipt.email.clone(),
        subject: format!("{} ({})", t.done_title, receipt.reference),
        body,
    }
}

/// The notice to the unit's mailbox (in Swedish, the unit's working language).
pub fn notice(unit_email: &str, locale: Locale, receipt: &Receipt) -> NewMail {
    NewMail {
        kind: "notice",
        to: unit_email.to_string(),
        subject: format!("Ny intresseanmälan {}", receipt.reference),
        body: format!(
            "En ny intresseanmälan har kommit in: {}.\nSökanden skrev på {} och vill bli uppringd på det språket.\nÖppna handläggarstödet för att läsa anmälan.\n",
            receipt.reference,
            locale.native_name()
        ),
    }
}
