//! `SDK-HMAC-SHA256`, the access-key signature of Huawei Cloud's SDKs.
//!
//! Canonical request, one item per line: the method; the path, each segment
//! percent-encoded, always ending in `/`; the canonical query; the signed
//! headers as `name:value` lines followed by an empty line; the signed header
//! names joined by `;`; the hex SHA-256 of the body. The string to sign is
//! `SDK-HMAC-SHA256\n<X-Sdk-Date>\n<hex SHA-256 of the canonical request>`, and
//! the signature is the hex HMAC-SHA256 of it keyed with the secret key.
//!
//! Where the vendor's page is silent, this follows the vendor's SDK
//! (`huaweicloudsdkcore`, `signer.py`), which the differential tests run
//! against: the canonical query is sorted by key and then by the raw,
//! unencoded value (so `2001:db8:0:1::1` comes before `2001:db8::1`, although
//! `%3A` sorts before `0`), and every header sent is signed except those with
//! `_` in the name.

use super::{
    SignatureInputs, Signer, Unsigned, canonical_headers, hmac_sha256_hex, set_default, sha256_hex,
};
use crate::encoding::query_string;
use crate::secret::Credentials;

/// The `SDK-HMAC-SHA256` signer.
pub(super) struct SdkHmacSha256;

impl Signer for SdkHmacSha256 {
    fn name(&self) -> &'static str {
        "SDK-HMAC-SHA256"
    }

    /// The canonical query: pairs sorted by raw key, then raw value, each part
    /// percent-encoded (all but `A-Z a-z 0-9 - _ . ~`), joined by `&`.
    fn canonical_query(&self, pairs: &[(String, String)]) -> String {
        let mut sorted = pairs.to_vec();
        sorted.sort();
        query_string(&sorted)
    }

    /// Adds `content-type` (JSON, as the vendor's SDKs send even on GET),
    /// `x-sdk-date`, `x-project-id` and `x-security-token` when the credentials
    /// carry them, and the `authorization` signed over every header.
    fn sign(&self, request: Unsigned<'_>, credentials: &Credentials, inputs: &SignatureInputs) {
        let headers = &mut *request.headers;
        set_default(headers, "content-type", "application/json");
        let date = super::format_basic(inputs.time);
        headers.push(("x-sdk-date".to_owned(), date.clone()));
        if let Some(project) = &credentials.project_id {
            headers.push(("x-project-id".to_owned(), project.clone()));
        }
        if let Some(token) = &credentials.security_token {
            headers.push(("x-security-token".to_owned(), token.expose().to_owned()));
        }
        let signed = request.signed_headers(|name| !name.contains('_'));
        let authorization = SdkRequest {
            method: request.method,
            path: request.path,
            query: request.query,
            headers: &signed,
            body: request.body,
        }
        .authorization(
            &credentials.access_key_id,
            credentials.secret_access_key.expose(),
            &date,
        );
        request
            .headers
            .push(("authorization".to_owned(), authorization));
    }
}

/// The parts of a request that the signature covers.
#[derive(Debug, Clone, Copy)]
pub struct SdkRequest<'a> {
    /// The method, upper case.
    pub method: &'a str,
    /// The path, already percent-encoded per segment.
    pub path: &'a str,
    /// The canonical query string (encoded, sorted).
    pub query: &'a str,
    /// The headers to sign (`host` and `x-sdk-date` among them).
    pub headers: &'a [(String, String)],
    /// The body.
    pub body: &'a [u8],
}

impl SdkRequest<'_> {
    /// The canonical request.
    pub fn canonical_request(&self) -> String {
        let mut uri = self.path.to_owned();
        if !uri.ends_with('/') {
            uri.push('/');
        }
        let (headers, names) = canonical_headers(self.headers);
        format!(
            "{}\n{uri}\n{}\n{headers}\n{names}\n{}",
            self.method,
            self.query,
            sha256_hex(self.body)
        )
    }

    /// The string to sign, for the `X-Sdk-Date` value `date`.
    pub fn string_to_sign(&self, date: &str) -> String {
        string_to_sign(date, &sha256_hex(self.canonical_request().as_bytes()))
    }

    /// The `Authorization` header value.
    pub fn authorization(&self, access_key_id: &str, secret: &str, date: &str) -> String {
        let (_, names) = canonical_headers(self.headers);
        let signature = signature(secret, &self.string_to_sign(date));
        format!(
            "SDK-HMAC-SHA256 Access={access_key_id}, SignedHeaders={names}, Signature={signature}"
        )
    }
}

