//! `$ref`s that point anywhere in the document but `components` (into
//! another operation's response schema, a property of a schema, a
//! `definitions` map the OpenAPI model does not have): each target is
//! copied into `components` under a name made from its place, and the
//! references are rewritten to it, so that lowering only ever resolves
//! `#/components/...`.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// Whether `text` has a `$ref` whose target is in the document but not
/// under `#/components/`.
pub fn has_refs_elsewhere(text: &str) -> bool {
    memchr::memmem::find_iter(text.as_bytes(), "$ref").any(|at| {
        let rest = text[at + 4..].trim_start_matches(['"', '\'', ' ', ':', '\t']);
        let end = rest
            .find(['"', '\'', '\n', '\r', ',', '}'])
            .unwrap_or(rest.len());
        elsewhere(rest[..end].trim())
    })
}

/// Whether `reference` is local but names no item of a `components`
/// section directly.
fn elsewhere(reference: &str) -> bool {
    match reference.strip_prefix("#/components/") {
        Some(rest) => rest.split('/').count() != 2,
        None => reference.starts_with("#/"),
    }
}

/// Copies every target of a `$ref` outside `components` into the section
/// of `components` its place calls for, and points the references there.
pub fn hoist(document: &mut Value) -> Hoisted {
    let mut targets = BTreeMap::new();
    collect(document, &mut targets);
    if targets.is_empty() {
        return Hoisted::default();
    }
    let mut taken: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    let mut renamed: BTreeMap<String, String> = BTreeMap::new();
    let mut copies: Vec<(&'static str, String, Value)> = Vec::new();
    let mut notes = Vec::new();
    let mut hoisted = Vec::new();
    for reference in targets.into_keys() {
        let pointer = decode(&reference[1..]);
        let Some(target) = document.pointer(&pointer).cloned() else {
            continue;
        };
        let section = section_of(&pointer);
        let existing: Vec<String> = document
            .pointer(&format!("/components/{section}"))
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        let used = taken.entry(section).or_default();
        // A parameter is named after its own name.
        let base = match target.get("name").and_then(Value::as_str) {
            Some(own) if section == "parameters" => name_of(own),
            _ => name_of(&pointer),
        };
        let mut name = base.clone();
        let mut n = 2;
        while existing.contains(&name) || used.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        used.push(name.clone());
        notes.push((
            pointer.clone(),
            format!("`$ref` `{reference}` points outside `components`; its target is generated as `components/{section}/{name}`"),
        ));
        if section == "schemas" {
            hoisted.push((name.clone(), pointer.clone()));
        }
        renamed.insert(reference, format!("#/components/{section}/{name}"));
        copies.push((section, name, target));
    }
    let Some(root) = document.as_object_mut() else {
        return Hoisted {
            notes,
            schemas: hoisted,
        };
    };
    let components = root
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(components) = components.as_object_mut() {
        for (section, name, target) in copies {
            if let Some(section) = components
                .entry(section)
                .or_insert_with(|| Value::Object(Map::new()))
                .as_object_mut()
            {
                section.insert(name, target);
            }
        }
    }
    rewrite(document, &renamed);
    Hoisted {
        notes,
        schemas: hoisted,
    }
}

/// What [`hoist`] did.
#[derive(Debug, Default)]
pub struct Hoisted {
    /// A note (pointer of the target, message) per copy.
    pub notes: Vec<(String, String)>,
    /// The names of the copies made in `components/schemas`, each with the
    /// pointer of the target it copies.
    pub schemas: Vec<(String, String)>,
}

/// Replaces each copied schema of `copies` that is not a schema (a `$ref`
/// into a map of definitions that holds something else) by the empty
/// schema, any JSON value, with a note: the reference's target is the
/// description's defect, and its copy has no place in the text to report
/// an error at. Runs once the document is in the 3.0 form.
pub fn replace_invalid_schemas(
    document: &mut Value,
    copies: &[(String, String)],
) -> Vec<(String, String)> {
    let mut notes = Vec::new();
    for (name, target) in copies {
        let Some(schemas) = document
            .pointer_mut("/components/schemas")
            .and_then(Value::as_object_mut)
        else {
            break;
        };
        let Some(schema) = schemas.get_mut(name) else {
            continue;
        };
        let parsed =
            serde_json::from_value::<openapiv3::ReferenceOr<openapiv3::Schema>>(schema.clone());
        if let Err(error) = parsed {
            *schema = Value::Object(Map::new());
            notes.push((
                target.clone(),
                format!("this target of a `$ref` is not a schema ({error}); its copy `components/schemas/{name}` is taken as any JSON value"),
            ));
        }
    }
    notes
}

/// The keys whose values are example data, where a `$ref` is data too (an
/// example may show a JSON Schema, or refer to another example's value).
const EXAMPLE_KEYS: [&str; 2] = ["example", "examples"];

/// Whether the value of `key` is described by the document, not example data.
fn described(key: &str) -> bool {
    !EXAMPLE_KEYS.contains(&key)
}

/// Every `$ref` string outside `#/components/`.
fn collect(value: &Value, out: &mut BTreeMap<String, ()>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref")
                && elsewhere(reference)
            {
                out.insert(reference.clone(), ());
            }
            map.iter()
                .filter(|(key, _)| described(key))
                .for_each(|(_, v)| collect(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
        _ => {}
    }
}

fn rewrite(value: &mut Value, renamed: &BTreeMap<String, String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref")
                && let Some(new) = renamed.get(reference.as_str())
            {
                *reference = new.clone();
            }
            map.iter_mut()
                .filter(|(key, _)| described(key))
                .for_each(|(_, v)| rewrite(v, renamed));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rewrite(v, renamed)),
        _ => {}
    }
}

