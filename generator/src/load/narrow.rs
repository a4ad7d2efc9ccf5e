//! Where in a document an error of the model is, below the node at which
//! the path of a deserialization error stops.
//!
//! The model reads some nodes whole before it reads their parts: the map of
//! path items (a flattened map), every reference-or-value (an untagged
//! enum), schemas and parameters. An error anywhere below such a node is
//! reported at the node, so that a bad parameter of one of a thousand
//! operations was reported at `/paths`, the third line of the file.
//!
//! [`narrow`] looks below that node. It reads a small document that holds
//! the node and nothing else the error could come from, then, member by
//! member, the same document with only that member of the node, and goes
//! down into the first member that gives the same error alone. It stops
//! where no member does, and where the node gives the error with no member
//! at all: that error is the node's own, such as a missing property.

use serde::Deserialize;
use serde_json::{Map, Value};

use super::escape_pointer_token;

/// The most documents [`narrow`] reads: enough for any path through a
/// description, a bound on the time spent on a strange one.
const MAX_READS: usize = 20_000;

/// The deepest node below `pointer` in `document` that alone gives the
/// error the model gives at `pointer`; `pointer` itself if there is none.
pub(super) fn narrow(document: &Value, pointer: &str) -> String {
    let Some(tokens) = unescape(pointer) else {
        return pointer.to_owned();
    };
    let Some(mut trial) = Trial::new(document, &tokens) else {
        return pointer.to_owned();
    };
    let Some(error) = trial.error() else {
        return pointer.to_owned();
    };
    let mut found = pointer.to_owned();
    while let Some((token, inner)) = trial.failing_member(&error) {
        found.push('/');
        found.push_str(&escape_pointer_token(&token));
        trial.at.push(inner);
    }
    found
}

/// The tokens of a JSON pointer, unescaped; `None` if it is not one.
fn unescape(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    Some(
        rest.split('/')
            .map(|token| token.replace("~1", "/").replace("~0", "~"))
            .collect(),
    )
}

/// A small document that holds one node of the original, and what reading
/// it costs so far.
struct Trial {
    /// The root's required members, and the branch down to the node; each
    /// array on the way holds only the element the branch goes through.
    document: Value,
    /// The pointer of the node in `document`, as tokens.
    at: Vec<String>,
    /// How many documents have been read.
    reads: usize,
}

impl Trial {
    /// The trial of the node at `tokens`; `None` if there is no such node.
    fn new(document: &Value, tokens: &[String]) -> Option<Trial> {
        let mut root = Map::new();
        for key in ["openapi", "info"] {
            if let Some(value) = document.get(key) {
                root.insert(key.to_owned(), value.clone());
            }
        }
        root.insert("paths".to_owned(), Value::Object(Map::new()));
        let mut trial = Value::Object(root);
        let mut source = document;
        let mut target = &mut trial;
        let mut at = Vec::with_capacity(tokens.len());
        for token in tokens {
            match source {
                Value::Object(members) => {
                    source = members.get(token)?;
                    let Value::Object(built) = target else {
                        return None;
                    };
                    let empty = empty_like(source);
                    target = built.entry(token.clone()).or_insert(empty);
                    at.push(token.clone());
                }
                Value::Array(items) => {
                    source = items.get(token.parse::<usize>().ok()?)?;
                    *target = Value::Array(vec![empty_like(source)]);
                    target = &mut target[0];
                    at.push("0".to_owned());
                }
                _ => return None,
            }
        }
        *target = source.clone();
        Some(Trial {
            document: trial,
            at,
            reads: 0,
        })
    }

    /// The model's error for the document as it is now.
    fn error(&mut self) -> Option<String> {
        self.reads += 1;
        openapiv3::OpenAPI::deserialize(&self.document)
            .err()
            .map(|error| error.to_string())
    }

    /// The node the trial is at.
    fn node(&mut self) -> Option<&mut Value> {
        let mut pointer = String::new();
        for token in &self.at {
            pointer.push('/');
            pointer.push_str(&escape_pointer_token(token));
        }
        self.document.pointer_mut(&pointer)
    }

    /// Puts `value` at the node; `None` if the node is gone.
    fn set(&mut self, value: Value) -> Option<()> {
        *self.node()? = value;
        Some(())
    }

