//! The description of one call, as generated code builds it, and the static
//! description of a service.

use std::fmt;

use crate::signing::SigningAlgorithm;

/// A service as its spec describes it: where it lives and how it is called.
#[derive(Debug, Clone, Copy)]
pub struct ServiceInfo {
    /// The API's title.
    pub name: &'static str,
    /// The server URL template, with `{variable}` placeholders.
    pub url_template: &'static str,
    /// Template variables and their defaults. A variable named `region` takes
    /// the configured region.
    pub variables: &'static [(&'static str, &'static str)],
    /// Every region the spec lists, with its endpoints (the preferred one
    /// first), sorted by name. When the list is empty, any region fills the
    /// URL template; otherwise a region not on it is refused, unless the caller
    /// sets an endpoint or `other_regions_use_template` says otherwise.
    pub regions: &'static [Region],
    /// Whether a region not in `regions` fills the URL template instead of
    /// being refused (a vendor whose endpoint rule covers every region).
    pub other_regions_use_template: bool,
    /// The environment variables that hold credentials, if the spec names them.
    pub credentials_env: Option<EnvNames>,
    /// Where error answers carry their code, message and request id.
    pub errors: ErrorFields,
}

/// Where a service puts the details of an error answer and the request id,
/// as its spec declares them (`x-error-fields`). Each list is tried in
/// order; the first name present wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorFields {
    /// Top-level body properties holding the error code.
    pub code: &'static [&'static str],
    /// Top-level body properties holding the error message.
    pub message: &'static [&'static str],
    /// Top-level body properties holding the request id, of error and
    /// successful answers alike.
    pub request_id: &'static [&'static str],
    /// Response headers holding the request id (looked at before the body).
    pub request_id_headers: &'static [&'static str],
}

impl ErrorFields {
    /// The names a spec without `x-error-fields` gets.
    pub const GENERIC: ErrorFields = ErrorFields {
        code: &["code"],
        message: &["message"],
        request_id: &["request_id", "requestId"],
        request_id_headers: &["x-request-id"],
    };
}

/// A region and the base URLs that serve it.
#[derive(Debug, Clone, Copy)]
pub struct Region {
    /// The region id (`cn-north-4`).
    pub name: &'static str,
    /// Its base URLs: the first is used, the next ones when the one in use
    /// cannot be reached.
    pub endpoints: &'static [&'static str],
}

/// Names of the environment variables that hold credentials.
#[derive(Debug, Clone, Copy)]
pub struct EnvNames {
    /// The access key id.
    pub access_key_id: &'static str,
    /// The secret access key.
    pub secret_access_key: &'static str,
    /// A temporary credential's security token.
    pub security_token: Option<&'static str>,
    /// The project id.
    pub project_id: Option<&'static str>,
}

/// How a request may authenticate, as the operation's security requirement says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthScheme {
    /// A signature over the request with an access key pair.
    Signed(SigningAlgorithm),
    /// A token sent in the named header.
    TokenHeader(&'static str),
    /// A token sent as `Authorization: Bearer <token>` (HTTP bearer, OAuth 2
    /// and OpenID Connect access tokens).
    Bearer,
}

/// One HTTP call of an operation, before endpoint resolution and signing.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationCall {
    /// The operation's id, as the vendor names it.
    pub operation: &'static str,
    /// The HTTP method, upper case.
    pub method: &'static str,
    /// The path, each parameter already percent-encoded.
    pub path: String,
    /// Query parameters, unencoded, in the order the request lists them.
    pub query: Vec<(String, String)>,
    /// Header parameters and constant headers.
    pub headers: Vec<(String, String)>,
    /// The auth schemes the operation accepts. With none (the spec declares
    /// no security for it), a configured token is sent as a bearer token and
    /// otherwise nothing.
    pub auth: &'static [AuthScheme],
    /// The request body, if the operation has one.
    pub body: Option<Body>,
}

impl OperationCall {
    /// A call of `operation` with no query, headers, declared auth schemes or
    /// body; generated requests set the fields that differ with struct-update
    /// syntax (`OperationCall { query, ..OperationCall::new(..) }`).
    pub fn new(operation: &'static str, method: &'static str, path: String) -> Self {
        OperationCall {
            operation,
            method,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            auth: &[],
            body: None,
        }
    }
}

/// An encoded request body and its media type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    /// The `Content-Type` header value.
    pub content_type: String,
    /// The encoded bytes.
    pub bytes: Vec<u8>,
}

impl Body {
    /// `value` as `application/json`.
    pub fn json<T: serde::Serialize + ?Sized>(value: &T) -> Result<Body, BodyError> {
        serde_json::to_vec(value)
            .map(|bytes| Body {
                content_type: "application/json".to_owned(),
                bytes,
            })
            .map_err(|e| BodyError(format!("cannot encode the body as JSON: {e}")))
    }

    /// `value` as `application/x-www-form-urlencoded`: a flat object of
    /// scalars (nested objects cannot be form-encoded and give an error).
    pub fn form<T: serde::Serialize + ?Sized>(value: &T) -> Result<Body, BodyError> {
        serde_urlencoded::to_string(value)
            .map(|text| Body {
                content_type: "application/x-www-form-urlencoded".to_owned(),
                bytes: text.into_bytes(),
            })
            .map_err(|e| BodyError(format!("cannot form-encode the body: {e}")))
    }

    /// Bytes the caller encoded, sent with `content_type` (for media types the
    /// generated code does not encode itself, such as `multipart/form-data`).
    pub fn raw(content_type: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Body {
        Body {
            content_type: content_type.into(),
            bytes: bytes.into(),
        }
    }
}

/// A request body could not be encoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct BodyError(pub String);

/// A request builder was asked to build with required parameters unset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    operation: &'static str,
    missing: Vec<&'static str>,
}

impl BuildError {
    /// An error naming every required parameter of `operation` left unset.
    pub fn missing(operation: &'static str, missing: Vec<&'static str>) -> Self {
        BuildError { operation, missing }
    }

    /// The operation whose request could not be built.
    pub fn operation(&self) -> &str {
        self.operation
    }

    /// The required parameters that were not set, in declaration order.
    pub fn missing_parameters(&self) -> &[&'static str] {
        &self.missing
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: missing required parameter{}: {}",
            self.operation,
            if self.missing.len() == 1 { "" } else { "s" },
            self.missing.join(", ")
        )
    }
}

impl std::error::Error for BuildError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_call_sends_nothing_beyond_its_path() {
        let call = OperationCall::new("ListFlowLogs", "GET", "/v1/p/flow".to_owned());
        assert_eq!(
            call,
            OperationCall {
                operation: "ListFlowLogs",
                method: "GET",
                path: "/v1/p/flow".to_owned(),
                query: Vec::new(),
                headers: Vec::new(),
                auth: &[],
                body: None,
            }
        );
        let with_query = OperationCall {
            query: vec![("limit".to_owned(), "10".to_owned())],
            ..call.clone()
        };
        assert_eq!(with_query.path, call.path);
        assert_ne!(with_query, call);
    }
}
