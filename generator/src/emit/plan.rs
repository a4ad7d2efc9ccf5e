//! The plan of an API's files: which files there are, in which layout, and
//! how heavy each is; each file's tokens are built only when a worker thread
//! asks for them.

use std::collections::BTreeSet;
use std::sync::Arc;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::body::Body;
use super::features::Gates;
use super::layout::{self, Group};
use super::parts::{Part, Parts, roots};
use super::{
    EmittedFile, Gating, client, docs, features, module_root, requests_file, sent_types,
    shared_errors_file, types, types_file,
};
use crate::ir::{Api, Operation, TypeDef, TypeKind};

/// A file builder that any thread can run.
pub(super) type Build<'a> = Box<dyn Fn() -> Body + Send + Sync + 'a>;

/// One file of the generated crate, not built yet. Token streams cannot move
/// between threads, so each file is built where it is formatted.
pub struct PlannedFile<'a> {
    /// The path inside the generated crate, for example `src/lib.rs`.
    pub path: String,
    /// The spec it comes from, for the file header (none for the crate root).
    pub source: Option<String>,
    /// A rough measure of the work of building and formatting the file, so
    /// that the largest files are started first.
    pub weight: usize,
    build: Build<'a>,
}

impl<'a> PlannedFile<'a> {
    pub(super) fn new(
        path: String,
        source: Option<String>,
        build: impl Fn() -> TokenStream + Send + Sync + 'a,
    ) -> Self {
        PlannedFile {
            path,
            source,
            weight: 1,
            build: Box::new(move || build().into()),
        }
    }

    /// Builds the file's contents.
    pub fn emit(&self) -> EmittedFile {
        let (body, docs) = docs::collected(|| (self.build)());
        EmittedFile {
            path: self.path.clone(),
            source: self.source.clone(),
            body,
            docs,
        }
    }
}

