//! The serde impls of a struct as tokens, for prettyplease to format: the
//! reference form, used wherever the text form declines.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{Finish, keeps_unlisted, written_only_when_set};
use crate::emit::types::ident;
use crate::ir::{ADDITIONAL_FIELD, Literal, Struct, TypeRef};

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
    let values = st
        .fields
        .iter()
        .zip(&slots)
        .map(|(f, slot)| match Finish::of(f) {
            Finish::Default(default) => {
                // `null` counts as absent, as for an `Option`.
                let plain = matches!(&f.ty, TypeRef::Primitive(_))
                    && !matches!(&f.default, Some(Literal::String(_)));
                if plain {
                    quote!(#slot.flatten().unwrap_or(#default))
                } else {
                    quote!(#slot.flatten().unwrap_or_else(|| #default))
                }
            }
            Finish::Optional => quote!(#slot.flatten()),
            Finish::Required => {
                let wire = &f.wire_name;
                quote!(object.required(#slot, #wire)?)
            }
        });
    let (unlisted, unlisted_arm, unlisted_field) = if keeps_unlisted(st) {
        let field = ident(ADDITIONAL_FIELD);
        (
            quote!(let mut unlisted = std::collections::BTreeMap::new();),
            quote!(_ => object.keep(&mut unlisted, key)?,),
            quote!(#field: unlisted,),
        )
    } else {
        (
            TokenStream::new(),
            quote!(_ => object.skip()?,),
            TokenStream::new(),
        )
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
/// nullable `None`), optional ones only when set, then the unlisted ones,
/// behind the `serialize` feature unless `always`.
pub fn encode(name: &Ident, st: &Struct, always: bool) -> TokenStream {
    let writes = st.fields.iter().map(|f| {
        let field = ident(&f.name);
        let wire = &f.wire_name;
        if written_only_when_set(f) {
            quote!(object.optional(#wire, &self.#field)?;)
        } else {
            quote!(object.property(#wire, &self.#field)?;)
        }
    });
    let unlisted = if keeps_unlisted(st) {
        let field = ident(ADDITIONAL_FIELD);
        quote!(object.unlisted(&self.#field)?;)
    } else {
        TokenStream::new()
    };
    let gate = if always {
        TokenStream::new()
    } else {
        quote!(#[cfg(feature = "serialize")])
    };
    // `mut` only when something is written.
    let object = if st.fields.is_empty() && !keeps_unlisted(st) {
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
