//! Short interface texts (navigation, buttons, status messages), compiled in.
//!
//! Every locale is one `Ui` value: a missing text is a missing struct field, so it fails the build
//! rather than falling back to another language. Long page text is not here: it lives in the
//! per-locale content files the server serves.

use crate::Locale;

/// The interface texts of one locale.
#[derive(Debug, Clone, Copy)]
pub struct Ui {
    /// The site's name in the header.
    pub site_name: &'static str,
    /// Who runs the site, under the name.
    pub site_owner: &'static str,
    /// The skip link, first thing a keyboard user reaches.
    pub skip_link: &'static str,
    /// Accessible name of the language picker.
    pub language_picker: &'static str,
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
}

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
    main_nav: "Om uppdraget",
    apply_button: "Anmäl intresse",
    loading: "Hämtar sidan …",
    load_failed: "Sidan kunde inte hämtas. Kontrollera din anslutning och försök igen.",
    retry: "Försök igen",
};

const LATTLAST: Ui = Ui {
    site_name: "Bli kontaktperson",
    site_owner: "Socialtjänsten",
    skip_link: "Till huvudinnehållet",
    language_picker: "Välj språk",
    main_nav: "Om uppdraget",
    apply_button: "Anmäl intresse",
    loading: "Sidan kommer snart …",
    load_failed: "Sidan kom inte fram. Försök igen om en stund.",
    retry: "Försök igen",
};

const EN: Ui = Ui {
    site_name: "Become a contact person",
    site_owner: "Social services",
    skip_link: "Skip to main content",
    language_picker: "Choose language",
    main_nav: "About the role",
    apply_button: "Register your interest",
    loading: "Loading the page …",
    load_failed: "The page could not be loaded. Check your connection and try again.",
    retry: "Try again",
};

const AR: Ui = Ui {
    site_name: "كن شخص تواصل",
    site_owner: "الخدمات الاجتماعية",
    skip_link: "انتقل إلى المحتوى الرئيسي",
    language_picker: "اختر اللغة",
    main_nav: "عن المهمة",
    apply_button: "سجّل اهتمامك",
    loading: "جارٍ تحميل الصفحة …",
    load_failed: "تعذّر تحميل الصفحة. تحقّق من اتصالك بالإنترنت وحاول مرة أخرى.",
    retry: "حاول مرة أخرى",
};

const FA: Ui = Ui {
    site_name: "شخص تماس شوید",
    site_owner: "خدمات اجتماعی",
    skip_link: "رفتن به محتوای اصلی",
    language_picker: "انتخاب زبان",
    main_nav: "دربارهٔ این کار",
    apply_button: "اعلام علاقه‌مندی",
    loading: "در حال بارگذاری صفحه …",
    load_failed: "صفحه بارگذاری نشد. اتصال اینترنت خود را بررسی کنید و دوباره امتحان کنید.",
    retry: "دوباره امتحان کنید",
};

const SO: Ui = Ui {
    site_name: "Noqo qof xiriir",
    site_owner: "Adeegga bulshada",
    skip_link: "U gudub qoraalka ugu muhiimsan",
    language_picker: "Dooro luqadda",
    main_nav: "Ku saabsan hawsha",
    apply_button: "Muuji xiisahaaga",
    loading: "Bogga waa la soo rarayaa …",
    load_failed: "Bogga lama soo rari karin. Hubi xiriirkaaga internetka oo isku day mar kale.",
    retry: "Isku day mar kale",
};

const TI: Ui = Ui {
    site_name: "ሰብ ርክብ ኩን",
    site_owner: "ማሕበራዊ ኣገልግሎት",
    skip_link: "ናብ ቀንዲ ትሕዝቶ ሕለፍ",
    language_picker: "ቋንቋ ምረጽ",
    main_nav: "ብዛዕባ እዚ ዕማም",
    apply_button: "ድሌትካ ኣፍልጥ",
    loading: "እቲ ገጽ ይጽዕን ኣሎ …",
    load_failed: "እቲ ገጽ ክጽዓን ኣይከኣለን። ርክብ ኢንተርነትካ ኣረጋግጽ እሞ ደጊምካ ፈትን።",
    retry: "ደጊምካ ፈትን",
};

/// The document title: the page's own title, then the site's name (the start page's title stands
/// alone, as it already says what the site is).
pub fn document_title(locale: Locale, is_start_page: bool, page_title: &str) -> String {
    let site = ui(locale).site_name;
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
    fn the_title_names_the_page_then_the_site() {
        assert_eq!(
            document_title(Locale::Sv, false, "Vanliga frågor"),
            "Vanliga frågor – Bli kontaktperson"
        );
        assert_eq!(
            document_title(Locale::En, true, "Become a contact person for a child"),
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
                ("main_nav", t.main_nav),
                ("apply_button", t.apply_button),
                ("loading", t.loading),
                ("load_failed", t.load_failed),
                ("retry", t.retry),
            ] {
                assert!(!value.trim().is_empty(), "{locale:?}.{name} is empty");
            }
        }
    }
}
