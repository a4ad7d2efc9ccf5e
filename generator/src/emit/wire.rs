//! What a request becomes on the wire: `validate` (the documented
//! constraints) and `to_call` (method, encoded path, query, headers, auth).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::types::ident;
use crate::ir::{
    Api, AuthScheme, BodyEncoding, Constraints, CredentialDefault, Operation, Param, ParamLocation,
    Primitive, QueryEncoding, SigningAlgorithm, TypeKind, TypeRef,
};

fn f64_literal(value: f64) -> TokenStream {
    let literal = Literal::f64_unsuffixed(value);
    quote!(#literal)
}

fn option_f64(value: Option<f64>) -> TokenStream {
    match value {
        Some(value) => {
            let literal = f64_literal(value);
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

/// Checks of one value, `value` an expression giving a reference to it,
/// named by `name` (an expression giving a `&str`).
fn value_checks(
    ty: &TypeRef,
    constraints: &Constraints,
    name: &TokenStream,
    value: &TokenStream,
) -> TokenStream {
    let mut checks = TokenStream::new();
    if (constraints.minimum.is_some() || constraints.maximum.is_some())
        && let TypeRef::Primitive(Primitive::I32 | Primitive::I64 | Primitive::F32 | Primitive::F64) =
            ty
    {
        let (min, max) = (
            option_f64(constraints.minimum),
            option_f64(constraints.maximum),
        );
        checks.extend(quote!(violations.range(#name, #value, #min, #max);));
    }
    if (constraints.min_length.is_some() || constraints.max_length.is_some())
        && let TypeRef::Primitive(Primitive::String) = ty
    {
        let (min, max) = (
            option_usize(constraints.min_length),
            option_usize(constraints.max_length),
        );
        checks.extend(quote!(violations.length(#name, #value, #min, #max);));
    }
    if (constraints.min_items.is_some() || constraints.max_items.is_some())
        && let TypeRef::Vec(_) = ty
    {
        let (min, max) = (
            option_usize(constraints.min_items),
            option_usize(constraints.max_items),
        );
        checks.extend(quote!(violations.items(#name, #value, #min, #max);));
    }
    checks
}

/// Checks of the constrained fields of each object in a list parameter.
fn item_field_checks(api: &Api, param: &Param) -> TokenStream {
    let TypeRef::Vec(item) = &param.ty else {
        return TokenStream::new();
    };
    let TypeRef::Named(name) = item.as_ref() else {
        return TokenStream::new();
    };
    let Some(TypeKind::Struct(st)) = api.types.get(name).map(|t| &t.kind) else {
        return TokenStream::new();
    };
    let field_checks: Vec<TokenStream> = st
        .fields
        .iter()
        .filter(|f| !f.constraints.is_empty())
        .filter_map(|field| {
            let field_name = ident(&field.name);
            let label = match param.encoding {
                QueryEncoding::Indexed => format!("{}.{{}}.{}", param.wire_name, field.wire_name),
                _ => format!("{}[{{}}].{}", param.wire_name, field.wire_name),
            };
            let name = quote!(&format!(#label, index + 1));
            let value = if field.is_optional() {
                quote!(value)
            } else {
                quote!(&item.#field_name)
            };
            let checks = value_checks(&field.ty, &field.constraints, &name, &value);
            if checks.is_empty() {
                return None;
            }
            Some(if field.is_optional() {
                quote! { if let Some(value) = &item.#field_name { #checks } }
            } else {
                checks
            })
        })
        .collect();
    if field_checks.is_empty() {
        return TokenStream::new();
    }
    let field = ident(&param.name);
    let items = if param.required {
        quote!(Some(&self.#field))
    } else {
        quote!(self.#field.as_ref())
    };
    quote! {
        for (index, item) in #items.into_iter().flatten().enumerate() {
            #(#field_checks)*
        }
    }
}

/// `validate`: every documented constraint of the request's parameters.
pub fn validate_fn(api: &Api, operation: &Operation, params: &[&Param]) -> TokenStream {
    let mut body = TokenStream::new();
    for param in params {
        let field = ident(&param.name);
        let wire = &param.wire_name;
        let name = quote!(#wire);
        let value = if param.required {
            quote!(&self.#field)
        } else {
            quote!(value)
        };
        let mut checks = value_checks(&param.ty, &param.constraints, &name, &value);
        if param.location == ParamLocation::Path
            && param.ty == TypeRef::Primitive(Primitive::String)
        {
            checks.extend(quote!(violations.path_segment(#name, #value);));
        }
        if param.location == ParamLocation::Header
            && param.ty == TypeRef::Primitive(Primitive::String)
        {
            checks.extend(quote!(violations.header_value(#name, #value);));
        }
        if param.location == ParamLocation::Query
            && param.required
            && !param.empty_allowed
            && param.ty == TypeRef::Primitive(Primitive::String)
        {
            checks.extend(quote!(violations.not_empty(#name, #value);));
        }
        if !checks.is_empty() {
            body.extend(if param.required {
                checks
            } else {
                quote! { if let Some(value) = &self.#field { #checks } }
            });
        }
        if let Some(source) = param.from_credentials {
            let reason = match source {
                CredentialDefault::ProjectId => {
                    "not set, and the client's credentials carry no project id"
                }
            };
            body.extend(quote! {
                if self.#field.is_none() {
                    violations.unset(#name, #reason);
                }
            });
        }
        body.extend(item_field_checks(api, param));
    }
    for (first, second) in &operation.not_after {
        let find = |name: &str| params.iter().find(|p| p.name == name);
        let (Some(a), Some(b)) = (find(first), find(second)) else {
            continue;
        };
        let value = |p: &Param| {
            let field = ident(&p.name);
            match (p.required, &p.ty) {
                (true, TypeRef::Primitive(Primitive::I64)) => quote!(Some(self.#field)),
                (true, _) => quote!(Some(i64::from(self.#field))),
                (false, TypeRef::Primitive(Primitive::I64)) => quote!(self.#field),
                (false, _) => quote!(self.#field.map(i64::from)),
            }
        };
        let (a_value, b_value) = (value(a), value(b));
        let (a_wire, b_wire) = (&a.wire_name, &b.wire_name);
        body.extend(quote! {
            if let (Some(first), Some(second)) = (#a_value, #b_value) {
                violations.not_after((#a_wire, first), (#b_wire, second));
            }
        });
    }
    let id = &operation.id;
    if body.is_empty() {
        return quote! {
            /// Every documented constraint the parameters break: none are documented.
            pub fn validate(&self) -> Result<(), rt::ValidationError> {
                Ok(())
            }
        };
    }
    quote! {
        /// Every documented constraint the parameters break; checked before sending.
        pub fn validate(&self) -> Result<(), rt::ValidationError> {
            let mut violations = rt::__private::Violations::new();
            #body
            violations.finish(#id)
        }
    }
}

/// Whether a value is passed by copy rather than by reference.
fn is_copy(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Primitive(p) if !matches!(p, Primitive::String | Primitive::Bytes))
}

/// How one query parameter is written.
fn query_writes(api: &Api, param: &Param) -> TokenStream {
    let field = ident(&param.name);
    let wire = &param.wire_name;
    let value = if param.required {
        quote!(Some(&self.#field))
    } else {
        quote!(self.#field.as_ref())
    };
    match (&param.ty, param.encoding) {
        (_, QueryEncoding::DeepObject) => quote!(query.push_deep_object(#wire, #value);),
        (_, QueryEncoding::Json) => quote!(query.push_json(#wire, #value);),
        (TypeRef::Vec(item), QueryEncoding::Indexed) => {
            let fields = match item.as_ref() {
                TypeRef::Named(name) => match api.types.get(name).map(|t| &t.kind) {
                    Some(TypeKind::Struct(st)) => Some(st.fields.clone()),
                    _ => None,
                },
                _ => None,
            };
            match fields {
                Some(fields) => {
                    let writes = fields.iter().map(|f| {
                        let name = ident(&f.name);
                        let key = format!("{wire}.{{n}}.{}", f.wire_name);
                        if !f.is_optional() && is_copy(&f.ty) {
                            quote!(query.push(format!(#key), item.#name);)
                        } else if !f.is_optional() {
                            quote!(query.push(format!(#key), &item.#name);)
                        } else {
                            quote!(query.push_opt(&format!(#key), item.#name.as_ref());)
                        }
                    });
                    quote! {
                        for (index, item) in #value.into_iter().flatten().enumerate() {
                            let n = index + 1;
                            #(#writes)*
                        }
                    }
                }
                None => {
                    let key = format!("{wire}.{{n}}");
                    quote! {
                        for (index, item) in #value.into_iter().flatten().enumerate() {
                            let n = index + 1;
                            query.push(format!(#key), item);
                        }
                    }
                }
            }
        }
        (TypeRef::Vec(_), QueryEncoding::CommaSeparated) => quote! {
            if let Some(values) = #value { query.push_joined(#wire, values); }
        },
        (TypeRef::Vec(_), QueryEncoding::PipeDelimited) => quote! {
            if let Some(values) = #value { query.push_delimited(#wire, values, "|"); }
        },
        (TypeRef::Vec(_), QueryEncoding::SpaceDelimited) => quote! {
            if let Some(values) = #value { query.push_delimited(#wire, values, " "); }
        },
        (TypeRef::Vec(_), _) => quote! {
            if let Some(values) = #value { query.push_repeated(#wire, values); }
        },
        (ty, _) if param.required && is_copy(ty) => quote!(query.push(#wire, self.#field);),
        _ if param.required => quote!(query.push(#wire, &self.#field);),
        _ => quote!(query.push_opt(#wire, self.#field.as_ref());),
    }
}

/// A parameter's value where it is written with `Display`: `plain` as it
/// is, or JSON text of `reference` for a parameter described by a JSON
/// `content`.
fn display_text(param: &Param, plain: TokenStream, reference: TokenStream) -> TokenStream {
    if param.encoding == QueryEncoding::Json {
        quote!(rt::__private::JsonText(#reference))
    } else {
        plain
    }
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
                Some(quote!(rt::AuthScheme::Signed(rt::SigningAlgorithm::#variant)))
            }
            AuthScheme::HeaderKey { header } => Some(quote!(rt::AuthScheme::TokenHeader(#header))),
            AuthScheme::Bearer => Some(quote!(rt::AuthScheme::Bearer)),
            AuthScheme::Other { .. } => None,
        })
        .collect()
}

/// `to_call`: the request as the runtime sends it.
pub fn to_call_fn(api: &Api, operation: &Operation) -> TokenStream {
    // The path: literal pieces and encoded parameters, through `format!`.
    let mut template = String::new();
    let mut args = Vec::new();
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
            args.push(if let Some(value) = &param.constant {
                quote!(#value)
            } else if param.encoding == QueryEncoding::Json {
                quote!(rt::__private::JsonText(&self.#field))
            } else if param.required {
                quote!(self.#field)
            } else {
                quote!(self.#field.as_deref().unwrap_or_default())
            });
        }
        rest = &rest[open + close + 1..];
    }
    template.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    let path = if args.is_empty() {
        // No place to fill: the path as the spec writes it, braces and all.
        let path = &operation.path;
        quote!(#path.to_owned())
    } else {
        quote!(rt::__private::path!(#template, #(#args),*))
    };

    let query: Vec<TokenStream> = operation
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Query)
        .map(|param| match &param.constant {
            Some(value) => {
                let wire = &param.wire_name;
                quote!(query.push(#wire, #value);)
            }
            None => query_writes(api, param),
        })
        .collect();
    // Constant headers first, then header parameters the caller may set.
    let mut fixed: Vec<TokenStream> = operation
        .request_headers
        .iter()
        .map(|(name, value)| quote!((#name.to_owned(), #value.to_owned())))
        .collect();
    let mut optional: Vec<TokenStream> = Vec::new();
    for param in operation
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Header)
    {
        let wire = &param.wire_name;
        let field = ident(&param.name);
        let text =
            |plain: TokenStream, reference: TokenStream| display_text(param, plain, reference);
        match &param.constant {
            Some(value) => fixed.push(quote!((#wire.to_owned(), #value.to_owned()))),
            None if param.required => {
                let value = text(quote!(self.#field), quote!(&self.#field));
                fixed.push(quote!((#wire.to_owned(), #value.to_string())));
            }
            None => {
                let value = text(quote!(value), quote!(value));
                optional.push(quote!(if let Some(value) = &self.#field { headers.push((#wire.to_owned(), #value.to_string())); }));
            }
        }
    }
    let cookies: Vec<TokenStream> = operation
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Cookie)
        .map(|param| {
            let wire = &param.wire_name;
            let field = ident(&param.name);
            if param.required {
                let value = display_text(param, quote!(self.#field), quote!(&self.#field));
                quote!(cookies.push(format!("{}={}", #wire, #value));)
            } else {
                let value = display_text(param, quote!(value), quote!(value));
                quote!(if let Some(value) = &self.#field { cookies.push(format!("{}={}", #wire, #value)); })
            }
        })
        .collect();
    if !cookies.is_empty() {
        optional.push(quote! {
            let mut cookies: Vec<String> = Vec::new();
            #(#cookies)*
            if !cookies.is_empty() {
                headers.push(("Cookie".to_owned(), cookies.join("; ")));
            }
        });
    }
    let id = &operation.id;
    let method = &operation.http_method;
    let auth = auth_schemes(api, operation);
    let body_param = operation
        .params
        .iter()
        .find(|p| p.location == ParamLocation::Body);
    let body = match (body_param, &operation.body) {
        (Some(param), Some(encoding)) => Some({
            let field = ident(&param.name);
            let encode = |value: TokenStream| match encoding {
                BodyEncoding::Json => quote!(rt::Body::json(#value)?),
                BodyEncoding::Form => quote!(rt::Body::form(#value)?),
                BodyEncoding::Raw(media) => {
                    quote!(rt::Body::raw(#media, #value.clone()))
                }
            };
            if param.required {
                // Raw bytes are taken by value (`encode` clones them).
                let encoded = match encoding {
                    BodyEncoding::Raw(_) => encode(quote!(self.#field)),
                    _ => encode(quote!(&self.#field)),
                };
                quote!(Some(#encoded))
            } else if let BodyEncoding::Raw(_) = encoding {
                let encoded = encode(quote!(value));
                quote!(self.#field.as_ref().map(|value| #encoded))
            } else {
                // Encoding can fail (`?`), which `Option::map` cannot pass on.
                let encoded = encode(quote!(value));
                quote!(match &self.#field { Some(value) => Some(#encoded), None => None })
            }
        }),
        _ => None,
    };
    // The fields that differ from `OperationCall::new`'s empty ones.
    let mut fields = Vec::new();
    let query_decl = if query.is_empty() {
        TokenStream::new()
    } else {
        fields.push(quote!(query: query.into_pairs()));
        quote!(let mut query = rt::__private::QueryWriter::new();)
    };
    let no_headers = fixed.is_empty() && optional.is_empty();
    let headers_decl = if no_headers {
        TokenStream::new()
    } else {
        fields.push(quote!(headers));
        if optional.is_empty() {
            quote!(let headers: Vec<(String, String)> = vec![#(#fixed),*];)
        } else {
            quote!(let mut headers: Vec<(String, String)> = vec![#(#fixed),*];)
        }
    };
    if !auth.is_empty() {
        fields.push(quote!(auth: &[#(#auth),*]));
    }
    if let Some(body) = body {
        fields.push(quote!(body: #body));
    }
    let new = quote!(rt::OperationCall::new(#id, #method, #path));
    let call = if fields.is_empty() {
        new
    } else {
        quote!(rt::OperationCall { #(#fields,)* ..#new })
    };
    if body_param.is_none() {
        return quote! {
            /// The HTTP call this request becomes, before endpoint and signature.
            pub fn to_call(&self) -> rt::OperationCall {
                #query_decl
                #(#query)*
                #headers_decl
                #(#optional)*
                #call
            }
        };
    }
    quote! {
        /// The HTTP call this request becomes, before endpoint and signature; fails only if the body cannot be encoded.
        pub fn to_call(&self) -> Result<rt::OperationCall, rt::BodyError> {
            #query_decl
            #(#query)*
            #headers_decl
            #(#optional)*
            Ok(#call)
        }
    }
}
