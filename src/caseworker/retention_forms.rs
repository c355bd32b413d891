//! The retention screen's two forms: changing a rule (its period and the decision it rests on)
//! and placing a hold. Each checks with the domain's rules before sending, shows the server's
//! refusals per field, and leads with an error summary that takes the focus.

use kp_domain::retention::{Category, Period, RetentionRule};
use leptos::prelude::*;

use super::form_parts::{described, error_line, message_of};
use super::notice::Notice;
use super::retention_text::{
    check_hold, check_rule, failure_text, field_errors, hold_error, rule_error, unit_plural,
    HoldField, RuleField,
};
use crate::api;
use crate::components::error_summary::ErrorSummary;
use crate::dom::focus_soon;

impl RuleField {
    fn id(self) -> &'static str {
        match self {
            RuleField::Amount => "rule-amount",
            RuleField::Decision => "rule-decision",
        }
    }
}

impl HoldField {
    fn id(self) -> &'static str {
        match self {
            HoldField::Reference => "hold-reference",
            HoldField::Reason => "hold-reason",
        }
    }
}

/// Changing one category's rule. Saved: `done` is told what to say and the form closes.
#[component]
pub(super) fn RuleEditor<F: Fn(String) + Copy + Send + Sync + 'static>(
    rule: RetentionRule,
    editing: RwSignal<Option<Category>>,
    done: F,
) -> impl IntoView {
    let category = rule.category;
    let (low, high) = category.bounds();
    let amount = RwSignal::new(rule.amount.to_string());
    // A default's text says no decision is recorded: the form asks for the real one.
    let decision = RwSignal::new(if rule.changed_at.is_some() {
        rule.decision.clone()
    } else {
        String::new()
    });
    let errors = RwSignal::new(Vec::<(RuleField, String)>::new());
    let general = RwSignal::new(None::<String>);
    let sender = api::Sender::new();
    let busy = sender.pending();
    let fail = move |found: Vec<(RuleField, String)>, message: Option<String>| {
        errors.set(found);
        general.set(message);
        focus_soon("rule-errors");
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sender.is_pending() {
            return;
        }
        let form = match check_rule(category, &amount.get_untracked(), &decision.get_untracked()) {
            Ok(form) => form,
            Err(found) => return fail(found, None),
        };
        sender.send(async move {
            let result = api::set_retention_rule(category, &form).await;
            match result {
                Ok(()) => {
                    editing.set(None);
                    let period = Period {
                        amount: u32::try_from(form.amount).unwrap_or_default(),
                        unit: category.unit(),
                    };
                    done(format!(
                        "Regeln är sparad: {} gallras efter {}.",
                        category.swedish(),
                        period.swedish()
                    ));
                }
                Err(e) if !e.fields.is_empty() => fail(
                    field_errors(&e.fields, |f, c| rule_error(category, f, c)),
                    None,
                ),
                Err(e) => fail(Vec::new(), Some(failure_text(e.status, &e.code).into())),
            }
        });
    };
    let error_of = move |field: RuleField| message_of(errors, field);
    let amount_error = error_of(RuleField::Amount);
    let decision_error = error_of(RuleField::Decision);
    let unit = unit_plural(category.unit());
    view! {
        <form class="step-form" novalidate on:submit=submit aria-labelledby="rule-form-heading">
            <h3 id="rule-form-heading">{format!("Ändra regeln: {}", category.swedish())}</h3>
            <ErrorSummary id="rule-errors" title="Regeln är inte sparad" subsection=true refusal=general
                problems={move || errors.get().into_iter().map(|(f, m)| (f.id().to_string(), m)).collect::<Vec<_>>()}/>
            <div class="form-group" class:form-group-error=move || amount_error().is_some()>
                <label class="label" for="rule-amount">{format!("Gallras efter (antal {unit})")}</label>
                <p class="hint" id="rule-amount-hint">{format!("Ett helt antal {unit} från {low} till {high}.")}</p>
                {move || error_line("rule-amount", amount_error())}
                <input id="rule-amount" class="input input-date" inputmode="numeric" autocomplete="off"
                    class:input-error=move || amount_error().is_some()
                    aria-invalid=move || amount_error().map(|_| "true")
                    aria-describedby=move || described("rule-amount", amount_error().is_some())
                    prop:value=move || amount.get() on:input=move |ev| amount.set(event_target_value(&ev))/>
            </div>
            <div class="form-group" class:form-group-error=move || decision_error().is_some()>
                <label class="label" for="rule-decision">"Beslut som regeln vilar på"</label>
                <p class="hint" id="rule-decision-hint">"Till exempel Socialnämndens dokumenthanteringsplan, beslut 2026-03-01 § 12."</p>
                {move || error_line("rule-decision", decision_error())}
                <textarea id="rule-decision" class="textarea"
                    class:input-error=move || decision_error().is_some()
                    aria-invalid=move || decision_error().map(|_| "true")
                    aria-describedby=move || described("rule-decision", decision_error().is_some())
                    prop:value=move || decision.get() on:input=move |ev| decision.set(event_target_value(&ev))>
                </textarea>
            </div>
            <div class="actions">
                <button type="submit" class="button" aria-disabled=move || busy.get().then_some("true")>
                    {move || if busy.get() { "Sparar …" } else { "Spara regeln" }}
                </button>
                <button type="button" class="button button-secondary" on:click=move |_| {
                    editing.set(None);
                    focus_soon(format!("edit-{}", category.code()));
                }>"Avbryt"</button>
            </div>
        </form>
    }
}

