//! Generation as the directory run and the fuzzer check it: on a thread of
//! its own with a time limit, a panic caught, and every Rust file it writes
//! parsed again with syn, so that output the formatter let through but the
//! compiler would refuse is caught without compiling it.

use std::sync::mpsc;
use std::time::Duration;

use flowscribe_codegen::{SpecSource, generate};

/// What became of one description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Every file was written and parses.
    Generated,
    /// The generator refused it; its first error.
    Failed(String),
    /// A generated file that syn cannot parse: its path and syn's error.
    Unparsable(String, String),
    /// The generator panicked.
    Panicked,
    /// No result within the time limit.
    Hung,
}

impl Outcome {
    /// Whether the outcome is a generator bug: a panic, a hang, or a file
    /// that is not valid Rust.
    pub fn is_bug(&self) -> bool {
        matches!(
            self,
            Outcome::Unparsable(..) | Outcome::Panicked | Outcome::Hung
        )
    }
}

/// Generates `source` and parses every file, waiting at most `limit`.
pub fn generate_checked(source: SpecSource, limit: Duration) -> Outcome {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let result = std::panic::catch_unwind(|| match generate(vec![source]) {
            Ok(generated) => generated
                .files
                .iter()
                .filter(|(path, _)| path.ends_with(".rs"))
                .find_map(|(path, text)| {
                    syn::parse_file(text)
                        .err()
                        .map(|e| Outcome::Unparsable(path.clone(), e.to_string()))
                })
                .unwrap_or(Outcome::Generated),
            Err(diagnostics) => Outcome::Failed(
                diagnostics
                    .sorted()
                    .into_iter()
                    .find(|d| d.severity == flowscribe_codegen::Severity::Error)
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
            ),
        });
        let _ = send.send(result);
    });
    match receive.recv_timeout(limit) {
        Ok(Ok(outcome)) => outcome,
        Ok(Err(_)) => Outcome::Panicked,
        Err(_) => Outcome::Hung,
    }
}

/// Whether lowering `source` with its operations beside its component
/// schemas gives exactly what lowering them after the components gives (the
/// API, or the diagnostics), waiting at most `limit` for the two:
/// `None` if either panicked or took longer. A description that does not
/// load agrees trivially.
pub fn schedules_agree(source: SpecSource, limit: Duration) -> Option<bool> {
    use flowscribe_codegen::lower::{Schedule, lower_scheduled};
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let result = std::panic::catch_unwind(|| {
            let Ok(spec) = flowscribe_codegen::load::load(source) else {
                return true;
            };
            lower_scheduled(&spec, "m", Schedule::InOrder)
                == lower_scheduled(&spec, "m", Schedule::Beside)
        });
        let _ = send.send(result);
    });
    receive.recv_timeout(limit).ok()?.ok()
}
