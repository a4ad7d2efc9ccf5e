//! The merging against the plain statement of its rule: rounds in which
//! every type is compared by a key holding the names it refers to, and the
//! references are rewritten before the next round.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};

use super::{merge_identical_types, rewrite_kind, shape_key};
use crate::ir::{
    Additional, Constraints, Docs, Field, Primitive, Struct, TypeDef, TypeKind, TypeRef,
};

/// The rule, one full pass over every type per round.
fn merged_plainly(types: &mut BTreeMap<String, TypeDef>, components: &FxHashSet<String>) {
    loop {
        let mut order: Vec<String> = types.keys().cloned().collect();
        order.sort_by_key(|n| (!components.contains(n), n.len(), n.clone()));
        let key = |name: &str| shape_key(&types[name].kind, &mut |key, name| key.push_str(name));
        let mut kept: FxHashMap<String, String> = FxHashMap::default();
        let mut replaced: FxHashMap<String, String> = FxHashMap::default();
        for name in &order {
            match kept.get(&key(name)) {
                Some(first) if !components.contains(name) => {
                    replaced.insert(name.clone(), first.clone());
                }
                Some(_) => {}
                None => {
                    kept.insert(key(name), name.clone());
                }
            }
        }
        if replaced.is_empty() {
            return;
        }
        types.retain(|name, _| !replaced.contains_key(name));
        for def in types.values_mut() {
            rewrite_kind(&mut def.kind, &replaced);
        }
    }
}

fn field(name: &str, ty: TypeRef) -> Field {
    Field {
        name: name.to_owned(),
        wire_name: name.to_owned(),
        ty,
        required: true,
        nullable: false,
        boxed: false,
        read_only: false,
        write_only: false,
        constraints: Constraints::default(),
        default: None,
        docs: Docs::default(),
    }
}

fn structure(name: &str, fields: Vec<Field>) -> (String, TypeDef) {
    let def = TypeDef {
        name: name.to_owned(),
        spec_name: name.to_owned(),
        docs: Docs::default(),
        kind: TypeKind::Struct(Struct {
            fields,
            additional: Additional::KeepUnknown,
        }),
    };
    (name.to_owned(), def)
}

/// A small deterministic generator of numbers (xorshift).
struct Numbers(u64);

impl Numbers {
    fn below(&mut self, bound: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % bound as u64) as usize
    }
}

/// Types whose fields refer to each other at random, from few shapes, so
/// that merges cascade over several rounds, cycles included; some are
/// components. Names vary in length, so that the merge order is not the
/// order of the names.
fn random_types(seed: u64) -> (BTreeMap<String, TypeDef>, FxHashSet<String>) {
    let mut numbers = Numbers(seed);
    let count = 8 + numbers.below(40);
    let names: Vec<String> = (0..count)
        .map(|i| format!("T{}{i}", "x".repeat(numbers.below(3))))
        .collect();
    let mut types = BTreeMap::new();
    let mut components = FxHashSet::default();
    for name in &names {
        let fields = (0..numbers.below(3))
            .map(|f| {
                let ty = match numbers.below(5) {
                    0 => TypeRef::Primitive(Primitive::String),
                    1 => TypeRef::Vec(Box::new(TypeRef::Named(
                        names[numbers.below(count)].clone(),
                    ))),
                    // A type outside the map stays a name in the keys.
                    2 if numbers.below(4) == 0 => TypeRef::Named("Outside".to_owned()),
                    _ => TypeRef::Named(names[numbers.below(count)].clone()),
                };
                field(&format!("f{f}"), ty)
            })
            .collect();
        types.insert(name.clone(), structure(name, fields).1);
        if numbers.below(6) == 0 {
            components.insert(name.clone());
        }
    }
    (types, components)
}

/// The types as comparable text: name, then the kind's `Debug` form.
fn listing(types: &BTreeMap<String, TypeDef>) -> Vec<String> {
    types
        .iter()
        .map(|(name, def)| format!("{name}: {:?}", def.kind))
        .collect()
}

#[test]
fn merging_agrees_with_the_plain_rounds_on_random_types() {
    let mut merged_somewhere = 0;
    for seed in 1..=400_u64 {
        let (types, components) = random_types(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let mut fast = types.clone();
        merge_identical_types(&mut fast, &mut [], &components);
        let mut plain = types.clone();
        merged_plainly(&mut plain, &components);
        assert_eq!(listing(&fast), listing(&plain), "seed {seed}");
        if fast.len() < types.len() {
            merged_somewhere += 1;
        }
    }
    // The cases merge something, or the comparison says little.
    assert!(
        merged_somewhere > 300,
        "{merged_somewhere} of 400 cases merged"
    );
}

#[test]
fn a_merge_that_makes_two_types_equal_merges_them_in_the_next_round() {
    // `B` and `C` are equal at once; then `A` (→ B) and `D` (→ C) are, and
    // both are components, so both stay, each now naming `B`.
    let types: BTreeMap<String, TypeDef> = [
        structure("A", vec![field("x", TypeRef::Named("B".to_owned()))]),
        structure("D", vec![field("x", TypeRef::Named("Cc".to_owned()))]),
        structure("B", vec![field("y", TypeRef::Primitive(Primitive::I64))]),
        structure("Cc", vec![field("y", TypeRef::Primitive(Primitive::I64))]),
        structure("Ee", vec![field("z", TypeRef::Named("A".to_owned()))]),
        structure("F", vec![field("z", TypeRef::Named("D".to_owned()))]),
    ]
    .into_iter()
    .collect();
    let components: FxHashSet<String> = ["A", "D"].map(str::to_owned).into_iter().collect();
    let mut merged = types;
    merge_identical_types(&mut merged, &mut [], &components);
    let names: Vec<&str> = merged.keys().map(String::as_str).collect();
    // `Cc` went into `B`; `Ee` and `F` differ (they name two components).
    assert_eq!(names, ["A", "B", "D", "Ee", "F"]);
    let TypeKind::Struct(d) = &merged["D"].kind else {
        panic!("D is a struct");
    };
    assert_eq!(d.fields[0].ty, TypeRef::Named("B".to_owned()));
}

#[test]
fn a_reference_follows_a_type_merged_twice() {
    // Round 1: `Xx` goes into `K` and `P2` into `P1`. Round 2: `K` now
    // equals `J` and goes into it, so `U`, which named `Xx`, names `J`, as
    // `Ww` does. Round 3: `Ww` goes into `U`.
    let named = |name: &str| TypeRef::Named(name.to_owned());
    let types: BTreeMap<String, TypeDef> = [
        structure("P1", vec![field("y", TypeRef::Primitive(Primitive::I64))]),
        structure("P2", vec![field("y", TypeRef::Primitive(Primitive::I64))]),
        structure("J", vec![field("a", named("P2"))]),
        structure("K", vec![field("a", named("P1"))]),
        structure("Xx", vec![field("a", named("P1"))]),
        structure("U", vec![field("u", named("Xx"))]),
        structure("Ww", vec![field("u", named("J"))]),
    ]
    .into_iter()
    .collect();
    let mut merged = types;
    merge_identical_types(&mut merged, &mut [], &FxHashSet::default());
    let names: Vec<&str> = merged.keys().map(String::as_str).collect();
    assert_eq!(names, ["J", "P1", "U"]);
    let TypeKind::Struct(u) = &merged["U"].kind else {
        panic!("U is a struct");
    };
    assert_eq!(u.fields[0].ty, named("J"));
}
