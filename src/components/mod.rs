//! Widgets shared by pages.

pub mod form;
pub mod language_combobox;
pub mod layout;
pub mod municipality;
