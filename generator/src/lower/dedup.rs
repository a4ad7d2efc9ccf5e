//! Merging structurally identical types. Real specs repeat the same inline
//! object or enum in many places (GitHub's webhook payloads inline the same
//! repository object hundreds of times); each copy would be a type of its own
//! to compile. Types that agree in everything but their documentation are
//! merged into one: a component schema if one of them is, otherwise the one
//! with the shortest name (then the first by name), so the choice is as
//! deterministic as the names themselves.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};
use std::fmt::Write as _;

use crate::ir::{Additional, EnumValue, Operation, TypeDef, TypeKind, TypeRef};

/// Merges identical types in `types`, rewriting every reference (in types and
/// operations) to the one kept. `components` are the names of component
/// schemas, which are never merged away.
///
/// The merging goes in rounds: in each, every type whose shape some type
/// earlier in the merge order has too is replaced by that type, and the
/// types that refer to a replaced one take a new shape for the next round.
/// Types are numbered in the merge order, and a reference enters a shape key
/// as the number of the type that stands for it now, so that a round needs
/// no rewriting: only the shapes of the types that refer to a type just
/// replaced are computed again, and the types and operations are rewritten
/// once, at the end.
pub fn merge_identical_types(
    types: &mut BTreeMap<String, TypeDef>,
    operations: &mut [Operation],
    components: &FxHashSet<String>,
) {
    // Components first, so that an inline copy of a component maps to it;
    // then the shortest name, usually the nearest to the schema's own place
    // (`PetStatus` rather than `FindPetsByStatusStatusItem`).
    let mut names: Vec<&String> = types.keys().collect();
    names.sort_by_cached_key(|n| (!components.contains(*n), n.len(), *n));
    let mut graph = TypeGraph::new(types, &names, components);
    let mut kept: FxHashMap<u32, u32> = FxHashMap::default();
    let mut replaced: Vec<(u32, u32)> = Vec::new();
    loop {
        kept.clear();
        replaced.clear();
        for at in 0..names.len() as u32 {
            if !graph.alive[at as usize] {
                continue;
            }
            let shape = graph.shapes[at as usize];
            match kept.get(&shape) {
                Some(&first) if !graph.component[at as usize] => replaced.push((at, first)),
                Some(_) => {}
                None => {
                    kept.insert(shape, at);
                }
            }
        }
        if replaced.is_empty() {
            break;
        }
        graph.replace(&replaced);
    }
    let merged: FxHashMap<String, String> = (0..names.len())
        .filter(|&at| !graph.alive[at])
        .map(|at| {
            let kept = graph.stand_in(at as u32) as usize;
            (names[at].clone(), names[kept].clone())
        })
        .collect();
    drop(graph);
    if merged.is_empty() {
        return;
    }
    // Built anew from the types kept, in order: removing thousands of
    // entries one at a time moves the large values around the tree. The
    // types merged away are freed on another thread.
    let mut kept = Vec::with_capacity(types.len() - merged.len());
    let mut gone = Vec::with_capacity(merged.len());
    for (name, def) in std::mem::take(types) {
        if merged.contains_key(&name) {
            gone.push(def);
        } else {
            kept.push((name, def));
        }
    }
    *types = kept.into_iter().collect();
    crate::parallel::drop_elsewhere(gone);
    for def in types.values_mut() {
        rewrite_kind(&mut def.kind, &merged);
    }
    for operation in operations.iter_mut() {
        for param in &mut operation.params {
            rewrite(&mut param.ty, &merged);
        }
        if let Some(success) = &mut operation.success {
            rewrite(success, &merged);
        }
        for response in operation.successes.iter_mut().chain(&mut operation.errors) {
            if let Some(body) = &mut response.body {
                rewrite(body, &merged);
            }
        }
        if let Some(pagination) = &mut operation.pagination {
            rewrite(&mut pagination.items.leaf, &merged);
            if let Some(total) = &mut pagination.total {
                rewrite(&mut total.leaf, &merged);
            }
        }
    }
}

