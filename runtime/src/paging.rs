//! Following a paging rule as a `Stream` of records.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use futures::stream::{self, Stream, StreamExt};

use crate::error::Error;

/// One page, as a paginated operation's reader takes it from a response.
#[derive(Debug)]
pub struct Page<Item> {
    /// The total number of records the response reports, if it reports one.
    pub total: Option<u64>,
    /// The page size the request asked for, if it sets one.
    pub page_size: Option<u64>,
    /// The records of the page.
    pub items: Vec<Item>,
}

enum State<Req> {
    Next(Req, u64),
    Done,
}

/// Fetches page after page, starting with `first`, and yields every record.
///
/// `fetch` sends one request; `read` takes the page out of a response, given
/// the request that produced it. The stream ends after an empty page, a page
/// shorter than the page size asked for, or once the reported total is
/// reached; otherwise `next` makes the request for the next page from the
/// last request, the page's records and the number of records received so
/// far (this page's included). An error ends the stream after it is yielded;
/// so does a next request identical to the last one, which would otherwise
/// repeat forever.
pub fn paginate<'a, Req, Resp, Item, Fetch, Fut, Read, Next>(
    operation: &'static str,
    first: Req,
    fetch: Fetch,
    read: Read,
    next: Next,
) -> RecordStream<'a, Item>
where
    Req: Clone + PartialEq + Send + 'a,
    Resp: Send + 'a,
    Item: Send + 'a,
    Fetch: Fn(Req) -> Fut + Send + Sync + 'a,
    Fut: Future<Output = Result<Resp, Error>> + Send + 'a,
    Read: Fn(&Req, Resp) -> Page<Item> + Send + Sync + 'a,
    Next: Fn(&Req, &[Item], u64) -> Result<Req, Error> + Send + Sync + 'a,
{
    let rules = Arc::new((fetch, read, next));
    stream::unfold(State::Next(first, 0), move |state| {
        let rules = rules.clone();
        async move {
            let State::Next(request, received) = state else {
                return None;
            };
            let (fetch, read, next) = &*rules;
            let page = match fetch(request.clone()).await {
                Ok(response) => read(&request, response),
                Err(error) => return Some((vec![Err(error)], State::Done)),
            };
            let count = page.items.len() as u64;
            let received = received + count;
            let last = count == 0
                || page.page_size.is_some_and(|size| count < size)
                || page.total.is_some_and(|total| received >= total);
            let following = if last {
                None
            } else {
                Some(next(&request, &page.items, received))
            };
            let mut out: Vec<Result<Item, Error>> = page.items.into_iter().map(Ok).collect();
            let state = match following {
                None => State::Done,
                Some(Err(error)) => {
                    out.push(Err(error));
                    State::Done
                }
                Some(Ok(following)) if following == request => {
                    out.push(Err(Error::Pagination {
                        operation,
                        message: "the next page's request is the same as the last one".to_owned(),
                    }));
                    State::Done
                }
                Some(Ok(following)) => State::Next(following, received),
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

    /// A fetch answering pages 1 to `pages` with two records each, and
    /// empty pages after.
    fn pages(pages: u32) -> impl Fn(u32) -> std::future::Ready<Result<(u32, Vec<u32>), Error>> {
        move |page: u32| {
            let items = if page <= pages {
                vec![page * 10, page * 10 + 1]
            } else {
                Vec::new()
            };
            std::future::ready(Ok((page, items)))
        }
    }

    async fn records(
        fetch: impl Fn(u32) -> std::future::Ready<Result<(u32, Vec<u32>), Error>> + Send + Sync,
        page_size: Option<u64>,
        total: Option<u64>,
        next: impl Fn(&u32, &[u32], u64) -> Result<u32, Error> + Send + Sync,
    ) -> Vec<Result<u32, Error>> {
        paginate(
            "Op",
            1,
            fetch,
            move |_: &u32, (_, items): (u32, Vec<u32>)| Page {
                total,
                page_size,
                items,
            },
            next,
        )
        .collect()
        .await
    }

    fn ok(results: Vec<Result<u32, Error>>) -> Vec<u32> {
        results.into_iter().map(|r| r.expect("no error")).collect()
    }

    #[tokio::test]
    async fn stops_after_an_empty_page() {
        let all = records(pages(3), None, None, |r, _, _| Ok(r + 1)).await;
        assert_eq!(ok(all), [10, 11, 20, 21, 30, 31]);
    }

    #[tokio::test]
    async fn stops_after_a_short_page() {
        // Two records per page where three were asked for: the first page
        // is already the last.
        let all = records(pages(3), Some(3), None, |r, _, _| Ok(r + 1)).await;
        assert_eq!(ok(all), [10, 11]);
        let full = records(pages(2), Some(2), None, |r, _, _| Ok(r + 1)).await;
        assert_eq!(ok(full), [10, 11, 20, 21]);
    }

    #[tokio::test]
    async fn stops_once_the_total_is_reached_and_counts_received_records() {
        let seen = std::sync::Mutex::new(Vec::new());
        let all = records(pages(9), None, Some(5), |r, items, received| {
            seen.lock().unwrap().push((items.len(), received));
            Ok(r + 1)
        })
        .await;
        assert_eq!(ok(all), [10, 11, 20, 21, 30, 31]);
        assert_eq!(*seen.lock().unwrap(), [(2, 2), (2, 4)]);
    }

    #[tokio::test]
    async fn a_failing_or_repeated_next_request_ends_the_stream_with_an_error() {
        let failing = records(pages(3), None, None, |_, _, _| {
            Err(Error::Pagination {
                operation: "Op",
                message: "no cursor".to_owned(),
            })
        })
        .await;
        assert_eq!(failing.len(), 3);
        assert!(
            matches!(&failing[2], Err(Error::Pagination { message, .. }) if message == "no cursor")
        );
        let stuck = records(pages(3), None, None, |r, _, _| Ok(*r)).await;
        assert_eq!(stuck.len(), 3);
        assert!(matches!(stuck[2], Err(Error::Pagination { .. })));
    }

    #[test]
    fn counts_convert() {
        assert_eq!("42".to_owned().as_count(), Some(42));
        assert_eq!((-1i32).as_count(), None);
        assert_eq!(count_as::<i32>(u64::MAX), i32::MAX);
        assert_eq!(count_as::<i64>(7), 7);
    }
}
