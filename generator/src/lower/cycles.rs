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
        for (i, ty) in slots(def).into_iter().enumerate() {
            if let TypeRef::Named(child) = ty
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

/// The places a `Box` can go: struct fields and union variants, in order.
fn slots(def: &TypeDef) -> Vec<&TypeRef> {
    match &def.kind {
        TypeKind::Struct(st) => st.fields.iter().map(|f| &f.ty).collect(),
        TypeKind::Union(union) => union.variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Alias(_) | TypeKind::Enum(_) => Vec::new(),
    }
}

/// The named types a type contains by value (not behind a `Vec` or map).
fn direct_children(def: &TypeDef) -> Vec<String> {
    let mut held = slots(def);
    if let TypeKind::Alias(ty) = &def.kind {
        held.push(ty);
    }
    held.into_iter()
        .filter_map(|ty| match ty {
            TypeRef::Named(name) => Some(name.clone()),
            _ => None,
        })
        .collect()
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
