//! Wire types of the contact person's own area (issue 15) and the words of its sign-in mail.
//!
//! Routes (see the server's route list; each read and write is in the access log):
//! - `GET /api/contact/methods` → [`SignInMethods`]
//! - `POST /api/contact/sign-in-link` ([`LinkRequest`]) → 202, whether or not the address belongs
//!   to a contact person (nobody learns who is one); a mail with a one-time link goes to a contact
//!   person's address
//! - `GET /api/contact/eid/start?locale=sv` → 303 to the e-ID broker; its answer comes back to
//!   `GET /api/contact/eid/callback` → 303 to the area (signed in), or to the area with
//!   `?fel=<code>` ([`EID_REFUSALS`])
//! - `POST /api/contact/session` ([`LinkSignIn`]) → 200 [`ContactMe`] and the area's cookie;
//!   401 `invalid_link` for a link unknown, used or run out
//! - `GET /api/contact/me` → [`ContactMe`] (`null` without a session); `DELETE /api/contact/session`
//! - `GET /api/contact/assignments/{id}/agreement` → [`AgreementView`];
//!   `POST …/agreement` ([`AcceptAgreement`]) → 204, 409 `agreement_changed` when the text
//!   accepted is no longer the agreement

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::agreement::Agreement;
use crate::compensation::Frequency;
use crate::Locale;

/// Why a sign-in with e-legitimation was refused, as the area's address says it (`?fel=`):
/// the sign-in was not this browser's or not started here, the person cancelled at the broker,
/// the broker failed or its answer did not pass the checks, or the person is no contact person
/// here (no approved application with an assignment under their personnummer).
pub const EID_REFUSALS: [&str; 4] = [
    "eid_unknown_attempt",
    "eid_cancelled",
    "eid_failed",
    "eid_not_contact_person",
];

/// How long a sign-in link is valid, in minutes.
pub const LINK_MINUTES: i64 = 15;

/// The area's address in `locale`: `/sv/mina-sidor`, `/en/my-pages` (the other locales use the
/// English slug, as their public pages do).
pub fn area_path(locale: Locale) -> String {
    let slug = match locale {
        Locale::Sv | Locale::Lattlast => "mina-sidor",
        _ => "my-pages",
    };
    format!("/{}/{slug}", locale.code())
}

/// Which ways into the area the municipality has switched on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInMethods {
    /// A one-time link by e-mail.
    pub link: bool,
    /// E-legitimation through the municipality's e-ID broker: its name on the sign-in page
    /// ("BankID eller Freja"), when configured.
    pub eid: Option<String>,
}

/// Asking for a sign-in link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkRequest {
    /// The e-mail address the person gave in their application.
    pub email: String,
    /// The language of the page they asked from: the mail is written in it.
    pub locale: Locale,
}

/// Signing in with the token from a link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkSignIn {
    /// The token after `#` in the link.
    pub token: String,
}

/// The signed-in contact person and their assignments (never anyone else's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactMe {
    /// Their name.
    pub name: String,
    /// Their application's reference (`KP-2026-0001`), which they have from their receipt.
    pub reference: String,
    /// How they signed in: `link` or `eid`.
    pub method: String,
    /// Their assignments, ongoing first.
    pub assignments: Vec<ContactAssignment>,
}

/// One of the contact person's assignments, as their area lists it: nothing of the vetting and
/// nothing of the child but what the assignment is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactAssignment {
    /// Id (for addresses).
    pub id: i64,
    /// Reference (`U-2026-0007`).
    pub reference: String,
    /// Assignment type code.
    pub assignment_type: String,
    /// How often they meet now.
    pub frequency: Frequency,
    /// First day.
    pub start_date: NaiveDate,
    /// Last day, once ended.
    pub end_date: Option<NaiveDate>,
    /// Whether the agreement as it reads today is accepted.
    pub agreement_accepted: bool,
}

/// An assignment's agreement as the contact person reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementView {
    /// The assignment's reference.
    pub assignment_reference: String,
    /// The agreement as it reads today.
    pub agreement: Agreement,
    /// The SHA-256 (hex) of its exact text: what an acceptance sends back.
    pub hash: String,
    /// When this text was accepted, if it was.
    pub accepted: Option<Acceptance>,
    /// Whether an earlier version was accepted (this one then replaces it).
    pub earlier_accepted: bool,
}

/// An acceptance of one version of an agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acceptance {
    /// When (RFC 3339).
    pub at: String,
    /// How the person had signed in: `link` or `eid`.
    pub method: String,
    /// The accepted text's SHA-256 (hex).
    pub hash: String,
}

