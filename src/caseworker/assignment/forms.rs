//! The assignment page's task forms: the plan, a change of terms, a follow-up and the ending.
//! Each edits its part of the page's [`PageState`](super::PageState) and reloads the page when
//! saved.

use super::*;

pub(super) fn plan_form(
    assignment_type: String,
    has_plan: bool,
    state: PageState,
) -> impl IntoView {
    let PageState {
        plan,
        plan_problems: problems,
        plan_refusal: refusal,
        sender,
        ..
    } = state;
    let busy = sender.pending();
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
    let save = FormSave::new(sender, problems, refusal, "plan-errors");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sender.is_pending() {
            return;
        }
        state.saved.set(None);
        let built = plan.with_untracked(|p| build_plan(p, &kind.get_value()));
        let Some(to_send) = save.checked(built) else {
            return;
        };
        let id = state.id.get_value();
        let request = async move { api::save_plan(&id, &to_send).await.map(|()| to_send) };
        save.send(request, words::plan_error, move |saved| {
            state.plan_baseline.set(saved.clone());
            plan.set(saved);
            state.editing_plan.set(false);
            state.task_saved("plan", "Genomförandeplanen är sparad.".to_string());
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

/// The form that changes the terms from a date.
pub(super) fn terms_form(
    assignment_type: String,
    current: Vec<Terms>,
    state: PageState,
) -> impl IntoView {
    let PageState {
        terms: draft,
        terms_problems: problems,
        terms_refusal: refusal,
        sender,
        ..
    } = state;
    let busy = sender.pending();
    let special = assignment_type == "special";
    let kind = StoredValue::new(assignment_type);
    let current = StoredValue::new(current);
    let error = move |field: &str| problem_for(problems, field.to_string());
    let latest = current.with_value(|c| c.iter().map(|t| t.from).max());
    let save = FormSave::new(sender, problems, refusal, "terms-errors");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sender.is_pending() {
            return;
        }
        state.saved.set(None);
        let built = draft.with_untracked(|d| {
            current.with_value(|c| build_terms_change(d, &kind.get_value(), c, form::today()))
        });
        let Some(change) = save.checked(built) else {
            return;
        };
        let id = state.id.get_value();
        let request = async move { api::change_terms(&id, &change).await.map(|()| change) };
        let message =
            move |f: &str, c: &str| words::terms_error(f, c, latest.unwrap_or_else(form::today));
        save.send(request, message, move |saved| {
            let message = format!("Ändringen från {} är sparad.", saved.from);
            state.task_closed("terms", draft, TermsDraft::default(), message);
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

pub(super) fn follow_up_form(
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
        sender,
        ..
    } = state;
    let busy = sender.pending();
    let error = move |field: &str| problem_for(problems, field.to_string());
    let plan_for_submit = StoredValue::new(plan.clone());
    let save = FormSave::new(sender, problems, refusal, "follow-up-errors");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sender.is_pending() {
            return;
        }
        state.saved.set(None);
        let built = draft.with_untracked(|d| {
            plan_for_submit.with_value(|p| build_follow_up(d, p, start, form::today()))
        });
        let Some(follow_up) = save.checked(built) else {
            return;
        };
        let id = state.id.get_value();
        let request = async move {
            api::record_follow_up(&id, &follow_up)
                .await
                .map(|()| follow_up)
        };
        let message = move |f: &str, c: &str| words::follow_up_error(f, c, start);
        save.send(request, message, move |saved| {
            let message = format!("Uppföljningen {} är sparad.", saved.date);
            state.task_closed("follow-up", draft, fresh_follow_up(), message);
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

pub(super) fn ending_form(name: String, start: NaiveDate, state: PageState) -> impl IntoView {
    let PageState {
        ending: draft,
        ending_problems: problems,
        ending_refusal: refusal,
        confirming,
        sender,
        ..
    } = state;
    let busy = sender.pending();
    let name = StoredValue::new(name);
    let error = move |field: &str| problem_for(problems, field.to_string());
    let save = FormSave::new(sender, problems, refusal, "ending-errors");
    let check = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        state.saved.set(None);
        let built = draft.with_untracked(|d| build_ending(d, start, form::today()));
        if save.checked(built).is_some() {
            confirming.set(true);
            form::focus("ending-confirm");
        }
    };
    let back = move |_| {
        confirming.set(false);
        form::focus("ending-date");
    };
    let confirm = move |_| {
        if sender.is_pending() {
            return;
        }
        let Ok(ending) = draft.with_untracked(|d| build_ending(d, start, form::today())) else {
            confirming.set(false);
            return;
        };
        let id = state.id.get_value();
        // The answer, either way, closes the confirmation.
        let request = async move {
            let answer = api::end_assignment(&id, &ending).await;
            confirming.set(false);
            answer.map(|()| ending)
        };
        let message = move |f: &str, c: &str| words::ending_error(f, c, start);
        save.send(request, message, move |saved| {
            let message = format!("Uppdraget är avslutat med sista dag {}.", saved.date);
            state.task_closed("ending", draft, fresh_ending(), message);
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
