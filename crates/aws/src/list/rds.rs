//! RDS list adapters: DB instances, clusters, snapshots, cluster snapshots, proxies and event
//! subscriptions.

use super::{bounded, described, Description};
use crate::describe::rds::{db_instance_json, db_proxy_json};
use crate::error::{AwsError, Service};
use aws_sdk_rds::types::{DbCluster, DbClusterSnapshot, DbSnapshot, EventSubscription, Tag};
use serde_json::{json, Map, Value};
use vigil_core::resource::ResourceType;

fn tag_list(tags: &[Tag]) -> Vec<Value> {
    tags.iter()
        .map(|t| json!({"key": t.key(), "value": t.value()}))
        .collect()
}

fn missing(what: &str, call: &str) -> AwsError {
    AwsError::Config(format!(
        "{call} returned a {what} without its identifier or ARN"
    ))
}

/// Every DB instance (`DescribeDBInstances`), named by its `dbiResourceId` as AWS Config does.
pub async fn instances(rds: &aws_sdk_rds::Client) -> Result<Vec<Description>, AwsError> {
    let all: Vec<_> = rds
        .describe_db_instances()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::call(Service::Rds, "DescribeDBInstances", e))?;
    all.iter()
        .map(|db| {
            let arn = db
                .db_instance_arn()
                .ok_or_else(|| missing("DB instance", "DescribeDBInstances"))?;
            Ok(described(
                ResourceType::RDS_DB_INSTANCE,
                db.dbi_resource_id().unwrap_or(arn),
                db.db_instance_identifier(),
                arn,
                db_instance_json(db),
                "DescribeDBInstances",
            ))
        })
        .collect()
}

/// Every DB cluster (`DescribeDBClusters`), named by its cluster resource id as AWS Config does.
pub async fn clusters(rds: &aws_sdk_rds::Client) -> Result<Vec<Description>, AwsError> {
    let all: Vec<_> = rds
        .describe_db_clusters()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::call(Service::Rds, "DescribeDBClusters", e))?;
    all.iter()
        .map(|c| {
            let arn = c
                .db_cluster_arn()
                .ok_or_else(|| missing("DB cluster", "DescribeDBClusters"))?;
            Ok(described(
                ResourceType::RDS_DB_CLUSTER,
                c.db_cluster_resource_id().unwrap_or(arn),
                c.db_cluster_identifier(),
                arn,
                db_cluster_json(c),
                "DescribeDBClusters",
            ))
        })
        .collect()
}

/// One DB cluster by identifier (`DescribeDBClusters`), or `None` when RDS has no such cluster:
/// the describe adapter of `AWS::RDS::DBCluster`.
pub async fn cluster(
    rds: &aws_sdk_rds::Client,
    identifier: &str,
) -> Result<Option<Description>, AwsError> {
    let found = crate::error::unless_missing(
        rds.describe_db_clusters()
            .db_cluster_identifier(identifier)
            .send()
            .await,
        |se| se.is_db_cluster_not_found_fault(),
        Service::Rds,
        "DescribeDBClusters",
    )?;
    let Some(out) = found else {
        return Ok(None);
    };
    let Some(c) = out.db_clusters().first() else {
        return Ok(None);
    };
    let arn = c
        .db_cluster_arn()
        .ok_or_else(|| missing("DB cluster", "DescribeDBClusters"))?;
    Ok(Some(described(
        ResourceType::RDS_DB_CLUSTER,
        c.db_cluster_resource_id().unwrap_or(arn),
        c.db_cluster_identifier(),
        arn,
        db_cluster_json(c),
        "DescribeDBClusters",
    )))
}

