//! Error enums shared between operations: a large API documents the same
//! error answers (statuses, descriptions and bodies) on hundreds of
//! operations, and one enum serves them all instead of one copy each.

use rustc_hash::FxHashMap;

use super::Lower;
use crate::ir::{Operation, StatusResponse, TypeRef};

/// The most variants a shared enum is named after; one with more keeps the
/// name of its first operation.
const NAMED_BY_VARIANTS: usize = 3;

type Key<'o> = Vec<(&'o str, &'o str, &'o Option<TypeRef>, &'o str)>;

fn key(errors: &[StatusResponse]) -> Key<'_> {
    errors
        .iter()
        .map(|e| {
            (
                e.status.as_str(),
                e.description.as_str(),
                &e.body,
                e.variant.as_str(),
            )
        })
        .collect()
}

impl Lower<'_> {
    /// Gives the operations (in their final order, their types merged by
    /// `dedup`) whose error answers are the same one enum. It is named after its variants
    /// (`NotFoundError`, `Status4xxStatus5xxError`) when it has at most
    /// three, and keeps the first operation's name otherwise; the first
    /// operation's request file defines it.
    pub(super) fn share_error_enums(&mut self, operations: &mut [Operation]) {
        let mut groups: FxHashMap<Key<'_>, Vec<usize>> = FxHashMap::default();
        let mut order = Vec::new();
        for (i, operation) in operations.iter().enumerate() {
            if operation.error_enum.is_none() {
                continue;
            }
            let users = groups.entry(key(&operation.errors)).or_default();
            if users.is_empty() {
                order.push(i);
            }
            users.push(i);
        }
        let mut shared: Vec<(Vec<usize>, String)> = Vec::new();
        for first in order {
            let users = &groups[&key(&operations[first].errors)];
            if users.len() < 2 {
                continue;
            }
            let errors = &operations[first].errors;
            let name = if errors.len() <= NAMED_BY_VARIANTS {
                let variants: String = errors.iter().map(|e| e.variant.as_str()).collect();
                let (name, _) = self.type_scope.claim_unique(
                    &format!("{variants}Error"),
                    "the error answers several operations share",
                    "",
                );
                name
            } else {
                operations[first].error_enum.clone().unwrap_or_default()
            };
            shared.push((users.clone(), name));
        }
        for (users, name) in shared {
            for (n, &i) in users.iter().enumerate() {
                let operation = &mut operations[i];
                let own = operation.error_enum.replace(name.clone());
                operation.error_alias = own.filter(|own| *own != name);
                operation.owns_error_enum = n == 0;
                operation.error_enum_users = users.len();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    const SPEC: &str = r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /a:
    get:
      operationId: getA
      responses:
        "200": {description: OK}
        "404": {$ref: "#/components/responses/NotFound"}
  /b:
    get:
      operationId: getB
      responses:
        "200": {description: OK}
        "404": {$ref: "#/components/responses/NotFound"}
  /c:
    get:
      operationId: getC
      responses:
        "200": {description: OK}
        "404": {description: Gone elsewhere}
  /d:
    get:
      operationId: getD
      responses:
        "200": {description: OK}
        "400": {description: Bad}
        "401": {description: Who}
        "403": {description: No}
        "404": {description: Gone}
  /e:
    get:
      operationId: getE
      responses:
        "200": {description: OK}
        "400": {description: Bad}
        "401": {description: Who}
        "403": {description: No}
        "404": {description: Gone}
components:
  responses:
    NotFound:
      description: Not found
      content:
        application/json:
          schema: {type: object, properties: {message: {type: string}}}
"##;

    #[test]
    fn operations_with_the_same_error_answers_share_one_enum() {
        let api = super::super::lowered(SPEC).unwrap();
        let by_id = |id: &str| {
            let op = api.operations.iter().find(|o| o.id == id).unwrap();
            (
                op.error_enum.clone().unwrap(),
                op.owns_error_enum,
                op.error_enum_users,
            )
        };
        let alias = |id: &str| {
            let op = api.operations.iter().find(|o| o.id == id).unwrap();
            op.error_alias.clone()
        };
        // Same statuses, descriptions and bodies: one enum, named after its
        // variant, defined by the first operation.
        assert_eq!(by_id("getA"), ("NotFoundError".to_owned(), true, 2));
        assert_eq!(by_id("getB"), ("NotFoundError".to_owned(), false, 2));
        // Another description is another answer.
        assert_eq!(by_id("getC"), ("GetCError".to_owned(), true, 1));
        // More than three variants: the first operation's name.
        assert_eq!(by_id("getD"), ("GetDError".to_owned(), true, 2));
        assert_eq!(by_id("getE"), ("GetDError".to_owned(), false, 2));
        // Each operation keeps its own name, as an alias of a shared enum.
        assert_eq!(alias("getA").as_deref(), Some("GetAError"));
        assert_eq!(alias("getB").as_deref(), Some("GetBError"));
        assert_eq!(alias("getC"), None);
        assert_eq!(alias("getD"), None);
        assert_eq!(alias("getE").as_deref(), Some("GetEError"));
    }
}
