//! A small reader over `serde_json` objects that keeps the path of every field, so that a wrong
//! type becomes an [`InputError`] naming the exact place, and an absent field becomes
//! [`Fact::Unknown`] rather than a made-up default.
//!
//! An object is *strict* ([`Obj::new`]: the envelope, the item's identity) or *lenient*
//! ([`Obj::lenient`]: a resource's configuration, which the models read). In a lenient object a
//! field of the wrong type does not discard the event: its fact becomes unknown, so the rules
//! that need it are undetermined, and a [`FieldWarning`] names the field and why.

use crate::error::InputError;
use crate::fact::Fact;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::cell::RefCell;

/// A field a model set aside: where it is and why, never its value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldWarning {
    /// The field's path in the event, e.g. `detail.configurationItem.configuration.publiclyAccessible`.
    pub field: String,
    /// What was expected and what was found.
    pub reason: String,
}

impl std::fmt::Display for FieldWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}` ignored: {}", self.field, self.reason)
    }
}

/// Where a lenient reading collects its [`FieldWarning`]s (one per reading of a configuration).
#[derive(Debug, Default)]
pub struct Warnings(RefCell<Vec<FieldWarning>>);

impl Warnings {
    fn push(&self, warning: FieldWarning) {
        self.0.borrow_mut().push(warning);
    }

    /// The warnings collected, in reading order.
    pub fn into_vec(self) -> Vec<FieldWarning> {
        self.0.into_inner()
    }
}

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

/// A JSON object together with its path from the root of the event, and, when lenient, where
/// its set-aside fields are recorded.
#[derive(Clone, Copy, Debug)]
pub struct Obj<'a> {
    map: &'a Map<String, Value>,
    path: &'a str,
    warnings: Option<&'a Warnings>,
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
            Value::Object(map) => Ok(Obj {
                map,
                path,
                warnings: None,
            }),
            other => Err(InputError::invalid(
                if path.is_empty() { "(the event)" } else { path },
                "a JSON object",
                kind_of(other),
            )),
        }
    }

    /// Views `value` as a lenient object: its fields of the wrong type become unknown facts
    /// with a warning in `warnings` (see [`Obj::tolerate`]).
    pub fn lenient(
        value: &'a Value,
        path: &'a str,
        warnings: &'a Warnings,
    ) -> Result<Self, InputError> {
        Obj::new(value, path).map(|o| o.with_warnings(warnings))
    }

    /// This object, lenient, recording in `warnings`.
    pub fn with_warnings(self, warnings: &'a Warnings) -> Self {
        Obj {
            warnings: Some(warnings),
            ..self
        }
    }

    /// A model's reading of one field. In a strict object it is returned as it is. In a lenient
    /// one, a field that is there but unusable (a wrong type, a value that is not a date, a
    /// required part missing) becomes [`Fact::Unknown`], and a [`FieldWarning`] says which
    /// field and why; the rules that need it are then undetermined, never passed or failed
    /// from it.
    ///
    /// The fact readers of a lenient object (`str_fact`, `bool_fact`, `i64_fact`,
    /// `date_fact`, `flag_fact`) tolerate by themselves. Nested objects ([`Obj::opt_obj`]) and
    /// array items are read strictly, because a model may read an absent member there as a
    /// default; a model reads such a composite field as a whole through `tolerate`, so one odd
    /// member makes that whole field unknown, never a default.
    pub fn tolerate<T>(&self, read: Result<Fact<T>, InputError>) -> Result<Fact<T>, InputError> {
        let Some(warnings) = self.warnings else {
            return read;
        };
        match read {
            Err(InputError::Invalid {
                path,
                expected,
                found,
            }) => {
                warnings.push(FieldWarning {
                    field: path,
                    reason: format!("expected {expected}, found {found}; read as unknown"),
                });
                Ok(Fact::Unknown)
            }
            Err(InputError::Missing { path, expected }) => {
                warnings.push(FieldWarning {
                    field: path,
                    reason: format!("{expected} is missing; read as unknown"),
                });
                Ok(Fact::Unknown)
            }
            other => other,
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

    /// A string fact: unknown when absent (and, in a lenient object, when not a string).
    pub fn str_fact(&self, key: &str) -> Result<Fact<String>, InputError> {
        self.tolerate(self.opt_str(key).map(|s| s.map(str::to_string).into()))
    }

    /// A boolean fact: unknown when absent. The value must be a JSON boolean, as the AWS Config
    /// resource schema and the APIs type it: the string `"false"` in a configuration is not
    /// read as false (in a lenient object it is unknown, with a warning). Fields AWS documents
    /// as text use [`Obj::flag_fact`].
    pub fn bool_fact(&self, key: &str) -> Result<Fact<bool>, InputError> {
        self.tolerate(match self.raw(key) {
            Some(Value::Bool(b)) => Ok(Fact::Known(*b)),
            Some(other) => Err(InputError::invalid(
                join(self.path, key),
                "true or false",
                kind_of(other),
            )),
            None => Ok(Fact::Unknown),
        })
    }

    /// A boolean that AWS writes as text: `"true"`/`"false"` (any case) or a JSON boolean.
    /// For the fields documented that way: Config's `supplementaryConfiguration` values (e.g.
    /// `KeyRotationStatus`) and CloudTrail's `sessionContext.attributes.mfaAuthenticated`.
    pub fn flag_fact(&self, key: &str) -> Result<Fact<bool>, InputError> {
        self.tolerate(match self.raw(key) {
            Some(Value::Bool(b)) => Ok(Fact::Known(*b)),
            Some(Value::String(s)) if s.eq_ignore_ascii_case("true") => Ok(Fact::Known(true)),
            Some(Value::String(s)) if s.eq_ignore_ascii_case("false") => Ok(Fact::Known(false)),
            Some(Value::String(_)) => Err(InputError::invalid(
                join(self.path, key),
                "true or false",
                "another string",
            )),
            Some(other) => Err(InputError::invalid(
                join(self.path, key),
                "true or false",
                kind_of(other),
            )),
            None => Ok(Fact::Unknown),
        })
    }

    /// A date fact in any encoding AWS uses ([`crate::date`]): unknown when absent.
    pub fn date_fact(&self, key: &str) -> Result<Fact<DateTime<Utc>>, InputError> {
        self.tolerate(match self.raw(key) {
            Some(value) => crate::date::from_json(value)
                .map(Fact::Known)
                .map_err(|found| InputError::invalid(join(self.path, key), DATE, found)),
            None => Ok(Fact::Unknown),
        })
    }

    /// A whole-number fact: unknown when absent; numeric strings are accepted.
    pub fn i64_fact(&self, key: &str) -> Result<Fact<i64>, InputError> {
        self.tolerate(self.i64_read(key))
    }

    fn i64_read(&self, key: &str) -> Result<Fact<i64>, InputError> {
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

    /// A required time, always strict (an envelope's or item's capture time): ISO 8601 such as
    /// `2017-02-24T20:36:49.370Z`, or any other encoding [`crate::date`] reads.
    pub fn req_time(&self, key: &str) -> Result<DateTime<Utc>, InputError> {
        match self.raw(key) {
            Some(value) => crate::date::from_json(value)
                .map_err(|found| InputError::invalid(join(self.path, key), DATE, found)),
            None => Err(InputError::missing(join(self.path, key), DATE)),
        }
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

    /// [`Obj::tolerate`] for a reading written inline: `c.field(|| ...)`.
    pub fn field<T>(
        &self,
        read: impl FnOnce() -> Result<Fact<T>, InputError>,
    ) -> Result<Fact<T>, InputError> {
        self.tolerate(read())
    }

    /// An optional object field, read strictly (see [`Obj::tolerate`]).
    pub fn opt_obj(&self, key: &str, path: &'a str) -> Result<Option<Obj<'a>>, InputError> {
        match self.raw(key) {
            Some(v) => Obj::new(v, path).map(Some),
            None => Ok(None),
        }
    }

    /// An optional object field that is the model's own root, such as the member a CloudTrail
    /// response wraps its resource in (`cluster`, `dBProxy`): as lenient as this object.
    pub fn opt_root(&self, key: &str, path: &'a str) -> Result<Option<Obj<'a>>, InputError> {
        Ok(self.opt_obj(key, path)?.map(|o| Obj {
            warnings: self.warnings,
            ..o
        }))
    }
}

/// What a date field should hold, for errors and warnings.
const DATE: &str =
    "a date (ISO 8601 such as 2026-11-23T09:00:00Z, or epoch seconds or milliseconds)";

/// Parses a time written as text in any encoding AWS uses ([`crate::date::from_text`]).
pub fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    crate::date::from_text(text)
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
    fn numbers_given_as_strings_and_flags_given_as_text_are_read() {
        let v = json!({"n": "7", "b": "TRUE", "f": false});
        let o = Obj::new(&v, "").unwrap();
        assert_eq!(o.i64_fact("n").unwrap(), Fact::Known(7));
        assert_eq!(o.flag_fact("b").unwrap(), Fact::Known(true));
        assert_eq!(o.flag_fact("f").unwrap(), Fact::Known(false));
        assert!(o.flag_fact("n").is_err(), "a string that is not a flag");
    }

    #[test]
    fn a_configuration_boolean_given_as_text_is_not_read_as_a_boolean() {
        let v = json!({"publiclyAccessible": "false"});
        let strict = Obj::new(&v, "configuration").unwrap();
        assert!(strict.bool_fact("publiclyAccessible").is_err());
        let warnings = Warnings::default();
        let lenient = Obj::lenient(&v, "configuration", &warnings).unwrap();
        assert_eq!(
            lenient.bool_fact("publiclyAccessible").unwrap(),
            Fact::Unknown
        );
        let warnings = warnings.into_vec();
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].field, "configuration.publiclyAccessible");
        assert!(
            warnings[0].reason.contains("true or false") && warnings[0].reason.contains("a string"),
            "{}",
            warnings[0]
        );
        assert!(!warnings[0].to_string().contains("\"false\""));
    }

    #[test]
    fn nested_objects_are_strict_and_a_composite_field_is_tolerated_whole() {
        let v = json!({"endpoint": {"port": "not-a-port"}, "cluster": {"on": 3}});
        let warnings = Warnings::default();
        let o = Obj::lenient(&v, "c", &warnings).unwrap();
        let endpoint = o.opt_obj("endpoint", "c.endpoint").unwrap().unwrap();
        assert!(endpoint.i64_fact("port").is_err(), "nested: strict");
        let port = o.tolerate(endpoint.i64_fact("port"));
        assert_eq!(port.unwrap(), Fact::Unknown);
        let root = o.opt_root("cluster", "c.cluster").unwrap().unwrap();
        assert_eq!(
            root.bool_fact("on").unwrap(),
            Fact::Unknown,
            "a root: lenient"
        );
        let fields: Vec<String> = warnings.into_vec().into_iter().map(|w| w.field).collect();
        assert_eq!(fields, ["c.endpoint.port", "c.cluster.on"]);
    }

    #[test]
    fn dates_in_any_aws_encoding_are_facts_and_a_non_date_is_set_aside() {
        let v = json!({"iso": "2026-12-01T10:12:31Z", "epoch": 1_796_119_951, "bad": "soon"});
        let warnings = Warnings::default();
        let o = Obj::lenient(&v, "c", &warnings).unwrap();
        assert_eq!(o.date_fact("iso").unwrap(), o.date_fact("epoch").unwrap());
        assert!(o.date_fact("iso").unwrap().is_known());
        assert_eq!(o.date_fact("bad").unwrap(), Fact::Unknown);
        assert_eq!(o.date_fact("absent").unwrap(), Fact::Unknown);
        assert_eq!(warnings.into_vec().len(), 1);
        let strict = Obj::new(&v, "c").unwrap();
        let err = strict.date_fact("bad").unwrap_err().to_string();
        assert!(err.contains("c.bad") && !err.contains("soon"), "{err}");
    }

    #[test]
    fn a_required_time_is_strict_but_reads_every_encoding() {
        let v = json!({"t": 1_796_119_951.0, "s": "Dec 1, 2026 10:12:31 AM", "b": true});
        let warnings = Warnings::default();
        let o = Obj::lenient(&v, "detail", &warnings).unwrap();
        assert_eq!(o.req_time("t").unwrap(), o.req_time("s").unwrap());
        let err = o.req_time("b").unwrap_err().to_string();
        assert!(
            err.contains("detail.b") && err.contains("a boolean"),
            "{err}"
        );
        assert!(o.req_time("absent").is_err());
        assert!(
            warnings.into_vec().is_empty(),
            "a required time never becomes a warning"
        );
    }

    #[test]
    fn times_with_and_without_milliseconds_parse() {
        assert!(parse_time("2017-02-24T20:36:49.370Z").is_some());
        assert!(parse_time("2026-11-23T09:00:00Z").is_some());
        assert!(parse_time("yesterday").is_none());
    }
}
