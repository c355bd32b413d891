//! The person's rights under the GDPR: the register extract (art. 15) and erasure (art. 17) for
//! administrators, and the correction of an applicant's details and answers (art. 16) for
//! caseworkers. The rules are the domain's (`kp_domain::extract`, `kp_domain::correction`,
//! `kp_domain::erasure`); each is written to the access log in the store's transaction, before
//! the answer.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use kp_domain::api::FieldError;
use kp_domain::application::personnummer_field;
use kp_domain::compensation::report_payment::{own_month, MissingReason, MonthPayment};
use kp_domain::compensation::{Level, Month, PaymentLine};
use kp_domain::correction::{correct, Correction};
use kp_domain::erasure::{
    obstacles, validate_erasure, ErasureCheck, ErasureForm, ErasureRecord, Obstacle,
};
use kp_domain::extract::{paid_months, ExtractPayment, ExtractRequest, RegisterExtract};
use kp_domain::monthly_report::ReportRules;
use kp_domain::pipeline::Event;

use super::placement::{payment_line, report_facts};
use super::{log_read, Actor};
use crate::auth::{Admin, CurrentUser};
use crate::client_addr::ClientAddr;
use crate::error::AppError;
use crate::purpose::ReadPurpose;
use crate::store::{ErasureOutcome, LogEntry, PaymentInput, PaymentReport, ReportRecord};
use crate::AppState;

fn invalid(field: &str, code: &str) -> AppError {
    AppError::Validation(vec![FieldError {
        field: field.into(),
        code: code.into(),
    }])
}

/// `POST /api/register-extract` (`{"personnummer": "…"}`, any form the interest form accepts):
/// everything stored about the person, and who has read or changed it. 422 with a code on
/// `personnummer` when the number is not one; an extract with no applications when nobody has it.
/// The number travels in the body, so it is in no address, server trace or browser history.
pub async fn register_extract(
    State(state): State<AppState>,
    peer: ClientAddr,
    Admin(user): Admin,
    purpose: ReadPurpose,
    Json(request): Json<ExtractRequest>,
) -> Result<Json<RegisterExtract>, AppError> {
    let today = crate::today_in_sweden(chrono::Utc::now());
    let personnummer = personnummer_field(&request.personnummer, today)
        .map_err(|code| invalid("personnummer", code))?;
    let mut extract = state
        .store
        .register_extract_for(
            &personnummer.canonical(),
            user.id,
            &user.display_name,
            &peer.to_string(),
            today,
            purpose.0,
        )
        .await?;
    // Each month of an assignment, paid or not by the rule the payment basis applies: a line
    // only with an approved report, in its own month's basis or the one it was approved in.
    let rules = state.contact_area.report_rules;
    let mut years: HashMap<i32, (Option<i64>, Vec<Level>)> = HashMap::new();
    for application in &mut extract.applications {
        for assignment in &mut application.assignments {
            let row = &assignment.row;
            let input = PaymentInput {
                id: row.id,
                assignment_reference: row.reference(),
                reference: row.contact_person_reference.clone(),
                personnummer: personnummer.canonical(),
                name: row.contact_person_name.clone(),
                assignment_type: row.assignment_type.clone(),
                start: row.start_date,
                end: row.end_date,
                terms: assignment.terms.clone(),
            };
            for month in paid_months(row.start_date, row.end_date, today) {
                let year = month.year();
                if let Entry::Vacant(slot) = years.entry(year) {
                    slot.insert((
                        state.store.price_base(year).await?,
                        state.store.levels_in_force(year).await?,
                    ));
                }
                let (price_base, levels) = &years[&year];
                let payment = match payment_line(&input, month, *price_base, levels) {
                    Ok(None) => continue,
                    Ok(Some(line)) => {
                        let report = state.store.monthly_report(row.id, month).await?;
                        paid_or_not(month, line, report, row.id, &rules)
                    }
                    Err(e) => ExtractPayment {
                        month,
                        line: None,
                        not_computed: Some(e.code().to_string()),
                        not_paid: None,
                        paid_in: None,
                    },
                };
                assignment.payments.push(payment);
            }
        }
    }
    Ok(Json(extract))
}

/// A month's line as the payment basis treats it: paid with the approved report's extra costs
/// (in its own month, or in `paid_in` when approved late), or not paid and why.
fn paid_or_not(
    month: Month,
    mut line: PaymentLine,
    report: Option<ReportRecord>,
    assignment_id: i64,
    rules: &ReportRules,
) -> ExtractPayment {
    let facts = report.map(|r| {
        report_facts(&PaymentReport {
            assignment_id,
            month,
            status: r.status,
            report: r.report,
            first_submitted_at: r.first_submitted_at,
            reviewed_at: r.reviewed_at,
        })
    });
    let (paid, not_paid, paid_in) = match own_month(month, facts.as_ref(), rules) {
        MonthPayment::Paid { .. } => (true, None, None),
        MonthPayment::Missing {
            reason: MissingReason::PaidLater,
            paid_in,
        } => (true, None, paid_in),
        MonthPayment::Missing { reason, .. } => (false, Some(reason), None),
    };
    line.extra_costs_ore = facts.map_or(0, |f| f.extra_costs_ore);
    ExtractPayment {
        month,
        line: paid.then_some(line),
        not_computed: None,
        not_paid,
        paid_in,
    }
}

