//! The assignments screens' forms as data and plain functions: what was typed (drafts that
//! survive a failed save and a reload), turning it into the API's types with a Swedish message
//! per field (the domain's own checks run here too, so the browser and the server agree), the
//! follow-up schedule's state, and the few form widgets the screens share.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use kp_domain::api::FieldError;
use kp_domain::assignment::{
    validate_ending, validate_follow_up, validate_new_assignment, validate_plan,
    validate_terms_change, EndedBy, Ending, FollowUp, FollowUpRule, GoalAssessment, GoalProgress,
    Plan, TermsChange, FOLLOW_UP_EARLY_DAYS,
};
use kp_domain::compensation::{Frequency, Terms};
use kp_domain::need::{validate_need, Need, NeedForm};
use kp_domain::placement::NewAssignment;
use leptos::prelude::*;
use serde::{de::DeserializeOwned, Deserialize, Serialize};

use super::placement_text as words;
use crate::components::error_summary::SummaryProblem;

pub use super::form_save::{problems_from, FormSave, Problem};

/// The domain's errors for a form where some fields could not be read. `unread` lists
/// `(field, could not be read, code to give)`: such a field gets its code instead of what the
/// domain said of the stand-in value, and an `unchanged` (which compared a stand-in) is dropped.
/// Then all in the form's `order`.
fn with_unread(
    mut errors: Vec<FieldError>,
    unread: &[(&str, bool, &str)],
    order: &[&str],
) -> Vec<FieldError> {
    let anything_unread = unread.iter().any(|(_, bad, _)| *bad);
    errors.retain(|e| {
        let unread_field = unread.iter().any(|(f, bad, _)| *bad && e.field == *f);
        let unsure_unchanged = e.code == "unchanged" && anything_unread;
        !(unread_field || unsure_unchanged)
    });
    for (field, bad, code) in unread {
        if *bad {
            errors.push(FieldError {
                field: (*field).into(),
                code: (*code).into(),
            });
        }
    }
    errors.sort_by_key(|e| order.iter().position(|f| *f == e.field));
    errors
}

/// The element id for a field: `plan` + `goals[0].text` → `plan-goals-0-text`.
pub fn control_id(prefix: &str, field: &str) -> String {
    let cleaned: String = field
        .chars()
        .filter_map(|c| match c {
            '[' | '.' => Some('-'),
            ']' => None,
            other => Some(other),
        })
        .collect();
    format!("{prefix}-{cleaned}")
}

// ---- A need ----

/// Where the error summary sends the caseworker for a need form field: the control itself, or a
/// group's first option.
pub fn need_target(field: &str) -> String {
    match field {
        "gender" => "need-gender-girl".into(),
        "goals" => "need-goals-wider_network".into(),
        "assignment_type" => "need-assignment_type-child".into(),
        "frequency" => "need-frequency-weekly".into(),
        "times" => "need-times-weekdays".into(),
        other => control_id("need", other),
    }
}

/// Checks the need form in the browser with the domain's own rules.
pub fn check_need(form: &NeedForm, today: NaiveDate) -> Result<Need, Vec<Problem>> {
    validate_need(form, today).map_err(|errors| problems_from(&errors, words::need_error))
}

/// Ticks or unticks `code` in a list of codes, keeping the order of `all` and no duplicates.
pub fn toggle(list: &[String], code: &str, on: bool, all: &[&str]) -> Vec<String> {
    all.iter()
        .filter(|c| {
            if **c == code {
                on
            } else {
                list.iter().any(|l| l == *c)
            }
        })
        .map(|c| c.to_string())
        .collect()
}

// ---- Choosing a contact person ----

/// What is typed when choosing a contact person for a need.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChoiceDraft {
    /// Why this person.
    pub reason: String,
    /// `YYYY-MM-DD`.
    pub start_date: String,
    /// A frequency code.
    pub frequency: String,
    /// Kronor per month, as typed (special assignments).
    pub special_arvode: String,
    /// Kronor per month, as typed (special assignments).
    pub special_omkostnad: String,
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

/// Whole kronor as typed: spaces (also non-breaking) and a trailing "kr" are allowed.
pub fn parse_kronor(text: &str) -> Option<i64> {
    let cleaned: String = text
        .trim()
        .trim_end_matches("kr")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if cleaned.is_empty() || !cleaned.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    cleaned.parse().ok()
}

