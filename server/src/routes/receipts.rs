//! Receipts for a monthly report's extra costs (issue 15): the contact person uploads a photo or
//! PDF of a receipt to a month of their own assignment while its report is theirs to change, reads
//! it and removes it; the caseworkers read it. Nobody else reaches one (404, as for a receipt that
//! does not exist). What a receipt may be is `kp_domain::receipt`'s rule; the routes are listed
//! there. Every upload, read and removal is in the access log, in the store call's transaction.

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use futures_util::StreamExt;
use kp_domain::compensation::Month;
use kp_domain::receipt::{
    check_receipt, Receipt, ReceiptRefusal, MAX_RECEIPTS_PER_REPORT, MAX_RECEIPT_BYTES,
};
use serde::Deserialize;

use super::contact::own_assignment;
use super::reports::{assignment_month, report_locked, reported_month};
use super::Actor;
use crate::auth::{new_token, CurrentUser};
use crate::client_addr::ClientAddr;
use crate::contact_area::CurrentContactPerson;
use crate::error::AppError;
use crate::purpose::ReadPurpose;
use crate::store::{NewReceipt, ReceiptAdded, ReceiptFile, ReceiptRemoved};
use crate::AppState;

/// The one route whose body is larger than [`crate::MAX_BODY_BYTES`]: it reads its own, up to
/// [`MAX_RECEIPT_BYTES`] (the route list leaves it out of the general limit).
pub(crate) const UPLOAD_PATH: &str = "/contact/assignments/{id}/reports/{month}/receipts";

/// How a file is served: the receipt's own type, never shown in the page (`attachment`) nor
/// sniffed as another type, kept by no cache, and if a browser opens it anyway, in a sandbox
/// without scripts, forms or any origin.
const SANDBOX: &str = "default-src 'none'; sandbox";

/// The upload's query: the file's name as the contact person's device has it.
#[derive(Debug, Default, Deserialize)]
pub struct Upload {
    name: Option<String>,
}

fn record_of(id: i64, month: Month) -> String {
    format!("report:{id}:{month}")
}

fn refused(refusal: ReceiptRefusal) -> AppError {
    let code = refusal.code();
    match refusal {
        ReceiptRefusal::Empty => AppError::BadRequest {
            code,
            message: "the file is empty".into(),
        },
        ReceiptRefusal::TooLarge => too_large(),
        ReceiptRefusal::Type => AppError::UnsupportedType {
            code,
            message: "a receipt is a JPEG, PNG or PDF file, sent with its own type".into(),
        },
    }
}

fn too_large() -> AppError {
    AppError::TooLarge {
        code: ReceiptRefusal::TooLarge.code(),
        message: format!("a receipt is at most {MAX_RECEIPT_BYTES} bytes"),
    }
}

