//! Resource identity ([`ResourceRef`]) and the normalised, typed resource model ([`Resource`]).

use crate::fact::Fact;
use crate::resources::api_gateway_rest_api::RestApi;
use crate::resources::api_gateway_stage::RestStage;
use crate::resources::api_gateway_v2_api::V2Api;
use crate::resources::api_gateway_v2_stage::V2Stage;
use crate::resources::lambda_function::LambdaFunction;
use crate::resources::rds_instance::DbInstance;
use crate::resources::security_group::SecurityGroup;
use crate::resources::vpc_endpoint::VpcEndpoint;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// An AWS resource type as AWS Config names it, e.g. `AWS::RDS::DBInstance`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ResourceType(pub String);

impl ResourceType {
    /// `AWS::RDS::DBInstance`.
    pub const RDS_DB_INSTANCE: &'static str = "AWS::RDS::DBInstance";
    /// `AWS::EC2::SecurityGroup`.
    pub const EC2_SECURITY_GROUP: &'static str = "AWS::EC2::SecurityGroup";
    /// `AWS::EC2::VPCEndpoint`.
    pub const EC2_VPC_ENDPOINT: &'static str = "AWS::EC2::VPCEndpoint";
    /// `AWS::Lambda::Function`.
    pub const LAMBDA_FUNCTION: &'static str = "AWS::Lambda::Function";
    /// `AWS::ApiGateway::RestApi`.
    pub const API_GATEWAY_REST_API: &'static str = "AWS::ApiGateway::RestApi";
    /// `AWS::ApiGateway::Stage`.
    pub const API_GATEWAY_STAGE: &'static str = "AWS::ApiGateway::Stage";
    /// `AWS::ApiGatewayV2::Api`.
    pub const API_GATEWAY_V2_API: &'static str = "AWS::ApiGatewayV2::Api";
    /// `AWS::ApiGatewayV2::Stage`.
    pub const API_GATEWAY_V2_STAGE: &'static str = "AWS::ApiGatewayV2::Stage";

    /// The type's AWS Config name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The resource type Security Hub's ASFF uses for this Config type (`AwsRdsDbInstance`), or
    /// `Other` where ASFF has no specific type.
    pub fn asff_type(&self) -> &'static str {
        match self.0.as_str() {
            Self::RDS_DB_INSTANCE => "AwsRdsDbInstance",
            "AWS::RDS::DBCluster" => "AwsRdsDbCluster",
            "AWS::RDS::DBSnapshot" => "AwsRdsDbSnapshot",
            "AWS::RDS::DBClusterSnapshot" => "AwsRdsDbClusterSnapshot",
            "AWS::DynamoDB::Table" => "AwsDynamoDbTable",
            "AWS::KMS::Key" => "AwsKmsKey",
            "AWS::SecretsManager::Secret" => "AwsSecretsManagerSecret",
            "AWS::IAM::Role" => "AwsIamRole",
            "AWS::IAM::Policy" => "AwsIamPolicy",
            "AWS::IAM::User" => "AwsIamUser",
            "AWS::Lambda::Function" => "AwsLambdaFunction",
            "AWS::EC2::SecurityGroup" => "AwsEc2SecurityGroup",
            "AWS::EC2::VPCEndpoint" => "AwsEc2VpcEndpointService",
            "AWS::ApiGateway::Stage" => "AwsApiGatewayStage",
            "AWS::ApiGateway::RestApi" => "AwsApiGatewayRestApi",
            "AWS::ApiGatewayV2::Stage" => "AwsApiGatewayV2Stage",
            "AWS::ApiGatewayV2::Api" => "AwsApiGatewayV2Api",
            _ => "Other",
        }
    }

    /// A short noun for people: "database instance".
    pub fn noun(&self) -> &'static str {
        match self.0.as_str() {
            Self::RDS_DB_INSTANCE => "RDS database",
            Self::EC2_SECURITY_GROUP => "security group",
            Self::LAMBDA_FUNCTION => "Lambda function",
            Self::EC2_VPC_ENDPOINT => "VPC endpoint",
            Self::API_GATEWAY_STAGE => "API Gateway REST API stage",
            Self::API_GATEWAY_REST_API => "API Gateway REST API",
            Self::API_GATEWAY_V2_API => "API Gateway HTTP/WebSocket API",
            Self::API_GATEWAY_V2_STAGE => "API Gateway HTTP/WebSocket API stage",
            _ => "resource",
        }
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

impl ResourceRef {
    /// The key of this resource's state: account, region and ARN.
    pub fn key(&self) -> String {
        format!("{}#{}#{}", self.account, self.region, self.arn)
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
}

impl Resource {
    /// The AWS Config type of this resource.
    pub fn type_name(&self) -> &'static str {
        match self {
            Resource::DbInstance(_) => ResourceType::RDS_DB_INSTANCE,
            Resource::SecurityGroup(_) => ResourceType::EC2_SECURITY_GROUP,
            Resource::LambdaFunction(_) => ResourceType::LAMBDA_FUNCTION,
            Resource::RestStage(_) => ResourceType::API_GATEWAY_STAGE,
            Resource::RestApi(_) => ResourceType::API_GATEWAY_REST_API,
            Resource::V2Stage(_) => ResourceType::API_GATEWAY_V2_STAGE,
            Resource::V2Api(_) => ResourceType::API_GATEWAY_V2_API,
            Resource::VpcEndpoint(_) => ResourceType::EC2_VPC_ENDPOINT,
        }
    }

    /// The resource's tags, where the source carried them.
    pub fn tags(&self) -> &Fact<Tags> {
        match self {
            Resource::DbInstance(db) => &db.tags,
            Resource::SecurityGroup(sg) => &sg.tags,
            Resource::LambdaFunction(f) => &f.tags,
            Resource::RestStage(s) => &s.tags,
            Resource::RestApi(a) => &a.tags,
            Resource::V2Stage(s) => &s.tags,
            Resource::V2Api(a) => &a.tags,
            Resource::VpcEndpoint(e) => &e.tags,
        }
    }
}

impl Resource {
    /// The resource's tags, for a source that carries them apart from the configuration.
    pub fn tags_mut(&mut self) -> &mut Fact<Tags> {
        match self {
            Resource::DbInstance(db) => &mut db.tags,
            Resource::SecurityGroup(sg) => &mut sg.tags,
            Resource::LambdaFunction(f) => &mut f.tags,
            Resource::RestStage(s) => &mut s.tags,
            Resource::RestApi(a) => &mut a.tags,
            Resource::V2Stage(s) => &mut s.tags,
            Resource::V2Api(a) => &mut a.tags,
            Resource::VpcEndpoint(e) => &mut e.tags,
        }
    }
}
