//! Project tasks, shared by the `xtask` binary and the tests: reading
//! `specs/`, writing `generated/`, the corpus of public specs, benchmarks.

pub mod bench;
pub mod changes;
pub mod checked;
pub mod codegen;
pub mod corpus;
pub mod corpus_check;
pub mod directory;
pub mod drift;
pub mod fuzz;
pub mod seeded;
pub mod stability;
