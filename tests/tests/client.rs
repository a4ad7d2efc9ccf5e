//! The generated clients against a real HTTP server on 127.0.0.1: the exact
//! requests sent, signatures, decoding of the pages' examples, errors,
//! retries, timeouts, paging and validation.

use std::time::{Duration, Instant};

use flowscribe_runtime::signing::{Acs3Request, SdkRequest};
use flowscribe_runtime::{AuthScheme, Config, Credentials, Error, OperationCall, RetryPolicy};
use flowscribe_sdk::alibabacloud_vpc_flow_logs as vpc;
use flowscribe_sdk::huaweicloud_cfw_logs as cfw;
use flowscribe_tests::{spec_value, workspace_root};
use futures::StreamExt;
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const PROJECT: &str = "9d80d070b6d44942af73c9c3d38e0429";
const FIREWALL: &str = "2af58b7c-893c-4453-a984-bdd9b1bd6318";

/// An example body of a spec, by operation path, method, status and example name.
fn example(spec: &str, route: &str, verb: &str, status: &str, name: &str) -> Value {
    let text = std::fs::read_to_string(workspace_root().join("specs").join(spec)).expect("spec");
    let document = spec_value(&text);
    let route = route.replace('~', "~0").replace('/', "~1");
    let pointer = format!("/paths/{route}/{verb}/responses/{status}");
    let mut response = document
        .pointer(&pointer)
        .unwrap_or_else(|| panic!("{pointer}"))
        .clone();
    if let Some(reference) = response.get("$ref").and_then(Value::as_str) {
        response = document
            .pointer(reference.trim_start_matches('#'))
            .expect("ref")
            .clone();
    }
    let value = response["content"]["application/json"]["examples"][name]["value"].clone();
    assert!(!value.is_null(), "{spec}: no example {name} at {pointer}");
    value
}

fn fast_retries(attempts: u32) -> RetryPolicy {
    RetryPolicy {
        max_attempts: attempts,
        initial_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(20),
        max_retry_after: Duration::from_secs(5),
    }
}

fn huawei(server: &MockServer) -> cfw::Client {
    let credentials = Credentials::new("HUAWEI-AK", "HUAWEI-SK").with_project_id(PROJECT);
    let config = Config::builder()
        .endpoint(server.uri())
        .credentials(credentials)
        .retry(fast_retries(3))
        .build();
    cfw::Client::new(config).expect("client")
}

fn alibaba(server: &MockServer) -> vpc::Client {
    let credentials = Credentials::new("ALI-AK", "ALI-SECRET");
    let config = Config::builder()
        .endpoint(server.uri())
        .credentials(credentials)
        .retry(fast_retries(3))
        .build();
    vpc::Client::new(config).expect("client")
}

fn header<'a>(request: &'a Request, name: &str) -> &'a str {
    request
        .headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_else(|| panic!("no {name} header"))
}

fn pairs(request: &Request) -> Vec<(String, String)> {
    request
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The headers a received request says it signed, checked against
/// `expected_names`, with their received values.
fn signed_headers(request: &Request, expected_names: &str) -> Vec<(String, String)> {
    let authorization = header(request, "authorization");
    let signed_names = authorization
        .split("SignedHeaders=")
        .nth(1)
        .and_then(|s| s.split(',').next())
        .expect("signed headers");
    assert_eq!(signed_names, expected_names);
    signed_names
        .split(';')
        .map(|name| (name.to_owned(), header(request, name).to_owned()))
        .collect()
}

/// Recomputes the SDK-HMAC-SHA256 signature over what the server received.
fn assert_huawei_signature(request: &Request) {
    let headers = signed_headers(
        request,
        "content-type;host;user-agent;x-project-id;x-sdk-date",
    );
    let expected = SdkRequest {
        method: request.method.as_str(),
        path: request.url.path(),
        query: request.url.query().unwrap_or_default(),
        headers: &headers,
        body: &request.body,
    }
    .authorization("HUAWEI-AK", "HUAWEI-SK", header(request, "x-sdk-date"));
    assert_eq!(header(request, "authorization"), expected);
}

/// Recomputes the ACS3-HMAC-SHA256 signature over what the server received.
fn assert_alibaba_signature(request: &Request) {
    let headers = signed_headers(
        request,
        "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version",
    );
    let expected = Acs3Request {
        method: request.method.as_str(),
        path: request.url.path(),
        query: request.url.query().unwrap_or_default(),
        headers: &headers,
        body: &request.body,
    }
    .authorization("ALI-AK", "ALI-SECRET");
    assert_eq!(header(request, "authorization"), expected);
}

async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "exactly one request");
    requests.remove(0)
}

