//! The applicant list: filters (stage, assignment type, language, caseworker), search, sort and
//! pages, all done by the server. The filters live in the address (`/handlaggare/sokande?stage=new`)
//! so a list can be bookmarked, shared with a colleague and reached with the back button.

use kp_domain::application::{ASSIGNMENT_TYPES, LANGUAGES};
use kp_domain::caseworker::ApplicantPage;
use kp_domain::i18n::format_number;
use kp_domain::pipeline::Stage;
use kp_domain::purpose::Purpose;
use kp_domain::time::display_in_sweden;
use kp_domain::Locale;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::routes::{Address, CaseworkerRoute};
use super::{text, RequireSignIn, Session};
use crate::api;

/// Rows per page.
pub const PER_PAGE: i64 = 50;

/// The list's filters, as in the address and the API's query string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery {
    /// Stage code.
    pub stage: String,
    /// Assignment type code.
    pub assignment_type: String,
    /// Language code.
    pub language: String,
    /// Caseworker id.
    pub assigned_to: String,
    /// Search text.
    pub q: String,
    /// `newest`, `oldest`, `name`, `stage`.
    pub sort: String,
    /// From 1.
    pub page: i64,
}

impl ListQuery {
    /// Reads the filters from a lookup (the address's query parameters).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> ListQuery {
        let text = |k: &str| get(k).map(|v| v.trim().to_string()).unwrap_or_default();
        ListQuery {
            stage: text("stage"),
            assignment_type: text("assignment_type"),
            language: text("language"),
            assigned_to: text("assigned_to"),
            q: text("q"),
            sort: text("sort"),
            page: text("page").parse::<i64>().unwrap_or(1).max(1),
        }
    }

    /// The list's address for these filters, leaving out empty filters and page 1.
    pub fn address(&self) -> Address {
        let page = if self.page > 1 {
            self.page.to_string()
        } else {
            String::new()
        };
        CaseworkerRoute::Applicants
            .query("stage", &self.stage)
            .query("assignment_type", &self.assignment_type)
            .query("language", &self.language)
            .query("assigned_to", &self.assigned_to)
            .query("q", &self.q)
            .query("sort", &self.sort)
            .query("page", page)
    }

    /// The query string (no `?`), as in the address.
    pub fn to_query(&self) -> String {
        self.address().query_string()
    }

    /// The list's address for these filters inside the router (`/sokande?stage=new`).
    pub fn path(&self) -> String {
        self.address().path()
    }

    /// The same filters on another page.
    pub fn on_page(&self, page: i64) -> ListQuery {
        ListQuery {
            page,
            ..self.clone()
        }
    }

    /// Whether any filter or search is set.
    pub fn is_filtered(&self) -> bool {
        !(self.stage.is_empty()
            && self.assignment_type.is_empty()
            && self.language.is_empty()
            && self.assigned_to.is_empty()
            && self.q.is_empty())
    }
}

/// "3 333 sökande", "1 sökande", "Minst 1 000 sökande" (a capped count).
pub fn count_text(total: i64, capped: bool) -> String {
    let n = format_number(Locale::Sv, total);
    if capped {
        format!("Fler än {n} sökande – begränsa med filter eller sökning")
    } else if total == 0 {
        "Inga sökande".to_string()
    } else {
        format!("{n} sökande")
    }
}

/// "Sida 2 av 67" (or "Sida 2" when the count was capped).
pub fn page_text(page: &ApplicantPage) -> String {
    let pages = (page.total + page.per_page - 1) / page.per_page.max(1);
    if page.total_capped {
        format!("Sida {}", page.page)
    } else {
        format!("Sida {} av {}", page.page, pages.max(1))
    }
}

fn has_next(page: &ApplicantPage) -> bool {
    page.total_capped || page.page * page.per_page < page.total
}

/// The applicant list page.
#[component]
pub fn ApplicantsPage() -> impl IntoView {
    view! { <RequireSignIn><ApplicantList/></RequireSignIn> }
}

