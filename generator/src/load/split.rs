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
//! One pass over the text finds the pieces, and hands each to the readers
//! as soon as it is found: the other threads read pieces while the pass
//! goes on, and the pass's thread joins them once it is done.
//!
//! The result is the same document that reading it whole gives. Where the
//! two could differ (a member named twice, a node of an unexpected kind,
//! any error at all), [`read`] declines, and the caller reads the document
//! whole, which also reports the error where it is.

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Mutex, PoisonError};

use openapiv3::{
    Example, OpenAPI, Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema,
};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

/// Documents shorter than this are read whole: splitting them saves less
/// than starting the threads costs.
pub const SPLIT_FROM_BYTES: usize = 256 * 1024;

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

/// A node read on its own: its place among the pieces, its key in its map,
/// what it becomes, its text.
struct Piece<'a> {
    at: usize,
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

/// What stands in the rest of the document for a member read on its own.
#[derive(Clone, Copy, PartialEq)]
enum Taking {
    /// Nothing: it is left out.
    Out,
    /// `null`, so that it keeps its place among the members of its map.
    Null,
}

/// How far a node is taken apart: kept as its text, read as an object
/// whose members are taken apart as the function says for each key, or
/// read on its own.
#[derive(Clone, Copy)]
enum Shape {
    Text,
    Object(fn(&str) -> Shape),
    Piece(Kind, Taking),
}

/// The document's own members: each path item, each member of the large
/// `components` maps, and each extension of the document object are read
/// on their own.
const DOCUMENT: Shape = Shape::Object(|key| match key {
    "paths" => Shape::Object(|key| {
        if key.starts_with('/') {
            Shape::Piece(Kind::Path, Taking::Out)
        } else {
            Shape::Text
        }
    }),
    "components" => Shape::Object(|key| match key {
        "schemas" => Shape::Object(|_| Shape::Piece(Kind::Schema, Taking::Out)),
        "responses" => Shape::Object(|_| Shape::Piece(Kind::Response, Taking::Out)),
        "parameters" => Shape::Object(|_| Shape::Piece(Kind::Parameter, Taking::Out)),
        "requestBodies" => Shape::Object(|_| Shape::Piece(Kind::RequestBody, Taking::Out)),
        "examples" => Shape::Object(|_| Shape::Piece(Kind::Example, Taking::Out)),
        _ => Shape::Text,
    }),
    // The document's extensions are a flattened map, in order.
    key if key.starts_with("x-") => Shape::Piece(Kind::Extension, Taking::Null),
    _ => Shape::Text,
});

/// A node as far as its [`Shape`] takes it apart.
enum Node<'a> {
    Text(&'a RawValue),
    /// `null` where an object may be: `components`, which is optional.
    Null,
    Object(Vec<(String, Node<'a>)>),
    /// A member handed to the readers.
    Taken(Taking),
}

/// Where the pass hands the pieces it finds.
struct Sink<'a> {
    next: Cell<usize>,
    pieces: Sender<Piece<'a>>,
}

/// A [`Shape`] to read, with the sink for the pieces it finds.
struct Seed<'s, 'a> {
    shape: Shape,
    sink: &'s Sink<'a>,
}

impl<'de> DeserializeSeed<'de> for Seed<'_, 'de> {
    type Value = Node<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node<'de>, D::Error> {
        match self.shape {
            Shape::Object(member) => deserializer.deserialize_any(ObjectVisitor {
                member,
                sink: self.sink,
            }),
            // A piece's key is known to the object it is in.
            Shape::Text | Shape::Piece(..) => {
                serde::Deserialize::deserialize(deserializer).map(Node::Text)
            }
        }
    }
}

struct ObjectVisitor<'s, 'a> {
    member: fn(&str) -> Shape,
    sink: &'s Sink<'a>,
}

impl<'de> Visitor<'de> for ObjectVisitor<'_, 'de> {
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
            let shape = (self.member)(&key);
            let value = map.next_value_seed(Seed {
                shape,
                sink: self.sink,
            })?;
            let value = match (shape, value) {
                (Shape::Piece(kind, taking), Node::Text(text)) => {
                    let at = self.sink.next.replace(self.sink.next.get() + 1);
                    // The readers are gone only once this pass is over.
                    let _ = self.sink.pieces.send(Piece {
                        at,
                        key: key.clone(),
                        kind,
                        text,
                    });
                    Node::Taken(taking)
                }
                (_, value) => value,
            };
            members.push((key, value));
        }
        Ok(Node::Object(members))
    }
}

