//! Component parameters many operations share (GitHub's `per_page`, OData's
//! `$select`): documented once, as a type alias of the API's types, instead of
//! in full on the field of every request that takes them.

use std::collections::BTreeMap;

use super::{Lower, names};
use crate::ir::{Api, Docs, TypeDef, TypeKind};

impl Lower<'_> {
    /// Gives every `components/parameters` entry that at least two
    /// operations take (as a field, not a constant) a type alias named
    /// `{Name}Param`, documented with the parameter's docs, and points the
    /// parameters at it. Runs after types are merged, so the alias names the
    /// final type.
    pub(super) fn share_component_params(&mut self, api: &mut Api) {
        let mut users: BTreeMap<String, usize> = BTreeMap::new();
        for operation in &api.operations {
            for param in &operation.params {
                if let (Some(key), None) = (&param.component, &param.constant) {
                    *users.entry(key.clone()).or_default() += 1;
                }
            }
        }
        let mut aliases: BTreeMap<String, String> = BTreeMap::new();
        for operation in &mut api.operations {
            for param in &mut operation.params {
                let Some(key) = &param.component else {
                    continue;
                };
                if param.constant.is_some() || users.get(key).copied().unwrap_or(0) < 2 {
                    continue;
                }
                if let Some(alias) = aliases.get(key) {
                    param.shared = Some(alias.clone());
                    continue;
                }
                let spec_name = format!("components/parameters/{key}");
                let (alias, _) = self.type_scope.claim_unique(
                    &format!("{}Param", names::type_name(key)),
                    &spec_name,
                    "",
                );
                let docs = Docs {
                    facts: {
                        let mut facts = param.docs.facts.clone();
                        facts.push(format!(
                            "The {} `{}` that {} operations take.",
                            param.location.noun(),
                            param.wire_name,
                            users[key]
                        ));
                        facts
                    },
                    ..param.docs.clone()
                };
                api.types.insert(
                    alias.clone(),
                    TypeDef {
                        name: alias.clone(),
                        spec_name,
                        docs,
                        kind: TypeKind::Alias(param.ty.clone()),
                    },
                );
                aliases.insert(key.clone(), alias.clone());
                param.shared = Some(alias);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{TypeKind, TypeRef};

    const SPEC: &str = r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /a:
    get:
      operationId: getA
      parameters:
        - $ref: "#/components/parameters/per-page"
        - $ref: "#/components/parameters/once"
      responses: {"200": {description: OK}}
  /b:
    get:
      operationId: getB
      parameters:
        - $ref: "#/components/parameters/per-page"
      responses: {"200": {description: OK}}
components:
  parameters:
    per-page:
      name: per_page
      in: query
      description: Results per page.
      schema: {type: integer, maximum: 100}
    once:
      name: once
      in: query
      schema: {type: string}
"##;

    #[test]
    fn a_component_parameter_two_operations_take_is_documented_once() {
        let api = super::super::lowered(SPEC).unwrap();
        let alias = &api.types["PerPageParam"];
        assert!(matches!(
            &alias.kind,
            TypeKind::Alias(TypeRef::Primitive(crate::ir::Primitive::I64))
        ));
        assert_eq!(alias.docs.description.as_deref(), Some("Results per page."));
        assert!(
            alias
                .docs
                .facts
                .iter()
                .any(|f| f.contains("that 2 operations take"))
        );
        for operation in &api.operations {
            let per_page = operation
                .params
                .iter()
                .find(|p| p.wire_name == "per_page")
                .unwrap();
            assert_eq!(per_page.shared.as_deref(), Some("PerPageParam"));
            // The checks still see the parameter's own type.
            assert_eq!(per_page.ty, TypeRef::Primitive(crate::ir::Primitive::I64));
        }
        // A component one operation takes stays on its field.
        let get_a = api.operations.iter().find(|o| o.id == "getA").unwrap();
        let once = get_a.params.iter().find(|p| p.wire_name == "once").unwrap();
        assert_eq!(once.shared, None);
        assert!(!api.types.contains_key("OnceParam"));
    }
}
