//! Reminders of the monthly report (issue 15): when a month is over, and when its report is
//! late. Pure rules and the mail's words in seven languages; the server's scheduled job asks
//! [`reminders_due`] each morning, records each reminder it queues, and passes that record back,
//! so each is sent at most once.
//!
//! The rule is a window, not a day, so a server that was down on the day still reminds when it is
//! up again, and a reminder whose window has passed is never sent (nobody gets a pile of old
//! reminders when the feature is first switched on, or after a long outage):
//! - [`Reminder::MonthEnded`] from the first day after the month until its due day;
//! - [`Reminder::Late`] for [`LATE_REMINDER_DAYS`] days from the day after the due day;
//! - only for a month the assignment covers at least one day of, and only while the report is not
//!   sent: none for a report sent (waiting for review) or approved; a draft, a returned report
//!   and a month without any report are reminded of.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::compensation::Month;
use crate::monthly_report::{Period, ReportRules, ReportStatus};
use crate::Locale;

/// How many days after the due day the late reminder may still go (a server down for longer than
/// this sends none: by then the caseworker follows the report up).
pub const LATE_REMINDER_DAYS: u64 = 7;

/// A reminder about one month's report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reminder {
    /// The month is over: time to report it, by the due day.
    MonthEnded,
    /// The due day has passed and the report is not sent.
    Late,
}

impl Reminder {
    /// The stable code stored.
    pub fn code(self) -> &'static str {
        match self {
            Reminder::MonthEnded => "month_ended",
            Reminder::Late => "late",
        }
    }
}

impl TryFrom<String> for Reminder {
    type Error = String;

    fn try_from(code: String) -> Result<Reminder, String> {
        [Reminder::MonthEnded, Reminder::Late]
            .into_iter()
            .find(|r| r.code() == code)
            .ok_or_else(|| format!("not a reminder: {code}"))
    }
}

/// The reminder due on `today` for `month` of the assignment `period`, whose report has `status`
/// (`None`: nothing saved), given the reminders `already_sent` for that month.
pub fn reminder_due(
    month: Month,
    period: Period,
    status: Option<ReportStatus>,
    today: NaiveDate,
    rules: &ReportRules,
    already_sent: &[Reminder],
) -> Option<Reminder> {
    let covers =
        month.last_day() >= period.start && period.end.is_none_or(|end| month.first_day() <= end);
    if !covers
        || matches!(
            status,
            Some(ReportStatus::Submitted | ReportStatus::Approved)
        )
    {
        return None;
    }
    let due = rules.due_date(month);
    let kind = if today >= month.next().first_day() && today <= due {
        Reminder::MonthEnded
    } else if today > due && today <= due + chrono::Days::new(LATE_REMINDER_DAYS) {
        Reminder::Late
    } else {
        return None;
    };
    (!already_sent.contains(&kind)).then_some(kind)
}

/// The months whose reminders may fall on `today`, oldest first: a window ends at most
/// [`LATE_REMINDER_DAYS`] after the 28th of the next month, so only the last three months can be
/// in one.
pub fn reminder_months(today: NaiveDate) -> [Month; 3] {
    let last = Month::of(today).previous();
    [last.previous().previous(), last.previous(), last]
}

/// Every reminder due on `today` for one assignment, oldest month first: `reports` are its
/// reports' states by month, `sent` the reminders it already had.
pub fn reminders_due(
    period: Period,
    reports: &[(Month, ReportStatus)],
    sent: &[(Month, Reminder)],
    today: NaiveDate,
    rules: &ReportRules,
) -> Vec<(Month, Reminder)> {
    reminder_months(today)
        .into_iter()
        .filter_map(|month| {
            let status = reports.iter().find(|(m, _)| *m == month).map(|(_, s)| *s);
            let already: Vec<Reminder> = sent
                .iter()
                .filter(|(m, _)| *m == month)
                .map(|(_, r)| *r)
                .collect();
            reminder_due(month, period, status, today, rules, &already).map(|r| (month, r))
        })
        .collect()
}

