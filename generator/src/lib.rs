//! The flowscribe generator: OpenAPI 3.0 specs in, a typed Rust SDK out.
//!
//! The pipeline has four stages, one module each:
//!
//! 1. [`load`]: YAML or JSON text into the `openapiv3` document model, with a
//!    way back from any node to its line;
//! 2. [`lower`]: the document into the validated IR of [`ir`], collecting every
//!    problem as a [`Diagnostic`] before any code is emitted;
//! 3. [`emit`]: Rust tokens from the IR with `quote`;
//! 4. [`write`](mod@write): formatted source text, and the freshness comparison.
//!
//! Nothing here knows any vendor: what is vendor-specific comes from the spec
//! and the extensions listed in `specs/README.md`.

pub mod diagnostics;
pub mod emit;
pub mod ir;
pub mod load;
pub mod lower;
pub mod package;
mod parallel;
pub mod surface;
pub mod write;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use emit::features::Gates;

pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use load::SpecSource;

/// How a run lays out its crate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Layout {
    /// A large API (one with feature groups) is written as a facade crate
    /// with its parts beside it, under `parts/` (see [`emit::parts`]), so
    /// that Cargo checks it in several processes; what `flowscribe
    /// generate` writes.
    #[default]
    Parts,
    /// Every API is a module of one crate, whatever its size: what a build
    /// script can write into `OUT_DIR` and `include!`.
    OneCrate,
}

/// The result of a successful run: every file of the generated crate's `src/`
/// (and of its parts' directories), by path, and the warnings found on the
/// way.
#[derive(Debug)]
pub struct Generated {
    /// Path inside the generated crate → file contents.
    pub files: BTreeMap<String, String>,
    /// Warnings (never errors: those fail the run).
    pub warnings: Diagnostics,
    /// What each spec became, in module order.
    pub summaries: Vec<ApiSummary>,
    /// How long each stage took.
    pub timings: Timings,
    /// The Cargo features the crate declares, one per group of operations of
    /// a large API (see `emit::features`), all on by default; empty for
    /// small APIs.
    pub features: Vec<String>,
    /// The Cargo features the crate declares off by default: `unreferenced-types`
    /// when a large API has types no operation reaches (see `emit::features`).
    pub optional_features: Vec<String>,
    /// The crate's public API, for reports of what a regeneration changed.
    pub surface: surface::Surface,
    /// The crates beside the generated one that hold its large APIs' types
    /// and requests, by API module; empty with [`Layout::OneCrate`] or when
    /// no API has feature groups.
    pub parts: BTreeMap<String, emit::parts::Parts>,
}

/// The time each stage of a run took, for benchmarks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Timings {
    /// Parsing the specs: the sum over specs, which are read several at once
    /// when there are several.
    pub load: Duration,
    /// Lowering them to the IR, diagnostics located: the sum over specs.
    pub lower: Duration,
    /// Building and formatting the files once every spec is read: the files
    /// of a spec read earlier are built and formatted while later ones are
    /// still being read, on all worker threads, and that time is not counted
    /// here.
    pub render: Duration,
}

/// The outline of one generated API: its types and operations, for reports
/// and summary snapshots.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiSummary {
    /// The Rust module.
    pub module: String,
    /// Each named type as `(kind, Rust name)`, by name; the kind is one of
    /// `struct`, `enum`, `union` and `alias`.
    pub types: Vec<(&'static str, String)>,
    /// Each operation as `(HTTP method, path, Rust method name)`, by method name.
    pub operations: Vec<(String, String, String)>,
}

impl ApiSummary {
    fn of(api: &ir::Api) -> Self {
        ApiSummary {
            module: api.module.clone(),
            types: api
                .types
                .values()
                .map(|t| {
                    let kind = match t.kind {
                        ir::TypeKind::Struct(_) => "struct",
                        ir::TypeKind::Enum(_) => "enum",
                        ir::TypeKind::Union(_) => "union",
                        ir::TypeKind::Alias(_) => "alias",
                    };
                    (kind, t.name.clone())
                })
                .collect(),
            operations: api
                .operations
                .iter()
                .map(|o| (o.http_method.clone(), o.path.clone(), o.method_name.clone()))
                .collect(),
        }
    }
}

/// Runs the whole pipeline over a set of specs, large APIs split into parts
/// ([`Layout::Parts`]).
/// Every spec is loaded and lowered even when an earlier one fails, so that
/// all errors are reported at once.
pub fn generate(sources: Vec<SpecSource>) -> Result<Generated, Diagnostics> {
    generate_with_layout(sources, Layout::Parts)
}

