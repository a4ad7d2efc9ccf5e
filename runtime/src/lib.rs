//! What every generated client shares: request building errors, and (as the
//! client grows) transport, signing, retries, errors and paging.

use std::fmt;

/// A request builder was asked to build with required parameters unset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    operation: &'static str,
    missing: Vec<&'static str>,
}

impl BuildError {
    /// An error naming every required parameter of `operation` left unset.
    pub fn missing(operation: &'static str, missing: Vec<&'static str>) -> Self {
        BuildError { operation, missing }
    }

    /// The operation whose request could not be built.
    pub fn operation(&self) -> &str {
        self.operation
    }

    /// The required parameters that were not set, in declaration order.
    pub fn missing_parameters(&self) -> &[&'static str] {
        &self.missing
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: missing required parameter{}: {}",
            self.operation,
            if self.missing.len() == 1 { "" } else { "s" },
            self.missing.join(", ")
        )
    }
}

impl std::error::Error for BuildError {}