/// Turns the choice form into the API's [`NewAssignment`], or a message per field in the form's
/// order. `special`: the need is a special qualified assignment, whose amounts are required.
pub fn build_new_assignment(
    applicant_reference: &str,
    draft: &ChoiceDraft,
    special: bool,
    today: NaiveDate,
) -> Result<NewAssignment, Vec<Problem>> {
    let start_date = parse_date(&draft.start_date);
    let frequency = Frequency::from_code(&draft.frequency);
    let (special_arvode, arvode_typo) = typed_kronor(special, &draft.special_arvode);
    let (special_omkostnad, omkostnad_typo) = typed_kronor(special, &draft.special_omkostnad);
    let new = NewAssignment {
        applicant_reference: applicant_reference.to_string(),
        reason: draft.reason.trim().to_string(),
        start_date: start_date.unwrap_or(today),
        frequency: frequency.unwrap_or(Frequency::Weekly),
        special_arvode,
        special_omkostnad,
    };
    let kind = if special { "special" } else { "child" };
    let errors = with_unread(
        validate_new_assignment(&new, kind, today)
            .err()
            .unwrap_or_default(),
        &[
            ("start_date", start_date.is_none(), "format"),
            ("frequency", frequency.is_none(), "required"),
            ("special_arvode", arvode_typo, "format"),
            ("special_omkostnad", omkostnad_typo, "format"),
        ],
        &[
            "reason",
            "start_date",
            "frequency",
            "special_arvode",
            "special_omkostnad",
        ],
    );
    if errors.is_empty() {
        Ok(new)
    } else {
        Err(problems_from(&errors, words::new_assignment_error))
    }
}

/// A typed amount for a special assignment: the kronor if it reads as such, and whether
/// something was typed that does not. Empty, or not special: nothing, and no typo.
fn typed_kronor(special: bool, text: &str) -> (Option<i64>, bool) {
    if !special || text.trim().is_empty() {
        return (None, false);
    }
    let parsed = parse_kronor(text);
    (parsed, parsed.is_none())
}

// ---- The plan ----

/// A fresh plan form: one empty goal and one empty contact, and the special part for a special
/// qualified assignment.
pub fn empty_plan(assignment_type: &str) -> Plan {
    Plan {
        goals: vec![Default::default()],
        activities: String::new(),
        contacts: vec![Default::default()],
        special: (assignment_type == "special").then(Default::default),
        follow_up_rule: FollowUpRule::default(),
    }
}

/// The plan as it will be sent: texts trimmed, contact rows left wholly empty dropped, the
/// special part only for a special assignment. Checked with the domain's rules.
pub fn build_plan(form: &Plan, assignment_type: &str) -> Result<Plan, Vec<Problem>> {
    let plan = Plan {
        goals: form
            .goals
            .iter()
            .map(|g| kp_domain::assignment::Goal {
                text: g.text.trim().to_string(),
                how_noticed: g.how_noticed.trim().to_string(),
            })
            .collect(),
        activities: form.activities.trim().to_string(),
        contacts: form
            .contacts
            .iter()
            .map(|c| kp_domain::assignment::PlanContact {
                who: c.who.trim().to_string(),
                how_often: c.how_often.trim().to_string(),
            })
            .filter(|c| !(c.who.is_empty() && c.how_often.is_empty()))
            .collect(),
        special: if assignment_type == "special" {
            let s = form.special.clone().unwrap_or_default();
            Some(kp_domain::assignment::SpecialSupport {
                agreed_support: s.agreed_support.trim().to_string(),
                school_and_authority_contacts: s.school_and_authority_contacts.trim().to_string(),
            })
        } else {
            None
        },
        follow_up_rule: form.follow_up_rule,
    };
    match validate_plan(&plan, assignment_type) {
        Ok(()) => Ok(plan),
        Err(errors) => {
            // A dropped empty contact row shifts the later rows: name them as the form shows them.
            let kept: Vec<usize> = form
                .contacts
                .iter()
                .enumerate()
                .filter(|(_, c)| !(c.who.trim().is_empty() && c.how_often.trim().is_empty()))
                .map(|(i, _)| i)
                .collect();
            let renamed: Vec<FieldError> = errors
                .into_iter()
                .map(|e| match words::indexed_field(&e.field) {
                    Some(("contacts", i, part)) => FieldError {
                        field: format!("contacts[{}].{part}", kept.get(i).copied().unwrap_or(i)),
                        code: e.code,
                    },
                    _ => e,
                })
                .collect();
            Err(problems_from(&renamed, words::plan_error))
        }
    }
}

