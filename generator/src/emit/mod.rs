//! Stage 3: Rust for each API, built from the IR as tokens with `quote`.
//! What is the same for every item of a kind (the serde impls of structs and
//! enums, a builder's `build`) is an invocation of a macro of the runtime's
//! `__private` module, so a generated file states only what is specific to
//! each item.
//!
//! Each spec becomes one module of the generated crate:
//!
//! - `mod.rs`: the module's documentation and re-exports;
//! - `types.rs`: every named type (structs, enums, unions, aliases);
//! - `requests.rs`: one request struct and builder per operation, with its
//!   validation and wire form;
//! - `client.rs`: the service description and the client's methods.
//!
//! A concern with many items becomes a folder of modules instead (see
//! [`layout`]). Files are planned first and built later (see `plan.rs`): each
//! [`PlannedFile`] makes its body when asked, on the thread that formats it.

pub mod body;
mod client;
pub(crate) mod docs;
mod enums;
pub mod features;
pub mod layout;
mod objects;
pub mod parts;
mod plan;
mod requests;
mod responses;
mod struct_def;
mod syntax;
mod types;
mod wire;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, Operation, TypeDef, TypeKind, TypeRef};
pub use body::Body;
use plan::up;
pub use plan::{PlannedFile, api_files};

/// One file of the generated crate, before formatting.
#[derive(Debug)]
pub struct EmittedFile {
    /// The path inside the generated crate, for example `src/lib.rs`.
    pub path: String,
    /// The spec it comes from, for the file header (none for the crate root).
    pub source: Option<String>,
    /// The file's items, in order.
    pub body: Body,
    /// The doc comments its `#[doc]` placeholders stand for, by index (see
    /// `docs::collected`); empty when the tokens hold the docs themselves.
    pub docs: Vec<Vec<String>>,
}

/// The name every generated file with code gives the runtime crate, so that
/// the code says `rt::OperationCall` rather than repeating the crate's name
/// tens of thousands of times in a large API. Doc links keep the full name,
/// which is what a reader sees. [`layout`] never names a module this.
pub const RUNTIME_ALIAS: &str = "rt";

/// The import of [`RUNTIME_ALIAS`] at the top of a file with code. A glob
/// import of a parent's items cannot clash with it: an explicit import wins.
fn runtime_import() -> TokenStream {
    quote! {
        #[allow(unused_imports)]
        use flowscribe_runtime as rt;
    }
}

/// Whether anything the API generates is marked `#[deprecated]`.
fn uses_deprecated(api: &Api) -> bool {
    api.operations
        .iter()
        .any(|o| o.docs.deprecated || o.params.iter().any(|p| p.docs.deprecated))
        || api.types.values().any(|t| {
            t.docs.deprecated
                || matches!(&t.kind, TypeKind::Struct(st) if st.fields.iter().any(|f| f.docs.deprecated))
        })
}

