//! One assignment (`/uppdrag/:id`): the facts, the plan (written here, and changed with the same
//! form, including when follow-ups are held), the terms over time with the form that changes them
//! from a date, the follow-up schedule with the held ones ticked and the form for a held
//! follow-up that assesses each of the plan's goals, the ending with a confirmation step, and the
//! history.
//!
//! Each form keeps what is typed in this tab's `sessionStorage` until it is saved, and the page
//! keeps it while the assignment is fetched again after a save, so nothing typed is lost.

use chrono::NaiveDate;
use kp_domain::assignment::{limits, EndedBy, FollowUpRule, GoalProgress, Plan};
use kp_domain::compensation::{Frequency, Terms};
use kp_domain::i18n::format_kronor;
use kp_domain::placement::AssignmentDetail;
use kp_domain::purpose::Purpose;
use kp_domain::Locale;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use super::need::history_view;
use super::placement_form::{
    self as form, build_ending, build_follow_up, build_plan, build_terms_change, empty_plan,
    ending_target, follow_up_overdue, follow_up_target, plan_target, problem_for, schedule_rows,
    terms_target, ChoiceInput, EndingDraft, FollowUpDraft, Problem, Scheduled, TermsDraft,
    TextInput,
};
use super::placement_text as words;
use super::routes::CaseworkerRoute;
use super::{text, RequireSignIn};
use crate::api;
use crate::components::error_summary::ErrorSummary;

/// The assignment page.
#[component]
pub fn AssignmentPage() -> impl IntoView {
    view! { <RequireSignIn><AssignmentView/></RequireSignIn> }
}

/// The text for a scheduled follow-up: "2026-03-01 – genomförd".
pub fn scheduled_text(date: NaiveDate, state: Scheduled) -> String {
    let word = match state {
        Scheduled::Held => "genomförd",
        Scheduled::Overdue => "försenad",
        Scheduled::Upcoming => "planerad",
    };
    format!("{date} – {word}")
}

/// A plan goal's assessment in a held follow-up: "Mål 2 (Fler vänner): Närmare målet".
pub fn assessment_text(plan: Option<&Plan>, goal: usize, progress: GoalProgress) -> String {
    let text = plan
        .and_then(|p| p.goals.get(goal))
        .map(|g| format!(" ({})", g.text))
        .unwrap_or_default();
    format!("Mål {}{text}: {}", goal + 1, words::progress_name(progress))
}

fn fresh_follow_up() -> FollowUpDraft {
    FollowUpDraft {
        date: form::today().to_string(),
        ..FollowUpDraft::default()
    }
}

fn fresh_ending() -> EndingDraft {
    EndingDraft {
        date: form::today().to_string(),
        ..EndingDraft::default()
    }
}

/// What the page keeps while the assignment is fetched again after a save.
#[derive(Clone, Copy)]
struct PageState {
    id: StoredValue<String>,
    detail: RwSignal<Option<Result<AssignmentDetail, api::ApiError>>>,
    /// Whether the drafts have been set up from the first answer.
    ready: StoredValue<bool>,
    plan: RwSignal<Plan>,
    /// The plan as saved (or the empty form): the draft is kept while it differs.
    plan_baseline: RwSignal<Plan>,
    editing_plan: RwSignal<bool>,
    plan_problems: RwSignal<Vec<Problem>>,
    plan_refusal: RwSignal<Option<String>>,
    follow_up: RwSignal<FollowUpDraft>,
    follow_up_problems: RwSignal<Vec<Problem>>,
    follow_up_refusal: RwSignal<Option<String>>,
    terms: RwSignal<TermsDraft>,
    terms_problems: RwSignal<Vec<Problem>>,
    terms_refusal: RwSignal<Option<String>>,
    ending: RwSignal<EndingDraft>,
    ending_problems: RwSignal<Vec<Problem>>,
    ending_refusal: RwSignal<Option<String>>,
    confirming: RwSignal<bool>,
    /// The one task whose form is open, if any: the page shows the assignment at a glance and
    /// opens one task at a time.
    open: RwSignal<Option<Task>>,
    /// The section that was just saved, and what to say.
    saved: RwSignal<Option<(&'static str, String)>>,
    busy: RwSignal<bool>,
    /// The page's reads, which end with it.
    scope: api::RequestScope,
}

impl PageState {
    fn key(self, form: &str) -> String {
        format!("kp-{form}-draft:{}", self.id.get_value())
    }

    fn reload(self) {
        let id = self.id.get_value();
        self.scope.spawn(async move {
            let answer = api::assignment(&id, Purpose::AssignmentPage).await;
            self.detail.set(Some(answer));
        });
    }

