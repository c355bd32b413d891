//! One need (`/behov/:reference`): its facts and history; while it is open, the approved contact
//! people ranked for it with the reasons in words, and the form that chooses one (which makes the
//! assignment); once matched, a link to the assignment.

use kp_domain::matching::Ranked;
use kp_domain::need::Need;
use kp_domain::placement::{HistoryEntry, NeedDetail, NeedStatus};
use kp_domain::purpose::Purpose;
use kp_domain::time::display_in_sweden;
use kp_domain::Locale;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use super::placement_form::{
    self as form, build_new_assignment, problem_for, ChoiceDraft, ChoiceInput, FormSave, Problem,
    TextInput,
};
use super::placement_text as words;
use super::routes::CaseworkerRoute;
use super::{text, RequireSignIn};
use crate::api;
use crate::components::error_summary::ErrorSummary;

/// A need's facts as label–text pairs, in reading order; empty ones left out.
pub fn need_facts(need: &Need) -> Vec<(&'static str, String)> {
    let join = |items: Vec<String>| items.join(", ");
    let rows = vec![
        ("Ärende", need.case_reference.clone()),
        (
            "Uppdragstyp",
            text::assignment_type_name(&need.assignment_type).to_string(),
        ),
        ("Födelseår", need.birth_year.to_string()),
        ("Kön", words::gender_name(need.gender).to_string()),
        (
            "Språk",
            join(
                need.languages
                    .iter()
                    .map(|l| text::language_name(l))
                    .collect(),
            ),
        ),
        ("Område", need.area.clone()),
        ("Intressen", need.interests.clone()),
        (
            "Mål",
            join(
                need.goals
                    .iter()
                    .map(|g| words::goal_name(*g).to_string())
                    .collect(),
            ),
        ),
        ("Mer om målen", need.goal_note.clone()),
        (
            "Hur ofta",
            words::frequency_name(need.frequency).to_string(),
        ),
        (
            "Önskade tider",
            if need.times.is_empty() {
                "Ingen önskan".to_string()
            } else {
                join(need.times.iter().map(|t| words::time_name(t)).collect())
            },
        ),
        (
            "Föreslagen av familjen",
            need.suggested_person.clone().unwrap_or_default(),
        ),
        (
            "Behöver kunna köra bil",
            words::yes_no(need.needs_driving).to_string(),
        ),
    ];
    rows.into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .collect()
}

/// The history as a timeline.
pub(super) fn history_view(history: Vec<HistoryEntry>) -> impl IntoView {
    if history.is_empty() {
        return view! { <p class="hint">"Inget registrerat ännu."</p> }.into_any();
    }
    view! {
        <ol class="timeline">
            {history.into_iter().map(|h| view! {
                <li>
                    <p class="timeline-title">{words::history_kind_name(&h.kind)}</p>
                    <p class="timeline-meta">{format!("{} · {}", display_in_sweden(&h.at), h.by)}</p>
                    {(!h.summary.is_empty()).then(|| view! { <p class="timeline-summary">{h.summary}</p> })}
                </li>
            }).collect_view()}
        </ol>
    }
    .into_any()
}

/// The need page.
#[component]
pub fn NeedPage() -> impl IntoView {
    view! { <RequireSignIn><NeedView/></RequireSignIn> }
}

#[component]
fn NeedView() -> impl IntoView {
    let scope = api::RequestScope::here();
    let params = use_params_map();
    let reference = params.with_untracked(|p| p.get("reference").unwrap_or_default());
    crate::dom::set_document_meta(
        Locale::Sv,
        &format!("Behov {reference} – {}", text::PRODUCT),
        "Ett behov och de kontaktpersoner som passar",
    );
    let detail = RwSignal::new(None::<Result<NeedDetail, api::ApiError>>);
    {
        let reference = reference.clone();
        scope
            .spawn(async move { detail.set(Some(api::need(&reference, Purpose::NeedPage).await)) });
    }
    view! {
        {move || match detail.get() {
            None => view! { <p class="status" role="status">"Hämtar behovet …"</p> }.into_any(),
            Some(Err(e)) if e.status == 404 => view! {
                <h1>"Behovet finns inte"</h1>
                <p>"Det finns inget behov med referensen "<strong>{reference.clone()}</strong>"."</p>
                <p><a href=CaseworkerRoute::Needs.href()>"Till alla behov"</a></p>
            }.into_any(),
            Some(Err(_)) => view! {
                <h1>"Behov"</h1>
                <p class="status" role="alert">"Behovet kunde inte hämtas. Ladda om sidan för att försöka igen."</p>
            }.into_any(),
            Some(Ok(d)) => need_view(d).into_any(),
        }}
    }
}

