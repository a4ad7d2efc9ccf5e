//! `ACS3-HMAC-SHA256`, Alibaba Cloud's signature v3.
//!
//! Canonical request, one item per line: the method; the path (`/` for RPC
//! calls); the canonical query; the signed headers as `name:value` lines
//! followed by an empty line; the signed header names joined by `;`; the hex
//! SHA-256 of the body (also sent as `x-acs-content-sha256`). The string to sign
//! is `ACS3-HMAC-SHA256\n<hex SHA-256 of the canonical request>`; the signature
//! is its hex HMAC-SHA256 keyed with the access key secret.
//!
//! The canonical query sorts the parameters by their raw name (an RPC call
//! never repeats one: lists are flattened as `Tags.1.Key`), and percent-encodes
//! names and values (all but `A-Z a-z 0-9 - _ . ~`), as the vendor's signature
//! specification says. The vendor's SDK (`alibabacloud_tea_openapi`), which
//! the differential tests run against, encodes only values; API parameter
//! names are made of characters that encoding leaves alone, so the two agree.
//! The signed headers are `host`, `content-type` when there is one, and every
//! `x-acs-*` header.

use super::{SignatureInputs, Signer, Unsigned, canonical_headers, hmac_sha256_hex, sha256_hex};
use crate::encoding::query_string;
use crate::secret::Credentials;

/// The `ACS3-HMAC-SHA256` signer.
pub(super) struct Acs3HmacSha256;

impl Signer for Acs3HmacSha256 {
    fn name(&self) -> &'static str {
        "ACS3-HMAC-SHA256"
    }

    /// The canonical query: pairs in the order of their raw names (stable for a
    /// repeated name), each part percent-encoded, joined by `&`.
    fn canonical_query(&self, pairs: &[(String, String)]) -> String {
        let mut sorted = pairs.to_vec();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        query_string(&sorted)
    }

    /// Adds `x-acs-date`, `x-acs-signature-nonce`, `x-acs-content-sha256`,
    /// `x-acs-security-token` with temporary credentials, and the `authorization`.
    fn sign(&self, request: Unsigned<'_>, credentials: &Credentials, inputs: &SignatureInputs) {
        let headers = &mut *request.headers;
        headers.push(("x-acs-date".to_owned(), super::format_iso8601(inputs.time)));
        headers.push(("x-acs-signature-nonce".to_owned(), inputs.nonce.clone()));
        headers.push(("x-acs-content-sha256".to_owned(), sha256_hex(request.body)));
        if let Some(token) = &credentials.security_token {
            headers.push(("x-acs-security-token".to_owned(), token.expose().to_owned()));
        }
        let signed =
            request.signed_headers(|name| name.starts_with("x-acs-") || name == "content-type");
        let authorization = Acs3Request {
            method: request.method,
            path: request.path,
            query: request.query,
            headers: &signed,
            body: request.body,
        }
        .authorization(
            &credentials.access_key_id,
            credentials.secret_access_key.expose(),
        );
        request
            .headers
            .push(("authorization".to_owned(), authorization));
    }
}

/// The parts of a request that the signature covers.
#[derive(Debug, Clone, Copy)]
pub struct Acs3Request<'a> {
    /// The method, upper case.
    pub method: &'a str,
    /// The path, already percent-encoded.
    pub path: &'a str,
    /// The canonical query string (encoded, sorted).
    pub query: &'a str,
    /// The headers to sign: `host` and every `x-acs-*` header.
    pub headers: &'a [(String, String)],
    /// The body.
    pub body: &'a [u8],
}

