//! The generated clients against Prism, a mock server this project does not
//! write, serving `specs/*.yaml` and validating every request against them:
//! the page examples' requests and generated ones are accepted, and the
//! example responses Prism serves decode. Where Prism and the client's own
//! validation disagree about a request, the disagreement is listed in
//! [`KNOWN_DISAGREEMENTS`] with which side is right, and the test fails on
//! any other.
//!
//! `FLOWSCRIBE_PRISM_CASES` sets the generated requests per operation
//! (default 20; CI runs 100); `FLOWSCRIBE_SEED` replays a run.

use std::sync::{Arc, Mutex};
use std::time::{Duration, UNIX_EPOCH};

use flowscribe_runtime::{
    Config, Credentials, Error, HttpRequest, ReqwestTransport, RetryPolicy, SendFuture, Transport,
};
use flowscribe_sdk::alibabacloud_vpc_flow_logs as vpc;
use flowscribe_sdk::huaweicloud_cfw_logs as cfw;
use flowscribe_tests::cases::{self, Params};
use flowscribe_tests::prism::Prism;
use flowscribe_tests::{calls, spec_value, workspace_root};
use serde_json::Value;

/// Where Prism and the client's validation disagree, as (the text of Prism's
/// violation, which side is right and why). Every disagreement must match
/// one, and each one must still occur.
const KNOWN_DISAGREEMENTS: &[(&str, &str)] = &[
    (
        "must be <= 9007199254740991",
        "The client is right. Prism checks `int64` parameters against JavaScript's safe-integer \
         range, ±(2^53 − 1); OpenAPI's `int64` is the full signed 64-bit range, which the \
         vendors' SDKs (Python ints) send and their services take as longs.",
    ),
    (
        "must be >= -9007199254740991",
        "The client is right, as above, for large negative `int64` values.",
    ),
];

/// The default transport, keeping the violations Prism reports in the
/// `sl-violations` header of each answer: of the request, and of the example
/// response it serves.
#[derive(Debug)]
struct Recording {
    inner: ReqwestTransport,
    violations: Mutex<Vec<Value>>,
}

impl Transport for Recording {
    fn send(&self, request: HttpRequest) -> SendFuture<'_> {
        Box::pin(async move {
            let response = self.inner.send(request).await;
            if let Ok(response) = &response
                && let Some(header) = response.header("sl-violations")
            {
                let listed: Vec<Value> =
                    serde_json::from_str(header).expect("sl-violations is JSON");
                self.violations.lock().expect("not poisoned").extend(listed);
            }
            response
        })
    }
}

impl Recording {
    fn new() -> Arc<Recording> {
        Arc::new(Recording {
            inner: ReqwestTransport::new(Duration::from_secs(10)).expect("transport"),
            violations: Mutex::new(Vec::new()),
        })
    }

    /// The violations since the last call: of the request (Prism's messages),
    /// and of the response, as `x-expected-violations` writes them
    /// (`/data/records/0/app: enum`).
    fn take(&self) -> (Vec<String>, Vec<String>) {
        let taken = std::mem::take(&mut *self.violations.lock().expect("not poisoned"));
        let (mut request, mut response) = (Vec::new(), Vec::new());
        for violation in taken {
            let location: Vec<&str> = violation["location"]
                .as_array()
                .expect("location")
                .iter()
                .map(|part| part.as_str().unwrap_or_default())
                .collect();
            if location.first() == Some(&"response") {
                let code = match &violation["code"] {
                    Value::String(code) => code.clone(),
                    other => other.to_string(),
                };
                response.push(format!("/{}: {code}", location[2..].join("/")));
            } else {
                request.push(violation["message"].as_str().unwrap_or_default().to_owned());
            }
        }
        (request, response)
    }
}

/// What became of one request.
#[derive(Debug)]
enum Outcome {
    /// Sent, accepted, and the answer decoded; with the violations Prism
    /// found in the example it served.
    Accepted(Vec<String>),
    /// Refused by the client's validation before sending.
    RefusedByClient(String),
    /// Refused by Prism, with its violations.
    RefusedByPrism(String),
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Outcome::Accepted(_) => f.write_str("accepted"),
            Outcome::RefusedByClient(why) => write!(f, "refused by the client: {why}"),
            Outcome::RefusedByPrism(why) => write!(f, "refused by Prism: {why}"),
        }
    }
}