#[tokio::test]
async fn show_flow_trend_sends_the_signed_query_and_decodes_the_example() {
    let server = MockServer::start().await;
    let body = example(
        "huaweicloud-cfw-logs.yaml",
        "/v1/{project_id}/cfw/logs/flow-trend",
        "get",
        "200",
        "session-trend",
    );
    Mock::given(method("GET"))
        .and(path(format!("/v1/{PROJECT}/cfw/logs/flow-trend")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(&body)
                .insert_header("X-Request-Id", "req-trend"),
        )
        .mount(&server)
        .await;
    let request = cfw::ShowFlowTrendRequest::builder()
        .project_id(PROJECT)
        .fw_instance_id(FIREWALL)
        .range(cfw::TimeRange::LastHour)
        .log_type(cfw::AnalysisLogType::Vpc)
        .vpc(["vpc-b", "vpc-a"])
        .build()
        .expect("request");
    let response = huawei(&server)
        .show_flow_trend(&request)
        .await
        .expect("success");
    assert_eq!(response.request_id.as_deref(), Some("req-trend"));
    let data = response.data.data.expect("data");
    assert_eq!(data.total, Some(60));
    assert_eq!(
        data.records.expect("records")[0].agg_time,
        Some(1_751_522_040_000)
    );

    let sent = only_request(&server).await;
    assert_eq!(sent.method.as_str(), "GET");
    assert_eq!(
        sent.url.query(),
        Some(
            "fw_instance_id=2af58b7c-893c-4453-a984-bdd9b1bd6318&log_type=vpc&range=0&vpc=vpc-a&vpc=vpc-b"
        )
    );
    assert_eq!(header(&sent, "content-type"), "application/json");
    assert_eq!(header(&sent, "x-project-id"), PROJECT);
    assert!(header(&sent, "user-agent").starts_with("flowscribe/"));
    assert_huawei_signature(&sent);
}

#[tokio::test]
async fn list_flow_statistic_decodes_the_example_and_sends_size_when_validation_is_off() {
    let server = MockServer::start().await;
    let body = example(
        "huaweicloud-cfw-logs.yaml",
        "/v1/{project_id}/cfw/logs/flow-statistic",
        "get",
        "200",
        "outbound-domains",
    );
    Mock::given(method("GET"))
        .and(path(format!("/v1/{PROJECT}/cfw/logs/flow-statistic")))
        .respond_with(ResponseTemplate::new(200).set_body_json(&body))
        .mount(&server)
        .await;
    // The page's own example sends size=1000 against its documented 0..10.
    let request = cfw::ListFlowStatisticRequest::builder()
        .project_id(PROJECT)
        .fw_instance_id("c598d612-8112-465c-bffd-863d4ce85a50")
        .log_type("internet")
        .direction(cfw::Direction::In2Out)
        .item(cfw::AggregationItem::DstHost)
        .range(cfw::TimeRange::LastSevenDays)
        .size(1000)
        .build()
        .expect("request");
    let error = huawei(&server)
        .list_flow_statistic(&request)
        .await
        .expect_err("size is out of range");
    let Error::Validation(validation) = &error else {
        panic!("{error}")
    };
    assert_eq!(validation.violations[0].parameter, "size");
    assert!(
        server
            .received_requests()
            .await
            .expect("recording")
            .is_empty(),
        "nothing is sent"
    );

    let config = Config::builder()
        .endpoint(server.uri())
        .credentials(Credentials::new("HUAWEI-AK", "HUAWEI-SK"))
        .validation(false)
        .build();
    let client = cfw::Client::new(config).expect("client");
    let response = client
        .list_flow_statistic(&request)
        .await
        .expect("sent as the page does");
    let record = &response.data.data.expect("data").records.expect("records")[0];
    assert_eq!(record.item.as_deref(), Some("www.test.com"));
    assert_eq!(record.request_byte, Some(5357.0));
    let sent = only_request(&server).await;
    assert!(pairs(&sent).contains(&("size".to_owned(), "1000".to_owned())));
}

#[tokio::test]
async fn list_access_control_logs_keeps_unknown_values_and_fields() {
    let server = MockServer::start().await;
    let mut body = example(
        "huaweicloud-cfw-logs.yaml",
        "/v1/{project_id}/cfw/logs/access-control",
        "get",
        "200",
        "first-page",
    );
    body["data"]["records"][0]["brand_new_field"] = json!({"nested": [1, 2]});
    Mock::given(method("GET"))
        .and(path(format!("/v1/{PROJECT}/cfw/logs/access-control")))
        .respond_with(ResponseTemplate::new(200).set_body_json(&body))
        .mount(&server)
        .await;
    let request = cfw::ListAccessControlLogsRequest::builder()
        .project_id(PROJECT)
        .fw_instance_id(FIREWALL)
        .start_time(1_664_159_069_544)
        .end_time(1_664_162_669_544)
        .limit(10)
        .build()
        .expect("request");
    let response = huawei(&server)
        .list_access_control_logs(&request)
        .await
        .expect("success");
    let record = response
        .data
        .data
        .clone()
        .expect("data")
        .records
        .expect("records")
        .remove(0);
    assert_eq!(record.app, Some(cfw::AccessControlApp::from("PING")));
    assert_eq!(record.protocol.as_deref(), Some("ICMP: ECHO_REQUEST"));
    assert_eq!(
        record.additional_properties["brand_new_field"],
        json!({"nested": [1, 2]})
    );
    let encoded = serde_json::to_value(&response.data).expect("encodes");
    assert!(
        flowscribe_tests::example_check::same_value(&encoded, &body),
        "nothing lost: {encoded:#}"
    );

    let sent = only_request(&server).await;
    assert_eq!(
        sent.url.query(),
        Some(
            "end_time=1664162669544&fw_instance_id=2af58b7c-893c-4453-a984-bdd9b1bd6318&limit=10&start_time=1664159069544"
        )
    );
    assert_huawei_signature(&sent);
}

#[tokio::test]
async fn describe_flow_logs_sends_the_rpc_form_and_decodes_the_wire_example() {
    let server = MockServer::start().await;
    let body = example(
        "alibabacloud-vpc-flow-logs.yaml",
        "/",
        "post",
        "200",
        "wire-form",
    );
    Mock::given(method("POST"))
        .and(path("/"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&body))
        .mount(&server)
        .await;
    let request = vpc::DescribeFlowLogsRequest::builder()
        .region_id("cn-hangzhou")
        .resource_type(vpc::ResourceType::NetworkInterface)
        .tags([
            tag(Some("FinanceDept"), Some("Finance Joshua")),
            tag(Some("env"), None),
        ])
        .build()
        .expect("request");
    let response = alibaba(&server)
        .describe_flow_logs(&request)
        .await
        .expect("success");
    assert_eq!(
        response.request_id.as_deref(),
        Some("F7DDDC17-FA06-4AC2-8F35-59D2470FCFC1"),
        "from the body's RequestId"
    );
    let flow_log = &response
        .data
        .flow_logs
        .expect("FlowLogs")
        .flow_log
        .expect("FlowLog")[0];
    assert_eq!(flow_log.status, Some(vpc::FlowLogStatus::Active));
    assert_eq!(
        flow_log.flow_log_deliver_error_message,
        Some(vpc::FlowLogDeliverErrorMessage::UnavailableTarget)
    );
    assert_eq!(
        flow_log
            .tags
            .as_ref()
            .and_then(|t| t.tag.as_ref())
            .map(Vec::len),
        Some(1)
    );

    let sent = only_request(&server).await;
    assert_eq!(sent.method.as_str(), "POST");
    assert!(sent.body.is_empty());
    assert_eq!(
        sent.url.query(),
        Some(
            "RegionId=cn-hangzhou&ResourceType=NetworkInterface&Tags.1.Key=FinanceDept&Tags.1.Value=Finance%20Joshua&Tags.2.Key=env"
        )
    );
    assert_eq!(header(&sent, "x-acs-action"), "DescribeFlowLogs");
    assert_eq!(header(&sent, "x-acs-version"), "2016-04-28");
    assert_alibaba_signature(&sent);
}

#[tokio::test]
async fn error_bodies_become_service_errors_with_code_message_and_request_id() {
    let server = MockServer::start().await;
    let body = example(
        "huaweicloud-cfw-logs.yaml",
        "/v1/{project_id}/cfw/logs/flow",
        "get",
        "400",
        "time-range-error",
    );
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_json(&body)
                .insert_header("X-Request-Id", "req-400"),
        )
        .mount(&server)
        .await;
    let request = flow_logs_request(10);
    let error = huawei(&server)
        .list_flow_logs(&request)
        .await
        .expect_err("400");
    let service = error.as_service().expect("a service error");
    assert_eq!(
        (
            service.status,
            service.code.as_deref(),
            service.message.as_deref()
        ),
        (400, Some("CFW.00500002"), Some("time range error"))
    );
    assert_eq!(error.request_id(), Some("req-400"));
    assert_eq!(
        server.received_requests().await.expect("recording").len(),
        1,
        "a 400 is not retried"
    );
    // The documented 400 body, typed.
    match cfw::ListFlowLogsError::from_error(&error) {
        Some(cfw::ListFlowLogsError::BadRequest(body)) => {
            assert_eq!(body.error_code.as_deref(), Some("CFW.00500002"));
            assert_eq!(body.error_msg.as_deref(), Some("time range error"));
        }
        other => panic!("expected the typed 400 body, got {other:?}"),
    }

    let server = MockServer::start().await;
    let body = example(
        "alibabacloud-vpc-flow-logs.yaml",
        "/",
        "post",
        "400",
        "InvalidInstanceId",
    );
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_json(&body))
        .mount(&server)
        .await;
    let request = vpc::DescribeFlowLogsRequest::builder()
        .region_id("cn-hangzhou")
        .build()
        .expect("request");
    let error = alibaba(&server)
        .describe_flow_logs(&request)
        .await
        .expect_err("400");
    let service = error.as_service().expect("a service error");
    assert_eq!(service.code.as_deref(), Some("InvalidInstanceId"));
    assert!(service.request_id.is_some() || body.get("RequestId").is_none());
    match vpc::DescribeFlowLogsError::from_error(&error) {
        Some(vpc::DescribeFlowLogsError::BadRequest(body)) => {
            assert_eq!(body.code.as_deref(), Some("InvalidInstanceId"));
        }
        other => panic!("expected the typed 400 body, got {other:?}"),
    }

    // A status the page does not list decodes as the `default` response,
    // with the status kept.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(403).set_body_json(&body))
        .mount(&server)
        .await;
    let error = alibaba(&server)
        .describe_flow_logs(&request)
        .await
        .expect_err("403");
    match vpc::DescribeFlowLogsError::from_error(&error) {
        Some(vpc::DescribeFlowLogsError::Other { status, body }) => {
            assert_eq!(status, 403);
            assert_eq!(body.code.as_deref(), Some("InvalidInstanceId"));
        }
        other => panic!("expected the `default` body, got {other:?}"),
    }
    // An error that is not the service's answer has no documented body.
    let invalid = Error::Config("bad endpoint".to_owned());
    assert_eq!(vpc::DescribeFlowLogsError::from_error(&invalid), None);
}

