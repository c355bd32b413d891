//! The month's payment basis for the payroll office: one line per assignment and the CSV payroll
//! imports (UTF-8 with a BOM, `;`, CRLF, decimal commas, a formula guard, a deterministic order).

use serde::{Deserialize, Serialize};

use super::report_payment::ore_with_decimal_comma;
use super::Month;

/// One row of a month's payment basis (underlag för utbetalning): one assignment of one contact
/// person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentLine {
    /// The contact person's reference.
    pub contact_person_reference: String,
    /// The contact person's name.
    pub contact_person_name: String,
    /// The contact person's personnummer (`19811218-9876`): payroll pays taxable arvode by it.
    #[serde(default)]
    pub contact_person_personnummer: String,
    /// The assignment's id (for the link to it).
    pub assignment_id: String,
    /// The assignment's reference (`U-2026-0007`), which the CSV and the screen show.
    #[serde(default)]
    pub assignment_reference: String,
    /// The level's name as the payroll office knows it (several joined when it changed).
    pub level_label: String,
    /// Days of the month within the assignment.
    pub days_covered: u32,
    /// Days in the month.
    pub days_in_month: u32,
    /// Arvode, whole kronor.
    pub arvode: i64,
    /// Omkostnad, whole kronor.
    pub omkostnad: i64,
    /// Extra costs of the approved report (receipts), in öre: neither arvode (taxable) nor
    /// omkostnad, so kept apart.
    #[serde(default)]
    pub extra_costs_ore: i64,
    /// The month this line pays when it is not the basis's own: a report approved late
    /// ([`super::report_payment`]). `None` for the basis's month.
    #[serde(default)]
    pub report_month: Option<Month>,
}

impl PaymentLine {
    /// The month the line pays: its report's, or else the basis's.
    pub fn month_paid(&self, basis: Month) -> Month {
        self.report_month.unwrap_or(basis)
    }
}

/// The header row of [`payment_basis_csv`].
pub const PAYMENT_BASIS_HEADER: [&str; 11] = [
    "Månad",
    "Referens",
    "Namn",
    "Personnummer",
    "Uppdrag",
    "Nivå",
    "Dagar",
    "Dagar i månaden",
    "Arvode (kr)",
    "Omkostnad (kr)",
    "Extra kostnader (kr)",
];

