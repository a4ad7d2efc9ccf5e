//! The serde impls of generated structs: one `object!` invocation of the
//! runtime per struct, naming each field with its wire name and how it is
//! read and written. The runtime's macro writes the `Deserialize` impl (a
//! `match` over the wire names, through `flowscribe_runtime::__private::object`)
//! and the `Serialize` impl. The derives would produce several times more code
//! (field enums, visitors for arrays, the buffering of `#[serde(flatten)]`),
//! which a large API spends most of its type-checking time on; the fields
//! themselves carry no serde attributes.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::types::ident;
use crate::ir::{ADDITIONAL_FIELD, Additional, Field, Literal, Struct, TypeRef};

/// Whether `Serialize` leaves the property out when the field is `None`
/// (rather than writing `null`): optional properties, and those present in
/// one direction only.
fn written_only_when_set(field: &Field) -> bool {
    field.is_optional() && (!field.required || field.read_only || field.write_only)
}

/// What `object!` writes besides the serde impls.
pub enum Init<'a> {
    /// Nothing: the struct derives `Default`.
    Nothing,
    /// `Default`, with the documented defaults filled in.
    Default,
    /// `new`, for a struct that cannot implement `Default` (a required
    /// field's type has no default): it takes exactly the fields the function
    /// picks, and fills the others as `Default` would. With the struct
    /// `#[non_exhaustive]`, it is how code outside the crate (a test's
    /// fixture, a mock) builds one.
    New(&'a dyn Fn(&Field) -> bool),
}

/// The `object!` invocation of a struct. `Serialize` exists only with the
/// generated crate's `serialize` feature unless a request can send the type
/// (`always`).
pub fn serde_impls(name: &Ident, st: &Struct, always: bool, init: Init<'_>) -> syn::Item {
    let fields = st.fields.iter().map(|f| {
        let field = ident(&f.name);
        let wire = &f.wire_name;
        let new = match init {
            Init::New(takes) if takes(f) => {
                let mut ty = super::types::type_tokens(&f.ty);
                if f.boxed {
                    ty = quote!(Box<#ty>);
                }
                quote!(, new #ty)
            }
            _ => TokenStream::new(),
        };
        match default_value(f) {
            Some(default) => quote!(#field(#wire, default = #default #new)),
            // Absent and `null` are `None`; `None` is left out or written as
            // `null`.
            None if f.is_optional() && written_only_when_set(f) => quote!(#field(#wire #new)),
            None if f.is_optional() => quote!(#field(#wire, nullable #new)),
            None => quote!(#field(#wire, required #new)),
        }
    });
    let unlisted = match st.additional {
        Additional::Forbidden => TokenStream::new(),
        Additional::KeepUnknown | Additional::Typed(_) => {
            let field = ident(ADDITIONAL_FIELD);
            quote!(unlisted(#field))
        }
    };
    let gate = if always {
        TokenStream::new()
    } else {
        quote!(serialize_feature("serialize"))
    };
    let init = match init {
        Init::Nothing => TokenStream::new(),
        Init::Default => quote!(init(Default)),
        Init::New(_) => quote!(init(new)),
    };
    super::syntax::runtime_macro(
        "object",
        quote!(#name { #(#fields),* } #unlisted #gate #init),
    )
}

/// The documented default of a field as an expression of its type.
pub fn default_value(field: &Field) -> Option<TokenStream> {
    let value = literal(&field.ty, field.default.as_ref()?);
    Some(if field.boxed {
        quote!(Box::new(#value))
    } else {
        value
    })
}

/// `literal` as an expression of type `ty`.
fn literal(ty: &TypeRef, literal: &Literal) -> TokenStream {
    let value = match (literal, ty) {
        (Literal::Bool(value), _) => quote!(#value),
        (Literal::Integer(value), _) => {
            let value = proc_macro2::Literal::i64_unsuffixed(*value);
            quote!(#value)
        }
        (Literal::Number(value), _) => {
            let value = proc_macro2::Literal::f64_unsuffixed(*value);
            quote!(#value)
        }
        (Literal::String(value), TypeRef::Named(_)) => quote!(#value),
        (Literal::String(value), _) => quote!(#value.to_owned()),
        (Literal::List(items), TypeRef::Vec(item)) => {
            let items = items.iter().map(|value| self::literal(item, value));
            return quote!(vec![#(#items),*]);
        }
        // Lowering pairs lists with `Vec` fields only.
        (Literal::List(_), _) => quote!(Default::default()),
    };
    match ty {
        TypeRef::Named(name) => {
            let name = ident(name);
            quote!(#name::from(#value))
        }
        _ => value,
    }
}