#[component]
fn ApplicantList() -> impl IntoView {
    let Session(session) = expect_context::<Session>();
    let params = use_query_map();
    let query = Memo::new(move |_| ListQuery::from_lookup(|k| params.with(|p| p.get(k))));
    let navigate = use_navigate();
    let search = RwSignal::new(query.get_untracked().q);

    crate::dom::set_document_meta(
        Locale::Sv,
        &format!("Sökande – {}", text::PRODUCT),
        "Alla sökande, med filter och sökning",
    );
    let caseworkers = api::load(api::caseworkers);
    // Fetched whenever the address changes; the list shown is always the latest address's.
    let data = api::load_latest(
        move || query.get(),
        |q: ListQuery| async move {
            let query = format!("{}&per_page={PER_PAGE}", q.to_query());
            api::applicants(&query, Purpose::ApplicantList).await
        },
    );
    Effect::new(move |_| search.set(query.get().q));

    let go = {
        let navigate = navigate.clone();
        move |q: ListQuery| navigate(&q.path(), Default::default())
    };
    let set_filter = {
        let go = go.clone();
        move |apply: fn(&mut ListQuery, String)| {
            let go = go.clone();
            move |ev: leptos::ev::Event| {
                let mut q = query.get_untracked();
                apply(&mut q, event_target_value(&ev));
                q.page = 1;
                go(q);
            }
        }
    };
    let on_search = {
        let go = go.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let mut q = query.get_untracked();
            q.q = search.get_untracked().trim().to_string();
            q.page = 1;
            go(q);
        }
    };
    let clear = move |_| go(ListQuery::default());
    let me = move || session.get().flatten().map(|u| u.id);

    let selected = move |field: fn(&ListQuery) -> &String, value: &str| {
        let value = value.to_string();
        move || query.with(|q| *field(q) == value)
    };

    view! {
        <h1>"Sökande"</h1>
        <form class="filters" role="search" aria-label="Filtrera och sök sökande" on:submit=on_search>
            <div class="form-group">
                <label class="label" for="filter-q">"Sök"</label>
                <div class="hint" id="filter-q-hint">"Namn, referensnummer, personnummer, telefonnummer eller e-post"</div>
                <div class="search-row">
                    <input id="filter-q" class="input" type="search" aria-describedby="filter-q-hint" maxlength="100"
                        prop:value=move || search.get() on:input=move |ev| search.set(event_target_value(&ev))/>
                    <button type="submit" class="button">"Sök"</button>
                </div>
            </div>
            <div class="filter-row">
                <div class="form-group">
                    <label class="label" for="filter-stage">"Steg"</label>
                    <select id="filter-stage" class="select" on:change=set_filter(|q, v| q.stage = v)>
                        <option value="" selected=selected(|q| &q.stage, "")>"Alla steg"</option>
                        {Stage::ALL.into_iter().map(|s| view! {
                            <option value=s.code() selected=selected(|q| &q.stage, s.code())>{text::stage_name(s)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="form-group">
                    <label class="label" for="filter-type">"Uppdragstyp"</label>
                    <select id="filter-type" class="select" on:change=set_filter(|q, v| q.assignment_type = v)>
                        <option value="" selected=selected(|q| &q.assignment_type, "")>"Alla typer"</option>
                        {ASSIGNMENT_TYPES.into_iter().map(|t| view! {
                            <option value=t selected=selected(|q| &q.assignment_type, t)>{text::assignment_type_name(t)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="form-group">
                    <label class="label" for="filter-language">"Språk"</label>
                    <select id="filter-language" class="select" on:change=set_filter(|q, v| q.language = v)>
                        <option value="" selected=selected(|q| &q.language, "")>"Alla språk"</option>
                        {LANGUAGES.iter().map(|l| view! {
                            <option value=l.code selected=selected(|q| &q.language, l.code)>{l.swedish}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="form-group">
                    <label class="label" for="filter-caseworker">"Handläggare"</label>
                    <select id="filter-caseworker" class="select" on:change=set_filter(|q, v| q.assigned_to = v)>
                        <option value="" selected=selected(|q| &q.assigned_to, "")>"Alla handläggare"</option>
                        {move || me().map(|id| {
                            let id = id.to_string();
                            view! { <option value=id.clone() selected=selected(|q| &q.assigned_to, &id)>"Mina sökande"</option> }
                        })}
                        {move || caseworkers.get().and_then(Result::ok).unwrap_or_default().into_iter().filter(|c| Some(c.id) != me()).map(|c| {
                            let id = c.id.to_string();
                            view! { <option value=id.clone() selected=selected(|q| &q.assigned_to, &id)>{c.display_name}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="form-group">
                    <label class="label" for="filter-sort">"Sortera"</label>
                    <select id="filter-sort" class="select" on:change=set_filter(|q, v| q.sort = v)>
                        <option value="" selected=selected(|q| &q.sort, "")>"Senast inkomna först"</option>
                        <option value="oldest" selected=selected(|q| &q.sort, "oldest")>"Äldst först"</option>
                        <option value="name" selected=selected(|q| &q.sort, "name")>"Efternamn A–Ö"</option>
                        <option value="stage" selected=selected(|q| &q.sort, "stage")>"Steg"</option>
                    </select>
                </div>
            </div>
            {move || query.with(ListQuery::is_filtered).then(|| view! {
                <button type="button" class="button button-secondary button-small" on:click=clear.clone()>"Rensa filter och sökning"</button>
            })}
        </form>
        {move || match data.get() {
            None => view! { <p class="status" role="status">"Hämtar sökande …"</p> }.into_any(),
            Some(Err(_)) => view! {
                <p class="status" role="alert">"Listan kunde inte hämtas. Ladda om sidan för att försöka igen."</p>
            }.into_any(),
            Some(Ok(page)) => results(page, query.get_untracked()).into_any(),
        }}
    }
}

fn results(page: ApplicantPage, query: ListQuery) -> impl IntoView {
    let count = count_text(page.total, page.total_capped);
    let position = page_text(&page);
    let prev = (page.page > 1).then(|| query.on_page(page.page - 1).address().href());
    let next = has_next(&page).then(|| query.on_page(page.page + 1).address().href());
    let empty = page.rows.is_empty();
    view! {
        <p class="result-count" role="status" aria-live="polite">{count}</p>
        {(!empty).then(|| view! {
            <div class="table-scroll">
                <table class="dense applicants">
                    <caption class="visually-hidden">{format!("Sökande, {}", position.to_lowercase())}</caption>
                    <thead><tr>
                        <th scope="col">"Referens"</th>
                        <th scope="col">"Namn"</th>
                        <th scope="col">"Steg"</th>
                        <th scope="col">"Inkom"</th>
                        <th scope="col">"Språk"</th>
                        <th scope="col">"Uppdragstyper"</th>
                        <th scope="col">"Handläggare"</th>
                    </tr></thead>
                    <tbody>
                        {page.rows.into_iter().map(|r| {
                            let href = CaseworkerRoute::applicant(&r.reference).href();
                            let languages = r.languages.iter().map(|l| text::language_name(l)).collect::<Vec<_>>().join(", ");
                            let types = r.assignment_types.iter().map(|t| text::assignment_type_name(t)).collect::<Vec<_>>().join(", ");
                            view! {
                                <tr>
                                    <td class="ref-code"><a href=href.clone()>{r.reference}</a></td>
                                    <td><a href=href>{r.name}</a></td>
                                    <td>{text::stage_name(r.stage)}</td>
                                    <td class="nowrap">{display_in_sweden(&r.received_at).chars().take(10).collect::<String>()}</td>
                                    <td>{languages}</td>
                                    <td>{types}</td>
                                    <td>{r.assigned_to.unwrap_or_else(|| "–".into())}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <nav class="pager" aria-label="Sidor">
                {prev.map(|href| view! { <a href=href rel="prev">"Föregående sida"</a> })}
                <span>{position}</span>
                {next.map(|href| view! { <a href=href rel="next">"Nästa sida"</a> })}
            </nav>
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn filters_survive_a_round_trip_through_the_address() {
        let q = ListQuery {
            stage: "new".into(),
            language: "so".into(),
            q: "Amina Yusuf & co".into(),
            page: 3,
            ..ListQuery::default()
        };
        let query = q.to_query();
        assert_eq!(
            query,
            "stage=new&language=so&q=Amina%20Yusuf%20%26%20co&page=3"
        );
        let pairs: HashMap<String, String> = query
            .split('&')
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap();
                let v = v.replace("%20", " ").replace("%26", "&");
                (k.to_string(), v)
            })
            .collect();
        assert_eq!(ListQuery::from_lookup(|k| pairs.get(k).cloned()), q);
    }

    #[test]
    fn the_first_page_and_empty_filters_are_left_out_of_the_address() {
        assert_eq!(ListQuery::default().path(), "/sokande");
        assert_eq!(ListQuery::default().on_page(1).path(), "/sokande");
        assert_eq!(ListQuery::default().on_page(2).path(), "/sokande?page=2");
        assert!(!ListQuery::default().is_filtered());
    }

    #[test]
    fn a_nonsense_page_number_means_the_first_page() {
        let q = ListQuery::from_lookup(|k| (k == "page").then(|| "-4".to_string()));
        assert_eq!(q.page, 1);
        let q = ListQuery::from_lookup(|k| (k == "page").then(|| "sju".to_string()));
        assert_eq!(q.page, 1);
    }

    #[test]
    fn counts_and_pages_read_naturally_in_swedish() {
        assert_eq!(count_text(0, false), "Inga sökande");
        assert_eq!(count_text(3333, false), "3\u{a0}333 sökande");
        assert!(count_text(1000, true).starts_with("Fler än 1\u{a0}000"));
        let page = ApplicantPage {
            total: 101,
            total_capped: false,
            page: 2,
            per_page: 50,
            rows: vec![],
        };
        assert_eq!(page_text(&page), "Sida 2 av 3");
        assert!(has_next(&page));
        let last = ApplicantPage {
            page: 3,
            ..page.clone()
        };
        assert!(!has_next(&last));
        let capped = ApplicantPage {
            total: 1000,
            total_capped: true,
            page: 20,
            ..page
        };
        assert_eq!(page_text(&capped), "Sida 20");
        assert!(has_next(&capped));
    }
}
