//! The contact person's area's texts (issue 15): the sign-in page, the assignments, the agreement,
//! the monthly report form and the messages, in all seven locales. One [`ContactText`] per locale,
//! each in its own file, so a missing text fails the build; [`error_message`] words the API's and
//! the domain's codes per field. The agreement itself is Swedish (its exact text is what is
//! accepted), so the other locales say so above it.

use crate::api::FieldError;
use crate::i18n::fill;
use crate::monthly_report::{Activity, MonthState, DURATIONS, MAX_COST_TEXT, MAX_NOTE};
use crate::Locale;

mod ar;
mod en;
mod fa;
mod lattlast;
mod so;
mod sv;
mod ti;

crate::text_table! {
/// Every text of the contact person's area in one locale. The server sends the page's locale's
/// table in the area's first HTML (`ContactText::texts`, [`EMBEDDED_ID`]); the area's wasm reads
/// it from there (`ContactText::from_texts`) and does not compile the tables in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ContactText {
    /// The area's name: heading of the header, and the end of every page title.
    pub area_title: &'static str,
    /// The skip link to the main content.
    pub skip_link: &'static str,
    /// The navigation's name.
    pub nav_label: &'static str,
    /// While a page loads.
    pub loading: &'static str,
    /// A page of the area that does not exist.
    pub not_found: &'static str,
    /// Before a page title while the page shows errors.
    pub error_title_prefix: &'static str,
    /// The error summary's heading.
    pub error_summary: &'static str,
    /// No answer from the server.
    pub err_network: &'static str,
    /// Any other failure.
    pub err_generic: &'static str,
    /// The session ended.
    pub err_signed_out: &'static str,
    /// Throttled.
    pub err_too_many: &'static str,
    /// An assignment that is not theirs or does not exist.
    pub err_gone: &'static str,
    /// Button: sign out.
    pub sign_out: &'static str,
    /// Said after signing out.
    pub signed_out: &'static str,
    /// Link to the list of assignments.
    pub back_home: &'static str,
    /// The sign-in page's heading.
    pub sign_in_title: &'static str,
    /// Under the heading.
    pub sign_in_intro: &'static str,
    /// Label: the e-mail address.
    pub email_label: &'static str,
    /// Hint under it.
    pub email_hint: &'static str,
    /// Button: send a sign-in link.
    pub send_link: &'static str,
    /// Heading once a link is asked for.
    pub link_sent_title: &'static str,
    /// What happens now; {minutes} is filled.
    pub link_sent: &'static str,
    /// Heading above the e-ID button.
    pub eid_title: &'static str,
    /// The e-ID link; {name} is the broker's name.
    pub eid_button: &'static str,
    /// Heading above the e-mail form when e-ID is offered too.
    pub or_link: &'static str,
    /// When no way in is switched on.
    pub no_methods: &'static str,
    /// While the link is used.
    pub signing_in: &'static str,
    /// A link unknown, used or run out.
    pub invalid_link: &'static str,
    /// e-ID refusal: the sign-in was not started here.
    pub eid_unknown_attempt: &'static str,
    /// e-ID refusal: cancelled.
    pub eid_cancelled: &'static str,
    /// e-ID refusal: the broker failed.
    pub eid_failed: &'static str,
    /// e-ID refusal: not a contact person here.
    pub eid_not_contact_person: &'static str,
    /// E-mail missing.
    pub err_email_required: &'static str,
    /// E-mail malformed.
    pub err_email_invalid: &'static str,
    /// The list of assignments' heading.
    pub home_title: &'static str,
    /// Greeting; {name}.
    pub hello: &'static str,
    /// Their application's reference; {reference}.
    pub reference: &'static str,
    /// No assignments.
    pub no_assignments: &'static str,
    /// An assignment's heading; {reference}.
    pub assignment_heading: &'static str,
    /// Assignment type.
    pub type_child: &'static str,
    /// Assignment type.
    pub type_unaccompanied: &'static str,
    /// Assignment type.
    pub type_special: &'static str,
    /// Start date; {date}.
    pub started: &'static str,
    /// End date; {date}.
    pub ended: &'static str,
    /// The agreement is not accepted.
    pub agreement_waiting: &'static str,
    /// The agreement is accepted.
    pub agreement_ok: &'static str,
    /// Link to the agreement.
    pub link_agreement: &'static str,
    /// Link to the months.
    pub link_reports: &'static str,
    /// Link to the messages.
    pub link_messages: &'static str,
    /// The agreement page's heading; {reference}.
    pub agreement_title: &'static str,
    /// Said above the Swedish text in other locales (empty in Swedish).
    pub agreement_language: &'static str,
    /// Button: print.
    pub print: &'static str,
    /// The acceptance checkbox.
    pub accept_label: &'static str,
    /// Button: accept.
    pub accept_button: &'static str,
    /// The accepted version; {time} and {method}.
    pub accepted_at: &'static str,
    /// Sign-in method: link.
    pub method_link: &'static str,
    /// Sign-in method: e-ID.
    pub method_eid: &'static str,
    /// A new version of an accepted agreement.
    pub earlier_accepted: &'static str,
    /// The text changed while read.
    pub agreement_changed: &'static str,
    /// The checkbox is not ticked.
    pub err_accept_required: &'static str,
    /// The months page's heading.
    pub months_title: &'static str,
    /// Under it; {day} is the due day.
    pub months_intro: &'static str,
    /// A month's due day; {date}.
    pub due: &'static str,
    /// Month state.
    pub state_open: &'static str,
    /// Month state.
    pub state_overdue: &'static str,
    /// Month state.
    pub state_submitted: &'static str,
    /// Month state.
    pub state_returned: &'static str,
    /// Month state.
    pub state_approved: &'static str,
    /// Month state.
    pub state_too_late: &'static str,
    /// Link to a month's report; {month}.
    pub open_month: &'static str,
    /// A report's heading; {month}.
    pub report_title: &'static str,
    /// The month names, January first.
    pub months: &'static str,
    /// Fieldset: meetings.
    pub meetings: &'static str,
    /// One meeting's legend; {n}.
    pub meeting_n: &'static str,
    /// Button: add a meeting.
    pub add_meeting: &'static str,
    /// Button: remove a meeting; {n}.
    pub remove_meeting: &'static str,
    /// Label: a date.
    pub date: &'static str,
    /// Hint for a date.
    pub date_hint: &'static str,
    /// Label: about how long.
    pub duration: &'static str,
    /// The durations of DURATIONS, comma-separated.
    pub durations: &'static str,
    /// Legend: what they did.
    pub activities: &'static str,
    /// The activities in Activity::ALL's order, separated by a vertical bar.
    pub activity_names: &'static str,
    /// Label: a few words.
    pub note: &'static str,
    /// The warning about the child's details.
    pub sensitive_warning: &'static str,
    /// Label: why there were no meetings.
    pub no_meetings: &'static str,
    /// Hint.
    pub no_meetings_hint: &'static str,
    /// Fieldset: extra costs.
    pub costs: &'static str,
    /// Hint.
    pub costs_hint: &'static str,
    /// One cost's legend; {n}.
    pub cost_n: &'static str,
    /// Button.
    pub add_cost: &'static str,
    /// Button; {n}.
    pub remove_cost: &'static str,
    /// Label.
    pub cost_description: &'static str,
    /// Label.
    pub cost_amount: &'static str,
    /// Hint.
    pub cost_amount_hint: &'static str,
    /// Label: the receipt file.
    pub receipt: &'static str,
    /// A receipt attached; {name}.
    pub receipt_attached: &'static str,
    /// A receipt's size; {kb} whole kilobytes.
    pub receipt_size: &'static str,
    /// Button: remove the attached receipt; {name}.
    pub remove_receipt: &'static str,
    /// Status while a chosen receipt is uploaded.
    pub receipt_uploading: &'static str,
    /// Status after a receipt was removed.
    pub receipt_removed: &'static str,
    /// Button.
    pub save_draft: &'static str,
    /// Said after saving.
    pub draft_saved: &'static str,
    /// The declaration checkbox.
    pub declaration: &'static str,
    /// Button.
    pub send_report: &'static str,
    /// Said after sending.
    pub report_sent: &'static str,
    /// Before the caseworker's comment.
    pub returned_comment: &'static str,
    /// A sent report.
    pub read_only_submitted: &'static str,
    /// An approved report.
    pub read_only_approved: &'static str,
    /// 409 report_locked.
    pub err_report_locked: &'static str,
    /// A date missing or not a date.
    pub err_date: &'static str,
    /// A date outside the month.
    pub err_outside_month: &'static str,
    /// A date outside the assignment.
    pub err_outside_assignment: &'static str,
    /// The month is not over.
    pub err_not_over: &'static str,
    /// The month has not begun.
    pub err_not_begun: &'static str,
    /// No activity chosen.
    pub err_activities: &'static str,
    /// "Other" without words.
    pub err_note_required: &'static str,
    /// A month without meetings or reason.
    pub err_no_meetings: &'static str,
    /// A personnummer or phone number in a text.
    pub err_personal_number: &'static str,
    /// Too long; {max}.
    pub err_too_long: &'static str,
    /// Control characters.
    pub err_invalid_characters: &'static str,
    /// A choice not on the list.
    pub err_invalid_choice: &'static str,
    /// The same thing twice.
    pub err_duplicate: &'static str,
    /// An amount not a number or out of range.
    pub err_amount: &'static str,
    /// A cost without words.
    pub err_cost_description: &'static str,
    /// A cost without receipt.
    pub err_receipt_required: &'static str,
    /// Extra costs not allowed.
    pub err_costs_not_allowed: &'static str,
    /// Declaration not ticked.
    pub err_declaration: &'static str,
    /// Too many rows.
    pub err_too_many_rows: &'static str,
    /// The messages page's heading; {reference}.
    pub messages_title: &'static str,
    /// Under it.
    pub messages_intro: &'static str,
    /// An empty thread.
    pub no_messages: &'static str,
    /// The author of one's own messages.
    pub from_you: &'static str,
    /// A message marked as a worry.
    pub worry_tag: &'static str,
    /// A message the other side read.
    pub read_by_them: &'static str,
    /// Label.
    pub message_label: &'static str,
    /// Button.
    pub send_message: &'static str,
    /// Said after sending.
    pub message_sent: &'static str,
    /// The worry's heading.
    pub worry_title: &'static str,
    /// What it is for.
    pub worry_intro: &'static str,
    /// The reminder about emergencies.
    pub worry_112: &'static str,
    /// Who carries the duty.
    pub worry_duty: &'static str,
    /// Label.
    pub worry_label: &'static str,
    /// Button.
    pub send_worry: &'static str,
    /// Said after sending.
    pub worry_sent: &'static str,
    /// A message without words.
    pub err_body_required: &'static str,
}}

