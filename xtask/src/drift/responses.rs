//! The responses of a page against the spec's: the documented fields, at
//! every depth, the example bodies and requests, and the status codes.

use serde_yaml::Value;

use super::compare::{Compare, SpecOperation, text, value_facts};
use super::page::{Field, Page};

pub(super) fn responses(cx: &mut Compare<'_, '_>, page: &Page) {
    let Some(responses) = cx.spec.operation.get("responses") else {
        return;
    };
    for (status, fields) in &page.responses {
        let place = format!("response {status}");
        let Some(response) = responses.get(status.as_str()).map(|r| cx.spec.resolve(r)) else {
            let line = fields.first().map(|f| f.row.line);
            cx.push(
                false,
                line,
                &place,
                "documented on the page, not in the spec".to_owned(),
            );
            continue;
        };
        let Some(schema) = response
            .get("content")
            .and_then(|c| c.get("application/json"))
            .and_then(|c| c.get("schema"))
        else {
            continue;
        };
        let schema = cx.spec.resolve(schema);
        object(cx, &place, fields, schema, &[], cx.spec.marked(response));
    }
}

/// The properties of an object schema.
fn properties<'a>(spec: &SpecOperation<'a>, schema: &'a Value) -> Vec<(String, &'a Value)> {
    spec.resolve(schema)
        .get("properties")
        .and_then(Value::as_mapping)
        .map(|map| {
            map.iter()
                .filter_map(|(k, v)| Some((k.as_str()?.to_owned(), v)))
                .collect()
        })
        .unwrap_or_default()
}

/// The page's `fields` against the object `schema`. `outer` holds the
/// enclosing objects' schemas, innermost last: a page that lost its nesting
/// lists a field of an enclosing object among the ones of an inner one.
fn object<'a>(
    cx: &mut Compare<'_, 'a>,
    place: &str,
    fields: &[Field],
    schema: &'a Value,
    outer: &[&'a Value],
    known_here: bool,
) {
    let spec = cx.spec;
    let mut schema = spec.resolve(schema);
    // What the spec records on an object covers its properties.
    let known_here = known_here || spec.marked(schema);
    let mut props = properties(spec, schema);
    let mut place = place.to_owned();
    let found_any = fields
        .iter()
        .any(|f| props.iter().any(|(k, _)| *k == f.row.name));
    // The spec wraps the page's fields in one object (`data`).
    if !found_any
        && props.len() == 1
        && let inner = spec.resolve(props[0].1)
        && fields.iter().any(|f| {
            properties(spec, inner)
                .iter()
                .any(|(k, _)| *k == f.row.name)
        })
    {
        let known = known_here || spec.marked(schema) || spec.marked(props[0].1);
        let wrapper = props[0].0.clone();
        cx.push(
            known,
            fields.first().map(|f| f.row.line),
            &place,
            format!("the spec wraps these fields in `{wrapper}`; the page does not"),
        );
        place = format!("{place}, {wrapper}");
        schema = inner;
        props = properties(spec, schema);
    }
    let mut seen = Vec::new();
    for field in fields {
        let name = &field.row.name;
        let field_place = format!("{place}, field {name}");
        let Some((_, node)) = props.iter().find(|(k, _)| k == name) else {
            let in_outer = outer
                .iter()
                .any(|o| properties(spec, o).iter().any(|(k, _)| k == name));
            if !in_outer {
                cx.push(
                    known_here,
                    Some(field.row.line),
                    &field_place,
                    "on the page, not in the spec".to_owned(),
                );
            }
            continue;
        };
        seen.push(name.clone());
        let known = known_here || spec.marked(node);
        let mut node = *node;
        let mut row = field.row.clone();
        // The wire wraps the page's array in an object (`FlowLogs.FlowLog`).
        if row.ty.starts_with("Array of")
            && text(spec.resolve(node), "type").as_deref() != Some("array")
            && let [(wrapper, inner)] = properties(spec, node).as_slice()
            && text(spec.resolve(inner), "type").as_deref() == Some("array")
        {
            cx.push(
                known,
                Some(row.line),
                &field_place,
                format!(
                    "an array on the page, an object holding the array `{wrapper}` in the spec"
                ),
            );
            node = inner;
            row.text.clear();
        }
        value_facts(cx, &field_place, &row, node, known);
        if !field.children.is_empty() {
            let resolved = spec.resolve(node);
            let items = match resolved.get("items") {
                Some(items) => spec.resolve(items),
                None => resolved,
            };
            let mut enclosing = outer.to_vec();
            enclosing.push(schema);
            // What the spec records on this field covers its own fields, not
            // what the enclosing objects record.
            let covered = spec.marked(node);
            object(
                cx,
                &field_place,
                &field.children,
                items,
                &enclosing,
                covered,
            );
        }
    }
    for (name, node) in &props {
        if seen.contains(name) || fields.is_empty() {
            continue;
        }
        let known = known_here || spec.marked(node);
        cx.push(
            known,
            None,
            &format!("{place}, field {name}"),
            "in the spec, not on the page".to_owned(),
        );
    }
}

