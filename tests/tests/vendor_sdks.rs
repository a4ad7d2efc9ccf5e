//! Differential tests against the vendors' official SDKs (`tests/oracle/`):
//! every request the generated clients send is the one Huawei Cloud's and
//! Alibaba Cloud's own Python SDKs send for the same parameters, signature
//! included; every region resolves to the SDKs' endpoints.
//!
//! Cases come from a seeded generator that reads each operation's parameters
//! from its spec. `FLOWSCRIBE_SDK_CASES` sets the number per operation
//! (default 40; CI runs 300) and `FLOWSCRIBE_SEED` the seed, which every run
//! prints so that a failure can be replayed.

use std::sync::{Arc, Mutex};
use std::time::{Duration, UNIX_EPOCH};

use flowscribe_runtime::signing::{format_basic, format_iso8601};
use flowscribe_runtime::{
    Config, ConfigBuilder, Credentials, HttpRequest, HttpResponse, RetryPolicy, SendFuture,
    SignatureInputs, Transport,
};
use flowscribe_sdk::alibabacloud_vpc_flow_logs as vpc;
use flowscribe_sdk::huaweicloud_cfw_logs as cfw;
use flowscribe_tests::calls;
use flowscribe_tests::cases::{self, Params};
use flowscribe_tests::oracle::Oracle;
use flowscribe_tests::{spec_value, workspace_root};
use serde_json::{Value, json};

const USER_AGENT: &str = "flowscribe-differential/1";

/// Records what a client sends and answers `{}`.
#[derive(Debug, Default)]
struct Capture(Mutex<Vec<HttpRequest>>);

impl Transport for Capture {
    fn send(&self, request: HttpRequest) -> SendFuture<'_> {
        self.0.lock().expect("not poisoned").push(request);
        Box::pin(async {
            Ok(HttpResponse {
                status: 200,
                headers: vec![("content-type".to_owned(), "application/json".to_owned())],
                body: b"{}".to_vec(),
            })
        })
    }
}

impl Capture {
    fn take(&self) -> HttpRequest {
        let mut sent = self.0.lock().expect("not poisoned");
        assert_eq!(sent.len(), 1, "one request per call");
        sent.remove(0)
    }
}

/// Sends one generated case through the generated client and returns what
/// went out.
async fn send_huawei(
    operation: &str,
    params: &Params,
    project: &str,
    config: ConfigBuilder,
) -> HttpRequest {
    let capture = Arc::new(Capture::default());
    let client = cfw::Client::new(config.transport(capture.clone()).build()).expect("client");
    calls::call_huawei(&client, operation, params, project)
        .await
        .unwrap_or_else(|e| panic!("{operation} {params:?}: {e}"));
    capture.take()
}

async fn send_alibaba(params: &Params, config: ConfigBuilder) -> HttpRequest {
    let capture = Arc::new(Capture::default());
    let client = vpc::Client::new(config.transport(capture.clone()).build()).expect("client");
    calls::call_alibaba(&client, params)
        .await
        .unwrap_or_else(|e| panic!("DescribeFlowLogs {params:?}: {e}"));
    capture.take()
}

fn header<'a>(request: &'a HttpRequest, name: &str) -> Option<&'a str> {
    request
        .headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn decoded_pairs(url: &str) -> Vec<(String, String)> {
    let query = url.split_once('?').map_or("", |(_, q)| q);
    let mut pairs: Vec<(String, String)> = url_pairs(query);
    pairs.sort();
    pairs
}

/// `application/x-www-form-urlencoded` pairs, as servers read a query.
fn url_pairs(query: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(query).expect("a query")
}

/// The signed header names of an `Authorization` value.
fn signed_names(authorization: &str) -> Vec<String> {
    authorization
        .split("SignedHeaders=")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .expect("SignedHeaders")
        .split(';')
        .map(str::to_owned)
        .collect()
}

/// Both requests, side by side, for a failure message.
fn side_by_side(ours: &HttpRequest, theirs: &Value, differences: &[String]) -> String {
    let mut out = format!("differences: {}\n", differences.join("; "));
    out += &format!("  flowscribe: {} {}\n", ours.method, ours.url);
    out += &format!("  vendor SDK: {} {}\n", theirs["method"], theirs["url"]);
    for (name, value) in &ours.headers {
        out += &format!("  flowscribe {name}: {value}\n");
    }
    if let Some(headers) = theirs["headers"].as_object() {
        for (name, value) in headers {
            out += &format!("  vendor SDK {name}: {value}\n");
        }
    }
    out += &format!(
        "  vendor SDK canonical query: {}\n",
        theirs["canonical_query"]
    );
    out
}

fn seed() -> u64 {
    std::env::var("FLOWSCRIBE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .expect("after 1970")
                .as_nanos() as u64
        })
}

