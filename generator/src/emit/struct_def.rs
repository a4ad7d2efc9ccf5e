//! A struct definition (a schema's struct, a request, a request builder),
//! described once and built as tokens.

use std::borrow::Cow;

use proc_macro2::TokenStream;
use quote::quote;

use super::body::Body;
use super::docs;
use super::types::{ident, type_tokens};
use crate::ir::TypeRef;

/// An attribute of a struct, in the order given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attr {
    /// `#[deprecated]`.
    Deprecated,
    /// `#[derive(..)]` of these traits.
    Derive(&'static [&'static str]),
    /// `#[non_exhaustive]`.
    NonExhaustive,
}

/// The type of a field, with its wrappers.
#[derive(Debug, Clone)]
pub struct FieldType<'a> {
    /// The type as the IR names it (or as emission builds it).
    pub ty: Cow<'a, TypeRef>,
    /// Wrapped in `Box` (a recursive field).
    pub boxed: bool,
    /// Wrapped in `Option` (outside any `Box`).
    pub optional: bool,
}

/// One field.
#[derive(Debug, Clone)]
pub struct FieldDef<'a> {
    /// Doc comment lines, as `docs::attrs` takes them.
    pub doc: Vec<String>,
    /// Marked `#[deprecated]`.
    pub deprecated: bool,
    /// `pub`, or private to the module.
    pub public: bool,
    /// The Rust field name.
    pub name: &'a str,
    /// Its type.
    pub ty: FieldType<'a>,
}

/// A whole `pub struct` with named fields.
#[derive(Debug, Clone)]
pub struct StructDef<'a> {
    /// Doc comment lines.
    pub doc: Vec<String>,
    /// Attributes after the doc comment.
    pub attrs: Vec<Attr>,
    /// The Rust type name.
    pub name: &'a str,
    /// The fields, in order.
    pub fields: Vec<FieldDef<'a>>,
}

impl StructDef<'_> {
    /// Adds the definition to `body`.
    pub fn emit(&self, body: &mut Body) {
        body.tokens(self.tokens());
    }

    /// The definition as tokens.
    pub fn tokens(&self) -> TokenStream {
        let doc = docs::attrs(&self.doc);
        let attrs = self.attrs.iter().map(|attr| match attr {
            Attr::Deprecated => quote!(#[deprecated]),
            Attr::Derive(traits) => {
                let traits = traits.iter().map(|t| ident(t));
                quote!(#[derive(#(#traits),*)])
            }
            Attr::NonExhaustive => quote!(#[non_exhaustive]),
        });
        let name = ident(self.name);
        let fields = self.fields.iter().map(|field| {
            let doc = docs::attrs(&field.doc);
            let deprecated = if field.deprecated {
                quote!(#[deprecated])
            } else {
                TokenStream::new()
            };
            let visibility = if field.public {
                quote!(pub)
            } else {
                TokenStream::new()
            };
            let name = ident(field.name);
            let mut ty = type_tokens(&field.ty.ty);
            if field.ty.boxed {
                ty = quote!(Box<#ty>);
            }
            if field.ty.optional {
                ty = quote!(Option<#ty>);
            }
            quote! {
                #doc
                #deprecated
                #visibility #name: #ty,
            }
        });
        quote! {
            #doc
            #(#attrs)*
            pub struct #name {
                #(#fields)*
            }
        }
    }
}
