//! Vigil's own rule (beyond FSBP): DAX clusters should have nodes in more than one
//! Availability Zone.
//!
//! Source: Prowler's `dynamodb_accelerator_cluster_multi_az` (FAIL unless the cluster's nodes
//! are in more than one zone) and the DynamoDB developer guide's DAX advice to run at least
//! three nodes in different Availability Zones for production. The zones come from
//! `DescribeClusters`' `Nodes[].AvailabilityZone`; a cluster still being created reports no
//! nodes, which leaves the rule undetermined. No FSBP control covers it.

use crate::resource::Resource;
use crate::rules::{dax_cluster, wrong_type, Context, Rule, RuleMeta, Severity};
use crate::verdict::{Evidence, Verdict};
use std::collections::BTreeSet;

/// DAX nodes in more than one zone.
pub struct DaxMultiAz;

static META: RuleMeta = RuleMeta {
    id: "dax-cluster-multi-az",
    title: "DAX clusters should have nodes in more than one Availability Zone",
    severity: Severity::Medium,
    resource_type: "AWS::DAX::Cluster",
    controls: &[],
    gdpr: &["Art. 32(1)(b)", "Art. 32(1)(c)"],
    cyber_essentials: None,
    passes_when: "the cluster's nodes are in at least two Availability Zones",
    rationale: "A DAX cluster whose nodes all sit in one Availability Zone stops serving when that zone fails, and applications that depend on the cache fail or fall back to DynamoDB at full load.",
    remediation: "Add nodes in other zones: in the DynamoDB console choose DAX > Clusters, select the cluster, choose Add nodes and pick Availability Zones the cluster does not use yet (three nodes in three zones for production). CLI: aws dax increase-replication-factor --cluster-name <name> --new-replication-factor 3 --availability-zones <az-1> <az-2> <az-3>",
    fix: Some(crate::fix::Fix {
        console: "DynamoDB console > DAX > Clusters > {name} > Add nodes > pick Availability Zones the cluster does not use yet",
        command: r#"aws dax increase-replication-factor --region {region} --cluster-name {name} --new-replication-factor 3 --availability-zones "$AZ_1" "$AZ_2" "$AZ_3""#,
        caution: Some("Each added node is charged."),
        inputs: &[],
    }),
    source: "Vigil (Prowler dynamodb_accelerator_cluster_multi_az; DAX DescribeClusters Nodes[].AvailabilityZone)",
};

impl Rule for DaxMultiAz {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, resource: &Resource, _ctx: &Context<'_>) -> Verdict {
        let Some(c) = dax_cluster(resource) else {
            return wrong_type(&META);
        };
        let Some(zones) = c.node_zones.get() else {
            return Verdict::undetermined(["nodes[].availabilityZone"]);
        };
        let distinct: BTreeSet<&str> = zones.iter().map(String::as_str).collect();
        if distinct.len() > 1 {
            Verdict::passed(format!(
                "the cluster's nodes are in {} Availability Zones",
                distinct.len()
            ))
        } else {
            let zone = distinct.into_iter().next().unwrap_or_default();
            Verdict::failed(
                format!("every node of the cluster is in one Availability Zone ({zone})"),
                vec![Evidence::new("nodes[].availabilityZone", zone)],
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{dax, eval_resource, proxy};
    use serde_json::json;

    fn with_zones(zones: &[&str]) -> Resource {
        let nodes: Vec<_> = zones
            .iter()
            .enumerate()
            .map(|(i, z)| json!({"nodeId": format!("c-{i}"), "availabilityZone": z, "nodeStatus": "available"}))
            .collect();
        dax(json!({"cluster": {"clusterName": "c", "status": "available", "nodes": nodes}}))
    }

    #[test]
    fn two_zones_pass_and_one_zone_fails() {
        assert!(matches!(
            eval_resource(
                &DaxMultiAz,
                with_zones(&["eu-west-2a", "eu-west-2b", "eu-west-2a"])
            ),
            Verdict::Passed { .. }
        ));
        for zones in [
            &["eu-west-2a"][..],
            &["eu-west-2a", "eu-west-2a", "eu-west-2a"],
        ] {
            assert!(matches!(
                eval_resource(&DaxMultiAz, with_zones(zones)),
                Verdict::Failed { .. }
            ));
        }
    }

    #[test]
    fn no_nodes_yet_is_undetermined_and_other_types_are_not_applicable() {
        assert_eq!(
            eval_resource(
                &DaxMultiAz,
                dax(json!({"cluster": {"clusterName": "c", "status": "creating"}}))
            ),
            Verdict::undetermined(["nodes[].availabilityZone"])
        );
        assert!(matches!(
            eval_resource(&DaxMultiAz, proxy(json!({"dBProxyName": "p"}))),
            Verdict::NotApplicable { .. }
        ));
    }
}
