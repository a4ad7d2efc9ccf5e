//! snake_case and UpperCamelCase, as `heck` spells them, for ASCII text
//! without `heck`'s per-character formatting: lowering GitHub's description
//! converts some 40,000 names, and `heck` (which writes every character
//! through `char::to_lowercase`'s `Display`) was a fifth of it. Names reach
//! here spelled out in ASCII (`names::spell_out`); anything else goes to
//! `heck`, which the tests hold these to.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// `text` in snake_case: `heck`'s words, lowercased, joined by `_`.
pub fn snake_case(text: &str) -> String {
    if !text.is_ascii() {
        return text.to_snake_case();
    }
    let mut out = String::with_capacity(text.len() + 4);
    words(text, |word| {
        if !out.is_empty() {
            out.push('_');
        }
        out.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    });
    out
}

/// `text` in UpperCamelCase: `heck`'s words, each capitalized, joined.
pub fn upper_camel_case(text: &str) -> String {
    if !text.is_ascii() {
        return text.to_upper_camel_case();
    }
    let mut out = String::with_capacity(text.len());
    words(text, |word| {
        let mut bytes = word.bytes();
        if let Some(first) = bytes.next() {
            out.push(char::from(first.to_ascii_uppercase()));
            out.extend(bytes.map(|b| char::from(b.to_ascii_lowercase())));
        }
    });
    out
}

/// Where a word is, as `heck` tracks it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Boundary,
    Lowercase,
    Uppercase,
}

/// Calls `word` with each word of the ASCII `text`, split as `heck` 0.5
/// splits: at every character that is not a letter or digit, between a
/// lowercase letter (or a digit after one) and an uppercase letter, and
/// before the last capital of a run of capitals that a lowercase letter
/// follows (`HTTPServer` is `HTTP`, `Server`).
fn words(text: &str, mut word: impl FnMut(&str)) {
    for part in text.split(|c: char| !c.is_ascii_alphanumeric()) {
        let bytes = part.as_bytes();
        let mut start = 0;
        let mut mode = Mode::Boundary;
        for (i, &c) in bytes.iter().enumerate() {
            let Some(&next) = bytes.get(i + 1) else {
                word(&part[start..]);
                break;
            };
            let next_mode = if c.is_ascii_lowercase() {
                Mode::Lowercase
            } else if c.is_ascii_uppercase() {
                Mode::Uppercase
            } else {
                mode
            };
            if next_mode == Mode::Lowercase && next.is_ascii_uppercase() {
                word(&part[start..=i]);
                start = i + 1;
                mode = Mode::Boundary;
            } else if mode == Mode::Uppercase && c.is_ascii_uppercase() && next.is_ascii_lowercase()
            {
                word(&part[start..i]);
                start = i;
                mode = Mode::Boundary;
            } else {
                mode = next_mode;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both conversions agree with `heck` on names of every shape: each
    /// string of up to five characters over an alphabet of both cases,
    /// digits and separators, and some longer ones.
    #[test]
    fn agrees_with_heck() {
        let alphabet = ['a', 'B', 'c', 'D', '1', '_', ' ', '-'];
        let mut texts: Vec<String> = vec![String::new()];
        let mut frontier = texts.clone();
        for _ in 0..5 {
            frontier = frontier
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(frontier.iter().cloned());
        }
        texts.extend(
            [
                "HTTPServer",
                "getHTTPResponseCode",
                "XMLHttpRequest",
                "ipv4Address",
                "v1.0 users",
                "microsoft.graph.user",
                "repos/get-content",
                "ABC",
                "aBC",
                "ABc",
                "Ab1C",
                "a1B2c3",
                "  plus 1 ",
                "x u1f600 ",
            ]
            .map(str::to_owned),
        );
        for text in &texts {
            assert_eq!(
                snake_case(text),
                text.to_snake_case(),
                "snake_case of {text:?}"
            );
            assert_eq!(
                upper_camel_case(text),
                text.to_upper_camel_case(),
                "UpperCamelCase of {text:?}"
            );
        }
        // Non-ASCII text is `heck`'s to convert.
        assert_eq!(snake_case("ÄrgerΣ"), "ÄrgerΣ".to_snake_case());
    }
}
