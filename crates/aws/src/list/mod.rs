//! List adapters: every resource of one kind in one region, described with the service's own
//! calls and shaped as the AWS Config item the kind's parser reads
//! ([`vigil_core::sweep::Description`]). The sweep needs no AWS Config.
//!
//! Every list call that the SDK can paginate uses its paginator (`into_paginator()`); API
//! Gateway v2 and DAX have none and follow their tokens with [`crate::lookup::next_page`].
//! Follow-up describes (a table's `DescribeTable`, a key's rotation status, a snapshot's
//! attributes, an API's stages) run at most [`PER_SERVICE`] at a time ([`bounded`]).
//! Throttling is retried by the SDK's retry policy, which backs off exponentially with jitter
//! ([`retry_config`]: adaptive, so a throttled client also slows its own rate).
//!
//! | kind | calls (IAM actions in the kind descriptor's `list`) |
//! |---|---|
//! | `AWS::RDS::DBInstance` | `DescribeDBInstances` |
//! | `AWS::RDS::DBCluster` | `DescribeDBClusters` |
//! | `AWS::RDS::DBSnapshot` | `DescribeDBSnapshots`, `DescribeDBSnapshotAttributes` per manual snapshot |
//! | `AWS::RDS::DBClusterSnapshot` | `DescribeDBClusterSnapshots`, `DescribeDBClusterSnapshotAttributes` per manual snapshot |
//! | `AWS::RDS::DBProxy` | `DescribeDBProxies` |
//! | `AWS::RDS::EventSubscription` | `DescribeEventSubscriptions` |
//! | `AWS::DynamoDB::Table` | `ListTables`, `DescribeTable`, `DescribeContinuousBackups`, `ListTagsOfResource` |
//! | `AWS::DAX::Cluster` | `DescribeClusters` |
//! | `AWS::KMS::Key` | `ListKeys`, `DescribeKey`, `GetKeyRotationStatus` (customer managed symmetric keys) |
//! | `AWS::SecretsManager::Secret` | `ListSecrets` |
//! | `AWS::IAM::Role`, `Policy`, `User` | `GetAccountAuthorizationDetails` (filtered by entity) |
//! | `AWS::EC2::SecurityGroup` | `DescribeSecurityGroups` |
//! | `AWS::EC2::VPCEndpoint` | `DescribeVpcEndpoints` |
//! | `AWS::Lambda::Function` | `ListFunctions` |
//! | `AWS::ApiGateway::RestApi`, `Stage` | `GetRestApis`, `GetStages` per API |
//! | `AWS::ApiGatewayV2::Api`, `Stage`, `Integration` | `GetApis`, `GetStages` and `GetIntegrations` per API |
//! | `AWS::ApiGateway::DomainName` | `GetDomainNames` |
//! | `AWS::CloudTrail::Trail` | `DescribeTrails` (home region only), then `GetTrail`, `GetTrailStatus`, `GetEventSelectors` per trail |
//! | `AWS::GuardDuty::Detector` | `ListDetectors`, then `GetDetector` per detector |
//! | `AWS::Config::ConfigurationRecorder` | `DescribeConfigurationRecorders`, then `DescribeConfigurationRecorderStatus` per recorder |
//! | `AWS::::Account` | IAM `GetAccountSummary`, `GetAccountPasswordPolicy`, `ListVirtualMFADevices` (global: once per account); GuardDuty `ListDetectors`, `GetDetector` in every monitored region |

pub mod account;
pub mod apigateway;
pub mod dynamodb;
pub mod ec2;
pub mod iam;
pub mod kms;
pub mod lambda;
pub mod rds;
pub mod secretsmanager;
pub mod watching;

use crate::clients::Clients;
use crate::error::AwsError;
use crate::lookup::Memo;
use aws_config::retry::RetryConfig;
use futures_util::stream::{self, StreamExt, TryStreamExt};
use std::collections::BTreeMap;
use std::future::Future;
use vigil_core::kinds::Kind;
use vigil_core::resource::{partition_of, ResourceType};
use vigil_core::sweep::Description;

/// Follow-up describe calls in flight at once, per service and region.
pub const PER_SERVICE: usize = 4;

/// The retry policy of the sweep's clients: adaptive retry (exponential backoff with jitter on
/// throttling and transient errors, and a client-side rate limit that slows down once
/// throttled), up to 8 attempts.
pub fn retry_config() -> RetryConfig {
    RetryConfig::adaptive().with_max_attempts(8)
}

/// Where a listing reads: the account (for the ARNs a service does not give) and region.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The account the clients act in.
    pub account: String,
    /// The region listed.
    pub region: String,
    /// Every Region the sweep monitors, for the account's verdicts that span them
    /// (GuardDuty.1); empty outside a sweep (an event's describe), where they are not read.
    pub monitored: Vec<String>,
}

impl Target {
    /// The region's partition (`aws`, `aws-cn`, `aws-us-gov`).
    pub fn partition(&self) -> &'static str {
        partition_of(&self.region)
    }
}

/// Lists and describes every resource of `kind` in the target's region (IAM's kinds are
/// global: the caller lists them once).
pub async fn list(
    clients: &Clients,
    kind: &'static Kind,
    target: &Target,
) -> Result<Vec<Description>, AwsError> {
    Box::pin(list_with(clients, kind, target, None)).await
}

