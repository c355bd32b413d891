//! Accounts (administrators): the list, a new account, and per account: change role, deactivate
//! or reactivate, set a new (temporary) password, end its sessions, lift a sign-in lock. The list
//! marks temporary passwords, locks and the demo account. The server decides who may do this;
//! the screen only spares a caseworker the buttons.

use kp_domain::api::FieldError;
use kp_domain::caseworker::{AccountSummary, Role};
use leptos::prelude::*;

use super::account::{focus_soon, role_name, MIN_PASSWORD_CHARS};
use super::notice::{Notice, NoticeRegion};
use super::routes::CaseworkerRoute;
use super::{text, RequireSignIn, Session};
use crate::api;
use crate::components::error_summary::ErrorSummary;
use kp_domain::time::display_in_sweden_seconds;

/// Whether the signed-in person is an administrator.
pub(super) fn is_admin() -> bool {
    let Session(session) = expect_context::<Session>();
    session
        .get_untracked()
        .flatten()
        .is_some_and(|user| user.is_admin())
}

/// What a caseworker sees on an administrator's screen.
#[component]
pub(super) fn OnlyAdministrators(heading: &'static str) -> impl IntoView {
    view! {
        <h1>{heading}</h1>
        <p class="status">"Den här sidan är bara för administratörer. Be en administratör om hjälp om du behöver något här."</p>
    }
}

/// One change to an existing account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    /// To this role.
    Role(Role),
    /// Active or not.
    Active(bool),
    /// A new password.
    Password,
    /// End every session of the account.
    EndSessions,
    /// Lift the sign-in lock.
    Unlock,
    /// Remove the second factor (a lost phone).
    SecondFactor,
}

/// The role button: the role it gives, and its visible text.
fn role_toggle(role: Role) -> (Role, &'static str) {
    match role {
        Role::Admin => (Role::Caseworker, "Gör till handläggare"),
        Role::Caseworker => (Role::Admin, "Gör till administratör"),
    }
}

/// What a finished change tells the administrator.
fn done_text(name: &str, change: Change) -> String {
    match change {
        Change::Role(Role::Admin) => format!("{name} är nu administratör."),
        Change::Role(Role::Caseworker) => format!("{name} är nu handläggare."),
        Change::Active(false) => {
            format!("{name}s konto är avstängt. Personen är utloggad och kan inte logga in.")
        }
        Change::Active(true) => format!("{name}s konto är aktivt igen. Personen kan logga in."),
        Change::Password => format!(
            "{name} har fått ett nytt lösenord. Det är tillfälligt: personen väljer ett eget nästa \
             gång hen loggar in. Personens inloggningar är avslutade; ge lösenordet till personen \
             på ett säkert sätt."
        ),
        Change::EndSessions => format!("{name}s inloggningar är avslutade."),
        Change::Unlock => format!("{name}s konto är upplåst. Personen kan logga in igen."),
        Change::SecondFactor => format!(
            "{name}s tvåstegsverifiering är borttagen och personen är utloggad. Vid nästa \
             inloggning ställer personen in en ny app."
        ),
    }
}

/// What the list notes about an account's sign-in: a lock (with about how long it has left), a
/// temporary password, the demo account.
fn account_notes(account: &AccountSummary) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(seconds) = account.locked_for_seconds {
        let seconds = u64::try_from(seconds).unwrap_or(0);
        notes.push(format!("Låst ({} kvar)", text::minutes(seconds)));
    }
    if account.must_change_password {
        notes.push("Tillfälligt lösenord".to_string());
    }
    if account.demo {
        notes.push("Demokonto".to_string());
    }
    if account.second_factor {
        notes.push("Tvåstegsverifiering".to_string());
    }
    if account.via_provider {
        notes.push("Loggar in via identitetsleverantören".to_string());
    }
    notes
}

/// A change that failed, in words.
fn change_error(error: &api::ApiError) -> &'static str {
    match (error.status, error.code.as_str()) {
        (_, "cannot_lock_out_self") => {
            "Du kan inte stänga av ditt eget konto eller ta bort din egen administratörsroll."
        }
        (404, _) => "Kontot finns inte längre. Listan är uppdaterad.",
        (403, _) => "Bara administratörer kan ändra konton.",
        (401, _) => "Du är inte längre inloggad. Logga in igen.",
        (0, _) => "Ingen kontakt med servern. Kontrollera anslutningen och försök igen.",
        _ => "Ändringen kunde inte sparas. Försök igen om en stund.",
    }
}

