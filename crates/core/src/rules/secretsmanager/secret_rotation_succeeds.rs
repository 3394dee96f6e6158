//! FSBP SecretsManager.2 — Secrets Manager secrets configured with automatic rotation should
//! rotate successfully.
//!
//! Source: AWS Security Hub user guide, Secrets Manager controls, [SecretsManager.2]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/secretsmanager-controls.html#secretsmanager-2>),
//! AWS Config rule `secretsmanager-scheduled-rotation-success-check`, no parameters: FAILED when
//! the secret has rotation enabled and `RotationOccurringAsScheduled` is false. Secrets without
//! rotation are not applicable (SecretsManager.1 reports them).

use crate::resource::Resource;
use crate::rules::{secret, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// SecretsManager.2.
pub struct SecretsManager2;

static META: RuleMeta = RuleMeta {
    id: "secretsmanager-rotation-succeeds",
    title: "Secrets Manager secrets configured with automatic rotation should rotate successfully",
    severity: Severity::Medium,
    resource_type: "AWS::SecretsManager::Secret",
    controls: &["SecretsManager.2"],
    gdpr: &["Art. 32(1)(b)", "Art. 32(1)(d)"],
    cyber_essentials: None,
    passes_when: "RotationOccurringAsScheduled is true for secrets with rotation enabled; secrets without rotation are not applicable",
    rationale: "A rotation that fails leaves the old password in place while everyone believes it is changed regularly, and a half-finished rotation can lock the application out of its own database.",
    remediation: "Open the secret in the Secrets Manager console and check the rotation function's CloudWatch logs for the error (often network access to the database or permissions), fix it, then choose Rotate secret immediately. CLI: aws secretsmanager rotate-secret --secret-id <name>",
    fix: Some(crate::fix::Fix {
        console: "Secrets Manager console > Secrets > {name} > Rotation > check the rotation function's CloudWatch logs, fix it, then Rotate secret immediately",
        command: "aws secretsmanager rotate-secret --region {region} --secret-id {arn}",
        caution: Some("Fix the rotation function first (often network access to the database or its permissions): a failing rotation can leave an AWSPENDING version behind."),
        inputs: &[],
    }),
    source: "FSBP SecretsManager.2 (AWS Config rule secretsmanager-scheduled-rotation-success-check)",
};

impl Rule for SecretsManager2 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(s) = secret(resource) else {
            return wrong_type(&META);
        };
        match s.rotation_enabled.get() {
            None => return Verdict::undetermined(["RotationEnabled"]),
            Some(false) => {
                return Verdict::not_applicable("automatic rotation is not enabled for the secret")
            }
            Some(true) => {}
        }
        match s.rotation_as_scheduled.get() {
            Some(true) => Verdict::passed("the secret rotates as scheduled"),
            Some(false) => Verdict::failed(
                "the secret's scheduled rotation is not succeeding",
                vec![Evidence::new("RotationOccurringAsScheduled", false)],
            ),
            None => Verdict::undetermined(["RotationOccurringAsScheduled"]),
        }
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
    fn failing_rotation_fails_and_scheduled_rotation_passes() {
        assert!(matches!(
            eval_resource(
                &SecretsManager2,
                secret(json!({"RotationEnabled": true, "RotationOccurringAsScheduled": false}))
            ),
            Verdict::Failed { .. }
        ));
        assert!(matches!(
            eval_resource(
                &SecretsManager2,
                secret(json!({"RotationEnabled": true, "RotationOccurringAsScheduled": true}))
            ),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn secrets_without_rotation_are_not_applicable() {
        assert!(matches!(
            eval_resource(&SecretsManager2, secret(json!({"RotationEnabled": false}))),
            Verdict::NotApplicable { .. }
        ));
    }

    #[test]
    fn unknown_is_undetermined() {
        assert_eq!(
            eval_resource(&SecretsManager2, secret(json!({"RotationEnabled": true}))),
            Verdict::undetermined(["RotationOccurringAsScheduled"])
        );
    }
}
