//! Mutations of an OpenAPI document, as a JSON value: each picks a node at
//! random and breaks it the way a careless or unusual description would.

use serde_json::{Map, Value, json};

use crate::seeded::Rng;

/// Names that stress the generator's naming: keywords, reserved words of
/// the generated code, names that are empty, numeric, symbolic, non-ASCII,
/// or very long, and names that differ only in case or punctuation.
const ODD_NAMES: [&str; 24] = [
    "",
    "self",
    "Self",
    "SELF",
    "type",
    "r#type",
    "super",
    "crate",
    "_",
    "__",
    "3d",
    "a-b",
    "a_b",
    "A B",
    "é",
    "🦀",
    "None",
    "Some",
    "Result",
    "Option",
    "default",
    "serialize",
    "$ref",
    "x-rust-name",
];

/// Numbers at and past the edges of every integer and float type.
fn odd_number(rng: &mut Rng) -> Value {
    match rng.below(9) {
        0 => json!(0),
        1 => json!(-1),
        2 => json!(i64::MAX),
        3 => json!(i64::MIN),
        4 => json!(u64::MAX),
        5 => json!(1e308),
        6 => json!(-1e308),
        7 => json!(1.5),
        _ => serde_json::from_str("18446744073709551616").unwrap_or(json!(0)),
    }
}

/// What one mutation did, for the report of a failing mutant.
pub type Applied = String;

/// Applies one random mutation to `document`; `None` if the chosen one found
/// nothing to act on.
pub fn mutate(document: &mut Value, rng: &mut Rng) -> Option<Applied> {
    let pointers = pointers(document);
    let at = pointers[rng.below(pointers.len())].clone();
    match rng.below(8) {
        0 => delete_key(document, &at, rng),
        1 => change_kind(document, &at, rng),
        2 => retarget_ref(document, &pointers, rng),
        3 => make_cycle(document, rng),
        4 => rename_key(document, &at, rng),
        5 => huge_number(document, &pointers, rng),
        6 => odd_value(document, &pointers, rng),
        _ => copy_node(document, &pointers, rng),
    }
}

