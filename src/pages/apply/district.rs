//! The interest form's optional district question ("Område (om du vet)", step 1 after the town):
//! a select of the municipality's active districts, asked only when it names any. The list comes
//! with the page (`kp_domain::district::EMBEDDED_ID`, read once), so the question is there when
//! the step is drawn instead of appearing after a request; the check page shows the chosen
//! district by name from the same list.

use kp_domain::district::DistrictChoice;
use leptos::prelude::*;

use super::FormState;
use crate::components::form::SelectField;
use crate::dom;

thread_local! {
    /// The active districts the server sent with the page (none when it sent none, or could not
    /// read them: the question is optional, and the postcode decides).
    static DISTRICTS: Vec<DistrictChoice> = dom::take_embedded_json(kp_domain::district::EMBEDDED_ID)
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default();
}

/// The chosen district's name (`district` as the form holds it: an id, or empty), from the
/// page's list; `None` for none chosen or one not in the list.
pub fn chosen_name(district: &str) -> Option<String> {
    let id: i64 = district.trim().parse().ok()?;
    DISTRICTS.with(|d| d.iter().find(|c| c.id == id).map(|c| c.name.clone()))
}

/// The question, or nothing when the municipality names no districts.
pub fn district_question(a: FormState) -> impl IntoView {
    let t = a.t;
    let options: Vec<(String, String)> = DISTRICTS.with(|d| {
        d.iter()
            .map(|c| (c.id.to_string(), c.name.clone()))
            .collect()
    });
    let form = a.form;
    let errors = a.errors;
    let cx = a.cx;
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
