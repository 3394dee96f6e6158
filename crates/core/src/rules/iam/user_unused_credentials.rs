//! FSBP IAM.8 — Unused IAM user credentials should be removed.
//!
//! Source: AWS Security Hub user guide, IAM controls, [IAM.8]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-8>):
//! periodic, AWS Config rule `iam-user-unused-credentials-check` with
//! `maxCredentialUsageAge: 90` ("checks whether your IAM users have passwords or active access
//! keys that have not been used for 90 days";
//! <https://docs.aws.amazon.com/config/latest/developerguide/iam-user-unused-credentials-check.html>).
//! FSBP's IAM.8 uses 90 days; the 45 days sometimes quoted are CIS v1.4.0 1.12, which Security
//! Hub checks as IAM.22 — set [`Settings::unused_credential_days`](crate::settings::Settings)
//! to 45 for that.
//!
//! The credentials are the console password (a login profile) and the `Active` access keys;
//! inactive keys cannot be used and do not count. A credential's last use is `GetUser`'s
//! `PasswordLastUsed` or `GetAccessKeyLastUsed`'s `LastUsedDate`; one never used counts from its
//! creation (a password re-created after its last use counts from the new password's
//! creation, since the current password was never used). Ages are measured to `checkedAt` of
//! the `iam.user-credentials` lookup (see [`super::user_credentials`]). FAILED when any
//! credential was last used (or, never used, created) more than `unused_credential_days`
//! (default 90) days before; PASSED otherwise, including a user with no password and no active
//! key.

use super::user_credentials::{
    access_keys, checked_at, days, key, login_profile, password_last_used,
};
use crate::lookups::LookupKey;
use crate::resource::Resource;
use crate::rules::{iam_user, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};
use crate::vocabulary::CeControl;
use chrono::{DateTime, Utc};

/// IAM.8.
pub struct Iam8;

static META: RuleMeta = RuleMeta {
    id: "iam-user-unused-credentials",
    title: "IAM users' passwords and active access keys not used for 90 days should be removed",
    severity: Severity::Medium,
    resource_type: "AWS::IAM::User",
    controls: &["IAM.8"],
    gdpr: &["Art. 5(1)(c)", "Art. 32(1)(b)"],
    cyber_essentials: Some(CeControl::UserAccessControl),
    passes_when: "the user's console password and every active access key were used (or, never used, created) within unused_credential_days days (default 90) of the check",
    rationale: "A password or key nobody uses usually belongs to someone who left, a retired script or a test. Nobody would notice it being misused, yet it still opens everything the user can reach. Removing what is not used keeps access to personal data limited to people and systems that still need it.",
    remediation: "Check with the owner, then remove the console password and deactivate (later delete) the unused access keys; delete the user if nothing of it is still needed. Console: IAM > Users > the user > Security credentials > Console sign-in > Disable access, and Access keys > Actions > Deactivate. CLI: aws iam delete-login-profile --user-name <user>; aws iam update-access-key --user-name <user> --access-key-id <key id> --status Inactive",
    fix: Some(crate::fix::Fix {
        console: "IAM console > Users > {name} > Security credentials > Console sign-in > Disable access, and Access keys > Actions > Deactivate",
        command: r#"aws iam delete-login-profile --user-name {name}
aws iam list-access-keys --user-name {name}
aws iam update-access-key --user-name {name} --access-key-id "$ACCESS_KEY_ID" --status Inactive"#,
        caution: Some("The user can no longer sign in or call AWS with those credentials; check with the owner first."),
        inputs: &[],
    }),
    source: "FSBP IAM.8 (AWS Config rule iam-user-unused-credentials-check, maxCredentialUsageAge 90)",
};

/// One credential and when it was last used or, never used, created.
struct Credential {
    name: String,
    since: DateTime<Utc>,
    what: String,
}

