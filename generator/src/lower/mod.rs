//! Stage 2: lower a loaded spec into the validated IR of [`crate::ir`].
//!
//! Lowering resolves every `$ref`, names every type, parameter and variant, and
//! checks the spec's extensions. It never stops at the first problem: each one
//! becomes a [`Diagnostic`](crate::diagnostics::Diagnostic) with the spec file
//! and line, and the IR is returned only when there is no error at all.

mod api;
mod beside;
mod case;
mod cycles;
mod dedup;
mod extensions;
mod formats;
mod forms;
mod names;
mod operation;
mod pagination;
mod params;
mod refs;
mod responses;
mod schema;
mod shared_errors;
mod shared_params;
mod structs;
mod unions;
mod value_lists;

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::diagnostics::{Diagnostics, Severity};
use crate::ir::{Api, EnumValue, TypeDef, TypeRef};
use crate::load::LoadedSpec;

pub use beside::Schedule;
pub use names::{camel_name, is_keyword, snake_name, type_name};

/// Lowers `spec` into the IR, named after `module`. On failure, returns every
/// error found; warnings are returned beside the IR on success.
pub fn lower(spec: &LoadedSpec, module: &str) -> Result<(Api, Diagnostics), Diagnostics> {
    lower_scheduled(spec, module, Schedule::Auto)
}

/// [`lower`], with the operations lowered beside the component schemas or
/// after them as `schedule` says. The result is the same; the corpus checks
/// hold the two to it.
pub fn lower_scheduled(
    spec: &LoadedSpec,
    module: &str,
    schedule: Schedule,
) -> Result<(Api, Diagnostics), Diagnostics> {
    let mut cx = Lower::new(spec);
    let api = cx.lower_api(module, schedule);
    cx.finish(api)
}

/// The state of one lowering.
pub(crate) struct Lower<'a> {
    spec: &'a LoadedSpec,
    diagnostics: Diagnostics,
    /// Every named type so far, by Rust name.
    types: BTreeMap<String, TypeDef>,
    /// Type names taken, and by what.
    type_scope: names::NameScope,
    /// `components/schemas` key → Rust type name.
    component_names: FxHashMap<String, String>,
    /// The type of each inline schema lowered so far, by JSON pointer, so that
    /// a schema reached twice (a shared parameter, a property merged by
    /// `allOf`) gives one type and one diagnostic.
    inline_types: FxHashMap<String, TypeRef>,
    /// The variant names given to each list of enum values named from the
    /// values alone, without a warning: large specs repeat the same list in
    /// thousands of places (OData's `$select` lists).
    enum_names: FxHashMap<Vec<EnumValue>, Vec<String>>,
    /// Named types whose schema is `nullable`.
    nullable_types: FxHashSet<String>,
    /// Component schemas being merged by `allOf` right now (cycle guard).
    merging: Vec<String>,
    /// Parameters and responses being read as schemas right now, for a
    /// `$ref` of the wrong kind (cycle guard).
    misplaced: Vec<String>,
    /// `x-strict-extensions: true`: extensions that other generators define
    /// too (`x-enum-varnames`, `x-enum-descriptions`) are held to this
    /// project's rules, as errors; otherwise a bad one is ignored with a
    /// warning.
    strict: bool,
    /// While the operations are lowered beside the component schemas (see
    /// `beside.rs`): which side this state is on.
    beside: Option<beside::Side>,
}

impl<'a> Lower<'a> {
    fn new(spec: &'a LoadedSpec) -> Self {
        Lower {
            spec,
            diagnostics: Diagnostics::default(),
            types: BTreeMap::new(),
            type_scope: names::NameScope::default(),
            component_names: FxHashMap::default(),
            inline_types: FxHashMap::default(),
            enum_names: FxHashMap::default(),
            misplaced: Vec::new(),
            nullable_types: FxHashSet::default(),
            merging: Vec::new(),
            strict: spec.document.extensions.get("x-strict-extensions")
                == Some(&serde_json::Value::Bool(true)),
            beside: None,
        }
    }

