//! Request types: one struct per operation holding its parameters, and a
//! builder whose `build` names every required parameter left unset.

use std::borrow::Cow;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::body::Body;
use super::docs;
use super::struct_def::{Attr, FieldDef, FieldType, StructDef};
use super::types::{ident, type_tokens};
use crate::ir::{Api, Operation, Param, ParamLocation, Primitive, TypeKind, TypeRef};

/// Adds the request struct and builder of one operation to `body`.
pub fn request<'a>(body: &mut Body, api: &'a Api, operation: &'a Operation, preformat: bool) {
    let name_text = format!("{}Request", operation.type_prefix);
    let builder_text = format!("{}RequestBuilder", operation.type_prefix);
    let name = ident(&name_text);
    let builder = ident(&builder_text);
    let params: Vec<&Param> = operation
        .params
        .iter()
        .filter(|p| p.constant.is_none())
        .collect();

    let mut doc_lines = vec![format!(
        "The parameters of `{}` (`{} {}`).",
        operation.id, operation.http_method, operation.path
    )];
    doc_lines.push(String::new());
    doc_lines.extend(docs::lines(
        &operation.docs,
        "The spec describes it no further.",
    ));
    let constants: Vec<String> = operation
        .params
        .iter()
        .filter_map(|p| {
            p.constant
                .as_ref()
                .map(|value| format!("- {} `{}: {value}`", location_name(p.location), p.wire_name))
        })
        .collect();
    if !constants.is_empty() {
        doc_lines.push(String::new());
        doc_lines.push("Always sent, so not a field:".to_owned());
        doc_lines.extend(constants);
    }
    doc_lines.push(String::new());
    doc_lines.push(format!("Build one with [`{name}::builder`]."));

    let field = |param: &&'a Param, public: bool| FieldDef {
        doc: if public { param_doc(param) } else { Vec::new() },
        deprecated: false,
        public,
        name: &param.name,
        ty: FieldType {
            ty: Cow::Borrowed(&param.ty),
            boxed: false,
            optional: !public || !param.required,
        },
    };
    let request = StructDef {
        doc: doc_lines,
        attrs: vec![
            Attr::Derive(&["Debug", "Clone", "PartialEq"]),
            Attr::NonExhaustive,
        ],
        name: &name_text,
        fields: params.iter().map(|p| field(p, true)).collect(),
    };
    let builder_def = StructDef {
        doc: vec![format!("Builds a [`{name}`]; see [`{name}::builder`].")],
        attrs: vec![Attr::Derive(&["Debug", "Clone", "Default"])],
        name: &builder_text,
        fields: params.iter().map(|p| field(p, false)).collect(),
    };
    let setters = params.iter().map(|param| setter(api, param));
    let build = build_fn(operation, &name, &params);
    let validate = super::wire::validate_fn(api, operation, &params);
    let to_call = super::wire::to_call_fn(api, operation);
    let new_doc =
        format!(" Starts a [`{builder}`]: set each parameter, then call [`{builder}::build`].");

    request.emit(body, preformat);
    body.tokens(quote! {
        impl #name {
            #[doc = #new_doc]
            pub fn builder() -> #builder {
                #builder::default()
            }

            #validate

            #to_call
        }
    });
    builder_def.emit(body, preformat);
    body.tokens(quote! {
        impl #builder {
            #(#setters)*
            #build
        }
    });
}

fn location_name(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path parameter",
        ParamLocation::Query => "query parameter",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
        ParamLocation::Body => "request body",
    }
}

fn param_doc(param: &Param) -> Vec<String> {
    let mut lines = docs::lines(
        &param.docs,
        &format!("The `{}` parameter.", param.wire_name),
    );
    lines.push(String::new());
    let requirement = if param.required {
        "Required"
    } else {
        "Optional"
    };
    lines.push(format!(
        "{requirement} {} `{}`.",
        location_name(param.location),
        param.wire_name
    ));
    lines
}

/// A builder method that sets one parameter, taking whatever converts into it.
fn setter(api: &Api, param: &Param) -> TokenStream {
    let field = ident(&param.name);
    let doc = docs::attrs(&param_doc(param));
    let (arg, convert) = argument(api, &param.ty);
    quote! {
        #doc
        pub fn #field(mut self, value: #arg) -> Self {
            self.#field = Some(#convert);
            self
        }
    }
}

/// The argument type of a setter and the expression that turns `value` into
/// the field's type.
fn argument(api: &Api, ty: &TypeRef) -> (TokenStream, TokenStream) {
    let is_enum = |name: &str| {
        matches!(
            api.types.get(name).map(|t| &t.kind),
            Some(TypeKind::Enum(_))
        )
    };
    match ty {
        TypeRef::Primitive(Primitive::String) => (quote!(impl Into<String>), quote!(value.into())),
        TypeRef::Named(name) if is_enum(name) => {
            let name = ident(name);
            (quote!(impl Into<#name>), quote!(value.into()))
        }
        TypeRef::Vec(item) => match item.as_ref() {
            TypeRef::Primitive(Primitive::String) => (
                quote!(impl IntoIterator<Item = impl Into<String>>),
                quote!(value.into_iter().map(Into::into).collect()),
            ),
            TypeRef::Named(name) if is_enum(name) => {
                let name = ident(name);
                (
                    quote!(impl IntoIterator<Item = impl Into<#name>>),
                    quote!(value.into_iter().map(Into::into).collect()),
                )
            }
            other => {
                let item = type_tokens(other);
                (
                    quote!(impl IntoIterator<Item = #item>),
                    quote!(value.into_iter().collect()),
                )
            }
        },
        other => (type_tokens(other), quote!(value)),
    }
}

fn build_fn(operation: &Operation, name: &proc_macro2::Ident, params: &[&Param]) -> TokenStream {
    let all: Vec<_> = params.iter().map(|p| ident(&p.name)).collect();
    let required: Vec<_> = params
        .iter()
        .filter(|p| p.required)
        .map(|p| ident(&p.name))
        .collect();
    let required_names: Vec<_> = params
        .iter()
        .filter(|p| p.required)
        .map(|p| p.name.clone())
        .collect();
    let id = &operation.id;
    let doc = if required.is_empty() {
        " Builds the request; every parameter is optional, so this cannot fail.".to_owned()
    } else {
        format!(
            " Builds the request, or names every required parameter not set ({}).",
            required_names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let builder = format_ident!("{}Builder", name);
    let destructure = quote!(let #builder { #(#all),* } = self;);
    if required.is_empty() {
        return quote! {
            #[doc = #doc]
            pub fn build(self) -> Result<#name, flowscribe_runtime::BuildError> {
                #destructure
                Ok(#name { #(#all),* })
            }
        };
    }
    quote! {
        #[doc = #doc]
        pub fn build(self) -> Result<#name, flowscribe_runtime::BuildError> {
            #destructure
            match (#(#required,)*) {
                (#(Some(#required),)*) => Ok(#name { #(#all),* }),
                (#(#required,)*) => {
                    let mut missing = Vec::new();
                    #(
                        if #required.is_none() {
                            missing.push(#required_names);
                        }
                    )*
                    Err(flowscribe_runtime::BuildError::missing(#id, missing))
                }
            }
        }
    }
}
