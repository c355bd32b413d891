//! Widgets shared by pages.

pub mod error_summary;
pub mod form;
pub mod language_combobox;
pub mod layout;
pub mod municipality;
