//! Monthly reports (issue 15): the contact person writes a month's report in their area (a draft
//! until sent, with the declaration), the caseworker approves it or returns it with a comment.
//! The rules are `kp_domain::monthly_report`'s; only the months an assignment reports
//! (`report_months`) exist, anything else is 404. Every read and write is in the access log.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, Utc};
use kp_domain::compensation::Month;
use kp_domain::monthly_report::{
    month_state, report_months, validate_draft, validate_return_comment, validate_submission,
    MonthlyReport, Period, ReportStatus,
};
use kp_domain::placement::AssignmentDetail;
use kp_domain::reports::{
    overdue_months, OverdueReport, ReportMonth, Review, ReviewRow, StoredReport, SubmitReport,
};

use super::contact::{log, own_assignment};
use super::{log_read, Actor};
use crate::auth::CurrentUser;
use crate::client_addr::ClientAddr;
use crate::contact_area::CurrentContactPerson;
use crate::error::AppError;
use crate::purpose::ReadPurpose;
use crate::store::{stamp, ReportRecord, ReportSaved};
use crate::AppState;

fn today() -> chrono::NaiveDate {
    kp_domain::time::today_in_sweden(Utc::now())
}

/// `month` if the assignment reports it (from its start to today or its last day); 404 else.
pub(super) fn reported_month(detail: &AssignmentDetail, month: &str) -> Result<Month, AppError> {
    let month = Month::parse(month).ok_or(AppError::NotFound)?;
    report_months(detail.row.start_date, detail.row.end_date, today())
        .contains(&month)
        .then_some(month)
        .ok_or(AppError::NotFound)
}

/// An assignment (for a caseworker: any) and one of the months it reports; 404 otherwise.
pub(super) async fn assignment_month(
    state: &AppState,
    id: i64,
    month: &str,
) -> Result<(AssignmentDetail, Month), AppError> {
    let detail = state
        .store
        .assignment_detail(id, today())
        .await?
        .ok_or(AppError::NotFound)?;
    let month = reported_month(&detail, month)?;
    Ok((detail, month))
}

fn record_of(id: i64, month: Month) -> String {
    format!("report:{id}:{month}")
}

/// The stored report for `month`, or an empty draft.
fn stored(
    state: &AppState,
    detail: &AssignmentDetail,
    month: Month,
    record: Option<ReportRecord>,
    receipts: Vec<kp_domain::receipt::Receipt>,
) -> StoredReport {
    let rules = state.contact_area.report_rules;
    let first = record
        .as_ref()
        .and_then(|r| r.first_submitted_at)
        .map(kp_domain::time::today_in_sweden);
    let stamp_of = |at: Option<DateTime<Utc>>| at.map(stamp);
    let record = record.unwrap_or(ReportRecord {
        status: ReportStatus::Draft,
        report: MonthlyReport::default(),
        first_submitted_at: None,
        submitted_at: None,
        reviewed_at: None,
        reviewed_by: None,
        return_comment: None,
    });
    StoredReport {
        assignment_reference: detail.row.reference(),
        month,
        status: record.status,
        report: record.report,
        first_submitted_at: stamp_of(record.first_submitted_at),
        submitted_at: stamp_of(record.submitted_at),
        return_comment: record.return_comment,
        reviewed_at: stamp_of(record.reviewed_at),
        reviewed_by: record.reviewed_by,
        due: rules.due_date(month),
        payable: rules.payable(month, first.unwrap_or_else(today)),
        receipts,
    }
}

/// `GET /api/contact/assignments/{id}/reports`: the months to report and where each is.
pub async fn months(
    State(state): State<AppState>,
    client: ClientAddr,
    who: CurrentContactPerson,
    Path(id): Path<i64>,
) -> Result<Json<Vec<ReportMonth>>, AppError> {
    let detail = own_assignment(&state, &who.person, id).await?;
    let months = months_of(&state, &detail).await?;
    log(&state, &who, "list", &format!("reports:{id}"), client).await?;
    Ok(Json(months))
}

