//! Dates in every encoding AWS uses, read in one place.
//!
//! The same instant reaches Vigil in several shapes, depending on the source and on who shaped
//! the JSON (`docs/architecture.md`, "Dates", lists where each one was seen):
//!
//! - ISO 8601 text, with or without fractional seconds (milliseconds, microseconds, any
//!   number of digits), with `Z`, an offset `+00:00` or `+0000`, or no offset at all (read as
//!   UTC, the zone AWS writes every timestamp in); a bare date `2026-12-01` is midnight UTC;
//! - an epoch number: seconds (`1598304792`, `1598304792.0`, `1.699570064977E9`) or
//!   milliseconds (`1433189500783`). A number of magnitude 10^11 or more is milliseconds:
//!   10^11 seconds is the year 5138, and 10^11 milliseconds is March 1973, so no date AWS
//!   writes is ambiguous;
//! - CloudTrail's rendering of some response members, `"Dec 1, 2026 10:12:31 AM"` (UTC).
//!
//! Anything else (another type, text that is none of these) is refused with a description of
//! what was found, never the value itself.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde_json::Value;

/// Epoch numbers at or above this magnitude are milliseconds, below it seconds.
const MILLIS_FROM: f64 = 1e11;

/// Reads a date from a JSON value in any of the encodings above, or says what was found
/// instead (without the value).
pub fn from_json(value: &Value) -> Result<DateTime<Utc>, String> {
    match value {
        Value::String(text) => {
            from_text(text).ok_or_else(|| "a string that is not a date".to_string())
        }
        Value::Number(n) => {
            let epoch = match n.as_i64() {
                Some(whole) => from_whole_epoch(whole),
                None => n.as_f64().and_then(from_epoch),
            };
            epoch.ok_or_else(|| "a number out of the range of dates".to_string())
        }
        other => Err(crate::json::kind_of(other).to_string()),
    }
}

/// Reads a date written as text: ISO 8601 in its AWS variants, or CloudTrail's
/// `"Dec 1, 2026 10:12:31 AM"`.
pub fn from_text(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    // `+0000` offsets (AWS Config's EBS `createTime`, Lambda's `LastModified`), lower-case `t`.
    for format in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%dt%H:%M:%S%.f%z"] {
        if let Ok(t) = DateTime::parse_from_str(text, format) {
            return Some(t.with_timezone(&Utc));
        }
    }
    // No offset: AWS writes its timestamps in UTC.
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        // CloudTrail's rendering of `responseElements` dates: `Dec 1, 2026 10:12:31 AM`.
        "%b %d, %Y %I:%M:%S %p",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
            return Some(t.and_utc());
        }
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
}

/// A whole epoch number: seconds, or milliseconds from [`MILLIS_FROM`] on.
fn from_whole_epoch(whole: i64) -> Option<DateTime<Utc>> {
    if whole.unsigned_abs() as f64 >= MILLIS_FROM {
        DateTime::from_timestamp_millis(whole)
    } else {
        DateTime::from_timestamp(whole, 0)
    }
}

/// An epoch number with a fraction (or beyond `i64`): seconds, or milliseconds from
/// [`MILLIS_FROM`] on, rounded to the microsecond (an `f64` of today's epoch seconds holds
/// no finer digit: `1414708529.922` is stored as `1414708529.9219999…`).
fn from_epoch(value: f64) -> Option<DateTime<Utc>> {
    if !value.is_finite() {
        return None;
    }
    let seconds = if value.abs() >= MILLIS_FROM {
        value / 1000.0
    } else {
        value
    };
    let whole = seconds.floor();
    // Within i64 seconds: the cast below cannot saturate into a wrong date.
    if whole.abs() > 1e15 {
        return None;
    }
    let mut micros = ((seconds - whole) * 1e6).round() as u32;
    let mut whole = whole as i64;
    if micros >= 1_000_000 {
        whole += 1;
        micros -= 1_000_000;
    }
    DateTime::from_timestamp(whole, micros * 1000)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn at(value: Value) -> DateTime<Utc> {
        from_json(&value).unwrap_or_else(|e| panic!("{value}: {e}"))
    }

    #[test]
    fn every_encoding_of_one_instant_reads_the_same() {
        let instant = at(json!("2026-12-01T10:12:31Z"));
        for value in [
            json!("2026-12-01T10:12:31.000Z"),
            json!("2026-12-01T10:12:31.000000+00:00"),
            json!("2026-12-01T11:12:31+01:00"),
            json!("2026-12-01T10:12:31.0000+0000"),
            json!("2026-12-01T10:12:31"),
            json!("Dec 1, 2026 10:12:31 AM"),
            json!(1_796_119_951),
            json!(1_796_119_951.0),
            json!(1.796119951E9),
            json!(1_796_119_951_000_i64),
        ] {
            assert_eq!(at(value.clone()), instant, "{value}");
        }
    }

    #[test]
    fn fractions_are_kept() {
        // As the AWS Config Developer Guide prints a capture time (epoch seconds, CLI v1).
        let t = at(serde_json::from_str("1414708529.9219999").unwrap());
        assert_eq!(t.timestamp(), 1_414_708_529);
        assert_eq!(t.timestamp_subsec_millis(), 922);
        assert_eq!(at(json!("2014-10-30T22:35:29.922Z")), t);
        assert_eq!(at(json!(1_414_708_529_922_i64)), t);
        assert_eq!(
            at(json!("2014-10-30T22:35:29.9220+0000")).timestamp_subsec_millis(),
            922
        );
    }

    #[test]
    fn cloudtrail_dates_read_the_afternoon_and_single_digits() {
        assert_eq!(
            at(json!("May 3, 2018 5:51:02 PM")),
            at(json!("2018-05-03T17:51:02Z"))
        );
        assert_eq!(
            at(json!("Nov 23, 2026 9:00:00 AM")),
            at(json!("2026-11-23T09:00:00Z"))
        );
        assert_eq!(
            at(json!("Dec 31, 2026 12:00:00 AM")),
            at(json!("2026-12-31T00:00:00Z"))
        );
    }

    #[test]
    fn a_bare_date_is_midnight_utc() {
        assert_eq!(at(json!("2026-12-01")), at(json!("2026-12-01T00:00:00Z")));
    }

    #[test]
    fn what_is_not_a_date_is_described_without_its_value() {
        for (value, found) in [
            (json!("yesterday-s3cr3t"), "a string that is not a date"),
            (json!(true), "a boolean"),
            (json!({"a": 1}), "an object"),
            (json!(1e300), "a number out of the range of dates"),
            (json!("2026-13-01T00:00:00Z"), "a string that is not a date"),
        ] {
            let err = from_json(&value).unwrap_err();
            assert_eq!(err, found, "{value}");
            assert!(!err.contains("s3cr3t"));
        }
    }
}
