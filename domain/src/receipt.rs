//! Receipts for a monthly report's extra costs (issue 15): a photo or PDF of the receipt that the
//! contact person uploads while the month's report is theirs to change, and that only they and the
//! social services' caseworkers can read. Pure rules: what a receipt may be (JPEG, PNG or PDF as
//! its first bytes say, and as its sender declared; not empty; at most [`MAX_RECEIPT_BYTES`]), the
//! name it is shown and downloaded under, which of a report's costs name a receipt the report does
//! not have, and the words for the refusals in every locale. The server stores the bytes.
//!
//! Routes (the server's route list; each read, upload and deletion is in the access log):
//! - `POST /api/contact/assignments/{id}/reports/{month}/receipts?name=<file name>`, the body the
//!   file's bytes and `Content-Type` its type → 201 [`Receipt`]. Only where the municipality pays
//!   extra costs (else 404), for a month the report is still the contact person's to change (else
//!   409 `report_locked`). Refusals: 400 `receipt_empty`, 413 `receipt_too_large`, 415
//!   `receipt_type`, 409 `too_many_receipts` ([`MAX_RECEIPTS_PER_REPORT`]).
//! - `GET …/receipts/{receipt}` → the file; `DELETE …/receipts/{receipt}` → 204 (409
//!   `report_locked` once sent). Another person's receipt, or one of another month, is 404.
//! - caseworker: `GET /api/assignments/{id}/reports/{month}/receipts/{receipt}` → the file.
//! - A report's receipts are listed in its `StoredReport::receipts`; sending a report whose cost
//!   names a receipt the month does not have is 422 with `costs[i].receipt` `receipt_unknown`.

use serde::{Deserialize, Serialize};

use crate::api::FieldError;
use crate::monthly_report::MonthlyReport;
use crate::Locale;

/// The largest receipt accepted, in bytes (5 MiB: a phone's photo of a receipt, or a scanned PDF).
pub const MAX_RECEIPT_BYTES: usize = 5 * 1024 * 1024;
/// Most receipts one month's report may hold: one per cost.
pub const MAX_RECEIPTS_PER_REPORT: usize = crate::monthly_report::MAX_COSTS;
/// Longest name a receipt is shown under, in characters.
pub const MAX_NAME_CHARS: usize = 100;

/// The codes of a refused receipt, as the error envelope carries them: the one of an upload
/// (`receipt_empty`, `receipt_too_large`, `receipt_type`, `too_many_receipts`) and the field
/// code of a cost whose receipt is not the report's (`receipt_unknown`).
pub const RECEIPT_CODES: [&str; 5] = [
    "receipt_empty",
    "receipt_too_large",
    "receipt_type",
    "too_many_receipts",
    "receipt_unknown",
];

/// What a receipt may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReceiptType {
    /// A photo, JPEG.
    Jpeg,
    /// A picture, PNG (a screenshot of an e-receipt).
    Png,
    /// A PDF (an e-mailed receipt).
    Pdf,
}

impl ReceiptType {
    /// Every accepted type.
    pub const ALL: [ReceiptType; 3] = [ReceiptType::Jpeg, ReceiptType::Png, ReceiptType::Pdf];

    /// The media type it is stored and served with.
    pub fn media_type(self) -> &'static str {
        match self {
            ReceiptType::Jpeg => "image/jpeg",
            ReceiptType::Png => "image/png",
            ReceiptType::Pdf => "application/pdf",
        }
    }

    /// The extension a file of this type is named with.
    pub fn extension(self) -> &'static str {
        match self {
            ReceiptType::Jpeg => "jpg",
            ReceiptType::Png => "png",
            ReceiptType::Pdf => "pdf",
        }
    }

    fn extensions(self) -> &'static [&'static str] {
        match self {
            ReceiptType::Jpeg => &["jpg", "jpeg"],
            ReceiptType::Png => &["png"],
            ReceiptType::Pdf => &["pdf"],
        }
    }

    /// The type a `Content-Type` declares (parameters and case ignored; `image/jpg`, which some
    /// clients send, is JPEG).
    pub fn declared(content_type: &str) -> Option<ReceiptType> {
        let essence = content_type
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        match essence.as_str() {
            "image/jpg" => Some(ReceiptType::Jpeg),
            other => ReceiptType::ALL
                .into_iter()
                .find(|t| t.media_type() == other),
        }
    }

    /// The type a file's first bytes show (its magic number), whatever it is called.
    pub fn sniff(bytes: &[u8]) -> Option<ReceiptType> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(ReceiptType::Jpeg)
        } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
            Some(ReceiptType::Png)
        } else if bytes.starts_with(b"%PDF-") {
            Some(ReceiptType::Pdf)
        } else {
            None
        }
    }
}

