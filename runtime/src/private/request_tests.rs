//! [`__request!`](crate::__request) on small hand-written requests, as
//! generated files use it: every kind of check, query entry, header, path
//! value, auth scheme and body, each against the pairs and violations
//! written out by hand.

use crate::{AuthScheme, Body, OperationCall, SigningAlgorithm, ValidationError};

#[derive(Debug, Clone, serde::Serialize)]
struct Tag {
    key: String,
    value: Option<String>,
    weight: i32,
}

/// A request with a parameter of every kind the macros take.
#[derive(Debug, Clone, Default)]
struct Everything {
    project: Option<String>,
    id: String,
    filter: Vec<i64>,
    limit: i32,
    offset: Option<i32>,
    name: Option<String>,
    ids: Option<Vec<String>>,
    tags: Option<Vec<Tag>>,
    words: Vec<String>,
    deep: Option<Tag>,
    start: i64,
    end: Option<i32>,
    trace: String,
    context: Option<Vec<String>>,
    session: Option<String>,
    prefs: Vec<i64>,
}

crate::__private::request!(Everything, "everything",
    validate(
        value(opt project "project" path_segment()),
        unset(project "project" "not set, and no project id"),
        value(req id "id" path_segment()),
        value(req limit "limit" range(Some(1.0), Some(100.0))),
        value(opt offset "offset" range(Some(-1.5), None)),
        value(opt name "name" length(Some(2), Some(4))),
        value(opt name "name" not_empty()),
        value(opt ids "ids" items(None, Some(2))),
        value(req trace "X-Trace" header_value()),
        each(opt tags [req key "Tag.{}.Key" length(Some(1), None)]
            [opt value "Tag.{}.Value" length(None, Some(3))]
            [req weight "Tag.{}.Weight" range(Some(0.0), None)]),
        not_after(req start "start", opt end "end"),
    ),
    call("GET", path("/p/{}/items/{}/{}/{}", opt project, req id, json filter, constant "v1"),
        query(
            plain(req limit "limit"),
            plain(opt offset "offset"),
            plain(opt name "name"),
            constant("version", "2"),
            repeated(opt ids "id"),
            joined(req words "words"),
            delimited(req words "piped" "|"),
            indexed(opt ids "Ids"),
            indexed_fields(opt tags "Tag" [req key "Key"] [opt value "Value"] [req weight "Weight"]),
            deep(opt deep "deep"),
            json(req filter "filter"),
        ),
        headers(
            constant("Accept", "application/json"),
            plain(req trace "X-Trace"),
            plain(opt name "X-Name"),
            json(opt context "X-Context"),
            cookie(opt session "session"),
            cookie_json(req prefs "prefs"),
        ),
        auth(signed(SdkHmacSha256), token_header("X-Auth-Token"), bearer()),
    ),
);

fn pairs(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
        .collect()
}

fn full() -> Everything {
    Everything {
        project: Some("p 1".to_owned()),
        id: "a/b".to_owned(),
        filter: vec![1, 2],
        limit: 10,
        offset: Some(0),
        name: Some("abc".to_owned()),
        ids: Some(vec!["x".to_owned(), "y".to_owned()]),
        tags: Some(vec![
            Tag {
                key: "k".to_owned(),
                value: Some("v".to_owned()),
                weight: 1,
            },
            Tag {
                key: "j".to_owned(),
                value: None,
                weight: 2,
            },
        ]),
        words: vec!["a".to_owned(), "b c".to_owned()],
        deep: Some(Tag {
            key: "dk".to_owned(),
            value: None,
            weight: 3,
        }),
        start: 5,
        end: Some(6),
        trace: "t".to_owned(),
        context: Some(vec!["c".to_owned()]),
        session: Some("s".to_owned()),
        prefs: vec![7],
    }
}