/// The body, if it is at most `limit` bytes: refused by its declared length before a byte is
/// read, or as soon as more than `limit` has come.
async fn read_body(headers: &HeaderMap, body: Body, limit: usize) -> Result<Vec<u8>, AppError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(declared.map_or(0, |l| l as usize));
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| AppError::BadRequest {
            code: "bad_request",
            message: "the file could not be read to its end".into(),
        })?;
        if bytes.len() + chunk.len() > limit {
            return Err(too_large());
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// `POST /api/contact/assignments/{id}/reports/{month}/receipts?name=…`: the body is the file,
/// `Content-Type` its type; 201 with the stored receipt.
pub async fn upload(
    State(state): State<AppState>,
    client: ClientAddr,
    who: CurrentContactPerson,
    Path((id, month)): Path<(i64, String)>,
    Query(upload): Query<Upload>,
    headers: HeaderMap,
    body: Body,
) -> Result<(StatusCode, Json<Receipt>), AppError> {
    if !state.contact_area.report_rules.extra_costs {
        return Err(AppError::NotFound);
    }
    let detail = own_assignment(&state, &who.person, id).await?;
    let month = reported_month(&detail, &month)?;
    let bytes = read_body(&headers, body, MAX_RECEIPT_BYTES).await?;
    let declared = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let valid = check_receipt(declared, upload.name.as_deref(), &bytes).map_err(refused)?;
    let token = new_token();
    let name = who.person.log_name();
    let record = record_of(id, month);
    let address = client.to_string();
    let added = state
        .store
        .add_receipt(
            id,
            month,
            &NewReceipt {
                token: &token,
                name: &valid.name,
                content_type: valid.kind.media_type(),
                bytes: &bytes,
            },
            MAX_RECEIPTS_PER_REPORT as i64,
            Utc::now(),
            &who.person
                .log_entry(&name, "write:receipt_added", &record, &address),
        )
        .await?;
    match added {
        ReceiptAdded::Added(receipt) => Ok((StatusCode::CREATED, Json(receipt))),
        ReceiptAdded::Locked => Err(report_locked()),
        ReceiptAdded::Full => Err(AppError::Conflict {
            code: "too_many_receipts",
            message: format!("a month holds at most {MAX_RECEIPTS_PER_REPORT} receipts"),
        }),
    }
}

/// `GET /api/contact/assignments/{id}/reports/{month}/receipts/{receipt}`: the contact person's
/// own receipt.
pub async fn read_own(
    State(state): State<AppState>,
    client: ClientAddr,
    who: CurrentContactPerson,
    Path((id, month, receipt)): Path<(i64, String, String)>,
) -> Result<Response, AppError> {
    let detail = own_assignment(&state, &who.person, id).await?;
    let month = reported_month(&detail, &month)?;
    let name = who.person.log_name();
    let record = record_of(id, month);
    let address = client.to_string();
    let file = state
        .store
        .receipt_file(
            id,
            month,
            &receipt,
            &who.person
                .log_entry(&name, "read:receipt", &record, &address),
            None,
        )
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(served(file))
}

/// `DELETE /api/contact/assignments/{id}/reports/{month}/receipts/{receipt}`: 204; 409
/// `report_locked` once the report is sent.
pub async fn remove(
    State(state): State<AppState>,
    client: ClientAddr,
    who: CurrentContactPerson,
    Path((id, month, receipt)): Path<(i64, String, String)>,
) -> Result<StatusCode, AppError> {
    let detail = own_assignment(&state, &who.person, id).await?;
    let month = reported_month(&detail, &month)?;
    let name = who.person.log_name();
    let record = record_of(id, month);
    let address = client.to_string();
    let removed = state
        .store
        .remove_receipt(
            id,
            month,
            &receipt,
            Utc::now(),
            &who.person
                .log_entry(&name, "write:receipt_removed", &record, &address),
        )
        .await?;
    match removed {
        ReceiptRemoved::Removed => Ok(StatusCode::NO_CONTENT),
        ReceiptRemoved::Locked => Err(report_locked()),
        ReceiptRemoved::NotFound => Err(AppError::NotFound),
    }
}

/// `GET /api/assignments/{id}/reports/{month}/receipts/{receipt}`: a caseworker reads a receipt.
pub async fn read(
    State(state): State<AppState>,
    client: ClientAddr,
    purpose: ReadPurpose,
    user: CurrentUser,
    Path((id, month, receipt)): Path<(i64, String, String)>,
) -> Result<Response, AppError> {
    let (_, month) = assignment_month(&state, id, &month).await?;
    let actor = Actor::new(&user, client);
    let record = record_of(id, month);
    let file = state
        .store
        .receipt_file(
            id,
            month,
            &receipt,
            &actor.entry("read:receipt", &record),
            purpose.0,
        )
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(served(file))
}

/// A receipt as a download.
fn served(file: ReceiptFile) -> Response {
    let headers = [
        (header::CONTENT_TYPE, header_value(&file.content_type)),
        (
            header::CONTENT_DISPOSITION,
            header_value(&content_disposition(&file.name)),
        ),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(SANDBOX),
        ),
        (
            header::HeaderName::from_static("cross-origin-resource-policy"),
            HeaderValue::from_static("same-origin"),
        ),
    ];
    (headers, file.bytes).into_response()
}

fn header_value(text: &str) -> HeaderValue {
    HeaderValue::from_str(text).unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

/// `Content-Disposition` for a download named `name`: `attachment`, an ASCII name for old
/// clients (anything else, and the characters that end or escape a quoted string, as `_`) and
/// the exact name in UTF-8 (RFC 6266, RFC 8187).
fn content_disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if (c.is_ascii_graphic() || c == ' ') && !matches!(c, '"' | '\\' | '%' | ';') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_download_is_an_attachment_named_in_ascii_for_old_clients_and_exactly_in_utf8() {
        assert_eq!(
            content_disposition("Fika på Ängen \"bäst\".pdf"),
            "attachment; filename=\"Fika p_ _ngen _b_st_.pdf\"; \
             filename*=UTF-8''Fika%20p%C3%A5%20%C3%84ngen%20%22b%C3%A4st%22.pdf"
        );
        assert_eq!(
            content_disposition("kvitto.jpg"),
            "attachment; filename=\"kvitto.jpg\"; filename*=UTF-8''kvitto.jpg"
        );
        assert!(HeaderValue::from_str(&content_disposition("a\u{202E}b;c%.png")).is_ok());
    }
}