/// Accepting the agreement: the hash of the text read, so a text that changed meanwhile is not
/// accepted unseen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcceptAgreement {
    /// [`AgreementView::hash`] as read.
    pub hash: String,
}

/// The sign-in mail's subject and body in `locale`; `{link}` and `{minutes}` are filled by
/// [`link_mail`]. It says what the link is for and what to do if they did not ask, and nothing
/// else: no name, no assignment.
fn link_mail_text(locale: Locale) -> (&'static str, &'static str) {
    match locale {
        Locale::Sv => (
            "Din inloggningslänk till Mina sidor",
            "Hej!\n\nHär är länken för att logga in på Mina sidor för kontaktpersoner:\n{link}\n\nLänken går att använda en gång och gäller i {minutes} minuter.\nOm du inte har bett om den kan du strunta i det här mejlet. Ingen kan logga in utan länken.\n",
        ),
        Locale::Lattlast => (
            "Din länk till Mina sidor",
            "Hej!\n\nKlicka på länken för att logga in på Mina sidor:\n{link}\n\nDu kan använda länken en gång.\nLänken slutar fungera efter {minutes} minuter.\nHar du inte bett om länken? Då kan du strunta i mejlet.\n",
        ),
        Locale::En => (
            "Your sign-in link to My pages",
            "Hello,\n\nHere is the link to sign in to My pages for contact persons:\n{link}\n\nThe link works once and for {minutes} minutes.\nIf you did not ask for it, you can ignore this e-mail. Nobody can sign in without the link.\n",
        ),
        Locale::Ar => (
            "رابط تسجيل الدخول إلى صفحاتي",
            "مرحبًا،\n\nهذا هو الرابط لتسجيل الدخول إلى صفحاتي بصفتك شخص تواصل (kontaktperson):\n{link}\n\nيمكن استخدام الرابط مرة واحدة، وهو صالح لمدة {minutes} دقيقة.\nإذا لم تطلب هذا الرابط فيمكنك تجاهل هذه الرسالة. لا يمكن لأحد تسجيل الدخول بدون الرابط.\n",
        ),
        Locale::Fa => (
            "لینک ورود به صفحات من",
            "سلام،\n\nاین لینک برای ورود به صفحات من برای شخص تماس (kontaktperson) است:\n{link}\n\nاین لینک فقط یک بار و به مدت {minutes} دقیقه کار می‌کند.\nاگر شما آن را درخواست نکرده‌اید، می‌توانید این ایمیل را نادیده بگیرید. بدون این لینک هیچ‌کس نمی‌تواند وارد شود.\n",
        ),
        Locale::So => (
            "Linkiga aad ku gasho Boggaygii",
            "Salaan,\n\nTani waa linkiga aad ku gelayso Boggaygii adiga oo ah qof xiriir (kontaktperson):\n{link}\n\nLinkiga hal mar ayaa la isticmaali karaa, wuxuuna shaqeynayaa {minutes} daqiiqo.\nHaddii aadan codsan, iska dhaaf e-mailkan. Qofna ma geli karo linkiga la'aantiis.\n",
        ),
        Locale::Ti => (
            "ናብ ናተይ ገጻት ንምእታው ዝኸውን ሊንክ",
            "ሰላም፡\n\nእዚ ከም ሰብ ርክብ (kontaktperson) ናብ ናተይ ገጻት ንምእታው ዝኸውን ሊንክ እዩ፡\n{link}\n\nእቲ ሊንክ ሓደ ግዜ ጥራይ ይሰርሕ፡ ን{minutes} ደቒቕ ድማ ይጸንሕ።\nንስኹም እንተዘይሓቲትኩምዎ፡ ነዚ ኢመይል ክትሓድግዎ ትኽእሉ ኢኹም። ብዘይ እቲ ሊንክ ዝኾነ ሰብ ክኣቱ ኣይክእልን እዩ።\n",
        ),
    }
}

/// The sign-in mail: (subject, body) with `link` in it.
pub fn link_mail(locale: Locale, link: &str) -> (String, String) {
    let (subject, body) = link_mail_text(locale);
    (
        subject.to_string(),
        body.replace("{link}", link)
            .replace("{minutes}", &LINK_MINUTES.to_string()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_locale_has_a_sign_in_mail_with_the_link_and_its_minutes_and_no_placeholder_left() {
        for locale in Locale::ALL {
            let (subject, body) = link_mail(locale, "https://exempel.se/x#abc");
            assert!(!subject.is_empty(), "{locale:?}");
            assert!(body.contains("https://exempel.se/x#abc"), "{locale:?}");
            assert!(body.contains("15"), "{locale:?}: the minutes");
            assert!(!body.contains('{'), "{locale:?}: a placeholder left");
        }
    }
}