fn flow_logs_request(limit: i32) -> cfw::ListFlowLogsRequest {
    cfw::ListFlowLogsRequest::builder()
        .project_id(PROJECT)
        .fw_instance_id(FIREWALL)
        .start_time(1_663_555_012_000)
        .end_time(1_664_159_798_000)
        .limit(limit)
        .build()
        .expect("request")
}

fn flow_logs_page(ids: &[u32]) -> Value {
    let records: Vec<Value> = ids
        .iter()
        .map(|id| json!({"log_id": id.to_string(), "start_time": 1_664_155_428_000u64 + u64::from(*id), "app": "SSH"}))
        .collect();
    json!({"data": {"limit": 2, "total": records.len(), "records": records}})
}

#[tokio::test]
async fn a_5xx_then_a_200_is_retried_and_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(flow_logs_page(&[1])))
        .mount(&server)
        .await;
    let response = huawei(&server)
        .list_flow_logs(&flow_logs_request(10))
        .await
        .expect("the retry succeeds");
    assert_eq!(response.status, 200);
    let requests = server.received_requests().await.expect("recording");
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[1].url.path(),
        format!("/v1/{PROJECT}/cfw/logs/flow")
    );
    assert_eq!(
        requests[1].url.query(),
        Some(
            "end_time=1664159798000&fw_instance_id=2af58b7c-893c-4453-a984-bdd9b1bd6318&limit=10&start_time=1663555012000"
        )
    );
    // Each attempt is signed on its own.
    assert_huawei_signature(&requests[0]);
    assert_huawei_signature(&requests[1]);
}

