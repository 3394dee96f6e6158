//! FSBP SecretsManager.1 — Secrets Manager secrets should have automatic rotation enabled.
//!
//! Source: AWS Security Hub user guide, Secrets Manager controls, [SecretsManager.1]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/secretsmanager-controls.html#secretsmanager-1>),
//! AWS Config rule `secretsmanager-rotation-enabled-check`: FAILED when `RotationEnabled` is false.
//! Its optional `maximumAllowedRotationFrequency` has no FSBP default, so any schedule passes.

use crate::resource::Resource;
use crate::rules::rds::setting_on;
use crate::rules::{secret, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::Verdict;

/// SecretsManager.1.
pub struct SecretsManager1;

static META: RuleMeta = RuleMeta {
    id: "secretsmanager-rotation-enabled",
    title: "Secrets Manager secrets should have automatic rotation enabled",
    severity: Severity::Medium,
    resource_type: "AWS::SecretsManager::Secret",
    controls: &["SecretsManager.1"],
    gdpr: &["Art. 32(1)(b)"],
    cyber_essentials: None,
    passes_when: "RotationEnabled is true",
    rationale: "A database password that never changes stays valid for anyone who ever copied it: a former employee, a leaked log, an old laptop. Automatic rotation replaces it on a schedule without anyone having to remember.",
    remediation: "In the Secrets Manager console select the secret, open Rotation configuration, choose Edit rotation, turn on automatic rotation and pick a schedule and rotation function. CLI: aws secretsmanager rotate-secret --secret-id <name> --rotation-lambda-arn <function arn> --rotation-rules AutomaticallyAfterDays=30",
    fix: Some(crate::fix::Fix {
        console: "Secrets Manager console > Secrets > {name} > Rotation > Edit rotation > Automatic rotation: on, schedule and rotation function > Save",
        command: r#"aws secretsmanager rotate-secret --region {region} --secret-id {arn} --rotation-lambda-arn "$ROTATION_LAMBDA_ARN" --rotation-rules AutomaticallyAfterDays=30"#,
        caution: Some("The secret is rotated at once: applications must read it from Secrets Manager (not a copied value), or they lose access. A secret managed by another service (RDS) is rotated through that service instead."),
        inputs: &[],
    }),
    source: "FSBP SecretsManager.1 (AWS Config rule secretsmanager-rotation-enabled-check)",
};

impl Rule for SecretsManager1 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(s) = secret(resource) else {
            return wrong_type(&META);
        };
        setting_on(
            &s.rotation_enabled,
            "RotationEnabled",
            "automatic rotation is enabled",
            "automatic rotation is not enabled",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Obj;
    use crate::resources::secretsmanager_secret::Secret;
    use crate::rules::test_support::eval_resource;
    use serde_json::json;

    fn secret(c: serde_json::Value) -> Resource {
        Resource::Secret(Secret::parse(Obj::new(&c, "configuration").unwrap()).unwrap())
    }

    #[test]
    fn off_fails_and_on_passes() {
        assert!(matches!(
            eval_resource(&SecretsManager1, secret(json!({"RotationEnabled": false}))),
            Verdict::Failed { .. }
        ));
        assert!(matches!(
            eval_resource(&SecretsManager1, secret(json!({"RotationEnabled": true}))),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn unknown_is_undetermined() {
        assert_eq!(
            eval_resource(&SecretsManager1, secret(json!({"Name": "s"}))),
            Verdict::undetermined(["RotationEnabled"])
        );
    }
}
