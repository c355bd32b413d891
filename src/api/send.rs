//! Every write goes through a [`Sender`]. A form makes one with [`Sender::new`] in its component
//! and hands [`Sender::send`] a future that sends the request and handles the answer (sets the
//! screen's signals, moves focus, navigates) — what a `spawn_local` body did before. Buttons show
//! [`Sender::pending`] (`aria-disabled`, `aria-busy`, "Sparar …") instead of a `busy` flag of
//! their own.
//!
//! **One request at a time per form.** While a sender's write is under way, `send` does nothing
//! and answers `false`: a double click or a second Enter sends one request, not two. A form whose
//! buttons send different writes shares one sender among them when they must not overlap.
//!
//! **Writes are never aborted.** Leaving the page does not stop a write: the server may already
//! have done it, and the caseworker must not be left guessing; its answer lands on signals that
//! are gone and changes nothing. Writes are not run in a [`super::RequestScope`] (and POST, PUT
//! and DELETE go through `exchange`, not the scoped `exchange_read`, in any case).
//!
//! **One `Action` type in the wasm.** Each `Action<I, O>` of another `I` or `O` is another copy
//! of Leptos' action machinery (its dispatch, its signals, its spawned task) in the bundle. Every
//! sender is an `Action<Job, ()>` whose input is the write itself, boxed and type-erased: the
//! machinery is there once, and a screen's write costs only its own future. That once is about
//! 2–3 KB brotli per bundle (BENCHMARKS.md has the figures).

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;

/// A write handed to the action: taken (once) by the action's function when it is dispatched.
type Job = Cell<Option<Pin<Box<dyn Future<Output = ()>>>>>;

/// One form's writes (see the module's documentation). `Copy`: capture it in every handler.
#[derive(Clone, Copy)]
pub struct Sender {
    action: Action<Job, ()>,
    pending: Memo<bool>,
}

impl Sender {
    /// A sender tied to the current reactive owner (the form's component).
    pub fn new() -> Sender {
        let action = Action::new_local(|job: &Job| {
            job.take()
                .unwrap_or_else(|| Box::pin(std::future::ready(())))
        });
        Sender {
            action,
            pending: action.pending(),
        }
    }

    /// Sends `write` (a future that makes the request and handles its answer) unless this
    /// sender's previous write is still under way; `false` when it was not sent for that reason
    /// (or because the form is gone).
    pub fn send(self, write: impl Future<Output = ()> + 'static) -> bool {
        self.dispatch(Box::pin(write))
    }

    fn dispatch(self, write: Pin<Box<dyn Future<Output = ()>>>) -> bool {
        if self.pending.try_get_untracked() != Some(false) {
            return false;
        }
        self.action.dispatch_local(Cell::new(Some(write)));
        true
    }

    /// Whether a write is under way (tracked: for the view).
    pub fn pending(self) -> Memo<bool> {
        self.pending
    }

    /// Whether a write is under way now (untracked: for handlers).
    pub fn is_pending(self) -> bool {
        self.pending.try_get_untracked().unwrap_or(false)
    }
}

impl Default for Sender {
    fn default() -> Sender {
        Sender::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use any_spawner::{CustomExecutor, Executor, PinnedFuture, PinnedLocalFuture};
    use std::cell::RefCell;
    use std::rc::Rc;
    use std::task::{Context, Poll, Waker};

    thread_local! {
        static TASKS: RefCell<Vec<PinnedLocalFuture<()>>> = const { RefCell::new(Vec::new()) };
    }

    /// An executor that keeps the spawned tasks for [`run_tasks`].
    struct Tasks;

    impl CustomExecutor for Tasks {
        fn spawn(&self, fut: PinnedFuture<()>) {
            self.spawn_local(fut)
        }
        fn spawn_local(&self, fut: PinnedLocalFuture<()>) {
            TASKS.with(|t| t.borrow_mut().push(fut));
        }
        fn poll_local(&self) {}
    }

    /// Polls each spawned task once; the unfinished ones are kept.
    fn run_tasks() {
        let mut cx = Context::from_waker(Waker::noop());
        for mut task in TASKS.with(|t| std::mem::take(&mut *t.borrow_mut())) {
            if task.as_mut().poll(&mut cx).is_pending() {
                TASKS.with(|t| t.borrow_mut().push(task));
            }
        }
    }

    /// A request that is answered when `open` is set.
    struct Answer(Rc<Cell<bool>>);

    impl Future for Answer {
        type Output = ();
        fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
            if self.0.get() {
                Poll::Ready(())
            } else {
                Poll::Pending
            }
        }
    }

    #[test]
    fn a_second_send_while_the_first_is_under_way_is_ignored() {
        let _ = Executor::init_custom_executor(Tasks);
        let owner = Owner::new();
        owner.set();
        let sender = Sender::new();
        let answered = Rc::new(Cell::new(false));
        let handled = Rc::new(Cell::new(0));
        let write = |answered: &Rc<Cell<bool>>, handled: &Rc<Cell<i32>>| {
            let (answered, handled) = (answered.clone(), handled.clone());
            async move {
                Answer(answered).await;
                handled.set(handled.get() + 1);
            }
        };
        assert!(!sender.is_pending());
        assert!(sender.send(write(&answered, &handled)));
        assert!(sender.is_pending());
        assert!(sender.pending().get_untracked());

        // A double click: the second is not sent, and never runs.
        assert!(!sender.send(write(&answered, &handled)));
        run_tasks();
        assert!(sender.is_pending());
        assert_eq!(handled.get(), 0);

        answered.set(true);
        run_tasks();
        assert_eq!(handled.get(), 1);
        assert!(!sender.is_pending());

        // Once answered, the form sends again.
        assert!(sender.send(write(&answered, &handled)));
        run_tasks();
        assert_eq!(handled.get(), 2);
        assert!(!sender.is_pending());
    }

    #[test]
    fn a_sender_whose_form_is_gone_sends_nothing() {
        let owner = Owner::new();
        owner.set();
        let sender = Sender::new();
        owner.cleanup();
        assert!(!sender.send(async {}));
        assert!(!sender.is_pending());
    }
}
