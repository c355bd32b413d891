//! Compensation levels (`/handlaggare/ersattning`): every year's prisbasbelopp and levels with the
//! monthly amounts they give. Administrators change a year or add the next one; the public
//! compensation page and the payment basis use the same data.

use kp_domain::api::FieldError;
use kp_domain::compensation::skr::{self, Band};
use kp_domain::compensation::{CompensationYear, Frequency, Level, Rate};
use kp_domain::i18n::format_kronor;
use kp_domain::Locale;
use leptos::prelude::*;

use super::{text, RequireSignIn, Session};
use crate::api;

/// A frequency as the levels are named.
pub fn frequency_name(frequency: Frequency) -> &'static str {
    match frequency {
        Frequency::Weekly => "Minst en gång i veckan",
        Frequency::SeveralPerWeek => "Flera gånger i veckan",
        Frequency::AlmostDaily => "Nästan varje dag",
    }
}

/// Parses a percentage as typed (`36`, `36,5`, `36.25 %`) into basis points.
pub fn parse_percent(text: &str) -> Option<i64> {
    let t = text.trim().trim_end_matches('%').trim().replace(',', ".");
    let (whole, fraction) = t.split_once('.').unwrap_or((&t, ""));
    if whole.is_empty() || fraction.len() > 2 || !whole.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if !fraction.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let fraction: i64 = format!("{fraction:0<2}").parse().ok()?;
    whole.checked_mul(100)?.checked_add(fraction)
}

/// Basis points as a Swedish percentage: `3650` → `36,5 %`.
pub fn format_percent(basis_points: i64) -> String {
    let whole = basis_points / 100;
    let fraction = basis_points % 100;
    if fraction == 0 {
        format!("{whole}\u{a0}%")
    } else if fraction % 10 == 0 {
        format!("{whole},{}\u{a0}%", fraction / 10)
    } else {
        format!("{whole},{fraction:02}\u{a0}%")
    }
}

/// A rate in words: "36 % av prisbasbeloppet per år" or "600 kr per månad".
pub fn rate_text(rate: Rate) -> String {
    match rate {
        Rate::PriceBasePercent { basis_points } => {
            format!("{} av prisbasbeloppet per år", format_percent(basis_points))
        }
        Rate::FixedMonthly { kronor } => {
            format!("{} per månad", format_kronor(Locale::Sv, kronor))
        }
    }
}

/// A band of SKR's as the screen writes it: `10–35 %`, or `10 %` for one figure.
pub fn band_text(band: Band) -> String {
    if band.low == band.high {
        format_percent(band.low)
    } else {
        format!(
            "{}–{}",
            format_percent(band.low).trim_end_matches("\u{a0}%"),
            format_percent(band.high)
        )
    }
}

/// SKR's recommendation for a level's arvode or omkostnad (`which`), in words.
pub fn recommendation_text(frequency: Frequency, which: &str) -> String {
    let band = if which == "arvode" {
        skr::arvode_band(frequency)
    } else {
        skr::omkostnad_band(frequency)
    };
    format!("SKR: {}", band_text(band))
}

/// A warning the server gave on saving (`levels[i].arvode`, code `outside_skr_band`), in words
/// that name the level and SKR's band; `levels` are the levels that were sent.
pub fn warning_text(levels: &[Level], warning: &FieldError) -> String {
    let found = warning
        .field
        .strip_prefix("levels[")
        .and_then(|rest| rest.split_once("]."))
        .and_then(|(i, which)| Some((levels.get(i.parse::<usize>().ok()?)?, which)));
    match (warning.code.as_str(), found) {
        (skr::OUTSIDE_BAND, Some((level, which))) => {
            let (what, rate) = if which == "arvode" {
                ("Arvodet", level.arvode)
            } else {
                ("Omkostnaden", level.omkostnad)
            };
            format!(
                "{what} för {} ({}) ligger utanför SKR:s rekommendation ({}).",
                frequency_name(level.frequency).to_lowercase(),
                rate_text(rate),
                recommendation_text(level.frequency, which).trim_start_matches("SKR: "),
            )
        }
        (skr::OUTSIDE_BAND, None) => "En nivå ligger utanför SKR:s rekommendation.".into(),
        _ => "Kontrollera nivåerna.".into(),
    }
}

