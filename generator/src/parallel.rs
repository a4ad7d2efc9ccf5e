//! Reading specs and rendering their files on the same threads: each thread
//! takes the next spec not yet read, and once none is left, the heaviest
//! file not yet rendered. A spec's files are queued as soon as it is read,
//! so that the files of a small spec are rendered while a large one is still
//! being read, instead of waiting for it.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex, MutexGuard, OnceLock, PoisonError};
use std::time::Instant;

/// The most threads the generator works on.
pub const MAX_THREADS: usize = 8;

/// What is left to do.
struct Queue<I, W> {
    /// Inputs not yet taken, with their index.
    inputs: VecDeque<(usize, I)>,
    /// Inputs taken but not yet read: while there are some, a thread without
    /// work waits for the items they may bring.
    reading: usize,
    /// Items not yet taken, the heaviest last.
    items: Vec<(usize, W)>,
    /// When the last input was read.
    all_read: Option<Instant>,
}

/// What a thread takes next.
enum Job<I, W> {
    Read(usize, I),
    Work(W),
}

/// Reads each input into its slot of `reads` (`read`; one empty slot per
/// input, in the inputs' order), turns each read into
/// items (`plan`, with each item's weight), and works each item (`work`), on
/// as many threads as the machine has cores (at most [`MAX_THREADS`]).
/// Inputs are taken in order and before any item, items heaviest first.
/// Returns the outputs, in no particular order, and when the last input was
/// read. A panic in `read`, `plan` or `work` is passed on as it is, once
/// every thread has stopped.
pub fn read_then_work<'r, I: Send, R: Send + Sync, W: Send, O: Send>(
    inputs: Vec<I>,
    reads: &'r [OnceLock<R>],
    read: impl Fn(I) -> R + Sync,
    plan: impl Fn(&'r R) -> Vec<(usize, W)> + Sync,
    work: impl Fn(W) -> O + Sync,
) -> (Vec<O>, Instant) {
    assert_eq!(reads.len(), inputs.len(), "one slot per input");
    let queue = Mutex::new(Queue {
        reading: 0,
        inputs: inputs.into_iter().enumerate().collect(),
        items: Vec::new(),
        all_read: None,
    });
    let ready = Condvar::new();
    let outputs = Mutex::new(Vec::new());
    let worker = || {
        while let Some(job) = next_job(&queue, &ready) {
            match job {
                Job::Read(index, input) => {
                    // Counts the read as done even if it panics, so that no
                    // other thread waits for it for ever.
                    let _done = ReadDone {
                        queue: &queue,
                        ready: &ready,
                    };
                    let items = plan(reads[index].get_or_init(|| read(input)));
                    let mut queue = lock(&queue);
                    queue.items.extend(items);
                    queue.items.sort_by_key(|(weight, _)| *weight);
                }
                Job::Work(item) => {
                    let output = work(item);
                    lock(&outputs).push(output);
                }
            }
        }
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(MAX_THREADS);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (1..threads).map(|_| scope.spawn(worker)).collect();
        let here = std::panic::catch_unwind(std::panic::AssertUnwindSafe(worker));
        let mut panic = here.err();
        for handle in handles {
            if let Err(payload) = handle.join() {
                panic.get_or_insert(payload);
            }
        }
        if let Some(payload) = panic {
            std::panic::resume_unwind(payload);
        }
    });
    let all_read = lock(&queue).all_read.unwrap_or_else(Instant::now);
    let outputs = outputs.into_inner().unwrap_or_else(PoisonError::into_inner);
    (outputs, all_read)
}

/// The next job: an input if one is left, else the heaviest item; `None`
/// once nothing is left and no read can bring more.
fn next_job<I, W>(queue: &Mutex<Queue<I, W>>, ready: &Condvar) -> Option<Job<I, W>> {
    let mut queue = lock(queue);
    loop {
        if let Some((index, input)) = queue.inputs.pop_front() {
            queue.reading += 1;
            return Some(Job::Read(index, input));
        }
        if let Some((_, item)) = queue.items.pop() {
            return Some(Job::Work(item));
        }
        if queue.reading == 0 {
            return None;
        }
        queue = ready.wait(queue).unwrap_or_else(PoisonError::into_inner);
    }
}

/// Marks a read as done when dropped, and wakes the threads waiting for its
/// items.
struct ReadDone<'q, I, W> {
    queue: &'q Mutex<Queue<I, W>>,
    ready: &'q Condvar,
}

