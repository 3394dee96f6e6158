//! IAM answers. The shell writes times as RFC 3339 text; any date encoding AWS uses is read
//! ([`crate::date`]), and a value that is not a date makes the answer malformed.

use super::de;
use crate::policy::Document;
use chrono::{DateTime, Utc};
use serde::Deserialize;

/// `iam.managed-policy` (id: the policy ARN), from `GetPolicy` for the default version, then
/// `GetPolicyVersion`. `document` is the policy document as IAM returns it (URL-encoded JSON
/// text), JSON text or an object; an answer whose document cannot be read is malformed.
/// Shape: [`ManagedPolicy::EXAMPLE`].
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManagedPolicy {
    /// `arn`.
    pub arn: Option<String>,
    /// `name`.
    pub name: Option<String>,
    /// `defaultVersionId`: `v3`.
    pub default_version_id: Option<String>,
    /// `document`: the default version's document.
    #[serde(deserialize_with = "de::policy_document")]
    pub document: Document,
}

impl ManagedPolicy {
    /// The documented shape.
    pub const EXAMPLE: &'static str = r#"{"arn": "arn:aws:iam::123456789012:policy/deploy", "name": "deploy", "defaultVersionId": "v3", "document": "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3AGetObject%22%2C%22Resource%22%3A%22*%22%7D%5D%7D"}"#;
}

/// `iam.role` (id: the role name), from `GetRole`. `checkedAt` is when the call was made (the
/// core has no clock); `lastUsedDate` is null or absent when the role was never used (in the
/// tracking period). Shape: [`Role::EXAMPLE`].
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Role {
    /// `roleName`.
    pub role_name: Option<String>,
    /// `createDate`.
    #[serde(default, deserialize_with = "de::time")]
    pub create_date: Option<DateTime<Utc>>,
    /// `lastUsedDate`.
    #[serde(default, deserialize_with = "de::time")]
    pub last_used_date: Option<DateTime<Utc>>,
    /// `checkedAt`.
    #[serde(default, deserialize_with = "de::time")]
    pub checked_at: Option<DateTime<Utc>>,
}

impl Role {
    /// The documented shape.
    pub const EXAMPLE: &'static str = r#"{"roleName": "app", "createDate": "2024-01-01T00:00:00Z", "lastUsedDate": "2026-10-01T08:00:00Z", "checkedAt": "2026-11-23T09:00:00Z"}"#;
}

/// `iam.user-credentials` (id: the user name), from `GetUser`, `GetLoginProfile`,
/// `ListAccessKeys` with `GetAccessKeyLastUsed` per key, and `ListMFADevices`: metadata only
/// (IAM never returns a password or a secret access key from these calls).
///
/// A field that is absent is unknown (`None`; the rules that need it are undetermined), apart
/// from `null`: `loginProfile: null` means the user has no console password, and
/// `passwordLastUsed: null` that the password was never used. `checkedAt` is when the calls
/// were made, the "now" of every age. Shape: [`UserCredentials::EXAMPLE`].
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserCredentials {
    /// `userName`.
    pub user_name: Option<String>,
    /// `createDate`.
    #[serde(default, deserialize_with = "de::time")]
    pub create_date: Option<DateTime<Utc>>,
    /// `passwordLastUsed`: absent unknown, null never.
    #[serde(default, deserialize_with = "de::present_time")]
    pub password_last_used: Option<Option<DateTime<Utc>>>,
    /// `loginProfile`: absent unknown, null no console password.
    #[serde(default, deserialize_with = "de::present")]
    pub login_profile: Option<Option<LoginProfile>>,
    /// `accessKeys`: active and inactive.
    pub access_keys: Option<Vec<AccessKeyMetadata>>,
    /// `mfaDevices`: how many MFA devices the user has.
    pub mfa_devices: Option<u64>,
    /// `checkedAt`.
    #[serde(default, deserialize_with = "de::time")]
    pub checked_at: Option<DateTime<Utc>>,
}