/// Where the error summary sends the caseworker for a plan field.
pub fn plan_target(field: &str) -> String {
    match field {
        "goals" => "plan-add-goal".into(),
        "contacts" => "plan-add-contact".into(),
        "special" | "assignment_type" => "plan-special-agreed_support".into(),
        other => control_id("plan", other),
    }
}

// ---- A follow-up ----

/// What is typed when recording a follow-up.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FollowUpDraft {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// What was said and agreed.
    pub notes: String,
    /// Goal index → progress code (a goal left out is not assessed).
    pub assessments: BTreeMap<usize, String>,
}

/// Turns the follow-up form into a [`FollowUp`], checked against the plan, the assignment's
/// start and today.
pub fn build_follow_up(
    draft: &FollowUpDraft,
    plan: &Plan,
    start: NaiveDate,
    today: NaiveDate,
) -> Result<FollowUp, Vec<Problem>> {
    let message = |field: &str, code: &str| words::follow_up_error(field, code, start);
    let Some(date) = parse_date(&draft.date) else {
        let mut problems = vec![("date".to_string(), message("date", "format"))];
        if draft.notes.trim().is_empty() {
            problems.push(("notes".into(), message("notes", "required")));
        }
        return Err(problems);
    };
    let follow_up = FollowUp {
        date,
        notes: draft.notes.trim().to_string(),
        assessments: draft
            .assessments
            .iter()
            .filter_map(|(goal, code)| {
                GoalProgress::from_code(code).map(|progress| GoalAssessment {
                    goal: *goal,
                    progress,
                })
            })
            .collect(),
    };
    validate_follow_up(&follow_up, plan, start, today)
        .map(|()| follow_up)
        .map_err(|errors| problems_from(&errors, message))
}

/// Where the error summary sends the caseworker for a follow-up field.
pub fn follow_up_target(field: &str) -> String {
    match words::indexed_field(field) {
        Some(("assessments", _, _)) => "follow-up-assessments".into(),
        _ => control_id("follow-up", field),
    }
}

// ---- A change of terms ----

/// What is typed when the terms change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TermsDraft {
    /// The first day, `YYYY-MM-DD`.
    pub from: String,
    /// A [`Frequency`] code.
    pub frequency: String,
    /// For a special assignment: kronor per month as typed.
    pub special_arvode: String,
    /// For a special assignment: kronor per month as typed.
    pub special_omkostnad: String,
    /// Why.
    pub reason: String,
}

/// Turns the change-of-terms form into a [`TermsChange`], checked with the domain's rules
/// against the assignment's `current` terms (oldest first) and today.
pub fn build_terms_change(
    draft: &TermsDraft,
    assignment_type: &str,
    current: &[Terms],
    today: NaiveDate,
) -> Result<TermsChange, Vec<Problem>> {
    let latest = current.iter().map(|t| t.from).max().unwrap_or(today);
    let message = |field: &str, code: &str| words::terms_error(field, code, latest);
    let special = assignment_type == "special";
    let from = parse_date(&draft.from);
    let frequency = Frequency::from_code(&draft.frequency);
    let (special_arvode, arvode_typo) = typed_kronor(special, &draft.special_arvode);
    let (special_omkostnad, omkostnad_typo) = typed_kronor(special, &draft.special_omkostnad);
    let change = TermsChange {
        from: from.unwrap_or(today),
        frequency: frequency.unwrap_or(Frequency::Weekly),
        special_arvode,
        special_omkostnad,
        reason: draft.reason.trim().to_string(),
    };
    let errors = with_unread(
        validate_terms_change(&change, assignment_type, current, today)
            .err()
            .unwrap_or_default(),
        &[
            ("from", from.is_none(), "format"),
            ("frequency", frequency.is_none(), "required"),
            ("special_arvode", arvode_typo, "format"),
            ("special_omkostnad", omkostnad_typo, "format"),
        ],
        &[
            "from",
            "frequency",
            "special_arvode",
            "special_omkostnad",
            "reason",
        ],
    );
    if errors.is_empty() {
        Ok(change)
    } else {
        Err(problems_from(&errors, message))
    }
}

/// Where the error summary sends the caseworker for a change-of-terms field.
pub fn terms_target(field: &str) -> String {
    match field {
        "frequency" => "terms-frequency-weekly".into(),
        other => control_id("terms", other),
    }
}

// ---- The ending ----

