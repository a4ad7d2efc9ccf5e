//! Large APIs as several crates. One crate with every group of a large API
//! is checked by one compiler process, which holds the whole crate in
//! memory and uses one core: GitHub's took 20–27 s and 1.7 GiB, Microsoft
//! Graph's 11 GiB. So an API with feature groups (see [`super::features`])
//! is written as a facade and its *parts*, crates beside it under `parts/`:
//!
//! - a shared part: the types that several groups, or none, use (the
//!   modules by first letters and those of `unreferenced-types`), and the
//!   error enums that operations in several parts share;
//! - group parts: each holds the types only its groups use and its groups'
//!   requests, for some groups of about equal weight;
//! - the facade, the crate users depend on: the API's module root, the
//!   client and its methods, and `types/mod.rs` and `requests/mod.rs`
//!   re-exporting the parts' modules, so that every path is the one the
//!   single crate had.
//!
//! The files themselves are the single crate's: each part has the same
//! `types` and `requests` folders, so `use super::super::types::*` means the
//! same thing in both layouts. Cargo checks the group parts after the shared
//! one, as many at a time as it runs jobs, each in a process of its own. Which part a group
//! lands in is internal: users name the facade only, and the facade's
//! features turn the parts on.

pub(super) mod roots;

use std::collections::BTreeMap;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::features::Gates;
use super::{docs, plan};
use crate::ir::Api;

/// About the weight (see `plan.rs`: a unit per field, variant or
/// parameter) of the groups of one part. GitHub's groups weigh 17,000 in
/// all, so they make six parts, each checked in about 3.5 s.
pub const PART_WEIGHT: usize = 3_000;

/// How one API is split into crates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parts {
    /// The shared part.
    pub shared: Part,
    /// The group parts, in the order of their first groups.
    pub groups: Vec<Part>,
    /// The index into `groups` of each group's part.
    part_of: BTreeMap<String, usize>,
}

/// One crate of a split API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The name the facade and the other parts give the dependency (and the
    /// crate's directory under `parts/`): `github_shared`, `github_part_3`.
    pub key: String,
    /// The groups whose types and requests it holds; empty for the shared
    /// part, which has a feature for every group instead.
    pub groups: Vec<String>,
}

impl Part {
    /// The crate's name in code.
    pub fn ident(&self) -> Ident {
        format_ident!("{}", self.key)
    }

    /// Where the crate is, relative to the facade's directory.
    pub fn dir(&self) -> String {
        format!("parts/{}", self.key)
    }

