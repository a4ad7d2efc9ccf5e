//! `cargo xtask bench`: how long the generator takes on `specs/` and on the
//! largest descriptions of the corpus (GitHub's REST description and
//! Microsoft Graph v1.0): as a user meets it first (the `flowscribe` command
//! line in a fresh process that reads the description and writes the crate,
//! wall time and peak memory)
//! and warm (in-process, the median of several runs); the size of what it
//! writes; and the decoder benchmark of the generated SDK. With `--check`,
//! also how long `cargo check` takes, and its peak memory, on the GitHub
//! crate and one feature group of Microsoft Graph's, dependencies already
//! built; with `--graph-all` too, on Microsoft Graph's crate with every
//! feature.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use flowscribe_codegen::{SpecSource, Timings, generate};

use crate::codegen::{read_specs, workspace_root};
use crate::corpus::{Manifest, corpus_dir, write_crate, write_workspace};

/// The crates `--check` type-checks: GitHub's with its default features,
/// and Microsoft Graph's largest feature group alone (`groups_site`, 673
/// operations; the whole crate takes minutes, see `--graph-all`).
const CHECKED: &[(&str, &[&str])] = &[
    ("github", &[]),
    (
        "microsoft_graph",
        &["--no-default-features", "--features", "groups_site"],
    ),
];

/// The corpus specs timed besides `specs/`, with their warm runs.
const TIMED: &[(&str, usize)] = &[("github", 5), ("microsoft_graph", 3)];

/// Generates `specs/` `runs` times and the largest corpus spec `large_runs`
/// times, and prints the timings; with `check`, times `cargo check` of the
/// [`CHECKED`] crates too, and with `graph_all` of Microsoft Graph's whole.
pub fn run(runs: usize, large_runs: usize, check: bool, graph_all: bool) -> Result<(), String> {
    if cfg!(debug_assertions) {
        println!(
            "note: an unoptimized build, several times slower than the figures of the README; \
             run `cargo run --release -p xtask -- bench` to compare with them"
        );
    }
    let root = workspace_root();
    let specs = read_specs(&root)?;
    time("specs/", &specs, runs)?;
    let manifest = Manifest::load(&root)?;
    let cli = build_cli(&root)?;
    for &(name, warm_runs) in TIMED {
        let spec = manifest.spec(name)?;
        let source = manifest.source(&root, spec)?;
        fresh_process(&root, &manifest, &cli, name)?;
        time(
            &format!("corpus `{name}`, warm"),
            std::slice::from_ref(&source),
            warm_runs.min(large_runs),
        )?;
    }
    match peak_memory_kib() {
        Some(kib) => println!("peak memory (VmHWM) of this process: {} MiB", kib / 1024),
        None => println!("peak memory: not available on this platform"),
    }
    decode_bench(&root)?;
    remove_stale_outputs(&root);
    if check {
        for (name, features) in CHECKED {
            let spec = manifest.spec(name)?;
            let source = manifest.source(&root, spec)?;
            time_check(&root, name, source, features)?;
        }
        if graph_all {
            let spec = manifest.spec("microsoft_graph")?;
            let source = manifest.source(&root, spec)?;
            time_check(&root, "microsoft_graph", source, &["--all-features"])?;
        }
    }
    Ok(())
}

/// The folder of `bench-fresh` that holds earlier outputs until they are removed.
const STALE: &str = "stale";

/// Removes the outputs of earlier fresh-process runs that
/// [`fresh_process`] moved aside.
fn remove_stale_outputs(root: &Path) {
    let _ = std::fs::remove_dir_all(corpus_dir(root).join("bench-fresh").join(STALE));
}

