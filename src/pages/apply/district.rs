//! The interest form's optional district question ("Område (om du vet)", step 1 after the town):
//! a select of the municipality's active districts, asked only when it names any. The list is
//! fetched once per page (`GET /api/districts`) and kept for the check page, which shows the
//! chosen district by name.

use std::cell::RefCell;

use kp_domain::district::DistrictChoice;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::questions::Answers;
use crate::api;
use crate::components::form::SelectField;

thread_local! {
    /// The active districts, once fetched (`None`: not yet).
    static DISTRICTS: RefCell<Option<Vec<DistrictChoice>>> = const { RefCell::new(None) };
}

/// The chosen district's name (`district` as the form holds it: an id, or empty), from the list
/// fetched for the question; `None` for none chosen or a list not fetched.
pub fn chosen_name(district: &str) -> Option<String> {
    let id: i64 = district.trim().parse().ok()?;
    DISTRICTS.with(|d| {
        d.borrow()
            .as_ref()?
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.name.clone())
    })
}

/// The question, or nothing while the list is fetched and when the municipality names no
/// districts. A failed fetch leaves the question out: it is optional, and the postcode decides.
pub fn district_question(a: Answers) -> impl IntoView {
    let t = a.t;
    let list = RwSignal::new(DISTRICTS.with(|d| d.borrow().clone()));
    if list.get_untracked().is_none() {
        spawn_local(async move {
            if let Ok(found) = api::districts().await {
                DISTRICTS.with(|d| *d.borrow_mut() = Some(found.clone()));
                list.set(Some(found));
            }
        });
    }
    let form = a.form;
    let errors = a.errors;
    let cx = a.cx;
    move || {
        let options: Vec<(String, String)> = list
            .get()
            .unwrap_or_default()
            .into_iter()
            .map(|d| (d.id.to_string(), d.name))
            .collect();
        (!options.is_empty()).then(|| {
            view! {
                <SelectField field="district" label=t.district hint=t.district_hint none=t.district_none
                    options=options
                    value=Signal::derive(move || form.with(|f| f.district.clone()))
                    on_change=Callback::new(move |v: String| form.update(|f| f.district = v))
                    error=Signal::derive(move || errors.with(|e| super::questions::message_for(t, e, "district")))
                    cx=cx/>
            }
        })
    }
}
