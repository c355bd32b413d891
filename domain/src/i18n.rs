//! Short interface texts (navigation, buttons, status messages), compiled in.
//!
//! Every locale is one `Ui` value: a missing text is a missing struct field, so it fails the build
//! rather than falling back to another language. Long page text is not here: it lives in the
//! per-locale content files the server serves.

use crate::Locale;

crate::text_table! {
/// The interface texts of one locale. The interest form's page also carries its locale's table
/// (`Ui::texts`, [`EMBEDDED_ID`]), so the form's wasm does not compile the tables in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ui {
    /// The site's name in the header.
    pub site_name: &'static str,
    /// Who runs the site, under the name.
    pub site_owner: &'static str,
    /// The skip link, first thing a keyboard user reaches.
    pub skip_link: &'static str,
    /// Accessible name of the language picker.
    pub language_picker: &'static str,
    /// The language picker folded into one button on a narrow screen; "Language" in English
    /// follows, for a reader who does not read the page's language.
    pub language_menu: &'static str,
    /// Accessible name of the main navigation.
    pub main_nav: &'static str,
    /// The call to action that leads to the interest form.
    pub apply_button: &'static str,
    /// Link to the caseworker area, in the footer.
    /// Shown while a page's text is on its way.
    pub loading: &'static str,
    /// Shown when a page's text could not be fetched.
    pub load_failed: &'static str,
    /// Button to try fetching again.
    pub retry: &'static str,
    /// Caption of the compensation table; `{year}` is filled in.
    pub comp_caption: &'static str,
    /// Column: how often you meet.
    pub comp_frequency: &'static str,
    /// Column: the fee.
    pub comp_arvode: &'static str,
    /// Column: the cost allowance.
    pub comp_omkostnad: &'static str,
    /// Level: at least weekly.
    pub freq_weekly: &'static str,
    /// Level: several times a week.
    pub freq_several: &'static str,
    /// Level: almost daily.
    pub freq_daily: &'static str,
    /// Under the table; `{year}` and `{amount}` are filled in.
    pub comp_basis: &'static str,
    /// The special qualified assignment is decided per case.
    pub comp_special: &'static str,
    /// Shown when no levels are recorded.
    pub comp_missing: &'static str,
    /// The interest form without JavaScript; `{phone}` and `{email}` are filled in.
    pub form_needs_js: &'static str,
}
}

/// The id of the `<script type="application/json">` in which the server sends the page's
/// locale's [`Ui`] with the interest form's first HTML.
pub const EMBEDDED_ID: &str = "kp-ui-text";

/// The texts for a locale.
pub fn ui(locale: Locale) -> &'static Ui {
    match locale {
        Locale::Sv => &SV,
        Locale::Lattlast => &LATTLAST,
        Locale::En => &EN,
        Locale::Ar => &AR,
        Locale::Fa => &FA,
        Locale::So => &SO,
        Locale::Ti => &TI,
    }
}

const SV: Ui = Ui {
    site_name: "Bli kontaktperson",
    site_owner: "Socialtjänsten",
    skip_link: "Till huvudinnehållet",
    language_picker: "Välj språk",
    language_menu: "Språk (Language)",
    main_nav: "Om uppdraget",
    apply_button: "Anmäl intresse",
    loading: "Hämtar sidan …",
    load_failed: "Sidan kunde inte hämtas. Kontrollera din anslutning och försök igen.",
    retry: "Försök igen",
    comp_caption: "Ersättning per månad {year}",
    comp_frequency: "Hur ofta ni träffas",
    comp_arvode: "Arvode",
    comp_omkostnad: "Omkostnad",
    freq_weekly: "Minst en gång i veckan",
    freq_several: "Flera gånger i veckan",
    freq_daily: "Nästan varje dag",
    comp_basis: "Beloppen räknas från prisbasbeloppet för {year}, som är {amount}. Arvodet är en skattepliktig inkomst för uppdraget, inte en lön. Omkostnaden ska täcka det ni gör tillsammans.",
    comp_special: "För en särskilt kvalificerad kontaktperson bestämmer kommunen ersättningen för varje uppdrag.",
    comp_missing: "Just nu kan vi inte visa nivåerna. Fråga oss gärna.",
    form_needs_js: "Formuläret behöver JavaScript för att fungera. Du kan också anmäla intresse genom att ringa oss på {phone} eller mejla {email}.",
};

