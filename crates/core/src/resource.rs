//! Resource identity ([`ResourceRef`]) and the normalised, typed resource model ([`Resource`]).

use crate::fact::Fact;
use crate::kinds;
use crate::resources::account::Account;
use crate::resources::activity::{Activity, ACTIVITY_TYPE};
use crate::resources::api_gateway_domain_name::DomainName;
use crate::resources::api_gateway_rest_api::RestApi;
use crate::resources::api_gateway_stage::RestStage;
use crate::resources::api_gateway_v2_api::V2Api;
use crate::resources::api_gateway_v2_integration::V2Integration;
use crate::resources::api_gateway_v2_stage::V2Stage;
use crate::resources::cloudtrail_trail::Trail;
use crate::resources::config_recorder::ConfigRecorder;
use crate::resources::dax_cluster::DaxCluster;
use crate::resources::deployment::{Deployment, DEPLOYMENT_TYPE};
use crate::resources::dynamodb_table::DynamoDbTable;
use crate::resources::guardduty_detector::Detector;
use crate::resources::iam_policy::IamPolicy;
use crate::resources::iam_role::IamRole;
use crate::resources::iam_user::IamUser;
use crate::resources::kms_key::KmsKey;
use crate::resources::lambda_function::LambdaFunction;
use crate::resources::rds_cluster::DbCluster;
use crate::resources::rds_db_proxy::DbProxy;
use crate::resources::rds_event_subscription::EventSubscription;
use crate::resources::rds_instance::DbInstance;
use crate::resources::rds_snapshot::DbSnapshot;
use crate::resources::secretsmanager_secret::Secret;
use crate::resources::security_group::SecurityGroup;
use crate::resources::vpc_endpoint::VpcEndpoint;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// An AWS resource type as AWS Config names it, e.g. `AWS::RDS::DBInstance`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ResourceType(pub String);

/// The type names of the kinds Vigil models, as constants to match on. Each is its kind
/// descriptor's [`type_name`](crate::kinds::Kind::type_name); everything else about a kind is in
/// [`crate::kinds`].
impl ResourceType {
    /// `AWS::RDS::DBInstance`.
    pub const RDS_DB_INSTANCE: &'static str = kinds::rds::DB_INSTANCE.type_name;
    /// `AWS::IAM::Role`.
    pub const IAM_ROLE: &'static str = kinds::iam::ROLE.type_name;
    /// `AWS::IAM::Policy` (customer managed policies).
    pub const IAM_POLICY: &'static str = kinds::iam::POLICY.type_name;
    /// `AWS::IAM::User`.
    pub const IAM_USER: &'static str = kinds::iam::USER.type_name;
    /// `AWS::RDS::DBCluster`.
    pub const RDS_DB_CLUSTER: &'static str = kinds::rds::DB_CLUSTER.type_name;
    /// `AWS::DynamoDB::Table`.
    pub const DYNAMODB_TABLE: &'static str = kinds::dynamodb::TABLE.type_name;
    /// `AWS::RDS::DBSnapshot`.
    pub const RDS_DB_SNAPSHOT: &'static str = kinds::rds::DB_SNAPSHOT.type_name;
    /// `AWS::RDS::DBClusterSnapshot`.
    pub const RDS_DB_CLUSTER_SNAPSHOT: &'static str = kinds::rds::DB_CLUSTER_SNAPSHOT.type_name;
    /// `AWS::RDS::EventSubscription`.
    pub const RDS_EVENT_SUBSCRIPTION: &'static str = kinds::rds::EVENT_SUBSCRIPTION.type_name;
    /// `AWS::KMS::Key`.
    pub const KMS_KEY: &'static str = kinds::kms::KEY.type_name;
    /// `AWS::SecretsManager::Secret`.
    pub const SECRETSMANAGER_SECRET: &'static str = kinds::secretsmanager::SECRET.type_name;
    /// `AWS::EC2::SecurityGroup`.
    pub const EC2_SECURITY_GROUP: &'static str = kinds::ec2::SECURITY_GROUP.type_name;
    /// `AWS::EC2::VPCEndpoint`.
    pub const EC2_VPC_ENDPOINT: &'static str = kinds::ec2::VPC_ENDPOINT.type_name;
    /// `AWS::Lambda::Function`.
    pub const LAMBDA_FUNCTION: &'static str = kinds::lambda::FUNCTION.type_name;
    /// `AWS::ApiGateway::RestApi`.
    pub const API_GATEWAY_REST_API: &'static str = kinds::apigateway::REST_API.type_name;
    /// `AWS::ApiGateway::Stage`.
    pub const API_GATEWAY_STAGE: &'static str = kinds::apigateway::STAGE.type_name;
    /// `AWS::ApiGatewayV2::Api`.
    pub const API_GATEWAY_V2_API: &'static str = kinds::apigateway::V2_API.type_name;
    /// `AWS::ApiGatewayV2::Stage`.
    pub const API_GATEWAY_V2_STAGE: &'static str = kinds::apigateway::V2_STAGE.type_name;
    /// `AWS::ApiGatewayV2::Integration`.
    pub const API_GATEWAY_V2_INTEGRATION: &'static str =
        kinds::apigateway::V2_INTEGRATION.type_name;
    /// `AWS::RDS::DBProxy` (CloudFormation's name; AWS Config does not record it).
    pub const RDS_DB_PROXY: &'static str = kinds::rds::DB_PROXY.type_name;
    /// `AWS::DAX::Cluster` (CloudFormation's name; AWS Config does not record it).
    pub const DAX_CLUSTER: &'static str = kinds::dynamodb::DAX_CLUSTER.type_name;
    /// `AWS::ApiGateway::DomainName` (not recorded by AWS Config: CloudTrail and describe only).
    pub const API_GATEWAY_DOMAIN_NAME: &'static str = kinds::apigateway::DOMAIN_NAME.type_name;

