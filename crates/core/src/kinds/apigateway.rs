//! API Gateway: REST APIs and stages, HTTP/WebSocket (v2) APIs and stages, custom domain names.
//!
//! API Gateway's IAM actions are HTTP verbs on resource paths: every read is `apigateway:GET`.

use super::CallEffect::{Deletes, Describes};
use super::Place::{Request, Response};
use super::{call, ApiCall, BuiltArn, Kind, Naming};
use crate::resource::Resource;
use crate::resources::api_gateway_domain_name::DomainName;
use crate::resources::api_gateway_rest_api::RestApi;
use crate::resources::api_gateway_stage::RestStage;
use crate::resources::api_gateway_v2_api::V2Api;
use crate::resources::api_gateway_v2_stage::V2Stage;

const GET: &[&str] = &["apigateway:GET"];

/// `AWS::ApiGateway::RestApi`.
pub const REST_API: Kind = Kind {
    type_name: "AWS::ApiGateway::RestApi",
    asff_type: "AwsApiGatewayRestApi",
    noun: "API Gateway REST API",
    recorded_by_config: true,
    parse: |c, _| RestApi::parse(c).map(Resource::RestApi),
    calls: &[],
    describe: None,
    list: ApiCall {
        operation: "GetRestApis",
        actions: GET,
    },
};

/// `AWS::ApiGateway::Stage` (a REST API's stage).
pub const STAGE: Kind = Kind {
    type_name: "AWS::ApiGateway::Stage",
    asff_type: "AwsApiGatewayStage",
    noun: "API Gateway REST API stage",
    recorded_by_config: true,
    parse: |c, _| RestStage::parse(c).map(Resource::RestStage),
    calls: &[],
    describe: None,
    list: ApiCall {
        operation: "GetStages",
        actions: GET,
    },
};

/// `AWS::ApiGatewayV2::Api` (HTTP and WebSocket APIs).
pub const V2_API: Kind = Kind {
    type_name: "AWS::ApiGatewayV2::Api",
    asff_type: "AwsApiGatewayV2Api",
    noun: "API Gateway HTTP/WebSocket API",
    recorded_by_config: true,
    parse: |c, _| V2Api::parse(c).map(Resource::V2Api),
    calls: &[],
    describe: None,
    list: ApiCall {
        operation: "GetApis",
        actions: GET,
    },
};

/// `AWS::ApiGatewayV2::Stage`.
pub const V2_STAGE: Kind = Kind {
    type_name: "AWS::ApiGatewayV2::Stage",
    asff_type: "AwsApiGatewayV2Stage",
    noun: "API Gateway HTTP/WebSocket API stage",
    recorded_by_config: true,
    parse: |c, _| V2Stage::parse(c).map(Resource::V2Stage),
    calls: &[],
    describe: None,
    list: ApiCall {
        operation: "GetStages",
        actions: GET,
    },
};

const APIGATEWAY: &str = "apigateway.amazonaws.com";

/// A domain name call names the domain by `domainName`: in the response, else the request (a
/// path parameter of Update and Delete; the body of Create, also looked for under
/// `createDomainNameInput`). The ARN follows from the name.
const DOMAIN_NAMING: Naming = Naming {
    wrapper: None,
    name: &[
        Response(&["domainName"]),
        Request(&["domainName"]),
        Request(&["createDomainNameInput", "domainName"]),
    ],
    id: None,
    arn: None,
    arn_pattern: "arn:{partition}:apigateway:{region}::/domainnames/{name}",
    built_arn: BuiltArn::Real,
};

/// `AWS::ApiGateway::DomainName`: a custom domain name (REST and v2 APIs share them and the
/// call names). AWS Config does not record it: its only events are these calls.
pub const DOMAIN_NAME: Kind = Kind {
    type_name: "AWS::ApiGateway::DomainName",
    asff_type: "Other",
    noun: "API Gateway custom domain name",
    recorded_by_config: false,
    parse: |c, _| DomainName::parse(c).map(Resource::DomainName),
    calls: &[
        call(APIGATEWAY, "CreateDomainName", Describes, &DOMAIN_NAMING),
        call(APIGATEWAY, "UpdateDomainName", Describes, &DOMAIN_NAMING),
        call(APIGATEWAY, "DeleteDomainName", Deletes, &DOMAIN_NAMING),
    ],
    describe: Some(ApiCall {
        operation: "GetDomainName",
        actions: GET,
    }),
    list: ApiCall {
        operation: "GetDomainNames",
        actions: GET,
    },
};