/// Placing a hold on an applicant. Placed: `notice` says so and `placed` reloads the page.
#[component]
pub(super) fn NewHoldForm<F: Fn() + Copy + Send + Sync + 'static>(
    notice: RwSignal<Option<Notice>>,
    placed: F,
) -> impl IntoView {
    let reference = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<(HoldField, String)>::new());
    let general = RwSignal::new(None::<String>);
    let sender = api::Sender::new();
    let busy = sender.pending();
    let fail = move |found: Vec<(HoldField, String)>, message: Option<String>| {
        errors.set(found);
        general.set(message);
        focus_soon("hold-errors");
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sender.is_pending() {
            return;
        }
        notice.set(None);
        let form = match check_hold(&reference.get_untracked(), &reason.get_untracked()) {
            Ok(form) => form,
            Err(found) => return fail(found, None),
        };
        sender.send(async move {
            let result = api::place_hold(&form).await;
            match result {
                Ok(()) => {
                    errors.set(Vec::new());
                    general.set(None);
                    reference.set(String::new());
                    reason.set(String::new());
                    notice.set(Some(Notice::Done(
                        "Spärren är lagd. Inget om den sökande gallras förrän spärren hävs.".into(),
                    )));
                    placed();
                    focus_soon("retention-notice");
                }
                Err(e) if !e.fields.is_empty() => fail(field_errors(&e.fields, hold_error), None),
                Err(e) => fail(Vec::new(), Some(failure_text(e.status, &e.code).into())),
            }
        });
    };
    let error_of = move |field: HoldField| message_of(errors, field);
    let reference_error = error_of(HoldField::Reference);
    let reason_error = error_of(HoldField::Reason);
    view! {
        <form class="narrow" novalidate on:submit=submit aria-labelledby="new-hold-heading">
            <h3 id="new-hold-heading">"Lägg en spärr"</h3>
            <ErrorSummary id="hold-errors" title="Spärren är inte lagd" subsection=true refusal=general
                problems={move || errors.get().into_iter().map(|(f, m)| (f.id().to_string(), m)).collect::<Vec<_>>()}/>
            <div class="form-group" class:form-group-error=move || reference_error().is_some()>
                <label class="label" for="hold-reference">"Sökandes referensnummer"</label>
                <p class="hint" id="hold-reference-hint">"Till exempel KP-2026-0042. Spärren gäller också personens uppdrag."</p>
                {move || error_line("hold-reference", reference_error())}
                <input id="hold-reference" class="input input-date" autocomplete="off" spellcheck="false"
                    class:input-error=move || reference_error().is_some()
                    aria-invalid=move || reference_error().map(|_| "true")
                    aria-describedby=move || described("hold-reference", reference_error().is_some())
                    prop:value=move || reference.get() on:input=move |ev| reference.set(event_target_value(&ev))/>
            </div>
            <div class="form-group" class:form-group-error=move || reason_error().is_some()>
                <label class="label" for="hold-reason">"Skäl"</label>
                <p class="hint" id="hold-reason-hint">"Till exempel ett överklagande, ett klagomål eller en JO-anmälan, med diarienummer."</p>
                {move || error_line("hold-reason", reason_error())}
                <textarea id="hold-reason" class="textarea"
                    class:input-error=move || reason_error().is_some()
                    aria-invalid=move || reason_error().map(|_| "true")
                    aria-describedby=move || described("hold-reason", reason_error().is_some())
                    prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))>
                </textarea>
            </div>
            <button type="submit" class="button" aria-disabled=move || busy.get().then_some("true")>
                {move || if busy.get() { "Spärrar …" } else { "Spärra mot gallring" }}
            </button>
        </form>
    }
}
