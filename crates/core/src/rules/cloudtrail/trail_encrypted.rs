//! FSBP CloudTrail.2 — CloudTrail should have encryption at-rest enabled.
//!
//! Source: AWS Security Hub user guide, CloudTrail controls, [CloudTrail.2]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-2>):
//! "This control checks whether CloudTrail is configured to use the server-side encryption
//! (SSE) AWS KMS key encryption. The check passes if the `KmsKeyId` is defined." AWS Config
//! managed rule `cloud-trail-encryption-enabled` (periodic, no parameters).

use super::trail;
use crate::resource::Resource;
use crate::rules::{wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// CloudTrail.2.
pub struct CloudTrail2;

static META: RuleMeta = RuleMeta {
    id: "cloudtrail-trail-kms-encryption",
    title: "CloudTrail should have encryption at-rest enabled",
    severity: Severity::Medium,
    resource_type: "AWS::CloudTrail::Trail",
    controls: &["CloudTrail.2"],
    gdpr: &["Art. 32(1)(a)", "Art. 5(1)(f)"],
    cyber_essentials: None,
    passes_when: "the trail has a KmsKeyId (SSE-KMS)",
    rationale: "A trail's log files record who did what to which resource, including the databases holding personal data. With SSE-KMS, reading them needs the key's permission as well as the bucket's, and every decryption is itself logged.",
    remediation: "Create or choose a KMS key whose policy lets CloudTrail use it, then set it on the trail (CloudTrail console > Trails > the trail > General details > Edit > Log file SSE-KMS encryption). CLI: aws cloudtrail update-trail --name <trail> --kms-key-id <key-arn-or-alias>",
    fix: Some(crate::fix::Fix {
        console: "CloudTrail console > Trails > {name} > General details > Edit > Log file SSE-KMS encryption: Enabled, with a KMS key CloudTrail may use > Save changes",
        command: r#"aws cloudtrail update-trail --region {region} --name {name} --kms-key-id "$KMS_KEY_ARN""#,
        caution: Some("The key's policy must let CloudTrail encrypt and the log readers decrypt, or delivery stops; KMS requests are charged."),
        inputs: &[],
    }),
    source: "FSBP CloudTrail.2 (AWS Config rule cloud-trail-encryption-enabled)",
};

impl Rule for CloudTrail2 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(t) = trail(resource) else {
            return wrong_type(&META);
        };
        match t.kms_key_id.get() {
            Some(Some(_)) => Verdict::passed("the trail's log files are encrypted with a KMS key"),
            Some(None) => Verdict::failed(
                "the trail has no KMS key: its log files are encrypted only with S3-managed keys",
                vec![Evidence::new("kmsKeyId", "none")],
            ),
            None => Verdict::undetermined(["kmsKeyId"]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::cloudtrail::test_support::eval;
    use crate::rules::test_support::eval as eval_db;
    use serde_json::json;

    #[test]
    fn a_kms_key_passes_and_none_fails() {
        assert!(matches!(
            eval(
                &CloudTrail2,
                json!({"name": "t", "kmsKeyId": "arn:aws:kms:eu-west-2:123456789012:key/k"})
            ),
            Verdict::Passed { .. }
        ));
        let v = eval(&CloudTrail2, json!({"name": "t", "kmsKeyId": null}));
        let Verdict::Failed { evidence, .. } = v else {
            panic!("{v:?}")
        };
        assert_eq!(evidence[0].field, "kmsKeyId");
    }

    #[test]
    fn unknown_is_undetermined_and_other_types_are_not_applicable() {
        assert_eq!(
            eval(&CloudTrail2, json!({"name": "t"})),
            Verdict::undetermined(["kmsKeyId"])
        );
        assert!(matches!(
            eval_db(&CloudTrail2, json!({"dBInstanceIdentifier": "db"})),
            Verdict::NotApplicable { .. }
        ));
    }
}
