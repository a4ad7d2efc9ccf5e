//! The serde impls of a struct written as text, line for line as prettyplease
//! prints the tokens of `tokens.rs`. Each function declines (`None`) when the
//! struct needs a layout it does not reproduce: a line too long to stay whole,
//! a struct literal short enough to fit on one line (or empty), or a
//! documented default.

use super::{Finish, keeps_unlisted, written_only_when_set};
use crate::emit::text::{Lines, string_literal};
use crate::ir::{ADDITIONAL_FIELD, Struct};

/// The widest struct literal prettyplease keeps on one line.
const ONE_LINE_LITERAL: usize = 34;

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
    // prettyplease keeps a struct literal on one line only when it is at
    // most 34 columns wide (`Name { a: v_a.flatten() }`); such literals, and
    // any within a few columns of that, are left to the tokens.
    let one_line = name.len()
        + " {  }".len()
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
    // An empty literal is `Ok(Name {})` however long the name.
    let empty = fields.is_empty() && !keeps;
    if empty || one_line <= ONE_LINE_LITERAL + 8 || !Lines::fits(2, &["Ok(", name, " {"]) {
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
