//! Operations: parameters, responses, security and paging.

use rustc_hash::FxHashMap;

use indexmap::IndexMap;
use openapiv3::{
    Components, Parameter, ParameterData, ParameterSchemaOrContent, QueryStyle, ReferenceOr,
    Response, SchemaKind, StatusCode, Type,
};
use serde_json::Value;

use super::api::placeholders;
use super::extensions;
use super::names::{self, NameScope};
use super::schema::{SchemaRef, constraints_of};
use super::{Lower, pointer};
use heck::ToUpperCamelCase;

use crate::ir::{
    BodyEncoding, Constraints, Docs, Operation, Param, ParamLocation, Primitive, QueryEncoding,
    StatusResponse, TypeKind, TypeRef,
};

impl<'a> Lower<'a> {
    pub(super) fn lower_operations(&mut self) -> Vec<Operation> {
        let mut operations = Vec::new();
        let mut methods = NameScope::default();
        let mut ids: FxHashMap<String, String> = FxHashMap::default();
        for (path, item) in self.spec.document.paths.iter() {
            let path_at = pointer(&["paths", path]);
            let ReferenceOr::Item(item) = item else {
                self.error(&path_at, "a `$ref` path item is not supported");
                continue;
            };
            for (method, operation) in item.iter() {
                let at = format!("{path_at}/{method}");
                // Without an `operationId`, the operation is named after its
                // method and path: `get /pets/{petId}` → `get_pets_pet_id`.
                let derived;
                let id = match &operation.operation_id {
                    Some(id) => id.as_str(),
                    None => {
                        derived = derived_operation_id(method, path);
                        derived.as_str()
                    }
                };
                if let Some(first) = ids.get(id) {
                    let line = self
                        .spec
                        .line_of(first)
                        .map(|l| format!(" (line {l})"))
                        .unwrap_or_default();
                    self.error(
                        &format!("{at}/operationId"),
                        format!("operationId `{id}` is used twice; it is also at {first}{line}"),
                    );
                    continue;
                }
                ids.insert(id.to_owned(), format!("{at}/operationId"));
                let (method_name, holder) = methods.claim_unique(&names::snake_name(id), id, "_");
                if let Some(holder) = holder {
                    self.warning(&format!("{at}/operationId"), format!("operationIds `{holder}` and `{id}` map to the same Rust method name; `{id}` becomes `{method_name}`"));
                }
                let mut type_prefix = names::type_name(&method_name);
                let mut request_type = format!("{type_prefix}Request");
                let mut n = 2;
                while let Err(holder) = self.type_scope.claim(&request_type, id) {
                    let renamed = format!("{type_prefix}Op{n}");
                    self.warning(&format!("{at}/operationId"), format!("the request type `{request_type}` of operation `{id}` collides with the type generated for `{holder}`; its types are prefixed `{renamed}`"));
                    type_prefix = renamed;
                    request_type = format!("{type_prefix}Request");
                    n += 1;
                }
                let lowered = self.lower_operation(
                    id,
                    method_name,
                    type_prefix,
                    method,
                    path,
                    &item.parameters,
                    operation,
                    &at,
                );
                operations.push(lowered);
            }
        }
        operations.sort_by(|a, b| a.method_name.cmp(&b.method_name));
        operations
    }

