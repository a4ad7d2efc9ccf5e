//! A seeded sample of the directory's generated crates through `cargo
//! clippy` with warnings denied: small, medium and large descriptions of
//! OpenAPI 3.0, and some of 3.1. Each run may take another sample; the seed
//! it prints reproduces it.

use std::path::{Path, PathBuf};

use flowscribe_codegen::{SpecSource, generate};

use crate::corpus::{corpus_dir, write_crate, write_workspace};
use crate::seeded::Rng;

/// A description that generated, as the sample sees it.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Its path under the package's `api/` folder.
    pub shown: String,
    /// Where it is on disk.
    pub path: PathBuf,
    /// Whether it is OpenAPI 3.1.
    pub is_31: bool,
    /// Its size in bytes.
    pub bytes: usize,
}

/// The upper bounds (bytes, exclusive) of the small and medium descriptions,
/// and of the large ones the sample takes (the few larger ones would make
/// the check slow, and the corpus checks the largest: GitHub's).
const SMALL: usize = 150_000;
const MEDIUM: usize = 1_000_000;
const LARGE: usize = 3_000_000;

/// Chooses `count` candidates with `seed`: a twentieth (at least three)
/// large, a quarter medium, a twelfth (at least five) OpenAPI 3.1 of any
/// size, and the rest small. `candidates` must be in a fixed order.
pub fn choose(candidates: &[Candidate], count: usize, seed: u64) -> Vec<Candidate> {
    let mut rng = Rng::new(seed);
    let pool = |keep: &dyn Fn(&Candidate) -> bool| -> Vec<Candidate> {
        candidates.iter().filter(|c| keep(c)).cloned().collect()
    };
    let mut openapi_31 = pool(&|c| c.is_31 && c.bytes < LARGE);
    let mut large = pool(&|c| !c.is_31 && (MEDIUM..LARGE).contains(&c.bytes));
    let mut medium = pool(&|c| !c.is_31 && (SMALL..MEDIUM).contains(&c.bytes));
    let mut small = pool(&|c| !c.is_31 && c.bytes < SMALL);
    let mut chosen = Vec::new();
    let wanted_31 = (count / 12).max(5);
    let wanted_large = (count / 20).max(3);
    let wanted_medium = count / 4;
    chosen.extend_from_slice(rng.choose(&mut openapi_31, wanted_31));
    chosen.extend_from_slice(rng.choose(&mut large, wanted_large));
    chosen.extend_from_slice(rng.choose(&mut medium, wanted_medium));
    let rest = count.saturating_sub(chosen.len());
    chosen.extend_from_slice(rng.choose(&mut small, rest));
    chosen
}

/// Generates each chosen description into a crate of one workspace and runs
/// `cargo clippy -- -D warnings` on them all.
pub fn check(root: &Path, chosen: &[Candidate]) -> Result<(), String> {
    let workspace = corpus_dir(root).join("directory-sample");
    let _ = std::fs::remove_dir_all(&workspace);
    write_workspace(root, &workspace)?;
    for (index, candidate) in chosen.iter().enumerate() {
        let text = std::fs::read_to_string(&candidate.path)
            .map_err(|e| format!("{}: {e}", candidate.path.display()))?;
        let generated =
            generate(vec![SpecSource::new(candidate.shown.clone(), text)]).map_err(|d| {
                format!(
                    "{}: generated in the full run, but not now:\n{d}",
                    candidate.shown
                )
            })?;
        let name = format!(
            "dir_{index:02}_{}",
            flowscribe_codegen::module_name(&candidate.shown)
        );
        write_crate(root, &workspace, &name, &generated)?;
    }
    crate::corpus_check::check(root, &workspace, &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_spans_the_sizes_and_versions() {
        let candidates: Vec<Candidate> = (0..400)
            .map(|i| Candidate {
                shown: format!("{i}.json"),
                path: PathBuf::new(),
                is_31: i % 10 == 0,
                bytes: [10_000, 400_000, 2_000_000, 9_000_000][i % 4],
            })
            .collect();
        let chosen = choose(&candidates, 60, 42);
        assert_eq!(chosen.len(), 60);
        assert!(chosen.iter().all(|c| c.bytes < LARGE));
        assert_eq!(chosen.iter().filter(|c| c.is_31).count(), 5);
        let large = chosen
            .iter()
            .filter(|c| !c.is_31 && c.bytes >= MEDIUM)
            .count();
        assert_eq!(large, 3);
        let medium = chosen
            .iter()
            .filter(|c| !c.is_31 && (SMALL..MEDIUM).contains(&c.bytes))
            .count();
        assert_eq!(medium, 15);
        let again = choose(&candidates, 60, 42);
        let names = |c: &[Candidate]| c.iter().map(|c| c.shown.clone()).collect::<Vec<_>>();
        assert_eq!(names(&chosen), names(&again));
    }
}
