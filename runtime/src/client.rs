//! Sending an operation: endpoint, headers, signing, retries, decoding.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use serde::de::DeserializeOwned;
use serde_json::Value;
use tracing::Instrument;

use crate::config::{Auth, Config};
use crate::encoding::canonical_query;
use crate::error::{Error, ServiceError};
use crate::request::{AuthScheme, OperationCall, ServiceInfo};
use crate::signing::{self, Acs3Request, SdkRequest, SigningAlgorithm};
use crate::transport::{HttpRequest, HttpResponse, ReqwestTransport, Transport};
use crate::validation::Violations;

/// A decoded answer and what came with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Response<T> {
    /// The decoded body.
    pub data: T,
    /// The HTTP status.
    pub status: u16,
    /// The vendor's request id (`X-Request-Id`, `x-acs-request-id` or the
    /// body's `RequestId`).
    pub request_id: Option<String>,
}

impl<T> Response<T> {
    /// The decoded body.
    pub fn into_data(self) -> T {
        self.data
    }
}

/// A configured connection to one service; cheap to clone.
#[derive(Debug, Clone)]
pub struct Client {
    service: &'static ServiceInfo,
    base_url: String,
    host: String,
    config: Arc<Config>,
    transport: Arc<dyn Transport>,
}

impl Client {
    /// A client for `service` with `config`. Fails on an unusable endpoint.
    pub fn new(service: &'static ServiceInfo, config: Config) -> Result<Self, Error> {
        let base_url = resolve_endpoint(service, &config)?;
        let host = base_url
            .split_once("://")
            .map(|(_, rest)| rest.split('/').next().unwrap_or_default().to_owned())
            .filter(|host| !host.is_empty())
            .ok_or_else(|| {
                Error::Config(format!(
                    "endpoint `{base_url}` is not an absolute http(s) URL"
                ))
            })?;
        let transport: Arc<dyn Transport> = match &config.transport {
            Some(transport) => transport.clone(),
            None => Arc::new(
                ReqwestTransport::new(config.connect_timeout)
                    .map_err(|e| Error::Config(e.to_string()))?,
            ),
        };
        Ok(Client {
            service,
            base_url,
            host,
            config: Arc::new(config),
            transport,
        })
    }

    /// The endpoint requests go to.
    pub fn endpoint(&self) -> &str {
        &self.base_url
    }