    /// The member of the node that gives `error` alone: its token in the
    /// original document and in the trial. The node is left holding that
    /// member only; unchanged if there is none, or if the node gives the
    /// error without any member (the error is the node's own, such as a
    /// missing property).
    fn failing_member(&mut self, error: &str) -> Option<(String, String)> {
        let original = self.node()?.clone();
        let members: Vec<(String, &Value)> = match &original {
            Value::Object(members) => members.iter().map(|(k, v)| (k.clone(), v)).collect(),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (i.to_string(), v))
                .collect(),
            _ => return None,
        };
        self.set(empty_like(&original))?;
        let own = self.error().as_deref() == Some(error);
        for (token, value) in members {
            if own || self.reads >= MAX_READS {
                break;
            }
            let (inner, alone) = match original {
                Value::Array(_) => ("0".to_owned(), Value::Array(vec![value.clone()])),
                _ => {
                    let alone = Map::from_iter([(token.clone(), value.clone())]);
                    (token.clone(), Value::Object(alone))
                }
            };
            self.set(alone)?;
            if self.error().as_deref() == Some(error) {
                return Some((token, inner));
            }
        }
        self.set(original)?;
        None
    }
}

/// An empty container of the same kind as `value`, to hold one member of
/// it on a trial's branch.
fn empty_like(value: &Value) -> Value {
    match value {
        Value::Array(_) => Value::Array(Vec::new()),
        _ => Value::Object(Map::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::narrow;
    use serde_json::json;

    fn document(paths: serde_json::Value, components: serde_json::Value) -> serde_json::Value {
        json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": paths,
            "components": components,
        })
    }

    fn operation(parameters: serde_json::Value) -> serde_json::Value {
        json!({"get": {"parameters": parameters, "responses": {"200": {"description": "OK"}}}})
    }

    #[test]
    fn a_bad_parameter_of_one_operation_among_many_is_found_below_paths() {
        let good = json!([{"name": "a", "in": "query", "schema": {"type": "string"}}]);
        let bad = json!([
            {"name": "a", "in": "query", "schema": {"type": "string"}},
            {"name": "b", "in": "nowhere", "schema": {"type": "string"}},
        ]);
        let paths = json!({
            "/first": operation(good.clone()),
            "/second/{id}": operation(bad),
            "/third": operation(good),
        });
        let document = document(paths, json!({}));
        assert_eq!(
            narrow(&document, "/paths"),
            "/paths/~1second~1{id}/get/parameters/1/in"
        );
    }

    #[test]
    fn a_bad_keyword_deep_in_a_schema_is_found_below_the_schema() {
        let components = json!({"schemas": {
            "Fine": {"type": "string"},
            "Pick": {"type": "object", "properties": {
                "id": {"type": "integer"},
                "timecode": {"type": "string", "pattern": 0},
            }},
        }});
        let document = document(json!({}), components);
        assert_eq!(
            narrow(&document, "/components/schemas/Pick"),
            "/components/schemas/Pick/properties/timecode/pattern"
        );
    }

    /// A missing property is an error of the node that lacks it: each
    /// member alone gives the same error, but removing none of them takes
    /// it away.
    #[test]
    fn an_error_of_the_node_itself_stays_at_the_node() {
        let parameters = json!([{"name": "a", "schema": {"type": "string"}}]);
        let document = document(json!({"/a": operation(parameters)}), json!({}));
        assert_eq!(
            narrow(&document, "/paths/~1a/get/parameters/0"),
            "/paths/~1a/get/parameters/0"
        );
    }

    /// A description converted from Swagger 2 may repeat one error in every
    /// operation: the first is named.
    #[test]
    fn an_error_repeated_in_every_member_is_found_in_the_first() {
        let bad = json!([{"name": "body", "in": "body", "schema": {"type": "string"}}]);
        let paths = json!({"/a": operation(bad.clone()), "/b": operation(bad)});
        let document = document(paths, json!({}));
        assert_eq!(
            narrow(&document, "/paths"),
            "/paths/~1a/get/parameters/0/in"
        );
    }

    #[test]
    fn a_pointer_that_names_no_node_or_no_error_is_kept() {
        let document = document(json!({"/a": operation(json!([]))}), json!({}));
        assert_eq!(narrow(&document, "/paths/~1b"), "/paths/~1b");
        assert_eq!(narrow(&document, "/paths"), "/paths");
        assert_eq!(narrow(&document, "paths"), "paths");
    }
}
