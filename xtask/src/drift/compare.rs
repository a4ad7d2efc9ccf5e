//! A page against the spec operation transcribed from it: every difference,
//! each marked known when the spec records it at that place (with
//! `x-doc-discrepancy`, or as a fact of the vendor's SDK: `x-vendor-sdk-fact`,
//! `x-sdk-source`) or on the object that holds it.

use serde_yaml::Value;

use super::facts::{listed_values, prose, stated_default, stated_range, words};
use super::page::{Location, Page, Row};
use super::responses;

/// One difference between the page and the spec.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    /// Whether the spec records it (a discrepancy, or a fact from the
    /// vendor's SDK), so that it is no drift.
    pub known: bool,
    /// The page line it comes from, when it is on the page.
    pub line: Option<usize>,
    /// The parameter, field or example.
    pub place: String,
    /// What differs.
    pub what: String,
}

/// The spec document and the operation the page documents.
pub struct SpecOperation<'a> {
    /// The whole spec, for `$ref`s.
    pub doc: &'a Value,
    /// The operation object.
    pub operation: &'a Value,
}

const MARKERS: [&str; 3] = ["x-doc-discrepancy", "x-vendor-sdk-fact", "x-sdk-source"];

impl<'a> SpecOperation<'a> {
    /// `value` with every `$ref` followed.
    pub(super) fn resolve(&self, mut value: &'a Value) -> &'a Value {
        for _ in 0..16 {
            // `allOf` of one schema (a `$ref` with a description beside it).
            if let Some([only]) = value
                .get("allOf")
                .and_then(Value::as_sequence)
                .map(Vec::as_slice)
            {
                value = only;
                continue;
            }
            let Some(target) = value.get("$ref").and_then(Value::as_str) else {
                return value;
            };
            let mut node = self.doc;
            for token in target.trim_start_matches("#/").split('/') {
                match node.get(token.replace("~1", "/").replace("~0", "~").as_str()) {
                    Some(next) => node = next,
                    None => return value,
                }
            }
            value = node;
        }
        value
    }

    /// Whether `value` (or what it refers to) records a known difference.
    pub(super) fn marked(&self, value: &Value) -> bool {
        let resolved = self.resolve(value);
        MARKERS
            .iter()
            .any(|m| value.get(*m).is_some() || resolved.get(*m).is_some())
    }

    /// The parameters, `$ref`s followed.
    fn params(&self) -> Vec<&'a Value> {
        self.operation
            .get("parameters")
            .and_then(Value::as_sequence)
            .map(|list| list.iter().map(|p| self.resolve(p)).collect())
            .unwrap_or_default()
    }