    /// The type's AWS Config name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The type's descriptor, if Vigil models it.
    pub fn kind(&self) -> Option<&'static kinds::Kind> {
        kinds::kind(&self.0)
    }

    /// The resource type Security Hub's ASFF uses for this Config type (`AwsRdsDbInstance`), or
    /// `Other` where ASFF has no specific type or Vigil does not model the type.
    pub fn asff_type(&self) -> &'static str {
        self.kind().map_or("Other", |k| k.asff_type)
    }

    /// A short noun for people: "RDS database"; "resource" for a type Vigil does not model.
    pub fn noun(&self) -> &'static str {
        self.kind().map_or("resource", |k| k.noun)
    }
}

impl fmt::Display for ResourceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Which resource, where: the identity every source agrees on.
///
/// The ARN, with the account and region, is the identity of a resource's state and findings:
/// AWS Config and CloudTrail name an RDS instance differently (`dbi-resource-id` vs. the
/// instance identifier), but both carry or imply the same ARN.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceRef {
    /// The AWS Config resource type.
    #[serde(rename = "type")]
    pub resource_type: ResourceType,
    /// The source's resource id (Config's `resourceId`).
    pub id: String,
    /// A friendly name where the source gives one (Config's `resourceName`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The resource's ARN.
    pub arn: String,
    /// The 12-digit account id that owns the resource.
    pub account: String,
    /// The region the resource lives in.
    pub region: String,
}

/// The key of a resource's state from its account, region and ARN (what [`ResourceRef::key`]
/// gives).
pub fn state_key(account: &str, region: &str, arn: &str) -> String {
    format!("{account}#{region}#{arn}")
}

impl ResourceRef {
    /// The key of this resource's state: account, region and ARN.
    pub fn key(&self) -> String {
        state_key(&self.account, &self.region, &self.arn)
    }

    /// The name to show people: the friendly name, else the id.
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }

    /// The AWS partition of the resource's region (`aws`, `aws-cn`, `aws-us-gov`).
    pub fn partition(&self) -> &'static str {
        partition_of(&self.region)
    }
}

