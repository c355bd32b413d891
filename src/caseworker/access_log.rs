//! The access log (administrators): filter by kind (security events or personal data), person,
//! record and period, kept in the address (`/handlaggare/atkomstlogg?kind=security`); download
//! the same selection as CSV; check that no entry was altered afterwards.

use chrono::{Days, NaiveDate};
use kp_domain::caseworker::{AccessLogCheck, ChainProblem};
use kp_domain::purpose::{purpose_text, Purpose};
use kp_domain::security::{AccessKind, SecurityEvent};
use kp_domain::time::{display_in_sweden_seconds, start_of_day_in_sweden};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::account::focus_soon;
use super::accounts::{is_admin, OnlyAdministrators};
use super::routes::{Address, CaseworkerRoute};
use super::text::swedish_count;
use super::{text, RequireSignIn};
use crate::api;

/// Rows drawn at most; the rest are in the CSV file.
const SHOWN: usize = 1000;

/// A recorded step's kind (`write:phone_call`) as a word.
fn event_word(kind: &str) -> String {
    match kind {
        "phone_call" => "telefonsamtal".into(),
        "interview_booked" => "bokad intervju".into(),
        "interview_held" => "hållen intervju".into(),
        "police_extract" => "utdrag ur belastningsregistret".into(),
        "register_check" => "kontroll i socialtjänstens register".into(),
        "reference" => "referens".into(),
        "decision" => "beslut".into(),
        "withdrawal" => "avbrott".into(),
        "note" => "anteckning".into(),
        "correction" => "rättelse av uppgifter".into(),
        "assign" => "tilldelning av handläggare".into(),
        "need" => "nytt behov".into(),
        "assignment" => "nytt uppdrag".into(),
        "plan" => "uppdragsplan".into(),
        "follow_up" => "uppföljning".into(),
        "ending" => "avslutat uppdrag".into(),
        "account_created" => "nytt konto".into(),
        "account_role" => "ändrad roll".into(),
        "account_deactivated" => "avstängt konto".into(),
        "account_activated" => "aktiverat konto".into(),
        "account_password" => "nytt lösenord".into(),
        "retention_rule" => "gallringsregel".into(),
        "hold_placed" => "spärr mot gallring".into(),
        "hold_released" => "hävd spärr mot gallring".into(),
        "retention_removed" => "gallrad (borttagen)".into(),
        "erasure" => "raderad på begäran (art. 17)".into(),
        "compensation" => "ersättningsnivåer".into(),
        "district" => "område (nytt eller ändrat)".into(),
        "district_retired" => "område taget ur bruk".into(),
        other => other.replace('_', " "),
    }
}

/// What someone did, in Swedish: `list` → "Listade", `read` → "Läste",
/// `write:phone_call` → "Skrev: telefonsamtal", `auth:sign_in` → "Inloggning".
pub(super) fn action_text(action: &str) -> String {
    if let Some(event) = SecurityEvent::from_action(action) {
        return event.swedish().to_string();
    }
    match action {
        "list" => "Listade".into(),
        "read" => "Läste".into(),
        "write" => "Skrev".into(),
        "export" => "Exporterade".into(),
        "read:register_extract" => "Tog fram registerutdrag".into(),
        "read:erasure_check" => "Kontrollerade om uppgifterna fick raderas".into(),
        other => match other.strip_prefix("write:") {
            Some(kind) => format!("Skrev: {}", event_word(kind)),
            None => other.to_string(),
        },
    }
}

/// Why it was read, in Swedish ("Ändamål"): the purpose the screen gave, "Inget angivet" for a
/// read without one (a script, or an entry from before purposes), nothing for a write or a
/// security event (a purpose is asked of reads only).
pub(super) fn purpose_cell(action: &str, purpose: Option<Purpose>) -> &'static str {
    let read = matches!(action, "list" | "read" | "export") || action.starts_with("read:");
    match purpose {
        None if !read => "",
        purpose => purpose_text(purpose),
    }
}