/// `POST /api/applicants/{reference}/correction` (a [`Correction`]: only the fields changed):
/// corrects the applicant's details and answers by the interest form's rules (422 with a code per
/// field; `correction`/`no_change` when nothing would change), keeping the old values in their
/// timeline. 409 `changed_meanwhile` when someone else corrected them since they were read.
pub async fn correct_applicant(
    State(state): State<AppState>,
    peer: ClientAddr,
    user: CurrentUser,
    Path(reference): Path<String>,
    Json(correction): Json<Correction>,
) -> Result<StatusCode, AppError> {
    let before = state
        .store
        .applicant_answers(&reference)
        .await?
        .ok_or(AppError::NotFound)?;
    let today = crate::today_in_sweden(chrono::Utc::now());
    let corrected = correct(&before, &correction, today).map_err(AppError::Validation)?;
    if corrected.changes.is_empty() {
        return Err(invalid("correction", "no_change"));
    }
    // A district is checked only when the correction changes it: one since retired stays.
    if corrected.changes.iter().any(|c| c.field == "district") {
        let chosen = kp_domain::district::parse_choice(&corrected.answers.district)
            .ok()
            .flatten();
        kp_domain::district::check_chosen(chosen, &state.store.districts().await?)
            .map_err(AppError::Validation)?;
    }
    let mut changes = corrected.changes;
    kp_domain::district::name_changes(&mut changes, &state.store.districts().await?);
    let event = Event::Correction { changes };
    let record = format!("applicant:{reference}");
    let address = peer.to_string();
    let log = LogEntry {
        user_id: user.id,
        user_name: &user.display_name,
        action: "write:correction",
        record: &record,
        address: &address,
    };
    if !state
        .store
        .correct_applicant(
            &reference,
            &before,
            &corrected.answers,
            &event,
            user.id,
            &log,
        )
        .await?
    {
        return Err(AppError::Conflict {
            code: "changed_meanwhile",
            message: "someone else corrected this applicant meanwhile; reload and try again".into(),
        });
    }
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/applicants/{reference}/erasure`: what stops erasing the applicant today (empty when
/// nothing does). Logged as a read of the applicant.
pub async fn erasure_check(
    State(state): State<AppState>,
    peer: ClientAddr,
    Admin(user): Admin,
    purpose: ReadPurpose,
    Path(reference): Path<String>,
) -> Result<Json<ErasureCheck>, AppError> {
    let facts = state
        .store
        .erasure_facts(&reference)
        .await?
        .ok_or(AppError::NotFound)?;
    let rules = crate::retention::rule_set(&state.store).await?;
    let today = crate::today_in_sweden(chrono::Utc::now());
    log_read(
        &state,
        &user,
        "read:erasure_check",
        &format!("applicant:{reference}"),
        peer,
        purpose,
    )
    .await?;
    Ok(Json(ErasureCheck {
        obstacles: obstacles(&facts, &rules, today),
    }))
}

/// `POST /api/applicants/{reference}/erasure` (an [`ErasureForm`]): erases the applicant with
/// everything that hangs from it. 201 with the [`ErasureRecord`]; 422 with a code per field; 404
/// for no such applicant (already erased, say); 409 with the first obstacle's code
/// (`erasure_ongoing_assignment`, `erasure_held`, `erasure_assignments_kept`) when something
/// stops it, nothing written.
pub async fn erase(
    State(state): State<AppState>,
    peer: ClientAddr,
    Admin(user): Admin,
    Path(reference): Path<String>,
    Json(form): Json<ErasureForm>,
) -> Result<(StatusCode, Json<ErasureRecord>), AppError> {
    let now = chrono::Utc::now();
    let today = crate::today_in_sweden(now);
    let erasure = validate_erasure(&reference, &form, today).map_err(AppError::Validation)?;
    let rules = crate::retention::rule_set(&state.store).await?;
    let actor = Actor::new(&user, peer);
    let record = format!("applicant:{reference}");
    let outcome = state
        .store
        .erase_applicant(
            &reference,
            &erasure,
            &rules,
            today,
            now,
            &actor.entry("write:erasure", &record),
        )
        .await?;
    match outcome {
        ErasureOutcome::Erased(record) => Ok((StatusCode::CREATED, Json(record))),
        ErasureOutcome::NotFound => Err(AppError::NotFound),
        ErasureOutcome::Refused(stops) => Err(AppError::Conflict {
            code: stops[0].code(),
            message: stops
                .iter()
                .map(Obstacle::swedish)
                .collect::<Vec<_>>()
                .join(" "),
        }),
    }
}

/// How many erasure records the screen shows.
const ERASURES_SHOWN: i64 = 200;

/// `GET /api/erasures`: the latest erasure records, newest first (nothing of the persons).
pub async fn erasures(
    State(state): State<AppState>,
    Admin(_): Admin,
) -> Result<Json<Vec<ErasureRecord>>, AppError> {
    Ok(Json(state.store.erasure_records(ERASURES_SHOWN).await?))
}