/// The months `detail` reports, newest first, and where each is.
async fn months_of(
    state: &AppState,
    detail: &AssignmentDetail,
) -> Result<Vec<ReportMonth>, AppError> {
    let statuses = state.store.report_statuses(detail.row.id).await?;
    let rules = state.contact_area.report_rules;
    let today = today();
    Ok(
        report_months(detail.row.start_date, detail.row.end_date, today)
            .into_iter()
            .rev()
            .map(|month| {
                let report = statuses
                    .iter()
                    .find(|(m, _, _)| *m == month)
                    .map(|(_, s, first)| (*s, first.map(kp_domain::time::today_in_sweden)));
                ReportMonth {
                    month,
                    state: month_state(month, report, today, &rules),
                    due: rules.due_date(month),
                }
            })
            .collect(),
    )
}

/// `GET /api/assignments/{id}/reports` for the caseworker: the assignment's months, newest first,
/// and where each is.
pub async fn assignment_months(
    State(state): State<AppState>,
    client: ClientAddr,
    purpose: ReadPurpose,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Vec<ReportMonth>>, AppError> {
    let detail = state
        .store
        .assignment_detail(id, today())
        .await?
        .ok_or(AppError::NotFound)?;
    let months = months_of(&state, &detail).await?;
    log_read(
        &state,
        &user,
        "list",
        &format!("reports:{id}"),
        client,
        purpose,
    )
    .await?;
    Ok(Json(months))
}

/// `GET /api/contact/assignments/{id}/reports/{month}`.
pub async fn read_own(
    State(state): State<AppState>,
    client: ClientAddr,
    who: CurrentContactPerson,
    Path((id, month)): Path<(i64, String)>,
) -> Result<Json<StoredReport>, AppError> {
    let detail = own_assignment(&state, &who.person, id).await?;
    let month = reported_month(&detail, &month)?;
    let record = state.store.monthly_report(id, month).await?;
    let receipts = state.store.receipts_of(id, month).await?;
    log(&state, &who, "read", &record_of(id, month), client).await?;
    Ok(Json(stored(&state, &detail, month, record, receipts)))
}

/// `PUT /api/contact/assignments/{id}/reports/{month}`: keeps the draft.
pub async fn save_draft(
    State(state): State<AppState>,
    client: ClientAddr,
    who: CurrentContactPerson,
    Path((id, month)): Path<(i64, String)>,
    Json(report): Json<MonthlyReport>,
) -> Result<StatusCode, AppError> {
    let detail = own_assignment(&state, &who.person, id).await?;
    let month = reported_month(&detail, &month)?;
    validate_draft(&report).map_err(AppError::Validation)?;
    write(&state, &who, client, id, month, &report, false).await
}

/// `POST /api/contact/assignments/{id}/reports/{month}/submit`: sends it, declared true.
pub async fn submit(
    State(state): State<AppState>,
    client: ClientAddr,
    who: CurrentContactPerson,
    Path((id, month)): Path<(i64, String)>,
    Json(sent): Json<SubmitReport>,
) -> Result<StatusCode, AppError> {
    let detail = own_assignment(&state, &who.person, id).await?;
    let month = reported_month(&detail, &month)?;
    let period = Period {
        start: detail.row.start_date,
        end: detail.row.end_date,
    };
    validate_submission(
        &sent.report,
        month,
        period,
        today(),
        &state.contact_area.report_rules,
        sent.declaration,
    )
    .map_err(AppError::Validation)?;
    write(&state, &who, client, id, month, &sent.report, true).await
}

async fn write(
    state: &AppState,
    who: &CurrentContactPerson,
    client: ClientAddr,
    id: i64,
    month: Month,
    report: &MonthlyReport,
    submit: bool,
) -> Result<StatusCode, AppError> {
    let name = who.person.log_name();
    let record = record_of(id, month);
    let address = client.to_string();
    let action = if submit {
        "write:report_submitted"
    } else {
        "write:report_draft"
    };
    let saved = state
        .store
        .save_monthly_report(
            id,
            month,
            report,
            submit,
            Utc::now(),
            &who.person.log_entry(&name, action, &record, &address),
        )
        .await?;
    match saved {
        ReportSaved::Saved => Ok(StatusCode::NO_CONTENT),
        ReportSaved::Locked => Err(report_locked()),
        ReportSaved::UnknownReceipts(fields) => Err(AppError::Validation(fields)),
    }
}

/// 409 `report_locked`: the report (or a receipt of its month) is the contact person's to change
/// only while a draft or returned.
pub(super) fn report_locked() -> AppError {
    AppError::Conflict {
        code: "report_locked",
        message: "the report is sent or approved: it can be changed only once returned".into(),
    }
}

/// `GET /api/reports`: sent reports waiting for review.
pub async fn waiting(
    State(state): State<AppState>,
    client: ClientAddr,
    purpose: ReadPurpose,
    user: CurrentUser,
) -> Result<Json<Vec<ReviewRow>>, AppError> {
    let rules = state.contact_area.report_rules;
    let rows = state
        .store
        .reports_waiting()
        .await?
        .into_iter()
        .map(|r| {
            let first = kp_domain::time::today_in_sweden(r.first_submitted_at);
            ReviewRow {
                assignment_id: r.assignment_id,
                assignment_reference: r.assignment_reference,
                contact_person_name: r.contact_person_name,
                month: r.month,
                submitted_at: stamp(r.submitted_at),
                late: first > rules.due_date(r.month),
                payable: rules.payable(r.month, first),
            }
        })
        .collect();
    log_read(&state, &user, "list", "reports", client, purpose).await?;
    Ok(Json(rows))
}

/// `GET /api/reports/overdue`: every assignment's months past their due day without a sent
/// report, oldest due first.
pub async fn overdue(
    State(state): State<AppState>,
    client: ClientAddr,
    purpose: ReadPurpose,
    user: CurrentUser,
) -> Result<Json<Vec<OverdueReport>>, AppError> {
    let rules = state.contact_area.report_rules;
    let today = today();
    let statuses = state.store.all_report_statuses().await?;
    let mut rows: Vec<OverdueReport> = Vec::new();
    for assignment in state.store.assignments(today).await? {
        let reports: Vec<_> = statuses
            .iter()
            .filter(|(id, ..)| *id == assignment.id)
            .map(|(_, month, status, first)| {
                (*month, *status, first.map(kp_domain::time::today_in_sweden))
            })
            .collect();
        let months = overdue_months(
            assignment.start_date,
            assignment.end_date,
            &reports,
            today,
            &rules,
        );
        rows.extend(months.into_iter().map(|month| OverdueReport {
            assignment_id: assignment.id,
            assignment_reference: assignment.reference(),
            contact_person_name: assignment.contact_person_name.clone(),
            month,
            due: rules.due_date(month),
            payable: rules.payable(month, today),
        }));
    }
    rows.sort_by(|a, b| (a.due, &a.assignment_reference).cmp(&(b.due, &b.assignment_reference)));
    log_read(&state, &user, "list", "reports:overdue", client, purpose).await?;
    Ok(Json(rows))
}

/// `GET /api/assignments/{id}/reports/{month}` for the caseworker.
pub async fn read(
    State(state): State<AppState>,
    client: ClientAddr,
    purpose: ReadPurpose,
    user: CurrentUser,
    Path((id, month)): Path<(i64, String)>,
) -> Result<Json<StoredReport>, AppError> {
    let (detail, month) = assignment_month(&state, id, &month).await?;
    let record = state.store.monthly_report(id, month).await?;
    let receipts = state.store.receipts_of(id, month).await?;
    log_read(
        &state,
        &user,
        "read",
        &record_of(id, month),
        client,
        purpose,
    )
    .await?;
    Ok(Json(stored(&state, &detail, month, record, receipts)))
}

/// `POST /api/assignments/{id}/reports/{month}/review`: approve, or return with a comment.
pub async fn review(
    State(state): State<AppState>,
    client: ClientAddr,
    user: CurrentUser,
    Path((id, month)): Path<(i64, String)>,
    Json(review): Json<Review>,
) -> Result<StatusCode, AppError> {
    let (_, month) = assignment_month(&state, id, &month).await?;
    let (approve, comment, action) = match &review {
        Review::Approve => (true, None, "write:report_approved"),
        Review::Return { comment } => {
            validate_return_comment(comment).map_err(AppError::Validation)?;
            (false, Some(comment.trim()), "write:report_returned")
        }
    };
    let actor = Actor::new(&user, client);
    let record = record_of(id, month);
    let reviewed = state
        .store
        .review_monthly_report(
            id,
            month,
            approve,
            comment,
            user.id,
            Utc::now(),
            &actor.entry(action, &record),
        )
        .await?;
    if !reviewed {
        return Err(AppError::Conflict {
            code: "not_submitted",
            message: "only a sent report is approved or returned".into(),
        });
    }
    Ok(StatusCode::NO_CONTENT)
}
