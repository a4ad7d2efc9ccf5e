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

use std::collections::BTreeMap;

use crate::lower::snake_name;

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
            let module = snake_name(&prefix);
            out.entry(module.clone())
                .or_insert_with(|| Group {
                    module,
                    prefix,
                    items: Vec::new(),
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
    fn a_group_of_one_long_prefix_stays_whole() {
        let all = names("SharedPrefixBeyondLimit", 300);
        let refs: Vec<&str> = all.iter().map(String::as_str).collect();
        let groups = groups(&refs);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].items.len(), 300);
        assert_eq!(groups[0].module, "shared_prefix_beyo");
    }
}
