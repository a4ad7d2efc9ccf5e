//! Lowering the operations beside the component schemas gives what lowering
//! them in order gives: on every spec, case and fixture of the repository,
//! and on small specs built so that the operations need what the components
//! lower (kinds, inline types, names they claim).

use std::path::{Path, PathBuf};

use super::{Schedule, lower_scheduled};
use crate::SpecSource;

/// The lowering of `text` (read from `path`) as `schedule` says, printed:
/// the API or every diagnostic, warnings included.
fn lowered(path: &str, text: &str, schedule: Schedule) -> String {
    let source = SpecSource::new(path.to_owned(), text.to_owned());
    match crate::load::load(source) {
        Ok(spec) => format!("{:#?}", lower_scheduled(&spec, "m", schedule)),
        Err(diagnostic) => format!("not loaded: {diagnostic}"),
    }
}

fn assert_same(path: &str, text: &str) {
    let in_order = lowered(path, text, Schedule::InOrder);
    // Several times: the two threads meet at different points each run.
    for _ in 0..3 {
        let beside = lowered(path, text, Schedule::Beside);
        assert!(
            in_order == beside,
            "{path}: lowered beside the components, the result differs"
        );
    }
}

/// The specs, hard cases and fixtures under the repository.
fn repository_specs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for dir in [
        "specs",
        "tests/fixtures/cases",
        "tests/fixtures/fuzz",
        "tests/fixtures/broken",
    ] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "yaml" || e == "json") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn every_repository_spec_lowers_the_same_beside_the_components() {
    let files = repository_specs();
    assert!(files.len() > 20, "{files:?}");
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        assert_same(&path.display().to_string(), &text);
    }
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\n";

/// The operations look up the kind of a component enum (a query parameter
/// and a default), a component's properties through `allOf`, and the type
/// of a component's inline property.
#[test]
fn what_the_operations_need_of_the_components_is_theirs() {
    let spec = format!(
        "{HEAD}{}",
        r##"
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - {name: status, in: query, schema: {$ref: "#/components/schemas/Status"}}
        - {name: tags, in: query, schema: {type: array, items: {$ref: "#/components/schemas/Status"}}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  status: {allOf: [{$ref: "#/components/schemas/Status"}], default: sold}
                  owner: {$ref: "#/components/schemas/Owner"}
                  merged:
                    allOf:
                      - $ref: "#/components/schemas/Owner"
                      - {type: object, properties: {extra: {type: string}}}
components:
  schemas:
    Owner:
      type: object
      nullable: true
      properties:
        address: {type: object, properties: {city: {type: string}}}
        kind: {type: string, enum: [person, company]}
    Status: {type: string, enum: [available, sold]}
"##
    );
    assert_same("kinds.yaml", &spec);
}

/// An operation's request type is named like a component's inline type:
/// in order, the component's comes first and the operation's is renamed.
/// Beside the components, the operation's claim meets theirs, and the
/// operations are lowered again in order.
#[test]
fn a_name_the_components_took_sends_the_operations_back_in_order() {
    let spec = format!(
        "{HEAD}{}",
        r##"
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        "200": {description: ok}
components:
  schemas:
    ListPets:
      type: object
      properties:
        request: {type: object, properties: {id: {type: string}}}
"##
    );
    assert_same("names.yaml", &spec);
    let text = lowered("names.yaml", &spec, Schedule::Beside);
    assert!(
        text.contains("its types are prefixed `ListPetsOp2`"),
        "{text}"
    );
}

/// A component schema's `$ref` to a component parameter lowers the
/// parameter's schema among the components, named after the parameter's
/// key; the operation that uses the parameter finds that type in order, and
/// beside the components is lowered again. (Lowered on its own, the
/// operation would name the type after itself, a shorter name, which the
/// merging of identical types would keep.)
#[test]
fn a_parameter_the_components_lowered_is_theirs() {
    let spec = format!(
        "{HEAD}{}",
        r##"
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - $ref: "#/components/parameters/OrderOfTheListing"
      responses:
        "200": {description: ok}
components:
  parameters:
    OrderOfTheListing:
      name: order
      in: query
      schema: {type: string, enum: [asc, desc]}
  schemas:
    Sorting:
      type: object
      properties:
        order: {$ref: "#/components/parameters/OrderOfTheListing"}
"##
    );
    assert_same("parameters.yaml", &spec);
    let text = lowered("parameters.yaml", &spec, Schedule::Beside);
    assert!(text.contains("\"OrderOfTheListing\": TypeDef"), "{text}");
}

/// An operation's object merges a component by `allOf`, and with it the
/// component's map of objects, which the components lowered under a long
/// name; lowered on its own, the operation would name that type after
/// itself, a shorter name, which the merging of identical types would keep.
#[test]
fn a_type_the_components_lowered_for_a_map_is_theirs() {
    let spec = format!(
        "{HEAD}{}",
        r##"
paths:
  /a:
    get:
      operationId: a
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                allOf:
                  - $ref: "#/components/schemas/ExtremelyLongComponentNameForAMap"
                  - {type: object, properties: {w: {type: string}}}
components:
  schemas:
    ExtremelyLongComponentNameForAMap:
      type: object
      additionalProperties: {type: object, properties: {v: {type: integer}}}
"##
    );
    assert_same("maps.yaml", &spec);
    let text = lowered("maps.yaml", &spec, Schedule::Beside);
    assert!(
        text.contains("\"ExtremelyLongComponentNameForAMapInnerValue\": TypeDef"),
        "{text}"
    );
}