/// The id of the `<script type="application/json">` that carries the page's [`ContactText`].
pub const EMBEDDED_ID: &str = "kp-contact-text";

/// The area's texts in `locale`.
pub fn contact_text(locale: Locale) -> &'static ContactText {
    match locale {
        Locale::Sv => &sv::TEXT,
        Locale::Lattlast => &lattlast::TEXT,
        Locale::En => &en::TEXT,
        Locale::Ar => &ar::TEXT,
        Locale::Fa => &fa::TEXT,
        Locale::So => &so::TEXT,
        Locale::Ti => &ti::TEXT,
    }
}

/// The `i`th item of a comma-separated list text (empty when there is none).
fn item(list: &'static str, i: usize) -> &'static str {
    list.split(',').nth(i).map(str::trim).unwrap_or("")
}

/// The texts that depend on a value, worded from the table.
impl ContactText {
    /// A month's name (`month` 1–12).
    pub fn month_name(&self, month: u32) -> &'static str {
        item(self.months, month.saturating_sub(1) as usize)
    }

    /// A month and its year as a heading says it: "oktober 2026".
    pub fn month_heading(&self, month: crate::compensation::Month) -> String {
        format!("{} {}", self.month_name(month.month()), month.year())
    }

    /// How an activity reads.
    pub fn activity_name(&self, activity: Activity) -> &'static str {
        let i = Activity::ALL
            .iter()
            .position(|a| *a == activity)
            .unwrap_or(0);
        self.activity_names_in_order().get(i).copied().unwrap_or("")
    }

    /// The activities' names in [`Activity::ALL`]'s order (the text separates them with `|`, since a
    /// name may hold a comma: "Bio, museum eller bibliotek").
    pub fn activity_names_in_order(&self) -> Vec<&'static str> {
        self.activity_names.split('|').collect()
    }

    /// How a duration of [`DURATIONS`] reads (`None` for one off the list).
    pub fn duration_name(&self, minutes: u32) -> Option<&'static str> {
        let i = DURATIONS.iter().position(|m| *m == minutes)?;
        Some(item(self.durations, i))
    }

    /// How a month's state reads.
    pub fn state_name(&self, state: MonthState) -> &'static str {
        match state {
            MonthState::Open => self.state_open,
            MonthState::Overdue => self.state_overdue,
            MonthState::Submitted => self.state_submitted,
            MonthState::Returned => self.state_returned,
            MonthState::Approved => self.state_approved,
            MonthState::TooLate => self.state_too_late,
        }
    }

    /// How an assignment type reads (its code for an unknown one).
    pub fn assignment_type_name(&self, code: &str) -> String {
        match code {
            "child" => self.type_child.into(),
            "unaccompanied" => self.type_unaccompanied.into(),
            "special" => self.type_special.into(),
            other => other.into(),
        }
    }

    /// How a refused sign-in with e-legitimation reads (`?fel=` of [`crate::contact_area::EID_REFUSALS`]).
    pub fn eid_refusal(&self, code: &str) -> &'static str {
        match code {
            "eid_unknown_attempt" => self.eid_unknown_attempt,
            "eid_cancelled" => self.eid_cancelled,
            "eid_not_contact_person" => self.eid_not_contact_person,
            _ => self.eid_failed,
        }
    }

    /// What a refused call says when it is not about a field: the status and the envelope's code.
    pub fn refusal(&self, locale: Locale, status: u16, code: &str) -> &'static str {
        if let Some(text) = crate::receipt::refusal_text(locale, code) {
            return text;
        }
        match (status, code) {
            (0, _) => self.err_network,
            (401, "invalid_link") => self.invalid_link,
            (401, _) => self.err_signed_out,
            (404, _) => self.err_gone,
            (409, "report_locked") => self.err_report_locked,
            (409, "agreement_changed") => self.agreement_changed,
            (429, _) => self.err_too_many,
            _ => self.err_generic,
        }
    }
}

