//! The serde impls of a struct written as text, line for line as prettyplease
//! prints the tokens of `tokens.rs`. Each function declines (`None`) when the
//! struct needs a layout it does not reproduce: a line too long to stay whole,
//! a struct literal short enough to fit on one line, or a documented default.

use super::{Finish, keeps_unlisted, written_only_when_set};
use crate::ir::{ADDITIONAL_FIELD, Struct};

/// The widest line prettyplease keeps whole in these impls; longer lines it
/// breaks, and the text form declines.
const WIDTH: usize = 89;

/// Text built line by line, remembering whether every line fit in [`WIDTH`].
struct Lines {
    out: String,
    fits: bool,
}

impl Lines {
    fn new(capacity: usize) -> Self {
        Lines {
            out: String::with_capacity(capacity),
            fits: true,
        }
    }

    /// One line at `depth` levels of indentation, made of `parts`, whose
    /// layout the caller has decided.
    fn push(&mut self, depth: usize, parts: &[&str]) {
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
    fn line(&mut self, depth: usize, parts: &[&str]) {
        if !Self::fits(depth, parts) {
            self.fits = false;
        }
        self.push(depth, parts);
    }

    /// Whether a line at `depth` made of `parts` fits in [`WIDTH`]. Widths
    /// are in bytes, as prettyplease counts them.
    fn fits(depth: usize, parts: &[&str]) -> bool {
        depth * 4 + parts.iter().map(|p| p.len()).sum::<usize>() <= WIDTH
    }

    /// `{lead}{receiver}.{method}({args}){tail}` as prettyplease breaks a
    /// method call: whole if it fits; else the receiver alone and the call
    /// one level deeper; else the arguments one per line below that. A
    /// `free` suffix (the comma prettyplease prints after a struct literal's
    /// last field only because the literal is broken) does not count toward
    /// the width.
    #[allow(clippy::too_many_arguments)]
    fn call(
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
    fn impl_header(&mut self, head: &str, name: &str) {
        let whole = [head, " for ", name, " {"];
        if Self::fits(0, &whole) {
            self.line(0, &whole);
        } else {
            self.line(0, &[head]);
            self.line(0, &["for ", name, " {"]);
        }
    }

    /// Lines that never depend on the struct, newlines included.
    fn fixed(&mut self, text: &str) {
        self.out.push_str(text);
    }

    fn finish(self) -> Option<String> {
        self.fits.then_some(self.out)
    }
}

/// A string literal as `quote` spells it.
fn string_literal(value: &str) -> String {
    proc_macro2::Literal::string(value).to_string()
}

/// The text of `tokens::decode`.
pub fn decode(name: &str, st: &Struct) -> Option<String> {
    let keeps = keeps_unlisted(st);
    let mut fields = Vec::with_capacity(st.fields.len());
    for field in &st.fields {
        let finish = match Finish::of(field) {
            Finish::Default(_) => return None,
            finish => finish,
        };
        let slot = format!("v_{}", field.name);
        let wire = string_literal(&field.wire_name);
        fields.push((field, slot, wire, finish));
    }
    // `Ok(Name { a: .., b: .. })` on one line, as prettyplease prints a
    // literal that fits, is left to the tokens: so is every literal whose
    // one-line form comes near the width.
    let one_line = 2 * 4
        + "Ok(".len()
        + name.len()
        + " {  })".len()
        + fields
            .iter()
            .map(|(field, slot, wire, finish)| {
                field.name.len()
                    + ": ".len()
                    + match finish {
                        Finish::Required => "object.required(, )?".len() + slot.len() + wire.len(),
                        _ => slot.len() + ".flatten()".len(),
                    }
                    + ", ".len()
            })
            .sum::<usize>()
        + if keeps {
            ADDITIONAL_FIELD.len() + ": unlisted".len()
        } else {
            0
        };
    if one_line <= WIDTH + 8 || !Lines::fits(2, &["Ok(", name, " {"]) {
        return None;
    }

    let mut lines = Lines::new(400 + st.fields.len() * 150);
    lines.impl_header("impl<'de> serde::Deserialize<'de>", name);
    lines.fixed(
        "    fn deserialize<D: serde::Deserializer<'de>>(\n        deserializer: D,\n    ) -> Result<Self, D::Error> {\n        flowscribe_runtime::object::deserialize(deserializer)\n    }\n}\n",
    );
    lines.impl_header("impl flowscribe_runtime::object::DecodeObject", name);
    // prettyplease never breaks a constant's value from its name.
    lines.fixed("    const NAME: &'static str = ");
    lines.fixed(&string_literal(name));
    lines.fixed(";\n");
    lines.fixed(
        "    fn decode<'de, A: serde::de::MapAccess<'de>>(\n        mut object: flowscribe_runtime::object::ObjectDecoder<'de, A>,\n    ) -> Result<Self, A::Error> {\n",
    );
    for (_, slot, _, _) in &fields {
        lines.line(2, &["let mut ", slot, " = None;"]);
    }
    if keeps {
        lines.fixed("        let mut unlisted = std::collections::BTreeMap::new();\n");
    }
    lines.fixed(
        "        while let Some(key) = object.next_key()? {\n            match key.as_str() {\n",
    );
    for (_, slot, wire, _) in &fields {
        let slot = format!("&mut {slot}");
        // The comma after an arm is printed only when the arm stays whole,
        // and does not count toward the width.
        let arm = [wire.as_str(), " => object.value(", &slot, ", &key)?"];
        if Lines::fits(4, &arm) {
            lines.push(4, &[wire, " => object.value(", &slot, ", &key)?,"]);
        } else {
            lines.line(4, &[wire, " => {"]);
            lines.call(5, "", "object", "value", &[&slot, "&key"], "?", "");
            lines.push(4, &["}"]);
        }
    }
    if keeps {
        lines.fixed("                _ => object.keep(&mut unlisted, key)?,\n");
    } else {
        lines.fixed("                _ => object.skip()?,\n");
    }
    lines.fixed("            }\n        }\n");
    lines.push(2, &["Ok(", name, " {"]);
    for (i, (field, slot, wire, finish)) in fields.iter().enumerate() {
        // The comma after the literal's last field is printed only because
        // the literal is broken, and does not count toward the width.
        let last = i + 1 == fields.len() && !keeps;
        let (comma, free) = if last { ("", ",") } else { (",", "") };
        let lead = format!("{}: ", field.name);
        match finish {
            Finish::Required => {
                let tail = format!("?{comma}");
                lines.call(3, &lead, "object", "required", &[slot, wire], &tail, free);
            }
            _ => lines.call(3, &lead, slot, "flatten", &[], comma, free),
        }
    }
    if keeps {
        lines.line(3, &[ADDITIONAL_FIELD, ": unlisted,"]);
    }
    lines.fixed("        })\n    }\n}\n");
    lines.finish()
}

/// The text of `tokens::encode`.
pub fn encode(name: &str, st: &Struct, always: bool) -> Option<String> {
    let keeps = keeps_unlisted(st);
    let mut lines = Lines::new(300 + st.fields.len() * 60);
    if !always {
        lines.fixed("#[cfg(feature = \"serialize\")]\n");
    }
    lines.impl_header("impl serde::Serialize", name);
    lines.fixed(
        "    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {\n",
    );
    if st.fields.is_empty() && !keeps {
        lines.fixed(
            "        let object = flowscribe_runtime::object::ObjectEncoder::new(serializer)?;\n",
        );
    } else {
        lines.fixed(
            "        let mut object = flowscribe_runtime::object::ObjectEncoder::new(serializer)?;\n",
        );
    }
    for field in &st.fields {
        let method = if written_only_when_set(field) {
            "optional"
        } else {
            "property"
        };
        let wire = string_literal(&field.wire_name);
        let value = format!("&self.{}", field.name);
        lines.call(2, "", "object", method, &[&wire, &value], "?;", "");
    }
    if keeps {
        lines.line(2, &["object.unlisted(&self.", ADDITIONAL_FIELD, ")?;"]);
    }
    lines.fixed("        object.end()\n    }\n}\n");
    lines.finish()
}
