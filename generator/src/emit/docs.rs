//! Doc comments: from the IR's [`Docs`] to `#[doc]` attributes that rustdoc
//! renders cleanly (no broken links, no stray HTML, no accidental doctests).

use std::cell::RefCell;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::ir::Docs;

/// The lines of a doc comment for `docs`, with `fallback` used when the spec
/// gives no text at all.
pub fn lines(docs: &Docs, fallback: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(summary) = &docs.summary {
        push_text(&mut out, summary);
    }
    if let Some(description) = &docs.description
        && docs.summary.as_deref().map(str::trim) != Some(description.trim())
    {
        if !out.is_empty() {
            out.push(String::new());
        }
        push_text(&mut out, description);
    }
    if out.is_empty() {
        out.push(fallback.to_owned());
    }
    if !docs.facts.is_empty() {
        out.push(String::new());
        for fact in &docs.facts {
            out.push(format!("- {}", escape_line(fact)));
        }
    }
    for discrepancy in &docs.discrepancies {
        out.push(String::new());
        let mut text = Vec::new();
        push_text(&mut text, discrepancy);
        if let Some(first) = text.first_mut() {
            *first = format!("**Documentation discrepancy:** {first}");
        }
        out.extend(text);
    }
    out
}

/// What a collected doc comment's `#[doc]` attribute holds before its
/// block's index: a control character, which no doc line [`attrs`] writes
/// can start with (each starts with a space, or is empty).
pub const PLACEHOLDER: char = '\u{1}';

thread_local! {
    /// The doc comments of the file being built on this thread, by index,
    /// while [`collected`] runs.
    static BLOCKS: RefCell<Option<Vec<Vec<String>>>> = const { RefCell::new(None) };
}

/// Runs `build` with the doc comments that [`attrs`] is given collected:
/// each block of lines becomes one `#[doc]` attribute that holds
/// [`PLACEHOLDER`] and the block's index, and the blocks are returned
/// beside what `build` returns. The formatter places that attribute on a
/// line of its own, as it places every doc line; [`crate::write::render`]
/// then writes the block's lines there as the formatter prints doc lines.
/// A block costs the parser and the formatter one attribute instead of one
/// per line, and its text is never escaped into a literal and read back.
pub fn collected<T>(build: impl FnOnce() -> T) -> (T, Vec<Vec<String>>) {
    /// Stops collecting even if `build` panics.
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            BLOCKS.with_borrow_mut(|blocks| *blocks = None);
        }
    }
    BLOCKS.with_borrow_mut(|blocks| *blocks = Some(Vec::new()));
    let reset = Reset;
    let built = build();
    let blocks = BLOCKS.with_borrow_mut(Option::take).unwrap_or_default();
    drop(reset);
    (built, blocks)
}

/// A doc comment of `lines`: while [`collected`] runs, one placeholder
/// attribute; otherwise `#[doc]` attributes, one per line. A line with a
/// line break is never collected: the formatter prints such a doc as a
/// block comment.
pub fn attrs(lines: &[String]) -> TokenStream {
    let lines = literals(lines);
    quote! { #( #[doc = #lines] )* }
}

/// The attributes of [`attrs`] as syntax trees, for items built as such
/// (see [`super::syntax`]).
pub fn attributes(lines: &[String]) -> Vec<syn::Attribute> {
    literals(lines)
        .into_iter()
        .map(super::syntax::doc_attribute)
        .collect()
}

/// The string literals of the `#[doc]` attributes of [`attrs`]: the
/// placeholder of the collected block, or one per line.
fn literals(lines: &[String]) -> Vec<Literal> {
    if !lines.is_empty() && !lines.iter().any(|line| line.contains('\n')) {
        let index = BLOCKS.with_borrow_mut(|blocks| {
            blocks.as_mut().map(|blocks| {
                blocks.push(lines.to_vec());
                blocks.len() - 1
            })
        });
        if let Some(index) = index {
            return vec![Literal::string(&format!("{PLACEHOLDER}{index}"))];
        }
    }
    lines
        .iter()
        .map(|line| {
            if line.is_empty() {
                Literal::string("")
            } else {
                raw_literal(&format!(" {line}"))
            }
        })
        .collect()
}

/// `text` as a raw string literal (`r"..."`, with as many `#`s as it
/// needs), which the formatter reads back without unescaping it; a cooked
/// literal for text with control characters, which a raw one cannot hold.
fn raw_literal(text: &str) -> Literal {
    if text.chars().any(char::is_control) {
        return Literal::string(text);
    }
    let mut hashes = 0;
    for (index, _) in text.match_indices('"') {
        let run = text[index + 1..].chars().take_while(|&c| c == '#').count();
        hashes = hashes.max(run + 1);
    }
    let hashes = "#".repeat(hashes);
    format!("r{hashes}\"{text}\"{hashes}")
        .parse()
        .unwrap_or_else(|_| Literal::string(text))
}

/// Appends free text from a spec, line by line, made safe for rustdoc.
fn push_text(out: &mut Vec<String>, text: &str) {
    // The open fence: its character (CommonMark allows backticks and tildes,
    // and rustdoc compiles either kind as Rust by default) and its length.
    let mut fence: Option<(char, usize)> = None;
    for line in text.trim().lines() {
        let line = line.trim();
        let run = |c: char| line.chars().take_while(|&x| x == c).count();
        match fence {
            Some((c, length)) => {
                if run(c) >= length && line.trim_start_matches(c).is_empty() {
                    out.push(c.to_string().repeat(length));
                    fence = None;
                } else {
                    out.push(line.to_owned());
                }
            }
            None => match ['`', '~'].into_iter().find(|&c| run(c) >= 3) {
                // A fence without a language would make rustdoc compile the
                // block. The fence keeps its character and length, so that
                // the lines inside that were text stay text.
                Some(c) => {
                    let length = run(c);
                    out.push(format!("{}text", c.to_string().repeat(length)));
                    fence = Some((c, length));
                }
                None => out.push(escape_line(line)),
            },
        }
    }
    if let Some((c, length)) = fence {
        out.push(c.to_string().repeat(length));
    }
}

/// Escapes what rustdoc would read as links or HTML, and marks bare URLs as
/// autolinks. Text inside backticks is left alone.
pub fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut in_code = false;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            rest = &rest[1..];
            continue;
        }
        if !in_code && (rest.starts_with("https://") || rest.starts_with("http://")) {
            let end = rest
                .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | ')' | '`'))
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        match c {
            '[' | ']' if !in_code => {
                out.push('\\');
                out.push(c);
            }
            '<' if !in_code => out.push_str("&lt;"),
            '>' if !in_code => out.push_str("&gt;"),
            // Tabs render unevenly; rustdoc and clippy want spaces.
            '\t' => out.push_str("    "),
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    if in_code {
        // An unbalanced backtick would swallow the rest of the comment.
        out.push('`');
    }
    out
}

