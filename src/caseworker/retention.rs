//! Gallring (`/handlaggare/gallring`, administrators): what the next 30 days remove (or up to a
//! chosen day), each applicant and assignment linked so a caseworker can act before it happens;
//! the rules with the decisions they rest on; holds; and the gallring records.

use chrono::NaiveDate;
use kp_domain::purpose::Purpose;
use kp_domain::retention::report::{Hold, Preview, PreviewCategory, RetentionOverview};
use kp_domain::retention::{Category, RetentionRule};
use leptos::prelude::*;

use super::accounts::{is_admin, OnlyAdministrators};
use super::notice::{Notice, NoticeRegion};
use super::retention_forms::{NewHoldForm, RuleEditor};
use super::retention_text::{count_text, counted_from, failure_text, item_href, started_by_text};
use super::routes::CaseworkerRoute;
use super::{text, RequireSignIn};
use crate::api;
use crate::dom::focus_soon;
use kp_domain::time::display_in_sweden_seconds;

/// The preview's "until" field's problem.
const UNTIL_ERROR: &str = "Skriv ett datum som 2026-12-31, från i dag och högst tio år fram.";

/// The retention page.
#[component]
pub fn RetentionPage() -> impl IntoView {
    view! { <RequireSignIn><RetentionContent/></RequireSignIn> }
}

#[component]
fn RetentionContent() -> impl IntoView {
    let scope = api::RequestScope::here();
    crate::dom::set_document_meta(
        kp_domain::Locale::Sv,
        &format!("Gallring – {}", text::PRODUCT),
        "Regler för gallring, kommande gallring, spärrar och genomförd gallring",
    );
    if !is_admin() {
        return view! { <OnlyAdministrators heading="Gallring"/> }.into_any();
    }
    let overview = RwSignal::new(None::<Result<RetentionOverview, api::ApiError>>);
    let preview = RwSignal::new(None::<Result<Preview, api::ApiError>>);
    let until = RwSignal::new(None::<NaiveDate>);
    let notice = RwSignal::new(None::<Notice>);
    let editing = RwSignal::new(None::<Category>);
    // The hold being released (its button shows it); one release at a time.
    let sender = api::Sender::new();
    let releasing = RwSignal::new(None::<i64>);
    let reload = move || {
        scope.spawn(async move {
            overview.set(Some(api::retention(Purpose::Retention).await));
            preview.set(Some(
                api::retention_preview(until.get_untracked(), Purpose::RetentionPreview).await,
            ));
        })
    };
    reload();
    let rule_saved = move |message: String| {
        notice.set(Some(Notice::Done(message)));
        reload();
        focus_soon("retention-notice");
    };
    let release = move |hold: Hold| {
        if sender.is_pending() {
            return;
        }
        releasing.set(Some(hold.id));
        notice.set(None);
        sender.send(async move {
            let result = api::release_hold(hold.id).await;
            releasing.set(None);
            notice.set(Some(match result {
                Ok(()) => Notice::Done(format!(
                    "Spärren för {} är hävd. Det som är förfallet gallras vid nästa körning.",
                    hold.reference
                )),
                Err(e) => Notice::Failed(failure_text(e.status, &e.code).into()),
            }));
            reload();
            focus_soon("retention-notice");
        });
    };
    view! {
        <h1>"Gallring"</h1>
        <p class="lead-small">"Uppgifter gallras automatiskt varje natt klockan 03 enligt reglerna nedan. Det som gallras tas bort helt, med allt som hör till. Kvar blir en anteckning om vad som gallrades, hur mycket och enligt vilken regel, utan personuppgifter."</p>
        <NoticeRegion id="retention-notice" notice=notice/>
        <PreviewSection preview=preview until=until/>
        <section aria-labelledby="rules-heading" class="admin-section">
            <h2 id="rules-heading">"Regler"</h2>
            {move || match overview.get() {
                None => view! { <p class="status" role="status">"Hämtar reglerna …"</p> }.into_any(),
                Some(Err(_)) => view! { <p class="status" role="alert">"Gallringen kunde inte hämtas. Ladda om sidan för att försöka igen."</p> }.into_any(),
                Some(Ok(data)) => rules_table(data.rules, editing, rule_saved).into_any(),
            }}
        </section>
        <section aria-labelledby="holds-heading" class="admin-section">
            <h2 id="holds-heading">"Spärrar mot gallring"</h2>
            <p class="lead-small">"En spärr hindrar att en sökande och deras uppdrag gallras, till exempel under ett överklagande, ett klagomål eller en JO-anmälan. Spärren gäller tills den hävs."</p>
            <NewHoldForm notice=notice placed=reload/>
            {move || overview.get().and_then(Result::ok).map(|data| holds_table(data.holds, releasing, release))}
        </section>
        <section aria-labelledby="records-heading" class="admin-section">
            <h2 id="records-heading">"Genomförd gallring"</h2>
            {move || overview.get().and_then(Result::ok).map(records_table)}
        </section>
    }
    .into_any()
}

