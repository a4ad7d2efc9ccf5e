//! Stage 1: read a spec file into the `openapiv3` document model.
//!
//! YAML goes through `serde_yaml`, JSON through `serde_json` (much faster on the
//! large JSON descriptions that real APIs publish). Source positions are not kept
//! in the document model; instead [`LoadedSpec::line_of`] maps a JSON pointer back
//! to its line through a [`LineIndex`] that is built only when a diagnostic needs it.

mod hints;
mod hoist;
mod inline;
mod json_lines;
mod line_index;
mod narrow;
mod openapi31;
mod split;

use std::sync::OnceLock;

pub use line_index::{LineIndex, escape_token as escape_pointer_token};
pub use openapi31::is_openapi_31;

use crate::diagnostics::{Diagnostic, Severity};

/// The text of one spec and the name to report it under.
#[derive(Debug, Clone)]
pub struct SpecSource {
    /// The path as diagnostics should show it, for example `specs/api.yaml`.
    pub path: String,
    /// The whole file.
    pub text: String,
    /// The Rust module to generate it into; by default, the file stem in
    /// snake_case.
    pub module: Option<String>,
}

impl SpecSource {
    /// A spec read from `path`, generated into the module its file stem names.
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        SpecSource {
            path: path.into(),
            text: text.into(),
            module: None,
        }
    }

    /// The same spec, generated into `module` instead.
    pub fn in_module(mut self, module: impl Into<String>) -> Self {
        self.module = Some(module.into());
        self
    }
}

/// A parsed spec, still in the shape of the OpenAPI document.
#[derive(Debug)]
pub struct LoadedSpec {
    /// Where the spec came from.
    pub path: String,
    /// The parsed document.
    pub document: openapiv3::OpenAPI,
    /// Warnings of loading itself: what an OpenAPI 3.1 document says that
    /// its 3.0 form drops.
    pub notes: crate::Diagnostics,
    text: String,
    index: OnceLock<LineIndex>,
}

impl LoadedSpec {
    /// The 1-based line of the node at `pointer`, or of its nearest ancestor that
    /// has a position.
    pub fn line_of(&self, pointer: &str) -> Option<usize> {
        if self.is_json() {
            let mut lines = self.json_lines(std::iter::once(pointer));
            return lines.remove(pointer).flatten().map(|(line, _)| line);
        }
        self.index
            .get_or_init(|| LineIndex::build(&self.text))
            .line_of(pointer)
    }

    /// The 1-based line of the document's top-level key `key`, found by a
    /// scan of the text (no index is built): the line that starts with it
    /// in YAML, or that names it in JSON.
    pub fn top_level_line(&self, key: &str) -> Option<usize> {
        let quoted = format!("\"{key}\"");
        self.text
            .lines()
            .position(|line| {
                if self.is_json() {
                    line.contains(&quoted)
                } else {
                    line.starts_with(key) && line[key.len()..].trim_start().starts_with(':')
                }
            })
            .map(|index| index + 1)
    }

    /// A diagnostic about the node at `pointer` in this spec. Its line is
    /// found now for YAML; for JSON, [`LoadedSpec::locate`] finds the lines
    /// of all diagnostics in one pass.
    pub fn diagnostic(&self, severity: Severity, pointer: &str, message: String) -> Diagnostic {
        Diagnostic {
            file: self.path.clone(),
            line: if self.is_json() {
                None
            } else {
                self.line_of(pointer)
            },
            column: None,
            severity,
            pointer: pointer.to_owned(),
            message,
        }
    }

    /// Fills in the line and column of every diagnostic of this spec that has
    /// no line yet.
    pub fn locate(&self, diagnostics: &mut crate::Diagnostics) {
        if !self.is_json() {
            return;
        }
        let pointers: Vec<String> = diagnostics
            .iter()
            .filter(|d| d.line.is_none() && d.file == self.path)
            .map(|d| d.pointer.clone())
            .collect();
        let lines = self.json_lines(pointers.iter().map(String::as_str));
        for diagnostic in diagnostics.iter_mut() {
            if diagnostic.line.is_none() && diagnostic.file == self.path {
                let position = lines.get(&diagnostic.pointer).copied().flatten();
                diagnostic.line = position.map(|(line, _)| line);
                diagnostic.column = position.map(|(_, column)| column);
            }
        }
    }

