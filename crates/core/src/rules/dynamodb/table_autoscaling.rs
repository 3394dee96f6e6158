//! FSBP DynamoDB.1 — DynamoDB tables should automatically scale capacity with demand.
//!
//! Source: AWS Security Hub user guide, Amazon DynamoDB controls, [DynamoDB.1]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/dynamodb-controls.html#dynamodb-1>),
//! AWS Config rule `dynamodb-autoscaling-enabled` (its capacity and utilisation parameters have no
//! FSBP defaults): COMPLIANT when the table is in on-demand mode (`PAY_PER_REQUEST`) or has
//! auto scaling configured for reads and writes. Auto scaling lives in Application Auto Scaling,
//! not in the table's configuration item: Vigil passes on-demand tables and reports provisioned
//! tables as undetermined (the scaling policies are not looked up yet), never as a guess.

use crate::resource::Resource;
use crate::rules::{dynamodb_table, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::Verdict;

/// DynamoDB.1.
pub struct DynamoDb1;

static META: RuleMeta = RuleMeta {
    id: "dynamodb-table-autoscaling",
    title: "DynamoDB tables should automatically scale capacity with demand",
    severity: Severity::Medium,
    resource_type: "AWS::DynamoDB::Table",
    controls: &["DynamoDB.1"],
    gdpr: &["Art. 32(1)(b)"],
    passes_when: "the table uses on-demand capacity (PAY_PER_REQUEST); provisioned tables are undetermined until their auto scaling can be looked up",
    rationale: "A table with fixed provisioned capacity throttles requests once traffic grows past it, so the application starts failing at its busiest moment. On-demand mode, or auto scaling on provisioned capacity, keeps it available.",
    remediation: "In the DynamoDB console choose Tables, select the table, open Additional settings, choose Edit under Read/write capacity and pick On-demand (or turn on auto scaling for reads and writes). CLI: aws dynamodb update-table --table-name <name> --billing-mode PAY_PER_REQUEST",
    source: "FSBP DynamoDB.1 (AWS Config rule dynamodb-autoscaling-enabled); provisioned tables need Application Auto Scaling data Vigil does not fetch yet",
};

impl Rule for DynamoDb1 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(t) = dynamodb_table(resource) else {
            return wrong_type(&META);
        };
        match t.billing_mode.get().map(String::as_str) {
            Some("PAY_PER_REQUEST") => {
                Verdict::passed("the table uses on-demand capacity, which scales with demand")
            }
            Some(_) => Verdict::undetermined(["Application Auto Scaling policies of the table"]),
            None => Verdict::undetermined(["billingModeSummary.billingMode"]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::eval_table;
    use serde_json::json;

    #[test]
    fn on_demand_passes() {
        assert!(matches!(
            eval_table(
                &DynamoDb1,
                json!({"billingModeSummary": {"billingMode": "PAY_PER_REQUEST"}}),
                None
            ),
            Verdict::Passed { .. }
        ));
    }

    #[test]
    fn provisioned_is_undetermined_not_guessed() {
        assert!(matches!(
            eval_table(
                &DynamoDb1,
                json!({"billingModeSummary": {"billingMode": "PROVISIONED"}}),
                None
            ),
            Verdict::Undetermined { .. }
        ));
        assert_eq!(
            eval_table(&DynamoDb1, json!({"tableName": "t"}), None),
            Verdict::undetermined(["billingModeSummary.billingMode"])
        );
    }
}
