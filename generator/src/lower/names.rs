//! Turning the names a spec uses into valid, stable Rust identifiers.
//!
//! The rules are pure functions of the input, so the same spec always gives the
//! same names. Collisions are found per scope by [`NameScope`].

use rustc_hash::{FxHashMap, FxHashSet};

use super::case::{snake_case, upper_camel_case};

/// Rust keywords (strict and reserved, all editions) that cannot be
/// identifiers, in sorted order.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Type names the generated code itself uses unqualified; a spec type with one
/// of these names would shadow them.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Self",
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Default",
    "BTreeMap",
    "Value",
    "Some",
    "None",
    "Ok",
    "Err",
    "Error",
    "Client",
    "CallFuture",
    "Debug",
    "Clone",
    "Display",
    "FromStr",
    "Serialize",
    "Deserialize",
    "Deserializer",
    "Serializer",
    "Formatter",
    // The enum of a struct's properties in the runtime's `object!` decoder.
    "__Listed",
];

/// Spells out characters that would otherwise vanish, so that `+1` and `-1`
/// stay different, and replaces non-ASCII characters by their code point.
fn spell_out(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for (i, c) in raw.chars().enumerate() {
        match c {
            '+' if i == 0 => out.push_str("plus "),
            '-' if i == 0 => out.push_str("minus "),
            '@' if i == 0 => out.push_str("at "),
            '$' if i == 0 => out.push_str("dollar "),
            c if c.is_ascii_alphanumeric() => out.push(c),
            c if c.is_ascii() => out.push(' '),
            c => out.push_str(&format!(" u{:x} ", c as u32)),
        }
    }
    out
}

/// A snake_case identifier for a field, parameter or method.
pub fn snake_name(raw: &str) -> String {
    let mut name = snake_case(&spell_out(raw));
    if name.is_empty() {
        name = "value".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
        name.insert(0, 'n');
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// An UpperCamelCase identifier for a type or variant. `digit_prefix` is put in
/// front of names that would start with a digit.
pub fn camel_name(raw: &str, digit_prefix: &str) -> String {
    let mut name = upper_camel_case(&spell_out(raw));
    if name.is_empty() {
        name = digit_prefix.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, digit_prefix);
    }
    // `Self` is the one keyword in UpperCamelCase, and cannot be a raw
    // identifier either (an enum value `self` or `SELF`).
    if name == "Self" {
        name.push_str("Value");
    }
    name
}

/// An UpperCamelCase type name that shadows nothing the generated code uses.
pub fn type_name(raw: &str) -> String {
    let name = camel_name(raw, "Type");
    if RESERVED_TYPE_NAMES.contains(&name.as_str()) {
        format!("{name}Model")
    } else {
        name
    }
}

/// Whether `name` is a word Rust keeps, which no identifier may be
/// (`Self` and `_` included).
pub fn is_keyword(name: &str) -> bool {
    name == "Self" || name == "_" || KEYWORDS.binary_search(&name).is_ok()
}

/// Whether `name` is a valid identifier the generated code may use as given
/// (for `x-rust-name` and `x-enum-varnames` overrides).
pub fn is_valid_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    let first_ok = matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_');
    first_ok
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !is_keyword(name)
        && !RESERVED_TYPE_NAMES.contains(&name)
}

/// The identifiers taken in one scope (the fields of a struct, the variants of
/// an enum, the types of a module), and the spec name that took each.
#[derive(Debug, Default, Clone)]
pub struct NameScope {
    taken: FxHashMap<String, String>,
    /// For each name [`NameScope::claim_unique`] found taken (with its
    /// separator), the number it tries first next time: every smaller one
    /// is taken, and a name once taken stays taken.
    next_number: FxHashMap<String, usize>,
    /// What the scope was asked and changed since [`NameScope::keep_journal`].
    journal: Option<Box<Journal>>,
}

/// What one [`NameScope`] was asked and changed over a stretch of work: what
/// the scope must not have been changed in for that work's names to stand
/// (see `lower/beside.rs`).
#[derive(Debug, Default, Clone)]
pub struct Journal {
    /// Every name whose holder was looked up.
    examined: FxHashSet<String>,
    /// Every name claimed, in order.
    claimed: Vec<String>,
    /// Every stem whose next number was looked up.
    stems_read: FxHashSet<String>,
    /// Every stem whose next number was set.
    stems_written: FxHashSet<String>,
}

