//! FSBP SecretsManager.4 — Secrets Manager secrets should be rotated within a specified number of
//! days.
//!
//! Source: AWS Security Hub user guide, Secrets Manager controls, [SecretsManager.4]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/secretsmanager-controls.html#secretsmanager-4>),
//! AWS Config rule `secretsmanager-secret-periodic-rotation`
//! (<https://docs.aws.amazon.com/config/latest/developerguide/secretsmanager-secret-periodic-rotation.html>):
//! NON_COMPLIANT when a secret has not been rotated for more than `maxDaysSinceRotation` days
//! ("maximum number of days that a secret can remain unchanged"; FSBP default 90, allowed 1 to
//! 180: [`Settings::secret_max_days_since_rotation`](crate::settings::Settings)). Neither page says
//! how a secret that was never rotated counts; Vigil reads "remain unchanged" literally and
//! measures such a secret from its creation date, so a new secret passes and one left unrotated
//! since it was created more than 90 days ago fails.
//!
//! The Config item has no rotation dates: the rule uses the `secretsmanager.secret` lookup
//! (`DescribeSecret`; see [`super`]) and measures against its `checkedAt`.

use super::{age_lookups, age_verdict, Age};
use crate::lookups::LookupKey;
use crate::resource::Resource;
use crate::rules::{Context, Rule, RuleMeta, Severity};
use crate::verdict::Verdict;

/// SecretsManager.4.
pub struct SecretsManager4;

const AGE: Age = Age {
    field: |s| s.last_rotated_date,
    evidence: "LastRotatedDate",
    verb: "rotated",
};

static META: RuleMeta = RuleMeta {
    id: "secretsmanager-secret-periodic-rotation",
    title: "Secrets Manager secrets should be rotated within a specified number of days",
    severity: Severity::Medium,
    resource_type: "AWS::SecretsManager::Secret",
    controls: &["SecretsManager.4"],
    gdpr: &["Art. 32(1)(b)"],
    cyber_essentials: None,
    passes_when: "the secret was last rotated (or, if never rotated, created) no more than secret_max_days_since_rotation days (default 90) before the check",
    rationale: "The longer a password or API key stays the same, the more places it has been copied to: logs, laptops, former colleagues' notes, a debugging session that was never cleaned up. Rotating it regularly makes every one of those old copies useless.",
    remediation: "In the Secrets Manager console select the secret, open the Rotation tab, choose Edit rotation, turn on automatic rotation with a schedule of 90 days or less and a rotation function, then choose Rotate secret immediately. CLI: aws secretsmanager rotate-secret --secret-id <name> --rotation-lambda-arn <function arn> --rotation-rules AutomaticallyAfterDays=30",
    fix: Some(crate::fix::Fix {
        console: "Secrets Manager console > Secrets > {name} > Rotation > Edit rotation > schedule of 90 days or less > Save; then Rotate secret immediately",
        command: r#"aws secretsmanager rotate-secret --region {region} --secret-id {arn} --rotation-lambda-arn "$ROTATION_LAMBDA_ARN" --rotation-rules AutomaticallyAfterDays=30"#,
        caution: Some("The secret is rotated at once: applications must read it from Secrets Manager, or they lose access."),
        inputs: &[],
    }),
    source: "FSBP SecretsManager.4 (AWS Config rule secretsmanager-secret-periodic-rotation, maxDaysSinceRotation 90); dates from DescribeSecret",
};

impl Rule for SecretsManager4 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn lookups(&self, resource: &Resource) -> Vec<LookupKey> {
        age_lookups(resource)
    }

    fn evaluate(&self, resource: &Resource, ctx: &Context<'_>) -> Verdict {
        age_verdict(
            resource,
            ctx,
            &META,
            &AGE,
            ctx.settings.secret_max_days_since_rotation,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lookups::LookupKind;
    use crate::rules::secretsmanager::test_support::{eval, secret as a_secret, ARN};
    use crate::settings::Settings;
    use serde_json::json;

    fn answer(created: &str, rotated: Option<&str>) -> serde_json::Value {
        json!({"name": "prod/orders-db", "createdDate": created, "lastRotatedDate": rotated,
               "lastAccessedDate": "2026-11-22T00:00:00Z", "rotationEnabled": true,
               "checkedAt": "2026-11-23T09:00:00Z"})
    }

    #[test]
    fn a_secret_rotated_long_ago_fails() {
        let v = eval(
            &SecretsManager4,
            Some(answer("2024-01-01T00:00:00Z", Some("2026-06-01T00:00:00Z"))),
            &Settings::default(),
        );
        assert!(
            matches!(&v, Verdict::Failed { reason, evidence } if reason.contains("175 days") && evidence[0].observed == "2026-06-01"),
            "{v:?}"
        );
    }

    #[test]
    fn recent_rotation_passes_and_the_limit_is_a_setting() {
        let a = answer("2024-01-01T00:00:00Z", Some("2026-10-01T00:00:00Z"));
        assert!(matches!(
            eval(&SecretsManager4, Some(a.clone()), &Settings::default()),
            Verdict::Passed { .. }
        ));
        let strict = Settings {
            secret_max_days_since_rotation: 30,
            ..Settings::default()
        };
        assert!(matches!(
            eval(&SecretsManager4, Some(a), &strict),
            Verdict::Failed { .. }
        ));
    }

    #[test]
    fn a_never_rotated_secret_counts_from_its_creation() {
        let old = eval(
            &SecretsManager4,
            Some(answer("2025-01-01T00:00:00Z", None)),
            &Settings::default(),
        );
        assert!(
            matches!(&old, Verdict::Failed { reason, .. } if reason.contains("never been rotated")),
            "{old:?}"
        );
        assert!(matches!(
            eval(
                &SecretsManager4,
                Some(answer("2026-11-01T00:00:00Z", None)),
                &Settings::default()
            ),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn without_the_lookup_or_its_dates_it_is_undetermined() {
        assert_eq!(
            SecretsManager4.lookups(&a_secret()),
            vec![LookupKey::new(LookupKind::SecretsManagerSecret, ARN)]
        );
        assert_eq!(
            eval(&SecretsManager4, None, &Settings::default()),
            Verdict::undetermined([format!("secretsmanager.secret:{ARN}")])
        );
        assert!(matches!(
            eval(
                &SecretsManager4,
                Some(json!({"createdDate": "2025-01-01T00:00:00Z"})),
                &Settings::default()
            ),
            Verdict::Undetermined { .. }
        ));
        assert_eq!(
            eval(
                &SecretsManager4,
                Some(json!({"checkedAt": "2026-11-23T09:00:00Z", "lastRotatedDate": [17]})),
                &Settings::default()
            ),
            Verdict::undetermined([format!("secretsmanager.secret:{ARN}")]),
            "a malformed answer is no answer"
        );
    }
}
