//! FSBP DynamoDB.6 — DynamoDB tables should have deletion protection enabled.
//!
//! Source: AWS Security Hub user guide, Amazon DynamoDB controls, [DynamoDB.6]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/dynamodb-controls.html#dynamodb-6>),
//! AWS Config rule `dynamodb-table-deletion-protection-enabled`, no parameters: FAILED when
//! `deletionProtectionEnabled` is false.

use crate::resource::Resource;
use crate::rules::rds::setting_on;
use crate::rules::{dynamodb_table, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::Verdict;

/// DynamoDB.6.
pub struct DynamoDb6;

static META: RuleMeta = RuleMeta {
    id: "dynamodb-table-deletion-protection",
    title: "DynamoDB tables should have deletion protection enabled",
    severity: Severity::Medium,
    resource_type: "AWS::DynamoDB::Table",
    controls: &["DynamoDB.6"],
    gdpr: &["Art. 32(1)(b)", "Art. 32(1)(c)"],
    cyber_essentials: None,
    passes_when: "DeletionProtectionEnabled is true",
    rationale: "Deleting a DynamoDB table takes one call and cannot be undone except from backups. Deletion protection makes that call fail until someone deliberately switches the protection off.",
    remediation: "In the DynamoDB console choose Tables, select the table, open Additional settings, and under Deletion protection choose Turn on. CLI: aws dynamodb update-table --table-name <name> --deletion-protection-enabled",
    fix: Some(crate::fix::Fix {
        console: "DynamoDB console > Tables > {name} > Additional settings > Deletion protection > Turn on",
        command: "aws dynamodb update-table --region {region} --table-name {name} --deletion-protection-enabled",
        caution: None,
        inputs: &[],
    }),
    source: "FSBP DynamoDB.6 (AWS Config rule dynamodb-table-deletion-protection-enabled)",
};

impl Rule for DynamoDb6 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(t) = dynamodb_table(resource) else {
            return wrong_type(&META);
        };
        setting_on(
            &t.deletion_protection,
            "deletionProtectionEnabled",
            "deletion protection is enabled",
            "deletion protection is disabled: the table can be deleted in one call",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::eval_table;
    use serde_json::json;

    #[test]
    fn off_fails_and_on_passes() {
        assert!(matches!(
            eval_table(
                &DynamoDb6,
                json!({"deletionProtectionEnabled": false}),
                None
            ),
            Verdict::Failed { .. }
        ));
        assert!(matches!(
            eval_table(&DynamoDb6, json!({"deletionProtectionEnabled": true}), None),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn unknown_is_undetermined() {
        assert_eq!(
            eval_table(&DynamoDb6, json!({"tableName": "orders"}), None),
            Verdict::undetermined(["deletionProtectionEnabled"])
        );
    }
}
