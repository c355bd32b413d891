//! The payment basis (`/utbetalning?month=2026-11`): one line per assignment whose monthly report
//! for the month is approved (and one per earlier month approved late), with arvode, omkostnad and
//! the approved extra costs kept apart and totalled; the months not paid, with why; the
//! municipality's rule for late reports; and the payroll office's CSV to download. The month lives
//! in the address, so a month's basis can be bookmarked and shared.

mod wording;

pub(crate) use wording::{missing_reason, ore_text};

use kp_domain::compensation::report_payment::late_rule_text;
use kp_domain::compensation::{Month, PaymentLine};
use kp_domain::i18n::format_kronor;
use kp_domain::placement::{MissingReport, PaymentBasis};
use kp_domain::purpose::Purpose;
use kp_domain::Locale;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::placement_form as form;
use super::placement_text as words;
use super::routes::CaseworkerRoute;
use super::{text, RequireSignIn};
use crate::api;

/// The month asked for in the address, or this month when none or a malformed one is given.
pub fn chosen_month(query: Option<&str>, today: chrono::NaiveDate) -> Month {
    query
        .and_then(|q| Month::parse(q.trim()))
        .unwrap_or_else(|| Month::of(today))
}

/// "30 av 30", days of the month within the assignment.
pub fn days_text(line: &PaymentLine) -> String {
    format!("{} av {}", line.days_covered, line.days_in_month)
}

/// The CSV's file name: `utbetalningsunderlag-2026-11.csv`.
pub fn csv_file_name(month: Month) -> String {
    format!("utbetalningsunderlag-{month}.csv")
}

/// The page.
#[component]
pub fn PaymentBasisPage() -> impl IntoView {
    view! { <RequireSignIn><PaymentBasisView/></RequireSignIn> }
}

#[component]
fn PaymentBasisView() -> impl IntoView {
    crate::dom::set_document_meta(
        Locale::Sv,
        &format!("Utbetalning – {}", text::PRODUCT),
        "Underlag för utbetalning av arvode och omkostnad per månad",
    );
    let query = use_query_map();
    let month =
        Memo::new(move |_| chosen_month(query.with(|q| q.get("month")).as_deref(), form::today()));
    let navigate = use_navigate();
    let data = api::load_latest(
        move || month.get(),
        |m: Month| api::payment_basis(m, Purpose::PaymentBasis),
    );
    let change = move |ev: leptos::ev::Event| {
        if let Some(m) = Month::parse(&event_target_value(&ev)) {
            let address = CaseworkerRoute::PaymentBasis.query("month", m.to_string());
            navigate(&address.path(), Default::default());
        }
    };
    view! {
        <h1>"Utbetalning"</h1>
        <p class="lead-small">"Underlag för utbetalning av arvode och omkostnadsersättning till kontaktpersoner. En månad betalas bara när kontaktpersonens månadsrapport är godkänd."</p>
        <div class="filters">
            <div class="form-group">
                <label class="label" for="payment-month">"Månad"</label>
                <div class="hint" id="payment-month-hint">"Skrivs år-månad, till exempel 2026-11."</div>
                <input id="payment-month" class="input width-20" type="month" aria-describedby="payment-month-hint"
                    prop:value=move || month.get().to_string() on:change=change/>
            </div>
        </div>
        {move || {
            let m = month.get();
            match data.get() {
                None => view! { <p class="status" role="status">"Hämtar underlaget …"</p> }.into_any(),
                Some(Err(e)) => view! {
                    <p class="status" role="alert">{words::payment_basis_refusal(&e.code)}</p>
                }.into_any(),
                Some(Ok(basis)) => basis_view(m, basis).into_any(),
            }
        }}
    }
}

/// A row of the table: an assignment's line, or the sum for a person with several.
#[derive(Debug, PartialEq)]
enum BasisRow<'a> {
    Line(&'a PaymentLine),
    Subtotal {
        name: &'a str,
        assignments: usize,
        arvode: i64,
        omkostnad: i64,
        extra_costs_ore: i64,
    },
}

/// The lines grouped by person (in the order each person first appears), each person with more
/// than one assignment followed by their sum: payroll pays a person, not an assignment.
fn rows_with_subtotals(lines: &[PaymentLine]) -> Vec<BasisRow<'_>> {
    let mut people: Vec<&str> = Vec::new();
    for line in lines {
        if !people.contains(&line.contact_person_reference.as_str()) {
            people.push(&line.contact_person_reference);
        }
    }
    let mut rows = Vec::new();
    for person in people {
        let theirs: Vec<&PaymentLine> = lines
            .iter()
            .filter(|l| l.contact_person_reference == person)
            .collect();
        rows.extend(theirs.iter().map(|l| BasisRow::Line(l)));
        if theirs.len() > 1 {
            rows.push(BasisRow::Subtotal {
                name: &theirs[0].contact_person_name,
                assignments: theirs.len(),
                arvode: theirs.iter().map(|l| l.arvode).sum(),
                omkostnad: theirs.iter().map(|l| l.omkostnad).sum(),
                extra_costs_ore: theirs.iter().map(|l| l.extra_costs_ore).sum(),
            });
        }
    }
    rows
}