    #[allow(clippy::too_many_arguments)]
    fn lower_operation(
        &mut self,
        id: &str,
        method_name: String,
        type_prefix: String,
        method: &str,
        path: &str,
        path_params: &'a [ReferenceOr<Parameter>],
        operation: &'a openapiv3::Operation,
        at: &str,
    ) -> Operation {
        let mut docs = match extensions::docs(
            operation.summary.as_deref(),
            operation.description.as_deref(),
            &operation.extensions,
        ) {
            Ok(docs) => docs,
            Err(message) => {
                self.error(at, message);
                Default::default()
            }
        };
        docs.deprecated = operation.deprecated;
        let source_page = self.source_page(&operation.extensions, at);

        // Parameters: those of the path item, overridden by the operation's own.
        let mut params: Vec<Param> = Vec::new();
        let mut scope = NameScope::default();
        let path_item_at = at
            .rsplit_once('/')
            .map(|(p, _)| p.to_owned())
            .unwrap_or_default();
        let all = path_params
            .iter()
            .enumerate()
            .map(|(i, p)| (p, format!("{path_item_at}/parameters/{i}")))
            .chain(
                operation
                    .parameters
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (p, format!("{at}/parameters/{i}"))),
            );
        let mut lowered: Vec<(Param, String)> = Vec::new();
        for (param, param_at) in all {
            if let Some(param) = self.lower_param(param, &param_at, &type_prefix) {
                lowered.retain(|(p, _)| {
                    !(p.wire_name == param.wire_name && p.location == param.location)
                });
                lowered.push((param, param_at));
            }
        }
        lowered.sort_by_key(|(p, _)| p.location != crate::ir::ParamLocation::Path);
        for (param, param_at) in lowered {
            let mut param = param;
            let (name, holder) = scope.claim_unique(&param.name, &param.wire_name, "_");
            if let Some(holder) = holder {
                self.warning(&param_at, format!("parameters `{holder}` and `{}` of `{id}` map to the same Rust field `{}`; the second becomes `{name}` (set `x-rust-name` to choose)", param.wire_name, param.name));
                param.name = name;
            }
            params.push(param);
        }
        for placeholder in placeholders(path) {
            if !params
                .iter()
                .any(|p| p.location == ParamLocation::Path && p.wire_name == placeholder)
            {
                self.error(at, format!("path `{path}` uses `{{{placeholder}}}`, but `{id}` has no path parameter of that name"));
            }
        }
        let body = match &operation.request_body {
            Some(body) => self.lower_body(body, &format!("{at}/requestBody"), &type_prefix),
            None => None,
        };
        let body_encoding = body.as_ref().map(|(_, encoding)| encoding.clone());
        if let Some((mut param, _)) = body {
            let (name, _) = scope.claim_unique("body", "requestBody", "_");
            param.name = name;
            params.push(param);
        }

