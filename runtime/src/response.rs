//! Reading a response: a decoded body with its request id, or the typed error
//! of a service error, an unexpected media type or a body that does not decode.

use std::time::{Duration, SystemTime};

use serde_json::Value;

use crate::error::{Error, ServiceError};
use crate::request::ErrorFields;
use crate::transport::HttpResponse;

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

pub(crate) fn header_request_id(response: &HttpResponse, fields: &ErrorFields) -> Option<String> {
    fields
        .request_id_headers
        .iter()
        .find_map(|name| response.header(name))
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

/// Whether a `Content-Type` value names JSON (`application/json`,
/// `text/json`, or any `+json` type), parameters aside.
fn is_json(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence == "text/json" || essence.ends_with("+json")
}

/// Decodes a successful response. A body that does not decode under a
/// `Content-Type` that is not JSON (an HTML page of a proxy, say) is an
/// [`Error::UnexpectedContentType`]; JSON sent under another type still
/// decodes. An empty body decodes as JSON `null`, so that operations without
/// a documented body succeed.
pub(crate) fn decode_success<T>(
    fields: &ErrorFields,
    operation: &'static str,
    response: HttpResponse,
    request_id: Option<String>,
    decode: fn(u16, &[u8]) -> Result<T, serde_json::Error>,
) -> Result<Response<T>, Error> {
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
                    .and_then(|v| body_field(&v, fields.request_id))
            });
            Ok(Response {
                data,
                status: response.status,
                request_id,
            })
        }
        Err(error) => match response.header("content-type") {
            Some(content_type) if !is_json(content_type) => Err(Error::UnexpectedContentType {
                operation,
                status: response.status,
                content_type: content_type.to_owned(),
                body_start: body_start(&response.body),
                request_id,
            }),
            _ => Err(Error::Decode {
                operation,
                status: response.status,
                message: error.to_string(),
                body_start: body_start(&response.body),
                request_id,
            }),
        },
    }
}

pub(crate) fn service_error(
    fields: &ErrorFields,
    operation: &'static str,
    response: HttpResponse,
    request_id: Option<String>,
) -> Error {
    let body: Value = serde_json::from_slice(&response.body).unwrap_or(Value::Null);
    Error::Service(Box::new(ServiceError {
        operation,
        status: response.status,
        code: body_field(&body, fields.code),
        message: body_field(&body, fields.message),
        request_id: request_id.or_else(|| body_field(&body, fields.request_id)),
        body: String::from_utf8_lossy(&response.body).into_owned(),
    }))
}

/// The wait a `Retry-After` header asks for (seconds or an HTTP date).
pub(crate) fn retry_after(response: &HttpResponse) -> Option<Duration> {
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

    /// A vendor's names, as a spec declares them.
    const FIELDS: ErrorFields = ErrorFields {
        code: &["error_code", "code"],
        message: &["error_msg"],
        request_id: &["RequestId"],
        request_id_headers: &["x-request-id", "x-acs-request-id"],
    };

    #[test]
    fn error_details_and_request_ids_come_from_the_declared_names() {
        let mut answer = response(
            400,
            Some("application/json"),
            r#"{"error_code":"CFW.001","code":"shadowed","error_msg":"bad","RequestId":"b-1","Message":"other"}"#,
        );
        let Error::Service(error) = service_error(&FIELDS, "op", answer.clone(), None) else {
            panic!("a service error");
        };
        assert_eq!(error.code.as_deref(), Some("CFW.001"));
        assert_eq!(error.message.as_deref(), Some("bad"));
        assert_eq!(error.request_id.as_deref(), Some("b-1"));
        // Names the spec does not declare are not read.
        let Error::Service(generic) =
            service_error(&ErrorFields::GENERIC, "op", answer.clone(), None)
        else {
            panic!("a service error");
        };
        assert_eq!(generic.code.as_deref(), Some("shadowed"));
        assert_eq!(generic.message, None);
        assert_eq!(generic.request_id, None);
        // Headers in the declared order, before the body.
        answer
            .headers
            .push(("x-acs-request-id".to_owned(), "h-2".to_owned()));
        assert_eq!(header_request_id(&answer, &FIELDS).as_deref(), Some("h-2"));
        assert_eq!(header_request_id(&answer, &ErrorFields::GENERIC), None);
    }

    fn by_status(status: u16, body: &[u8]) -> Result<(u16, Value), serde_json::Error> {
        serde_json::from_slice(body).map(|value| (status, value))
    }

    fn response(status: u16, content_type: Option<&str>, body: &str) -> HttpResponse {
        HttpResponse {
            status,
            headers: content_type
                .map(|v| ("content-type".to_owned(), v.to_owned()))
                .into_iter()
                .collect(),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn successful_bodies_decode_by_status_and_empty_bodies_as_null() {
        let created = decode_success(
            &FIELDS,
            "op",
            response(201, None, r#"{"id":1}"#),
            None,
            by_status,
        )
        .expect("decodes");
        assert_eq!(created.data, (201, serde_json::json!({"id": 1})));
        let empty = decode_success(
            &FIELDS,
            "op",
            response(204, None, " "),
            Some("r-1".into()),
            by_status,
        )
        .expect("decodes");
        assert_eq!(empty.data, (204, Value::Null));
        assert_eq!(empty.request_id.as_deref(), Some("r-1"));
        let broken = decode_success(&FIELDS, "op", response(200, None, "{"), None, by_status)
            .expect_err("does not decode");
        assert!(
            matches!(broken, Error::Decode { status: 200, .. }),
            "{broken:?}"
        );
    }

    #[test]
    fn a_body_of_another_media_type_is_named_as_such() {
        let html = response(200, Some("text/html; charset=utf-8"), "<html>proxy</html>");
        let error = decode_success(&FIELDS, "op", html, None, by_status).expect_err("not JSON");
        assert!(
            matches!(&error, Error::UnexpectedContentType { content_type, .. } if content_type == "text/html; charset=utf-8"),
            "{error:?}"
        );
        let json_as_text = response(200, Some("text/plain"), r#"{"id":2}"#);
        let decoded =
            decode_success(&FIELDS, "op", json_as_text, None, by_status).expect("still JSON");
        assert_eq!(decoded.data.1, serde_json::json!({"id": 2}));
        let problem = response(200, Some("application/problem+json"), "{");
        let error =
            decode_success(&FIELDS, "op", problem, None, by_status).expect_err("broken JSON");
        assert!(matches!(error, Error::Decode { .. }), "{error:?}");
    }
}
