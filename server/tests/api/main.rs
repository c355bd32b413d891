//! API tests: one binary, one fresh app per test.

mod foundation;
mod helpers;
mod pages;