/// An SDK DB cluster in the shape of `DescribeDBClusters` (CloudTrail's spelling, which the
/// core's parser reads beside the Config schema's).
pub fn db_cluster_json(c: &DbCluster) -> Value {
    json!({
        "dBClusterIdentifier": c.db_cluster_identifier(),
        "dBClusterArn": c.db_cluster_arn(),
        "engine": c.engine(),
        "engineVersion": c.engine_version(),
        "status": c.status(),
        "storageEncrypted": c.storage_encrypted(),
        "kmsKeyId": c.kms_key_id(),
        "multiAZ": c.multi_az(),
        "deletionProtection": c.deletion_protection(),
        "iAMDatabaseAuthenticationEnabled": c.iam_database_authentication_enabled(),
        "copyTagsToSnapshot": c.copy_tags_to_snapshot(),
        // Absent: no backtracking, which the parser reads from a null.
        "backtrackWindow": c.backtrack_window(),
        "masterUsername": c.master_username(),
        "port": c.port(),
        "autoMinorVersionUpgrade": c.auto_minor_version_upgrade(),
        "enabledCloudwatchLogsExports": c.enabled_cloudwatch_logs_exports(),
        "activityStreamStatus": c.activity_stream_status().map(|s| s.as_str()),
        "dBClusterParameterGroup": c.db_cluster_parameter_group(),
        "dBClusterMembers": c.db_cluster_members().iter().map(|m| json!({
            "dBInstanceIdentifier": m.db_instance_identifier(),
            "dBClusterParameterGroupStatus": m.db_cluster_parameter_group_status(),
        })).collect::<Vec<_>>(),
        "tagList": tag_list(c.tag_list()),
    })
}

/// The `restore` attribute as AWS Config's supplementary configuration carries it.
fn attributes(key: &str, attrs: Vec<(Option<String>, Vec<String>)>) -> Map<String, Value> {
    let list: Vec<Value> = attrs
        .into_iter()
        .map(|(name, values)| json!({"attributeName": name, "attributeValues": values}))
        .collect();
    let mut s = Map::new();
    s.insert(key.to_string(), Value::Array(list));
    s
}

/// Every DB snapshot (`DescribeDBSnapshots`), with who may restore each manual one
/// (`DescribeDBSnapshotAttributes`: automated snapshots cannot be shared, so theirs is empty).
pub async fn snapshots(rds: &aws_sdk_rds::Client) -> Result<Vec<Description>, AwsError> {
    let all: Vec<DbSnapshot> = rds
        .describe_db_snapshots()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::call(Service::Rds, "DescribeDBSnapshots", e))?;
    bounded(all, |s| async move { snapshot_description(rds, &s).await }).await
}

/// One DB snapshot by identifier (`DescribeDBSnapshots`, and its attributes), or `None` when
/// RDS has no such snapshot: the describe adapter of `AWS::RDS::DBSnapshot`.
pub async fn snapshot(
    rds: &aws_sdk_rds::Client,
    identifier: &str,
) -> Result<Option<Description>, AwsError> {
    let found = crate::error::unless_missing(
        rds.describe_db_snapshots()
            .db_snapshot_identifier(identifier)
            .send()
            .await,
        |se| se.is_db_snapshot_not_found_fault(),
        Service::Rds,
        "DescribeDBSnapshots",
    )?;
    match found.as_ref().and_then(|o| o.db_snapshots().first()) {
        Some(s) => snapshot_description(rds, s).await.map(Some),
        None => Ok(None),
    }
}

