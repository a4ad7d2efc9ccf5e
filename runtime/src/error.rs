//! The one error type of every generated client, with kinds a caller can match.

use std::time::Duration;

use crate::request::BuildError;
use crate::transport::TransportError;
use crate::validation::ValidationError;

/// Everything a call can fail with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The service answered with an error status.
    #[error("{0}")]
    Service(Box<ServiceError>),
    /// The request could not be sent or the response not received.
    #[error("{operation}: transport error: {source}")]
    Transport {
        /// The operation.
        operation: &'static str,
        /// What went wrong.
        #[source]
        source: TransportError,
    },
    /// No response arrived within the configured timeout.
    #[error("{operation}: no response within {timeout:?}")]
    Timeout {
        /// The operation.
        operation: &'static str,
        /// The timeout that expired.
        timeout: Duration,
    },
    /// A successful response's body did not decode into the expected type.
    #[error(
        "{operation}: cannot decode the HTTP {status} response: {message}; the body starts with {body_start:?}"
    )]
    Decode {
        /// The operation.
        operation: &'static str,
        /// The HTTP status.
        status: u16,
        /// The decoder's message.
        message: String,
        /// The start of the offending body (at most 256 characters).
        body_start: String,
        /// The request id, if the response carried one.
        request_id: Option<String>,
    },
    /// A successful response's body did not decode, and its `Content-Type`
    /// is not JSON: something other than the service answered (a proxy's
    /// page, a captive portal) or the operation answers in another format.
    #[error(
        "{operation}: the HTTP {status} response is `{content_type}`, not JSON; the body starts with {body_start:?}"
    )]
    UnexpectedContentType {
        /// The operation.
        operation: &'static str,
        /// The HTTP status.
        status: u16,
        /// The `Content-Type` received.
        content_type: String,
        /// The start of the body (at most 256 characters).
        body_start: String,
        /// The request id, if the response carried one.
        request_id: Option<String>,
    },
    /// The response body is larger than the configured limit
    /// ([`ConfigBuilder::max_response_body`](crate::ConfigBuilder::max_response_body));
    /// no more than the limit was read.
    #[error("{operation}: the response body exceeds the limit of {limit} bytes")]
    ResponseTooLarge {
        /// The operation.
        operation: &'static str,
        /// The limit, in bytes.
        limit: u64,
    },
    /// The request body could not be encoded; nothing was sent.
    #[error(transparent)]
    Body(#[from] crate::request::BodyError),
    /// Parameters break the documented constraints; nothing was sent.
    #[error(transparent)]
    Validation(#[from] ValidationError),
    /// Credentials are missing or do not fit the operation.
    #[error("credentials: {0}")]
    Credentials(String),
    /// A request could not be built.
    #[error(transparent)]
    Build(#[from] BuildError),
    /// The client configuration is unusable (for example a bad endpoint).
    #[error("configuration: {0}")]
    Config(String),
    /// Paging cannot go on from the last page received.
    #[error("{operation}: paging cannot continue: {message}")]
    Pagination {
        /// The operation.
        operation: &'static str,
        /// Why.
        message: String,
    },
}

impl Error {
    /// The vendor's request id, when the failure came with one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Service(error) => error.request_id.as_deref(),
            Error::Decode { request_id, .. } | Error::UnexpectedContentType { request_id, .. } => {
                request_id.as_deref()
            }
            _ => None,
        }
    }

    /// The service error, when the service answered with one.
    pub fn as_service(&self) -> Option<&ServiceError> {
        match self {
            Error::Service(error) => Some(error),
            _ => None,
        }
    }
}

/// An error answer from the service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceError {
    /// The operation.
    pub operation: &'static str,
    /// The HTTP status.
    pub status: u16,
    /// The vendor's error code (Huawei `error_code`, Alibaba `Code`).
    pub code: Option<String>,
    /// The vendor's message (Huawei `error_msg`, Alibaba `Message`).
    pub message: Option<String>,
    /// The request id (`X-Request-Id` header or the body's `RequestId`).
    pub request_id: Option<String>,
    /// The raw body, as received.
    pub body: String,
}

impl ServiceError {
    /// The body decoded as `T`, or `None` when it is not JSON of that shape.
    pub fn decode_body<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        serde_json::from_str(&self.body).ok()
    }
}

impl std::fmt::Display for ServiceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: HTTP {}", self.operation, self.status)?;
        if let Some(code) = &self.code {
            write!(f, " {code}")?;
        }
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ServiceError {}