/// What is typed when ending an assignment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EndingDraft {
    /// The last day, `YYYY-MM-DD`.
    pub date: String,
    /// Why.
    pub reason: String,
    /// An [`EndedBy`] code.
    pub initiated_by: String,
    /// `yes` or `no` (empty: not answered).
    pub continues: String,
}

/// Turns the ending form into an [`Ending`], checked against the assignment's start and today.
pub fn build_ending(
    draft: &EndingDraft,
    start: NaiveDate,
    today: NaiveDate,
) -> Result<Ending, Vec<Problem>> {
    let message = |field: &str, code: &str| words::ending_error(field, code, start);
    let date = parse_date(&draft.date);
    let initiated_by = EndedBy::from_code(&draft.initiated_by);
    let continues = match draft.continues.as_str() {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    };
    let ending = Ending {
        date: date.unwrap_or(start),
        reason: draft.reason.trim().to_string(),
        initiated_by: initiated_by.unwrap_or(EndedBy::SocialServices),
        contact_person_continues: continues.unwrap_or(false),
    };
    let mut problems: Vec<Problem> = match validate_ending(&ending, start, today) {
        Ok(()) => Vec::new(),
        Err(errors) => problems_from(&errors, message),
    };
    if date.is_none() {
        problems.retain(|(f, _)| f != "date");
        problems.insert(0, ("date".into(), message("date", "format")));
    }
    if initiated_by.is_none() {
        problems.push(("initiated_by".into(), message("initiated_by", "required")));
    }
    if continues.is_none() {
        problems.push((
            "contact_person_continues".into(),
            message("contact_person_continues", "required"),
        ));
    }
    if problems.is_empty() {
        Ok(ending)
    } else {
        Err(problems)
    }
}

/// Where the error summary sends the caseworker for an ending field.
pub fn ending_target(field: &str) -> String {
    match field {
        "initiated_by" => "ending-initiated_by-social_services".into(),
        "contact_person_continues" => "ending-continues-yes".into(),
        other => control_id("ending", other),
    }
}

// ---- The follow-up schedule ----

/// Where a scheduled follow-up stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheduled {
    /// A follow-up held counts for it (held up to a month early, or late).
    Held,
    /// Its day has passed and none was held for it.
    Overdue,
    /// Still ahead.
    Upcoming,
}

/// Each scheduled date with its state. A follow-up held on a date counts for every scheduled
/// date up to [`FOLLOW_UP_EARLY_DAYS`] after it, as the domain's `follow_ups_due` reckons.
pub fn schedule_rows(
    schedule: &[NaiveDate],
    held: &[NaiveDate],
    today: NaiveDate,
) -> Vec<(NaiveDate, Scheduled)> {
    let settled_until = held
        .iter()
        .max()
        .and_then(|last| last.checked_add_signed(chrono::Duration::days(FOLLOW_UP_EARLY_DAYS)));
    schedule
        .iter()
        .map(|date| {
            let state = if settled_until.is_some_and(|s| *date <= s) {
                Scheduled::Held
            } else if *date < today {
                Scheduled::Overdue
            } else {
                Scheduled::Upcoming
            };
            (*date, state)
        })
        .collect()
}

/// Whether an assignment's next follow-up is overdue (an ended assignment has none due).
pub fn follow_up_overdue(
    next: Option<NaiveDate>,
    end: Option<NaiveDate>,
    today: NaiveDate,
) -> bool {
    end.is_none() && next.is_some_and(|d| d < today)
}

// ---- In the browser ----

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// A draft kept in this tab's `sessionStorage` (cleared on sign-out), if any.
pub fn load_draft<T: DeserializeOwned>(key: &str) -> Option<T> {
    session_storage()
        .and_then(|s| s.get_item(key).ok().flatten())
        .and_then(|t| serde_json::from_str(&t).ok())
}

/// Keeps a draft, or forgets it when it is `empty`.
pub fn save_draft<T: Serialize + Default + PartialEq>(key: &str, draft: &T) {
    if let Some(storage) = session_storage() {
        if *draft == T::default() {
            storage.remove_item(key).ok();
        } else if let Ok(text) = serde_json::to_string(draft) {
            storage.set_item(key, &text).ok();
        }
    }
}

/// Keeps a draft while it differs from `baseline` (what the form starts with), forgets it once
/// it is back to that.
pub fn save_draft_against<T: Serialize + PartialEq>(key: &str, draft: &T, baseline: &T) {
    if let Some(storage) = session_storage() {
        if draft == baseline {
            storage.remove_item(key).ok();
        } else if let Ok(text) = serde_json::to_string(draft) {
            storage.set_item(key, &text).ok();
        }
    }
}

