//! Reading a large JSON document on several threads: its path items, the
//! members of its largest `components` maps and its own extensions are read
//! into the model one by one, each from its own text, while the rest of the
//! document is read whole.
//!
//! Read whole, a document goes through serde's buffering twice over: the
//! document object has flattened extensions, so all of it is first copied
//! into a buffer of serde values, and then each node read as an untagged
//! `$ref`-or-value is buffered again. Read in pieces, only the second
//! buffering is left, and it runs on every core.
//!
//! The result is the same document that reading it whole gives. Where the
//! two could differ (a member named twice, a node of an unexpected kind,
//! any error at all), [`read`] declines, and the caller reads the document
//! whole, which also reports the error where it is.

use std::sync::atomic::{AtomicUsize, Ordering};

use openapiv3::{
    Example, OpenAPI, Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema,
};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

/// Documents shorter than this are read whole: splitting them saves less
/// than starting the threads costs.
pub const SPLIT_FROM_BYTES: usize = 256 * 1024;

/// The `components` maps read member by member, by their JSON key.
const COMPONENT_MAPS: [&str; 5] = [
    "schemas",
    "responses",
    "parameters",
    "requestBodies",
    "examples",
];

/// What a node read on its own becomes.
#[derive(Clone, Copy)]
enum Kind {
    Path,
    Schema,
    Response,
    Parameter,
    RequestBody,
    Example,
    /// An extension (`x-` member) of the document object: GitHub's
    /// `x-webhooks` is a megabyte.
    Extension,
}

/// A node read on its own: its key in its map, what it becomes, its text.
struct Piece<'a> {
    key: String,
    kind: Kind,
    text: &'a RawValue,
}

/// A node read into the model, boxed until it is put in place: the model's
/// nodes are large (a path item takes several kilobytes, most of it empty
/// operations), and moving them about costs more than the box.
enum Read {
    Path(Box<ReferenceOr<PathItem>>),
    Schema(Box<ReferenceOr<Schema>>),
    Response(Box<ReferenceOr<Response>>),
    Parameter(Box<ReferenceOr<Parameter>>),
    RequestBody(Box<ReferenceOr<RequestBody>>),
    Example(Box<ReferenceOr<Example>>),
    Extension(Box<serde_json::Value>),
}

/// What becomes of a member that [`write_object`] offers to take.
#[derive(Clone, Copy, PartialEq)]
enum Taking {
    /// It stays in the rest of the document.
    Keep,
    /// It is read on its own, and left out of the rest.
    Out,
    /// It is read on its own, and stands as `null` in the rest, so that it
    /// keeps its place among the members of its map.
    Null,
}

/// How far a node is taken apart: kept as its text, or read as an object
/// whose members are taken apart as the function says for each key.
#[derive(Clone, Copy)]
enum Shape {
    Text,
    Object(fn(&str) -> Shape),
}

/// The document's own members: `paths` and `components` as objects, and
/// the [`COMPONENT_MAPS`] of `components` as objects too.
const DOCUMENT: Shape = Shape::Object(|key| match key {
    "paths" => Shape::Object(|_| Shape::Text),
    "components" => Shape::Object(|key| {
        if COMPONENT_MAPS.contains(&key) {
            Shape::Object(|_| Shape::Text)
        } else {
            Shape::Text
        }
    }),
    _ => Shape::Text,
});

/// A node as far as its [`Shape`] takes it apart.
enum Node<'a> {
    Text(&'a RawValue),
    /// `null` where an object may be: `components`, which is optional.
    Null,
    Object(Vec<(String, Node<'a>)>),
}

impl<'de> DeserializeSeed<'de> for Shape {
    type Value = Node<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node<'de>, D::Error> {
        match self {
            Shape::Text => serde::Deserialize::deserialize(deserializer).map(Node::Text),
            Shape::Object(member) => deserializer.deserialize_any(ObjectVisitor(member)),
        }
    }
}

struct ObjectVisitor(fn(&str) -> Shape);

impl<'de> Visitor<'de> for ObjectVisitor {
    type Value = Node<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an object")
    }

    fn visit_unit<E>(self) -> Result<Node<'de>, E> {
        Ok(Node::Null)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node<'de>, A::Error> {
        let mut members = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed((self.0)(&key))?;
            members.push((key, value));
        }
        Ok(Node::Object(members))
    }
}