/// The pointer of a `$ref` (without `#`), percent-decoded.
fn decode(pointer: &str) -> String {
    let bytes = pointer.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(byte) = pointer
                .get(i + 1..i + 3)
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The `components` section a target belongs in, from where it stands.
fn section_of(pointer: &str) -> &'static str {
    let tokens: Vec<&str> = pointer.split('/').collect();
    let parent = tokens.len().checked_sub(2).map(|i| tokens[i]);
    let last = tokens.last().copied().unwrap_or_default();
    if parent == Some("parameters") && !pointer.starts_with("/components/schemas") {
        "parameters"
    } else if parent == Some("responses") && !pointer.contains("/schema") {
        "responses"
    } else if last == "requestBody" {
        "requestBodies"
    } else {
        "schemas"
    }
}

/// A component name for the target at `pointer`: its last meaningful
/// tokens, in UpperCamelCase.
fn name_of(pointer: &str) -> String {
    const SKIP: [&str; 15] = [
        "$defs",
        "components",
        "schemas",
        "paths",
        "properties",
        "items",
        "definitions",
        "content",
        "schema",
        "responses",
        "parameters",
        "allOf",
        "anyOf",
        "oneOf",
        "additionalProperties",
    ];
    let words: Vec<String> = pointer
        .split('/')
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        // Media types (`application/json`) say nothing of the value.
        .filter(|t| !t.is_empty() && !SKIP.contains(&t.as_str()))
        .filter(|t| !t.contains('/') || t.starts_with('/'))
        .filter(|t| t.parse::<u32>().is_err())
        .filter(|t| {
            ![
                "get", "put", "post", "delete", "patch", "head", "options", "trace",
            ]
            .contains(&t.as_str())
        })
        .collect();
    let start = words.len().saturating_sub(2);
    let name: String = words[start..]
        .iter()
        .flat_map(|w| w.split(|c: char| !c.is_ascii_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect();
    if name.is_empty() {
        "Referenced".to_owned()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn targets_outside_components_are_copied_in_and_referenced_there() {
        let mut document = json!({
            "paths": {"/a": {"get": {
                "parameters": [{"name": "id", "in": "query", "schema": {"type": "string"}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"type": "object", "properties": {"full": {"type": "string"}}}}}}}
            }}},
            "components": {"schemas": {
                "Transfer": {"definitions": {"transferAccount": {"type": "object"}}},
                "Branding": {"properties": {
                    "logo": {"$ref": "#/paths/~1a/get/responses/200/content/application~1json/schema/properties/full"},
                    "account": {"$ref": "#/components/schemas/Transfer/definitions/transferAccount"},
                    "same": {"$ref": "#/components/schemas/Transfer/definitions/transferAccount"}
                }}
            }, "parameters": {}},
            "x-uses": {"$ref": "#/paths/~1a/get/parameters/0"}
        });
        assert!(has_refs_elsewhere(&document.to_string()));
        let hoisted = hoist(&mut document);
        assert_eq!(hoisted.notes.len(), 3, "{:?}", hoisted.notes);
        assert!(replace_invalid_schemas(&mut document, &hoisted.schemas).is_empty());
        let branding = &document["components"]["schemas"]["Branding"]["properties"];
        assert_eq!(branding["logo"]["$ref"], "#/components/schemas/AFull");
        assert_eq!(
            branding["account"]["$ref"],
            "#/components/schemas/TransferTransferAccount"
        );
        assert_eq!(branding["same"], branding["account"]);
        assert_eq!(
            document["components"]["schemas"]["AFull"],
            json!({"type": "string"})
        );
        assert_eq!(document["x-uses"]["$ref"], "#/components/parameters/Id");
        assert!(!has_refs_elsewhere(&document.to_string()));
    }

    #[test]
    fn example_data_is_not_hoisted_and_a_target_that_is_no_schema_becomes_any_value() {
        let mut document = json!({
            "openapi": "3.0.0",
            "components": {
                "examples": {"Connection": {"value": {"type": "google_plus"}},
                             "Connections": {"value": {"$ref": "#/components/examples/Connection/value"}}},
                "schemas": {
                    "Item": {"definitions": {"itemType": {"type": {"type": "string"}}}},
                    "Line": {"properties": {"type": {"$ref": "#/components/schemas/Item/definitions/itemType"}},
                             "example": {"$ref": "#/paths/not/a/reference"}}
                }
            }
        });
        let hoisted = hoist(&mut document);
        assert_eq!(
            hoisted.schemas,
            [(
                "ItemItemType".to_owned(),
                "/components/schemas/Item/definitions/itemType".to_owned()
            )]
        );
        assert_eq!(
            document["components"]["examples"]["Connections"]["value"]["$ref"],
            "#/components/examples/Connection/value"
        );
        let notes = replace_invalid_schemas(&mut document, &hoisted.schemas);
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].0, "/components/schemas/Item/definitions/itemType");
        assert_eq!(document["components"]["schemas"]["ItemItemType"], json!({}));
    }
}
