//! One month's report (`/handlaggare/rapporter/{assignment}/{month}`): the meetings, the reason
//! for a month without, the extra costs with their total and receipts, the declaration; then
//! "Godkänn" or "Skicka tillbaka" with a comment. An approved report is shown locked.

use kp_domain::monthly_report::{
    extra_costs_total, meeting_minutes, validate_return_comment, ReportStatus,
};
use kp_domain::purpose::Purpose;
use kp_domain::reports::{Review, StoredReport};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::form_parts::{described, error_line};
use super::notice::{Notice, NoticeRegion};
use super::report_text::{activity_name, duration_text, status_name};
use super::reports::assignment_href;
use super::review_text::{comment_error, failure_text, month_name, ore_text, timeliness};
use super::routes::CaseworkerRoute;
use super::{text, RequireSignIn};
use crate::api;
use crate::components::error_summary::ErrorSummary;
use crate::dom::focus_soon;

/// The report page.
#[component]
pub fn ReportPage() -> impl IntoView {
    view! { <RequireSignIn><ReportContent/></RequireSignIn> }
}

#[component]
fn ReportContent() -> impl IntoView {
    let scope = api::RequestScope::here();
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").unwrap_or_default());
    let month = params.with_untracked(|p| p.get("month").unwrap_or_default());
    crate::dom::set_document_meta(
        kp_domain::Locale::Sv,
        &format!("Månadsrapport – {}", text::PRODUCT),
        "En kontaktpersons månadsrapport att granska",
    );
    let report = RwSignal::new(None::<Result<StoredReport, api::ApiError>>);
    let notice = RwSignal::new(None::<Notice>);
    let (asked_id, asked_month) = (id.clone(), month.clone());
    let reload = move || {
        let (id, month) = (asked_id.clone(), asked_month.clone());
        scope.spawn(async move {
            report.set(Some(api::report(&id, &month, Purpose::ReportReview).await));
        });
    };
    reload();
    let reload = StoredValue::new(reload);
    let done = move |said: Notice| {
        notice.set(Some(said));
        reload.with_value(|r| r());
        focus_soon("report-notice");
    };
    view! {
        <p class="breadcrumb"><a href=CaseworkerRoute::Reports.href()>"Alla rapporter"</a></p>
        {move || match report.get() {
            None => view! { <p class="status" role="status">"Hämtar rapporten …"</p> }.into_any(),
            Some(Err(e)) if e.status == 404 => view! {
                <h1>"Rapporten finns inte"</h1>
                <p>"Uppdraget finns inte, eller så rapporterar det inte den månaden."</p>
            }.into_any(),
            Some(Err(_)) => view! {
                <h1>"Månadsrapport"</h1>
                <p class="status" role="alert">"Rapporten kunde inte hämtas. Ladda om sidan för att försöka igen."</p>
            }.into_any(),
            Some(Ok(r)) => {
                let title = format!("Månadsrapport {} – {}", month_name(r.month), r.assignment_reference);
                crate::dom::set_document_meta(kp_domain::Locale::Sv, &format!("{title} – {}", text::PRODUCT), "En kontaktpersons månadsrapport att granska");
                view! {
                    <h1>{title}</h1>
                    <NoticeRegion id="report-notice" notice=notice/>
                    {report_view(&id, r, done)}
                }.into_any()
            }
        }}
    }
}