/// Runs the whole pipeline over a set of specs, laid out as `layout` says.
pub fn generate_with_layout(
    sources: Vec<SpecSource>,
    layout: Layout,
) -> Result<Generated, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let mut timings = Timings::default();
    let mut apis = Vec::new();
    let mut gates_by_module = BTreeMap::new();
    let mut parts = BTreeMap::new();
    let mut modules: BTreeMap<String, String> = BTreeMap::new();
    let mut jobs = Vec::new();
    for source in sources {
        let module = source
            .module
            .clone()
            .unwrap_or_else(|| module_name(&source.path));
        if let Some(other) = modules.insert(module.clone(), source.path.clone()) {
            diagnostics.push(Diagnostic {
                file: source.path.clone(),
                line: None,
                column: None,
                severity: Severity::Error,
                pointer: String::new(),
                message: format!(
                    "specs `{other}` and `{}` both map to the module `{module}`",
                    source.path
                ),
            });
            continue;
        }
        jobs.push((source, module));
    }
    // Each spec's files are rendered as soon as it is read, while the other
    // specs are still being read; they are dropped if any spec has an error.
    let reads: Vec<OnceLock<ReadSpec>> = jobs.iter().map(|_| OnceLock::new()).collect();
    let (rendered, all_read) = parallel::read_then_work(
        jobs,
        &reads,
        |(source, module)| read_spec(source, &module),
        |read| match &read.api {
            Some(api) if !read.diagnostics.has_errors() => {
                let gates = read.gates.get_or_init(|| Arc::new(Gates::of(api)));
                let parts = read.parts.get_or_init(|| match layout {
                    Layout::Parts => emit::parts::Parts::of(api, gates).map(Arc::new),
                    Layout::OneCrate => None,
                });
                // The surface first: it is one long job, which the other
                // threads' files balance.
                std::iter::once((usize::MAX, Work::Surface(read)))
                    .chain(
                        emit::api_files(api, gates, parts.as_ref())
                            .into_iter()
                            .map(|file| (file.weight, Work::File(file))),
                    )
                    .collect()
            }
            _ => Vec::new(),
        },
        |work| match work {
            Work::File(file) => Some(render(&file)),
            Work::Surface(read) => {
                if let (Some(api), Some(gates)) = (&read.api, read.gates.get()) {
                    read.surface
                        .get_or_init(|| surface::ModuleSurface::of(api, gates));
                }
                None
            }
        },
    );
    let mut rendered: Vec<_> = rendered.into_iter().flatten().collect();
    let mut surface = surface::Surface::default();
    for read in reads.into_iter().filter_map(OnceLock::into_inner) {
        timings.load += read.load;
        timings.lower += read.lower;
        diagnostics.extend(read.diagnostics);
        if let Some(api) = read.api {
            let gates = read.gates.into_inner();
            let gates = gates.unwrap_or_else(|| Arc::new(Gates::of(&api)));
            if let Some(Some(split)) = read.parts.into_inner() {
                parts.insert(api.module.clone(), Arc::unwrap_or_clone(split));
            }
            let module = read
                .surface
                .into_inner()
                .unwrap_or_else(|| surface::ModuleSurface::of(&api, &gates));
            surface.modules.insert(api.module.clone(), module);
            gates_by_module.insert(api.module.clone(), gates);
            apis.push(api);
        }
    }
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    apis.sort_by(|a, b| a.module.cmp(&b.module));
    check_root_exports(&apis, &mut diagnostics);
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    rendered.push(render(&emit::crate_root(&apis, &gates_by_module)));
    timings.render = all_read.elapsed();
    rendered.sort_by(|a, b| a.0.cmp(&b.0));
    let mut files = BTreeMap::new();
    for (path, rendered) in rendered {
        match rendered {
            Ok(text) => {
                files.insert(path, text);
            }
            Err(message) => diagnostics.push(Diagnostic {
                file: path,
                line: None,
                column: None,
                severity: Severity::Error,
                pointer: String::new(),
                message,
            }),
        }
    }
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    // The surface knows which types need a feature off by default.
    let optional_features: BTreeSet<String> = surface
        .modules
        .values()
        .flat_map(|module| module.optional_types.values().cloned())
        .collect();
    let generated = Generated {
        files,
        warnings: diagnostics,
        summaries: apis.iter().map(ApiSummary::of).collect(),
        surface,
        timings,
        features: {
            let mut features: Vec<String> =
                apis.iter().flat_map(emit::features::features).collect();
            features.sort();
            features.dedup();
            features
        },
        optional_features: optional_features.into_iter().collect(),
        parts,
    };
    parallel::drop_elsewhere((apis, gates_by_module));
    Ok(generated)
}

