//! Why a request reads personal data, taken at the edge: the purpose's code from the header
//! `X-KP-Purpose` (or, for a link that downloads a file, the query parameter `purpose`), turned
//! into a [`Purpose`] before the handler runs. An unknown code is refused with the one error
//! envelope (400, `unknown_purpose`), so nothing is read or logged and no free text is ever
//! stored; no code at all is no purpose (a script or another API client), logged as NULL.

use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use kp_domain::purpose::{Purpose, PURPOSE_HEADER, PURPOSE_PARAM};

use crate::error::AppError;

/// The purpose a request gave for reading, if it gave one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadPurpose(pub Option<Purpose>);

impl ReadPurpose {
    /// The purpose in `parts`: the header first, then the query parameter; a code that names no
    /// purpose (or a header that is not text) is refused.
    pub fn from_parts(parts: &Parts) -> Result<ReadPurpose, AppError> {
        let code = match parts.headers.get(PURPOSE_HEADER) {
            Some(value) => Some(value.to_str().map_err(|_| unknown())?.to_string()),
            None => Query::<Vec<(String, String)>>::try_from_uri(&parts.uri)
                .ok()
                .and_then(|Query(pairs)| {
                    pairs
                        .into_iter()
                        .find(|(name, _)| name == PURPOSE_PARAM)
                        .map(|(_, value)| value)
                }),
        };
        match code {
            None => Ok(ReadPurpose(None)),
            Some(code) => Purpose::from_code(&code)
                .map(|p| ReadPurpose(Some(p)))
                .ok_or_else(unknown),
        }
    }
}

fn unknown() -> AppError {
    AppError::BadRequest {
        code: "unknown_purpose",
        message: format!(
            "{PURPOSE_HEADER} (or ?{PURPOSE_PARAM}=) names no known purpose; leave it out when \
             the read has none"
        ),
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ReadPurpose {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, AppError> {
        ReadPurpose::from_parts(parts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request;

    fn purpose_of(uri: &str, header: Option<&str>) -> Result<Option<Purpose>, &'static str> {
        let mut request = Request::get(uri);
        if let Some(value) = header {
            request = request.header("X-KP-Purpose", value);
        }
        let (parts, ()) = request.body(()).unwrap().into_parts();
        ReadPurpose::from_parts(&parts)
            .map(|p| p.0)
            .map_err(|e| match e {
                AppError::BadRequest { code, .. } => code,
                _ => "other",
            })
    }

    #[test]
    fn the_purpose_comes_from_the_header_or_a_download_links_query() {
        let cases = [
            (
                "/api/applicants/KP-1",
                Some("applicant_page"),
                Ok(Some(Purpose::ApplicantPage)),
                "header",
            ),
            ("/api/applicants/KP-1", None, Ok(None), "none given"),
            (
                "/api/payment-basis.csv?month=2026-11&purpose=payroll_export",
                None,
                Ok(Some(Purpose::PayrollExport)),
                "query",
            ),
            (
                "/api/x?purpose=matching",
                Some("need_page"),
                Ok(Some(Purpose::NeedPage)),
                "the header wins",
            ),
            (
                "/api/applicants/KP-1",
                Some("curiosity"),
                Err("unknown_purpose"),
                "unknown header",
            ),
            (
                "/api/applicants/KP-1",
                Some(""),
                Err("unknown_purpose"),
                "empty header",
            ),
            (
                "/api/x?purpose=Applicant_Page",
                None,
                Err("unknown_purpose"),
                "unknown query",
            ),
        ];
        for (uri, header, expected, case) in cases {
            assert_eq!(purpose_of(uri, header), expected, "{case}");
        }
    }
}
