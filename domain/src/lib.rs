//! Kontaktperson's domain: the types both the SPA and the server speak, the validation rules and
//! (in later modules) the pipeline rules and the compensation maths.
//!
//! Architecture invariant: this crate does no I/O. It depends on serde and chrono only, builds for
//! `wasm32-unknown-unknown` and for the host, and every function in it is a plain function that a
//! native `#[test]` can cover.

pub mod account_forms;
pub mod agreement;
pub mod api;
pub mod application;
pub mod assignment;
pub mod caseworker;
pub mod codes;
pub mod collation;
pub mod compensation;
pub mod contact_area;
pub mod contact_pages;
pub mod contact_text;
pub mod correction;
pub mod district;
pub mod erasure;
pub mod extract;
pub mod form_steps;
pub mod form_text;
pub mod i18n;
pub mod locale;
pub mod matching;
pub mod messages;
pub mod monthly_report;
pub mod need;
pub mod pages;
pub mod personnummer;
pub mod phone;
pub mod pipeline;
pub mod placement;
pub mod purpose;
pub mod receipt;
pub mod report_reminder;
pub mod reports;
pub mod retention;
pub mod second_factor;
pub mod security;
pub mod single_sign_on;
pub mod text_table;
pub mod time;

pub use locale::Locale;
pub use pages::{PublicPage, Route};
