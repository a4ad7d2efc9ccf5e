//! Sending an operation: headers, signing, retries and failover.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use serde::de::DeserializeOwned;
use tracing::Instrument;

use crate::config::{Auth, Config};
use crate::encoding::query_string;
use crate::endpoint::{Endpoint, Endpoints, signed_path};
use crate::error::Error;
use crate::request::{AuthScheme, BodyError, OperationCall, ServiceInfo};
use crate::response::{Response, decode_success, header_request_id, retry_after, service_error};
use crate::signing::{SignatureInputs, Unsigned};
use crate::transport::{HttpRequest, ReqwestTransport, Transport, TransportErrorKind};
use crate::validation::{ValidationError, Violations};

/// The answer of one call, to `.await`: what a generated client's method
/// returns.
pub type CallFuture<'a, T> = Pin<Box<dyn Future<Output = Result<Response<T>, Error>> + Send + 'a>>;

/// A configured connection to one service; cheap to clone.
#[derive(Debug, Clone)]
pub struct Client {
    service: &'static ServiceInfo,
    endpoints: Endpoints,
    config: Arc<Config>,
    transport: Arc<dyn Transport>,
}

impl AsRef<Client> for Client {
    fn as_ref(&self) -> &Client {
        self
    }
}

impl Client {
    /// A client for `service` with `config`. Fails on an unusable endpoint, or
    /// on a region the service's region table does not list (unless an
    /// endpoint is set).
    pub fn new(service: &'static ServiceInfo, config: Config) -> Result<Self, Error> {
        let endpoints = Endpoints::resolve(service, &config)?;
        let transport: Arc<dyn Transport> = match &config.transport {
            Some(transport) => transport.clone(),
            None => Arc::new(
                ReqwestTransport::with_body_limit(config.connect_timeout, config.max_response_body)
                    .map_err(|e| Error::Config(e.to_string()))?,
            ),
        };
        Ok(Client {
            service,
            endpoints,
            config: Arc::new(config),
            transport,
        })
    }

    /// The endpoint requests go to now (the next of the region's endpoints
    /// after one could not be reached).
    pub fn endpoint(&self) -> &str {
        &self.endpoints.current().base_url
    }

    /// The project id of the configured credentials, if they carry one: the
    /// value a generated request's parameter marked
    /// `x-default-from-credentials: project-id` takes when the caller leaves
    /// it unset.
    pub fn project_id(&self) -> Option<&str> {
        match &self.config.auth {
            Some(Auth::AccessKey(credentials)) => credentials.project_id.as_deref(),
            _ => None,
        }
    }

    /// Whether documented constraints are checked before sending.
    pub fn validation_enabled(&self) -> bool {
        self.config.validation
    }