/// The field a wire field's error belongs to, without its list index: `meetings[0].date` →
/// `("meetings.date", Some(0))`.
pub fn field_kind(field: &str) -> (String, Option<usize>) {
    let Some(open) = field.find('[') else {
        return (field.to_string(), None);
    };
    let Some(close) = field[open..].find(']').map(|c| c + open) else {
        return (field.to_string(), None);
    };
    let index = field[open + 1..close].parse().ok();
    (format!("{}{}", &field[..open], &field[close + 1..]), index)
}

/// A field's error as a sentence in `locale` (the interest form's GOV.UK style).
pub fn error_message(t: &ContactText, locale: Locale, error: &FieldError) -> String {
    let (kind, _) = field_kind(&error.field);
    let max = |n: usize| fill(t.err_too_long, &[("max", &n.to_string())]);
    match (kind.as_str(), error.code.as_str()) {
        ("email", "required") => t.err_email_required.into(),
        ("email", _) => t.err_email_invalid.into(),
        ("accept", _) => t.err_accept_required.into(),
        ("declaration", _) => t.err_declaration.into(),
        ("month", "not_over") => t.err_not_over.into(),
        ("month", "not_begun") => t.err_not_begun.into(),
        (_, "outside_month") => t.err_outside_month.into(),
        (_, "outside_assignment") => t.err_outside_assignment.into(),
        ("meetings.date" | "costs.date", _) => t.err_date.into(),
        ("meetings.activities", "duplicate") => t.err_duplicate.into(),
        ("meetings.activities", _) => t.err_activities.into(),
        ("meetings.note", "required") => t.err_note_required.into(),
        ("no_meetings_reason", "required") => t.err_no_meetings.into(),
        ("costs.description", "required") => t.err_cost_description.into(),
        ("costs.amount_ore", _) => t.err_amount.into(),
        ("costs.receipt", "duplicate") => t.err_duplicate.into(),
        (_, code) if crate::receipt::refusal_text(locale, code).is_some() => {
            crate::receipt::refusal_text(locale, code)
                .unwrap_or_default()
                .into()
        }
        ("costs.receipt", _) => t.err_receipt_required.into(),
        ("costs", "not_allowed") => t.err_costs_not_allowed.into(),
        ("body" | "worry", "required") => t.err_body_required.into(),
        ("body" | "worry", "too_long") => max(crate::messages::MAX_BODY),
        ("costs.description", "too_long") => max(MAX_COST_TEXT),
        (_, "too_long") => max(MAX_NOTE),
        (_, "too_many") => t.err_too_many_rows.into(),
        (_, "personal_number") => t.err_personal_number.into(),
        (_, "invalid_characters") => t.err_invalid_characters.into(),
        (_, "invalid_choice") => t.err_invalid_choice.into(),
        (_, "duplicate") => t.err_duplicate.into(),
        _ => t.err_generic.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELDS: [&str; 145] = [
        "area_title",
        "skip_link",
        "nav_label",
        "loading",
        "not_found",
        "error_title_prefix",
        "error_summary",
        "err_network",
        "err_generic",
        "err_signed_out",
        "err_too_many",
        "err_gone",
        "sign_out",
        "signed_out",
        "back_home",
        "sign_in_title",
        "sign_in_intro",
        "email_label",
        "email_hint",
        "send_link",
        "link_sent_title",
        "link_sent",
        "eid_title",
        "eid_button",
        "or_link",
        "no_methods",
        "signing_in",
        "invalid_link",
        "eid_unknown_attempt",
        "eid_cancelled",
        "eid_failed",
        "eid_not_contact_person",
        "err_email_required",
        "err_email_invalid",
        "home_title",
        "hello",
        "reference",
        "no_assignments",
        "assignment_heading",
        "type_child",
        "type_unaccompanied",
        "type_special",
        "started",
        "ended",
        "agreement_waiting",
        "agreement_ok",
        "link_agreement",
        "link_reports",
        "link_messages",
        "agreement_title",
        "agreement_language",
        "print",
        "accept_label",
        "accept_button",
        "accepted_at",
        "method_link",
        "method_eid",
        "earlier_accepted",
        "agreement_changed",
        "err_accept_required",
        "months_title",
        "months_intro",
        "due",
        "state_open",
        "state_overdue",
        "state_submitted",
        "state_returned",
        "state_approved",
        "state_too_late",
        "open_month",
        "report_title",
        "months",
        "meetings",
        "meeting_n",
        "add_meeting",
        "remove_meeting",
        "date",
        "date_hint",
        "duration",
        "durations",
        "activities",
        "activity_names",
        "note",
        "sensitive_warning",
        "no_meetings",
        "no_meetings_hint",
        "costs",
        "costs_hint",
        "cost_n",
        "add_cost",
        "remove_cost",
        "cost_description",
        "cost_amount",
        "cost_amount_hint",
        "receipt",
        "receipt_attached",
        "receipt_size",
        "remove_receipt",
        "receipt_uploading",
        "receipt_removed",
        "save_draft",
        "draft_saved",
        "declaration",
        "send_report",
        "report_sent",
        "returned_comment",
        "read_only_submitted",
        "read_only_approved",
        "err_report_locked",
        "err_date",
        "err_outside_month",
        "err_outside_assignment",
        "err_not_over",
        "err_not_begun",
        "err_activities",
        "err_note_required",
        "err_no_meetings",
        "err_personal_number",
        "err_too_long",
        "err_invalid_characters",
        "err_invalid_choice",
        "err_duplicate",
        "err_amount",
        "err_cost_description",
        "err_receipt_required",
        "err_costs_not_allowed",
        "err_declaration",
        "err_too_many_rows",
        "messages_title",
        "messages_intro",
        "no_messages",
        "from_you",
        "worry_tag",
        "read_by_them",
        "message_label",
        "send_message",
        "message_sent",
        "worry_title",
        "worry_intro",
        "worry_112",
        "worry_duty",
        "worry_label",
        "send_worry",
        "worry_sent",
        "err_body_required",
    ];

    fn texts(t: &ContactText) -> Vec<(&'static str, &'static str)> {
        vec![
            ("area_title", t.area_title),
            ("skip_link", t.skip_link),
            ("nav_label", t.nav_label),
            ("loading", t.loading),
            ("not_found", t.not_found),
            ("error_title_prefix", t.error_title_prefix),
            ("error_summary", t.error_summary),
            ("err_network", t.err_network),
            ("err_generic", t.err_generic),
            ("err_signed_out", t.err_signed_out),
            ("err_too_many", t.err_too_many),
            ("err_gone", t.err_gone),
            ("sign_out", t.sign_out),
            ("signed_out", t.signed_out),
            ("back_home", t.back_home),
            ("sign_in_title", t.sign_in_title),
            ("sign_in_intro", t.sign_in_intro),
            ("email_label", t.email_label),
            ("email_hint", t.email_hint),
            ("send_link", t.send_link),
            ("link_sent_title", t.link_sent_title),
            ("link_sent", t.link_sent),
            ("eid_title", t.eid_title),
            ("eid_button", t.eid_button),
            ("or_link", t.or_link),
            ("no_methods", t.no_methods),
            ("signing_in", t.signing_in),
            ("invalid_link", t.invalid_link),
            ("eid_unknown_attempt", t.eid_unknown_attempt),
            ("eid_cancelled", t.eid_cancelled),
            ("eid_failed", t.eid_failed),
            ("eid_not_contact_person", t.eid_not_contact_person),
            ("err_email_required", t.err_email_required),
            ("err_email_invalid", t.err_email_invalid),
            ("home_title", t.home_title),
            ("hello", t.hello),
            ("reference", t.reference),
            ("no_assignments", t.no_assignments),
            ("assignment_heading", t.assignment_heading),
            ("type_child", t.type_child),
            ("type_unaccompanied", t.type_unaccompanied),
            ("type_special", t.type_special),
            ("started", t.started),
            ("ended", t.ended),
            ("agreement_waiting", t.agreement_waiting),
            ("agreement_ok", t.agreement_ok),
            ("link_agreement", t.link_agreement),
            ("link_reports", t.link_reports),
            ("link_messages", t.link_messages),
            ("agreement_title", t.agreement_title),
            ("agreement_language", t.agreement_language),
            ("print", t.print),
            ("accept_label", t.accept_label),
            ("accept_button", t.accept_button),
            ("accepted_at", t.accepted_at),
            ("method_link", t.method_link),
            ("method_eid", t.method_eid),
            ("earlier_accepted", t.earlier_accepted),
            ("agreement_changed", t.agreement_changed),
            ("err_accept_required", t.err_accept_required),
            ("months_title", t.months_title),
            ("months_intro", t.months_intro),
            ("due", t.due),
            ("state_open", t.state_open),
            ("state_overdue", t.state_overdue),
            ("state_submitted", t.state_submitted),
            ("state_returned", t.state_returned),
            ("state_approved", t.state_approved),
            ("state_too_late", t.state_too_late),
            ("open_month", t.open_month),
            ("report_title", t.report_title),
            ("months", t.months),
            ("meetings", t.meetings),
            ("meeting_n", t.meeting_n),
            ("add_meeting", t.add_meeting),
            ("remove_meeting", t.remove_meeting),
            ("date", t.date),
            ("date_hint", t.date_hint),
            ("duration", t.duration),
            ("durations", t.durations),
            ("activities", t.activities),
            ("activity_names", t.activity_names),
            ("note", t.note),
            ("sensitive_warning", t.sensitive_warning),
            ("no_meetings", t.no_meetings),
            ("no_meetings_hint", t.no_meetings_hint),
            ("costs", t.costs),
            ("costs_hint", t.costs_hint),
            ("cost_n", t.cost_n),
            ("add_cost", t.add_cost),
            ("remove_cost", t.remove_cost),
            ("cost_description", t.cost_description),
            ("cost_amount", t.cost_amount),
            ("cost_amount_hint", t.cost_amount_hint),
            ("receipt", t.receipt),
            ("receipt_attached", t.receipt_attached),
            ("receipt_size", t.receipt_size),
            ("remove_receipt", t.remove_receipt),
            ("receipt_uploading", t.receipt_uploading),
            ("receipt_removed", t.receipt_removed),
            ("save_draft", t.save_draft),
            ("draft_saved", t.draft_saved),
            ("declaration", t.declaration),
            ("send_report", t.send_report),
            ("report_sent", t.report_sent),
            ("returned_comment", t.returned_comment),
            ("read_only_submitted", t.read_only_submitted),
            ("read_only_approved", t.read_only_approved),
            ("err_report_locked", t.err_report_locked),
            ("err_date", t.err_date),
            ("err_outside_month", t.err_outside_month),
            ("err_outside_assignment", t.err_outside_assignment),
            ("err_not_over", t.err_not_over),
            ("err_not_begun", t.err_not_begun),
            ("err_activities", t.err_activities),
            ("err_note_required", t.err_note_required),
            ("err_no_meetings", t.err_no_meetings),
            ("err_personal_number", t.err_personal_number),
            ("err_too_long", t.err_too_long),
            ("err_invalid_characters", t.err_invalid_characters),
            ("err_invalid_choice", t.err_invalid_choice),
            ("err_duplicate", t.err_duplicate),
            ("err_amount", t.err_amount),
            ("err_cost_description", t.err_cost_description),
            ("err_receipt_required", t.err_receipt_required),
            ("err_costs_not_allowed", t.err_costs_not_allowed),
            ("err_declaration", t.err_declaration),
            ("err_too_many_rows", t.err_too_many_rows),
            ("messages_title", t.messages_title),
            ("messages_intro", t.messages_intro),
            ("no_messages", t.no_messages),
            ("from_you", t.from_you),
            ("worry_tag", t.worry_tag),
            ("read_by_them", t.read_by_them),
            ("message_label", t.message_label),
            ("send_message", t.send_message),
            ("message_sent", t.message_sent),
            ("worry_title", t.worry_title),
            ("worry_intro", t.worry_intro),
            ("worry_112", t.worry_112),
            ("worry_duty", t.worry_duty),
            ("worry_label", t.worry_label),
            ("send_worry", t.send_worry),
            ("worry_sent", t.worry_sent),
            ("err_body_required", t.err_body_required),
        ]
    }

    #[test]
    fn every_locale_has_every_text_and_only_swedish_lacks_the_note_on_the_agreements_language() {
        for locale in Locale::ALL {
            let t = contact_text(locale);
            let all = texts(t);
            assert_eq!(all.len(), FIELDS.len());
            for (name, text) in all {
                let swedish = matches!(locale, Locale::Sv | Locale::Lattlast);
                if name == "agreement_language" {
                    assert_eq!(text.is_empty(), swedish, "{locale:?}: {name}");
                } else {
                    assert!(!text.trim().is_empty(), "{locale:?}: {name} is empty");
                }
            }
        }
    }

    #[test]
    fn every_locale_translates_rather_than_copies_swedish_outside_the_swedish_pair() {
        let sv = texts(contact_text(Locale::Sv));
        for locale in [Locale::En, Locale::Ar, Locale::Fa, Locale::So, Locale::Ti] {
            let same: Vec<_> = texts(contact_text(locale))
                .into_iter()
                .zip(&sv)
                .filter(|((_, a), (_, b))| a == b && !a.is_empty())
                .map(|((n, _), _)| n)
                .collect();
            assert!(same.is_empty(), "{locale:?} copies Swedish: {same:?}");
        }
    }

    #[test]
    fn placeholders_are_kept_in_every_locale() {
        let sv = texts(contact_text(Locale::Sv));
        for locale in Locale::ALL {
            for ((name, text), (_, original)) in texts(contact_text(locale)).into_iter().zip(&sv) {
                for placeholder in [
                    "{minutes}",
                    "{name}",
                    "{reference}",
                    "{date}",
                    "{time}",
                    "{method}",
                    "{month}",
                    "{n}",
                    "{max}",
                    "{day}",
                ] {
                    assert_eq!(
                        text.contains(placeholder),
                        original.contains(placeholder),
                        "{locale:?}: {name} and {placeholder}"
                    );
                }
            }
        }
    }

    #[test]
    fn every_locales_table_travels_as_its_list_and_comes_back_whole() {
        for locale in Locale::ALL {
            let t = contact_text(locale);
            let list = t.texts().into_iter().map(String::from).collect();
            assert_eq!(
                ContactText::from_texts(list).as_ref(),
                Some(t),
                "{locale:?}"
            );
        }
    }

    #[test]
    fn lists_have_an_item_for_every_month_duration_and_activity() {
        for locale in Locale::ALL {
            let t = contact_text(locale);
            assert_eq!(t.months.split(',').count(), 12, "{locale:?}");
            assert_eq!(
                t.durations.split(',').count(),
                DURATIONS.len(),
                "{locale:?}"
            );
            assert_eq!(
                t.activity_names_in_order().len(),
                Activity::ALL.len(),
                "{locale:?}"
            );
            for minutes in DURATIONS {
                assert!(t.duration_name(minutes).is_some_and(|d| !d.is_empty()));
            }
        }
    }

    #[test]
    fn a_refused_receipt_is_worded_by_the_receipt_rules_in_every_locale() {
        for locale in Locale::ALL {
            for (status, code) in [(415, "receipt_type"), (413, "receipt_too_large")] {
                assert_eq!(
                    Some(contact_text(locale).refusal(locale, status, code)),
                    crate::receipt::refusal_text(locale, code),
                    "{locale:?} {code}"
                );
            }
            let unknown = FieldError {
                field: "costs[2].receipt".into(),
                code: "receipt_unknown".into(),
            };
            assert_eq!(
                Some(error_message(contact_text(locale), locale, &unknown).as_str()),
                crate::receipt::refusal_text(locale, "receipt_unknown")
            );
        }
    }

    #[test]
    fn field_errors_of_the_report_are_worded_per_field_and_code() {
        let e = |field: &str, code: &str| FieldError {
            field: field.into(),
            code: code.into(),
        };
        let t = contact_text(Locale::Sv);
        assert_eq!(
            error_message(
                contact_text(Locale::Sv),
                Locale::Sv,
                &e("meetings[1].activities", "required")
            ),
            t.err_activities
        );
        assert_eq!(
            error_message(
                contact_text(Locale::Sv),
                Locale::Sv,
                &e("meetings[0].date", "outside_month")
            ),
            t.err_outside_month
        );
        assert_eq!(
            error_message(
                contact_text(Locale::Sv),
                Locale::Sv,
                &e("declaration", "required")
            ),
            t.err_declaration
        );
        assert_eq!(
            error_message(
                contact_text(Locale::Ar),
                Locale::Ar,
                &e("no_meetings_reason", "required")
            ),
            contact_text(Locale::Ar).err_no_meetings
        );
        assert_eq!(
            error_message(
                contact_text(Locale::Sv),
                Locale::Sv,
                &e("meetings[0].note", "too_long")
            ),
            "Texten får vara högst 300 tecken"
        );
        assert_eq!(
            field_kind("costs[12].amount_ore"),
            ("costs.amount_ore".into(), Some(12))
        );
        assert_eq!(field_kind("declaration"), ("declaration".into(), None));
    }
}
