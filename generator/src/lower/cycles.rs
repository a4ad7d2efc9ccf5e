//! Breaking recursive types: a field that leads back to its own struct without
//! passing through a `Vec` or map gets a `Box`.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{TypeDef, TypeKind, TypeRef};

/// Sets [`Field::boxed`](crate::ir::Field::boxed) on every field that would
/// make its struct infinitely large.
pub fn box_recursive_fields(types: &mut BTreeMap<String, TypeDef>) {
    let edges: BTreeMap<String, Vec<String>> = types
        .iter()
        .map(|(name, def)| (name.clone(), direct_children(def)))
        .collect();
    let mut to_box = Vec::new();
    for (name, def) in types.iter() {
        let TypeKind::Struct(st) = &def.kind else {
            continue;
        };
        for (i, field) in st.fields.iter().enumerate() {
            if let TypeRef::Named(child) = &field.ty
                && reaches(&edges, child, name)
            {
                to_box.push((name.clone(), i));
            }
        }
    }
    for (name, def) in types.iter() {
        let TypeKind::Union(union) = &def.kind else {
            continue;
        };
        for (i, variant) in union.variants.iter().enumerate() {
            if let TypeRef::Named(child) = &variant.ty
                && reaches(&edges, child, name)
            {
                to_box.push((name.clone(), i));
            }
        }
    }
    for (name, i) in to_box {
        match types.get_mut(&name).map(|d| &mut d.kind) {
            Some(TypeKind::Struct(st)) => st.fields[i].boxed = true,
            Some(TypeKind::Union(union)) => union.variants[i].boxed = true,
            _ => {}
        }
    }
}

/// The named types a type contains by value (not behind a `Vec` or map).
fn direct_children(def: &TypeDef) -> Vec<String> {
    let named = |ty: &TypeRef| match ty {
        TypeRef::Named(name) => Some(name.clone()),
        _ => None,
    };
    match &def.kind {
        TypeKind::Struct(st) => st.fields.iter().filter_map(|f| named(&f.ty)).collect(),
        TypeKind::Union(union) => union.variants.iter().filter_map(|v| named(&v.ty)).collect(),
        TypeKind::Alias(ty) => named(ty).into_iter().collect(),
        TypeKind::Enum(_) => Vec::new(),
    }
}

fn reaches(edges: &BTreeMap<String, Vec<String>>, from: &str, target: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from.to_owned()];
    while let Some(name) = stack.pop() {
        if name == target {
            return true;
        }
        if seen.insert(name.clone())
            && let Some(children) = edges.get(&name)
        {
            stack.extend(children.iter().cloned());
        }
    }
    false
}