/// The editable form of one rate: kind (`percent` or `fixed`) and the typed value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateInput {
    /// `percent` or `fixed`.
    pub kind: String,
    /// As typed.
    pub value: String,
}

impl RateInput {
    fn from_rate(rate: Rate) -> RateInput {
        match rate {
            Rate::PriceBasePercent { basis_points } => RateInput {
                kind: "percent".into(),
                value: format_percent(basis_points)
                    .trim_end_matches("\u{a0}%")
                    .to_string(),
            },
            Rate::FixedMonthly { kronor } => RateInput {
                kind: "fixed".into(),
                value: kronor.to_string(),
            },
        }
    }

    /// The rate, if the value reads as one.
    pub fn rate(&self) -> Option<Rate> {
        if self.kind == "fixed" {
            let kronor = self.value.trim().replace([' ', '\u{a0}'], "");
            kronor
                .parse::<i64>()
                .ok()
                .map(|kronor| Rate::FixedMonthly { kronor })
        } else {
            parse_percent(&self.value).map(|basis_points| Rate::PriceBasePercent { basis_points })
        }
    }
}

/// One year as the edit form holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearInput {
    /// The year.
    pub year: i32,
    /// Prisbasbelopp as typed.
    pub price_base: String,
    /// Its source.
    pub source: String,
    /// The levels' source (the decision that set them).
    pub levels_source: String,
    /// Per frequency: used, arvode, omkostnad.
    pub levels: Vec<(Frequency, bool, RateInput, RateInput)>,
}

impl YearInput {
    /// The form for an existing year (unused frequencies start as 0 and unticked).
    pub fn from_year(data: &CompensationYear) -> YearInput {
        let zero = RateInput {
            kind: "percent".into(),
            value: "0".into(),
        };
        YearInput {
            year: data.year,
            price_base: data.price_base_kronor.to_string(),
            source: data.price_base_source.clone(),
            levels_source: data.levels_source.clone(),
            levels: Frequency::ALL
                .into_iter()
                .map(|f| match data.levels.iter().find(|l| l.frequency == f) {
                    Some(l) => (
                        f,
                        true,
                        RateInput::from_rate(l.arvode),
                        RateInput::from_rate(l.omkostnad),
                    ),
                    None => (f, false, zero.clone(), zero.clone()),
                })
                .collect(),
        }
    }

