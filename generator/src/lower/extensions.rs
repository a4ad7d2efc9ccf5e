//! Reading this project's `x-` extensions (listed in `specs/README.md`) and the
//! documentation facts of a schema.

use indexmap::IndexMap;
use serde_json::Value;

use crate::ir::{Constraints, Docs};

/// The extensions of one spec object.
pub type Extensions = IndexMap<String, Value>;

/// An extension that should be a string or a list of strings, as a list.
/// `Err` carries a description of the shape found instead.
pub fn string_list(extensions: &Extensions, key: &str) -> Result<Vec<String>, String> {
    match extensions.get(key) {
        None => Ok(Vec::new()),
        Some(Value::String(text)) => Ok(vec![text.clone()]),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| match item {
                Value::String(text) => Ok(text.clone()),
                other => Err(format!("`{key}` must list strings, found `{other}`")),
            })
            .collect(),
        Some(other) => Err(format!(
            "`{key}` must be a string or a list of strings, found `{other}`"
        )),
    }
}

/// An extension that should be a string.
pub fn string(extensions: &Extensions, key: &str) -> Result<Option<String>, String> {
    match extensions.get(key) {
        None => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(other) => Err(format!("`{key}` must be a string, found `{other}`")),
    }
}

/// The documentation line of `x-sdk-source`: where an item the vendor's page
/// leaves out was learned (`package`, `version`, and the SDK's `model`).
pub fn sdk_source(extensions: &Extensions) -> Result<Option<String>, String> {
    let Some(value) = extensions.get("x-sdk-source") else {
        return Ok(None);
    };
    let field = |name: &str| match value.get(name) {
        Some(Value::String(text)) if !text.trim().is_empty() => Ok(text.trim().to_owned()),
        Some(Value::Number(number)) => Ok(number.to_string()),
        _ => Err(format!(
            "`x-sdk-source` needs `package`, `version` and `model` as strings; `{name}` is missing or not a string in `{value}`"
        )),
    };
    let (package, version, model) = (field("package")?, field("version")?, field("model")?);
    Ok(Some(format!(
        "Not on the vendor's page: taken from the vendor's SDK, `{model}` in `{package}` {version}."
    )))
}

/// Formats a number without a trailing `.0` when it is whole.
pub fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

/// Documentation lines for a set of constraints.
pub fn constraint_facts(constraints: &Constraints) -> Vec<String> {
    let mut facts = Vec::new();
    let range = |min: Option<String>, max: Option<String>, unit: &str| match (min, max) {
        (Some(min), Some(max)) => Some(format!("{min} to {max}{unit}")),
        (Some(min), None) => Some(format!("at least {min}{unit}")),
        (None, Some(max)) => Some(format!("at most {max}{unit}")),
        (None, None) => None,
    };
    if let Some(text) = range(
        constraints.minimum.map(format_number),
        constraints.maximum.map(format_number),
        "",
    ) {
        facts.push(format!("Range: {text}."));
    }
    if let Some(text) = range(
        constraints.min_length.map(|n| n.to_string()),
        constraints.max_length.map(|n| n.to_string()),
        " characters",
    ) {
        facts.push(format!("Length: {text}."));
    }
    if let Some(text) = range(
        constraints.min_items.map(|n| n.to_string()),
        constraints.max_items.map(|n| n.to_string()),
        " items",
    ) {
        facts.push(format!("Items: {text}."));
    }
    facts
}

/// The basic documentation of a spec object: its summary or title, its
/// description and its recorded discrepancies.
pub fn docs(
    summary: Option<&str>,
    description: Option<&str>,
    extensions: &Extensions,
) -> Result<Docs, String> {
    let clean = |text: Option<&str>| {
        text.map(str::trim)
            .filter(|text| !text.is_empty())
            .map(str::to_owned)
    };
    Ok(Docs {
        summary: clean(summary),
        description: clean(description),
        facts: sdk_source(extensions)?.into_iter().collect(),
        discrepancies: string_list(extensions, "x-doc-discrepancy")?,
        deprecated: false,
    })
}
