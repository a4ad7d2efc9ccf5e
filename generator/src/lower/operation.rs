//! Operations: their names, parameters (`params.rs`), responses
//! (`responses.rs`), security and paging rules.

use rustc_hash::FxHashMap;

use openapiv3::{Parameter, ReferenceOr};
use serde_json::Value;

use super::api::placeholders;
use super::extensions;
use super::names::{self, NameScope};
use super::{Lower, pointer};

use crate::ir::{Operation, Param, ParamLocation, Primitive, TypeRef};

/// The methods the generated `Client` has of its own (`emit/client.rs`;
/// `from_env` where the spec names credential variables), which no
/// operation's method may take.
const CLIENT_METHODS: [&str; 3] = ["new", "endpoint", "from_env"];

impl<'a> Lower<'a> {
    pub(super) fn lower_operations(&mut self) -> Vec<Operation> {
        let mut operations = Vec::new();
        let mut methods = NameScope::default();
        for name in CLIENT_METHODS {
            let _ = methods.claim(name, name);
        }
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
                // A repeated id (or made-up name) is renamed `{id}_2`, `{id}_3`, ...
                // with a warning: public descriptions do repeat them.
                let renamed;
                let id = match ids.get(id) {
                    Some(first) => {
                        let line = self
                            .spec
                            .line_of(first)
                            .map(|l| format!(" (line {l})"))
                            .unwrap_or_default();
                        let mut n = 2;
                        while ids.contains_key(&format!("{id}_{n}")) {
                            n += 1;
                        }
                        renamed = format!("{id}_{n}");
                        let what = match &operation.operation_id {
                            Some(_) => format!(
                                "operationId `{id}` is used twice; it is also at {first}{line}"
                            ),
                            None => format!(
                                "this operation has no operationId, and the name made from its method and path, `{id}`, is also the name of the operation at {first}{line}"
                            ),
                        };
                        self.warning(&at, format!("{what}; this one is named `{renamed}`"));
                        renamed.as_str()
                    }
                    None => id,
                };
                let pointer = match &operation.operation_id {
                    Some(_) => format!("{at}/operationId"),
                    None => at.clone(),
                };
                ids.insert(id.to_owned(), pointer);
                let snake = names::snake_name(id);
                let (method_name, holder) = methods.claim_unique(&snake, id, "_");
                if let Some(holder) = holder {
                    let message = if CLIENT_METHODS.contains(&snake.as_str()) {
                        format!(
                            "operationId `{id}` maps to the Rust method `{snake}`, a name the client keeps for a method of its own; `{id}` becomes `{method_name}`"
                        )
                    } else {
                        format!(
                            "operationIds `{holder}` and `{id}` map to the same Rust method name; `{id}` becomes `{method_name}`"
                        )
                    };
                    self.warning(&format!("{at}/operationId"), message);
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
        self.claim_stream_methods(&mut methods, &mut operations);
        operations.sort_by(|a, b| a.method_name.cmp(&b.method_name));
        operations
    }

    /// Claims the `{method}_stream` method of each paginated operation, in
    /// the spec's order, after every operation has claimed its own method:
    /// an operation named like another's stream method keeps its name, and
    /// the stream method takes another, with a warning.
    fn claim_stream_methods(&mut self, methods: &mut NameScope, operations: &mut [Operation]) {
        for operation in operations.iter_mut() {
            let Some(pagination) = &mut operation.pagination else {
                continue;
            };
            let wanted = std::mem::take(&mut pagination.stream_method);
            let (name, holder) = methods.claim_unique(&wanted, &operation.id, "_");
            if let Some(holder) = holder {
                let at = format!(
                    "{}/{}/x-pagination",
                    pointer(&["paths", &operation.path]),
                    operation.http_method.to_ascii_lowercase()
                );
                self.warning(
                    &at,
                    format!(
                        "the method `{wanted}` that streams the pages of `{}` is the method of operation `{holder}`; it becomes `{name}`",
                        operation.id
                    ),
                );
            }
            pagination.stream_method = name;
        }
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
            // The builder's own method would clash with the parameter's setter.
            if param.name == "build" {
                self.warning(&param_at, format!("parameter `{}` of `{id}` would have the setter `build`, the name of the method that finishes the request builder; its Rust field is `build_param` (set `x-rust-name` to choose)", param.wire_name));
                param.name = "build_param".to_owned();
            }
            let (name, holder) = scope.claim_unique(&param.name, &param.wire_name, "_");
            if let Some(holder) = holder {
                self.warning(&param_at, format!("parameters `{holder}` and `{}` of `{id}` map to the same Rust field `{}`; the second becomes `{name}` (set `x-rust-name` to choose)", param.wire_name, param.name));
                param.name = name;
            }
            params.push(param);
        }
        // A placeholder the spec does not declare (a common slip of public
        // descriptions) becomes a required string parameter, with a warning.
        for placeholder in placeholders(path) {
            if !params
                .iter()
                .any(|p| p.location == ParamLocation::Path && p.wire_name == placeholder)
            {
                self.warning(at, format!("path `{path}` uses `{{{placeholder}}}`, but `{id}` declares no path parameter of that name; it becomes a required string parameter"));
                let (name, _) =
                    scope.claim_unique(&names::snake_name(&placeholder), &placeholder, "_");
                let position = params
                    .iter()
                    .position(|p| p.location != ParamLocation::Path)
                    .unwrap_or(params.len());
                params.insert(position, undeclared_path_param(&placeholder, name));
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
        self.settle_setter_clashes(&mut params, &mut scope, id, at);

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
            group: group_of(operation, path),
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

    /// A builder has two methods a parameter: `name` and `set_name` (which
    /// takes an `Option`). A parameter called `set_id` beside one called `id`
    /// would give two methods `set_id`, so the first becomes `set_id_param`,
    /// with a warning, until no method name repeats. Constant parameters have
    /// no setters.
    fn settle_setter_clashes(
        &mut self,
        params: &mut [Param],
        scope: &mut NameScope,
        id: &str,
        at: &str,
    ) {
        let settable = |p: &Param| p.constant.is_none();
        while let Some(i) = params.iter().position(|p| {
            settable(p)
                && params.iter().any(|other| {
                    settable(other) && p.name.strip_prefix("set_") == Some(other.name.as_str())
                })
        }) {
            let param = &mut params[i];
            let (name, _) =
                scope.claim_unique(&format!("{}_param", param.name), &param.wire_name, "_");
            self.warning(at, format!("parameter `{}` of `{id}` would have the setter `{}`, the name of the `Option` setter of parameter `{}`; its Rust field is `{name}` (set `x-rust-name` to choose)", param.wire_name, param.name, &param.name["set_".len()..]));
            param.name = name;
        }
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

/// The group of an operation, as a Cargo feature name: its first tag, or the
/// first segment of its path that is not a parameter (`root` for `/`). Names
/// Cargo gives a meaning (`default`) or the generated crate uses
/// (`serialize`) get an `_ops` suffix.
fn group_of(operation: &openapiv3::Operation, path: &str) -> String {
    let source = operation.tags.first().map(String::as_str).or_else(|| {
        path.split('/')
            .find(|segment| !segment.is_empty() && !segment.starts_with('{'))
    });
    let mut name = match source {
        Some(source) => names::snake_name(source).trim_end_matches('_').to_owned(),
        None => "root".to_owned(),
    };
    if name.is_empty() || name.starts_with(|c: char| !c.is_ascii_alphabetic()) {
        name.insert_str(0, "group_");
    }
    if matches!(name.as_str(), "default" | "serialize") {
        name.push_str("_ops");
    }
    name
}

/// The parameter of a path placeholder the spec does not declare.
fn undeclared_path_param(placeholder: &str, name: String) -> Param {
    Param {
        wire_name: placeholder.to_owned(),
        name,
        location: ParamLocation::Path,
        ty: crate::ir::TypeRef::Primitive(crate::ir::Primitive::String),
        required: true,
        empty_allowed: false,
        constant: None,
        constraints: Default::default(),
        default: None,
        encoding: crate::ir::QueryEncoding::Repeated,
        docs: crate::ir::Docs {
            description: Some(format!(
                "The `{{{placeholder}}}` segment of the path, which the spec uses without declaring it."
            )),
            ..Default::default()
        },
        component: None,
        shared: None,
        from_credentials: None,
    }
}

#[cfg(test)]
mod tests {
    use super::group_of;

    fn operation(tags: &[&str]) -> openapiv3::Operation {
        openapiv3::Operation {
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn groups_come_from_the_first_tag_or_the_first_path_segment() {
        assert_eq!(
            group_of(&operation(&["Code Scanning", "x"]), "/a"),
            "code_scanning"
        );
        assert_eq!(group_of(&operation(&[]), "/{org}/repos/{id}"), "repos");
        assert_eq!(group_of(&operation(&[]), "/"), "root");
        assert_eq!(group_of(&operation(&["default"]), "/a"), "default_ops");
        assert_eq!(group_of(&operation(&["2fa"]), "/a"), "n_2fa");
    }
}
