//! Request signing, one module per algorithm, each testable step by step:
//! canonical request, string to sign, signature. Each module implements the
//! one `Signer` trait: its canonical query, the headers it adds and the
//! headers it signs. The client only dispatches, through
//! [`SigningAlgorithm`].

mod acs3_hmac_sha256;
mod sdk_hmac_sha256;
mod time;

use std::time::SystemTime;

pub use acs3_hmac_sha256::Acs3Request;
pub use sdk_hmac_sha256::SdkRequest;
pub use time::{format_basic, format_iso8601};

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::secret::Credentials;

/// The signing algorithms the runtime implements, named as `x-signing` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SigningAlgorithm {
    /// `SDK-HMAC-SHA256`: `X-Sdk-Date` and an `Authorization: SDK-HMAC-SHA256 Access=…` header.
    SdkHmacSha256,
    /// `ACS3-HMAC-SHA256`: `x-acs-*` headers and `Authorization: ACS3-HMAC-SHA256 Credential=…`.
    Acs3HmacSha256,
}

impl SigningAlgorithm {
    /// The algorithm's signer: the one place that picks a module by
    /// algorithm.
    fn signer(self) -> &'static dyn Signer {
        match self {
            SigningAlgorithm::SdkHmacSha256 => &sdk_hmac_sha256::SdkHmacSha256,
            SigningAlgorithm::Acs3HmacSha256 => &acs3_hmac_sha256::Acs3HmacSha256,
        }
    }

    /// The query string this algorithm signs, built from unencoded pairs. The
    /// client sends exactly this string, so that what is signed is what is sent.
    pub fn canonical_query(self, pairs: &[(String, String)]) -> String {
        self.signer().canonical_query(pairs)
    }

    /// What the algorithm is called in messages, as `x-signing` names it.
    pub fn name(self) -> &'static str {
        self.signer().name()
    }

    /// Adds the algorithm's headers and `authorization` to `request.headers`.
    pub(crate) fn sign(
        self,
        request: Unsigned<'_>,
        credentials: &Credentials,
        inputs: &SignatureInputs,
    ) {
        self.signer().sign(request, credentials, inputs);
    }
}

/// One signing algorithm, implemented by its module: the canonical query it
/// signs, the headers it adds and the headers it signs are its own.
trait Signer: Sync {
    /// What the algorithm is called in messages, as `x-signing` names it.
    fn name(&self) -> &'static str;

    /// The query string the algorithm signs, built from unencoded pairs.
    fn canonical_query(&self, pairs: &[(String, String)]) -> String;

    /// Adds the algorithm's headers and `authorization` to `request.headers`.
    fn sign(&self, request: Unsigned<'_>, credentials: &Credentials, inputs: &SignatureInputs);
}

/// What a signature depends on besides the request: the time and a nonce.
/// Each attempt gets fresh ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureInputs {
    /// The signing time.
    pub time: SystemTime,
    /// A random value used once (algorithms that take one).
    pub nonce: String,
}

impl SignatureInputs {
    /// The current time and a random 128-bit nonce in hex.
    pub fn fresh() -> Self {
        SignatureInputs {
            time: SystemTime::now(),
            nonce: format!("{:032x}", fastrand::u128(..)),
        }
    }
}

/// A request about to be signed. `headers` holds lower-case names; the
/// signer adds to it.
#[derive(Debug)]
pub(crate) struct Unsigned<'a> {
    /// The method, upper case.
    pub method: &'a str,
    /// The `Host` value (with a port when the endpoint names one).
    pub host: &'a str,
    /// The path as signed, percent-encoded per segment.
    pub path: &'a str,
    /// The algorithm's canonical query, as [`SigningAlgorithm::canonical_query`] made it.
    pub query: &'a str,
    /// The headers so far.
    pub headers: &'a mut Vec<(String, String)>,
    /// The body.
    pub body: &'a [u8],
}

impl Unsigned<'_> {
    /// The headers the signature covers: those `signs` picks by name, and `host`.
    fn signed_headers(&self, signs: impl Fn(&str) -> bool) -> Vec<(String, String)> {
        let mut signed: Vec<(String, String)> = self
            .headers
            .iter()
            .filter(|(name, _)| name != "host" && signs(name))
            .cloned()
            .collect();
        signed.push(("host".to_owned(), self.host.to_owned()));
        signed
    }
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

/// Lower-case hex HMAC-SHA256.
pub fn hmac_sha256_hex(key: &[u8], data: &[u8]) -> String {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = Hmac::<Sha256>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
    mac.update(data);
    hex::encode(mac.finalize().into_bytes())
}

/// Canonical headers (`name:value\n`, lower-case names, trimmed values, sorted)
/// and the signed header names joined by `;`.
fn canonical_headers(headers: &[(String, String)]) -> (String, String) {
    let mut sorted: Vec<(String, String)> = headers
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    sorted.sort();
    let block: String = sorted.iter().map(|(k, v)| format!("{k}:{v}\n")).collect();
    let names = sorted
        .iter()
        .map(|(k, _)| k.as_str())
        .collect::<Vec<_>>()
        .join(";");
    (block, names)
}

/// Adds `name: value` unless a header of that name is already there.
fn set_default(headers: &mut Vec<(String, String)>, name: &str, value: &str) {
    if !headers.iter().any(|(k, _)| k == name) {
        headers.push((name.to_owned(), value.to_owned()));
    }
}

#[cfg(test)]
mod tests {
    use super::{Credentials, SignatureInputs, SigningAlgorithm, Unsigned};

    /// The dispatch is the one place that picks a signer by algorithm: each
    /// algorithm's `authorization` header names that algorithm, and its
    /// canonical query is its own (ACS3 keeps a repeated name's values in
    /// the order they came; SDK sorts them).
    #[test]
    fn each_algorithm_signs_with_its_own_signer() {
        let pairs = [
            ("k".to_owned(), "b".to_owned()),
            ("k".to_owned(), "a".to_owned()),
        ];
        for (algorithm, query) in [
            (SigningAlgorithm::SdkHmacSha256, "k=a&k=b"),
            (SigningAlgorithm::Acs3HmacSha256, "k=b&k=a"),
        ] {
            assert_eq!(algorithm.canonical_query(&pairs), query, "{algorithm:?}");
            let mut headers = Vec::new();
            let request = Unsigned {
                method: "GET",
                host: "example.com",
                path: "/",
                query,
                headers: &mut headers,
                body: b"",
            };
            algorithm.sign(
                request,
                &Credentials::new("id", "secret"),
                &SignatureInputs::fresh(),
            );
            let authorization = headers
                .iter()
                .find(|(name, _)| name == "authorization")
                .map(|(_, value)| value.as_str());
            assert!(
                authorization.is_some_and(|value| value.starts_with(algorithm.name())),
                "{algorithm:?}: {authorization:?}"
            );
        }
    }
}