/// `text` read into the model on up to `threads` threads, or `None` when
/// reading it whole is the way to get it (or its error) exactly.
pub fn read(text: &str, threads: usize) -> Option<OpenAPI> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let document = DOCUMENT.deserialize(&mut deserializer).ok()?;
    deserializer.end().ok()?;
    let Node::Object(members) = document else {
        return None;
    };
    let mut rest = String::with_capacity(64 * 1024);
    let mut pieces = Vec::new();
    write_object(&mut rest, &[], members, &mut |above, member, text| {
        let (kind, taking) = match above {
            ["paths"] if member.starts_with('/') => (Kind::Path, Taking::Out),
            ["components", "schemas"] => (Kind::Schema, Taking::Out),
            ["components", "responses"] => (Kind::Response, Taking::Out),
            ["components", "parameters"] => (Kind::Parameter, Taking::Out),
            ["components", "requestBodies"] => (Kind::RequestBody, Taking::Out),
            ["components", "examples"] => (Kind::Example, Taking::Out),
            // The document's extensions are a flattened map, in order.
            [] if member.starts_with("x-") => (Kind::Extension, Taking::Null),
            _ => return Taking::Keep,
        };
        pieces.push(Piece {
            key: member.to_owned(),
            kind,
            text,
        });
        taking
    })?;
    let reads = read_all(&pieces, threads)?;
    let mut document: OpenAPI = serde_json::from_str(&rest).ok()?;
    let count = |kind: fn(&Kind) -> bool| pieces.iter().filter(|p| kind(&p.kind)).count();
    document
        .paths
        .paths
        .reserve(count(|k| matches!(k, Kind::Path)));
    if let Some(components) = document.components.as_mut() {
        components
            .schemas
            .reserve(count(|k| matches!(k, Kind::Schema)));
    }
    for (piece, read) in pieces.into_iter().zip(reads) {
        let key = piece.key;
        match read {
            Read::Path(item) => {
                document.paths.paths.insert(key, *item);
                continue;
            }
            Read::Extension(value) => {
                // In the place of its `null`.
                *document.extensions.get_mut(&key)? = *value;
                continue;
            }
            _ => {}
        }
        let components = document.components.as_mut()?;
        match read {
            Read::Path(_) | Read::Extension(_) => {}
            Read::Schema(schema) => {
                components.schemas.insert(key, *schema);
            }
            Read::Response(response) => {
                components.responses.insert(key, *response);
            }
            Read::Parameter(parameter) => {
                components.parameters.insert(key, *parameter);
            }
            Read::RequestBody(body) => {
                components.request_bodies.insert(key, *body);
            }
            Read::Example(example) => {
                components.examples.insert(key, *example);
            }
        }
    }
    Some(document)
}

