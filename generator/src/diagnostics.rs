//! Problems found in a spec, each tied to the file and line it comes from.
//!
//! The front end never stops at the first problem: every stage pushes into a
//! [`Diagnostics`] collection, and generation fails only after all of them have
//! been gathered, so that a maintainer sees every mistake of a spec at once.

use std::fmt;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Generation cannot go on: no code is written.
    Error,
    /// Code is written, with a documented fallback for the construct named.
    Warning,
}

/// One problem in one spec.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Diagnostic {
    /// The spec file, as the caller named it (for example `specs/api.yaml`).
    pub file: String,
    /// The 1-based line the problem is on, where it could be found.
    pub line: Option<usize>,
    /// The 1-based column (in bytes) on that line, given for JSON documents,
    /// whose minified form puts everything on one line.
    pub column: Option<usize>,
    /// How serious it is.
    pub severity: Severity,
    /// A JSON pointer into the document, naming the construct at fault.
    pub pointer: String,
    /// What is wrong, in one sentence.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match (self.line, self.column) {
            (Some(line), Some(column)) => write!(
                f,
                "{}:{line}:{column}: {severity}: {}",
                self.file, self.message
            )?,
            (Some(line), None) => write!(f, "{}:{line}: {severity}: {}", self.file, self.message)?,
            (None, _) => write!(f, "{}: {severity}: {}", self.file, self.message)?,
        }
        if !self.pointer.is_empty() {
            write!(f, " (at {})", self.pointer)?;
        }
        Ok(())
    }
}

/// Every diagnostic gathered while processing a set of specs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// Adds one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// Moves every diagnostic of `other` into this collection.
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    /// Drops repeated diagnostics (the same problem reached from two places,
    /// such as a shared parameter), keeping the first of each.
    pub fn dedup(&mut self) {
        let mut seen = std::collections::HashSet::new();
        self.0.retain(|d| seen.insert(d.clone()));
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }

    /// Whether there is no diagnostic at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The diagnostics in a stable order: by file, line, then message.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut all: Vec<&Diagnostic> = self.0.iter().collect();
        all.sort();
        all
    }

    /// Iterates mutably over the diagnostics.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Diagnostic> {
        self.0.iter_mut()
    }

    /// Iterates over the diagnostics in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in self.sorted() {
            writeln!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}
