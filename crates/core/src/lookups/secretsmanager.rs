//! Secrets Manager answers: a secret's metadata, never its value.

use super::de;
use chrono::{DateTime, Utc};
use serde::Deserialize;

/// `secretsmanager.secret` (id: the secret's ARN), from `DescribeSecret` (never
/// `GetSecretValue`). `checkedAt` is when `DescribeSecret` was called, the "now" the ages are
/// measured against; the dates are null or absent when the event never happened. Shape:
/// [`SecretMetadata::EXAMPLE`].
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecretMetadata {
    /// `name`.
    pub name: Option<String>,
    /// `createdDate`.
    #[serde(default, deserialize_with = "de::time")]
    pub created_date: Option<DateTime<Utc>>,
    /// `lastRotatedDate`.
    #[serde(default, deserialize_with = "de::time")]
    pub last_rotated_date: Option<DateTime<Utc>>,
    /// `lastAccessedDate`.
    #[serde(default, deserialize_with = "de::time")]
    pub last_accessed_date: Option<DateTime<Utc>>,
    /// `rotationEnabled`.
    pub rotation_enabled: Option<bool>,
    /// `checkedAt`.
    #[serde(default, deserialize_with = "de::time")]
    pub checked_at: Option<DateTime<Utc>>,
}

impl SecretMetadata {
    /// The documented shape.
    pub const EXAMPLE: &'static str = r#"{"name": "prod/orders-db", "createdDate": "2025-06-01T10:00:00Z", "lastRotatedDate": null, "lastAccessedDate": "2026-11-20T00:00:00Z", "rotationEnabled": false, "checkedAt": "2026-11-23T09:00:00Z"}"#;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_reads() {
        let s: SecretMetadata = serde_json::from_str(SecretMetadata::EXAMPLE).unwrap();
        assert_eq!(s.name.as_deref(), Some("prod/orders-db"));
        assert_eq!(s.last_rotated_date, None);
        assert_eq!(
            s.last_accessed_date,
            crate::json::parse_time("2026-11-20T00:00:00Z")
        );
        assert_eq!(s.rotation_enabled, Some(false));
        assert!(s.checked_at.is_some() && s.created_date.is_some());
    }

    #[test]
    fn dates_in_the_apis_epoch_encoding_are_read() {
        // The Secrets Manager API's JSON carries epoch seconds (`"LastAccessedDate": 1523923200.0`).
        let s: SecretMetadata = serde_json::from_value(serde_json::json!(
            {"lastAccessedDate": 1_763_596_800.0, "createdDate": 1_748_772_000_000_i64}
        ))
        .unwrap();
        assert_eq!(
            s.last_accessed_date,
            crate::json::parse_time("2025-11-20T00:00:00Z")
        );
        assert_eq!(
            s.created_date,
            crate::json::parse_time("2025-06-01T10:00:00Z")
        );
    }

    #[test]
    fn a_date_that_is_not_a_time_is_malformed() {
        assert!(serde_json::from_value::<SecretMetadata>(
            serde_json::json!({"lastAccessedDate": true})
        )
        .is_err());
        assert!(serde_json::from_value::<SecretMetadata>(
            serde_json::json!({"createdDate": "last week"})
        )
        .is_err());
    }
}
