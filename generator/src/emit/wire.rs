//! What a request becomes on the wire, stated as data for the runtime's
//! `request!` macro: the checks of `validate` (the documented constraints)
//! and the parts of `to_call` (method, path, query, headers, auth, body).
//! The macro writes both methods; the logic lives in the runtime.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::types::ident;
use crate::ir::{
    Api, AuthScheme, BodyEncoding, Constraints, CredentialDefault, Operation, Param, ParamLocation,
    Primitive, QueryEncoding, SigningAlgorithm, TypeKind, TypeRef,
};

fn option_f64(value: Option<f64>) -> TokenStream {
    match value {
        Some(value) => {
            let literal = Literal::f64_unsuffixed(value);
            quote!(Some(#literal))
        }
        None => quote!(None),
    }
}

fn option_usize(value: Option<usize>) -> TokenStream {
    match value {
        Some(value) => {
            let literal = Literal::usize_unsuffixed(value);
            quote!(Some(#literal))
        }
        None => quote!(None),
    }
}

/// `req` for a required parameter or field, `opt` for an optional one.
fn presence_of(required: bool) -> TokenStream {
    if required { quote!(req) } else { quote!(opt) }
}

/// The kinds of check (`range(..)`, `length(..)`, `items(..)`) that a
/// value's constraints call for, in the order they are reported.
fn value_checks(ty: &TypeRef, constraints: &Constraints) -> Vec<TokenStream> {
    let mut checks = Vec::new();
    if (constraints.minimum.is_some() || constraints.maximum.is_some())
        && let TypeRef::Primitive(Primitive::I32 | Primitive::I64 | Primitive::F32 | Primitive::F64) =
            ty
    {
        let (min, max) = (
            option_f64(constraints.minimum),
            option_f64(constraints.maximum),
        );
        checks.push(quote!(range(#min, #max)));
    }
    if (constraints.min_length.is_some() || constraints.max_length.is_some())
        && let TypeRef::Primitive(Primitive::String) = ty
    {
        let (min, max) = (
            option_usize(constraints.min_length),
            option_usize(constraints.max_length),
        );
        checks.push(quote!(length(#min, #max)));
    }
    if (constraints.min_items.is_some() || constraints.max_items.is_some())
        && let TypeRef::Vec(_) = ty
    {
        let (min, max) = (
            option_usize(constraints.min_items),
            option_usize(constraints.max_items),
        );
        checks.push(quote!(items(#min, #max)));
    }
    checks
}

/// The struct that each item of a list parameter is, if it is one.
fn item_struct<'a>(api: &'a Api, ty: &TypeRef) -> Option<&'a crate::ir::Struct> {
    let TypeRef::Vec(item) = ty else {
        return None;
    };
    let TypeRef::Named(name) = item.as_ref() else {
        return None;
    };
    match api.types.get(name).map(|t| &t.kind) {
        Some(TypeKind::Struct(st)) => Some(st),
        _ => None,
    }
}

/// The `each(..)` check of the constrained fields of each object in a list
/// parameter, if any field has a constraint.
fn item_field_checks(api: &Api, param: &Param) -> Option<TokenStream> {
    let st = item_struct(api, &param.ty)?;
    let checks: Vec<TokenStream> = st
        .fields
        .iter()
        .flat_map(|field| {
            let name = ident(&field.name);
            let item_presence = presence_of(!field.is_optional());
            let label = match param.encoding {
                QueryEncoding::Indexed => format!("{}.{{}}.{}", param.wire_name, field.wire_name),
                _ => format!("{}[{{}}].{}", param.wire_name, field.wire_name),
            };
            let label = format_literal(&label);
            value_checks(&field.ty, &field.constraints)
                .into_iter()
                .map(move |check| quote!([#item_presence #name #label #check]))
        })
        .collect();
    if checks.is_empty() {
        return None;
    }
    let (field, presence) = (ident(&param.name), presence_of(param.required));
    Some(quote!(each(#presence #field #(#checks)*)))
}

/// A `format!` string whose one `{}` is the item number: the label's text
/// with any other braces doubled, so that a name with braces stays as it is.
fn format_literal(label: &str) -> String {
    label
        .replace('{', "{{")
        .replace('}', "}}")
        .replacen("{{}}", "{}", 1)
}

/// The `validate(..)` section: every documented constraint of the request's
/// parameters, in the order a report lists them; `None` without any.
fn validate_section(api: &Api, operation: &Operation, params: &[&Param]) -> Option<TokenStream> {
    let mut checks = Vec::new();
    for param in params {
        let field = ident(&param.name);
        let wire = &param.wire_name;
        let presence = presence_of(param.required);
        let mut kinds = value_checks(&param.ty, &param.constraints);
        let is_string = param.ty == TypeRef::Primitive(Primitive::String);
        if param.location == ParamLocation::Path && is_string {
            kinds.push(quote!(path_segment()));
        }
        if param.location == ParamLocation::Header && is_string {
            kinds.push(quote!(header_value()));
        }
        if param.location == ParamLocation::Query
            && param.required
            && !param.empty_allowed
            && is_string
        {
            kinds.push(quote!(not_empty()));
        }
        checks.extend(
            kinds
                .into_iter()
                .map(|kind| quote!(value(#presence #field #wire #kind))),
        );
        if let Some(source) = param.from_credentials {
            let reason = match source {
                CredentialDefault::ProjectId => {
                    "not set, and the client's credentials carry no project id"
                }
            };
            checks.push(quote!(unset(#field #wire #reason)));
        }
        checks.extend(item_field_checks(api, param));
    }
    for (first, second) in &operation.not_after {
        let find = |name: &str| params.iter().find(|p| p.name == name);
        let (Some(a), Some(b)) = (find(first), find(second)) else {
            continue;
        };
        let (a_presence, a_field, a_wire) = (presence_of(a.required), ident(&a.name), &a.wire_name);
        let (b_presence, b_field, b_wire) = (presence_of(b.required), ident(&b.name), &b.wire_name);
        checks.push(quote!(not_after(#a_presence #a_field #a_wire, #b_presence #b_field #b_wire)));
    }
    if checks.is_empty() {
        return None;
    }
    Some(quote!(validate(#(#checks),*)))
}

/// How one query parameter is written: an entry of the `query(..)` section.
fn query_entry(api: &Api, param: &Param) -> TokenStream {
    let wire = &param.wire_name;
    if let Some(value) = &param.constant {
        return quote!(constant(#wire, #value));
    }
    let field = ident(&param.name);
    let presence = presence_of(param.required);
    match (&param.ty, param.encoding) {
        (_, QueryEncoding::DeepObject) => quote!(deep(#presence #field #wire)),
        (_, QueryEncoding::Json) => quote!(json(#presence #field #wire)),
        (TypeRef::Vec(_), QueryEncoding::Indexed) => match item_struct(api, &param.ty) {
            Some(st) => {
                let fields = st.fields.iter().map(|f| {
                    let (name, item_presence) = (ident(&f.name), presence_of(!f.is_optional()));
                    let item_wire = &f.wire_name;
                    quote!([#item_presence #name #item_wire])
                });
                quote!(indexed_fields(#presence #field #wire #(#fields)*))
            }
            None => quote!(indexed(#presence #field #wire)),
        },
        (TypeRef::Vec(_), QueryEncoding::CommaSeparated) => quote!(joined(#presence #field #wire)),
        (TypeRef::Vec(_), QueryEncoding::PipeDelimited) => {
            quote!(delimited(#presence #field #wire "|"))
        }
        (TypeRef::Vec(_), QueryEncoding::SpaceDelimited) => {
            quote!(delimited(#presence #field #wire " "))
        }
        (TypeRef::Vec(_), _) => quote!(repeated(#presence #field #wire)),
        _ => quote!(plain(#presence #field #wire)),
    }
}

/// The `headers(..)` section's entries: constant headers first, then the
/// header parameters, required before optional, then the cookies (which
/// the runtime sends as one last `Cookie` header).
fn header_entries(operation: &Operation) -> Vec<TokenStream> {
    let mut fixed: Vec<TokenStream> = operation
        .request_headers
        .iter()
        .map(|(name, value)| quote!(constant(#name, #value)))
        .collect();
    let mut optional = Vec::new();
    for param in operation
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Header)
    {
        let wire = &param.wire_name;
        if let Some(value) = &param.constant {
            fixed.push(quote!(constant(#wire, #value)));
            continue;
        }
        let (field, presence) = (ident(&param.name), presence_of(param.required));
        let entry = if param.encoding == QueryEncoding::Json {
            quote!(json(#presence #field #wire))
        } else {
            quote!(plain(#presence #field #wire))
        };
        if param.required {
            fixed.push(entry);
        } else {
            optional.push(entry);
        }
    }
    let cookies = operation
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Cookie)
        .map(|param| {
            let (wire, field) = (&param.wire_name, ident(&param.name));
            let presence = presence_of(param.required);
            if param.encoding == QueryEncoding::Json {
                quote!(cookie_json(#presence #field #wire))
            } else {
                quote!(cookie(#presence #field #wire))
            }
        });
    fixed.extend(optional);
    fixed.extend(cookies);
    fixed
}

/// The runtime's auth schemes an operation accepts.
fn auth_schemes(api: &Api, operation: &Operation) -> Vec<TokenStream> {
    operation
        .security
        .iter()
        .filter_map(|name| match api.auth.get(name)? {
            AuthScheme::Signed { algorithm, .. } => {
                let variant = match algorithm {
                    SigningAlgorithm::SdkHmacSha256 => quote!(SdkHmacSha256),
                    SigningAlgorithm::Acs3HmacSha256 => quote!(Acs3HmacSha256),
                };
                Some(quote!(signed(#variant)))
            }
            AuthScheme::HeaderKey { header } => Some(quote!(token_header(#header))),
            AuthScheme::Bearer => Some(quote!(bearer())),
            AuthScheme::Other { .. } => None,
        })
        .collect()
}

/// The `path(..)` entry: the path as the spec writes it when no parameter
/// fills it, or a `format!`-style template and the value of each place.
fn path_entry(operation: &Operation) -> TokenStream {
    let mut template = String::new();
    let mut values = Vec::new();
    let mut rest = operation.path.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        template.push_str(&rest[..open].replace('{', "{{").replace('}', "}}"));
        template.push_str("{}");
        let name = &rest[open + 1..open + close];
        if let Some(param) = operation
            .params
            .iter()
            .find(|p| p.location == ParamLocation::Path && p.wire_name == name)
        {
            let field = ident(&param.name);
            // Only a parameter the client fills from its credentials is
            // optional in the path; `validate` reports it if still unset. A
            // constant has no field: its value is the segment.
            values.push(if let Some(value) = &param.constant {
                quote!(constant #value)
            } else if param.encoding == QueryEncoding::Json {
                quote!(json #field)
            } else if param.required {
                quote!(req #field)
            } else {
                quote!(opt #field)
            });
        }
        rest = &rest[open + close + 1..];
    }
    template.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    if values.is_empty() {
        // No place to fill: the path as the spec writes it, braces and all.
        let path = &operation.path;
        quote!(path(#path))
    } else {
        quote!(path(#template, #(#values),*))
    }
}

/// The `body(..)` entry, for an operation with a body parameter.
fn body_entry(operation: &Operation) -> Option<TokenStream> {
    let param = operation
        .params
        .iter()
        .find(|p| p.location == ParamLocation::Body)?;
    let (field, presence) = (ident(&param.name), presence_of(param.required));
    Some(match operation.body.as_ref()? {
        BodyEncoding::Json => quote!(body(json(#presence #field))),
        BodyEncoding::Form => quote!(body(form(#presence #field))),
        BodyEncoding::Raw(media) => quote!(body(raw(#media #presence #field))),
    })
}

/// The `rt::__private::request!` call that writes the request's `validate`
/// and `to_call`.
pub fn request_call(
    api: &Api,
    operation: &Operation,
    name: &proc_macro2::Ident,
    params: &[&Param],
) -> syn::Item {
    let id = &operation.id;
    let method = &operation.http_method;
    let mut call = vec![quote!(#method)];
    call.extend(body_entry(operation));
    call.push(path_entry(operation));
    let query: Vec<TokenStream> = operation
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Query)
        .map(|param| query_entry(api, param))
        .collect();
    if !query.is_empty() {
        call.push(quote!(query(#(#query),*)));
    }
    let headers = header_entries(operation);
    if !headers.is_empty() {
        call.push(quote!(headers(#(#headers),*)));
    }
    let auth = auth_schemes(api, operation);
    if !auth.is_empty() {
        call.push(quote!(auth(#(#auth),*)));
    }
    let validate = validate_section(api, operation, params).map(|checks| quote!(#checks,));
    super::syntax::runtime_macro("request", quote!(#name, #id, #validate call(#(#call),*)))
}