    /// The schema of a parameter or property, `$ref`s followed.
    fn schema_of(&self, node: &'a Value) -> &'a Value {
        match node.get("schema") {
            Some(schema) => self.resolve(schema),
            None => self.resolve(node),
        }
    }
}

pub(super) fn text(value: &Value, key: &str) -> Option<String> {
    match value.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn number(value: &Value, key: &str) -> Option<f64> {
    value.get(key)?.as_f64()
}

pub(super) struct Compare<'s, 'a> {
    pub(super) spec: &'s SpecOperation<'a>,
    findings: Vec<Finding>,
}

impl Compare<'_, '_> {
    pub(super) fn push(&mut self, known: bool, line: Option<usize>, place: &str, what: String) {
        self.findings.push(Finding {
            known,
            line,
            place: place.to_owned(),
            what,
        });
    }
}

/// Every difference between `page` and `spec`.
pub fn compare(page: &Page, spec: &SpecOperation<'_>) -> Vec<Finding> {
    let mut cx = Compare {
        spec,
        findings: Vec::new(),
    };
    params(&mut cx, page);
    responses::responses(&mut cx, page);
    responses::examples(&mut cx, page);
    responses::statuses(&mut cx, page);
    let mut findings = cx.findings;
    findings.sort_by(|a, b| (a.known, a.line, &a.place).cmp(&(b.known, b.line, &b.place)));
    findings.dedup();
    findings
}

fn params(cx: &mut Compare<'_, '_>, page: &Page) {
    let spec_params = cx.spec.params();
    let description = words(&text(cx.spec.operation, "description").unwrap_or_default());
    let request_headers = format!("{:?}", cx.spec.operation.get("x-request-headers"));
    let mut seen = Vec::new();
    for param in &page.params {
        let name = &param.row.name;
        let place = format!("parameter {name}");
        // `Tags.N.Key` is the `Key` of the items of the list parameter `Tags`.
        let base = name.split(".N.").next().unwrap_or(name);
        let Some(spec_param) = spec_params
            .iter()
            .find(|p| text(p, "name").as_deref() == Some(base))
        else {
            let known = (param.location == Location::Header
                && (description.contains(&words(name)) || request_headers.contains(name.as_str())))
                || spec_params.iter().any(|p| {
                    // A constant the spec sends another way (Alibaba's
                    // `Action`, sent as the `x-acs-action` header).
                    let values = enum_values(cx.spec, cx.spec.schema_of(p));
                    param
                        .row
                        .example
                        .as_ref()
                        .is_some_and(|e| values == [e.clone()])
                });
            cx.push(
                known,
                Some(param.row.line),
                &place,
                format!(
                    "on the page ({} parameter), not in the spec",
                    param.location.openapi()
                ),
            );
            continue;
        };
        seen.push(base.to_owned());
        if base != name {
            continue;
        }
        let known = cx.spec.marked(spec_param) || cx.spec.marked(cx.spec.schema_of(spec_param));
        let location = text(spec_param, "in").unwrap_or_default();
        if location != param.location.openapi() {
            cx.push(
                known,
                Some(param.row.line),
                &place,
                format!(
                    "a {} parameter on the page, `in: {location}` in the spec",
                    param.location.openapi()
                ),
            );
        }
        if let Some(required) = param.row.required {
            let spec_required = spec_param
                .get("required")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            if required != spec_required {
                cx.push(
                    known,
                    Some(param.row.line),
                    &place,
                    format!(
                        "mandatory {} on the page, required {spec_required} in the spec",
                        yes(required)
                    ),
                );
            }
        }
        value_facts(cx, &place, &param.row, spec_param, known);
        let example = param.row.example.as_ref();
        if let Some(example) = example {
            let spec_examples = examples_of(spec_param);
            if !spec_examples.is_empty() && !spec_examples.contains(example) {
                cx.push(
                    known,
                    Some(param.row.line),
                    &place,
                    format!("example `{example}` on the page, {spec_examples:?} in the spec"),
                );
            }
        }
    }
    for spec_param in spec_params {
        let name = text(spec_param, "name").unwrap_or_default();
        if seen.contains(&name) {
            continue;
        }
        let constant = enum_values(cx.spec, cx.spec.schema_of(spec_param)).len() == 1
            && spec_param.get("required").and_then(Value::as_bool) == Some(true);
        let known = cx.spec.marked(spec_param) || constant;
        cx.push(
            known,
            None,
            &format!("parameter {name}"),
            "in the spec, not on the page".to_owned(),
        );
    }
}

fn yes(value: bool) -> &'static str {
    if value { "Yes" } else { "No" }
}

fn examples_of(param: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(example) = text(param, "example") {
        out.push(example);
    }
    if let Some(map) = param.get("examples").and_then(Value::as_mapping) {
        for example in map.values() {
            if let Some(value) = text(example, "value") {
                out.push(value);
            }
        }
    }
    if let Some(schema) = param.get("schema")
        && let Some(example) = text(schema, "example")
    {
        out.push(example);
    }
    out
}

fn enum_values(spec: &SpecOperation<'_>, schema: &Value) -> Vec<String> {
    let schema = spec.resolve(schema);
    let schema = match schema.get("items") {
        Some(items) if schema.get("type").and_then(Value::as_str) == Some("array") => {
            spec.resolve(items)
        }
        _ => schema,
    };
    schema
        .get("enum")
        .and_then(Value::as_sequence)
        .map(|values| {
            values
                .iter()
                .filter_map(|v| match v {
                    Value::String(s) => Some(s.clone()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The page's type in OpenAPI terms: (type, format, item type).
fn page_type(ty: &str) -> Option<(&'static str, Option<&'static str>)> {
    let lower = ty.to_ascii_lowercase();
    Some(match lower.as_str() {
        "string" => ("string", None),
        "integer" => ("integer", Some("int32")),
        "long" => ("integer", Some("int64")),
        "double" => ("number", Some("double")),
        "float" => ("number", Some("float")),
        "number" => ("number", None),
        "boolean" => ("boolean", None),
        _ if lower.starts_with("array of") => ("array", None),
        _ if lower.ends_with(" object") => ("object", None),
        _ => return None,
    })
}

/// The facts a description carries (type, values, range, default, text)
/// against the spec node (a parameter or a property).
pub(super) fn value_facts(
    cx: &mut Compare<'_, '_>,
    place: &str,
    row: &Row,
    node: &Value,
    known: bool,
) {
    let schema = cx.spec.schema_of(node);
    let line = Some(row.line);
    let spec_type = text(schema, "type").unwrap_or_else(|| "object".to_owned());
    let spec_format = text(schema, "format");
    if let Some((ty, format)) = page_type(&row.ty) {
        let format_differs = match (format, spec_format.as_deref()) {
            (Some("int32"), None) | (Some("double"), None) => false,
            (Some(page), Some(spec)) => page != spec,
            (Some(_), None) => true,
            (None, _) => false,
        };
        if ty != spec_type || (ty != "string" && format_differs) {
            cx.push(
                known,
                line,
                place,
                format!(
                    "type {} on the page, `{spec_type}{}` in the spec",
                    row.ty,
                    spec_format.map(|f| format!(" ({f})")).unwrap_or_default()
                ),
            );
        }
    }
    let spec_values = enum_values(cx.spec, schema);
    if let Some(values) = listed_values(&row.text, row.range.as_deref())
        && !spec_values.is_empty()
    {
        let mut page_sorted = values.clone();
        page_sorted.sort();
        let mut spec_sorted = spec_values.clone();
        spec_sorted.sort();
        if page_sorted != spec_sorted {
            cx.push(
                known,
                line,
                place,
                format!(
                    "values {} on the page, {} in the spec",
                    values.join(", "),
                    spec_values.join(", ")
                ),
            );
        }
    }
    let (minimum, maximum) = stated_range(&row.text, row.range.as_deref());
    let is_string = spec_type == "string";
    let (spec_min, spec_max) = if is_string {
        (number(schema, "minLength"), number(schema, "maxLength"))
    } else {
        (number(schema, "minimum"), number(schema, "maximum"))
    };
    for (what, page, spec) in [
        ("minimum", minimum, spec_min),
        ("maximum", maximum, spec_max),
    ] {
        if page.is_some() && page != spec {
            cx.push(
                known,
                line,
                place,
                format!(
                    "{what} {} on the page, {} in the spec",
                    page.map_or("none".to_owned(), |v| v.to_string()),
                    spec.map_or("none".to_owned(), |v| v.to_string())
                ),
            );
        }
    }
    if let Some(default) = stated_default(&row.text, row.default.as_deref()) {
        let spec_default = text(schema, "default").or_else(|| text(node, "default"));
        if spec_default.as_deref() != Some(default.as_str()) {
            cx.push(
                known,
                line,
                place,
                format!(
                    "default {default} on the page, {} in the spec",
                    spec_default.unwrap_or_else(|| "none".to_owned())
                ),
            );
        }
    }
    let page_words = words(&prose(&row.text));
    let spec_words = words(&format!(
        "{} {}",
        text(node, "description").unwrap_or_default(),
        text(schema, "description").unwrap_or_default()
    ));
    if !page_words.is_empty() && !spec_words.contains(&page_words) {
        cx.push(
            known,
            line,
            place,
            format!("description on the page: \"{}\"", row.text),
        );
    }
}