    /// The data to send, or the fields that do not read as numbers.
    pub fn to_year(&self) -> Result<CompensationYear, Vec<(String, &'static str)>> {
        let mut problems = Vec::new();
        let price_base = self
            .price_base
            .trim()
            .replace([' ', '\u{a0}'], "")
            .parse::<i64>();
        if price_base.is_err() {
            problems.push((
                "price_base_kronor".to_string(),
                "Skriv prisbasbeloppet i hela kronor, till exempel 59200.",
            ));
        }
        let mut levels = Vec::new();
        for (i, (frequency, used, arvode, omkostnad)) in self.levels.iter().enumerate() {
            if !used {
                continue;
            }
            let a = arvode.rate();
            let o = omkostnad.rate();
            if a.is_none() {
                problems.push((format!("levels[{i}].arvode"), NUMBER_HINT));
            }
            if o.is_none() {
                problems.push((format!("levels[{i}].omkostnad"), NUMBER_HINT));
            }
            if let (Some(arvode), Some(omkostnad)) = (a, o) {
                levels.push(Level {
                    frequency: *frequency,
                    arvode,
                    omkostnad,
                });
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(CompensationYear {
            year: self.year,
            price_base_kronor: price_base.unwrap_or_default(),
            price_base_source: self.source.trim().to_string(),
            levels_source: self.levels_source.trim().to_string(),
            levels,
        })
    }
}

const NUMBER_HINT: &str = "Skriv en procentsats som 36 eller 36,5, eller ett belopp i hela kronor.";

/// The server's field code as a sentence.
pub fn server_message(code: &str) -> &'static str {
    match code {
        "out_of_range" => "Beloppet verkar fel: kontrollera att det är skrivet i rätt enhet.",
        "required" => "Fyll i källan, till exempel förordningens SFS-nummer.",
        "too_long" => "Texten är för lång.",
        "duplicate" => "Samma nivå finns två gånger.",
        "choose_at_least_one" => "Välj minst en nivå.",
        _ => "Värdet kunde inte sparas.",
    }
}

/// The compensation page.
#[component]
pub fn CompensationPage() -> impl IntoView {
    view! { <RequireSignIn><Compensation/></RequireSignIn> }
}

#[component]
fn Compensation() -> impl IntoView {
    let scope = api::RequestScope::here();
    let Session(session) = expect_context::<Session>();
    let admin = move || session.get().flatten().is_some_and(|u| u.is_admin());
    let years = RwSignal::new(None::<Result<Vec<CompensationYear>, api::ApiError>>);
    let editing = RwSignal::new(None::<YearInput>);
    let saved = RwSignal::new(None::<String>);
    let warned = RwSignal::new(Vec::<String>::new());
    let load = move || scope.spawn(async move { years.set(Some(api::compensation().await)) });
    load();
    crate::dom::set_document_meta(
        Locale::Sv,
        &format!("Ersättningsnivåer – {}", text::PRODUCT),
        "Prisbasbelopp och ersättningsnivåer",
    );
    view! {
        <h1>"Ersättningsnivåer"</h1>
        <p class="hint">"Arvode (skattepliktigt) och omkostnadsersättning per månad. Samma uppgifter visas på den publika sidan om ersättning och används i utbetalningsunderlaget."</p>
        <p class="hint">{format!("Bredvid varje nivå står SKR:s rekommendation ({}) som andel av prisbasbeloppet per år, vilket är samma tal som andel av prisbasbeloppet/12 per månad. Rekommendationen är vägledande: en nivå utanför den sparas, med en varning. För särskilt kvalificerad kontaktperson ger SKR ingen rekommendation; beloppet beslutas i varje uppdrag.", skr::SOURCE)}</p>
        <div role="status">
            {move || saved.get().map(|m| view! { <p class="success-message">{m}</p> })}
            {move || (!warned.get().is_empty()).then(|| view! {
                <div class="warning-text">
                    {warned.get().into_iter().map(|w| view! { <p>{w}</p> }).collect_view()}
                </div>
            })}
        </div>
        {move || editing.get().map(|input| view! { <YearForm input=input editing=editing saved=saved warned=warned on_saved=load/> })}
        {move || match years.get() {
            None => view! { <p class="status" role="status">"Hämtar nivåerna …"</p> }.into_any(),
            Some(Err(_)) => view! { <p class="status" role="alert">"Nivåerna kunde inte hämtas. Ladda om sidan."</p> }.into_any(),
            Some(Ok(list)) => {
                let next = list.first().map(|latest| {
                    let mut input = YearInput::from_year(latest);
                    input.year = latest.year + 1;
                    input.source = String::new();
                    input.levels_source = String::new();
                    input
                });
                view! {
                    {(admin() && editing.get().is_none()).then(|| next.map(|input| {
                        let label = format!("Lägg till {}", input.year);
                        view! { <button type="button" class="button button-secondary" on:click=move |_| { saved.set(None); warned.set(Vec::new()); editing.set(Some(input.clone())) }>{label}</button> }
                    }))}
                    {list.into_iter().map(|y| year_view(y, admin(), editing, saved, warned)).collect_view()}
                }.into_any()
            }
        }}
    }
}

fn year_view(
    y: CompensationYear,
    admin: bool,
    editing: RwSignal<Option<YearInput>>,
    saved: RwSignal<Option<String>>,
    warned: RwSignal<Vec<String>>,
) -> impl IntoView {
    let heading_id = format!("year-{}", y.year);
    let labelled_by = heading_id.clone();
    let input = YearInput::from_year(&y);
    let edit_label = format!("Ändra {}", y.year);
    view! {
        <section aria-labelledby=labelled_by class="compensation-year">
            <h2 id=heading_id>{y.year}</h2>
            <p>"Prisbasbelopp: "<strong>{format_kronor(Locale::Sv, y.price_base_kronor)}</strong>" ("{y.price_base_source.clone()}")"</p>
            <p>{if y.levels_source.is_empty() {
                "Nivåernas källa: inte angiven. Ange nämndens beslut när året ändras.".to_string()
            } else {
                format!("Nivåernas källa: {}", y.levels_source)
            }}</p>
            {if y.levels.is_empty() {
                view! { <p class="hint">"Inga nivåer för året: föregående års nivåer gäller."</p> }.into_any()
            } else {
                view! {
                    <table class="dense">
                        <caption class="visually-hidden">{format!("Nivåer {}", y.year)}</caption>
                        <thead><tr>
                            <th scope="col">"Nivå"</th>
                            <th scope="col">"Arvode"</th>
                            <th scope="col" class="number">"Arvode per månad"</th>
                            <th scope="col">"SKR:s arvode"</th>
                            <th scope="col">"Omkostnad"</th>
                            <th scope="col" class="number">"Omkostnad per månad"</th>
                            <th scope="col">"SKR:s omkostnad"</th>
                        </tr></thead>
                        <tbody>
                            {y.levels.iter().map(|l| {
                                let base = y.price_base_kronor;
                                let band_cell = move |which: &str, rate: Rate| {
                                    let band = if which == "arvode" { skr::arvode_band(l.frequency) } else { skr::omkostnad_band(l.frequency) };
                                    let outside = !band.contains(rate, base);
                                    view! {
                                        <td>
                                            {band_text(band)}
                                            {outside.then(|| view! { <br/><strong>"Utanför SKR:s rekommendation"</strong> })}
                                        </td>
                                    }
                                };
                                view! {
                                    <tr>
                                        <th scope="row">{frequency_name(l.frequency)}</th>
                                        <td>{rate_text(l.arvode)}</td>
                                        <td class="number">{format_kronor(Locale::Sv, l.arvode.monthly(base))}</td>
                                        {band_cell("arvode", l.arvode)}
                                        <td>{rate_text(l.omkostnad)}</td>
                                        <td class="number">{format_kronor(Locale::Sv, l.omkostnad.monthly(base))}</td>
                                        {band_cell("omkostnad", l.omkostnad)}
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
            {admin.then(|| view! {
                <button type="button" class="button button-secondary button-small"
                    on:click=move |_| { saved.set(None); warned.set(Vec::new()); editing.set(Some(input.clone())) }>{edit_label}</button>
            })}
        </section>
    }
}

#[component]
fn YearForm<F: Fn() + Copy + Send + Sync + 'static>(
    input: YearInput,
    editing: RwSignal<Option<YearInput>>,
    saved: RwSignal<Option<String>>,
    warned: RwSignal<Vec<String>>,
    on_saved: F,
) -> impl IntoView {
    let year = input.year;
    let form = RwSignal::new(input);
    let problems = RwSignal::new(Vec::<(String, &'static str)>::new());
    let sender = api::Sender::new();
    let busy = sender.pending();
    let problem = move |field: &str| {
        let field = field.to_string();
        move || {
            problems.with(|p| {
                p.iter()
                    .find(|(f, _)| *f == field)
                    .map(|(_, m)| view! { <p class="field-error">{*m}</p> })
            })
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sender.is_pending() {
            return;
        }
        let data = match form.with_untracked(YearInput::to_year) {
            Ok(data) => data,
            Err(found) => {
                problems.set(found);
                return;
            }
        };
        problems.set(Vec::new());
        sender.send(async move {
            let result = api::set_compensation(&data).await;
            match result {
                Ok(answer) => {
                    editing.set(None);
                    saved.set(Some(format!("Nivåerna för {year} är sparade.")));
                    warned.set(
                        answer
                            .warnings
                            .iter()
                            .map(|w| warning_text(&data.levels, w))
                            .collect(),
                    );
                    on_saved();
                }
                Err(e) => {
                    let found: Vec<(String, &'static str)> = if e.fields.is_empty() {
                        vec![("form".into(), crate::caseworker::text::refusal(&e.code))]
                    } else {
                        e.fields
                            .iter()
                            .map(|f| (f.field.clone(), server_message(&f.code)))
                            .collect()
                    };
                    problems.set(found);
                }
            }
        });
    };
    let rate_fields = move |i: usize, which: &'static str, label: String| {
        let get = move || {
            form.with(|f| {
                let (_, _, a, o) = &f.levels[i];
                if which == "arvode" {
                    a.clone()
                } else {
                    o.clone()
                }
            })
        };
        let set = move |kind: Option<String>, value: Option<String>| {
            form.update(|f| {
                let (_, _, a, o) = &mut f.levels[i];
                let r = if which == "arvode" { a } else { o };
                if let Some(k) = kind {
                    r.kind = k;
                }
                if let Some(v) = value {
                    r.value = v;
                }
            })
        };
        let kind_id = format!("level-{i}-{which}-kind");
        let value_id = format!("level-{i}-{which}-value");
        let band_id = format!("level-{i}-{which}-band");
        let band_hint = format!(
            "{} av prisbasbeloppet per år (cirkulär 17:54)",
            recommendation_text(Frequency::ALL[i], which)
        );
        let field = format!("levels[{i}].{which}");
        view! {
            <div class="rate-input">
                <label class="label" for=kind_id.clone()>{format!("{label}: slag")}</label>
                <select id=kind_id class="select" on:change=move |ev| set(Some(event_target_value(&ev)), None)>
                    <option value="percent" selected=move || get().kind == "percent">"Procent av prisbasbeloppet per år"</option>
                    <option value="fixed" selected=move || get().kind == "fixed">"Fast belopp per månad (kr)"</option>
                </select>
                <label class="label" for=value_id.clone()>{format!("{label}: värde")}</label>
                <div class="hint" id=band_id.clone()>{band_hint}</div>
                {problem(&field)}
                <input id=value_id class="input input-medium" inputmode="decimal" aria-describedby=band_id
                    prop:value=move || get().value on:input=move |ev| set(None, Some(event_target_value(&ev)))/>
            </div>
        }
    };
    view! {
        <form class="step-form year-form" novalidate on:submit=submit aria-label=format!("Nivåer för {year}")>
            <h2>{format!("Nivåer för {year}")}</h2>
            {(year <= chrono::Datelike::year(&kp_domain::time::today_in_sweden(chrono::Utc::now()))).then(|| view! {
                <p class="warning-text">{year_in_progress_text(year)}</p>
            })}
            {problem("form")}
            <div class="form-group">
                <label class="label" for="price-base">"Prisbasbelopp (kr)"</label>
                {problem("price_base_kronor")}
                <input id="price-base" class="input input-medium" inputmode="numeric"
                    prop:value=move || form.with(|f| f.price_base.clone())
                    on:input=move |ev| form.update(|f| f.price_base = event_target_value(&ev))/>
            </div>
            <div class="form-group">
                <label class="label" for="price-base-source">"Källa"</label>
                <div class="hint">"Förordningen som fastställer beloppet, till exempel SFS 2025:872."</div>
                {problem("price_base_source")}
                <input id="price-base-source" class="input"
                    prop:value=move || form.with(|f| f.source.clone())
                    on:input=move |ev| form.update(|f| f.source = event_target_value(&ev))/>
            </div>
            <div class="form-group">
                <label class="label" for="levels-source">"Källa för nivåerna"</label>
                <div class="hint" id="levels-source-hint">"Beslutet som fastställer nivåerna, till exempel socialnämndens protokoll med datum och paragraf."</div>
                {problem("levels_source")}
                <input id="levels-source" class="input" aria-describedby="levels-source-hint"
                    prop:value=move || form.with(|f| f.levels_source.clone())
                    on:input=move |ev| form.update(|f| f.levels_source = event_target_value(&ev))/>
            </div>
            {problem("levels")}
            {Frequency::ALL.into_iter().enumerate().map(|(i, frequency)| {
                let used_id = format!("level-{i}-used");
                let name = frequency_name(frequency);
                view! {
                    <fieldset class="level-fieldset">
                        <legend class="label">{name}</legend>
                        <div class="choice">
                            <input type="checkbox" id=used_id.clone()
                                prop:checked=move || form.with(|f| f.levels[i].1)
                                on:change=move |ev| form.update(|f| f.levels[i].1 = event_target_checked(&ev))/>
                            <label for=used_id>{format!("Nivån används ({})", name.to_lowercase())}</label>
                        </div>
                        {rate_fields(i, "arvode", format!("Arvode, {}", name.to_lowercase()))}
                        {rate_fields(i, "omkostnad", format!("Omkostnad, {}", name.to_lowercase()))}
                    </fieldset>
                }
            }).collect_view()}
            <div class="actions">
                <button type="submit" class="button" prop:disabled=move || busy.get()>{format!("Spara nivåerna för {year}")}</button>
                <button type="button" class="button button-secondary" on:click=move |_| editing.set(None)>"Avbryt"</button>
            </div>
        </form>
    }
}

/// Said when an administrator edits a year that has begun: the levels are per year, so the
/// change also applies to months already paid, and their payment basis changes with it.
pub fn year_in_progress_text(year: i32) -> String {
    format!(
        "{year} har redan börjat. Nivåerna gäller hela året, så en ändring räknar om också de månader som kan vara utbetalda. Ta fram deras utbetalningsunderlag igen och stäm av mot lönesystemet."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_are_read_with_comma_or_point_and_at_most_two_decimals() {
        assert_eq!(parse_percent("36"), Some(3_600));
        assert_eq!(parse_percent("36,5"), Some(3_650));
        assert_eq!(parse_percent(" 3.33 % "), Some(333));
        assert_eq!(parse_percent("3,333"), None);
        assert_eq!(parse_percent("-1"), None);
        assert_eq!(parse_percent("tolv"), None);
        assert_eq!(parse_percent(""), None);
    }

    #[test]
    fn percentages_are_written_the_swedish_way() {
        assert_eq!(format_percent(3_600), "36\u{a0}%");
        assert_eq!(format_percent(3_650), "36,5\u{a0}%");
        assert_eq!(format_percent(333), "3,33\u{a0}%");
        assert_eq!(
            rate_text(Rate::FixedMonthly { kronor: 1_200 }),
            "1\u{a0}200\u{a0}kr per månad"
        );
    }

    #[test]
    fn skrs_bands_are_written_as_a_range_or_one_figure() {
        assert_eq!(
            recommendation_text(Frequency::Weekly, "arvode"),
            "SKR: 10–35\u{a0}%"
        );
        assert_eq!(
            recommendation_text(Frequency::AlmostDaily, "omkostnad"),
            "SKR: 40\u{a0}%"
        );
    }

    #[test]
    fn a_warning_names_the_level_its_rate_and_skrs_band() {
        let levels = [Level {
            frequency: Frequency::SeveralPerWeek,
            arvode: Rate::PriceBasePercent {
                basis_points: 6_000,
            },
            omkostnad: Rate::FixedMonthly { kronor: 900 },
        }];
        let warning = |field: &str| FieldError {
            field: field.into(),
            code: skr::OUTSIDE_BAND.into(),
        };
        assert_eq!(
            warning_text(&levels, &warning("levels[0].arvode")),
            "Arvodet för flera gånger i veckan (60\u{a0}% av prisbasbeloppet per år) ligger utanför SKR:s rekommendation (20–45\u{a0}%)."
        );
        assert_eq!(
            warning_text(&levels, &warning("levels[0].omkostnad")),
            "Omkostnaden för flera gånger i veckan (900\u{a0}kr per månad) ligger utanför SKR:s rekommendation (25\u{a0}%)."
        );
        assert_eq!(
            warning_text(&levels, &warning("levels[7].arvode")),
            "En nivå ligger utanför SKR:s rekommendation."
        );
    }

    #[test]
    fn a_year_survives_the_round_trip_through_the_form() {
        let year = CompensationYear {
            year: 2026,
            price_base_kronor: 59_200,
            price_base_source: "SFS 2025:872".into(),
            levels_source: "Socialnämnden 2025-12-11 § 9".into(),
            levels: vec![
                Level {
                    frequency: Frequency::Weekly,
                    arvode: Rate::PriceBasePercent {
                        basis_points: 3_650,
                    },
                    omkostnad: Rate::FixedMonthly { kronor: 600 },
                },
                Level {
                    frequency: Frequency::AlmostDaily,
                    arvode: Rate::PriceBasePercent {
                        basis_points: 9_600,
                    },
                    omkostnad: Rate::PriceBasePercent {
                        basis_points: 2_400,
                    },
                },
            ],
        };
        let input = YearInput::from_year(&year);
        assert!(!input.levels[1].1, "several per week is not used");
        assert_eq!(input.to_year(), Ok(year));
    }

    #[test]
    fn a_value_that_is_not_a_number_is_named_by_its_field() {
        let mut input = YearInput::from_year(&CompensationYear {
            year: 2027,
            price_base_kronor: 60_000,
            price_base_source: "x".into(),
            levels_source: String::new(),
            levels: vec![],
        });
        input.price_base = "sextiotusen".into();
        input.levels[0].1 = true;
        input.levels[0].2.value = "36 procent".into();
        let fields: Vec<String> = input
            .to_year()
            .unwrap_err()
            .into_iter()
            .map(|p| p.0)
            .collect();
        assert_eq!(fields, ["price_base_kronor", "levels[0].arvode"]);
    }
}
