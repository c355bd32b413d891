//! The interest form (intresseanmälan) in four steps → check your answers → confirmation with the
//! reference number and a printable receipt. Where the applicant is lives in the address
//! (`?steg=2`, `?steg=kontroll`), so the browser's Back and Forward buttons move between steps and
//! a reload stays put; which steps the answers reach, what "Fortsätt" checks and where a refusal
//! leads are `kp_domain::form_steps`. Typing is kept in the browser as it happens
//! (`crate::draft`, with the step); validation is `kp_domain::application::validate`, the same
//! function the server runs; the server's answer codes are worded here in the reader's language.

mod check;
mod district;
mod questions;

use kp_domain::api::{ApplicationReceipt, FieldError};
use kp_domain::application::{ApplicationForm, CONSENT_VERSION};
use kp_domain::form_steps::{
    after_continue, place_to_show, refusal_step, step_of, validate_step, FormPlace, PLACE_PARAM,
};
use kp_domain::form_text::{
    confirmation_mail_text, error_message, step_caption, step_document_title, step_heading,
    FormText,
};
use kp_domain::i18n::{document_title, fill, Ui};
use kp_domain::locale::Direction;
use kp_domain::{Locale, PublicPage};
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::error_summary::{ErrorSummary, SummaryProblem};
use crate::components::form::{control_id, Bidi, FieldContext};
use crate::components::layout::Layout;
use crate::dom;
use crate::draft::{self, Draft};
use crate::pages::navigation;
use check::answer_rows;
use questions::{questions, Answers};

/// A problem with sending (not with the answers).
#[derive(Clone, Debug, PartialEq)]
enum SendProblem {
    Offline,
    /// Wait this many minutes.
    RateLimited(u64),
    Failed,
}

impl SendProblem {
    /// What the check page's error summary says, in the reader's language.
    fn message(&self, t: &FormText) -> String {
        match self {
            SendProblem::Offline => t.offline.to_string(),
            SendProblem::Failed => t.send_failed.to_string(),
            SendProblem::RateLimited(minutes) => {
                fill(t.rate_limited, &[("minutes", &minutes.to_string())])
            }
        }
    }

    /// What a refusal that is not about the answers means for the applicant.
    fn of(error: &ApiError) -> SendProblem {
        if error.is_network() {
            SendProblem::Offline
        } else if error.status == 429 {
            SendProblem::RateLimited(error.retry_after.unwrap_or(600).div_ceil(60))
        } else {
            SendProblem::Failed
        }
    }
}

/// Today in Sweden, as the server checks the answers (not the browser's zone, which could make
/// the two disagree near midnight or abroad).
fn today() -> chrono::NaiveDate {
    kp_domain::time::today_in_sweden(chrono::Utc::now())
}

/// Moves focus to the element `id` once it is drawn.
fn focus(id: &str) {
    let id = id.to_string();
    request_animation_frame(move || {
        if let Some(el) = document().get_element_by_id(&id) {
            use wasm_bindgen::JsCast;
            if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                el.focus().ok();
            }
        }
    });
}

/// The errors as the error summary lists them: each field's control (the consent version is
/// answered by the consent box), and its message in the reader's language.
fn summary_problems(t: &FormText, errors: &[FieldError]) -> Vec<SummaryProblem> {
    errors
        .iter()
        .map(|e| {
            let field = if e.field == "consent_version" {
                "consent"
            } else {
                e.field.as_str()
            };
            (control_id(field), error_message(t, e))
        })
        .collect()
}

