//! Setting up a second factor: the QR code for an authenticator app (drawn here from the path
//! the server sends; no outside service sees the secret), the secret as text for typing by hand,
//! a code to prove the app has it, then the ten recovery codes, shown once. Used on "Mitt konto"
//! ([`SecondFactorSection`]) and, for an account that must have one, as the only page until it
//! is done ([`SecondFactorFirstPage`]). [`CodeField`] is the code input both this and the
//! sign-in's code step use.

use kp_domain::second_factor::{SecondFactorSetup, SecondFactorStatus};
use leptos::prelude::*;

use super::text::{self, code_error, CodeAt};
use super::{reopen_area, GoTo, Session, SignedOut};
use crate::api;

/// A labelled code input with its hint and, when there is one, its error (linked by
/// `aria-describedby`, marked `aria-invalid`).
#[component]
pub fn CodeField(
    id: &'static str,
    label: &'static str,
    hint: &'static str,
    value: RwSignal<String>,
    error: RwSignal<Option<&'static str>>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || match error.get() {
            Some(_) => format!("{hint_id} {error_id}"),
            None => hint_id.clone(),
        }
    };
    view! {
        <div class="form-group" class:form-group-error=move || error.get().is_some()>
            <label class="label" for=id>{label}</label>
            <p class="hint" id=hint_id>{hint}</p>
            {move || error.get().map(|m| view! {
                <p class="field-error" id=error_id.clone()><span class="visually-hidden">"Fel: "</span>{m}</p>
            })}
            <input id=id class="input width-10" type="text" autocomplete="one-time-code" spellcheck="false"
                class:input-error=move || error.get().is_some()
                aria-invalid=move || error.get().map(|_| "true")
                aria-describedby=described
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
        </div>
    }
}

/// The QR code of `setup`, drawn as SVG with a four-module quiet zone.
fn qr_code(setup: &SecondFactorSetup) -> impl IntoView {
    let size = setup.qr_size + 8;
    view! {
        <svg class="qr-code" role="img" aria-labelledby="qr-title" viewBox=format!("-4 -4 {size} {size}")
            shape-rendering="crispEdges" xmlns="http://www.w3.org/2000/svg">
            <title id="qr-title">"QR-kod att skanna med autentiseringsappen"</title>
            <rect x="-4" y="-4" width=size height=size fill="#fff"/>
            <path d=setup.qr_path.clone() fill="#000"/>
        </svg>
    }
}

/// Where setting up stands.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    /// Nothing shown yet.
    Start,
    /// The QR code and the secret are shown; waiting for a code.
    Scan(SecondFactorSetup),
    /// Switched on: the recovery codes, shown this once.
    Codes(Vec<String>),
}

/// The steps of setting up: start, scan and confirm, the recovery codes (its headings are h3,
/// under the h2 of what holds it). `on_done` runs when the person has seen the recovery codes
/// and goes on.
#[component]
pub fn SetupForm(start_label: &'static str, on_done: impl Fn() + Copy + 'static) -> impl IntoView {
    // Kept in the arena so the view's closures can call it without being `Send`.
    let on_done = StoredValue::new_local(on_done);
    let step = RwSignal::new(Step::Start);
    let code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<&'static str>);
    let general = RwSignal::new(None::<String>);
    let sender = api::Sender::new();
    let busy = sender.pending();
    let begin = move || {
        if sender.is_pending() {
            return;
        }
        general.set(None);
        sender.send(async move {
            let result = api::begin_second_factor().await;
            match result {
                Ok(setup) => {
                    error.set(None);
                    code.set(String::new());
                    step.set(Step::Scan(setup));
                    crate::dom::focus_soon("setup-scan-heading");
                }
                Err(_) => general.set(Some(
                    "Det gick inte att skapa en QR-kod. Försök igen om en stund.".into(),
                )),
            }
        });
    };
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sender.is_pending() {
            return;
        }
        if code.get_untracked().trim().is_empty() {
            error.set(Some("Skriv koden som appen visar."));
            crate::dom::focus_soon("setup-code");
            return;
        }
        sender.send(async move {
            let result = api::confirm_second_factor(&code.get_untracked()).await;
            code.set(String::new());
            match result {
                Ok(codes) => {
                    error.set(None);
                    step.set(Step::Codes(codes.codes));
                    crate::dom::focus_soon("recovery-heading");
                }
                Err(e) => match code_error(&e, CodeAt::Enrolment) {
                    Ok(message) => {
                        error.set(Some(message));
                        crate::dom::focus_soon("setup-code");
                    }
                    Err(message) => {
                        step.set(Step::Start);
                        general.set(Some(message));
                    }
                },
            }
        });
    };
    view! {
        <div class="feedback" role="status">
            {move || general.get().map(|m| view! { <p class="notice-error">{m}</p> })}
        </div>
        {move || match step.get() {
            Step::Start => view! {
                <button type="button" class="button" aria-disabled=move || busy.get().then_some("true")
                    on:click=move |_| begin()>{start_label}</button>
            }.into_any(),
            Step::Scan(setup) => view! {
                <h3 id="setup-scan-heading" tabindex="-1">"1. Skanna QR-koden"</h3>
                <p>"Öppna en autentiseringsapp i din telefon, till exempel Microsoft Authenticator, Google Authenticator eller FreeOTP, välj att lägga till ett konto och skanna koden."</p>
                {qr_code(&setup)}
                <p>"Går det inte att skanna? Välj att skriva in nyckeln i appen i stället:"</p>
                <p class="secret-text" aria-label="Nyckel att skriva in i appen">{setup.secret.clone()}</p>
                <h3>"2. Skriv koden som appen visar"</h3>
                <form class="narrow" on:submit=confirm novalidate>
                    <CodeField id="setup-code" label="Kod från appen" value=code error=error
                        hint="Sex siffror. Koden byts var 30:e sekund."/>
                    <div class="actions">
                        <button type="submit" class="button" aria-disabled=move || busy.get().then_some("true")>
                            {move || if busy.get() { "Kontrollerar …" } else { "Slå på tvåstegsverifiering" }}
                        </button>
                        <button type="button" class="button button-secondary" on:click=move |_| step.set(Step::Start)>
                            "Avbryt"
                        </button>
                    </div>
                </form>
            }.into_any(),
            Step::Codes(codes) => view! {
                <h3 id="recovery-heading" tabindex="-1">"Tvåstegsverifieringen är på. Spara dina reservkoder"</h3>
                <p>"Om du inte har telefonen kan du logga in med en av de här koderna i stället. Varje kod fungerar en gång. Skriv ut dem eller skriv av dem och förvara dem säkert. De visas bara nu."</p>
                <ol class="recovery-codes">
                    {codes.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}
                </ol>
                <button type="button" class="button" on:click=move |_| on_done.with_value(|done| done())>"Jag har sparat koderna"</button>
            }.into_any(),
        }}
    }
}

