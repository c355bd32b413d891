//! Form widgets in the GOV.UK pattern: a label, an optional hint and an inline error, tied to the
//! control with `aria-describedby`, `aria-invalid` on a bad field, and groups in
//! `fieldset`/`legend`. Each widget only wires signals; the rules live in `kp_domain`.

use leptos::prelude::*;

/// Splits text into runs, marking the ones to isolate left-to-right inside right-to-left text:
/// numbers, phone numbers, e-mail addresses and codes (`070-123 45 67` would otherwise show as
/// `67 45 070-123` in an Arabic sentence).
pub fn ltr_runs(text: &str) -> Vec<(bool, String)> {
    const TRAILING: [char; 8] = ['.', ',', '،', ':', ';', '؛', ')', '('];
    let technical = |core: &str| {
        !core.is_empty()
            && core.chars().all(|c| c.is_ascii_graphic())
            && core.chars().any(|c| c.is_ascii_digit() || c == '@')
    };
    // Pieces: each word split into a technical core and what trails it, with the spaces between.
    let mut pieces: Vec<(bool, String)> = Vec::new();
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            pieces.push((false, " ".into()));
        }
        let core = word.trim_end_matches(TRAILING);
        if technical(core) {
            pieces.push((true, core.into()));
            pieces.push((false, word[core.len()..].into()));
        } else {
            pieces.push((false, word.into()));
        }
    }
    pieces.retain(|(_, s)| !s.is_empty());
    // Merge: technical pieces joined by a single space form one run; other text joins up.
    let mut runs: Vec<(bool, String)> = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        let (ltr, piece) = &pieces[i];
        let joins_two_runs = !ltr
            && piece == " "
            && runs.last().is_some_and(|(l, _)| *l)
            && pieces.get(i + 1).is_some_and(|(l, _)| *l);
        if joins_two_runs {
            let last = runs.last_mut().expect("checked");
            last.1.push(' ');
            last.1.push_str(&pieces[i + 1].1);
            i += 2;
            continue;
        }
        match runs.last_mut() {
            Some((false, last)) if !ltr => last.push_str(piece),
            _ => runs.push((*ltr, piece.clone())),
        }
        i += 1;
    }
    runs
}

/// Text that keeps numbers and addresses readable in right-to-left languages.
#[component]
pub fn Bidi(#[prop(into)] text: String, rtl: bool) -> impl IntoView {
    if !rtl {
        return text.into_any();
    }
    ltr_runs(&text)
        .into_iter()
        .map(|(ltr, s)| {
            if ltr {
                view! { <bdi dir="ltr">{s}</bdi> }.into_any()
            } else {
                s.into_any()
            }
        })
        .collect_view()
        .into_any()
}

/// The element id of a field's control (the error summary links here).
pub fn control_id(field: &str) -> String {
    format!("f-{field}")
}

fn described_by(field: &str, hint: bool, error: bool) -> Option<String> {
    let mut ids = Vec::new();
    if hint {
        ids.push(format!("{}-hint", control_id(field)));
    }
    if error {
        ids.push(format!("{}-error", control_id(field)));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// The inline error under a label.
#[component]
fn InlineError(
    field: &'static str,
    message: String,
    prefix: &'static str,
    rtl: bool,
) -> impl IntoView {
    view! {
        <p class="field-error" id=format!("{}-error", control_id(field))>
            <span class="visually-hidden">{prefix}" "</span>
            <Bidi text=message rtl=rtl/>
        </p>
    }
}

/// What every field widget needs besides its own settings.
#[derive(Clone, Copy)]
pub struct FieldContext {
    /// The visually hidden word before an inline error ("Fel:").
    pub error_prefix: &'static str,
    /// Whether the locale is right-to-left.
    pub rtl: bool,
}

/// A text input or text area.
#[component]
pub fn TextField(
    field: &'static str,
    label: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    value: Signal<String>,
    on_input: Callback<String>,
    error: Signal<Option<String>>,
    cx: FieldContext,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(default = "")] width: &'static str,
    #[prop(default = false)] multiline: bool,
    #[prop(default = false)] ltr: bool,
) -> impl IntoView {
    let id = control_id(field);
    let has_error = move || error.get().is_some();
    let control = if multiline {
        view! {
            <textarea
                id=id.clone()
                name=field
                rows="5"
                class="textarea"
                class:input-error=has_error
                aria-invalid=move || has_error().then_some("true")
                aria-describedby=move || described_by(field, hint.is_some(), has_error())
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id.clone()
                name=field
                type=input_type
                class=format!("input {width}")
                class:input-error=has_error
                dir=ltr.then_some("ltr")
                autocomplete=autocomplete
                inputmode=inputmode
                spellcheck=(input_type != "text").then_some("false")
                aria-invalid=move || has_error().then_some("true")
                aria-describedby=move || described_by(field, hint.is_some(), has_error())
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))
            />
        }
        .into_any()
    };
    view! {
        <div class="form-group" class:form-group-error=has_error>
            <label class="label" for=id.clone()>{label}</label>
            {hint.map(|h| view! {
                <div class="hint" id=format!("{}-hint", control_id(field))><Bidi text=h rtl=cx.rtl/></div>
            })}
            {move || error.get().map(|m| view! { <InlineError field=field message=m prefix=cx.error_prefix rtl=cx.rtl/> })}
            {control}
        </div>
    }
}

