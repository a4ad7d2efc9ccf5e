//! Following a paging rule as a `Stream` of records.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use futures::stream::{self, Stream, StreamExt};

use crate::error::Error;

/// One page, as the operation's paging step reads it.
#[derive(Debug)]
pub struct Page<Req, Item> {
    /// The records of the page.
    pub items: Vec<Item>,
    /// The request for the next page, or `None` after the last page.
    pub next: Option<Req>,
}

enum State<Req> {
    Next(Req, u64),
    Done,
}

/// Fetches page after page, starting with `first`, and yields every record.
///
/// `fetch` sends one request; `step` reads a response, given the request that
/// produced it and the number of records received before it, and returns the
/// page's records and the next request. An error ends the stream after it is
/// yielded; so does a next request identical to the last one, which would
/// otherwise repeat forever.
pub fn paginate<'a, Req, Resp, Item, Fetch, Fut, Step>(
    operation: &'static str,
    first: Req,
    fetch: Fetch,
    step: Step,
) -> RecordStream<'a, Item>
where
    Req: Clone + PartialEq + Send + 'a,
    Resp: Send + 'a,
    Item: Send + 'a,
    Fetch: Fn(Req) -> Fut + Send + Sync + 'a,
    Fut: Future<Output = Result<Resp, Error>> + Send + 'a,
    Step: Fn(&Req, Resp, u64) -> Result<Page<Req, Item>, Error> + Send + Sync + 'a,
{
    let rules = Arc::new((fetch, step));
    stream::unfold(State::Next(first, 0), move |state| {
        let rules = rules.clone();
        async move {
            let State::Next(request, received) = state else {
                return None;
            };
            let (fetch, step) = &*rules;
            let page = match fetch(request.clone())
                .await
                .and_then(|response| step(&request, response, received))
            {
                Ok(page) => page,
                Err(error) => return Some((vec![Err(error)], State::Done)),
            };
            let count = page.items.len() as u64;
            let mut out: Vec<Result<Item, Error>> = page.items.into_iter().map(Ok).collect();
            let state = match page.next {
                Some(next) if next == request => {
                    out.push(Err(Error::Pagination {
                        operation,
                        message: "the next page's request is the same as the last one".to_owned(),
                    }));
                    State::Done
                }
                Some(next) => State::Next(next, received + count),
                None => State::Done,
            };
            Some((out, state))
        }
    })
    .flat_map(stream::iter)
    .boxed()
}

/// The records of a paginated operation, one page after another. It is `Unpin`
/// and `Send`, so `StreamExt::next` works on it directly and it can move to
/// another task.
pub type RecordStream<'a, Item> = Pin<Box<dyn Stream<Item = Result<Item, Error>> + Send + 'a>>;

/// A total count as responses carry it: a number or a numeric string.
pub trait AsCount {
    /// The count, if it is a non-negative integer.
    fn as_count(&self) -> Option<u64>;
}

impl AsCount for i32 {
    fn as_count(&self) -> Option<u64> {
        u64::try_from(*self).ok()
    }
}

impl AsCount for i64 {
    fn as_count(&self) -> Option<u64> {
        u64::try_from(*self).ok()
    }
}

impl AsCount for String {
    fn as_count(&self) -> Option<u64> {
        self.trim().parse().ok()
    }
}

/// A record count as a parameter's integer type, saturating at its maximum.
pub fn count_as<T: TryFrom<u64> + Bounded>(count: u64) -> T {
    T::try_from(count).unwrap_or(T::MAX)
}

/// Integer types with a largest value, for [`count_as`].
pub trait Bounded {
    /// The largest value.
    const MAX: Self;
}

impl Bounded for i32 {
    const MAX: Self = i32::MAX;
}

impl Bounded for i64 {
    const MAX: Self = i64::MAX;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn follows_pages_until_no_next_and_stops_on_a_repeat() {
        let fetch =
            |page: u32| async move { Ok::<_, Error>((page, vec![page * 10, page * 10 + 1])) };
        let step = |request: &u32, (page, items): (u32, Vec<u32>), _received: u64| {
            Ok(Page {
                items,
                next: (page < 3).then_some(request + 1),
            })
        };
        let all: Vec<u32> = paginate("Op", 1, fetch, step)
            .map(|r| r.expect("no error"))
            .collect()
            .await;
        assert_eq!(all, [10, 11, 20, 21, 30, 31]);

        let stuck = |request: &u32, (_, items): (u32, Vec<u32>), _: u64| {
            Ok(Page {
                items,
                next: Some(*request),
            })
        };
        let results: Vec<_> = paginate("Op", 1, fetch, stuck).collect().await;
        assert_eq!(results.len(), 3);
        assert!(matches!(results[2], Err(Error::Pagination { .. })));
    }

    #[test]
    fn counts_convert() {
        assert_eq!("42".to_owned().as_count(), Some(42));
        assert_eq!((-1i32).as_count(), None);
        assert_eq!(count_as::<i32>(u64::MAX), i32::MAX);
        assert_eq!(count_as::<i64>(7), 7);
    }
}
