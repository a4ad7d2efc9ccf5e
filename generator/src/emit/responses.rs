//! The per-operation response enums: `{Prefix}Output`, the successful answers
//! by status when their bodies differ, and `{Prefix}Error`, the documented
//! error answers, decoded from a [`flowscribe_runtime::Error`] on request.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::docs;
use super::types::{ident, type_tokens};
use crate::ir::{Operation, StatusResponse};

/// The response enums of `operation`: its own items (the output enum, the
/// alias of a shared error enum), and the error enum it defines.
pub fn response_enums(operation: &Operation) -> (TokenStream, TokenStream) {
    let output = operation
        .outputs
        .as_deref()
        .map(|name| output_enum(operation, &ident(name)));
    let error = operation
        .error_enum
        .as_deref()
        .filter(|_| operation.owns_error_enum)
        .map(|name| error_enum(operation, &ident(name)));
    let alias = operation.error_alias.as_deref().map(|alias| {
        let shared = operation.error_enum.as_deref().map(ident);
        let doc = format!(
            " The documented error answers of `{}`, which {} operations share: [`{}`].",
            operation.id,
            operation.error_enum_users,
            operation.error_enum.as_deref().unwrap_or_default()
        );
        let alias = ident(alias);
        quote! {
            #[doc = #doc]
            pub type #alias = #shared;
        }
    });
    (quote!(#output #alias), quote!(#error))
}

/// The variants of an enum over `responses`: a tuple variant with the body
/// for a status code, a struct variant with the status too for a range or
/// `default`.
fn variants(responses: &[StatusResponse]) -> TokenStream {
    let variants = responses.iter().map(|response| {
        let variant = ident(&response.variant);
        let lines = [format!(
            "{}: {}",
            status_label(response),
            docs::one_line(&response.description)
        )];
        let doc = docs::attrs(&lines);
        let body = response.body.as_ref().map(type_tokens);
        let status = quote! {
            /// The status received.
            status: u16,
        };
        match (response.code(), body) {
            (Some(_), Some(body)) => quote!(#doc #variant(#body),),
            (Some(_), None) => quote!(#doc #variant,),
            (None, Some(body)) => quote! {
                #doc
                #variant {
                    #status
                    /// The body.
                    body: #body,
                },
            },
            (None, None) => quote!(#doc #variant { #status },),
        }
    });
    quote!(#(#variants)*)
}

fn status_label(response: &StatusResponse) -> String {
    match response.code() {
        Some(code) => format!("HTTP {code}"),
        None if response.status == "default" => "Any other status".to_owned(),
        None => format!("HTTP {}", response.status),
    }
}

/// The pattern and value of the match arm of `response`: `from` decodes the
/// body into a `Result` or `Option`, `ok` wraps a variant without body in the
/// same.
fn arm(
    response: &StatusResponse,
    from: &TokenStream,
    ok: impl Fn(TokenStream) -> TokenStream,
) -> (TokenStream, TokenStream) {
    let variant = ident(&response.variant);
    let pattern = match response.code() {
        Some(code) => {
            let code = Literal::u16_unsuffixed(code);
            quote!(#code)
        }
        None => match response.status.as_bytes() {
            [digit @ b'1'..=b'5', b'X' | b'x', b'X' | b'x'] => {
                let low = u16::from(digit - b'0') * 100;
                let (low, high) = (
                    Literal::u16_unsuffixed(low),
                    Literal::u16_unsuffixed(low + 99),
                );
                quote!(status @ #low..=#high)
            }
            _ => quote!(status),
        },
    };
    let value = match (response.code(), &response.body) {
        (Some(_), Some(_)) => quote!(#from.map(Self::#variant)),
        (Some(_), None) => ok(quote!(Self::#variant)),
        (None, Some(_)) => quote!(#from.map(|body| Self::#variant { status, body })),
        (None, None) => ok(quote!(Self::#variant { status })),
    };
    (pattern, value)
}

fn output_enum(operation: &Operation, name: &Ident) -> TokenStream {
    let doc = format!(
        " The successful answers of `{}`, by HTTP status: the statuses document different bodies.",
        operation.id
    );
    let variants = variants(&operation.successes);
    // 2xx statuses are never `default`, so a status no arm takes is kept
    // undecoded.
    let other = quote! {
        /// A status the spec does not list, with its body as received.
        Undocumented {
            /// The status received.
            status: u16,
            /// The body (`null` when empty).
            body: serde_json::Value,
        },
    };
    let from = quote!(serde_json::from_slice(body));
    let (patterns, values): (Vec<_>, Vec<_>) = operation
        .successes
        .iter()
        .map(|r| arm(r, &from, |v| quote!(Ok(#v))))
        .unzip();
    let fallback = quote!(status => serde_json::from_slice(body).map(|body| #name::Undocumented { status, body }),);
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #variants
            #other
        }

        impl #name {
            /// Decodes a successful answer's body (`null` when empty) by its status.
            pub fn decode(status: u16, body: &[u8]) -> Result<Self, serde_json::Error> {
                match status {
                    #( #patterns => #values, )*
                    #fallback
                }
            }
        }
    }
}

fn error_enum(operation: &Operation, name: &Ident) -> TokenStream {
    let doc = if operation.error_enum_users > 1 {
        format!(
            " The documented error answers of {} operations (`{}` and others whose answers are the same), by HTTP status; [`{name}::from_error`] decodes one from a call's error.",
            operation.error_enum_users, operation.id
        )
    } else {
        format!(
            " The documented error answers of `{}`, by HTTP status; [`{name}::from_error`] decodes one from a call's error.",
            operation.id
        )
    };
    let variants = variants(&operation.errors);
    let from = quote!(service.decode_body());
    let (patterns, values): (Vec<_>, Vec<_>) = operation
        .errors
        .iter()
        .map(|r| arm(r, &from, |v| quote!(Some(#v))))
        .unzip();
    let catches_all = operation.errors.iter().any(|r| r.status == "default");
    let fallback = if catches_all {
        TokenStream::new()
    } else {
        quote!(_ => None,)
    };
    // Only `default`: every status takes the one arm.
    let only_default = operation.errors.len() == 1 && catches_all;
    let decode = if only_default {
        let value = &values[0];
        quote! {
            let status = service.status;
            #value
        }
    } else {
        quote! {
            match service.status {
                #( #patterns => #values, )*
                #fallback
            }
        }
    };
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #variants
        }

        impl #name {
            /// The documented answer in `error`, a [`flowscribe_runtime::Error::Service`]; `None` for another error, an undocumented status or a body that does not decode as documented (it stays in [`flowscribe_runtime::ServiceError::body`]).
            pub fn from_error(error: &rt::Error) -> Option<Self> {
                let service = error.as_service()?;
                #decode
            }
        }
    }
}
