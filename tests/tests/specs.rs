//! The specs themselves: each parses as OpenAPI 3.0, and every example in it
//! matches its schema, except the violations its page forces, which are
//! asserted exactly.

use flowscribe_tests::example_check::{resolve, violations};
use flowscribe_tests::{spec_value, specs};
use serde_json::Value;

#[test]
fn every_spec_parses_as_openapi_3_0() {
    let specs = specs();
    assert!(specs.len() >= 2, "specs/ should hold the vendor specs");
    for (path, text) in specs {
        let parsed: Result<openapiv3::OpenAPI, _> = serde_yaml::from_str(&text);
        match parsed {
            Ok(document) => assert!(
                document.openapi.starts_with("3.0"),
                "{path}: not OpenAPI 3.0"
            ),
            Err(error) => {
                let line = error.location().map(|l| l.line()).unwrap_or(0);
                panic!("{path}:{line}: {error}");
            }
        }
    }
}

#[test]
fn a_broken_spec_is_reported_with_file_and_line() {
    let text = "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths:\n  /a:\n    get:\n      responses: [oops\n";
    let source = flowscribe_codegen::SpecSource::new("specs/broken.yaml", text);
    let error = flowscribe_codegen::load::load(source).expect_err("the YAML is broken");
    assert_eq!(error.file, "specs/broken.yaml");
    assert_eq!(error.line, Some(9));
}

/// One example found in a spec, with where it stands.
struct Example {
    place: String,
    value: Value,
    expected: Vec<String>,
    violations: Vec<String>,
}

/// Every example of a spec: parameter examples (reported as
/// `<param><pointer>: <keyword>`) and media-type examples of responses and
/// request bodies (reported as `<pointer>: <keyword>`).
fn examples_of(document: &Value) -> Vec<Example> {
    let mut found = Vec::new();
    let expected_of = |example: &Value| -> Vec<String> {
        example
            .get("x-expected-violations")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut add = |place: String, schema: &Value, prefix: &str, example: &Value, value: &Value| {
        let violations = violations(document, schema, value)
            .into_iter()
            .map(|v| format!("{prefix}{v}"))
            .collect();
        found.push(Example {
            place,
            value: value.clone(),
            expected: expected_of(example),
            violations,
        });
    };
    let paths = document["paths"].as_object().expect("paths");
    for (path, item) in paths {
        for (method, operation) in item.as_object().expect("path item") {
            let Some(operation) = operation.as_object() else {
                continue;
            };
            let place = format!("{method} {path}");
            for param in operation
                .get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let param = resolve(document, param);
                let name = param["name"].as_str().expect("parameter name");
                let schema = &param["schema"];
                if let Some(value) = param.get("example") {
                    add(
                        format!("{place} parameter {name} example"),
                        schema,
                        name,
                        &Value::Null,
                        value,
                    );
                }
                for (key, example) in param
                    .get("examples")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                {
                    let example = resolve(document, example);
                    add(
                        format!("{place} parameter {name} example {key}"),
                        schema,
                        name,
                        example,
                        &example["value"],
                    );
                }
            }
            let mut media = Vec::new();
            for (status, response) in operation
                .get("responses")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                let response = resolve(document, response);
                for (kind, content) in response
                    .get("content")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                {
                    media.push((format!("{place} {status} {kind}"), content));
                }
            }
            for (place, content) in media {
                let schema = &content["schema"];
                if let Some(value) = content.get("example") {
                    add(format!("{place} example"), schema, "", &Value::Null, value);
                }
                for (key, example) in content
                    .get("examples")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                {
                    let example = resolve(document, example);
                    add(
                        format!("{place} example {key}"),
                        schema,
                        "",
                        example,
                        &example["value"],
                    );
                }
            }
        }
    }
    found
}

#[test]
fn every_example_matches_its_schema_or_its_recorded_violation() {
    let mut checked = 0;
    let mut contradicted = Vec::new();
    for (path, text) in specs() {
        let document = spec_value(&text);
        for example in examples_of(&document) {
            assert!(
                !example.value.is_null(),
                "{path}: {} has no value",
                example.place
            );
            assert_eq!(
                example.violations, example.expected,
                "{path}: {} violates its schema differently from its x-expected-violations",
                example.place
            );
            checked += 1;
            if !example.expected.is_empty() {
                contradicted.push(format!(
                    "{path}: {}: {}",
                    example.place,
                    example.expected.join(", ")
                ));
            }
        }
    }
    assert!(checked > 50, "only {checked} examples found");
    // The contradictions the pages are known for are kept and asserted, not skipped.
    let all = contradicted.join("\n");
    assert!(
        all.contains("parameter size example") && all.contains("size: maximum"),
        "{all}"
    );
    assert!(all.contains("/data/records/0/app: enum"), "{all}");
    assert!(all.contains("/FlowLogs: type"), "{all}");
}

#[test]
fn every_operation_names_its_source_page() {
    let seeds = flowscribe_tests::workspace_root().join("../shared/seeds");
    for (path, text) in specs() {
        let document = spec_value(&text);
        for (route, item) in document["paths"].as_object().expect("paths") {
            for (method, operation) in item.as_object().expect("path item") {
                let Some(page) = operation.get("x-source-page") else {
                    panic!("{path}: {method} {route} has no x-source-page");
                };
                assert!(
                    page["title"].is_string(),
                    "{path}: {method} {route}: x-source-page needs a title"
                );
                let file = page["file"].as_str().expect("x-source-page names its file");
                if seeds.is_dir() {
                    assert!(
                        seeds.join(file).is_file(),
                        "{path}: {file} is not in shared/seeds"
                    );
                }
            }
        }
    }
}

/// Objects of `value` that carry `x-vendor-sdk-fact`, with their pointers.
fn sdk_facts<'a>(value: &'a Value, pointer: String, found: &mut Vec<(String, &'a Value)>) {
    match value {
        Value::Object(map) => {
            if map.contains_key("x-vendor-sdk-fact") {
                found.push((pointer.clone(), value));
            }
            for (key, child) in map {
                sdk_facts(child, format!("{pointer}/{key}"), found);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                sdk_facts(child, format!("{pointer}/{i}"), found);
            }
        }
        _ => {}
    }
}

/// A fact the pages leave out says where it was learned: the SDK package,
/// its version and the model or code (`x-sdk-source`), so that nothing in a
/// spec passes for page text. (The differential tests check the versions
/// against the installed SDKs.)
#[test]
fn every_sdk_fact_names_its_sdk_source() {
    let mut checked = 0;
    for (path, text) in specs() {
        let document = spec_value(&text);
        let mut found = Vec::new();
        sdk_facts(&document, String::new(), &mut found);
        for (pointer, object) in found {
            let source = &object["x-sdk-source"];
            for field in ["package", "version", "model"] {
                assert!(
                    source[field].is_string(),
                    "{path}{pointer}: x-vendor-sdk-fact without x-sdk-source {field}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 30, "only {checked} facts found");
}