/// The AWS partition a region belongs to.
pub fn partition_of(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

/// Resource tags, key to value.
pub type Tags = BTreeMap<String, String>;

/// The configuration of one resource, normalised from whichever source described it.
///
/// One variant per supported resource type. Rules match on the variant they understand.
#[derive(Clone, Debug, PartialEq)]
pub enum Resource {
    /// An RDS DB instance (including Aurora cluster members).
    DbInstance(DbInstance),
    /// An IAM role.
    IamRole(Box<IamRole>),
    /// A customer managed IAM policy.
    IamPolicy(IamPolicy),
    /// An IAM user.
    IamUser(IamUser),
    /// An RDS DB cluster (Aurora or Multi-AZ DB cluster).
    DbCluster(DbCluster),
    /// A DynamoDB table.
    DynamoDbTable(DynamoDbTable),
    /// An RDS DB snapshot or DB cluster snapshot (see [`DbSnapshot::kind`]).
    DbSnapshot(DbSnapshot),
    /// A KMS key.
    KmsKey(KmsKey),
    /// A Secrets Manager secret (its metadata).
    Secret(Secret),
    /// A VPC security group.
    SecurityGroup(SecurityGroup),
    /// A Lambda function.
    LambdaFunction(LambdaFunction),
    /// An API Gateway REST API stage.
    RestStage(RestStage),
    /// An API Gateway REST API.
    RestApi(RestApi),
    /// An API Gateway v2 (HTTP or WebSocket) stage.
    V2Stage(V2Stage),
    /// An API Gateway v2 (HTTP or WebSocket) API.
    V2Api(V2Api),
    /// A VPC endpoint.
    VpcEndpoint(VpcEndpoint),
    /// An RDS DB proxy (RDS Proxy).
    DbProxy(DbProxy),
    /// A DynamoDB Accelerator (DAX) cluster.
    DaxCluster(DaxCluster),
    /// An API Gateway custom domain name.
    DomainName(DomainName),
    /// A CloudTrail trail.
    Trail(Trail),
    /// A GuardDuty detector.
    Detector(Detector),
    /// AWS Config's configuration recorder.
    ConfigRecorder(ConfigRecorder),
    /// An RDS event notification subscription.
    EventSubscription(EventSubscription),
    /// An API Gateway v2 (HTTP or WebSocket) integration.
    V2Integration(V2Integration),
    /// The AWS account itself (read by the sweep only).
    Account(Account),
    /// One event of account activity (root use, a sign-in without MFA).
    Activity(Activity),
    /// Vigil's own deployment and its prerequisites (read by the sweep function only).
    Deployment(Deployment),
}

impl Resource {
    /// The AWS Config type of this resource.
    pub fn type_name(&self) -> &'static str {
        match self {
            Resource::DbInstance(_) => ResourceType::RDS_DB_INSTANCE,
            Resource::IamRole(_) => ResourceType::IAM_ROLE,
            Resource::IamPolicy(_) => ResourceType::IAM_POLICY,
            Resource::IamUser(_) => ResourceType::IAM_USER,
            Resource::DbCluster(_) => ResourceType::RDS_DB_CLUSTER,
            Resource::DynamoDbTable(_) => ResourceType::DYNAMODB_TABLE,
            Resource::DbSnapshot(s) => match s.kind {
                crate::resources::rds_snapshot::SnapshotKind::Instance => {
                    ResourceType::RDS_DB_SNAPSHOT
                }
                crate::resources::rds_snapshot::SnapshotKind::Cluster => {
                    ResourceType::RDS_DB_CLUSTER_SNAPSHOT
                }
            },
            Resource::KmsKey(_) => ResourceType::KMS_KEY,
            Resource::Secret(_) => ResourceType::SECRETSMANAGER_SECRET,
            Resource::SecurityGroup(_) => ResourceType::EC2_SECURITY_GROUP,
            Resource::LambdaFunction(_) => ResourceType::LAMBDA_FUNCTION,
            Resource::RestStage(_) => ResourceType::API_GATEWAY_STAGE,
            Resource::RestApi(_) => ResourceType::API_GATEWAY_REST_API,
            Resource::V2Stage(_) => ResourceType::API_GATEWAY_V2_STAGE,
            Resource::V2Api(_) => ResourceType::API_GATEWAY_V2_API,
            Resource::VpcEndpoint(_) => ResourceType::EC2_VPC_ENDPOINT,
            Resource::DbProxy(_) => ResourceType::RDS_DB_PROXY,
            Resource::DaxCluster(_) => ResourceType::DAX_CLUSTER,
            Resource::DomainName(_) => ResourceType::API_GATEWAY_DOMAIN_NAME,
            Resource::Trail(_) => kinds::cloudtrail::TRAIL.type_name,
            Resource::Detector(_) => kinds::guardduty::DETECTOR.type_name,
            Resource::ConfigRecorder(_) => kinds::config::RECORDER.type_name,
            Resource::EventSubscription(_) => ResourceType::RDS_EVENT_SUBSCRIPTION,
            Resource::V2Integration(_) => ResourceType::API_GATEWAY_V2_INTEGRATION,
            Resource::Account(_) => kinds::account::ACCOUNT.type_name,
            Resource::Activity(_) => ACTIVITY_TYPE,
            Resource::Deployment(_) => DEPLOYMENT_TYPE,
        }
    }

    /// The resource's tags, where the source carried them.
    pub fn tags(&self) -> &Fact<Tags> {
        match self {
            Resource::DbInstance(db) => &db.tags,
            Resource::IamRole(r) => &r.tags,
            Resource::IamPolicy(p) => &p.tags,
            Resource::IamUser(u) => &u.tags,
            Resource::DbCluster(c) => &c.tags,
            Resource::DynamoDbTable(t) => &t.tags,
            Resource::DbSnapshot(s) => &s.tags,
            Resource::KmsKey(k) => &k.tags,
            Resource::Secret(s) => &s.tags,
            Resource::SecurityGroup(sg) => &sg.tags,
            Resource::LambdaFunction(f) => &f.tags,
            Resource::RestStage(s) => &s.tags,
            Resource::RestApi(a) => &a.tags,
            Resource::V2Stage(s) => &s.tags,
            Resource::V2Api(a) => &a.tags,
            Resource::VpcEndpoint(e) => &e.tags,
            Resource::DbProxy(p) => &p.tags,
            Resource::DaxCluster(c) => &c.tags,
            Resource::DomainName(d) => &d.tags,
            Resource::Trail(t) => &t.tags,
            Resource::Detector(d) => &d.tags,
            Resource::ConfigRecorder(r) => &r.tags,
            Resource::EventSubscription(e) => &e.tags,
            Resource::V2Integration(i) => &i.tags,
            Resource::Account(a) => &a.tags,
            Resource::Activity(a) => &a.tags,
            Resource::Deployment(d) => &d.tags,
        }
    }
}

