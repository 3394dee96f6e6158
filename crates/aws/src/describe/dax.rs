//! DAX describe adapter: clusters (`DescribeClusters`; AWS Config does not record DAX), with
//! its SDK-to-event-JSON shaper.

use super::Described;
use crate::error::{unless_missing, AwsError, Service};
use serde_json::{json, Value};
use vigil_core::resource::ResourceRef;

/// Describes a DAX cluster by name (`DescribeClusters`), shaped by [`dax_cluster_json`]. Not
/// found: deleted.
pub async fn cluster(
    dax: &aws_sdk_dax::Client,
    resource: &ResourceRef,
) -> Result<Option<Described>, AwsError> {
    let result = dax
        .describe_clusters()
        .cluster_names(resource.display_name())
        .send()
        .await;
    let Some(out) = unless_missing(
        result,
        |se| se.is_cluster_not_found_fault(),
        Service::Dax,
        "DescribeClusters",
    )?
    else {
        return Ok(None);
    };
    let cluster = out.clusters().first().ok_or_else(|| AwsError::Fetch {
        arn: resource.arn.clone(),
        message: "DescribeClusters returned no cluster".into(),
    })?;
    Ok(Some(Described {
        arn: cluster.cluster_arn().map(str::to_string),
        ..Described::new(dax_cluster_json(cluster), "DescribeClusters")
    }))
}

/// An SDK DAX cluster in the shape of CloudTrail's `responseElements` for the DAX cluster calls,
/// which the core's parser reads: `{"cluster": {"clusterName", "clusterArn", "status",
/// "nodeType", "totalNodes", "activeNodes", "subnetGroup", "iamRoleArn", "sSEDescription":
/// {"status"}, "clusterEndpointEncryptionType", "nodes": [{"nodeId", "availabilityZone",
/// "nodeStatus"}]}}`.
pub fn dax_cluster_json(c: &aws_sdk_dax::types::Cluster) -> Value {
    json!({"cluster": {
        "clusterName": c.cluster_name(),
        "clusterArn": c.cluster_arn(),
        "status": c.status(),
        "nodeType": c.node_type(),
        "totalNodes": c.total_nodes(),
        "activeNodes": c.active_nodes(),
        "subnetGroup": c.subnet_group(),
        "iamRoleArn": c.iam_role_arn(),
        "sSEDescription": c.sse_description().map(|d| json!({
            "status": d.status().map(|s| s.as_str()),
        })),
        "clusterEndpointEncryptionType": c.cluster_endpoint_encryption_type().map(|t| t.as_str()),
        "nodes": c.nodes().iter().map(|n| json!({
            "nodeId": n.node_id(),
            "availabilityZone": n.availability_zone(),
            "nodeStatus": n.node_status(),
        })).collect::<Vec<_>>(),
    }})
}
