//! OpenAPI 3.1 descriptions, normalized to the 3.0 model the generator
//! lowers (openapiv3's): what 3.1 spells differently is rewritten, what 3.0
//! cannot say is dropped with a note. Pointers into the document stay valid
//! except inside the schemas that are rewritten, so diagnostics keep their
//! lines.

use serde_json::{Map, Value};

/// Whether `text` declares an OpenAPI 3.1 document, by the first `openapi`
/// followed by a version number (wherever the key stands: a JSON document
/// with sorted keys has it after `components` and `info`).
pub fn is_openapi_31(text: &str) -> bool {
    memchr::memmem::find_iter(text.as_bytes(), "openapi")
        .map(|at| text[at + 7..].trim_start_matches(['"', '\'', ' ', ':', '\t']))
        .find(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        .is_some_and(|version| version.starts_with("3.1"))
}

/// A YAML value as JSON: mapping keys (status codes written as numbers)
/// become strings.
pub fn yaml_to_json(value: serde_yaml::Value) -> Value {
    match value {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(b) => Value::Bool(b),
        serde_yaml::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64().map_or(Value::Null, Value::from)
            }
        }
        serde_yaml::Value::String(s) => Value::String(s),
        serde_yaml::Value::Sequence(items) => {
            Value::Array(items.into_iter().map(yaml_to_json).collect())
        }
        serde_yaml::Value::Mapping(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let key = match k {
                        serde_yaml::Value::String(s) => s,
                        serde_yaml::Value::Number(n) => n.to_string(),
                        serde_yaml::Value::Bool(b) => b.to_string(),
                        other => serde_yaml::to_string(&other)
                            .unwrap_or_default()
                            .trim()
                            .to_owned(),
                    };
                    (key, yaml_to_json(v))
                })
                .collect(),
        ),
        serde_yaml::Value::Tagged(tagged) => yaml_to_json(tagged.value),
    }
}

/// Rewrites a 3.1 document into 3.0 in place; returns a note (JSON
/// pointer, message) for each thing dropped.
pub fn normalize(document: &mut Value) -> Vec<(String, String)> {
    let mut notes = Vec::new();
    let Some(root) = document.as_object_mut() else {
        return notes;
    };
    root.insert("openapi".to_owned(), Value::String("3.0.3".to_owned()));
    if root.remove("webhooks").is_some() {
        notes.push((
            "/webhooks".to_owned(),
            "`webhooks` (OpenAPI 3.1) are requests the API sends, not ones a client makes; they are skipped".to_owned(),
        ));
    }
    root.remove("jsonSchemaDialect");
    root.entry("paths")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(license) = root
        .get_mut("info")
        .and_then(|i| i.get_mut("license"))
        .and_then(Value::as_object_mut)
    {
        license.remove("identifier");
    }
    if let Some(paths) = root.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut() {
            path_item(item);
        }
    }
    if let Some(components) = root.get_mut("components").and_then(Value::as_object_mut) {
        if components.remove("pathItems").is_some() {
            notes.push((
                "/components/pathItems".to_owned(),
                "`components/pathItems` (OpenAPI 3.1) are not supported; they are skipped"
                    .to_owned(),
            ));
        }
        if let Some(schemas) = components.get_mut("schemas").and_then(Value::as_object_mut) {
            for value in schemas.values_mut() {
                schema(value);
            }
        }
        for section in ["responses", "requestBodies"] {
            if let Some(map) = components.get_mut(section).and_then(Value::as_object_mut) {
                for value in map.values_mut() {
                    with_content(value);
                }
            }
        }
        for section in ["parameters", "headers"] {
            if let Some(map) = components.get_mut(section).and_then(Value::as_object_mut) {
                for value in map.values_mut() {
                    parameter(value);
                }
            }
        }
    }
    notes
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn path_item(item: &mut Value) {
    let Some(item) = item.as_object_mut() else {
        return;
    };
    if let Some(params) = item.get_mut("parameters").and_then(Value::as_array_mut) {
        params.iter_mut().for_each(parameter);
    }
    for method in METHODS {
        let Some(operation) = item.get_mut(method).and_then(Value::as_object_mut) else {
            continue;
        };
        if let Some(params) = operation
            .get_mut("parameters")
            .and_then(Value::as_array_mut)
        {
            params.iter_mut().for_each(parameter);
        }
        if let Some(body) = operation.get_mut("requestBody") {
            with_content(body);
        }
        if let Some(responses) = operation
            .get_mut("responses")
            .and_then(Value::as_object_mut)
        {
            responses.values_mut().for_each(with_content);
        }
        // Callbacks are requests the API sends; 3.0 and 3.1 share them,
        // and the generator skips them.
    }
}

/// A parameter or header: its schema, or the schemas of its content.
fn parameter(value: &mut Value) {
    if let Some(s) = value.get_mut("schema") {
        schema(s);
    }
    with_content(value);
}

/// A request body or response: the schemas of its content and headers.
fn with_content(value: &mut Value) {
    if let Some(content) = value.get_mut("content").and_then(Value::as_object_mut) {
        for media in content.values_mut() {
            if let Some(s) = media.get_mut("schema") {
                schema(s);
            }
        }
    }
    if let Some(headers) = value.get_mut("headers").and_then(Value::as_object_mut) {
        headers.values_mut().for_each(parameter);
    }
}

