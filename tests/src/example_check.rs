//! Checks a JSON value against an OpenAPI 3.0 schema, reporting each violation
//! as `<JSON pointer>: <keyword>`, the form `x-expected-violations` uses.
//!
//! It covers the keywords the specs use (type, format-free numbers, enum,
//! minimum/maximum, minLength/maxLength, minItems/maxItems, required,
//! properties, items, additionalProperties, nullable, allOf/oneOf/anyOf).
//! A value that fails `type` is not looked into further.

use serde_json::Value;

/// Validates `value` against `schema`, resolving `$ref`s in `document`.
pub fn violations(document: &Value, schema: &Value, value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    check(document, schema, value, "", &mut out);
    out
}

/// Follows a local `$ref` (`#/a/b`) to the value it names.
pub fn resolve<'a>(document: &'a Value, schema: &'a Value) -> &'a Value {
    let mut schema = schema;
    while let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let pointer = reference.trim_start_matches('#');
        schema = document
            .pointer(pointer)
            .unwrap_or_else(|| panic!("dangling $ref {reference}"));
    }
    schema
}

fn check(document: &Value, schema: &Value, value: &Value, at: &str, out: &mut Vec<String>) {
    let schema = resolve(document, schema);
    if value.is_null() && schema.get("nullable") == Some(&Value::Bool(true)) {
        return;
    }
    if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
        for part in all {
            check(document, part, value, at, out);
        }
    }
    for keyword in ["oneOf", "anyOf"] {
        if let Some(alternatives) = schema.get(keyword).and_then(Value::as_array) {
            let matching = alternatives
                .iter()
                .filter(|alt| violations(document, alt, value).is_empty())
                .count();
            let ok = if keyword == "oneOf" {
                matching == 1
            } else {
                matching >= 1
            };
            if !ok {
                out.push(format!("{at}: {keyword}"));
            }
        }
    }
    if let Some(ty) = schema.get("type").and_then(Value::as_str) {
        let fits = match ty {
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            "array" => value.is_array(),
            "object" => value.is_object(),
            _ => true,
        };
        if !fits {
            report(out, at, "type");
            return;
        }
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
        && !allowed.iter().any(|a| same_value(a, value))
    {
        report(out, at, "enum");
    }
    if let Some(number) = value.as_f64() {
        if schema
            .get("minimum")
            .and_then(Value::as_f64)
            .is_some_and(|min| number < min)
        {
            report(out, at, "minimum");
        }
        if schema
            .get("maximum")
            .and_then(Value::as_f64)
            .is_some_and(|max| number > max)
        {
            report(out, at, "maximum");
        }
    }
    if let Some(text) = value.as_str() {
        let length = text.chars().count() as u64;
        if schema
            .get("minLength")
            .and_then(Value::as_u64)
            .is_some_and(|min| length < min)
        {
            report(out, at, "minLength");
        }
        if schema
            .get("maxLength")
            .and_then(Value::as_u64)
            .is_some_and(|max| length > max)
        {
            report(out, at, "maxLength");
        }
    }
    if let Some(items) = value.as_array() {
        let count = items.len() as u64;
        if schema
            .get("minItems")
            .and_then(Value::as_u64)
            .is_some_and(|min| count < min)
        {
            report(out, at, "minItems");
        }
        if schema
            .get("maxItems")
            .and_then(Value::as_u64)
            .is_some_and(|max| count > max)
        {
            report(out, at, "maxItems");
        }
        if let Some(item_schema) = schema.get("items") {
            for (i, item) in items.iter().enumerate() {
                check(document, item_schema, item, &format!("{at}/{i}"), out);
            }
        }
    }
    if let Some(object) = value.as_object() {
        let properties = schema.get("properties").and_then(Value::as_object);
        if let Some(required) = schema.get("required").and_then(Value::as_array) {
            for name in required.iter().filter_map(Value::as_str) {
                if !object.contains_key(name) {
                    out.push(format!("{at}/{name}: required"));
                }
            }
        }
        for (key, field) in object {
            let field_at = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
            match properties.and_then(|p| p.get(key)) {
                Some(field_schema) => check(document, field_schema, field, &field_at, out),
                None => match schema.get("additionalProperties") {
                    Some(Value::Bool(false)) => {
                        out.push(format!("{field_at}: additionalProperties"))
                    }
                    Some(extra @ Value::Object(_)) => check(document, extra, field, &field_at, out),
                    _ => {}
                },
            }
        }
    }
}

fn report(out: &mut Vec<String>, at: &str, keyword: &str) {
    out.push(format!("{at}: {keyword}"));
}

/// JSON equality with numbers compared by value (`5357` equals `5357.0`).
pub fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_value(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_value(v, w)))
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reports_pointer_and_keyword() {
        let document =
            json!({"components": {"schemas": {"Size": {"type": "integer", "maximum": 10}}}});
        let schema = json!({"type": "object", "required": ["a"], "properties": {
            "size": {"$ref": "#/components/schemas/Size"},
            "list": {"type": "array", "items": {"type": "string", "enum": ["x"]}}
        }});
        let value = json!({"size": 1000, "list": ["x", "y", 3]});
        assert_eq!(
            violations(&document, &schema, &value),
            [
                "/a: required",
                "/list/1: enum",
                "/list/2: type",
                "/size: maximum"
            ]
        );
    }

    #[test]
    fn numbers_compare_by_value() {
        assert!(same_value(&json!({"a": [5357]}), &json!({"a": [5357.0]})));
        assert!(!same_value(&json!({"a": 1}), &json!({"a": 1, "b": 2})));
    }
}
