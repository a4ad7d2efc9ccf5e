//! What to do about the model errors that Swagger 2 habits cause, in
//! OpenAPI's words rather than the reader's: the reader says "expected a
//! sequence" where the description meant a required property.

/// A hint for the model error `message` at `pointer` (the node
/// [`super::narrow`] found); `None` for an error with no known cause.
pub(super) fn hint(pointer: &str, message: &str) -> Option<&'static str> {
    let last = pointer.rsplit('/').next().unwrap_or_default();
    if last == "in"
        && (message.contains("variant `body`") || message.contains("variant `formData`"))
    {
        return Some(
            "OpenAPI 3 has no `body` or `formData` parameters (Swagger 2 had them): \
             an operation's body is its `requestBody`",
        );
    }
    if message.contains("ParameterSchemaOrContent") {
        return Some(
            "a parameter needs a `schema` (or a `content`); Swagger 2's `type`, `format` \
             and `items` of a parameter go inside its `schema` in OpenAPI 3",
        );
    }
    if last == "required" && message.contains("invalid type: boolean") {
        return Some(
            "a schema's `required` lists the names of its required properties; a property \
             is made required by its parent schema's list, not by `required: true` of its own",
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::hint;

    #[test]
    fn swagger_2_habits_get_a_hint_and_other_errors_none() {
        let body = hint(
            "/paths/~1a/get/parameters/0/in",
            "unknown variant `body`, expected one of `query`, `header`, `path`, `cookie`",
        );
        assert!(body.is_some_and(|h| h.contains("requestBody")), "{body:?}");
        let schema = hint(
            "/paths/~1a/get/parameters/0",
            "no variant of enum ParameterSchemaOrContent found in flattened data",
        );
        assert!(
            schema.is_some_and(|h| h.contains("inside its `schema`")),
            "{schema:?}"
        );
        let required = hint(
            "/components/schemas/Pet/properties/name/required",
            "invalid type: boolean `true`, expected a sequence",
        );
        assert!(required.is_some_and(|h| h.contains("parent schema's list")));
        // The same messages elsewhere, and other messages, get none.
        assert_eq!(
            hint(
                "/paths/~1a/get/parameters/0/in",
                "unknown variant `nowhere`"
            ),
            None
        );
        assert_eq!(
            hint(
                "/components/schemas/Pet/required",
                "invalid type: string \"a\", expected a sequence"
            ),
            None
        );
        assert_eq!(hint("/info", "missing field `title`"), None);
    }
}
