//! FSBP DynamoDB.7 — DynamoDB Accelerator clusters should be encrypted in transit.
//!
//! Source: AWS Security Hub user guide, Amazon DynamoDB controls, [DynamoDB.7]
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/dynamodb-controls.html#dynamodb-7>),
//! AWS Config managed rule `dax-tls-endpoint-encryption` (periodic, no parameters;
//! <https://docs.aws.amazon.com/config/latest/developerguide/dax-tls-endpoint-encryption.html>):
//! NON_COMPLIANT unless the cluster's `ClusterEndpointEncryptionType` is `TLS` (the other value
//! is `NONE`).

use crate::resource::Resource;
use crate::rules::{dax_cluster, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};

/// DynamoDB.7.
pub struct DynamoDb7;

static META: RuleMeta = RuleMeta {
    id: "dax-cluster-tls-endpoint",
    title: "DynamoDB Accelerator clusters should be encrypted in transit",
    severity: Severity::Medium,
    resource_type: "AWS::DAX::Cluster",
    controls: &["DynamoDB.7"],
    gdpr: &["Art. 32(1)(a)"],
    cyber_essentials: None,
    passes_when: "ClusterEndpointEncryptionType is TLS",
    rationale: "Without TLS, requests and responses between applications and the DAX cluster, and so the cached items and any personal data in them, travel unencrypted inside the VPC, and clients cannot verify that they reach the real cluster.",
    remediation: "Encryption in transit cannot be turned on for an existing DAX cluster. Create a new cluster with encryption in transit (DynamoDB console > DAX > Clusters > Create cluster, and under Encryption select Turn on encryption in transit), point clients at its endpoint with a DAX client version that supports TLS, then delete the old cluster. CLI: aws dax create-cluster --cluster-name <new-name> --node-type <type> --replication-factor <n> --iam-role-arn <role-arn> --cluster-endpoint-encryption-type TLS",
    fix: Some(crate::fix::Fix {
        console: "DynamoDB console > DAX > Clusters > Create cluster (same node type and role) > Encryption: Turn on encryption in transit; move clients to it, then delete {name}",
        command: r#"aws dax describe-clusters --region {region} --cluster-names {name}
aws dax create-cluster --region {region} --cluster-name {name}-tls --node-type "$NODE_TYPE" --replication-factor 3 --iam-role-arn "$DAX_ROLE_ARN" --subnet-group-name "$SUBNET_GROUP" --sse-specification Enabled=true --cluster-endpoint-encryption-type TLS
aws dax delete-cluster --region {region} --cluster-name {name}"#,
        caution: Some("Encryption in transit cannot be turned on for an existing cluster: the new cluster has a new (daxs://) endpoint, clients need a DAX SDK version that supports TLS, the cache starts empty, and both clusters are charged until the old one is deleted."),
        inputs: &[],
    }),
    source: "FSBP DynamoDB.7 (AWS Config rule dax-tls-endpoint-encryption)",
};

impl Rule for DynamoDb7 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(c) = dax_cluster(resource) else {
            return wrong_type(&META);
        };
        match c.endpoint_encryption.get().map(String::as_str) {
            Some("TLS") => Verdict::passed("the cluster endpoint accepts TLS connections only"),
            Some(other) => Verdict::failed(
                format!(
                    "the cluster endpoint is not encrypted in transit (encryption type {other})"
                ),
                vec![Evidence::new("clusterEndpointEncryptionType", other)],
            ),
            None => Verdict::undetermined(["clusterEndpointEncryptionType"]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{dax, eval_resource, proxy};
    use serde_json::json;

    #[test]
    fn tls_passes_and_none_fails() {
        assert!(matches!(
            eval_resource(
                &DynamoDb7,
                dax(json!({"clusterName": "c", "clusterEndpointEncryptionType": "TLS"}))
            ),
            Verdict::Passed { .. }
        ));
        let v = eval_resource(
            &DynamoDb7,
            dax(json!({"cluster": {"clusterName": "c", "clusterEndpointEncryptionType": "NONE"}})),
        );
        let Verdict::Failed { evidence, .. } = v else {
            panic!("{v:?}")
        };
        assert_eq!(evidence[0].field, "clusterEndpointEncryptionType");
    }

    #[test]
    fn unknown_is_undetermined_and_other_types_are_not_applicable() {
        // The DynamoDB developer guide's 2019 CreateCluster log entry predates the field.
        assert_eq!(
            eval_resource(
                &DynamoDb7,
                dax(
                    json!({"cluster": {"clusterName": "daxcluster", "sSEDescription": {"status": "ENABLED"}}})
                )
            ),
            Verdict::undetermined(["clusterEndpointEncryptionType"])
        );
        assert!(matches!(
            eval_resource(&DynamoDb7, proxy(json!({"dBProxyName": "p"}))),
            Verdict::NotApplicable { .. }
        ));
    }
}
