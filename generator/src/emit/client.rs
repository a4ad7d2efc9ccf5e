//! The client of one API: its `ServiceInfo`, one async method per operation,
//! and a record stream per paginated operation.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs;
use super::features::Gates;
use super::layout::Group;
use super::types::{ident, type_tokens};
use crate::ir::{Api, AuthScheme, FieldPath, NextValue, Operation, Pagination, TypeRef};

/// Where the client's operation methods go.
pub enum Methods<'a> {
    /// In the `impl Client` of `client.rs`, for these operations.
    Inline(&'a [&'a Operation]),
    /// In one module per group, each with an `impl Client` of its own.
    InModules(&'a [Group]),
}

/// The `client.rs` (or `client/mod.rs`) of an API.
pub fn client_file(api: &Api, methods: Methods<'_>, gates: &Gates) -> TokenStream {
    let service = service_info(api);
    let (methods, modules) = match methods {
        Methods::Inline(operations) => (operation_methods(operations, gates), TokenStream::new()),
        Methods::InModules(groups) => {
            let modules = groups.iter().map(|g| {
                let cfg = super::features::feature_cfg(g.feature.as_deref());
                let module = ident(&g.module);
                quote!(#cfg mod #module;)
            });
            (TokenStream::new(), quote!(#(#modules)*))
        }
    };
    let title = docs::escape_line(&api.title);
    let file_doc =
        format!(" The client of {title}: one method per operation, whose answer is awaited.");
    let env_line = match credentials_env(api) {
        Some(env) => format!(
            " Credentials can come from the environment ([`Client::from_env`]): `{}` and `{}`{}{}.",
            env.access_key_id,
            env.secret_access_key,
            env.security_token
                .as_ref()
                .map(|t| format!(", optionally `{t}`"))
                .unwrap_or_default(),
            env.project_id
                .as_ref()
                .map(|p| format!(", optionally `{p}`"))
                .unwrap_or_default(),
        ),
        None => " Credentials are passed in the [`Config`](flowscribe_runtime::Config).".to_owned(),
    };
    let client_doc = format!(" A client of {title}.");
    let from_env = if credentials_env(api).is_some() {
        quote! {
            /// A client with default settings and credentials read from the
            /// environment variables the spec names.
            pub fn from_env() -> Result<Self, rt::Error> {
                Client::new(rt::Config::from_env(&SERVICE)?)
            }
        }
    } else {
        TokenStream::new()
    };
    let runtime = super::runtime_import();
    quote! {
        #![doc = #file_doc]

        #runtime
        #[allow(unused_imports)]
        use rt::CallFuture;
        #[allow(unused_imports)]
        use super::requests::*;
        #[allow(unused_imports)]
        use super::types::*;

        #service

        #[doc = #client_doc]
        ///
        /// Requests are signed as the spec's security schemes say, retried on
        /// connection errors, timeouts, 429 and 5xx answers, and checked against
        /// the documented constraints before anything is sent.
        #[doc = #env_line]
        #[derive(Debug, Clone)]
        pub struct Client {
            inner: rt::Client,
        }

        impl Client {
            /// A client with `config`; fails only on an unusable endpoint or transport.
            pub fn new(config: rt::Config) -> Result<Self, rt::Error> {
                Ok(Client { inner: rt::Client::new(&SERVICE, config)? })
            }

            #from_env

            /// The endpoint requests go to.
            pub fn endpoint(&self) -> &str {
                self.inner.endpoint()
            }

            #methods
        }

        impl AsRef<rt::Client> for Client {
            /// The runtime client underneath, shared by every generated API.
            fn as_ref(&self) -> &rt::Client {
                &self.inner
            }
        }

        #modules
    }
}

/// One module of a split client: an `impl Client` with the methods of
/// `operations`, the requests `scope` describes ("whose names start with
/// `A`"). With `requests_module`, the file imports the items of that module
/// of `requests/` only, not every request of the API.
pub fn methods_file(
    api: &Api,
    operations: &[&Operation],
    scope: &str,
    requests_module: Option<&str>,
    gates: &Gates,
) -> TokenStream {
    let requests = match requests_module {
        Some(module) => {
            let module = ident(module);
            quote!(super::super::requests::#module::*)
        }
        None => quote!(super::super::requests::*),
    };
    let doc = format!(
        " The client methods of {} for the requests {scope}.",
        docs::escape_line(&api.title)
    );
    let import_types = if api.types.is_empty() {
        TokenStream::new()
    } else {
        quote!(
            #[allow(unused_imports)]
            use super::super::types::*;
        )
    };
    let methods = operation_methods(operations, gates);
    let runtime = super::runtime_import();
    quote! {
        #![doc = #doc]

        use super::Client;
        #runtime
        #[allow(unused_imports)]
        use rt::CallFuture;
        #[allow(unused_imports)]
        use #requests;
        #import_types

        impl Client {
            #methods
        }
    }
}

/// The async method of each operation, then the stream of each paginated one.
fn operation_methods(operations: &[&Operation], gates: &Gates) -> TokenStream {
    let methods = operations.iter().map(|op| {
        let cfg = gates.operation(op);
        let method = operation_method(op);
        quote!(#cfg #method)
    });
    let streams = operations.iter().filter_map(|op| {
        let cfg = gates.operation(op);
        let stream = stream_method(op, op.pagination.as_ref()?);
        Some(quote!(#cfg #stream))
    });
    quote! {
        #(#methods)*

        #(#streams)*
    }
}

fn credentials_env(api: &Api) -> Option<&crate::ir::CredentialsEnv> {
    api.auth.values().find_map(|scheme| match scheme {
        AuthScheme::Signed {
            credentials_env: Some(env),
            ..
        } => Some(env),
        _ => None,
    })
}

fn service_info(api: &Api) -> TokenStream {
    let name = &api.title;
    let server = api.servers.first();
    let url = server.map(|s| s.url.clone()).unwrap_or_default();
    let variables = server
        .into_iter()
        .flat_map(|s| s.variables.iter())
        .map(|(k, v)| quote!((#k, #v)));
    let regions = server
        .into_iter()
        .flat_map(|s| s.region_endpoints.iter())
        .map(|(name, urls)| {
            quote!(rt::Region {
                name: #name,
                endpoints: &[#(#urls),*],
            })
        });
    let open_regions = server.is_some_and(|s| s.unlisted_regions_use_template);
    let env = match credentials_env(api) {
        Some(env) => {
            let (ak, sk) = (&env.access_key_id, &env.secret_access_key);
            let opt = |v: &Option<String>| match v {
                Some(v) => quote!(Some(#v)),
                None => quote!(None),
            };
            let (token, project) = (opt(&env.security_token), opt(&env.project_id));
            quote!(Some(rt::EnvNames {
                access_key_id: #ak,
                secret_access_key: #sk,
                security_token: #token,
                project_id: #project,
            }))
        }
        None => quote!(None),
    };
    let errors = match &api.error_fields {
        Some(fields) => {
            let (code, message) = (&fields.code, &fields.message);
            let (request_id, headers) = (&fields.request_id, &fields.request_id_headers);
            quote!(rt::ErrorFields {
                code: &[#(#code),*],
                message: &[#(#message),*],
                request_id: &[#(#request_id),*],
                request_id_headers: &[#(#headers),*],
            })
        }
        None => quote!(rt::ErrorFields::GENERIC),
    };
    let doc = format!(
        " Where {} is served and where its credentials come from, as the spec says.",
        docs::escape_line(name)
    );
    quote! {
        #[doc = #doc]
        pub static SERVICE: rt::ServiceInfo = rt::ServiceInfo {
            name: #name,
            url_template: #url,
            variables: &[#(#variables),*],
            regions: &[#(#regions),*],
            other_regions_use_template: #open_regions,
            credentials_env: #env,
            errors: #errors,
        };
    }
}

fn operation_method(operation: &Operation) -> TokenStream {
    let method = ident(&operation.method_name);
    let request = format_ident!("{}Request", operation.type_prefix);
    let success = match (&operation.outputs, &operation.success) {
        (Some(outputs), _) => {
            let outputs = ident(outputs);
            quote!(#outputs)
        }
        (None, Some(ty)) => type_tokens(ty),
        (None, None) => quote!(serde_json::Value),
    };
    let mut lines = method_summary(operation, &request.to_string());
    lines.push(String::new());
    lines.push(format!("`{} {}`", operation.http_method, operation.path));
    if let Some(page) = &operation.source_page {
        lines.push(String::new());
        lines.push(format!("Transcribed from {page}."));
    }
    if let Some(outputs) = &operation.outputs {
        lines.push(String::new());
        lines.push(format!(
            "The successful statuses document different bodies: the answer is a [`{outputs}`]."
        ));
    }
    if let Some(error_enum) = operation
        .error_alias
        .as_ref()
        .or(operation.error_enum.as_ref())
    {
        lines.push(String::new());
        let statuses: Vec<&str> = operation.errors.iter().map(|e| e.status.as_str()).collect();
        lines.push(format!(
            "Documented error statuses ({}): [`{error_enum}::from_error`] decodes them.",
            statuses.join(", ")
        ));
    }
    let doc = docs::attrs(&lines);
    let call = if operation.body.is_some() {
        quote!(request.to_call())
    } else {
        quote!(Ok(request.to_call()))
    };
    let send = match &operation.outputs {
        Some(outputs) => {
            let outputs = ident(outputs);
            quote!(self.inner.send_with(request.validate(), #call, #outputs::decode))
        }
        None => quote!(self.inner.send(request.validate(), #call)),
    };
    let deprecated = if operation.docs.deprecated {
        quote!(#[deprecated])
    } else {
        TokenStream::new()
    };
    // Parameters the client fills from its credentials are filled before
    // the request is checked and sent.
    let fill = if operation
        .params
        .iter()
        .any(|p| p.from_credentials.is_some())
    {
        quote!(let request = &request.with_client_defaults(&self.inner);)
    } else {
        TokenStream::new()
    };
    quote! {
        #doc
        #deprecated
        pub fn #method(&self, request: &#request) -> CallFuture<'_, #success> {
            #fill
            #send
        }
    }
}

/// An expression borrowing the value at `path` from `root` (a reference or a
/// place), as `Option<&Leaf>`.
fn borrow_path(root: TokenStream, path: &FieldPath) -> TokenStream {
    let mut steps = path.steps.iter();
    let Some((first, required)) = steps.next() else {
        return quote!(Some(#root));
    };
    let first = ident(first);
    let mut expr = if *required {
        quote!(Some(&#root.#first))
    } else {
        quote!(#root.#first.as_ref())
    };
    for (name, required) in steps {
        let field = ident(name);
        expr = if *required {
            quote!(#expr.map(|v| &v.#field))
        } else {
            quote!(#expr.and_then(|v| v.#field.as_ref()))
        };
    }
    expr
}

/// An expression taking the value at `path` out of `root` (owned), as `Option<Leaf>`.
fn take_path(root: TokenStream, path: &FieldPath) -> TokenStream {
    let mut steps = path.steps.iter();
    let Some((first, required)) = steps.next() else {
        return quote!(Some(#root));
    };
    let first = ident(first);
    let mut expr = if *required {
        quote!(Some(#root.#first))
    } else {
        quote!(#root.#first)
    };
    for (name, required) in steps {
        let field = ident(name);
        expr = if *required {
            quote!(#expr.map(|v| v.#field))
        } else {
            quote!(#expr.and_then(|v| v.#field))
        };
    }
    expr
}

fn stream_method(operation: &Operation, pagination: &Pagination) -> TokenStream {
    let method = ident(&operation.method_name);
    let stream = ident(&pagination.stream_method);
    let request_ty = format_ident!("{}Request", operation.type_prefix);
    let body_ty = operation
        .success
        .as_ref()
        .map(type_tokens)
        .unwrap_or_else(|| quote!(serde_json::Value));
    let item_ty = match &pagination.items.leaf {
        TypeRef::Vec(item) => type_tokens(item),
        other => type_tokens(other),
    };
    let id = &operation.id;
    let param = |name: &str| operation.params.iter().find(|p| p.name == name);
    let total = match &pagination.total {
        Some(path) => {
            let value = borrow_path(quote!(body), path);
            quote!(#value.and_then(rt::AsCount::as_count))
        }
        None => quote!(None),
    };
    let items = take_path(quote!(body), &pagination.items);
    let page_size = match pagination.page_size.as_deref().and_then(param) {
        Some(p) => {
            let field = ident(&p.name);
            if p.required {
                quote!(u64::try_from(request.#field).ok())
            } else {
                quote!(request.#field.and_then(|size| u64::try_from(size).ok()))
            }
        }
        None => quote!(None),
    };
    let updates = pagination.next.iter().filter_map(|(name, value)| {
        let p = param(name)?;
        let field = ident(&p.name);
        let wrap = |v: TokenStream| if p.required { v } else { quote!(Some(#v)) };
        Some(match value {
            NextValue::LastItem(path) => {
                let borrowed = borrow_path(quote!(last), path);
                let field_name = path.steps.last().map(|(n, _)| n.clone()).unwrap_or_default();
                let message = format!("the last record has no `{field_name}` to continue from");
                let assigned = wrap(quote!(value));
                quote! {
                    let value = items.last().and_then(|last| #borrowed).cloned().ok_or_else(|| rt::Error::Pagination {
                        operation: #id,
                        message: #message.to_owned(),
                    })?;
                    next.#field = #assigned;
                }
            }
            NextValue::ItemsReceived => {
                let assigned = wrap(quote!(rt::count_as(received)));
                quote!(next.#field = #assigned;)
            }
            NextValue::PageNumber(start) => {
                let start = proc_macro2::Literal::i64_unsuffixed(*start);
                let current = if p.required { quote!(request.#field) } else { quote!(request.#field.unwrap_or(#start)) };
                let assigned = wrap(quote!(#current + 1));
                quote!(next.#field = #assigned;)
            }
        })
    });
    // The next request reads the page's records and the count received
    // only when a rule of the spec asks for them.
    let uses = |wanted: fn(&NextValue) -> bool| pagination.next.iter().any(|(_, v)| wanted(v));
    let items_arg = if uses(|v| matches!(v, NextValue::LastItem(_))) {
        quote!(items)
    } else {
        quote!(_items)
    };
    let received_arg = if uses(|v| matches!(v, NextValue::ItemsReceived)) {
        quote!(received)
    } else {
        quote!(_received)
    };
    let doc = format!(
        " Every record of `{id}`, page after page, as a stream: each next request follows the spec's paging rule, and the stream ends after a short or empty page{}.",
        if pagination.total.is_some() {
            " or once the total is reached"
        } else {
            ""
        }
    );
    quote! {
        #[doc = #doc]
        ///
        /// An error ends the stream after it is yielded.
        pub fn #stream(&self, request: #request_ty) -> rt::RecordStream<'_, #item_ty> {
            rt::paginate(
                #id,
                request,
                move |request: #request_ty| async move { self.#method(&request).await.map(rt::Response::into_data) },
                |request: &#request_ty, body: #body_ty| rt::Page {
                    total: #total,
                    page_size: #page_size,
                    items: #items.unwrap_or_default(),
                },
                |request: &#request_ty, #items_arg: &[#item_ty], #received_arg: u64| {
                    let mut next = request.clone();
                    #(#updates)*
                    Ok(next)
                },
            )
        }
    }
}

/// The first lines of a client method's doc: the operation's summary, or the
/// first paragraph of its description, and a link to the request type, whose
/// doc carries the rest (the description, facts and recorded discrepancies),
/// so that a long description is written once. A first paragraph that holds
/// a code fence is not cut: the whole doc is kept.
fn method_summary(operation: &Operation, request: &str) -> Vec<String> {
    let full = docs::lines(&operation.docs, &format!("Calls `{}`.", operation.id));
    let first: Vec<String> = full.iter().take_while(|l| !l.is_empty()).cloned().collect();
    let fenced = first.iter().any(|l| {
        let l = l.trim_start();
        l.starts_with("```") || l.starts_with("~~~")
    });
    if first.len() == full.len() || fenced {
        return full;
    }
    let mut lines = first;
    lines.push(String::new());
    lines.push(format!(
        "[`{request}`] documents the parameters and the whole operation."
    ));
    lines
}
