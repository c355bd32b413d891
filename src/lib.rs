//! The Kontaktperson SPA as a library with two entry points (two wasm bundles, built by Trunk):
//!
//! - `src/main.rs` → the public site (`index.html`): information pages and the interest form;
//! - `src/bin/handlaggare.rs` → the caseworker area (`handlaggare.html`, served under
//!   `/handlaggare/`).
//!
//! Each binary's wasm holds only what its `main` reaches (LTO and wasm-opt drop the rest), so a
//! public visitor never downloads the caseworker code. `BENCHMARKS.md` measures both.

pub mod api;
pub mod app;
pub mod caseworker;
pub mod components;
pub mod dom;
pub mod draft;
pub mod pages;