fn need_view(d: NeedDetail) -> impl IntoView {
    let reference = d.row.reference.clone();
    let status = d.row.status;
    let facts = need_facts(&d.need);
    let assignment = d.assignment.clone();
    view! {
        <p class="breadcrumb"><a href=CaseworkerRoute::Needs.href()>"Alla behov"</a></p>
        <h1>{format!("Behov {reference}")}</h1>
        <dl class="facts">
            <div><dt>"Status"</dt><dd><span class=format!("need-status need-status-{}", status.code())>{words::need_status_name(status)}</span></dd></div>
            <div><dt>"Åldersgrupp"</dt><dd>{words::age_group_name(&d.row.age_group)}</dd></div>
            <div><dt>"Registrerat"</dt><dd>{display_in_sweden(&d.row.created_at)}</dd></div>
        </dl>
        {assignment.map(|a| {
            let href = CaseworkerRoute::assignment(a.id).href();
            let ended = a.end_date.map(|e| format!(", avslutat {e}")).unwrap_or_default();
            view! {
                <p class="assignment-link">
                    "Kontaktperson: "<strong>{a.contact_person_name.clone()}</strong>
                    {format!(" sedan {}{ended}. ", a.start_date)}
                    <a href=href>{format!("Till uppdraget för {}", a.contact_person_name)}</a>
                </p>
            }
        })}
        <div class="need-grid">
            <section aria-labelledby="need-facts-heading">
                <h2 id="need-facts-heading">"Uppgifter om behovet"</h2>
                <dl class="answers">
                    {facts.into_iter().map(|(label, value)| view! { <div><dt>{label}</dt><dd>{value}</dd></div> }).collect_view()}
                </dl>
            </section>
            <section aria-labelledby="need-history-heading">
                <h2 id="need-history-heading">"Händelser"</h2>
                {history_view(d.history)}
            </section>
        </div>
        {(status == NeedStatus::Open).then(|| view! { <Matches reference=reference.clone() need=d.need.clone()/> })}
    }
}

/// The ranked candidates and the form that chooses one.
#[component]
fn Matches(reference: String, need: Need) -> impl IntoView {
    let scope = api::RequestScope::here();
    let ranked = RwSignal::new(None::<Result<Vec<Ranked>, api::ApiError>>);
    let chosen = RwSignal::new(None::<(String, String)>);
    // `?kontaktperson=KP-…` (from an approved person's page, "Välj för det här behovet") opens
    // the choice for that person at once, if they are among the candidates.
    let preselect = use_query_map().with_untracked(|q| q.get("kontaktperson"));
    {
        let reference = reference.clone();
        scope.spawn(async move {
            let answer = api::matches(&reference, Purpose::Matching).await;
            let picked = answer.as_ref().ok().and_then(|list| {
                list.iter()
                    .find(|r| preselect.as_deref() == Some(r.reference.as_str()))
                    .map(|r| (r.reference.clone(), r.name.clone()))
            });
            ranked.set(Some(answer));
            if picked.is_some() {
                chosen.set(picked);
                form::focus("choice-reason");
            }
        });
    }
    let draft_key = format!("kp-choice-draft:{reference}");
    let fresh = ChoiceDraft {
        start_date: form::today().to_string(),
        frequency: need.frequency.code().to_string(),
        ..ChoiceDraft::default()
    };
    let draft =
        RwSignal::new(form::load_draft::<ChoiceDraft>(&draft_key).unwrap_or_else(|| fresh.clone()));
    {
        let draft_key = draft_key.clone();
        Effect::new(move |_| draft.with(|d| form::save_draft_against(&draft_key, d, &fresh)));
    }
    let ctx = ChoiceContext {
        need_reference: StoredValue::new(reference),
        draft_key: StoredValue::new(draft_key),
        special: need.assignment_type == "special",
        chosen,
        draft,
        problems: RwSignal::new(Vec::new()),
        refusal: RwSignal::new(None),
        sender: api::Sender::new(),
    };
    view! {
        <section aria-labelledby="matches-heading">
            <h2 id="matches-heading">"Kontaktpersoner som passar"</h2>
            <p class="hint">"Godkända kontaktpersoner för uppdragstypen, den som passar bäst först. Poängen är summan av skälen."</p>
            {move || match ranked.get() {
                None => view! { <p class="status" role="status">"Söker kontaktpersoner …"</p> }.into_any(),
                Some(Err(_)) => view! {
                    <p class="status" role="alert">"Förslagen kunde inte hämtas. Ladda om sidan för att försöka igen."</p>
                }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <p class="status" role="status">"Ingen godkänd kontaktperson finns för den här uppdragstypen ännu."</p>
                }.into_any(),
                Some(Ok(list)) => view! {
                    <ol class="matches">
                        {list.into_iter().map(|r| candidate(r, ctx)).collect_view()}
                    </ol>
                }.into_any(),
            }}
        </section>
    }
}