    /// Sets the drafts up from the first answer: a kept draft wins over what is saved.
    fn prepare(self, d: &AssignmentDetail) {
        if self.ready.get_value() {
            return;
        }
        self.ready.set_value(true);
        let baseline = d
            .plan
            .clone()
            .unwrap_or_else(|| empty_plan(&d.row.assignment_type));
        self.plan_baseline.set(baseline.clone());
        match form::load_draft::<Plan>(&self.key("plan")) {
            Some(draft) if draft != baseline => {
                self.plan.set(draft);
                self.editing_plan.set(true);
            }
            _ => self.plan.set(baseline),
        }
        // A task with a kept draft opens again, so nothing typed is hidden (the last one wins).
        if let Some(draft) = form::load_draft::<FollowUpDraft>(&self.key("follow-up")) {
            self.follow_up.set(draft);
            self.open.set(Some(Task::FollowUp));
        }
        if let Some(draft) = form::load_draft::<TermsDraft>(&self.key("terms")) {
            self.terms.set(draft);
            self.open.set(Some(Task::Terms));
        }
        if let Some(draft) = form::load_draft::<EndingDraft>(&self.key("ending")) {
            self.ending.set(draft);
            self.open.set(Some(Task::Ending));
        }
    }
}

#[component]
fn AssignmentView() -> impl IntoView {
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").unwrap_or_default());
    crate::dom::set_document_meta(
        Locale::Sv,
        &format!("Uppdrag – {}", text::PRODUCT),
        "Ett uppdrag med plan, uppföljningar och avslut",
    );
    let state = PageState {
        scope: api::RequestScope::here(),
        id: StoredValue::new(id.clone()),
        detail: RwSignal::new(None),
        ready: StoredValue::new(false),
        plan: RwSignal::new(Plan::default()),
        plan_baseline: RwSignal::new(Plan::default()),
        editing_plan: RwSignal::new(false),
        plan_problems: RwSignal::new(Vec::new()),
        plan_refusal: RwSignal::new(None),
        follow_up: RwSignal::new(fresh_follow_up()),
        follow_up_problems: RwSignal::new(Vec::new()),
        follow_up_refusal: RwSignal::new(None),
        terms: RwSignal::new(TermsDraft::default()),
        terms_problems: RwSignal::new(Vec::new()),
        terms_refusal: RwSignal::new(None),
        ending: RwSignal::new(fresh_ending()),
        ending_problems: RwSignal::new(Vec::new()),
        ending_refusal: RwSignal::new(None),
        confirming: RwSignal::new(false),
        open: RwSignal::new(None),
        saved: RwSignal::new(None),
        busy: RwSignal::new(false),
    };
    state.reload();
    Effect::new(move |_| {
        let plan = state.plan.get();
        if state.ready.get_value() {
            form::save_draft_against(&state.key("plan"), &plan, &state.plan_baseline.get());
        }
    });
    Effect::new(move |_| {
        let draft = state.follow_up.get();
        if state.ready.get_value() {
            form::save_draft_against(&state.key("follow-up"), &draft, &fresh_follow_up());
        }
    });
    Effect::new(move |_| {
        let draft = state.terms.get();
        if state.ready.get_value() {
            form::save_draft_against(&state.key("terms"), &draft, &TermsDraft::default());
        }
    });
    Effect::new(move |_| {
        let draft = state.ending.get();
        if state.ready.get_value() {
            form::save_draft_against(&state.key("ending"), &draft, &fresh_ending());
        }
    });
    view! {
        {move || match state.detail.get() {
            None => view! { <p class="status" role="status">"Hämtar uppdraget …"</p> }.into_any(),
            Some(Err(e)) if e.status == 404 => view! {
                <h1>"Uppdraget finns inte"</h1>
                <p>"Det finns inget uppdrag med nummer "<strong>{id.clone()}</strong>"."</p>
                <p><a href=CaseworkerRoute::Assignments.href()>"Till alla uppdrag"</a></p>
            }.into_any(),
            Some(Err(_)) => view! {
                <h1>"Uppdrag"</h1>
                <p class="status" role="alert">"Uppdraget kunde inte hämtas. Ladda om sidan för att försöka igen."</p>
            }.into_any(),
            Some(Ok(d)) => {
                state.prepare(&d);
                assignment_view(d, state).into_any()
            }
        }}
    }
}

/// The tasks of an assignment that open a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Task {
    FollowUp,
    Terms,
    Ending,
}

impl Task {
    fn code(self) -> &'static str {
        match self {
            Task::FollowUp => "follow-up",
            Task::Terms => "terms",
            Task::Ending => "ending",
        }
    }

    /// The button that opens (and closes) the task's form.
    fn label(self) -> &'static str {
        match self {
            Task::FollowUp => "Registrera en uppföljning",
            Task::Terms => "Ändra villkor eller ersättning",
            Task::Ending => "Avsluta uppdraget …",
        }
    }
}

/// A disclosure button and, while it is open, the task's form. Opening one task closes any
/// other, so the page is the assignment at a glance with at most one form open.
fn task_toggle<V: IntoView + 'static>(
    state: PageState,
    task: Task,
    form: impl Fn() -> V + Send + Sync + 'static,
) -> impl IntoView {
    let region = format!("task-{}", task.code());
    let open = move || state.open.get() == Some(task);
    view! {
        <button type="button" class="button button-secondary task-toggle"
            aria-expanded=move || open().to_string() aria-controls=region.clone()
            on:click=move |_| state.open.update(|t| *t = if *t == Some(task) { None } else { Some(task) })>
            {task.label()}
        </button>
        <div id=region class="task-form">{move || open().then(&form)}</div>
    }
}

fn saved_message(state: PageState, section: &'static str) -> impl IntoView {
    move || {
        state
            .saved
            .get()
            .filter(|(s, _)| *s == section)
            .map(|(_, message)| {
                view! { <p class="success-message" id=format!("{section}-saved") tabindex="-1" role="status">{message}</p> }
            })
    }
}

fn period_facts(start: NaiveDate, end: Option<NaiveDate>, today: NaiveDate) -> impl IntoView {
    words::period_words(start, end, today)
        .into_iter()
        .map(|(term, value)| view! { <div><dt>{term}</dt><dd>{value}</dd></div> })
        .collect_view()
}