impl UserCredentials {
    /// The documented shape.
    pub const EXAMPLE: &'static str = r#"{"userName": "alice", "createDate": "2024-01-10T09:00:00Z", "passwordLastUsed": null, "loginProfile": {"createDate": "2025-03-01T10:00:00Z"}, "accessKeys": [{"accessKeyId": "AKIAIOSFODNN7EXAMPLE", "status": "Active", "createDate": "2026-01-01T00:00:00Z", "lastUsedDate": null}], "mfaDevices": 1, "checkedAt": "2026-11-23T09:00:00Z"}"#;
}

/// A console password (`GetLoginProfile`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoginProfile {
    /// `createDate`: when the password was created.
    #[serde(default, deserialize_with = "de::time")]
    pub create_date: Option<DateTime<Utc>>,
}

/// One access key (`ListAccessKeys`, `GetAccessKeyLastUsed`). The id is not a secret; findings
/// show its last four characters.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessKeyMetadata {
    /// `accessKeyId`.
    pub access_key_id: Option<String>,
    /// `status`: `Active`, `Inactive` (or `Expired`).
    pub status: Option<String>,
    /// `createDate`.
    #[serde(default, deserialize_with = "de::time")]
    pub create_date: Option<DateTime<Utc>>,
    /// `lastUsedDate`: absent or null when never used.
    #[serde(default, deserialize_with = "de::time")]
    pub last_used_date: Option<DateTime<Utc>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn time(t: &str) -> Option<DateTime<Utc>> {
        crate::json::parse_time(t)
    }

    #[test]
    fn the_examples_read() {
        let p: ManagedPolicy = serde_json::from_str(ManagedPolicy::EXAMPLE).unwrap();
        assert_eq!(p.default_version_id.as_deref(), Some("v3"));
        assert_eq!(p.document.statements.len(), 1);
        let r: Role = serde_json::from_str(Role::EXAMPLE).unwrap();
        assert_eq!(r.checked_at, time("2026-11-23T09:00:00Z"));
        assert_eq!(r.last_used_date, time("2026-10-01T08:00:00Z"));
        let u: UserCredentials = serde_json::from_str(UserCredentials::EXAMPLE).unwrap();
        assert_eq!(u.password_last_used, Some(None));
        assert_eq!(
            u.login_profile,
            Some(Some(LoginProfile {
                create_date: time("2025-03-01T10:00:00Z")
            }))
        );
        let keys = u.access_keys.unwrap();
        assert_eq!(keys[0].status.as_deref(), Some("Active"));
        assert_eq!(keys[0].last_used_date, None);
        assert_eq!(u.mfa_devices, Some(1));
    }

    #[test]
    fn a_policy_document_may_be_an_object_and_must_be_readable() {
        let p: ManagedPolicy = serde_json::from_value(
            json!({"document": {"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}}),
        )
        .unwrap();
        assert_eq!(p.name, None);
        assert!(serde_json::from_value::<ManagedPolicy>(json!({"name": "x"})).is_err());
        assert!(
            serde_json::from_value::<ManagedPolicy>(json!({"document": {"Statement": 5}})).is_err()
        );
    }

    #[test]
    fn absent_and_null_differ_where_they_mean_different_things() {
        let absent: UserCredentials = serde_json::from_value(json!({})).unwrap();
        assert_eq!(absent.login_profile, None);
        assert_eq!(absent.password_last_used, None);
        assert_eq!(absent.access_keys, None);
        let null: UserCredentials =
            serde_json::from_value(json!({"loginProfile": null, "passwordLastUsed": null}))
                .unwrap();
        assert_eq!(null.login_profile, Some(None));
        assert_eq!(null.password_last_used, Some(None));
    }

    #[test]
    fn wrong_types_and_unreadable_times_are_malformed() {
        for bad in [
            json!({"mfaDevices": "one"}),
            json!({"accessKeys": "none"}),
            json!({"checkedAt": "yesterday"}),
            json!({"passwordLastUsed": true}),
            json!({"loginProfile": "yes"}),
        ] {
            assert!(
                serde_json::from_value::<UserCredentials>(bad.clone()).is_err(),
                "{bad}"
            );
        }
        assert!(serde_json::from_value::<Role>(json!({"checkedAt": "yesterday"})).is_err());
    }
}
