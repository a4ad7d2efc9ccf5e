//! `$ref`s to the reusable parts of `components` (parameters, request bodies,
//! responses): one resolver, so that every section reports a dangling or
//! misplaced reference the same way.

use indexmap::IndexMap;
use openapiv3::{Components, ReferenceOr};

use super::{Lower, pointer};

impl<'a> Lower<'a> {
    /// `item` itself, or the item of `components/{section}` its `$ref`
    /// names, with the pointer it stands at. A `$ref` to anything else (or
    /// to another `$ref`) is an error naming it as a `what`.
    pub(super) fn resolve<T>(
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
            _ if !reference.starts_with('#') => {
                let message = super::schema::unsupported_reference(
                    reference,
                    &format!("components/{section}"),
                );
                self.error(at, message);
                None
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
}
