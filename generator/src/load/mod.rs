//! Stage 1: read a spec file into the `openapiv3` document model.
//!
//! YAML goes through `serde_yaml`, JSON through `serde_json` (much faster on the
//! large JSON descriptions that real APIs publish). Source positions are not kept
//! in the document model; instead [`LoadedSpec::line_of`] maps a JSON pointer back
//! to its line through a [`LineIndex`] that is built only when a diagnostic needs it.

mod hoist;
mod json_lines;
mod line_index;
mod openapi31;

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
            return lines.remove(pointer).flatten();
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
            severity,
            pointer: pointer.to_owned(),
            message,
        }
    }

    /// Fills in the line of every diagnostic of this spec that has none yet.
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
                diagnostic.line = lines.get(&diagnostic.pointer).copied().flatten();
            }
        }
    }

    pub(crate) fn is_json(&self) -> bool {
        self.path.ends_with(".json")
    }

    /// For each pointer, the line of it or of its nearest ancestor found.
    fn json_lines<'p>(
        &self,
        pointers: impl Iterator<Item = &'p str>,
    ) -> rustc_hash::FxHashMap<String, Option<usize>> {
        let pointers: Vec<&str> = pointers.collect();
        let mut wanted = rustc_hash::FxHashSet::default();
        for pointer in &pointers {
            let mut p = *pointer;
            loop {
                wanted.insert(p.to_owned());
                match p.rfind('/') {
                    Some(cut) => p = &p[..cut],
                    None => break,
                }
            }
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
    if is_31 || hoist::has_refs_elsewhere(&source.text) {
        return load_rewritten(source, is_json, is_31);
    }
    let parsed: Result<openapiv3::OpenAPI, (String, Option<usize>)> = if is_json {
        serde_json::from_str(&source.text).map_err(|e| (e.to_string(), Some(e.line())))
    } else {
        serde_yaml::from_str(&source.text)
            .map_err(|e| (e.to_string(), e.location().map(|l| l.line())))
    };
    let error = |message: String, line: Option<usize>| load_error(&source.path, message, line);
    let document = match parsed {
        Ok(document) => document,
        Err((message, line)) => {
            let message = strip_position_suffix(&message);
            return Err(error(
                format!("not a valid OpenAPI 3.0 document: {message}"),
                line,
            ));
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

/// A document read as JSON and rewritten before it is parsed as 3.0: an
/// OpenAPI 3.1 one into 3.0 (see [`openapi31`]), and one with `$ref`s outside
/// `components` with their targets copied in (see [`hoist`]); a warning
/// for each change.
fn load_rewritten(
    source: SpecSource,
    is_json: bool,
    is_31: bool,
) -> Result<LoadedSpec, Diagnostic> {
    let error = |message: String, line: Option<usize>| load_error(&source.path, message, line);
    let value: Result<serde_json::Value, (String, Option<usize>)> = if is_json {
        serde_json::from_str(&source.text).map_err(|e| (e.to_string(), Some(e.line())))
    } else {
        serde_yaml::from_str::<serde_yaml::Value>(&source.text)
            .map(openapi31::yaml_to_json)
            .map_err(|e| (e.to_string(), e.location().map(|l| l.line())))
    };
    let mut value = value.map_err(|(message, line)| {
        error(
            format!(
                "not valid JSON or YAML: {}",
                strip_position_suffix(&message)
            ),
            line,
        )
    })?;
    // Targets first: 3.1's rewriting drops `$defs`, which references may
    // point into.
    let mut notes = hoist::hoist(&mut value);
    if is_31 {
        notes.extend(openapi31::normalize(&mut value));
    }
    let version = value
        .get("openapi")
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_owned();
    let document: openapiv3::OpenAPI = serde_json::from_value(value).map_err(|e| {
        let what = if is_31 {
            "an OpenAPI 3.1 document that does not fit the 3.0 model the generator reads, even rewritten"
        } else {
            "not a valid OpenAPI 3.0 document"
        };
        error(format!("{what}: {}", strip_position_suffix(&e.to_string())), None)
    })?;
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

/// An error of a document that could not be read into the model, at `line`
/// when the parser knows it.
fn load_error(file: &str, message: String, line: Option<usize>) -> Diagnostic {
    Diagnostic {
        file: file.to_owned(),
        line,
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