const LATTLAST: Ui = Ui {
    site_name: "Bli kontaktperson",
    site_owner: "Socialtjänsten",
    skip_link: "Till huvudinnehållet",
    language_picker: "Välj språk",
    language_menu: "Språk (Language)",
    main_nav: "Om uppdraget",
    apply_button: "Anmäl intresse",
    loading: "Sidan kommer snart …",
    load_failed: "Sidan kom inte fram. Försök igen om en stund.",
    retry: "Försök igen",
    comp_caption: "Pengar varje månad {year}",
    comp_frequency: "Hur ofta ni ses",
    comp_arvode: "Arvode (pengar för uppdraget)",
    comp_omkostnad: "Omkostnad (pengar till det ni gör)",
    freq_weekly: "En gång i veckan eller mer",
    freq_several: "Flera gånger i veckan",
    freq_daily: "Nästan varje dag",
    comp_basis: "Kommunen räknar ut pengarna från ett belopp som heter prisbasbelopp. År {year} är det {amount}. Du betalar skatt på arvodet. Arvodet är inte en lön. Du är inte anställd.",
    comp_special: "Särskilt kvalificerad kontaktperson: kommunen bestämmer pengarna för varje uppdrag.",
    comp_missing: "Vi kan inte visa pengarna just nu. Fråga oss.",
    form_needs_js: "Formuläret fungerar inte utan JavaScript. Du kan ringa oss i stället: {phone}. Eller mejla: {email}.",
};

const EN: Ui = Ui {
    site_name: "Become a contact person",
    site_owner: "Social services",
    skip_link: "Skip to main content",
    language_picker: "Choose language",
    language_menu: "Language",
    main_nav: "About the role",
    apply_button: "Register your interest",
    loading: "Loading the page …",
    load_failed: "The page could not be loaded. Check your connection and try again.",
    retry: "Try again",
    comp_caption: "Compensation per month, {year}",
    comp_frequency: "How often you meet",
    comp_arvode: "Arvode (fee)",
    comp_omkostnad: "Omkostnad (costs)",
    freq_weekly: "At least once a week",
    freq_several: "Several times a week",
    freq_daily: "Almost every day",
    comp_basis: "The amounts are based on the price base amount (prisbasbelopp) for {year}, which is {amount}. The arvode is taxable income for the assignment, not a salary; the omkostnad covers what you do together.",
    comp_special: "For a särskilt kvalificerad kontaktperson, the municipality decides the compensation for each assignment.",
    comp_missing: "We cannot show the levels right now. Please ask us.",
    form_needs_js: "The form needs JavaScript to work. You can also register your interest by phoning us on {phone} or emailing {email}.",
};

const AR: Ui = Ui {
    site_name: "كن شخص تواصل",
    site_owner: "الخدمات الاجتماعية",
    skip_link: "انتقل إلى المحتوى الرئيسي",
    language_picker: "اختر اللغة",
    language_menu: "اللغة (Language)",
    main_nav: "عن المهمة",
    apply_button: "سجّل اهتمامك",
    loading: "جارٍ تحميل الصفحة …",
    load_failed: "تعذّر تحميل الصفحة. تحقّق من اتصالك بالإنترنت وحاول مرة أخرى.",
    retry: "حاول مرة أخرى",
    comp_caption: "التعويض الشهري، {year}",
    comp_frequency: "كم مرة تلتقيان",
    comp_arvode: "الأجر (arvode)",
    comp_omkostnad: "بدل المصاريف (omkostnad)",
    freq_weekly: "مرة في الأسبوع على الأقل",
    freq_several: "عدة مرات في الأسبوع",
    freq_daily: "كل يوم تقريبًا",
    comp_basis: "تُحسب المبالغ على أساس المبلغ الأساسي للأسعار (prisbasbelopp) لعام {year}، وهو {amount}. يخضع الأجر للضريبة، أما بدل المصاريف فيغطي ما تفعلانه معًا.",
    comp_special: "بالنسبة لشخص التواصل المؤهل تأهيلًا خاصًا، تحدد البلدية التعويض لكل مهمة على حدة.",
    comp_missing: "لا يمكننا عرض المستويات الآن. يُرجى السؤال عنها.",
    form_needs_js: "تحتاج الاستمارة إلى JavaScript لكي تعمل. يمكنك أيضًا تسجيل اهتمامك بالاتصال بنا على {phone} أو بمراسلتنا على {email}.",
};