/// Keywords of JSON Schema 2020-12 that OpenAPI 3.0 schemas do not have and
/// the generator has no use for.
const DROPPED: [&str; 16] = [
    "$schema",
    "$id",
    "$anchor",
    "$defs",
    "$comment",
    "$dynamicRef",
    "$dynamicAnchor",
    "contentEncoding",
    "contentMediaType",
    "contentSchema",
    "unevaluatedProperties",
    "unevaluatedItems",
    "dependentSchemas",
    "dependentRequired",
    "propertyNames",
    "prefixItems",
];

/// One schema, rewritten to 3.0.
fn schema(value: &mut Value) {
    // Boolean schemas: `true` takes anything, `false` nothing; 3.0 has `{}`.
    if value.is_boolean() {
        *value = Value::Object(Map::new());
        return;
    }
    let Some(object) = value.as_object_mut() else {
        return;
    };
    for key in DROPPED {
        object.remove(key);
    }
    for key in ["if", "then", "else", "patternProperties"] {
        object.remove(key);
    }
    // `type: [T, "null"]` → `type: T, nullable: true`.
    if let Some(Value::Array(types)) = object.get("type").cloned() {
        let nullable = types.iter().any(|t| t == "null");
        let others: Vec<Value> = types.into_iter().filter(|t| t != "null").collect();
        object.remove("type");
        match others.as_slice() {
            [] => {}
            [one] => {
                object.insert("type".to_owned(), one.clone());
            }
            many => {
                let alternatives = many
                    .iter()
                    .map(|t| Value::Object(Map::from_iter([("type".to_owned(), t.clone())])))
                    .collect();
                object.insert("anyOf".to_owned(), Value::Array(alternatives));
            }
        }
        if nullable {
            object.insert("nullable".to_owned(), Value::Bool(true));
        }
    } else if object.get("type") == Some(&Value::String("null".to_owned())) {
        object.remove("type");
        object.insert("nullable".to_owned(), Value::Bool(true));
    }
    if let Some(constant) = object.remove("const") {
        object.insert("enum".to_owned(), Value::Array(vec![constant]));
    }
    if let Some(Value::Array(mut examples)) = object.remove("examples")
        && !examples.is_empty()
        && !object.contains_key("example")
    {
        object.insert("example".to_owned(), examples.swap_remove(0));
    }
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(Value::Number(n)) = object.get(exclusive).cloned() {
            object.insert(bound.to_owned(), Value::Number(n));
            object.insert(exclusive.to_owned(), Value::Bool(true));
        }
    }
    // `$ref` with siblings: 3.0 ignores the siblings, and so does the
    // generator, but a `type: null` sibling still means nullable.
    if object.contains_key("$ref") {
        return;
    }
    if let Some(items) = object.get_mut("items") {
        if items.is_boolean() {
            object.remove("items");
        } else {
            schema(items);
        }
    }
    if let Some(properties) = object.get_mut("properties").and_then(Value::as_object_mut) {
        properties.values_mut().for_each(schema);
    }
    if let Some(additional) = object.get_mut("additionalProperties")
        && !additional.is_boolean()
    {
        schema(additional);
    }
    if let Some(not) = object.get_mut("not") {
        schema(not);
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(list) = object.get_mut(key).and_then(Value::as_array_mut) {
            list.iter_mut().for_each(schema);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_is_found_past_non_ascii_text_and_after_other_keys() {
        let padding = "é".repeat(3000);
        let late = format!(
            r#"{{"info":{{"title":"{padding}","x-openapi-note":"see openapi docs"}},"openapi":"3.1.0"}}"#
        );
        assert!(is_openapi_31(&late));
        assert!(!is_openapi_31(&late.replace("3.1.0", "3.0.3")));
        assert!(is_openapi_31("openapi: '3.1.1'\ninfo: {}"));
        assert!(!is_openapi_31("{}"));
    }
    use serde_json::json;

    #[test]
    fn schemas_are_rewritten_to_30() {
        let mut document = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1", "license": {"name": "MIT", "identifier": "MIT"}},
            "webhooks": {"ping": {}},
            "components": {"schemas": {"Pet": {
                "type": "object",
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "properties": {
                    "name": {"type": ["string", "null"], "examples": ["Rex"]},
                    "kind": {"const": "dog"},
                    "age": {"type": "integer", "exclusiveMinimum": 0},
                    "id": {"type": ["integer", "string"]},
                    "tags": {"type": "array", "items": {"type": "null"}},
                    "any": true
                }
            }}}
        });
        let notes = normalize(&mut document);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert_eq!(document["openapi"], "3.0.3");
        assert!(document.get("paths").is_some() && document.get("webhooks").is_none());
        assert!(document["info"]["license"].get("identifier").is_none());
        let pet = &document["components"]["schemas"]["Pet"];
        assert!(pet.get("$schema").is_none());
        let p = &pet["properties"];
        assert_eq!(
            p["name"],
            json!({"type": "string", "nullable": true, "example": "Rex"})
        );
        assert_eq!(p["kind"], json!({"enum": ["dog"]}));
        assert_eq!(
            p["age"],
            json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true})
        );
        assert_eq!(
            p["id"],
            json!({"anyOf": [{"type": "integer"}, {"type": "string"}]})
        );
        assert_eq!(p["tags"]["items"], json!({"nullable": true}));
        assert_eq!(p["any"], json!({}));
        // The result is an OpenAPI 3.0 document.
        serde_json::from_value::<openapiv3::OpenAPI>(document).expect("3.0");
    }

    #[test]
    fn the_version_is_read_from_the_top_of_the_text() {
        assert!(is_openapi_31("{\n  \"openapi\": \"3.1.0\",\n"));
        assert!(is_openapi_31("openapi: '3.1.1'\ninfo:\n"));
        assert!(!is_openapi_31("openapi: 3.0.3\n"));
    }
}