/// Every node's pointer, the root included, in document order.
fn pointers(document: &Value) -> Vec<String> {
    fn walk(value: &Value, at: &mut String, out: &mut Vec<String>) {
        out.push(at.clone());
        let len = at.len();
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    at.push('/');
                    at.push_str(&key.replace('~', "~0").replace('/', "~1"));
                    walk(child, at, out);
                    at.truncate(len);
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    at.push_str(&format!("/{index}"));
                    walk(child, at, out);
                    at.truncate(len);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(document, &mut String::new(), &mut out);
    out
}

fn delete_key(document: &mut Value, at: &str, rng: &mut Rng) -> Option<Applied> {
    let map = document.pointer_mut(at)?.as_object_mut()?;
    if map.is_empty() {
        return None;
    }
    let key = map.keys().nth(rng.below(map.len()))?.clone();
    map.remove(&key);
    Some(format!("deleted {at}/{key}"))
}

fn change_kind(document: &mut Value, at: &str, rng: &mut Rng) -> Option<Applied> {
    if at.is_empty() {
        return None;
    }
    let node = document.pointer_mut(at)?;
    let replacement = match rng.below(6) {
        0 => json!("text"),
        1 => odd_number(rng),
        2 => json!(true),
        3 => Value::Null,
        4 => json!([node.clone()]),
        _ => json!({"value": node.clone()}),
    };
    *node = replacement;
    Some(format!("changed the kind of {at}"))
}

/// Points a `$ref` at another node of the document, or at one that does
/// not exist, or outside it.
fn retarget_ref(document: &mut Value, pointers: &[String], rng: &mut Rng) -> Option<Applied> {
    let refs: Vec<&String> = pointers.iter().filter(|p| p.ends_with("/$ref")).collect();
    if refs.is_empty() {
        return None;
    }
    let at = refs[rng.below(refs.len())].clone();
    let target = match rng.below(4) {
        0 => "#/components/schemas/DoesNotExist".to_owned(),
        1 => "other.yaml#/components/schemas/Thing".to_owned(),
        _ => format!("#{}", pointers[rng.below(pointers.len())]),
    };
    *document.pointer_mut(&at)? = Value::String(target.clone());
    Some(format!("pointed {at} at {target}"))
}

/// Makes a component schema refer to itself, directly or through `allOf`,
/// an array's items or an additional property.
fn make_cycle(document: &mut Value, rng: &mut Rng) -> Option<Applied> {
    let schemas = document
        .pointer_mut("/components/schemas")?
        .as_object_mut()?;
    if schemas.is_empty() {
        return None;
    }
    let name = schemas.keys().nth(rng.below(schemas.len()))?.clone();
    let reference = json!({"$ref": format!("#/components/schemas/{}", name.replace('~', "~0").replace('/', "~1"))});
    let schema = schemas.get_mut(&name)?;
    let how = match rng.below(4) {
        0 => {
            *schema = reference;
            "itself"
        }
        1 => {
            *schema = json!({"allOf": [reference, {"type": "object"}]});
            "allOf"
        }
        2 => {
            *schema = json!({"type": "array", "items": reference});
            "items"
        }
        _ => {
            let map = schema.as_object_mut()?;
            let properties = map
                .entry("properties")
                .or_insert_with(|| Value::Object(Map::new()));
            properties
                .as_object_mut()?
                .insert("me".to_owned(), reference);
            "a property"
        }
    };
    Some(format!("made schema {name} refer to itself through {how}"))
}

fn rename_key(document: &mut Value, at: &str, rng: &mut Rng) -> Option<Applied> {
    let map = document.pointer_mut(at)?.as_object_mut()?;
    if map.is_empty() {
        return None;
    }
    let key = map.keys().nth(rng.below(map.len()))?.clone();
    let mut new = ODD_NAMES[rng.below(ODD_NAMES.len())].to_owned();
    if rng.below(8) == 0 {
        new = new.repeat(40) + "long";
    }
    let value = map.remove(&key)?;
    map.insert(new.clone(), value);
    Some(format!("renamed {at}/{key} to {new:?}"))
}

fn huge_number(document: &mut Value, pointers: &[String], rng: &mut Rng) -> Option<Applied> {
    let numbers: Vec<&String> = pointers
        .iter()
        .filter(|p| {
            [
                "minimum",
                "maximum",
                "maxLength",
                "minLength",
                "maxItems",
                "default",
                "multipleOf",
            ]
            .iter()
            .any(|k| p.ends_with(&format!("/{k}")))
                || p.contains("/enum/")
        })
        .collect();
    let at = if numbers.is_empty() {
        pointers[rng.below(pointers.len())].clone()
    } else {
        numbers[rng.below(numbers.len())].clone()
    };
    if at.is_empty() {
        return None;
    }
    let number = odd_number(rng);
    *document.pointer_mut(&at)? = number.clone();
    Some(format!("set {at} to {number}"))
}

/// Sets a string where names come from (an `operationId`, an enum value,
/// a parameter name, a title) to an odd name.
fn odd_value(document: &mut Value, pointers: &[String], rng: &mut Rng) -> Option<Applied> {
    let names: Vec<&String> = pointers
        .iter()
        .filter(|p| {
            [
                "/operationId",
                "/name",
                "/title",
                "/x-rust-name",
                "/x-enum-varnames",
            ]
            .iter()
            .any(|k| p.ends_with(k))
                || p.contains("/enum/")
                || p.contains("/x-enum-varnames/")
        })
        .collect();
    if names.is_empty() {
        return None;
    }
    let at = names[rng.below(names.len())].clone();
    let name = ODD_NAMES[rng.below(ODD_NAMES.len())];
    *document.pointer_mut(&at)? = Value::String(name.to_owned());
    Some(format!("set {at} to {name:?}"))
}

/// Copies one node over another: an operation under another method, a
/// schema where a parameter was, a duplicate name.
fn copy_node(document: &mut Value, pointers: &[String], rng: &mut Rng) -> Option<Applied> {
    let from = pointers[rng.below(pointers.len())].clone();
    let to = pointers[rng.below(pointers.len())].clone();
    if to.is_empty() || to.starts_with(&from) {
        return None;
    }
    let value = document.pointer(&from)?.clone();
    *document.pointer_mut(&to)? = value;
    Some(format!("copied {from} over {to}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mutations_change_the_document_and_repeat_with_the_seed() {
        let base = json!({
            "openapi": "3.0.0",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"operationId": "getA", "responses": {"200": {
                "description": "ok",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}}}}},
            "components": {"schemas": {"A": {"type": "object", "properties": {
                "n": {"type": "integer", "maximum": 5},
                "e": {"type": "string", "enum": ["x", "y"]}}}}}
        });
        let run = |seed| {
            let mut rng = Rng::new(seed);
            let mut changed = 0;
            let mut log = Vec::new();
            for _ in 0..200 {
                let mut document = base.clone();
                if let Some(applied) = mutate(&mut document, &mut rng) {
                    changed += usize::from(document != base);
                    log.push(applied);
                }
            }
            (changed, log)
        };
        let (changed, log) = run(3);
        assert!(changed > 150, "only {changed} of 200 mutants differ");
        assert_eq!(log, run(3).1);
    }
}