/// The months' names in `locale`, January first (Tigrinya: the names Eritrea gives the Gregorian
/// months).
fn month_names(locale: Locale) -> [&'static str; 12] {
    match locale {
        Locale::Sv | Locale::Lattlast => [
            "januari",
            "februari",
            "mars",
            "april",
            "maj",
            "juni",
            "juli",
            "augusti",
            "september",
            "oktober",
            "november",
            "december",
        ],
        Locale::En => [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        Locale::Ar => [
            "يناير",
            "فبراير",
            "مارس",
            "أبريل",
            "مايو",
            "يونيو",
            "يوليو",
            "أغسطس",
            "سبتمبر",
            "أكتوبر",
            "نوفمبر",
            "ديسمبر",
        ],
        Locale::Fa => [
            "ژانویه",
            "فوریه",
            "مارس",
            "آوریل",
            "مه",
            "ژوئن",
            "ژوئیه",
            "اوت",
            "سپتامبر",
            "اکتبر",
            "نوامبر",
            "دسامبر",
        ],
        Locale::So => [
            "Janaayo",
            "Febraayo",
            "Maarso",
            "Abriil",
            "Maajo",
            "Juun",
            "Luuliyo",
            "Agoosto",
            "Sebtembar",
            "Oktoobar",
            "Nofembar",
            "Desembar",
        ],
        Locale::Ti => [
            "ጥሪ",
            "ለካቲት",
            "መጋቢት",
            "ሚያዝያ",
            "ግንቦት",
            "ሰነ",
            "ሓምለ",
            "ነሓሰ",
            "መስከረም",
            "ጥቅምቲ",
            "ሕዳር",
            "ታሕሳስ",
        ],
    }
}

/// A month as a reader of `locale` names it: `november 2026`, `November 2026`, `نوفمبر 2026`.
pub fn month_name(locale: Locale, month: Month) -> String {
    let name = month_names(locale)[month.month() as usize - 1];
    format!("{name} {}", month.year())
}

/// A day as a reader of `locale` names it: `5 december 2026`, `5 December 2026`.
pub fn day_name(locale: Locale, day: NaiveDate) -> String {
    let name = month_names(locale)[day.month0() as usize];
    format!("{} {name} {}", day.day(), day.year())
}

/// The reminder's subject and body in `locale`, with `{month}`, `{due}`, `{link}` and
/// `{assignments}` to fill. It says which month, by when, where to send it, and that a month is
/// paid once its report is approved; nothing about the child.
fn reminder_text(reminder: Reminder, locale: Locale) -> (&'static str, &'static str) {
    use Reminder::{Late, MonthEnded};
    match (locale, reminder) {
        (Locale::Sv, MonthEnded) => (
            "Dags att skicka månadsrapporten för {month}",
            "Hej!\n\nNu är {month} slut. Skicka din månadsrapport för månaden senast den {due}. Du gör det på Mina sidor:\n{link}\n\nUppdrag: {assignments}\nArvode och omkostnad betalas för månader med en godkänd rapport.\n",
        ),
        (Locale::Sv, Late) => (
            "Din månadsrapport för {month} är försenad",
            "Hej!\n\nDin månadsrapport för {month} väntar fortfarande på att skickas in. Den skulle ha skickats senast den {due}. Skicka den så snart du kan på Mina sidor:\n{link}\n\nUppdrag: {assignments}\nArvode och omkostnad betalas för månader med en godkänd rapport.\n",
        ),
        (Locale::Lattlast, MonthEnded) => (
            "Skicka din rapport för {month}",
            "Hej!\n\nNu är {month} slut.\nSkicka din rapport för {month}.\nSkicka den senast den {due}.\nDu skickar den på Mina sidor:\n{link}\n\nUppdrag: {assignments}\nDu får arvode och omkostnad för en månad när rapporten är godkänd.\n",
        ),
        (Locale::Lattlast, Late) => (
            "Din rapport för {month} är sen",
            "Hej!\n\nVi väntar på din rapport för {month}.\nDen skulle vara skickad den {due}.\nSkicka den så snart du kan.\nDu skickar den på Mina sidor:\n{link}\n\nUppdrag: {assignments}\nDu får arvode och omkostnad för en månad när rapporten är godkänd.\n",
        ),
        (Locale::En, MonthEnded) => (
            "Time to send your monthly report for {month}",
            "Hello,\n\n{month} is over. Please send your monthly report for the month by {due}, on My pages:\n{link}\n\nAssignment: {assignments}\nThe arvode and omkostnad are paid for months with an approved report.\n",
        ),
        (Locale::En, Late) => (
            "Your monthly report for {month} is late",
            "Hello,\n\nYour monthly report for {month} is still waiting to be sent. It was due by {due}. Please send it as soon as you can, on My pages:\n{link}\n\nAssignment: {assignments}\nThe arvode and omkostnad are paid for months with an approved report.\n",
        ),
        (Locale::Ar, MonthEnded) => (
            "حان وقت إرسال التقرير الشهري عن {month}",
            "مرحبًا،\n\nانتهى شهر {month}. يُرجى إرسال تقريرك الشهري عن هذا الشهر في موعد أقصاه {due}، من خلال صفحاتي:\n{link}\n\nالمهمة: {assignments}\nيُدفع الأجر (arvode) وبدل المصاريف عن الأشهر التي لها تقرير معتمد.\n",
        ),
        (Locale::Ar, Late) => (
            "تقريرك الشهري عن {month} متأخر",
            "مرحبًا،\n\nلم يُرسَل تقريرك الشهري عن {month} بعد. كان آخر موعد لإرساله {due}. يُرجى إرساله في أقرب وقت ممكن من خلال صفحاتي:\n{link}\n\nالمهمة: {assignments}\nيُدفع الأجر (arvode) وبدل المصاريف عن الأشهر التي لها تقرير معتمد.\n",
        ),
        (Locale::Fa, MonthEnded) => (
            "زمان ارسال گزارش ماهانه {month}",
            "سلام،\n\nماه {month} به پایان رسید. لطفاً گزارش ماهانه این ماه را حداکثر تا {due} در صفحات من ارسال کنید:\n{link}\n\nمأموریت: {assignments}\nحق‌الزحمه و کمک‌هزینه برای ماه‌هایی پرداخت می‌شود که گزارش آن‌ها تأیید شده باشد.\n",
        ),
        (Locale::Fa, Late) => (
            "گزارش ماهانه {month} شما دیر شده است",
            "سلام،\n\nگزارش ماهانه {month} شما هنوز ارسال نشده است. مهلت ارسال آن {due} بود. لطفاً هرچه زودتر آن را در صفحات من ارسال کنید:\n{link}\n\nمأموریت: {assignments}\nحق‌الزحمه و کمک‌هزینه برای ماه‌هایی پرداخت می‌شود که گزارش آن‌ها تأیید شده باشد.\n",
        ),
        (Locale::So, MonthEnded) => (
            "Waa waqtigii aad diri lahayd warbixinta bisha {month}",
            "Salaan,\n\nBisha {month} way dhammaatay. Fadlan dir warbixintaada bishan ugu dambayn {due}, adigoo isticmaalaya Boggaygii:\n{link}\n\nHawsha: {assignments}\nArvode iyo omkostnad waxaa la bixiyaa bilaha leh warbixin la ansixiyay.\n",
        ),
        (Locale::So, Late) => (
            "Warbixintaada bisha {month} way dib u dhacday",
            "Salaan,\n\nWarbixintaada bisha {month} weli lama dirin. Waxay ahayd in la diro ugu dambayn {due}. Fadlan dir sida ugu dhakhsaha badan, adigoo isticmaalaya Boggaygii:\n{link}\n\nHawsha: {assignments}\nArvode iyo omkostnad waxaa la bixiyaa bilaha leh warbixin la ansixiyay.\n",
        ),
        (Locale::Ti, MonthEnded) => (
            "ወርሓዊ ጸብጻብ {month} እትሰዱሉ ግዜ ኣኺሉ",
            "ሰላም፡\n\nወርሒ {month} ተወዲኡ እዩ። ናይዚ ወርሒ ወርሓዊ ጸብጻብኩም ክሳብ {due} ብናተይ ገጻት ስደዱ፡\n{link}\n\nዕማም፡ {assignments}\narvode ከምኡ'ውን omkostnad ንዝጸደቐ ጸብጻብ ዘለዎም ኣዋርሕ ይኽፈል።\n",
        ),
        (Locale::Ti, Late) => (
            "ወርሓዊ ጸብጻብ {month} ደንጒዩ ኣሎ",
            "ሰላም፡\n\nወርሓዊ ጸብጻብኩም ናይ {month} ገና ኣይተላእከን። ክሳብ {due} ክለኣኽ ነይርዎ። በጃኹም ብዝቐልጠፈ ብናተይ ገጻት ስደድዎ፡\n{link}\n\nዕማም፡ {assignments}\narvode ከምኡ'ውን omkostnad ንዝጸደቐ ጸብጻብ ዘለዎም ኣዋርሕ ይኽፈል።\n",
        ),
    }
}

/// The reminder mail in `locale`: (subject, body) naming `month` and its due day in the reader's
/// language, linking to the area (`link`), and naming the `assignments` it is about by their
/// references (`U-2026-0007`).
pub fn reminder_mail(
    reminder: Reminder,
    month: Month,
    rules: &ReportRules,
    locale: Locale,
    link: &str,
    assignments: &[String],
) -> (String, String) {
    let (subject, body) = reminder_text(reminder, locale);
    let fill = |text: &str| {
        text.replace("{month}", &month_name(locale, month))
            .replace("{due}", &day_name(locale, rules.due_date(month)))
            .replace("{link}", link)
            .replace("{assignments}", &assignments.join(", "))
    };
    (fill(subject), fill(body))
}

#[cfg(test)]
mod tests;