/// A group of checkboxes (several answers) or radios (one answer).
#[component]
pub fn ChoiceGroup(
    field: &'static str,
    legend: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    options: Vec<(&'static str, String)>,
    selected: Signal<Vec<String>>,
    on_toggle: Callback<(String, bool)>,
    error: Signal<Option<String>>,
    cx: FieldContext,
    #[prop(default = false)] single: bool,
) -> impl IntoView {
    let has_error = move || error.get().is_some();
    let items = options
        .into_iter()
        .enumerate()
        .map(|(i, (code, label))| {
            let id = if i == 0 {
                control_id(field)
            } else {
                format!("{}-{code}", control_id(field))
            };
            let checked = move || selected.with(|s| s.iter().any(|v| v == code));
            view! {
                <div class="choice">
                    <input
                        id=id.clone()
                        name=field
                        type=if single { "radio" } else { "checkbox" }
                        value=code
                        prop:checked=checked
                        on:change=move |ev| on_toggle.run((code.to_string(), event_target_checked(&ev)))
                    />
                    <label for=id>{label}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <div class="form-group" class:form-group-error=has_error>
            <fieldset
                class="fieldset"
                aria-invalid=move || has_error().then_some("true")
                aria-describedby=move || described_by(field, hint.is_some(), has_error())
            >
                <legend class="legend">{legend}</legend>
                {hint.map(|h| view! { <div class="hint" id=format!("{}-hint", control_id(field))>{h}</div> })}
                {move || error.get().map(|m| view! { <InlineError field=field message=m prefix=cx.error_prefix rtl=cx.rtl/> })}
                <div class="choices">{items}</div>
            </fieldset>
        </div>
    }
}

/// A select with one answer: label, optional hint, inline error, `options` as (value, text)
/// after an empty first choice (`none`).
#[component]
pub fn SelectField(
    field: &'static str,
    label: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    none: &'static str,
    options: Vec<(String, String)>,
    value: Signal<String>,
    on_change: Callback<String>,
    error: Signal<Option<String>>,
    cx: FieldContext,
) -> impl IntoView {
    let id = control_id(field);
    let has_error = move || error.get().is_some();
    view! {
        <div class="form-group" class:form-group-error=has_error>
            <label class="label" for=id.clone()>{label}</label>
            {hint.map(|h| view! {
                <div class="hint" id=format!("{}-hint", control_id(field))><Bidi text=h rtl=cx.rtl/></div>
            })}
            {move || error.get().map(|m| view! { <InlineError field=field message=m prefix=cx.error_prefix rtl=cx.rtl/> })}
            <select
                id=id
                name=field
                class="select"
                class:input-error=has_error
                aria-invalid=move || has_error().then_some("true")
                aria-describedby=move || described_by(field, hint.is_some(), has_error())
                on:change=move |ev| on_change.run(event_target_value(&ev))
            >
                <option value="" prop:selected=move || value.with(String::is_empty)>{none}</option>
                {options.into_iter().map(|(code, text)| {
                    let chosen = code.clone();
                    view! { <option value=code prop:selected=move || value.with(|v| *v == chosen)>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(runs: &[(bool, String)]) -> String {
        runs.iter()
            .map(|(ltr, s)| if *ltr { format!("[{s}]") } else { s.clone() })
            .collect()
    }

    #[test]
    fn phone_numbers_and_addresses_are_isolated_with_their_spaces_but_not_their_punctuation() {
        let runs = ltr_runs("مثلًا 070-123 45 67. سنتصل بك");
        assert_eq!(shown(&runs), "مثلًا [070-123 45 67]. سنتصل بك");
        let runs = ltr_runs("إلى name@example.com، شكرًا");
        assert_eq!(shown(&runs), "إلى [name@example.com]، شكرًا");
    }

    #[test]
    fn text_without_numbers_is_left_alone() {
        assert_eq!(shown(&ltr_runs("الاسم الأول")), "الاسم الأول");
        assert_eq!(shown(&ltr_runs("")), "");
    }

    #[test]
    fn the_text_is_never_changed_only_marked() {
        for text in [
            "12 رقمًا، مثلًا 19811218-9876. يجب",
            "a  b 1",
            " 070 ",
            "(123 45)",
        ] {
            let joined: String = ltr_runs(text).into_iter().map(|(_, s)| s).collect();
            assert_eq!(joined, text, "{text:?}");
        }
    }
}
