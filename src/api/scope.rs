//! Reads that belong to a page end with it. A [`RequestScope`] is tied to the reactive owner that
//! opened it (a page's component): when that owner is disposed — the caseworker went to another
//! page, or signed out — every read started in the scope is aborted in the browser, and what
//! awaited it never goes on (a `load` is disposed with the page; a `spawn`ed task is dropped), so
//! an old answer cannot show on the next page, set its title or report an error there.
//!
//! A screen loads with [`load`] (a `LocalResource` whose fetch runs in the page's scope) or, for
//! what the address asks for, [`load_latest`] (only the latest question's answer; a new question
//! aborts the read for the old one). [`RequestScope::spawn`] is for the screens that still load
//! by hand: its task is dropped unfinished when the scope closes.
//!
//! Only reads (GET) are scoped. A write the caseworker sent is not cancelled by leaving the page:
//! the server may already have done it, and the caseworker must not be left guessing; its answer
//! lands on signals that are gone and changes nothing.
//!
//! How a read finds its scope: [`RequestScope::run`] wraps a future and marks the scope current
//! while the future is being polled (the request is built and sent inside a poll), and
//! [`current_signal`] is what `api.rs` attaches to each GET.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::{AbortController, AbortSignal};

thread_local! {
    /// The open scopes' controllers.
    static OPEN: RefCell<HashMap<u64, AbortController>> = RefCell::new(HashMap::new());
    static NEXT: Cell<u64> = const { Cell::new(1) };
    /// The scope of the future being polled now, if any.
    static CURRENT: Cell<Option<u64>> = const { Cell::new(None) };
}

/// A set of reads that end together (see the module's documentation). `Copy` and `Send` (it is
/// captured by closures that must be): the controllers themselves stay in this thread's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestScope(Option<u64>);

impl RequestScope {
    /// A new scope tied to the current reactive owner (a page's component, or the owner of the
    /// view that shows it): closed when that owner is cleaned up. Outside any owner (an event
    /// handler) there is nothing to tie it to, and reads made in it are not scoped.
    pub fn here() -> RequestScope {
        if Owner::current().is_none() {
            return RequestScope(None);
        }
        let scope = RequestScope::open();
        on_cleanup(move || scope.close());
        scope
    }

    fn open() -> RequestScope {
        let Ok(controller) = AbortController::new() else {
            return RequestScope(None);
        };
        let id = NEXT.with(|n| {
            let id = n.get();
            n.set(id + 1);
            id
        });
        OPEN.with(|open| open.borrow_mut().insert(id, controller));
        RequestScope(Some(id))
    }

    /// Aborts every read of this scope, now and later.
    pub fn close(self) {
        let Some(id) = self.0 else { return };
        if let Some(controller) = OPEN.with(|open| open.borrow_mut().remove(&id)) {
            controller.abort();
        }
    }

    /// `future`, with this scope current while it runs. A read made in it after the scope has
    /// closed fails at once as `aborted` without being sent.
    pub fn run<F: Future + 'static>(self, future: F) -> impl Future<Output = F::Output> {
        InScope {
            scope: self.0,
            stops: false,
            future: Some(Box::pin(future)),
        }
    }

    /// Runs `future` in this scope (as `spawn_local`), and stops it for good when the scope
    /// closes: nothing after its `await` runs once the page is gone.
    pub fn spawn(self, future: impl Future<Output = ()> + 'static) {
        spawn_local(InScope {
            scope: self.0,
            stops: true,
            future: Some(Box::pin(future)),
        });
    }

    fn is_open(self) -> bool {
        self.0
            .is_none_or(|id| OPEN.with(|open| open.borrow().contains_key(&id)))
    }
}

/// A future that makes its scope current while it is polled, and (`stops`) is dropped unfinished
/// once the scope has closed. A dropped future is never woken again, so it never completes.
/// The future is boxed as a trait object, so this `poll` is compiled once per output type rather
/// than once per future (each screen's read is a different future; BENCHMARKS.md, issue 17).
struct InScope<T> {
    scope: Option<u64>,
    stops: bool,
    future: Option<Pin<Box<dyn Future<Output = T>>>>,
}

impl<T> Future for InScope<T> {
    type Output = T;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        if self.stops && !RequestScope(self.scope).is_open() {
            self.future = None;
        }
        let scope = self.scope;
        let Some(future) = self.future.as_mut() else {
            return Poll::Pending;
        };
        let before = CURRENT.with(|c| c.replace(scope.or(c.get())));
        let polled = future.as_mut().poll(cx);
        CURRENT.with(|c| c.set(before));
        polled
    }
}

/// What a read started now belongs to: `Ok(None)` when it is not scoped, `Ok(Some(signal))`
/// to attach to it, and `Err(())` when its scope is already closed (do not send it at all).
pub(crate) fn current_signal() -> Result<Option<AbortSignal>, ()> {
    let Some(id) = CURRENT.with(Cell::get) else {
        return Ok(None);
    };
    OPEN.with(|open| match open.borrow().get(&id) {
        Some(controller) => Ok(Some(controller.signal())),
        None => Err(()),
    })
}

/// How a screen loads what does not change while it is shown: a `LocalResource` of `fetch`
/// (with `Transition` and `refetch`), run in the page's scope, so leaving the page aborts it.
pub fn load<T, Fut>(fetch: impl Fn() -> Fut + 'static) -> LocalResource<T>
where
    T: 'static,
    Fut: Future<Output = T> + 'static,
{
    let page = RequestScope::here();
    LocalResource::new(move || page.run(fetch()))
}

/// How a screen loads what its address asks for (a search, a filter, a month): the answer for
/// the latest `key`, `None` while it is on its way. A new key aborts the read for the previous
/// one at once and drops its task, so an older answer can never replace a newer one; leaving the
/// page aborts the read too. (A `LocalResource` would not do here: it awaits each fetch before it
/// looks at a newer key — reactive_graph 0.2's `ArcAsyncDerived` — so a slow search would hold
/// up the next one, and nothing would abort it.)
pub fn load_latest<K, T, Fut>(
    key: impl Fn() -> K + 'static,
    fetch: impl Fn(K) -> Fut + 'static,
) -> ReadSignal<Option<T>>
where
    K: 'static,
    T: Send + Sync + 'static,
    Fut: Future<Output = T> + 'static,
{
    let (value, set_value) = signal(None::<T>);
    Effect::new(move |_| {
        let asked = fetch(key());
        // Tied to this run of the effect: the effect's owner is cleaned up before its next run
        // (a new key) and when the page goes away, and either closes the scope.
        let run = RequestScope::here();
        set_value.set(None);
        run.spawn(async move { set_value.set(Some(asked.await)) });
    });
    value
}
