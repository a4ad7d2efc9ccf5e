//! The serde impls of generated structs, written out instead of derived: a
//! `match` over the wire names for `Deserialize` and a run of property writes
//! for `Serialize`, both through `flowscribe_runtime::object`. The derives
//! would produce several times more code (field enums, visitors for arrays,
//! the buffering of `#[serde(flatten)]`), which a large API spends most of its
//! type-checking time on; the fields themselves carry no serde attributes.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::types::ident;
use crate::ir::{ADDITIONAL_FIELD, Additional, Field, Literal, Struct, TypeRef};

/// The `Deserialize` and `DecodeObject` impls of a struct. Absent optional
/// and nullable properties become `None`; an absent required property, a
/// repeated property and a value of the wrong type are errors naming it.
pub fn decode(name: &Ident, st: &Struct) -> TokenStream {
    // Locals are `v_` + the field name, so no field can shadow `object`,
    // `key` or `unlisted`.
    let slots: Vec<Ident> = st
        .fields
        .iter()
        .map(|f| format_ident!("v_{}", f.name))
        .collect();
    let wires: Vec<&String> = st.fields.iter().map(|f| &f.wire_name).collect();
    let fields: Vec<Ident> = st.fields.iter().map(|f| ident(&f.name)).collect();
    let values = st.fields.iter().zip(&slots).map(|(f, slot)| {
        if let Some(default) = default_value(f) {
            // `null` counts as absent, as for an `Option`.
            let plain = matches!(&f.ty, TypeRef::Primitive(_))
                && !matches!(&f.default, Some(Literal::String(_)));
            if plain {
                quote!(#slot.flatten().unwrap_or(#default))
            } else {
                quote!(#slot.flatten().unwrap_or_else(|| #default))
            }
        } else if f.is_optional() {
            quote!(#slot.flatten())
        } else {
            let wire = &f.wire_name;
            quote!(object.required(#slot, #wire)?)
        }
    });
    let (unlisted, unlisted_arm, unlisted_field) = match &st.additional {
        Additional::Forbidden => (
            TokenStream::new(),
            quote!(_ => object.skip()?,),
            TokenStream::new(),
        ),
        Additional::KeepUnknown | Additional::Typed(_) => {
            let field = ident(ADDITIONAL_FIELD);
            (
                quote!(let mut unlisted = std::collections::BTreeMap::new();),
                quote!(_ => object.keep(&mut unlisted, key)?,),
                quote!(#field: unlisted,),
            )
        }
    };
    let type_name = name.to_string();
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                flowscribe_runtime::object::deserialize(deserializer)
            }
        }

        impl flowscribe_runtime::object::DecodeObject for #name {
            const NAME: &'static str = #type_name;

            fn decode<'de, A: serde::de::MapAccess<'de>>(
                mut object: flowscribe_runtime::object::ObjectDecoder<'de, A>,
            ) -> Result<Self, A::Error> {
                #( let mut #slots = None; )*
                #unlisted
                while let Some(key) = object.next_key()? {
                    match key.as_str() {
                        #( #wires => object.value(&mut #slots, &key)?, )*
                        #unlisted_arm
                    }
                }
                Ok(#name {
                    #( #fields: #values, )*
                    #unlisted_field
                })
            }
        }
    }
}

/// The `Serialize` impl of a struct: required properties always (`null` for a
/// nullable `None`), optional ones only when set, then the unlisted ones. It
/// exists only with the generated crate's `serialize` feature unless a request
/// can send the type (`always`).
pub fn encode(name: &Ident, st: &Struct, always: bool) -> TokenStream {
    let writes = st.fields.iter().map(|f| {
        let field = ident(&f.name);
        let wire = &f.wire_name;
        if f.is_optional() && (!f.required || f.read_only || f.write_only) {
            quote!(object.optional(#wire, &self.#field)?;)
        } else {
            quote!(object.property(#wire, &self.#field)?;)
        }
    });
    let unlisted = match &st.additional {
        Additional::Forbidden => TokenStream::new(),
        Additional::KeepUnknown | Additional::Typed(_) => {
            let field = ident(ADDITIONAL_FIELD);
            quote!(object.unlisted(&self.#field)?;)
        }
    };
    let gate = if always {
        TokenStream::new()
    } else {
        quote!(#[cfg(feature = "serialize")])
    };
    // `mut` only when something is written.
    let object = if st.fields.is_empty() && matches!(st.additional, Additional::Forbidden) {
        quote!(object)
    } else {
        quote!(mut object)
    };
    quote! {
        #gate
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let #object = flowscribe_runtime::object::ObjectEncoder::new(serializer)?;
                #( #writes )*
                #unlisted
                object.end()
            }
        }
    }
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

/// `Default` for a struct with documented defaults: they fill their fields,
/// the other optional fields are `None` and the rest their own default.
pub fn default_impl(name: &Ident, st: &Struct) -> TokenStream {
    let fields = st.fields.iter().map(|f| {
        let field = ident(&f.name);
        let value = match default_value(f) {
            Some(value) => value,
            None if f.is_optional() => quote!(None),
            None => quote!(Default::default()),
        };
        quote!(#field: #value,)
    });
    let unlisted = match &st.additional {
        Additional::Forbidden => TokenStream::new(),
        Additional::KeepUnknown | Additional::Typed(_) => {
            let field = ident(ADDITIONAL_FIELD);
            quote!(#field: Default::default(),)
        }
    };
    quote! {
        /// Every property absent: the documented defaults, and `None` for
        /// the other optional properties.
        #[allow(clippy::derivable_impls)]
        impl Default for #name {
            fn default() -> Self {
                #name {
                    #(#fields)*
                    #unlisted
                }
            }
        }
    }
}
