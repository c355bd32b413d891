//! Shapes that cross the wire between the SPA and the server.

use serde::{Deserialize, Serialize};

/// The body of every non-2xx answer from `/api`: `{"error": {"code": …, "message": …}}`.
///
/// `code` is stable and machine-readable (the SPA words it in the reader's language); `message`
/// is an English sentence for developers and logs, never shown to applicants as is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorEnvelope {
    /// The error itself.
    pub error: ErrorBody,
}

/// The inside of [`ErrorEnvelope`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// A stable code such as `not_found`, `payload_too_large` or `validation_failed`.
    pub code: String,
    /// A developer-facing explanation in English.
    pub message: String,
    /// Per-field validation errors, present when `code` is `validation_failed`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

/// One invalid field: which one, and a code the SPA turns into text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The field's name in the request body.
    pub field: String,
    /// A stable error code, e.g. `required` or `too_long`.
    pub code: String,
}

/// The answer of `GET /api/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// `ok` when the service can serve requests.
    pub status: String,
    /// `ok` when the database answered a query.
    pub database: String,
    /// The server's version.
    pub version: String,
}

/// One public page's text in one locale, as `GET /api/pages/{locale}/{page}` serves it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageContent {
    /// The locale's URL code, e.g. `sv`.
    pub locale: crate::Locale,
    /// The page id (see [`crate::PublicPage::id`]).
    pub page: String,
    /// The page title (also the `h1`).
    pub title: String,
    /// The meta description.
    pub description: String,
    /// The main text as trusted HTML rendered by the server from the content file.
    pub html: String,
    /// The locale's menu: every content page's id and short label.
    pub nav: Vec<NavLink>,
}

/// One menu entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NavLink {
    /// The page id.
    pub page: String,
    /// The short label.
    pub label: String,
}

/// What the applicant is shown after sending: the reference, when, and whether a confirmation
/// is e-mailed to them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationReceipt {
    /// `KP-2026-0042`.
    pub reference: String,
    /// RFC 3339, UTC.
    pub received_at: String,
    /// The applicant's e-mail address.
    pub email: String,
    /// Whether a confirmation is e-mailed to `email`: a mail server is configured (`SMTP_URL`).
    /// Without one the mail waits in the outbox, and the confirmation page must not say it went.
    pub confirmation_emailed: bool,
}
