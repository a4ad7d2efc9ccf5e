//! How an API's items are laid out in files. Small APIs get one file per
//! concern (`types.rs`, `requests.rs`, `client.rs`); when a concern has more
//! than [`MAX_ITEMS_PER_FILE`] items, it becomes a folder of modules grouped by
//! the first letters of the item names (`types/a.rs`, `types/we.rs`,
//! `types/webhook_p.rs`, ...): the shortest prefixes that keep each group
//! within the limit.
//!
//! Grouping by name keeps the layout stable: a new schema changes one file,
//! not every file after it, and a reader finds `WebhookPush` under `we`.
//! Groups are also the units the files are formatted in, in parallel.
//!
//! The requests and client methods of an API with Cargo features (see
//! [`super::features`]) are grouped by feature instead ([`feature_groups`]):
//! `requests/repos_repos_a.rs`, `client/issues.rs`; so are the types that
//! one feature alone compiles (`types/gists.rs`,
//! `types/unreferenced_types_webhook_p.rs`). Each such module is gated as a
//! whole by one `#[cfg]` on its declaration rather than one on every item.

use std::collections::BTreeMap;

use crate::lower::snake_name;

/// Names no module of a split concern takes: the runtime's alias, and the
/// crates that generated files name by paths (`std::collections::BTreeMap`,
/// `serde_json::Value`), which a module of that name, glob-imported from the
/// parent, would shadow.
const RESERVED: &[&str] = &[
    super::RUNTIME_ALIAS,
    "alloc",
    "core",
    "flowscribe_runtime",
    "serde",
    "serde_json",
    "std",
];

/// The most items one generated file holds before its concern is split.
pub const MAX_ITEMS_PER_FILE: usize = 200;

/// Prefixes longer than this are not tried: a larger group stays whole.
const MAX_PREFIX: usize = 16;

/// One module of a split concern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The module name, a valid identifier: the prefix in snake_case (`we`,
    /// `webhook_p`, `as_`).
    pub module: String,
    /// The name prefix the group's items share, as spelled in the names.
    pub prefix: String,
    /// The indices of the items (into the names given), in their order.
    pub items: Vec<usize>,
    /// The Cargo feature every item of the group belongs to, when the API
    /// has features: the whole module is compiled only with it.
    pub feature: Option<String>,
}

/// Groups `names` (item names in their final order) by their shortest
/// prefixes that keep every group within [`MAX_ITEMS_PER_FILE`], with groups
/// ordered by module name. A group whose names all share a longer prefix than
/// `MAX_PREFIX` (16) letters stays whole, however large.
pub fn groups(names: &[&str]) -> Vec<Group> {
    let mut out: BTreeMap<String, Group> = BTreeMap::new();
    split(names, (0..names.len()).collect(), 1, &mut out);
    out.into_values()
        .map(|mut group| {
            group.items.sort_unstable();
            group
        })
        .collect()
}

/// Groups the operations, or the types, of an API with features
/// (`features[i]` is the feature of the item named `names[i]`): a module per
/// feature, named after
/// it, so that the module as a whole is compiled only with its feature. A
/// feature with more than [`MAX_ITEMS_PER_FILE`] items is split by name
/// prefix as [`groups`] does, into modules `{feature}_{prefix}`. No module
/// takes a name of `reserved`, or another module's: a clash gets a `_`
/// appended. Groups are ordered by module name.
pub fn feature_groups(features: &[&str], names: &[&str], reserved: &[&str]) -> Vec<Group> {
    let mut by_feature: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, feature) in features.iter().enumerate() {
        by_feature.entry(feature).or_default().push(i);
    }
    let mut taken: std::collections::BTreeSet<String> =
        reserved.iter().map(|&r| r.to_owned()).collect();
    taken.extend(RESERVED.iter().map(|&r| r.to_owned()));
    let mut out = Vec::new();
    for (feature, items) in by_feature {
        let base = snake_name(feature);
        let parts = if items.len() > MAX_ITEMS_PER_FILE {
            let own: Vec<&str> = items.iter().map(|&i| names[i]).collect();
            groups(&own)
                .into_iter()
                .map(|g| {
                    let module = format!("{base}_{}", g.module.trim_end_matches('_'));
                    let items = g.items.iter().map(|&j| items[j]).collect();
                    (module, g.prefix, items)
                })
                .collect()
        } else {
            vec![(base, String::new(), items)]
        };
        for (mut module, prefix, items) in parts {
            while !taken.insert(module.clone()) {
                module.push('_');
            }
            out.push(Group {
                module,
                prefix,
                items,
                feature: Some(feature.to_owned()),
            });
        }
    }
    out.sort_by(|a, b| a.module.cmp(&b.module));
    out
}