    /// Whether documented constraints are checked before sending.
    pub fn validation_enabled(&self) -> bool {
        self.config.validation
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
        let query = canonical_query(&call.query);
        let url = if query.is_empty() {
            format!("{}{}", self.base_url, call.path)
        } else {
            format!("{}{}?{query}", self.base_url, call.path)
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
            let request = self.prepare(&call, &url, &query)?;
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
                Ok(Err(error)) if error.retryable && !last => {
                    self.wait(attempt, None, &span, "transport error").await;
                    continue;
                }
                Ok(Err(error)) if error.timed_out => {
                    return Err(Error::Timeout {
                        operation,
                        timeout: self.config.timeout,
                    });
                }
                Ok(Err(source)) => return Err(Error::Transport { operation, source }),
                Ok(Ok(response)) => response,
            };
            let request_id = header_request_id(&response);
            span.record("status", response.status);
            if let Some(id) = &request_id {
                span.record("request_id", id.as_str());
            }
            span.in_scope(|| tracing::debug!(status = response.status, "response received"));
            if (200..300).contains(&response.status) {
                return decode_success(operation, response, request_id, decode);
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
            return Err(service_error(operation, response, request_id));
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

    /// The request of one attempt: headers, and a fresh signature.
    fn prepare(&self, call: &OperationCall, url: &str, query: &str) -> Result<HttpRequest, Error> {
        let mut headers: Vec<(String, String)> = call
            .headers
            .iter()
            .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
            .collect();
        let body: Vec<u8> = match &call.body {
            Some(body) => {
                set_default(&mut headers, "content-type", &body.content_type);
                body.bytes.clone()
            }
            None => Vec::new(),
        };
        if call.auth.is_empty() {
            // Specs often leave security out (GitHub's declares none); a
            // token the caller configured is meant to be sent.
            if let Some(Auth::Token(token)) = &self.config.auth {
                headers.push(bearer(token.expose()));
            }
            headers.push(("user-agent".to_owned(), self.config.user_agent.clone()));
            return Ok(HttpRequest {
                method: call.method.to_owned(),
                url: url.to_owned(),
                headers,
                body,
            });
        }
        let scheme = self.choose_auth(call)?;
        let now = SystemTime::now();
        match (scheme, &self.config.auth) {
            (
                AuthScheme::Signed(SigningAlgorithm::SdkHmacSha256),
                Some(Auth::AccessKey(credentials)),
            ) => {
                set_default(&mut headers, "content-type", "application/json");
                let date = signing::format_basic(now);
                headers.push(("x-sdk-date".to_owned(), date.clone()));
                if let Some(project) = &credentials.project_id {
                    headers.push(("x-project-id".to_owned(), project.clone()));
                }
                if let Some(token) = &credentials.security_token {
                    headers.push(("x-security-token".to_owned(), token.expose().to_owned()));
                }
                let mut signed = headers.clone();
                signed.push(("host".to_owned(), self.host.clone()));
                let path = signed_path(url, &self.base_url);
                let request = SdkRequest {
                    method: call.method,
                    path: &path,
                    query,
                    headers: &signed,
                    body: &body,
                };
                let authorization = request.authorization(
                    &credentials.access_key_id,
                    credentials.secret_access_key.expose(),
                    &date,
                );
                headers.push(("authorization".to_owned(), authorization));
            }
            (
                AuthScheme::Signed(SigningAlgorithm::Acs3HmacSha256),
                Some(Auth::AccessKey(credentials)),
            ) => {
                headers.push(("x-acs-date".to_owned(), signing::format_iso8601(now)));
                headers.push((
                    "x-acs-signature-nonce".to_owned(),
                    format!("{:032x}", fastrand::u128(..)),
                ));
                headers.push((
                    "x-acs-content-sha256".to_owned(),
                    signing::sha256_hex(&body),
                ));
                if let Some(token) = &credentials.security_token {
                    headers.push(("x-acs-security-token".to_owned(), token.expose().to_owned()));
                }
                let mut signed: Vec<(String, String)> = headers
                    .iter()
                    .filter(|(k, _)| k.starts_with("x-acs-") || k == "content-type")
                    .cloned()
                    .collect();
                signed.push(("host".to_owned(), self.host.clone()));
                let path = signed_path(url, &self.base_url);
                let request = Acs3Request {
                    method: call.method,
                    path: &path,
                    query,
                    headers: &signed,
                    body: &body,
                };
                let authorization = request.authorization(
                    &credentials.access_key_id,
                    credentials.secret_access_key.expose(),
                );
                headers.push(("authorization".to_owned(), authorization));
            }
            (AuthScheme::TokenHeader(name), Some(Auth::Token(token))) => {
                headers.push((name.to_ascii_lowercase(), token.expose().to_owned()));
            }
            (AuthScheme::Bearer, Some(Auth::Token(token))) => {
                headers.push(bearer(token.expose()));
            }
            _ => {
                return Err(Error::Credentials(format!(
                    "{}: no credentials for the chosen scheme",
                    call.operation
                )));
            }
        }
        headers.push(("user-agent".to_owned(), self.config.user_agent.clone()));
        Ok(HttpRequest {
            method: call.method.to_owned(),
            url: url.to_owned(),
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
                    AuthScheme::Signed(SigningAlgorithm::SdkHmacSha256) => {
                        "SDK-HMAC-SHA256 access keys".to_owned()
                    }
                    AuthScheme::Signed(SigningAlgorithm::Acs3HmacSha256) => {
                        "ACS3-HMAC-SHA256 access keys".to_owned()
                    }
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

/// The base URL: the override, the region's own endpoint, or the template.
fn resolve_endpoint(service: &ServiceInfo, config: &Config) -> Result<String, Error> {
    if let Some(endpoint) = &config.endpoint {
        return Ok(endpoint.trim_end_matches('/').to_owned());
    }
    let default_region = service
        .variables
        .iter()
        .find(|(name, _)| *name == "region")
        .map(|(_, v)| *v);
    let region = config.region.as_deref().or(default_region);
    if let Some(region) = region {
        if let Some((_, url)) = service.region_endpoints.iter().find(|(r, _)| *r == region) {
            return Ok(url.trim_end_matches('/').to_owned());
        }
        if region.is_empty()
            || !region
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            return Err(Error::Config(format!(
                "region `{region}` is not a region name"
            )));
        }
    }
    let mut url = service.url_template.to_owned();
    for (name, default) in service.variables {
        let value = if *name == "region" {
            region.unwrap_or(default)
        } else {
            default
        };
        url = url.replace(&format!("{{{name}}}"), value);
    }
    Ok(url.trim_end_matches('/').to_owned())
}

/// The path as signed: the URL's path (with any base path), without the query.
fn signed_path(url: &str, base: &str) -> String {
    let after_host = base
        .split_once("://")
        .map(|(_, rest)| rest.find('/').map(|i| &rest[i..]).unwrap_or(""))
        .unwrap_or("");
    let path = url[base.len()..].split('?').next().unwrap_or_default();
    let full = format!("{after_host}{path}");
    if full.is_empty() {
        "/".to_owned()
    } else {
        full
    }
}

fn set_default(headers: &mut Vec<(String, String)>, name: &str, value: &str) {
    if !headers.iter().any(|(k, _)| k == name) {
        headers.push((name.to_owned(), value.to_owned()));
    }
}

fn header_request_id(response: &HttpResponse) -> Option<String> {
    response
        .header("x-request-id")
        .or_else(|| response.header("x-acs-request-id"))
        .map(str::to_owned)
}

fn body_field(body: &Value, names: &[&str]) -> Option<String> {
    names.iter().find_map(|name| match body.get(name)? {
        Value::String(text) => Some(text.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    })
}

fn body_start(body: &[u8]) -> String {
    String::from_utf8_lossy(body).chars().take(256).collect()
}

/// The `Authorization` header of a bearer token.
fn bearer(token: &str) -> (String, String) {
    ("authorization".to_owned(), format!("Bearer {token}"))
}

fn decode_success<T>(
    operation: &'static str,
    response: HttpResponse,
    request_id: Option<String>,
    decode: fn(u16, &[u8]) -> Result<T, serde_json::Error>,
) -> Result<Response<T>, Error> {
    // An empty body decodes as JSON `null`, so that operations without a
    // documented body still succeed.
    let bytes: &[u8] = if response.body.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        &response.body
    };
    match decode(response.status, bytes) {
        Ok(data) => {
            let request_id = request_id.or_else(|| {
                serde_json::from_slice::<Value>(bytes)
                    .ok()
                    .and_then(|v| body_field(&v, &["RequestId", "request_id"]))
            });
            Ok(Response {
                data,
                status: response.status,
                request_id,
            })
        }
        Err(error) => Err(Error::Decode {
            operation,
            status: response.status,
            message: error.to_string(),
            body_start: body_start(&response.body),
            request_id,
        }),
    }
}

fn service_error(
    operation: &'static str,
    response: HttpResponse,
    request_id: Option<String>,
) -> Error {
    let body: Value = serde_json::from_slice(&response.body).unwrap_or(Value::Null);
    Error::Service(Box::new(ServiceError {
        operation,
        status: response.status,
        code: body_field(&body, &["error_code", "Code", "code"]),
        message: body_field(&body, &["error_msg", "Message", "message"]),
        request_id: request_id.or_else(|| body_field(&body, &["RequestId", "request_id"])),
        body: String::from_utf8_lossy(&response.body).into_owned(),
    }))
}

/// The wait a `Retry-After` header asks for (seconds or an HTTP date).
fn retry_after(response: &HttpResponse) -> Option<Duration> {
    let value = response.header("retry-after")?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(SystemTime::now()).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::ServiceInfo;

    static SERVICE: ServiceInfo = ServiceInfo {
        name: "test",
        url_template: "https://vpc.{region}.example.com",
        variables: &[("region", "cn-hangzhou")],
        region_endpoints: &[("cn-hangzhou", "https://vpc.example.com")],
        credentials_env: None,
    };

    #[test]
    fn endpoints_follow_region_overrides_and_template() {
        let resolve = |config: Config| resolve_endpoint(&SERVICE, &config).expect("resolves");
        assert_eq!(resolve(Config::default()), "https://vpc.example.com");
        assert_eq!(
            resolve(Config::builder().region("eu-central-1").build()),
            "https://vpc.eu-central-1.example.com"
        );
        assert_eq!(
            resolve(Config::builder().endpoint("http://127.0.0.1:9/").build()),
            "http://127.0.0.1:9"
        );
        assert!(resolve_endpoint(&SERVICE, &Config::builder().region("x/../y").build()).is_err());
    }

    #[test]
    fn successful_bodies_decode_by_status_and_empty_bodies_as_null() {
        fn by_status(status: u16, body: &[u8]) -> Result<(u16, Value), serde_json::Error> {
            serde_json::from_slice(body).map(|value| (status, value))
        }
        let response = |status: u16, body: &str| HttpResponse {
            status,
            headers: Vec::new(),
            body: body.as_bytes().to_vec(),
        };
        let created =
            decode_success("op", response(201, r#"{"id":1}"#), None, by_status).expect("decodes");
        assert_eq!(created.data, (201, serde_json::json!({"id": 1})));
        let empty = decode_success("op", response(204, " "), Some("r-1".into()), by_status)
            .expect("decodes");
        assert_eq!(empty.data, (204, Value::Null));
        assert_eq!(empty.request_id.as_deref(), Some("r-1"));
        let broken =
            decode_success("op", response(200, "{"), None, by_status).expect_err("does not decode");
        assert!(
            matches!(broken, Error::Decode { status: 200, .. }),
            "{broken:?}"
        );
    }

    #[test]
    fn signed_path_includes_a_base_path() {
        assert_eq!(signed_path("http://h/v1/a?x=1", "http://h"), "/v1/a");
        assert_eq!(
            signed_path("http://h/base/v1/a", "http://h/base"),
            "/base/v1/a"
        );
        assert_eq!(signed_path("http://h?x=1", "http://h"), "/");
    }
}
