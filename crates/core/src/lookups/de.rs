//! Field readers the answer structs share: times, "absent" apart from `null`, policy documents;
//! and the error text without values.

use crate::policy::Document;
use chrono::{DateTime, Utc};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer};

/// A time in any encoding AWS uses ([`crate::date`]: ISO 8601, epoch seconds or
/// milliseconds, CloudTrail's text) or `null` (absent is `None` too, with `#[serde(default)]`).
pub(crate) fn time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    match Option::<serde_json::Value>::deserialize(d)? {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(value) => crate::date::from_json(&value)
            .map(Some)
            .map_err(|found| D::Error::custom(format!("expected a time, found {found}"))),
    }
}

/// A field where absent and `null` mean different things: with `#[serde(default)]`, absent is
/// `None` (unknown), `null` is `Some(None)`, a value `Some(Some(value))`.
pub(crate) fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// [`present`] for a time ([`time`]).
pub(crate) fn present_time<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<DateTime<Utc>>>, D::Error> {
    time(d).map(Some)
}

/// A policy document as IAM returns it (URL-encoded JSON text), JSON text, or an object: what
/// [`Document::parse`] reads. Its errors name the place in the document, never a value.
pub(crate) fn policy_document<'de, D: Deserializer<'de>>(d: D) -> Result<Document, D::Error> {
    let value = serde_json::Value::deserialize(d)?;
    Document::parse(&value).map_err(D::Error::custom)
}

/// serde's message without the value it quotes: `invalid type: string "x", expected u64`
/// becomes `expected u64, found a string`. Answers can hold secrets, and errors go to logs.
pub(crate) fn without_values(message: &str) -> String {
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = message.strip_prefix(prefix) {
            if let Some((found, expected)) = rest.split_once(", expected ") {
                return format!("expected {expected}, found {}", found_kind(found));
            }
        }
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        if let Some((_, expected)) = rest.split_once(", expected ") {
            return format!("expected {expected}, found another variant");
        }
    }
    message.to_string()
}

/// `string "x"` → `a string`; `integer `5`` → `an integer`: serde's `Unexpected` without its
/// value.
fn found_kind(found: &str) -> String {
    let kind = found
        .split(['"', '`', '\''])
        .next()
        .unwrap_or_default()
        .trim();
    match kind {
        "" => "a value".to_string(),
        "null" | "unit value" => "null".to_string(),
        "map" => "an object".to_string(),
        "sequence" => "an array".to_string(),
        k if k.starts_with(['a', 'e', 'i', 'o', 'u']) => format!("an {k}"),
        k => format!("a {k}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_messages_lose_their_values() {
        assert_eq!(
            without_values("invalid type: string \"s3cr3t\", expected u64"),
            "expected u64, found a string"
        );
        assert_eq!(
            without_values("invalid value: integer `-4`, expected u64"),
            "expected u64, found an integer"
        );
        assert_eq!(
            without_values("invalid type: map, expected a string"),
            "expected a string, found an object"
        );
        assert_eq!(
            without_values("invalid type: null, expected a string"),
            "expected a string, found null"
        );
        assert_eq!(
            without_values("unknown variant `s3cr3t`, expected `A` or `B`"),
            "expected `A` or `B`, found another variant"
        );
        assert_eq!(
            without_values("missing field `parameters`"),
            "missing field `parameters`"
        );
    }
}
