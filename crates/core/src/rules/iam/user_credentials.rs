//! An IAM user's credentials, for the user rules that AWS Config's `AWS::IAM::User` item cannot
//! answer (FSBP IAM.3, IAM.5, IAM.8): the item carries policies and groups, not access keys,
//! passwords or MFA devices.
//!
//! ## Lookup `iam.user-credentials`
//!
//! Id: the user name. Answer: [`UserCredentials`], as the shell's fetcher builds it from
//! `GetUser`, `GetLoginProfile`, `ListAccessKeys` with `GetAccessKeyLastUsed` per key, and
//! `ListMFADevices`. `loginProfile` null means the user has no console password; a field that
//! is absent is unknown (the rules that need it are undetermined, naming the field). The core
//! has no clock: ages are measured to `checkedAt`. An access key id is not a secret (the secret
//! access key never leaves IAM), but findings name keys by their last four characters only.

use crate::lookups::iam::UserCredentials;
use crate::lookups::{Key, LookupAnswer, LookupKind};
use crate::resources::iam_user::IamUser;
use crate::verdict::Verdict;
use chrono::{DateTime, Utc};

/// The lookup key for a user (none when the item did not carry its name).
pub fn key(user: &IamUser) -> Option<Key<UserCredentials>> {
    user.name.get().map(|n| UserCredentials::key(n.clone()))
}

/// The undetermined verdict for a field of the answer that is unknown.
fn unknown(field: &str) -> Verdict {
    Verdict::undetermined([format!("{} {field}", LookupKind::IamUserCredentials)])
}

/// When the answer was made: the "now" of every age.
pub fn checked_at(answer: &UserCredentials) -> Result<DateTime<Utc>, Verdict> {
    answer.checked_at.ok_or_else(|| unknown("checkedAt"))
}

/// The console password, when the user has one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoginProfile {
    /// When the password was created (`GetLoginProfile`'s `CreateDate`).
    pub created: DateTime<Utc>,
}

/// The user's console password: `None` when the user has none.
pub fn login_profile(answer: &UserCredentials) -> Result<Option<LoginProfile>, Verdict> {
    match &answer.login_profile {
        None => Err(unknown("loginProfile")),
        Some(None) => Ok(None),
        Some(Some(p)) => {
            let created = p
                .create_date
                .ok_or_else(|| unknown("loginProfile.createDate"))?;
            Ok(Some(LoginProfile { created }))
        }
    }
}

/// When the password was last used to sign in (`GetUser`'s `PasswordLastUsed`); `None` when
/// never (null in the answer).
pub fn password_last_used(answer: &UserCredentials) -> Result<Option<DateTime<Utc>>, Verdict> {
    answer
        .password_last_used
        .ok_or_else(|| unknown("passwordLastUsed"))
}

/// How many MFA devices the user has (`ListMFADevices`).
pub fn mfa_devices(answer: &UserCredentials) -> Result<u64, Verdict> {
    answer.mfa_devices.ok_or_else(|| unknown("mfaDevices"))
}

/// One access key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessKey {
    /// The access key id (not a secret; findings show its last four characters).
    pub id: String,
    /// `Active` (usable) or `Inactive`.
    pub active: bool,
    /// When the key was created.
    pub created: DateTime<Utc>,
    /// When it was last used (`GetAccessKeyLastUsed`); `None` when never.
    pub last_used: Option<DateTime<Utc>>,
}

impl AccessKey {
    /// `access key …MPLE`: how findings name the key.
    pub fn label(&self) -> String {
        let chars: Vec<char> = self.id.chars().collect();
        let tail: String = chars[chars.len().saturating_sub(4)..].iter().collect();
        format!("access key …{tail}")
    }
}

/// The user's access keys, active and inactive.
pub fn access_keys(answer: &UserCredentials) -> Result<Vec<AccessKey>, Verdict> {
    let Some(items) = &answer.access_keys else {
        return Err(unknown("accessKeys"));
    };
    items
        .iter()
        .map(|k| {
            let id = k
                .access_key_id
                .as_deref()
                .ok_or_else(|| unknown("accessKeys[].accessKeyId"))?;
            let active = match k.status.as_deref() {
                Some("Active") => true,
                Some("Inactive" | "Expired") => false,
                _ => return Err(unknown("accessKeys[].status")),
            };
            let created = k
                .create_date
                .ok_or_else(|| unknown("accessKeys[].createDate"))?;
            Ok(AccessKey {
                id: id.to_string(),
                active,
                created,
                last_used: k.last_used_date,
            })
        })
        .collect()
}

/// Whole days from `since` to `now`.
pub fn days(since: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    (now - since).num_days()
}