/// The interest form page.
#[component]
pub fn ApplyPage(
    locale: Locale,
    /// The form's texts in `locale`, as the server embedded them.
    t: &'static FormText,
    /// The interface texts in `locale`, as the server embedded them.
    u: &'static Ui,
) -> impl IntoView {
    let rtl = locale.dir() == Direction::Rtl;
    let cx = FieldContext {
        error_prefix: t.error_prefix,
        rtl,
    };
    let nav = api::cached_page(locale, PublicPage::Apply.id())
        .or_else(|| api::cached_page(locale, PublicPage::Start.id()))
        .map(|p| p.nav)
        .unwrap_or_default();
    // The answers, restored from this browser if the applicant was here before.
    let restored = draft::load().unwrap_or_default();
    let draft_key = StoredValue::new(restored.key.clone());
    let restored_place = restored.place.as_deref().and_then(FormPlace::parse);
    let empty = ApplicationForm {
        locale: Some(locale),
        consent_version: CONSENT_VERSION.into(),
        ..ApplicationForm::default()
    };
    let form = RwSignal::new(ApplicationForm {
        locale: Some(locale),
        consent_version: CONSENT_VERSION.into(),
        website: String::new(),
        ..restored.form
    });
    let clearing = RwSignal::new(false);
    let cleared = RwSignal::new(false);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let tried = RwSignal::new(false);
    let sender = api::Sender::new();
    let sending = sender.pending();
    let problem = RwSignal::new(None::<SendProblem>);
    let receipt = RwSignal::new(None::<ApplicationReceipt>);
    // Came to a step from the check page to change an answer: "Fortsätt" leads back there.
    let returning = RwSignal::new(false);
    // What to focus and which errors to show when the next place arrives (a change link, a
    // refusal); by default the heading, and no errors.
    let arrival = StoredValue::new(None::<(String, Vec<FieldError>)>);

    // Where the applicant is: the address's `?steg=`, or the draft's step when the address has
    // none, as far as the answers reach.
    let address = navigation::use_address();
    let path = StoredValue::new(address.path.get_untracked());
    let asked = move || {
        navigation::query_value(address, PLACE_PARAM)
            .as_deref()
            .and_then(FormPlace::parse)
    };
    let href =
        move |to: FormPlace| format!("{}?{PLACE_PARAM}={}", path.get_value(), to.query_value());
    let go = move |to: FormPlace, replace: bool| navigation::navigate(&href(to), replace);
    let initial = place_to_show(
        &form.get_untracked(),
        untrack(|| navigation::query_value(address, PLACE_PARAM))
            .as_deref()
            .and_then(FormPlace::parse)
            .or(restored_place),
        false,
        today(),
    );
    let place = RwSignal::new(initial);

    // The address changed (a step, Back, Forward): show the place it names if the answers reach
    // it, else the first step that needs answers, and make the address say so.
    Effect::new(move |first: Option<()>| {
        let wanted = asked();
        let from_draft = if first.is_none() {
            restored_place
        } else {
            None
        };
        let shown = place_to_show(
            &form.get_untracked(),
            wanted.or(from_draft),
            receipt.with_untracked(Option::is_some),
            today(),
        );
        if wanted != Some(shown) && !(wanted.is_none() && shown == FormPlace::Step(1)) {
            go(shown, true);
        }
        if shown != place.get_untracked() {
            if shown != FormPlace::Done {
                receipt.set(None);
            }
            if shown == FormPlace::Check {
                returning.set(false);
            }
            let (target, found) = arrival
                .get_value()
                .unwrap_or_else(|| ("page-heading".into(), Vec::new()));
            arrival.set_value(None);
            tried.set(!found.is_empty());
            errors.set(found);
            clearing.set(false);
            cleared.set(false);
            problem.set(None);
            place.set(shown);
            focus(&target);
        }
    });

    // The document title names the step, and starts with "Fel:" (in the page's language) while
    // the step shows errors, as GOV.UK does: a screen reader says it before anything else.
    Effect::new(move |_| {
        let title = match place.get() {
            FormPlace::Step(step) => {
                step_document_title(u, t, step, errors.with(|e| !e.is_empty()))
            }
            FormPlace::Check => document_title(u, false, t.check_title),
            FormPlace::Done => document_title(u, false, t.done_title),
        };
        dom::set_document_meta(locale, &title, t.intro);
    });

    // Keep the draft (with the step) as the applicant types and moves.
    let untouched = empty.clone();
    let empty = StoredValue::new(empty);
    Effect::new(move |_| {
        let at = place.get();
        form.with(|current| {
            if *current == untouched {
                // Nothing typed (or just emptied, or sent): nothing is kept.
                draft::clear();
            } else {
                draft::save(&Draft {
                    form: current.clone(),
                    key: draft_key.get_value(),
                    saved_at_ms: None,
                    place: (at != FormPlace::Done).then(|| at.query_value()),
                });
            }
        });
    });
    // After a first "Fortsätt" on a step, its errors follow the answers (a refusal's errors stay
    // until the applicant changes something).
    Effect::new(move |_| {
        let current = form.get();
        if let (true, FormPlace::Step(step)) = (tried.get_untracked(), place.get_untracked()) {
            errors.set(validate_step(&current, step, today()));
        }
    });

    let continue_step = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let FormPlace::Step(step) = place.get_untracked() else {
            return;
        };
        match after_continue(
            &form.get_untracked(),
            step,
            returning.get_untracked(),
            today(),
        ) {
            Ok(next) => go(next, false),
            Err(found) => {
                tried.set(true);
                errors.set(found);
                focus("error-summary");
            }
        }
    };

    let send = move |_| {
        if sender.is_pending() {
            return; // A double click sends once (and the key makes a resend harmless anyway).
        }
        problem.set(None);
        let at = place.get_untracked();
        let mut current = Draft {
            form: form.get_untracked(),
            key: draft_key.get_value(),
            saved_at_ms: None,
            place: Some(at.query_value()),
        };
        let key = current.key_for_sending(draft::fresh_key);
        draft_key.set_value(current.key.clone());
        draft::save(&current);
        sender.send(async move {
            let result = api::submit_application(&current.form, &key).await;
            match result {
                Ok(sent) => {
                    // The answers are gone from this browser: Back leads to an empty form.
                    receipt.set(Some(sent));
                    draft_key.set_value(None);
                    form.set(empty.get_value());
                    go(FormPlace::Done, true);
                }
                Err(error) => match error.invalid_fields() {
                    Some(found) => {
                        // Shown on the step of the first error; once fixed, "Fortsätt" leads
                        // straight back here.
                        let (step, shown) = refusal_step(found);
                        returning.set(true);
                        arrival.set_value(Some(("error-summary".into(), shown)));
                        go(FormPlace::Step(step), false);
                    }
                    None => {
                        problem.set(Some(SendProblem::of(&error)));
                        focus("error-summary");
                    }
                },
            }
        });
    };

    // "Tillbaka": an ordinary link to the step before, which the router follows.
    let back_link = move |to: FormPlace| {
        view! {
            <a class="back-link" href=href(to)>
                {t.back}
            </a>
        }
    };

    let error_summary = move || {
        view! {
            <ErrorSummary id="error-summary" title=t.error_summary heading_id="error-summary-title"
                problems=move || summary_problems(t, &errors.get()) rtl=rtl/>
        }
    };

    // Step 1 only: what the form is, that typing is kept here, and how to empty it.
    let introduction = move || {
        view! {
            <p class="lead"><Bidi text=t.intro rtl=rtl/></p>
            <div class="inset">
                <p>{t.saved_note}</p>
                {move || if clearing.get() {
                    view! {
                        <div role="group" aria-labelledby="clear-question">
                            <p id="clear-question"><strong>{t.clear_confirm}</strong></p>
                            <div class="row-actions">
                                <button type="button" class="button button-warning" id="clear-yes" on:click={
                                    move |_| {
                                        draft::clear();
                                        draft_key.set_value(None);
                                        errors.set(Vec::new());
                                        tried.set(false);
                                        form.set(empty.get_value());
                                        clearing.set(false);
                                        cleared.set(true);
                                        focus("clear-form");
                                    }
                                }>{t.clear_yes}</button>
                                <button type="button" class="button button-secondary" on:click=move |_| {
                                    clearing.set(false);
                                    focus("clear-form");
                                }>{t.clear_no}</button>
                            </div>
                        </div>
                    }.into_any()
                } else {
                    view! {
                        <button type="button" class="button button-secondary" id="clear-form" on:click=move |_| {
                            clearing.set(true);
                            focus("clear-yes");
                        }>{t.clear_form}</button>
                    }.into_any()
                }}
                <p role="status">{move || cleared.get().then_some(t.cleared)}</p>
            </div>
        }
    };

    let answers = Answers {
        form,
        errors,
        locale,
        t,
        u,
        cx,
    };
    let step_view = move |step: u8| {
        view! {
            {FormPlace::Step(step).previous().map(back_link)}
            {error_summary}
            <h1 id="page-heading" tabindex="-1">
                <span class="step-caption">{step_caption(t, step)}<span class="visually-hidden">": "</span></span>
                {step_heading(t, step)}
            </h1>
            {(step == 1).then(introduction)}
            <form novalidate on:submit=continue_step>
                {questions(step, answers)}
                <button type="submit" class="button">{t.continue_button}</button>
            </form>
        }
    };

    // A change link is an ordinary link to the answer's step, which the router follows (so it
    // opens in a new tab too); a click also says where focus goes and that "Fortsätt" returns.
    let change = move |field: &'static str| {
        returning.set(true);
        arrival.set_value(Some((control_id(field), Vec::new())));
    };

    let check_view = move || {
        let rows = form.with(|f| answer_rows(t, u, f))
            .into_iter()
            .map(|(label, field, value)| view! {
                <div class="summary-row">
                    <dt>{label}</dt>
                    <dd class="summary-value">{value}</dd>
                    <dd class="summary-action">
                        <a href=href(FormPlace::Step(step_of(field))) on:click=move |_| change(field)>
                            {t.change}<span class="visually-hidden">" "{label}</span>
                        </a>
                    </dd>
                </div>
            })
            .collect_view();
        view! {
            {back_link(FormPlace::Step(kp_domain::form_steps::STEPS))}
            <h1 id="page-heading" tabindex="-1">{t.check_title}</h1>
            <dl class="summary-list">{rows}</dl>
            <ErrorSummary id="error-summary" title=t.error_summary heading_id="error-summary-title"
                refusal=Signal::derive(move || problem.get().map(|p| p.message(t))) rtl=rtl/>
            <p class="actions">
                <button type="button" class="button" on:click=send prop:disabled=move || sending.get() aria-disabled=move || sending.get().then_some("true")>
                    {move || if sending.get() { t.sending } else { t.send }}
                </button>
            </p>
        }
    };

    let done_view = move |receipt: ApplicationReceipt| {
        // Swedish time, as every time the municipality shows.
        let received = kp_domain::time::display_in_sweden(&receipt.received_at);
        // Whether a confirmation is e-mailed is the server's to say (a mail server is configured);
        // the reference is shown once, in the panel.
        let mail = confirmation_mail_text(t, &receipt);
        view! {
            <div class="panel" role="status">
                <h1 id="page-heading" tabindex="-1">{t.done_title}</h1>
                <p class="panel-body">{t.reference}<br/><strong class="reference" dir="ltr">{receipt.reference}</strong></p>
            </div>
            <dl class="summary-list receipt">
                <div class="summary-row"><dt>{t.received_at}</dt><dd dir="ltr">{received}</dd></div>
            </dl>
            <p id="confirmation-mail"><Bidi text=mail rtl=rtl/></p>
            <p class="actions">
                <button type="button" class="button button-secondary" on:click=move |_| { if let Some(w) = web_sys::window() { w.print().ok(); } }>{t.print}</button>
            </p>
            <h2>{t.next_title}</h2>
            <p><Bidi text=t.next_text rtl=rtl/></p>
        }
    };

    view! {
        <Layout locale=locale text=u page=Some(PublicPage::Apply) nav=nav>
            {move || match place.get() {
                FormPlace::Step(step) => step_view(step).into_any(),
                FormPlace::Check => check_view().into_any(),
                FormPlace::Done => receipt.get().map(done_view).into_any(),
            }}
        </Layout>
    }
}

