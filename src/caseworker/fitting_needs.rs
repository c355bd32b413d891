//! What comes after an approval: on an approved contact person's page, the open needs they are
//! approved for, best fit first, scored as the need's own ranking scores them, each one click
//! from choosing them (`/handlaggare/behov/B-…?kontaktperson=KP-…` opens the choice).

use kp_domain::matching::FittingNeed;
use kp_domain::purpose::Purpose;
use leptos::prelude::*;

use super::placement_text as words;
use super::routes::CaseworkerRoute;
use super::text;
use crate::api;

/// The link that opens the need with the choice of `person` already open.
pub fn choose_href(need: &str, person: &str) -> String {
    CaseworkerRoute::need(need)
        .query("kontaktperson", person)
        .href()
}

/// The section "Behov som passar": loads with the page, says so when no need waits.
#[component]
pub fn FittingNeeds(reference: String, name: String) -> impl IntoView {
    let needs = {
        let reference = reference.clone();
        api::load(move || {
            let reference = reference.clone();
            async move { api::fitting_needs(&reference, Purpose::ApplicantPage).await }
        })
    };
    let person = StoredValue::new((reference, name));
    view! {
        <section aria-labelledby="fitting-heading" class="fitting-needs">
            <h2 id="fitting-heading">"Behov som passar"</h2>
            <p class="hint">"Öppna behov som personen är godkänd för, den som passar bäst först. Poängen räknas som i behovets matchning."</p>
            <Transition fallback=|| view! { <p class="status" role="status">"Söker behov …"</p> }>
                {move || Suspend::new(async move {
                    match needs.await {
                        Err(_) => view! { <p class="status" role="alert">"Behoven kunde inte hämtas. Ladda om sidan för att försöka igen."</p> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <p>"Inget öppet behov väntar på en kontaktperson av den här typen just nu."</p> }.into_any(),
                        Ok(list) => view! {
                            <ol class="matches">
                                {list.into_iter().map(|n| fitting_need(n, person)).collect_view()}
                            </ol>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

fn fitting_need(n: FittingNeed, person: StoredValue<(String, String)>) -> impl IntoView {
    let (reference, name) = person.get_value();
    let strengths: Vec<String> = n
        .reasons
        .iter()
        .filter(|r| r.positive())
        .map(words::reason_text)
        .collect();
    view! {
        <li class="match">
            <div class="match-head">
                <h3>
                    <a class="ref-code" href=CaseworkerRoute::need(&n.need_reference).href()>{n.need_reference.clone()}</a>
                    " "{text::assignment_type_name(&n.assignment_type)}
                </h3>
                <span class="score">{format!("{} poäng", n.score)}</span>
            </div>
            {(!strengths.is_empty()).then(|| view! { <p>{strengths.join(", ")}</p> })}
            <a class="button button-secondary button-small" href=choose_href(&n.need_reference, &reference)>
                {format!("Välj {name} för {}", n.need_reference)}
            </a>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::choose_href;

    #[test]
    fn the_choice_link_names_the_need_and_the_person() {
        assert_eq!(
            choose_href("B-2026-0003", "KP-2026-0042"),
            "/handlaggare/behov/B-2026-0003?kontaktperson=KP-2026-0042"
        );
    }
}