        let (successes, errors) = self.lower_responses(operation, at, &type_prefix);
        let agreed = successes.first().map(|first| &first.body);
        let (success, outputs) = match agreed {
            Some(body) if successes.iter().any(|s| &s.body != body) => {
                let (name, _) =
                    self.type_scope
                        .claim_unique(&format!("{type_prefix}Output"), id, "");
                (None, Some(name))
            }
            Some(body) => (body.clone(), None),
            None => (None, None),
        };
        let error_enum = if errors.is_empty() {
            None
        } else {
            let (name, _) = self
                .type_scope
                .claim_unique(&format!("{type_prefix}Error"), id, "");
            Some(name)
        };
        let security = self.operation_security(operation, at);
        let mut lowered = Operation {
            id: id.to_owned(),
            method_name,
            type_prefix,
            http_method: method.to_uppercase(),
            path: path.to_owned(),
            docs,
            source_page,
            params,
            success,
            successes,
            outputs,
            errors,
            error_enum,
            owns_error_enum: true,
            error_enum_users: 1,
            error_alias: None,
            pagination: None,
            security,
            not_after: Vec::new(),
            request_headers: Vec::new(),
            body: body_encoding,
        };
        lowered.not_after = self.not_after(&operation.extensions, &lowered, at);
        lowered.request_headers = self.request_headers(&operation.extensions, at);
        lowered.pagination = self.lower_pagination(&operation.extensions, &lowered, at);
        lowered
    }

    fn lower_param(
        &mut self,
        param: &'a ReferenceOr<Parameter>,
        at: &str,
        type_prefix: &str,
    ) -> Option<Param> {
        let (param, at) = self.resolve(param, at, "parameters", "parameter", |c| &c.parameters)?;
        let component = at
            .strip_prefix("/components/parameters/")
            .map(|key| key.replace("~1", "/").replace("~0", "~"));
        let mut empty_allowed = false;
        let (data, location, encoding) = match param {
            Parameter::Path { parameter_data, .. } => {
                (parameter_data, ParamLocation::Path, QueryEncoding::Repeated)
            }
            Parameter::Header { parameter_data, .. } => (
                parameter_data,
                ParamLocation::Header,
                QueryEncoding::Repeated,
            ),
            Parameter::Query {
                parameter_data,
                style,
                allow_empty_value,
                ..
            } => {
                empty_allowed = allow_empty_value.unwrap_or(false);
                let encoding = match (style, parameter_data.explode) {
                    (_, _)
                        if parameter_data.extensions.get("x-query-flatten")
                            == Some(&Value::from("indexed")) =>
                    {
                        QueryEncoding::Indexed
                    }
                    (QueryStyle::Form, Some(false)) => QueryEncoding::CommaSeparated,
                    (QueryStyle::Form, _) => QueryEncoding::Repeated,
                    (other, _) => {
                        self.error(
                            &at,
                            format!("query style `{other:?}` is not supported; use `form`"),
                        );
                        return None;
                    }
                };
                if let Some(flatten) = parameter_data.extensions.get("x-query-flatten")
                    && flatten != "indexed"
                {
                    self.error(&at, format!("`x-query-flatten` `{flatten}` is not supported; the only value is `indexed`"));
                }
                (parameter_data, ParamLocation::Query, encoding)
            }
            Parameter::Cookie { parameter_data, .. } => (
                parameter_data,
                ParamLocation::Cookie,
                QueryEncoding::Repeated,
            ),
        };
        let schema = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => schema,
            ParameterSchemaOrContent::Content(_) => {
                self.error(
                    &at,
                    format!(
                        "parameter `{}` uses `content`; only `schema` parameters are supported",
                        data.name
                    ),
                );
                return None;
            }
        };
        let name = match extensions::string(&data.extensions, "x-rust-name") {
            Ok(Some(name)) if names::is_valid_identifier(&name) => name,
            Ok(Some(name)) => {
                self.error(
                    &at,
                    format!("`x-rust-name` `{name}` is not a valid Rust identifier"),
                );
                return None;
            }
            Ok(_) => names::snake_name(&data.name),
            Err(message) => {
                self.error(&at, message);
                return None;
            }
        };
        let schema_at = format!("{at}/schema");
        let constant = constant_value(data, schema);
        let ty = match constant {
            Some(_) => TypeRef::Primitive(crate::ir::Primitive::String),
            None => self.type_of(
                SchemaRef::from(schema),
                &schema_at,
                &format!("{type_prefix}{}", names::camel_name(&data.name, "Param")),
            ),
        };
        let ty = if self.check_param_shape(&data.name, location, encoding, &ty, &at) {
            ty
        } else {
            TypeRef::Primitive(Primitive::String)
        };
        let mut docs = match extensions::docs(None, data.description.as_deref(), &data.extensions) {
            Ok(docs) => docs,
            Err(message) => {
                self.error(&at, message);
                Default::default()
            }
        };
        docs.deprecated = data.deprecated.unwrap_or(false);
        let (constraints, default) = match self.resolved_schema(schema) {
            Some(resolved) => {
                let schema_docs = self.schema_docs(resolved, &schema_at);
                let sourced = std::mem::replace(&mut docs.facts, schema_docs.facts);
                for fact in sourced {
                    if !docs.facts.contains(&fact) {
                        docs.facts.push(fact);
                    }
                }
                if docs.description.is_none() {
                    docs.description = schema_docs.description;
                }
                for discrepancy in schema_docs.discrepancies {
                    if !docs.discrepancies.contains(&discrepancy) {
                        docs.discrepancies.push(discrepancy);
                    }
                }
                (
                    constraints_of(resolved),
                    resolved.schema_data.default.clone(),
                )
            }
            None => (Constraints::default(), None),
        };
        Some(Param {
            wire_name: data.name.clone(),
            name,
            location,
            ty,
            required: data.required,
            empty_allowed,
            constant,
            constraints,
            default,
            encoding,
            docs,
            component,
            shared: None,
        })
    }

    /// Whether the client can write a parameter of this type where it goes:
    /// scalars and enums anywhere, lists of them in the query, lists of
    /// objects only with `x-query-flatten: indexed`.
    fn check_param_shape(
        &mut self,
        name: &str,
        location: ParamLocation,
        encoding: QueryEncoding,
        ty: &TypeRef,
        at: &str,
    ) -> bool {
        let scalar = |ty: &TypeRef| match ty {
            TypeRef::Primitive(_) => true,
            TypeRef::Named(name) => matches!(
                self.types.get(name).map(|t| &t.kind),
                Some(TypeKind::Enum(_)) | Some(TypeKind::Alias(TypeRef::Primitive(_)))
            ),
            _ => false,
        };
        let object = |ty: &TypeRef| match ty {
            TypeRef::Named(name) => matches!(
                self.types.get(name).map(|t| &t.kind),
                Some(TypeKind::Struct(_))
            ),
            _ => false,
        };
        let ok = match (location, ty) {
            (_, ty) if scalar(ty) => true,
            (ParamLocation::Query, TypeRef::Vec(item)) if encoding == QueryEncoding::Indexed => {
                object(item) || scalar(item)
            }
            (ParamLocation::Query, TypeRef::Vec(item)) => scalar(item),
            _ => false,
        };
        if !ok {
            let place = match location {
                ParamLocation::Path => "a path parameter",
                ParamLocation::Query => {
                    "a query parameter (lists of objects need `x-query-flatten: indexed`)"
                }
                ParamLocation::Header => "a header",
                ParamLocation::Cookie => "a cookie",
                ParamLocation::Body => return true,
            };
            self.warning(
                at,
                format!("parameter `{name}` has a type that cannot be written as {place}; it is taken as a string the caller formats"),
            );
        }
        ok
    }

    /// `x-not-after: [[first, second], …]`: numeric parameters whose first must
    /// not exceed the second.
    fn not_after(
        &mut self,
        ext: &extensions::Extensions,
        operation: &Operation,
        at: &str,
    ) -> Vec<(String, String)> {
        let Some(value) = ext.get("x-not-after") else {
            return Vec::new();
        };
        let at = format!("{at}/x-not-after");
        let Some(pairs) = value.as_array() else {
            self.error(
                &at,
                "`x-not-after` must be a list of [first, second] parameter pairs",
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, pair) in pairs.iter().enumerate() {
            let names: Vec<&str> = pair
                .as_array()
                .map(|p| p.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let found: Vec<Option<&Param>> = names
                .iter()
                .map(|wire| operation.params.iter().find(|p| p.wire_name == *wire))
                .collect();
            match found.as_slice() {
                [Some(first), Some(second)] if is_integer(&first.ty) && is_integer(&second.ty) => {
                    out.push((first.name.clone(), second.name.clone()));
                }
                _ => self.error(
                    &format!("{at}/{i}"),
                    format!(
                        "`x-not-after` entry `{pair}` must name two integer parameters of `{}`",
                        operation.id
                    ),
                ),
            }
        }
        out
    }

    /// `x-request-headers: {name: value}`: headers the page requires on every
    /// request that OpenAPI cannot declare as parameters (such as `Content-Type`).
    fn request_headers(&mut self, ext: &extensions::Extensions, at: &str) -> Vec<(String, String)> {
        match ext.get("x-request-headers") {
            None => Vec::new(),
            Some(Value::Object(map)) if map.values().all(Value::is_string) => map
                .iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                .collect(),
            Some(other) => {
                self.error(&format!("{at}/x-request-headers"), format!("`x-request-headers` must map header names to string values, found `{other}`"));
                Vec::new()
            }
        }
    }

    /// The schema itself, following a reference to a component.
    fn resolved_schema(
        &self,
        schema: &'a ReferenceOr<openapiv3::Schema>,
    ) -> Option<&'a openapiv3::Schema> {
        match schema {
            ReferenceOr::Item(schema) => Some(schema),
            ReferenceOr::Reference { reference } => self.component(reference).map(|(_, s)| s),
        }
    }

    /// Every documented response: the 2xx ones and the others, each with its
    /// body type and its variant name in the operation's enums.
    fn lower_responses(
        &mut self,
        operation: &'a openapiv3::Operation,
        at: &str,
        type_prefix: &str,
    ) -> (Vec<StatusResponse>, Vec<StatusResponse>) {
        let mut successes = Vec::new();
        let mut errors = Vec::new();
        let mut codes: Vec<(&StatusCode, &'a ReferenceOr<Response>)> =
            operation.responses.responses.iter().collect();
        codes.sort_by_key(|(code, _)| code.to_string());
        for (code, response) in codes {
            let response_at = format!("{at}/responses/{code}");
            let Some(response) = self.resolved_response(response, &response_at) else {
                continue;
            };
            let is_success = matches!(code, StatusCode::Code(200..=299) | StatusCode::Range(2));
            // The first 2xx body keeps the name `{Prefix}Response`, as when
            // it is the only one.
            let type_name = if !is_success {
                format!("{type_prefix}Error{code}")
            } else if successes.is_empty() {
                format!("{type_prefix}Response")
            } else {
                format!("{type_prefix}Response{code}")
            };
            let body = self.body_type(response, &response_at, &type_name);
            let lowered = StatusResponse {
                status: code.to_string(),
                description: response.description.clone(),
                body,
                variant: String::new(),
            };
            if is_success {
                successes.push(lowered);
            } else {
                errors.push(lowered);
            }
        }
        if let Some(response) = &operation.responses.default {
            let response_at = format!("{at}/responses/default");
            if let Some(response) = self.resolved_response(response, &response_at) {
                let body = self.body_type(
                    response,
                    &response_at,
                    &format!("{type_prefix}ErrorDefault"),
                );
                errors.push(StatusResponse {
                    status: "default".to_owned(),
                    description: response.description.clone(),
                    body,
                    variant: String::new(),
                });
            }
        }
        name_variants(&mut successes);
        name_variants(&mut errors);
        (successes, errors)
    }

    /// The request body as a parameter, and how it is encoded: JSON or form
    /// bodies as their schema's type, any other media type as raw bytes.
    fn lower_body(
        &mut self,
        body: &'a ReferenceOr<openapiv3::RequestBody>,
        at: &str,
        type_prefix: &str,
    ) -> Option<(Param, BodyEncoding)> {
        let (body, at) = self.resolve(body, at, "requestBodies", "request body", |c| {
            &c.request_bodies
        })?;
        let essence = |media: &str| {
            media
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        };
        let chosen = body
            .content
            .iter()
            .find(|(media, _)| is_json(media))
            .map(|(media, content)| (media, content, BodyEncoding::Json))
            .or_else(|| {
                body.content
                    .iter()
                    .find(|(media, _)| essence(media) == "application/x-www-form-urlencoded")
                    .map(|(media, content)| (media, content, BodyEncoding::Form))
            })
            .or_else(|| {
                body.content
                    .iter()
                    .next()
                    .map(|(media, content)| (media, content, BodyEncoding::Raw(media.clone())))
            });
        let Some((media, content, encoding)) = chosen else {
            self.warning(
                &at,
                "the request body lists no media type; the operation is generated without a body",
            );
            return None;
        };
        let media_at = format!("{at}/content/{}", crate::load::escape_pointer_token(media));
        let ty = match (&encoding, &content.schema) {
            (BodyEncoding::Raw(media), _) => {
                self.warning(&media_at, format!("`{media}` bodies are not encoded by the generated code; the request takes the encoded bytes"));
                TypeRef::Primitive(Primitive::Binary)
            }
            (_, Some(schema)) => self.type_of(
                SchemaRef::from(schema),
                &format!("{media_at}/schema"),
                &format!("{type_prefix}Body"),
            ),
            (_, None) => TypeRef::Json,
        };
        let mut docs = Docs {
            description: body.description.clone(),
            ..Docs::default()
        };
        docs.facts.push(match &encoding {
            BodyEncoding::Json => "Sent as `application/json`.".to_owned(),
            BodyEncoding::Form => "Sent as `application/x-www-form-urlencoded`.".to_owned(),
            BodyEncoding::Raw(media) => format!("Sent as `{media}`, encoded by the caller."),
        });
        let param = Param {
            wire_name: "body".to_owned(),
            name: "body".to_owned(),
            location: ParamLocation::Body,
            ty,
            required: body.required,
            empty_allowed: false,
            constant: None,
            constraints: Constraints::default(),
            default: None,
            encoding: QueryEncoding::Repeated,
            docs,
            component: None,
            shared: None,
        };
        Some((param, encoding))
    }

    fn resolved_response(
        &mut self,
        response: &'a ReferenceOr<Response>,
        at: &str,
    ) -> Option<&'a Response> {
        self.resolve(response, at, "responses", "response", |c| &c.responses)
            .map(|(response, _)| response)
    }

    /// `item` itself, or the item of `components/{section}` its `$ref`
    /// names, with the pointer it stands at. A `$ref` to anything else (or
    /// to another `$ref`) is an error naming it as a `what`.
    fn resolve<T>(
        &mut self,
        item: &'a ReferenceOr<T>,
        at: &str,
        section: &str,
        what: &str,
        items: impl FnOnce(&'a Components) -> &'a IndexMap<String, ReferenceOr<T>>,
    ) -> Option<(&'a T, String)> {
        let reference = match item {
            ReferenceOr::Item(item) => return Some((item, at.to_owned())),
            ReferenceOr::Reference { reference } => reference,
        };
        let key = reference
            .strip_prefix("#/components/")
            .and_then(|rest| rest.strip_prefix(section))
            .and_then(|rest| rest.strip_prefix('/'));
        let components = self.spec.document.components.as_ref();
        match key
            .zip(components)
            .and_then(|(key, c)| items(c).get_key_value(key))
        {
            Some((key, ReferenceOr::Item(item))) => {
                Some((item, pointer(&["components", section, key])))
            }
            _ => {
                self.error(
                    at,
                    format!("`$ref` `{reference}` points at no {what} in `components/{section}`"),
                );
                None
            }
        }
    }

    /// The type of a response's JSON body, if it documents one.
    fn body_type(&mut self, response: &'a Response, at: &str, hint: &str) -> Option<TypeRef> {
        let (media, content) = response.content.iter().find(|(media, _)| is_json(media))?;
        let schema = content.schema.as_ref()?;
        let media_at = format!(
            "{at}/content/{}/schema",
            crate::load::escape_pointer_token(media)
        );
        Some(self.type_of(SchemaRef::from(schema), &media_at, hint))
    }

    fn operation_security(&mut self, operation: &openapiv3::Operation, at: &str) -> Vec<String> {
        let requirements = operation
            .security
            .as_ref()
            .or(self.spec.document.security.as_ref());
        let mut names: Vec<String> = Vec::new();
        for requirement in requirements.into_iter().flatten() {
            for name in requirement.keys() {
                let known = self
                    .spec
                    .document
                    .components
                    .as_ref()
                    .is_some_and(|c| c.security_schemes.contains_key(name));
                if !known {
                    self.error(at, format!("security requirement names `{name}`, which `components/securitySchemes` does not define"));
                } else if !names.contains(name) {
                    names.push(name.clone());
                }
            }
        }
        names
    }
}

/// An operation name for an operation without `operationId`: the method and
/// the path's words, path parameters included.
fn derived_operation_id(method: &str, path: &str) -> String {
    let words: Vec<&str> = path
        .split(['/', '{', '}'])
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        format!("{method}_root")
    } else {
        format!("{method}_{}", words.join("_"))
    }
}

