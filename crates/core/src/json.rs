//! A small reader over `serde_json` objects that keeps the path of every field, so that a wrong
//! type becomes an [`InputError`] naming the exact place, and an absent field becomes
//! [`Fact::Unknown`] rather than a made-up default.

use crate::error::InputError;
use crate::fact::Fact;
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

/// Describes a JSON value's type for error messages without echoing the value itself
/// (values can be secrets).
pub fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A JSON object together with its path from the root of the event.
#[derive(Clone, Copy, Debug)]
pub struct Obj<'a> {
    map: &'a Map<String, Value>,
    path: &'a str,
}

/// Joins a path and a key: `detail` + `eventName` → `detail.eventName`.
pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

impl<'a> Obj<'a> {
    /// Views `value` (found at `path`) as an object, or says what it is instead.
    pub fn new(value: &'a Value, path: &'a str) -> Result<Self, InputError> {
        match value {
            Value::Object(map) => Ok(Obj { map, path }),
            other => Err(InputError::invalid(
                if path.is_empty() { "(the event)" } else { path },
                "a JSON object",
                kind_of(other),
            )),
        }
    }

    /// The path of this object.
    pub fn path(&self) -> &'a str {
        self.path
    }

    /// The raw value of `key`, treating `null` as absent.
    pub fn raw(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// Whether `key` is present with the value `null` (AWS Config writes every property of its
    /// resource schema, with `null` for those the resource does not have).
    pub fn is_null(&self, key: &str) -> bool {
        matches!(self.map.get(key), Some(Value::Null))
    }

    /// A string field that must be present.
    pub fn req_str(&self, key: &str) -> Result<&'a str, InputError> {
        match self.raw(key) {
            Some(Value::String(s)) => Ok(s),
            Some(other) => Err(InputError::invalid(
                join(self.path, key),
                "a string",
                kind_of(other),
            )),
            None => Err(InputError::missing(join(self.path, key), "a string")),
        }
    }

    /// An optional string field.
    pub fn opt_str(&self, key: &str) -> Result<Option<&'a str>, InputError> {
        match self.raw(key) {
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(InputError::invalid(
                join(self.path, key),
                "a string",
                kind_of(other),
            )),
            None => Ok(None),
        }
    }

    /// A string fact: unknown when absent.
    pub fn str_fact(&self, key: &str) -> Result<Fact<String>, InputError> {
        Ok(self.opt_str(key)?.map(str::to_string).into())
    }

    /// A boolean fact: unknown when absent. AWS Config occasionally renders booleans as the
    /// strings `"true"`/`"false"`; those are accepted, anything else is an error.
    pub fn bool_fact(&self, key: &str) -> Result<Fact<bool>, InputError> {
        match self.raw(key) {
            Some(Value::Bool(b)) => Ok(Fact::Known(*b)),
            Some(Value::String(s)) if s.eq_ignore_ascii_case("true") => Ok(Fact::Known(true)),
            Some(Value::String(s)) if s.eq_ignore_ascii_case("false") => Ok(Fact::Known(false)),
            Some(other) => Err(InputError::invalid(
                join(self.path, key),
                "true or false",
                kind_of(other),
            )),
            None => Ok(Fact::Unknown),
        }
    }

    /// A whole-number fact: unknown when absent; numeric strings are accepted.
    pub fn i64_fact(&self, key: &str) -> Result<Fact<i64>, InputError> {
        match self.raw(key) {
            Some(Value::Number(n)) => n.as_i64().map(Fact::Known).ok_or_else(|| {
                InputError::invalid(join(self.path, key), "a whole number", "a fraction")
            }),
            Some(Value::String(s)) => s.trim().parse::<i64>().map(Fact::Known).map_err(|_| {
                InputError::invalid(
                    join(self.path, key),
                    "a whole number",
                    "a non-numeric string",
                )
            }),
            Some(other) => Err(InputError::invalid(
                join(self.path, key),
                "a whole number",
                kind_of(other),
            )),
            None => Ok(Fact::Unknown),
        }
    }

    /// A required RFC 3339 timestamp such as `2017-02-24T20:36:49.370Z`.
    pub fn req_time(&self, key: &str) -> Result<DateTime<Utc>, InputError> {
        let text = self.req_str(key)?;
        parse_time(text).ok_or_else(|| {
            InputError::invalid(
                join(self.path, key),
                "an ISO 8601 time such as 2026-11-23T09:00:00Z",
                format!("{text:?}"),
            )
        })
    }

    /// An optional array field: its items and their path (for the items' own errors), `None`
    /// when absent, an error naming `what` ("a list of tags") when it is not an array.
    pub fn opt_array(
        &self,
        key: &str,
        what: &str,
    ) -> Result<Option<(&'a [Value], String)>, InputError> {
        let Some(value) = self.raw(key) else {
            return Ok(None);
        };
        let path = join(self.path, key);
        match value {
            Value::Array(items) => Ok(Some((items.as_slice(), path))),
            other => Err(InputError::invalid(path, what, kind_of(other))),
        }
    }

    /// An optional object field.
    pub fn opt_obj(&self, key: &str, path: &'a str) -> Result<Option<Obj<'a>>, InputError> {
        match self.raw(key) {
            Some(v) => Obj::new(v, path).map(Some),
            None => Ok(None),
        }
    }
}

/// Parses an RFC 3339 time, as AWS writes them in events.
pub fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_array_field_gives_its_items_and_path_and_a_wrong_type_names_what_was_expected() {
        let v = json!({"tags": [{"key": "a"}], "nodes": "n-1"});
        let o = Obj::new(&v, "configuration").unwrap();
        let (items, path) = o.opt_array("tags", "a list of tags").unwrap().unwrap();
        assert_eq!((items.len(), path.as_str()), (1, "configuration.tags"));
        assert!(o.opt_array("absent", "a list").unwrap().is_none());
        let err = o
            .opt_array("nodes", "a list of nodes")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("configuration.nodes") && err.contains("a list of nodes"),
            "{err}"
        );
        assert!(!err.contains("n-1"), "the value is never echoed: {err}");
    }

    #[test]
    fn absent_and_null_fields_are_unknown() {
        let v = json!({"a": null});
        let o = Obj::new(&v, "configuration").unwrap();
        assert_eq!(o.bool_fact("a").unwrap(), Fact::Unknown);
        assert_eq!(o.bool_fact("b").unwrap(), Fact::Unknown);
    }

    #[test]
    fn wrong_types_name_the_path_and_not_the_value() {
        let v = json!({"publiclyAccessible": "s3cr3t-value"});
        let o = Obj::new(&v, "detail.configurationItem.configuration").unwrap();
        let err = o.bool_fact("publiclyAccessible").unwrap_err().to_string();
        assert!(
            err.contains("detail.configurationItem.configuration.publiclyAccessible"),
            "{err}"
        );
        assert!(!err.contains("s3cr3t"), "{err}");
    }

    #[test]
    fn numbers_and_booleans_given_as_strings_are_read() {
        let v = json!({"n": "7", "b": "TRUE"});
        let o = Obj::new(&v, "").unwrap();
        assert_eq!(o.i64_fact("n").unwrap(), Fact::Known(7));
        assert_eq!(o.bool_fact("b").unwrap(), Fact::Known(true));
    }

    #[test]
    fn times_with_and_without_milliseconds_parse() {
        assert!(parse_time("2017-02-24T20:36:49.370Z").is_some());
        assert!(parse_time("2026-11-23T09:00:00Z").is_some());
        assert!(parse_time("yesterday").is_none());
    }
}
