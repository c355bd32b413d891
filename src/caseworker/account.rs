//! The signed-in caseworker's own account: who they are, changing their password (the same form
//! serves the first change of a temporary password), and their sessions (`sessions.rs`).
//!
//! Also home to two small helpers the administration screens share: [`focus_soon`] and
//! [`role_name`].

use kp_domain::api::FieldError;
use kp_domain::caseworker::Role;
use leptos::prelude::*;

use super::signed_out::SignedOutBy;
use super::{second_factor, sessions, text, RequireSignIn, Session, SignedOut};
use crate::api;
use crate::components::error_summary::ErrorSummary;

/// The shortest password the server accepts (`MIN_PASSWORD_CHARS` on the server).
pub(super) const MIN_PASSWORD_CHARS: usize = 12;

pub(super) use crate::dom::focus_soon;

/// A role as the unit calls it.
pub(super) fn role_name(role: Role) -> &'static str {
    match role {
        Role::Admin => "Administratör",
        Role::Caseworker => "Handläggare",
    }
}

/// The three fields of the change-password form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Current,
    New,
    Repeat,
}

impl Field {
    const ALL: [Field; 3] = [Field::Current, Field::New, Field::Repeat];

    fn id(self) -> &'static str {
        match self {
            Field::Current => "password-current",
            Field::New => "password-new",
            Field::Repeat => "password-repeat",
        }
    }
}

/// What the browser can tell before asking the server: every field filled in, the new password
/// long enough, and typed the same twice.
fn check_form(current: &str, new: &str, repeat: &str) -> Vec<(Field, &'static str)> {
    let mut errors = Vec::new();
    if current.is_empty() {
        errors.push((Field::Current, "Skriv ditt nuvarande lösenord."));
    }
    if new.is_empty() {
        errors.push((Field::New, "Skriv ett nytt lösenord."));
    } else if new.chars().count() < MIN_PASSWORD_CHARS {
        errors.push((Field::New, "Det nya lösenordet måste ha minst 12 tecken."));
    }
    if repeat.is_empty() {
        errors.push((Field::Repeat, "Skriv det nya lösenordet en gång till."));
    } else if !new.is_empty() && repeat != new {
        errors.push((
            Field::Repeat,
            "Lösenorden är inte likadana. Skriv det nya lösenordet två gånger.",
        ));
    }
    errors
}

/// The server's field codes for a password change, in Swedish.
fn server_field_error(error: &FieldError) -> (Field, &'static str) {
    match (error.field.as_str(), error.code.as_str()) {
        ("current_password", _) => (Field::Current, "Det nuvarande lösenordet stämmer inte."),
        (_, "too_short") => (Field::New, "Det nya lösenordet måste ha minst 12 tecken."),
        (_, "too_long") => (Field::New, "Det nya lösenordet får ha högst 1 000 tecken."),
        (_, "unchanged") => (
            Field::New,
            "Det nya lösenordet måste skilja sig från det nuvarande.",
        ),
        (_, "too_guessable") => (Field::New, TOO_GUESSABLE),
        _ => (
            Field::New,
            "Det nya lösenordet kan inte användas. Välj ett annat.",
        ),
    }
}

/// A password the server finds too easy to guess (a common one, or one's name or e-mail).
pub(super) const TOO_GUESSABLE: &str = "Lösenordet är för lätt att gissa. Välj en längre fras av \
     ord som inte hör ihop, och inte ditt namn eller din e-postadress.";

/// A failure that is not about one field.
fn general_error(error: &api::ApiError) -> String {
    match error.status {
        0 => "Ingen kontakt med servern. Kontrollera anslutningen och försök igen.".into(),
        401 => "Du är inte längre inloggad. Logga in igen och byt lösenordet då.".into(),
        429 => match error.retry_after {
            Some(seconds) => format!(
                "För många försök. Försök igen om {}.",
                text::minutes(seconds)
            ),
            None => "För många försök. Vänta en stund och försök igen.".into(),
        },
        _ => "Lösenordet kunde inte bytas. Försök igen om en stund.".into(),
    }
}

