//! Work on many items on every thread, with the results taken in order.
//!
//! A run reports its files in name order and writes each report as soon
//! as every earlier one is written, so that memory does not grow with the
//! number of files. Linting a batch at a time, and writing it once all of
//! it was done, left threads idle at the end of every batch while the last
//! of its files were linted. Here each thread takes the next item as soon
//! as it is done with one, and only runs ahead of the writing by a few
//! items: those results wait, in a small window, for the earlier ones.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};

/// How many slices each thread may work ahead of the results taken:
/// enough that no thread waits for a slower neighbour's slice, few enough
/// that the results held stay a few hundred items.
const SLICES_AHEAD_PER_THREAD: usize = 4;

/// Runs `work` on consecutive slices of `items`, of at most `per_slice`
/// items and fewer when there are too few items to give every thread
/// work, and gives the results to `take` in order (see [`run_slices`]):
/// one result per slice.
pub(crate) fn run<T, R, E>(
    items: &[T],
    per_slice: usize,
    work: impl Fn(&[T]) -> R + Sync,
    take: impl FnMut(R) -> Result<bool, E>,
) -> Result<(), E>
where
    T: Sync,
    R: Send,
{
    let threads = rayon::current_num_threads().max(1);
    let per_slice = per_slice.min(items.len().div_ceil(threads)).max(1);
    let slices: Vec<&[T]> = items.chunks(per_slice).collect();
    run_slices(
        &slices,
        threads * SLICES_AHEAD_PER_THREAD,
        |slice| work(slice),
        take,
    )
}

/// Runs `work` on each of `items` on rayon's pool, one item per thread at
/// a time and in order, and gives the results to `take` on the calling
/// thread in the order of `items`. No thread starts an item more than
/// `window` items ahead of the last one taken. `take` returns whether to
/// go on; on `false` or an error the threads start nothing more, and the
/// error is returned.
///
/// Must not be called from a thread of rayon's pool, which would wait for
/// items it could be working on (the command line calls it from `main`).
fn run_slices<T, R, E>(
    items: &[T],
    window: usize,
    work: impl Fn(&T) -> R + Sync,
    mut take: impl FnMut(R) -> Result<bool, E>,
) -> Result<(), E>
where
    T: Sync,
    R: Send,
{
    let window = window.max(1);
    let next = AtomicUsize::new(0);
    let progress = Progress {
        state: Mutex::new(State {
            taken: 0,
            stop: false,
        }),
        changed: Condvar::new(),
    };
    let (tx, rx) = mpsc::channel::<(usize, R)>();
    let mut result = Ok(());
    rayon::in_place_scope(|scope| {
        let threads = rayon::current_num_threads().max(1).min(items.len());
        for _ in 0..threads {
            let (tx, next, progress, work) = (tx.clone(), &next, &progress, &work);
            scope.spawn(move |_| {
                // A panic stops the others, which would otherwise wait for
                // the item this thread will never finish.
                let _stop_on_panic = StopOnPanic(progress);
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= items.len() || !progress.wait_for_room(i, window) {
                        break;
                    }
                    if tx.send((i, work(&items[i]))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        // Results that came before an earlier one, by their index.
        let mut waiting: BTreeMap<usize, R> = BTreeMap::new();
        let mut taken = 0;
        'take: while taken < items.len() {
            // Every thread gone before all was taken: one panicked, and the
            // scope passes its panic on.
            let Ok((i, r)) = rx.recv() else { break };
            waiting.insert(i, r);
            while let Some(r) = waiting.remove(&taken) {
                taken += 1;
                match take(r) {
                    Ok(true) => progress.taken(taken),
                    Ok(false) => break 'take,
                    Err(e) => {
                        result = Err(e);
                        break 'take;
                    }
                }
            }
        }
        progress.stop();
    });
    result
}

/// How far the results were taken, shared with the threads.
struct Progress {
    state: Mutex<State>,
    changed: Condvar,
}

struct State {
    taken: usize,
    stop: bool,
}

impl Progress {
    /// Waits until item `i` is within `window` of the items taken; false
    /// when the work was stopped.
    fn wait_for_room(&self, i: usize, window: usize) -> bool {
        let mut state = self.lock();
        while !state.stop && i >= state.taken + window {
            state = self
                .changed
                .wait(state)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
        }
        !state.stop
    }

    fn taken(&self, taken: usize) {
        self.lock().taken = taken;
        self.changed.notify_all();
    }

    fn stop(&self) {
        self.lock().stop = true;
        self.changed.notify_all();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // The state is two plain values, right whatever a panic
        // interrupted.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Stops the work when dropped by a panicking thread.
struct StopOnPanic<'a>(&'a Progress);

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.stop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_are_taken_in_order_whatever_order_they_are_made_in() {
        let items: Vec<u64> = (0..200).collect();
        let mut seen = Vec::new();
        run_slices(
            &items,
            3,
            |&i| {
                // Later items finish first now and then.
                if i % 7 == 0 {
                    std::thread::sleep(std::time::Duration::from_millis(2));
                }
                i * 2
            },
            |r| {
                seen.push(r);
                Ok::<_, ()>(true)
            },
        )
        .unwrap();
        assert_eq!(seen, items.iter().map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn no_item_starts_more_than_a_window_ahead_of_those_taken() {
        let items: Vec<usize> = (0..100).collect();
        let taken = AtomicUsize::new(0);
        let ahead = AtomicUsize::new(0);
        run_slices(
            &items,
            4,
            |&i| {
                let t = taken.load(Ordering::SeqCst);
                ahead.fetch_max(i.saturating_sub(t), Ordering::SeqCst);
                i
            },
            |_| {
                taken.fetch_add(1, Ordering::SeqCst);
                Ok::<_, ()>(true)
            },
        )
        .unwrap();
        assert!(ahead.load(Ordering::SeqCst) < 4);
        assert_eq!(taken.load(Ordering::SeqCst), 100);
    }

    #[test]
    fn taking_can_stop_the_work_or_fail_it() {
        let items: Vec<usize> = (0..1000).collect();
        let done = AtomicUsize::new(0);
        let mut seen = 0;
        let r: Result<(), ()> = run_slices(
            &items,
            2,
            |_| done.fetch_add(1, Ordering::SeqCst),
            |_| {
                seen += 1;
                Ok(seen < 10)
            },
        );
        assert_eq!((r, seen), (Ok(()), 10));
        assert!(done.load(Ordering::SeqCst) < 20);

        let r = run_slices(
            &items,
            2,
            |&i| i,
            |i| if i == 5 { Err(i) } else { Ok(true) },
        );
        assert_eq!(r, Err(5));
        assert_eq!(run_slices(&[] as &[usize], 2, |&i| i, |_| Err(())), Ok(()));
    }

    #[test]
    fn a_panic_in_the_work_is_passed_on_and_never_hangs() {
        let items: Vec<usize> = (0..100).collect();
        let caught = std::panic::catch_unwind(|| {
            run_slices(
                &items,
                2,
                |&i| {
                    assert!(i != 30, "item 30");
                    i
                },
                |_| Ok::<_, ()>(true),
            )
        });
        assert!(caught.is_err());
    }
}