const FA: Ui = Ui {
    site_name: "شخص تماس شوید",
    site_owner: "خدمات اجتماعی",
    skip_link: "رفتن به محتوای اصلی",
    language_picker: "انتخاب زبان",
    language_menu: "زبان (Language)",
    main_nav: "دربارهٔ این کار",
    apply_button: "اعلام علاقه‌مندی",
    loading: "در حال بارگذاری صفحه …",
    load_failed: "صفحه بارگذاری نشد. اتصال اینترنت خود را بررسی کنید و دوباره امتحان کنید.",
    retry: "دوباره امتحان کنید",
    comp_caption: "مبلغ ماهانه، {year}",
    comp_frequency: "چند وقت یک‌بار همدیگر را می‌بینید",
    comp_arvode: "حق‌الزحمه (arvode)",
    comp_omkostnad: "کمک‌هزینه (omkostnad)",
    freq_weekly: "دست‌کم هفته‌ای یک‌بار",
    freq_several: "چند بار در هفته",
    freq_daily: "تقریباً هر روز",
    comp_basis: "مبلغ‌ها بر پایهٔ مبلغ پایهٔ قیمت (prisbasbelopp) سال {year} حساب می‌شوند که {amount} است. حق‌الزحمه مالیات دارد؛ کمک‌هزینه برای هزینهٔ کارهایی است که با هم انجام می‌دهید.",
    comp_special: "برای شخص تماس با صلاحیت ویژه، کمون مبلغ پرداختی را برای هر کار جداگانه تعیین می‌کند.",
    comp_missing: "اکنون نمی‌توانیم سطح‌ها را نشان دهیم. لطفاً از ما بپرسید.",
    form_needs_js: "این فرم برای کار کردن به JavaScript نیاز دارد. می‌توانید با تماس با شمارهٔ {phone} یا فرستادن ایمیل به {email} هم علاقه‌مندی خود را اعلام کنید.",
};

const SO: Ui = Ui {
    site_name: "Noqo qof xiriir",
    site_owner: "Adeegga bulshada",
    skip_link: "U gudub qoraalka ugu muhiimsan",
    language_picker: "Dooro luqadda",
    language_menu: "Luqadda (Language)",
    main_nav: "Ku saabsan hawsha",
    apply_button: "Muuji xiisahaaga",
    loading: "Bogga waa la soo rarayaa …",
    load_failed: "Bogga lama soo rari karin. Hubi xiriirkaaga internetka oo isku day mar kale.",
    retry: "Isku day mar kale",
    comp_caption: "Lacagta bishii, {year}",
    comp_frequency: "Inta jeer ee aad kulantaan",
    comp_arvode: "Arvode (khidmad)",
    comp_omkostnad: "Omkostnad (kharashaadka)",
    freq_weekly: "Ugu yaraan hal mar toddobaadkii",
    freq_several: "Dhowr jeer toddobaadkii",
    freq_daily: "Ku dhawaad maalin kasta",
    comp_basis: "Lacagaha waxaa lagu xisaabiyaa prisbasbelopp-ka sanadka {year}, kaas oo ah {amount}. Arvode-ga waa dakhli canshuur laga jaro, ma aha mushahar; omkostnad-ku wuxuu daboolaa waxa aad wada qabataan.",
    comp_special: "Qofka xiriirka ee si gaar ah u aqoonta leh (särskilt kvalificerad kontaktperson), degmadu waxay go'aamisaa lacagta hawl kasta.",
    comp_missing: "Hadda ma muujin karno heerarka. Fadlan na weydii.",
    form_needs_js: "Foomku wuxuu u baahan yahay JavaScript si uu u shaqeeyo. Waxaad sidoo kale xiisahaaga ku muujin kartaa adigoo naga soo wacaya {phone} ama e-mail u diraya {email}.",
};