/// Why an upload is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReceiptRefusal {
    /// No bytes.
    Empty,
    /// More than [`MAX_RECEIPT_BYTES`].
    TooLarge,
    /// Not a JPEG, PNG or PDF by its bytes, or not what its sender declared it to be.
    Type,
}

impl ReceiptRefusal {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            ReceiptRefusal::Empty => "receipt_empty",
            ReceiptRefusal::TooLarge => "receipt_too_large",
            ReceiptRefusal::Type => "receipt_type",
        }
    }
}

/// An upload that may be stored: its type and the name it is shown under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidReceipt {
    /// The type its bytes and its declaration agree on.
    pub kind: ReceiptType,
    /// The name, made safe ([`display_name`]).
    pub name: String,
}

/// Checks an upload: `declared` is its `Content-Type`, `name` the file name it came with. Empty,
/// too large, and a type the bytes do not show or that differs from the declared one (a text
/// file called `kvitto.pdf` sent as `application/pdf`) are refused.
pub fn check_receipt(
    declared: Option<&str>,
    name: Option<&str>,
    bytes: &[u8],
) -> Result<ValidReceipt, ReceiptRefusal> {
    check_size(bytes.len() as u64)?;
    let kind = ReceiptType::sniff(bytes).ok_or(ReceiptRefusal::Type)?;
    if declared.and_then(ReceiptType::declared) != Some(kind) {
        return Err(ReceiptRefusal::Type);
    }
    Ok(ValidReceipt {
        kind,
        name: display_name(name, kind),
    })
}

/// Checks a file's size alone, before its bytes are read (the contact area checks a chosen file
/// this way first): empty and more than [`MAX_RECEIPT_BYTES`] are refused.
pub fn check_size(size: u64) -> Result<(), ReceiptRefusal> {
    if size == 0 {
        Err(ReceiptRefusal::Empty)
    } else if size > MAX_RECEIPT_BYTES as u64 {
        Err(ReceiptRefusal::TooLarge)
    } else {
        Ok(())
    }
}

/// Whole kilobytes a receipt of `size` bytes is shown as (rounded up: a small file is 1, not 0).
pub fn size_kb(size: u64) -> u64 {
    size.div_ceil(1024)
}