    /// Sends the call of a generated request, given the outcome of its
    /// `validate` (which fails the call unless validation is turned off) and
    /// of its `to_call` (which fails only when the body cannot be encoded),
    /// and decodes a 2xx body as `T`. A generated client's methods are this
    /// one call, so that the state machine of sending is compiled once, here.
    pub fn send<T: DeserializeOwned + Send + 'static>(
        &self,
        checked: Result<(), ValidationError>,
        call: Result<OperationCall, BodyError>,
    ) -> CallFuture<'_, T> {
        Box::pin(async move { self.execute(self.prepared(checked, call)?).await })
    }

    /// Like [`Client::send`], for operations whose successful statuses carry
    /// different bodies; see [`Client::execute_with`].
    pub fn send_with<T: Send + 'static>(
        &self,
        checked: Result<(), ValidationError>,
        call: Result<OperationCall, BodyError>,
        decode: fn(u16, &[u8]) -> Result<T, serde_json::Error>,
    ) -> CallFuture<'_, T> {
        Box::pin(async move {
            self.execute_with(self.prepared(checked, call)?, decode)
                .await
        })
    }

    fn prepared(
        &self,
        checked: Result<(), ValidationError>,
        call: Result<OperationCall, BodyError>,
    ) -> Result<OperationCall, Error> {
        if self.config.validation {
            checked?;
        }
        Ok(call?)
    }

    /// Sends `call`, retrying what may be retried, and decodes a 2xx body as `T`.
    pub async fn execute<T: DeserializeOwned>(
        &self,
        call: OperationCall,
    ) -> Result<Response<T>, Error> {
        self.execute_with(call, |_, body| serde_json::from_slice(body))
            .await
    }

    /// Like [`Client::execute`], for operations whose successful statuses
    /// carry different bodies: `decode` gets the status and the body (an empty
    /// body as `null`).
    pub async fn execute_with<T>(
        &self,
        call: OperationCall,
        decode: fn(u16, &[u8]) -> Result<T, serde_json::Error>,
    ) -> Result<Response<T>, Error> {
        let operation = call.operation;
        let mut header_check = Violations::new();
        for (name, value) in &call.headers {
            header_check.header_value(name, value);
        }
        header_check.finish(operation)?;
        let scheme = if call.auth.is_empty() {
            None
        } else {
            Some(self.choose_auth(&call)?)
        };
        // The query that is sent is the one that is signed.
        let query = match scheme {
            Some(AuthScheme::Signed(algorithm)) => algorithm.canonical_query(&call.query),
            _ => query_string(&call.query),
        };
        let span = tracing::info_span!(
            "flowscribe.call",
            service = self.service.name,
            operation,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
        );
        let policy = &self.config.retry;
        let attempts = policy.max_attempts.max(1);
        let mut attempt = 0;
        loop {
            attempt += 1;
            span.record("attempt", attempt);
            let endpoint = self.endpoints.current().clone();
            let request = self.prepare(&call, scheme, &endpoint, &query)?;
            let sent = tokio::time::timeout(self.config.timeout, self.transport.send(request))
                .instrument(span.clone())
                .await;
            let last = attempt >= attempts;
            let response = match sent {
                Err(_) if !last => {
                    self.wait(attempt, None, &span, "timeout").await;
                    continue;
                }
                Err(_) => {
                    return Err(Error::Timeout {
                        operation,
                        timeout: self.config.timeout,
                    });
                }
                Ok(Err(error)) if error.retryable() && !last => {
                    if error.kind == TransportErrorKind::Connect
                        && self.endpoints.fail_over(&endpoint)
                    {
                        // Another endpoint of the region: no reason to wait.
                        span.in_scope(|| {
                            tracing::debug!(
                                failed = endpoint.base_url.as_str(),
                                next = self.endpoints.current().base_url.as_str(),
                                "endpoint unreachable, failing over"
                            );
                        });
                        continue;
                    }
                    self.wait(attempt, None, &span, "transport error").await;
                    continue;
                }
                Ok(Err(error)) => {
                    if error.kind == TransportErrorKind::Connect {
                        self.endpoints.fail_over(&endpoint);
                    }
                    return Err(match error.kind {
                        TransportErrorKind::Timeout => Error::Timeout {
                            operation,
                            timeout: self.config.timeout,
                        },
                        TransportErrorKind::BodyTooLarge { limit } => {
                            Error::ResponseTooLarge { operation, limit }
                        }
                        _ => Error::Transport {
                            operation,
                            source: error,
                        },
                    });
                }
                Ok(Ok(response)) => response,
            };
            let request_id = header_request_id(&response, &self.service.errors);
            span.record("status", response.status);
            if let Some(id) = &request_id {
                span.record("request_id", id.as_str());
            }
            span.in_scope(|| tracing::debug!(status = response.status, "response received"));
            if response.body.len() as u64 > self.config.max_response_body {
                // A transport of the caller's that does not enforce the limit.
                return Err(Error::ResponseTooLarge {
                    operation,
                    limit: self.config.max_response_body,
                });
            }
            if (200..300).contains(&response.status) {
                return decode_success(
                    &self.service.errors,
                    operation,
                    response,
                    request_id,
                    decode,
                );
            }
            let retryable = response.status == 429 || response.status >= 500;
            if retryable && !last {
                match retry_after(&response) {
                    Some(wait) if wait > policy.max_retry_after => {}
                    retry_after => {
                        self.wait(attempt, retry_after, &span, "retryable status")
                            .await;
                        continue;
                    }
                }
            }
            return Err(service_error(
                &self.service.errors,
                operation,
                response,
                request_id,
            ));
        }
    }

    async fn wait(
        &self,
        attempt: u32,
        retry_after: Option<Duration>,
        span: &tracing::Span,
        why: &str,
    ) {
        let backoff = self.config.retry.backoff(attempt);
        let wait = retry_after.map_or(backoff, |after| after.max(backoff));
        span.in_scope(|| tracing::debug!(?wait, why, "retrying"));
        tokio::time::sleep(wait).await;
    }

    /// The request of one attempt to `endpoint`: headers, and a fresh signature.
    fn prepare(
        &self,
        call: &OperationCall,
        scheme: Option<AuthScheme>,
        endpoint: &Endpoint,
        query: &str,
    ) -> Result<HttpRequest, Error> {
        let mut headers: Vec<(String, String)> = call
            .headers
            .iter()
            .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
            .collect();
        let body: Vec<u8> = match &call.body {
            Some(body) => {
                if !headers.iter().any(|(k, _)| k == "content-type") {
                    headers.push(("content-type".to_owned(), body.content_type.clone()));
                }
                body.bytes.clone()
            }
            None => Vec::new(),
        };
        headers.push(("user-agent".to_owned(), self.config.user_agent.clone()));
        match (scheme, &self.config.auth) {
            // Specs often leave security out (GitHub's declares none); a
            // token the caller configured is meant to be sent.
            (None | Some(AuthScheme::Bearer), Some(Auth::Token(token))) => {
                headers.push(bearer(token.expose()));
            }
            (None, _) => {}
            (Some(AuthScheme::Signed(algorithm)), Some(Auth::AccessKey(credentials))) => {
                let inputs = match &self.config.fixed_signature_inputs {
                    Some(fixed) => fixed.clone(),
                    None => SignatureInputs::fresh(),
                };
                let path = signed_path(&endpoint.base_url, &call.path);
                let unsigned = Unsigned {
                    method: call.method,
                    host: &endpoint.host,
                    path: &path,
                    query,
                    headers: &mut headers,
                    body: &body,
                };
                algorithm.sign(unsigned, credentials, &inputs);
            }
            (Some(AuthScheme::TokenHeader(name)), Some(Auth::Token(token))) => {
                headers.push((name.to_ascii_lowercase(), token.expose().to_owned()));
            }
            (Some(_), _) => {
                return Err(Error::Credentials(format!(
                    "{}: no credentials for the chosen scheme",
                    call.operation
                )));
            }
        }
        let url = if query.is_empty() {
            format!("{}{}", endpoint.base_url, call.path)
        } else {
            format!("{}{}?{query}", endpoint.base_url, call.path)
        };
        Ok(HttpRequest {
            method: call.method.to_owned(),
            url,
            headers,
            body,
        })
    }

    /// The first scheme the operation accepts that the configured auth can serve.
    fn choose_auth(&self, call: &OperationCall) -> Result<AuthScheme, Error> {
        let found = call.auth.iter().copied().find(|scheme| {
            matches!(
                (scheme, &self.config.auth),
                (AuthScheme::Signed(_), Some(Auth::AccessKey(_)))
                    | (
                        AuthScheme::TokenHeader(_) | AuthScheme::Bearer,
                        Some(Auth::Token(_))
                    )
            )
        });
        found.ok_or_else(|| {
            let accepted: Vec<String> = call
                .auth
                .iter()
                .map(|scheme| match scheme {
                    AuthScheme::Signed(algorithm) => format!("{} access keys", algorithm.name()),
                    AuthScheme::TokenHeader(header) => format!("a token in {header}"),
                    AuthScheme::Bearer => "a bearer token".to_owned(),
                })
                .collect();
            Error::Credentials(format!(
                "{} accepts {}, and the client has none of them",
                call.operation,
                accepted.join(" or ")
            ))
        })
    }
}

/// The `Authorization` header of a bearer token.
fn bearer(token: &str) -> (String, String) {
    ("authorization".to_owned(), format!("Bearer {token}"))
}
