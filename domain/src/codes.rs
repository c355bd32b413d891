//! Stored codes read back: a code the program does not know is an error that names the kind and
//! the code, never a silent default. The store decodes rows through these (`TryFrom<String>`).

use std::fmt;

/// A stored code that is not one of its kind's codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCode {
    /// What kind of code (`stage`, `frequency`, …).
    pub kind: &'static str,
    /// The code as stored.
    pub code: String,
}

impl fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown {} code {:?}", self.kind, self.code)
    }
}

impl std::error::Error for UnknownCode {}

/// `TryFrom<String>` and `TryFrom<&str>` through a type's `from_code`.
macro_rules! stored_code {
    ($($ty:ty => $kind:literal),* $(,)?) => {$(
        impl TryFrom<String> for $ty {
            type Error = UnknownCode;
            fn try_from(code: String) -> Result<Self, UnknownCode> {
                <$ty>::from_code(&code).ok_or(UnknownCode { kind: $kind, code })
            }
        }
        impl TryFrom<&str> for $ty {
            type Error = UnknownCode;
            fn try_from(code: &str) -> Result<Self, UnknownCode> {
                <$ty>::from_code(code).ok_or_else(|| UnknownCode { kind: $kind, code: code.into() })
            }
        }
    )*};
}

stored_code! {
    crate::pipeline::Stage => "stage",
    crate::compensation::Frequency => "frequency",
    crate::placement::NeedStatus => "need status",
    crate::locale::Locale => "locale",
    crate::caseworker::Role => "role",
    crate::retention::Category => "retention category",
    crate::retention::Unit => "retention unit",
    crate::retention::report::StartedBy => "gallring run",
    crate::erasure::Ground => "erasure ground",
}

#[cfg(test)]
mod tests {
    use crate::pipeline::Stage;

    #[test]
    fn a_known_code_reads_back_as_its_value() {
        assert_eq!(Stage::try_from("approved".to_string()), Ok(Stage::Approved));
    }

    #[test]
    fn an_unknown_code_is_an_error_naming_kind_and_code() {
        let error = Stage::try_from("aproved").unwrap_err();
        assert_eq!(error.to_string(), "unknown stage code \"aproved\"");
    }
}