fn module_root(api: &Api, gates: &features::Gates) -> TokenStream {
    let mut lines = vec![format!(
        "{} (API version {}).",
        docs::escape_line(&api.title),
        api.version
    )];
    if let Some(description) = &api.description {
        lines.push(String::new());
        lines.extend(
            description
                .trim()
                .lines()
                .map(|l| docs::escape_line(l.trim())),
        );
    }
    lines.push(String::new());
    lines.push(format!("Generated from `{}`.", api.source_file));
    if !gates.optional_features().is_empty() {
        lines.push(String::new());
        lines.push(format!(
            "The types no operation uses (webhook payloads, say) compile only with the crate's feature `{}`, which is off by default.",
            features::UNREFERENCED_TYPES
        ));
    }
    if !api.operations.is_empty() {
        lines.push(String::new());
        lines.push("Operations:".to_owned());
        lines.push(String::new());
        let large = !features::features(api).is_empty();
        for operation in &api.operations {
            let mut line = format!(
                "- `{}`: `{} {}`",
                operation.id, operation.http_method, operation.path
            );
            // A large API's summaries are its client methods' first lines
            // already; the index then only maps operations to paths.
            let summary = operation
                .docs
                .summary
                .as_ref()
                .or(operation.docs.description.as_ref())
                .filter(|_| !large);
            if let Some(summary) = summary {
                let first = summary.lines().next().unwrap_or_default().trim();
                line.push_str(&format!(", {}", docs::escape_line(first)));
            }
            lines.push(line);
        }
    }
    let lines = lines.iter().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    // Deprecated items warn where the caller uses them, not inside the
    // generated code that must mention them.
    let allow = if uses_deprecated(api) {
        quote!(#[allow(deprecated)])
    } else {
        TokenStream::new()
    };
    // With the features of a large API, the types and requests of the
    // enabled groups only, possibly none.
    let allow_unused = if features::features(api).is_empty() {
        TokenStream::new()
    } else {
        quote!(#[allow(unused_imports)])
    };
    let use_types = if api.types.is_empty() {
        TokenStream::new()
    } else {
        quote!(
            #allow_unused
            pub use self::types::*;
        )
    };
    let use_requests = if api.operations.is_empty() {
        TokenStream::new()
    } else {
        quote!(
            #allow_unused
            pub use self::requests::*;
        )
    };
    quote! {
        #( #![doc = #lines] )*
        // Descriptions are the vendor's Markdown, kept as written, which
        // often continues a list item without a blank line.
        #![allow(clippy::doc_lazy_continuation)]

        #allow
        pub mod client;
        #allow
        pub mod requests;
        #allow
        pub mod types;

        // `self::`, because the glob of `requests` also brings in the module
        // of each feature group, one of which may be called `requests`,
        // `types` or `client` (after a tag or a path segment).
        pub use self::client::*;
        #use_requests
        #use_types
    }
}

/// The file of the types `defs`: the whole `types.rs`, or with `scope`
/// (which types, as the doc says it: "whose names start with `A`") one
/// module of the `types` folder.
fn types_file(
    api: &Api,
    defs: &[&TypeDef],
    sent: &BTreeSet<String>,
    scope: Option<&str>,
    gates: &features::Gates,
) -> Body {
    let title = docs::escape_line(&api.title);
    let mut body = Body::from(match scope {
        None => {
            let doc = format!(
                " The types of {title}: every schema of `{}`.",
                api.source_file
            );
            quote! {
                #![doc = #doc]
                #![allow(clippy::enum_variant_names, clippy::large_enum_variant, clippy::too_many_arguments, clippy::type_complexity)]
            }
        }
        Some(scope) => {
            let doc = format!(" The types of {title} {scope}.");
            quote! {
                #![doc = #doc]

                #[allow(unused_imports)]
                use super::*;
            }
        }
    });
    body.tokens(runtime_import());
    let has_default = |ty: &TypeRef| has_default(api, ty);
    for def in defs {
        let sent = sent.contains(&def.name);
        let mut items = Body::default();
        types::type_def(&mut items, def, &has_default, sent);
        body.append(items.gated(&gates.type_def(&def.name)));
    }
    body
}

/// How the items of a requests file are compiled in an API with features.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gating<'a> {
    /// Each item has the `#[cfg]` of its operation's feature.
    PerItem,
    /// The file holds one feature's operations and its module is gated as a
    /// whole; the error enums named here, which operations in other files
    /// share, live in the shared errors module instead
    /// ([`shared_errors_file`]).
    WholeFile(&'a BTreeSet<String>),
}

/// The request types of `operations`, in a file `depth` modules below the
/// API's root (1 for `requests.rs`, 2 for `requests/a.rs`). `scope` says
/// which requests a file of a split `requests/` holds, for its doc.
fn requests_file(
    api: &Api,
    operations: &[&Operation],
    scope: Option<&str>,
    depth: usize,
    gates: &features::Gates,
    gating: Gating<'_>,
) -> Body {
    let title = docs::escape_line(&api.title);
    let doc = match scope {
        None => format!(" The request types of {title}: one per operation."),
        Some(scope) => format!(" The request types of {title} {scope}."),
    };
    // A file of a split `requests/` sees the error enums that operations in
    // other files share: with features, those of the shared module only
    // (importing every sibling's items into each of hundreds of modules
    // costs the compiler gigabytes on the largest APIs).
    let siblings = match (depth, gating) {
        (1, _) => Siblings::None,
        (_, Gating::PerItem) => Siblings::All,
        (_, Gating::WholeFile(_)) => Siblings::SharedErrors,
    };
    let mut body = requests_file_head(api, &doc, depth, siblings);
    for &operation in operations {
        let mut items = Body::default();
        requests::request(&mut items, api, operation);
        let (own, error) = responses::response_enums(operation);
        items.tokens(own);
        match gating {
            Gating::PerItem => {
                body.append(items.gated(&gates.operation(operation)));
                if let Some(name) = &operation.error_enum {
                    body.tokens(features::gate_items(error, &gates.error_enum(name)));
                }
            }
            Gating::WholeFile(shared) => {
                body.append(items);
                let elsewhere = operation
                    .error_enum
                    .as_ref()
                    .is_some_and(|name| shared.contains(name));
                if !elsewhere {
                    body.tokens(error);
                }
            }
        }
    }
    body
}

/// The module of the error enums `shared` that operations in several files
/// share, each compiled when one of their features is: the companion of
/// [`Gating::WholeFile`] request files.
fn shared_errors_file(
    api: &Api,
    gates: &features::Gates,
    shared: &BTreeSet<String>,
    shared_part: Option<&proc_macro2::Ident>,
) -> Body {
    let doc = format!(
        " The error enums of {} that operations in several modules share.",
        docs::escape_line(&api.title)
    );
    let mut body = requests_file_head(api, &doc, 2, Siblings::None);
    // A part's own module of them also brings in the shared part's, which
    // its requests files then see through this one.
    if let Some(part) = shared_part {
        body.tokens(quote! {
            #[allow(unused_imports)]
            pub(crate) use #part::requests::shared_errors::*;
        });
    }
    for operation in &api.operations {
        let Some(name) = operation.error_enum.as_deref() else {
            continue;
        };
        if operation.owns_error_enum && shared.contains(name) {
            let (_, error) = responses::response_enums(operation);
            body.tokens(features::gate_items(error, &gates.error_enum(name)));
        }
    }
    body
}

/// What a requests file imports of the other files of a split `requests/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Siblings {
    /// Nothing: `requests.rs` alone, or the shared error enums themselves.
    None,
    /// Every item of every file: an error enum several operations share is
    /// defined in the file of the first of them.
    All,
    /// The module of shared error enums ([`shared_errors_file`]).
    SharedErrors,
}

/// The doc, lint allowances and imports of a requests file `depth` modules
/// below the API's root.
fn requests_file_head(api: &Api, doc: &str, depth: usize, siblings: Siblings) -> Body {
    let types = if api.types.is_empty() {
        TokenStream::new()
    } else {
        let root = up(depth);
        quote!(
            #[allow(unused_imports)]
            use #root::types::*;
        )
    };
    let siblings = match siblings {
        Siblings::None => TokenStream::new(),
        Siblings::All => quote!(
            #[allow(unused_imports)]
            use super::*;
        ),
        Siblings::SharedErrors => {
            let module = types::ident(plan::SHARED_ERRORS);
            quote!(
                #[allow(unused_imports)]
                use super::#module::*;
            )
        }
    };
    let runtime = runtime_import();
    // Parameters nest arrays as deep as the spec does; one status of a
    // response enum can carry a much larger body than another.
    let allow = if depth == 1 {
        quote!(#![allow(clippy::type_complexity, clippy::large_enum_variant)])
    } else {
        TokenStream::new()
    };
    Body::from(quote! {
        #![doc = #doc]
        #allow

        #runtime
        #types
        #siblings
    })
}

/// The named types a request body, or a parameter written through
/// `Serialize` (`deepObject`, JSON `content`), can contain: they always implement
/// `Serialize`. Every other struct and union implements it only with the
/// generated crate's `serialize` feature, which halves the serde code a large
/// API compiles when the caller only reads responses.
fn sent_types(api: &Api) -> BTreeSet<String> {
    fn visit(api: &Api, ty: &TypeRef, seen: &mut BTreeSet<String>) {
        match ty {
            TypeRef::Named(name) => {
                if !seen.insert(name.clone()) {
                    return;
                }
                match api.types.get(name).map(|t| &t.kind) {
                    Some(TypeKind::Struct(st)) => {
                        for field in &st.fields {
                            visit(api, &field.ty, seen);
                        }
                        if let crate::ir::Additional::Typed(value) = &st.additional {
                            visit(api, value, seen);
                        }
                    }
                    Some(TypeKind::Union(union)) => {
                        for variant in &union.variants {
                            visit(api, &variant.ty, seen);
                        }
                    }
                    Some(TypeKind::Alias(inner)) => visit(api, inner, seen),
                    Some(TypeKind::Enum(_)) | None => {}
                }
            }
            TypeRef::Vec(inner) | TypeRef::Map(inner) => visit(api, inner, seen),
            TypeRef::Primitive(_) | TypeRef::Json => {}
        }
    }
    let mut seen = BTreeSet::new();
    for operation in &api.operations {
        for param in &operation.params {
            // Bodies, and parameters written through `Serialize`.
            if param.location == crate::ir::ParamLocation::Body
                || matches!(
                    param.encoding,
                    crate::ir::QueryEncoding::DeepObject | crate::ir::QueryEncoding::Json
                )
            {
                visit(api, &param.ty, &mut seen);
            }
        }
    }
    seen
}

/// Whether a type implements `Default`, so that a struct holding it can derive it.
pub fn has_default(api: &Api, ty: &TypeRef) -> bool {
    has_default_within(api, ty, &mut Vec::new())
}

/// [`has_default`] of `ty`, asked while deciding it for the named types of
/// `asking`. A type that requires a value of itself (a required field that
/// refers back to it) has none: its `Default` would never end.
fn has_default_within<'a>(api: &'a Api, ty: &'a TypeRef, asking: &mut Vec<&'a str>) -> bool {
    match ty {
        TypeRef::Primitive(_) | TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Json => true,
        TypeRef::Named(name) if asking.contains(&name.as_str()) => false,
        TypeRef::Named(name) => {
            asking.push(name);
            let answer = match api.types.get(name).map(|t| &t.kind) {
                Some(TypeKind::Struct(st)) => st
                    .fields
                    .iter()
                    .all(|f| f.fills_itself(|| has_default_within(api, &f.ty, asking))),
                Some(TypeKind::Alias(inner)) => has_default_within(api, inner, asking),
                _ => false,
            };
            asking.pop();
            answer
        }
    }
}

/// The crate root: one module per API, and root re-exports of the items of
/// each API whose spec opts in with `x-root-exports` (the caller has checked
/// that no two of them export one name), gated by `gates`, the
/// [`features::Gates`] of each API by module.
pub fn crate_root<'a>(
    apis: &'a [Api],
    gates: &'a BTreeMap<String, Arc<features::Gates>>,
) -> PlannedFile<'a> {
    PlannedFile::new("src/lib.rs".to_owned(), None, move || {
        crate_root_tokens(apis, gates)
    })
}

