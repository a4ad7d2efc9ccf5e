//! A struct definition (a schema's struct, a request, a request builder),
//! described once and built as tokens.

use std::borrow::Cow;

use proc_macro2::{Delimiter, Group, Punct, Spacing, TokenStream, TokenTree};
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

    /// The definition as tokens. Built by moving each part's tokens in:
    /// `quote!` copies every token stream it interpolates, and a large API
    /// has hundreds of thousands of fields.
    pub fn tokens(&self) -> TokenStream {
        let mut out = docs::attrs(&self.doc);
        for attr in &self.attrs {
            out.extend(match attr {
                Attr::Deprecated => quote!(#[deprecated]),
                Attr::Derive(traits) => {
                    let traits = traits.iter().map(|t| ident(t));
                    quote!(#[derive(#(#traits),*)])
                }
                Attr::NonExhaustive => quote!(#[non_exhaustive]),
            });
        }
        let mut fields = TokenStream::new();
        for field in &self.fields {
            fields.extend(docs::attrs(&field.doc));
            if field.deprecated {
                fields.extend(quote!(#[deprecated]));
            }
            if field.public {
                fields.extend(quote!(pub));
            }
            fields.extend([TokenTree::from(ident(field.name)), punct(':')]);
            let mut ty = type_tokens(&field.ty.ty);
            if field.ty.boxed {
                ty = generic("Box", ty);
            }
            if field.ty.optional {
                ty = generic("Option", ty);
            }
            fields.extend(ty);
            fields.extend([punct(',')]);
        }
        out.extend(quote!(pub struct));
        out.extend([
            TokenTree::from(ident(self.name)),
            TokenTree::from(Group::new(Delimiter::Brace, fields)),
        ]);
        out
    }
}

/// `name<ty>`, `ty` moved in.
fn generic(name: &str, ty: TokenStream) -> TokenStream {
    let mut out: TokenStream = [TokenTree::from(ident(name)), punct('<')]
        .into_iter()
        .collect();
    out.extend(ty);
    out.extend([punct('>')]);
    out
}

fn punct(c: char) -> TokenTree {
    TokenTree::from(Punct::new(c, Spacing::Alone))
}
