//! Request types: one struct per operation holding its parameters, and a
//! builder (written by the runtime's `builder!`) whose `build` names every
//! required parameter left unset. Each parameter is documented once, on its
//! field; the builder's setter links to it.

use std::borrow::Cow;

use proc_macro2::TokenStream;
use quote::quote;

use super::body::Body;
use super::docs;
use super::struct_def::{Attr, FieldDef, FieldType, StructDef};
use super::types::{ident, type_tokens};
use crate::ir::{Api, CredentialDefault, Operation, Param, Primitive, TypeKind, TypeRef};

/// Adds the request struct and builder of one operation to `body`.
pub fn request<'a>(body: &mut Body, api: &'a Api, operation: &'a Operation) {
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
                .map(|value| format!("- {} `{}: {value}`", p.location.noun(), p.wire_name))
        })
        .collect();
    if !constants.is_empty() {
        doc_lines.push(String::new());
        doc_lines.push("Always sent, so not a field:".to_owned());
        doc_lines.extend(constants);
    }
    doc_lines.push(String::new());
    doc_lines.push(format!("Build one with [`{name}::builder`]."));

    let request = StructDef {
        doc: doc_lines,
        attrs: vec![
            Attr::Derive(&["Debug", "Clone", "PartialEq"]),
            Attr::NonExhaustive,
        ],
        name: &name_text,
        fields: params
            .iter()
            .map(|param| FieldDef {
                doc: param_doc(param),
                deprecated: false,
                public: true,
                name: &param.name,
                ty: FieldType {
                    ty: match &param.shared {
                        Some(alias) => Cow::Owned(TypeRef::Named(alias.clone())),
                        None => Cow::Borrowed(&param.ty),
                    },
                    boxed: false,
                    optional: !param.required,
                },
            })
            .collect(),
    };
    let wire = super::wire::request_call(api, operation, &name, &params);
    let client_defaults = client_defaults_fn(&params);
    request.emit(body);
    body.item(wire);
    if !client_defaults.is_empty() {
        body.tokens(quote! {
            impl #name {
                #client_defaults
            }
        });
    }
    body.item(builder_call(api, operation, &name, &builder, &params));
}

/// `with_client_defaults`, for a request with parameters the client fills
/// from its credentials: the client's methods call it before `validate`.
fn client_defaults_fn(params: &[&Param]) -> TokenStream {
    let fills: Vec<TokenStream> = params
        .iter()
        .filter_map(|param| {
            let field = ident(&param.name);
            let value = match param.from_credentials? {
                CredentialDefault::ProjectId => quote!(client.project_id()),
            };
            Some(quote! {
                if request.#field.is_none() {
                    request.#field = #value.map(str::to_owned);
                }
            })
        })
        .collect();
    if fills.is_empty() {
        return TokenStream::new();
    }
    quote! {
        /// This request with the parameters left unset that `client` fills
        /// in from its credentials: what the client's method sends.
        pub fn with_client_defaults(
            &self,
            client: &impl AsRef<rt::Client>,
        ) -> Self {
            let client = client.as_ref();
            let mut request = self.clone();
            #(#fills)*
            request
        }
    }
}

fn param_doc(param: &Param) -> Vec<String> {
    let requirement = if param.required {
        "Required"
    } else {
        "Optional"
    };
    let what = format!(
        "{requirement} {} `{}`",
        param.location.noun(),
        param.wire_name
    );
    // A shared parameter is documented on its alias.
    if let Some(alias) = &param.shared {
        return vec![format!("{what}: see [`{alias}`].")];
    }
    let mut lines = docs::lines(
        &param.docs,
        &format!("The `{}` parameter.", param.wire_name),
    );
    let sentence = match param.from_credentials {
        Some(CredentialDefault::ProjectId) => format!(
            "{} `{}`; when unset, the client sends its credentials' project id.",
            upper_first(param.location.noun()),
            param.wire_name
        ),
        None => format!("{what}."),
    };
    docs::end_paragraph(&mut lines, &sentence);
    lines
}

fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// How a setter takes a parameter's value, as `builder!` reads it:
/// `into T`, `list into T`, `list T` or `T`.
fn setter_kind(api: &Api, ty: &TypeRef) -> TokenStream {
    let is_enum = |name: &str| {
        matches!(
            api.types.get(name).map(|t| &t.kind),
            Some(TypeKind::Enum(_))
        )
    };
    let converts = |ty: &TypeRef| match ty {
        TypeRef::Primitive(Primitive::String) => true,
        TypeRef::Named(name) => is_enum(name),
        _ => false,
    };
    match ty {
        TypeRef::Vec(item) if converts(item) => {
            let item = type_tokens(item);
            quote!(list into #item)
        }
        TypeRef::Vec(item) => {
            let item = type_tokens(item);
            quote!(list #item)
        }
        other if converts(other) => {
            let ty = type_tokens(other);
            quote!(into #ty)
        }
        other => type_tokens(other),
    }
}

/// The `builder!` invocation that writes the request's builder: its struct,
/// setters and `build`.
fn builder_call(
    api: &Api,
    operation: &Operation,
    request: &proc_macro2::Ident,
    builder: &proc_macro2::Ident,
    params: &[&Param],
) -> syn::Item {
    let entries = |required: bool| {
        params
            .iter()
            .filter(move |p| p.required == required)
            .map(|p| {
                let field = ident(&p.name);
                let set = ident(&format!("set_{}", p.name));
                let kind = setter_kind(api, &p.ty);
                quote!(#field #set(#kind))
            })
            .collect::<Vec<_>>()
    };
    let (required, optional) = (entries(true), entries(false));
    let id = &operation.id;
    super::syntax::runtime_macro(
        "builder",
        quote!(
            #request, #builder, #id,
            required(#(#required),*),
            optional(#(#optional),*)
        ),
    )
}
