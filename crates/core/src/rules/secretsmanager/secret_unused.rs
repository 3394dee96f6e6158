//! FSBP SecretsManager.3 — Remove unused Secrets Manager secrets.
//!
//! Source: AWS Security Hub user guide, Secrets Manager controls, [SecretsManager.3]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/secretsmanager-controls.html#secretsmanager-3>),
//! AWS Config rule `secretsmanager-secret-unused`
//! (<https://docs.aws.amazon.com/config/latest/developerguide/secretsmanager-secret-unused.html>):
//! NON_COMPLIANT when a secret has not been accessed in `unusedForDays` days (FSBP default 90,
//! allowed 1 to 365: [`Settings::secret_unused_days`](crate::settings::Settings)). A secret that
//! was never accessed is measured from its creation date (the pages do not say; a secret created
//! last week is not "unused for 90 days").
//!
//! The Config item has no access dates: the rule uses the `secretsmanager.secret` lookup
//! (`DescribeSecret`'s `LastAccessedDate`, which Secrets Manager records to the day; see
//! [`super`]) and measures against its `checkedAt`.

use super::{age_lookups, age_verdict, Age};
use crate::lookups::LookupKey;
use crate::resource::Resource;
use crate::rules::{Context, Rule, RuleMeta, Severity};
use crate::verdict::Verdict;
use crate::vocabulary::CeControl;

/// SecretsManager.3.
pub struct SecretsManager3;

const AGE: Age = Age {
    field: |s| s.last_accessed_date,
    evidence: "LastAccessedDate",
    verb: "accessed",
};

static META: RuleMeta = RuleMeta {
    id: "secretsmanager-secret-unused",
    title: "Unused Secrets Manager secrets should be removed",
    severity: Severity::Medium,
    resource_type: "AWS::SecretsManager::Secret",
    controls: &["SecretsManager.3"],
    gdpr: &["Art. 5(1)(c)", "Art. 32(1)(b)"],
    cyber_essentials: Some(CeControl::UserAccessControl),
    passes_when: "the secret was last accessed (or, if never accessed, created) no more than secret_unused_days days (default 90) before the check",
    rationale: "A secret nobody reads any more still opens whatever it was for, and everyone who once had it can still use it. Deleting unused secrets takes that access away from people who no longer need it (and stops paying for them).",
    remediation: "Confirm nothing still reads the secret (its 'Last retrieved' date in the Secrets Manager console, CloudTrail GetSecretValue events), then select it and choose Actions, Delete secret, with a recovery window. CLI: aws secretsmanager describe-secret --secret-id <name> --query LastAccessedDate; aws secretsmanager delete-secret --secret-id <name> --recovery-window-in-days 30",
    fix: Some(crate::fix::Fix {
        console: "Secrets Manager console > Secrets > {name} > check Last retrieved, then Actions > Delete secret, with a 30-day recovery window",
        command: "aws secretsmanager describe-secret --region {region} --secret-id {arn} --query LastAccessedDate
aws secretsmanager delete-secret --region {region} --secret-id {arn} --recovery-window-in-days 30",
        caution: Some("Anything that still reads the secret fails once it is deleted; it can be restored (aws secretsmanager restore-secret) during the recovery window, not after."),
        inputs: &[],
    }),
    source: "FSBP SecretsManager.3 (AWS Config rule secretsmanager-secret-unused, unusedForDays 90); dates from DescribeSecret",
};

impl Rule for SecretsManager3 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn lookups(&self, resource: &Resource) -> Vec<LookupKey> {
        age_lookups(resource)
    }

    fn evaluate(&self, resource: &Resource, ctx: &Context<'_>) -> Verdict {
        age_verdict(resource, ctx, &META, &AGE, ctx.settings.secret_unused_days)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lookups::LookupKind;
    use crate::rules::secretsmanager::test_support::{eval, secret as a_secret, ARN};
    use crate::settings::Settings;
    use serde_json::json;

    fn answer(created: &str, accessed: Option<&str>) -> serde_json::Value {
        json!({"name": "prod/orders-db", "createdDate": created, "lastRotatedDate": null,
               "lastAccessedDate": accessed, "rotationEnabled": false,
               "checkedAt": "2026-11-23T09:00:00Z"})
    }

    #[test]
    fn a_secret_unused_for_longer_than_the_limit_fails() {
        let v = eval(
            &SecretsManager3,
            Some(answer("2024-01-01T00:00:00Z", Some("2026-05-01T00:00:00Z"))),
            &Settings::default(),
        );
        assert!(
            matches!(&v, Verdict::Failed { reason, evidence } if reason.contains("206 days") && evidence[0].observed == "2026-05-01"),
            "{v:?}"
        );
    }

    #[test]
    fn recent_access_passes_and_the_limit_is_a_setting() {
        let a = answer("2024-01-01T00:00:00Z", Some("2026-10-01T00:00:00Z"));
        assert!(matches!(
            eval(&SecretsManager3, Some(a.clone()), &Settings::default()),
            Verdict::Passed { .. }
        ));
        let strict = Settings {
            secret_unused_days: 7,
            ..Settings::default()
        };
        assert!(matches!(
            eval(&SecretsManager3, Some(a), &strict),
            Verdict::Failed { .. }
        ));
    }

    #[test]
    fn a_never_accessed_secret_counts_from_its_creation() {
        assert!(matches!(
            eval(
                &SecretsManager3,
                Some(answer("2025-01-01T00:00:00Z", None)),
                &Settings::default()
            ),
            Verdict::Failed { .. }
        ));
        assert!(matches!(
            eval(
                &SecretsManager3,
                Some(answer("2026-11-20T00:00:00Z", None)),
                &Settings::default()
            ),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn without_the_lookup_or_an_arn_it_is_undetermined() {
        assert_eq!(
            SecretsManager3.lookups(&a_secret()),
            vec![LookupKey::new(LookupKind::SecretsManagerSecret, ARN)]
        );
        assert_eq!(
            eval(&SecretsManager3, None, &Settings::default()),
            Verdict::undetermined([format!("secretsmanager.secret:{ARN}")])
        );
        let c = json!({"Name": "no-arn"});
        let r = Resource::Secret(
            crate::resources::secretsmanager_secret::Secret::parse(
                crate::json::Obj::new(&c, "configuration").unwrap(),
            )
            .unwrap(),
        );
        assert_eq!(
            crate::rules::test_support::eval_resource(&SecretsManager3, r),
            Verdict::undetermined(["ARN"])
        );
    }
}
