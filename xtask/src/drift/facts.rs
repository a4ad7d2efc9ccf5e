//! What a page's description states about a value, in the phrasings the
//! vendors use: the values it can take, its range, its default.

/// The values a description lists, if it lists any: "Its value can be A, B,
/// or C", "Enumeration values: - **a** - **b**", or a help-center range
/// such as "0 (last hour), 1 (last day), or 2 (last seven days)".
pub fn listed_values(text: &str, range: Option<&str>) -> Option<Vec<String>> {
    if let Some(rest) = text.split("Enumeration values:").nth(1) {
        let values: Vec<String> = rest
            .split("- ")
            .skip(1)
            .map(|v| v.trim().trim_matches('*').trim().to_owned())
            .map(|v| {
                v.split_whitespace()
                    .next()
                    .unwrap_or("")
                    .trim_matches('*')
                    .to_owned()
            })
            .filter(|v| !v.is_empty())
            .collect();
        if !values.is_empty() {
            return Some(values);
        }
    }
    for marker in ["Its value can be ", "Enumeration values: "] {
        if let Some(rest) = text.split(marker).nth(1) {
            let sentence = rest
                .split(". ")
                .next()
                .unwrap_or(rest)
                .trim_end_matches('.');
            return Some(split_list(sentence));
        }
    }
    let range = range?;
    if !range.contains(" or ") {
        return None;
    }
    let items = split_list(range.trim_end_matches('.'));
    let values: Option<Vec<String>> = items
        .iter()
        .map(|item| {
            let value = item.split(" (").next().unwrap_or(item).trim();
            (!value.contains(' ') && !value.is_empty()).then(|| value.to_owned())
        })
        .collect();
    values.filter(|v| v.len() >= 2)
}

/// `A, B, or C` (or `A or B`) as its items.
fn split_list(text: &str) -> Vec<String> {
    text.replace(", or ", ", ")
        .replace(" or ", ", ")
        .split(", ")
        .map(|v| v.trim().trim_end_matches('.').to_owned())
        .filter(|v| !v.is_empty())
        .collect()
}

/// The range a description states, as (minimum, maximum).
pub fn stated_range(text: &str, range: Option<&str>) -> (Option<f64>, Option<f64>) {
    let number = |s: &str| -> Option<f64> {
        s.trim()
            .trim_matches('*')
            .trim_end_matches('.')
            .trim_matches('*')
            .parse()
            .ok()
    };
    let after = |marker: &str| -> Option<f64> {
        let rest = text.split(marker).nth(1)?;
        number(rest.split_whitespace().next()?)
    };
    if let Some(rest) = text.split("ranges from ").nth(1) {
        let mut words = rest.split_whitespace();
        let low = words.next().and_then(number);
        let high = words.nth(1).and_then(number);
        return (low, high);
    }
    if let Some(rest) = text.split("in the range ").nth(1) {
        let span = rest.split_whitespace().next().unwrap_or("");
        if let Some((low, high)) = span.split_once('-') {
            return (number(low), number(high));
        }
    }
    let minimum = after("Minimum: ");
    let maximum = after("Maximum: ").or_else(|| after("Maximum value: "));
    if minimum.is_some() || maximum.is_some() {
        return (minimum, maximum);
    }
    if let Some(range) = range
        && let Some((low, high)) = range.split_once(" to ")
        && let (Some(low), Some(high)) = (number(low), number(high))
    {
        return (Some(low), Some(high));
    }
    (None, None)
}

/// The default a description (or the help center's "Default Value") states.
pub fn stated_default(text: &str, default: Option<&str>) -> Option<String> {
    if let Some(default) = default {
        return Some(default.trim().trim_end_matches('.').to_owned());
    }
    let rest = text.split("Default value: ").nth(1)?;
    Some(
        rest.split_whitespace()
            .next()?
            .trim_end_matches('.')
            .to_owned(),
    )
}

/// Text reduced for comparison: words only, lower case.
pub fn words(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A description without the facts the renderings append to it as markup
/// ("Enumeration values: - **a**", "Minimum: **0**", "Maximum: **9**"),
/// which are compared as facts of their own.
pub fn prose(text: &str) -> String {
    let text = text.split("Enumeration values:").next().unwrap_or(text);
    let mut out: Vec<&str> = Vec::new();
    let mut words = text.split_whitespace().peekable();
    while let Some(word) = words.next() {
        if (word == "Minimum:" || word == "Maximum:")
            && words.peek().is_some_and(|next| next.starts_with("**"))
        {
            words.next();
            continue;
        }
        out.push(word);
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_lists_in_each_phrasing() {
        assert_eq!(
            listed_values(
                "Protocol type. Its value can be TCP, UDP, ICMP, or ICMPv6.",
                None
            ),
            Some(vec![
                "TCP".into(),
                "UDP".into(),
                "ICMP".into(),
                "ICMPv6".into()
            ])
        );
        assert_eq!(
            listed_values(
                "Log type Enumeration values: - **internet** - **vpc** - **nat**",
                None
            ),
            Some(vec!["internet".into(), "vpc".into(), "nat".into()])
        );
        assert_eq!(
            listed_values(
                "Time range.",
                Some("0 (last hour), 1 (last day), or 2 (last seven days)")
            ),
            Some(vec!["0".into(), "1".into(), "2".into()])
        );
        assert_eq!(
            listed_values("Start time.", Some("Milliseconds-level timestamp.")),
            None
        );
    }

    #[test]
    fn ranges_and_defaults_in_each_phrasing() {
        assert_eq!(
            stated_range("The value ranges from 1 to 1024.", None),
            (Some(1.0), Some(1024.0))
        );
        assert_eq!(
            stated_range("per page, in the range 1-1024", None),
            (Some(1.0), Some(1024.0))
        );
        assert_eq!(
            stated_range("Port Minimum: **0** Maximum: **65535**", None),
            (Some(0.0), Some(65535.0))
        );
        assert_eq!(
            stated_range("Maximum value: 50. Default value: 20.", None),
            (None, Some(50.0))
        );
        assert_eq!(
            stated_range("Size.", Some("0 to 10")),
            (Some(0.0), Some(10.0))
        );
        assert_eq!(
            stated_default("Maximum value: 50. Default value: 20.", None),
            Some("20".into())
        );
        assert_eq!(stated_default("Size.", Some("5")), Some("5".into()));
    }
}
