//! The roots of a split API's folders: the facade's `types/mod.rs` and
//! `requests/mod.rs`, which re-export the parts' modules, and each part's
//! `requests/mod.rs` and modules of shared error enums.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{Part, Parts};
use crate::emit::features::{self, Gates};
use crate::emit::layout::Group;
use crate::emit::plan::{Build, Modules, PlannedFile, SHARED_ERRORS, folder_root, requests_allow};
use crate::emit::{shared_errors_file, types};
use crate::ir::Api;

/// The facade's `mod.rs` of a split concern (`folder`) whose modules are in
/// parts: each group's items re-exported from the part that holds it, under
/// the group's `#[cfg]`; with `open`, the module itself too, visible in the
/// API module (a client file imports its own requests' module).
pub(in crate::emit) fn facade_folder_root(
    doc: &str,
    folder: &str,
    entries: &[(Group, Ident)],
    inner: TokenStream,
    open: bool,
) -> TokenStream {
    let folder = format_ident!("{folder}");
    let reexports = entries.iter().map(|(group, part)| {
        let module = types::ident(&group.module);
        let cfg = features::feature_cfg(group.feature.as_deref());
        if open {
            quote! {
                #cfg pub(super) use #part::#folder::#module;
                #cfg #[allow(unused_imports)] pub use #module::*;
            }
        } else {
            quote!(#cfg #[allow(unused_imports)] pub use #part::#folder::#module::*;)
        }
    });
    quote! {
        #![doc = #doc]
        #inner

        #( #reexports )*
    }
}

/// What [`requests_of_parts`] lays out.
pub(in crate::emit) struct RequestRoots<'r, 'a> {
    pub api: &'a Api,
    pub gates: &'r Arc<Gates>,
    pub parts: &'r Arc<Parts>,
    /// The modules of `requests/`, one or more per feature.
    pub groups: &'r [Group],
    /// The error enums that operations in several modules share.
    pub spanning: &'r BTreeSet<String>,
    /// The documentation of the facade's `requests` module.
    pub doc: String,
}

/// The `requests/mod.rs` of the facade and of every part, and the parts'
/// modules of shared error enums: those that operations in several parts
/// share are in the shared part, those shared by modules of one part in
/// that part.
pub(in crate::emit) fn requests_of_parts<'a>(
    files: &mut Vec<PlannedFile<'a>>,
    plan: &dyn Fn(String, usize, Build<'a>) -> PlannedFile<'a>,
    at: &dyn Fn(Option<&Part>, &str) -> String,
    roots: RequestRoots<'_, 'a>,
) {
    let RequestRoots {
        api,
        gates,
        parts,
        groups,
        spanning,
        doc,
    } = roots;
    // Token streams cannot move between threads: each file's are made by
    // its own builder.
    let errors = || format_ident!("{SHARED_ERRORS}");
    let shared_errors = Group {
        module: SHARED_ERRORS.to_owned(),
        prefix: String::new(),
        items: Vec::new(),
        feature: None,
    };
    // The parts whose operations use each error enum of `spanning`.
    let mut users: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for operation in &api.operations {
        if let Some(name) = operation
            .error_enum
            .as_deref()
            .filter(|n| spanning.contains(*n))
        {
            let part = parts.holding(Some(&operation.group));
            users.entry(name).or_default().insert(&part.key);
        }
    }
    let used_by = |keep: &dyn Fn(&BTreeSet<&str>) -> bool| -> Arc<BTreeSet<String>> {
        Arc::new(
            users
                .iter()
                .filter(|(_, parts)| keep(parts))
                .map(|(name, _)| (*name).to_owned())
                .collect(),
        )
    };
    let shared = &parts.shared;
    let across = used_by(&|parts| parts.len() > 1);
    files.push(plan(
        at(Some(shared), &format!("requests/{SHARED_ERRORS}.rs")),
        across.len(),
        Box::new({
            let gates = Arc::clone(gates);
            move || shared_errors_file(api, &gates, &across, None)
        }),
    ));
    let roots = vec![shared_errors.clone()];
    files.push(plan(
        at(Some(shared), "requests/mod.rs"),
        1,
        Box::new(move || {
            let doc = " The error enums that operations in several parts share.";
            folder_root(doc, &roots, requests_allow(), Modules::Public).into()
        }),
    ));
    let mut own_errors: Vec<Part> = Vec::new();
    for part in &parts.groups {
        let own = used_by(&|parts| parts.len() == 1 && parts.contains(part.key.as_str()));
        let mut roots: Vec<Group> = groups
            .iter()
            .filter(|g| parts.holding(g.feature.as_deref()) == part)
            .cloned()
            .collect();
        // Each requests file imports `super::shared_errors::*`: the part's
        // own module, which imports the shared part's, or that one.
        let shared_key = own.is_empty().then(|| shared.key.clone());
        if !own.is_empty() {
            roots.push(shared_errors.clone());
            roots.sort_by(|a, b| a.module.cmp(&b.module));
            own_errors.push(part.clone());
            let (gates, shared) = (Arc::clone(gates), shared.clone());
            files.push(plan(
                at(Some(part), &format!("requests/{SHARED_ERRORS}.rs")),
                own.len(),
                Box::new(move || shared_errors_file(api, &gates, &own, Some(&shared.ident()))),
            ));
        }
        files.push(plan(
            at(Some(part), "requests/mod.rs"),
            roots.len(),
            Box::new(move || {
                let (allow, errors) = (requests_allow(), errors());
                let import = shared_key.as_ref().map(|key| {
                    let shared = format_ident!("{key}");
                    quote!(#[allow(unused_imports)] use #shared::requests::#errors;)
                });
                let doc = " The request types of the part, in a module per feature.";
                folder_root(doc, &roots, quote!(#allow #import), Modules::Public).into()
            }),
        ));
    }
    let entries: Vec<(Group, Part)> = groups
        .iter()
        .map(|g| (g.clone(), parts.holding(g.feature.as_deref()).clone()))
        .collect();
    let shared = shared.clone();
    files.push(plan(
        at(None, "requests/mod.rs"),
        entries.len(),
        Box::new(move || {
            let (allow, errors, shared) = (requests_allow(), errors(), shared.ident());
            let own = own_errors.iter().map(|part| {
                let (cfg, part) = (part.cfg(), part.ident());
                quote!(#cfg #[allow(unused_imports)] pub use #part::requests::#errors::*;)
            });
            let inner = quote! {
                #allow
                #[allow(unused_imports)]
                pub use #shared::requests::#errors::*;
                #(#own)*
            };
            let entries: Vec<(Group, Ident)> = entries
                .iter()
                .map(|(g, p)| (g.clone(), p.ident()))
                .collect();
            facade_folder_root(&doc, "requests", &entries, inner, true).into()
        }),
    ));
}