#[tokio::test]
async fn a_429_with_retry_after_waits_before_retrying() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(flow_logs_page(&[1])))
        .mount(&server)
        .await;
    let started = Instant::now();
    huawei(&server)
        .list_flow_logs(&flow_logs_request(10))
        .await
        .expect("succeeds after waiting");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After: 1 was honoured"
    );
    assert_eq!(
        server.received_requests().await.expect("recording").len(),
        2
    );
}

#[tokio::test]
async fn retries_stop_at_the_bound() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(500)
                .set_body_json(json!({"error_code": "CFW.0", "error_msg": "boom"})),
        )
        .mount(&server)
        .await;
    let error = huawei(&server)
        .list_flow_logs(&flow_logs_request(10))
        .await
        .expect_err("always 500");
    assert_eq!(error.as_service().map(|s| s.status), Some(500));
    assert_eq!(
        server.received_requests().await.expect("recording").len(),
        3
    );

    let config = Config::builder()
        .endpoint(server.uri())
        .credentials(Credentials::new("a", "b"))
        .retry(RetryPolicy::disabled())
        .build();
    let _ = cfw::Client::new(config)
        .expect("client")
        .list_flow_logs(&flow_logs_request(10))
        .await;
    assert_eq!(
        server.received_requests().await.expect("recording").len(),
        4,
        "retries off: one more attempt only"
    );
}

