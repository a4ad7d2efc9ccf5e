//! The generated crate's types against the specs' own examples: every example
//! body decodes and re-encodes to equivalent JSON, enums keep unknown values,
//! and request builders name what is missing.

use std::collections::BTreeMap;

use flowscribe_sdk::alibabacloud_vpc_flow_logs as vpc;
use flowscribe_sdk::huaweicloud_cfw_logs as cfw;
use flowscribe_tests::example_check::{resolve, same_value};
use flowscribe_tests::{spec_value, specs};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

type RoundTrip = fn(&Value) -> Result<Value, String>;

fn round_trip<T: DeserializeOwned + Serialize>(value: &Value) -> Result<Value, String> {
    let typed: T = serde_json::from_value(value.clone()).map_err(|e| e.to_string())?;
    serde_json::to_value(&typed).map_err(|e| e.to_string())
}

/// The generated type of each body schema the specs' examples use.
fn body_types() -> BTreeMap<(&'static str, &'static str), RoundTrip> {
    let table: [((&str, &str), RoundTrip); 7] = [
        (
            ("huaweicloud-cfw-logs", "ShowFlowTrendResponse"),
            round_trip::<cfw::ShowFlowTrendResponse>,
        ),
        (
            ("huaweicloud-cfw-logs", "ListFlowStatisticResponse"),
            round_trip::<cfw::ListFlowStatisticResponse>,
        ),
        (
            ("huaweicloud-cfw-logs", "ListFlowLogsResponse"),
            round_trip::<cfw::ListFlowLogsResponse>,
        ),
        (
            ("huaweicloud-cfw-logs", "ListAccessControlLogsResponse"),
            round_trip::<cfw::ListAccessControlLogsResponse>,
        ),
        (
            ("huaweicloud-cfw-logs", "ErrorResponse"),
            round_trip::<cfw::ErrorResponse>,
        ),
        (
            ("alibabacloud-vpc-flow-logs", "DescribeFlowLogsResponse"),
            round_trip::<vpc::DescribeFlowLogsResponse>,
        ),
        (
            ("alibabacloud-vpc-flow-logs", "ErrorResponse"),
            round_trip::<vpc::ErrorResponse>,
        ),
    ];
    table.into_iter().collect()
}

#[test]
fn every_example_body_decodes_and_re_encodes_losslessly() {
    let types = body_types();
    let mut decoded = 0;
    for (path, text) in specs() {
        let stem = path
            .trim_start_matches("specs/")
            .split('.')
            .next()
            .unwrap_or_default()
            .to_owned();
        let document = spec_value(&text);
        for (route, item) in document["paths"].as_object().expect("paths") {
            for (method, operation) in item.as_object().expect("path item") {
                for (status, response) in operation["responses"].as_object().expect("responses") {
                    let response = resolve(&document, response);
                    let Some(content) = response.pointer("/content/application~1json") else {
                        continue;
                    };
                    let reference = content["schema"]["$ref"]
                        .as_str()
                        .expect("bodies are named components");
                    let name = reference.rsplit('/').next().unwrap_or_default();
                    let round_trip = types
                        .get(&(stem.as_str(), name))
                        .unwrap_or_else(|| panic!("{path}: add {name} to body_types()"));
                    for (key, example) in content["examples"].as_object().into_iter().flatten() {
                        let place = format!("{path}: {method} {route} {status} example {key}");
                        let example = resolve(&document, example);
                        let value = &example["value"];
                        let type_violation = example["x-expected-violations"]
                            .as_array()
                            .is_some_and(|v| {
                                v.iter()
                                    .any(|v| v.as_str().is_some_and(|v| v.ends_with(": type")))
                            });
                        match round_trip(value) {
                            Ok(encoded) => {
                                assert!(
                                    !type_violation,
                                    "{place}: decoded although its page contradicts the wire type"
                                );
                                assert!(
                                    same_value(value, &encoded),
                                    "{place}: re-encoded differently:\n{encoded:#}"
                                );
                                decoded += 1;
                            }
                            Err(error) => {
                                assert!(type_violation, "{place}: does not decode: {error}")
                            }
                        }
                    }
                }
            }
        }
    }
    assert!(decoded >= 14, "only {decoded} example bodies decoded");
}