/// Both vendors' clients on one Prism, with validation on or off.
struct Clients {
    transport: Arc<Recording>,
    huawei: cfw::Client,
    alibaba: vpc::Client,
}

impl Clients {
    fn new(url: &str, validation: bool) -> Clients {
        let transport = Recording::new();
        let config = |credentials: Credentials| {
            Config::builder()
                .endpoint(url)
                .credentials(credentials)
                .retry(RetryPolicy::disabled())
                .validation(validation)
                .transport(transport.clone())
                .build()
        };
        Clients {
            huawei: cfw::Client::new(config(
                Credentials::new("AK", "SK").with_project_id("0123456789abcdef0123456789abcdef"),
            ))
            .expect("client"),
            alibaba: vpc::Client::new(config(Credentials::new("AK", "SK"))).expect("client"),
            transport,
        }
    }

    async fn send(&self, operation: &str, params: &Params, project: &str) -> Outcome {
        let result = if operation == "DescribeFlowLogs" {
            calls::call_alibaba(&self.alibaba, params).await
        } else {
            calls::call_huawei(&self.huawei, operation, params, project).await
        };
        let (violations, response_violations) = self.transport.take();
        match result {
            Err(error @ (Error::Validation(_) | Error::Build(_))) => {
                Outcome::RefusedByClient(error.to_string())
            }
            Err(Error::Service(error)) if !violations.is_empty() => {
                Outcome::RefusedByPrism(format!("HTTP {}: {}", error.status, violations.join("; ")))
            }
            Ok(()) if !violations.is_empty() => Outcome::RefusedByPrism(violations.join("; ")),
            Ok(()) => Outcome::Accepted(response_violations),
            Err(error) => panic!("{operation} {params:?}: {error}"),
        }
    }
}

/// The `x-expected-violations` of the example Prism serves for an
/// operation's 200 answer: the first in the document's order (which the JSON
/// form of the spec does not keep, so the YAML is read for it).
fn expected_response_violations(yaml: &str, operation_id: &str) -> Vec<String> {
    let document: serde_yaml::Value = serde_yaml::from_str(yaml).expect("YAML");
    let paths = document["paths"].as_mapping().expect("paths");
    for item in paths.values() {
        for operation in item.as_mapping().expect("path item").values() {
            if operation["operationId"].as_str() != Some(operation_id) {
                continue;
            }
            let examples = operation["responses"]["200"]["content"]["application/json"]["examples"]
                .as_mapping()
                .expect("examples written in the 200 answer");
            let (_, first) = examples.iter().next().expect("an example");
            return first["x-expected-violations"]
                .as_sequence()
                .into_iter()
                .flatten()
                .map(|v| v.as_str().expect("a string").to_owned())
                .collect();
        }
    }
    panic!("no operation {operation_id}");
}

/// JavaScript's largest safe integer, past which Prism refuses `int64`
/// values (see [`KNOWN_DISAGREEMENTS`]).
const JS_SAFE: i64 = (1 << 53) - 1;

/// In three cases of four, brings every `int64` value past Prism's range
/// within it, so that the rest of the request is checked too. Clamping keeps
/// the order of values, so `x-not-after` pairs stay valid.
fn mostly_within_prism_range(rng: &mut fastrand::Rng, case: &mut Params) {
    if rng.u8(..4) == 0 {
        return;
    }
    for value in case.values_mut() {
        if let Some(number) = value.as_i64() {
            *value = Value::from(number.clamp(-JS_SAFE, JS_SAFE));
        }
    }
}