#[tokio::test]
async fn malformed_json_gives_a_decode_error_with_the_body_start() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw("{\"data\": [not json", "application/json"),
        )
        .mount(&server)
        .await;
    let error = huawei(&server)
        .list_flow_logs(&flow_logs_request(10))
        .await
        .expect_err("bad JSON");
    let Error::Decode {
        status, body_start, ..
    } = &error
    else {
        panic!("{error}")
    };
    assert_eq!(*status, 200);
    assert_eq!(body_start, "{\"data\": [not json");
}

#[tokio::test]
async fn a_slow_server_gives_a_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(flow_logs_page(&[1]))
                .set_delay(Duration::from_secs(3)),
        )
        .mount(&server)
        .await;
    let config = Config::builder()
        .endpoint(server.uri())
        .credentials(Credentials::new("a", "b"))
        .timeout(Duration::from_millis(200))
        .retry(RetryPolicy::disabled())
        .build();
    let error = cfw::Client::new(config)
        .expect("client")
        .list_flow_logs(&flow_logs_request(10))
        .await
        .expect_err("too slow");
    assert!(
        matches!(error, Error::Timeout { timeout, .. } if timeout == Duration::from_millis(200)),
        "{error}"
    );
}

#[tokio::test]
async fn huawei_paging_follows_log_id_next_date_and_offset_over_three_pages() {
    let server = MockServer::start().await;
    let page = |ids: &[u32]| ResponseTemplate::new(200).set_body_json(flow_logs_page(ids));
    Mock::given(query_param_is_missing("offset"))
        .respond_with(page(&[1, 2]))
        .mount(&server)
        .await;
    Mock::given(query_param("offset", "2"))
        .and(query_param("log_id", "2"))
        .and(query_param("next_date", "1664155428002"))
        .respond_with(page(&[3, 4]))
        .mount(&server)
        .await;
    Mock::given(query_param("offset", "4"))
        .and(query_param("log_id", "4"))
        .respond_with(page(&[5]))
        .mount(&server)
        .await;
    let client = huawei(&server);
    let ids: Vec<String> = client
        .list_flow_logs_stream(flow_logs_request(2))
        .map(|record| record.expect("no error").log_id.expect("log_id"))
        .collect()
        .await;
    assert_eq!(ids, ["1", "2", "3", "4", "5"], "no duplicate, none missing");
    assert_eq!(
        server.received_requests().await.expect("recording").len(),
        3,
        "stops after the short page"
    );
}

