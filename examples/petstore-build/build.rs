//! Generates the Petstore client into `OUT_DIR` on every build where the spec
//! changed.

fn main() {
    if let Err(message) =
        flowscribe_codegen::package::build(&["../petstore/petstore.yaml"], "petstore.rs")
    {
        panic!("{message}");
    }
}
