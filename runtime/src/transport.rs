//! The HTTP stack, behind a small trait so that a caller can plug in another
//! one and tests can record what is sent.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

/// A request ready to send: signed, with its final URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// The method, upper case.
    pub method: String,
    /// The full URL, query included.
    pub url: String,
    /// Header names (lower case) and values.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

/// A response as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// Header names (lower case) and values.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Why a request got no complete response.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct TransportError {
    /// What kind of failure it was.
    pub kind: TransportErrorKind,
    /// What happened, as the HTTP stack said it.
    pub message: String,
}

/// The kinds of [`TransportError`], to match on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection could be made: the request did not reach the server.
    /// A client whose region has several endpoints tries the next one.
    Connect,
    /// The transport's own timeout expired.
    Timeout,
    /// The connection was reset or closed before the response was complete.
    ConnectionReset,
    /// The body ended before its announced length (or last chunk).
    IncompleteBody,
    /// The body is larger than the configured limit; reading stopped there.
    BodyTooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// The request could not be built (an invalid method, URL or header).
    InvalidRequest,
    /// Anything else.
    Other,
}

impl TransportError {
    /// An error of `kind`.
    pub fn new(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        TransportError {
            kind,
            message: message.into(),
        }
    }

    /// Whether sending again may succeed. Every generated operation is a
    /// read-only query, so a request that may have reached the server is
    /// safe to repeat.
    pub fn retryable(&self) -> bool {
        matches!(
            self.kind,
            TransportErrorKind::Connect
                | TransportErrorKind::Timeout
                | TransportErrorKind::ConnectionReset
                | TransportErrorKind::IncompleteBody
        )
    }

    /// Whether the transport itself timed out.
    pub fn timed_out(&self) -> bool {
        self.kind == TransportErrorKind::Timeout
    }
}

/// The future a [`Transport`] returns.
pub type SendFuture<'a> =
    Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + Send + 'a>>;

/// Sends one request and returns its response.
pub trait Transport: Send + Sync + std::fmt::Debug {
    /// Sends `request`.
    fn send(&self, request: HttpRequest) -> SendFuture<'_>;
}

/// The default transport: reqwest with rustls, gzip-encoded responses
/// accepted, and a limit on the size of a response body.
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
    max_body: u64,
}

/// The default limit on a response body: 64 MiB.
pub const DEFAULT_MAX_RESPONSE_BODY: u64 = 64 * 1024 * 1024;

impl ReqwestTransport {
    /// A transport with the given connect timeout and the default body limit
    /// ([`DEFAULT_MAX_RESPONSE_BODY`]). Whole-request timeouts are applied by
    /// [`Client`](crate::Client) around any transport.
    pub fn new(connect_timeout: Duration) -> Result<Self, TransportError> {
        Self::with_body_limit(connect_timeout, DEFAULT_MAX_RESPONSE_BODY)
    }

    /// A transport that stops reading a response body (after decompression)
    /// at `max_body` bytes and fails with [`TransportErrorKind::BodyTooLarge`].
    pub fn with_body_limit(
        connect_timeout: Duration,
        max_body: u64,
    ) -> Result<Self, TransportError> {
        let client = reqwest::Client::builder()
            .connect_timeout(connect_timeout)
            .gzip(true)
            .build()
            .map_err(|e| TransportError::new(TransportErrorKind::Other, e.to_string()))?;
        Ok(ReqwestTransport { client, max_body })
    }
}

impl Transport for ReqwestTransport {
    fn send(&self, request: HttpRequest) -> SendFuture<'_> {
        Box::pin(async move {
            let method = reqwest::Method::from_bytes(request.method.as_bytes()).map_err(|e| {
                TransportError::new(TransportErrorKind::InvalidRequest, e.to_string())
            })?;
            let mut builder = self.client.request(method, &request.url).body(request.body);
            for (name, value) in &request.headers {
                builder = builder.header(name, value);
            }
            let mut response = builder.send().await.map_err(classify)?;
            let status = response.status().as_u16();
            let headers = response
                .headers()
                .iter()
                .map(|(k, v)| {
                    (
                        k.as_str().to_owned(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect();
            let too_large = || {
                TransportError::new(
                    TransportErrorKind::BodyTooLarge {
                        limit: self.max_body,
                    },
                    format!("the response body exceeds {} bytes", self.max_body),
                )
            };
            if response.content_length().is_some_and(|n| n > self.max_body) {
                return Err(too_large());
            }
            let mut body = Vec::new();
            while let Some(chunk) = response.chunk().await.map_err(classify)? {
                if (body.len() + chunk.len()) as u64 > self.max_body {
                    return Err(too_large());
                }
                body.extend_from_slice(&chunk);
            }
            Ok(HttpResponse {
                status,
                headers,
                body,
            })
        })
    }
}

/// The kind of a reqwest error, from reqwest's own flags and the I/O error
/// beneath it.
fn classify(error: reqwest::Error) -> TransportError {
    let io_kind = std::iter::successors(
        std::error::Error::source(&error),
        |e: &&(dyn std::error::Error + 'static)| e.source(),
    )
    .find_map(|e| e.downcast_ref::<std::io::Error>().map(std::io::Error::kind));
    let reset = matches!(
        io_kind,
        Some(
            std::io::ErrorKind::ConnectionReset
                | std::io::ErrorKind::ConnectionAborted
                | std::io::ErrorKind::BrokenPipe
        )
    );
    let kind = if error.is_timeout() {
        TransportErrorKind::Timeout
    } else if error.is_connect() {
        TransportErrorKind::Connect
    } else if reset {
        TransportErrorKind::ConnectionReset
    } else if error.is_body() || error.is_decode() {
        TransportErrorKind::IncompleteBody
    } else if error.is_request() {
        // The connection closed before a response (a keep-alive race).
        TransportErrorKind::ConnectionReset
    } else if error.is_builder() {
        TransportErrorKind::InvalidRequest
    } else {
        TransportErrorKind::Other
    };
    // reqwest's message names only the outer layer; the causes say what broke.
    let mut message = error.to_string();
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    TransportError::new(kind, message)
}
