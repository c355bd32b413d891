//! The language question as a WAI-ARIA APG combobox with a listbox popup: typing filters the
//! languages by any name the domain knows (`kp_domain::form_steps::language_options`, the page's
//! language and Swedish first), the arrows move the active option (`aria-activedescendant`; focus
//! stays in the input), Enter chooses it, Escape closes the list (or empties the input),
//! Backspace in an empty input removes the last language chosen. Chosen languages are items with
//! a remove button each ("Ta bort arabiska"). The answer is the list of codes, as before.

use kp_domain::application::language;
use kp_domain::form_steps::{language_label, language_name, language_options};
use kp_domain::form_text::FormText;
use kp_domain::i18n::fill;
use kp_domain::Locale;
use leptos::prelude::*;

use crate::components::form::{control_id, FieldContext};

const LISTBOX: &str = "f-languages-listbox";

/// The language question.
#[component]
pub fn LanguageCombobox(
    locale: Locale,
    t: &'static FormText,
    chosen: Signal<Vec<String>>,
    on_change: Callback<Vec<String>>,
    error: Signal<Option<String>>,
    cx: FieldContext,
) -> impl IntoView {
    let id = control_id("languages");
    let query = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let options = Memo::new(move |_| {
        let q = query.get();
        chosen.with(|c| language_options(locale, &q, c))
    });
    let has_error = move || error.get().is_some();
    let described = move || {
        if has_error() {
            "f-languages-hint f-languages-error"
        } else {
            "f-languages-hint"
        }
    };
    let option_id = |code: &str| format!("lang-{code}");

    let choose = move |code: &'static str| {
        let mut now = chosen.get_untracked();
        if !now.iter().any(|c| c == code) {
            now.push(code.to_string());
        }
        on_change.run(now);
        query.set(String::new());
        open.set(false);
        active.set(None);
    };
    let remove = move |code: String| {
        let mut now = chosen.get_untracked();
        now.retain(|c| *c != code);
        on_change.run(now);
    };
    // The active option stays in view as the arrows move it.
    Effect::new(move |_| {
        if let Some(code) = active
            .get()
            .and_then(|i| options.with(|o| o.get(i).map(|l| l.code)))
        {
            if let Some(el) = document().get_element_by_id(&option_id(code)) {
                el.scroll_into_view_with_bool(false);
            }
        }
    });

    let keydown = move |ev: leptos::ev::KeyboardEvent| {
        let n = options.with_untracked(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" | "ArrowUp" => {
                ev.prevent_default();
                if n == 0 {
                    open.set(true);
                    return;
                }
                let down = ev.key() == "ArrowDown";
                let next = match (open.get_untracked(), active.get_untracked()) {
                    (true, Some(i)) if down => (i + 1) % n,
                    (true, Some(i)) => (i + n - 1) % n,
                    _ if down => 0,
                    _ => n - 1,
                };
                open.set(true);
                active.set(Some(next));
            }
            "Enter" => {
                let picked = active
                    .get_untracked()
                    .filter(|_| open.get_untracked())
                    .and_then(|i| options.with_untracked(|o| o.get(i).map(|l| l.code)));
                if let Some(code) = picked {
                    ev.prevent_default(); // Choosing, not continuing to the next step.
                    choose(code);
                }
            }
            "Escape" => {
                if open.get_untracked() {
                    ev.prevent_default();
                    open.set(false);
                    active.set(None);
                } else if !query.get_untracked().is_empty() {
                    ev.prevent_default();
                    query.set(String::new());
                }
            }
            "Backspace" if query.get_untracked().is_empty() => {
                if let Some(last) = chosen.get_untracked().last().cloned() {
                    ev.prevent_default();
                    remove(last);
                }
            }
            _ => {}
        }
    };

    let chosen_items = move || {
        chosen
            .get()
            .into_iter()
            .filter_map(|code| language(&code))
            .map(|l| {
                let name = fill(t.remove_language, &[("language", language_name(locale, l))]);
                let code = l.code.to_string();
                view! {
                    <li>
                        <span lang=l.code>{language_label(locale, l)}</span>
                        <button type="button" class="token-remove" on:click=move |_| {
                            remove(code.clone());
                            crate::dom::focus_soon(control_id("languages"));
                        }>
                            <span aria-hidden="true">"×"</span>
                            <span class="visually-hidden">{name}</span>
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    let chosen_said = move || {
        let names: Vec<String> = chosen
            .get()
            .iter()
            .filter_map(|c| language(c))
            .map(|l| language_label(locale, l))
            .collect();
        let list = if names.is_empty() {
            t.nothing_chosen.to_string()
        } else {
            names.join(", ")
        };
        format!("{}: {list}", t.languages_chosen)
    };

    view! {
        <div class="form-group" class:form-group-error=has_error>
            <fieldset class="fieldset" aria-invalid=move || has_error().then_some("true") aria-describedby=described>
                <legend class="legend">{t.languages}</legend>
                <div class="hint" id="f-languages-hint">{t.languages_hint}</div>
                {move || error.get().map(|m| view! {
                    <p class="field-error" id="f-languages-error"><span class="visually-hidden">{cx.error_prefix}" "</span>{m}</p>
                })}
                <ul class="chosen-languages" aria-label=t.languages_chosen>{chosen_items}</ul>
                <p class="chosen visually-hidden" role="status">{chosen_said}</p>
                <label class="label label-small" id="f-languages-label" for=id.clone()>{t.language_search}</label>
                <div class="combobox">
                    <input
                        id=id
                        type="text"
                        class="input width-20"
                        role="combobox"
                        autocomplete="off"
                        aria-autocomplete="list"
                        aria-controls=LISTBOX
                        aria-expanded=move || if open.get() { "true" } else { "false" }
                        aria-activedescendant=move || {
                            active.get().filter(|_| open.get()).and_then(|i| options.with(|o| o.get(i).map(|l| option_id(l.code))))
                        }
                        prop:value=move || query.get()
                        on:input=move |ev| {
                            let value = event_target_value(&ev);
                            query.set(value);
                            open.set(true);
                            active.set((!options.with_untracked(Vec::is_empty)).then_some(0));
                        }
                        on:keydown=keydown
                        on:click=move |_| open.set(true)
                        on:blur=move |_| { open.set(false); active.set(None); }
                    />
                    <ul class="language-listbox" id=LISTBOX role="listbox" aria-labelledby="f-languages-label" hidden=move || !open.get()>
                        {move || options.get().into_iter().enumerate().map(|(i, l)| {
                            let code = l.code;
                            view! {
                                <li
                                    id=option_id(code)
                                    role="option"
                                    lang=code
                                    aria-selected=move || if active.get() == Some(i) { "true" } else { "false" }
                                    on:mousedown=move |ev| { ev.prevent_default(); choose(code); }
                                >{language_label(locale, l)}</li>
                            }
                        }).collect_view()}
                    </ul>
                </div>
                <p class="hint" role="status">{move || {
                    (!query.get().trim().is_empty() && options.with(Vec::is_empty)).then_some(t.language_no_match)
                }}</p>
            </fieldset>
        </div>
    }
}
