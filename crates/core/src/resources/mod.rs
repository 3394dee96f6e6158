//! The typed model of each supported resource type, one module per type, each with the parser
//! that reads it from the JSON shape AWS Config and CloudTrail share.

pub mod account;
pub mod activity;
pub mod api_gateway_domain_name;
pub mod api_gateway_rest_api;
pub mod api_gateway_stage;
pub mod api_gateway_v2_api;
pub mod api_gateway_v2_integration;
pub mod api_gateway_v2_stage;
pub mod cloudtrail_trail;
pub mod config_recorder;
pub mod dax_cluster;
pub mod deployment;
pub mod dynamodb_table;
pub mod guardduty_detector;
pub mod iam_policy;
pub mod iam_role;
pub mod iam_user;
pub mod kms_key;
pub mod lambda_function;
pub mod rds_cluster;
pub mod rds_db_proxy;
pub mod rds_event_subscription;
pub mod rds_instance;
pub mod rds_snapshot;
pub mod secretsmanager_secret;
pub mod security_group;
pub mod vpc_endpoint;

use crate::error::InputError;
use crate::json::Obj;
use crate::kinds::{self, KINDS};
use crate::resource::Resource;
use std::sync::LazyLock;

/// Parses a resource's `configuration` of the given type with its kind's parser
/// ([`crate::kinds::Kind::parse`]), or `None` when Vigil does not model that type (yet).
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
    kinds::kind(resource_type).map(|k| (k.parse)(configuration, supplementary))
}

/// Every AWS Config-recorded resource type Vigil models: the kinds whose descriptor says
/// [`recorded_by_config`](crate::kinds::Kind::recorded_by_config). The SAM template's Config
/// event pattern lists exactly these (a test checks).
pub static SUPPORTED: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    KINDS
        .iter()
        .filter(|k| k.recorded_by_config)
        .map(|k| k.type_name)
        .collect()
});

/// Types Vigil models that AWS Config does not record: they reach Vigil only through CloudTrail
/// calls (their descriptors' [`calls`](crate::kinds::Kind::calls)) and the shell's describe
/// call, never as Config items. AWS Config's `ResourceType` list and its resource schema have
/// none of them, and the managed rules for the FSBP controls on proxies and DAX
/// (`rds-proxy-tls-encryption`, `dax-encryption-enabled`, `dax-tls-endpoint-encryption`) are
/// periodic. The template's Config event pattern therefore does not list them, and its
/// CloudTrail rules route their calls instead (a test checks both).
pub static CLOUDTRAIL_ONLY: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    KINDS
        .iter()
        .filter(|k| !k.recorded_by_config)
        .map(|k| k.type_name)
        .collect()
});

/// Whether Vigil models this resource type (recorded by AWS Config or
/// [CloudTrail-only](CLOUDTRAIL_ONLY)): whether it has a [kind descriptor](crate::kinds).
pub fn is_supported(resource_type: &str) -> bool {
    kinds::kind(resource_type).is_some()
}