pub(super) fn examples(cx: &mut Compare<'_, '_>, page: &Page) {
    let spec_urls: Vec<String> = cx
        .spec
        .operation
        .get("x-example-requests")
        .and_then(Value::as_sequence)
        .map(|list| list.iter().filter_map(|e| text(e, "url")).collect())
        .unwrap_or_default();
    for (url, line) in &page.example_urls {
        if !spec_urls.is_empty() && !spec_urls.contains(url) {
            cx.push(
                false,
                Some(*line),
                "example request",
                format!("`{url}` on the page, not in the spec"),
            );
        }
    }
    let Some(responses) = cx.spec.operation.get("responses") else {
        return;
    };
    for (status, body, line) in &page.example_bodies {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(body) else {
            continue;
        };
        let Some(response) = responses.get(status.as_str()).map(|r| cx.spec.resolve(r)) else {
            continue;
        };
        let Some(content) = response
            .get("content")
            .and_then(|c| c.get("application/json"))
        else {
            continue;
        };
        let mut spec_examples: Vec<serde_json::Value> = Vec::new();
        if let Some(example) = content.get("example") {
            spec_examples.extend(serde_json::to_value(example).ok());
        }
        if let Some(map) = content.get("examples").and_then(Value::as_mapping) {
            for example in map.values() {
                let example = cx.spec.resolve(example);
                if let Some(value) = example.get("value") {
                    spec_examples.extend(serde_json::to_value(value).ok());
                }
            }
        }
        if !spec_examples.is_empty() && !spec_examples.contains(&value) {
            cx.push(
                false,
                Some(*line),
                &format!("example response {status}"),
                "differs from every example of the spec's response".to_owned(),
            );
        }
    }
}

pub(super) fn statuses(cx: &mut Compare<'_, '_>, page: &Page) {
    let Some(responses) = cx
        .spec
        .operation
        .get("responses")
        .and_then(Value::as_mapping)
    else {
        return;
    };
    let spec: Vec<(String, &Value)> = responses
        .iter()
        .filter_map(|(k, v)| Some((k.as_str()?.to_owned(), v)))
        .collect();
    for (status, line) in &page.statuses {
        if !spec.iter().any(|(s, _)| s == status) {
            cx.push(
                false,
                Some(*line),
                &format!("status {status}"),
                "on the page, not in the spec".to_owned(),
            );
        }
    }
    if page.statuses.is_empty() {
        return;
    }
    // A status is on the page when a table, an example or the status list
    // documents it; `default` (every other status) is no status of a page.
    let documented = |status: &str| {
        page.statuses.iter().any(|(s, _)| s == status)
            || page.responses.iter().any(|(s, _)| s == status)
            || page.example_bodies.iter().any(|(s, _, _)| s == status)
    };
    for (status, response) in &spec {
        if status != "default" && !documented(status) {
            let known = cx.spec.marked(response);
            cx.push(
                known,
                None,
                &format!("status {status}"),
                "in the spec, not on the page".to_owned(),
            );
        }
    }
}