impl Acs3Request<'_> {
    /// The canonical request.
    pub fn canonical_request(&self) -> String {
        let (headers, names) = canonical_headers(self.headers);
        format!(
            "{}\n{}\n{}\n{headers}\n{names}\n{}",
            self.method,
            self.path,
            self.query,
            sha256_hex(self.body)
        )
    }

    /// The string to sign.
    pub fn string_to_sign(&self) -> String {
        format!(
            "ACS3-HMAC-SHA256\n{}",
            sha256_hex(self.canonical_request().as_bytes())
        )
    }

    /// The `Authorization` header value.
    pub fn authorization(&self, access_key_id: &str, secret: &str) -> String {
        let (_, names) = canonical_headers(self.headers);
        let signature = hmac_sha256_hex(secret.as_bytes(), self.string_to_sign().as_bytes());
        format!(
            "ACS3-HMAC-SHA256 Credential={access_key_id},SignedHeaders={names},Signature={signature}"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EMPTY: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    fn headers(
        action: &str,
        version: &str,
        host: &str,
        date: &str,
        nonce: &str,
    ) -> Vec<(String, String)> {
        [
            ("host", host),
            ("x-acs-action", action),
            ("x-acs-version", version),
            ("x-acs-date", date),
            ("x-acs-signature-nonce", nonce),
            ("x-acs-content-sha256", EMPTY),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
    }

    /// The vendor's published worked example (RunInstances), every step.
    #[test]
    fn published_example_step_by_step() {
        let headers = headers(
            "RunInstances",
            "2014-05-26",
            "ecs.cn-shanghai.aliyuncs.com",
            "2023-10-26T10:22:32Z",
            "3156853299f313e23d1673dc12e1703d",
        );
        let query = Acs3HmacSha256.canonical_query(&[
            ("RegionId".to_owned(), "cn-shanghai".to_owned()),
            (
                "ImageId".to_owned(),
                "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd".to_owned(),
            ),
        ]);
        let request = Acs3Request {
            method: "POST",
            path: "/",
            query: &query,
            headers: &headers,
            body: b"",
        };
        assert_eq!(
            request.canonical_request(),
            format!(
                "POST\n/\nImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai\n\
                 host:ecs.cn-shanghai.aliyuncs.com\nx-acs-action:RunInstances\nx-acs-content-sha256:{EMPTY}\n\
                 x-acs-date:2023-10-26T10:22:32Z\nx-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\n\
                 x-acs-version:2014-05-26\n\n\
                 host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version\n{EMPTY}"
            )
        );
        assert_eq!(
            request.string_to_sign(),
            "ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259"
        );
        assert_eq!(
            request.authorization("YourAccessKeyId", "YourAccessKeySecret"),
            "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,\
             SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,\
             Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
        );
    }

    /// DescribeFlowLogs with a flattened tag whose value needs encoding, worked
    /// through by hand.
    #[test]
    fn describe_flow_logs_with_tags() {
        let headers = headers(
            "DescribeFlowLogs",
            "2016-04-28",
            "vpc.aliyuncs.com",
            "2024-06-21T02:17:52Z",
            "nonce-1",
        );
        let query = Acs3HmacSha256.canonical_query(&[
            ("RegionId".to_owned(), "cn-hangzhou".to_owned()),
            ("Tags.1.Key".to_owned(), "FinanceDept".to_owned()),
            ("Tags.1.Value".to_owned(), "Finance Joshua/*".to_owned()),
        ]);
        assert_eq!(
            query,
            "RegionId=cn-hangzhou&Tags.1.Key=FinanceDept&Tags.1.Value=Finance%20Joshua%2F%2A"
        );
        let request = Acs3Request {
            method: "POST",
            path: "/",
            query: &query,
            headers: &headers,
            body: b"",
        };
        assert_eq!(
            request.string_to_sign(),
            "ACS3-HMAC-SHA256\nece4723cd55619ef37d0059bdf70dbd3f122b4c055759b338efb9032d2cab848"
        );
        assert_eq!(
            request.authorization("AKID", "SECRET"),
            "ACS3-HMAC-SHA256 Credential=AKID,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=19117c548dd7f9f16f3c67f170769fc4e01cdc330bdff355c44dff86929cf786"
        );
    }
}
