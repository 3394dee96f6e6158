//! FSBP DynamoDB.2 — DynamoDB tables should have point-in-time recovery enabled.
//!
//! Source: AWS Security Hub user guide, Amazon DynamoDB controls, [DynamoDB.2]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/dynamodb-controls.html#dynamodb-2>),
//! AWS Config rule `dynamodb-pitr-enabled` (its optional recovery-period parameter has no FSBP
//! default): FAILED when point-in-time recovery is not enabled. In a configuration item the
//! status is in `supplementaryConfiguration.ContinuousBackupsDescription
//! .pointInTimeRecoveryDescription.pointInTimeRecoveryStatus`.

use crate::resource::Resource;
use crate::rules::{dynamodb_table, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// DynamoDB.2.
pub struct DynamoDb2;

static META: RuleMeta = RuleMeta {
    id: "dynamodb-table-pitr",
    title: "DynamoDB tables should have point-in-time recovery enabled",
    severity: Severity::Medium,
    resource_type: "AWS::DynamoDB::Table",
    controls: &["DynamoDB.2"],
    gdpr: &["Art. 32(1)(c)"],
    cyber_essentials: None,
    passes_when: "PointInTimeRecoveryStatus is ENABLED",
    rationale: "Point-in-time recovery lets you restore the table to any second of the last 35 days. Without it, an accidental overwrite, a buggy release or a malicious delete can only be undone from whatever on-demand backup you happen to have. UK GDPR requires the ability to restore personal data in a timely manner.",
    remediation: "In the DynamoDB console choose Tables, select the table, open Backups, and under Point-in-time recovery choose Edit and turn it on. CLI: aws dynamodb update-continuous-backups --table-name <name> --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true",
    fix: Some(crate::fix::Fix {
        console: "DynamoDB console > Tables > {name} > Backups > Point-in-time recovery > Edit > Turn on",
        command: "aws dynamodb update-continuous-backups --region {region} --table-name {name} --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true",
        caution: Some("Continuous backups are charged by the table's size."),
        inputs: &[],
    }),
    source: "FSBP DynamoDB.2 (AWS Config rule dynamodb-pitr-enabled)",
};

impl Rule for DynamoDb2 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(t) = dynamodb_table(resource) else {
            return wrong_type(&META);
        };
        match t.point_in_time_recovery.get().map(String::as_str) {
            Some("ENABLED") => Verdict::passed("point-in-time recovery is enabled"),
            Some(other) => Verdict::failed(
                "point-in-time recovery is not enabled",
                vec![Evidence::new(
                    "ContinuousBackupsDescription.pointInTimeRecoveryDescription.pointInTimeRecoveryStatus",
                    other,
                )],
            ),
            None => Verdict::undetermined([
                "supplementaryConfiguration.ContinuousBackupsDescription",
            ]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::eval_table;
    use serde_json::json;

    fn pitr(status: &str) -> Option<serde_json::Value> {
        Some(
            json!({"ContinuousBackupsDescription": {"continuousBackupsStatus": "ENABLED",
            "pointInTimeRecoveryDescription": {"pointInTimeRecoveryStatus": status}}}),
        )
    }

    #[test]
    fn disabled_fails_and_enabled_passes() {
        let c = json!({"tableName": "orders"});
        assert!(matches!(
            eval_table(&DynamoDb2, c.clone(), pitr("DISABLED")),
            Verdict::Failed { .. }
        ));
        assert!(matches!(
            eval_table(&DynamoDb2, c, pitr("ENABLED")),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn no_supplementary_configuration_is_undetermined() {
        assert!(matches!(
            eval_table(&DynamoDb2, json!({"tableName": "orders"}), None),
            Verdict::Undetermined { .. }
        ));
        assert!(matches!(
            eval_table(&DynamoDb2, json!({"tableName": "orders"}), Some(json!({}))),
            Verdict::Undetermined { .. }
        ));
    }
}