/// The texts of the page's language, as the server embedded them in the first HTML: the form's
/// (`kp_domain::form_text::EMBEDDED_ID`) and the interface's (`kp_domain::i18n::EMBEDDED_ID`),
/// each read once. `None` when either is missing or not a whole table: then the app leaves the
/// server's page as it is (it says how to apply by phone or e-mail).
pub fn embedded_texts() -> Option<(&'static FormText, &'static Ui)> {
    Some((
        embedded_table(kp_domain::form_text::EMBEDDED_ID, FormText::from_texts)?,
        embedded_table(kp_domain::i18n::EMBEDDED_ID, Ui::from_texts)?,
    ))
}

/// One text table from the page, kept for the page's life.
fn embedded_table<T>(id: &str, table: fn(Vec<String>) -> Option<T>) -> Option<&'static T> {
    let json = dom::take_embedded_json(id)?;
    table(serde_json::from_str(&json).ok()?).map(|t| &*Box::leak(Box::new(t)))
}

/// The interest form as its own application (the `intresseanmalan` bundle): every path shows the
/// form in the path's language, in the texts the server sent with the page (a link to another
/// language is a full page load); its steps are the address's `?steg=` (`pages::navigation`, no
/// `leptos_router` in this bundle).
#[component]
pub fn ApplyApp(t: &'static FormText, u: &'static Ui) -> impl IntoView {
    let address = navigation::provide(navigation::on_this_page);
    let locale = kp_domain::Route::parse(&address.path.get_untracked()).locale();
    view! { <ApplyPage locale=locale t=t u=u/> }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kp_domain::form_text::form_text;

    fn error(field: &str, code: &str) -> FieldError {
        FieldError {
            field: field.into(),
            code: code.into(),
        }
    }

    #[test]
    fn each_error_is_listed_with_its_field_and_its_message_in_the_readers_language() {
        let errors = [error("email", "required")];
        assert_eq!(
            summary_problems(form_text(Locale::En), &errors),
            vec![(
                "f-email".to_string(),
                error_message(form_text(Locale::En), &errors[0])
            )]
        );
    }

    #[test]
    fn a_refused_send_is_worded_in_the_readers_language_with_the_minutes_to_wait() {
        let sv = form_text(Locale::Sv);
        let waited = SendProblem::RateLimited(3).message(sv);
        assert!(waited.contains('3') && !waited.contains('{'), "{waited}");
        assert_eq!(SendProblem::Offline.message(sv), sv.offline);
        let en = form_text(Locale::En);
        assert_eq!(SendProblem::Failed.message(en), en.send_failed);
    }

    #[test]
    fn an_outdated_consent_leads_to_the_consent_box() {
        let listed = summary_problems(
            form_text(Locale::Sv),
            &[error("consent_version", "outdated")],
        );
        assert_eq!(listed[0].0, "f-consent");
    }
}
