//! `cargo xtask corpus`: fetch the corpus, generate a crate from each spec
//! and from each hard case of `tests/fixtures/cases/`, and `cargo clippy` them
//! all with warnings denied.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use flowscribe_codegen::{SpecSource, generate};

use crate::codegen::workspace_root;
use crate::corpus::{Manifest, corpus_dir, read_specs, write_crate, write_workspace};

/// Options of the task.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Include the `full` suite (the large specs).
    pub full: bool,
    /// Run `cargo clippy` (a check with lints) on the generated crates.
    pub check: bool,
}

/// Runs the task.
pub fn run(options: Options) -> Result<(), String> {
    let root = workspace_root();
    let manifest = Manifest::load(&root)?;
    let workspace = corpus_dir(&root).join("crates");
    let _ = std::fs::remove_dir_all(&workspace);
    write_workspace(&root, &workspace)?;
    let mut failed = Vec::new();
    for spec in manifest.selected(options.full) {
        let source = manifest.source(&root, spec)?;
        let shown = source.path.clone();
        let start = Instant::now();
        match generate(vec![source]) {
            Ok(generated) => {
                let elapsed = start.elapsed();
                let summary = &generated.summaries[0];
                println!(
                    "{:<30} {:>5} types {:>5} operations {:>4} warnings  {:>8.1} ms",
                    spec.name,
                    summary.types.len(),
                    summary.operations.len(),
                    generated.warnings.iter().count(),
                    elapsed.as_secs_f64() * 1000.0
                );
                if spec.compile {
                    write_crate(&root, &workspace, &spec.name, &generated)?;
                }
            }
            Err(diagnostics) => {
                println!("{:<30} FAILED", spec.name);
                eprintln!("{diagnostics}");
                failed.push(format!("{} ({shown})", spec.name));
            }
        }
    }
    // The hard cases of the snapshot tests compile too.
    for (name, source) in fixture_cases(&root)? {
        match generate(vec![source]) {
            Ok(generated) => {
                write_crate(&root, &workspace, &name, &generated)?;
            }
            Err(diagnostics) => {
                eprintln!("{diagnostics}");
                failed.push(name);
            }
        }
    }
    if !failed.is_empty() {
        return Err(format!("generation failed for: {}", failed.join(", ")));
    }
    if options.check {
        check(&root, &workspace, &[])?;
        check(&root, &workspace, &["--all-features"])?;
    }
    Ok(())
}

/// The specs of `tests/fixtures/cases/`, each named `case_<stem>`.
fn fixture_cases(root: &Path) -> Result<Vec<(String, SpecSource)>, String> {
    Ok(read_specs(root, "tests/fixtures/cases", &["yaml"])?
        .into_iter()
        .map(|(shown, text)| {
            let name = format!("case_{}", flowscribe_codegen::module_name(&shown));
            (name, SpecSource::new(shown, text))
        })
        .collect())
}

/// `cargo clippy` (which type-checks too) of every generated crate, with
/// warnings and clippy's default lints denied, in the corpus's own target
/// directory.
pub fn check(root: &Path, workspace: &Path, extra: &[&str]) -> Result<(), String> {
    let start = Instant::now();
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([
            "clippy",
            "--workspace",
            "--keep-going",
            "--quiet",
            "--message-format",
            "short",
        ])
        .args(extra)
        .args(["--", "-D", "warnings"])
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", corpus_dir(root).join("target"))
        .status()
        .map_err(|e| format!("cannot run cargo clippy: {e}"))?;
    println!(
        "cargo clippy {} of the generated crates: {:.1} s",
        extra.join(" "),
        start.elapsed().as_secs_f64()
    );
    if status.success() {
        Ok(())
    } else {
        Err("the generated corpus crates do not check cleanly".into())
    }
}
