//! `flowscribe generate <spec>... --out <dir>`: a typed Rust client crate
//! from OpenAPI 3.0 descriptions, for anyone's own description.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use flowscribe_codegen::package::{CrateOptions, RuntimeDependency, cargo_toml, write_crate};
use flowscribe_codegen::surface::{Surface, changes};
use flowscribe_codegen::{SpecSource, generate};

/// The generator allocates many small token trees; mimalloc makes a run on
/// GitHub's description about a third faster than the system allocator.
/// Its `no_thp` feature stops it from asking the kernel for transparent huge
/// pages (`madvise`), which it otherwise does for its large regions: each
/// first touch then zeroes a whole 2 MiB page, and a fresh run on Microsoft
/// Graph's description spent as much time in the kernel as in the generator
/// (8.4–9.5 s wall instead of 3.7–5.4 s on the 2-core machine).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage: flowscribe generate <spec>... --out <dir> [options]

Writes a complete crate into <dir>: Cargo.toml (unless <dir> has one of its own), src/ with
one module per spec, and api-surface.json, against which the next run reports what changed
in the crate's public API. A spec of more than 200 operations also gets crates under
<dir>/parts that hold its types and requests, which the crate re-exports: Cargo checks them
in several processes at once.

options:
  --crate-name <name>         the package name (default: the first spec's file stem)
  --crate-version <version>   the package version (default: 0.1.0)
  --runtime-path <dir>        depend on flowscribe-runtime at <dir>
  --runtime-version <req>     depend on flowscribe-runtime <req> from the registry
                              (default: the runtime beside this generator's source, if it
                              is still there, otherwise its version)";

struct Args {
    specs: Vec<String>,
    out: PathBuf,
    options: CrateOptions,
}

fn parse(args: &[String]) -> Result<Args, String> {
    let mut args = args.iter();
    if args.next().map(String::as_str) != Some("generate") {
        return Err("the one command is `generate`".to_owned());
    }
    let mut specs = Vec::new();
    let mut out = None;
    let mut name = None;
    let mut version = "0.1.0".to_owned();
    let mut runtime = None;
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| {
            args.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match arg.as_str() {
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--crate-name" => name = Some(value("--crate-name")?),
            "--crate-version" => version = value("--crate-version")?,
            "--runtime-path" => {
                runtime = Some(RuntimeDependency::Path(PathBuf::from(value(
                    "--runtime-path",
                )?)));
            }
            "--runtime-version" => {
                runtime = Some(RuntimeDependency::Version(value("--runtime-version")?));
            }
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
            spec => specs.push(spec.to_owned()),
        }
    }
    if specs.is_empty() {
        return Err("no spec given".to_owned());
    }
    let out = out.ok_or("--out <dir> is required")?;
    let name = name.unwrap_or_else(|| flowscribe_codegen::module_name(&specs[0]).replace('_', "-"));
    Ok(Args {
        specs,
        out,
        options: CrateOptions {
            name,
            version,
            runtime: runtime.unwrap_or_else(RuntimeDependency::default_for_this_build),
        },
    })
}

fn run(args: &Args) -> Result<(), String> {
    let mut sources = Vec::new();
    for spec in &args.specs {
        let text = std::fs::read_to_string(spec).map_err(|e| format!("cannot read {spec}: {e}"))?;
        sources.push(SpecSource::new(spec.clone(), text));
    }
    let mut generated = generate(sources).map_err(|diagnostics| {
        format!(
            "{diagnostics}generation failed: {} problem(s)",
            diagnostics.iter().count()
        )
    })?;
    for warning in generated.warnings.sorted() {
        eprintln!("{warning}");
    }
    generated.surface.crate_version = args.options.version.clone();
    report_changes(&args.out, &generated.surface)?;
    // The surface is encoded while the crate is written.
    let (written, surface) = std::thread::scope(|scope| {
        let surface = scope.spawn(|| serde_json::to_string_pretty(&generated.surface));
        let written = write_crate(&generated, &args.out, &args.options);
        let surface = surface
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (written, surface)
    });
    let written = written?;
    let surface = surface.map_err(|e| format!("cannot encode the API surface: {e}"))?;
    let surface_path = args.out.join("api-surface.json");
    std::fs::write(&surface_path, surface + "\n")
        .map_err(|e| format!("cannot write {}: {e}", surface_path.display()))?;
    let parts: usize = generated
        .parts
        .values()
        .map(|parts| parts.all().count())
        .sum();
    let parts = match parts {
        0 => String::new(),
        n => format!(", with the {n} crates it re-exports in parts/"),
    };
    eprintln!(
        "flowscribe: crate `{}` in {}{parts}: {} file(s) written, {} unchanged, {} removed{}",
        args.options.name,
        args.out.display(),
        written.files + 1,
        written.unchanged,
        written.removed,
        if written.kept_manifest {
            "; Cargo.toml is not the generator's and was left alone"
        } else {
            ""
        }
    );
    if written.kept_manifest && !generated.features.is_empty() {
        // A manifest without them compiles none of the items they gate.
        let mut message = format!(
            "flowscribe: the generated code's #[cfg]s name features that Cargo.toml must declare: serialize; one per group of operations, on by default: {}",
            generated.features.join(", ")
        );
        if !generated.optional_features.is_empty() {
            message.push_str("; off by default: ");
            message.push_str(&generated.optional_features.join(", "));
        }
        eprintln!("{message}");
        if !generated.parts.is_empty() {
            // Nor does it turn on the parts a large API is split into.
            eprintln!(
                "flowscribe: and it must depend on the crates under {}/parts and turn their features on, as this manifest would:\n{}",
                args.out.display(),
                cargo_toml(&generated, &args.options)
            );
        }
    }
    // The process ends here: freeing every file and the surface would only
    // delay its exit.
    std::mem::forget(generated);
    Ok(())
}

/// The API changes since the surface an earlier run left in `out`.
fn report_changes(out: &Path, surface: &Surface) -> Result<(), String> {
    let path = out.join("api-surface.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(());
    };
    let before: Surface = serde_json::from_str(&text)
        .map_err(|e| format!("{} does not decode: {e}", path.display()))?;
    let found = changes(&before, surface);
    if found.is_empty() {
        eprintln!("API changes since the last generation: none");
    } else {
        eprintln!("API changes since the last generation:");
        for change in &found {
            eprintln!("  {change}");
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args = match parse(&args) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("flowscribe: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(all(test, target_os = "linux", feature = "mimalloc"))]
mod tests {
    /// Where the kernel gives transparent huge pages only to memory that
    /// asks for them (`madvise`, the usual setting), the allocator does not
    /// ask: 64 MiB written through holds no huge page
    /// (`/proc/self/smaps_rollup`). Under `always` or `never` the allocator
    /// has no say, and there is nothing to check.
    #[test]
    fn the_allocator_asks_for_no_huge_pages() {
        let setting = std::fs::read_to_string("/sys/kernel/mm/transparent_hugepage/enabled")
            .unwrap_or_default();
        if !setting.contains("[madvise]") {
            return;
        }
        let buffer = vec![1_u8; 64 << 20];
        let rollup = std::fs::read_to_string("/proc/self/smaps_rollup").unwrap();
        let huge = rollup
            .lines()
            .find_map(|line| line.strip_prefix("AnonHugePages:"))
            .expect("/proc/self/smaps_rollup has no AnonHugePages line");
        assert_eq!(
            huge.split_whitespace().next(),
            Some("0"),
            "AnonHugePages:{huge}"
        );
        assert_eq!(
            buffer.iter().map(|&b| usize::from(b)).sum::<usize>(),
            64 << 20
        );
    }
}