impl Journal {
    /// Whether work that asked what this journal records could have been
    /// answered otherwise after the changes `earlier` records: a name it
    /// looked up was claimed there, or a stem it read was renumbered there.
    pub fn meets(&self, earlier: &Journal) -> bool {
        earlier
            .claimed
            .iter()
            .any(|name| self.examined.contains(name))
            || earlier
                .stems_written
                .iter()
                .any(|stem| self.stems_read.contains(stem))
    }
}

impl NameScope {
    /// Starts recording what the scope is asked and what changes in it.
    pub fn keep_journal(&mut self) {
        self.journal = Some(Box::default());
    }

    /// What the scope recorded since [`NameScope::keep_journal`], which
    /// stops recording.
    pub fn take_journal(&mut self) -> Journal {
        self.journal
            .take()
            .map(|journal| *journal)
            .unwrap_or_default()
    }

    /// Adds the claims and numbers that `other`, a copy of this scope at the
    /// start of its `journal`, made since, as if they had been made here.
    pub fn absorb(&mut self, other: &NameScope, journal: &Journal) {
        for name in &journal.claimed {
            if let Some(holder) = other.taken.get(name) {
                self.taken.insert(name.clone(), holder.clone());
            }
        }
        for stem in &journal.stems_written {
            if let Some(&next) = other.next_number.get(stem) {
                self.next_number.insert(stem.clone(), next);
            }
        }
    }

    /// The spec name that holds `name`, if it is taken; not recorded in the
    /// journal.
    pub fn holder(&self, name: &str) -> Option<&str> {
        self.taken.get(name).map(String::as_str)
    }

    /// Claims `rust_name` for `spec_name`. On a collision, returns the spec name
    /// that holds it already.
    pub fn claim(&mut self, rust_name: &str, spec_name: &str) -> Result<(), String> {
        if let Some(journal) = &mut self.journal {
            journal.examined.insert(rust_name.to_owned());
        }
        match self.taken.get(rust_name) {
            Some(holder) => Err(holder.clone()),
            None => {
                self.taken
                    .insert(rust_name.to_owned(), spec_name.to_owned());
                if let Some(journal) = &mut self.journal {
                    journal.claimed.push(rust_name.to_owned());
                }
                Ok(())
            }
        }
    }

