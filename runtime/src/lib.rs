//! What every flowscribe-generated client shares.
//!
//! Generated code builds an [`OperationCall`] (method, encoded path, query,
//! headers, accepted auth schemes) from a typed request; [`Client`] resolves the
//! endpoint, signs, sends through a [`Transport`], retries what is safe to
//! retry, and decodes the body or a typed [`Error`]. [`paginate`] turns a paging
//! rule into a `Stream` of records. Nothing here names a vendor: signing
//! algorithms are named by the algorithm, and endpoints and environment
//! variable names come from the generated [`ServiceInfo`].

#[doc(hidden)]
#[path = "private/mod.rs"]
pub mod __private;
mod client;
mod config;
mod encoding;
mod endpoint;
mod error;
pub mod formats;
mod paging;
mod request;
mod response;
mod secret;
pub mod signing;
mod transport;
mod unknown;
mod validation;

pub use client::{CallFuture, Client};
pub use config::{Auth, Config, ConfigBuilder, RetryPolicy};
pub use error::{Error, ServiceError};
pub use paging::{AsCount, Bounded, Page, RecordStream, count_as, paginate};
pub use request::{
    AuthScheme, Body, BodyError, BuildError, EnvNames, ErrorFields, OperationCall, Region,
    ServiceInfo,
};
pub use response::Response;
pub use secret::{Credentials, Secret};
pub use signing::{SignatureInputs, SigningAlgorithm};
pub use transport::{
    DEFAULT_MAX_RESPONSE_BODY, HttpRequest, HttpResponse, ReqwestTransport, SendFuture, Transport,
    TransportError, TransportErrorKind,
};
pub use unknown::UnknownValue;
pub use validation::{ValidationError, Violation};

/// The stream trait of paginated operations, re-exported so that generated code
/// and its callers agree on one `futures` version.
pub use futures::Stream;