/// What falls due from today to the chosen day (30 days ahead unless another is asked for).
#[component]
fn PreviewSection(
    preview: RwSignal<Option<Result<Preview, api::ApiError>>>,
    until: RwSignal<Option<NaiveDate>>,
) -> impl IntoView {
    let scope = api::RequestScope::here();
    let typed = RwSignal::new(String::new());
    let error = RwSignal::new(None::<&'static str>);
    let show = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = typed.get_untracked();
        let day = match text.trim() {
            "" => None,
            t => match t.parse::<NaiveDate>() {
                Ok(day) => Some(day),
                Err(_) => {
                    error.set(Some(UNTIL_ERROR));
                    focus_soon("preview-until");
                    return;
                }
            },
        };
        error.set(None);
        until.set(day);
        scope.spawn(async move {
            let answer = api::retention_preview(day, Purpose::RetentionPreview).await;
            if matches!(&answer, Err(e) if e.code == "invalid_until") {
                error.set(Some(UNTIL_ERROR));
                focus_soon("preview-until");
                return;
            }
            preview.set(Some(answer));
        });
    };
    view! {
        <section aria-labelledby="preview-heading" class="admin-section">
            <h2 id="preview-heading">"Kommande gallring"</h2>
            <form class="filters" novalidate on:submit=show aria-label="Visa kommande gallring">
                <div class="form-group" class:form-group-error=move || error.get().is_some()>
                    <label class="label" for="preview-until">"Visa till och med"</label>
                    <p class="hint" id="preview-until-hint">"Ett datum högst tio år fram. Tomt: de närmaste 30 dagarna."</p>
                    {move || error.get().map(|m| view! {
                        <p class="field-error" id="preview-until-error"><span class="visually-hidden">"Fel: "</span>{m}</p>
                    })}
                    <input id="preview-until" class="input input-date" type="date"
                        aria-invalid=move || error.get().map(|_| "true")
                        aria-describedby=move || if error.get().is_some() { "preview-until-hint preview-until-error" } else { "preview-until-hint" }
                        prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev))/>
                </div>
                <button type="submit" class="button button-secondary">"Visa"</button>
            </form>
            {move || match preview.get() {
                None => view! { <p class="status" role="status">"Räknar ut vad som gallras …"</p> }.into_any(),
                Some(Err(_)) => view! { <p class="status" role="alert">"Förhandsvisningen kunde inte hämtas. Försök igen."</p> }.into_any(),
                Some(Ok(p)) => view! {
                    <p role="status">{format!("Det här gallras från i dag till och med {}, med reglerna som gäller nu.", p.until)}</p>
                    {p.categories.into_iter().map(preview_category).collect_view()}
                }.into_any(),
            }}
        </section>
    }
}