    /// The `#[cfg]` under which the facade sees this part: any of its groups.
    pub fn cfg(&self) -> TokenStream {
        match self.groups.as_slice() {
            [group] => quote!(#[cfg(feature = #group)]),
            groups => quote!(#[cfg(any(#(feature = #groups),*))]),
        }
    }
}

impl Parts {
    /// The parts of `api`, or `None` for an API without feature groups,
    /// which stays one module of one crate.
    pub fn of(api: &Api, gates: &Gates) -> Option<Parts> {
        Parts::with_weight(api, gates, PART_WEIGHT)
    }

    fn with_weight(api: &Api, gates: &Gates, part_weight: usize) -> Option<Parts> {
        if !gates.enabled() {
            return None;
        }
        let mut weights: BTreeMap<&str, usize> = BTreeMap::new();
        for operation in &api.operations {
            *weights.entry(&operation.group).or_default() += plan::operation_weight(operation);
        }
        for def in api.types.values() {
            if let Some(weight) = gates
                .single_feature(&def.name)
                .and_then(|group| weights.get_mut(group))
            {
                *weight += plan::type_weight(def);
            }
        }
        let total: usize = weights.values().sum();
        let count = total.div_ceil(part_weight.max(1)).clamp(1, weights.len());
        // The heaviest group first, each into the lightest part so far: the
        // parts come out about equal, and the same groups give the same
        // parts whatever their order in the spec.
        let mut by_weight: Vec<(&str, usize)> = weights.into_iter().collect();
        by_weight.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let mut bins: Vec<(usize, Vec<String>)> = vec![(0, Vec::new()); count];
        for (group, weight) in by_weight {
            let lightest = (0..count).min_by_key(|&i| (bins[i].0, i)).unwrap_or(0);
            bins[lightest].0 += weight;
            bins[lightest].1.push(group.to_owned());
        }
        let mut bins: Vec<Vec<String>> = bins
            .into_iter()
            .map(|(_, mut groups)| {
                groups.sort();
                groups
            })
            .filter(|groups| !groups.is_empty())
            .collect();
        bins.sort();
        let module = &api.module;
        let groups: Vec<Part> = bins
            .into_iter()
            .enumerate()
            .map(|(i, groups)| Part {
                key: format!("{module}_part_{}", i + 1),
                groups,
            })
            .collect();
        let part_of = groups
            .iter()
            .enumerate()
            .flat_map(|(i, part)| part.groups.iter().map(move |g| (g.clone(), i)))
            .collect();
        Some(Parts {
            shared: Part {
                key: format!("{module}_shared"),
                groups: Vec::new(),
            },
            groups,
            part_of,
        })
    }

    /// Every part: the shared one, then the group parts.
    pub fn all(&self) -> impl Iterator<Item = &Part> {
        std::iter::once(&self.shared).chain(&self.groups)
    }

    /// The part that holds the items of `feature`: its group's, or the
    /// shared one for `unreferenced-types` (or no feature).
    pub fn holding(&self, feature: Option<&str>) -> &Part {
        feature
            .and_then(|f| self.part_of.get(f))
            .map_or(&self.shared, |&i| &self.groups[i])
    }

    /// The root of a part: its documentation, and its `types` and
    /// `requests` modules, which the facade re-exports.
    pub fn part_root(&self, api: &Api, part: &Part) -> TokenStream {
        let title = docs::escape_line(&api.title);
        let holds = if part.groups.is_empty() {
            "the types that several groups of operations (or none) use, and the error enums that operations in several parts share".to_owned()
        } else {
            let groups: Vec<String> = part.groups.iter().map(|g| format!("`{g}`")).collect();
            format!(
                "the requests of the groups {}, and the types only they use",
                groups.join(", ")
            )
        };
        let doc = format!(
            " A part of the crate of {title}: {holds}. Depend on that crate, which re-exports this one under its own paths; this part is how Cargo checks a large API in several processes at once."
        );
        quote! {
            #![doc = #doc]
            #![deny(missing_docs)]
            #![allow(clippy::doc_lazy_continuation)]

            /// The types of the part.
            #[allow(deprecated)]
            pub mod types;
            /// The request types of the part.
            #[allow(deprecated)]
            pub mod requests;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::features::tests::only_list_pets;

    /// Takes from `operation` everything that names a type.
    fn use_no_type(operation: &mut crate::ir::Operation) {
        operation.params.clear();
        operation.successes.clear();
        operation.errors.clear();
        operation.success = None;
        operation.error_enum = None;
        operation.pagination = None;
    }

    #[test]
    fn groups_fill_parts_of_about_equal_weight() {
        let mut api = only_list_pets();
        // Five groups: one heavy, four light.
        for (i, operation) in api.operations.iter_mut().enumerate() {
            operation.group = match i % 10 {
                0..=5 => "heavy",
                6 => "a",
                7 => "b",
                8 => "c",
                _ => "d",
            }
            .to_owned();
        }
        let gates = Gates::of(&api);
        let total: usize = api.operations.iter().map(plan::operation_weight).sum();
        let parts = Parts::with_weight(&api, &gates, total / 2 + 1).expect("split");
        let groups: Vec<&[String]> = parts.groups.iter().map(|p| p.groups.as_slice()).collect();
        // The heavy group (60%) alone, the four light ones together.
        assert_eq!(groups, [&["a", "b", "c", "d"][..], &["heavy"][..]]);
        assert_eq!(
            parts.holding(Some("heavy")).key,
            format!("{}_part_2", api.module)
        );
        assert_eq!(
            parts.holding(Some("c")).key,
            format!("{}_part_1", api.module)
        );
        assert_eq!(parts.holding(None).key, format!("{}_shared", api.module));
        assert_eq!(parts.holding(Some("unreferenced-types")), &parts.shared);
        // More parts than groups are never made.
        let parts = Parts::with_weight(&api, &gates, 1).expect("split");
        assert_eq!(parts.groups.len(), 5);
        assert!(parts.groups.iter().all(|p| p.groups.len() == 1));
    }

    #[test]
    fn a_split_api_keeps_its_paths_through_the_facade() {
        use std::collections::BTreeMap;
        use std::sync::Arc;

        // Two groups, each in a part of its own, and more than a file's
        // worth of types no operation reaches.
        let mut api = only_list_pets();
        for (i, operation) in api.operations.iter_mut().enumerate() {
            operation.group = if i % 2 == 0 { "pets" } else { "stores" }.to_owned();
            operation.type_prefix = format!("Op{i}");
            if i % 2 == 1 {
                // `stores` uses no type, so those of `pets` are its own.
                use_no_type(operation);
            }
        }
        let event = api.types["Event"].clone();
        for i in 0..crate::emit::layout::MAX_ITEMS_PER_FILE {
            let name = format!("Event{i:03}");
            let def = crate::ir::TypeDef {
                name: name.clone(),
                ..event.clone()
            };
            api.types.insert(name, def);
        }
        let gates = Arc::new(Gates::of(&api));
        let parts = Arc::new(Parts::with_weight(&api, &gates, 1).expect("split"));
        let files: BTreeMap<String, String> = crate::emit::api_files(&api, &gates, Some(&parts))
            .iter()
            .map(|f| (f.path.clone(), f.emit().body.to_tokens().to_string()))
            .collect();
        let m = &api.module;
        let pets = parts.holding(Some("pets"));
        let (shared, part) = (format!("{m}_shared"), pets.key.clone());
        let file = |path: &str| -> &String {
            files
                .get(path)
                .unwrap_or_else(|| panic!("no {path} in {:?}", files.keys()))
        };
        // Each part is a crate with the facade's folders.
        for key in [&shared, &part] {
            let root = file(&format!("parts/{key}/src/lib.rs"));
            assert!(root.contains("pub mod types") && root.contains("pub mod requests"));
        }
        // Types only `pets` uses are in its part, the others in the shared
        // one; the facade holds none and re-exports each module under its
        // `#[cfg]`.
        assert!(file(&format!("parts/{part}/src/types/pets.rs")).contains("pub struct Pet"));
        let part_types = file(&format!("parts/{part}/src/types/mod.rs"));
        let import = format!("pub (crate) use {shared} :: types :: * ;");
        assert!(part_types.contains(&import), "{part_types}");
        assert!(
            files
                .keys()
                .any(|p| p.starts_with(&format!("parts/{shared}/src/types/unreferenced_types")))
        );
        assert!(
            !files
                .keys()
                .any(|p| p.starts_with(&format!("src/{m}/types/")) && !p.ends_with("mod.rs"))
        );
        let facade_types = file(&format!("src/{m}/types/mod.rs"));
        let reexport = format!(
            "# [cfg (feature = \"pets\")] # [allow (unused_imports)] pub use {part} :: types :: pets :: * ;"
        );
        assert!(facade_types.contains(&reexport), "{facade_types}");
        // Requests too, and each of the facade's client files still imports
        // its requests' module by name.
        assert!(
            file(&format!("parts/{part}/src/requests/pets.rs")).contains("pub struct Op0Request")
        );
        let facade_requests = file(&format!("src/{m}/requests/mod.rs"));
        let module =
            format!("# [cfg (feature = \"pets\")] pub (super) use {part} :: requests :: pets ;");
        assert!(facade_requests.contains(&module), "{facade_requests}");
        assert!(facade_requests.contains(&format!(
            "pub use {shared} :: requests :: shared_errors :: * ;"
        )));
        assert!(file(&format!("src/{m}/client/pets.rs")).contains("requests :: pets :: *"));
        assert!(!files.contains_key(&format!("src/{m}/requests/pets.rs")));
    }

    /// An API without schemas has a shared part whose `types.rs` holds
    /// nothing; the facade's glob re-export of it must not be a warning,
    /// which the crates' `deny(warnings)` would make an error.
    #[test]
    fn the_facade_re_exports_an_empty_types_file_without_a_warning() {
        use std::sync::Arc;

        let mut api = only_list_pets();
        for (i, operation) in api.operations.iter_mut().enumerate() {
            operation.group = if i % 2 == 0 { "pets" } else { "stores" }.to_owned();
            use_no_type(operation);
        }
        api.types.clear();
        let gates = Arc::new(Gates::of(&api));
        let parts = Arc::new(Parts::with_weight(&api, &gates, 1).expect("split"));
        let files = crate::emit::api_files(&api, &gates, Some(&parts));
        let types = files
            .iter()
            .find(|f| f.path == format!("src/{}/types.rs", api.module))
            .expect("the facade's types.rs")
            .emit()
            .body
            .to_tokens()
            .to_string();
        let reexport = format!(
            "# [allow (unused_imports)] pub use {} :: types :: * ;",
            parts.shared.key
        );
        assert!(types.contains(&reexport), "{types}");
    }

    #[test]
    fn an_api_without_features_is_not_split() {
        let mut api = only_list_pets();
        api.operations.truncate(10);
        assert_eq!(Parts::of(&api, &Gates::of(&api)), None);
    }
}
