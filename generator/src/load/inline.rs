//! `$ref`s where the OpenAPI 3.0 model has no place for one: a path item
//! that refers to another path item, and a callback that refers to one in
//! `components/callbacks`. Public descriptions write both; each is replaced
//! by a copy of its target, with a warning, so that the document fits the
//! model. A reference that cannot be followed is left for lowering to
//! report (a path item) or dropped with a warning (a callback, which the
//! generated client does not use).

use serde_json::Value;

use super::escape_pointer_token;

/// The HTTP methods of a path item, whose operations may have callbacks.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Whether `text` may hold a `$ref` path item or callback: it has a
/// `callbacks` key (the word in a description does not count), or a
/// reference into `paths`. A false yes only costs the slower, rewriting
/// load.
pub fn may_need_inlining(text: &str) -> bool {
    const CALLBACKS: &str = "callbacks";
    memchr::memmem::find(text.as_bytes(), b"#/paths/").is_some()
        || memchr::memmem::find_iter(text.as_bytes(), CALLBACKS).any(|at| {
            let after = text[at + CALLBACKS.len()..]
                .trim_start_matches(['"', '\''])
                .trim_start_matches([' ', '\t']);
            // `callbacks:` in JSON or YAML, quoted or not; `? callbacks` is
            // YAML's explicit key.
            after.starts_with(':') || text[..at].ends_with("? ")
        })
}

/// Replaces `$ref` path items and callbacks by copies of their targets.
/// Returns a note (pointer, message) per change.
pub fn inline(document: &mut Value) -> Vec<(String, String)> {
    let mut notes = Vec::new();
    let paths: Vec<String> = document
        .get("paths")
        .and_then(Value::as_object)
        .map(|paths| paths.keys().cloned().collect())
        .unwrap_or_default();
    for path in &paths {
        let at = format!("/paths/{}", escape_pointer_token(path));
        if let Some(reference) = reference_at(document, &at)
            && let Some(target) = local_target(document, &reference)
        {
            document["paths"][path.as_str()] = target;
            notes.push((
                at.clone(),
                format!("the path item is a `$ref` to `{reference}`; its operations are generated here from a copy of it"),
            ));
        }
        for method in METHODS {
            let callbacks_at = format!("{at}/{method}/callbacks");
            let names: Vec<String> = document
                .pointer(&callbacks_at)
                .and_then(Value::as_object)
                .map(|callbacks| callbacks.keys().cloned().collect())
                .unwrap_or_default();
            for name in names {
                let callback_at = format!("{callbacks_at}/{}", escape_pointer_token(&name));
                let Some(reference) = reference_at(document, &callback_at) else {
                    continue;
                };
                let target = local_target(document, &reference);
                let Some(callbacks) = document
                    .pointer_mut(&callbacks_at)
                    .and_then(Value::as_object_mut)
                else {
                    continue;
                };
                match target {
                    Some(target) => {
                        callbacks.insert(name, target);
                    }
                    None => {
                        callbacks.remove(&name);
                        notes.push((
                            callback_at,
                            format!("callback `{name}` is a `$ref` to `{reference}`, which is not in this document; it is dropped (the generated client does not serve callbacks)"),
                        ));
                    }
                }
            }
        }
    }
    notes
}

/// The `$ref` of the object at `at`, if it is a reference.
fn reference_at(document: &Value, at: &str) -> Option<String> {
    document
        .pointer(at)?
        .get("$ref")?
        .as_str()
        .map(str::to_owned)
}

/// A copy of the object a local `$ref` points at, if there is one and it is
/// not itself a reference.
fn local_target(document: &Value, reference: &str) -> Option<Value> {
    let pointer = reference.strip_prefix('#')?;
    let target = document.pointer(pointer)?;
    (target.is_object() && target.get("$ref").is_none()).then(|| target.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_callbacks_key_or_a_reference_into_paths_asks_for_inlining() {
        assert!(!may_need_inlining(
            r#"{"description": "The URL on which callbacks will be delivered."}"#
        ));
        assert!(may_need_inlining(r#"{"get": {"callbacks": {}}}"#));
        assert!(may_need_inlining(r#"{"get": {"callbacks" : {}}}"#));
        assert!(may_need_inlining("get:\n  callbacks:\n    index: {}\n"));
        assert!(may_need_inlining("get:\n  'callbacks':\n    index: {}\n"));
        assert!(may_need_inlining("get:\n  ? callbacks\n  : {}\n"));
        assert!(may_need_inlining(r##"{"$ref": "#/paths/~1a"}"##));
        assert!(!may_need_inlining("openapi: 3.0.3\npaths: {}\n"));
    }

    #[test]
    fn path_items_and_callbacks_become_copies_of_their_targets() {
        let mut document = serde_json::json!({
            "paths": {
                "/ip-address": {"get": {"responses": {}}},
                "/support/ip-address": {"$ref": "#/paths/~1ip-address"},
                "/search": {"get": {
                    "callbacks": {
                        "index": {"$ref": "#/components/callbacks/index"},
                        "gone": {"$ref": "#/components/callbacks/gone"}
                    },
                    "responses": {}
                }}
            },
            "components": {"callbacks": {"index": {"{$url}": {"post": {"responses": {}}}}}}
        });
        let notes = inline(&mut document);
        assert_eq!(
            document["paths"]["/support/ip-address"],
            serde_json::json!({"get": {"responses": {}}})
        );
        let callbacks = &document["paths"]["/search"]["get"]["callbacks"];
        assert_eq!(
            callbacks["index"],
            serde_json::json!({"{$url}": {"post": {"responses": {}}}})
        );
        assert!(callbacks.get("gone").is_none());
        let pointers: Vec<&str> = notes.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/paths/~1search/get/callbacks/gone",
                "/paths/~1support~1ip-address"
            ]
        );
    }
}