#[tokio::test]
async fn huawei_paging_stops_on_an_empty_page() {
    let server = MockServer::start().await;
    Mock::given(query_param_is_missing("offset"))
        .respond_with(ResponseTemplate::new(200).set_body_json(flow_logs_page(&[1, 2])))
        .mount(&server)
        .await;
    Mock::given(query_param("offset", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(flow_logs_page(&[])))
        .mount(&server)
        .await;
    let records: Vec<_> = huawei(&server)
        .list_flow_logs_stream(flow_logs_request(2))
        .collect()
        .await;
    assert_eq!(records.len(), 2);
    assert!(records.iter().all(Result::is_ok));
    assert_eq!(
        server.received_requests().await.expect("recording").len(),
        2
    );
}

#[tokio::test]
async fn alibaba_paging_counts_pages_until_total_count() {
    let server = MockServer::start().await;
    let page = |number: u32, ids: &[u32]| {
        let logs: Vec<Value> = ids
            .iter()
            .map(|id| json!({"FlowLogId": format!("fl-{id}")}))
            .collect();
        ResponseTemplate::new(200).set_body_json(json!({
            "PageNumber": number.to_string(), "PageSize": "2", "TotalCount": "6", "RequestId": format!("r{number}"),
            "FlowLogs": {"FlowLog": logs}
        }))
    };
    Mock::given(query_param_is_missing("PageNumber"))
        .respond_with(page(1, &[1, 2]))
        .mount(&server)
        .await;
    Mock::given(query_param("PageNumber", "2"))
        .respond_with(page(2, &[3, 4]))
        .mount(&server)
        .await;
    Mock::given(query_param("PageNumber", "3"))
        .respond_with(page(3, &[5, 6]))
        .mount(&server)
        .await;
    let request = vpc::DescribeFlowLogsRequest::builder()
        .region_id("cn-hangzhou")
        .page_size(2)
        .build()
        .expect("request");
    let ids: Vec<String> = alibaba(&server)
        .describe_flow_logs_stream(request)
        .map(|log| log.expect("no error").flow_log_id.expect("id"))
        .collect()
        .await;
    assert_eq!(ids, ["fl-1", "fl-2", "fl-3", "fl-4", "fl-5", "fl-6"]);
    assert_eq!(
        server.received_requests().await.expect("recording").len(),
        3,
        "stops at TotalCount, not on an extra page"
    );
}

#[tokio::test]
async fn bad_parameters_give_every_violation_and_send_nothing() {
    let server = MockServer::start().await;
    let mut request = flow_logs_request(0);
    request.src_port = Some(70_000);
    request.start_time = 1_664_159_798_001;
    let error = huawei(&server)
        .list_flow_logs(&request)
        .await
        .expect_err("invalid");
    let Error::Validation(validation) = &error else {
        panic!("{error}")
    };
    let parameters: Vec<&str> = validation
        .violations
        .iter()
        .map(|v| v.parameter.as_str())
        .collect();
    assert_eq!(parameters, ["src_port", "limit", "start_time"]);
    assert!(
        error
            .to_string()
            .contains("limit = 0 (documented range: 1 to 1024)"),
        "{error}"
    );

    let tags = vec![tag(Some(""), None); 21];
    let request = vpc::DescribeFlowLogsRequest::builder()
        .region_id("cn-hangzhou")
        .page_size(51)
        .tags(tags)
        .build()
        .expect("request");
    let error = alibaba(&server)
        .describe_flow_logs(&request)
        .await
        .expect_err("invalid");
    let Error::Validation(validation) = &error else {
        panic!("{error}")
    };
    assert_eq!(validation.violations.len(), 1 + 1 + 21, "{error}");
    assert_eq!(validation.violations[2].parameter, "Tags.1.Key");
    assert!(
        server
            .received_requests()
            .await
            .expect("recording")
            .is_empty()
    );
}

#[tokio::test]
async fn path_parameters_cannot_change_the_path() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(flow_logs_page(&[])))
        .mount(&server)
        .await;
    let mut request = flow_logs_request(10);
    request.project_id = Some("a/../b".to_owned());
    huawei(&server)
        .list_flow_logs(&request)
        .await
        .expect("sent");
    let sent = only_request(&server).await;
    assert_eq!(sent.url.path(), "/v1/a%2F..%2Fb/cfw/logs/flow");
    assert_huawei_signature(&sent);

    request.project_id = Some("..".to_owned());
    let error = huawei(&server)
        .list_flow_logs(&request)
        .await
        .expect_err("..");
    assert!(matches!(error, Error::Validation(_)), "{error}");
}