/// Forgets a draft (after a save).
pub fn clear_draft(key: &str) {
    if let Some(storage) = session_storage() {
        storage.remove_item(key).ok();
    }
}

/// Moves focus to an element once it has been drawn.
pub use crate::dom::focus_soon as focus;

/// Today in Sweden.
pub fn today() -> NaiveDate {
    kp_domain::time::today_in_sweden(chrono::Utc::now())
}

fn described(hint: Option<String>, error: Option<String>) -> Option<String> {
    let ids: Vec<String> = [hint, error].into_iter().flatten().collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// The error message for `field` among `problems`.
pub fn problem_for(problems: RwSignal<Vec<Problem>>, field: String) -> Signal<Option<String>> {
    Signal::derive(move || {
        problems.with(|p| p.iter().find(|(f, _)| *f == field).map(|(_, m)| m.clone()))
    })
}

/// A text input or text area with its label, hint and inline error.
#[component]
pub fn TextInput(
    id: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(into)] value: Signal<String>,
    on_input: Callback<String>,
    error: Signal<Option<String>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "input")] class: &'static str,
    #[prop(default = false)] multiline: bool,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(default = 4000)] maxlength: usize,
) -> impl IntoView {
    let hint_id = hint.as_ref().map(|_| format!("{id}-hint"));
    let error_id = format!("{id}-error");
    let described_by = {
        let error_id = error_id.clone();
        move || described(hint_id.clone(), error.get().map(|_| error_id.clone()))
    };
    let invalid = move || error.get().map(|_| "true");
    let control = if multiline {
        view! {
            <textarea id=id.clone() class="textarea" rows="4" maxlength=maxlength
                aria-describedby=described_by.clone() aria-invalid=invalid
                prop:value=move || value.get() on:input=move |ev| on_input.run(event_target_value(&ev))></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id.clone() class=class type=kind maxlength=maxlength inputmode=inputmode
                aria-describedby=described_by.clone() aria-invalid=invalid
                prop:value=move || value.get() on:input=move |ev| on_input.run(event_target_value(&ev))/>
        }
        .into_any()
    };
    view! {
        <div class="form-group" class:form-group-error=move || error.get().is_some()>
            <label class="label" for=id.clone()>{label}</label>
            {hint.map(|h| view! { <div class="hint" id=format!("{id}-hint")>{h}</div> })}
            {move || error.get().map(|m| view! {
                <p class="field-error" id=error_id.clone()><span class="visually-hidden">"Fel: "</span>{m}</p>
            })}
            {control}
        </div>
    }
}