fn operations(document: &Value) -> Vec<String> {
    let mut ids = Vec::new();
    for item in document["paths"].as_object().expect("paths").values() {
        for operation in item.as_object().expect("path item").values() {
            if let Some(id) = operation["operationId"].as_str() {
                ids.push(id.to_owned());
            }
        }
    }
    ids
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

#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn prism_accepts_every_request_and_its_examples_decode() {
    let seed = seed();
    let count: usize = std::env::var("FLOWSCRIBE_PRISM_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    println!(
        "seed {seed} (FLOWSCRIBE_SEED={seed} replays it), {count} generated requests per operation"
    );
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut disagreements: Vec<(String, String, String)> = Vec::new();
    let mut accepted = 0;
    let mut served_wrongly = Vec::new();
    for file in [
        "huaweicloud-cfw-logs.yaml",
        "alibabacloud-vpc-flow-logs.yaml",
    ] {
        let path = workspace_root().join("specs").join(file);
        let text = std::fs::read_to_string(&path).expect("spec");
        let document = spec_value(&text);
        let prism = Prism::start(&path);
        let checked = Clients::new(prism.url(), true);
        let unchecked = Clients::new(prism.url(), false);
        for operation in operations(&document) {
            let (params, not_after) = cases::operation(&document, &operation);
            let mut served: Vec<(String, Vec<String>)> = Vec::new();
            for (name, mut example) in cases::examples(&params) {
                // A page's example may leave out what the operation requires
                // (Alibaba's names no `RegionId`); generated values fill in.
                let filler = cases::generate(&mut rng, &document, &params, &not_after);
                for param in params
                    .iter()
                    .filter(|p| p.required && p.location == "query")
                {
                    if !example.contains_key(&param.name) {
                        example.insert(param.name.clone(), filler[&param.name].clone());
                    }
                }
                let project = example
                    .get("project_id")
                    .and_then(Value::as_str)
                    .unwrap_or("0123456789abcdef0123456789abcdef")
                    .to_owned();
                let ours = checked.send(&operation, &example, &project).await;
                let theirs = unchecked.send(&operation, &example, &project).await;
                match (&ours, &theirs) {
                    (Outcome::Accepted(seen), Outcome::Accepted(_)) => {
                        served.push((operation.clone(), seen.clone()));
                        accepted += 1;
                    }
                    (Outcome::RefusedByClient(_), Outcome::RefusedByPrism(_)) => {}
                    _ => disagreements.push((
                        operation.clone(),
                        name.clone(),
                        format!("client: {ours}; Prism, without the client's validation: {theirs}"),
                    )),
                }
            }
            for _ in 0..count {
                let mut case = cases::generate(&mut rng, &document, &params, &not_after);
                mostly_within_prism_range(&mut rng, &mut case);
                let project = format!("{:032x}", rng.u128(..));
                match checked.send(&operation, &case, &project).await {
                    Outcome::Accepted(seen) => {
                        served.push((operation.clone(), seen));
                        accepted += 1;
                    }
                    outcome => disagreements.push((
                        operation.clone(),
                        "generated".to_owned(),
                        format!("{case:?}: {outcome}"),
                    )),
                }
            }
            // Prism checks the example it serves against the schema: what it
            // finds is exactly the contradiction the spec records for it.
            let mut expected = expected_response_violations(&text, &operation);
            expected.sort();
            for (operation, mut seen) in served {
                seen.sort();
                if seen != expected {
                    served_wrongly.push(format!("{operation}: Prism finds {seen:?} in the example it serves, the spec records {expected:?}"));
                }
            }
        }
        drop(prism);
    }
    println!("{accepted} requests accepted by Prism, their answers decoded");
    let unexpected: Vec<&(String, String, String)> = disagreements
        .iter()
        .filter(|(_, _, what)| {
            !KNOWN_DISAGREEMENTS
                .iter()
                .any(|(text, _)| what.contains(text))
        })
        .collect();
    let gone: Vec<&str> = KNOWN_DISAGREEMENTS
        .iter()
        .filter(|(text, _)| !disagreements.iter().any(|(_, _, what)| what.contains(text)))
        .map(|(text, _)| *text)
        .collect();
    println!(
        "{} disagreements, each recorded with which side is right",
        disagreements.len() - unexpected.len()
    );
    assert!(
        unexpected.is_empty() && gone.is_empty(),
        "Prism and the client disagree (seed {seed}):\n{}\nrecorded disagreements that no longer occur: {gone:?}",
        unexpected
            .iter()
            .map(|(operation, case, what)| format!("{operation} {case}: {what}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    served_wrongly.dedup();
    assert!(served_wrongly.is_empty(), "{}", served_wrongly.join("\n"));
    assert!(
        accepted >= 5 * count / 2,
        "only {accepted} requests accepted"
    );
}
