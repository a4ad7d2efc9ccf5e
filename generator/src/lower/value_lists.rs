//! Descriptions that end in "Valid values:" and nothing after, where the page
//! lost the list that followed: the field or parameter's enumeration lists
//! the values, so the sentence is completed from it instead of left hanging.

use rustc_hash::FxHashMap;

use crate::ir::{Api, Docs, EnumValue, TypeKind, TypeRef};

/// Completes every field and parameter description of `api` that ends with a
/// colon, when its type is an enumeration (or a list of one).
pub(super) fn complete_value_lists(api: &mut Api) {
    let lists: FxHashMap<String, String> = api
        .types
        .values()
        .filter_map(|def| match &def.kind {
            TypeKind::Enum(enumeration) if !enumeration.variants.is_empty() => {
                let values: Vec<String> = enumeration
                    .variants
                    .iter()
                    .map(|v| match &v.value {
                        EnumValue::Str(text) => format!("`{}`", text.replace('`', "'")),
                        EnumValue::Int(number) => format!("`{number}`"),
                    })
                    .collect();
                Some((def.name.clone(), values.join(", ")))
            }
            _ => None,
        })
        .collect();
    if lists.is_empty() {
        return;
    }
    for def in api.types.values_mut() {
        if let TypeKind::Struct(st) = &mut def.kind {
            for field in &mut st.fields {
                complete(&mut field.docs, &field.ty, &lists);
            }
        }
    }
    for operation in &mut api.operations {
        for param in &mut operation.params {
            complete(&mut param.docs, &param.ty, &lists);
        }
    }
}

fn complete(docs: &mut Docs, ty: &TypeRef, lists: &FxHashMap<String, String>) {
    let name = match ty {
        TypeRef::Named(name) => name,
        TypeRef::Vec(item) => match item.as_ref() {
            TypeRef::Named(name) => name,
            _ => return,
        },
        _ => return,
    };
    let (Some(description), Some(list)) = (&mut docs.description, lists.get(name)) else {
        return;
    };
    let text = description.trim_end();
    if text.ends_with(':') {
        *description = format!("{text} {list}.");
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::TypeKind;
    use crate::lower::lowered;

    #[test]
    fn a_description_ending_in_a_colon_gets_the_enum_values() {
        let api = lowered(
            r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Log:
      type: object
      properties:
        status:
          description: "The status. Valid values:"
          type: string
          enum: [Active, Inactive]
        kind:
          description: "The kind: see the page."
          type: string
          enum: [a]
"#,
        )
        .unwrap();
        let TypeKind::Struct(st) = &api.types["Log"].kind else {
            panic!("Log is a struct");
        };
        let description = |i: usize| st.fields[i].docs.description.clone().unwrap();
        assert_eq!(
            description(0),
            "The status. Valid values: `Active`, `Inactive`."
        );
        assert_eq!(description(1), "The kind: see the page.");
    }
}
