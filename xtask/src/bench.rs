//! `cargo xtask bench`: how long the generator takes, in-process (reading
//! the files and cargo's own start-up excluded), on `specs/` and on the
//! largest spec of the corpus (GitHub's REST description), and the peak
//! memory of the process.

use std::time::{Duration, Instant};

use flowscribe_codegen::{SpecSource, generate};

use crate::codegen::{read_specs, workspace_root};
use crate::corpus::Manifest;

/// The corpus spec the benchmark generates.
const LARGEST: &str = "github";

/// Generates `specs/` `runs` times and the largest corpus spec `large_runs`
/// times, and prints the timings.
pub fn run(runs: usize, large_runs: usize) -> Result<(), String> {
    let root = workspace_root();
    let specs = read_specs(&root)?;
    time("specs/", &specs, runs)?;
    let manifest = Manifest::load(&root)?;
    let spec = manifest
        .specs
        .iter()
        .find(|s| s.name == LARGEST)
        .ok_or_else(|| format!("the corpus has no `{LARGEST}` spec"))?;
    let source = manifest.source(&root, spec)?;
    time(&format!("corpus `{LARGEST}`"), &[source], large_runs)?;
    match peak_memory_kib() {
        Some(kib) => println!("peak memory (VmHWM) of the process: {} MiB", kib / 1024),
        None => println!("peak memory: not available on this platform"),
    }
    Ok(())
}

fn time(label: &str, specs: &[SpecSource], runs: usize) -> Result<(), String> {
    let bytes: usize = specs.iter().map(|s| s.text.len()).sum();
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    let mut files = 0;
    let mut output = 0;
    for _ in 0..runs {
        let input = specs.to_vec();
        let start = Instant::now();
        let generated = generate(input).map_err(|d| d.to_string())?;
        times.push(start.elapsed());
        files = generated.files.len();
        output = generated.files.values().map(String::len).sum();
    }
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "{label}: {} spec(s), {} KiB in, {files} files, {} KiB out; {runs} runs: min {:.1} ms, median {:.1} ms, max {:.1} ms",
        specs.len(),
        bytes / 1024,
        output / 1024,
        ms(times[0]),
        ms(median),
        ms(times[times.len() - 1])
    );
    Ok(())
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// The peak resident set of this process, from `/proc/self/status`.
fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
