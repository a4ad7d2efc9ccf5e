//! Work shared among threads: each thread takes the next item not yet
//! taken, and the results come back in the items' order, whatever the thread
//! count.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

/// The most threads the generator works on.
pub const MAX_THREADS: usize = 8;

/// `items.map(f)`, on as many threads as the machine has cores (at most
/// [`MAX_THREADS`], at most one an item). Threads take items in the order
/// given, so put the heaviest first. A panic in `f` is passed on as it is,
/// once every thread has stopped.
pub fn map<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(MAX_THREADS)
        .min(items.len());
    if threads < 2 {
        return items.into_iter().map(f).collect();
    }
    let slots: Vec<Mutex<Option<T>>> = items.into_iter().map(|t| Mutex::new(Some(t))).collect();
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(slot) = slots.get(i) else {
                return done;
            };
            let item = slot.lock().unwrap_or_else(PoisonError::into_inner).take();
            if let Some(item) = item {
                done.push((i, f(item)));
            }
        }
    };
    let mut all = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut all = work();
        for handle in handles {
            all.extend(
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        all
    });
    all.sort_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, result)| result).collect()
}

#[cfg(test)]
mod tests {
    use super::map;

    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<u64> = (0..200).collect();
        // Uneven work, so that threads finish out of order.
        let squares = map(items, |n| {
            if n % 7 == 0 {
                std::thread::sleep(std::time::Duration::from_micros(200));
            }
            n * n
        });
        assert_eq!(squares, (0..200).map(|n| n * n).collect::<Vec<_>>());
        assert_eq!(map(Vec::<u8>::new(), |n| n), Vec::<u8>::new());
    }

    #[test]
    fn a_panic_is_passed_on() {
        let caught = std::panic::catch_unwind(|| map(vec![1, 2, 3, 4], |n| assert_ne!(n, 3)));
        assert!(caught.is_err());
    }
}