/// Radio buttons (one answer) or checkboxes (several) in a fieldset; option ids are
/// `{id}-{code}`.
#[component]
pub fn ChoiceInput(
    id: String,
    #[prop(into)] legend: String,
    #[prop(optional, into)] hint: Option<String>,
    options: Vec<(String, String)>,
    /// The chosen codes (one for radios).
    selected: Signal<Vec<String>>,
    /// `(code, checked)`.
    on_change: Callback<(String, bool)>,
    error: Signal<Option<String>>,
    #[prop(default = false)] multiple: bool,
    #[prop(default = false)] inline: bool,
) -> impl IntoView {
    let hint_id = hint.as_ref().map(|_| format!("{id}-hint"));
    let error_id = format!("{id}-error");
    let described_by = {
        let error_id = error_id.clone();
        move || described(hint_id.clone(), error.get().map(|_| error_id.clone()))
    };
    let name = id.clone();
    view! {
        <div class="form-group" class:form-group-error=move || error.get().is_some()>
            <fieldset class="fieldset" id=id.clone() aria-describedby=described_by>
                <legend class="legend">{legend}</legend>
                {hint.map(|h| view! { <div class="hint" id=format!("{id}-hint")>{h}</div> })}
                {move || error.get().map(|m| view! {
                    <p class="field-error" id=error_id.clone()><span class="visually-hidden">"Fel: "</span>{m}</p>
                })}
                <div class=if inline { "choices choices-inline" } else { "choices" }>
                    {options.into_iter().map(|(code, label)| {
                        let option_id = format!("{id}-{code}");
                        let checked_code = code.clone();
                        let changed_code = code.clone();
                        view! {
                            <div class="choice">
                                <input type=if multiple { "checkbox" } else { "radio" } id=option_id.clone() name=name.clone() value=code
                                    prop:checked=move || selected.with(|s| s.contains(&checked_code))
                                    on:change=move |ev| on_change.run((changed_code.clone(), event_target_checked(&ev)))/>
                                <label for=option_id>{label}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

/// Problems as the error summary lists them: each field's name becomes the id of the control its
/// link moves focus to (`target` gives it).
pub fn targeted(problems: Vec<Problem>, target: fn(&str) -> String) -> Vec<SummaryProblem> {
    problems
        .into_iter()
        .map(|(field, message)| (target(&field), message))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn fields(problems: &[Problem]) -> Vec<&str> {
        problems.iter().map(|(f, _)| f.as_str()).collect()
    }

    #[test]
    fn each_problem_links_to_the_control_of_its_field() {
        let problems = vec![
            ("gender".to_string(), "Välj kön".to_string()),
            ("goals".to_string(), "Lägg till ett mål".to_string()),
        ];
        assert_eq!(
            targeted(problems.clone(), need_target)[0],
            ("need-gender-girl".to_string(), "Välj kön".to_string())
        );
        assert_eq!(targeted(problems, plan_target)[1].0, "plan-add-goal");
    }

    #[test]
    fn field_names_become_element_ids() {
        assert_eq!(control_id("plan", "goals[0].text"), "plan-goals-0-text");
        assert_eq!(
            control_id("plan", "special.agreed_support"),
            "plan-special-agreed_support"
        );
        assert_eq!(control_id("need", "birth_year"), "need-birth_year");
        assert_eq!(need_target("gender"), "need-gender-girl");
        assert_eq!(plan_target("goals"), "plan-add-goal");
    }

    #[test]
    fn the_need_form_is_checked_with_the_domains_rules_and_worded_in_swedish() {
        let form = NeedForm {
            case_reference: "IFO-2026-77".into(),
            birth_year: "20l4".into(),
            ..NeedForm::default()
        };
        let problems = check_need(&form, d(2026, 11, 24)).unwrap_err();
        assert_eq!(
            fields(&problems),
            [
                "birth_year",
                "gender",
                "languages",
                "area",
                "goals",
                "assignment_type",
                "frequency"
            ]
        );
        assert!(problems[0].1.contains("fyra siffror"));
    }

    #[test]
    fn ticking_keeps_the_lists_order_and_no_duplicates() {
        let all = ["weekdays", "evenings", "weekends"];
        let list = toggle(&[], "weekends", true, &all);
        let list = toggle(&list, "weekdays", true, &all);
        let list = toggle(&list, "weekdays", true, &all);
        assert_eq!(list, ["weekdays", "weekends"]);
        assert_eq!(toggle(&list, "weekdays", false, &all), ["weekends"]);
    }

    #[test]
    fn kronor_may_be_typed_with_spaces_and_kr_but_not_with_decimals_or_a_sign() {
        assert_eq!(parse_kronor("4 500"), Some(4500));
        assert_eq!(parse_kronor("4\u{a0}500 kr"), Some(4500));
        assert_eq!(parse_kronor("0"), Some(0));
        assert_eq!(parse_kronor("-5"), None);
        assert_eq!(parse_kronor("12,50"), None);
        assert_eq!(parse_kronor(""), None);
    }

    #[test]
    fn choosing_a_contact_person_needs_a_reason_a_date_and_for_special_the_amounts() {
        let mut draft = ChoiceDraft {
            reason: "  ".into(),
            start_date: "2026-12-01".into(),
            frequency: "weekly".into(),
            ..ChoiceDraft::default()
        };
        assert_eq!(
            fields(
                &build_new_assignment("KP-2026-0001", &draft, false, d(2026, 11, 22)).unwrap_err()
            ),
            ["reason"]
        );
        draft.reason = " Talar dari och bor nära. ".into();
        let chosen = build_new_assignment("KP-2026-0001", &draft, false, d(2026, 11, 22)).unwrap();
        assert_eq!(chosen.reason, "Talar dari och bor nära.");
        assert_eq!(chosen.start_date, d(2026, 12, 1));
        assert_eq!(chosen.frequency, Frequency::Weekly);
        assert_eq!(chosen.special_arvode, None);

        assert_eq!(
            fields(
                &build_new_assignment("KP-2026-0001", &draft, true, d(2026, 11, 22)).unwrap_err()
            ),
            ["special_arvode", "special_omkostnad"]
        );
        draft.special_arvode = "6 000".into();
        draft.special_omkostnad = "1200".into();
        draft.start_date = "1 december".into();
        assert_eq!(
            fields(
                &build_new_assignment("KP-2026-0001", &draft, true, d(2026, 11, 22)).unwrap_err()
            ),
            ["start_date"]
        );
        draft.start_date = "2026-12-01".into();
        let special = build_new_assignment("KP-2026-0001", &draft, true, d(2026, 11, 22)).unwrap();
        assert_eq!(
            (special.special_arvode, special.special_omkostnad),
            (Some(6000), Some(1200))
        );
    }

    #[test]
    fn a_new_assignment_with_an_amount_that_is_not_kronor_says_so_not_that_it_is_missing() {
        let draft = ChoiceDraft {
            reason: "Bor nära".into(),
            start_date: "2030-01-01".into(),
            frequency: "weekly".into(),
            special_arvode: "sex tusen".into(),
            special_omkostnad: String::new(),
        };
        let problems =
            build_new_assignment("KP-2026-0001", &draft, true, d(2026, 11, 22)).unwrap_err();
        assert_eq!(
            fields(&problems),
            ["start_date", "special_arvode", "special_omkostnad"]
        );
        assert_eq!(
            problems[1].1,
            words::new_assignment_error("special_arvode", "format")
        );
    }

    fn weekly_since(from: NaiveDate) -> Terms {
        Terms {
            from,
            frequency: Frequency::Weekly,
            special: None,
        }
    }

    #[test]
    fn a_change_of_terms_is_checked_as_the_server_checks_it() {
        let today = d(2026, 11, 22);
        let current = [weekly_since(d(2026, 3, 1))];
        let mut draft = TermsDraft {
            from: "2026-12-01".into(),
            frequency: "several_per_week".into(),
            reason: " Beslut 2026-11-20 ".into(),
            ..TermsDraft::default()
        };
        let change = build_terms_change(&draft, "child", &current, today).unwrap();
        assert_eq!(change.from, d(2026, 12, 1));
        assert_eq!(change.frequency, Frequency::SeveralPerWeek);
        assert_eq!(change.reason, "Beslut 2026-11-20");

        draft.frequency = "weekly".into();
        draft.from = "2026-10-31".into();
        draft.reason = String::new();
        assert_eq!(
            fields(&build_terms_change(&draft, "child", &current, today).unwrap_err()),
            ["from", "frequency", "reason"],
            "a closed month, unchanged terms and no reason"
        );
        draft.from = "första december".into();
        draft.frequency = String::new();
        draft.reason = "Beslut".into();
        let problems = build_terms_change(&draft, "child", &current, today).unwrap_err();
        assert_eq!(fields(&problems), ["from", "frequency"]);
        assert_eq!(problems[0].1, words::terms_error("from", "format", today));

        let special = [Terms {
            special: Some((9_000, 1_500)),
            ..weekly_since(d(2026, 3, 1))
        }];
        let draft = TermsDraft {
            from: "2027-01-01".into(),
            frequency: "weekly".into(),
            special_arvode: "9 500 kr".into(),
            special_omkostnad: "1 500".into(),
            reason: "Nytt beslut".into(),
        };
        let change = build_terms_change(&draft, "special", &special, today).unwrap();
        assert_eq!(
            (change.special_arvode, change.special_omkostnad),
            (Some(9_500), Some(1_500))
        );
    }

    #[test]
    fn the_plan_form_keeps_its_follow_up_rule_and_names_a_bad_one() {
        let mut form = empty_plan("child");
        assert_eq!(form.follow_up_rule, FollowUpRule::default());
        form.goals[0].text = "Fler vänner".into();
        form.goals[0].how_noticed = "Träffar kompisar".into();
        form.follow_up_rule.first_after_months = 2;
        assert_eq!(
            build_plan(&form, "child")
                .unwrap()
                .follow_up_rule
                .first_after_months,
            2
        );
        form.follow_up_rule.every_months = 0;
        let problems = build_plan(&form, "child").unwrap_err();
        assert_eq!(fields(&problems), ["follow_up_rule.every_months"]);
        assert_eq!(
            plan_target("follow_up_rule.every_months"),
            "plan-follow_up_rule-every_months"
        );
    }

    #[test]
    fn a_plan_drops_empty_contact_rows_and_names_problems_by_the_rows_shown() {
        let mut form = empty_plan("child");
        form.goals[0].text = " Fler vänner ".into();
        form.goals[0].how_noticed = "Träffar kompisar på fritiden".into();
        let plan = build_plan(&form, "child").unwrap();
        assert!(
            plan.contacts.is_empty(),
            "the untouched contact row is dropped"
        );
        assert_eq!(plan.goals[0].text, "Fler vänner");
        assert_eq!(plan.special, None);

        form.contacts = vec![
            Default::default(),
            kp_domain::assignment::PlanContact {
                who: "God man".into(),
                how_often: String::new(),
            },
        ];
        let problems = build_plan(&form, "child").unwrap_err();
        assert_eq!(fields(&problems), ["contacts[1].how_often"]);
        assert_eq!(problems[0].1, "Skriv hur ofta kontakt 2 ska ske.");
    }

    #[test]
    fn a_special_plan_needs_its_agreed_support_and_authority_contacts() {
        let mut form = empty_plan("special");
        form.goals[0].text = "Stabil skolgång".into();
        form.goals[0].how_noticed = "Närvaro över 90 %".into();
        let problems = build_plan(&form, "special").unwrap_err();
        assert_eq!(
            fields(&problems),
            [
                "special.agreed_support",
                "special.school_and_authority_contacts"
            ]
        );
        assert_eq!(plan_target(&problems[0].0), "plan-special-agreed_support");
    }

    #[test]
    fn a_follow_up_assesses_the_goals_chosen_and_is_held_between_the_start_and_today() {
        let plan = Plan {
            goals: vec![Default::default(), Default::default()],
            ..Plan::default()
        };
        let start = d(2026, 3, 1);
        let today = d(2026, 11, 24);
        let mut draft = FollowUpDraft {
            date: "2026-11-20".into(),
            notes: "Det går bra.".into(),
            ..FollowUpDraft::default()
        };
        draft.assessments.insert(1, "progress".into());
        let follow_up = build_follow_up(&draft, &plan, start, today).unwrap();
        assert_eq!(
            follow_up.assessments,
            [GoalAssessment {
                goal: 1,
                progress: GoalProgress::Progress
            }]
        );
        draft.date = "2026-12-01".into();
        draft.notes = String::new();
        let problems = build_follow_up(&draft, &plan, start, today).unwrap_err();
        assert_eq!(fields(&problems), ["date", "notes"]);
        assert!(problems[0].1.contains("framtiden"));
        draft.date = "igår".into();
        assert_eq!(
            fields(&build_follow_up(&draft, &plan, start, today).unwrap_err()),
            ["date", "notes"]
        );
    }

    #[test]
    fn an_ending_needs_every_answer_and_a_day_between_the_start_and_today() {
        let start = d(2026, 3, 1);
        let today = d(2026, 11, 24);
        let problems = build_ending(&EndingDraft::default(), start, today).unwrap_err();
        assert_eq!(
            fields(&problems),
            ["date", "reason", "initiated_by", "contact_person_continues"]
        );
        let draft = EndingDraft {
            date: "2026-11-24".into(),
            reason: "Barnet har flyttat.".into(),
            initiated_by: "young_person_or_family".into(),
            continues: "yes".into(),
        };
        let ending = build_ending(&draft, start, today).unwrap();
        assert_eq!(ending.initiated_by, EndedBy::YoungPersonOrFamily);
        assert!(ending.contact_person_continues);
        let early = EndingDraft {
            date: "2026-02-01".into(),
            ..draft
        };
        let problems = build_ending(&early, start, today).unwrap_err();
        assert_eq!(fields(&problems), ["date"]);
        assert!(problems[0].1.contains("2026-03-01"));
    }

    #[test]
    fn a_held_follow_up_ticks_the_dates_it_counts_for_and_missed_ones_are_overdue() {
        let schedule = [d(2026, 6, 1), d(2026, 12, 1), d(2027, 6, 1)];
        let today = d(2026, 12, 10);
        assert_eq!(
            schedule_rows(&schedule, &[d(2026, 5, 20)], today),
            [
                (d(2026, 6, 1), Scheduled::Held),
                (d(2026, 12, 1), Scheduled::Overdue),
                (d(2027, 6, 1), Scheduled::Upcoming),
            ]
        );
        assert_eq!(
            schedule_rows(&schedule, &[d(2026, 11, 15)], today)[1],
            (d(2026, 12, 1), Scheduled::Held),
            "up to a month early counts"
        );
        assert!(follow_up_overdue(Some(d(2026, 12, 1)), None, today));
        assert!(!follow_up_overdue(
            Some(d(2026, 12, 1)),
            Some(d(2026, 12, 5)),
            today
        ));
        assert!(!follow_up_overdue(Some(d(2026, 12, 10)), None, today));
    }
}
