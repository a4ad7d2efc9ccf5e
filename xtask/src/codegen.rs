//! `cargo xtask codegen`: specs/ → generated/src/.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use flowscribe_codegen::package::rust_files;
use flowscribe_codegen::write::{compare, is_generated};
use flowscribe_codegen::{Layout, SpecSource, generate_with_layout};

use crate::changes;

/// Whether to write the files or only compare them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write generated/ from the specs.
    Write,
    /// Compare only; fail on any difference.
    Check,
}

/// How `codegen` runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Write or check.
    pub mode: Mode,
    /// Fail when the API changes since `since` hold a breaking change and
    /// the crate's version is not a breaking step from the version then.
    pub breaking: bool,
    /// The git revision whose committed surface the changes are taken
    /// from (`HEAD` unless given).
    pub since: String,
}

/// The workspace root (the parent of `xtask/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Reads every `*.yaml`, `*.yml` and `*.json` file of `specs/`, in name order.
pub fn read_specs(root: &Path) -> Result<Vec<SpecSource>, String> {
    let specs = crate::corpus::read_specs(root, "specs", &["yaml", "yml", "json"])?;
    Ok(specs
        .into_iter()
        .map(|(shown, text)| SpecSource::new(shown, text))
        .collect())
}

/// Every generated file now under `crate_dir/src`, by path relative to `crate_dir`.
pub fn read_generated(crate_dir: &Path) -> Result<BTreeMap<String, String>, String> {
    let mut files = BTreeMap::new();
    for path in rust_files(&crate_dir.join("src")) {
        let text = fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        if is_generated(&text) {
            let relative = path
                .strip_prefix(crate_dir)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            files.insert(relative, text);
        }
    }
    Ok(files)
}

/// Runs the generator, writes or checks `generated/`, and reports what
/// changed in the crate's public API since the committed surface.
pub fn run(options: &Options) -> Result<(), String> {
    let root = workspace_root();
    let specs = read_specs(&root)?;
    // `generated/` is one crate with a manifest of its own, whatever the
    // size of the specs.
    let mut generated = generate_with_layout(specs, Layout::OneCrate).map_err(|diagnostics| {
        format!(
            "{diagnostics}codegen failed: {} problem(s)",
            diagnostics.iter().count()
        )
    })?;
    for warning in generated.warnings.sorted() {
        eprintln!("{warning}");
    }
    let crate_dir = root.join("generated");
    generated.surface.crate_version = changes::crate_version(&crate_dir)?;
    let surface = changes::surface_text(&generated.surface)?;
    let surface_path = crate_dir.join(changes::SURFACE_FILE);
    let surface_fresh = fs::read_to_string(&surface_path).is_ok_and(|text| text == surface);
    let on_disk = read_generated(&crate_dir)?;
    let staleness = compare(&generated.files, &on_disk);

    // The API changes since the committed surface.
    let api_changes = match changes::committed_surface(&root, &options.since) {
        Ok(committed) => {
            let found = flowscribe_codegen::surface::changes(&committed, &generated.surface);
            eprint!("{}", changes::report(&found, &options.since));
            if options.breaking {
                changes::check_version_bump(
                    &found,
                    &committed.crate_version,
                    &generated.surface.crate_version,
                )?;
            }
            found
        }
        Err(reason) => {
            eprintln!("API changes: not compared ({reason})");
            Vec::new()
        }
    };

    match options.mode {
        Mode::Check => {
            if staleness.is_fresh() && surface_fresh {
                return Ok(());
            }
            let mut message = String::from("generated/ is stale; run `cargo xtask codegen`:\n");
            for path in &staleness.changed {
                message.push_str(&format!("  changed: generated/{path}\n"));
            }
            for path in &staleness.missing {
                message.push_str(&format!("  missing: generated/{path}\n"));
            }
            for path in &staleness.extra {
                message.push_str(&format!("  no longer generated: generated/{path}\n"));
            }
            if !surface_fresh {
                message.push_str(&format!("  changed: generated/{}\n", changes::SURFACE_FILE));
            }
            Err(message.trim_end().to_owned())
        }
        Mode::Write => {
            for path in &staleness.extra {
                fs::remove_file(crate_dir.join(path))
                    .map_err(|e| format!("cannot remove generated/{path}: {e}"))?;
            }
            for path in staleness.changed.iter().chain(&staleness.missing) {
                let target = crate_dir.join(path);
                if let Some(parent) = target.parent() {
                    fs::create_dir_all(parent)
                        .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
                }
                fs::write(&target, &generated.files[path])
                    .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
            }
            if !surface_fresh {
                fs::write(&surface_path, &surface)
                    .map_err(|e| format!("cannot write {}: {e}", surface_path.display()))?;
            }
            let added =
                changes::update_changelog(&crate_dir.join(changes::CHANGELOG_FILE), &api_changes)?;
            let written =
                staleness.changed.len() + staleness.missing.len() + usize::from(!surface_fresh);
            eprintln!(
                "codegen: {} file(s) generated, {written} written, {} removed; {added} change(s) added to generated/{}",
                generated.files.len() + 1,
                staleness.extra.len(),
                changes::CHANGELOG_FILE
            );
            Ok(())
        }
    }
}