/// Characters that change how the text around them is shown (direction overrides, zero-width
/// characters): a name like `kvitto\u{202E}gpj.exe` must not read as something else.
fn invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// The name a receipt is shown and downloaded under: the file name without any folder, without
/// control, invisible or path characters, spaces collapsed, no leading dot, at most
/// [`MAX_NAME_CHARS`] characters, ending in an extension of its type (`kvitto` when nothing is
/// left).
pub fn display_name(given: Option<&str>, kind: ReceiptType) -> String {
    let last = given.unwrap_or("").rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .chars()
        .filter(|c| !invisible(*c))
        .map(|c| {
            if c.is_control() || "<>:\"|?*".contains(c) {
                ' '
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    let cleaned = cleaned
        .trim_start_matches(['.', ' '])
        .trim_end_matches(['.', ' ']);
    let (stem, extension) = match cleaned.rsplit_once('.') {
        Some((stem, ext)) if kind.extensions().contains(&ext.to_lowercase().as_str()) => {
            (stem.trim_end_matches(['.', ' ']), ext.to_lowercase())
        }
        _ => (cleaned, kind.extension().to_string()),
    };
    let room = MAX_NAME_CHARS - extension.len() - 1;
    let stem: String = stem.chars().take(room).collect();
    let stem = stem.trim_end_matches(['.', ' ']);
    let stem = if stem.is_empty() { "kvitto" } else { stem };
    format!("{stem}.{extension}")
}

/// A stored receipt, as a report lists it (never its bytes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// Its id: a random token, what a cost's `receipt` names and an address ends in.
    pub id: String,
    /// The name it is shown under ([`display_name`]).
    pub name: String,
    /// Its media type (`image/jpeg`, `image/png`, `application/pdf`).
    pub content_type: String,
    /// Its size in bytes.
    pub size: u64,
    /// When it was uploaded (RFC 3339).
    pub uploaded_at: String,
}

/// The costs of `report` whose receipt is not one of `known` (the month's receipts): each a
/// `costs[i].receipt` `receipt_unknown`. A cost without a receipt is [`crate::monthly_report`]'s
/// to refuse.
pub fn unknown_receipts(report: &MonthlyReport, known: &[String]) -> Vec<FieldError> {
    report
        .costs
        .iter()
        .enumerate()
        .filter_map(|(i, cost)| {
            let id = cost.receipt.as_deref()?.trim();
            (!id.is_empty() && !known.iter().any(|k| k == id)).then(|| FieldError {
                field: format!("costs[{i}].receipt"),
                code: "receipt_unknown".into(),
            })
        })
        .collect()
}

/// A refusal's words in `locale`, for one of [`RECEIPT_CODES`]; `None` for any other code.
pub fn refusal_text(locale: Locale, code: &str) -> Option<&'static str> {
    let index = RECEIPT_CODES.iter().position(|c| *c == code)?;
    let texts: [&'static str; 5] = match locale {
        Locale::Sv => [
            "Filen är tom. Välj bilden eller pdf-filen med kvittot igen.",
            "Filen är för stor. Ett kvitto får vara högst 5 MB.",
            "Kvittot måste vara en bild i JPEG- eller PNG-format eller en pdf-fil.",
            "Du kan inte lägga till fler kvitton för den här månaden. Ta bort ett kvitto du inte behöver.",
            "Kvittot finns inte längre. Ladda upp det igen.",
        ],
        Locale::Lattlast => [
            "Filen är tom. Välj kvittot en gång till.",
            "Filen är för stor. Kvittot får vara högst 5 MB.",
            "Kvittot måste vara en bild (JPEG eller PNG) eller en pdf.",
            "Du har för många kvitton den här månaden. Ta bort ett kvitto först.",
            "Kvittot finns inte. Ladda upp kvittot igen.",
        ],
        Locale::En => [
            "The file is empty. Choose the picture or PDF of the receipt again.",
            "The file is too large. A receipt can be at most 5 MB.",
            "The receipt must be a JPEG or PNG picture or a PDF file.",
            "You cannot add more receipts for this month. Remove a receipt you do not need.",
            "The receipt is no longer there. Upload it again.",
        ],
        Locale::Ar => [
            "الملف فارغ. اختر صورة الإيصال أو ملف PDF مرة أخرى.",
            "الملف كبير جدًا. يجب ألا يزيد حجم الإيصال عن 5 ميغابايت.",
            "يجب أن يكون الإيصال صورة بصيغة JPEG أو PNG أو ملف PDF.",
            "لا يمكنك إضافة المزيد من الإيصالات لهذا الشهر. احذف إيصالًا لا تحتاج إليه.",
            "الإيصال لم يعد موجودًا. ارفعه مرة أخرى.",
        ],
        Locale::Fa => [
            "فایل خالی است. عکس یا فایل PDF رسید را دوباره انتخاب کنید.",
            "فایل خیلی بزرگ است. حجم رسید حداکثر می‌تواند ۵ مگابایت باشد.",
            "رسید باید یک عکس با فرمت JPEG یا PNG یا یک فایل PDF باشد.",
            "نمی‌توانید برای این ماه رسید بیشتری اضافه کنید. رسیدی را که لازم ندارید حذف کنید.",
            "رسید دیگر وجود ندارد. آن را دوباره بارگذاری کنید.",
        ],
        Locale::So => [
            "Faylku waa madhan yahay. Mar kale dooro sawirka ama faylka PDF-ka ee rasiidka.",
            "Faylku aad buu u weyn yahay. Rasiidku waa inuusan ka badnaan 5 MB.",
            "Rasiidku waa inuu noqdaa sawir JPEG ama PNG ah ama fayl PDF ah.",
            "Bishan rasiidyo kale kuma dari kartid. Ka saar rasiid aadan u baahnayn.",
            "Rasiidku mar dambe ma jiro. Mar kale soo geli.",
        ],
        Locale::Ti => [
            "እቲ ፋይል ባዶ እዩ። ስእሊ ወይ PDF ናይቲ ቅብሊት እንደገና ምረጹ።",
            "እቲ ፋይል ኣዝዩ ዓቢ እዩ። ቅብሊት ካብ 5 MB ክበዝሕ የብሉን።",
            "እቲ ቅብሊት ስእሊ JPEG ወይ PNG ወይ ድማ ፋይል PDF ክኸውን ኣለዎ።",
            "ነዚ ወርሒ ተወሳኺ ቅብሊት ክትውስኹ ኣይትኽእሉን ኢኹም። ዘየድልየኩም ቅብሊት ኣልግሱ።",
            "እቲ ቅብሊት የለን። እንደገና ኣጽዕኑዎ።",
        ],
    };
    Some(texts[index])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::monthly_report::ExtraCost;

    const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F'];
    const PNG: &[u8] = &[
        0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D,
    ];
    const PDF: &[u8] = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n";

    #[test]
    fn a_jpeg_a_png_and_a_pdf_are_known_by_their_first_bytes_and_kept_with_their_declared_type() {
        for (bytes, declared, kind) in [
            (JPEG, "image/jpeg", ReceiptType::Jpeg),
            (JPEG, "image/jpg", ReceiptType::Jpeg),
            (PNG, "image/png", ReceiptType::Png),
            (PDF, "application/pdf", ReceiptType::Pdf),
            (PDF, "Application/PDF; charset=binary", ReceiptType::Pdf),
        ] {
            let valid = check_receipt(Some(declared), Some("kvitto"), bytes).expect(declared);
            assert_eq!(valid.kind, kind, "{declared}");
            assert_eq!(valid.name, format!("kvitto.{}", kind.extension()));
        }
    }

    #[test]
    fn a_file_that_claims_to_be_a_pdf_but_is_not_is_refused_and_so_is_a_type_that_disagrees() {
        let cases: [(&[u8], Option<&str>, &str); 6] = [
            (
                b"Hej, det h\xC3\xA4r \xC3\xA4r text",
                Some("application/pdf"),
                "text called a PDF",
            ),
            (
                b"<html><script>alert(1)</script>",
                Some("image/png"),
                "HTML called a PNG",
            ),
            (PNG, Some("image/jpeg"), "a PNG declared as JPEG"),
            (
                PDF,
                Some("image/svg+xml"),
                "a declared type that is never accepted",
            ),
            (JPEG, None, "no declared type"),
            (b"GIF89a\x01\x00", Some("image/gif"), "a GIF"),
        ];
        for (bytes, declared, why) in cases {
            assert_eq!(
                check_receipt(declared, Some("kvitto.pdf"), bytes),
                Err(ReceiptRefusal::Type),
                "{why}"
            );
        }
        assert_eq!(ReceiptRefusal::Type.code(), "receipt_type");
    }

    #[test]
    fn an_empty_file_and_one_byte_over_the_limit_are_refused_and_the_limit_itself_is_accepted() {
        assert_eq!(
            check_receipt(Some("image/png"), None, &[]),
            Err(ReceiptRefusal::Empty)
        );
        let mut at_limit = PDF.to_vec();
        at_limit.resize(MAX_RECEIPT_BYTES, b' ');
        assert!(check_receipt(Some("application/pdf"), None, &at_limit).is_ok());
        at_limit.push(b' ');
        assert_eq!(
            check_receipt(Some("application/pdf"), None, &at_limit),
            Err(ReceiptRefusal::TooLarge)
        );
        assert_eq!(ReceiptRefusal::TooLarge.code(), "receipt_too_large");
        assert_eq!(check_size(0), Err(ReceiptRefusal::Empty));
        assert_eq!(check_size(MAX_RECEIPT_BYTES as u64), Ok(()));
        assert_eq!(
            check_size(MAX_RECEIPT_BYTES as u64 + 1),
            Err(ReceiptRefusal::TooLarge)
        );
        assert_eq!((size_kb(1), size_kb(1024), size_kb(1025)), (1, 1, 2));
        assert_eq!(ReceiptRefusal::Empty.code(), "receipt_empty");
    }

    #[test]
    fn a_name_loses_its_folder_and_every_character_that_could_mislead_and_ends_in_its_types_extension(
    ) {
        let cases = [
            (
                Some("Kvitto bowling.JPG"),
                ReceiptType::Jpeg,
                "Kvitto bowling.jpg",
            ),
            (Some("bild.jpeg"), ReceiptType::Jpeg, "bild.jpeg"),
            (
                Some("C:\\Users\\Hodan\\kvitto.png"),
                ReceiptType::Png,
                "kvitto.png",
            ),
            (Some("../../etc/passwd"), ReceiptType::Pdf, "passwd.pdf"),
            (
                Some("kvitto\u{202E}fdp.exe"),
                ReceiptType::Pdf,
                "kvittofdp.exe.pdf",
            ),
            (
                Some("a\"b<c>\n\td|e?.pdf"),
                ReceiptType::Pdf,
                "a b c d e.pdf",
            ),
            (Some("...dolt.pdf"), ReceiptType::Pdf, "dolt.pdf"),
            (Some("kvitto.pdf"), ReceiptType::Jpeg, "kvitto.pdf.jpg"),
            (
                Some("Fika på Café Ängen.png"),
                ReceiptType::Png,
                "Fika på Café Ängen.png",
            ),
            (Some("   "), ReceiptType::Png, "kvitto.png"),
            (Some(".pdf"), ReceiptType::Pdf, "pdf.pdf"),
            (None, ReceiptType::Jpeg, "kvitto.jpg"),
        ];
        for (given, kind, expected) in cases {
            assert_eq!(display_name(given, kind), expected, "{given:?}");
        }
        let long = format!("{}.pdf", "å".repeat(300));
        let name = display_name(Some(&long), ReceiptType::Pdf);
        assert_eq!(name.chars().count(), MAX_NAME_CHARS);
        assert!(name.ends_with("åå.pdf"), "{name}");
    }

    #[test]
    fn a_cost_naming_a_receipt_the_month_does_not_have_is_refused_by_its_field() {
        let cost = |receipt: Option<&str>| ExtraCost {
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 3).unwrap(),
            description: "Bowling".into(),
            amount_ore: 24_000,
            receipt: receipt.map(str::to_string),
        };
        let report = MonthlyReport {
            costs: vec![cost(Some("abc")), cost(Some("annans")), cost(None)],
            ..MonthlyReport::default()
        };
        let refused = unknown_receipts(&report, &["abc".to_string()]);
        assert_eq!(
            refused,
            [FieldError {
                field: "costs[1].receipt".into(),
                code: "receipt_unknown".into()
            }]
        );
        assert!(unknown_receipts(&MonthlyReport::default(), &[]).is_empty());
    }

    #[test]
    fn every_receipt_code_is_worded_in_every_locale_and_no_other_code_is() {
        for locale in Locale::ALL {
            for code in RECEIPT_CODES {
                let text = refusal_text(locale, code).unwrap_or_default();
                assert!(text.len() > 10, "{locale:?} {code}");
            }
            assert_eq!(refusal_text(locale, "report_locked"), None);
        }
        assert!(refusal_text(Locale::Sv, "receipt_too_large")
            .unwrap()
            .contains("5 MB"));
    }
}
