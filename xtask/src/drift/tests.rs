//! The drift check on today's pages (no drift) and on pages changed one edit
//! at a time (each edit found, at its page line).

use super::{Finding, drift};
use crate::codegen::workspace_root;

const HUAWEI: &str = "specs/huaweicloud-cfw-logs.yaml";
const ALIBABA: &str = "specs/alibabacloud-vpc-flow-logs.yaml";

/// The seed page `file` and the spec it is transcribed into.
fn page(file: &str) -> (String, String) {
    let root = workspace_root();
    let seeds = root.parent().unwrap_or(&root).join("shared/seeds");
    let page = std::fs::read_to_string(seeds.join(file))
        .unwrap_or_else(|e| panic!("../shared/seeds/{file}: {e}"));
    let spec_path = if file.starts_with("alibaba") {
        ALIBABA
    } else {
        HUAWEI
    };
    let spec = std::fs::read_to_string(root.join(spec_path)).expect("the spec");
    (page, spec)
}

const PAGES: [&str; 5] = [
    "alibabacloud-vpc-describe-flow-logs.txt",
    "huaweicloud-cfw-access-control-logs.txt",
    "huaweicloud-cfw-flow-statistic.txt",
    "huaweicloud-cfw-flow-trend.txt",
    "huaweicloud-cfw-list-flow-logs.txt",
];

fn unknown(file: &str, text: &str, spec: &str) -> Vec<Finding> {
    drift(file, text, spec, None)
        .unwrap_or_else(|e| panic!("{file}: {e}"))
        .into_iter()
        .filter(|f| !f.known)
        .collect()
}

#[test]
fn todays_pages_have_no_drift_from_the_specs() {
    for file in PAGES {
        let (text, spec) = page(file);
        let findings = unknown(file, &text, &spec);
        assert!(findings.is_empty(), "{file}: {findings:#?}");
    }
}

/// The page `file` with `from` (which must occur once) replaced by `to`:
/// its unknown findings, and the line of the edit.
fn mutated(file: &str, from: &str, to: &str) -> (Vec<Finding>, usize) {
    let (text, spec) = page(file);
    assert_eq!(
        text.matches(from).count(),
        1,
        "{file}: {from:?} is not one place"
    );
    let at = text.find(from).expect("found");
    let line = text[..at].matches('\n').count() + 1;
    let changed = text.replacen(from, to, 1);
    (unknown(file, &changed, &spec), line)
}

fn assert_found(findings: &[Finding], line: Option<usize>, place: &str, what: &str) {
    assert!(
        findings
            .iter()
            .any(|f| f.line == line && f.place.contains(place) && f.what.contains(what)),
        "expected {place:?} / {what:?} at {line:?} in {findings:#?}"
    );
}

#[test]
fn a_removed_row_is_found() {
    let (findings, _) = mutated(
        "huaweicloud-cfw-access-control-logs.txt",
        "src_ip | No | String | Source IP address. |\n",
        "",
    );
    assert_found(
        &findings,
        None,
        "parameter src_ip",
        "in the spec, not on the page",
    );
    // A response field, in the help center's rendering.
    let (findings, _) = mutated(
        "huaweicloud-cfw-flow-trend.txt",
        "in_bps\n\nDouble\n\nDefinition\n\nInbound bps.\n\nRange\n\nN/A\n\n",
        "",
    );
    assert_found(
        &findings,
        None,
        "field in_bps",
        "in the spec, not on the page",
    );
}

#[test]
fn an_added_enum_value_is_found() {
    let (findings, line) = mutated(
        "huaweicloud-cfw-access-control-logs.txt",
        "Its value can be TCP, UDP, ICMP, or ICMPv6.",
        "Its value can be TCP, UDP, ICMP, SCTP, or ICMPv6.",
    );
    assert_found(
        &findings,
        Some(line),
        "parameter protocol",
        "values TCP, UDP, ICMP, SCTP, ICMPv6",
    );
    let (findings, line) = mutated(
        "huaweicloud-cfw-flow-trend.txt",
        "in2out (outbound) or out2in (inbound)",
        "in2out (outbound), out2out (transit) or out2in (inbound)",
    );
    // The range paragraph is part of the row that starts a few lines up.
    assert!(
        findings.iter().any(|f| f.place == "parameter direction"
            && f.what.contains("out2out")
            && f.line.is_some_and(|l| l < line && l + 20 > line)),
        "{findings:#?}"
    );
}