fn cases_per_operation() -> usize {
    std::env::var("FLOWSCRIBE_SDK_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(40)
}

fn spec(name: &str) -> Value {
    let text = std::fs::read_to_string(workspace_root().join("specs").join(name)).expect("spec");
    spec_value(&text)
}

/// A signing time somewhere in 2001–2033, whole seconds.
fn signing_inputs(rng: &mut fastrand::Rng) -> SignatureInputs {
    SignatureInputs {
        time: UNIX_EPOCH + Duration::from_secs(rng.u64(1_000_000_000..2_000_000_000)),
        nonce: format!("{:032x}", rng.u128(..)),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn requests_match_the_official_sdks_byte_for_byte() {
    let seed = seed();
    let count = cases_per_operation();
    println!("seed {seed} (FLOWSCRIBE_SEED={seed} replays it), {count} cases per operation");
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut oracle = Oracle::start();
    let regions = oracle.ask(&json!({"cmd": "regions"}));
    let huawei_regions: Vec<String> = regions["huawei"]
        .as_object()
        .expect("huawei regions")
        .keys()
        .cloned()
        .collect();
    let mut failures = Vec::new();
    let mut compared = 0;

    let huawei = spec("huaweicloud-cfw-logs.yaml");
    for operation in [
        "ShowFlowTrend",
        "ListFlowStatistic",
        "ListFlowLogs",
        "ListAccessControlLogs",
    ] {
        let (params, not_after) = cases::operation(&huawei, operation);
        for _ in 0..count {
            let case = cases::generate(&mut rng, &huawei, &params, &not_after);
            let project = format!("{:032x}", rng.u128(..));
            let region = &huawei_regions[rng.usize(..huawei_regions.len())];
            let inputs = signing_inputs(&mut rng);
            let config = Config::builder()
                .region(region)
                .credentials(Credentials::new("HW-AK", "hw/secret+key").with_project_id(&project))
                .user_agent(USER_AGENT)
                .retry(RetryPolicy::disabled())
                .fixed_signature_inputs(inputs.clone());
            let ours = send_huawei(operation, &case, &project, config).await;
            let theirs = oracle.ask(&json!({
                "vendor": "huawei", "operation": operation, "params": case,
                "ak": "HW-AK", "sk": "hw/secret+key", "project_id": project,
                "region": region, "date": format_basic(inputs.time), "user_agent": USER_AGENT,
            }));
            let mut differences = Vec::new();
            if ours.method != theirs["method"] {
                differences.push("method".to_owned());
            }
            if ours.url != theirs["url"] {
                differences.push("URL (host, path or query)".to_owned());
            }
            if ours.url.split_once('?').map_or("", |(_, q)| q) != theirs["canonical_query"] {
                differences.push("canonical query".to_owned());
            }
            for name in signed_names(theirs["headers"]["authorization"].as_str().expect("signed")) {
                let theirs = theirs["headers"][name.as_str()].as_str();
                let ours = if name == "host" {
                    ours.url.split('/').nth(2)
                } else {
                    header(&ours, &name)
                };
                if ours != theirs {
                    differences.push(format!("header {name}"));
                }
            }
            if header(&ours, "authorization") != theirs["headers"]["authorization"].as_str() {
                differences.push("Authorization".to_owned());
            }
            compared += 1;
            if !differences.is_empty() {
                failures.push(format!(
                    "{operation} {case:?}\n{}",
                    side_by_side(&ours, &theirs, &differences)
                ));
            }
        }
    }

    let alibaba = spec("alibabacloud-vpc-flow-logs.yaml");
    let (params, not_after) = cases::operation(&alibaba, "DescribeFlowLogs");
    let mut alibaba_regions: Vec<String> = regions["alibaba"]["endpoint_map"]
        .as_object()
        .expect("endpoint map")
        .keys()
        .cloned()
        .collect();
    alibaba_regions
        .extend(["cn-beijing", "ap-northeast-1", "eu-central-1", "us-west-1"].map(String::from));
    for _ in 0..count {
        let case = cases::generate(&mut rng, &alibaba, &params, &not_after);
        let region = &alibaba_regions[rng.usize(..alibaba_regions.len())];
        let inputs = signing_inputs(&mut rng);
        let config = Config::builder()
            .region(region)
            .credentials(Credentials::new("ALI-AK", "ali secret/key="))
            .user_agent(USER_AGENT)
            .retry(RetryPolicy::disabled())
            .fixed_signature_inputs(inputs.clone());
        let ours = send_alibaba(&case, config).await;
        let theirs = oracle.ask(&json!({
            "vendor": "alibaba", "operation": "DescribeFlowLogs", "params": case,
            "ak": "ALI-AK", "sk": "ali secret/key=", "region": region,
            "date": format_iso8601(inputs.time), "nonce": inputs.nonce, "user_agent": USER_AGENT,
        }));
        let mut differences = Vec::new();
        let our_host = ours.url.split('/').nth(2).expect("host");
        if ours.method != theirs["method"] {
            differences.push("method".to_owned());
        }
        if our_host != theirs["host"] {
            differences.push("host".to_owned());
        }
        let our_path = ours.url.split('/').skip(3).collect::<Vec<_>>().join("/");
        let our_path = format!("/{}", our_path.split('?').next().unwrap_or_default());
        if our_path != theirs["path"] {
            differences.push("path".to_owned());
        }
        let their_pairs = {
            let mut pairs: Vec<(String, String)> = theirs["query"]
                .as_array()
                .expect("query")
                .iter()
                .map(|pair| {
                    (
                        pair[0].as_str().expect("key").to_owned(),
                        pair[1].as_str().expect("value").to_owned(),
                    )
                })
                .collect();
            pairs.sort();
            pairs
        };
        if decoded_pairs(&ours.url) != their_pairs {
            differences.push("query pairs".to_owned());
        }
        if ours.url.split_once('?').map_or("", |(_, q)| q) != theirs["canonical_query"] {
            differences.push("canonical query".to_owned());
        }
        for name in [
            "x-acs-action",
            "x-acs-version",
            "x-acs-date",
            "x-acs-signature-nonce",
            "x-acs-content-sha256",
        ] {
            if header(&ours, name) != theirs["headers"][name].as_str() {
                differences.push(format!("header {name}"));
            }
        }
        // The SDK signs headers of its own (accept, user-agent, a credentials
        // provider); a server checks the headers a request names, so the
        // vendor's signer recomputes ours over exactly those.
        let authorization = header(&ours, "authorization").expect("signed");
        let signed: serde_json::Map<String, Value> = signed_names(authorization)
            .into_iter()
            .map(|name| {
                let value = if name == "host" {
                    our_host
                } else {
                    header(&ours, &name).expect("signed header sent")
                };
                (name, json!(value))
            })
            .collect();
        let verified = oracle.ask(&json!({
            "cmd": "verify", "vendor": "alibaba", "method": ours.method, "url": ours.url,
            "headers": signed, "body": "", "ak": "ALI-AK", "sk": "ali secret/key=",
        }));
        if verified["authorization"] != authorization {
            differences.push(format!(
                "Authorization (the vendor's signer gives {})",
                verified["authorization"]
            ));
        }
        compared += 1;
        if !differences.is_empty() {
            failures.push(format!(
                "DescribeFlowLogs {case:?}\n{}",
                side_by_side(&ours, &theirs, &differences)
            ));
        }
    }

    println!("{compared} requests compared, {} differ", failures.len());
    assert!(
        failures.is_empty(),
        "{} of {compared} requests differ from the vendors' SDKs (seed {seed}); the first ones:\n{}",
        failures.len(),
        failures
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// The endpoint a generated client resolves for `region`.
fn huawei_endpoint(region: &str) -> String {
    let config = Config::builder().region(region).build();
    cfw::Client::new(config)
        .expect("known region")
        .endpoint()
        .to_owned()
}

fn alibaba_endpoint(region: &str) -> String {
    let config = Config::builder().region(region).build();
    vpc::Client::new(config)
        .expect("region")
        .endpoint()
        .to_owned()
}

#[test]
fn every_region_of_the_sdks_resolves_to_their_endpoints() {
    let mut oracle = Oracle::start();
    let regions = oracle.ask(&json!({"cmd": "regions"}));
    let theirs = regions["huawei"].as_object().expect("huawei regions");
    let ours: Vec<(&str, Vec<&str>)> = cfw::SERVICE
        .regions
        .iter()
        .map(|r| (r.name, r.endpoints.to_vec()))
        .collect();
    assert_eq!(
        ours.len(),
        theirs.len(),
        "the Huawei region tables differ in size"
    );
    for (region, endpoints) in theirs {
        let endpoints: Vec<&str> = endpoints
            .as_array()
            .expect("a list")
            .iter()
            .map(|e| e.as_str().expect("a URL"))
            .collect();
        let listed = ours.iter().find(|(name, _)| name == region);
        assert_eq!(
            listed.map(|(_, e)| e),
            Some(&endpoints),
            "{region}: endpoints, in order"
        );
        assert_eq!(
            huawei_endpoint(region),
            endpoints[0],
            "{region}: the endpoint used first"
        );
    }
    let unknown = cfw::Client::new(Config::builder().region("xx-nowhere-1").build())
        .expect_err("a region the SDK does not know");
    assert!(
        unknown.to_string().contains("cn-north-4, cn-north-9"),
        "{unknown}"
    );

    let map = regions["alibaba"]["endpoint_map"]
        .as_object()
        .expect("endpoint map");
    assert_eq!(
        vpc::SERVICE.regions.len(),
        map.len(),
        "the Alibaba endpoint maps differ in size"
    );
    for (region, host) in map {
        assert_eq!(
            alibaba_endpoint(region),
            format!("https://{}", host.as_str().expect("a host")),
            "{region}"
        );
    }
    // Regions outside the map follow the SDK's `regional` rule.
    let samples = regions["alibaba"]["samples"].as_object().expect("samples");
    let mut checked = 0;
    for (region, host) in samples.iter().filter(|(region, _)| !region.contains(' ')) {
        assert_eq!(
            alibaba_endpoint(region),
            format!("https://{}", host.as_str().expect("a host")),
            "{region}"
        );
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} sample regions");
}

/// The wire names of a spec schema's properties, or of an operation's query
/// parameters.
fn spec_fields(document: &Value, object: &Value) -> Vec<String> {
    if let Some(properties) = object["properties"].as_object() {
        return properties.keys().cloned().collect();
    }
    object["parameters"]
        .as_array()
        .expect("an operation's parameters")
        .iter()
        .map(|p| cases::resolve(document, p))
        .filter(|p| p["in"] == "query")
        .map(|p| p["name"].as_str().expect("name").to_owned())
        .collect()
}

/// Every object of a spec that names its SDK model (`x-sdk-model`), by pointer.
fn claimed_models(value: &Value, pointer: &str, found: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            if let Some(model) = map.get("x-sdk-model").and_then(Value::as_str) {
                found.push((model.to_owned(), pointer.to_owned()));
            }
            for (key, child) in map {
                let key = key.replace('~', "~0").replace('/', "~1");
                claimed_models(child, &format!("{pointer}/{key}"), found);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                claimed_models(child, &format!("{pointer}/{i}"), found);
            }
        }
        _ => {}
    }
}

#[test]
fn the_specs_know_every_field_of_the_sdk_models() {
    let mut oracle = Oracle::start();
    let models = oracle.ask(&json!({"cmd": "models"}));
    let versions = oracle.ask(&json!({"cmd": "versions"}))["versions"].clone();
    let mut lacking = Vec::new();
    for (vendor, file, envelopes) in [
        ("huawei", "huaweicloud-cfw-logs.yaml", &[][..]),
        // The SDK's `DescribeFlowLogsResponse` wraps the body with the HTTP
        // headers and status; it is no object on the wire.
        (
            "alibaba",
            "alibabacloud-vpc-flow-logs.yaml",
            &["DescribeFlowLogsResponse"][..],
        ),
    ] {
        let document = spec(file);
        let mut claimed = Vec::new();
        claimed_models(&document, "", &mut claimed);
        let sdk = models[vendor].as_object().expect("models");
        for (model, fields) in sdk {
            if envelopes.contains(&model.as_str()) {
                continue;
            }
            let Some((_, pointer)) = claimed.iter().find(|(m, _)| m == model) else {
                lacking.push(format!(
                    "{file}: no schema or operation names the SDK model {model} (x-sdk-model)"
                ));
                continue;
            };
            let ours = spec_fields(&document, document.pointer(pointer).expect("claimed"));
            for field in fields.as_array().expect("fields") {
                let wire = field["wire_name"].as_str().expect("wire name");
                if !ours.iter().any(|f| f == wire) {
                    lacking.push(format!(
                        "{file}{pointer}: lacks `{wire}` ({}) of the SDK model {model}",
                        field["python_type"]
                    ));
                }
            }
        }
        for (model, pointer) in &claimed {
            if !sdk.contains_key(model) {
                lacking.push(format!(
                    "{file}{pointer}: names the SDK model {model}, which the SDK does not have"
                ));
            }
        }
        // What a spec says it took from an SDK names the version installed.
        let text =
            std::fs::read_to_string(workspace_root().join("specs").join(file)).expect("spec");
        let mut sources = Vec::new();
        sdk_sources(&document, &mut sources);
        for source in sources {
            let package = source["package"].as_str().expect("package");
            let installed = versions[package].as_str();
            if installed.is_none() || source["version"].as_str() != installed {
                lacking.push(format!(
                    "{file}: x-sdk-source {source}: the oracle has {package} {installed:?}"
                ));
            }
        }
        assert!(
            text.contains("x-sdk-source"),
            "{file} marks nothing as taken from the SDK"
        );
    }
    assert!(
        lacking.is_empty(),
        "the specs and the vendors' SDK models differ:\n{}",
        lacking.join("\n")
    );
}

fn sdk_sources(value: &Value, found: &mut Vec<Value>) {
    match value {
        Value::Object(map) => {
            if let Some(source) = map.get("x-sdk-source") {
                found.push(source.clone());
            }
            map.values().for_each(|child| sdk_sources(child, found));
        }
        Value::Array(items) => items.iter().for_each(|child| sdk_sources(child, found)),
        _ => {}
    }
}
