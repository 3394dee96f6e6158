//! RDS describe adapters: DB instances (`DescribeDBInstances`) and DB proxies
//! (`DescribeDBProxies`), with their SDK-to-event-JSON shapers.

use super::Described;
use crate::error::{unless_missing, AwsError, Service};
use serde_json::{json, Value};
use vigil_core::resource::ResourceRef;

/// Describes a DB instance by identifier (`DescribeDBInstances`), shaped by
/// [`db_instance_json`]. The description's `dbiResourceId` becomes the resource id, as AWS
/// Config names an instance by it. Not found: deleted.
pub async fn db_instance(
    rds: &aws_sdk_rds::Client,
    resource: &ResourceRef,
) -> Result<Option<Described>, AwsError> {
    let result = rds
        .describe_db_instances()
        .db_instance_identifier(resource.display_name())
        .send()
        .await;
    let Some(out) = unless_missing(
        result,
        |se| se.is_db_instance_not_found_fault(),
        Service::Rds,
        "DescribeDBInstances",
    )?
    else {
        return Ok(None);
    };
    let db = out.db_instances().first().ok_or_else(|| AwsError::Fetch {
        arn: resource.arn.clone(),
        message: "DescribeDBInstances returned no instance".into(),
    })?;
    Ok(Some(Described {
        id: db.dbi_resource_id().map(str::to_string),
        ..Described::new(db_instance_json(db), "DescribeDBInstances")
    }))
}

/// Describes a DB proxy by name (`DescribeDBProxies`), shaped by [`db_proxy_json`]. The
/// description's ARN replaces the name-based one a CloudTrail call without a response
/// implied (a proxy's ARN ends in its resource id). Not found: deleted.
pub async fn db_proxy(
    rds: &aws_sdk_rds::Client,
    resource: &ResourceRef,
) -> Result<Option<Described>, AwsError> {
    let result = rds
        .describe_db_proxies()
        .db_proxy_name(resource.display_name())
        .send()
        .await;
    let Some(out) = unless_missing(
        result,
        |se| se.is_db_proxy_not_found_fault(),
        Service::Rds,
        "DescribeDBProxies",
    )?
    else {
        return Ok(None);
    };
    let proxy = out.db_proxies().first().ok_or_else(|| AwsError::Fetch {
        arn: resource.arn.clone(),
        message: "DescribeDBProxies returned no proxy".into(),
    })?;
    Ok(Some(Described {
        arn: proxy.db_proxy_arn().map(str::to_string),
        ..Described::new(db_proxy_json(proxy), "DescribeDBProxies")
    }))
}

/// An SDK DB proxy in the shape of CloudTrail's `responseElements` for the proxy calls (the
/// `DBProxy` members with the first letter lower-cased), which the core's parser reads:
/// `{"dBProxyName", "dBProxyArn", "status", "engineFamily", "vpcId", "vpcSecurityGroupIds",
/// "vpcSubnetIds", "auth": [{"authScheme", "iAMAuth", "clientPasswordAuthType"}], "roleArn",
/// "endpoint", "requireTLS", "idleClientTimeout", "debugLogging"}`. Secret ARNs are left out.
pub fn db_proxy_json(p: &aws_sdk_rds::types::DbProxy) -> Value {
    json!({
        "dBProxyName": p.db_proxy_name(),
        "dBProxyArn": p.db_proxy_arn(),
        "status": p.status().map(|s| s.as_str()),
        "engineFamily": p.engine_family(),
        "vpcId": p.vpc_id(),
        "vpcSecurityGroupIds": p.vpc_security_group_ids(),
        "vpcSubnetIds": p.vpc_subnet_ids(),
        "auth": p.auth().iter().map(|a| json!({
            "authScheme": a.auth_scheme().map(|s| s.as_str()),
            "iAMAuth": a.iam_auth().map(|s| s.as_str()),
            "clientPasswordAuthType": a.client_password_auth_type().map(|s| s.as_str()),
        })).collect::<Vec<_>>(),
        "roleArn": p.role_arn(),
        "endpoint": p.endpoint(),
        "requireTLS": p.require_tls(),
        "idleClientTimeout": p.idle_client_timeout(),
        "debugLogging": p.debug_logging(),
    })
}

/// An SDK DB instance in the shape of the AWS Config resource schema (and of CloudTrail's
/// `responseElements`).
pub fn db_instance_json(db: &aws_sdk_rds::types::DbInstance) -> Value {
    json!({
        "dBInstanceIdentifier": db.db_instance_identifier(),
        "engine": db.engine(),
        "engineVersion": db.engine_version(),
        "dBInstanceStatus": db.db_instance_status(),
        "publiclyAccessible": db.publicly_accessible(),
        "storageEncrypted": db.storage_encrypted(),
        "kmsKeyId": db.kms_key_id(),
        "multiAZ": db.multi_az(),
        "backupRetentionPeriod": db.backup_retention_period(),
        "deletionProtection": db.deletion_protection(),
        "readReplicaSourceDBInstanceIdentifier": db.read_replica_source_db_instance_identifier(),
        "dBClusterIdentifier": db.db_cluster_identifier(),
        "dBInstanceArn": db.db_instance_arn(),
        "dbiResourceId": db.dbi_resource_id(),
        "monitoringInterval": db.monitoring_interval(),
        "enabledCloudwatchLogsExports": db.enabled_cloudwatch_logs_exports(),
        "activityStreamStatus": db.activity_stream_status().map(|s| s.as_str()),
        "iAMDatabaseAuthenticationEnabled": db.iam_database_authentication_enabled(),
        "autoMinorVersionUpgrade": db.auto_minor_version_upgrade(),
        "copyTagsToSnapshot": db.copy_tags_to_snapshot(),
        "dBSubnetGroup": db.db_subnet_group().map(|g| json!({
            "dBSubnetGroupName": g.db_subnet_group_name(),
            "vpcId": g.vpc_id(),
            "subnets": g.subnets().iter().map(|s| json!({
                "subnetIdentifier": s.subnet_identifier(),
            })).collect::<Vec<_>>(),
        })),
        "endpoint": db.endpoint().map(|e| json!({"address": e.address(), "port": e.port()})),
        "masterUsername": db.master_username(),
        "masterUserSecret": db.master_user_secret().map(|m| json!({
            "secretArn": m.secret_arn(),
            "secretStatus": m.secret_status(),
        })),
        "dBParameterGroups": db.db_parameter_groups().iter().map(|g| json!({
            "dBParameterGroupName": g.db_parameter_group_name(),
            "parameterApplyStatus": g.parameter_apply_status(),
        })).collect::<Vec<_>>(),
        "tagList": db.tag_list().iter().map(|t| json!({"key": t.key(), "value": t.value()})).collect::<Vec<_>>(),
    })
}
