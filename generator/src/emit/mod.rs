//! Stage 3: Rust tokens for each API, built with `quote` from the IR.
//!
//! Each spec becomes one module of the generated crate:
//!
//! - `mod.rs`: the module's documentation and re-exports;
//! - `types.rs`: every named type (structs, enums, unions, aliases);
//! - `requests.rs`: one request struct and builder per operation, with its
//!   validation and wire form;
//! - `client.rs`: the service description and the client's methods.

mod client;
mod docs;
mod enums;
mod requests;
mod types;
mod wire;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, TypeKind, TypeRef};

/// One file of the generated crate, as tokens.
#[derive(Debug)]
pub struct EmittedFile {
    /// The path inside the generated crate, for example `src/lib.rs`.
    pub path: String,
    /// The spec it comes from, for the file header (none for the crate root).
    pub source: Option<String>,
    /// The file's contents.
    pub tokens: TokenStream,
}

/// The files of one API module.
pub fn api_files(api: &Api) -> Vec<EmittedFile> {
    let module = &api.module;
    let source = Some(api.source_file.clone());
    vec![
        EmittedFile {
            path: format!("src/{module}/mod.rs"),
            source: source.clone(),
            tokens: module_root(api),
        },
        EmittedFile {
            path: format!("src/{module}/types.rs"),
            source: source.clone(),
            tokens: types_file(api),
        },
        EmittedFile {
            path: format!("src/{module}/requests.rs"),
            source: source.clone(),
            tokens: requests_file(api),
        },
        EmittedFile {
            path: format!("src/{module}/client.rs"),
            source,
            tokens: client::client_file(api),
        },
    ]
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

fn module_root(api: &Api) -> TokenStream {
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
    if !api.operations.is_empty() {
        lines.push(String::new());
        lines.push("Operations:".to_owned());
        lines.push(String::new());
        for operation in &api.operations {
            let mut line = format!(
                "- `{}`: `{} {}`",
                operation.id, operation.http_method, operation.path
            );
            if let Some(summary) = operation
                .docs
                .summary
                .as_ref()
                .or(operation.docs.description.as_ref())
            {
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
    let use_types = if api.types.is_empty() {
        TokenStream::new()
    } else {
        quote!(
            pub use types::*;
        )
    };
    quote! {
        #( #![doc = #lines] )*

        #allow
        pub mod client;
        #allow
        pub mod requests;
        #allow
        pub mod types;

        pub use client::*;
        pub use requests::*;
        #use_types
    }
}

fn types_file(api: &Api) -> TokenStream {
    let has_default = |ty: &TypeRef| has_default(api, ty);
    let sent = sent_types(api);
    let items = api
        .types
        .values()
        .map(|def| types::type_def(def, &has_default, sent.contains(&def.name)));
    let doc = format!(
        " The types of {}: every schema of `{}`.",
        docs::escape_line(&api.title),
        api.source_file
    );
    quote! {
        #![doc = #doc]
        #![allow(clippy::enum_variant_names, clippy::large_enum_variant)]

        #(#items)*
    }
}

fn requests_file(api: &Api) -> TokenStream {
    let items = api
        .operations
        .iter()
        .map(|operation| requests::request(api, operation));
    let doc = format!(
        " The request types of {}: one per operation.",
        docs::escape_line(&api.title)
    );
    let import = if api.types.is_empty() {
        TokenStream::new()
    } else {
        quote!(
            #[allow(unused_imports)]
            use super::types::*;
        )
    };
    quote! {
        #![doc = #doc]

        #import

        #(#items)*
    }
}

/// The named types a request body can contain: they always implement
/// `Serialize`. Every other struct and union implements it only with the
/// generated crate's `serialize` feature, which halves the serde code a large
/// API compiles when the caller only reads responses.
fn sent_types(api: &Api) -> std::collections::BTreeSet<String> {
    fn visit(api: &Api, ty: &TypeRef, seen: &mut std::collections::BTreeSet<String>) {
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
    let mut seen = std::collections::BTreeSet::new();
    for operation in &api.operations {
        for param in &operation.params {
            if param.location == crate::ir::ParamLocation::Body {
                visit(api, &param.ty, &mut seen);
            }
        }
    }
    seen
}

/// Whether a type implements `Default`, so that a struct holding it can derive it.
fn has_default(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Primitive(_) | TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Json => true,
        TypeRef::Named(name) => match api.types.get(name).map(|t| &t.kind) {
            Some(TypeKind::Struct(st)) => st
                .fields
                .iter()
                .all(|f| f.is_optional() || has_default(api, &f.ty)),
            Some(TypeKind::Alias(inner)) => has_default(api, inner),
            _ => false,
        },
    }
}

/// The crate root: one module per API, and root re-exports of every item whose
/// name no other module also uses.
pub fn crate_root(apis: &[Api]) -> EmittedFile {
    let mut owners: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for api in apis {
        let names = api
            .types
            .keys()
            .cloned()
            .chain(api.operations.iter().flat_map(|op| {
                [
                    format!("{}Request", op.type_prefix),
                    format!("{}RequestBuilder", op.type_prefix),
                ]
            }));
        for name in names {
            owners.entry(name).or_default().push(&api.module);
        }
    }
    let modules = apis.iter().map(|api| {
        let module = types::ident(&api.module);
        let doc = format!(" {} ({}).", docs::escape_line(&api.title), api.version);
        // rustfmt would re-format prettyplease's output and make the
        // freshness check fail; the generated modules are skipped.
        quote! { #[doc = #doc] #[rustfmt::skip] pub mod #module; }
    });
    let reexports = apis.iter().map(|api| {
        let module = types::ident(&api.module);
        let unique: Vec<_> = owners
            .iter()
            .filter(|(_, modules)| modules.len() == 1 && modules[0] == api.module)
            .map(|(name, _)| types::ident(name))
            .collect();
        if unique.is_empty() {
            TokenStream::new()
        } else {
            quote! { #[rustfmt::skip] #[allow(deprecated)] pub use #module::{ #(#unique),* }; }
        }
    });
    let tokens = quote! {
        //! Typed Rust SDK for cloud firewall and VPC flow-log APIs, generated from
        //! the OpenAPI specs under `specs/` by `cargo xtask codegen`.
        //!
        //! Each spec is one module. Items whose names are unique across modules
        //! are also re-exported here.
        #![deny(missing_docs)]

        #(#modules)*

        #(#reexports)*
    };
    EmittedFile {
        path: "src/lib.rs".to_owned(),
        source: None,
        tokens,
    }
}