    pub(crate) fn is_json(&self) -> bool {
        self.path.ends_with(".json")
    }

    /// For each pointer, the line and column of it or of its nearest
    /// ancestor found.
    fn json_lines<'p>(
        &self,
        pointers: impl Iterator<Item = &'p str>,
    ) -> rustc_hash::FxHashMap<String, Option<(usize, usize)>> {
        let pointers: Vec<&str> = pointers.collect();
        let mut wanted = rustc_hash::FxHashSet::default();
        for pointer in &pointers {
            wanted.extend(ancestors(pointer));
        }
        let found = json_lines::json_lines(&self.text, &wanted);
        pointers
            .into_iter()
            .map(|pointer| {
                let mut p = pointer;
                let line = loop {
                    if let Some(line) = found.get(p) {
                        break Some(*line);
                    }
                    match p.rfind('/') {
                        Some(cut) => p = &p[..cut],
                        None => break None,
                    }
                };
                (pointer.to_owned(), line)
            })
            .collect()
    }
}

/// Parses one spec. A syntax error or a document that is not OpenAPI 3.0 gives a
/// diagnostic with the line it was found on.
pub fn load(source: SpecSource) -> Result<LoadedSpec, Diagnostic> {
    let is_json = source.path.ends_with(".json");
    let is_31 = openapi31::is_openapi_31(&source.text);
    if is_31 || hoist::has_refs_elsewhere(&source.text) || inline::may_need_inlining(&source.text) {
        return load_rewritten(source, is_json, is_31);
    }
    let parsed: Result<openapiv3::OpenAPI, (String, Option<Position>)> = if is_json {
        read_json(&source.text).map_err(|e| (e.to_string(), Some((e.line(), Some(e.column())))))
    } else {
        serde_yaml::from_str(&source.text)
            .map_err(|e| (e.to_string(), e.location().map(|l| (l.line(), None))))
    };
    let error = |message: String, at: Option<Position>| load_error(&source.path, message, at);
    let document = match parsed {
        Ok(document) => document,
        Err((message, line)) => {
            let message = strip_position_suffix(&message);
            let mut diagnostic =
                error(format!("not a valid OpenAPI 3.0 document: {message}"), line);
            // The fast parse does not track where it is; a second one, only
            // now that there is an error, names the node.
            if let Some(pointer) = error_pointer(&source.text, is_json) {
                let pointer = match document_value(&source.text, is_json) {
                    Ok(document) => narrow::narrow(&document, &pointer),
                    Err(_) => pointer,
                };
                // The parser's position is where it gave up, which for a
                // node read whole (an untagged enum) is the node's end.
                locate_model_error(&mut diagnostic, &source.text, is_json, pointer);
            }
            return Err(diagnostic);
        }
    };
    if !document.openapi.starts_with("3.0") {
        let spec = LoadedSpec::new(source, document);
        let version = spec.document.openapi.clone();
        return Err(spec.diagnostic(
            Severity::Error,
            "/openapi",
            format!("unsupported OpenAPI version `{version}`: only 3.0.x and 3.1.x are supported"),
        ));
    }
    Ok(LoadedSpec::new(source, document))
}

/// A JSON document read into the model: the same document, or error, as
/// `serde_json::from_str` gives. A large one is read in pieces on every
/// core (see `split.rs`).
pub fn read_json(text: &str) -> Result<openapiv3::OpenAPI, serde_json::Error> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(crate::MAX_THREADS);
    if threads > 1
        && text.len() >= split::SPLIT_FROM_BYTES
        && let Some(document) = split::read(text, threads)
    {
        return Ok(document);
    }
    serde_json::from_str(text)
}

impl LoadedSpec {
    fn new(source: SpecSource, document: openapiv3::OpenAPI) -> Self {
        LoadedSpec {
            path: source.path,
            document,
            notes: crate::Diagnostics::default(),
            text: source.text,
            index: OnceLock::new(),
        }
    }
}

/// What rewriting changed: a pointer and a message per change.
type Notes = Vec<(String, String)>;