/// A new password's problem, in words (the server names the field `new_password`).
fn password_error(code: &str) -> &'static str {
    match code {
        "too_long" => "Lösenordet får ha högst 1 000 tecken.",
        "too_guessable" => {
            "Lösenordet är för lätt att gissa. Välj en längre fras av ord som inte hör ihop, och \
             inte personens namn eller e-postadress."
        }
        _ => "Lösenordet måste ha minst 12 tecken.",
    }
}

/// A new password checked in the browser.
fn check_password(password: &str) -> Option<&'static str> {
    if password.is_empty() {
        Some("Skriv ett lösenord.")
    } else if password.chars().count() < MIN_PASSWORD_CHARS {
        Some(password_error("too_short"))
    } else {
        None
    }
}

/// The fields of the new-account form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NewField {
    Name,
    Email,
    Role,
    Password,
}

impl NewField {
    fn id(self) -> &'static str {
        match self {
            NewField::Name => "new-account-name",
            NewField::Email => "new-account-email",
            NewField::Role => "new-account-role-caseworker",
            NewField::Password => "new-account-password",
        }
    }
}

/// What the browser can tell about a new account before asking the server (`password`: `None`
/// while local sign-in is off, when the account gets none).
fn check_new_account(
    name: &str,
    email: &str,
    password: Option<&str>,
) -> Vec<(NewField, &'static str)> {
    let mut errors = Vec::new();
    if name.trim().is_empty() {
        errors.push((NewField::Name, "Skriv personens namn."));
    } else if name.trim().chars().count() > 100 {
        errors.push((NewField::Name, "Namnet får ha högst 100 tecken."));
    }
    if email.trim().is_empty() {
        errors.push((NewField::Email, "Skriv personens e-postadress."));
    } else if kp_domain::application::normalise_email(email).is_none() {
        errors.push((
            NewField::Email,
            "Skriv e-postadressen som namn@exempelby.se.",
        ));
    }
    if let Some(message) = password.and_then(check_password) {
        errors.push((NewField::Password, message));
    }
    errors
}

/// The server's answer to a new account, per field where it names one.
fn new_account_errors(error: &api::ApiError) -> Vec<(NewField, &'static str)> {
    if error.code == "email_taken" {
        return vec![(
            NewField::Email,
            "Det finns redan ett konto med den e-postadressen.",
        )];
    }
    error
        .fields
        .iter()
        .map(|FieldError { field, code }| match field.as_str() {
            "email" => (
                NewField::Email,
                "Skriv e-postadressen som namn@exempelby.se.",
            ),
            "display_name" => (NewField::Name, "Skriv personens namn (högst 100 tecken)."),
            "role" => (NewField::Role, "Välj handläggare eller administratör."),
            _ => (NewField::Password, password_error(code)),
        })
        .collect()
}

/// The notes as a short list, or a dash.
fn notes_view(notes: Vec<String>) -> AnyView {
    if notes.is_empty() {
        return view! { "–" }.into_any();
    }
    view! {
        <ul class="plain-notes">
            {notes.into_iter().map(|note| view! { <li>{note}</li> }).collect_view()}
        </ul>
    }
    .into_any()
}

/// A message after an action: good news (role="status") or bad (role="alert").
/// The accounts page.
#[component]
pub fn AccountsPage() -> impl IntoView {
    view! { <RequireSignIn><AccountsContent/></RequireSignIn> }
}