#[derive(Clone, Copy)]
struct ChoiceContext {
    need_reference: StoredValue<String>,
    draft_key: StoredValue<String>,
    special: bool,
    /// The candidate whose form is open: (reference, name).
    chosen: RwSignal<Option<(String, String)>>,
    draft: RwSignal<ChoiceDraft>,
    problems: RwSignal<Vec<Problem>>,
    refusal: RwSignal<Option<String>>,
    /// The choice form's write (it is drawn again for each chosen person; one write at a time).
    sender: api::Sender,
}

fn candidate(r: Ranked, ctx: ChoiceContext) -> impl IntoView {
    let heading_id = format!("candidate-{}", r.reference);
    let href = CaseworkerRoute::applicant(&r.reference).href();
    let active = words::active_assignments(&r.reasons);
    let is_chosen = {
        let reference = r.reference.clone();
        move || {
            ctx.chosen
                .with(|c| c.as_ref().is_some_and(|(chosen, _)| *chosen == reference))
        }
    };
    let choose = {
        let reference = r.reference.clone();
        let name = r.name.clone();
        move |_| {
            ctx.problems.set(Vec::new());
            ctx.refusal.set(None);
            ctx.chosen.set(Some((reference.clone(), name.clone())));
            form::focus("choice-reason");
        }
    };
    view! {
        <li class="match" class:match-overloaded=r.overloaded>
            <div class="match-head">
                <h3 id=heading_id>{r.name.clone()}</h3>
                <a class="ref-code" href=href>{r.reference.clone()}</a>
                <span class="score">{format!("{} poäng", r.score)}</span>
            </div>
            {r.overloaded.then(|| view! { <p class="overload"><strong>{words::overload_text(active)}</strong></p> })}
            <ul class="reasons">
                {r.reasons.iter().map(|reason| {
                    let plus = reason.positive();
                    let points = reason.points();
                    view! {
                        <li class=if plus { "reason reason-plus" } else { "reason reason-minus" }>
                            <span class="reason-mark" aria-hidden="true">{if plus { "+" } else { "\u{2212}" }}</span>
                            <span class="visually-hidden">{if plus { "Fördel: " } else { "Att tänka på: " }}</span>
                            {words::reason_text(reason)}
                            {(points != 0).then(|| view! { <span class="reason-points">{format!(" ({} p)", words::points_text(points))}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || if is_chosen() {
                choice_form(ctx).into_any()
            } else {
                view! {
                    <button type="button" class="button button-secondary button-small" on:click=choose.clone()>
                        {format!("Välj {}", r.name)}
                    </button>
                }.into_any()
            }}
        </li>
    }
}

fn choice_form(ctx: ChoiceContext) -> impl IntoView {
    let navigate = use_navigate();
    let ChoiceContext {
        draft,
        problems,
        refusal,
        sender,
        chosen,
        special,
        ..
    } = ctx;
    let busy = sender.pending();
    let name = chosen.get_untracked().map(|(_, n)| n).unwrap_or_default();
    let error = move |field: &str| problem_for(problems, field.to_string());
    let value = move |get: fn(&ChoiceDraft) -> &String| {
        Signal::derive(move || draft.with(|d| get(d).clone()))
    };
    let set = move |put: fn(&mut ChoiceDraft, String)| {
        Callback::new(move |v: String| draft.update(|d| put(d, v)))
    };
    let save = FormSave::new(sender, problems, refusal, "choice-errors");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sender.is_pending() {
            return;
        }
        let Some((applicant, _)) = chosen.get_untracked() else {
            return;
        };
        let built =
            draft.with_untracked(|d| build_new_assignment(&applicant, d, special, form::today()));
        let Some(choice) = save.checked(built) else {
            return;
        };
        let navigate = navigate.clone();
        let need_reference = ctx.need_reference.get_value();
        let draft_key = ctx.draft_key.get_value();
        let request = async move { api::create_assignment(&need_reference, &choice).await };
        save.send(request, words::new_assignment_error, move |created| {
            form::clear_draft(&draft_key);
            navigate(
                &CaseworkerRoute::assignment(created.reference).path(),
                Default::default(),
            );
        });
    };
    let cancel = move |_| {
        chosen.set(None);
        problems.set(Vec::new());
        refusal.set(None);
    };
    view! {
        <form class="choice-form" novalidate on:submit=submit aria-label=format!("Välj {name} som kontaktperson")>
            <h4>{format!("Välj {name} som kontaktperson")}</h4>
            <ErrorSummary id="choice-errors" title="Valet kunde inte sparas" refusal=refusal
            problems=move || form::targeted(problems.get(), |f| form::control_id("choice", f)) subsection=true/>
            <TextInput id="choice-reason".into() label="Varför den här kontaktpersonen?"
                hint="Skälet sparas med uppdraget, till exempel gemensamt språk eller intressen."
                value=value(|d| &d.reason) on_input=set(|d, v| d.reason = v)
                error=error("reason") multiline=true maxlength=kp_domain::assignment::limits::REASON/>
            <TextInput id="choice-start_date".into() label="Första dag" kind="date" class="input input-date"
                value=value(|d| &d.start_date) on_input=set(|d, v| d.start_date = v) error=error("start_date")/>
            <ChoiceInput id="choice-frequency".into() legend="Hur ofta ska de träffas?"
                hint="Avgör ersättningens nivå."
                options=kp_domain::compensation::Frequency::ALL.iter().map(|f| (f.code().to_string(), words::frequency_name(*f).to_string())).collect()
                selected=Signal::derive(move || draft.with(|d| vec![d.frequency.clone()]))
                on_change=Callback::new(move |(code, on): (String, bool)| if on { draft.update(|d| d.frequency = code) })
                error=error("frequency")/>
            {special.then(|| view! {
                <TextInput id="choice-special_arvode".into() label="Arvode, kronor per månad"
                    hint="Det arvode som har beslutats för det här särskilt kvalificerade uppdraget."
                    value=value(|d| &d.special_arvode) on_input=set(|d, v| d.special_arvode = v)
                    error=error("special_arvode") class="input width-10" inputmode="numeric" maxlength=12/>
                <TextInput id="choice-special_omkostnad".into() label="Omkostnadsersättning, kronor per månad"
                    value=value(|d| &d.special_omkostnad) on_input=set(|d, v| d.special_omkostnad = v)
                    error=error("special_omkostnad") class="input width-10" inputmode="numeric" maxlength=12/>
            })}
            <div class="actions">
                <button type="submit" class="button" prop:disabled=move || busy.get()>
                    {move || if busy.get() { "Sparar …" } else { "Skapa uppdraget" }}
                </button>
                <button type="button" class="link-button" on:click=cancel>"Avbryt"</button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kp_domain::compensation::Frequency;
    use kp_domain::need::{Gender, NeedGoal};

    #[test]
    fn a_needs_facts_read_as_swedish_and_skip_what_was_left_empty() {
        let need = Need {
            case_reference: "IFO-2026-1234".into(),
            birth_year: 2012,
            gender: Gender::Boy,
            languages: vec!["prs".into(), "sv".into()],
            area: "Centrum".into(),
            district: None,
            interests: String::new(),
            goals: vec![NeedGoal::WiderNetwork, NeedGoal::LanguageAndSociety],
            goal_note: String::new(),
            assignment_type: "unaccompanied".into(),
            frequency: Frequency::Weekly,
            times: vec!["evenings".into()],
            suggested_person: None,
            needs_driving: false,
        };
        let facts = need_facts(&need);
        let get = |label: &str| {
            facts
                .iter()
                .find(|(l, _)| *l == label)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(get("Språk"), Some("dari, svenska"));
        assert_eq!(
            get("Mål"),
            Some("Ett större socialt nätverk, Svenska språket och samhället")
        );
        assert_eq!(get("Kön"), Some("Pojke"));
        assert_eq!(get("Önskade tider"), Some("kvällar"));
        assert_eq!(get("Intressen"), None);
        assert_eq!(get("Föreslagen av familjen"), None);
    }
}
