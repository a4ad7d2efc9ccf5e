//! Client settings: region and endpoint, credentials, timeouts, retries,
//! validation and the transport.

use std::sync::Arc;
use std::time::Duration;

use crate::error::Error;
use crate::request::ServiceInfo;
use crate::secret::{Credentials, Secret};
use crate::signing::SignatureInputs;
use crate::transport::{DEFAULT_MAX_RESPONSE_BODY, Transport};

/// How requests authenticate.
#[derive(Clone, Debug)]
pub enum Auth {
    /// Sign every request with an access key pair (the algorithm is the one the
    /// operation's spec names).
    AccessKey(Credentials),
    /// Send a token in the header the operation's spec names.
    Token(Secret),
}

/// When and how often a failed call is sent again. Every generated operation
/// is a read-only query, so connection errors, timeouts, 429 and 5xx answers
/// are retried.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; 1 turns retries off.
    pub max_attempts: u32,
    /// The backoff ceiling before the first retry; it doubles each retry.
    pub initial_backoff: Duration,
    /// The largest backoff ceiling.
    pub max_backoff: Duration,
    /// The longest `Retry-After` that is honoured; a longer one ends retrying.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// One attempt only.
    pub fn disabled() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// The wait before retry number `retry` (1-based): "full jitter", a random
    /// duration up to `initial_backoff * 2^(retry-1)`, capped at `max_backoff`.
    pub fn backoff(&self, retry: u32) -> Duration {
        let factor = 2u32.saturating_pow(retry.saturating_sub(1));
        let ceiling = self
            .initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff);
        ceiling.mul_f64(fastrand::f64())
    }
}

/// The settings of a client. Build one with [`Config::builder`].
#[derive(Clone, Debug)]
pub struct Config {
    pub(crate) region: Option<String>,
    pub(crate) endpoint: Option<String>,
    pub(crate) auth: Option<Auth>,
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) user_agent: String,
    pub(crate) validation: bool,
    pub(crate) transport: Option<Arc<dyn Transport>>,
    pub(crate) max_response_body: u64,
    pub(crate) fixed_signature_inputs: Option<SignatureInputs>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            region: None,
            endpoint: None,
            auth: None,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            user_agent: concat!("flowscribe/", env!("CARGO_PKG_VERSION")).to_owned(),
            validation: true,
            transport: None,
            max_response_body: DEFAULT_MAX_RESPONSE_BODY,
            fixed_signature_inputs: None,
        }
    }
}

impl Config {
    /// A builder with the defaults: the spec's default region, 30 s timeout,
    /// 3 attempts, validation on, reqwest with rustls.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder(Config::default())
    }

    /// The defaults, with access keys read from the environment variables the
    /// service's spec names.
    pub fn from_env(service: &ServiceInfo) -> Result<Config, Error> {
        Ok(Config::builder_from_env(service)?.build())
    }

    /// A builder holding the access keys read from the environment variables
    /// the service's spec names, to set region, endpoint and the rest on.
    pub fn builder_from_env(service: &ServiceInfo) -> Result<ConfigBuilder, Error> {
        let names = service.credentials_env.ok_or_else(|| {
            Error::Credentials(format!(
                "the spec of {} names no credential environment variables",
                service.name
            ))
        })?;
        Ok(Config::builder().credentials(Credentials::from_env(&names)?))
    }

    /// Whether documented constraints are checked before sending.
    pub fn validation(&self) -> bool {
        self.validation
    }
}

/// Builds a [`Config`].
#[derive(Debug)]
pub struct ConfigBuilder(Config);

impl ConfigBuilder {
    /// The region (for example `cn-north-4`); it selects the endpoint.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.0.region = Some(region.into());
        self
    }

    /// An endpoint that replaces the region's (for example `http://127.0.0.1:8080`).
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.0.endpoint = Some(endpoint.into());
        self
    }

    /// Sign requests with these access keys.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.0.auth = Some(Auth::AccessKey(credentials));
        self
    }

    /// Authenticate with a token instead.
    pub fn token(mut self, token: impl Into<Secret>) -> Self {
        self.0.auth = Some(Auth::Token(token.into()));
        self
    }

    /// How long one attempt may take, from sending to the end of the body.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.0.timeout = timeout;
        self
    }

    /// How long connecting may take (default transport only).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.0.connect_timeout = timeout;
        self
    }

    /// The retry policy; [`RetryPolicy::disabled`] turns retries off.
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.0.retry = retry;
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.0.user_agent = user_agent.into();
        self
    }

    /// Whether to check documented constraints before sending (default on).
    /// Vendor pages are sometimes wrong; this lets a caller send what a page
    /// forbids.
    pub fn validation(mut self, enabled: bool) -> Self {
        self.0.validation = enabled;
        self
    }

    /// The largest response body accepted, in bytes after decompression
    /// (default 64 MiB). The default transport stops reading there; a call
    /// whose body is larger fails with
    /// [`Error::ResponseTooLarge`](crate::Error::ResponseTooLarge).
    pub fn max_response_body(mut self, bytes: u64) -> Self {
        self.0.max_response_body = bytes;
        self
    }

    /// Signs every request at this time with this nonce instead of fresh
    /// ones. For tests that compare signed requests with another
    /// implementation of the vendor's signature; a server refuses a repeated
    /// nonce or a stale time.
    #[doc(hidden)]
    pub fn fixed_signature_inputs(mut self, inputs: SignatureInputs) -> Self {
        self.0.fixed_signature_inputs = Some(inputs);
        self
    }

    /// Another HTTP stack.
    pub fn transport(mut self, transport: Arc<dyn Transport>) -> Self {
        self.0.transport = Some(transport);
        self
    }

    /// The configuration.
    pub fn build(self) -> Config {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_is_jittered_under_a_doubling_capped_ceiling() {
        let policy = RetryPolicy::default();
        for retry in 1..10 {
            let ceiling =
                (Duration::from_millis(200) * 2u32.pow(retry - 1)).min(Duration::from_secs(5));
            for _ in 0..20 {
                assert!(policy.backoff(retry) <= ceiling);
            }
        }
    }

    #[test]
    fn debug_output_hides_secrets() {
        let config = Config::builder()
            .credentials(Credentials::new("AK", "SK-secret"))
            .build();
        assert!(!format!("{config:?}").contains("SK-secret"));
        let config = Config::builder().token("token-secret").build();
        assert!(!format!("{config:?}").contains("token-secret"));
    }
}
