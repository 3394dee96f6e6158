//! The typed model of each supported resource type, one module per type, each with the parser
//! that reads it from the JSON shape AWS Config and CloudTrail share.

pub mod api_gateway_domain_name;
pub mod api_gateway_rest_api;
pub mod api_gateway_stage;
pub mod api_gateway_v2_api;
pub mod api_gateway_v2_stage;
pub mod dax_cluster;
pub mod dynamodb_table;
pub mod iam_policy;
pub mod iam_role;
pub mod iam_user;
pub mod kms_key;
pub mod lambda_function;
pub mod rds_cluster;
pub mod rds_db_proxy;
pub mod rds_instance;
pub mod rds_snapshot;
pub mod secretsmanager_secret;
pub mod security_group;
pub mod vpc_endpoint;

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
        crate::resource::ResourceType::EC2_SECURITY_GROUP => {
            Some(security_group::SecurityGroup::parse(configuration).map(Resource::SecurityGroup))
        }
        crate::resource::ResourceType::LAMBDA_FUNCTION => Some(
            lambda_function::LambdaFunction::parse(configuration).map(Resource::LambdaFunction),
        ),
        crate::resource::ResourceType::API_GATEWAY_REST_API => {
            Some(api_gateway_rest_api::RestApi::parse(configuration).map(Resource::RestApi))
        }
        crate::resource::ResourceType::API_GATEWAY_STAGE => {
            Some(api_gateway_stage::RestStage::parse(configuration).map(Resource::RestStage))
        }
        crate::resource::ResourceType::EC2_VPC_ENDPOINT => {
            Some(vpc_endpoint::VpcEndpoint::parse(configuration).map(Resource::VpcEndpoint))
        }
        crate::resource::ResourceType::API_GATEWAY_V2_API => {
            Some(api_gateway_v2_api::V2Api::parse(configuration).map(Resource::V2Api))
        }
        crate::resource::ResourceType::API_GATEWAY_V2_STAGE => {
            Some(api_gateway_v2_stage::V2Stage::parse(configuration).map(Resource::V2Stage))
        }
        crate::resource::ResourceType::RDS_DB_PROXY => {
            Some(rds_db_proxy::DbProxy::parse(configuration).map(Resource::DbProxy))
        }
        crate::resource::ResourceType::DAX_CLUSTER => {
            Some(dax_cluster::DaxCluster::parse(configuration).map(Resource::DaxCluster))
        }
        crate::resource::ResourceType::API_GATEWAY_DOMAIN_NAME => Some(
            api_gateway_domain_name::DomainName::parse(configuration).map(Resource::DomainName),
        ),
        _ => None,
    }
}

/// Every AWS Config-recorded resource type Vigil models ([`parse_configuration`] reads these and
/// the [`CLOUDTRAIL_ONLY`] types). The SAM template's Config event pattern lists the same types
/// (a test checks).
pub const SUPPORTED: &[&str] = &[
    crate::resource::ResourceType::RDS_DB_INSTANCE,
    crate::resource::ResourceType::RDS_DB_CLUSTER,
    crate::resource::ResourceType::RDS_DB_SNAPSHOT,
    crate::resource::ResourceType::RDS_DB_CLUSTER_SNAPSHOT,
    crate::resource::ResourceType::DYNAMODB_TABLE,
    crate::resource::ResourceType::KMS_KEY,
    crate::resource::ResourceType::SECRETSMANAGER_SECRET,
    crate::resource::ResourceType::IAM_ROLE,
    crate::resource::ResourceType::IAM_POLICY,
    crate::resource::ResourceType::IAM_USER,
    crate::resource::ResourceType::EC2_SECURITY_GROUP,
    crate::resource::ResourceType::EC2_VPC_ENDPOINT,
    crate::resource::ResourceType::LAMBDA_FUNCTION,
    crate::resource::ResourceType::API_GATEWAY_REST_API,
    crate::resource::ResourceType::API_GATEWAY_STAGE,
    crate::resource::ResourceType::API_GATEWAY_V2_API,
    crate::resource::ResourceType::API_GATEWAY_V2_STAGE,
];

/// Types Vigil models that AWS Config does not record: they reach Vigil only through CloudTrail
/// calls (`cloudtrail::CALLS`) and the shell's describe call, never as Config items. AWS Config's
/// `ResourceType` list and its resource schema have none of them, and the managed rules for
/// the FSBP controls on proxies and DAX (`rds-proxy-tls-encryption`, `dax-encryption-enabled`,
/// `dax-tls-endpoint-encryption`) are periodic. The template's Config event pattern therefore
/// does not list them (a test checks), and its CloudTrail rules route their calls instead.
pub const CLOUDTRAIL_ONLY: &[&str] = &[
    crate::resource::ResourceType::RDS_DB_PROXY,
    crate::resource::ResourceType::DAX_CLUSTER,
    crate::resource::ResourceType::API_GATEWAY_DOMAIN_NAME,
];

/// Whether Vigil models this resource type (recorded by AWS Config or
/// [CloudTrail-only](CLOUDTRAIL_ONLY)).
pub fn is_supported(resource_type: &str) -> bool {
    SUPPORTED.contains(&resource_type) || CLOUDTRAIL_ONLY.contains(&resource_type)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_supported_type_is_parsed_and_every_catalogue_type_is_supported() {
        let empty = json!({});
        for rule in crate::rules::CATALOGUE {
            let t = rule.meta().resource_type;
            assert!(is_supported(t), "{t} has rules but is not supported");
            let parsed = parse_configuration(t, Obj::new(&empty, "configuration").unwrap(), None);
            assert!(parsed.is_some(), "{t} is supported but has no parser");
        }
    }

    #[test]
    fn the_sam_template_routes_every_supported_type_in_full_and_oversized_items() {
        let template = include_str!("../../../../template.yaml");
        for t in SUPPORTED {
            assert_eq!(
                template.matches(&format!("- {t}\n")).count(),
                2,
                "template.yaml's Config rule must list {t} under configurationItem and configurationItemSummary"
            );
        }
    }

    #[test]
    fn cloudtrail_only_types_are_routed_by_cloudtrail_calls_not_by_config() {
        let template = include_str!("../../../../template.yaml");
        for t in CLOUDTRAIL_ONLY {
            assert!(
                !SUPPORTED.contains(t),
                "{t} is listed as Config-recorded too"
            );
            assert_eq!(
                template.matches(&format!("- {t}\n")).count(),
                0,
                "AWS Config does not record {t}: the Config rule must not list it"
            );
            let calls: Vec<_> = crate::sources::cloudtrail::CALLS
                .iter()
                .filter(|c| c.resource_type == *t)
                .collect();
            assert!(
                calls
                    .iter()
                    .any(|c| c.effect == crate::sources::cloudtrail::CallEffect::Describes)
                    && calls
                        .iter()
                        .any(|c| c.effect == crate::sources::cloudtrail::CallEffect::Deletes),
                "{t} is CloudTrail-only: CALLS must create and delete it"
            );
        }
    }
}
