//! The Kontaktperson SPA as a library with two entry points (two wasm bundles, built by Trunk):
//!
//! - `src/main.rs` → the public site (`index.html`): information pages and the interest form;
//! - `src/bin/handlaggare.rs` → the caseworker area (`handlaggare.html`, served under
//!   `/handlaggare/`);
//! - `src/bin/mina_sidor.rs` → the contact person's area (`mina-sidor.html`, served under
//!   `/mina-sidor/`, shown at `/sv/mina-sidor` and each locale's address).
//!
//! Each binary's wasm holds only what its `main` reaches (LTO and wasm-opt drop the rest), so a
//! public visitor never downloads the caseworker code. `BENCHMARKS.md` measures both.

pub mod api;
pub mod app;
pub mod caseworker;
pub mod components;
pub mod contact;
pub mod dom;
pub mod draft;
pub mod pages;
