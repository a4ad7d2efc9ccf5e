//! `cargo xtask bench`: how long the generator takes on the specs, in-process
//! (reading the files and cargo's own start-up excluded).

use std::time::{Duration, Instant};

use flowscribe_codegen::generate;

use crate::codegen::{read_specs, workspace_root};

/// Generates every spec of `specs/` `runs` times and prints the timings.
pub fn run(runs: usize) -> Result<(), String> {
    let specs = read_specs(&workspace_root())?;
    let bytes: usize = specs.iter().map(|s| s.text.len()).sum();
    let count = specs.len();
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    let mut files = 0;
    for _ in 0..runs {
        let input = specs.clone();
        let start = Instant::now();
        let generated = generate(input).map_err(|d| d.to_string())?;
        times.push(start.elapsed());
        files = generated.files.len();
    }
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "codegen of {count} spec(s) ({} KiB) into {files} files, {runs} runs: min {:.2} ms, median {:.2} ms, max {:.2} ms",
        bytes / 1024,
        ms(times[0]),
        ms(median),
        ms(times[times.len() - 1])
    );
    Ok(())
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
