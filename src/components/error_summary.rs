//! The one error summary every form in the SPA leads with when something is wrong (GOV.UK style):
//! an alert that takes focus, with a heading, what the server refused (a sentence not tied to a
//! field) and a link per field problem that moves focus to the field. It words nothing itself:
//! the caseworker screens hand it Swedish, the contact area and the interest form their reader's
//! language.

use leptos::prelude::*;

use crate::components::form::Bidi;
use crate::dom::focus_soon;

/// A problem the summary links to: the id of the control its link moves focus to, and its message.
pub type SummaryProblem = (String, String);

/// Whether there is anything to sum up: a field problem or a refusal.
pub fn has_anything(problems: &[SummaryProblem], refusal: Option<&str>) -> bool {
    !problems.is_empty() || refusal.is_some()
}

/// The link to a control: `#` and its id.
pub fn link_to(target: &str) -> String {
    format!("#{target}")
}

/// The error summary: nothing while there are neither `problems` nor a `refusal`.
#[component]
pub fn ErrorSummary(
    /// The container's id (focus code and tests find the summary by it).
    #[prop(into)]
    id: String,
    /// The heading's text.
    #[prop(into)]
    title: String,
    /// An `h3` (the summary sits in a section under an `h2`) rather than an `h2`.
    #[prop(optional)]
    subsection: bool,
    /// When given, the heading's id, and the container is labelled by the heading.
    #[prop(optional, into)]
    heading_id: Option<String>,
    /// What the server refused that is not tied to a field.
    #[prop(optional, into)]
    refusal: Signal<Option<String>>,
    /// Each field problem as (the id of its control, its message).
    #[prop(optional, into)]
    problems: Signal<Vec<SummaryProblem>>,
    /// The page reads right to left: keep numbers and addresses in the messages readable.
    #[prop(optional)]
    rtl: bool,
) -> impl IntoView {
    move || {
        let found = problems.get();
        let refused = refusal.get();
        has_anything(&found, refused.as_deref()).then(|| {
            let title = title.clone();
            let heading = if subsection {
                view! { <h3 id=heading_id.clone() class="error-summary-title">{title}</h3> }.into_any()
            } else {
                view! { <h2 id=heading_id.clone() class="error-summary-title">{title}</h2> }.into_any()
            };
            view! {
                <div class="error-summary" id=id.clone() tabindex="-1" role="alert" aria-labelledby=heading_id.clone()>
                    {heading}
                    {refused.map(|m| view! { <p><Bidi text=m rtl=rtl/></p> })}
                    {(!found.is_empty()).then(|| view! {
                        <ul class="error-summary-list">
                            {found.into_iter().map(|(target, message)| {
                                let href = link_to(&target);
                                view! {
                                    <li><a href=href on:click=move |ev| { ev.prevent_default(); focus_soon(target.clone()); }>
                                        <Bidi text=message rtl=rtl/>
                                    </a></li>
                                }
                            }).collect_view()}
                        </ul>
                    })}
                </div>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_shows_when_a_field_has_a_problem_or_the_server_refused() {
        let problem = vec![("f-email".to_string(), "Skriv e-postadressen".to_string())];
        assert!(has_anything(&problem, None));
        assert!(has_anything(&[], Some("Kontot är låst.")));
        assert!(has_anything(&problem, Some("Kontot är låst.")));
    }

    #[test]
    fn the_summary_is_not_drawn_when_nothing_is_wrong() {
        assert!(!has_anything(&[], None));
    }

    #[test]
    fn a_problems_link_points_at_its_control() {
        assert_eq!(link_to("need-gender-girl"), "#need-gender-girl");
    }
}