/// Which fields to empty after a failure: the ones that were wrong, and the repeat along with the
/// new password (they must match, so one alone is no use). Nothing else is thrown away.
fn fields_to_clear(errors: &[(Field, &'static str)]) -> Vec<Field> {
    Field::ALL
        .into_iter()
        .filter(|field| {
            errors
                .iter()
                .any(|(f, _)| f == field || (*field == Field::Repeat && *f == Field::New))
        })
        .collect()
}

/// The signed-in caseworker's own account.
#[component]
pub fn AccountPage() -> impl IntoView {
    view! { <RequireSignIn><AccountContent/></RequireSignIn> }
}

#[component]
fn AccountContent() -> impl IntoView {
    let Session(session) = expect_context::<Session>();
    let SignedOut(signed_out) = expect_context::<SignedOut>();
    let my_sessions = api::load(api::my_sessions);
    let me = api::load(api::who_am_i);
    Effect::new(move |_| {
        if let Some(Ok(None)) = me.get() {
            // The session ended meanwhile: the frame sends the reader to sign in.
            signed_out.set(Some(SignedOutBy::Server));
            session.set(Some(None));
        }
    });
    crate::dom::set_document_meta(
        kp_domain::Locale::Sv,
        &format!("Mitt konto – {}", text::PRODUCT),
        "Ditt konto, ditt lösenord och dina inloggningar",
    );
    view! {
        <h1>"Mitt konto"</h1>
        {move || match me.get() {
            None => view! { <p class="status" role="status">"Hämtar dina uppgifter …"</p> }.into_any(),
            Some(Err(_)) | Some(Ok(None)) => view! {
                <p class="status" role="alert">"Dina uppgifter kunde inte hämtas. Ladda om sidan för att försöka igen."</p>
            }.into_any(),
            Some(Ok(Some(user))) => view! {
                <dl class="summary-list narrow-list">
                    <div class="summary-row"><dt>"Namn"</dt><dd>{user.display_name.clone()}</dd></div>
                    <div class="summary-row"><dt>"E-postadress"</dt><dd>{user.email.clone()}</dd></div>
                    <div class="summary-row"><dt>"Roll"</dt><dd>{role_name(user.role)}</dd></div>
                </dl>
                {if user.via_provider {
                    // The provider's sign-in: its password and second factor are the provider's.
                    view! {
                        <section aria-labelledby="provider-heading">
                            <h2 id="provider-heading">"Inloggning"</h2>
                            <p>"Du är inloggad via kommunens identitetsleverantör. Lösenord och tvåstegsverifiering sköts där, inte i Kontaktperson."</p>
                        </section>
                    }.into_any()
                } else {
                    view! {
                        // A changed password ends one's other sessions: the list shows it.
                        <PasswordForm email=user.email temporary=false on_done=move || my_sessions.refetch()/>
                        <second_factor::SecondFactorSection/>
                    }.into_any()
                }}
                <sessions::MySessions list=my_sessions/>
            }.into_any(),
        }}
    }
}

/// The change-password form: on "Mitt konto", or (`temporary`) as the only thing someone with a
/// password an administrator set may do. `on_done` runs once the server has changed it.
#[component]
pub(super) fn PasswordForm(
    email: String,
    temporary: bool,
    on_done: impl Fn() + Copy + 'static,
) -> impl IntoView {
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<(Field, &'static str)>::new());
    let general = RwSignal::new(None::<String>);
    let done = RwSignal::new(false);
    let sender = api::Sender::new();
    let busy = sender.pending();
    let signal_of = move |field: Field| match field {
        Field::Current => current,
        Field::New => new,
        Field::Repeat => repeat,
    };
    let fail = move |found: Vec<(Field, &'static str)>, message: Option<String>| {
        for field in fields_to_clear(&found) {
            signal_of(field).set(String::new());
        }
        errors.set(found);
        general.set(message);
        focus_soon("password-errors");
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sender.is_pending() {
            return;
        }
        done.set(false);
        let found = check_form(
            &current.get_untracked(),
            &new.get_untracked(),
            &repeat.get_untracked(),
        );
        if !found.is_empty() {
            fail(found, None);
            return;
        }
        errors.set(Vec::new());
        general.set(None);
        sender.send(async move {
            let result =
                api::change_own_password(&current.get_untracked(), &new.get_untracked()).await;
            match result {
                Ok(()) => {
                    for field in Field::ALL {
                        signal_of(field).set(String::new());
                    }
                    done.set(!temporary);
                    on_done();
                }
                Err(e) if !e.fields.is_empty() => {
                    fail(e.fields.iter().map(server_field_error).collect(), None)
                }
                Err(e) => fail(Vec::new(), Some(general_error(&e))),
            }
        });
    };
    let error_for = move |field: Field| {
        move || {
            errors
                .get()
                .into_iter()
                .find(|(f, _)| *f == field)
                .map(|(_, m)| m)
        }
    };
    let input = move |field: Field, label: &'static str, autocomplete: &'static str| {
        let error = error_for(field);
        let error_id = format!("{}-error", field.id());
        let described = {
            let error_id = error_id.clone();
            move || error().map(|_| error_id.clone())
        };
        let value = signal_of(field);
        view! {
            <div class="form-group" class:form-group-error=move || error().is_some()>
                <label class="label" for=field.id()>{label}</label>
                {(field == Field::Current && temporary).then(|| view! {
                    <p class="hint" id="password-current-hint">"Det tillfälliga lösenordet du fick av administratören."</p>
                })}
                {(field == Field::New).then(|| view! {
                    <p class="hint" id="password-new-hint">"Minst 12 tecken. En mening du minns är bra, men inte ditt namn eller din e-postadress."</p>
                })}
                {move || error().map(|m| view! { <p class="field-error" id=error_id.clone()><span class="visually-hidden">"Fel: "</span>{m}</p> })}
                <input id=field.id() class="input width-20" type="password" autocomplete=autocomplete
                    class:input-error=move || error().is_some()
                    aria-invalid=move || error().map(|_| "true")
                    aria-describedby=move || {
                        let hint = match field {
                            Field::New => Some("password-new-hint"),
                            Field::Current if temporary => Some("password-current-hint"),
                            _ => None,
                        };
                        match (hint, described()) {
                            (Some(h), Some(e)) => Some(format!("{h} {e}")),
                            (Some(h), None) => Some(h.to_string()),
                            (None, e) => e,
                        }
                    }
                    prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
            </div>
        }
    };
    // On its own page the form is under the page's h1; on "Mitt konto", a section of it.
    let (labelled_by, subsection) = if temporary {
        ("temporary-password-heading", false)
    } else {
        ("password-heading", true)
    };
    view! {
        <section aria-labelledby=labelled_by>
            {(!temporary).then(|| view! {
                <h2 id="password-heading">"Byt lösenord"</h2>
                <p class="hint">"När du har bytt lösenord loggas du ut överallt utom här."</p>
            })}
            <div class="feedback" role="status">
                {move || done.get().then(|| view! {
                    <p class="success">"Lösenordet är bytt. Dina andra inloggningar är avslutade."</p>
                })}
            </div>
            <ErrorSummary id="password-errors" title="Lösenordet är inte bytt" subsection=subsection refusal=general
                problems={move || errors.get().into_iter().map(|(f, m)| (f.id().to_string(), m.to_string())).collect::<Vec<_>>()}/>
            <form class="narrow" on:submit=submit novalidate>
                <input type="text" name="username" autocomplete="username" value=email hidden readonly/>
                {input(Field::Current, "Nuvarande lösenord", "current-password")}
                {input(Field::New, "Nytt lösenord", "new-password")}
                {input(Field::Repeat, "Nytt lösenord igen", "new-password")}
                <button type="submit" class="button" aria-disabled=move || busy.get().then_some("true")>
                    {move || if busy.get() { "Byter lösenord …" } else { "Byt lösenord" }}
                </button>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_error(field: &str, code: &str) -> FieldError {
        FieldError {
            field: field.into(),
            code: code.into(),
        }
    }

    #[test]
    fn a_complete_form_with_matching_long_passwords_passes_the_browser_check() {
        assert!(check_form(
            "gammalt",
            "ett nytt långt lösenord",
            "ett nytt långt lösenord"
        )
        .is_empty());
    }

    #[test]
    fn the_browser_catches_empty_fields_a_short_password_and_a_mistyped_repeat() {
        let fields =
            |errors: Vec<(Field, &str)>| errors.into_iter().map(|(f, _)| f).collect::<Vec<_>>();
        assert_eq!(fields(check_form("", "", "")), Field::ALL);
        assert_eq!(fields(check_form("x", "kort", "kort")), [Field::New]);
        assert_eq!(
            fields(check_form(
                "x",
                "ett nytt långt lösenord",
                "ett nytt långt lösenorD"
            )),
            [Field::Repeat]
        );
        // Twelve characters, counted as characters rather than bytes.
        assert!(check_form("x", "åäöåäöåäöåäö", "åäöåäöåäöåäö").is_empty());
    }

    #[test]
    fn every_server_code_for_a_password_change_becomes_swedish_on_the_right_field() {
        assert_eq!(
            server_field_error(&field_error("current_password", "wrong_password")),
            (Field::Current, "Det nuvarande lösenordet stämmer inte.")
        );
        assert_eq!(
            server_field_error(&field_error("new_password", "too_guessable")),
            (Field::New, TOO_GUESSABLE)
        );
        assert!(TOO_GUESSABLE.contains("för lätt att gissa"));
        for code in ["too_short", "too_long", "unchanged", "something_new"] {
            let (field, message) = server_field_error(&field_error("new_password", code));
            assert_eq!(field, Field::New, "{code}");
            assert!(
                message.starts_with("Det nya lösenordet"),
                "{code}: {message}"
            );
        }
    }

    #[test]
    fn a_failure_empties_only_the_wrong_password_fields() {
        let wrong_current = [(Field::Current, "")];
        assert_eq!(fields_to_clear(&wrong_current), [Field::Current]);
        let short_new = [(Field::New, "")];
        assert_eq!(fields_to_clear(&short_new), [Field::New, Field::Repeat]);
        let mistyped = [(Field::Repeat, "")];
        assert_eq!(fields_to_clear(&mistyped), [Field::Repeat]);
        assert!(
            fields_to_clear(&[]).is_empty(),
            "a network failure keeps everything"
        );
    }

    #[test]
    fn a_lost_connection_and_an_ended_session_are_told_apart() {
        let error = |status| api::ApiError {
            status,
            ..api::ApiError::default()
        };
        assert!(general_error(&error(0)).contains("Ingen kontakt"));
        assert!(general_error(&error(401)).contains("Logga in igen"));
        assert_ne!(general_error(&error(500)), general_error(&error(0)));
    }

    #[test]
    fn too_many_wrong_current_passwords_say_how_long_to_wait() {
        let throttled = api::ApiError {
            status: 429,
            code: "too_many_requests".into(),
            retry_after: Some(600),
            ..Default::default()
        };
        assert_eq!(
            general_error(&throttled),
            "För många försök. Försök igen om 10 minuter."
        );
    }

    #[test]
    fn roles_have_swedish_names() {
        assert_eq!(role_name(Role::Admin), "Administratör");
        assert_eq!(role_name(Role::Caseworker), "Handläggare");
    }
}
