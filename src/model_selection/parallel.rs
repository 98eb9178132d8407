//! Independent fits on a few threads, with results in the order of a sequential run.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::error::{Error, Result};

/// The threads to use by default: [`std::thread::available_parallelism`], or 1 if unknown.
pub(super) fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, NonZeroUsize::get)
}

/// Runs `job` on every item on at most `threads` threads (never more than there are items)
/// and returns the results in item order: exactly what `items.iter().map(job).collect()`
/// returns, including its error, whatever the number of threads.
///
/// Threads take the next item from a shared counter, so long and short jobs balance out. On
/// the first failure no new items are started; every item before the failing one has been
/// started by then (items are taken in order), so the error of the earliest failing item,
/// the one a sequential run stops at, is always among the results.
///
/// A panic in `job` is resumed on the calling thread.
pub(super) fn map_in_order<T, R, J>(items: &[T], threads: usize, job: J) -> Result<Vec<R>>
where
    T: Sync,
    R: Send,
    J: Fn(&T) -> Result<R> + Sync,
{
    let threads = threads.min(items.len());
    if threads <= 1 {
        return items.iter().map(job).collect();
    }
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let worker = || {
        let mut done = Vec::new();
        while !failed.load(Ordering::Relaxed) {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { break };
            let result = job(item);
            failed.fetch_or(result.is_err(), Ordering::Relaxed);
            done.push((i, result));
        }
        done
    };
    let finished: Vec<Vec<(usize, Result<R>)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads).map(|_| scope.spawn(worker)).collect();
        handles
            .into_iter()
            .map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p))
            })
            .collect()
    });
    let mut slots: Vec<Option<Result<R>>> = items.iter().map(|_| None).collect();
    for (i, result) in finished.into_iter().flatten() {
        if let Some(slot) = slots.get_mut(i) {
            *slot = Some(result);
        }
    }
    // In order, the earliest error comes before any item that was never started.
    slots
        .into_iter()
        .enumerate()
        .map(|(i, slot)| {
            slot.unwrap_or_else(|| Err(Error::EmptyData(format!("job {i} was not run"))))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_and_errors_are_those_of_a_sequential_run() {
        let items: Vec<usize> = (0..23).collect();
        let square = |&i: &usize| Ok(i * i);
        let sequential: Vec<usize> = items.iter().map(|i| i * i).collect();
        for threads in [1, 2, 3, 8, 100] {
            assert_eq!(map_in_order(&items, threads, square).unwrap(), sequential);
        }
        let fails_from_7 = |&i: &usize| {
            if i >= 7 && i % 2 == 1 {
                Err(Error::EmptyData(format!("item {i}")))
            } else {
                Ok(i)
            }
        };
        for threads in [1, 2, 3, 8] {
            match map_in_order(&items, threads, fails_from_7) {
                Err(Error::EmptyData(m)) => assert_eq!(m, "item 7"),
                other => panic!("{other:?}"),
            }
        }
        assert!(map_in_order(&[] as &[usize], 4, square).unwrap().is_empty());
    }

    #[test]
    #[should_panic(expected = "boom")]
    fn a_panic_in_a_job_reaches_the_caller() {
        let _ = map_in_order(&[1, 2, 3], 2, |&i: &i32| -> Result<i32> {
            assert!(i != 2, "boom");
            Ok(i)
        });
    }
}