#[tokio::test]
async fn token_auth_sends_the_token_header_and_missing_credentials_are_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(flow_logs_page(&[])))
        .mount(&server)
        .await;
    let config = Config::builder()
        .endpoint(server.uri())
        .token("iam-token-secret")
        .build();
    let client = cfw::Client::new(config).expect("client");
    client
        .list_flow_logs(&flow_logs_request(10))
        .await
        .expect("sent");
    let sent = only_request(&server).await;
    assert_eq!(header(&sent, "x-auth-token"), "iam-token-secret");
    assert_eq!(header(&sent, "content-type"), "application/json");
    assert!(sent.headers.get("authorization").is_none());

    let client = vpc::Client::new(Config::builder().endpoint(server.uri()).token("t").build())
        .expect("client");
    let request = vpc::DescribeFlowLogsRequest::builder()
        .region_id("cn-hangzhou")
        .build()
        .expect("request");
    let error = client
        .describe_flow_logs(&request)
        .await
        .expect_err("no access keys");
    assert!(matches!(error, Error::Credentials(_)), "{error}");
    assert!(!format!("{error:?}{client:?}").contains("iam-token-secret"));
}

/// A service of no vendor, for calls built by hand.
static PLAIN_SERVICE: flowscribe_runtime::ServiceInfo = flowscribe_runtime::ServiceInfo {
    name: "plain",
    url_template: "http://127.0.0.1:9",
    variables: &[],
    regions: &[],
    other_regions_use_template: false,
    credentials_env: None,
    errors: flowscribe_runtime::ErrorFields::GENERIC,
};

