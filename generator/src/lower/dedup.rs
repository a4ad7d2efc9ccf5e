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

use crate::ir::{Additional, Operation, TypeDef, TypeKind, TypeRef};

/// Merges identical types in `types`, rewriting every reference (in types and
/// operations) to the one kept. `components` are the names of component
/// schemas, which are never merged away.
pub fn merge_identical_types(
    types: &mut BTreeMap<String, TypeDef>,
    operations: &mut [Operation],
    components: &FxHashSet<String>,
) {
    // Each type's shape key is computed once (then again only when a
    // reference inside it is rewritten) and interned, so that the rounds
    // below compare small numbers instead of hashing long strings.
    let mut interned: FxHashMap<String, usize> = FxHashMap::default();
    let mut intern = |key: String| {
        let next = interned.len();
        *interned.entry(key).or_insert(next)
    };
    let mut shapes: FxHashMap<String, usize> = types
        .iter()
        .map(|(name, def)| (name.clone(), intern(shape_key(&def.kind))))
        .collect();
    // Components first, so that an inline copy of a component maps to it;
    // then the shortest name, usually the nearest to the schema's own place
    // (`PetStatus` rather than `FindPetsByStatusStatusItem`).
    let mut order: Vec<String> = types.keys().cloned().collect();
    order.sort_by_cached_key(|n| (!components.contains(n), n.len(), n.clone()));
    loop {
        let mut kept: FxHashMap<usize, &String> = FxHashMap::default();
        let mut replaced: FxHashMap<String, String> = FxHashMap::default();
        for name in &order {
            match kept.get(&shapes[name]) {
                Some(first) if !components.contains(name) => {
                    replaced.insert(name.clone(), (*first).clone());
                }
                Some(_) => {}
                None => {
                    kept.insert(shapes[name], name);
                }
            }
        }
        if replaced.is_empty() {
            return;
        }
        types.retain(|name, _| !replaced.contains_key(name));
        shapes.retain(|name, _| !replaced.contains_key(name));
        order.retain(|name| !replaced.contains_key(name));
        for (name, def) in types.iter_mut() {
            if rewrite_kind(&mut def.kind, &replaced) {
                shapes.insert(name.clone(), intern(shape_key(&def.kind)));
            }
        }
        for operation in operations.iter_mut() {
            for param in &mut operation.params {
                rewrite(&mut param.ty, &replaced);
            }
            if let Some(success) = &mut operation.success {
                rewrite(success, &replaced);
            }
            for response in operation.successes.iter_mut().chain(&mut operation.errors) {
                if let Some(body) = &mut response.body {
                    rewrite(body, &replaced);
                }
            }
            if let Some(pagination) = &mut operation.pagination {
                rewrite(&mut pagination.items.leaf, &replaced);
                if let Some(total) = &mut pagination.total {
                    rewrite(&mut total.leaf, &replaced);
                }
            }
        }
    }
}

/// Everything about a type that the generated code depends on, except its
/// name and documentation.
fn shape_key(kind: &TypeKind) -> String {
    let mut key = String::new();
    match kind {
        TypeKind::Struct(st) => {
            key.push_str("struct");
            for f in &st.fields {
                let _ = write!(key, "|{}:{}:", f.name, f.wire_name);
                push_type(&mut key, &f.ty);
                let _ = write!(
                    key,
                    ":{}{}{}{}{}",
                    f.required as u8,
                    f.nullable as u8,
                    f.read_only as u8,
                    f.write_only as u8,
                    f.docs.deprecated as u8,
                );
                // Most fields have no constraints; their debug form is long.
                if !f.constraints.is_empty() {
                    let _ = write!(key, ":{:?}", f.constraints);
                }
                if let Some(default) = &f.default {
                    let _ = write!(key, "={default:?}");
                }
            }
            let _ = match &st.additional {
                Additional::KeepUnknown => write!(key, "|+keep"),
                Additional::Forbidden => write!(key, "|+none"),
                Additional::Typed(ty) => {
                    key.push_str("|+");
                    push_type(&mut key, ty);
                    Ok(())
                }
            };
        }
        TypeKind::Enum(en) => {
            let _ = write!(key, "enum{:?}", en.repr);
            for v in &en.variants {
                let _ = write!(key, "|{}={:?}", v.name, v.value);
            }
        }
        TypeKind::Union(union) => {
            let _ = write!(key, "union{:?}", union.tag);
            for v in &union.variants {
                let _ = write!(key, "|{}={:?}:", v.name, v.tag_value);
                push_type(&mut key, &v.ty);
            }
        }
        TypeKind::Alias(ty) => {
            key.push_str("alias");
            push_type(&mut key, ty);
        }
    }
    key
}

/// Writes `ty` into a shape key, as briefly as stays unambiguous: a named
/// type is `#` and its name (an identifier), a primitive its variant's name,
/// a list and a map their item in brackets and braces, without the
/// formatting machinery that `Debug` goes through.
fn push_type(key: &mut String, ty: &TypeRef) {
    match ty {
        TypeRef::Named(name) => {
            key.push('#');
            key.push_str(name);
        }
        TypeRef::Primitive(primitive) => {
            let _ = write!(key, "{primitive:?}");
        }
        TypeRef::Vec(item) => {
            key.push('[');
            push_type(key, item);
            key.push(']');
        }
        TypeRef::Map(item) => {
            key.push('{');
            push_type(key, item);
            key.push('}');
        }
        TypeRef::Json => key.push('*'),
    }
}

/// Rewrites the references inside a type; returns whether any changed.
fn rewrite_kind(kind: &mut TypeKind, replaced: &FxHashMap<String, String>) -> bool {
    let mut changed = false;
    match kind {
        TypeKind::Struct(st) => {
            for field in &mut st.fields {
                changed |= rewrite(&mut field.ty, replaced);
            }
            if let Additional::Typed(ty) = &mut st.additional {
                changed |= rewrite(ty, replaced);
            }
        }
        TypeKind::Union(union) => {
            for variant in &mut union.variants {
                changed |= rewrite(&mut variant.ty, replaced);
            }
        }
        TypeKind::Alias(ty) => changed = rewrite(ty, replaced),
        TypeKind::Enum(_) => {}
    }
    changed
}

/// Rewrites a reference to a merged type; returns whether it changed.
fn rewrite(ty: &mut TypeRef, replaced: &FxHashMap<String, String>) -> bool {
    match ty {
        TypeRef::Named(name) => match replaced.get(name) {
            Some(kept) => {
                *name = kept.clone();
                true
            }
            None => false,
        },
        TypeRef::Vec(inner) | TypeRef::Map(inner) => rewrite(inner, replaced),
        TypeRef::Primitive(_) | TypeRef::Json => false,
    }
}
