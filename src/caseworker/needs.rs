//! The needs: the list (`/behov`) and the form that registers a new one (`/behov/ny`).
//!
//! A need is de-identified: the case number in the main case system stands for the child, and the
//! form says so. What is typed is kept in this tab's `sessionStorage` until the need is saved, so
//! a failed save or a reload loses nothing.

use kp_domain::application::{search_languages, ASSIGNMENT_TYPES, TIMES};
use kp_domain::compensation::Frequency;
use kp_domain::need::{limits, Gender, NeedForm, NeedGoal};
use kp_domain::placement::{NeedRow, NeedStatus};
use kp_domain::purpose::Purpose;
use kp_domain::time::display_in_sweden;
use kp_domain::Locale;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::placement_form::{
    self as form, check_need, need_target, problem_for, ChoiceInput, FormSave, Problem, TextInput,
};
use super::placement_text as words;
use super::routes::CaseworkerRoute;
use super::{text, RequireSignIn};
use crate::api;
use crate::components::error_summary::ErrorSummary;

const DRAFT_KEY: &str = "kp-need-draft";

/// The list of needs.
#[component]
pub fn NeedsPage() -> impl IntoView {
    view! { <RequireSignIn><NeedList/></RequireSignIn> }
}

/// Whether a row passes the status filter (`""`: every need) and the search, which finds a case
/// number or a need's reference from any part of it, ignoring case, spaces and dashes.
pub fn shown(row: &NeedRow, status: &str, search: &str) -> bool {
    let plain = |text: &str| -> String {
        text.chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .flat_map(char::to_lowercase)
            .collect()
    };
    let wanted = plain(search);
    (status.is_empty() || row.status.code() == status)
        && (wanted.is_empty()
            || plain(&row.case_reference).contains(&wanted)
            || plain(&row.reference).contains(&wanted))
}

