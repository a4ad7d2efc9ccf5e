//! Unit tests of the lowering passes, each on a small spec written inline and
//! each with a case that fails if the pass does the wrong thing.

use super::lowered;
use crate::ir::{Api, NextValue, Primitive, Struct, TypeKind, TypeRef, Union};

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\n";

fn api(body: &str) -> Api {
    lowered(&format!("{HEAD}{body}")).unwrap_or_else(|e| panic!("{e}"))
}

fn structure<'a>(api: &'a Api, name: &str) -> &'a Struct {
    match &api
        .types
        .get(name)
        .unwrap_or_else(|| panic!("no type {name}: {:?}", api.types.keys()))
        .kind
    {
        TypeKind::Struct(st) => st,
        other => panic!("{name} is not a struct: {other:?}"),
    }
}

fn union<'a>(api: &'a Api, name: &str) -> &'a Union {
    match &api.types[name].kind {
        TypeKind::Union(union) => union,
        other => panic!("{name} is not a union: {other:?}"),
    }
}

fn field_names(st: &Struct) -> Vec<&str> {
    st.fields.iter().map(|f| f.name.as_str()).collect()
}

#[test]
fn dedup_merges_identical_inline_types_and_keeps_different_ones() {
    let api = api(r##"
paths: {}
components:
  schemas:
    A:
      type: object
      properties:
        point: {type: object, properties: {x: {type: integer}, y: {type: integer}}}
    B:
      type: object
      properties:
        point: {type: object, properties: {x: {type: integer}, y: {type: integer}}}
        other: {type: object, properties: {x: {type: integer}, z: {type: integer}}}
"##);
    let ty = |owner: &str, field: &str| {
        structure(&api, owner)
            .fields
            .iter()
            .find(|f| f.name == field)
            .map(|f| f.ty.clone())
            .unwrap()
    };
    // The same shape in two places is one type.
    assert_eq!(ty("A", "point"), ty("B", "point"));
    // Another shape stays another type.
    assert_ne!(ty("B", "point"), ty("B", "other"));
}

#[test]
fn cycles_box_recursive_fields_only() {
    let api = api(r##"
paths: {}
components:
  schemas:
    Node:
      type: object
      required: [next]
      properties:
        next: {$ref: "#/components/schemas/Node"}
        children: {type: array, items: {$ref: "#/components/schemas/Node"}}
        leaf: {$ref: "#/components/schemas/Leaf"}
    Leaf:
      type: object
      properties: {value: {type: string}}
"##);
    let node = structure(&api, "Node");
    let boxed = |name: &str| node.fields.iter().find(|f| f.name == name).unwrap().boxed;
    // A struct containing itself needs a box; a Vec already breaks the
    // cycle, and a field of another type needs none.
    assert!(boxed("next"));
    assert!(!boxed("children"));
    assert!(!boxed("leaf"));
}

#[test]
fn all_of_merges_properties_and_required_lists() {
    let api = api(r##"
paths: {}
components:
  schemas:
    Base:
      type: object
      required: [id]
      properties: {id: {type: integer, format: int64}, name: {type: string}}
    Pet:
      allOf:
        - $ref: "#/components/schemas/Base"
        - type: object
          required: [name]
          properties: {tag: {type: string}}
"##);
    let pet = structure(&api, "Pet");
    assert_eq!(field_names(pet), ["id", "name", "tag"]);
    let required = |name: &str| pet.fields.iter().find(|f| f.name == name).unwrap().required;
    assert!(required("id"), "required by the referenced part");
    assert!(required("name"), "required by the inline part");
    assert!(!required("tag"));
    let id = pet.fields.iter().find(|f| f.name == "id").unwrap();
    assert_eq!(id.ty, TypeRef::Primitive(Primitive::I64));
}

#[test]
fn unions_are_tagged_by_a_discriminator_and_untagged_otherwise() {
    let api = api(r##"
paths: {}
components:
  schemas:
    Cat: {type: object, properties: {kind: {type: string}, lives: {type: integer}}}
    Dog: {type: object, properties: {kind: {type: string}, bark: {type: boolean}}}
    Tagged:
      oneOf: [{$ref: "#/components/schemas/Cat"}, {$ref: "#/components/schemas/Dog"}]
      discriminator:
        propertyName: kind
        mapping: {meow: "#/components/schemas/Cat"}
    Untagged:
      anyOf: [{$ref: "#/components/schemas/Cat"}, {type: string}]
"##);
    let tagged = union(&api, "Tagged");
    assert_eq!(tagged.tag.as_deref(), Some("kind"));
    let values: Vec<_> = tagged
        .variants
        .iter()
        .map(|v| (v.name.as_str(), v.tag_value.as_deref()))
        .collect();
    // The mapping names Cat's value; Dog is selected by its schema name.
    assert_eq!(values, [("Cat", Some("meow")), ("Dog", Some("Dog"))]);
    let untagged = union(&api, "Untagged");
    assert_eq!(untagged.tag, None);
    assert_eq!(untagged.variants.len(), 2);
    assert!(untagged.variants.iter().all(|v| v.tag_value.is_none()));
}

#[test]
fn unions_drop_repeated_refs_and_alternatives_that_only_annotate() {
    let api = api(r##"
paths: {}
components:
  schemas:
    Cat: {type: object, properties: {lives: {type: integer}}}
    Dog: {type: object, properties: {bark: {type: boolean}}}
    Pet:
      oneOf:
        - {$ref: "#/components/schemas/Cat"}
        - {description: Only a note.}
        - {$ref: "#/components/schemas/Cat"}
        - {$ref: "#/components/schemas/Dog"}
    Holder:
      type: object
      properties:
        cat:
          oneOf: [{$ref: "#/components/schemas/Cat"}, {$ref: "#/components/schemas/Cat"}]
"##);
    let names: Vec<_> = union(&api, "Pet")
        .variants
        .iter()
        .map(|v| v.name.as_str())
        .collect();
    assert_eq!(names, ["Cat", "Dog"]);
    // One alternative listed twice is that alternative: the field takes the
    // type itself rather than a union of one.
    let holder = structure(&api, "Holder");
    let cat = holder.fields.iter().find(|f| f.name == "cat").unwrap();
    assert_eq!(cat.ty, TypeRef::Named("Cat".to_owned()));
}

const PAGED: &str = r##"
paths:
  /logs:
    get:
      operationId: ListLogs
      x-pagination:
        items: data.rows
        total: data.total
        page-size: limit
        next:
          offset: {items-received: true}
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
        - {name: offset, in: query, schema: {type: integer}}
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  data:
                    type: object
                    properties:
                      total: {type: integer}
                      rows: {type: array, items: {type: string}}
"##;

#[test]
fn pagination_reads_its_rule_and_checks_every_name() {
    let api = api(PAGED);
    let pagination = api.operations[0].pagination.as_ref().expect("paginated");
    assert_eq!(pagination.page_size.as_deref(), Some("limit"));
    assert!(pagination.total.is_some());
    assert!(
        matches!(pagination.next.as_slice(), [(name, NextValue::ItemsReceived)] if name == "offset")
    );
    // A rule naming a parameter the operation does not have is an error.
    let broken = lowered(&format!(
        "{HEAD}{}",
        PAGED.replace("offset: {items", "cursor: {items")
    ))
    .expect_err("an unknown parameter");
    assert!(broken.contains("cursor"), "{broken}");
}

#[test]
fn a_stream_method_named_like_an_operation_takes_another_name() {
    // `ListLogs` pages, so the client would have `list_logs_stream` beside
    // the operation of that name: the operation keeps it, the stream
    // method does not.
    let yaml = format!(
        "{HEAD}{PAGED}{}",
        r##"
  /logs/stream:
    get:
      operationId: list_logs_stream
      responses: {"204": {description: none}}
"##
    );
    let spec = crate::load::load(crate::SpecSource::new("test.yaml".to_owned(), yaml)).unwrap();
    let (both, diagnostics) = super::lower(&spec, "test").unwrap_or_else(|e| panic!("{e}"));
    let methods: Vec<_> = both
        .operations
        .iter()
        .map(|o| o.method_name.as_str())
        .collect();
    assert_eq!(methods, ["list_logs", "list_logs_stream"]);
    let pagination = both.operations[0].pagination.as_ref().expect("paginated");
    assert_eq!(pagination.stream_method, "list_logs_stream_2");
    let warnings = diagnostics.to_string();
    assert!(
        warnings.contains("`list_logs_stream` that streams the pages of `ListLogs`")
            && warnings.contains("/paths/~1logs/get/x-pagination"),
        "{warnings}"
    );
    // Without the other operation, the stream method has its plain name.
    let plain = api(PAGED);
    let pagination = plain.operations[0].pagination.as_ref().expect("paginated");
    assert_eq!(pagination.stream_method, "list_logs_stream");
    // The API surface records the name only where it is not the plain one.
    let stream = |api: Api| {
        let surface = crate::surface::ModuleSurface::of(&api, &Default::default());
        let operation = &surface.operations["ListLogs"];
        (operation.stream_method.clone(), operation.stream())
    };
    assert_eq!(
        stream(both),
        (
            Some("list_logs_stream_2".to_owned()),
            Some("list_logs_stream_2".to_owned())
        )
    );
    assert_eq!(stream(plain), (None, Some("list_logs_stream".to_owned())));
}

#[test]
fn a_list_of_enum_values_seen_before_is_named_alike_and_warns_again() {
    let yaml = format!(
        "{HEAD}{}",
        r##"
paths: {}
components:
  schemas:
    E1: {type: string, enum: [x, y-z, y_z]}
    E2:
      type: string
      enum: [x, y-z, y_z]
      x-enum-descriptions: [the x, the y, the other y]
    E3: {type: string, enum: [a, b-c]}
    E4: {type: string, enum: [a, b-c], x-enum-descriptions: [an a, a b]}
"##
    );
    let spec = crate::load::load(crate::SpecSource::new("test.yaml".to_owned(), yaml)).unwrap();
    let (api, diagnostics) = super::lower(&spec, "test").unwrap_or_else(|e| panic!("{e}"));
    let variants = |name: &str| match &api.types[name].kind {
        TypeKind::Enum(en) => en
            .variants
            .iter()
            .map(|v| (v.name.clone(), v.docs.description.clone()))
            .collect::<Vec<_>>(),
        other => panic!("{name} is not an enum: {other:?}"),
    };
    let owned = |name: &str, meaning: Option<&str>| (name.to_owned(), meaning.map(str::to_owned));
    // A list that warned is named again, and warns again where it is.
    let warnings = diagnostics.to_string();
    assert_eq!(
        warnings.matches("map to the same variant name").count(),
        2,
        "{warnings}"
    );
    assert!(warnings.contains("/components/schemas/E2"), "{warnings}");
    assert_eq!(
        variants("E2"),
        [
            owned("X", Some("the x")),
            owned("YZ", Some("the y")),
            owned("YZ2", Some("the other y")),
        ]
    );
    // A list that did not is named as before, with its own meanings.
    assert_eq!(variants("E3"), [owned("A", None), owned("BC", None)]);
    assert_eq!(
        variants("E4"),
        [owned("A", Some("an a")), owned("BC", Some("a b"))]
    );
}
