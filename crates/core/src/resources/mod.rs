//! The typed model of each supported resource type, one module per type, each with the parser
//! that reads it from the JSON shape AWS Config and CloudTrail share.

pub mod dynamodb_table;
pub mod iam_policy;
pub mod iam_role;
pub mod iam_user;
pub mod kms_key;
pub mod rds_cluster;
pub mod rds_instance;
pub mod rds_snapshot;
pub mod secretsmanager_secret;

use crate::error::InputError;
use crate::json::Obj;
use crate::resource::Resource;

/// Parses a resource's `configuration` of the given AWS Config type, or `None` when Vigil does
/// not model that type (yet).
///
/// `supplementary` is the Config item's `supplementaryConfiguration` with its values decoded
/// (Config delivers them as JSON strings or objects), where the source has one: some settings
/// live only there (e.g. a DynamoDB table's `ContinuousBackupsDescription`). Parsers must treat
/// a missing `supplementary` as unknown, not as empty.
pub fn parse_configuration(
    resource_type: &str,
    configuration: Obj<'_>,
    supplementary: Option<Obj<'_>>,
) -> Option<Result<Resource, InputError>> {
    match resource_type {
        crate::resource::ResourceType::RDS_DB_INSTANCE => {
            Some(rds_instance::DbInstance::parse(configuration).map(Resource::DbInstance))
        }
        crate::resource::ResourceType::IAM_ROLE => {
            Some(iam_role::IamRole::parse(configuration).map(|r| Resource::IamRole(Box::new(r))))
        }
        crate::resource::ResourceType::IAM_POLICY => {
            Some(iam_policy::IamPolicy::parse(configuration).map(Resource::IamPolicy))
        }
        crate::resource::ResourceType::IAM_USER => {
            Some(iam_user::IamUser::parse(configuration).map(Resource::IamUser))
        }
        crate::resource::ResourceType::RDS_DB_CLUSTER => {
            Some(rds_cluster::DbCluster::parse(configuration).map(Resource::DbCluster))
        }
        crate::resource::ResourceType::DYNAMODB_TABLE => Some(
            dynamodb_table::DynamoDbTable::parse(configuration, supplementary)
                .map(Resource::DynamoDbTable),
        ),
        crate::resource::ResourceType::RDS_DB_SNAPSHOT => Some(
            rds_snapshot::DbSnapshot::parse(
                rds_snapshot::SnapshotKind::Instance,
                configuration,
                supplementary,
            )
            .map(Resource::DbSnapshot),
        ),
        crate::resource::ResourceType::RDS_DB_CLUSTER_SNAPSHOT => Some(
            rds_snapshot::DbSnapshot::parse(
                rds_snapshot::SnapshotKind::Cluster,
                configuration,
                supplementary,
            )
            .map(Resource::DbSnapshot),
        ),
        crate::resource::ResourceType::KMS_KEY => {
            Some(kms_key::KmsKey::parse(configuration, supplementary).map(Resource::KmsKey))
        }
        crate::resource::ResourceType::SECRETSMANAGER_SECRET => {
            Some(secretsmanager_secret::Secret::parse(configuration).map(Resource::Secret))
        }
        _ => None,
    }
}

/// Whether Vigil models this AWS Config resource type.
pub fn is_supported(resource_type: &str) -> bool {
    matches!(
        resource_type,
        crate::resource::ResourceType::RDS_DB_INSTANCE
            | crate::resource::ResourceType::IAM_ROLE
            | crate::resource::ResourceType::IAM_POLICY
            | crate::resource::ResourceType::IAM_USER
            | crate::resource::ResourceType::RDS_DB_CLUSTER
            | crate::resource::ResourceType::DYNAMODB_TABLE
            | crate::resource::ResourceType::RDS_DB_SNAPSHOT
            | crate::resource::ResourceType::RDS_DB_CLUSTER_SNAPSHOT
            | crate::resource::ResourceType::KMS_KEY
            | crate::resource::ResourceType::SECRETSMANAGER_SECRET
    )
}
