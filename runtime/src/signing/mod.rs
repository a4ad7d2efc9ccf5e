//! Request signing, one module per algorithm, each testable step by step:
//! canonical request, string to sign, signature.

mod acs3_hmac_sha256;
mod sdk_hmac_sha256;
mod time;

pub use acs3_hmac_sha256::Acs3Request;
pub use sdk_hmac_sha256::SdkRequest;
pub use time::{format_basic, format_iso8601};

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// The signing algorithms the runtime implements, named as `x-signing` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SigningAlgorithm {
    /// `SDK-HMAC-SHA256`: `X-Sdk-Date` and an `Authorization: SDK-HMAC-SHA256 Access=…` header.
    SdkHmacSha256,
    /// `ACS3-HMAC-SHA256`: `x-acs-*` headers and `Authorization: ACS3-HMAC-SHA256 Credential=…`.
    Acs3HmacSha256,
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