/// The text of a document as a JSON value, rewritten (see
/// [`load_rewritten`]), with a note (pointer, message) per change; or the
/// syntax error and where it is.
fn rewrite(
    text: &str,
    is_json: bool,
    is_31: bool,
) -> Result<(serde_json::Value, Notes), (String, Option<Position>)> {
    let mut value = document_value(text, is_json)?;
    // Path items and callbacks first, so that a path item's reference into
    // `paths` is not hoisted as a schema; targets next: 3.1's rewriting
    // drops `$defs`, which references may point into.
    let mut notes = inline::inline(&mut value);
    let hoisted = hoist::hoist(&mut value);
    notes.extend(hoisted.notes);
    if is_31 {
        notes.extend(openapi31::normalize(&mut value));
    }
    notes.extend(hoist::replace_invalid_schemas(&mut value, &hoisted.schemas));
    Ok((value, notes))
}

/// A document read as JSON and rewritten before it is parsed as 3.0: `$ref`
/// path items and callbacks replaced by copies of their targets (see
/// [`inline`]), `$ref`s outside `components` with their targets copied in
/// (see [`hoist`]), and an OpenAPI 3.1 one into 3.0 (see [`openapi31`]); a
/// warning for each change.
fn load_rewritten(
    source: SpecSource,
    is_json: bool,
    is_31: bool,
) -> Result<LoadedSpec, Diagnostic> {
    let error = |message: String, at: Option<Position>| load_error(&source.path, message, at);
    let rewritten = || {
        rewrite(&source.text, is_json, is_31).map_err(|(message, line)| {
            error(
                format!(
                    "not valid JSON or YAML: {}",
                    strip_position_suffix(&message)
                ),
                line,
            )
        })
    };
    let (value, notes) = rewritten()?;
    let version = value
        .get("openapi")
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_owned();
    let located = |value: &serde_json::Value, e: serde_path_to_error::Error<serde_json::Error>| {
        let what = if is_31 {
            "an OpenAPI 3.1 document that does not fit the 3.0 model the generator reads, even rewritten"
        } else {
            "not a valid OpenAPI 3.0 document"
        };
        let pointer = narrow::narrow(value, &pointer_of(e.path()));
        let mut diagnostic = error(
            format!("{what}: {}", strip_position_suffix(&e.inner().to_string())),
            None,
        );
        locate_model_error(&mut diagnostic, &source.text, is_json, pointer);
        diagnostic
    };
    // Tracking where an error is costs a third more on a large document, and
    // reading a borrowed value would keep all of it alive to the end; so the
    // owned value is read untracked, and only after an error is it rebuilt
    // and read again with its path tracked.
    let document = match <openapiv3::OpenAPI as serde::Deserialize>::deserialize(value) {
        Ok(document) => document,
        Err(_) => {
            let value = rewritten()?.0;
            serde_path_to_error::deserialize(&value).map_err(|e| located(&value, e))?
        }
    };
    if !version.starts_with("3.0") {
        let spec = LoadedSpec::new(source, document);
        return Err(spec.diagnostic(
            Severity::Error,
            "/openapi",
            format!("unsupported OpenAPI version `{version}`: only 3.0.x and 3.1.x are supported"),
        ));
    }
    let mut spec = LoadedSpec::new(source, document);
    let mut diagnostics = crate::Diagnostics::default();
    for (pointer, message) in notes {
        diagnostics.push(spec.diagnostic(Severity::Warning, &pointer, message));
    }
    spec.locate(&mut diagnostics);
    spec.notes = diagnostics;
    Ok(spec)
}

/// The JSON pointer of the node where a document fails to deserialize into
/// the model, found by parsing it again with its path tracked; `None` for a
/// syntax error or an error at the root.
fn error_pointer(text: &str, is_json: bool) -> Option<String> {
    let syntax_error = if is_json {
        serde_json::from_str::<serde::de::IgnoredAny>(text).is_err()
    } else {
        serde_yaml::from_str::<serde::de::IgnoredAny>(text).is_err()
    };
    if syntax_error {
        return None;
    }
    let path = if is_json {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&mut deserializer)
            .err()?
            .path()
            .clone()
    } else {
        let deserializer = serde_yaml::Deserializer::from_str(text);
        serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(deserializer)
            .err()?
            .path()
            .clone()
    };
    Some(pointer_of(&path)).filter(|pointer| !pointer.is_empty())
}

