//! Checking documented constraints before anything is sent.

use std::fmt;

/// One broken constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The parameter (its wire name, with an item path for nested values).
    pub parameter: String,
    /// The value given.
    pub value: String,
    /// The documented constraint it breaks.
    pub rule: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} = {} ({})", self.parameter, self.value, self.rule)
    }
}

/// Every constraint a request breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ValidationError {
    /// The operation.
    pub operation: &'static str,
    /// Every violation, in parameter order.
    pub violations: Vec<Violation>,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: invalid parameters, nothing was sent: ",
            self.operation
        )?;
        for (i, violation) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{violation}")?;
        }
        Ok(())
    }
}

fn format_bound(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        value.to_string()
    }
}

fn range_text(min: Option<f64>, max: Option<f64>, unit: &str) -> String {
    match (min, max) {
        (Some(min), Some(max)) => format!("{} to {}{unit}", format_bound(min), format_bound(max)),
        (Some(min), None) => format!("at least {}{unit}", format_bound(min)),
        (None, Some(max)) => format!("at most {}{unit}", format_bound(max)),
        (None, None) => "unconstrained".to_owned(),
    }
}

/// A number a documented range applies to.
pub trait Number: Copy + fmt::Display {
    /// The value as an `f64`, the type ranges are written in (integers
    /// beyond 2^53 round to the nearest `f64`).
    fn to_f64(self) -> f64;
}

macro_rules! numbers {
    ($($ty:ty),*) => {
        $(
            impl Number for $ty {
                #[allow(clippy::cast_lossless, clippy::unnecessary_cast)]
                fn to_f64(self) -> f64 {
                    self as f64
                }
            }
        )*
    };
}

numbers!(i32, i64, f32, f64);

/// Collects violations for one request; generated `validate` methods call it.
#[derive(Debug, Default)]
pub struct Violations(Vec<Violation>);

impl Violations {
    /// No violation yet.
    pub fn new() -> Self {
        Violations::default()
    }

    fn push(&mut self, parameter: &str, value: String, rule: String) {
        self.0.push(Violation {
            parameter: parameter.to_owned(),
            value,
            rule,
        });
    }

    /// A number must lie within the documented range.
    pub fn range<N: Number>(
        &mut self,
        parameter: &str,
        value: &N,
        min: Option<f64>,
        max: Option<f64>,
    ) {
        let number = value.to_f64();
        if min.is_some_and(|min| number < min) || max.is_some_and(|max| number > max) {
            self.push(
                parameter,
                value.to_string(),
                format!("documented range: {}", range_text(min, max, "")),
            );
        }
    }

    /// A string's length (in characters) must lie within the documented range.
    pub fn length(&mut self, parameter: &str, value: &str, min: Option<usize>, max: Option<usize>) {
        let length = value.chars().count();
        if min.is_some_and(|min| length < min) || max.is_some_and(|max| length > max) {
            let rule = format!(
                "length {length}; documented length: {}",
                range_text(min.map(|n| n as f64), max.map(|n| n as f64), " characters")
            );
            self.push(parameter, format!("{value:?}"), rule);
        }
    }

    /// A list's size must lie within the documented range.
    pub fn items<T>(
        &mut self,
        parameter: &str,
        list: &[T],
        min: Option<usize>,
        max: Option<usize>,
    ) {
        let count = list.len();
        if min.is_some_and(|min| count < min) || max.is_some_and(|max| count > max) {
            let rule = format!(
                "documented size: {}",
                range_text(min.map(|n| n as f64), max.map(|n| n as f64), " items")
            );
            self.push(parameter, format!("{count} items"), rule);
        }
    }

    /// A path parameter must stay one path segment: not empty, `.` or `..`.
    pub fn path_segment(&mut self, parameter: &str, value: &str) {
        if value.is_empty() || value == "." || value == ".." {
            self.push(
                parameter,
                format!("{value:?}"),
                "a path parameter must be one non-empty segment, not `.` or `..`".to_owned(),
            );
        }
    }

    /// A required query parameter must have a value: OpenAPI takes an empty
    /// one for none, unless the parameter sets `allowEmptyValue`.
    pub fn not_empty(&mut self, parameter: &str, value: &str) {
        if value.is_empty() {
            self.push(
                parameter,
                "\"\"".to_owned(),
                "a required query parameter must not be empty".to_owned(),
            );
        }
    }

    /// A header value must not contain CR, LF or other control characters.
    pub fn header_value(&mut self, parameter: &str, value: &str) {
        if value.chars().any(|c| c.is_control() && c != '\t') {
            self.push(
                parameter,
                format!("{value:?}"),
                "header values cannot contain control characters such as CR or LF".to_owned(),
            );
        }
    }

    /// A parameter that the client fills in (from its credentials) when the
    /// caller leaves it unset, which is still unset: `reason` says why.
    pub fn unset(&mut self, parameter: &str, reason: &str) {
        self.push(parameter, "None".to_owned(), reason.to_owned());
    }

    /// `first` must not be after `second` (for example a start and end time).
    pub fn not_after(&mut self, first: (&str, i64), second: (&str, i64)) {
        if first.1 > second.1 {
            self.push(
                first.0,
                first.1.to_string(),
                format!("must not be after {} = {}", second.0, second.1),
            );
        }
    }

    /// The violations, as an error for `operation` when there is any.
    pub fn finish(self, operation: &'static str) -> Result<(), ValidationError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ValidationError {
                operation,
                violations: self.0,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_violation_is_listed_with_parameter_value_and_range() {
        let mut v = Violations::new();
        v.range("limit", &0_i32, Some(1.0), Some(1024.0));
        v.range("size", &5.0_f32, Some(0.0), Some(10.0));
        v.range("big", &i64::MAX, None, Some(1e18));
        v.items("tags", &[1, 2, 3], None, Some(3));
        v.length("Tags.1.Key", "", Some(1), Some(128));
        v.not_after(("start_time", 20), ("end_time", 10));
        v.path_segment("project_id", "..");
        v.header_value("x-h", "a\r\nb");
        v.not_empty("fw_instance_id", "");
        v.not_empty("RegionId", "cn-hangzhou");
        let error = v.finish("Op").expect_err("violations");
        assert_eq!(error.violations.len(), 7);
        assert_eq!(
            error.to_string(),
            "Op: invalid parameters, nothing was sent: limit = 0 (documented range: 1 to 1024); \
             big = 9223372036854775807 (documented range: at most 1000000000000000000); \
             Tags.1.Key = \"\" (length 0; documented length: 1 to 128 characters); \
             start_time = 20 (must not be after end_time = 10); \
             project_id = \"..\" (a path parameter must be one non-empty segment, not `.` or `..`); \
             x-h = \"a\\r\\nb\" (header values cannot contain control characters such as CR or LF); \
             fw_instance_id = \"\" (a required query parameter must not be empty)"
        );
    }
}
