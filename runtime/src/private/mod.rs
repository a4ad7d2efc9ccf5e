//! What generated code calls, and nothing a user should: the macros that
//! write the impls of generated enums, structs, unions, request builders
//! and requests' `validate` and `to_call`, the object decoder and encoder
//! behind them, and the writers of queries, headers and validation reports.
//!
//! This module is hidden from the documentation and is not part of the
//! runtime's public API: it changes with the generator, and a generated
//! crate is only guaranteed to compile against the runtime version it was
//! generated for. Its macros live here so that a generated file states what
//! is specific to each item (names, wire names, types, docs, constraints)
//! once, and the shared logic is written, tested and fixed in one place.

mod enums;
mod macros;
pub mod object;
mod request;
pub mod unions;

pub use crate::encoding::{HeaderWriter, JsonText, QueryWriter, encode_path_segment, fill_path};
pub use crate::unknown::unknown;
pub use crate::validation::{Number, Violations};
pub use enums::deserialize_str;

/// The `serde` the macros expand to, so that a generated crate and the runtime
/// agree on one version.
pub use serde;

pub use crate::{
    __build_request as build_request, __builder as builder, __integer_enum as integer_enum,
    __object as object, __request as request, __string_enum as string_enum, __union as union,
};

#[cfg(test)]
mod request_tests;
#[cfg(test)]
mod tests;