#[component]
fn AccountsContent() -> impl IntoView {
    let scope = api::RequestScope::here();
    crate::dom::set_document_meta(
        kp_domain::Locale::Sv,
        &format!("Konton – {}", text::PRODUCT),
        "Handläggarnas och administratörernas konton",
    );
    if !is_admin() {
        return view! { <OnlyAdministrators heading="Konton"/> }.into_any();
    }
    let Session(session) = expect_context::<Session>();
    let me = session.get_untracked().flatten().map(|u| u.id);
    let accounts = RwSignal::new(None::<Result<Vec<AccountSummary>, api::ApiError>>);
    let notice = RwSignal::new(None::<Notice>);
    // The row whose change is under way (its buttons show it); one change at a time.
    let sender = api::Sender::new();
    let busy = RwSignal::new(None::<i64>);
    let resetting = RwSignal::new(None::<i64>);
    let reset_password = RwSignal::new(String::new());
    let reset_error = RwSignal::new(None::<&'static str>);
    // While local sign-in is off nobody has a password here: none is set or asked for.
    let methods = api::load(api::sign_in_methods);
    let local = Signal::derive(move || methods.get().and_then(Result::ok).is_none_or(|m| m.local));

    // Keeps the table while fetching again; afterwards puts focus back where the action began.
    let reload = move |focus: Option<String>| {
        scope.spawn(async move {
            accounts.set(Some(api::accounts().await));
            if let Some(id) = focus {
                focus_soon(id);
            }
        })
    };
    reload(None);

    let change = move |account: AccountSummary, change: Change, focus: String| {
        if sender.is_pending() {
            return;
        }
        busy.set(Some(account.id));
        notice.set(None);
        sender.send(async move {
            let result = match change {
                Change::Role(role) => api::set_account_role(account.id, role).await,
                Change::Active(active) => api::set_account_active(account.id, active).await,
                Change::Password => {
                    api::reset_account_password(account.id, &reset_password.get_untracked()).await
                }
                Change::EndSessions => api::end_account_sessions(account.id).await,
                Change::Unlock => api::unlock_account(account.id).await,
                Change::SecondFactor => api::reset_second_factor(account.id).await,
            };
            busy.set(None);
            match result {
                Ok(()) => {
                    if change == Change::Password {
                        resetting.set(None);
                        reset_password.set(String::new());
                    }
                    notice.set(Some(Notice::Done(done_text(&account.display_name, change))));
                }
                Err(e) if change == Change::Password && !e.fields.is_empty() => {
                    reset_password.set(String::new());
                    reset_error.set(Some(password_error(&e.fields[0].code)));
                    focus_soon("reset-password");
                    return;
                }
                Err(e) => notice.set(Some(Notice::Failed(change_error(&e).into()))),
            }
            reload(Some(focus));
        });
    };

    let row = move |account: AccountSummary| {
        let id = account.id;
        let name = account.display_name.clone();
        let own = me == Some(id);
        let row_busy = move || busy.get() == Some(id);
        let actions = if own && account.via_provider {
            view! { <td>"Ditt eget konto. Du loggar in via identitetsleverantören."</td> }
                .into_any()
        } else if own {
            view! {
                <td>"Ditt eget konto. Byt lösenord under "<a href=CaseworkerRoute::Account.href()>"Mitt konto"</a>"."</td>
            }
            .into_any()
        } else {
            let (to_role, role_label) = role_toggle(account.role);
            let (active_label, to_active) = if account.active {
                ("Stäng av", false)
            } else {
                ("Aktivera", true)
            };
            let (a1, a2, a3, a4, a5) = (
                account.clone(),
                account.clone(),
                account.clone(),
                account.clone(),
                account.clone(),
            );
            let sessions = account.active_sessions;
            let second_factor = account.second_factor;
            let locked = account.locked_for_seconds.is_some();
            // Each button's name says whose account it acts on, and starts with its visible text
            // (WCAG 2.5.3, label in name), so speech control can still say "Stäng av".
            let reset_open = move || resetting.get() == Some(id);
            view! {
                <td>
                    <div class="row-actions">
                        <button type="button" class="button button-secondary button-small" id=format!("role-{id}")
                            aria-label=format!("{role_label}: {name}")
                            aria-disabled=move || row_busy().then_some("true")
                            on:click=move |_| change(a1.clone(), Change::Role(to_role), format!("role-{id}"))>
                            {role_label}
                        </button>
                        <button type="button" class="button button-secondary button-small" id=format!("active-{id}")
                            aria-label=format!("{active_label}: {name}")
                            aria-disabled=move || row_busy().then_some("true")
                            on:click=move |_| change(a2.clone(), Change::Active(to_active), format!("active-{id}"))>
                            {active_label}
                        </button>
                        {let reset_label = format!("Nytt lösenord: {name}");
                        move || local.get().then(|| view! {
                        <button type="button" class="button button-secondary button-small" id=format!("reset-{id}")
                            aria-label=reset_label.clone()
                            aria-expanded=move || if reset_open() { "true" } else { "false" }
                            aria-controls=move || reset_open().then_some("reset-form")
                            on:click=move |_| {
                                if resetting.get_untracked() == Some(id) {
                                    resetting.set(None);
                                } else {
                                    reset_password.set(String::new());
                                    reset_error.set(None);
                                    resetting.set(Some(id));
                                    focus_soon("reset-password");
                                }
                            }>
                            "Nytt lösenord"
                        </button>
                        })}
                        {(sessions > 0).then(|| view! {
                            // Gone once there are none: focus then goes to the message.
                            <button type="button" class="button button-secondary button-small"
                                aria-label=format!("Avsluta inloggningar: {name}")
                                aria-disabled=move || row_busy().then_some("true")
                                on:click=move |_| change(a3.clone(), Change::EndSessions, "accounts-notice".into())>
                                "Avsluta inloggningar"
                            </button>
                        })}
                        {locked.then(|| view! {
                            <button type="button" class="button button-secondary button-small"
                                aria-label=format!("Lås upp: {name}")
                                aria-disabled=move || row_busy().then_some("true")
                                on:click=move |_| change(a4.clone(), Change::Unlock, "accounts-notice".into())>
                                "Lås upp"
                            </button>
                        })}
                        {second_factor.then(|| view! {
                            <button type="button" class="button button-secondary button-small"
                                aria-label=format!("Ta bort tvåstegsverifiering: {name}")
                                aria-disabled=move || row_busy().then_some("true")
                                on:click=move |_| change(a5.clone(), Change::SecondFactor, "accounts-notice".into())>
                                "Ta bort tvåstegsverifiering"
                            </button>
                        })}
                    </div>
                </td>
            }
            .into_any()
        };
        view! {
            <tr>
                <th scope="row">{account.display_name.clone()}{own.then_some(" (du)")}</th>
                <td>{account.email.clone()}</td>
                <td>{role_name(account.role)}</td>
                <td>{if account.active { "Aktivt" } else { "Avstängt" }}</td>
                <td class="number">{account.active_sessions}</td>
                <td>{notes_view(account_notes(&account))}</td>
                <td class="nowrap">{display_in_sweden_seconds(&account.created_at)}</td>
                {actions}
            </tr>
        }
    };

    let reset_form = move |account: AccountSummary| {
        let id = account.id;
        let name = account.display_name.clone();
        let submit = {
            let account = account.clone();
            move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                if let Some(message) = check_password(&reset_password.get_untracked()) {
                    reset_error.set(Some(message));
                    focus_soon("reset-password");
                    return;
                }
                reset_error.set(None);
                change(account.clone(), Change::Password, format!("reset-{id}"));
            }
        };
        view! {
            <tr class="reset-row">
                <td colspan="8">
                    <form id="reset-form" class="reset-form" on:submit=submit novalidate>
                        <div class="form-group" class:form-group-error=move || reset_error.get().is_some()>
                            <label class="label" for="reset-password">{format!("Nytt lösenord för {name}")}</label>
                            <p class="hint" id="reset-password-hint">"Minst 12 tecken. Lösenordet är tillfälligt: personens inloggningar avslutas, och personen måste välja ett eget lösenord nästa gång hen loggar in."</p>
                            {move || reset_error.get().map(|m| view! {
                                <p class="field-error" id="reset-password-error"><span class="visually-hidden">"Fel: "</span>{m}</p>
                            })}
                            <input id="reset-password" class="input width-20" type="password" autocomplete="new-password"
                                class:input-error=move || reset_error.get().is_some()
                                aria-invalid=move || reset_error.get().map(|_| "true")
                                aria-describedby=move || if reset_error.get().is_some() {
                                    "reset-password-hint reset-password-error"
                                } else {
                                    "reset-password-hint"
                                }
                                prop:value=move || reset_password.get()
                                on:input=move |ev| reset_password.set(event_target_value(&ev))/>
                        </div>
                        <div class="actions">
                            <button type="submit" class="button button-small"
                                aria-disabled=move || (busy.get() == Some(id)).then_some("true")>
                                {move || if busy.get() == Some(id) { "Sparar …" } else { "Spara lösenordet" }}
                            </button>
                            <button type="button" class="button button-secondary button-small" on:click=move |_| {
                                resetting.set(None);
                                focus_soon(format!("reset-{id}"));
                            }>"Avbryt"</button>
                        </div>
                    </form>
                </td>
            </tr>
        }
    };

    let created = move |name: String| {
        notice.set(Some(Notice::Done(format!(
            "Kontot för {name} är skapat. Lösenordet är tillfälligt: ge det till personen på ett \
             säkert sätt. Personen väljer ett eget lösenord första gången hen loggar in."
        ))));
        reload(None);
        focus_soon("accounts-notice");
    };

    view! {
        <h1>"Konton"</h1>
        <NoticeRegion id="accounts-notice" notice=notice/>
        <section aria-labelledby="accounts-heading" class="admin-section">
            <h2 id="accounts-heading">"Alla konton"</h2>
            {move || match accounts.get() {
                None => view! { <p class="status" role="status">"Hämtar kontona …"</p> }.into_any(),
                Some(Err(_)) => view! {
                    <p class="status" role="alert">"Kontona kunde inte hämtas. Ladda om sidan för att försöka igen."</p>
                }.into_any(),
                Some(Ok(list)) => view! {
                    <div class="table-scroll" role="region" aria-labelledby="accounts-heading" tabindex="0">
                        <table class="dense">
                            <thead><tr>
                                <th scope="col">"Namn"</th>
                                <th scope="col">"E-postadress"</th>
                                <th scope="col">"Roll"</th>
                                <th scope="col">"Status"</th>
                                <th scope="col">"Inloggningar"</th>
                                <th scope="col">"Noteringar"</th>
                                <th scope="col">"Skapat"</th>
                                <th scope="col">"Åtgärder"</th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|account| {
                                    let open = resetting.get() == Some(account.id);
                                    view! {
                                        {row(account.clone())}
                                        {open.then(|| reset_form(account))}
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any(),
            }}
        </section>
        <NewAccountForm notice=notice created=created local=local/>
    }
    .into_any()
}

#[component]
fn NewAccountForm(
    /// The page's message line: emptied when a new attempt starts.
    notice: RwSignal<Option<Notice>>,
    /// Called with the new account's name once it exists.
    created: impl Fn(String) + Copy + 'static,
    /// Local sign-in is on: the account gets a first password.
    local: Signal<bool>,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Caseworker);
    let password = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<(NewField, &'static str)>::new());
    let general = RwSignal::new(None::<&'static str>);
    let sender = api::Sender::new();
    let busy = sender.pending();

    let fail = move |found: Vec<(NewField, &'static str)>, message: Option<&'static str>| {
        if found.iter().any(|(f, _)| *f == NewField::Password) {
            password.set(String::new());
        }
        errors.set(found);
        general.set(message);
        focus_soon("new-account-errors");
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sender.is_pending() {
            return;
        }
        notice.set(None);
        let typed = password.get_untracked();
        let found = check_new_account(
            &name.get_untracked(),
            &email.get_untracked(),
            local.get_untracked().then_some(typed.as_str()),
        );
        if !found.is_empty() {
            fail(found, None);
            return;
        }
        errors.set(Vec::new());
        general.set(None);
        sender.send(async move {
            let display_name = name.get_untracked().trim().to_string();
            let first_password = local.get_untracked().then(|| password.get_untracked());
            let result = api::create_account(
                &email.get_untracked(),
                &display_name,
                role.get_untracked(),
                first_password.as_deref(),
            )
            .await;
            match result {
                Ok(()) => {
                    name.set(String::new());
                    email.set(String::new());
                    role.set(Role::Caseworker);
                    password.set(String::new());
                    created(display_name);
                }
                Err(e) => {
                    let found = new_account_errors(&e);
                    if found.is_empty() {
                        fail(found, Some(change_error(&e)));
                    } else {
                        fail(found, None);
                    }
                }
            }
        });
    };
    let error_for = move |field: NewField| {
        move || {
            errors
                .get()
                .into_iter()
                .find(|(f, _)| *f == field)
                .map(|(_, m)| m)
        }
    };
    let error_line = move |field: NewField| {
        let error = error_for(field);
        move || {
            error().map(|m| {
                view! {
                    <p class="field-error" id=format!("{}-error", field.id())>
                        <span class="visually-hidden">"Fel: "</span>{m}
                    </p>
                }
            })
        }
    };
    let described = move |field: NewField, hint: Option<&'static str>| {
        let error = error_for(field);
        move || {
            let error = error().map(|_| format!("{}-error", field.id()));
            match (hint, error) {
                (Some(h), Some(e)) => Some(format!("{h} {e}")),
                (Some(h), None) => Some(h.to_string()),
                (None, e) => e,
            }
        }
    };
    let text_input = move |field: NewField,
                           label: &'static str,
                           kind: &'static str,
                           autocomplete: &'static str,
                           value: RwSignal<String>,
                           hint: Option<(&'static str, &'static str)>| {
        let error = error_for(field);
        view! {
            <div class="form-group" class:form-group-error=move || error().is_some()>
                <label class="label" for=field.id()>{label}</label>
                {hint.map(|(id, text)| view! { <p class="hint" id=id>{text}</p> })}
                {error_line(field)}
                <input id=field.id() class="input" type=kind autocomplete=autocomplete spellcheck="false"
                    class:input-error=move || error().is_some()
                    aria-invalid=move || error().map(|_| "true")
                    aria-describedby=described(field, hint.map(|(id, _)| id))
                    prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
            </div>
        }
    };
    let role_error = error_for(NewField::Role);
    view! {
        <section aria-labelledby="new-account-heading" class="admin-section">
            <h2 id="new-account-heading">"Nytt konto"</h2>
            <ErrorSummary id="new-account-errors" title="Kontot är inte skapat" subsection=true
                refusal=move || general.get().map(String::from)
                problems={move || errors.get().into_iter().map(|(f, m)| (f.id().to_string(), m.to_string())).collect::<Vec<_>>()}/>
            <form class="narrow" on:submit=submit novalidate>
                {text_input(NewField::Name, "Namn", "text", "off", name, None)}
                {text_input(NewField::Email, "E-postadress", "email", "off", email, None)}
                <div class="form-group" class:form-group-error=move || role_error().is_some()>
                    <fieldset class="fieldset" aria-describedby=described(NewField::Role, None)>
                        <legend class="legend">"Roll"</legend>
                        {error_line(NewField::Role)}
                        <div class="choices">
                            <div class="choice">
                                <input type="radio" name="new-account-role" id="new-account-role-caseworker"
                                    prop:checked=move || role.get() == Role::Caseworker
                                    on:change=move |_| role.set(Role::Caseworker)/>
                                <label for="new-account-role-caseworker">"Handläggare"</label>
                            </div>
                            <div class="choice">
                                <input type="radio" name="new-account-role" id="new-account-role-admin"
                                    prop:checked=move || role.get() == Role::Admin
                                    on:change=move |_| role.set(Role::Admin)/>
                                <label for="new-account-role-admin">"Administratör – kan också hantera konton och läsa åtkomstloggen"</label>
                            </div>
                        </div>
                    </fieldset>
                </div>
                {move || if local.get() {
                    text_input(NewField::Password, "Första lösenord", "password", "new-password", password,
                        Some(("new-account-password-hint", "Minst 12 tecken. Lösenordet är tillfälligt: personen måste välja ett eget första gången hen loggar in."))).into_any()
                } else {
                    view! { <p class="hint">"Personen loggar in via kommunens identitetsleverantör. Kontot kopplas till hen första gången hen loggar in där med den här e-postadressen."</p> }.into_any()
                }}
                <button type="submit" class="button" aria-disabled=move || busy.get().then_some("true")>
                    {move || if busy.get() { "Skapar kontot …" } else { "Skapa kontot" }}
                </button>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form_error(status: u16, code: &str, fields: &[(&str, &str)]) -> api::ApiError {
        api::ApiError {
            status,
            code: code.into(),
            retry_after: None,
            fields: fields
                .iter()
                .map(|(field, code)| FieldError {
                    field: field.to_string(),
                    code: code.to_string(),
                })
                .collect(),
        }
    }

    #[test]
    fn the_role_button_offers_the_other_role() {
        assert_eq!(
            role_toggle(Role::Admin),
            (Role::Caseworker, "Gör till handläggare")
        );
        assert_eq!(
            role_toggle(Role::Caseworker),
            (Role::Admin, "Gör till administratör")
        );
    }

    #[test]
    fn every_change_says_what_happened_to_whom() {
        assert_eq!(
            done_text("Anna Andersson", Change::Role(Role::Admin)),
            "Anna Andersson är nu administratör."
        );
        assert_eq!(
            done_text("Anna Andersson", Change::Role(Role::Caseworker)),
            "Anna Andersson är nu handläggare."
        );
        assert!(done_text("Anna Andersson", Change::Active(false)).contains("avstängt"));
        assert!(done_text("Anna Andersson", Change::Active(true)).contains("aktivt igen"));
        assert!(
            done_text("Anna Andersson", Change::Password).starts_with("Anna Andersson har fått")
        );
    }

    #[test]
    fn ending_sessions_and_unlocking_say_whose() {
        assert_eq!(
            done_text("Anna Andersson", Change::EndSessions),
            "Anna Anderssons inloggningar är avslutade."
        );
        assert!(done_text("Anna Andersson", Change::Unlock).contains("upplåst"));
        assert!(done_text("Anna Andersson", Change::Password).contains("tillfälligt"));
    }

    #[test]
    fn the_list_notes_a_lock_a_temporary_password_the_demo_account_and_the_provider() {
        let plain = AccountSummary {
            id: 2,
            email: "anna@exempelby.se".into(),
            display_name: "Anna Andersson".into(),
            role: Role::Caseworker,
            active: true,
            created_at: "2026-12-04T08:00:00Z".into(),
            active_sessions: 0,
            locked_for_seconds: None,
            must_change_password: false,
            demo: false,
            second_factor: false,
            via_provider: false,
        };
        assert!(account_notes(&plain).is_empty());
        let everything = AccountSummary {
            locked_for_seconds: Some(840),
            must_change_password: true,
            demo: true,
            via_provider: true,
            ..plain
        };
        assert_eq!(
            account_notes(&everything),
            [
                "Låst (14 minuter kvar)",
                "Tillfälligt lösenord",
                "Demokonto",
                "Loggar in via identitetsleverantören"
            ]
        );
    }

    #[test]
    fn locking_oneself_out_is_explained() {
        let error = api::ApiError {
            status: 409,
            code: "cannot_lock_out_self".into(),
            retry_after: None,
            ..Default::default()
        };
        assert!(change_error(&error).contains("ditt eget konto"));
    }

    #[test]
    fn a_new_account_is_checked_in_the_browser_like_the_server_does() {
        assert!(check_new_account(
            "Anna Andersson",
            "anna@exempelby.se",
            Some("ett långt lösenord")
        )
        .is_empty());
        let fields: Vec<NewField> = check_new_account(" ", "anna@", Some("kort"))
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(
            fields,
            [NewField::Name, NewField::Email, NewField::Password]
        );
        let long_name = "x".repeat(101);
        assert_eq!(
            check_new_account(&long_name, "a@b.se", Some("ett långt lösenord"))[0].1,
            "Namnet får ha högst 100 tecken."
        );
    }

    #[test]
    fn the_servers_answers_to_a_new_account_land_on_the_right_fields() {
        let taken = form_error(409, "email_taken", &[]);
        assert_eq!(new_account_errors(&taken)[0].0, NewField::Email);
        let short = form_error(422, "validation_failed", &[("new_password", "too_short")]);
        assert_eq!(
            new_account_errors(&short),
            [(NewField::Password, "Lösenordet måste ha minst 12 tecken.")]
        );
        let name = form_error(422, "validation_failed", &[("display_name", "required")]);
        assert_eq!(new_account_errors(&name)[0].0, NewField::Name);
        let role = form_error(422, "validation_failed", &[("role", "invalid_choice")]);
        assert_eq!(new_account_errors(&role)[0].0, NewField::Role);
        let down = form_error(0, "network", &[]);
        assert!(
            new_account_errors(&down).is_empty(),
            "told in general words instead"
        );
    }

    #[test]
    fn a_reset_password_must_be_long_enough() {
        assert_eq!(check_password(""), Some("Skriv ett lösenord."));
        assert!(check_password("elva tecken").is_some());
        assert_eq!(check_password("tolv tecken!"), None);
    }
}
