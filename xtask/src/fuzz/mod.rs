//! `cargo xtask fuzz [--mutants N] [--seconds T] [--seed S]`: a mutation
//! fuzzer of the generator. It takes small OpenAPI documents (this
//! repository's specs, the hard cases, the Petstore example, the small
//! specs of the corpus, and the regression fixtures), breaks each in one to
//! three random ways (see [`mutate`]), writes the mutant as JSON or YAML, and
//! generates it with a time limit, every file parsed with syn (see
//! [`crate::checked`]). A panic, a hang or a file that is not valid Rust is
//! a generator bug: the mutant is saved under `target/fuzz/failures/` to be
//! fixed and then kept in `tests/fixtures/fuzz/`, whose every file a test
//! generates. The run is reproduced from its seed, which it prints.

pub mod mutate;

use std::path::Path;
use std::time::{Duration, Instant};

use flowscribe_codegen::SpecSource;
use serde_json::Value;

use crate::checked::{Outcome, generate_checked};
use crate::codegen::workspace_root;
use crate::corpus::{Manifest, read_specs};
use crate::seeded::Rng;

/// The longest one mutant may take before it counts as a hang: the base
/// documents generate in milliseconds.
const TIME_LIMIT: Duration = Duration::from_secs(20);

/// The largest base document (bytes): small ones make mutants fast.
const LARGEST_BASE: usize = 80_000;

/// Where the kept mutants that once failed live, relative to the root.
pub const REGRESSIONS: &str = "tests/fixtures/fuzz";

/// Options of the task.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// How many mutants to try.
    pub mutants: usize,
    /// Stop after this long even if fewer mutants were tried.
    pub seconds: Option<u64>,
    /// The seed; a fresh one, printed, if not given.
    pub seed: Option<u64>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            mutants: 10_000,
            seconds: None,
            seed: None,
        }
    }
}

/// Runs the task.
pub fn run(options: Options) -> Result<(), String> {
    let root = workspace_root();
    let bases = bases(&root)?;
    let seed = options.seed.unwrap_or_else(Rng::fresh_seed);
    println!(
        "{} base documents, seed {seed} (reproduce: cargo run --release -p xtask -- fuzz --mutants {} --seed {seed})",
        bases.len(),
        options.mutants
    );
    let mut rng = Rng::new(seed);
    let start = Instant::now();
    let deadline = options.seconds.map(Duration::from_secs);
    let failures_dir = root.join("target/fuzz/failures");
    let last = root.join("target/fuzz/last-mutant");
    std::fs::create_dir_all(root.join("target/fuzz")).map_err(|e| e.to_string())?;
    println!(
        "should the process abort, the mutant it was trying is {}",
        last.display()
    );
    let (mut tried, mut generated, mut refused) = (0usize, 0usize, 0usize);
    let mut bugs = Vec::new();
    while tried < options.mutants && deadline.is_none_or(|d| start.elapsed() < d) {
        let (base_name, base) = &bases[rng.below(bases.len())];
        let mut document = base.clone();
        let mut applied = Vec::new();
        for _ in 0..1 + rng.below(3) {
            applied.extend(mutate::mutate(&mut document, &mut rng));
        }
        let as_yaml = rng.below(4) == 0;
        let (extension, text) = if as_yaml {
            (
                "yaml",
                serde_yaml::to_string(&document).map_err(|e| e.to_string())?,
            )
        } else {
            (
                "json",
                serde_json::to_string(&document).map_err(|e| e.to_string())?,
            )
        };
        let name = format!("mutant-{tried}.{extension}");
        // A stack overflow aborts the process, past any report: the mutant
        // being tried is on disk first.
        std::fs::write(&last, &text).map_err(|e| format!("{}: {e}", last.display()))?;
        let outcome = generate_checked(SpecSource::new(name.clone(), text.clone()), TIME_LIMIT);
        tried += 1;
        match &outcome {
            Outcome::Generated => generated += 1,
            Outcome::Failed(_) => refused += 1,
            bug => {
                std::fs::create_dir_all(&failures_dir)
                    .map_err(|e| format!("{}: {e}", failures_dir.display()))?;
                let saved = failures_dir.join(format!("{seed}-{name}"));
                std::fs::write(&saved, &text).map_err(|e| format!("{}: {e}", saved.display()))?;
                bugs.push(format!(
                    "{}: {bug:?}, from {base_name} ({})",
                    saved.display(),
                    applied.join("; ")
                ));
            }
        }
    }
    println!(
        "{tried} mutants in {:.0} s: {generated} generated, {refused} refused with a diagnostic, {} generator bugs",
        start.elapsed().as_secs_f64(),
        bugs.len()
    );
    if tried < options.mutants && options.seconds.is_none() {
        return Err(format!("only {tried} of {} mutants ran", options.mutants));
    }
    if bugs.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "the fuzzer found generator bugs (fix each, then keep its mutant in {REGRESSIONS}/):\n  {}",
            bugs.join("\n  ")
        ))
    }
}

/// The documents mutants are made from, each as a JSON value with a name.
fn bases(root: &Path) -> Result<Vec<(String, Value)>, String> {
    let mut texts: Vec<(String, String)> = Vec::new();
    for dir in [
        "specs",
        "tests/fixtures/cases",
        "examples/petstore",
        REGRESSIONS,
    ] {
        texts.extend(read_specs(root, dir, &["yaml", "json"])?);
    }
    let manifest = Manifest::load(root)?;
    for spec in manifest.selected(false) {
        let source = manifest.source(root, spec)?;
        texts.push((source.path.clone(), source.text.clone()));
    }
    Ok(texts
        .into_iter()
        .filter(|(_, text)| text.len() <= LARGEST_BASE)
        .filter_map(|(name, text)| {
            let value: Value = serde_yaml::from_str(&text).ok()?;
            value.is_object().then_some((name, value))
        })
        .collect())
}