    /// A problem with an extension that other generators define too: an
    /// error for a spec that opts in to strictness, otherwise a warning
    /// that the extension is ignored there.
    fn foreign_extension_problem(&mut self, pointer: &str, message: String) {
        if self.strict {
            self.error(pointer, message);
        } else {
            self.warning(pointer, format!("{message}; the extension is ignored here"));
        }
    }

    /// Records an error about the node at `pointer`.
    fn error(&mut self, pointer: &str, message: impl Into<String>) {
        let diagnostic = self
            .spec
            .diagnostic(Severity::Error, pointer, message.into());
        self.diagnostics.push(diagnostic);
    }

    /// Records a warning about the node at `pointer`.
    fn warning(&mut self, pointer: &str, message: impl Into<String>) {
        let diagnostic = self
            .spec
            .diagnostic(Severity::Warning, pointer, message.into());
        self.diagnostics.push(diagnostic);
    }

    /// Locates the diagnostics and, when none is an error, merges identical
    /// types and boxes recursive fields. Locating scans the whole text of a
    /// JSON spec, so it runs on a thread of its own beside the merging.
    fn finish(mut self, api: Api) -> Result<(Api, Diagnostics), Diagnostics> {
        self.diagnostics.dedup();
        if self.diagnostics.has_errors() {
            self.spec.locate(&mut self.diagnostics);
            return Err(self.diagnostics);
        }
        let mut api = api;
        api.types = std::mem::take(&mut self.types);
        let components: FxHashSet<String> = self.component_names.values().cloned().collect();
        let (spec, diagnostics) = (self.spec, &mut self.diagnostics);
        std::thread::scope(|scope| {
            // YAML diagnostics carry their lines already.
            if spec.is_json() && !diagnostics.is_empty() {
                scope.spawn(|| spec.locate(diagnostics));
            }
            dedup::merge_identical_types(&mut api.types, &mut api.operations, &components);
            cycles::box_recursive_fields(&mut api.types);
        });
        // After merging, so that error bodies that were copies of one type
        // compare equal.
        self.share_error_enums(&mut api.operations);
        self.share_component_params(&mut api);
        value_lists::complete_value_lists(&mut api);
        self.check_root_exports(&api);
        if self.diagnostics.has_errors() {
            self.spec.locate(&mut self.diagnostics);
            return Err(self.diagnostics);
        }
        Ok((api, self.diagnostics))
    }

    /// Every name `x-root-exports.except` lists must be an item of the API,
    /// so that a misspelt name does not export what it meant to keep out.
    fn check_root_exports(&mut self, api: &Api) {
        let Some(exports) = &api.root_exports else {
            return;
        };
        let items: FxHashSet<String> = api.item_names().into_iter().map(|(n, _)| n).collect();
        for name in &exports.except {
            if !items.contains(name) {
                self.error(
                    &format!("{}/except", exports.pointer),
                    format!("`x-root-exports.except` names `{name}`, which is no item of this API"),
                );
            }
        }
    }
}

/// Builds a JSON pointer from reference tokens.
pub(crate) fn pointer(tokens: &[&str]) -> String {
    let mut out = String::new();
    for token in tokens {
        out.push('/');
        out.push_str(&crate::load::escape_pointer_token(token));
    }
    out
}

/// Lowers a YAML spec written inline, for the unit tests of the lowering
/// passes: the API, or the text of every diagnostic.
#[cfg(test)]
pub(crate) fn lowered(yaml: &str) -> Result<Api, String> {
    let source = crate::SpecSource::new("test.yaml".to_owned(), yaml.to_owned());
    let spec = crate::load::load(source).map_err(|d| d.to_string())?;
    lower(&spec, "test")
        .map(|(api, _)| api)
        .map_err(|d| d.to_string())
}

#[cfg(test)]
mod beside_tests;
#[cfg(test)]
mod tests;