/// The string to sign from the date and the hashed canonical request.
pub fn string_to_sign(date: &str, hashed_canonical_request: &str) -> String {
    format!("SDK-HMAC-SHA256\n{date}\n{hashed_canonical_request}")
}

/// The hex HMAC-SHA256 of the string to sign, keyed with the secret key.
pub fn signature(secret: &str, string_to_sign: &str) -> String {
    hmac_sha256_hex(secret.as_bytes(), string_to_sign.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    /// Repeated keys sort by the raw value, as the vendor's SDK sorts them,
    /// not by the encoded one (`%3A` would sort before `0`).
    #[test]
    fn canonical_query_sorts_raw_values() {
        let query = SdkHmacSha256.canonical_query(&pairs(&[
            ("ip", "2001:db8::1"),
            ("fw_instance_id", "x"),
            ("ip", "2001:db8:0:1::1"),
        ]));
        assert_eq!(
            query,
            "fw_instance_id=x&ip=2001%3Adb8%3A0%3A1%3A%3A1&ip=2001%3Adb8%3A%3A1"
        );
        let query = SdkHmacSha256.canonical_query(&pairs(&[
            ("k", "b"),
            ("k", "B"),
            ("k", "a b"),
            ("k", ""),
        ]));
        assert_eq!(query, "k=&k=B&k=a%20b&k=b");
    }

    /// The vendor's published worked example of the last step.
    #[test]
    fn published_example_signature() {
        let sts = string_to_sign(
            "20191115T033655Z",
            "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a",
        );
        assert_eq!(
            sts,
            "SDK-HMAC-SHA256\n20191115T033655Z\nb25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a"
        );
        assert_eq!(
            signature("MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc", &sts),
            "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe"
        );
    }

    /// A CFW flow-log query, worked through by hand step by step.
    #[test]
    fn flow_log_query_step_by_step() {
        let headers = vec![
            (
                "Host".to_owned(),
                "cfw.cn-north-4.myhuaweicloud.com".to_owned(),
            ),
            ("X-Sdk-Date".to_owned(), "20240621T021752Z".to_owned()),
            ("Content-Type".to_owned(), "application/json".to_owned()),
            (
                "X-Project-Id".to_owned(),
                " 9d80d070b6d44942af73c9c3d38e0429 ".to_owned(),
            ),
        ];
        let request = SdkRequest {
            method: "GET",
            path: "/v1/9d80d070b6d44942af73c9c3d38e0429/cfw/logs/flow",
            query: "end_time=1664159798000&fw_instance_id=2af58b7c-893c-4453-a984-bdd9b1bd6318&limit=10&start_time=1663555012000",
            headers: &headers,
            body: b"",
        };
        assert_eq!(
            request.canonical_request(),
            "GET\n\
             /v1/9d80d070b6d44942af73c9c3d38e0429/cfw/logs/flow/\n\
             end_time=1664159798000&fw_instance_id=2af58b7c-893c-4453-a984-bdd9b1bd6318&limit=10&start_time=1663555012000\n\
             content-type:application/json\n\
             host:cfw.cn-north-4.myhuaweicloud.com\n\
             x-project-id:9d80d070b6d44942af73c9c3d38e0429\n\
             x-sdk-date:20240621T021752Z\n\
             \n\
             content-type;host;x-project-id;x-sdk-date\n\
             e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            request.string_to_sign("20240621T021752Z"),
            "SDK-HMAC-SHA256\n20240621T021752Z\nbb97a31043568f00e71b6f56b6d846a6e8315a7795135d25deeb5d84f44fbde9"
        );
        assert_eq!(
            request.authorization("AKIDEXAMPLE", "SECRETEXAMPLE", "20240621T021752Z"),
            "SDK-HMAC-SHA256 Access=AKIDEXAMPLE, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=1a5d67ec13d650f3062dfe4d316ef9a0d1a233ef07d94e2abcbce80eec156918"
        );
    }
}