/// Which record, in Swedish: an applicant's reference, or which list.
pub(super) fn record_text(record: &str) -> String {
    if let Some(reference) = record.strip_prefix("applicant:") {
        return format!("Sökande {reference}");
    }
    if let Some(query) = record.strip_prefix("applicants?") {
        return if query.is_empty() {
            "Sökandelistan".into()
        } else {
            format!("Sökandelistan ({query})")
        };
    }
    if let Some(id) = record.strip_prefix("account:") {
        // A failed sign-in for an e-mail without an account names what was typed.
        return match id.strip_prefix("unknown ") {
            Some(typed) => format!("Okänt konto ({typed})"),
            None if id == "unknown" => "Okänt konto".into(),
            None => format!("Konto {id}"),
        };
    }
    if let Some(rule) = record.strip_prefix("retention_rule:") {
        let (code, amount) = rule.split_once(' ').unwrap_or((rule, ""));
        return match kp_domain::retention::Category::from_code(code) {
            Some(category) => format!("Gallringsregel: {} ({amount})", category.swedish()),
            None => format!("Gallringsregel {rule}"),
        };
    }
    if let Some(id) = record.strip_prefix("district:") {
        return format!("Område {id}");
    }
    if let Some(id) = record
        .strip_prefix("reports:")
        .filter(|id| *id != "overdue")
    {
        return format!("Rapporter för uppdrag {id}");
    }
    if let Some((id, month)) = record
        .strip_prefix("report:")
        .and_then(|rest| rest.split_once(':'))
    {
        return format!("Rapport för uppdrag {id}, {month}");
    }
    if let Some(id) = record.strip_prefix("messages:") {
        return format!("Meddelanden i uppdrag {id}");
    }
    if let Some(id) = record.strip_prefix("assignment:") {
        return format!("Uppdrag {id}");
    }
    if let Some(month) = record.strip_prefix("payment-basis:") {
        return format!("Utbetalningsunderlag {month}");
    }
    if let Some(year) = record.strip_prefix("compensation:") {
        return format!("Ersättning {year}");
    }
    if let Some(key) = record.strip_prefix("access-log:key:") {
        return format!("Åtkomstloggen (nyckel {key})");
    }
    if let Some(id) = record.strip_prefix("access-log:through:") {
        return format!("Åtkomstloggen till och med post nr {id}");
    }
    if let Some(need) = record.strip_prefix("need:") {
        return match need.strip_suffix(":matches") {
            Some(need) => format!("Matchning för behov {need}"),
            None => format!("Behov {need}"),
        };
    }
    match record {
        "overview" => "Översikten".into(),
        "reports" => "Rapporter att granska".into(),
        "reports:overdue" => "Försenade rapporter".into(),
        "messages" => "Olästa meddelanden".into(),
        "outbox" => "Utskick".into(),
        "needs" => "Behovslistan".into(),
        "assignments" => "Uppdragslistan".into(),
        "retention" => "Gallring".into(),
        "retention:preview" => "Kommande gallring".into(),
        "register-extract:no-match" => "Registerutdrag (ingen med personnumret)".into(),
        other => other.to_string(),
    }
}

/// The filters as the reader set them: both dates inclusive, in the reader's own time zone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Filter {
    kind: AccessKind,
    user: Option<i64>,
    record: String,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
}

/// A kind from its query value; anything else is everything.
fn kind_from_code(code: &str) -> AccessKind {
    [AccessKind::Security, AccessKind::PersonalData]
        .into_iter()
        .find(|k| k.code() == Some(code))
        .unwrap_or_default()
}

impl Filter {
    /// The filter in the address's query (`kind=security&user=7&from=2026-11-01`); what does not
    /// parse is left out.
    fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Filter {
        let text = |k: &str| get(k).map(|v| v.trim().to_string()).unwrap_or_default();
        Filter {
            kind: kind_from_code(&text("kind")),
            user: text("user").parse().ok(),
            record: text("record"),
            from: text("from").parse().ok(),
            to: text("to").parse().ok(),
        }
    }

    /// The access log's address with this filter in its query (the dates as the reader typed
    /// them; what is not set is left out).
    fn address(&self) -> Address {
        let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        CaseworkerRoute::AccessLog
            .query("kind", self.kind.code().unwrap_or_default())
            .query("user", self.user.map(|u| u.to_string()).unwrap_or_default())
            .query("record", self.record.trim())
            .query("from", day(self.from))
            .query("to", day(self.to))
    }
}

