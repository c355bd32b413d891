//! `AppError`: the one way a handler fails, and the one JSON envelope every non-2xx `/api` answer
//! carries (`{"error": {"code", "message", "fields"?}}`).

use axum::body::Body;
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use kp_domain::api::{ErrorBody, ErrorEnvelope, FieldError};

/// A failed request. User errors are answered as they are; internal ones are logged and answered
/// with an opaque `internal_error`.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Nothing at this address.
    #[error("not found")]
    NotFound,
    /// Not signed in (or the session ended).
    #[error("sign in first")]
    Unauthorized,
    /// Signed in, but not allowed (wrong role, or a cross-site request).
    #[error("not allowed")]
    Forbidden,
    /// Wrong e-mail or password (the same answer for both, and for unknown accounts).
    #[error("wrong e-mail or password")]
    InvalidCredentials,
    /// The request was malformed; the code says how.
    #[error("{message}")]
    BadRequest {
        /// A stable code such as `malformed_json`.
        code: &'static str,
        /// A developer-facing explanation.
        message: String,
    },
    /// The body is not JSON.
    #[error("send the body as application/json")]
    UnsupportedMediaType,
    /// The body is larger than the route takes (a receipt's upload); the code says which limit.
    #[error("{message}")]
    TooLarge {
        /// A stable code such as `receipt_too_large`.
        code: &'static str,
        /// A developer-facing explanation.
        message: String,
    },
    /// The body is of a type the route does not take (a receipt that is no JPEG, PNG or PDF).
    #[error("{message}")]
    UnsupportedType {
        /// A stable code such as `receipt_type`.
        code: &'static str,
        /// A developer-facing explanation.
        message: String,
    },
    /// The request conflicts with an earlier one.
    #[error("{message}")]
    Conflict {
        /// A stable code.
        code: &'static str,
        /// A developer-facing explanation.
        message: String,
    },
    /// Too many requests; try again after this many seconds.
    #[error("too many requests; try again in {0} seconds")]
    TooManyRequests(u64),
    /// The password is temporary: change it before anything else.
    #[error("choose a new password first")]
    PasswordChangeRequired,
    /// The code step after the password ran out, was used, or saw too many wrong codes.
    #[error("sign in again")]
    SignInAgain,
    /// The account must set up a second factor before anything else.
    #[error("set up a second factor first")]
    SecondFactorRequired,
    /// E-mail and password are switched off (`KP_LOCAL_SIGN_IN=off`): sign in through the
    /// identity provider.
    #[error("sign in through the identity provider")]
    LocalSignInOff,
    /// Too many password checks queued; try again after this many seconds.
    #[error("busy; try again in {0} seconds")]
    Busy(u64),
    /// The body failed validation; one code per field.
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// The database is not answering.
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// Anything unexpected.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        AppError::Internal(e.into())
    }
}

impl AppError {
    fn parts(&self) -> (StatusCode, &'static str) {
        match self {
            AppError::NotFound => (StatusCode::NOT_FOUND, "not_found"),
            AppError::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            AppError::Forbidden => (StatusCode::FORBIDDEN, "forbidden"),
            AppError::InvalidCredentials => (StatusCode::UNAUTHORIZED, "invalid_credentials"),
            AppError::BadRequest { code, .. } => (StatusCode::BAD_REQUEST, code),
            AppError::UnsupportedMediaType => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
            }
            AppError::Conflict { code, .. } => (StatusCode::CONFLICT, code),
            AppError::TooLarge { code, .. } => (StatusCode::PAYLOAD_TOO_LARGE, code),
            AppError::UnsupportedType { code, .. } => (StatusCode::UNSUPPORTED_MEDIA_TYPE, code),
            AppError::TooManyRequests(_) => (StatusCode::TOO_MANY_REQUESTS, "too_many_requests"),
            AppError::PasswordChangeRequired => (StatusCode::FORBIDDEN, "password_change_required"),
            AppError::SecondFactorRequired => (StatusCode::FORBIDDEN, "second_factor_required"),
            AppError::LocalSignInOff => (StatusCode::FORBIDDEN, "local_sign_in_off"),
            AppError::SignInAgain => (StatusCode::UNAUTHORIZED, "sign_in_again"),
            AppError::Busy(_) => (StatusCode::SERVICE_UNAVAILABLE, "busy"),
            AppError::Validation(_) => (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed"),
            AppError::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
            AppError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal_error"),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, code) = self.parts();
        let message = match &self {
            AppError::Internal(e) => {
                tracing::error!(error = ?e, "internal error");
                "Something went wrong on our side.".to_string()
            }
            AppError::Unavailable(e) => {
                tracing::error!(error = %e, "unavailable");
                "The service is temporarily unavailable.".to_string()
            }
            other => other.to_string(),
        };
        let retry_after = match &self {
            AppError::TooManyRequests(seconds) | AppError::Busy(seconds) => Some(*seconds),
            _ => None,
        };
        let fields = match self {
            AppError::Validation(fields) => fields,
            _ => Vec::new(),
        };
        let mut response = envelope(status, code, message, fields);
        if let Some(seconds) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// Builds an envelope response.
pub fn envelope(
    status: StatusCode,
    code: &str,
    message: String,
    fields: Vec<FieldError>,
) -> Response {
    let body = ErrorEnvelope {
        error: ErrorBody {
            code: code.to_string(),
            message,
            fields,
        },
    };
    (status, Json(body)).into_response()
}

/// The stable code for a status that a layer (not a handler) produced.
pub fn code_for_status(status: StatusCode) -> &'static str {
    match status {
        StatusCode::BAD_REQUEST => "bad_request",
        StatusCode::UNAUTHORIZED => "unauthorized",
        StatusCode::FORBIDDEN => "forbidden",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        StatusCode::UNPROCESSABLE_ENTITY => "unprocessable",
        StatusCode::REQUEST_TIMEOUT => "request_timeout",
        StatusCode::TOO_MANY_REQUESTS => "too_many_requests",
        StatusCode::SERVICE_UNAVAILABLE => "unavailable",
        s if s.is_client_error() => "client_error",
        _ => "internal_error",
    }
}

/// Middleware for `/api`: any non-2xx answer that is not already JSON (axum's extractor
/// rejections, the body-size limit, a method mismatch) is rewritten into the envelope, so a client
/// only ever has one shape to read.
pub async fn ensure_envelope(request: Request<Body>, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    if status.is_success() || status.is_redirection() || status.is_informational() {
        return response;
    }
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if is_json {
        return response;
    }
    let retry_after = response.headers().get(header::RETRY_AFTER).cloned();
    let allow = response.headers().get(header::ALLOW).cloned();
    let (_, body) = response.into_parts();
    let text = axum::body::to_bytes(body, 4096)
        .await
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let message = if text.trim().is_empty() {
        status
            .canonical_reason()
            .unwrap_or("Request failed")
            .to_string()
    } else {
        text
    };
    let mut rewritten = envelope(status, code_for_status(status), message, Vec::new());
    for (name, value) in [(header::RETRY_AFTER, retry_after), (header::ALLOW, allow)] {
        if let Some(value) = value {
            rewritten.headers_mut().insert(name, value);
        }
    }
    rewritten
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    rewritten
}

/// Middleware for `/api`: an answer that does not say how it may be cached is `no-store`. Almost
/// every answer carries personal data or says who is signed in, so no browser, proxy or
/// shared cache may keep it; a route whose answer is public (the page texts) says so itself.
pub async fn no_store_unless_public(request: Request<Body>, next: Next) -> Response {
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    response
}
