//! The document level: info, servers, security schemes, and the order of work.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityScheme};
use serde_json::Value;

use super::beside::Schedule;
use super::extensions;
use super::{Lower, pointer};
use crate::ir::{
    Api, AuthScheme, CredentialsEnv, ErrorFields, RootExports, Server, SigningAlgorithm,
};

impl<'a> Lower<'a> {
    pub(super) fn lower_api(&mut self, module: &str, schedule: Schedule) -> Api {
        let document = &self.spec.document;
        self.name_components();
        let (servers, auth, operations) = self.lower_components_and_rest(schedule);
        let error_fields = self.error_fields();
        let root_exports = self.root_exports();
        Api {
            module: module.to_owned(),
            source_file: self.spec.path.clone(),
            title: document.info.title.clone(),
            version: document.info.version.clone(),
            description: document.info.description.clone(),
            servers,
            auth,
            types: BTreeMap::new(),
            operations,
            error_fields,
            root_exports,
        }
    }

    /// `x-root-exports`: `true` (every item of the API), `false` (none, as
    /// without the extension), or `{except: [names]}` (every item but the
    /// ones named). Whether each name exists is checked once the items are
    /// known (see [`Lower::check_root_exports`]).
    fn root_exports(&mut self) -> Option<RootExports> {
        let at = pointer(&["x-root-exports"]);
        let value = self.spec.document.extensions.get("x-root-exports")?;
        // Only a clash between specs needs the line; finding it must not
        // build the whole line index of every spec that opts in.
        let line = self.spec.top_level_line("x-root-exports");
        let exports = |except| RootExports {
            except,
            pointer: at.clone(),
            line,
        };
        match value {
            Value::Bool(false) => None,
            Value::Bool(true) => Some(exports(BTreeSet::new())),
            Value::Object(map) if map.keys().all(|k| k == "except") => {
                match map.get("except").map(Value::as_array) {
                    None => Some(exports(BTreeSet::new())),
                    Some(Some(items)) if items.iter().all(Value::is_string) => Some(exports(
                        items
                            .iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect(),
                    )),
                    Some(_) => {
                        self.error(
                            &format!("{at}/except"),
                            "`x-root-exports.except` must be a list of item names",
                        );
                        None
                    }
                }
            }
            other => {
                self.error(
                    &at,
                    format!(
                        "`x-root-exports` must be `true`, `false` or `{{except: [names]}}`, found `{other}`"
                    ),
                );
                None
            }
        }
    }

    /// `x-error-fields`: `code`, `message`, `request-id` (body properties)
    /// and `request-id-headers`, each a list of names; a list left out is
    /// empty. The runtime names no vendor, so a spec whose errors use other
    /// names than the generic ones says which.
    fn error_fields(&mut self) -> Option<ErrorFields> {
        const KEYS: [&str; 4] = ["code", "message", "request-id", "request-id-headers"];
        let at = pointer(&["x-error-fields"]);
        let value = self.spec.document.extensions.get("x-error-fields")?;
        let Value::Object(map) = value else {
            self.error(
                &at,
                format!("`x-error-fields` must be a map, found `{value}`"),
            );
            return None;
        };
        for key in map.keys() {
            if !KEYS.contains(&key.as_str()) {
                self.error(
                    &at,
                    format!(
                        "`x-error-fields` has no key `{key}`; the keys are {}",
                        KEYS.join(", ")
                    ),
                );
            }
        }
        let mut lists = KEYS.map(|key| {
            let names = match map.get(key) {
                None => Some(Vec::new()),
                Some(Value::Array(items)) => items
                    .iter()
                    .map(|item| item.as_str().map(str::to_owned))
                    .collect(),
                Some(_) => None,
            };
            (key, names)
        });
        for (key, names) in &mut lists {
            if names.is_none() {
                self.error(
                    &format!("{at}/{key}"),
                    format!("`x-error-fields.{key}` must be a list of names"),
                );
            }
        }
        let [code, message, request_id, request_id_headers] =
            lists.map(|(_, names)| names.unwrap_or_default());
        Some(ErrorFields {
            code,
            message,
            request_id,
            request_id_headers: request_id_headers
                .into_iter()
                .map(|h| h.to_ascii_lowercase())
                .collect(),
        })
    }

    pub(super) fn lower_servers(&mut self) -> Vec<Server> {
        let mut servers = Vec::new();
        for (i, server) in self.spec.document.servers.iter().enumerate() {
            let at = pointer(&["servers", &i.to_string()]);
            let variables = server
                .variables
                .iter()
                .flatten()
                .map(|(name, variable)| (name.clone(), variable.default.clone()))
                .collect::<BTreeMap<_, _>>();
            for name in placeholders(&server.url) {
                if !variables.contains_key(&name) {
                    self.error(
                        &at,
                        format!(
                            "server URL `{}` uses `{{{name}}}`, which `variables` does not define",
                            server.url
                        ),
                    );
                }
            }
            let region_endpoints = self.region_endpoints(server, &at);
            let unlisted_regions_use_template = match server.extensions.get("x-unlisted-regions") {
                None => false,
                Some(Value::String(rule)) if rule == "template" => true,
                Some(Value::String(rule)) if rule == "refused" => false,
                Some(other) => {
                    self.error(
                        &format!("{at}/x-unlisted-regions"),
                        format!(
                            "`x-unlisted-regions` must be `template` or `refused`, found `{other}`"
                        ),
                    );
                    false
                }
            };
            servers.push(Server {
                url: server.url.clone(),
                description: server.description.clone(),
                variables,
                region_endpoints,
                unlisted_regions_use_template,
            });
        }
        servers
    }