const TI: Ui = Ui {
    site_name: "ሰብ ርክብ ኩኑ",
    site_owner: "ማሕበራዊ ኣገልግሎት",
    skip_link: "ናብ ቀንዲ ትሕዝቶ ሕለፉ",
    language_picker: "ቋንቋ ምረጹ",
    language_menu: "ቋንቋ (Language)",
    main_nav: "ብዛዕባ እዚ ዕማም",
    apply_button: "ድሌትኩም ኣፍልጡ",
    loading: "እቲ ገጽ ይጽዕን ኣሎ …",
    load_failed: "እቲ ገጽ ክጽዓን ኣይከኣለን። ርክብ ኢንተርነትኩም ኣረጋግጹ እሞ ደጊምኩም ፈትኑ።",
    retry: "ደጊምኩም ፈትኑ",
    comp_caption: "ወርሓዊ ክፍሊት፣ {year}",
    comp_frequency: "ክንደይ ግዜ ትራኸቡ",
    comp_arvode: "ክፍሊት ዕማም (arvode)",
    comp_omkostnad: "ክፍሊት ወጻኢታት (omkostnad)",
    freq_weekly: "እንተወሓደ ሓደ ግዜ ኣብ ሰሙን",
    freq_several: "ኣብ ሰሙን ብዙሕ ግዜ",
    freq_daily: "ዳርጋ መዓልታዊ",
    comp_basis: "እቲ ገንዘብ ብመሰረት prisbasbelopp ናይ {year} ይሕሰብ፣ ንሱ ድማ {amount} እዩ። ክፍሊት ዕማም ግብሪ ይኽፈሎ፣ ክፍሊት ወጻኢታት ድማ ንሓባር እትገብርዎ ይሽፍን።",
    comp_special: "ንፍሉይ ብቕዓት ዘለዎ ሰብ ርክብ (särskilt kvalificerad kontaktperson)፣ ኮሙን ንነፍሲ ወከፍ ዕማም ክፍሊቱ ይውስን።",
    comp_missing: "ሕጂ ነቲ ደረጃታት ከነርእየኩም ኣይንኽእልን ኢና። በጃኹም ሕተቱና።",
    form_needs_js: "እዚ ቅጥዒ ንኽሰርሕ JavaScript የድልዮ። ብ {phone} ብምድዋል ወይ ናብ {email} ኢመይል ብምልኣኽ እውን ድሌትኩም ከተፍልጡ ትኽእሉ ኢኹም።",
};

