//! FSBP DynamoDB.3 — DynamoDB Accelerator (DAX) clusters should be encrypted at rest.
//!
//! Source: AWS Security Hub user guide, Amazon DynamoDB controls, [DynamoDB.3]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/dynamodb-controls.html#dynamodb-3>),
//! AWS Config managed rule `dax-encryption-enabled` (periodic, no parameters;
//! <https://docs.aws.amazon.com/config/latest/developerguide/dax-encryption-enabled.html>):
//! NON_COMPLIANT when a DAX cluster is not encrypted. The DAX API reports it as the `Cluster`
//! data type's `SSEDescription.Status`; only `ENABLED` is encrypted (`ENABLING`, `DISABLING`
//! and `DISABLED` are not, and encryption cannot be changed after creation).

use crate::resource::Resource;
use crate::rules::{dax_cluster, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// DynamoDB.3.
pub struct DynamoDb3;

static META: RuleMeta = RuleMeta {
    id: "dax-cluster-encrypted-at-rest",
    title: "DynamoDB Accelerator (DAX) clusters should be encrypted at rest",
    severity: Severity::Medium,
    resource_type: "AWS::DAX::Cluster",
    controls: &["DynamoDB.3"],
    gdpr: &["Art. 32(1)(a)"],
    cyber_essentials: None,
    passes_when: "SSEDescription.Status is ENABLED",
    rationale: "A DAX cluster caches items read from DynamoDB tables, and with them whatever personal data they hold. Without encryption at rest the cached data, including node disks and backups of the cache, is stored in plaintext.",
    remediation: "Encryption at rest cannot be turned on for an existing DAX cluster. Create a new cluster with encryption enabled (DynamoDB console > DAX > Clusters > Create cluster, and under Encryption select Turn on encryption at rest), move clients to its endpoint, then delete the old cluster. CLI: aws dax create-cluster --cluster-name <new-name> --node-type <type> --replication-factor <n> --iam-role-arn <role-arn> --sse-specification Enabled=true",
    fix: Some(crate::fix::Fix {
        console: "DynamoDB console > DAX > Clusters > Create cluster (same node type and role) > Encryption: Turn on encryption at rest; move clients to it, then delete {name}",
        command: r#"aws dax describe-clusters --region {region} --cluster-names {name}
aws dax create-cluster --region {region} --cluster-name {name}-enc --node-type "$NODE_TYPE" --replication-factor 3 --iam-role-arn "$DAX_ROLE_ARN" --subnet-group-name "$SUBNET_GROUP" --sse-specification Enabled=true
aws dax delete-cluster --region {region} --cluster-name {name}"#,
        caution: Some("Encryption at rest cannot be turned on for an existing cluster: the new cluster has a new endpoint and starts with an empty cache, and both clusters are charged until the old one is deleted (delete it only after clients have moved)."),
        inputs: &[],
    }),
    source: "FSBP DynamoDB.3 (AWS Config rule dax-encryption-enabled)",
};

impl Rule for DynamoDb3 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(c) = dax_cluster(resource) else {
            return wrong_type(&META);
        };
        match c.sse_status.get().map(String::as_str) {
            Some("ENABLED") => Verdict::passed("the cluster is encrypted at rest"),
            Some(other) => Verdict::failed(
                format!("the cluster is not encrypted at rest (server-side encryption is {other})"),
                vec![Evidence::new("sSEDescription.status", other)],
            ),
            None => Verdict::undetermined(["sSEDescription.status"]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{dax, eval_resource, proxy};
    use serde_json::json;

    fn cluster(status: &str) -> Resource {
        dax(json!({"cluster": {"clusterName": "c", "sSEDescription": {"status": status}}}))
    }

    #[test]
    fn enabled_passes_and_anything_else_fails() {
        assert!(matches!(
            eval_resource(&DynamoDb3, cluster("ENABLED")),
            Verdict::Passed { .. }
        ));
        for status in ["DISABLED", "ENABLING", "DISABLING"] {
            let v = eval_resource(&DynamoDb3, cluster(status));
            let Verdict::Failed { evidence, .. } = v else {
                panic!("{status}: {v:?}")
            };
            assert_eq!(evidence[0].field, "sSEDescription.status");
        }
    }

    #[test]
    fn unknown_is_undetermined_and_other_types_are_not_applicable() {
        assert_eq!(
            eval_resource(&DynamoDb3, dax(json!({"clusterName": "c"}))),
            Verdict::undetermined(["sSEDescription.status"])
        );
        assert!(matches!(
            eval_resource(&DynamoDb3, proxy(json!({"dBProxyName": "p"}))),
            Verdict::NotApplicable { .. }
        ));
    }
}
