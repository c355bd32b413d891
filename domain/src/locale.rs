//! The languages the public site speaks, and how a URL, a browser and an `<html>` element name them.

use serde::{Deserialize, Serialize};

/// One of the seven languages of the public site.
///
/// `Lattlast` is easy-to-read Swedish: its own texts, but the document language is still `sv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    /// Swedish, the primary language and the default.
    Sv,
    /// Easy-to-read Swedish (lättläst).
    Lattlast,
    /// English.
    En,
    /// Arabic (right-to-left).
    Ar,
    /// Persian, written so that Dari readers can follow it (right-to-left).
    Fa,
    /// Somali.
    So,
    /// Tigrinya (Ge'ez script).
    Ti,
}

/// Text direction of a locale's script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Left to right.
    Ltr,
    /// Right to left.
    Rtl,
}

impl Direction {
    /// The value of the HTML `dir` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

impl Locale {
    /// Every locale, in the order the language picker lists them.
    pub const ALL: [Locale; 7] = [
        Locale::Sv,
        Locale::Lattlast,
        Locale::En,
        Locale::Ar,
        Locale::Fa,
        Locale::So,
        Locale::Ti,
    ];

    /// The default locale, used when nothing better is known.
    pub const DEFAULT: Locale = Locale::Sv;

    /// The first path segment of this locale's pages (`/sv/…`, `/lattlast/…`).
    pub fn code(self) -> &'static str {
        match self {
            Locale::Sv => "sv",
            Locale::Lattlast => "lattlast",
            Locale::En => "en",
            Locale::Ar => "ar",
            Locale::Fa => "fa",
            Locale::So => "so",
            Locale::Ti => "ti",
        }
    }

    /// Parses the first path segment of a URL.
    pub fn from_code(code: &str) -> Option<Locale> {
        Locale::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The BCP 47 tag for `<html lang>`; easy-to-read Swedish is still Swedish.
    pub fn html_lang(self) -> &'static str {
        match self {
            Locale::Sv | Locale::Lattlast => "sv",
            other => other.code(),
        }
    }

    /// The direction of the locale's script.
    pub fn dir(self) -> Direction {
        match self {
            Locale::Ar | Locale::Fa => Direction::Rtl,
            _ => Direction::Ltr,
        }
    }

    /// The language's name in itself, as the language picker shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::Sv => "Svenska",
            Locale::Lattlast => "Lättläst svenska",
            Locale::En => "English",
            Locale::Ar => "العربية",
            Locale::Fa => "فارسی / دری",
            Locale::So => "Soomaali",
            Locale::Ti => "ትግርኛ",
        }
    }

    /// The URL path of this locale's start page.
    pub fn home_path(self) -> String {
        format!("/{}/", self.code())
    }

    /// Picks the best locale for an HTTP `Accept-Language` header.
    ///
    /// Tags are matched on their primary language (`ar-SE` is Arabic); `prs` (Dari) and `fa-AF`
    /// go to Persian. Quality values are honoured and ties keep the header's order. Anything
    /// unknown, or an empty or malformed header, gives Swedish.
    pub fn negotiate(accept_language: &str) -> Locale {
        let mut best: Option<(f32, usize, Locale)> = None;
        for (index, part) in accept_language.split(',').enumerate() {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let quality = pieces
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if quality.is_nan() || quality <= 0.0 {
                continue;
            }
            let primary = tag.split('-').next().unwrap_or("");
            let locale = match primary {
                "sv" => Locale::Sv,
                "en" => Locale::En,
                "ar" => Locale::Ar,
                "fa" | "prs" | "per" => Locale::Fa,
                "so" => Locale::So,
                "ti" => Locale::Ti,
                _ => continue,
            };
            let better = match best {
                None => true,
                Some((q, i, _)) => quality > q || (quality == q && index < i),
            };
            if better {
                best = Some((quality, index, locale));
            }
        }
        best.map(|(_, _, l)| l).unwrap_or(Locale::DEFAULT)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_locale_round_trips_through_its_url_code() {
        for locale in Locale::ALL {
            assert_eq!(Locale::from_code(locale.code()), Some(locale), "{locale:?}");
        }
        assert_eq!(Locale::from_code("de"), None);
        assert_eq!(Locale::from_code(""), None);
    }

    #[test]
    fn arabic_and_persian_are_right_to_left_and_the_others_left_to_right() {
        for locale in Locale::ALL {
            let expected = matches!(locale, Locale::Ar | Locale::Fa);
            assert_eq!(locale.dir() == Direction::Rtl, expected, "{locale:?}");
        }
    }

    #[test]
    fn easy_to_read_swedish_is_still_swedish_to_the_browser() {
        assert_eq!(Locale::Lattlast.html_lang(), "sv");
        assert_eq!(Locale::Ti.html_lang(), "ti");
    }

    #[test]
    fn negotiation_picks_the_best_supported_language() {
        let cases = [
            ("", Locale::Sv, "empty header falls back to Swedish"),
            (
                "de-DE,de;q=0.9",
                Locale::Sv,
                "unsupported languages fall back to Swedish",
            ),
            (
                "ar-SE,ar;q=0.9,sv;q=0.8",
                Locale::Ar,
                "region subtags are ignored",
            ),
            (
                "de,en;q=0.5,sv;q=0.7",
                Locale::Sv,
                "quality decides between supported ones",
            ),
            ("prs", Locale::Fa, "Dari readers get Persian"),
            ("fa-AF", Locale::Fa, "Afghan Persian gets Persian"),
            (
                "so;q=0.9,ti",
                Locale::Ti,
                "a higher default quality wins over an earlier tag",
            ),
            ("en;q=0,so", Locale::So, "q=0 means not acceptable"),
            ("en, sv", Locale::En, "ties keep the header's order"),
            ("*;q=0.1,,,;;q=x", Locale::Sv, "garbage does not panic"),
        ];
        for (header, expected, why) in cases {
            assert_eq!(Locale::negotiate(header), expected, "{why}: {header:?}");
        }
    }
}