/// The document title: the page's own title, then the site's name (the start page's title stands
/// alone, as it already says what the site is).
pub fn document_title(text: &Ui, is_start_page: bool, page_title: &str) -> String {
    let site = text.site_name;
    if is_start_page || page_title == site {
        page_title.to_string()
    } else {
        format!("{page_title} – {site}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_locales_interface_texts_come_back_whole_from_the_list_the_server_embeds() {
        for locale in Locale::ALL {
            let list: Vec<String> = ui(locale).texts().into_iter().map(String::from).collect();
            assert_eq!(
                Ui::from_texts(list).as_ref(),
                Some(ui(locale)),
                "{locale:?}"
            );
        }
    }

    #[test]
    fn the_title_names_the_page_then_the_site() {
        assert_eq!(
            document_title(ui(Locale::Sv), false, "Vanliga frågor"),
            "Vanliga frågor – Bli kontaktperson"
        );
        assert_eq!(
            document_title(ui(Locale::En), true, "Become a contact person for a child"),
            "Become a contact person for a child"
        );
    }

    #[test]
    fn no_interface_text_is_empty_in_any_locale() {
        for locale in Locale::ALL {
            let t = ui(locale);
            for (name, value) in [
                ("site_name", t.site_name),
                ("site_owner", t.site_owner),
                ("skip_link", t.skip_link),
                ("language_picker", t.language_picker),
                ("language_menu", t.language_menu),
                ("main_nav", t.main_nav),
                ("apply_button", t.apply_button),
                ("loading", t.loading),
                ("load_failed", t.load_failed),
                ("retry", t.retry),
                ("comp_caption", t.comp_caption),
                ("comp_frequency", t.comp_frequency),
                ("comp_arvode", t.comp_arvode),
                ("comp_omkostnad", t.comp_omkostnad),
                ("freq_weekly", t.freq_weekly),
                ("freq_several", t.freq_several),
                ("freq_daily", t.freq_daily),
                ("comp_basis", t.comp_basis),
                ("comp_special", t.comp_special),
                ("comp_missing", t.comp_missing),
                ("form_needs_js", t.form_needs_js),
            ] {
                assert!(!value.trim().is_empty(), "{locale:?}.{name} is empty");
            }
        }
    }
}

/// Formats a whole number the way the locale writes it: Swedish groups with a no-break space,
/// English, Somali, Tigrinya, Arabic and Persian with a comma. Arabic and Persian use the same
/// digits (0–9) as their page texts, so a page and its table never mix two digit systems.
pub fn format_number(locale: Locale, value: i64) -> String {
    localised_digits(locale, value, true)
}

/// A year, never grouped (`2026`).
pub fn format_year(locale: Locale, year: i32) -> String {
    localised_digits(locale, i64::from(year), false)
}

fn localised_digits(locale: Locale, value: i64, group: bool) -> String {
    let digits = value.unsigned_abs().to_string();
    let separator = match locale {
        Locale::Sv | Locale::Lattlast => '\u{a0}',
        Locale::En | Locale::So | Locale::Ti | Locale::Ar | Locale::Fa => ',',
    };
    let mut out = String::new();
    if value < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if group && i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

/// Formats whole kronor for the locale, e.g. `1 776 kr`, `SEK 1,776`, `1,776 كرونة`.
pub fn format_kronor(locale: Locale, kronor: i64) -> String {
    let number = format_number(locale, kronor);
    match locale {
        Locale::Sv | Locale::Lattlast | Locale::So => format!("{number}\u{a0}kr"),
        Locale::En => format!("SEK\u{a0}{number}"),
        Locale::Ar => format!("{number}\u{a0}كرونة"),
        Locale::Fa => format!("{number}\u{a0}کرون"),
        Locale::Ti => format!("{number}\u{a0}ክሮነር"),
    }
}

/// Fills `{name}` placeholders in an interface text.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_string(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

#[cfg(test)]
mod format_tests {
    use super::*;

    #[test]
    fn amounts_are_written_as_each_locale_writes_them() {
        let cases = [
            (Locale::Sv, 1_776, "1\u{a0}776\u{a0}kr"),
            (Locale::Sv, 592, "592\u{a0}kr"),
            (Locale::Lattlast, 59_200, "59\u{a0}200\u{a0}kr"),
            (Locale::En, 1_776, "SEK\u{a0}1,776"),
            (Locale::So, 1_776, "1,776\u{a0}kr"),
            (Locale::Ar, 1_776, "1,776\u{a0}كرونة"),
            (Locale::Fa, 59_200, "59,200\u{a0}کرون"),
            (Locale::Ti, 4_736, "4,736\u{a0}ክሮነር"),
        ];
        for (locale, amount, expected) in cases {
            assert_eq!(format_kronor(locale, amount), expected, "{locale:?}");
        }
    }

    #[test]
    fn years_are_never_grouped_and_every_locale_uses_the_digits_of_its_page_texts() {
        assert_eq!(format_year(Locale::Sv, 2026), "2026");
        assert_eq!(format_year(Locale::En, 2026), "2026");
        assert_eq!(format_year(Locale::Ar, 2026), "2026");
        assert_eq!(format_year(Locale::Fa, 2026), "2026");
        assert_eq!(format_number(Locale::Sv, -12_345), "-12\u{a0}345");
    }
}