fn assignment_view(d: AssignmentDetail, state: PageState) -> impl IntoView {
    let today = form::today();
    let row = d.row.clone();
    let name = row.contact_person_name.clone();
    let ended = row.end_date.is_some();
    if let Some((section, _)) = state.saved.get_untracked() {
        form::focus(format!("{section}-saved"));
    }
    crate::dom::set_document_meta(
        Locale::Sv,
        &format!("Uppdrag {}: {} – {}", row.reference(), name, text::PRODUCT),
        "Ett uppdrag med plan, uppföljningar och avslut",
    );
    let next = match (row.next_follow_up, row.end_date) {
        (_, Some(_)) => view! { <span>"–"</span> }.into_any(),
        (None, None) => view! { <span>"Ingen planerad"</span> }.into_any(),
        (Some(date), end) if follow_up_overdue(Some(date), end, today) => {
            view! { <strong class="overdue">{date.to_string()}" – försenad"</strong> }.into_any()
        }
        (Some(date), _) => view! { <span>{date.to_string()}</span> }.into_any(),
    };
    let amounts = d.special_amounts.map(|(arvode, omkostnad)| {
        format!(
            "Arvode {} och omkostnad {} per månad",
            format_kronor(Locale::Sv, arvode),
            format_kronor(Locale::Sv, omkostnad)
        )
    });
    let rule = d
        .plan
        .as_ref()
        .map(|p| p.follow_up_rule)
        .unwrap_or_default();
    let held: Vec<NaiveDate> = d.follow_ups.iter().map(|f| f.follow_up.date).collect();
    let schedule = schedule_rows(&d.schedule, &held, today);
    let plan = d.plan.clone();
    view! {
        <p class="breadcrumb"><a href=CaseworkerRoute::Assignments.href()>"Alla uppdrag"</a></p>
        <h1>"Uppdrag "<span class="ref-code">{row.reference()}</span>{format!(": {name}")}</h1>
        <dl class="facts">
            <div><dt>"Kontaktperson"</dt><dd>{name.clone()}" "
                <a class="ref-code" href=CaseworkerRoute::applicant(&row.contact_person_reference).href()>{row.contact_person_reference.clone()}</a></dd></div>
            <div><dt>"Behov"</dt><dd><a class="ref-code" href=CaseworkerRoute::need(&row.need_reference).href()>{row.need_reference.clone()}</a></dd></div>
            <div><dt>"Ärende"</dt><dd>{d.need.case_reference.clone()}</dd></div>
            <div><dt>"Uppdragstyp"</dt><dd>{text::assignment_type_name(&row.assignment_type)}</dd></div>
            <div><dt>"Hur ofta"</dt><dd>{words::frequency_name(row.frequency)}</dd></div>
            {period_facts(row.start_date, row.end_date, today)}
            <div><dt>"Nästa uppföljning"</dt><dd>{next}</dd></div>
            {amounts.map(|a| view! { <div><dt>"Ersättning"</dt><dd>{a}</dd></div> })}
        </dl>
        <p class="match-reason"><strong>{format!("Varför {name} valdes: ")}</strong>{d.match_reason.clone()}</p>

        <section aria-labelledby="plan-heading" class="assignment-section">
            <h2 id="plan-heading">"Genomförandeplan"</h2>
            {saved_message(state, "plan")}
            {plan_section(plan.clone(), row.assignment_type.clone(), ended, state)}
        </section>

        <section aria-labelledby="terms-heading" class="assignment-section">
            <h2 id="terms-heading">"Villkor och ersättning"</h2>
            {saved_message(state, "terms")}
            {terms_table(&d.terms)}
            {(!ended).then(|| {
                let (kind, terms) = (row.assignment_type.clone(), d.terms.clone());
                task_toggle(state, Task::Terms, move || terms_form(kind.clone(), terms.clone(), state))
            })}
        </section>

        <section aria-labelledby="follow-ups-heading" class="assignment-section">
            <h2 id="follow-ups-heading">"Uppföljningar"</h2>
            {saved_message(state, "follow-up")}
            <h3>"Plan för uppföljning"</h3>
            <p class="hint">{words::follow_up_rule_text(rule)}" "{if d.plan.is_some() { "Det ändras i planen." } else { "Det kan ändras när planen skrivs." }}</p>
            {if schedule.is_empty() {
                view! { <p>"Ingen uppföljning är planerad ännu."</p> }.into_any()
            } else {
                view! {
                    <ul class="schedule">
                        {schedule.into_iter().map(|(date, state)| {
                            let class = match state {
                                Scheduled::Held => "held",
                                Scheduled::Overdue => "overdue",
                                Scheduled::Upcoming => "upcoming",
                            };
                            view! { <li class=class>{scheduled_text(date, state)}</li> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <h3>"Genomförda uppföljningar"</h3>
            {if d.follow_ups.is_empty() {
                view! { <p>"Ingen uppföljning är registrerad ännu."</p> }.into_any()
            } else {
                let plan = plan.clone();
                view! {
                    <ol class="held-follow-ups">
                        {d.follow_ups.iter().map(|f| {
                            let plan = plan.clone();
                            view! {
                                <li>
                                    <p class="timeline-title">{format!("Uppföljning {}", f.follow_up.date)}</p>
                                    <p class="timeline-meta">{format!("Registrerad {} · {}", kp_domain::time::display_in_sweden(&f.at), f.by)}</p>
                                    <p class="pre">{f.follow_up.notes.clone()}</p>
                                    {(!f.follow_up.assessments.is_empty()).then(|| view! {
                                        <ul class="assessments">
                                            {f.follow_up.assessments.iter().map(|a| view! {
                                                <li>{assessment_text(plan.as_ref(), a.goal, a.progress)}</li>
                                            }).collect_view()}
                                        </ul>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
            {
                let (plan, start) = (plan.clone(), row.start_date);
                task_toggle(state, Task::FollowUp, move || follow_up_form(plan.clone(), start, ended, state))
            }
        </section>

        <super::assignment_reports::AssignmentReports id=row.id/>
        <super::assignment_messages::AssignmentMessages id=row.id.to_string() contact_person=name.clone()/>

        <section aria-labelledby="ending-heading" class="assignment-section">
            <h2 id="ending-heading">{if ended { "Avslut" } else { "Avsluta uppdraget" }}</h2>
            {saved_message(state, "ending")}
            {match d.ending.clone() {
                Some(e) => view! {
                    <dl class="answers">
                        <div><dt>"Sista dag"</dt><dd>{e.date.to_string()}</dd></div>
                        <div><dt>"Varför"</dt><dd>{e.reason}</dd></div>
                        <div><dt>"Initiativ"</dt><dd>{words::ended_by_name(e.initiated_by)}</dd></div>
                        <div><dt>"Vill fortsätta som kontaktperson"</dt><dd>{words::yes_no(e.contact_person_continues)}</dd></div>
                    </dl>
                }.into_any(),
                None => {
                    let (name, start) = (name.clone(), row.start_date);
                    task_toggle(state, Task::Ending, move || ending_form(name.clone(), start, state)).into_any()
                }
            }}
        </section>

        <section aria-labelledby="history-heading" class="assignment-section">
            <h2 id="history-heading">"Händelser"</h2>
            {history_view(d.history)}
        </section>
    }
}

fn plan_section(
    plan: Option<Plan>,
    assignment_type: String,
    ended: bool,
    state: PageState,
) -> impl IntoView {
    let has_plan = plan.is_some();
    move || match (&plan, state.editing_plan.get()) {
        (Some(p), false) => {
            let edit = move |_| {
                state.plan_problems.set(Vec::new());
                state.plan_refusal.set(None);
                state.saved.set(None);
                state.editing_plan.set(true);
                form::focus("plan-goals-0-text");
            };
            view! {
                {plan_view(p)}
                {(!ended).then(|| view! {
                    <button type="button" class="button button-secondary" on:click=edit>"Ändra planen"</button>
                })}
            }
            .into_any()
        }
        (None, _) if ended => view! { <p>"Ingen plan skrevs för uppdraget."</p> }.into_any(),
        _ => plan_form(assignment_type.clone(), has_plan, state).into_any(),
    }
}

fn plan_view(p: &Plan) -> impl IntoView {
    view! {
        <h3>"Mål"</h3>
        <ol class="plan-goals">
            {p.goals.iter().map(|g| view! {
                <li>
                    <p class="goal-text">{g.text.clone()}</p>
                    <p><span class="inline-label">"Det märks genom: "</span>{g.how_noticed.clone()}</p>
                </li>
            }).collect_view()}
        </ol>
        <h3>"Aktiviteter"</h3>
        <p class="pre">{if p.activities.is_empty() { "Inga angivna.".to_string() } else { p.activities.clone() }}</p>
        <h3>"Kontakter"</h3>
        {if p.contacts.is_empty() {
            view! { <p>"Inga angivna."</p> }.into_any()
        } else {
            view! {
                <table class="dense plan-contacts">
                    <thead><tr><th scope="col">"Vem"</th><th scope="col">"Hur ofta"</th></tr></thead>
                    <tbody>
                        {p.contacts.iter().map(|c| view! { <tr><td>{c.who.clone()}</td><td>{c.how_often.clone()}</td></tr> }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        <h3>"Uppföljning"</h3>
        <p>{words::follow_up_rule_text(p.follow_up_rule)}</p>
        {p.special.clone().map(|s| view! {
            <h3>"Överenskommet stöd"</h3>
            <p class="pre">{s.agreed_support}</p>
            <h3>"Kontakter med skola och myndigheter"</h3>
            <p class="pre">{s.school_and_authority_contacts}</p>
        })}
    }
}

fn plan_form(assignment_type: String, has_plan: bool, state: PageState) -> impl IntoView {
    let PageState {
        plan,
        plan_problems: problems,
        plan_refusal: refusal,
        busy,
        ..
    } = state;
    let special = assignment_type == "special";
    let goal_count = Memo::new(move |_| plan.with(|p| p.goals.len()));
    let contact_count = Memo::new(move |_| plan.with(|p| p.contacts.len()));
    let error = move |field: String| problem_for(problems, field);
    let kind = StoredValue::new(assignment_type);

    let goal_row = move |i: usize| {
        let remove = move |_| {
            plan.update(|p| {
                if i < p.goals.len() {
                    p.goals.remove(i);
                }
            });
            problems.set(Vec::new());
            form::focus("plan-add-goal");
        };
        view! {
            <fieldset class="row-group">
                <legend class="legend">{format!("Mål {}", i + 1)}</legend>
                <TextInput id=format!("plan-goals-{i}-text") label="Vad ska uppdraget leda till?"
                    value=Signal::derive(move || plan.with(|p| p.goals.get(i).map(|g| g.text.clone()).unwrap_or_default()))
                    on_input=Callback::new(move |v: String| plan.update(|p| if let Some(g) = p.goals.get_mut(i) { g.text = v }))
                    error=error(format!("goals[{i}].text")) multiline=true maxlength=limits::GOAL_TEXT/>
                <TextInput id=format!("plan-goals-{i}-how_noticed") label="Hur märks det att målet nås?"
                    value=Signal::derive(move || plan.with(|p| p.goals.get(i).map(|g| g.how_noticed.clone()).unwrap_or_default()))
                    on_input=Callback::new(move |v: String| plan.update(|p| if let Some(g) = p.goals.get_mut(i) { g.how_noticed = v }))
                    error=error(format!("goals[{i}].how_noticed")) multiline=true maxlength=limits::GOAL_TEXT/>
                {move || (goal_count.get() > 1).then(|| view! {
                    <button type="button" class="button button-secondary button-small" on:click=remove>{format!("Ta bort mål {}", i + 1)}</button>
                })}
            </fieldset>
        }
    };
    let contact_row = move |i: usize| {
        let remove = move |_| {
            plan.update(|p| {
                if i < p.contacts.len() {
                    p.contacts.remove(i);
                }
            });
            problems.set(Vec::new());
            form::focus("plan-add-contact");
        };
        view! {
            <fieldset class="row-group row-group-inline">
                <legend class="legend">{format!("Kontakt {}", i + 1)}</legend>
                <TextInput id=format!("plan-contacts-{i}-who") label="Vem"
                    hint="En roll, till exempel vårdnadshavare, god man eller socialsekreterare."
                    value=Signal::derive(move || plan.with(|p| p.contacts.get(i).map(|c| c.who.clone()).unwrap_or_default()))
                    on_input=Callback::new(move |v: String| plan.update(|p| if let Some(c) = p.contacts.get_mut(i) { c.who = v }))
                    error=error(format!("contacts[{i}].who")) maxlength=limits::CONTACT_TEXT/>
                <TextInput id=format!("plan-contacts-{i}-how_often") label="Hur ofta"
                    value=Signal::derive(move || plan.with(|p| p.contacts.get(i).map(|c| c.how_often.clone()).unwrap_or_default()))
                    on_input=Callback::new(move |v: String| plan.update(|p| if let Some(c) = p.contacts.get_mut(i) { c.how_often = v }))
                    error=error(format!("contacts[{i}].how_often")) maxlength=limits::CONTACT_TEXT/>
                <button type="button" class="button button-secondary button-small" on:click=remove>{format!("Ta bort kontakt {}", i + 1)}</button>
            </fieldset>
        }
    };
    let add_goal = move |_| {
        let n = plan.with_untracked(|p| p.goals.len());
        plan.update(|p| p.goals.push(Default::default()));
        form::focus(format!("plan-goals-{n}-text"));
    };
    let add_contact = move |_| {
        let n = plan.with_untracked(|p| p.contacts.len());
        plan.update(|p| p.contacts.push(Default::default()));
        form::focus(format!("plan-contacts-{n}-who"));
    };
    let cancel = move |_| {
        plan.set(state.plan_baseline.get_untracked());
        problems.set(Vec::new());
        refusal.set(None);
        state.editing_plan.set(false);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        refusal.set(None);
        state.saved.set(None);
        let built = plan.with_untracked(|p| build_plan(p, &kind.get_value()));
        let to_send = match built {
            Ok(p) => p,
            Err(found) => {
                problems.set(found);
                form::focus("plan-errors");
                return;
            }
        };
        problems.set(Vec::new());
        busy.set(true);
        let id = state.id.get_value();
        spawn_local(async move {
            let result = api::save_plan(&id, &to_send).await;
            busy.set(false);
            match result {
                Ok(()) => {
                    form::clear_draft(&state.key("plan"));
                    state.plan_baseline.set(to_send.clone());
                    plan.set(to_send);
                    state.editing_plan.set(false);
                    state
                        .saved
                        .set(Some(("plan", "Genomförandeplanen är sparad.".to_string())));
                    state.reload();
                }
                Err(e) => {
                    form::show_refusal(&e, problems, refusal, words::plan_error, "plan-errors");
                }
            }
        });
    };
    let special_value = move |get: fn(&kp_domain::assignment::SpecialSupport) -> &String| {
        Signal::derive(move || {
            plan.with(|p| {
                p.special
                    .as_ref()
                    .map(|s| get(s).clone())
                    .unwrap_or_default()
            })
        })
    };
    let special_set = move |put: fn(&mut kp_domain::assignment::SpecialSupport, String)| {
        Callback::new(move |v: String| {
            plan.update(|p| put(p.special.get_or_insert_with(Default::default), v))
        })
    };
    view! {
        {(!has_plan).then(|| view! {
            <p>"Ingen plan är skriven ännu. Skriv vad uppdraget ska leda till, hur det märks, vad de ska göra och vilka kontaktpersonen håller kontakt med."</p>
        })}
        <ErrorSummary id="plan-errors" title="Planen kunde inte sparas" refusal=refusal
            problems=move || form::targeted(problems.get(), plan_target) subsection=true/>
        <form class="plan-form" novalidate on:submit=submit aria-label="Genomförandeplan">
            <h3>"Mål"</h3>
            {move || (0..goal_count.get()).map(goal_row).collect_view()}
            {move || if goal_count.get() < limits::GOALS {
                view! { <button type="button" id="plan-add-goal" class="button button-secondary button-small" on:click=add_goal>"Lägg till ett mål"</button> }.into_any()
            } else {
                view! { <p class="hint" id="plan-add-goal" tabindex="-1">{format!("Planen kan ha högst {} mål.", limits::GOALS)}</p> }.into_any()
            }}
            <h3>"Aktiviteter"</h3>
            <TextInput id="plan-activities".into() label="Vad ska de göra tillsammans? (valfritt)"
                value=Signal::derive(move || plan.with(|p| p.activities.clone()))
                on_input=Callback::new(move |v: String| plan.update(|p| p.activities = v))
                error=error("activities".into()) multiline=true maxlength=limits::ACTIVITIES/>
            <h3>"Kontakter"</h3>
            <p class="hint">"Vilka kontaktpersonen håller kontakt med, och hur ofta. Tomma rader sparas inte."</p>
            {move || (0..contact_count.get()).map(contact_row).collect_view()}
            {move || if contact_count.get() < limits::CONTACTS {
                view! { <button type="button" id="plan-add-contact" class="button button-secondary button-small" on:click=add_contact>"Lägg till en kontakt"</button> }.into_any()
            } else {
                view! { <p class="hint" id="plan-add-contact" tabindex="-1">{format!("Planen kan ha högst {} kontakter.", limits::CONTACTS)}</p> }.into_any()
            }}
            {special.then(|| view! {
                <h3>"Särskilt kvalificerat uppdrag"</h3>
                <TextInput id="plan-special-agreed_support".into() label="Överenskommet stöd"
                    value=special_value(|s| &s.agreed_support) on_input=special_set(|s, v| s.agreed_support = v)
                    error=error("special.agreed_support".into()) multiline=true maxlength=limits::SPECIAL_TEXT/>
                <TextInput id="plan-special-school_and_authority_contacts".into() label="Kontakter med skola och myndigheter"
                    value=special_value(|s| &s.school_and_authority_contacts) on_input=special_set(|s, v| s.school_and_authority_contacts = v)
                    error=error("special.school_and_authority_contacts".into()) multiline=true maxlength=limits::SPECIAL_TEXT/>
            })}
            <h3>"Uppföljning"</h3>
            <p class="hint">"Vanligast är första uppföljningen efter tre månader och sedan var sjätte månad. Ändra om ärendet behöver något annat."</p>
            {rule_select(state, "first_after_months", "Första uppföljningen, antal månader efter start",
                |r| r.first_after_months, |r, v| r.first_after_months = v, error("follow_up_rule.first_after_months".into()))}
            {rule_select(state, "every_months", "Därefter, antal månader mellan uppföljningarna",
                |r| r.every_months, |r, v| r.every_months = v, error("follow_up_rule.every_months".into()))}
            <div class="actions form-actions">
                <button type="submit" class="button" prop:disabled=move || busy.get()>
                    {move || if busy.get() { "Sparar …" } else { "Spara planen" }}
                </button>
                {has_plan.then(|| view! { <button type="button" class="link-button" on:click=cancel>"Avbryt ändringen"</button> })}
            </div>
        </form>
    }
}

/// A month count of the plan's follow-up rule, as a select of 1–12 (nothing to mistype).
fn rule_select(
    state: PageState,
    part: &'static str,
    label: &'static str,
    get: fn(&FollowUpRule) -> u32,
    put: fn(&mut FollowUpRule, u32),
    error: Signal<Option<String>>,
) -> impl IntoView {
    let id = format!("plan-follow_up_rule-{part}");
    let error_id = format!("{id}-error");
    let plan = state.plan;
    let change = move |ev: leptos::ev::Event| {
        if let Ok(months) = event_target_value(&ev).parse::<u32>() {
            plan.update(|p| put(&mut p.follow_up_rule, months));
        }
    };
    view! {
        <div class="form-group" class:form-group-error=move || error.get().is_some()>
            <label class="label" for=id.clone()>{label}</label>
            {move || error.get().map(|m| view! {
                <p class="field-error" id=error_id.clone()><span class="visually-hidden">"Fel: "</span>{m}</p>
            })}
            <select id=id.clone() class="select" on:change=change
                aria-describedby=move || error.get().map(|_| format!("{id}-error"))>
                {FollowUpRule::MONTHS.map(|n| view! {
                    <option value=n.to_string() selected=move || plan.with(|p| get(&p.follow_up_rule)) == n>
                        {words::months_text(n)}
                    </option>
                }).collect_view()}
            </select>
        </div>
    }
}

/// The terms over time: from which day, how often and what is paid.
fn terms_table(terms: &[Terms]) -> impl IntoView {
    let today = form::today();
    let in_force = kp_domain::compensation::terms_on(terms, today).map(|t| t.from);
    view! {
        <table class="dense terms">
            <caption class="visually-hidden">"Villkor över tid"</caption>
            <thead><tr><th scope="col">"Gäller från"</th><th scope="col">"Hur ofta och ersättning"</th><th scope="col">"Status"</th></tr></thead>
            <tbody>
                {terms.iter().map(|t| {
                    let status = if Some(t.from) == in_force {
                        "Gäller nu"
                    } else if t.from > today {
                        "Kommande"
                    } else {
                        "Tidigare"
                    };
                    view! { <tr><td>{t.from.to_string()}</td><td>{words::terms_text(t)}</td><td>{status}</td></tr> }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// The form that changes the terms from a date.
fn terms_form(assignment_type: String, current: Vec<Terms>, state: PageState) -> impl IntoView {
    let PageState {
        terms: draft,
        terms_problems: problems,
        terms_refusal: refusal,
        busy,
        ..
    } = state;
    let special = assignment_type == "special";
    let kind = StoredValue::new(assignment_type);
    let current = StoredValue::new(current);
    let error = move |field: &str| problem_for(problems, field.to_string());
    let latest = current.with_value(|c| c.iter().map(|t| t.from).max());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        refusal.set(None);
        state.saved.set(None);
        let built = draft.with_untracked(|d| {
            current.with_value(|c| build_terms_change(d, &kind.get_value(), c, form::today()))
        });
        let change = match built {
            Ok(c) => c,
            Err(found) => {
                problems.set(found);
                form::focus("terms-errors");
                return;
            }
        };
        problems.set(Vec::new());
        busy.set(true);
        let id = state.id.get_value();
        spawn_local(async move {
            let result = api::change_terms(&id, &change).await;
            busy.set(false);
            match result {
                Ok(()) => {
                    form::clear_draft(&state.key("terms"));
                    state.open.set(None);
                    draft.set(TermsDraft::default());
                    state.saved.set(Some((
                        "terms",
                        format!("Ändringen från {} är sparad.", change.from),
                    )));
                    state.reload();
                }
                Err(e) => {
                    let latest = latest.unwrap_or_else(form::today);
                    form::show_refusal(
                        &e,
                        problems,
                        refusal,
                        |f, c| words::terms_error(f, c, latest),
                        "terms-errors",
                    );
                }
            }
        });
    };
    let value = move |get: fn(&TermsDraft) -> &String| {
        Signal::derive(move || draft.with(|d| get(d).clone()))
    };
    let set = move |put: fn(&mut TermsDraft, String)| {
        Callback::new(move |v: String| draft.update(|d| put(d, v)))
    };
    view! {
        <h3>"Ändra villkoren från ett datum"</h3>
        <p class="hint">"När de ska träffas oftare eller mer sällan, eller när nya belopp har beslutats. Ändringen gäller från den dag du anger, tidigast den första i den här månaden. Utbetalningsunderlaget räknar varje nivå för sina dagar."</p>
        <ErrorSummary id="terms-errors" title="Ändringen kunde inte sparas" refusal=refusal
            problems=move || form::targeted(problems.get(), terms_target) subsection=true/>
        <form class="terms-form" novalidate on:submit=submit aria-label="Ändra villkoren från ett datum">
            <TextInput id="terms-from".into() label="Gäller från" kind="date" class="input input-date"
                value=value(|d| &d.from) on_input=set(|d, v| d.from = v) error=error("from")/>
            <ChoiceInput id="terms-frequency".into() legend="Hur ofta ska de träffas från den dagen?"
                hint="Avgör ersättningens nivå."
                options=Frequency::ALL.iter().map(|f| (f.code().to_string(), words::frequency_name(*f).to_string())).collect()
                selected=Signal::derive(move || draft.with(|d| vec![d.frequency.clone()]))
                on_change=Callback::new(move |(code, on): (String, bool)| if on { draft.update(|d| d.frequency = code) })
                error=error("frequency")/>
            {special.then(|| view! {
                <TextInput id="terms-special_arvode".into() label="Nytt arvode, kronor per månad"
                    hint="Det arvode som har beslutats från den dagen."
                    value=value(|d| &d.special_arvode) on_input=set(|d, v| d.special_arvode = v)
                    error=error("special_arvode") class="input width-10" inputmode="numeric" maxlength=12/>
                <TextInput id="terms-special_omkostnad".into() label="Ny omkostnadsersättning, kronor per månad"
                    value=value(|d| &d.special_omkostnad) on_input=set(|d, v| d.special_omkostnad = v)
                    error=error("special_omkostnad") class="input width-10" inputmode="numeric" maxlength=12/>
            })}
            <TextInput id="terms-reason".into() label="Varför ändras villkoren?"
                hint="Till exempel vilket beslut ändringen följer."
                value=value(|d| &d.reason) on_input=set(|d, v| d.reason = v)
                error=error("reason") multiline=true maxlength=limits::REASON/>
            <button type="submit" class="button" prop:disabled=move || busy.get()>
                {move || if busy.get() { "Sparar …" } else { "Spara ändringen" }}
            </button>
        </form>
    }
}

fn follow_up_form(
    plan: Option<Plan>,
    start: NaiveDate,
    ended: bool,
    state: PageState,
) -> impl IntoView {
    let has_plan = plan.is_some();
    let plan = plan.unwrap_or_default();
    let PageState {
        follow_up: draft,
        follow_up_problems: problems,
        follow_up_refusal: refusal,
        busy,
        ..
    } = state;
    let error = move |field: &str| problem_for(problems, field.to_string());
    let plan_for_submit = StoredValue::new(plan.clone());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        refusal.set(None);
        state.saved.set(None);
        let built = draft.with_untracked(|d| {
            plan_for_submit.with_value(|p| build_follow_up(d, p, start, form::today()))
        });
        let follow_up = match built {
            Ok(f) => f,
            Err(found) => {
                problems.set(found);
                form::focus("follow-up-errors");
                return;
            }
        };
        problems.set(Vec::new());
        busy.set(true);
        let id = state.id.get_value();
        spawn_local(async move {
            let result = api::record_follow_up(&id, &follow_up).await;
            busy.set(false);
            match result {
                Ok(()) => {
                    form::clear_draft(&state.key("follow-up"));
                    state.open.set(None);
                    draft.set(fresh_follow_up());
                    state.saved.set(Some((
                        "follow-up",
                        format!("Uppföljningen {} är sparad.", follow_up.date),
                    )));
                    state.reload();
                }
                Err(e) => {
                    form::show_refusal(
                        &e,
                        problems,
                        refusal,
                        |f, c| words::follow_up_error(f, c, start),
                        "follow-up-errors",
                    );
                }
            }
        });
    };
    let progress_options: Vec<(String, String)> = GoalProgress::ALL
        .iter()
        .map(|p| (p.code().to_string(), words::progress_name(*p).to_string()))
        .collect();
    view! {
        <h3>{if ended { "Registrera den avslutande uppföljningen" } else { "Registrera en uppföljning" }}</h3>
        <ErrorSummary id="follow-up-errors" title="Uppföljningen kunde inte sparas" refusal=refusal
            problems=move || form::targeted(problems.get(), follow_up_target) subsection=true/>
        <form class="follow-up-form" novalidate on:submit=submit aria-label="Registrera en uppföljning">
            <TextInput id="follow-up-date".into() label="Datum för uppföljningen" kind="date" class="input input-date"
                value=Signal::derive(move || draft.with(|d| d.date.clone()))
                on_input=Callback::new(move |v: String| draft.update(|d| d.date = v))
                error=error("date")/>
            <TextInput id="follow-up-notes".into() label="Vad sades och vad kom ni överens om?"
                value=Signal::derive(move || draft.with(|d| d.notes.clone()))
                on_input=Callback::new(move |v: String| draft.update(|d| d.notes = v))
                error=error("notes") multiline=true maxlength=limits::NOTES/>
            <div id="follow-up-assessments" tabindex="-1" class="assessment-group">
                <h4>"Bedömning av planens mål"</h4>
                {if has_plan {
                    view! { <p class="hint">"Bedöm varje mål som togs upp. Ett mål som inte togs upp kan lämnas obesvarat."</p> }
                } else {
                    view! { <p class="hint">"Det finns ingen genomförandeplan ännu, så det finns inga mål att bedöma."</p> }
                }}
                {plan.goals.iter().enumerate().map(|(i, goal)| view! {
                    <ChoiceInput id=format!("follow-up-goal-{i}") legend=format!("Mål {}: {}", i + 1, goal.text)
                        options=progress_options.clone()
                        selected=Signal::derive(move || draft.with(|d| d.assessments.get(&i).cloned().into_iter().collect()))
                        on_change=Callback::new(move |(code, on): (String, bool)| if on { draft.update(|d| { d.assessments.insert(i, code); }) })
                        error=Signal::derive(|| None) inline=true/>
                }).collect_view()}
            </div>
            <button type="submit" class="button" prop:disabled=move || busy.get()>
                {move || if busy.get() { "Sparar …" } else { "Spara uppföljningen" }}
            </button>
        </form>
    }
}

fn ending_form(name: String, start: NaiveDate, state: PageState) -> impl IntoView {
    let PageState {
        ending: draft,
        ending_problems: problems,
        ending_refusal: refusal,
        confirming,
        busy,
        ..
    } = state;
    let name = StoredValue::new(name);
    let error = move |field: &str| problem_for(problems, field.to_string());
    let check = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        refusal.set(None);
        state.saved.set(None);
        match draft.with_untracked(|d| build_ending(d, start, form::today())) {
            Ok(_) => {
                problems.set(Vec::new());
                confirming.set(true);
                form::focus("ending-confirm");
            }
            Err(found) => {
                problems.set(found);
                form::focus("ending-errors");
            }
        }
    };
    let back = move |_| {
        confirming.set(false);
        form::focus("ending-date");
    };
    let confirm = move |_| {
        if busy.get_untracked() {
            return;
        }
        let Ok(ending) = draft.with_untracked(|d| build_ending(d, start, form::today())) else {
            confirming.set(false);
            return;
        };
        busy.set(true);
        let id = state.id.get_value();
        spawn_local(async move {
            let result = api::end_assignment(&id, &ending).await;
            busy.set(false);
            confirming.set(false);
            match result {
                Ok(()) => {
                    form::clear_draft(&state.key("ending"));
                    state.open.set(None);
                    draft.set(fresh_ending());
                    state.saved.set(Some((
                        "ending",
                        format!("Uppdraget är avslutat med sista dag {}.", ending.date),
                    )));
                    state.reload();
                }
                Err(e) => {
                    form::show_refusal(
                        &e,
                        problems,
                        refusal,
                        |f, c| words::ending_error(f, c, start),
                        "ending-errors",
                    );
                }
            }
        });
    };
    move || {
        if confirming.get() {
            let d = draft.get_untracked();
            let by = EndedBy::from_code(&d.initiated_by)
                .map(words::ended_by_name)
                .unwrap_or_default();
            view! {
                <div class="confirm-box" id="ending-confirm" tabindex="-1" role="group" aria-labelledby="ending-confirm-heading">
                    <h3 id="ending-confirm-heading">"Vill du avsluta uppdraget?"</h3>
                    <p>{format!(
                        "Uppdraget för {} avslutas med sista dag {}. Ersättning betalas till och med den dagen. Ett avslutat uppdrag kan inte öppnas igen.",
                        name.get_value(), d.date
                    )}</p>
                    <dl class="answers">
                        <div><dt>"Varför"</dt><dd>{d.reason.trim().to_string()}</dd></div>
                        <div><dt>"Initiativ"</dt><dd>{by}</dd></div>
                        <div><dt>"Vill fortsätta som kontaktperson"</dt><dd>{if d.continues == "yes" { "Ja" } else { "Nej" }}</dd></div>
                    </dl>
                    <div class="actions">
                        <button type="button" class="button button-warning" prop:disabled=move || busy.get() on:click=confirm>
                            {move || if busy.get() { "Avslutar …" } else { "Ja, avsluta uppdraget" }}
                        </button>
                        <button type="button" class="button button-secondary" on:click=back>"Nej, gå tillbaka"</button>
                    </div>
                </div>
            }
            .into_any()
        } else {
            view! {
                <ErrorSummary id="ending-errors" title="Uppdraget kunde inte avslutas" refusal=refusal
            problems=move || form::targeted(problems.get(), ending_target) subsection=true/>
                <form class="ending-form" novalidate on:submit=check aria-label="Avsluta uppdraget">
                    <TextInput id="ending-date".into() label="Sista dag" kind="date" class="input input-date"
                        hint="Ersättning betalas till och med den här dagen."
                        value=Signal::derive(move || draft.with(|d| d.date.clone()))
                        on_input=Callback::new(move |v: String| draft.update(|d| d.date = v))
                        error=error("date")/>
                    <TextInput id="ending-reason".into() label="Varför avslutas uppdraget?"
                        value=Signal::derive(move || draft.with(|d| d.reason.clone()))
                        on_input=Callback::new(move |v: String| draft.update(|d| d.reason = v))
                        error=error("reason") multiline=true maxlength=limits::REASON/>
                    <ChoiceInput id="ending-initiated_by".into() legend="Vem tog initiativet?"
                        options=EndedBy::ALL.iter().map(|b| (b.code().to_string(), words::ended_by_name(*b).to_string())).collect()
                        selected=Signal::derive(move || draft.with(|d| vec![d.initiated_by.clone()]))
                        on_change=Callback::new(move |(code, on): (String, bool)| if on { draft.update(|d| d.initiated_by = code) })
                        error=error("initiated_by")/>
                    <ChoiceInput id="ending-continues".into() legend="Vill kontaktpersonen fortsätta som kontaktperson för ett annat barn?"
                        options=vec![("yes".to_string(), "Ja".to_string()), ("no".to_string(), "Nej".to_string())]
                        selected=Signal::derive(move || draft.with(|d| vec![d.continues.clone()]))
                        on_change=Callback::new(move |(code, on): (String, bool)| if on { draft.update(|d| d.continues = code) })
                        error=error("contact_person_continues") inline=true/>
                    <button type="submit" class="button button-secondary">"Fortsätt till bekräftelse"</button>
                </form>
            }
            .into_any()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kp_domain::assignment::Goal;

    #[test]
    fn scheduled_follow_ups_say_in_words_whether_they_were_held() {
        let date = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        assert_eq!(
            scheduled_text(date, Scheduled::Held),
            "2026-03-01 – genomförd"
        );
        assert_eq!(
            scheduled_text(date, Scheduled::Overdue),
            "2026-03-01 – försenad"
        );
    }

    #[test]
    fn an_assessment_names_the_goal_by_number_and_text() {
        let plan = Plan {
            goals: vec![
                Goal {
                    text: "Fler vänner".into(),
                    how_noticed: "Träffar kompisar".into(),
                },
                Goal {
                    text: "Simma".into(),
                    how_noticed: "Klarar 200 meter".into(),
                },
            ],
            ..Plan::default()
        };
        assert_eq!(
            assessment_text(Some(&plan), 1, GoalProgress::Progress),
            "Mål 2 (Simma): Närmare målet"
        );
        assert_eq!(
            assessment_text(None, 0, GoalProgress::Achieved),
            "Mål 1: Målet är nått"
        );
    }
}