#[test]
fn every_entry_of_a_call_is_written_where_and_as_it_says() {
    let call = full().to_call();
    assert_eq!(call.operation, "everything");
    assert_eq!(call.method, "GET");
    assert_eq!(call.path, "/p/p%201/items/a%2Fb/%5B1%2C2%5D/v1");
    assert_eq!(
        call.query,
        pairs(&[
            ("limit", "10"),
            ("offset", "0"),
            ("name", "abc"),
            ("version", "2"),
            ("id", "x"),
            ("id", "y"),
            ("words", "a,b c"),
            ("piped", "a|b c"),
            ("Ids.1", "x"),
            ("Ids.2", "y"),
            ("Tag.1.Key", "k"),
            ("Tag.1.Value", "v"),
            ("Tag.1.Weight", "1"),
            ("Tag.2.Key", "j"),
            ("Tag.2.Weight", "2"),
            ("deep[key]", "dk"),
            ("deep[weight]", "3"),
            ("filter", "[1,2]"),
        ])
    );
    assert_eq!(
        call.headers,
        pairs(&[
            ("Accept", "application/json"),
            ("X-Trace", "t"),
            ("X-Name", "abc"),
            ("X-Context", r#"["c"]"#),
            ("Cookie", "session=s; prefs=[7]"),
        ])
    );
    assert_eq!(
        call.auth,
        &[
            AuthScheme::Signed(SigningAlgorithm::SdkHmacSha256),
            AuthScheme::TokenHeader("X-Auth-Token"),
            AuthScheme::Bearer,
        ]
    );
    assert_eq!(call.body, None);
}

#[test]
fn unset_optional_parameters_are_left_out() {
    let call = Everything::default().to_call();
    // An unset optional path value is an empty segment (`validate` reports it).
    assert_eq!(call.path, "/p//items//%5B%5D/v1");
    assert_eq!(
        call.query,
        pairs(&[
            ("limit", "0"),
            ("version", "2"),
            ("words", ""),
            ("piped", ""),
            ("filter", "[]"),
        ])
    );
    // Required headers are sent even when empty; a required cookie too.
    assert_eq!(
        call.headers,
        pairs(&[
            ("Accept", "application/json"),
            ("X-Trace", ""),
            ("Cookie", "prefs=[]")
        ])
    );
}

#[test]
fn a_valid_request_passes_and_every_broken_constraint_is_reported_in_order() {
    assert_eq!(full().validate(), Ok(()));
    let broken = Everything {
        project: None,
        id: "..".to_owned(),
        limit: 101,
        offset: Some(-2),
        name: Some(String::new()),
        ids: Some(vec!["1".to_owned(), "2".to_owned(), "3".to_owned()]),
        tags: Some(vec![
            Tag {
                key: "ok".to_owned(),
                value: None,
                weight: 0,
            },
            Tag {
                key: String::new(),
                value: Some("long".to_owned()),
                weight: -1,
            },
        ]),
        start: 7,
        end: Some(6),
        trace: "a\r\nb".to_owned(),
        ..full()
    };
    let error: ValidationError = broken.validate().unwrap_err();
    assert_eq!(error.operation, "everything");
    let reported: Vec<(&str, &str)> = error
        .violations
        .iter()
        .map(|v| (v.parameter.as_str(), v.value.as_str()))
        .collect();
    assert_eq!(
        reported,
        [
            ("project", "None"),
            ("id", "\"..\""),
            ("limit", "101"),
            ("offset", "-2"),
            ("name", "\"\""),
            ("name", "\"\""),
            ("ids", "3 items"),
            ("X-Trace", "\"a\\r\\nb\""),
            ("Tag.2.Key", "\"\""),
            ("Tag.2.Value", "\"long\""),
            ("Tag.2.Weight", "-1"),
            ("start", "7"),
        ]
    );
    assert_eq!(
        error.violations[0].rule, "not set, and no project id",
        "an `unset` check reports its reason"
    );
}

#[test]
fn a_comparison_with_an_unset_side_is_not_checked() {
    let open = Everything {
        start: 9,
        end: None,
        ..full()
    };
    assert_eq!(open.validate(), Ok(()));
}

/// A request without checks, with a path the spec writes without places.
#[derive(Debug, Clone, Default)]
struct Plain {}

crate::__private::request!(Plain, "plain", call("DELETE", path("/odd/{literal}")));

#[test]
fn a_request_without_checks_or_places_is_sent_as_written() {
    let request = Plain {};
    assert_eq!(request.validate(), Ok(()));
    assert_eq!(
        request.to_call(),
        OperationCall::new("plain", "DELETE", "/odd/{literal}".to_owned())
    );
}

#[derive(Debug, Clone, Default, serde::Serialize)]
struct Payload {
    name: String,
}

#[derive(Debug, Clone, Default)]
struct JsonBody {
    body: Payload,
}

crate::__private::request!(JsonBody, "json", call("POST", body(json(req body)), path("/j")));

#[derive(Debug, Clone, Default)]
struct OptionalForm {
    body: Option<Payload>,
}

crate::__private::request!(OptionalForm, "form", call("POST", body(form(opt body)), path("/f")));

#[derive(Debug, Clone, Default)]
struct OptionalJson {
    body: Option<Payload>,
}

crate::__private::request!(OptionalJson, "json_opt", call("PUT", body(json(opt body)), path("/o")));

#[derive(Debug, Clone, Default)]
struct RawBody {
    body: Vec<u8>,
}

crate::__private::request!(RawBody, "raw", call("PUT", body(raw("image/png" req body)), path("/r")));

#[derive(Debug, Clone, Default)]
struct OptionalRaw {
    body: Option<Vec<u8>>,
}

crate::__private::request!(OptionalRaw, "raw_opt", call("PUT", body(raw("text/plain" opt body)), path("/r")));

#[test]
fn bodies_are_encoded_as_their_media_type_says() {
    let payload = Payload {
        name: "a b".to_owned(),
    };
    let json = JsonBody {
        body: payload.clone(),
    }
    .to_call()
    .unwrap();
    assert_eq!(json.body, Some(Body::json(&payload).unwrap()));
    assert_eq!(json.method, "POST");
    assert_eq!(json.path, "/j");

    let form = OptionalForm {
        body: Some(payload.clone()),
    }
    .to_call()
    .unwrap();
    let form_body = form.body.unwrap();
    assert_eq!(form_body.content_type, "application/x-www-form-urlencoded");
    assert_eq!(form_body.bytes, b"name=a+b");
    assert_eq!(OptionalForm::default().to_call().unwrap().body, None);
    assert_eq!(OptionalJson::default().to_call().unwrap().body, None);
    assert_eq!(
        OptionalJson {
            body: Some(payload.clone())
        }
        .to_call()
        .unwrap()
        .body,
        Some(Body::json(&payload).unwrap())
    );

    let raw = RawBody { body: vec![1, 2] }.to_call().unwrap();
    assert_eq!(raw.body, Some(Body::raw("image/png", vec![1, 2])));
    let unset = OptionalRaw::default().to_call().unwrap();
    assert_eq!(unset.body, None);
    let set = OptionalRaw {
        body: Some(b"x".to_vec()),
    }
    .to_call()
    .unwrap();
    assert_eq!(set.body, Some(Body::raw("text/plain", b"x".to_vec())));
}

#[derive(Debug, Clone, Default)]
struct NestedForm {
    body: NestedPayload,
}

#[derive(Debug, Clone, Default, serde::Serialize)]
struct NestedPayload {
    inner: Payload,
}

crate::__private::request!(NestedForm, "nested", call("POST", body(form(req body)), path("/n")));

#[test]
fn a_body_that_cannot_be_encoded_is_an_error_of_to_call() {
    let error = NestedForm::default().to_call().unwrap_err();
    assert!(error.0.contains("form-encode"), "{error}");
}

#[test]
fn requests_without_checks_report_nothing() {
    assert_eq!(JsonBody::default().validate(), Ok(()));
    assert_eq!(OptionalForm::default().validate(), Ok(()));
    assert_eq!(OptionalJson::default().validate(), Ok(()));
    assert_eq!(RawBody::default().validate(), Ok(()));
    assert_eq!(OptionalRaw::default().validate(), Ok(()));
    assert_eq!(NestedForm::default().validate(), Ok(()));
}

/// The header and cookie entries `Everything` leaves out.
#[derive(Debug, Clone, Default)]
struct Headers {
    filter: Vec<i64>,
    session: String,
    prefs: Option<Vec<i64>>,
}

crate::__private::request!(Headers, "headers",
    call("GET", path("/h"),
        headers(json(req filter "X-Filter"), cookie(req session "session"),
            cookie_json(opt prefs "prefs"))));

#[test]
fn required_json_headers_and_cookies_are_sent_and_unset_cookies_are_not() {
    let request = Headers {
        filter: vec![1],
        session: "s".to_owned(),
        prefs: Some(vec![2]),
    };
    assert_eq!(request.validate(), Ok(()));
    assert_eq!(
        request.to_call().headers,
        pairs(&[("X-Filter", "[1]"), ("Cookie", "session=s; prefs=[2]")])
    );
    assert_eq!(
        Headers::default().to_call().headers,
        pairs(&[("X-Filter", "[]"), ("Cookie", "session=")])
    );
}
