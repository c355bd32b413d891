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
use leptos_router::hooks::use_params_map;

use super::need::history_view;
use super::placement_form::{
    self as form, build_ending, build_follow_up, build_plan, build_terms_change, empty_plan,
    ending_target, follow_up_overdue, follow_up_target, plan_target, problem_for, schedule_rows,
    terms_target, ChoiceInput, EndingDraft, FollowUpDraft, FormSave, Problem, Scheduled,
    TermsDraft, TextInput,
};
use super::placement_text as words;
use super::routes::CaseworkerRoute;
use super::{text, RequireSignIn};
use crate::api;
use crate::components::error_summary::ErrorSummary;

mod forms;
use forms::{ending_form, follow_up_form, plan_form, terms_form};

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
    /// The page's writes: one at a time, whichever form sends it.
    sender: api::Sender,
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

    /// After a task form's save: its kept draft (`task`) is dropped, `message` is shown by its
    /// section, and the assignment is fetched again.
    fn task_saved(self, task: &'static str, message: String) {
        form::clear_draft(&self.key(task));
        self.saved.set(Some((task, message)));
        self.reload();
    }

    /// After the save of a task form that closes: the form is closed, its draft is `fresh`
    /// again, and then as [`PageState::task_saved`].
    fn task_closed<D: Send + Sync + 'static>(
        self,
        task: &'static str,
        draft: RwSignal<D>,
        fresh: D,
        message: String,
    ) {
        self.open.set(None);
        draft.set(fresh);
        self.task_saved(task, message);
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
        sender: api::Sender::new(),
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
