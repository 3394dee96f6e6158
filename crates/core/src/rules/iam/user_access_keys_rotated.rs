//! FSBP IAM.3 — IAM users' access keys should be rotated every 90 days or less.
//!
//! Source: AWS Security Hub user guide, IAM controls, [IAM.3]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-3>):
//! periodic, AWS Config rule `access-keys-rotated` with `maxAccessKeyAge: 90`
//! (<https://docs.aws.amazon.com/config/latest/developerguide/access-keys-rotated.html>: "checks
//! if active IAM access keys are rotated … within the number of days specified in
//! maxAccessKeyAge; NON_COMPLIANT if the access keys have not been rotated for more than
//! maxAccessKeyAge days"). Only `Active` keys count; a key's age is measured from its
//! `CreateDate` to when the keys were listed (`checkedAt` of the `iam.user-credentials` lookup,
//! see [`super::user_credentials`]). FAILED when any active key is older than
//! [`Settings::access_key_max_age_days`](crate::settings::Settings) (default 90); PASSED when
//! every active key is younger, or the user has no active key.

use super::user_credentials::{access_keys, checked_at, days, key};
use crate::lookups::LookupKey;
use crate::resource::Resource;
use crate::rules::{iam_user, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// IAM.3.
pub struct Iam3;

static META: RuleMeta = RuleMeta {
    id: "iam-user-access-keys-rotated",
    title: "IAM users' active access keys should be rotated every 90 days or less",
    severity: Severity::Medium,
    resource_type: "AWS::IAM::User",
    controls: &["IAM.3"],
    gdpr: &["Art. 32(1)(b)", "Art. 5(1)(f)"],
    cyber_essentials: None,
    passes_when: "every active access key of the user was created within access_key_max_age_days days (default 90) of the check, or the user has no active access key",
    rationale: "An access key lives in scripts, CI settings and laptops, and it is easy to copy without anyone noticing. The longer one key stays valid, the more places it has been and the longer a leaked copy works. Rotating keys limits how long a lost or stolen key can be used against systems holding personal data.",
    remediation: "Create a second key, move every application to it, deactivate the old key, check nothing broke, then delete the old key. Better still, replace long-lived keys with roles (IAM Identity Center, or roles for workloads). Console: IAM > Users > the user > Security credentials > Access keys > Create access key, then Actions > Deactivate and Delete on the old key. CLI: aws iam create-access-key --user-name <user>; aws iam update-access-key --user-name <user> --access-key-id <old key id> --status Inactive; aws iam delete-access-key --user-name <user> --access-key-id <old key id>",
    fix: Some(crate::fix::Fix {
        console: "IAM console > Users > {name} > Security credentials > Access keys > Create access key; move every application to it; then the old key > Actions > Deactivate, and later Delete",
        command: r#"aws iam list-access-keys --user-name {name}
aws iam create-access-key --user-name {name}
aws iam update-access-key --user-name {name} --access-key-id "$OLD_ACCESS_KEY_ID" --status Inactive
aws iam delete-access-key --user-name {name} --access-key-id "$OLD_ACCESS_KEY_ID""#,
        caution: Some("create-access-key prints the new secret once: store it in a secrets manager, not a file. Applications still using the old key fail once it is deactivated; delete it only after nothing broke."),
        inputs: &[],
    }),
    source: "FSBP IAM.3 (AWS Config rule access-keys-rotated, maxAccessKeyAge 90)",
};

impl Rule for Iam3 {
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
        let (now, keys) = match (checked_at(answer), access_keys(answer)) {
            (Ok(now), Ok(keys)) => (now, keys),
            (Err(v), _) | (_, Err(v)) => return v,
        };
        let limit = ctx.settings.access_key_max_age_days;
        let active: Vec<_> = keys.iter().filter(|k| k.active).collect();
        if active.is_empty() {
            return Verdict::passed("the user has no active access key");
        }
        let old: Vec<_> = active
            .iter()
            .filter(|k| days(k.created, now) > limit)
            .collect();
        if old.is_empty() {
            let oldest = active
                .iter()
                .map(|k| days(k.created, now))
                .max()
                .unwrap_or(0);
            return Verdict::passed(format!(
                "every active access key is at most {oldest} day(s) old (within {limit})"
            ));
        }
        let first = old[0];
        let more = match old.len() {
            1 => String::new(),
            n => format!(" ({n} active keys are too old)"),
        };
        Verdict::failed(
            format!(
                "{} is {} days old and still active (more than {limit}){more}",
                first.label(),
                days(first.created, now)
            ),
            old.iter()
                .map(|k| {
                    Evidence::new(
                        k.label(),
                        format!(
                            "Active, created {} ({} days ago)",
                            k.created.format("%Y-%m-%d"),
                            days(k.created, now)
                        ),
                    )
                })
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lookups::LookupKind;
    use crate::rules::iam::user_credentials::test_support::*;
    use crate::settings::Settings;
    use serde_json::json;

    #[test]
    fn an_active_key_older_than_the_limit_fails_naming_the_key_not_its_id() {
        let v = eval(
            &Iam3,
            Some(answer(json!({"accessKeys": [
                access_key("AKIAIOSFODNN7EXAMPLE", "Active", "2026-05-01T00:00:00Z", Some("2026-11-22T10:00:00Z")),
                access_key("AKIAI44QH8DHBEXAMPLE", "Active", "2026-11-01T00:00:00Z", None)
            ]}))),
        );
        let Verdict::Failed { reason, evidence } = &v else {
            panic!("{v:?}")
        };
        assert!(
            reason.contains("access key …MPLE is 206 days old"),
            "{reason}"
        );
        assert_eq!(evidence.len(), 1);
        assert!(!format!("{v:?}").contains("AKIAIOSFODNN7"), "{v:?}");
    }

    #[test]
    fn young_active_keys_pass_and_the_limit_is_a_setting() {
        let a = answer(
            json!({"accessKeys": [access_key("AKIAIOSFODNN7EXAMPLE", "Active", "2026-10-01T00:00:00Z", None)]}),
        );
        assert!(matches!(
            eval(&Iam3, Some(a.clone())),
            Verdict::Passed { .. }
        ));
        let strict = Settings {
            access_key_max_age_days: 30,
            ..Settings::default()
        };
        assert!(matches!(
            eval_with(&Iam3, Some(a), &strict),
            Verdict::Failed { .. }
        ));
    }

    #[test]
    fn inactive_keys_and_users_without_keys_pass() {
        let a = answer(
            json!({"accessKeys": [access_key("AKIAIOSFODNN7EXAMPLE", "Inactive", "2020-01-01T00:00:00Z", None)]}),
        );
        assert_eq!(
            eval(&Iam3, Some(a)),
            Verdict::passed("the user has no active access key")
        );
        assert!(matches!(
            eval(&Iam3, Some(answer(json!({})))),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn without_the_lookup_or_with_a_bad_answer_it_is_undetermined() {
        assert_eq!(
            Iam3.lookups(&alice()),
            vec![LookupKey::new(LookupKind::IamUserCredentials, "alice")]
        );
        assert_eq!(
            eval(&Iam3, None),
            Verdict::undetermined(["iam.user-credentials:alice"])
        );
        assert_eq!(
            eval(&Iam3, Some(json!({"checkedAt": "2026-11-23T09:00:00Z"}))),
            Verdict::undetermined(["iam.user-credentials accessKeys"])
        );
        assert!(matches!(
            eval(&Iam3, Some(json!("not an object"))),
            Verdict::Undetermined { .. }
        ));
        assert!(matches!(
            eval(
                &Iam3,
                Some(answer(json!({"accessKeys": [{"status": "Active"}]})))
            ),
            Verdict::Undetermined { .. }
        ));
    }
}
