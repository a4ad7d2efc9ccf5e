//! Rust written straight as text in prettyplease's layout, for items whose
//! shape the generator knows: the line writer and prettyplease's rules for
//! where such lines break. Every user declines (and falls back to tokens)
//! for any layout these rules do not cover, and tests compare both paths.

use crate::ir::{Primitive, TypeRef};

/// The widest line prettyplease keeps whole in these impls; longer lines it
/// breaks, and the text form declines.
pub const WIDTH: usize = 89;

/// Text built line by line, remembering whether every line fit in [`WIDTH`].
pub struct Lines {
    out: String,
    fits: bool,
}

impl Lines {
    pub fn new(capacity: usize) -> Self {
        Lines {
            out: String::with_capacity(capacity),
            fits: true,
        }
    }

    /// One line at `depth` levels of indentation, made of `parts`, whose
    /// layout the caller has decided.
    pub fn push(&mut self, depth: usize, parts: &[&str]) {
        for _ in 0..depth {
            self.out.push_str("    ");
        }
        for part in parts {
            self.out.push_str(part);
        }
        self.out.push('\n');
    }

    /// [`Lines::push`], declining the whole text if the line is wider than
    /// [`WIDTH`] (prettyplease might find a break in it).
    pub fn line(&mut self, depth: usize, parts: &[&str]) {
        if !Self::fits(depth, parts) {
            self.fits = false;
        }
        self.push(depth, parts);
    }

    /// Whether a line at `depth` made of `parts` fits in [`WIDTH`]. Widths
    /// are in bytes, as prettyplease counts them.
    pub fn fits(depth: usize, parts: &[&str]) -> bool {
        depth * 4 + parts.iter().map(|p| p.len()).sum::<usize>() <= WIDTH
    }

    /// `{lead}{receiver}.{method}({args}){tail}` as prettyplease breaks a
    /// method call: whole if it fits; else the receiver alone and the call
    /// one level deeper; else the arguments one per line below that. A
    /// `free` suffix (the comma prettyplease prints after a struct literal's
    /// last field only because the literal is broken) does not count toward
    /// the width of the layout chosen, except that a call without arguments,
    /// which cannot break further, declines when it does not fit with it.
    #[allow(clippy::too_many_arguments)]
    pub fn call(
        &mut self,
        depth: usize,
        lead: &str,
        receiver: &str,
        method: &str,
        args: &[&str],
        tail: &str,
        free: &str,
    ) {
        let joined = args.join(", ");
        let whole = [lead, receiver, ".", method, "(", &joined, ")", tail];
        if Self::fits(depth, &whole) {
            return self.push(depth, &[&whole[..], &[free]].concat());
        }
        self.line(depth, &[lead, receiver]);
        let call = [".", method, "(", &joined, ")", tail];
        if Self::fits(depth + 1, &call) {
            return self.push(depth + 1, &[&call[..], &[free]].concat());
        }
        if args.is_empty() {
            return self.line(depth + 1, &[&call[..], &[free]].concat());
        }
        self.push(depth + 1, &[".", method, "("]);
        for arg in args {
            self.line(depth + 2, &[arg, ","]);
        }
        self.push(depth + 1, &[")", tail, free]);
    }

    /// An impl header, `{head} for {name} {`, broken before `for` when it
    /// does not fit.
    pub fn impl_header(&mut self, head: &str, name: &str) {
        let whole = [head, " for ", name, " {"];
        if Self::fits(0, &whole) {
            self.line(0, &whole);
        } else {
            self.line(0, &[head]);
            self.line(0, &["for ", name, " {"]);
        }
    }

    /// Gives up: the text will not be used.
    pub fn decline(&mut self) {
        self.fits = false;
    }

    /// Lines whose layout never varies, newlines included.
    pub fn fixed(&mut self, text: &str) {
        self.out.push_str(text);
    }

    pub fn finish(self) -> Option<String> {
        self.fits.then_some(self.out)
    }
}

/// A string literal as `quote` spells it.
pub fn string_literal(value: &str) -> String {
    proc_macro2::Literal::string(value).to_string()
}

/// Doc comment lines as prettyplease prints `#[doc = " line"]` attributes
/// (see `docs::attrs`): `///` and the line, trailing spaces dropped.
pub fn doc_comments(lines: &mut Lines, depth: usize, docs: &[String]) {
    for doc in docs {
        if doc.contains('\n') {
            // prettyplease would print a block comment.
            lines.decline();
        }
        let text = doc.trim_end_matches(' ');
        if text.is_empty() {
            lines.push(depth, &["///"]);
        } else {
            lines.push(depth, &["/// ", text]);
        }
    }
}

/// The spelling of a type reference, as `types::type_tokens` prints.
pub fn type_text(ty: &TypeRef, out: &mut String) {
    match ty {
        TypeRef::Named(name) => out.push_str(name),
        TypeRef::Primitive(primitive) => out.push_str(primitive_path(*primitive)),
        TypeRef::Vec(item) => {
            out.push_str("Vec<");
            type_text(item, out);
            out.push('>');
        }
        TypeRef::Map(value) => {
            out.push_str("std::collections::BTreeMap<String, ");
            type_text(value, out);
            out.push('>');
        }
        TypeRef::Json => out.push_str("serde_json::Value"),
    }
}

/// The Rust type of a primitive.
pub fn primitive_path(primitive: Primitive) -> &'static str {
    match primitive {
        Primitive::String => "String",
        Primitive::Bool => "bool",
        Primitive::I32 => "i32",
        Primitive::I64 => "i64",
        Primitive::F32 => "f32",
        Primitive::F64 => "f64",
        Primitive::DateTime => "flowscribe_runtime::formats::DateTime",
        Primitive::Date => "flowscribe_runtime::formats::Date",
        Primitive::Uuid => "flowscribe_runtime::formats::Uuid",
        Primitive::Bytes => "flowscribe_runtime::formats::Base64",
        Primitive::Binary => "Vec<u8>",
    }
}