#[test]
fn unknown_enum_values_are_kept_and_re_encoded_exactly() {
    let record: cfw::AccessControlLogRecord = serde_json::from_value(json!({
        "app": "PING", "protocol": "ICMP: ECHO_REQUEST", "action": "deny", "new_field": {"x": 1}
    }))
    .expect("decodes");
    assert_eq!(record.app, Some(cfw::AccessControlApp::from("PING")));
    assert!(
        record
            .app
            .as_ref()
            .is_some_and(cfw::AccessControlApp::is_unknown)
    );
    assert_eq!(record.additional_properties["new_field"], json!({"x": 1}));
    let encoded = serde_json::to_value(&record).expect("encodes");
    assert_eq!(
        encoded,
        json!({"app": "PING", "protocol": "ICMP: ECHO_REQUEST", "action": "deny", "new_field": {"x": 1}})
    );
}

#[test]
fn string_enums_round_trip_through_str_display_and_from_str() {
    for value in cfw::AccessControlApp::KNOWN
        .iter()
        .chain(&[cfw::AccessControlApp::from("PING")])
    {
        let text = value.as_str();
        assert_eq!(value.to_string(), text);
        assert_eq!(
            &text.parse::<cfw::AccessControlApp>().expect("infallible"),
            value
        );
        assert_eq!(&cfw::AccessControlApp::from(text.to_owned()), value);
        assert_eq!(serde_json::to_value(value).expect("encodes"), json!(text));
    }
    assert_eq!(cfw::Direction::from("in2out"), cfw::Direction::In2Out);
    assert!(!cfw::Direction::In2Out.is_unknown());
    // The vendor's misspelled wire value keeps its spelling; the variant does not.
    assert_eq!(
        vpc::FlowLogDeliverErrorMessage::UnavailableTarget.as_str(),
        "UnavaliableTarget"
    );
}

#[test]
fn integer_enums_are_numbers_named_by_meaning() {
    assert_eq!(
        serde_json::to_value(cfw::TimeRange::LastHour).expect("encodes"),
        json!(0)
    );
    assert_eq!(
        serde_json::from_value::<cfw::TimeRange>(json!(2)).expect("decodes"),
        cfw::TimeRange::LastSevenDays
    );
    let unknown: cfw::TimeRange = serde_json::from_value(json!(7)).expect("decodes");
    assert_eq!(unknown, cfw::TimeRange::from(7));
    assert_eq!(serde_json::to_value(&unknown).expect("encodes"), json!(7));
    assert_eq!(
        "1".parse::<cfw::TimeRange>().expect("parses"),
        cfw::TimeRange::LastDay
    );
    assert_eq!(cfw::TimeRange::LastDay.to_string(), "1");
    assert!("x".parse::<cfw::TimeRange>().is_err());
}

#[test]
fn a_double_accepts_integer_json() {
    let record: cfw::FlowDetailsVo =
        serde_json::from_value(json!({"request_byte": 5357})).expect("decodes");
    assert_eq!(record.request_byte, Some(5357.0));
}

#[test]
fn builders_name_every_missing_required_parameter() {
    let error = cfw::ListFlowLogsRequest::builder()
        .project_id("p")
        .limit(10)
        .build()
        .expect_err("fw_instance_id, start_time and end_time are missing");
    assert_eq!(error.operation(), "ListFlowLogs");
    assert_eq!(
        error.missing_parameters(),
        ["fw_instance_id", "start_time", "end_time"]
    );
    assert_eq!(
        error.to_string(),
        "ListFlowLogs: missing required parameters: fw_instance_id, start_time, end_time"
    );

    let request = cfw::ShowFlowTrendRequest::builder()
        .project_id("p")
        .fw_instance_id("fw")
        .log_type("vpc")
        .range(cfw::TimeRange::LastHour)
        .vpc(["vpc-1", "vpc-2"])
        .build()
        .expect("all required parameters are set");
    assert_eq!(request.log_type, cfw::AnalysisLogType::Vpc);
    assert_eq!(
        request.vpc,
        Some(vec!["vpc-1".to_owned(), "vpc-2".to_owned()])
    );

    let request = vpc::DescribeFlowLogsRequest::builder()
        .region_id("cn-hangzhou")
        .build()
        .expect("only RegionId is required");
    assert_eq!(request.region_id, "cn-hangzhou");
    assert!(vpc::DescribeFlowLogsRequest::builder().build().is_err());
}