#[test]
fn a_changed_type_is_found() {
    let (findings, line) = mutated(
        "huaweicloud-cfw-list-flow-logs.txt",
        "| src_port | No | Integer | Source port |",
        "| src_port | No | Long | Source port |",
    );
    assert_found(
        &findings,
        Some(line),
        "parameter src_port",
        "type Long on the page",
    );
    let (findings, line) = mutated(
        "alibabacloud-vpc-describe-flow-logs.txt",
        "AggregationInterval | Integer |",
        "AggregationInterval | String |",
    );
    assert_found(
        &findings,
        Some(line),
        "field AggregationInterval",
        "type String on the page",
    );
}

#[test]
fn a_changed_range_is_found() {
    let (findings, line) = mutated(
        "huaweicloud-cfw-flow-statistic.txt",
        "0 to 10\n",
        "0 to 20\n",
    );
    // Reported at the line of the row that the range paragraph belongs to.
    assert!(
        findings.iter().any(|f| f.place == "parameter size"
            && f.what.contains("maximum 20 on the page, 10 in the spec")
            && f.line.is_some_and(|l| l < line && l + 20 > line)),
        "{findings:#?}"
    );
    let (findings, line) = mutated(
        "huaweicloud-cfw-access-control-logs.txt",
        "limit | Yes | Integer | Number of records displayed on each page. The value ranges from 1 to 1024. |",
        "limit | Yes | Integer | Number of records displayed on each page. The value ranges from 1 to 2048. |",
    );
    assert_found(
        &findings,
        Some(line),
        "parameter limit",
        "maximum 2048 on the page, 1024 in the spec",
    );
}

#[test]
fn a_changed_example_is_found() {
    let (findings, line) = mutated(
        "alibabacloud-vpc-describe-flow-logs.txt",
        "ResourceId | String | No | eni-askldfas**** |",
        "ResourceId | String | No | eni-other**** |",
    );
    assert_found(
        &findings,
        Some(line),
        "parameter ResourceId",
        "example `eni-other****`",
    );
    let (findings, line) = mutated(
        "huaweicloud-cfw-flow-trend.txt",
        "range=0&vpc=42562e8a",
        "range=1&vpc=42562e8a",
    );
    assert_found(&findings, Some(line), "example request", "range=1");
    let (findings, line) = mutated(
        "huaweicloud-cfw-list-flow-logs.txt",
        "\"dst_port\" : 22,",
        "\"dst_port\" : 23,",
    );
    assert!(
        findings
            .iter()
            .any(|f| f.place == "example response 200" && f.line.is_some_and(|l| l < line)),
        "{findings:#?}"
    );
    // Alibaba's sample response, printed without its outer braces.
    let (findings, line) = mutated(
        "alibabacloud-vpc-describe-flow-logs.txt",
        "\"AggregationInterval\" : 10,",
        "\"AggregationInterval\" : 5,",
    );
    assert!(
        findings
            .iter()
            .any(|f| f.place == "example response 200" && f.line.is_some_and(|l| l < line)),
        "{findings:#?}"
    );
}

#[test]
fn an_added_response_field_at_depth_is_found() {
    let (findings, line) = mutated(
        "huaweicloud-cfw-flow-trend.txt",
        "agg_time\n\nLong\n\nDefinition\n\nAggregation time point.",
        "peak_bps\n\nDouble\n\nDefinition\n\nPeak bps.\n\nRange\n\nN/A\n\nagg_time\n\nLong\n\nDefinition\n\nAggregation time point.",
    );
    assert_found(
        &findings,
        Some(line),
        "field records, field peak_bps",
        "on the page, not in the spec",
    );
    let (findings, line) = mutated(
        "alibabacloud-vpc-describe-flow-logs.txt",
        "Key | String | FinanceDept | The key of tag N. |",
        "Key | String | FinanceDept | The key of tag N. |\nColor | String | red | The color of tag N. |",
    );
    assert_found(
        &findings,
        Some(line + 1),
        "field Tags, field Color",
        "on the page, not in the spec",
    );
}

#[test]
fn a_changed_description_and_required_flag_are_found() {
    let (findings, line) = mutated(
        "huaweicloud-cfw-list-flow-logs.txt",
        "| dst_ip | No | String | Destination IP address |",
        "| dst_ip | Yes | String | Destination IPv4 address |",
    );
    assert_found(
        &findings,
        Some(line),
        "parameter dst_ip",
        "mandatory Yes on the page",
    );
    assert_found(
        &findings,
        Some(line),
        "parameter dst_ip",
        "description on the page",
    );
}
