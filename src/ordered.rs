//! Work on many items on every thread, with the results taken in order.
//!
//! A run reports its files in name order and writes each report as soon
//! as every earlier one is written, so that memory does not grow with the
//! number of files. Linting a batch at a time, and writing it once all of
//! it was done, left threads idle at the end of every batch while the last
//! of its files were linted. Here every item is a job of the pool, started
//! as soon as it is within a few items of the writing: a thread takes the
//! next one as soon as it is done with one, and the results made ahead
//! wait, in a small window, for the earlier ones.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

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

/// Runs `work` on each of `items` on rayon's pool and gives the results
/// to `take` on the calling thread in the order of `items`. No item starts
/// more than `window` items ahead of the last one taken. `take` returns
/// whether to go on; on `false` or an error nothing more starts, and the
/// error is returned. A panic in `work` is passed on once the items
/// started are done.
///
/// Each item is a job of its own, started by the calling thread as room
/// opens in the window, and no job ever waits for the results to be
/// taken. A thread of the pool that waits in `rayon::join` for the half
/// another thread took (a lone or long notice's steps run side by side)
/// runs other jobs meanwhile, the next item's among them; when each
/// thread ran a loop over the items and waited for room before the next,
/// such a loop could wait, on top of the item under it on the same
/// thread, for that very item to be taken: a run over notices linted one
/// at a time hung.
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
    let stop = AtomicBool::new(false);
    let (tx, rx) = mpsc::channel::<(usize, std::thread::Result<R>)>();
    let mut result = Ok(());
    let mut panic = None;
    rayon::in_place_scope(|scope| {
        let mut started = 0;
        let mut start_up_to = |end: usize| {
            while started < end.min(items.len()) {
                let (i, tx, work, stop) = (started, tx.clone(), &work, &stop);
                scope.spawn(move |_| {
                    // Nothing waits for an item started before the stop.
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    let r =
                        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&items[i])));
                    let _ = tx.send((i, r));
                });
                started += 1;
            }
        };
        start_up_to(window);
        // Results that came before an earlier one, by their index.
        let mut waiting: BTreeMap<usize, R> = BTreeMap::new();
        let mut taken = 0;
        'take: while taken < items.len() {
            // Every item started sends its result, and this thread holds
            // a sender: the channel stays open.
            let Ok((i, r)) = rx.recv() else { break };
            match r {
                Ok(r) => {
                    waiting.insert(i, r);
                }
                Err(payload) => {
                    panic = Some(payload);
                    break 'take;
                }
            }
            while let Some(r) = waiting.remove(&taken) {
                taken += 1;
                match take(r) {
                    Ok(true) => {}
                    Ok(false) => break 'take,
                    Err(e) => {
                        result = Err(e);
                        break 'take;
                    }
                }
            }
            start_up_to(taken + window);
        }
        stop.store(true, Ordering::Relaxed);
    });
    if let Some(payload) = panic {
        std::panic::resume_unwind(payload);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

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

    /// Work that waits in `rayon::join` for a half another thread took
    /// runs other jobs of the pool meanwhile, possibly the next item's:
    /// that item must not wait for the results to be taken, which wait
    /// for the item under it on the same thread.
    #[test]
    fn work_that_joins_on_the_pool_never_hangs() {
        let items: Vec<u64> = (0..400).collect();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let nap = || std::thread::sleep(std::time::Duration::from_micros(50));
            let mut sum = 0;
            let r = run_slices(
                &items,
                2,
                |&i| {
                    rayon::join(nap, nap);
                    i
                },
                |i| {
                    sum += i;
                    Ok::<_, ()>(true)
                },
            );
            let _ = tx.send(r.map(|()| sum));
        });
        let done = rx.recv_timeout(std::time::Duration::from_secs(60));
        assert_eq!(done, Ok(Ok((0..400).sum())));
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