    /// `x-region-endpoints`: every region the spec knows, each with one URL
    /// or a list of URLs (the preferred first).
    fn region_endpoints(
        &mut self,
        server: &openapiv3::Server,
        at: &str,
    ) -> BTreeMap<String, Vec<String>> {
        let mut regions = BTreeMap::new();
        let at = format!("{at}/x-region-endpoints");
        match server.extensions.get("x-region-endpoints") {
            None => {}
            Some(Value::Object(map)) => {
                for (region, urls) in map {
                    let listed: Option<Vec<String>> = match urls {
                        Value::String(url) => Some(vec![url.clone()]),
                        Value::Array(items) if !items.is_empty() => items
                            .iter()
                            .map(|item| item.as_str().map(str::to_owned))
                            .collect(),
                        _ => None,
                    };
                    match listed {
                        Some(urls) => {
                            regions.insert(region.clone(), urls);
                        }
                        None => self.error(
                            &at,
                            format!(
                                "`x-region-endpoints` maps `{region}` to `{urls}`, not to a URL or a non-empty list of URLs"
                            ),
                        ),
                    }
                }
            }
            Some(other) => self.error(
                &at,
                format!("`x-region-endpoints` must map regions to URLs, found `{other}`"),
            ),
        }
        regions
    }

    pub(super) fn lower_auth(&mut self) -> BTreeMap<String, AuthScheme> {
        let mut auth = BTreeMap::new();
        let Some(components) = &self.spec.document.components else {
            return auth;
        };
        for (name, scheme) in &components.security_schemes {
            let at = pointer(&["components", "securitySchemes", name]);
            let ReferenceOr::Item(scheme) = scheme else {
                self.error(&at, "a `$ref` to a security scheme is not supported");
                continue;
            };
            let lowered = match scheme {
                SecurityScheme::APIKey {
                    location,
                    name: key_name,
                    extensions: ext,
                    ..
                } => match ext.get("x-signing") {
                    Some(signing) => match self.signing(signing, &format!("{at}/x-signing")) {
                        Some(lowered) => lowered,
                        None => continue,
                    },
                    None if matches!(location, APIKeyLocation::Header) => AuthScheme::HeaderKey {
                        header: key_name.clone(),
                    },
                    None => AuthScheme::Other {
                        description: format!("API key in {location:?} `{key_name}`"),
                    },
                },
                SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("bearer") => {
                    AuthScheme::Bearer
                }
                SecurityScheme::HTTP { scheme, .. } => AuthScheme::Other {
                    description: format!("HTTP `{scheme}` authentication"),
                },
                // The caller obtains the access token; requests carry it as a
                // bearer token.
                SecurityScheme::OAuth2 { .. } | SecurityScheme::OpenIDConnect { .. } => {
                    AuthScheme::Bearer
                }
            };
            auth.insert(name.clone(), lowered);
        }
        auth
    }

    /// `x-signing`: the algorithm, which the runtime must implement, and where
    /// credentials come from.
    fn signing(&mut self, signing: &Value, at: &str) -> Option<AuthScheme> {
        let algorithm = match signing.get("algorithm").and_then(Value::as_str) {
            Some("SDK-HMAC-SHA256") => SigningAlgorithm::SdkHmacSha256,
            Some("ACS3-HMAC-SHA256") => SigningAlgorithm::Acs3HmacSha256,
            Some(other) => {
                self.error(at, format!("signing algorithm `{other}` is not implemented by the runtime; it has SDK-HMAC-SHA256 and ACS3-HMAC-SHA256"));
                return None;
            }
            None => {
                self.error(at, "`x-signing` needs an `algorithm` string");
                return None;
            }
        };
        let credentials_env = match signing.get("credentials-env") {
            None => None,
            Some(env) => {
                let name = |key: &str| env.get(key).and_then(Value::as_str).map(str::to_owned);
                match (name("access-key-id"), name("secret-access-key")) {
                    (Some(access_key_id), Some(secret_access_key)) => Some(CredentialsEnv {
                        access_key_id,
                        secret_access_key,
                        security_token: name("security-token"),
                        project_id: name("project-id"),
                    }),
                    _ => {
                        self.error(&format!("{at}/credentials-env"), "`credentials-env` needs `access-key-id` and `secret-access-key` variable names");
                        return None;
                    }
                }
            }
        };
        Some(AuthScheme::Signed {
            algorithm,
            credentials_env,
        })
    }

    /// `x-source-page` of an operation, as one line of documentation.
    pub(super) fn source_page(&mut self, ext: &extensions::Extensions, at: &str) -> Option<String> {
        let page = ext.get("x-source-page")?;
        let field = |key: &str| page.get(key).and_then(Value::as_str);
        let Some(title) = field("title") else {
            self.error(at, "`x-source-page` needs a `title` string");
            return None;
        };
        let mut line = format!("\u{201c}{title}\u{201d}");
        match (field("file"), field("updated")) {
            (Some(file), Some(updated)) => {
                line.push_str(&format!(" (`{file}`, updated {updated})"))
            }
            (Some(file), None) => line.push_str(&format!(" (`{file}`)")),
            (None, Some(updated)) => line.push_str(&format!(" (updated {updated})")),
            (None, None) => {}
        }
        Some(line)
    }
}

/// The `{name}` placeholders of a URL or path template.
pub(super) fn placeholders(template: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        names.push(rest[open + 1..open + close].to_owned());
        rest = &rest[open + close + 1..];
    }
    names
}