/// Free text as one escaped line: every run of whitespace, line breaks
/// included, becomes one space, so that the text can follow a list marker.
pub fn one_line(text: &str) -> String {
    escape_line(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_lines_become_raw_literals_that_read_back_the_same() {
        for text in [
            " Plain text.",
            r#" Says "hi"."#,
            r###" A "# and a "## inside."###,
            " A tab\there and a carriage return\r.",
            " \u{7f} is a control character too.",
        ] {
            let literal = raw_literal(text);
            let raw = !text.chars().any(char::is_control);
            assert_eq!(literal.to_string().starts_with('r'), raw, "{literal}");
            let read: syn::LitStr = syn::parse_str(&literal.to_string()).unwrap();
            assert_eq!(read.value(), text);
        }
    }

    #[test]
    fn one_line_joins_lines_and_tabs() {
        assert_eq!(
            one_line("  Validation failed,\n\tor the endpoint\r\n has been spammed. "),
            "Validation failed, or the endpoint has been spammed."
        );
        assert_eq!(escape_line("a\tb"), "a    b");
    }

    #[test]
    fn escapes_links_html_and_urls() {
        assert_eq!(
            escape_line("data.records [.] <AK>"),
            "data.records \\[.\\] &lt;AK&gt;"
        );
        assert_eq!(
            escape_line("see https://example.com/a."),
            "see <https://example.com/a>."
        );
        assert_eq!(escape_line("`a_b [x]`"), "`a_b [x]`");
        assert_eq!(escape_line("src_ip"), "src_ip");
    }

    #[test]
    fn fences_get_a_language() {
        let mut out = Vec::new();
        push_text(&mut out, "text\n```\ncode\n```");
        assert_eq!(out, ["text", "```text", "code", "```"]);
    }

    /// A tilde fence is a code block too, which rustdoc would compile as a
    /// doctest; a fence keeps its character and length, so that a shorter
    /// fence or one of the other kind inside it stays text of the block.
    #[test]
    fn tilde_and_long_fences_become_text_blocks_too() {
        let mut out = Vec::new();
        push_text(&mut out, "~~~~\nlet x = [1];\n```\n~~~\n~~~~~\nafter");
        assert_eq!(
            out,
            ["~~~~text", "let x = [1];", "```", "~~~", "~~~~", "after"]
        );
        let mut out = Vec::new();
        push_text(&mut out, "````json\n```\n````\n~~ no fence\n~~~\nopen");
        assert_eq!(
            out,
            [
                "````text",
                "```",
                "````",
                "~~ no fence",
                "~~~text",
                "open",
                "~~~"
            ]
        );
    }
}

/// Adds `sentence` to the end of the last paragraph of `lines`, or as a
/// paragraph of its own after a list, a bold note or nothing, so that a
/// short closing remark costs one line.
pub fn end_paragraph(lines: &mut Vec<String>, sentence: &str) {
    let continues = lines.last().is_some_and(|last| {
        let trimmed = last.trim_start();
        // A closing remark never completes a sentence the text left open.
        trimmed.ends_with(['.', '!', '?', ')', '"', '\''])
            && !last.starts_with("    ")
            && !["- ", "* ", "**", "|", "#", "```", "~~~", "<", ">"]
                .iter()
                .any(|start| trimmed.starts_with(start))
            && !trimmed.starts_with(|c: char| c.is_ascii_digit())
    });
    if !continues && !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(sentence.to_owned());
}

#[cfg(test)]
mod end_paragraph_tests {
    use super::end_paragraph;

    fn ended(lines: &[&str]) -> Vec<String> {
        let mut lines: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
        end_paragraph(&mut lines, "Required.");
        lines
    }

    #[test]
    fn a_closing_sentence_joins_prose_and_stands_apart_from_blocks() {
        assert_eq!(ended(&["The name."]), ["The name.", "Required."]);
        for open in ["direction, including in2out and out2in", "Valid values:"] {
            assert_eq!(ended(&[open]), [open, "", "Required."], "after {open:?}");
        }
        assert_eq!(ended(&[]), ["Required."]);
        for block in [
            "- Default: `1`.",
            "| a | b |",
            "```",
            "**Note:** x",
            "1. one",
            "    code",
        ] {
            assert_eq!(ended(&[block]), [block, "", "Required."], "after {block:?}");
        }
    }
}