/// A job for the threads once a spec is read: one of its files, or its
/// API surface.
enum Work<'r> {
    File(emit::PlannedFile<'r>),
    Surface(&'r ReadSpec),
}

/// One spec loaded and lowered, with what it took.
struct ReadSpec {
    api: Option<ir::Api>,
    /// The API's feature gates, computed once for its files, the crate root
    /// and the surface.
    gates: OnceLock<Arc<Gates>>,
    /// The crates its files are split into, if it is large.
    parts: OnceLock<Option<Arc<emit::parts::Parts>>>,
    /// The API's public surface, computed while its files are formatted.
    surface: OnceLock<surface::ModuleSurface>,
    diagnostics: Diagnostics,
    load: Duration,
    lower: Duration,
}

/// Loads and lowers one spec into `module`.
fn read_spec(source: SpecSource, module: &str) -> ReadSpec {
    let mut read = ReadSpec {
        api: None,
        gates: OnceLock::new(),
        parts: OnceLock::new(),
        surface: OnceLock::new(),
        diagnostics: Diagnostics::default(),
        load: Duration::ZERO,
        lower: Duration::ZERO,
    };
    let start = Instant::now();
    let loaded = load::load(source);
    read.load = start.elapsed();
    let spec = match loaded {
        Ok(spec) => {
            read.diagnostics.extend(spec.notes.clone());
            spec
        }
        Err(diagnostic) => {
            read.diagnostics.push(diagnostic);
            return read;
        }
    };
    let start = Instant::now();
    let lowered = lower::lower(&spec, module);
    read.lower = start.elapsed();
    match lowered {
        Ok((api, warnings)) => {
            read.diagnostics.extend(warnings);
            read.api = Some(api);
        }
        Err(errors) => read.diagnostics.extend(errors),
    }
    // The model of a large description takes tens of milliseconds to free,
    // which the files need not wait for.
    parallel::drop_elsewhere(spec);
    read
}

/// Two specs that opt in to root re-exports (`x-root-exports`) must not
/// export one name: the crate root would have to drop it (and a path users
/// rely on) or pick one silently. Each spec gets an error naming the other,
/// at its extension.
fn check_root_exports(apis: &[ir::Api], diagnostics: &mut Diagnostics) {
    let mut owners: BTreeMap<String, Vec<&ir::Api>> = BTreeMap::new();
    for api in apis {
        let Some(exports) = &api.root_exports else {
            continue;
        };
        for (name, _) in api.item_names() {
            if !exports.except.contains(&name) {
                owners.entry(name).or_default().push(api);
            }
        }
    }
    for (name, apis) in owners.into_iter().filter(|(_, apis)| apis.len() > 1) {
        for api in &apis {
            let others: Vec<&str> = apis
                .iter()
                .filter(|other| other.module != api.module)
                .map(|other| other.source_file.as_str())
                .collect();
            let exports = api.root_exports.as_ref();
            diagnostics.push(Diagnostic {
                file: api.source_file.clone(),
                line: exports.and_then(|e| e.line),
                column: None,
                severity: Severity::Error,
                pointer: exports.map(|e| e.pointer.clone()).unwrap_or_default(),
                message: format!(
                    "the crate root would re-export `{name}` from this spec and from `{}`; list it in `x-root-exports.except` of one of them",
                    others.join("`, `")
                ),
            });
        }
    }
}

/// Builds and formats one planned file. A panic leaves an error for the file
/// instead of a crash. The output depends on neither the thread count nor
/// the order in which threads take files.
fn render(file: &emit::PlannedFile<'_>) -> (String, Result<String, String>) {
    let rendered =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| write::render(file.emit())))
            .unwrap_or_else(|_| {
                Err(format!(
                    "{}: internal error: the generator panicked while emitting this file",
                    file.path
                ))
            });
    (file.path.clone(), rendered)
}

/// The most threads [`generate`] formats files on.
pub const MAX_THREADS: usize = parallel::MAX_THREADS;

/// The module a spec is generated into: its file stem in snake_case, with
/// `_api` after a stem that names one of the module's own submodules
/// (`client.json` gives `client_api`, not a `client` inside `client`).
pub fn module_name(path: &str) -> String {
    let file = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let stem = file.split('.').next().unwrap_or(file);
    let name = lower::snake_name(stem);
    if ["client", "requests", "types"].contains(&name.as_str()) {
        format!("{name}_api")
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::{SpecSource, generate, module_name};

    /// A path without parameters is sent as the spec writes it; a brace in
    /// it is not a place for a value.
    #[test]
    fn a_path_without_parameters_keeps_its_braces() {
        let spec = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /files/a}b:
    get:
      operationId: getOdd
      responses:
        "200": {description: ok}
"#;
        let generated = generate(vec![SpecSource::new("odd.yaml", spec)]).unwrap();
        let requests = generated
            .files
            .iter()
            .find(|(path, _)| path.ends_with("requests.rs"))
            .map(|(_, text)| text)
            .unwrap();
        assert!(requests.contains(r#"path("/files/a}b")"#), "{requests}");
    }

    #[test]
    fn module_names_come_from_the_file_stem_and_never_repeat_a_submodule() {
        assert_eq!(
            module_name("specs/huaweicloud-cfw-logs.yaml"),
            "huaweicloud_cfw_logs"
        );
        assert_eq!(module_name("api\\x.com\\stripe.v1.json"), "stripe");
        // A `client` module would hold a `client` module of its own.
        assert_eq!(module_name("appwrite.io/client.json"), "client_api");
        assert_eq!(module_name("types.yaml"), "types_api");
        assert_eq!(module_name("requests.yaml"), "requests_api");
    }
}