/// The keys (`keys[i]` of item `i`, if it has one) that items of more than
/// one of `groups` have: the error enums that operations in different files
/// share, which then live in a module of their own.
pub fn spanning(groups: &[Group], keys: &[Option<&str>]) -> std::collections::BTreeSet<String> {
    let mut modules: BTreeMap<&str, std::collections::BTreeSet<&str>> = BTreeMap::new();
    for group in groups {
        for &i in &group.items {
            if let Some(key) = keys[i] {
                modules.entry(key).or_default().insert(&group.module);
            }
        }
    }
    modules
        .into_iter()
        .filter(|(_, modules)| modules.len() > 1)
        .map(|(key, _)| key.to_owned())
        .collect()
}

fn split(names: &[&str], items: Vec<usize>, depth: usize, out: &mut BTreeMap<String, Group>) {
    let mut buckets: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for i in items {
        let prefix: String = names[i].chars().take(depth).collect();
        buckets.entry(prefix).or_default().push(i);
    }
    for (prefix, items) in buckets {
        let longer = items.iter().any(|&i| names[i].chars().count() > depth);
        if items.len() > MAX_ITEMS_PER_FILE && depth < MAX_PREFIX && longer {
            split(names, items, depth + 1, out);
        } else {
            // Two prefixes that spell the same module (which names made of
            // identifier characters cannot give) would share the module.
            let mut module = snake_name(&prefix);
            // The runtime's alias in every file with code, and the crates the
            // files name by path.
            if RESERVED.contains(&module.as_str()) {
                module.push('_');
            }
            out.entry(module.clone())
                .or_insert_with(|| Group {
                    module,
                    prefix,
                    items: Vec::new(),
                    feature: None,
                })
                .items
                .extend(items);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(prefix: &str, count: usize) -> Vec<String> {
        (0..count).map(|i| format!("{prefix}{i:04}")).collect()
    }

    #[test]
    fn no_module_takes_the_name_of_a_crate_the_files_name_by_path() {
        // A group `std` (a tag, or the prefix `Std` of a split).
        let features = feature_groups(&["std", "serde-json"], &["A", "B"], &[]);
        let modules: Vec<&str> = features.iter().map(|g| g.module.as_str()).collect();
        assert_eq!(modules, ["serde_json_", "std_"]);
        let mut all = names("Sta", 201);
        all.push("StdThing".to_owned());
        let refs: Vec<&str> = all.iter().map(String::as_str).collect();
        let modules: Vec<String> = groups(&refs).into_iter().map(|g| g.module).collect();
        assert!(modules.contains(&"std_".to_owned()), "{modules:?}");
        assert!(!modules.contains(&"std".to_owned()), "{modules:?}");
    }

    #[test]
    fn large_groups_split_by_longer_prefixes() {
        let mut all = names("Alpha", 10);
        all.extend(names("WebA", 150));
        all.extend(names("WoB", 150));
        all.extend(names("ReposA", 150));
        all.extend(names("ReposB", 150));
        all.extend(names("As", 3));
        all.sort();
        let refs: Vec<&str> = all.iter().map(String::as_str).collect();
        let groups = groups(&refs);
        let modules: Vec<(&str, &str, usize)> = groups
            .iter()
            .map(|g| (g.module.as_str(), g.prefix.as_str(), g.items.len()))
            .collect();
        assert_eq!(
            modules,
            [
                ("a", "A", 13),
                ("repos_a", "ReposA", 150),
                ("repos_b", "ReposB", 150),
                ("we", "We", 150),
                ("wo", "Wo", 150)
            ]
        );
        // Every item lands in exactly one group, in order within it.
        let mut seen: Vec<usize> = groups.iter().flat_map(|g| g.items.clone()).collect();
        seen.sort_unstable();
        assert_eq!(seen, (0..refs.len()).collect::<Vec<_>>());
        assert!(groups.iter().all(|g| g.items.is_sorted()));
    }

    #[test]
    fn keyword_prefixes_become_valid_modules() {
        let all = names("As", 150)
            .into_iter()
            .chain(names("Ab", 150))
            .collect::<Vec<_>>();
        let refs: Vec<&str> = all.iter().map(String::as_str).collect();
        let modules: Vec<String> = groups(&refs).into_iter().map(|g| g.module).collect();
        assert_eq!(modules, ["ab", "as_"]);
    }

    #[test]
    fn operations_with_features_group_by_feature_then_prefix() {
        let mut names = names("ReposA", 150);
        names.extend(self::names("ReposB", 150));
        names.extend(self::names("IssuesA", 3));
        names.push("ReposAlsoInIssues".to_owned());
        names.push("Shared".to_owned());
        let mut features = vec!["repos"; 300];
        features.extend(["issues"; 4]);
        features.push("shared_errors");
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let groups = feature_groups(&features, &refs, &["shared_errors"]);
        let summary: Vec<(&str, Option<&str>, &str, usize)> = groups
            .iter()
            .map(|g| {
                let feature = g.feature.as_deref();
                (g.module.as_str(), feature, g.prefix.as_str(), g.items.len())
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("issues", Some("issues"), "", 4),
                ("repos_repos_a", Some("repos"), "ReposA", 150),
                ("repos_repos_b", Some("repos"), "ReposB", 150),
                ("shared_errors_", Some("shared_errors"), "", 1),
            ]
        );
        // Items keep their indices, in order, each in exactly one group.
        assert_eq!(groups[0].items, [300, 301, 302, 303]);
        let mut seen: Vec<usize> = groups.iter().flat_map(|g| g.items.clone()).collect();
        seen.sort_unstable();
        assert_eq!(seen, (0..refs.len()).collect::<Vec<_>>());
    }

    #[test]
    fn keys_of_items_in_several_groups_span() {
        let all = names("Alpha", 150)
            .into_iter()
            .chain(names("Beta", 150))
            .collect::<Vec<_>>();
        let refs: Vec<&str> = all.iter().map(String::as_str).collect();
        let groups = groups(&refs);
        assert_eq!(groups.len(), 2);
        let mut keys: Vec<Option<&str>> = vec![None; 300];
        keys[0] = Some("OnlyAlpha");
        keys[1] = Some("OnlyAlpha");
        keys[2] = Some("Both");
        keys[299] = Some("Both");
        keys[298] = Some("OnlyBeta");
        let spanning: Vec<String> = spanning(&groups, &keys).into_iter().collect();
        assert_eq!(spanning, ["Both"]);
    }

    #[test]
    fn no_module_takes_the_runtime_alias() {
        let all = names("Rt", 150)
            .into_iter()
            .chain(names("Ra", 150))
            .collect::<Vec<_>>();
        let refs: Vec<&str> = all.iter().map(String::as_str).collect();
        let modules: Vec<String> = groups(&refs).into_iter().map(|g| g.module).collect();
        assert_eq!(modules, ["ra", "rt_"]);
    }

    #[test]
    fn a_group_of_one_long_prefix_stays_whole() {
        let all = names("SharedPrefixBeyondLimit", 300);
        let refs: Vec<&str> = all.iter().map(String::as_str).collect();
        let groups = groups(&refs);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].items.len(), 300);
        assert_eq!(groups[0].module, "shared_prefix_beyo");
    }
}