/// One text field of the CSV: a leading `=`, `+`, `-`, `@`, tab or carriage return gets a `'`
/// first (so a spreadsheet never runs it as a formula), and a field with `;`, `,`, `"` or a line
/// break is quoted with its quotes doubled.
pub fn csv_text(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([';', ',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// Whole kronor with a Swedish decimal comma and two decimals: `1776,00`, `-150,00`.
pub fn kronor_with_decimal_comma(kronor: i64) -> String {
    format!("{kronor},00")
}

/// Orders text with its digit runs compared as numbers (`9` before `10`), then as plain text so
/// the order is total.
fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    fn chunks(text: &str) -> Vec<(bool, &str)> {
        let mut out = Vec::new();
        let mut start = 0;
        let mut digit = None;
        for (i, c) in text.char_indices() {
            let is_digit = c.is_ascii_digit();
            if digit.is_some_and(|d| d != is_digit) {
                out.push((digit == Some(true), &text[start..i]));
                start = i;
            }
            digit = Some(is_digit);
        }
        if start < text.len() {
            out.push((digit == Some(true), &text[start..]));
        }
        out
    }
    let by_chunks = chunks(a).into_iter().zip(chunks(b)).find_map(|(x, y)| {
        let order = match (x, y) {
            ((true, x), (true, y)) => {
                let (x, y) = (x.trim_start_matches('0'), y.trim_start_matches('0'));
                x.len().cmp(&y.len()).then_with(|| x.cmp(y))
            }
            ((_, x), (_, y)) => x.cmp(y),
        };
        order.is_ne().then_some(order)
    });
    by_chunks.unwrap_or_else(|| a.len().cmp(&b.len()).then_with(|| a.cmp(b)))
}

/// The payment basis for `month` as CSV for the payroll office: UTF-8 with a BOM, `;` between
/// fields, CRLF after every row, the [`PAYMENT_BASIS_HEADER`] first and a `Summa` row last (the
/// arvode, omkostnad and extra-cost totals). Each row's `Månad` is the month it pays (an earlier
/// one for a report approved late). Amounts have a decimal comma and two decimals; text fields go
/// through [`csv_text`]. Rows are sorted by reference, assignment reference and id (digit runs as
/// numbers), the month paid, name and then every other column, so the same lines in any order
/// give byte-identical output. Extra costs (öre) are the last column, added after the ten payroll
/// already read, so an import that reads those by position reads them as before.
pub fn payment_basis_csv(month: Month, lines: &[PaymentLine]) -> String {
    let mut sorted: Vec<&PaymentLine> = lines.iter().collect();
    sorted.sort_by(|a, b| {
        natural_cmp(&a.contact_person_reference, &b.contact_person_reference)
            .then_with(|| natural_cmp(&a.assignment_reference, &b.assignment_reference))
            .then_with(|| natural_cmp(&a.assignment_id, &b.assignment_id))
            .then_with(|| a.month_paid(month).cmp(&b.month_paid(month)))
            .then_with(|| a.contact_person_name.cmp(&b.contact_person_name))
            .then_with(|| a.level_label.cmp(&b.level_label))
            .then_with(|| a.days_covered.cmp(&b.days_covered))
            .then_with(|| a.days_in_month.cmp(&b.days_in_month))
            .then_with(|| a.arvode.cmp(&b.arvode))
            .then_with(|| a.omkostnad.cmp(&b.omkostnad))
            .then_with(|| a.extra_costs_ore.cmp(&b.extra_costs_ore))
    });
    let mut csv = String::from("\u{feff}");
    csv.push_str(&PAYMENT_BASIS_HEADER.join(";"));
    csv.push_str("\r\n");
    for line in &sorted {
        let fields = [
            line.month_paid(month).to_string(),
            csv_text(&line.contact_person_reference),
            csv_text(&line.contact_person_name),
            csv_text(&line.contact_person_personnummer),
            csv_text(&line.assignment_reference),
            csv_text(&line.level_label),
            line.days_covered.to_string(),
            line.days_in_month.to_string(),
            kronor_with_decimal_comma(line.arvode),
            kronor_with_decimal_comma(line.omkostnad),
            ore_with_decimal_comma(line.extra_costs_ore),
        ];
        csv.push_str(&fields.join(";"));
        csv.push_str("\r\n");
    }
    let arvode: i64 = sorted.iter().map(|l| l.arvode).sum();
    let omkostnad: i64 = sorted.iter().map(|l| l.omkostnad).sum();
    let extra_costs: i64 = sorted.iter().map(|l| l.extra_costs_ore).sum();
    csv.push_str(&format!(
        "Summa;;;;;;;;{};{};{}\r\n",
        kronor_with_decimal_comma(arvode),
        kronor_with_decimal_comma(omkostnad),
        ore_with_decimal_comma(extra_costs)
    ));
    csv
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(text: &str) -> Month {
        Month::parse(text).expect("a month")
    }

    fn line(reference: &str, name: &str, id: &str, arvode: i64, omkostnad: i64) -> PaymentLine {
        PaymentLine {
            contact_person_reference: reference.into(),
            contact_person_name: name.into(),
            contact_person_personnummer: "19811218-9876".into(),
            assignment_id: id.into(),
            assignment_reference: format!("U-{id}"),
            level_label: "Nivå 1".into(),
            days_covered: 30,
            days_in_month: 30,
            arvode,
            omkostnad,
            extra_costs_ore: 0,
            report_month: None,
        }
    }

    #[test]
    fn the_payment_basis_is_semicolon_separated_utf8_with_bom_crlf_and_decimal_commas() {
        let mut late = line("KP-2026-0002", "Åsa Öberg", "10", 1_776, 592);
        late.report_month = Some(month("2026-09"));
        late.extra_costs_ore = 24_550;
        let lines = [
            line("KP-2026-0002", "Åsa Öberg", "10", 1_776, 592),
            late,
            line("KP-2026-0001", "Ali Rahimi", "9", 888, 296),
        ];
        let csv = payment_basis_csv(month("2026-11"), &lines);
        assert_eq!(
            csv,
            "\u{feff}Månad;Referens;Namn;Personnummer;Uppdrag;Nivå;Dagar;Dagar i månaden;Arvode (kr);Omkostnad (kr);Extra kostnader (kr)\r\n\
             2026-11;KP-2026-0001;Ali Rahimi;19811218-9876;U-9;Nivå 1;30;30;888,00;296,00;0,00\r\n\
             2026-09;KP-2026-0002;Åsa Öberg;19811218-9876;U-10;Nivå 1;30;30;1776,00;592,00;245,50\r\n\
             2026-11;KP-2026-0002;Åsa Öberg;19811218-9876;U-10;Nivå 1;30;30;1776,00;592,00;0,00\r\n\
             Summa;;;;;;;;4440,00;1480,00;245,50\r\n",
            "the ten columns payroll read stay first and in order, extra costs after them; a late \
             line names the month it pays"
        );
        assert!(csv.starts_with('\u{feff}'));
        assert_eq!(csv.matches("\r\n").count(), 5);
        assert_eq!(csv.matches('\n').count(), 5, "no bare line feeds");
    }

    #[test]
    fn payment_basis_text_is_quoted_and_formulas_are_neutralised() {
        assert_eq!(csv_text("Anna Berg"), "Anna Berg");
        assert_eq!(csv_text("Berg; Anna"), "\"Berg; Anna\"");
        assert_eq!(
            csv_text("Anna \"Nanna\" Berg"),
            "\"Anna \"\"Nanna\"\" Berg\""
        );
        assert_eq!(csv_text("rad ett\nrad två"), "\"rad ett\nrad två\"");
        assert_eq!(csv_text("=1+1"), "'=1+1");
        assert_eq!(csv_text("+46701234567"), "'+46701234567");
        assert_eq!(csv_text("-2"), "'-2");
        assert_eq!(csv_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(
            csv_text("=HYPERLINK(\"http://x\";\"klicka\")"),
            "\"'=HYPERLINK(\"\"http://x\"\";\"\"klicka\"\")\""
        );
        let csv = payment_basis_csv(
            month("2026-11"),
            &[line("KP-1", "=cmd|' /C calc'!A0", "1", -150, 0)],
        );
        let row = csv.split("\r\n").nth(1).expect("a data row");
        assert_eq!(
            row,
            "2026-11;KP-1;'=cmd|' /C calc'!A0;19811218-9876;U-1;Nivå 1;30;30;-150,00;0,00;0,00",
            "amounts are numbers we wrote, never prefixed"
        );
    }

    #[test]
    fn the_same_lines_in_any_order_give_byte_identical_payment_bases() {
        let lines = vec![
            line("KP-2026-0003", "Bo Ek", "2", 500, 100),
            line("KP-2026-0001", "Ali Rahimi", "10", 888, 296),
            line("KP-2026-0001", "Ali Rahimi", "9", 1_776, 592),
            line("KP-2026-0002", "Åsa Öberg", "11", 59, 20),
        ];
        let first = payment_basis_csv(month("2026-11"), &lines);
        let mut reversed = lines.clone();
        reversed.reverse();
        let mut rotated = lines.clone();
        rotated.rotate_left(2);
        for other in [reversed, rotated] {
            assert_eq!(payment_basis_csv(month("2026-11"), &other), first);
        }
        let ids: Vec<&str> = first
            .lines()
            .filter_map(|row| row.split(';').nth(4))
            .collect();
        assert_eq!(
            ids,
            ["Uppdrag", "U-9", "U-10", "U-11", "U-2", ""],
            "by reference, then assignment reference with its number as a number"
        );
    }

    #[test]
    fn text_with_numbers_orders_digit_runs_as_numbers() {
        use std::cmp::Ordering::{Equal, Greater, Less};
        assert_eq!(natural_cmp("9", "10"), Less);
        assert_eq!(natural_cmp("U-10", "U-9"), Greater);
        assert_eq!(natural_cmp("KP-2026-0042", "KP-2026-0042"), Equal);
        assert_eq!(natural_cmp("007", "7"), Greater, "total: longer text last");
        assert_eq!(natural_cmp("a", "B"), Greater, "plain text by code point");
    }
}
