//! Parameter sets for an operation, generated from its spec: every optional
//! parameter on or off, values within the documented constraints, and strings
//! full of what percent-encoding and sorting get wrong.

use serde_json::{Map, Value, json};

/// Wire name → value, as the vendors' SDKs take them (lists for arrays,
/// objects for Alibaba's tags).
pub type Params = Map<String, Value>;

/// One parameter of an operation, `$ref`s resolved.
#[derive(Debug, Clone)]
pub struct Param {
    /// The wire name.
    pub name: String,
    /// `query`, `path` or `header`.
    pub location: String,
    /// Whether it must be sent.
    pub required: bool,
    /// Its schema, `$ref`s resolved at the top.
    pub schema: Value,
    /// Its named `examples`, by name (a page's example request).
    pub examples: Map<String, Value>,
}

/// The spec's `#/...` target of a `$ref`, or the value itself.
pub fn resolve<'a>(document: &'a Value, value: &'a Value) -> &'a Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => document
            .pointer(reference.trim_start_matches('#'))
            .unwrap_or_else(|| panic!("dangling $ref {reference}")),
        None => value,
    }
}

/// The operation with `operation_id`: its parameters (path level first) and
/// its `x-not-after` pairs.
pub fn operation(document: &Value, operation_id: &str) -> (Vec<Param>, Vec<(String, String)>) {
    let paths = document["paths"].as_object().expect("paths");
    for item in paths.values() {
        for op in item.as_object().expect("path item").values() {
            if op.get("operationId").and_then(Value::as_str) != Some(operation_id) {
                continue;
            }
            let listed = item["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .chain(op["parameters"].as_array().into_iter().flatten());
            let params = listed
                .map(|p| {
                    let p = resolve(document, p);
                    Param {
                        name: p["name"].as_str().expect("name").to_owned(),
                        location: p["in"].as_str().expect("in").to_owned(),
                        required: p["required"].as_bool().unwrap_or(false),
                        schema: resolve(document, &p["schema"]).clone(),
                        examples: p["examples"]
                            .as_object()
                            .into_iter()
                            .flatten()
                            .map(|(name, example)| (name.clone(), example["value"].clone()))
                            .collect(),
                    }
                })
                .collect();
            let not_after = op["x-not-after"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|pair| {
                    (
                        pair[0].as_str().expect("name").to_owned(),
                        pair[1].as_str().expect("name").to_owned(),
                    )
                })
                .collect();
            return (params, not_after);
        }
    }
    panic!("no operation {operation_id}");
}

/// Pieces of generated strings: plain text, and what encoding, sorting and
/// parsing of queries tend to get wrong.
const PIECES: &[&str] = &[
    "a",
    "Z",
    "7",
    "-",
    "_",
    ".",
    "~",
    " ",
    "+",
    "/",
    "*",
    "=",
    "%",
    ":",
    "&",
    "?",
    "#",
    "%20",
    "é",
    "中文",
    "naïve",
    "☃",
    "2001:db8::1",
    "10.0.0.1",
    "a b",
    "A",
    "z",
    "0",
];

/// A string of `min..=max` characters (at most 16 unless the minimum needs more).
pub fn text(rng: &mut fastrand::Rng, min: usize, max: usize) -> String {
    let max = max.min(min.max(16));
    let target = rng.usize(min..=max);
    let mut out = String::new();
    while out.chars().count() < target {
        let piece = PIECES[rng.usize(..PIECES.len())];
        if out.chars().count() + piece.chars().count() <= max {
            out.push_str(piece);
        } else {
            out.push('x');
        }
    }
    out
}

fn integer(rng: &mut fastrand::Rng, schema: &Value) -> i64 {
    let wide = schema["format"].as_str() == Some("int64");
    let (floor, ceiling) = if wide {
        (i64::MIN, i64::MAX)
    } else {
        (i64::from(i32::MIN), i64::from(i32::MAX))
    };
    let min = schema["minimum"].as_f64().map_or(floor, |v| v as i64);
    let max = schema["maximum"].as_f64().map_or(ceiling, |v| v as i64);
    // The bounds, small values and large ones, as often as random ones.
    let picks = [min, max, 0, 1, -1, 1_663_555_012_000, min / 2 + max / 2];
    let pick = picks[rng.usize(..picks.len())];
    if rng.bool() && (min..=max).contains(&pick) {
        pick
    } else {
        rng.i64(min..=max)
    }
}

/// A value for `schema`.
pub fn value(rng: &mut fastrand::Rng, document: &Value, schema: &Value) -> Value {
    let schema = resolve(document, schema);
    if let Some(values) = schema["enum"].as_array() {
        return values[rng.usize(..values.len())].clone();
    }
    match schema["type"].as_str() {
        Some("integer") => json!(integer(rng, schema)),
        Some("array") => {
            let max = schema["maxItems"].as_u64().unwrap_or(4) as usize;
            let min = schema["minItems"].as_u64().unwrap_or(0) as usize;
            // Mostly a few items; now and then up to the documented maximum.
            let count = if rng.u8(..4) == 0 {
                rng.usize(min..=max)
            } else {
                rng.usize(min..=max.min(min + 4))
            };
            (0..count)
                .map(|_| value(rng, document, &schema["items"]))
                .collect()
        }
        Some("object") => {
            let mut object = Map::new();
            for (name, property) in schema["properties"].as_object().expect("properties") {
                if rng.u8(..8) != 0 {
                    object.insert(name.clone(), value(rng, document, property));
                }
            }
            object.into()
        }
        _ => {
            let min = schema["minLength"].as_u64().unwrap_or(0) as usize;
            let max = schema["maxLength"].as_u64().unwrap_or(16) as usize;
            json!(text(rng, min, max))
        }
    }
}

/// A parameter set: required parameters always, optional ones half the
/// time; header parameters (constants) left out; `x-not-after` pairs put in
/// order.
pub fn generate(
    rng: &mut fastrand::Rng,
    document: &Value,
    params: &[Param],
    not_after: &[(String, String)],
) -> Params {
    let mut out = Params::new();
    for param in params {
        if param.location == "header" || param.location == "path" {
            continue;
        }
        if param.required || rng.bool() {
            let mut value = value(rng, document, &param.schema);
            // OpenAPI takes an empty query value for none (`allowEmptyValue`).
            if param.required && value == json!("") {
                value = json!(text(rng, 1, 16));
            }
            out.insert(param.name.clone(), value);
        }
    }
    for (first, second) in not_after {
        if let (Some(a), Some(b)) = (
            out.get(first).and_then(Value::as_i64),
            out.get(second).and_then(Value::as_i64),
        ) && a > b
        {
            out.insert(first.clone(), json!(b));
            out.insert(second.clone(), json!(a));
        }
    }
    out
}

/// The page's example requests of an operation: each example name with the
/// parameters that give a value under it (path parameters included).
pub fn examples(params: &[Param]) -> Vec<(String, Params)> {
    let mut named: std::collections::BTreeMap<String, Params> = Default::default();
    for param in params {
        for (name, value) in &param.examples {
            named
                .entry(name.clone())
                .or_default()
                .insert(param.name.clone(), value.clone());
        }
    }
    named.into_iter().collect()
}