/// Generates the corpus spec `name` as a user meets it first: the
/// `flowscribe` command line, a fresh process that reads the description
/// and writes the crate into an empty directory (`cli` is its executable,
/// from [`build_cli`]). Prints its wall time, peak memory and output size.
fn fresh_process(root: &Path, manifest: &Manifest, cli: &Path, name: &str) -> Result<(), String> {
    let file = manifest.file(root, manifest.spec(name)?)?;
    let fresh = corpus_dir(root).join("bench-fresh");
    let out = fresh.join(name);
    // The output of an earlier run is moved aside, and removed once every
    // timing is taken: on a file system mounted with `discard`, removing
    // tens of megabytes slows the file creations of the next seconds, which
    // would be charged to the generator.
    if out.exists() {
        let stale = fresh
            .join(STALE)
            .join(format!("{name}-{}", std::process::id()));
        std::fs::create_dir_all(fresh.join(STALE))
            .and_then(|()| std::fs::rename(&out, &stale))
            .map_err(|e| format!("cannot move {} aside: {e}", out.display()))?;
    }
    // GNU time opens its output file before it runs the program.
    std::fs::create_dir_all(&fresh).map_err(|e| format!("{}: {e}", fresh.display()))?;
    let peak_file = fresh.join("peak-rss-kib");
    let _ = std::fs::remove_file(&peak_file);
    let mut command = measured(cli, &peak_file);
    command
        .arg("generate")
        .arg(&file)
        .arg("--out")
        .arg(&out)
        .arg("--runtime-path")
        .arg(root.join("runtime"));
    let start = Instant::now();
    let output = command
        .output()
        .map_err(|e| format!("cannot run {}: {e}", cli.display()))?;
    let wall = start.elapsed();
    if !output.status.success() {
        return Err(format!(
            "flowscribe generate {} failed: {}",
            file.display(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    // The crate's sources and its parts'.
    let (files, lines, bytes) = rust_files_size(&out)?;
    println!(
        "corpus `{name}`, fresh process (`flowscribe generate`: read, generate, write the crate): {:.0} ms wall; {files} files, {}k lines, {:.1} MB; {}",
        ms(wall),
        lines / 1000,
        bytes as f64 / 1e6,
        peak_memory(&peak_file)
    );
    Ok(())
}

/// Builds the `flowscribe` command line with this xtask's profile, and
/// returns the path cargo reports for its executable.
fn build_cli(root: &Path) -> Result<PathBuf, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut command = Command::new(cargo);
    command.args([
        "build",
        "--quiet",
        "--message-format=json-render-diagnostics",
        "-p",
        "flowscribe-codegen",
        "--bin",
        "flowscribe",
    ]);
    if !cfg!(debug_assertions) {
        command.arg("--release");
    }
    let output = command
        .current_dir(root)
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot build the flowscribe command line: {e}"))?;
    if !output.status.success() {
        return Err("building the flowscribe command line failed".to_owned());
    }
    // One JSON message a line; the artifact of the `flowscribe` binary names
    // its executable.
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| message["reason"] == "compiler-artifact")
        .filter(|message| message["target"]["name"] == "flowscribe")
        .find_map(|message| message["executable"].as_str().map(PathBuf::from))
        .ok_or_else(|| "cargo named no executable for the flowscribe command line".to_owned())
}

/// `program` run under GNU time, which writes the peak resident set of the
/// largest process it ran (in KiB) to `peak_file`, where `/usr/bin/time` is
/// installed; `program` alone elsewhere.
fn measured(program: &Path, peak_file: &Path) -> Command {
    let gnu_time = Path::new("/usr/bin/time");
    if !gnu_time.exists() {
        return Command::new(program);
    }
    let mut command = Command::new(gnu_time);
    command.args(["-f", "%M", "-o"]).arg(peak_file).arg(program);
    command
}

/// The peak memory that [`measured`] wrote to `peak_file`, for a report.
fn peak_memory(peak_file: &Path) -> String {
    std::fs::read_to_string(peak_file)
        .ok()
        .and_then(|text| text.trim().parse::<u64>().ok())
        .map_or(
            "peak memory not measured (no /usr/bin/time)".to_owned(),
            |kib| format!("peak memory {} MiB", kib / 1024),
        )
}

/// The number of `.rs` files under `dir`, their lines and their bytes.
fn rust_files_size(dir: &Path) -> Result<(usize, usize, usize), String> {
    let mut totals = (0, 0, 0);
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        if path.is_dir() {
            let (files, lines, bytes) = rust_files_size(&path)?;
            totals = (totals.0 + files, totals.1 + lines, totals.2 + bytes);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            totals = (
                totals.0 + 1,
                totals.1 + text.lines().count(),
                totals.2 + text.len(),
            );
        }
    }
    Ok(totals)
}

/// Runs the decoder benchmark of the generated SDK (`cargo bench -p
/// flowscribe-tests --bench decode`).
fn decode_bench(root: &Path) -> Result<(), String> {
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([
            "bench",
            "--quiet",
            "-p",
            "flowscribe-tests",
            "--bench",
            "decode",
        ])
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run the decoder benchmark: {e}"))?;
    if !status.success() {
        return Err("the decoder benchmark failed".to_owned());
    }
    Ok(())
}

/// Writes the crate of corpus spec `name` into its own workspace and times
/// `cargo check` of that crate alone (with `features`, cargo arguments),
/// without incremental reuse: once to build the dependencies (not timed),
/// then again after touching the crate.
fn time_check(
    root: &Path,
    name: &str,
    source: SpecSource,
    features: &[&str],
) -> Result<(), String> {
    let generated = generate(vec![source]).map_err(|d| d.to_string())?;
    let workspace = corpus_dir(root).join("bench-crate");
    let _ = std::fs::remove_dir_all(&workspace);
    write_workspace(root, &workspace)?;
    write_crate(root, &workspace, name, &generated)?;
    let package = format!("corpus-{}", name.replace('_', "-"));
    let peak_file = workspace.join("peak-rss-kib");
    let cargo_check = |what: &str| -> Result<(Duration, Option<u64>), String> {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        // The largest process is a rustc that checks the crate or a part.
        let mut command = measured(Path::new(&cargo), &peak_file);
        let start = Instant::now();
        let mut child = command
            .args(["check", "--quiet", "-p", &package])
            .args(features)
            .current_dir(&workspace)
            .env("CARGO_TARGET_DIR", corpus_dir(root).join("target"))
            // Whole type-checking, not the reuse of an earlier session's.
            .env("CARGO_INCREMENTAL", "0")
            .spawn()
            .map_err(|e| format!("cannot run cargo check ({what}): {e}"))?;
        // The parts of a large API are checked several at once: their
        // compilers' resident memory is summed while they run.
        let mut together = compilers_rss_kib();
        let status = loop {
            if let Some(status) = child.try_wait().map_err(|e| format!("cargo check: {e}"))? {
                break status;
            }
            together = together.max(compilers_rss_kib());
            std::thread::sleep(Duration::from_millis(100));
        };
        if !status.success() {
            return Err(format!("cargo check of `{package}` failed ({what})"));
        }
        Ok((start.elapsed(), together))
    };
    cargo_check("dependencies")?;
    // Every crate checked again: the crate's and its parts'.
    let dir = workspace.join(name);
    let mut roots = vec![dir.join("src/lib.rs")];
    roots.extend(
        generated
            .parts
            .values()
            .flat_map(|parts| parts.all())
            .map(|part| dir.join(part.dir()).join("src/lib.rs")),
    );
    for lib in roots {
        let text = std::fs::read_to_string(&lib).map_err(|e| format!("{}: {e}", lib.display()))?;
        std::fs::write(&lib, text).map_err(|e| format!("{}: {e}", lib.display()))?;
    }
    let (elapsed, together) = cargo_check("crate")?;
    let shown = if features.is_empty() {
        "default features".to_owned()
    } else {
        features.join(" ")
    };
    let peak = peak_memory(&peak_file);
    let together = together.map_or(String::new(), |kib| {
        format!(", every compiler at once at most {} MiB", kib / 1024)
    });
    println!(
        "cargo check of the `{name}` crate ({shown}; dependencies built): {:.1} s, {peak} (the largest process){together}",
        elapsed.as_secs_f64()
    );
    Ok(())
}

fn time(label: &str, specs: &[SpecSource], runs: usize) -> Result<(), String> {
    let bytes: usize = specs.iter().map(|s| s.text.len()).sum();
    let mut times: Vec<(Duration, Timings)> = Vec::with_capacity(runs);
    let mut files = 0;
    let mut output = 0;
    for _ in 0..runs {
        let input = specs.to_vec();
        let start = Instant::now();
        let generated = generate(input).map_err(|d| d.to_string())?;
        times.push((start.elapsed(), generated.timings));
        files = generated.files.len();
        output = generated.files.values().map(String::len).sum();
    }
    times.sort_by_key(|(total, _)| *total);
    let (median, stages) = times[times.len() / 2];
    println!(
        "{label}: {} spec(s), {} KiB in, {files} files, {} KiB out; {runs} runs: min {:.1} ms, median {:.1} ms (load {:.1}, lower {:.1}, build and format {:.1}), max {:.1} ms",
        specs.len(),
        bytes / 1024,
        output / 1024,
        ms(times[0].0),
        ms(median),
        ms(stages.load),
        ms(stages.lower),
        ms(stages.render),
        ms(times[times.len() - 1].0)
    );
    Ok(())
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// The peak resident set of this process, from `/proc/self/status`.
/// The resident memory of every `rustc` process of the machine together,
/// where `/proc` tells it.
fn compilers_rss_kib() -> Option<u64> {
    let mut total = 0;
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let dir = entry.path();
        let is_rustc = std::fs::read_to_string(dir.join("comm")).is_ok_and(|c| c.trim() == "rustc");
        if !is_rustc {
            continue;
        }
        total += status_kib(&dir.join("status"), "VmRSS:").unwrap_or(0);
    }
    Some(total)
}

fn peak_memory_kib() -> Option<u64> {
    status_kib(Path::new("/proc/self/status"), "VmHWM:")
}

/// The value in KiB of the line `field` of a `/proc/<pid>/status` file.
fn status_kib(status: &Path, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(status).ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
