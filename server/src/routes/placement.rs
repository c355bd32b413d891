//! Assignments: a child's need (de-identified), the ranked matches, the assignment with its plan,
//! follow-ups and ending, and the monthly payment basis. The rules are the domain's
//! (`kp_domain::{need, matching, assignment, compensation}`); this module converts at the edge,
//! stores, and writes every read and write to the access log.

use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Datelike;
use kp_domain::api::FieldError;
use kp_domain::assignment::{
    validate_ending, validate_follow_up, validate_new_assignment, validate_plan,
    validate_terms_change, Ending, FollowUp, Plan, TermsChange,
};
use kp_domain::compensation::report_payment::{own_month, paid_late_in, MonthPayment, ReportFacts};
use kp_domain::compensation::{
    level_periods, month_amounts, payment_basis_csv, terms_for_month, AmountError, Frequency,
    Level, Month, PaymentLine, Terms,
};
use kp_domain::district::{need_district, settle_need_district};
use kp_domain::matching::{fitting_needs, rank, FittingNeed, Ranked};
use kp_domain::monthly_report::{extra_costs_total, ReportStatus};
use kp_domain::need::{validate_need, NeedForm};
use kp_domain::placement::{
    AssignmentDetail, AssignmentRow, Created, MissingReport, NeedDetail, NeedRow, NeedStatus,
    NewAssignment, PaymentBasis,
};
use serde::Deserialize;

use super::{log_read as log, Actor};
use crate::auth::CurrentUser;
use crate::client_addr::ClientAddr;
use crate::error::AppError;
use crate::purpose::ReadPurpose;
use crate::store::{AssignRefusal, PaymentInput, PaymentReport};
use crate::AppState;

fn today() -> chrono::NaiveDate {
    crate::today_in_sweden(chrono::Utc::now())
}

fn invalid(field: &str, code: &str) -> AppError {
    AppError::Validation(vec![FieldError {
        field: field.into(),
        code: code.into(),
    }])
}

/// `GET /api/needs`.
pub async fn needs(
    State(state): State<AppState>,
    peer: ClientAddr,
    user: CurrentUser,
    purpose: ReadPurpose,
) -> Result<Json<Vec<NeedRow>>, AppError> {
    let rows = state.store.needs(today()).await?;
    log(&state, &user, "list", "needs", peer, purpose).await?;
    Ok(Json(rows))
}

/// `POST /api/needs`: registers a need (422 with a code per field when the form is wrong; the
/// same need sent again within minutes by the same caseworker answers the first, 200).
pub async fn create_need(
    State(state): State<AppState>,
    peer: ClientAddr,
    user: CurrentUser,
    Json(form): Json<NeedForm>,
) -> Result<(StatusCode, Json<Created>), AppError> {
    let mut need = validate_need(&form, today()).map_err(AppError::Validation)?;
    settle_need_district(&mut need, &state.store.districts().await?)
        .map_err(AppError::Validation)?;
    let actor = Actor::new(&user, peer);
    // The store adds the new need's reference to the record.
    let (reference, new) = state
        .store
        .create_need(&need, user.id, &actor.entry("write:need", "need:"))
        .await?;
    // A resend of the same need answers the one already registered (200, not 201).
    let status = if new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(Created { reference })))
}

/// `GET /api/needs/{reference}`.
pub async fn need(
    State(state): State<AppState>,
    peer: ClientAddr,
    user: CurrentUser,
    purpose: ReadPurpose,
    Path(reference): Path<String>,
) -> Result<Json<NeedDetail>, AppError> {
    let detail = state
        .store
        .need_detail(&reference, today())
        .await?
        .ok_or(AppError::NotFound)?;
    log(
        &state,
        &user,
        "read",
        &format!("need:{reference}"),
        peer,
        purpose,
    )
    .await?;
    Ok(Json(detail))
}

/// `GET /api/needs/{reference}/matches`: approved contact people ranked for the need.
pub async fn matches(
    State(state): State<AppState>,
    peer: ClientAddr,
    user: CurrentUser,
    purpose: ReadPurpose,
    Path(reference): Path<String>,
) -> Result<Json<Vec<Ranked>>, AppError> {
    let (_, mut need, _) = state
        .store
        .need(&reference)
        .await?
        .ok_or(AppError::NotFound)?;
    // A need from before the districts whose area is a district's name is in that district.
    need.district = need_district(need.district, &need.area, &state.store.districts().await?);
    let candidates = state.store.candidates().await?;
    let ranked = rank(&need, &candidates, today());
    log(
        &state,
        &user,
        "list",
        &format!("need:{reference}:matches"),
        peer,
        purpose,
    )
    .await?;
    Ok(Json(ranked))
}