/// When a day starts in `tz`, as the server's UTC stamps are written.
fn day_start(day: NaiveDate) -> String {
    start_of_day_in_sweden(day).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The server's query string for a filter: `from` is the first day's start and `to` (exclusive on
/// the server) the start of the day after the last, so "to and including" means what it says.
fn query(filter: &Filter) -> String {
    let mut parts = Vec::new();
    if let Some(user) = filter.user {
        parts.push(format!("user={user}"));
    }
    let record = filter.record.trim();
    if !record.is_empty() {
        parts.push(format!("record={}", crate::api::encode(record)));
    }
    if let Some(from) = filter.from {
        parts.push(format!("from={}", crate::api::encode(&day_start(from))));
    }
    if let Some(to) = filter.to.and_then(|to| to.checked_add_days(Days::new(1))) {
        parts.push(format!("to={}", crate::api::encode(&day_start(to))));
    }
    if let Some(kind) = filter.kind.code() {
        parts.push(format!("kind={kind}"));
    }
    parts.join("&")
}

/// A period that ends before it starts.
fn period_error(filter: &Filter) -> Option<&'static str> {
    match (filter.from, filter.to) {
        (Some(from), Some(to)) if from > to => {
            Some("Till och med-datumet måste vara samma dag som eller efter från och med-datumet.")
        }
        _ => None,
    }
}

/// The outcome of the chain check in plain words, and whether it is bad news.
fn check_text(check: &AccessLogCheck) -> (bool, String) {
    let entries = usize::try_from(check.entries).unwrap_or(0);
    let posts = if entries == 1 { "post" } else { "poster" };
    let at = check
        .first_altered_entry
        .map_or_else(|| "?".to_string(), |id| id.to_string());
    const REPORT: &str = "Spara en CSV-fil och kontakta systemförvaltningen.";
    if !check.intact {
        let message = match check.problem {
            Some(ChainProblem::UnknownKey) => format!(
                "Loggen kan inte kontrolleras från post nr {at}: den är signerad med en nyckel som \
                 servern inte har. Om loggens nyckel (KP_AUDIT_KEY) har bytts ut ska den gamla \
                 anges i KP_AUDIT_PREVIOUS_KEYS. Kontakta systemförvaltningen."
            ),
            Some(ChainProblem::Unsigned) => format!(
                "Loggen är bruten vid post nr {at} av {} {posts}: posten saknar loggnyckelns \
                 signatur där varje post ska ha den, så loggen kan ha skrivits om i efterhand. \
                 {REPORT}",
                swedish_count(entries),
            ),
            Some(ChainProblem::Checkpoint) => format!(
                "Loggen är bruten vid gallringen: kontrollpunkten för de gallrade posterna stämmer \
                 inte med sin signatur eller med den första post som finns kvar (nr {at}). {REPORT}"
            ),
            Some(ChainProblem::Altered) | None => format!(
                "Loggen är bruten vid post nr {at} av {} {posts}: den posten eller posten före \
                 den har ändrats eller tagits bort i efterhand. {REPORT}",
                swedish_count(entries),
            ),
        };
        return (true, message);
    }
    let mut message = format!("Loggen är obruten: {} {posts}.", swedish_count(entries));
    match check.keyed_from {
        Some(first) if check.checkpoint.is_none() && first > 1 => message.push_str(&format!(
            " Posterna före nr {first} skrevs innan loggen fick en nyckel; post nr {first} och \
             alla efter den är signerade med nyckeln, så inte heller de äldre kan ändras utan att \
             det syns."
        )),
        Some(_) => message.push_str(" Posterna är signerade med loggens nyckel."),
        None => {}
    }
    if let Some(checkpoint) = &check.checkpoint {
        message.push_str(&format!(
            " Äldre poster till och med nr {} ({}) är gallrade; kontrollen börjar där.",
            checkpoint.last_removed_entry,
            display_in_sweden_seconds(&checkpoint.last_removed_at)
        ));
    }
    (false, message)
}

/// A count of entries in words, with a note when only some are drawn.
fn count_text(count: usize) -> String {
    match count {
        0 => "Inga poster matchar urvalet.".into(),
        1 => "1 post.".into(),
        n if n > SHOWN => format!(
            "{} poster. De {} senaste visas; ladda ner CSV-filen för alla.",
            swedish_count(n),
            swedish_count(SHOWN)
        ),
        n => format!("{} poster.", swedish_count(n)),
    }
}

/// The access log.
#[component]
pub fn AccessLogPage() -> impl IntoView {
    view! { <RequireSignIn><AccessLogContent/></RequireSignIn> }
}

#[component]
fn AccessLogContent() -> impl IntoView {
    let scope = api::RequestScope::here();
    crate::dom::set_document_meta(
        kp_domain::Locale::Sv,
        &format!("Åtkomstlogg – {}", text::PRODUCT),
        "Vem som har läst och ändrat vad",
    );
    if !is_admin() {
        return view! { <OnlyAdministrators heading="Åtkomstlogg"/> }.into_any();
    }
    let people = api::load(api::accounts);
    let params = use_query_map();
    let navigate = use_navigate();
    let in_address = Memo::new(move |_| Filter::from_lookup(|k| params.with(|p| p.get(k))));
    // What is shown: the address's filter, asked again each time "Visa" repeats it.
    let refreshes = RwSignal::new(0u32);
    let applied = Memo::new(move |_| query(&in_address.get()));
    let entries = api::load_latest(
        move || {
            refreshes.track();
            applied.get()
        },
        |q: String| async move { api::access_log(&q).await },
    );

    let kind = RwSignal::new(String::new());
    let user = RwSignal::new(String::new());
    let record = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let form_error = RwSignal::new(None::<&'static str>);

    let check = RwSignal::new(None::<Option<Result<AccessLogCheck, api::ApiError>>>);

    // The address holds the filter: fill the form from it and fetch, at first and whenever it
    // changes (a new selection, the back button).
    Effect::new(move |_| {
        let filter = in_address.get();
        kind.set(filter.kind.code().unwrap_or_default().to_string());
        user.set(filter.user.map(|u| u.to_string()).unwrap_or_default());
        record.set(filter.record.clone());
        from.set(filter.from.map(|d| d.to_string()).unwrap_or_default());
        to.set(filter.to.map(|d| d.to_string()).unwrap_or_default());
        form_error.set(None);
    });

    // Shows `filter`: through the address, or at once when the address already says it.
    let show = move |filter: Filter| {
        if filter == in_address.get_untracked() {
            refreshes.update(|n| *n += 1);
            return;
        }
        navigate(&filter.address().path(), Default::default());
    };
    let submit = {
        let show = show.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let filter = Filter {
                kind: kind_from_code(&kind.get_untracked()),
                user: user.get_untracked().parse().ok(),
                record: record.get_untracked().trim().to_string(),
                from: from.get_untracked().parse().ok(),
                to: to.get_untracked().parse().ok(),
            };
            if let Some(message) = period_error(&filter) {
                form_error.set(Some(message));
                focus_soon("log-to");
                return;
            }
            form_error.set(None);
            show(filter);
        }
    };
    let clear = move |_| {
        kind.set(String::new());
        user.set(String::new());
        record.set(String::new());
        from.set(String::new());
        to.set(String::new());
        form_error.set(None);
        show(Filter::default());
    };
    let verify = move |_| {
        if matches!(check.get_untracked(), Some(None)) {
            return;
        }
        check.set(Some(None));
        scope.spawn(async move { check.set(Some(Some(api::verify_access_log().await))) });
    };

    view! {
        <h1>"Åtkomstlogg"</h1>
        <p class="hint">"Varje gång någon listar, läser eller ändrar uppgifter om sökande skrivs det hit, liksom ändrade ersättningsnivåer, inloggningar, utloggningar, misslyckade försök och lösenordsbyten. Varje post signeras med en nyckel som inte finns i databasen, så poster kan inte ändras i efterhand utan att det syns när kedjan kontrolleras."</p>

        <section aria-labelledby="chain-heading" class="admin-section">
            <h2 id="chain-heading">"Kontrollera loggen"</h2>
            <button type="button" class="button button-secondary" on:click=verify
                aria-disabled=move || matches!(check.get(), Some(None)).then_some("true")>
                "Kontrollera loggens kedja"
            </button>
            <div role="status" class="feedback">
                {move || match check.get() {
                    Some(None) => Some(view! { <p>"Kontrollerar kedjan …"</p> }.into_any()),
                    Some(Some(Ok(result))) => {
                        let (bad, message) = check_text(&result);
                        (!bad).then(|| view! { <p class="success">{message}</p> }.into_any())
                    }
                    _ => None,
                }}
            </div>
            <div role="alert">
                {move || match check.get() {
                    Some(Some(Ok(result))) => {
                        let (bad, message) = check_text(&result);
                        bad.then(|| view! { <p class="notice-error">{message}</p> })
                    }
                    Some(Some(Err(_))) => Some(view! {
                        <p class="notice-error">{"Kontrollen kunde inte göras. Försök igen om en stund.".to_string()}</p>
                    }),
                    _ => None,
                }}
            </div>
        </section>

        <section aria-labelledby="filter-heading" class="admin-section">
            <h2 id="filter-heading">"Urval"</h2>
            <form class="filter-form" on:submit=submit novalidate>
                <div class="form-group">
                    <label class="label" for="log-kind">"Typ av händelse"</label>
                    <select id="log-kind" class="input select" prop:value=move || kind.get()
                        on:change=move |ev| kind.set(event_target_value(&ev))>
                        {[
                            ("", "Alla"),
                            ("security", "Säkerhetshändelser"),
                            ("personal_data", "Personuppgifter"),
                        ].into_iter().map(|(value, label)| view! {
                            <option value=value selected=move || kind.get() == value>{label}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="form-group">
                    <label class="label" for="log-user">"Användare"</label>
                    <select id="log-user" class="input select" prop:value=move || user.get()
                        on:change=move |ev| user.set(event_target_value(&ev))>
                        <option value="">"Alla"</option>
                        {move || people.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|p| {
                            let id = p.id.to_string();
                            let selected = user.get_untracked() == id;
                            view! { <option value=id selected=selected>{format!("{} ({})", p.display_name, p.email)}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="form-group">
                    <label class="label" for="log-record">"Post"</label>
                    <p class="hint" id="log-record-hint">"Hela eller delar av till exempel ett ärendenummer: KP-2026-0001."</p>
                    <input id="log-record" class="input" type="search" aria-describedby="log-record-hint"
                        prop:value=move || record.get() on:input=move |ev| record.set(event_target_value(&ev))/>
                </div>
                <div class="form-group">
                    <label class="label" for="log-from">"Från och med"</label>
                    <input id="log-from" class="input" type="date"
                        prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev))/>
                </div>
                <div class="form-group" class:form-group-error=move || form_error.get().is_some()>
                    <label class="label" for="log-to">"Till och med"</label>
                    {move || form_error.get().map(|m| view! {
                        <p class="field-error" id="log-to-error" role="alert"><span class="visually-hidden">"Fel: "</span>{m}</p>
                    })}
                    <input id="log-to" class="input" type="date"
                        class:input-error=move || form_error.get().is_some()
                        aria-invalid=move || form_error.get().map(|_| "true")
                        aria-describedby=move || form_error.get().map(|_| "log-to-error")
                        prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev))/>
                </div>
                <div class="actions filter-actions">
                    <button type="submit" class="button">"Visa"</button>
                    <button type="button" class="button button-secondary" on:click=clear>"Rensa urvalet"</button>
                </div>
            </form>
        </section>

        <section aria-labelledby="entries-heading" class="admin-section">
            <h2 id="entries-heading">"Poster"</h2>
            <p>
                <a href=move || api::access_log_csv_url(&applied.get()) download="atkomstlogg.csv">
                    "Ladda ner urvalet som CSV-fil"
                </a>
            </p>
            // One live region for both "fetching" and the count, so each new result is announced.
            <p role="status" class="count">
                {move || entries.with(|e| match e {
                    None => "Hämtar loggen …".to_string(),
                    Some(Ok(rows)) => count_text(rows.len()),
                    Some(Err(_)) => String::new(),
                })}
            </p>
            {move || match entries.get() {
                None => ().into_any(),
                Some(Err(_)) => view! {
                    <p class="status" role="alert">"Loggen kunde inte hämtas. Ladda om sidan för att försöka igen."</p>
                }.into_any(),
                Some(Ok(rows)) => {
                    let count = rows.len();
                    view! {
                        {(count > 0).then(|| view! {
                            <div class="table-scroll" role="region" aria-labelledby="entries-heading" tabindex="0">
                                <table class="dense">
                                    <thead><tr>
                                        <th scope="col">"Tid"</th>
                                        <th scope="col">"Vem"</th>
                                        <th scope="col">"Åtgärd"</th>
                                        <th scope="col">"Post"</th>
                                        <th scope="col">"Ändamål"</th>
                                        <th scope="col">"Adress"</th>
                                    </tr></thead>
                                    <tbody>
                                        {rows.into_iter().take(SHOWN).map(|e| view! {
                                            <tr>
                                                <td class="nowrap"><time datetime=e.at.clone()>{display_in_sweden_seconds(&e.at)}</time></td>
                                                <td>{e.user_name}</td>
                                                <td>{action_text(&e.action)}</td>
                                                <td>{record_text(&e.record)}</td>
                                                <td>{purpose_cell(&e.action, e.purpose)}</td>
                                                <td class="nowrap">{e.address}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        })}
                    }.into_any()
                }
            }}
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn actions_are_shown_as_swedish_words() {
        assert_eq!(action_text("list"), "Listade");
        assert_eq!(action_text("write:follow_up"), "Skrev: uppföljning");
        assert_eq!(
            action_text("write:account_deactivated"),
            "Skrev: avstängt konto"
        );
        assert_eq!(
            record_text("need:B-2026-0001:matches"),
            "Matchning för behov B-2026-0001"
        );
        assert_eq!(
            record_text("payment-basis:2026-11"),
            "Utbetalningsunderlag 2026-11"
        );
        assert_eq!(action_text("read"), "Läste");
        assert_eq!(action_text("write:phone_call"), "Skrev: telefonsamtal");
        assert_eq!(
            action_text("write:assign"),
            "Skrev: tilldelning av handläggare"
        );
        assert_eq!(action_text("write:something_new"), "Skrev: something new");
        assert_eq!(
            action_text("write:retention_removed"),
            "Skrev: gallrad (borttagen)"
        );
        assert_eq!(
            record_text("retention_rule:applications 18"),
            "Gallringsregel: Ansökningar som inte ledde till godkännande (18)"
        );
        assert_eq!(
            action_text("export"),
            "Exporterade",
            "an unknown action is shown as it is"
        );
    }

    #[test]
    fn a_reads_purpose_is_shown_in_swedish_and_a_missing_one_is_said_so() {
        assert_eq!(
            purpose_cell("read", Some(Purpose::ApplicantPage)),
            "Sökandens sida"
        );
        assert_eq!(
            purpose_cell("export", Some(Purpose::PayrollExport)),
            "Export av utbetalningsunderlag till lönesystemet"
        );
        assert_eq!(purpose_cell("list", None), "Inget angivet");
        assert_eq!(purpose_cell("read:register_extract", None), "Inget angivet");
        assert_eq!(
            purpose_cell("write:phone_call", None),
            "",
            "not asked of a write"
        );
        assert_eq!(purpose_cell("auth:sign_in", None), "");
    }

    #[test]
    fn security_events_are_worded_by_the_domain() {
        assert_eq!(action_text("auth:sign_in"), "Inloggning");
        assert_eq!(action_text("auth:sign_in_failed"), "Misslyckad inloggning");
        for event in SecurityEvent::ALL {
            assert_eq!(action_text(event.action()), event.swedish());
        }
        assert_eq!(record_text("account:7"), "Konto 7");
        assert_eq!(
            record_text("account:unknown nobody@exempelby.se"),
            "Okänt konto (nobody@exempelby.se)"
        );
    }

    #[test]
    fn the_filter_round_trips_through_the_address() {
        let filter = Filter {
            kind: AccessKind::Security,
            user: Some(7),
            record: "KP-2026-0001".into(),
            from: Some(day("2026-11-01")),
            to: Some(day("2026-11-30")),
        };
        let address = filter.address().query_string();
        assert_eq!(
            address,
            "kind=security&user=7&record=KP-2026-0001&from=2026-11-01&to=2026-11-30"
        );
        assert_eq!(
            filter.address().path(),
            format!("/atkomstlogg?{address}"),
            "the filter is in the access log's address"
        );
        let pairs: Vec<(String, String)> = address
            .split('&')
            .filter_map(|p| p.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let read = Filter::from_lookup(|k| {
            pairs
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.clone())
        });
        assert_eq!(read, filter);
        assert_eq!(Filter::default().address().path(), "/atkomstlogg");
        let odd = Filter::from_lookup(|k| (k == "kind" || k == "user").then(|| "x".to_string()));
        assert_eq!(odd, Filter::default(), "what does not parse is left out");
    }

    #[test]
    fn the_kind_is_sent_to_the_server() {
        let security = Filter {
            kind: AccessKind::Security,
            ..Filter::default()
        };
        assert_eq!(query(&security), "kind=security");
        let personal = Filter {
            kind: AccessKind::PersonalData,
            user: Some(3),
            ..Filter::default()
        };
        assert_eq!(query(&personal), "user=3&kind=personal_data");
    }

    #[test]
    fn every_recorded_step_has_its_own_word() {
        let kinds = [
            "phone_call",
            "interview_booked",
            "interview_held",
            "police_extract",
            "register_check",
            "reference",
            "decision",
            "withdrawal",
            "note",
            "assign",
        ];
        let words: std::collections::HashSet<_> = kinds.into_iter().map(event_word).collect();
        assert_eq!(words.len(), kinds.len());
        assert!(words.iter().all(|w| !w.contains('_')));
    }

    #[test]
    fn records_name_the_applicant_or_the_list() {
        assert_eq!(
            record_text("applicant:KP-2026-0042"),
            "Sökande KP-2026-0042"
        );
        assert_eq!(record_text("applicants?"), "Sökandelistan");
        assert_eq!(record_text("applicants?q=amina"), "Sökandelistan (q=amina)");
        assert_eq!(record_text("overview"), "Översikten");
        assert_eq!(record_text("outbox"), "Utskick");
        assert_eq!(record_text("reports"), "Rapporter att granska");
        assert_eq!(record_text("reports:overdue"), "Försenade rapporter");
        assert_eq!(record_text("reports:7"), "Rapporter för uppdrag 7");
        assert_eq!(
            record_text("report:7:2026-11"),
            "Rapport för uppdrag 7, 2026-11"
        );
        assert_eq!(record_text("messages"), "Olästa meddelanden");
        assert_eq!(record_text("messages:7"), "Meddelanden i uppdrag 7");
    }

    #[test]
    fn an_empty_filter_asks_for_everything() {
        assert_eq!(query(&Filter::default()), "");
    }

    #[test]
    fn the_period_is_inclusive_in_swedish_time_and_sent_as_utc() {
        let filter = Filter {
            user: Some(7),
            record: " KP-2026-0001 ".into(),
            from: Some(day("2026-11-01")),
            to: Some(day("2026-11-30")),
            ..Filter::default()
        };
        assert_eq!(
            query(&filter),
            "user=7&record=KP-2026-0001&from=2026-10-31T23%3A00%3A00Z&to=2026-11-30T23%3A00%3A00Z"
        );
    }

    #[test]
    fn a_searched_record_is_percent_encoded() {
        let filter = Filter {
            record: "applicants?q=å&stage=new".into(),
            ..Filter::default()
        };
        assert_eq!(
            query(&filter),
            "record=applicants%3Fq%3D%C3%A5%26stage%3Dnew"
        );
    }

    #[test]
    fn a_period_that_ends_before_it_starts_is_refused() {
        let mut filter = Filter {
            from: Some(day("2026-11-02")),
            to: Some(day("2026-11-01")),
            ..Filter::default()
        };
        assert!(period_error(&filter).is_some());
        filter.to = Some(day("2026-11-02"));
        assert_eq!(period_error(&filter), None, "one day is a period");
    }

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(swedish_count(7), "7");
        assert_eq!(swedish_count(1000), "1\u{a0}000");
        assert_eq!(swedish_count(1234567), "1\u{a0}234\u{a0}567");
    }

    #[test]
    fn the_chain_check_is_told_plainly() {
        let intact = AccessLogCheck {
            intact: true,
            first_altered_entry: None,
            entries: 12,
            problem: None,
            keyed_from: None,
            checkpoint: None,
        };
        assert_eq!(
            check_text(&intact),
            (false, "Loggen är obruten: 12 poster.".into())
        );
        let one = AccessLogCheck {
            entries: 1,
            ..intact.clone()
        };
        assert_eq!(check_text(&one).1, "Loggen är obruten: 1 post.");
        let broken = AccessLogCheck {
            intact: false,
            first_altered_entry: Some(2),
            problem: Some(ChainProblem::Altered),
            ..intact.clone()
        };
        let (bad, message) = check_text(&broken);
        assert!(bad);
        assert!(
            message.starts_with("Loggen är bruten vid post nr 2 av 12 poster"),
            "{message}"
        );
    }

    #[test]
    fn the_check_says_why_a_chain_is_broken() {
        let broken = |problem| AccessLogCheck {
            intact: false,
            first_altered_entry: Some(7),
            entries: 12,
            problem: Some(problem),
            keyed_from: Some(1),
            checkpoint: None,
        };
        let unknown = check_text(&broken(ChainProblem::UnknownKey));
        assert!(unknown.0);
        assert!(
            unknown.1.contains("KP_AUDIT_PREVIOUS_KEYS"),
            "{}",
            unknown.1
        );
        let unsigned = check_text(&broken(ChainProblem::Unsigned)).1;
        assert!(
            unsigned.starts_with("Loggen är bruten vid post nr 7"),
            "{unsigned}"
        );
        assert!(unsigned.contains("signatur"), "{unsigned}");
        let checkpoint = check_text(&broken(ChainProblem::Checkpoint)).1;
        assert!(checkpoint.contains("gallringen"), "{checkpoint}");
    }

    #[test]
    fn the_check_tells_a_signed_log_from_older_plain_entries_and_a_pruned_start() {
        let signed = AccessLogCheck {
            intact: true,
            first_altered_entry: None,
            entries: 12,
            problem: None,
            keyed_from: Some(1),
            checkpoint: None,
        };
        assert_eq!(
            check_text(&signed).1,
            "Loggen är obruten: 12 poster. Posterna är signerade med loggens nyckel."
        );
        let older = AccessLogCheck {
            keyed_from: Some(5),
            ..signed.clone()
        };
        assert!(
            check_text(&older)
                .1
                .contains("Posterna före nr 5 skrevs innan"),
            "{}",
            check_text(&older).1
        );
        let pruned = AccessLogCheck {
            keyed_from: Some(41),
            checkpoint: Some(kp_domain::caseworker::LogCheckpoint {
                last_removed_entry: 40,
                last_removed_at: "not a time".into(),
            }),
            ..signed
        };
        let message = check_text(&pruned).1;
        assert!(
            message.ends_with(
                "signerade med loggens nyckel. Äldre poster till och med nr 40 (not a time) \
                 är gallrade; kontrollen börjar där."
            ),
            "{message}"
        );
    }

    #[test]
    fn compensation_and_the_logs_own_records_have_swedish_names() {
        assert_eq!(
            action_text("write:compensation"),
            "Skrev: ersättningsnivåer"
        );
        assert_eq!(record_text("compensation:2026"), "Ersättning 2026");
        assert_eq!(
            action_text("auth:access_log_keyed"),
            "Loggen signeras med en ny nyckel"
        );
        assert_eq!(
            record_text("access-log:through:40"),
            "Åtkomstloggen till och med post nr 40"
        );
        assert_eq!(
            record_text("access-log:key:0123abcd"),
            "Åtkomstloggen (nyckel 0123abcd)"
        );
    }

    #[test]
    fn a_long_result_says_how_much_is_shown() {
        assert_eq!(count_text(0), "Inga poster matchar urvalet.");
        assert_eq!(count_text(1), "1 post.");
        assert_eq!(count_text(12), "12 poster.");
        assert!(count_text(SHOWN + 1).contains("CSV"));
    }
}