    /// Claims `rust_name` for `spec_name`, or, when it is taken, the first free
    /// name of `rust_name` followed by `separator` and 2, 3, …. Returns the name
    /// claimed and, after a collision, the spec name that holds `rust_name`.
    /// The result depends only on the order of the claims, which follows the
    /// spec, so the same spec always gives the same names.
    pub fn claim_unique(
        &mut self,
        rust_name: &str,
        spec_name: &str,
        separator: &str,
    ) -> (String, Option<String>) {
        match self.claim(rust_name, spec_name) {
            Ok(()) => (rust_name.to_owned(), None),
            Err(holder) => {
                let stem = format!("{rust_name}{separator}");
                if let Some(journal) = &mut self.journal {
                    journal.stems_read.insert(stem.clone());
                    journal.stems_written.insert(stem.clone());
                }
                let mut n = self.next_number.get(&stem).copied().unwrap_or(2);
                loop {
                    let candidate = format!("{stem}{n}");
                    n += 1;
                    if self.claim(&candidate, spec_name).is_ok() {
                        self.next_number.insert(stem, n);
                        return (candidate, Some(holder));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`is_keyword`] searches the list, which must stay sorted.
    #[test]
    fn keywords_are_sorted_and_found() {
        assert!(KEYWORDS.windows(2).all(|pair| pair[0] < pair[1]));
        for keyword in KEYWORDS.iter().chain(&["Self", "_"]) {
            assert!(is_keyword(keyword), "{keyword}");
        }
        for name in ["types", "self_", "r#type", "Type", "a", "zz"] {
            assert!(!is_keyword(name), "{name}");
        }
    }

    /// The taken names and next numbers of a scope, in order, printed.
    fn contents(scope: &NameScope) -> String {
        let mut taken: Vec<_> = scope.taken.iter().collect();
        let mut numbers: Vec<_> = scope.next_number.iter().collect();
        taken.sort();
        numbers.sort();
        format!("{taken:?} {numbers:?}")
    }

    /// A copy of `scope` that keeps a journal.
    fn journalled(scope: &NameScope) -> NameScope {
        let mut copy = scope.clone();
        copy.keep_journal();
        copy
    }

    /// Claims each `(name, holder, separator)` in turn.
    fn claim_all(scope: &mut NameScope, claims: &[(&str, &str, &str)]) {
        for (name, holder, separator) in claims {
            scope.claim_unique(name, holder, separator);
        }
    }

    /// Work on a copy of a scope, absorbed into the scope after other work,
    /// leaves it as doing the two in order would, unless the copy's journal
    /// meets the other work's.
    #[test]
    fn a_journalled_copy_absorbs_as_the_order_would() {
        let mut start = NameScope::default();
        start.claim("Pet", "Pet").unwrap();
        start.claim_unique("Pet", "pet", "");
        let earlier_claims = [("PetOwner", "a", ""), ("Pet", "b", "")];
        let later_claims = [("ListPetsRequest", "c", ""), ("ListPetsRequest", "d", "_")];
        let (mut first, mut second) = (journalled(&start), journalled(&start));
        claim_all(&mut first, &earlier_claims);
        claim_all(&mut second, &later_claims);
        let (earlier, later) = (first.take_journal(), second.take_journal());
        assert!(!later.meets(&earlier));
        first.absorb(&second, &later);
        let mut in_order = start.clone();
        claim_all(&mut in_order, &earlier_claims);
        claim_all(&mut in_order, &later_claims);
        assert_eq!(contents(&first), contents(&in_order));

        // A name both claim, and a stem both number, meet.
        for claim in [("PetOwner", "", ""), ("Pet", "", "")] {
            let (mut first, mut second) = (journalled(&start), journalled(&start));
            claim_all(&mut first, &[(claim.0, "a", claim.2)]);
            claim_all(&mut second, &[(claim.0, "c", claim.2)]);
            assert!(
                second.take_journal().meets(&first.take_journal()),
                "{claim:?}"
            );
        }
    }

    #[test]
    fn snake_names() {
        assert_eq!(snake_name("fw_instance_id"), "fw_instance_id");
        assert_eq!(snake_name("RegionId"), "region_id");
        assert_eq!(snake_name("type"), "type_");
        assert_eq!(snake_name("self"), "self_");
        assert_eq!(camel_name("self", "V"), "SelfValue");
        assert_eq!(camel_name("SELF", "V"), "SelfValue");
        assert_eq!(type_name("self"), "SelfValue");
        assert_eq!(snake_name("+1"), "plus_1");
        assert_eq!(snake_name("-1"), "minus_1");
        assert_eq!(snake_name("2fa"), "n_2fa");
        assert_eq!(snake_name("@type"), "at_type");
        assert_eq!(snake_name("x-acs-action"), "x_acs_action");
        assert_eq!(snake_name("名字"), "u540d_u5b57");
        assert_eq!(snake_name("!!"), "value");
    }

    #[test]
    fn camel_names() {
        assert_eq!(camel_name("in2out", "V"), "In2out");
        assert_eq!(camel_name("ICMP: ECHO_REQUEST", "V"), "IcmpEchoRequest");
        assert_eq!(camel_name("2016-04-28", "Value"), "Value20160428");
        assert_eq!(type_name("FlowTrendVO"), "FlowTrendVo");
        assert_eq!(type_name("Result"), "ResultModel");
        assert_eq!(type_name("3d-model"), "Type3dModel");
    }

    #[test]
    fn scopes_report_collisions() {
        let mut scope = NameScope::default();
        assert!(scope.claim("icmpv6", "ICMPv6").is_ok());
        assert_eq!(scope.claim("icmpv6", "ICMPV6"), Err("ICMPv6".to_owned()));
        assert_eq!(
            scope.claim_unique("icmpv6", "icmpV6", "_"),
            ("icmpv6_2".to_owned(), Some("ICMPv6".to_owned()))
        );
        assert_eq!(
            scope.claim_unique("icmpv6", "IcmpV6", "_"),
            ("icmpv6_3".to_owned(), Some("ICMPv6".to_owned()))
        );
        assert_eq!(
            scope.claim_unique("tcp", "TCP", "_"),
            ("tcp".to_owned(), None)
        );
        // A number claimed directly is skipped, and one below the numbers
        // already given out is still found taken.
        assert!(scope.claim("icmpv6_5", "icmpv6 5").is_ok());
        assert!(scope.claim("icmpv6_4", "icmpv6 4").is_ok());
        assert_eq!(
            scope.claim_unique("icmpv6", "Icmpv6", "_"),
            ("icmpv6_6".to_owned(), Some("ICMPv6".to_owned()))
        );
        assert_eq!(
            scope.claim_unique("icmpv6", "ICMPv6!", "-"),
            ("icmpv6-2".to_owned(), Some("ICMPv6".to_owned()))
        );
    }
}
