//! Widgets shared by pages.

pub mod layout;