impl Resource {
    /// Fills what the resource's ARN says and its configuration does not: the API id of an API
    /// Gateway stage (REST `/restapis/<id>/stages/<name>`, v2 `/apis/<id>/stages/<name>`). A
    /// field the configuration already knew is kept.
    pub fn fill_from_arn(&mut self, arn: &str) {
        use crate::resources::api_gateway_v2_stage::api_id_in_arn;
        match self {
            Resource::RestStage(s) if !s.rest_api_id.is_known() => {
                if let Some(id) = api_id_in_arn(arn, "restapis") {
                    s.rest_api_id = Fact::Known(id);
                }
            }
            Resource::V2Stage(s) if !s.api_id.is_known() => {
                if let Some(id) = api_id_in_arn(arn, "apis") {
                    s.api_id = Fact::Known(id);
                }
            }
            _ => {}
        }
    }

    /// The resource's tags, for a source that carries them apart from the configuration.
    pub fn tags_mut(&mut self) -> &mut Fact<Tags> {
        match self {
            Resource::DbInstance(db) => &mut db.tags,
            Resource::IamRole(r) => &mut r.tags,
            Resource::IamPolicy(p) => &mut p.tags,
            Resource::IamUser(u) => &mut u.tags,
            Resource::DbCluster(c) => &mut c.tags,
            Resource::DynamoDbTable(t) => &mut t.tags,
            Resource::DbSnapshot(s) => &mut s.tags,
            Resource::KmsKey(k) => &mut k.tags,
            Resource::Secret(s) => &mut s.tags,
            Resource::SecurityGroup(sg) => &mut sg.tags,
            Resource::LambdaFunction(f) => &mut f.tags,
            Resource::RestStage(s) => &mut s.tags,
            Resource::RestApi(a) => &mut a.tags,
            Resource::V2Stage(s) => &mut s.tags,
            Resource::V2Api(a) => &mut a.tags,
            Resource::VpcEndpoint(e) => &mut e.tags,
            Resource::DbProxy(p) => &mut p.tags,
            Resource::DaxCluster(c) => &mut c.tags,
            Resource::DomainName(d) => &mut d.tags,
            Resource::Trail(t) => &mut t.tags,
            Resource::Detector(d) => &mut d.tags,
            Resource::ConfigRecorder(r) => &mut r.tags,
            Resource::EventSubscription(e) => &mut e.tags,
            Resource::V2Integration(i) => &mut i.tags,
            Resource::Account(a) => &mut a.tags,
            Resource::Activity(a) => &mut a.tags,
            Resource::Deployment(d) => &mut d.tags,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asff_types_name_the_resource_itself_or_other() {
        let asff = |t: &str| ResourceType(t.to_string()).asff_type();
        assert_eq!(asff(ResourceType::RDS_DB_INSTANCE), "AwsRdsDbInstance");
        assert_eq!(asff(ResourceType::DYNAMODB_TABLE), "AwsDynamoDbTable");
        // A consumer-side VPC endpoint is not ASFF's AwsEc2VpcEndpointService (the provider side).
        assert_eq!(asff(ResourceType::EC2_VPC_ENDPOINT), "Other");
        assert_eq!(asff("AWS::S3::Bucket"), "Other");
    }

    #[test]
    fn asff_types_and_nouns_are_unchanged_by_the_kind_descriptors() {
        // The values the per-type matches gave before the descriptors existed.
        for (t, asff, noun) in [
            ("AWS::RDS::DBInstance", "AwsRdsDbInstance", "RDS database"),
            ("AWS::IAM::Role", "AwsIamRole", "IAM role"),
            ("AWS::IAM::Policy", "AwsIamPolicy", "IAM policy"),
            ("AWS::IAM::User", "AwsIamUser", "IAM user"),
            (
                "AWS::RDS::DBCluster",
                "AwsRdsDbCluster",
                "RDS database cluster",
            ),
            (
                "AWS::RDS::DBSnapshot",
                "AwsRdsDbSnapshot",
                "RDS database snapshot",
            ),
            (
                "AWS::RDS::DBClusterSnapshot",
                "AwsRdsDbClusterSnapshot",
                "RDS cluster snapshot",
            ),
            ("AWS::DynamoDB::Table", "AwsDynamoDbTable", "DynamoDB table"),
            ("AWS::KMS::Key", "AwsKmsKey", "KMS key"),
            (
                "AWS::SecretsManager::Secret",
                "AwsSecretsManagerSecret",
                "secret",
            ),
            (
                "AWS::Lambda::Function",
                "AwsLambdaFunction",
                "Lambda function",
            ),
            (
                "AWS::EC2::SecurityGroup",
                "AwsEc2SecurityGroup",
                "security group",
            ),
            ("AWS::EC2::VPCEndpoint", "Other", "VPC endpoint"),
            (
                "AWS::ApiGateway::Stage",
                "AwsApiGatewayStage",
                "API Gateway REST API stage",
            ),
            (
                "AWS::ApiGateway::RestApi",
                "AwsApiGatewayRestApi",
                "API Gateway REST API",
            ),
            (
                "AWS::ApiGatewayV2::Stage",
                "AwsApiGatewayV2Stage",
                "API Gateway HTTP/WebSocket API stage",
            ),
            (
                "AWS::ApiGatewayV2::Api",
                "AwsApiGatewayV2Api",
                "API Gateway HTTP/WebSocket API",
            ),
            ("AWS::RDS::DBProxy", "Other", "RDS proxy"),
            ("AWS::DAX::Cluster", "Other", "DAX cluster"),
            (
                "AWS::ApiGateway::DomainName",
                "Other",
                "API Gateway custom domain name",
            ),
            ("AWS::S3::Bucket", "Other", "resource"),
        ] {
            let r = ResourceType(t.to_string());
            assert_eq!((r.asff_type(), r.noun()), (asff, noun), "{t}");
        }
    }
}