impl Rule for Iam8 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn lookups(&self, resource: &Resource) -> Vec<LookupKey> {
        iam_user(resource)
            .and_then(key)
            .map(LookupKey::from)
            .into_iter()
            .collect()
    }

    fn evaluate(&self, resource: &Resource, ctx: &Context<'_>) -> Verdict {
        let Some(user) = iam_user(resource) else {
            return wrong_type(&META);
        };
        let answer = match ctx.lookups.answer(key(user).as_ref(), "userName") {
            Ok(a) => a,
            Err(undetermined) => return undetermined,
        };
        let (now, profile, keys) = match (
            checked_at(answer),
            login_profile(answer),
            access_keys(answer),
        ) {
            (Ok(now), Ok(profile), Ok(keys)) => (now, profile, keys),
            (Err(v), _, _) | (_, Err(v), _) | (_, _, Err(v)) => return v,
        };
        let day = |t: DateTime<Utc>| t.format("%Y-%m-%d").to_string();
        let mut credentials = Vec::new();
        if let Some(profile) = profile {
            let last = match password_last_used(answer) {
                Ok(last) => last,
                Err(v) => return v,
            };
            credentials.push(match last {
                Some(used) if used >= profile.created => Credential {
                    name: "console password".into(),
                    since: used,
                    what: format!("last used {}", day(used)),
                },
                _ => Credential {
                    name: "console password".into(),
                    since: profile.created,
                    what: format!("never used since it was created {}", day(profile.created)),
                },
            });
        }
        for k in keys.iter().filter(|k| k.active) {
            credentials.push(match k.last_used {
                Some(used) => Credential {
                    name: k.label(),
                    since: used.max(k.created),
                    what: format!("last used {}", day(used)),
                },
                None => Credential {
                    name: k.label(),
                    since: k.created,
                    what: format!("never used since it was created {}", day(k.created)),
                },
            });
        }
        if credentials.is_empty() {
            return Verdict::passed("the user has no console password and no active access key");
        }
        let limit = ctx.settings.unused_credential_days;
        let unused: Vec<&Credential> = credentials
            .iter()
            .filter(|c| days(c.since, now) > limit)
            .collect();
        let Some(first) = unused.first() else {
            return Verdict::passed(format!(
                "the user's {} credential(s) were used or created within {limit} days",
                credentials.len()
            ));
        };
        let more = match unused.len() {
            1 => String::new(),
            n => format!(" ({n} credentials unused)"),
        };
        Verdict::failed(
            format!(
                "the {} is unused for {} days (more than {limit}): {}{more}",
                first.name,
                days(first.since, now),
                first.what
            ),
            unused
                .iter()
                .map(|c| {
                    Evidence::new(
                        c.name.clone(),
                        format!("{} ({} days ago)", c.what, days(c.since, now)),
                    )
                })
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::iam::user_credentials::test_support::*;
    use crate::settings::Settings;
    use serde_json::json;

    #[test]
    fn a_password_not_used_for_longer_than_the_limit_fails() {
        let v = eval(
            &Iam8,
            Some(answer(json!({
                "loginProfile": {"createDate": "2024-02-01T00:00:00Z"},
                "passwordLastUsed": "2026-06-01T00:00:00Z"
            }))),
        );
        assert!(
            matches!(&v, Verdict::Failed { reason, .. } if reason.contains("console password is unused for 175 days")),
            "{v:?}"
        );
    }

    #[test]
    fn never_used_credentials_count_from_their_creation() {
        let old_key = answer(json!({"accessKeys": [
            access_key("AKIAIOSFODNN7EXAMPLE", "Active", "2026-07-01T00:00:00Z", None)]}));
        let v = eval(&Iam8, Some(old_key));
        assert!(
            matches!(&v, Verdict::Failed { reason, .. } if reason.contains("access key …MPLE") && reason.contains("never used")),
            "{v:?}"
        );
        let new_password = answer(json!({
            "loginProfile": {"createDate": "2026-11-01T00:00:00Z"},
            "passwordLastUsed": "2025-01-01T00:00:00Z"
        }));
        assert!(matches!(
            eval(&Iam8, Some(new_password)),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn recently_used_credentials_pass_and_inactive_keys_do_not_count() {
        let a = answer(json!({
            "loginProfile": {"createDate": "2024-02-01T00:00:00Z"},
            "passwordLastUsed": "2026-11-20T00:00:00Z",
            "accessKeys": [
                access_key("AKIAIOSFODNN7EXAMPLE", "Active", "2025-01-01T00:00:00Z", Some("2026-11-22T00:00:00Z")),
                access_key("AKIAI44QH8DHBEXAMPLE", "Inactive", "2020-01-01T00:00:00Z", None)
            ]
        }));
        assert!(matches!(eval(&Iam8, Some(a)), Verdict::Passed { .. }));
        assert_eq!(
            eval(&Iam8, Some(answer(json!({})))),
            Verdict::passed("the user has no console password and no active access key")
        );
    }

    #[test]
    fn the_limit_is_a_setting() {
        let a = answer(json!({"accessKeys": [
            access_key("AKIAIOSFODNN7EXAMPLE", "Active", "2025-01-01T00:00:00Z", Some("2026-10-01T00:00:00Z"))]}));
        assert!(matches!(
            eval(&Iam8, Some(a.clone())),
            Verdict::Passed { .. }
        ));
        let cis = Settings {
            unused_credential_days: 45,
            ..Settings::default()
        };
        assert!(matches!(
            eval_with(&Iam8, Some(a), &cis),
            Verdict::Failed { .. }
        ));
    }

    #[test]
    fn without_the_lookup_or_with_a_bad_answer_it_is_undetermined() {
        assert_eq!(
            eval(&Iam8, None),
            Verdict::undetermined(["iam.user-credentials:alice"])
        );
        let mut no_last_use =
            answer(json!({"loginProfile": {"createDate": "2024-02-01T00:00:00Z"}}));
        no_last_use
            .as_object_mut()
            .unwrap()
            .remove("passwordLastUsed");
        assert_eq!(
            eval(&Iam8, Some(no_last_use)),
            Verdict::undetermined(["iam.user-credentials passwordLastUsed"])
        );
        assert!(matches!(
            eval(&Iam8, Some(answer(json!({"checkedAt": [42]})))),
            Verdict::Undetermined { .. }
        ));
        assert!(matches!(
            eval(&Iam8, Some(json!(null))),
            Verdict::Undetermined { .. }
        ));
    }
}
