//! `x-pagination`: reading the paging rule of an operation and checking every
//! name it uses against the operation's parameters and response type.

use serde_json::Value;

use super::Lower;
use super::extensions::Extensions;
use crate::ir::{FieldPath, NextValue, Operation, Pagination, Primitive, TypeKind, TypeRef};

impl Lower<'_> {
    pub(super) fn lower_pagination(
        &mut self,
        ext: &Extensions,
        operation: &Operation,
        at: &str,
    ) -> Option<Pagination> {
        let spec = ext.get("x-pagination")?;
        let at = format!("{at}/x-pagination");
        let Some(success) = &operation.success else {
            self.error(
                &at,
                format!(
                    "`{}` pages, but documents no success body to page through",
                    operation.id
                ),
            );
            return None;
        };
        let text = |key: &str| spec.get(key).and_then(Value::as_str);
        let Some(items_path) = text("items") else {
            self.error(
                &at,
                "`x-pagination` needs `items`, the dotted path to the list of records",
            );
            return None;
        };
        // Every part is checked even after one fails, so that all problems are
        // reported together.
        let items = self.field_path(success, items_path, &format!("{at}/items"));
        let record = match &items {
            Some(FieldPath {
                leaf: TypeRef::Vec(record),
                ..
            }) => Some(record.as_ref().clone()),
            Some(_) => {
                self.error(
                    &format!("{at}/items"),
                    format!("`items` `{items_path}` is not a list"),
                );
                None
            }
            None => None,
        };
        let total = match text("total") {
            Some(path) => {
                let total = self.field_path(success, path, &format!("{at}/total"));
                let countable = matches!(
                    &total,
                    Some(FieldPath {
                        leaf: TypeRef::Primitive(
                            Primitive::I32 | Primitive::I64 | Primitive::String
                        ),
                        ..
                    }) | None
                );
                if !countable {
                    self.error(
                        &format!("{at}/total"),
                        format!("`total` `{path}` must be an integer or a numeric string"),
                    );
                }
                total
            }
            None => None,
        };
        let param_name = |wire: &str| {
            operation
                .params
                .iter()
                .find(|p| p.wire_name == wire)
                .map(|p| p.name.clone())
        };
        let page_size = text("page-size").and_then(|wire| {
            let name = param_name(wire);
            if name.is_none() {
                self.error(
                    &format!("{at}/page-size"),
                    format!(
                        "`page-size` names `{wire}`, which is not a parameter of `{}`",
                        operation.id
                    ),
                );
            }
            name
        });
        let mut next = Vec::new();
        match spec.get("next") {
            Some(Value::Object(rules)) => {
                for (wire, rule) in rules {
                    let rule_at = format!("{at}/next/{}", crate::load::escape_pointer_token(wire));
                    let param = param_name(wire);
                    if param.is_none() {
                        self.error(&rule_at, format!("`next` names `{wire}`, which is not a parameter of `{}`", operation.id));
                    }
                    let value = if let Some(field) = rule.get("last-item").and_then(Value::as_str) {
                        let Some(record) = &record else { continue };
                        let Some(path) = self.field_path(record, field, &rule_at) else { continue };
                        let param_ty = operation.params.iter().find(|p| p.wire_name == *wire).map(|p| &p.ty);
                        if param.is_some() && param_ty != Some(&path.leaf) {
                            self.error(&rule_at, format!("`next.{wire}` takes `{field}` of the last record, whose type differs from the parameter's"));
                            continue;
                        }
                        NextValue::LastItem(path)
                    } else if rule.get("items-received") == Some(&Value::Bool(true)) {
                        NextValue::ItemsReceived
                    } else if let Some(start) = rule.get("page-number").and_then(Value::as_i64) {
                        NextValue::PageNumber(start)
                    } else {
                        self.error(&rule_at, format!("`next.{wire}` must be `{{last-item: <field>}}`, `{{items-received: true}}` or `{{page-number: <start>}}`, found `{rule}`"));
                        continue;
                    };
                    if let Some(param) = param {
                        next.push((param, value));
                    }
                }
            }
            _ => self.error(&at, "`x-pagination` needs `next`, a map from parameter to where its next value comes from"),
        }
        let items = items.filter(|_| record.is_some())?;
        Some(Pagination {
            // Claimed once every operation has its method name
            // (`lower_operations`).
            stream_method: Pagination::plain_stream_method(&operation.method_name),
            items,
            total,
            page_size,
            next,
        })
    }

    /// Follows a dotted path of wire names through struct types.
    fn field_path(&mut self, from: &TypeRef, dotted: &str, at: &str) -> Option<FieldPath> {
        let mut steps = Vec::new();
        let mut current = from.clone();
        for part in dotted.split('.') {
            let fields = match &current {
                TypeRef::Named(name) => match self.lowered_type(name).map(|t| &t.kind) {
                    Some(TypeKind::Struct(st)) => Some(st.fields.clone()),
                    _ => None,
                },
                _ => None,
            };
            let Some(field) = fields
                .as_ref()
                .and_then(|fields| fields.iter().find(|f| f.wire_name == part))
            else {
                self.error(
                    at,
                    format!(
                        "`{dotted}`: `{part}` is not a property of the type it is looked up in"
                    ),
                );
                return None;
            };
            steps.push((field.name.clone(), !field.is_optional()));
            current = field.ty.clone();
        }
        Some(FieldPath {
            steps,
            leaf: current,
        })
    }
}