/// One DB snapshot in the AWS Config schema's names, with who may restore it as the
/// supplementary `DBSnapshotAttributes` (`DescribeDBSnapshotAttributes` for a manual one).
async fn snapshot_description(
    rds: &aws_sdk_rds::Client,
    s: &DbSnapshot,
) -> Result<Description, AwsError> {
    let arn = s
        .db_snapshot_arn()
        .ok_or_else(|| missing("DB snapshot", "DescribeDBSnapshots"))?
        .to_string();
    let id = s.db_snapshot_identifier().unwrap_or_default().to_string();
    let attrs = if s.snapshot_type() == Some("automated") {
        Vec::new()
    } else {
        rds.describe_db_snapshot_attributes()
            .db_snapshot_identifier(&id)
            .send()
            .await
            .map_err(|e| AwsError::call(Service::Rds, "DescribeDBSnapshotAttributes", e))?
            .db_snapshot_attributes_result()
            .map(|r| {
                r.db_snapshot_attributes()
                    .iter()
                    .map(|a| {
                        (
                            a.attribute_name().map(str::to_string),
                            a.attribute_values().to_vec(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let configuration = json!({
        "dBSnapshotIdentifier": s.db_snapshot_identifier(),
        "encrypted": s.encrypted(),
        "engine": s.engine(),
        "snapshotType": s.snapshot_type(),
        "kmsKeyId": s.kms_key_id(),
        "tagList": tag_list(s.tag_list()),
    });
    Ok(Description {
        supplementary: Some(attributes("DBSnapshotAttributes", attrs)),
        ..described(
            ResourceType::RDS_DB_SNAPSHOT,
            arn.clone(),
            Some(&id),
            arn,
            configuration,
            "DescribeDBSnapshots",
        )
    })
}

/// Every DB cluster snapshot (`DescribeDBClusterSnapshots`), with who may restore each manual
/// one (`DescribeDBClusterSnapshotAttributes`).
pub async fn cluster_snapshots(rds: &aws_sdk_rds::Client) -> Result<Vec<Description>, AwsError> {
    let all: Vec<DbClusterSnapshot> = rds
        .describe_db_cluster_snapshots()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::call(Service::Rds, "DescribeDBClusterSnapshots", e))?;
    bounded(all, |s| async move {
        cluster_snapshot_description(rds, &s).await
    })
    .await
}

/// One DB cluster snapshot by identifier (`DescribeDBClusterSnapshots`, and its attributes), or
/// `None` when RDS has no such snapshot: the describe adapter of `AWS::RDS::DBClusterSnapshot`.
pub async fn cluster_snapshot(
    rds: &aws_sdk_rds::Client,
    identifier: &str,
) -> Result<Option<Description>, AwsError> {
    let found = crate::error::unless_missing(
        rds.describe_db_cluster_snapshots()
            .db_cluster_snapshot_identifier(identifier)
            .send()
            .await,
        |se| se.is_db_cluster_snapshot_not_found_fault(),
        Service::Rds,
        "DescribeDBClusterSnapshots",
    )?;
    match found
        .as_ref()
        .and_then(|o| o.db_cluster_snapshots().first())
    {
        Some(s) => cluster_snapshot_description(rds, s).await.map(Some),
        None => Ok(None),
    }
}

/// One DB cluster snapshot in the AWS Config schema's names, with who may restore it as the
/// supplementary `DBClusterSnapshotAttributes`.
async fn cluster_snapshot_description(
    rds: &aws_sdk_rds::Client,
    s: &DbClusterSnapshot,
) -> Result<Description, AwsError> {
    let arn = s
        .db_cluster_snapshot_arn()
        .ok_or_else(|| missing("DB cluster snapshot", "DescribeDBClusterSnapshots"))?
        .to_string();
    let id = s
        .db_cluster_snapshot_identifier()
        .unwrap_or_default()
        .to_string();
    let attrs = if s.snapshot_type() == Some("automated") {
        Vec::new()
    } else {
        rds.describe_db_cluster_snapshot_attributes()
            .db_cluster_snapshot_identifier(&id)
            .send()
            .await
            .map_err(|e| AwsError::call(Service::Rds, "DescribeDBClusterSnapshotAttributes", e))?
            .db_cluster_snapshot_attributes_result()
            .map(|r| {
                r.db_cluster_snapshot_attributes()
                    .iter()
                    .map(|a| {
                        (
                            a.attribute_name().map(str::to_string),
                            a.attribute_values().to_vec(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let configuration = json!({
        "dbclusterSnapshotIdentifier": s.db_cluster_snapshot_identifier(),
        "storageEncrypted": s.storage_encrypted(),
        "engine": s.engine(),
        "snapshotType": s.snapshot_type(),
        "kmsKeyId": s.kms_key_id(),
        "tagList": tag_list(s.tag_list()),
    });
    Ok(Description {
        supplementary: Some(attributes("DBClusterSnapshotAttributes", attrs)),
        ..described(
            ResourceType::RDS_DB_CLUSTER_SNAPSHOT,
            arn.clone(),
            Some(&id),
            arn,
            configuration,
            "DescribeDBClusterSnapshots",
        )
    })
}

/// Every DB proxy (`DescribeDBProxies`), named by its name as its CloudTrail calls name it.
pub async fn proxies(rds: &aws_sdk_rds::Client) -> Result<Vec<Description>, AwsError> {
    let all: Vec<_> = rds
        .describe_db_proxies()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::call(Service::Rds, "DescribeDBProxies", e))?;
    all.iter()
        .map(|p| {
            let arn = p
                .db_proxy_arn()
                .ok_or_else(|| missing("DB proxy", "DescribeDBProxies"))?;
            Ok(described(
                ResourceType::RDS_DB_PROXY,
                p.db_proxy_name().unwrap_or(arn),
                p.db_proxy_name(),
                arn,
                db_proxy_json(p),
                "DescribeDBProxies",
            ))
        })
        .collect()
}

/// Every event subscription (`DescribeEventSubscriptions`), named by its name as AWS Config
/// does.
pub async fn event_subscriptions(rds: &aws_sdk_rds::Client) -> Result<Vec<Description>, AwsError> {
    let all: Vec<_> = rds
        .describe_event_subscriptions()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::call(Service::Rds, "DescribeEventSubscriptions", e))?;
    all.iter().map(event_subscription_description).collect()
}

/// One event subscription by name (`DescribeEventSubscriptions`), or `None` when RDS has no
/// such subscription: the describe adapter of `AWS::RDS::EventSubscription`.
pub async fn event_subscription(
    rds: &aws_sdk_rds::Client,
    name: &str,
) -> Result<Option<Description>, AwsError> {
    let found = crate::error::unless_missing(
        rds.describe_event_subscriptions()
            .subscription_name(name)
            .send()
            .await,
        |se| se.is_subscription_not_found_fault(),
        Service::Rds,
        "DescribeEventSubscriptions",
    )?;
    let Some(out) = found else {
        return Ok(None);
    };
    out.event_subscriptions_list()
        .first()
        .map(event_subscription_description)
        .transpose()
}

fn event_subscription_description(s: &EventSubscription) -> Result<Description, AwsError> {
    let arn = s
        .event_subscription_arn()
        .ok_or_else(|| missing("event subscription", "DescribeEventSubscriptions"))?;
    let name = s
        .cust_subscription_id()
        .ok_or_else(|| missing("event subscription", "DescribeEventSubscriptions"))?;
    Ok(described(
        ResourceType::RDS_EVENT_SUBSCRIPTION,
        name,
        Some(name),
        arn,
        event_subscription_json(s),
        "DescribeEventSubscriptions",
    ))
}

/// An SDK event subscription in the shape of the AWS Config resource schema (the API's
/// members with the first letter lower-cased, as CloudTrail writes them too).
pub fn event_subscription_json(s: &EventSubscription) -> Value {
    json!({
        "customerAwsId": s.customer_aws_id(),
        "custSubscriptionId": s.cust_subscription_id(),
        "snsTopicArn": s.sns_topic_arn(),
        "status": s.status(),
        "subscriptionCreationTime": s.subscription_creation_time(),
        // Absent: every source type, which the parser reads from a null.
        "sourceType": s.source_type(),
        "sourceIdsList": s.source_ids_list(),
        "eventCategoriesList": s.event_categories_list(),
        "enabled": s.enabled(),
        "eventSubscriptionArn": s.event_subscription_arn(),
    })
}
