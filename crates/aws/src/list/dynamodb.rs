//! DynamoDB list adapters: tables (with point-in-time recovery and tags) and DAX clusters.

use super::{bounded, described, tag_map, Description};
use crate::describe::dax::dax_cluster_json;
use crate::error::{AwsError, Service};
use crate::lookup::next_page;
use serde_json::{json, Map};
use std::collections::BTreeMap;
use vigil_core::resource::ResourceType;

/// Every table (`ListTables`), each described (`DescribeTable`) in the AWS Config schema's
/// names, with its point-in-time recovery status as Config's supplementary
/// `ContinuousBackupsDescription` (`DescribeContinuousBackups`) and its tags
/// (`ListTagsOfResource`, which the data classification reads).
pub async fn tables(ddb: &aws_sdk_dynamodb::Client) -> Result<Vec<Description>, AwsError> {
    let names: Vec<String> = ddb
        .list_tables()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| AwsError::call(Service::DynamoDb, "ListTables", e))?;
    let described = bounded(names, |name| async move { table(ddb, &name).await }).await?;
    // A table deleted between the list and its describe is simply not there.
    Ok(described.into_iter().flatten().collect())
}

/// One table by name (`DescribeTable`, `DescribeContinuousBackups`, `ListTagsOfResource`), or
/// `None` when DynamoDB has no such table: also the describe adapter of `AWS::DynamoDB::Table`.
pub async fn table(
    ddb: &aws_sdk_dynamodb::Client,
    name: &str,
) -> Result<Option<Description>, AwsError> {
    let name = name.to_string();
    let found = crate::error::unless_missing(
        ddb.describe_table().table_name(&name).send().await,
        |se| se.is_resource_not_found_exception(),
        Service::DynamoDb,
        "DescribeTable",
    )?;
    let Some(table) = found.and_then(|o| o.table) else {
        return Ok(None);
    };
    let arn = table.table_arn().unwrap_or_default().to_string();
    let backups = ddb
        .describe_continuous_backups()
        .table_name(&name)
        .send()
        .await
        .map_err(|e| AwsError::call(Service::DynamoDb, "DescribeContinuousBackups", e))?;
    let pitr = backups
        .continuous_backups_description()
        .and_then(|d| d.point_in_time_recovery_description())
        .and_then(|p| p.point_in_time_recovery_status())
        .map(|s| s.as_str().to_string());
    let tags = table_tags(ddb, &arn).await?;
    let configuration = json!({
        "tableName": table.table_name(),
        "tableArn": table.table_arn(),
        "tableStatus": table.table_status().map(|s| s.as_str()),
        "billingModeSummary": table.billing_mode_summary().map(|b| json!({
            "billingMode": b.billing_mode().map(|m| m.as_str()),
        })),
        // DescribeTable leaves SSEDescription out for the default (AWS owned key)
        // encryption, which AWS Config records as null.
        "ssedescription": table.sse_description().map(|s| json!({
            "ssetype": s.sse_type().map(|t| t.as_str()),
            "kmsmasterKeyArn": s.kms_master_key_arn(),
            "status": s.status().map(|t| t.as_str()),
        })),
        "deletionProtectionEnabled": table.deletion_protection_enabled(),
        "provisionedThroughput": table.provisioned_throughput().map(|p| json!({
            "readCapacityUnits": p.read_capacity_units(),
            "writeCapacityUnits": p.write_capacity_units(),
        })),
        "globalSecondaryIndexes": table.global_secondary_indexes().iter()
            .map(|i| json!({"indexName": i.index_name()}))
            .collect::<Vec<_>>(),
    });
    let mut supplementary = Map::new();
    supplementary.insert(
        "ContinuousBackupsDescription".into(),
        json!({"pointInTimeRecoveryDescription": {"pointInTimeRecoveryStatus": pitr}}),
    );
    Ok(Some(Description {
        supplementary: Some(supplementary),
        tags: Some(tags),
        ..described(
            ResourceType::DYNAMODB_TABLE,
            name.clone(),
            Some(&name),
            arn,
            configuration,
            "DescribeTable",
        )
    }))
}

async fn table_tags(
    ddb: &aws_sdk_dynamodb::Client,
    arn: &str,
) -> Result<BTreeMap<String, String>, AwsError> {
    let mut tags = BTreeMap::new();
    let mut token: Option<String> = None;
    loop {
        let out = ddb
            .list_tags_of_resource()
            .resource_arn(arn)
            .set_next_token(token.clone())
            .send()
            .await
            .map_err(|e| AwsError::call(Service::DynamoDb, "ListTagsOfResource", e))?;
        tags.extend(tag_map(
            out.tags().iter().map(|t| (Some(t.key()), Some(t.value()))),
        ));
        match next_page(out.next_token(), &token) {
            Some(next) => token = Some(next),
            None => return Ok(tags),
        }
    }
}

/// Every DAX cluster (`DescribeClusters`, following its tokens: the SDK has no paginator for
/// it), shaped as the DAX calls' `responseElements`.
pub async fn dax_clusters(dax: &aws_sdk_dax::Client) -> Result<Vec<Description>, AwsError> {
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = dax
            .describe_clusters()
            .set_next_token(token.clone())
            .send()
            .await
            .map_err(|e| AwsError::call(Service::Dax, "DescribeClusters", e))?;
        for c in page.clusters() {
            let name = c.cluster_name().unwrap_or_default();
            let arn = c.cluster_arn().ok_or_else(|| {
                AwsError::Config("DescribeClusters returned a cluster without its ARN".into())
            })?;
            out.push(described(
                ResourceType::DAX_CLUSTER,
                name,
                Some(name),
                arn,
                dax_cluster_json(c),
                "DescribeClusters",
            ));
        }
        match next_page(page.next_token(), &token) {
            Some(next) => token = Some(next),
            None => return Ok(out),
        }
    }
}