#[component]
fn NeedList() -> impl IntoView {
    crate::dom::set_document_meta(
        Locale::Sv,
        &format!("Behov – {}", text::PRODUCT),
        "Barns och ungas behov av kontaktperson",
    );
    let status = RwSignal::new(String::new());
    let search = RwSignal::new(String::new());
    let data = api::load(|| api::needs(Purpose::NeedList));
    view! {
        <h1>"Behov"</h1>
        <p><a class="button" href=CaseworkerRoute::NewNeed.href()>"Registrera ett nytt behov"</a></p>
        <div class="filters">
            <div class="form-group">
                <label class="label" for="need-filter-status">"Visa"</label>
                <select id="need-filter-status" class="select" on:change=move |ev| status.set(event_target_value(&ev))>
                    <option value="" selected=move || status.get().is_empty()>"Alla behov"</option>
                    {[NeedStatus::Open, NeedStatus::Matched, NeedStatus::Closed].into_iter().map(|s| view! {
                        <option value=s.code() selected=move || status.get() == s.code()>{words::need_status_name(s)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="form-group">
                <label class="label" for="need-filter-search">"Sök ärende eller referens"</label>
                <input id="need-filter-search" class="input input-medium" type="search" autocomplete="off"
                    prop:value=move || search.get() on:input=move |ev| search.set(event_target_value(&ev))/>
            </div>
        </div>
        {move || match data.get() {
            None => view! { <p class="status" role="status">"Hämtar behoven …"</p> }.into_any(),
            Some(Err(_)) => view! {
                <p class="status" role="alert">"Behoven kunde inte hämtas. Ladda om sidan för att försöka igen."</p>
            }.into_any(),
            Some(Ok(rows)) => {
                let (filter, wanted) = (status.get(), search.get());
                let rows: Vec<NeedRow> = rows.into_iter().filter(|r| shown(r, &filter, &wanted)).collect();
                let count = match rows.len() {
                    0 => "Inga behov".to_string(),
                    1 => "1 behov".to_string(),
                    n => format!("{n} behov"),
                };
                view! {
                    <p class="result-count" role="status">{count}</p>
                    {(!rows.is_empty()).then(|| view! {
                        <div class="table-scroll">
                            <table class="dense needs">
                                <caption class="visually-hidden">"Behov"</caption>
                                <thead><tr>
                                    <th scope="col">"Referens"</th>
                                    <th scope="col">"Ärende"</th>
                                    <th scope="col">"Uppdragstyp"</th>
                                    <th scope="col">"Ålder"</th>
                                    <th scope="col">"Språk"</th>
                                    <th scope="col">"Område"</th>
                                    <th scope="col">"Status"</th>
                                    <th scope="col">"Registrerat"</th>
                                </tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|r| {
                                        let href = CaseworkerRoute::need(&r.reference).href();
                                        let languages = r.languages.iter().map(|l| text::language_name(l)).collect::<Vec<_>>().join(", ");
                                        view! {
                                            <tr>
                                                <td class="ref-code"><a href=href>{r.reference}</a></td>
                                                <td class="nowrap">{r.case_reference}</td>
                                                <td>{text::assignment_type_name(&r.assignment_type)}</td>
                                                <td class="nowrap">{words::age_group_name(&r.age_group)}</td>
                                                <td>{languages}</td>
                                                <td>{r.area}</td>
                                                <td><span class=format!("need-status need-status-{}", r.status.code())>{words::need_status_name(r.status)}</span></td>
                                                <td class="nowrap">{display_in_sweden(&r.created_at).chars().take(10).collect::<String>()}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    })}
                }.into_any()
            }
        }}
    }
}

/// The need's district, chosen from the active districts: the choice sets the district's id and,
/// as the area, its name.
fn district_select(
    need: RwSignal<NeedForm>,
    districts: Vec<kp_domain::district::District>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let names: Vec<(String, String)> = districts
        .iter()
        .map(|d| (d.id.to_string(), d.name.clone()))
        .collect();
    let lookup = names.clone();
    view! {
        <div class="form-group" class:form-group-error=move || error.get().is_some()>
            <label class="label" for="need-district">{words::need_field_label("district")}</label>
            <div class="hint" id="need-district-hint">"Den del av kommunen där barnet bor. Områdena läggs upp av en administratör under Områden."</div>
            {move || error.get().map(|m| view! {
                <p class="field-error" id="need-district-error"><span class="visually-hidden">"Fel: "</span>{m}</p>
            })}
            <select id="need-district" class="select"
                aria-describedby=move || if error.get().is_some() { "need-district-hint need-district-error" } else { "need-district-hint" }
                aria-invalid=move || error.get().map(|_| "true")
                on:change=move |ev| {
                    let id = event_target_value(&ev);
                    let name = lookup.iter().find(|(v, _)| *v == id).map(|(_, n)| n.clone()).unwrap_or_default();
                    need.update(|n| {
                        n.district = id;
                        n.area = name;
                    });
                }>
                <option value="" prop:selected=move || need.with(|n| n.district.is_empty())>"Välj område"</option>
                {names.into_iter().map(|(value, name)| {
                    let id = value.clone();
                    view! { <option value=value prop:selected=move || need.with(|n| n.district == id)>{name}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// The form for a new need.
#[component]
pub fn NewNeedPage() -> impl IntoView {
    view! { <RequireSignIn><NewNeed/></RequireSignIn> }
}

fn codes<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    name: fn(T) -> String,
) -> Vec<(String, String)> {
    all.iter()
        .map(|v| (code(*v).to_string(), name(*v)))
        .collect()
}

#[component]
fn NewNeed() -> impl IntoView {
    let scope = api::RequestScope::here();
    crate::dom::set_document_meta(
        Locale::Sv,
        &format!("Nytt behov – {}", text::PRODUCT),
        "Registrera ett barns behov av kontaktperson",
    );
    let navigate = use_navigate();
    let need = RwSignal::new(form::load_draft::<NeedForm>(DRAFT_KEY).unwrap_or_default());
    Effect::new(move |_| need.with(|n| form::save_draft(DRAFT_KEY, n)));
    let problems = RwSignal::new(Vec::<Problem>::new());
    let refusal = RwSignal::new(None::<String>);
    let sender = api::Sender::new();
    let busy = sender.pending();
    let language_query = RwSignal::new(String::new());
    // The active districts: with any, the area is chosen from them; without, it is typed.
    let districts = RwSignal::new(Vec::<kp_domain::district::District>::new());
    scope.spawn(async move {
        if let Ok(all) = api::all_districts().await {
            districts.set(all.into_iter().filter(|d| d.active).collect());
        }
    });

    let error = move |field: &str| problem_for(problems, field.to_string());
    let text_value =
        move |get: fn(&NeedForm) -> &String| Signal::derive(move || need.with(|n| get(n).clone()));
    let set_text = move |set: fn(&mut NeedForm, String)| {
        Callback::new(move |v: String| need.update(|n| set(n, v)))
    };
    let single = move |get: fn(&NeedForm) -> &String| {
        Signal::derive(move || need.with(|n| vec![get(n).clone()]))
    };
    let choose_one = move |set: fn(&mut NeedForm, String)| {
        Callback::new(move |(code, on): (String, bool)| {
            if on {
                need.update(|n| set(n, code));
            }
        })
    };

    let save = FormSave::new(sender, problems, refusal, "need-errors");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sender.is_pending() {
            return;
        }
        let typed = need.get_untracked();
        let built = check_need(&typed, form::today())
            .map(|_| typed)
            .map_err(|found| {
                // With districts to choose from, a missing area is a district not chosen.
                let choosing = !districts.with_untracked(Vec::is_empty);
                found
                    .into_iter()
                    .map(|(field, message)| match field.as_str() {
                        "area" if choosing => (
                            "district".to_string(),
                            words::need_error("district", "required"),
                        ),
                        _ => (field, message),
                    })
                    .collect()
            });
        let Some(typed) = save.checked(built) else {
            return;
        };
        let navigate = navigate.clone();
        let request = async move { api::create_need(&typed).await };
        save.send(request, words::need_error, move |created| {
            form::clear_draft(DRAFT_KEY);
            navigate(
                &CaseworkerRoute::need(created.reference).path(),
                Default::default(),
            );
        });
    };

    let languages_field = move || {
        let error = error("languages");
        view! {
            <div class="form-group" class:form-group-error=move || error.get().is_some()>
                <fieldset class="fieldset" aria-describedby=move || if error.get().is_some() { "need-languages-hint need-languages-error" } else { "need-languages-hint" }>
                    <legend class="legend">{words::need_field_label("languages")}</legend>
                    <div class="hint" id="need-languages-hint">"Sök på språkets namn och kryssa i ett eller flera."</div>
                    {move || error.get().map(|m| view! {
                        <p class="field-error" id="need-languages-error"><span class="visually-hidden">"Fel: "</span>{m}</p>
                    })}
                    <label class="label label-small" for="need-languages">"Sök språk"</label>
                    <input id="need-languages" type="search" class="input width-20" autocomplete="off" aria-controls="need-language-options"
                        prop:value=move || language_query.get() on:input=move |ev| language_query.set(event_target_value(&ev))/>
                    <p class="chosen" aria-live="polite">
                        "Valda: "
                        {move || {
                            let names: Vec<String> = need.with(|n| n.languages.iter().map(|c| text::language_name(c)).collect());
                            if names.is_empty() { "inga ännu".to_string() } else { names.join(", ") }
                        }}
                    </p>
                    <div class="language-options" id="need-language-options">
                        {move || {
                            let found = search_languages(&language_query.get());
                            if found.is_empty() {
                                return view! { <p class="hint">"Inget språk matchar sökningen."</p> }.into_any();
                            }
                            found.into_iter().map(|l| {
                                let code = l.code;
                                let id = format!("need-lang-{code}");
                                let name = words::capitalise(l.swedish);
                                view! {
                                    <div class="choice">
                                        <input id=id.clone() type="checkbox"
                                            prop:checked=move || need.with(|n| n.languages.iter().any(|c| c == code))
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                need.update(|n| {
                                                    n.languages.retain(|c| c != code);
                                                    if on { n.languages.push(code.to_string()); }
                                                });
                                            }/>
                                        <label for=id>{name}</label>
                                    </div>
                                }
                            }).collect_view().into_any()
                        }}
                    </div>
                </fieldset>
            </div>
        }
    };

    view! {
        <p class="breadcrumb"><a href=CaseworkerRoute::Needs.href()>"Alla behov"</a></p>
        <h1>"Nytt behov"</h1>
        <div class="warning-text">
            <p><strong>"Skriv inte barnets namn – använd ärendets nummer i verksamhetssystemet."</strong></p>
            <p>"Skriv inte heller personnummer, adress eller annat som pekar ut barnet eller familjen."</p>
        </div>
        <ErrorSummary id="need-errors" title="Behovet kunde inte sparas" refusal=refusal
            problems=move || form::targeted(problems.get(), need_target)/>
        <form class="need-form" novalidate on:submit=submit aria-label="Nytt behov">
            <TextInput id="need-case_reference".into() label=words::need_field_label("case_reference")
                hint="Ärendets nummer i verksamhetssystemet, till exempel IFO-2026-1234."
                value=text_value(|n| &n.case_reference) on_input=set_text(|n, v| n.case_reference = v)
                error=error("case_reference") class="input width-20" maxlength=limits::CASE_REFERENCE/>
            <TextInput id="need-birth_year".into() label=words::need_field_label("birth_year")
                hint="Fyra siffror, till exempel 2014."
                value=text_value(|n| &n.birth_year) on_input=set_text(|n, v| n.birth_year = v)
                error=error("birth_year") class="input width-5" inputmode="numeric" maxlength=4/>
            <ChoiceInput id="need-gender".into() legend=words::need_field_label("gender")
                options=codes(&Gender::ALL, Gender::code, |g| words::gender_name(g).to_string())
                selected=single(|n| &n.gender) on_change=choose_one(|n, v| n.gender = v)
                error=error("gender") inline=true/>
            {languages_field}
            {move || if districts.with(Vec::is_empty) {
                view! {
                    <TextInput id="need-area".into() label=words::need_field_label("area")
                        hint="Den del av kommunen där barnet bor, till exempel Centrum eller Norrby."
                        value=text_value(|n| &n.area) on_input=set_text(|n, v| n.area = v)
                        error=error("area") class="input width-20" maxlength=limits::AREA/>
                }.into_any()
            } else {
                district_select(need, districts.get(), error("district")).into_any()
            }}
            <TextInput id="need-interests".into() label=words::need_field_label("interests")
                hint="Det som kan göra det lätt att hitta något att göra tillsammans."
                value=text_value(|n| &n.interests) on_input=set_text(|n, v| n.interests = v)
                error=error("interests") multiline=true maxlength=limits::INTERESTS/>
            <ChoiceInput id="need-goals".into() legend=words::need_field_label("goals") hint="Välj ett eller flera."
                options=codes(&NeedGoal::ALL, NeedGoal::code, |g| words::goal_name(g).to_string())
                selected=Signal::derive(move || need.with(|n| n.goals.clone()))
                on_change=Callback::new(move |(code, on): (String, bool)| need.update(|n| {
                    let all: Vec<&str> = NeedGoal::ALL.iter().map(|g| g.code()).collect();
                    n.goals = form::toggle(&n.goals, &code, on, &all);
                }))
                error=error("goals") multiple=true/>
            <TextInput id="need-goal_note".into() label=words::need_field_label("goal_note")
                value=text_value(|n| &n.goal_note) on_input=set_text(|n, v| n.goal_note = v)
                error=error("goal_note") multiline=true maxlength=limits::GOAL_NOTE/>
            <ChoiceInput id="need-assignment_type".into() legend=words::need_field_label("assignment_type")
                options=ASSIGNMENT_TYPES.iter().map(|t| (t.to_string(), text::assignment_type_name(t).to_string())).collect()
                selected=single(|n| &n.assignment_type) on_change=choose_one(|n, v| n.assignment_type = v)
                error=error("assignment_type")/>
            <ChoiceInput id="need-frequency".into() legend=words::need_field_label("frequency")
                hint="Ersättningens nivå följer hur ofta de träffas."
                options=codes(&Frequency::ALL, Frequency::code, |f| words::frequency_name(f).to_string())
                selected=single(|n| &n.frequency) on_change=choose_one(|n, v| n.frequency = v)
                error=error("frequency")/>
            <ChoiceInput id="need-times".into() legend=words::need_field_label("times")
                hint="Lämna tomt om familjen inte har någon önskan."
                options=TIMES.iter().map(|t| (t.to_string(), words::time_choice(t))).collect()
                selected=Signal::derive(move || need.with(|n| n.times.clone()))
                on_change=Callback::new(move |(code, on): (String, bool)| need.update(|n| n.times = form::toggle(&n.times, &code, on, &TIMES)))
                error=error("times") multiple=true/>
            <TextInput id="need-suggested_person".into() label=words::need_field_label("suggested_person")
                hint="Namn eller referensnummer, om familjen har föreslagit någon."
                value=text_value(|n| &n.suggested_person) on_input=set_text(|n, v| n.suggested_person = v)
                error=error("suggested_person") maxlength=limits::SUGGESTED_PERSON/>
            <div class="form-group">
                <div class="choice">
                    <input id="need-needs_driving" type="checkbox"
                        prop:checked=move || need.with(|n| n.needs_driving)
                        on:change=move |ev| { let on = event_target_checked(&ev); need.update(|n| n.needs_driving = on); }/>
                    <label for="need-needs_driving">"Kontaktpersonen behöver kunna köra bil"</label>
                </div>
            </div>
            <button type="submit" class="button" prop:disabled=move || busy.get()>
                {move || if busy.get() { "Sparar …" } else { "Spara behovet" }}
            </button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(status: NeedStatus) -> NeedRow {
        NeedRow {
            reference: "B-2026-0001".into(),
            case_reference: "IFO-1".into(),
            assignment_type: "child".into(),
            age_group: "7-12".into(),
            languages: vec!["sv".into()],
            area: "Centrum".into(),
            status,
            created_at: "2026-11-24T09:00:00Z".into(),
        }
    }

    #[test]
    fn the_status_filter_shows_every_need_when_empty_and_only_that_status_otherwise() {
        assert!(shown(&row(NeedStatus::Closed), "", ""));
        assert!(shown(&row(NeedStatus::Open), "open", ""));
        assert!(!shown(&row(NeedStatus::Matched), "open", ""));
    }

    #[test]
    fn the_search_finds_a_case_number_or_reference_from_any_part_ignoring_case_spaces_and_dashes() {
        let mut need = row(NeedStatus::Open);
        need.case_reference = "IFO-2026-4711".into();
        for found in ["4711", "ifo 2026", "IFO20264711", "b-2026-0001", " 0001 "] {
            assert!(shown(&need, "", found), "{found}");
        }
        assert!(!shown(&need, "", "4712"));
        assert!(
            !shown(&need, "closed", "4711"),
            "the status filter still applies"
        );
    }
}
