//! RDS lookups: DB parameter groups (`rds.db-parameter-group`) and DB cluster parameter groups
//! (`rds.db-cluster-parameter-group`).

use crate::error::{AwsError, Service};
use serde_json::{json, Value};

/// Kind `rds.db-parameter-group` (id: the group name): `DescribeDBParameters` over every page,
/// answered as `{"parameters": {"<name>": "<value>"}}` with the parameters that have a value
/// (set by the user, the engine default or the system). Parameter values are configuration,
/// not secrets. Needs `rds:DescribeDBParameters`.
pub async fn db_parameter_group(rds: &aws_sdk_rds::Client, name: &str) -> Result<Value, AwsError> {
    let mut parameters = serde_json::Map::new();
    let mut pages = rds
        .describe_db_parameters()
        .db_parameter_group_name(name)
        .into_paginator()
        .items()
        .send();
    while let Some(p) = pages
        .try_next()
        .await
        .map_err(|e| AwsError::call(Service::Rds, "DescribeDBParameters", e))?
    {
        if let (Some(n), Some(v)) = (p.parameter_name(), p.parameter_value()) {
            parameters.insert(n.to_string(), Value::String(v.to_string()));
        }
    }
    Ok(json!({ "parameters": parameters }))
}

/// Kind `rds.db-cluster-parameter-group` (id: the group name): `DescribeDBClusterParameters`
/// over every page, answered as `{"parameters": {"<name>": "<value>"}}` with the parameters
/// that have a value (a parameter set to an empty value has none and is absent). Needs
/// `rds:DescribeDBClusterParameters`.
pub async fn db_cluster_parameter_group(
    rds: &aws_sdk_rds::Client,
    name: &str,
) -> Result<Value, AwsError> {
    let mut parameters = serde_json::Map::new();
    let mut pages = rds
        .describe_db_cluster_parameters()
        .db_cluster_parameter_group_name(name)
        .into_paginator()
        .items()
        .send();
    while let Some(p) = pages
        .try_next()
        .await
        .map_err(|e| AwsError::call(Service::Rds, "DescribeDBClusterParameters", e))?
    {
        if let (Some(n), Some(v)) = (p.parameter_name(), p.parameter_value()) {
            parameters.insert(n.to_string(), Value::String(v.to_string()));
        }
    }
    Ok(json!({ "parameters": parameters }))
}