fn preview_category(category: PreviewCategory) -> impl IntoView {
    let code = category.rule.category.code();
    let heading = format!("preview-{code}");
    let name = category.rule.category.swedish();
    let summary = match category.count {
        0 if category.items.is_empty() => "Inget gallras.".to_string(),
        _ => format!(
            "{} gallras ({}).",
            count_text(category.rule.category, category.count),
            category.rule.period().swedish()
        ),
    };
    let items = category.items;
    view! {
        <div class="compensation-year">
            <h3 id=heading.clone()>{name}</h3>
            <p>{summary}</p>
            {(!items.is_empty()).then(|| view! {
                <div class="table-scroll" role="region" aria-labelledby=heading.clone() tabindex="0">
                    <table class="dense">
                        <caption class="visually-hidden">{format!("Gallras: {name}")}</caption>
                        <thead><tr>
                            <th scope="col">"Referens"</th>
                            <th scope="col">"Gallras"</th>
                            <th scope="col">"Spärr"</th>
                        </tr></thead>
                        <tbody>
                            {items.into_iter().map(|item| {
                                let href = item_href(&item);
                                view! {
                                    <tr>
                                        <th scope="row"><a href=href class="ref-code">{item.reference.clone()}</a></th>
                                        <td class="nowrap">{item.due.to_string()}</td>
                                        <td>{if item.held { "Spärrad – gallras inte" } else { "–" }}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
        </div>
    }
}

fn rules_table<F: Fn(String) + Copy + Send + Sync + 'static>(
    rules: Vec<RetentionRule>,
    editing: RwSignal<Option<Category>>,
    saved: F,
) -> impl IntoView {
    view! {
        <div class="table-scroll" role="region" aria-labelledby="rules-heading" tabindex="0">
            <table class="dense">
                <thead><tr>
                    <th scope="col">"Uppgifter"</th>
                    <th scope="col">"Gallras efter"</th>
                    <th scope="col">"Räknas"</th>
                    <th scope="col">"Beslut"</th>
                    <th scope="col">"Ändrad"</th>
                    <th scope="col">"Åtgärd"</th>
                </tr></thead>
                <tbody>
                    {rules.into_iter().map(|rule| {
                        let category = rule.category;
                        let name = category.swedish();
                        let changed = match (&rule.changed_at, &rule.changed_by) {
                            (Some(at), Some(by)) => format!("{} av {by}", display_in_sweden_seconds(at)),
                            _ => "Standardvärde".to_string(),
                        };
                        let open = move || editing.get() == Some(category);
                        let editor_rule = rule.clone();
                        view! {
                            <tr>
                                <th scope="row">{name}</th>
                                <td class="nowrap">{rule.period().swedish()}</td>
                                <td>{counted_from(category)}</td>
                                <td>{rule.decision.clone()}</td>
                                <td>{changed}</td>
                                <td>
                                    <button type="button" class="button button-secondary button-small"
                                        id=format!("edit-{}", category.code())
                                        aria-label=format!("Ändra: {name}")
                                        aria-expanded=move || if open() { "true" } else { "false" }
                                        on:click=move |_| {
                                            if editing.get_untracked() == Some(category) {
                                                editing.set(None);
                                            } else {
                                                editing.set(Some(category));
                                                focus_soon("rule-amount");
                                            }
                                        }>"Ändra"</button>
                                </td>
                            </tr>
                            {move || open().then(|| view! {
                                <tr><td colspan="6"><RuleEditor rule=editor_rule.clone() editing=editing done=saved/></td></tr>
                            })}
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

fn holds_table<F: Fn(Hold) + Copy + Send + Sync + 'static>(
    holds: Vec<Hold>,
    releasing: RwSignal<Option<i64>>,
    release: F,
) -> AnyView {
    if holds.is_empty() {
        return view! { <p>"Inga spärrar."</p> }.into_any();
    }
    view! {
        <div class="table-scroll" role="region" aria-labelledby="holds-heading" tabindex="0">
            <table class="dense">
                <thead><tr>
                    <th scope="col">"Sökande"</th>
                    <th scope="col">"Skäl"</th>
                    <th scope="col">"Lagd"</th>
                    <th scope="col">"Status"</th>
                    <th scope="col">"Åtgärd"</th>
                </tr></thead>
                <tbody>
                    {holds.into_iter().map(|hold| {
                        let id = hold.id;
                        let reference = hold.reference.clone();
                        let status = match (&hold.released_at, &hold.released_by) {
                            (Some(at), Some(by)) => format!("Hävd {} av {by}", display_in_sweden_seconds(at)),
                            _ => "Gäller".to_string(),
                        };
                        let in_force = hold.released_at.is_none();
                        let placed = format!("{} av {}", display_in_sweden_seconds(&hold.placed_at), hold.placed_by);
                        let subject = hold.clone();
                        view! {
                            <tr>
                                <th scope="row"><a class="ref-code" href=CaseworkerRoute::applicant(&reference).href()>{reference.clone()}</a></th>
                                <td class="pre">{hold.reason.clone()}</td>
                                <td>{placed}</td>
                                <td>{status}</td>
                                <td>{in_force.then(|| view! {
                                    <button type="button" class="button button-secondary button-small"
                                        aria-label=format!("Häv spärren: {reference}")
                                        aria-disabled=move || (releasing.get() == Some(id)).then_some("true")
                                        on:click=move |_| release(subject.clone())>"Häv spärren"</button>
                                })}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

fn records_table(data: RetentionOverview) -> AnyView {
    if data.records.is_empty() {
        return view! { <p>"Ingen gallring har gjorts ännu."</p> }.into_any();
    }
    view! {
        <div class="table-scroll" role="region" aria-labelledby="records-heading" tabindex="0">
            <table class="dense">
                <thead><tr>
                    <th scope="col">"När"</th>
                    <th scope="col">"Uppgifter"</th>
                    <th scope="col" class="number">"Antal"</th>
                    <th scope="col">"Regel"</th>
                    <th scope="col">"Beslut"</th>
                    <th scope="col">"Startad av"</th>
                </tr></thead>
                <tbody>
                    {data.records.into_iter().map(|r| {
                        let period = kp_domain::retention::Period { amount: r.amount, unit: r.unit };
                        view! {
                            <tr>
                                <td class="nowrap">{display_in_sweden_seconds(&r.at)}</td>
                                <th scope="row">{r.category.swedish()}</th>
                                <td class="number">{r.removed}</td>
                                <td>{format!("{} (per {})", period.swedish(), r.as_of)}</td>
                                <td>{r.decision.clone()}</td>
                                <td>{started_by_text(r.started_by)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