/// Writes the object `members` into `rest`, leaving out or writing as
/// `null` each member that `take` takes (it is given the keys of the
/// objects the member is in, outermost first, the member's key and its
/// text); a map whose members are all left out is written empty. `None` if an object names a member
/// twice: read whole, the last one would win.
fn write_object<'a>(
    rest: &mut String,
    above: &[&str],
    members: Vec<(String, Node<'a>)>,
    take: &mut impl FnMut(&[&str], &str, &'a RawValue) -> Taking,
) -> Option<()> {
    unique(&members)?;
    rest.push('{');
    let mut first = true;
    for (key, node) in members {
        let taking = match node {
            Node::Text(text) => take(above, &key, text),
            _ => Taking::Keep,
        };
        if taking == Taking::Out {
            continue;
        }
        if !std::mem::take(&mut first) {
            rest.push(',');
        }
        push_key(rest, &key);
        match node {
            Node::Text(_) if taking == Taking::Null => rest.push_str("null"),
            Node::Text(text) => rest.push_str(text.get()),
            Node::Null => rest.push_str("null"),
            Node::Object(inner) => {
                let path: Vec<&str> = above.iter().copied().chain([key.as_str()]).collect();
                write_object(rest, &path, inner, take)?;
            }
        }
    }
    rest.push('}');
    Some(())
}

/// `Some` if no key of `members` is there twice.
fn unique(members: &[(String, Node)]) -> Option<()> {
    let mut names: Vec<&str> = members.iter().map(|(key, _)| key.as_str()).collect();
    names.sort_unstable();
    (!names.windows(2).any(|pair| pair[0] == pair[1])).then_some(())
}

/// Reads every piece, on up to `threads` threads, each taking the next
/// run of pieces not yet taken; `None` if any piece fails to read. The
/// reads are large, so each is moved once, into its run's vector, and the
/// runs are put in order.
fn read_all(pieces: &[Piece], threads: usize) -> Option<Vec<Read>> {
    const RUN: usize = 16;
    let next = AtomicUsize::new(0);
    let work = || {
        let mut runs: Vec<(usize, Option<Vec<Read>>)> = Vec::new();
        loop {
            let start = next.fetch_add(RUN, Ordering::Relaxed);
            if start >= pieces.len() {
                return runs;
            }
            let end = (start + RUN).min(pieces.len());
            let run = pieces[start..end].iter().map(read_piece).collect();
            runs.push((start, run));
        }
    };
    let threads = threads.clamp(1, pieces.len().div_ceil(RUN).max(1));
    let mut runs = std::thread::scope(|scope| {
        let others: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut runs = work();
        for other in others {
            runs.extend(
                other
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        runs
    });
    runs.sort_unstable_by_key(|(start, _)| *start);
    let mut reads = Vec::with_capacity(pieces.len());
    for (_, run) in runs {
        reads.extend(run?);
    }
    Some(reads)
}

fn read_piece(piece: &Piece) -> Option<Read> {
    let text = piece.text.get();
    Some(match piece.kind {
        Kind::Path => Read::Path(Box::new(serde_json::from_str(text).ok()?)),
        Kind::Schema => Read::Schema(Box::new(serde_json::from_str(text).ok()?)),
        Kind::Response => Read::Response(Box::new(serde_json::from_str(text).ok()?)),
        Kind::Parameter => Read::Parameter(Box::new(serde_json::from_str(text).ok()?)),
        Kind::RequestBody => Read::RequestBody(Box::new(serde_json::from_str(text).ok()?)),
        Kind::Example => Read::Example(Box::new(serde_json::from_str(text).ok()?)),
        Kind::Extension => Read::Extension(Box::new(serde_json::from_str(text).ok()?)),
    })
}

/// `key` as a JSON string and a colon.
fn push_key(out: &mut String, key: &str) {
    // Encoding a string into JSON does not fail.
    out.push_str(&serde_json::to_string(key).unwrap_or_default());
    out.push(':');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(text: &str) -> OpenAPI {
        serde_json::from_str(text).unwrap()
    }

    const DOCUMENT: &str = r##"{
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "x-top": {"a": 1},
        "paths": {
            "x-paths": true,
            "/b": {"get": {"operationId": "b", "responses": {"200": {"$ref": "#/components/responses/Ok"}}}},
            "/a": {"$ref": "#/paths/~1b"},
            "other": {"ignored": 1}
        },
        "components": {
            "x-components": "kept",
            "schemas": {
                "Pet": {"type": "object", "properties": {"name": {"type": "string"}}},
                "Ref": {"$ref": "#/components/schemas/Pet"},
                "Any": {}
            },
            "responses": {"Ok": {"description": "ok"}},
            "parameters": {"P": {"name": "p", "in": "query", "schema": {"type": "integer"}}},
            "requestBodies": {"B": {"content": {"application/json": {"schema": {"type": "string"}}}}},
            "securitySchemes": {"k": {"type": "apiKey", "name": "k", "in": "header"}},
            "examples": {"E": {"value": {"a": [1, null]}}, "R": {"$ref": "#/components/examples/E"}}
        },
        "tags": [{"name": "t"}],
        "x-later": null,
        "x-last": [{"b": 2}]
    }"##;

    #[test]
    fn a_document_read_in_pieces_is_the_document_read_whole() {
        for threads in [1, 2, 8] {
            let split = read(DOCUMENT, threads).unwrap();
            assert_eq!(split, whole(DOCUMENT));
            let paths: Vec<&String> = split.paths.paths.keys().collect();
            assert_eq!(paths, ["/b", "/a"]);
            // The model's maps compare without their order; the order is
            // the document's.
            let extensions: Vec<&String> = split.extensions.keys().collect();
            assert_eq!(extensions, ["x-top", "x-later", "x-last"]);
            let examples = &split.components.as_ref().unwrap().examples;
            assert_eq!(examples.keys().collect::<Vec<_>>(), ["E", "R"]);
        }
        let no_components = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "components": null}"#;
        assert_eq!(read(no_components, 2).unwrap(), whole(no_components));
    }

    /// Where reading in pieces could differ from reading whole, or could
    /// not report the error, it declines.
    #[test]
    fn a_document_with_a_member_twice_or_an_error_is_left_to_the_whole_reading() {
        let twice = DOCUMENT.replacen(r#""x-paths": true,"#, r#""/b": {}, "#, 1);
        assert!(read(&twice, 2).is_none());
        let twice_top = DOCUMENT.replacen(r#""x-top": {"a": 1},"#, r#""paths": {},"#, 1);
        assert!(read(&twice_top, 2).is_none());
        let bad_schema = DOCUMENT.replacen(r#""Any": {}"#, r#""Any": {"type": 3}"#, 1);
        assert!(read(&bad_schema, 2).is_none());
        let bad_example = DOCUMENT.replacen(r#""E": {"#, r#""E": {"externalValue": 3, "#, 1);
        assert!(read(&bad_example, 2).is_none());
        let bad_rest = DOCUMENT.replacen(r#""version": "1""#, r#""version": 1"#, 1);
        assert!(read(&bad_rest, 2).is_none());
        assert!(read("[1, 2]", 2).is_none());
        assert!(read(&format!("{DOCUMENT} trailing"), 2).is_none());
    }
}