/// As [`list`], sharing reads with the rest of the sweep through its `memo` (a sweep's
/// [`Memo`], never an event's): a trail is read once per sweep, whether the trail kind's
/// listing or the account's description (CloudTrail.1) reads it first
/// ([`watching::trail_once`]).
pub async fn list_with(
    clients: &Clients,
    kind: &'static Kind,
    target: &Target,
    memo: Option<&Memo>,
) -> Result<Vec<Description>, AwsError> {
    match kind.type_name {
        ResourceType::RDS_DB_INSTANCE => rds::instances(&clients.rds).await,
        ResourceType::RDS_DB_CLUSTER => rds::clusters(&clients.rds).await,
        ResourceType::RDS_DB_SNAPSHOT => rds::snapshots(&clients.rds).await,
        ResourceType::RDS_DB_CLUSTER_SNAPSHOT => rds::cluster_snapshots(&clients.rds).await,
        ResourceType::RDS_DB_PROXY => rds::proxies(&clients.rds).await,
        ResourceType::RDS_EVENT_SUBSCRIPTION => rds::event_subscriptions(&clients.rds).await,
        ResourceType::DYNAMODB_TABLE => dynamodb::tables(&clients.dynamodb).await,
        ResourceType::DAX_CLUSTER => dynamodb::dax_clusters(&clients.dax).await,
        ResourceType::KMS_KEY => kms::keys(&clients.kms).await,
        ResourceType::SECRETSMANAGER_SECRET => {
            secretsmanager::secrets(&clients.secretsmanager).await
        }
        ResourceType::IAM_ROLE => iam::roles(&clients.iam).await,
        ResourceType::IAM_POLICY => iam::policies(&clients.iam).await,
        ResourceType::IAM_USER => iam::users(&clients.iam).await,
        ResourceType::EC2_SECURITY_GROUP => ec2::security_groups(&clients.ec2, target).await,
        ResourceType::EC2_VPC_ENDPOINT => ec2::vpc_endpoints(&clients.ec2, target).await,
        ResourceType::LAMBDA_FUNCTION => lambda::functions(&clients.lambda).await,
        ResourceType::API_GATEWAY_REST_API => {
            apigateway::rest_apis(&clients.apigateway, target).await
        }
        ResourceType::API_GATEWAY_STAGE => {
            apigateway::rest_stages(&clients.apigateway, target).await
        }
        ResourceType::API_GATEWAY_V2_API => {
            apigateway::v2_apis(&clients.apigatewayv2, target).await
        }
        ResourceType::API_GATEWAY_V2_STAGE => {
            apigateway::v2_stages(&clients.apigatewayv2, target).await
        }
        ResourceType::API_GATEWAY_V2_INTEGRATION => {
            apigateway::v2_integrations(&clients.apigatewayv2, target).await
        }
        ResourceType::API_GATEWAY_DOMAIN_NAME => {
            apigateway::domain_names(&clients.apigateway, target).await
        }
        t if t == vigil_core::kinds::cloudtrail::TRAIL.type_name => {
            watching::trails(&clients.cloudtrail, target, memo).await
        }
        t if t == vigil_core::kinds::guardduty::DETECTOR.type_name => {
            watching::detectors(&clients.guardduty, target).await
        }
        t if t == vigil_core::kinds::config::RECORDER.type_name => {
            watching::recorders(&clients.config, target).await
        }
        t if t == vigil_core::kinds::account::ACCOUNT.type_name => {
            account::account(clients, target, memo).await
        }
        other => Err(AwsError::Config(format!("no list adapter for {other}"))),
    }
}

/// Whether a kind is global (IAM, and the account itself): listed once per account, filed
/// under the first region.
pub fn is_global(kind: &Kind) -> bool {
    kind.type_name.starts_with("AWS::IAM::")
        || kind.type_name == vigil_core::kinds::account::ACCOUNT.type_name
}

/// Runs `f` on every item, at most [`PER_SERVICE`] at a time, keeping the items' order; the
/// first error stops the rest.
pub(crate) async fn bounded<T, O, F, Fut>(items: Vec<T>, f: F) -> Result<Vec<O>, AwsError>
where
    F: Fn(T) -> Fut,
    Fut: Future<Output = Result<O, AwsError>>,
{
    stream::iter(items.into_iter().map(f))
        .buffered(PER_SERVICE)
        .try_collect()
        .await
}

/// Tags as a map, from any SDK tag list.
pub(crate) fn tag_map<'a>(
    tags: impl IntoIterator<Item = (Option<&'a str>, Option<&'a str>)>,
) -> BTreeMap<String, String> {
    tags.into_iter()
        .filter_map(|(k, v)| Some((k?.to_string(), v.unwrap_or_default().to_string())))
        .collect()
}

/// A description with no supplementary configuration and no separate tags.
pub(crate) fn described(
    resource_type: &'static str,
    id: impl Into<String>,
    name: Option<&str>,
    arn: impl Into<String>,
    configuration: serde_json::Value,
    operation: &'static str,
) -> Description {
    Description {
        resource_type,
        id: id.into(),
        name: name.map(str::to_string),
        arn: arn.into(),
        configuration,
        supplementary: None,
        tags: None,
        operation,
    }
}
