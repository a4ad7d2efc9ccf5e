//! The responses of an operation: every documented status, its body type and
//! its variant name in the operation's output and error enums.

use openapiv3::{ReferenceOr, Response, StatusCode};

use super::Lower;
use super::case::upper_camel_case;
use super::names::{self};
use super::schema::SchemaRef;

use crate::ir::{StatusResponse, TypeRef};

impl<'a> Lower<'a> {
    /// Every documented response: the 2xx ones and the others, each with its
    /// body type and its variant name in the operation's enums.
    pub(super) fn lower_responses(
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
            let Some((description, body)) = self.response_parts(response, &response_at, &type_name)
            else {
                continue;
            };
            let lowered = StatusResponse {
                status: code.to_string(),
                description,
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
            let hint = format!("{type_prefix}ErrorDefault");
            if let Some((description, body)) = self.response_parts(response, &response_at, &hint) {
                errors.push(StatusResponse {
                    status: "default".to_owned(),
                    description,
                    body,
                    variant: String::new(),
                });
            }
        }
        name_variants(&mut successes);
        name_variants(&mut errors);
        (successes, errors)
    }

    /// The description and body type of one response. A `$ref` to a schema
    /// where a response belongs, a slip of public descriptions, is read as
    /// a JSON body of that schema, with a warning.
    fn response_parts(
        &mut self,
        response: &'a ReferenceOr<Response>,
        at: &str,
        hint: &str,
    ) -> Option<(String, Option<TypeRef>)> {
        if let ReferenceOr::Reference { reference } = response
            && let Some(key) = reference.strip_prefix("#/components/schemas/")
            && self
                .spec
                .document
                .components
                .as_ref()
                .is_some_and(|c| c.schemas.contains_key(key))
        {
            self.warning(
                at,
                format!("`$ref` `{reference}` names a schema where a response belongs; it is read as a JSON response body of that schema"),
            );
            let body = self.type_of(SchemaRef::Ref(reference), at, hint);
            return Some((String::new(), Some(body)));
        }
        let response = self.resolved_response(response, at)?;
        let body = self.body_type(response, at, hint);
        Some((response.description.clone(), body))
    }

    pub(super) fn resolved_response(
        &mut self,
        response: &'a ReferenceOr<Response>,
        at: &str,
    ) -> Option<&'a Response> {
        self.resolve(response, at, "responses", "response", |c| &c.responses)
            .map(|(response, _)| response)
    }

    /// The type of a response's JSON body, if it documents one.
    pub(super) fn body_type(
        &mut self,
        response: &'a Response,
        at: &str,
        hint: &str,
    ) -> Option<TypeRef> {
        let (media, content) = response.content.iter().find(|(media, _)| is_json(media))?;
        let schema = content.schema.as_ref()?;
        let media_at = format!(
            "{at}/content/{}/schema",
            crate::load::escape_pointer_token(media)
        );
        Some(self.type_of(SchemaRef::from(schema), &media_at, hint))
    }
}

/// Whether a media type carries JSON.
pub(super) fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or_default().trim();
    essence == "application/json" || essence.ends_with("+json")
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
                .map(|reason| upper_camel_case(&reason.replace('\'', "")))
                .unwrap_or_else(|| format!("Status{code}")),
            None if response.status == "default" => "Other".to_owned(),
            None => format!("Status{}", response.status.to_ascii_lowercase()),
        };
        let (name, _) = scope.claim_unique(&preferred, &response.status, "");
        response.variant = name;
    }
}