/// `text` read into the model on up to `threads` threads, or `None` when
/// reading it whole is the way to get it (or its error) exactly.
pub fn read(text: &str, threads: usize) -> Option<OpenAPI> {
    let (pieces, queue) = channel();
    let queue = Mutex::new(queue);
    let failed = AtomicBool::new(false);
    let (document, found, mut reads) = std::thread::scope(|scope| {
        let readers: Vec<_> = (1..threads.max(1))
            .map(|_| scope.spawn(|| read_queued(&queue, &failed)))
            .collect();
        let sink = Sink {
            next: Cell::new(0),
            pieces,
        };
        let document = find_pieces(text, &sink);
        if document.is_none() {
            failed.store(true, Ordering::Relaxed);
        }
        let found = sink.next.get();
        // The queue ends once the pieces queued are taken.
        drop(sink);
        let mut reads = read_queued(&queue, &failed);
        for reader in readers {
            reads.extend(
                reader
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        (document, found, reads)
    });
    let members = document?;
    if failed.load(Ordering::Relaxed) || reads.len() != found {
        return None;
    }
    reads.sort_unstable_by_key(|(at, _)| *at);
    let mut rest = String::with_capacity(64 * 1024);
    write_object(&mut rest, members)?;
    let mut document: OpenAPI = serde_json::from_str(&rest).ok()?;
    let count = |kind: fn(&Read) -> bool| reads.iter().filter(|(_, (_, read))| kind(read)).count();
    let paths = count(|read| matches!(read, Read::Path(_)));
    let schemas = count(|read| matches!(read, Read::Schema(_)));
    document.paths.paths.reserve(paths);
    if let Some(components) = document.components.as_mut() {
        components.schemas.reserve(schemas);
    }
    for (_, (key, read)) in reads {
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

/// The members of the document object, the pieces handed to `sink` as
/// they are found; `None` if the text is not an object, or not JSON.
fn find_pieces<'a>(text: &'a str, sink: &Sink<'a>) -> Option<Vec<(String, Node<'a>)>> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let document = Seed {
        shape: DOCUMENT,
        sink,
    }
    .deserialize(&mut deserializer)
    .ok()?;
    deserializer.end().ok()?;
    match document {
        Node::Object(members) => Some(members),
        _ => None,
    }
}

/// Reads the pieces of `queue` until it ends, each with its place and key;
/// once a piece fails to read (or `failed` is set), only takes them. The
/// lock is held while waiting for a piece, not while reading it.
fn read_queued(
    queue: &Mutex<Receiver<Piece>>,
    failed: &AtomicBool,
) -> Vec<(usize, (String, Read))> {
    let mut reads = Vec::new();
    loop {
        let next = queue.lock().unwrap_or_else(PoisonError::into_inner).recv();
        let Ok(piece) = next else {
            return reads;
        };
        if failed.load(Ordering::Relaxed) {
            continue;
        }
        match read_piece(&piece) {
            Some(read) => reads.push((piece.at, (piece.key, read))),
            None => failed.store(true, Ordering::Relaxed),
        }
    }
}

/// Writes the object `members` into `rest`, leaving out or writing as
/// `null` each member read on its own; a map whose members are all left
/// out is written empty. `None` if an object names a member twice: read
/// whole, the last one would win.
fn write_object(rest: &mut String, members: Vec<(String, Node)>) -> Option<()> {
    unique(&members)?;
    rest.push('{');
    let mut first = true;
    for (key, node) in members {
        if let Node::Taken(Taking::Out) = node {
            continue;
        }
        if !std::mem::take(&mut first) {
            rest.push(',');
        }
        push_key(rest, &key);
        match node {
            Node::Text(text) => rest.push_str(text.get()),
            Node::Null | Node::Taken(_) => rest.push_str("null"),
            Node::Object(inner) => write_object(rest, inner)?,
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
