//! The one mapping from an OpenAPI `type` and `format` to a Rust primitive,
//! and whether that primitive already says everything the format does (so
//! that the docs need not repeat it).

use crate::ir::Primitive;

/// The primitive of a scalar schema of type `ty` with `format`; `None` for a
/// type that is not a scalar.
pub(super) fn primitive(ty: &str, format: Option<&str>) -> Option<Primitive> {
    Some(match (ty, format) {
        ("string", Some("date-time")) => Primitive::DateTime,
        ("string", Some("date")) => Primitive::Date,
        ("string", Some("uuid")) => Primitive::Uuid,
        ("string", Some("byte")) => Primitive::Bytes,
        ("string", _) => Primitive::String,
        ("integer", Some("int32")) => Primitive::I32,
        ("integer", _) => Primitive::I64,
        ("number", Some("float")) => Primitive::F32,
        ("number", _) => Primitive::F64,
        ("boolean", _) => Primitive::Bool,
        _ => return None,
    })
}

/// Whether the Rust type of a `ty` schema with `format` says all the format
/// does (`int64` is an `i64`), so that the docs leave the format out.
pub(super) fn implied_by_type(ty: &str, format: &str) -> bool {
    matches!(
        (ty, format),
        ("string", "date-time" | "date" | "uuid" | "byte")
            | ("integer", "int32" | "int64")
            | ("number", "float" | "double")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_map_to_primitives_and_hide_only_what_the_type_says() {
        assert_eq!(primitive("integer", Some("int32")), Some(Primitive::I32));
        assert_eq!(primitive("integer", None), Some(Primitive::I64));
        assert_eq!(primitive("integer", Some("uint8")), Some(Primitive::I64));
        assert_eq!(primitive("number", Some("float")), Some(Primitive::F32));
        assert_eq!(primitive("string", Some("uuid")), Some(Primitive::Uuid));
        assert_eq!(primitive("string", Some("email")), Some(Primitive::String));
        assert_eq!(primitive("array", None), None);
        assert!(implied_by_type("integer", "int64"));
        assert!(!implied_by_type("integer", "uint8"));
        assert!(!implied_by_type("string", "password"));
        assert!(!implied_by_type("string", "binary"));
    }
}