/// Puts a model error at the node `pointer` and its position in `text`,
/// with a hint when the error has a known cause.
fn locate_model_error(diagnostic: &mut Diagnostic, text: &str, is_json: bool, pointer: String) {
    if let Some((line, column)) = position_in_text(text, is_json, &pointer) {
        diagnostic.line = Some(line);
        diagnostic.column = column;
    }
    if let Some(hint) = hints::hint(&pointer, &diagnostic.message) {
        diagnostic.message.push_str("; ");
        diagnostic.message.push_str(hint);
    }
    diagnostic.pointer = pointer;
}

/// A document's text as a JSON value, or the syntax error and where it is.
fn document_value(
    text: &str,
    is_json: bool,
) -> Result<serde_json::Value, (String, Option<Position>)> {
    if is_json {
        serde_json::from_str(text).map_err(|e| (e.to_string(), Some((e.line(), Some(e.column())))))
    } else {
        serde_yaml::from_str::<serde_yaml::Value>(text)
            .map(openapi31::yaml_to_json)
            .map_err(|e| (e.to_string(), e.location().map(|l| (l.line(), None))))
    }
}

/// The JSON pointer of the node a deserialization error was found in, as far
/// as the path is known (an untagged enum hides the path below it).
fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Map { key } => {
                pointer.push('/');
                pointer.push_str(&escape_pointer_token(key));
            }
            Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
            Segment::Enum { .. } => {}
            Segment::Unknown => break,
        }
    }
    pointer
}

/// The position of the node at `pointer`, or of its nearest ancestor, in a
/// document's text (with a column for JSON).
fn position_in_text(text: &str, is_json: bool, pointer: &str) -> Option<Position> {
    if !is_json {
        return LineIndex::build(text)
            .line_of(pointer)
            .map(|line| (line, None));
    }
    let found = json_lines::json_lines(text, &ancestors(pointer));
    let mut p = pointer;
    loop {
        if let Some((line, column)) = found.get(p) {
            return Some((*line, Some(*column)));
        }
        p = &p[..p.rfind('/')?];
    }
}

/// `pointer` and every pointer above it, the root `""` included.
fn ancestors(pointer: &str) -> rustc_hash::FxHashSet<String> {
    let mut set = rustc_hash::FxHashSet::default();
    let mut p = pointer;
    loop {
        set.insert(p.to_owned());
        match p.rfind('/') {
            Some(cut) => p = &p[..cut],
            None => return set,
        }
    }
}

/// A line, and the column on it where the parser gives one.
type Position = (usize, Option<usize>);

/// An error of a document that could not be read into the model, at the
/// position where the parser found it, if it knows.
fn load_error(file: &str, message: String, at: Option<Position>) -> Diagnostic {
    Diagnostic {
        file: file.to_owned(),
        line: at.map(|(line, _)| line),
        column: at.and_then(|(_, column)| column),
        severity: Severity::Error,
        pointer: String::new(),
        message,
    }
}

/// Parser messages end with their own "at line N column M"; the diagnostic
/// already carries the line, so the suffix is dropped.
fn strip_position_suffix(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(at) => &message[..at],
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::{SpecSource, load};

    /// A 3.1 document is always rewritten; the model is read untracked
    /// first, so the node an error names comes from the second reading. The
    /// model reads the path items through a flattened map, which hides the
    /// path below `paths`; the node is then found by narrowing.
    #[test]
    fn a_rewritten_document_that_does_not_fit_names_the_node_and_its_line() {
        let text = r#"{
  "openapi": "3.1.0",
  "info": {"title": "t", "version": "1"},
  "paths": {
    "/a": {
      "get": {"responses": 5}
    }
  }
}
"#;
        let error = load(SpecSource::new("api.json", text)).unwrap_err();
        assert!(
            error.message.contains("does not fit the 3.0 model"),
            "{}",
            error.message
        );
        assert!(error.message.contains("expected struct Responses"));
        assert_eq!(error.pointer, "/paths/~1a/get/responses");
        assert_eq!(error.line, Some(6));
        let fixed = text.replace("\"responses\": 5", "\"responses\": {}");
        let spec = load(SpecSource::new("api.json", fixed)).unwrap();
        assert!(spec.document.paths.paths.contains_key("/a"));
    }
}