impl<I, W> Drop for ReadDone<'_, I, W> {
    fn drop(&mut self) {
        let mut queue = lock(self.queue);
        queue.reading -= 1;
        if queue.reading == 0 && queue.inputs.is_empty() {
            queue.all_read = Some(Instant::now());
        }
        drop(queue);
        self.ready.notify_all();
    }
}

/// Runs `f` on each item, on as many threads as the machine has cores (at
/// most [`MAX_THREADS`]), each thread taking the next item not yet taken.
/// Returns the error of the first item, in the items' order, that failed;
/// every item is tried even when an earlier one fails.
pub fn try_each<T: Sync, E: Send>(
    items: &[T],
    f: impl Fn(&T) -> Result<(), E> + Sync,
) -> Result<(), E> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let errors = Mutex::new(Vec::new());
    let worker = || {
        loop {
            let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(item) = items.get(index) else { break };
            if let Err(error) = f(item) {
                lock(&errors).push((index, error));
            }
        }
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(MAX_THREADS)
        .min(items.len());
    std::thread::scope(|scope| {
        for _ in 1..threads {
            scope.spawn(worker);
        }
        worker();
    });
    let errors = errors.into_inner().unwrap_or_else(PoisonError::into_inner);
    match errors.into_iter().min_by_key(|(index, _)| *index) {
        Some((_, error)) => Err(error),
        None => Ok(()),
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Drops `value` on a thread of its own, for a large structure whose
/// freeing (hundreds of thousands of small allocations) would otherwise
/// hold up the thread that is done with it.
pub fn drop_elsewhere<T: Send + 'static>(value: T) {
    // Where no thread can be started, the closure, and `value` with it, is
    // dropped here.
    let _ = std::thread::Builder::new()
        .name("flowscribe-drop".to_owned())
        .spawn(move || drop(value));
}

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;
    use std::time::Duration;

    use super::read_then_work;

    #[test]
    fn every_input_is_read_and_every_item_worked() {
        let inputs: Vec<u64> = (1..=20).collect();
        let reads: Vec<OnceLock<u64>> = inputs.iter().map(|_| OnceLock::new()).collect();
        let (mut outputs, _) = read_then_work(
            inputs,
            &reads,
            |n| {
                // Uneven reads, so that items of early inputs are worked while
                // later ones are still read.
                if n % 7 == 0 {
                    std::thread::sleep(Duration::from_millis(2));
                }
                n * 10
            },
            |read: &u64| (0..*read / 10).map(|k| (k as usize, (*read, k))).collect(),
            |(read, k)| read + k,
        );
        outputs.sort_unstable();
        let mut expected: Vec<u64> = (1..=20u64)
            .flat_map(|n| (0..n).map(move |k| n * 10 + k))
            .collect();
        expected.sort_unstable();
        assert_eq!(outputs, expected);
        let stored: Vec<u64> = reads.iter().map(|r| *r.get().unwrap()).collect();
        assert_eq!(stored, (1..=20).map(|n| n * 10).collect::<Vec<_>>());
    }

    #[test]
    fn each_item_is_tried_and_the_first_failure_in_order_is_returned() {
        let items: Vec<u32> = (0..100).collect();
        let tried = std::sync::Mutex::new(Vec::new());
        let result = super::try_each(&items, |&n| {
            tried.lock().unwrap().push(n);
            if n % 30 == 29 { Err(n) } else { Ok(()) }
        });
        assert_eq!(result, Err(29));
        let mut tried = tried.into_inner().unwrap();
        tried.sort_unstable();
        assert_eq!(tried, items);
        assert_eq!(super::try_each(&items, |_| Ok::<(), ()>(())), Ok(()));
        assert_eq!(super::try_each(&[] as &[u8], |_| Err(())), Ok(()));
    }

    #[test]
    fn nothing_to_read_is_nothing_to_do() {
        let reads: Vec<OnceLock<u8>> = Vec::new();
        let (outputs, _) =
            read_then_work(Vec::<u8>::new(), &reads, |n| n, |_| vec![(0, 1u8)], |n| n);
        assert!(outputs.is_empty());
    }

    #[test]
    fn a_panic_is_passed_on_and_no_thread_waits_for_ever() {
        let reads: Vec<OnceLock<u32>> = (0..4).map(|_| OnceLock::new()).collect();
        let caught = std::panic::catch_unwind(|| {
            read_then_work(
                vec![1, 2, 3, 4],
                &reads,
                |n| {
                    assert_ne!(n, 3);
                    n
                },
                |n: &u32| vec![(0, *n)],
                |n| n,
            )
        });
        assert!(caught.is_err());
    }
}
