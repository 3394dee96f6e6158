//! `AWS::DAX::Cluster`: a DynamoDB Accelerator cluster, from the shape CloudTrail's
//! `responseElements` use for the DAX API's `Cluster` data type (the API member names with the
//! first letter lower-cased: `clusterName`, `clusterArn`, `sSEDescription.status`,
//! `clusterEndpointEncryptionType`), as in the `CreateCluster` log entry of the Amazon DynamoDB
//! developer guide ("Understanding DynamoDB log file entries"). The describe adapter
//! (`DescribeClusters`) writes the same shape.
//!
//! AWS Config does not record DAX clusters (the type is absent from Config's `ResourceType`
//! list and from the AWS Config resource schema; the managed rules `dax-encryption-enabled` and
//! `dax-tls-endpoint-encryption` are periodic), so clusters reach Vigil only through CloudTrail
//! calls and the describe call. See [`crate::resources::CLOUDTRAIL_ONLY`].
//!
//! The DAX calls' results wrap the cluster in `cluster`; the parser reads either the wrapper or
//! the cluster itself.

use crate::error::InputError;
use crate::fact::Fact;
use crate::json::Obj;
use crate::resource::Tags;

/// A DAX cluster. Every field is a [`Fact`]: unknown when the source did not carry it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DaxCluster {
    /// `clusterName`.
    pub name: Fact<String>,
    /// `clusterArn`.
    pub arn: Fact<String>,
    /// `status`, e.g. `creating`, `available`, `deleting`.
    pub status: Fact<String>,
    /// `nodeType`, e.g. `dax.r5.large`.
    pub node_type: Fact<String>,
    /// `totalNodes`.
    pub total_nodes: Fact<i64>,
    /// `sSEDescription.status`: `ENABLING`, `ENABLED`, `DISABLING` or `DISABLED`.
    pub sse_status: Fact<String>,
    /// `clusterEndpointEncryptionType`: `NONE` or `TLS`.
    pub endpoint_encryption: Fact<String>,
    /// `nodes[].availabilityZone`: the zone of each node. Unknown when `nodes` is absent or
    /// empty (a cluster being created reports no nodes yet) or a node has no zone.
    pub node_zones: Fact<Vec<String>>,
    /// Tags. Neither `DescribeClusters` nor the call's response carries them, so they are unknown
    /// unless a source adds them.
    pub tags: Fact<Tags>,
}

impl DaxCluster {
    /// Reads the cluster from its description (or a `{"cluster": {...}}` wrapper).
    pub fn parse(c: Obj<'_>) -> Result<Self, InputError> {
        let path = crate::json::join(c.path(), "cluster");
        let c = match c.opt_root("cluster", &path)? {
            Some(inner) => inner,
            None => c,
        };
        let sse_status = crate::resources::rds_instance::nested_str(c, "sSEDescription", "status")?;
        Ok(DaxCluster {
            name: c.str_fact("clusterName")?,
            arn: c.str_fact("clusterArn")?,
            status: c.str_fact("status")?,
            node_type: c.str_fact("nodeType")?,
            total_nodes: c.i64_fact("totalNodes")?,
            sse_status,
            endpoint_encryption: c.str_fact("clusterEndpointEncryptionType")?,
            node_zones: node_zones(c)?,
            tags: Fact::Unknown,
        })
    }
}

/// `nodes[].availabilityZone`; see [`DaxCluster::node_zones`].
fn node_zones(c: Obj<'_>) -> Result<Fact<Vec<String>>, InputError> {
    c.tolerate(read_node_zones(c))
}

fn read_node_zones(c: Obj<'_>) -> Result<Fact<Vec<String>>, InputError> {
    let key = "nodes";
    let Some((items, path)) = c.opt_array(key, "a list of nodes")? else {
        return Ok(Fact::Unknown);
    };
    let mut zones = Vec::new();
    for item in items {
        match Obj::new(item, &path)?.opt_str("availabilityZone")? {
            Some(zone) => zones.push(zone.to_string()),
            None => return Ok(Fact::Unknown),
        }
    }
    Ok(if zones.is_empty() {
        Fact::Unknown
    } else {
        Fact::Known(zones)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// `responseElements` of the `CreateCluster` log entry in the DynamoDB developer guide (with
    /// `clusterEndpointEncryptionType`, which DAX has returned since 2021).
    fn created() -> serde_json::Value {
        json!({"cluster": {
            "securityGroups": [{"securityGroupIdentifier": "sg-1af6e36e", "status": "active"}],
            "parameterGroup": {"nodeIdsToReboot": [], "parameterGroupName": "default.dax1.0", "parameterApplyStatus": "in-sync"},
            "clusterDiscoveryEndpoint": {"port": 8111},
            "clusterArn": "arn:aws:dax:us-west-2:111122223333:cache/daxcluster",
            "status": "creating",
            "subnetGroup": "default",
            "sSEDescription": {"status": "ENABLED", "kMSMasterKeyArn": "arn:aws:kms:us-west-2:111122223333:key/764898e4-adb1-46d6-a762-e2f4225b4fc4"},
            "iamRoleArn": "arn:aws:iam::111122223333:role/DAXServiceRoleForDynamoDBAccess",
            "clusterName": "daxcluster",
            "activeNodes": 0,
            "totalNodes": 3,
            "preferredMaintenanceWindow": "thu:13:00-thu:14:00",
            "nodeType": "dax.r4.large",
            "clusterEndpointEncryptionType": "TLS"
        }})
    }

    #[test]
    fn the_documented_create_response_is_read() {
        let v = created();
        let c = DaxCluster::parse(Obj::new(&v, "responseElements").unwrap()).unwrap();
        assert_eq!(c.name, Fact::Known("daxcluster".into()));
        assert_eq!(
            c.arn,
            Fact::Known("arn:aws:dax:us-west-2:111122223333:cache/daxcluster".into())
        );
        assert_eq!(c.sse_status, Fact::Known("ENABLED".into()));
        assert_eq!(c.endpoint_encryption, Fact::Known("TLS".into()));
        assert_eq!(c.total_nodes, Fact::Known(3));
        let flat = created()["cluster"].clone();
        assert_eq!(
            DaxCluster::parse(Obj::new(&flat, "configuration").unwrap()).unwrap(),
            c
        );
    }

    #[test]
    fn missing_fields_are_unknown_and_wrong_types_are_errors() {
        let v = json!({"cluster": {"clusterName": "daxcluster"}});
        let c = DaxCluster::parse(Obj::new(&v, "responseElements").unwrap()).unwrap();
        assert_eq!(c.sse_status, Fact::Unknown);
        assert_eq!(c.endpoint_encryption, Fact::Unknown);

        assert_eq!(c.node_zones, Fact::Unknown);
        let none_yet = json!({"cluster": {"nodes": []}});
        let c = DaxCluster::parse(Obj::new(&none_yet, "responseElements").unwrap()).unwrap();
        assert_eq!(c.node_zones, Fact::Unknown);

        let bad = json!({"cluster": {"sSEDescription": "ENABLED"}});
        let err = DaxCluster::parse(Obj::new(&bad, "responseElements").unwrap()).unwrap_err();
        assert!(err.to_string().contains("sSEDescription"), "{err}");
    }
}