/// "Tvåstegsverifiering" on "Mitt konto": whether it is on, the recovery codes left, and setting
/// up (or replacing) the app.
#[component]
pub fn SecondFactorSection() -> impl IntoView {
    let status = api::load(api::second_factor);
    let open = RwSignal::new(false);
    let describe = |s: &SecondFactorStatus| match (s.enabled, s.required) {
        (true, _) => format!(
            "På. Du loggar in med lösenord och en kod från appen. {}",
            match s.recovery_codes_left {
                0 => "Alla reservkoder är använda: välj Byt app för att få nya.".to_string(),
                1 => "1 reservkod kvar.".to_string(),
                n => format!("{n} reservkoder kvar."),
            }
        ),
        (false, true) => "Av, men ditt konto måste ha den.".to_string(),
        (false, false) => {
            "Av. Slå på den för att skydda kontot med en kod från din telefon utöver lösenordet."
                .to_string()
        }
    };
    view! {
        <section aria-labelledby="second-factor-heading">
            <h2 id="second-factor-heading">"Tvåstegsverifiering"</h2>
            <Transition fallback=|| view! { <p class="status" role="status">"Hämtar …"</p> }>
                {move || status.get().map(|s| match s {
                    Ok(s) => {
                        let label = if s.enabled { "Byt app" } else { "Slå på tvåstegsverifiering" };
                        view! {
                            <p>{describe(&s)}</p>
                            {move || if open.get() {
                                view! { <SetupForm start_label="Skapa en QR-kod" on_done=move || {
                                    open.set(false);
                                    status.refetch();
                                }/> }.into_any()
                            } else {
                                view! { <button type="button" class="button button-secondary"
                                    on:click=move |_| open.set(true)>{label}</button> }.into_any()
                            }}
                        }.into_any()
                    }
                    Err(_) => view! { <p role="alert">"Uppgifterna kunde inte hämtas. Ladda om sidan."</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

/// The page someone who must have a second factor and has none sees instead of any other. The
/// server refuses everything else meanwhile (403 `second_factor_required`).
#[component]
pub fn SecondFactorFirstPage() -> impl IntoView {
    let Session(session) = expect_context::<Session>();
    let SignedOut(signed_out) = expect_context::<SignedOut>();
    let go_to = expect_context::<GoTo>();
    crate::dom::set_document_meta(
        kp_domain::Locale::Sv,
        &format!("Slå på tvåstegsverifiering – {}", text::PRODUCT),
        "Skydda kontot med en kod från din telefon innan du fortsätter",
    );
    // Asking who is signed in again ends the flow the write began: sent by the same kind of
    // sender, so it is never started twice.
    let reopening = api::Sender::new();
    let done = move || {
        reopening.send(reopen_area(session, signed_out, go_to, |user| {
            user.must_enrol_second_factor = false
        }));
    };
    view! {
        <h1 id="second-factor-first-heading">"Slå på tvåstegsverifiering"</h1>
        <div class="lead-small">
            <p>"Ditt konto ger åtkomst till känsliga personuppgifter. Därför måste du logga in med en kod från en app i din telefon, utöver lösenordet. Det tar ett par minuter och behöver bara göras en gång."</p>
        </div>
        <h2>"Så här gör du"</h2>
        <SetupForm start_label="Börja" on_done=done/>
    }
}