fn is_integer(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Primitive(Primitive::I32 | Primitive::I64))
}

/// Whether a media type carries JSON.
fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or_default().trim();
    essence == "application/json" || essence.ends_with("+json")
}

/// The value of a constant parameter: required, with an inline string enum of
/// exactly one value.
fn constant_value(data: &ParameterData, schema: &ReferenceOr<openapiv3::Schema>) -> Option<String> {
    if !data.required {
        return None;
    }
    let ReferenceOr::Item(schema) = schema else {
        return None;
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) if string.enumeration.len() == 1 => {
            string.enumeration[0].clone()
        }
        _ => None,
    }
}

/// Names each response's enum variant after its status: the standard reason
/// phrase (`NotFound`, `Created`), `Status{code}` for other codes, `Status4xx`
/// for ranges and `Other` for `default`; unique within the enum.
fn name_variants(responses: &mut [StatusResponse]) {
    let mut scope = names::NameScope::default();
    for response in responses {
        let preferred = match response.code() {
            // Reason phrases are ASCII words; as variants (always qualified)
            // even `Ok` is a fine name.
            Some(code) => http::StatusCode::from_u16(code)
                .ok()
                .and_then(|c| c.canonical_reason())
                .map(|reason| reason.replace('\'', "").to_upper_camel_case())
                .unwrap_or_else(|| format!("Status{code}")),
            None if response.status == "default" => "Other".to_owned(),
            None => format!("Status{}", response.status.to_ascii_lowercase()),
        };
        let (name, _) = scope.claim_unique(&preferred, &response.status, "");
        response.variant = name;
    }
}