fn plain_call(auth: &'static [AuthScheme]) -> OperationCall {
    OperationCall {
        operation: "plain/get",
        method: "GET",
        path: "/things".to_owned(),
        query: Vec::new(),
        headers: Vec::new(),
        auth,
        body: None,
    }
}

#[tokio::test]
async fn bearer_tokens_go_in_the_authorization_header() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
        .mount(&server)
        .await;
    let with_token = |token: Option<&str>| {
        let builder = Config::builder().endpoint(server.uri());
        let builder = match token {
            Some(token) => builder.token(token),
            None => builder,
        };
        flowscribe_runtime::Client::new(&PLAIN_SERVICE, builder.build()).expect("client")
    };
    let authorization = |request: &Request| {
        request
            .headers
            .get("authorization")
            .map(|v| v.to_str().expect("ascii").to_owned())
    };

    // A declared bearer scheme, and an operation that declares none: both
    // carry the configured token.
    let client = with_token(Some("gh-token"));
    for auth in [&[AuthScheme::Bearer][..], &[]] {
        let response = client
            .execute::<Value>(plain_call(auth))
            .await
            .expect("sent");
        assert_eq!(response.data, json!({"ok": true}));
    }
    let sent = server.received_requests().await.expect("recording");
    assert_eq!(sent.len(), 2);
    for request in &sent {
        assert_eq!(authorization(request).as_deref(), Some("Bearer gh-token"));
    }

    // Without a token: nothing is sent where no scheme is declared, and a
    // declared bearer scheme is a credentials error naming it.
    let client = with_token(None);
    client
        .execute::<Value>(plain_call(&[]))
        .await
        .expect("sent");
    let sent = server.received_requests().await.expect("recording");
    assert_eq!(authorization(&sent[2]), None);
    let error = client
        .execute::<Value>(plain_call(&[AuthScheme::Bearer]))
        .await
        .expect_err("no token");
    assert!(
        matches!(&error, Error::Credentials(message) if message.contains("a bearer token")),
        "{error}"
    );
}

#[test]
fn endpoints_come_from_the_spec_servers() {
    let client = cfw::Client::new(Config::builder().region("cn-north-4").build()).expect("client");
    assert_eq!(
        client.endpoint(),
        "https://cfw.cn-north-4.myhuaweicloud.com"
    );
    let client = vpc::Client::new(Config::builder().region("cn-hangzhou").build()).expect("client");
    assert_eq!(client.endpoint(), "https://vpc.aliyuncs.com");
    let client =
        vpc::Client::new(Config::builder().region("eu-central-1").build()).expect("client");
    assert_eq!(client.endpoint(), "https://vpc.eu-central-1.aliyuncs.com");
}

/// A writer that keeps what the tracing subscriber prints.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn calls_are_traced_with_operation_attempt_status_and_request_id_but_no_secret() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(flow_logs_page(&[]))
                .insert_header("X-Request-Id", "req-traced"),
        )
        .mount(&server)
        .await;
    huawei(&server)
        .list_flow_logs(&flow_logs_request(10))
        .await
        .expect("success");
    let output = String::from_utf8(captured.0.lock().expect("lock").clone()).expect("utf-8");
    for expected in [
        "operation=\"ListFlowLogs\"",
        "attempt=1",
        "status=200",
        "request_id=\"req-traced\"",
    ] {
        assert!(
            output.contains(expected),
            "{expected} missing from:\n{output}"
        );
    }
    assert!(
        !output.contains("HUAWEI-SK"),
        "the secret leaked:\n{output}"
    );
}

/// A tag of a `DescribeFlowLogs` request: the struct is `#[non_exhaustive]`,
/// so it is built from `Default` and field assignments.
fn tag(key: Option<&str>, value: Option<&str>) -> vpc::DescribeFlowLogsTag {
    let mut tag = vpc::DescribeFlowLogsTag::default();
    tag.key = key.map(str::to_owned);
    tag.value = value.map(str::to_owned);
    tag
}