/// `GET /api/applicants/{reference}/fitting-needs`: the open needs an approved contact person
/// is approved for, best fit first, scored as the need's matches are (empty for anyone not
/// approved; 404 for no such applicant). What the caseworker does next after an approval.
pub async fn fitting(
    State(state): State<AppState>,
    peer: ClientAddr,
    user: CurrentUser,
    purpose: ReadPurpose,
    Path(reference): Path<String>,
) -> Result<Json<Vec<FittingNeed>>, AppError> {
    let candidates = state.store.candidates().await?;
    let fitting = match candidates.iter().find(|c| c.reference == reference) {
        Some(person) => {
            let districts = state.store.districts().await?;
            let mut needs = state.store.open_needs().await?;
            for (_, need) in &mut needs {
                need.district = need_district(need.district, &need.area, &districts);
            }
            fitting_needs(person, &needs, today())
        }
        None => {
            state
                .store
                .applicant_answers(&reference)
                .await?
                .ok_or(AppError::NotFound)?;
            Vec::new()
        }
    };
    log(
        &state,
        &user,
        "list",
        &format!("applicant:{reference}:fitting-needs"),
        peer,
        purpose,
    )
    .await?;
    Ok(Json(fitting))
}

/// `POST /api/needs/{reference}/assignment`: picks a contact person for an open need.
pub async fn create_assignment(
    State(state): State<AppState>,
    peer: ClientAddr,
    user: CurrentUser,
    Path(reference): Path<String>,
    Json(mut new): Json<NewAssignment>,
) -> Result<(StatusCode, Json<Created>), AppError> {
    let (need_id, need, status) = state
        .store
        .need(&reference)
        .await?
        .ok_or(AppError::NotFound)?;
    if status != NeedStatus::Open {
        return Err(AppError::Conflict {
            code: "need_not_open",
            message: "this need already has a contact person".into(),
        });
    }
    let applicant = state
        .store
        .approved_applicant(new.applicant_reference.trim())
        .await?;
    let mut problems = Vec::new();
    let not_approved = match &applicant {
        None => Some("not_approved"),
        Some((_, types)) if !types.contains(&need.assignment_type) => Some("not_approved_for_type"),
        _ => None,
    };
    if let Some(code) = not_approved {
        problems.push(FieldError {
            field: "applicant_reference".into(),
            code: code.into(),
        });
    }
    match validate_new_assignment(&new, &need.assignment_type, today()) {
        Ok(terms) => (new.special_arvode, new.special_omkostnad) = terms.special.unzip(),
        Err(errors) => problems.extend(errors),
    }
    if !problems.is_empty() {
        return Err(AppError::Validation(problems));
    }
    let (application_id, _) = applicant.expect("checked above");
    let summary = format!("{} – {}", new.applicant_reference.trim(), new.reason.trim());
    let actor = Actor::new(&user, peer);
    let record = format!("need:{reference}");
    let log = actor.entry("write:assignment", &record);
    let id = match state
        .store
        .create_assignment(need_id, application_id, &new, user.id, &summary, &log)
        .await?
    {
        Ok(id) => id,
        Err(AssignRefusal::NeedNotOpen) => {
            return Err(AppError::Conflict {
                code: "need_not_open",
                message: "this need already has a contact person".into(),
            })
        }
    };
    Ok((
        StatusCode::CREATED,
        Json(Created {
            reference: id.to_string(),
        }),
    ))
}

/// `GET /api/assignments`.
pub async fn assignments(
    State(state): State<AppState>,
    peer: ClientAddr,
    user: CurrentUser,
    purpose: ReadPurpose,
) -> Result<Json<Vec<AssignmentRow>>, AppError> {
    let rows = state.store.assignments(today()).await?;
    log(&state, &user, "list", "assignments", peer, purpose).await?;
    Ok(Json(rows))
}