/// The assignment cell's note for a line that pays an earlier month: "Gäller oktober 2026
/// (godkänd sent)".
pub fn late_line_note(line: &PaymentLine) -> Option<String> {
    line.report_month
        .map(|m| format!("Gäller {} (godkänd sent)", words::month_name(m)))
}

fn missing_view(title: &str, missing: Vec<MissingReport>) -> impl IntoView {
    view! {
        <h2 id="missing-heading">"Betalas inte"</h2>
        <p>{wording::missing_count(missing.len())}" En månad utan godkänd månadsrapport betalas inte."</p>
        <div class="table-scroll">
            <table class="dense missing-reports">
                <caption>{format!("Uppdrag som inte betalas, {title}")}</caption>
                <thead><tr>
                    <th scope="col">"Kontaktperson"</th>
                    <th scope="col">"Referens"</th>
                    <th scope="col">"Uppdrag"</th>
                    <th scope="col">"Månad"</th>
                    <th scope="col">"Varför"</th>
                </tr></thead>
                <tbody>
                    {missing.into_iter().map(|m| view! {
                        <tr>
                            <td>{m.contact_person_name.clone()}</td>
                            <td class="ref-code"><a href=CaseworkerRoute::applicant(&m.contact_person_reference).href()>{m.contact_person_reference.clone()}</a></td>
                            <td><a href=CaseworkerRoute::assignment(&m.assignment_id).href()>{m.assignment_reference.clone()}</a></td>
                            <td class="nowrap">{words::month_name(m.month)}</td>
                            <td>{wording::missing_reason(m.reason, m.paid_in)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

fn basis_view(month: Month, basis: PaymentBasis) -> impl IntoView {
    let title = words::month_name(month);
    let kr = |n: i64| format_kronor(Locale::Sv, n);
    let count = match basis.lines.len() {
        0 => format!("Inget betalas för {title}."),
        1 => format!("1 rad betalas för {title}."),
        n => format!("{n} rader betalas för {title}."),
    };
    let csv = view! {
        <p>
            <a class="button button-secondary" href=api::payment_basis_csv_url(month, Purpose::PayrollExport) download=csv_file_name(month)>
                {format!("Ladda ned underlaget för {title} (CSV)")}
            </a>
        </p>
    };
    let missing = basis.missing.clone();
    view! {
        <p class="late-rule">{late_rule_text(basis.late_months)}" En rapport som godkänns senare än månaden efter den månad den gäller betalas i underlaget för den månad då den godkändes."</p>
        <p class="result-count" role="status">{count}</p>
        {(!basis.lines.is_empty()).then(|| view! {
            <div class="table-scroll">
                <table class="dense payment-basis">
                    <caption>{format!("Underlag för utbetalning, {title}")}</caption>
                    <thead><tr>
                        <th scope="col">"Kontaktperson"</th>
                        <th scope="col">"Personnummer"</th>
                        <th scope="col">"Referens"</th>
                        <th scope="col">"Uppdrag"</th>
                        <th scope="col">"Nivå"</th>
                        <th scope="col" class="number">"Dagar"</th>
                        <th scope="col" class="number">"Arvode"</th>
                        <th scope="col" class="number">"Omkostnad"</th>
                        <th scope="col" class="number">"Extra kostnader"</th>
                    </tr></thead>
                    <tbody>
                        {rows_with_subtotals(&basis.lines).into_iter().map(|row| match row {
                            BasisRow::Line(l) => view! {
                                <tr>
                                    <td>{l.contact_person_name.clone()}</td>
                                    <td class="nowrap">{l.contact_person_personnummer.clone()}</td>
                                    <td class="ref-code"><a href=CaseworkerRoute::applicant(&l.contact_person_reference).href()>{l.contact_person_reference.clone()}</a></td>
                                    <td>
                                        <a href=CaseworkerRoute::assignment(&l.assignment_id).href()>{l.assignment_reference.clone()}</a>
                                        {late_line_note(l).map(|note| view! { <br/><span class="hint">{note}</span> })}
                                    </td>
                                    <td>{l.level_label.clone()}</td>
                                    <td class="number nowrap">{days_text(l)}</td>
                                    <td class="number nowrap">{kr(l.arvode)}</td>
                                    <td class="number nowrap">{kr(l.omkostnad)}</td>
                                    <td class="number nowrap">{wording::ore_text(l.extra_costs_ore)}</td>
                                </tr>
                            }.into_any(),
                            BasisRow::Subtotal { name, assignments, arvode, omkostnad, extra_costs_ore } => view! {
                                <tr class="subtotal">
                                    <th scope="row" colspan="6">{format!("Summa för {name} ({assignments} rader)")}</th>
                                    <td class="number nowrap">{kr(arvode)}</td>
                                    <td class="number nowrap">{kr(omkostnad)}</td>
                                    <td class="number nowrap">{wording::ore_text(extra_costs_ore)}</td>
                                </tr>
                            }.into_any(),
                        }).collect_view()}
                    </tbody>
                    <tfoot>
                        <tr>
                            <th scope="row" colspan="6">"Summa"</th>
                            <td class="number nowrap total-arvode">{kr(basis.total_arvode)}</td>
                            <td class="number nowrap total-omkostnad">{kr(basis.total_omkostnad)}</td>
                            <td class="number nowrap total-extra-costs">{wording::ore_text(basis.total_extra_costs_ore)}</td>
                        </tr>
                    </tfoot>
                </table>
            </div>
            <p class="hint">"Extra kostnader är kontaktpersonens utlägg med kvitto i den godkända rapporten. De står i en egen kolumn, skilda från arvode och omkostnad."</p>
        })}
        {csv}
        {(!missing.is_empty()).then(|| missing_view(&title, missing))}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn the_month_comes_from_the_address_and_falls_back_to_this_month() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        assert_eq!(
            chosen_month(Some("2026-02"), today),
            Month::new(2026, 2).unwrap()
        );
        assert_eq!(chosen_month(None, today), Month::new(2026, 11).unwrap());
        assert_eq!(
            chosen_month(Some("februari"), today),
            Month::new(2026, 11).unwrap()
        );
        assert_eq!(
            chosen_month(Some("2026-13"), today),
            Month::new(2026, 11).unwrap()
        );
    }

    #[test]
    fn a_line_shows_its_days_out_of_the_months_and_the_csv_is_named_by_month() {
        let line = PaymentLine {
            contact_person_reference: "KP-2026-0001".into(),
            contact_person_name: "Ingrid".into(),
            contact_person_personnummer: "19811218-9876".into(),
            assignment_id: "3".into(),
            assignment_reference: "U-2026-0003".into(),
            level_label: "Nivå 1".into(),
            days_covered: 15,
            days_in_month: 30,
            arvode: 888,
            omkostnad: 300,
            extra_costs_ore: 0,
            report_month: None,
        };
        assert_eq!(days_text(&line), "15 av 30");
        assert_eq!(late_line_note(&line), None, "the basis's own month");
        let late = PaymentLine {
            report_month: Month::new(2026, 10),
            ..line.clone()
        };
        assert_eq!(
            late_line_note(&late).as_deref(),
            Some("Gäller oktober 2026 (godkänd sent)")
        );
        assert_eq!(
            csv_file_name(Month::new(2026, 11).unwrap()),
            "utbetalningsunderlag-2026-11.csv"
        );
    }

    #[test]
    fn a_person_with_several_assignments_gets_a_sum_after_their_lines_and_others_do_not() {
        let line = |reference: &str, name: &str, id: &str, arvode: i64| PaymentLine {
            contact_person_reference: reference.into(),
            contact_person_name: name.into(),
            contact_person_personnummer: String::new(),
            assignment_id: id.into(),
            assignment_reference: format!("U-{id}"),
            level_label: "Nivå 1".into(),
            days_covered: 30,
            days_in_month: 30,
            arvode,
            omkostnad: 100,
            extra_costs_ore: 2_550,
            report_month: None,
        };
        let lines = [
            line("KP-1", "Ali", "1", 1000),
            line("KP-2", "Bea", "2", 500),
            line("KP-1", "Ali", "3", 700),
        ];
        let rows = rows_with_subtotals(&lines);
        assert_eq!(
            rows,
            [
                BasisRow::Line(&lines[0]),
                BasisRow::Line(&lines[2]),
                BasisRow::Subtotal {
                    name: "Ali",
                    assignments: 2,
                    arvode: 1700,
                    omkostnad: 200,
                    extra_costs_ore: 5_100
                },
                BasisRow::Line(&lines[1]),
            ]
        );
    }
}