#[cfg(test)]
pub(crate) mod test_support {
    //! A user and contexts with a credentials answer.
    use super::*;
    use crate::lookups::Lookups;
    use crate::resource::Resource;
    use crate::rules::iam::test_support::user;
    use crate::rules::{Context, Rule};
    use crate::settings::Settings;
    use serde_json::Value;

    /// The user `alice` as AWS Config carries her.
    pub fn alice() -> Resource {
        user(serde_json::json!({
            "path": "/", "userName": "alice", "userId": "AIDAEXAMPLEALICE",
            "arn": "arn:aws:iam::123456789012:user/alice", "createDate": "2024-01-10T09:00:00Z",
            "userPolicyList": [], "attachedManagedPolicies": [], "groupList": ["developers"], "tags": []
        }))
    }

    /// An answer for alice checked at 2026-11-23T09:00:00Z, with `overrides` merged in.
    pub fn answer(overrides: Value) -> Value {
        let mut a = serde_json::json!({
            "userName": "alice", "createDate": "2024-01-10T09:00:00Z",
            "passwordLastUsed": null, "loginProfile": null, "accessKeys": [],
            "mfaDevices": 0, "checkedAt": "2026-11-23T09:00:00Z"
        });
        if let (Some(a), Value::Object(o)) = (a.as_object_mut(), overrides) {
            a.extend(o);
        }
        a
    }

    /// An access key as the fetcher reports it.
    pub fn access_key(id: &str, status: &str, created: &str, last_used: Option<&str>) -> Value {
        serde_json::json!({"accessKeyId": id, "status": status, "createDate": created, "lastUsedDate": last_used})
    }

    /// Evaluates alice with this answer.
    pub fn eval_with(rule: &dyn Rule, answer: Option<Value>, settings: &Settings) -> Verdict {
        let mut lookups = Lookups::none();
        if let Some(a) = answer {
            // As in the shell, a malformed answer is not recorded: the lookup stays unanswered.
            let _ = lookups.insert_json(UserCredentials::key("alice").untyped(), a);
        }
        rule.evaluate(&alice(), &Context::new(settings, &lookups))
    }

    pub fn eval(rule: &dyn Rule, answer: Option<Value>) -> Verdict {
        eval_with(rule, answer, &Settings::default())
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;
    use serde_json::json;

    fn read(answer: serde_json::Value) -> UserCredentials {
        serde_json::from_value(answer).unwrap()
    }

    #[test]
    fn the_answer_is_read_field_by_field() {
        let a = read(answer(json!({
            "loginProfile": {"createDate": "2025-01-01T00:00:00Z"},
            "accessKeys": [access_key("AKIAIOSFODNN7EXAMPLE", "Active", "2026-01-01T00:00:00Z", None)],
            "mfaDevices": 2
        })));
        assert_eq!(mfa_devices(&a), Ok(2));
        assert!(login_profile(&a).unwrap().is_some());
        let keys = access_keys(&a).unwrap();
        assert_eq!(keys[0].label(), "access key …MPLE");
        assert!(keys[0].active && keys[0].last_used.is_none());
        assert_eq!(
            checked_at(&a).unwrap(),
            crate::json::parse_time("2026-11-23T09:00:00Z").unwrap()
        );
    }

    #[test]
    fn absent_fields_are_unknown_not_empty() {
        assert_eq!(
            login_profile(&read(json!({}))).unwrap_err(),
            Verdict::undetermined(["iam.user-credentials loginProfile"])
        );
        assert!(access_keys(&read(json!({"accessKeys": [{"accessKeyId": "A", "status": "On", "createDate": "2026-01-01T00:00:00Z"}]}))).is_err());
        assert!(access_keys(&read(
            json!({"accessKeys": [{"accessKeyId": "A", "status": "Active"}]})
        ))
        .is_err());
        assert!(mfa_devices(&read(json!({}))).is_err());
        assert!(checked_at(&read(json!({"checkedAt": null}))).is_err());
        assert!(password_last_used(&read(json!({}))).is_err());
        assert_eq!(
            password_last_used(&read(json!({"passwordLastUsed": null}))),
            Ok(None)
        );
        assert_eq!(
            login_profile(&read(json!({"loginProfile": {}}))).unwrap_err(),
            Verdict::undetermined(["iam.user-credentials loginProfile.createDate"])
        );
    }

    #[test]
    fn malformed_fields_make_the_whole_answer_malformed() {
        for bad in [
            json!({"accessKeys": "none"}),
            json!({"mfaDevices": "one"}),
            json!({"passwordLastUsed": true}),
        ] {
            assert!(
                serde_json::from_value::<UserCredentials>(bad.clone()).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn short_key_ids_are_labelled_without_panicking() {
        let k = AccessKey {
            id: "AB".into(),
            active: true,
            created: crate::json::parse_time("2026-01-01T00:00:00Z").unwrap(),
            last_used: None,
        };
        assert_eq!(k.label(), "access key …AB");
    }
}