impl std::fmt::Debug for PlannedFile<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PlannedFile")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// The files of one API module, gated by `gates` (its [`Gates::of`]), and
/// split into crates by `parts` when it is given (see [`super::parts`]).
pub fn api_files<'a>(
    api: &'a Api,
    gates: &Arc<Gates>,
    parts: Option<&Arc<Parts>>,
) -> Vec<PlannedFile<'a>> {
    let gates = Arc::clone(gates);
    let module = &api.module;
    let source = Some(api.source_file.clone());
    // A path in the facade's API module, or in a part's crate.
    let at = |part: Option<&Part>, path: &str| match part {
        None => format!("src/{module}/{path}"),
        Some(part) => format!("{}/src/{path}", part.dir()),
    };
    let plan = |path: String, weight: usize, build: Build<'a>| PlannedFile {
        path,
        source: source.clone(),
        weight,
        build,
    };
    let mut files = vec![plan(
        at(None, "mod.rs"),
        api.operations.len(),
        Box::new({
            let gates = Arc::clone(&gates);
            move || module_root(api, &gates).into()
        }),
    )];
    let shared_part = parts.map(|p| &p.shared);
    if let Some(parts) = parts {
        for part in parts.all() {
            let parts = Arc::clone(parts);
            let part = part.clone();
            files.push(plan(
                format!("{}/src/lib.rs", part.dir()),
                1,
                Box::new(move || parts.part_root(api, &part).into()),
            ));
        }
    }

    let sent = Arc::new(sent_types(api));
    let defs: Vec<&TypeDef> = api.types.values().collect();
    // What a part's types module imports of the shared part's.
    let shared_types = |shared: &Part| {
        let shared = shared.ident();
        quote!(#[allow(unused_imports)] pub(crate) use #shared::types::*;)
    };
    if defs.len() <= layout::MAX_ITEMS_PER_FILE {
        files.push(plan(
            at(shared_part, "types.rs"),
            defs.iter().map(|d| type_weight(d)).sum(),
            Box::new({
                let gates = Arc::clone(&gates);
                move || types_file(api, &defs, &sent, None, &gates)
            }),
        ));
        if let Some(parts) = parts {
            // The facade's `types.rs` says what the shared part's does. The
            // glob is unused where that file has nothing the features on
            // compile, or nothing at all (an API without schemas).
            let doc = format!(
                " The types of {}: every schema of `{}`.",
                docs::escape_line(&api.title),
                api.source_file
            );
            let shared = parts.shared.clone();
            files.push(plan(
                at(None, "types.rs"),
                1,
                Box::new(move || {
                    let shared = shared.ident();
                    quote!(#![doc = #doc] #[allow(unused_imports)] pub use #shared::types::*;)
                        .into()
                }),
            ));
            for part in &parts.groups {
                let shared = parts.shared.clone();
                files.push(plan(
                    at(Some(part), "types.rs"),
                    1,
                    Box::new(move || {
                        let import = shared_types(&shared);
                        quote!(#![doc = " The types of the part."] #import).into()
                    }),
                ));
            }
        }
    } else {
        // The types compiled with one feature only (one group's, or
        // `unreferenced-types`) are in modules of that feature, each gated as
        // a whole; the others in modules by the first letters of their names.
        let (single, defs): (Vec<&TypeDef>, Vec<&TypeDef>) = defs
            .into_iter()
            .partition(|d| gates.single_feature(&d.name).is_some());
        let names: Vec<&str> = defs.iter().map(|d| d.name.as_str()).collect();
        let mut groups: Vec<(Group, Vec<&TypeDef>)> = layout::groups(&names)
            .into_iter()
            .map(|g| {
                let defs = g.items.iter().map(|&i| defs[i]).collect();
                (g, defs)
            })
            .collect();
        if !single.is_empty() {
            let names: Vec<&str> = single.iter().map(|d| d.name.as_str()).collect();
            let features: Vec<&str> = single
                .iter()
                .filter_map(|d| gates.single_feature(&d.name))
                .collect();
            let taken: Vec<&str> = groups.iter().map(|(g, _)| g.module.as_str()).collect();
            let own = layout::feature_groups(&features, &names, &taken);
            groups.extend(own.into_iter().map(|g| {
                let defs = g.items.iter().map(|&i| single[i]).collect();
                (g, defs)
            }));
            groups.sort_by(|(a, _), (b, _)| a.module.cmp(&b.module));
        }
        let roots: Vec<Group> = groups.iter().map(|(g, _)| g.clone()).collect();
        let doc = format!(
            " The types of {}: every schema of `{}`, in modules {}by the first letters of their names.",
            docs::escape_line(&api.title),
            api.source_file,
            if gates.enabled() {
                "by feature or "
            } else {
                ""
            }
        );
        match parts {
            None => files.push(plan(
                at(None, "types/mod.rs"),
                roots.len(),
                Box::new(move || folder_root(&doc, &roots, types_allow(), Modules::Private).into()),
            )),
            Some(parts) => {
                let held = |part: &Part| -> Vec<Group> {
                    roots
                        .iter()
                        .filter(|g| parts.holding(g.feature.as_deref()) == part)
                        .cloned()
                        .collect()
                };
                let entries: Vec<(Group, Part)> = roots
                    .iter()
                    .map(|g| (g.clone(), parts.holding(g.feature.as_deref()).clone()))
                    .collect();
                files.push(plan(
                    at(None, "types/mod.rs"),
                    roots.len(),
                    Box::new(move || {
                        let entries: Vec<(Group, Ident)> = entries
                            .iter()
                            .map(|(g, p)| (g.clone(), p.ident()))
                            .collect();
                        roots::facade_folder_root(&doc, "types", &entries, types_allow(), false)
                            .into()
                    }),
                ));
                for part in parts.all() {
                    let own = held(part);
                    let shared = (part != &parts.shared).then(|| parts.shared.clone());
                    let path = if own.is_empty() {
                        "types.rs"
                    } else {
                        "types/mod.rs"
                    };
                    files.push(plan(
                        at(Some(part), path),
                        own.len(),
                        Box::new(move || {
                            let (allow, import) =
                                (types_allow(), shared.as_ref().map(shared_types));
                            let inner = quote!(#allow #import);
                            folder_root(" The types of the part.", &own, inner, Modules::Public)
                                .into()
                        }),
                    ));
                }
            }
        }
        let ungated = Arc::new(features::Gates::default());
        for (group, defs) in groups {
            let sent = Arc::clone(&sent);
            // A module gated as a whole needs no `#[cfg]` on its items.
            let gates = Arc::clone(if group.feature.is_some() {
                &ungated
            } else {
                &gates
            });
            let scope = type_scope(&group);
            let part = parts.map(|p| p.holding(group.feature.as_deref()));
            files.push(plan(
                at(part, &format!("types/{}.rs", group.module)),
                defs.iter().map(|d| type_weight(d)).sum(),
                Box::new(move || types_file(api, &defs, &sent, Some(&scope), &gates)),
            ));
        }
    }

    let operations: Vec<&Operation> = api.operations.iter().collect();
    if operations.len() <= layout::MAX_ITEMS_PER_FILE {
        let all = operations.clone();
        files.push(plan(
            at(None, "requests.rs"),
            all.iter().map(|o| operation_weight(o)).sum(),
            Box::new({
                let gates = Arc::clone(&gates);
                move || requests_file(api, &all, None, 1, &gates, Gating::PerItem)
            }),
        ));
        files.push(plan(
            at(None, "client.rs"),
            operations.len() * 2,
            Box::new(move || {
                client::client_file(api, client::Methods::Inline(&operations), &gates).into()
            }),
        ));
    } else {
        let names: Vec<&str> = operations.iter().map(|o| o.type_prefix.as_str()).collect();
        // With features, a module per feature, gated as a whole; the error
        // enums that operations in several modules share go to a module of
        // their own. Without, modules by the first letters of the names.
        let (groups, doc, shared) = if gates.enabled() {
            let features: Vec<&str> = operations.iter().map(|o| o.group.as_str()).collect();
            let groups = layout::feature_groups(&features, &names, &[SHARED_ERRORS]);
            let keys: Vec<Option<&str>> =
                operations.iter().map(|o| o.error_enum.as_deref()).collect();
            let shared = layout::spanning(&groups, &keys);
            let doc = format!(
                " The request types of {}: one per operation, in a module per feature.",
                docs::escape_line(&api.title)
            );
            (groups, doc, shared)
        } else {
            let doc = format!(
                " The request types of {}: one per operation, in modules by the first letters of their names.",
                docs::escape_line(&api.title)
            );
            (layout::groups(&names), doc, BTreeSet::new())
        };
        let shared = Arc::new(shared);
        let shared_errors = Group {
            module: SHARED_ERRORS.to_owned(),
            prefix: String::new(),
            items: Vec::new(),
            feature: None,
        };
        match parts {
            None => {
                let mut roots = groups.clone();
                if gates.enabled() {
                    roots.push(shared_errors);
                    roots.sort_by(|a, b| a.module.cmp(&b.module));
                    let (gates, shared) = (Arc::clone(&gates), Arc::clone(&shared));
                    files.push(plan(
                        at(None, &format!("requests/{SHARED_ERRORS}.rs")),
                        api.operations.len() / 8,
                        Box::new(move || shared_errors_file(api, &gates, &shared, None)),
                    ));
                }
                files.push(plan(
                    at(None, "requests/mod.rs"),
                    roots.len(),
                    Box::new(move || {
                        folder_root(&doc, &roots, requests_allow(), Modules::OpenToApi).into()
                    }),
                ));
            }
            Some(parts) => roots::requests_of_parts(
                &mut files,
                &plan,
                &at,
                roots::RequestRoots {
                    api,
                    gates: &gates,
                    parts,
                    groups: &groups,
                    spanning: &shared,
                    doc,
                },
            ),
        }
        let roots = groups.clone();
        files.push(plan(
            at(None, "client/mod.rs"),
            roots.len(),
            Box::new({
                let gates = Arc::clone(&gates);
                move || client::client_file(api, client::Methods::InModules(&roots), &gates).into()
            }),
        ));
        let ungated = Arc::new(features::Gates::default());
        for group in groups {
            let chunk: Vec<&Operation> = group.items.iter().map(|&i| operations[i]).collect();
            let methods = chunk.clone();
            let scope = group_scope(&group);
            let method_scope = scope.clone();
            // A module gated as a whole needs no `#[cfg]` on its items.
            let whole_file = group.feature.is_some();
            let request_gates = Arc::clone(&gates);
            let method_gates = Arc::clone(if whole_file { &ungated } else { &gates });
            let shared = Arc::clone(&shared);
            let part = parts.map(|p| p.holding(group.feature.as_deref()));
            files.push(plan(
                at(part, &format!("requests/{}.rs", group.module)),
                chunk.iter().map(|o| operation_weight(o)).sum(),
                Box::new(move || {
                    let gating = if whole_file {
                        Gating::WholeFile(&shared)
                    } else {
                        Gating::PerItem
                    };
                    requests_file(api, &chunk, Some(&scope), 2, &request_gates, gating)
                }),
            ));
            files.push(plan(
                at(None, &format!("client/{}.rs", group.module)),
                methods.len() * 2,
                Box::new(move || {
                    // A feature's client file imports its own requests only.
                    let requests = group.feature.as_ref().map(|_| group.module.as_str());
                    client::methods_file(api, &methods, &method_scope, requests, &method_gates)
                        .into()
                }),
            ));
        }
    }
    files
}

/// The module of the error enums that operations of several features share.
pub(super) const SHARED_ERRORS: &str = "shared_errors";

/// Which items a module of a split concern holds, as its doc says it: "whose
/// names start with `A`", "of the feature `repos`".
fn group_scope(group: &Group) -> String {
    match (&group.feature, group.prefix.as_str()) {
        (None, prefix) => format!("whose names start with `{prefix}`"),
        (Some(feature), "") => format!("of the feature `{feature}`"),
        (Some(feature), prefix) => {
            format!("of the feature `{feature}` whose names start with `{prefix}`")
        }
    }
}

/// Which types a module of the `types` folder holds, as its doc says it.
fn type_scope(group: &Group) -> String {
    let prefix = &group.prefix;
    let Some(feature) = &group.feature else {
        return format!("whose names start with `{prefix}`");
    };
    let users = if feature == features::UNREFERENCED_TYPES {
        format!("that no operation uses, compiled with the feature `{feature}`")
    } else {
        format!("that only operations of the feature `{feature}` use, compiled with it")
    };
    if prefix.is_empty() {
        users
    } else {
        format!("{users}, whose names start with `{prefix}`")
    }
}

/// The weight of a type: about one unit per field or variant.
pub(super) fn type_weight(def: &TypeDef) -> usize {
    1 + match &def.kind {
        TypeKind::Struct(st) => st.fields.len(),
        TypeKind::Union(union) => union.variants.len(),
        TypeKind::Enum(en) => en.variants.len() / 2,
        TypeKind::Alias(_) => 0,
    }
}

/// The weight of an operation's request type: its parameters and methods.
pub(super) fn operation_weight(operation: &Operation) -> usize {
    4 + operation.params.len()
}

/// The lints a `types` folder's root allows in all its modules.
fn types_allow() -> TokenStream {
    quote!(#![allow(clippy::enum_variant_names, clippy::large_enum_variant, clippy::module_inception, clippy::too_many_arguments, clippy::type_complexity)])
}

/// The lints a `requests` folder's root allows in all its modules; a group
/// can be named after the folder (a tag `requests`).
pub(super) fn requests_allow() -> TokenStream {
    quote!(#![allow(clippy::type_complexity, clippy::large_enum_variant, clippy::module_inception)])
}

/// How the `mod.rs` of a split concern declares its modules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Modules {
    /// Private: users see their items through the re-exports only.
    Private,
    /// Visible in the whole API module, so that a client file imports its
    /// own requests' module only.
    OpenToApi,
    /// Public: a part's modules, which the facade re-exports.
    Public,
}

/// The `mod.rs` of a split concern: its documentation and inner attributes,
/// one module per group (documented in its own file), and a re-export of
/// each.
pub(super) fn folder_root(
    doc: &str,
    groups: &[Group],
    inner: TokenStream,
    declared: Modules,
) -> TokenStream {
    let modules: Vec<_> = groups.iter().map(|g| types::ident(&g.module)).collect();
    let visibility = match declared {
        Modules::Private => TokenStream::new(),
        Modules::OpenToApi => quote!(pub(super)),
        Modules::Public => quote!(pub),
    };
    let cfgs: Vec<_> = groups
        .iter()
        .map(|g| features::feature_cfg(g.feature.as_deref()))
        .collect();
    quote! {
        #![doc = #doc]
        #inner

        #( #cfgs #visibility mod #modules; )*

        // A module can be empty when its operations' features are off.
        #( #cfgs #[allow(unused_imports)] pub use #modules::*; )*
    }
}

/// The crate path from a file `depth` modules below the API's module root
/// back to it: `super` from `requests.rs`, `super::super` from
/// `requests/a.rs`.
pub(crate) fn up(depth: usize) -> TokenStream {
    let steps = (0..depth).map(|_| format_ident!("super"));
    quote!(#(#steps)::*)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::emit::features::tests::only_list_pets;

    #[test]
    fn types_of_one_feature_are_in_modules_gated_as_a_whole() {
        // Past both thresholds: 201 operations, all `listPets` of the group
        // `pets`, and 200 more types no operation reaches.
        let mut api = only_list_pets();
        let event = api.types["Event"].clone();
        for i in 0..layout::MAX_ITEMS_PER_FILE {
            let name = format!("Event{i:03}");
            let def = TypeDef {
                name: name.clone(),
                ..event.clone()
            };
            api.types.insert(name, def);
        }
        let files: BTreeMap<String, String> = api_files(&api, &Arc::new(Gates::of(&api)), None)
            .iter()
            .filter(|f| f.path.contains("/types"))
            .map(|f| (f.path.clone(), f.emit().body.to_tokens().to_string()))
            .collect();
        let module = &api.module;
        let pets = &files[&format!("src/{module}/types/pets.rs")];
        assert!(pets.contains("pub struct Pet"), "{pets}");
        // Not what a type no operation reaches (`Store`, `Event`) mentions
        // too, which compiles always.
        assert!(!pets.contains("pub struct Owner"), "{pets}");
        assert!(!pets.contains("pub struct Tag"), "{pets}");
        assert!(!pets.contains("cfg"), "an item gated again: {pets}");
        let root = &files[&format!("src/{module}/types/mod.rs")];
        let gated = quote!(
            #[cfg(feature = "pets")]
            mod pets;
        )
        .to_string();
        assert!(root.contains(&gated), "{root}");
        // The types no operation reaches, split by name prefix past 200.
        let unreferenced: Vec<&String> = files
            .keys()
            .filter(|path| path.contains("/types/unreferenced_types_"))
            .collect();
        assert!(unreferenced.len() > 1, "{:?}", files.keys());
        for path in unreferenced {
            let module = path.rsplit('/').next().unwrap().trim_end_matches(".rs");
            let ident = format_ident!("{module}");
            let gated = quote!(#[cfg(feature = "unreferenced-types")] mod #ident;).to_string();
            assert!(root.contains(&gated), "{module}: {root}");
            assert!(!files[path].contains("cfg"), "{}", files[path]);
        }
    }
}