fn crate_root_tokens(apis: &[Api], gates: &BTreeMap<String, Arc<features::Gates>>) -> TokenStream {
    let modules = apis.iter().map(|api| {
        let module = types::ident(&api.module);
        let doc = format!(" {} ({}).", docs::escape_line(&api.title), api.version);
        // rustfmt would re-format prettyplease's output and make the
        // freshness check fail; the generated modules are skipped.
        quote! { #[doc = #doc] #[rustfmt::skip] pub mod #module; }
    });
    let reexports = apis.iter().map(|api| {
        let Some(exports) = &api.root_exports else {
            return TokenStream::new();
        };
        let module = types::ident(&api.module);
        // Items of a feature group are re-exported under its `#[cfg]`.
        let gates = &gates[&api.module];
        let mut by_cfg: BTreeMap<String, (TokenStream, BTreeSet<String>)> = BTreeMap::new();
        for (name, op) in api.item_names() {
            if exports.except.contains(&name) {
                continue;
            }
            let cfg = match op {
                None => gates.type_def(&name),
                Some(op) if op.error_enum.as_ref() == Some(&name) && op.owns_error_enum => {
                    gates.error_enum(&name)
                }
                Some(op) => gates.operation(op),
            };
            by_cfg
                .entry(cfg.to_string())
                .or_insert_with(|| (cfg, BTreeSet::new()))
                .1
                .insert(name);
        }
        let uses = by_cfg.into_values().map(|(cfg, names)| {
            let names = names.iter().map(|n| types::ident(n));
            quote! { #cfg #[rustfmt::skip] #[allow(deprecated)] pub use #module::{ #(#names),* }; }
        });
        quote!(#(#uses)*)
    });
    // The crate's documentation names what it was generated from, and
    // nothing else: the generator knows no vendor.
    let mut doc = vec![
        " Typed Rust clients generated by flowscribe from OpenAPI descriptions, one module"
            .to_owned(),
        " each:".to_owned(),
        String::new(),
    ];
    doc.extend(apis.iter().map(|api| {
        format!(
            " - [`{}`]: {} ({}), from `{}`.",
            api.module,
            docs::escape_line(&api.title),
            api.version,
            api.source_file
        )
    }));
    if apis.iter().any(|api| api.root_exports.is_some()) {
        doc.push(String::new());
        doc.push(
            " The items of the modules whose spec opts in (`x-root-exports`) are also re-exported here."
                .to_owned(),
        );
    }
    quote! {
        #( #![doc = #doc] )*
        #![deny(missing_docs)]

        #(#modules)*

        #(#reexports)*
    }
}