/// `GET /api/assignments/{id}`.
pub async fn assignment(
    State(state): State<AppState>,
    peer: ClientAddr,
    user: CurrentUser,
    purpose: ReadPurpose,
    Path(id): Path<i64>,
) -> Result<Json<AssignmentDetail>, AppError> {
    let detail = state
        .store
        .assignment_detail(id, today())
        .await?
        .ok_or(AppError::NotFound)?;
    log(
        &state,
        &user,
        "read",
        &format!("assignment:{id}"),
        peer,
        purpose,
    )
    .await?;
    Ok(Json(detail))
}

fn ended() -> AppError {
    AppError::Conflict {
        code: "assignment_ended",
        message: "the assignment has ended".into(),
    }
}

/// An assignment that has not ended: 404 if there is none, 409 `assignment_ended` if it has.
async fn ongoing(state: &AppState, id: i64) -> Result<crate::store::AssignmentState, AppError> {
    let current = state
        .store
        .assignment_state(id)
        .await?
        .ok_or(AppError::NotFound)?;
    if current.ended {
        return Err(ended());
    }
    Ok(current)
}

/// `PUT /api/assignments/{id}/plan`.
pub async fn set_plan(
    State(state): State<AppState>,
    peer: ClientAddr,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(plan): Json<Plan>,
) -> Result<StatusCode, AppError> {
    let current = ongoing(&state, id).await?;
    validate_plan(&plan, &current.assignment_type).map_err(AppError::Validation)?;
    let actor = Actor::new(&user, peer);
    let record = format!("assignment:{id}");
    if !state
        .store
        .set_plan(
            id,
            current.need_id,
            &plan,
            user.id,
            &actor.entry("write:plan", &record),
        )
        .await?
    {
        return Err(ended());
    }
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/assignments/{id}/follow-ups` (also after the ending: the closing follow-up).
pub async fn add_follow_up(
    State(state): State<AppState>,
    peer: ClientAddr,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(follow_up): Json<FollowUp>,
) -> Result<StatusCode, AppError> {
    let current = state
        .store
        .assignment_state(id)
        .await?
        .ok_or(AppError::NotFound)?;
    let plan = current.plan.unwrap_or_default();
    validate_follow_up(&follow_up, &plan, current.start, today()).map_err(AppError::Validation)?;
    let actor = Actor::new(&user, peer);
    let record = format!("assignment:{id}");
    let log = actor.entry("write:follow_up", &record);
    state
        .store
        .add_follow_up(id, current.need_id, &follow_up, user.id, &log)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

fn level_label(frequency: Frequency) -> &'static str {
    match frequency {
        Frequency::Weekly => "Minst en gång i veckan",
        Frequency::SeveralPerWeek => "Flera gånger i veckan",
        Frequency::AlmostDaily => "Nästan varje dag",
    }
}

/// The payment basis's name for terms: the level, or the amount decided for the case.
fn terms_label(terms: &Terms) -> String {
    match terms.special {
        Some(_) => "Särskilt beslutat belopp".to_string(),
        None => level_label(terms.frequency).to_string(),
    }
}

/// `POST /api/assignments/{id}/terms`: from a date they meet more or less often, or a special
/// qualified assignment gets new amounts. 409 `assignment_ended`, or `terms_changed` when
/// another change came first.
pub async fn change_terms(
    State(state): State<AppState>,
    peer: ClientAddr,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(change): Json<TermsChange>,
) -> Result<StatusCode, AppError> {
    let current = ongoing(&state, id).await?;
    let terms = validate_terms_change(&change, &current.assignment_type, &current.terms, today())
        .map_err(AppError::Validation)?;
    let amounts = terms
        .special
        .map(|(arvode, omkostnad)| {
            format!(" ({arvode} kr arvode, {omkostnad} kr omkostnad i månaden)")
        })
        .unwrap_or_default();
    let summary = format!(
        "Från {}: {}{amounts} – {}",
        terms.from,
        level_label(terms.frequency),
        change.reason.trim()
    );
    let actor = Actor::new(&user, peer);
    let record = format!("assignment:{id}");
    if !state
        .store
        .change_terms(
            id,
            current.need_id,
            &terms,
            &change.reason,
            user.id,
            &summary,
            &actor.entry("write:terms", &record),
        )
        .await?
    {
        return Err(AppError::Conflict {
            code: "terms_changed",
            message: "the assignment ended or its terms changed meanwhile".into(),
        });
    }
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/assignments/{id}/ending`.
pub async fn end(
    State(state): State<AppState>,
    peer: ClientAddr,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(ending): Json<Ending>,
) -> Result<StatusCode, AppError> {
    let current = ongoing(&state, id).await?;
    validate_ending(&ending, current.start, today()).map_err(AppError::Validation)?;
    let actor = Actor::new(&user, peer);
    let record = format!("assignment:{id}");
    if !state
        .store
        .end_assignment(
            id,
            current.need_id,
            &ending,
            user.id,
            &actor.entry("write:ending", &record),
        )
        .await?
    {
        return Err(ended());
    }
    Ok(StatusCode::NO_CONTENT)
}

/// `?month=2026-11`.
#[derive(Debug, Deserialize)]
pub struct MonthQuery {
    month: String,
}

/// One assignment's line of `month`'s payment basis, from the year's prisbasbelopp and levels:
/// `None` when the assignment pays no day of the month. Also the register extract's payments.
pub(crate) fn payment_line(
    input: &PaymentInput,
    month: Month,
    price_base: Option<i64>,
    levels: &[Level],
) -> Result<Option<PaymentLine>, AmountError> {
    let year = month.year();
    let terms = terms_for_month(&input.terms, month);
    let periods = level_periods(&terms, levels)?;
    let amounts = month_amounts(month, input.start, input.end, &periods, |y| {
        (y == year).then_some(price_base).flatten()
    })?;
    let Some(amounts) = amounts else {
        return Ok(None);
    };
    // One level for the month reads as its name; a change within the month names each stretch
    // with its days, so payroll can see why the amount is what it is.
    let label = match amounts.segments.as_slice() {
        [one] => terms_label(&terms[one.period]),
        segments => segments
            .iter()
            .map(|s| {
                format!(
                    "{} {}–{}",
                    terms_label(&terms[s.period]),
                    s.first.day(),
                    s.last.day()
                )
            })
            .collect::<Vec<_>>()
            .join(", "),
    };
    Ok(Some(PaymentLine {
        contact_person_reference: input.reference.clone(),
        contact_person_name: input.name.clone(),
        contact_person_personnummer: input.personnummer.clone(),
        assignment_id: input.id.to_string(),
        assignment_reference: input.assignment_reference.clone(),
        level_label: label,
        days_covered: amounts.days_covered,
        days_in_month: amounts.days_in_month,
        arvode: amounts.arvode,
        omkostnad: amounts.omkostnad,
        extra_costs_ore: 0,
        report_month: None,
    }))
}

/// The year's prisbasbelopp and levels, read once per year a basis needs.
type YearRates = (Option<i64>, Vec<Level>);

async fn year_rates(
    state: &AppState,
    rates: &mut std::collections::BTreeMap<i32, YearRates>,
    year: i32,
) -> Result<(), AppError> {
    if let std::collections::btree_map::Entry::Vacant(entry) = rates.entry(year) {
        let price_base = state.store.price_base(year).await?;
        let levels = state.store.levels_in_force(year).await?;
        entry.insert((price_base, levels));
    }
    Ok(())
}

/// A line of `month` for `input`, or the 409 that says why it cannot be computed.
fn line_or_conflict(
    input: &PaymentInput,
    month: Month,
    (price_base, levels): &YearRates,
) -> Result<Option<PaymentLine>, AppError> {
    payment_line(input, month, *price_base, levels).map_err(|e| AppError::Conflict {
        code: e.code(),
        message: format!(
            "assignment {} cannot be computed for {month}: {e:?}",
            input.id
        ),
    })
}

/// What the payment basis knows of a stored report: its Swedish days and its extra costs.
pub(super) fn report_facts(report: &PaymentReport) -> ReportFacts {
    let day = kp_domain::time::today_in_sweden;
    ReportFacts {
        month: report.month,
        status: report.status,
        first_sent: report.first_submitted_at.map(day),
        approved_on: (report.status == ReportStatus::Approved)
            .then_some(report.reviewed_at)
            .flatten()
            .map(day),
        extra_costs_ore: extra_costs_total(&report.report),
    }
}

/// `month`'s payment basis: each assignment active in the month paid only with the month's
/// approved report (else listed as missing, with why), and each earlier month approved late
/// during `month` as a line of its own (`kp_domain::compensation::report_payment`).
async fn basis(state: &AppState, month: &str) -> Result<PaymentBasis, AppError> {
    let month = Month::parse(month.trim()).ok_or_else(|| invalid("month", "invalid"))?;
    let rules = state.contact_area.report_rules;
    let mut rates = std::collections::BTreeMap::new();
    year_rates(state, &mut rates, month.year()).await?;
    let from = kp_domain::time::start_of_day_in_sweden(month.first_day());
    let until = kp_domain::time::start_of_day_in_sweden(month.next().first_day());
    let reports: Vec<(i64, ReportFacts)> = state
        .store
        .payment_reports(month, from, until)
        .await?
        .iter()
        .map(|r| (r.assignment_id, report_facts(r)))
        .collect();
    let mut lines = Vec::new();
    let mut missing = Vec::new();
    for input in state.store.payment_inputs(month).await? {
        let Some(mut line) = line_or_conflict(&input, month, &rates[&month.year()])? else {
            continue;
        };
        let report = reports
            .iter()
            .find(|(id, r)| *id == input.id && r.month == month)
            .map(|(_, r)| r);
        match own_month(month, report, &rules) {
            MonthPayment::Paid { extra_costs_ore } => {
                line.extra_costs_ore = extra_costs_ore;
                lines.push(line);
            }
            MonthPayment::Missing { reason, paid_in } => missing.push(MissingReport {
                contact_person_reference: line.contact_person_reference,
                contact_person_name: line.contact_person_name,
                assignment_id: line.assignment_id,
                assignment_reference: line.assignment_reference,
                month,
                reason,
                paid_in,
            }),
        }
    }
    // Earlier months approved late during this month: each paid for its own month's days and
    // terms, at its own year's rates.
    let mut inputs_of: std::collections::BTreeMap<Month, Vec<PaymentInput>> = Default::default();
    for (id, report) in &reports {
        let Some(extra_costs_ore) = paid_late_in(month, report, &rules) else {
            continue;
        };
        let of = report.month;
        if let std::collections::btree_map::Entry::Vacant(entry) = inputs_of.entry(of) {
            entry.insert(state.store.payment_inputs(of).await?);
        }
        year_rates(state, &mut rates, of.year()).await?;
        let input = inputs_of[&of].iter().find(|i| i.id == *id);
        if let Some(mut line) = match input {
            Some(input) => line_or_conflict(input, of, &rates[&of.year()])?,
            None => None,
        } {
            line.extra_costs_ore = extra_costs_ore;
            line.report_month = Some(of);
            lines.push(line);
        }
    }
    Ok(PaymentBasis {
        month,
        total_arvode: lines.iter().map(|l| l.arvode).sum(),
        total_omkostnad: lines.iter().map(|l| l.omkostnad).sum(),
        total_extra_costs_ore: lines.iter().map(|l| l.extra_costs_ore).sum(),
        lines,
        missing,
        late_months: rules.late_months,
    })
}

/// `GET /api/payment-basis?month=2026-11`: the month's approved reports' amounts, the months
/// not paid with why, and the late-report rule.
pub async fn payment_basis(
    State(state): State<AppState>,
    peer: ClientAddr,
    user: CurrentUser,
    purpose: ReadPurpose,
    Query(query): Query<MonthQuery>,
) -> Result<Json<PaymentBasis>, AppError> {
    let basis = basis(&state, &query.month).await?;
    log(
        &state,
        &user,
        "read",
        &format!("payment-basis:{}", basis.month),
        peer,
        purpose,
    )
    .await?;
    Ok(Json(basis))
}

/// `GET /api/payment-basis.csv?month=2026-11`: the same for payroll (UTF-8 with BOM, `;`,
/// decimal comma). Re-running a month gives the same bytes.
pub async fn payment_basis_export(
    State(state): State<AppState>,
    peer: ClientAddr,
    user: CurrentUser,
    purpose: ReadPurpose,
    Query(query): Query<MonthQuery>,
) -> Result<Response, AppError> {
    let basis = basis(&state, &query.month).await?;
    log(
        &state,
        &user,
        "export",
        &format!("payment-basis:{}", basis.month),
        peer,
        purpose,
    )
    .await?;
    let csv = payment_basis_csv(basis.month, &basis.lines);
    let disposition = format!(
        "attachment; filename=\"utbetalningsunderlag-{}.csv\"",
        basis.month
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        csv,
    )
        .into_response())
}