fn report_view<F: Fn(Notice) + Copy + Send + Sync + 'static>(
    id: &str,
    r: StoredReport,
    done: F,
) -> AnyView {
    let assignment_id: i64 = id.parse().unwrap_or_default();
    if r.status == ReportStatus::Draft {
        // A draft is the contact person's own until they send it: not shown, though it exists.
        return view! {
            <dl class="facts">
                <div><dt>"Uppdrag"</dt><dd><a class="ref-code" href=assignment_href(assignment_id)>{r.assignment_reference.clone()}</a></dd></div>
                <div><dt>"Sista dag att rapportera"</dt><dd>{r.due.to_string()}</dd></div>
            </dl>
            <p>"Rapporten är inte skickad ännu. Den visas här när kontaktpersonen har skickat den."</p>
        }
        .into_any();
    }
    let month = r.month.to_string();
    let sent = r.submitted_at.is_some() && r.status != ReportStatus::Draft;
    let late = r
        .first_submitted_at
        .as_deref()
        .map(|at| kp_domain::time::today_in_sweden(stamp_of(at)) > r.due);
    let locked = r.status == ReportStatus::Approved;
    let total = extra_costs_total(&r.report);
    let minutes = meeting_minutes(&r.report);
    view! {
        <dl class="facts">
            <div><dt>"Uppdrag"</dt><dd><a class="ref-code" href=assignment_href(assignment_id)>{r.assignment_reference.clone()}</a></dd></div>
            <div><dt>"Läge"</dt><dd><strong>{status_name(r.status)}</strong>{locked.then_some(" – låst")}</dd></div>
            <div><dt>"Sista dag att rapportera"</dt><dd>{r.due.to_string()}</dd></div>
            {r.submitted_at.clone().map(|at| view! { <div><dt>"Skickad"</dt><dd>{kp_domain::time::display_in_sweden(&at)}</dd></div> })}
            {(r.first_submitted_at != r.submitted_at).then(|| r.first_submitted_at.clone()).flatten().map(|at| view! {
                <div><dt>"Först skickad"</dt><dd>{kp_domain::time::display_in_sweden(&at)}</dd></div>
            })}
            {late.map(|late| view! { <div><dt>"I tid"</dt><dd class:overdue=late>{timeliness(late, r.payable)}</dd></div> })}
        </dl>
        {r.return_comment.clone().map(|comment| view! {
            <div class="review-comment">
                <p><strong>{if r.status == ReportStatus::Returned { "Skickad tillbaka med kommentaren:" } else { "Kommentar när rapporten skickades tillbaka:" }}</strong></p>
                <p class="pre">{comment}</p>
            </div>
        })}
        <section aria-labelledby="meetings-heading" class="assignment-section">
            <h2 id="meetings-heading">"Träffar"</h2>
            {if r.report.meetings.is_empty() {
                view! {
                    <p>"Inga träffar den här månaden."</p>
                    {(!r.report.no_meetings_reason.trim().is_empty()).then(|| view! {
                        <p><strong>"Varför: "</strong><span class="pre">{r.report.no_meetings_reason.clone()}</span></p>
                    })}
                }.into_any()
            } else {
                view! {
                    <table class="dense">
                        <caption class="visually-hidden">"Träffar"</caption>
                        <thead><tr>
                            <th scope="col">"Datum"</th>
                            <th scope="col">"Ungefär hur länge"</th>
                            <th scope="col">"Vad de gjorde"</th>
                            <th scope="col">"Anteckning"</th>
                        </tr></thead>
                        <tbody>
                            {r.report.meetings.iter().map(|m| view! {
                                <tr>
                                    <th scope="row">{m.date.to_string()}</th>
                                    <td>{duration_text(m.minutes)}</td>
                                    <td>{m.activities.iter().map(|a| activity_name(*a)).collect::<Vec<_>>().join(", ")}</td>
                                    <td class="pre">{m.note.clone()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                        <tfoot><tr>
                            <th scope="row">{format!("{} träffar", r.report.meetings.len())}</th>
                            <td>{duration_text(minutes)}</td>
                            <td></td><td></td>
                        </tr></tfoot>
                    </table>
                }.into_any()
            }}
        </section>
        <section aria-labelledby="costs-heading" class="assignment-section">
            <h2 id="costs-heading">"Utlägg utöver omkostnadsersättningen"</h2>
            {if r.report.costs.is_empty() {
                view! { <p>"Inga utlägg."</p> }.into_any()
            } else {
                view! {
                    <table class="dense">
                        <caption class="visually-hidden">"Utlägg"</caption>
                        <thead><tr>
                            <th scope="col">"Datum"</th>
                            <th scope="col">"Vad"</th>
                            <th scope="col" class="number">"Belopp"</th>
                            <th scope="col">"Kvitto"</th>
                        </tr></thead>
                        <tbody>
                            {r.report.costs.iter().map(|c| {
                                // The receipt is served to caseworkers by the receipts route
                                // (kp_domain::receipt); the link names the cost it proves.
                                let receipt = c.receipt.clone().filter(|id| !id.trim().is_empty()).map(|receipt| {
                                    let href = api::receipt_url(id, &month, &receipt);
                                    view! { <a href=href download="">"Kvitto"<span class="visually-hidden">{format!(" för {}", c.description)}</span></a> }
                                });
                                view! {
                                    <tr>
                                        <th scope="row">{c.date.to_string()}</th>
                                        <td>{c.description.clone()}</td>
                                        <td class="number">{ore_text(c.amount_ore)}</td>
                                        <td>{receipt.map(IntoAny::into_any).unwrap_or_else(|| view! { "Inget kvitto" }.into_any())}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                        <tfoot><tr>
                            <th scope="row" colspan="2">"Summa utlägg"</th>
                            <td class="number"><strong>{ore_text(total)}</strong></td>
                            <td></td>
                        </tr></tfoot>
                    </table>
                }.into_any()
            }}
        </section>
        <section aria-labelledby="declaration-heading" class="assignment-section">
            <h2 id="declaration-heading">"Försäkran"</h2>
            {if sent {
                view! { <p>"Kontaktpersonen har försäkrat att uppgifterna är riktiga när rapporten skickades."</p> }.into_any()
            } else {
                view! { <p>"Rapporten är inte skickad, så ingen försäkran är lämnad."</p> }.into_any()
            }}
        </section>
        <section aria-labelledby="review-heading" class="assignment-section">
            <h2 id="review-heading">"Granskning"</h2>
            {match r.status {
                ReportStatus::Submitted => view! { <ReviewForm id=id.to_string() month=month.clone() done=done/> }.into_any(),
                ReportStatus::Approved => view! {
                    <p class="success-message">{format!(
                        "Godkänd {}{}. Rapporten är låst och kan inte ändras.",
                        r.reviewed_at.as_deref().map(kp_domain::time::display_in_sweden).unwrap_or_default(),
                        r.reviewed_by.as_deref().map(|by| format!(" av {by}")).unwrap_or_default(),
                    )}</p>
                }.into_any(),
                ReportStatus::Returned => view! {
                    <p>{format!(
                        "Skickad tillbaka {}{}. Kontaktpersonen kan ändra rapporten och skicka den igen.",
                        r.reviewed_at.as_deref().map(kp_domain::time::display_in_sweden).unwrap_or_default(),
                        r.reviewed_by.as_deref().map(|by| format!(" av {by}")).unwrap_or_default(),
                    )}</p>
                }.into_any(),
                ReportStatus::Draft => view! { <p>"Rapporten är inte skickad ännu."</p> }.into_any(),
            }}
        </section>
    }
    .into_any()
}

fn stamp_of(rfc3339: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .map(|t| t.with_timezone(&chrono::Utc))
        .unwrap_or_default()
}

/// Approve, or return with a comment (required; checked by the domain before it is sent).
#[component]
fn ReviewForm<F: Fn(Notice) + Copy + Send + Sync + 'static>(
    id: String,
    month: String,
    done: F,
) -> impl IntoView {
    let comment = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let general = RwSignal::new(None::<String>);
    let sender = api::Sender::new();
    let busy = sender.pending();
    let target = StoredValue::new((id, month));
    let send = move |review: Review| {
        if sender.is_pending() {
            return;
        }
        let approving = review == Review::Approve;
        sender.send(async move {
            let (id, month) = target.get_value();
            let result = api::review_report(&id, &month, &review).await;
            match result {
                Ok(()) => done(Notice::Done(
                    if approving {
                        "Rapporten är godkänd och låst."
                    } else {
                        "Rapporten är skickad tillbaka till kontaktpersonen med din kommentar."
                    }
                    .into(),
                )),
                Err(e) if !e.fields.is_empty() => {
                    error.set(Some(comment_error(&e.fields[0].code).into()));
                    general.set(None);
                    focus_soon("review-errors");
                }
                Err(e) if e.status == 409 => {
                    done(Notice::Failed(failure_text(409, &e.code).into()))
                }
                Err(e) => {
                    error.set(None);
                    general.set(Some(failure_text(e.status, &e.code).into()));
                    focus_soon("review-errors");
                }
            }
        });
    };
    let return_it = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = comment.get_untracked();
        if let Err(fields) = validate_return_comment(&text) {
            error.set(Some(comment_error(&fields[0].code).into()));
            general.set(None);
            focus_soon("review-errors");
            return;
        }
        send(Review::Return {
            comment: text.trim().to_string(),
        });
    };
    view! {
        <p>"Godkänn rapporten om den stämmer. Den låses då och ligger till grund för utbetalningen. Stämmer något inte, skicka tillbaka den med en kommentar om vad kontaktpersonen ska ändra."</p>
        <ErrorSummary id="review-errors" title="Rapporten är inte granskad" subsection=true refusal=general
                problems=move || error.get().map(|m| vec![("return-comment".to_string(), m)]).unwrap_or_default()/>
        <div class="actions">
            <button type="button" class="button" aria-disabled=move || busy.get().then_some("true")
                on:click=move |_| send(Review::Approve)>"Godkänn rapporten"</button>
        </div>
        <form novalidate class="narrow" on:submit=return_it aria-labelledby="return-heading">
            <h3 id="return-heading">"Skicka tillbaka för ändring"</h3>
            <div class="form-group" class:form-group-error=move || error.get().is_some()>
                <label class="label" for="return-comment">"Kommentar till kontaktpersonen"</label>
                <p class="hint" id="return-comment-hint">"Vad behöver ändras eller läggas till? Kontaktpersonen ser kommentaren på Mina sidor. Skriv inget känsligt om barnet."</p>
                {move || error_line("return-comment", error.get())}
                <textarea id="return-comment" class="textarea" rows="4"
                    class:input-error=move || error.get().is_some()
                    aria-invalid=move || error.get().map(|_| "true")
                    aria-describedby=move || described("return-comment", error.get().is_some())
                    prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev))>
                </textarea>
            </div>
            <button type="submit" class="button button-secondary" aria-disabled=move || busy.get().then_some("true")>"Skicka tillbaka"</button>
        </form>
    }
}