/// The types being merged, numbered in the merge order, with their shapes
/// and the references between them.
struct TypeGraph<'a> {
    kinds: Vec<&'a TypeKind>,
    /// Type name → number.
    numbers: FxHashMap<&'a str, u32>,
    /// Whether each type is a component schema, never merged away.
    component: Vec<bool>,
    /// Whether each type is still its own (not merged into another).
    alive: Vec<bool>,
    /// The type each one was merged into; itself while alive.
    merged_into: Vec<u32>,
    /// Each type's interned shape key.
    shapes: Vec<u32>,
    /// The types that refer to each type, directly or through a type merged
    /// into it.
    users: Vec<Vec<u32>>,
    /// Shape key → interned number.
    interned: FxHashMap<String, u32>,
    /// Per type, the round that last marked it for a new shape.
    marked: Vec<u32>,
    round: u32,
}

impl<'a> TypeGraph<'a> {
    fn new(
        types: &'a BTreeMap<String, TypeDef>,
        names: &[&'a String],
        components: &FxHashSet<String>,
    ) -> Self {
        let count = names.len();
        let mut graph = TypeGraph {
            kinds: names.iter().map(|name| &types[*name].kind).collect(),
            numbers: names
                .iter()
                .enumerate()
                .map(|(at, name)| (name.as_str(), at as u32))
                .collect(),
            component: names
                .iter()
                .map(|name| components.contains(*name))
                .collect(),
            alive: vec![true; count],
            merged_into: (0..count as u32).collect(),
            shapes: vec![0; count],
            users: vec![Vec::new(); count],
            interned: FxHashMap::default(),
            marked: vec![0; count],
            round: 0,
        };
        for at in 0..count {
            let mut used: Vec<u32> = Vec::new();
            graph.kinds[at].each_type_ref(&mut |ty| {
                used.extend(ty.named_leaf().and_then(|name| graph.numbers.get(name)));
            });
            used.sort_unstable();
            used.dedup();
            for target in used {
                graph.users[target as usize].push(at as u32);
            }
            graph.shapes[at] = graph.shape(at);
        }
        graph
    }

    /// The alive type that stands for type `at`.
    fn stand_in(&self, mut at: u32) -> u32 {
        while self.merged_into[at as usize] != at {
            at = self.merged_into[at as usize];
        }
        at
    }

    /// The interned shape of type `at`, its references written as the
    /// numbers of the types that stand for them.
    fn shape(&mut self, at: usize) -> u32 {
        let key = shape_key(
            self.kinds[at],
            &mut |key, name| match self.numbers.get(name) {
                // Numbers never collide with names: a name is an identifier.
                Some(&number) => push_number(key, u64::from(self.stand_in(number))),
                None => key.push_str(name),
            },
        );
        let next = self.interned.len() as u32;
        *self.interned.entry(key).or_insert(next)
    }

    /// Merges each `(type, into)` pair of one round, then computes again the
    /// shapes of the types that refer to a merged one.
    fn replace(&mut self, pairs: &[(u32, u32)]) {
        self.round += 1;
        let mut stale = Vec::new();
        for &(at, into) in pairs {
            self.alive[at as usize] = false;
            self.merged_into[at as usize] = into;
            let users = std::mem::take(&mut self.users[at as usize]);
            for &user in &users {
                if self.marked[user as usize] != self.round {
                    self.marked[user as usize] = self.round;
                    stale.push(user);
                }
            }
            self.users[into as usize].extend(users);
        }
        for user in stale {
            if self.alive[user as usize] {
                self.shapes[user as usize] = self.shape(user as usize);
            }
        }
    }
}

/// A writer of a named type's reference into a shape key.
type NamedRef<'a> = &'a mut dyn FnMut(&mut String, &str);

/// Everything about a type that the generated code depends on, except its
/// name and documentation. `named` writes each reference to a named type.
///
/// Texts are written with their length first, so that no text can pass for
/// a delimiter; the common parts are written without the formatting
/// machinery, which took most of the merging's time; constraints and
/// defaults, which few fields have, are written in their `Debug` form.
fn shape_key(kind: &TypeKind, named: NamedRef<'_>) -> String {
    let mut key = String::with_capacity(64);
    match kind {
        TypeKind::Struct(st) => {
            key.push_str("struct");
            for f in &st.fields {
                key.push('|');
                push_text(&mut key, &f.name);
                push_text(&mut key, &f.wire_name);
                push_type(&mut key, &f.ty, named);
                for flag in [
                    f.required,
                    f.nullable,
                    f.read_only,
                    f.write_only,
                    f.docs.deprecated,
                ] {
                    key.push(if flag { '1' } else { '0' });
                }
                // Most fields have no constraints; their debug form is long.
                if !f.constraints.is_empty() {
                    let _ = write!(key, ":{:?}", f.constraints);
                }
                if let Some(default) = &f.default {
                    let _ = write!(key, "={default:?}");
                }
            }
            match &st.additional {
                Additional::KeepUnknown => key.push_str("|+keep"),
                Additional::Forbidden => key.push_str("|+none"),
                Additional::Typed(ty) => {
                    key.push_str("|+");
                    push_type(&mut key, ty, named);
                }
            }
        }
        TypeKind::Enum(en) => {
            key.push_str("enum");
            push_number(&mut key, en.repr as u64);
            key.push(';');
            for v in &en.variants {
                key.push('|');
                push_text(&mut key, &v.name);
                match &v.value {
                    EnumValue::Str(text) => {
                        key.push('s');
                        push_text(&mut key, text);
                    }
                    EnumValue::Int(number) => {
                        key.push(if *number < 0 { '-' } else { '+' });
                        push_number(&mut key, number.unsigned_abs());
                    }
                }
            }
        }
        TypeKind::Union(union) => {
            key.push_str("union");
            push_optional_text(&mut key, union.tag.as_deref());
            for v in &union.variants {
                key.push('|');
                push_text(&mut key, &v.name);
                push_optional_text(&mut key, v.tag_value.as_deref());
                push_type(&mut key, &v.ty, named);
            }
        }
        TypeKind::Alias(ty) => {
            key.push_str("alias");
            push_type(&mut key, ty, named);
        }
    }
    key
}

/// Writes `text` as its length in decimal, a colon and the text.
fn push_text(key: &mut String, text: &str) {
    push_number(key, text.len() as u64);
    key.push(':');
    key.push_str(text);
}

/// Writes an optional text: `-` when there is none, `+` and the text.
fn push_optional_text(key: &mut String, text: Option<&str>) {
    match text {
        Some(text) => {
            key.push('+');
            push_text(key, text);
        }
        None => key.push('-'),
    }
}

/// Writes `number` in decimal.
fn push_number(key: &mut String, number: u64) {
    let mut digits = [0_u8; 20];
    let mut at = digits.len();
    let mut rest = number;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for &digit in &digits[at..] {
        key.push(char::from(digit));
    }
}

/// Writes `ty` into a shape key, as briefly as stays unambiguous: a named
/// type is `#` and what `named` writes for it, a primitive `%` and its
/// variant's number, each ended by `;` (neither a name nor a number holds
/// one), a list and a map their item in brackets and braces.
fn push_type(key: &mut String, ty: &TypeRef, named: NamedRef<'_>) {
    match ty {
        TypeRef::Named(name) => {
            key.push('#');
            named(key, name);
            key.push(';');
        }
        TypeRef::Primitive(primitive) => {
            key.push('%');
            push_number(key, *primitive as u64);
            key.push(';');
        }
        TypeRef::Vec(item) => {
            key.push('[');
            push_type(key, item, named);
            key.push(']');
        }
        TypeRef::Map(item) => {
            key.push('{');
            push_type(key, item, named);
            key.push('}');
        }
        TypeRef::Json => key.push('*'),
    }
}

/// Rewrites the references inside a type to the types they were merged into.
fn rewrite_kind(kind: &mut TypeKind, merged: &FxHashMap<String, String>) {
    match kind {
        TypeKind::Struct(st) => {
            for field in &mut st.fields {
                rewrite(&mut field.ty, merged);
            }
            if let Additional::Typed(ty) = &mut st.additional {
                rewrite(ty, merged);
            }
        }
        TypeKind::Union(union) => {
            for variant in &mut union.variants {
                rewrite(&mut variant.ty, merged);
            }
        }
        TypeKind::Alias(ty) => rewrite(ty, merged),
        TypeKind::Enum(_) => {}
    }
}

/// Rewrites a reference to a merged type.
fn rewrite(ty: &mut TypeRef, merged: &FxHashMap<String, String>) {
    match ty {
        TypeRef::Named(name) => {
            if let Some(kept) = merged.get(name) {
                *name = kept.clone();
            }
        }
        TypeRef::Vec(inner) | TypeRef::Map(inner) => rewrite(inner, merged),
        TypeRef::Primitive(_) | TypeRef::Json => {}
    }
}

#[cfg(test)]
#[path = "dedup_tests.rs"]
mod tests;
