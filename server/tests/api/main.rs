//! API tests: one binary, one fresh app per test.

mod access;
mod access_log;
mod applicants;
mod applications;
mod backup;
mod compensation;
mod contact_area;
mod contact_eid;
mod contact_messages;
mod contact_reminders;
mod contact_reports;
mod districts;
mod erasure;
mod foundation;
mod hardening;
mod helpers;
mod mail;
mod oidc;
mod oidc_issuer;
mod pages;
mod person_rights;
mod placement;
mod processes;
mod report_payment;
mod retention;
mod second_factor;
