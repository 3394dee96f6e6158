//! API Gateway: REST APIs and stages, HTTP/WebSocket (v2) APIs and stages, custom domain names.
//!
//! API Gateway's IAM actions are HTTP verbs on resource paths: every read is `apigateway:GET`.

use super::CallEffect::{Deletes, Describes, Names};
use super::Place::{Request, Response};
use super::{call, ApiCall, BuiltArn, Kind, Naming};
use crate::resource::Resource;
use crate::resources::api_gateway_domain_name::DomainName;
use crate::resources::api_gateway_rest_api::RestApi;
use crate::resources::api_gateway_stage::RestStage;
use crate::resources::api_gateway_v2_api::V2Api;
use crate::resources::api_gateway_v2_integration::V2Integration;
use crate::resources::api_gateway_v2_stage::V2Stage;

const GET: &[&str] = &["apigateway:GET"];

const APIGATEWAY: &str = "apigateway.amazonaws.com";

/// Where a REST (v1) call has its API's id: the path parameter `restApiId`. A call that names
/// it is a REST API call; API Gateway records v1 and v2 calls under one event source, and some
/// under one name (`CreateStage`, `CreateAuthorizer`, `CreateDeployment`).
const REST_API_ID: super::Place = Request(&["restApiId"]);
/// Where an HTTP/WebSocket (v2) call has its API's id: the path parameter `apiId`.
const V2_API_ID: super::Place = Request(&["apiId"]);

/// A REST API call names the API by its id: the response's `id` (create, import, put,
/// update), else the request's `restApiId`. The ARN follows from the id.
const REST_API_NAMING: Naming = Naming {
    wrapper: None,
    name: &[Request(&["restApiId"]), Response(&["id"])],
    parent: &[],
    id: None,
    arn: None,
    arn_pattern: "arn:{partition}:apigateway:{region}::/restapis/{name}",
    built_arn: BuiltArn::Real,
};

/// A REST API stage call names the stage by its name and its API by `restApiId`.
const STAGE_NAMING: Naming = Naming {
    wrapper: None,
    name: &[Response(&["stageName"]), Request(&["stageName"])],
    parent: &[REST_API_ID],
    id: None,
    arn: None,
    arn_pattern: "arn:{partition}:apigateway:{region}::/restapis/{parent}/stages/{name}",
    built_arn: BuiltArn::Real,
};

/// An HTTP/WebSocket API call names the API by its id: the response's `apiId`, else the
/// request's.
const V2_API_NAMING: Naming = Naming {
    wrapper: None,
    name: &[Request(&["apiId"]), Response(&["apiId"])],
    parent: &[],
    id: None,
    arn: None,
    arn_pattern: "arn:{partition}:apigateway:{region}::/apis/{name}",
    built_arn: BuiltArn::Real,
};

/// An HTTP/WebSocket API stage call names the stage by its name and its API by `apiId`.
const V2_STAGE_NAMING: Naming = Naming {
    wrapper: None,
    name: &[Response(&["stageName"]), Request(&["stageName"])],
    parent: &[V2_API_ID],
    id: None,
    arn: None,
    arn_pattern: "arn:{partition}:apigateway:{region}::/apis/{parent}/stages/{name}",
    built_arn: BuiltArn::Real,
};

/// `AWS::ApiGateway::RestApi`.
pub const REST_API: Kind = Kind {
    type_name: "AWS::ApiGateway::RestApi",
    asff_type: "AwsApiGatewayRestApi",
    noun: "API Gateway REST API",
    recorded_by_config: true,
    parse: |c, _| RestApi::parse(c).map(Resource::RestApi),
    // The API calls answer with the API (`RestApi`). Methods, authorizers and deployments
    // change what the API's methods require (looked up), so they have the API described.
    calls: &[
        call(APIGATEWAY, "CreateRestApi", Describes, &REST_API_NAMING),
        call(APIGATEWAY, "ImportRestApi", Describes, &REST_API_NAMING),
        call(APIGATEWAY, "PutRestApi", Describes, &REST_API_NAMING),
        call(APIGATEWAY, "UpdateRestApi", Describes, &REST_API_NAMING),
        call(APIGATEWAY, "DeleteRestApi", Deletes, &REST_API_NAMING),
        call(APIGATEWAY, "PutMethod", Names, &REST_API_NAMING),
        call(APIGATEWAY, "UpdateMethod", Names, &REST_API_NAMING),
        call(APIGATEWAY, "DeleteMethod", Names, &REST_API_NAMING),
        call(APIGATEWAY, "CreateAuthorizer", Names, &REST_API_NAMING).only_if(REST_API_ID),
        call(APIGATEWAY, "UpdateAuthorizer", Names, &REST_API_NAMING).only_if(REST_API_ID),
        call(APIGATEWAY, "DeleteAuthorizer", Names, &REST_API_NAMING).only_if(REST_API_ID),
        call(APIGATEWAY, "CreateDeployment", Names, &REST_API_NAMING).only_if(REST_API_ID),
    ],
    describe: Some(ApiCall {
        operation: "GetRestApi",
        actions: GET,
    }),
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
    // The stage calls answer with the stage (`Stage`), but the model reads a described stage
    // without `variables` as "no stage variables", and Vigil does not rely on CloudTrail's
    // record of values that may be secrets: the stage is described again instead, so a call
    // never passes the stage-variable rule on what CloudTrail left out.
    calls: &[
        call(APIGATEWAY, "CreateStage", Names, &STAGE_NAMING).only_if(REST_API_ID),
        call(APIGATEWAY, "UpdateStage", Names, &STAGE_NAMING).only_if(REST_API_ID),
        call(APIGATEWAY, "DeleteStage", Deletes, &STAGE_NAMING).only_if(REST_API_ID),
    ],
    describe: Some(ApiCall {
        operation: "GetStage",
        actions: GET,
    }),
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
    // The API calls answer with the API (`Api`). Routes and authorizers change what the routes
    // require (looked up), so they have the API described. A v2 `CreateDeployment` is not
    // evaluated: the v2 rules read the API's routes as configured (`GetRoutes`), which a
    // deployment does not change.
    calls: &[
        call(APIGATEWAY, "CreateApi", Describes, &V2_API_NAMING),
        call(APIGATEWAY, "ImportApi", Describes, &V2_API_NAMING),
        call(APIGATEWAY, "ReimportApi", Describes, &V2_API_NAMING),
        call(APIGATEWAY, "UpdateApi", Describes, &V2_API_NAMING),
        call(APIGATEWAY, "DeleteApi", Deletes, &V2_API_NAMING),
        call(APIGATEWAY, "CreateRoute", Names, &V2_API_NAMING),
        call(APIGATEWAY, "UpdateRoute", Names, &V2_API_NAMING),
        call(APIGATEWAY, "DeleteRoute", Names, &V2_API_NAMING),
        call(APIGATEWAY, "CreateAuthorizer", Names, &V2_API_NAMING).only_if(V2_API_ID),
        call(APIGATEWAY, "UpdateAuthorizer", Names, &V2_API_NAMING).only_if(V2_API_ID),
        call(APIGATEWAY, "DeleteAuthorizer", Names, &V2_API_NAMING).only_if(V2_API_ID),
    ],
    describe: Some(ApiCall {
        operation: "GetApi",
        actions: GET,
    }),
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
    // The stage calls answer with the stage (`Stage`).
    calls: &[
        call(APIGATEWAY, "CreateStage", Describes, &V2_STAGE_NAMING).only_if(V2_API_ID),
        call(APIGATEWAY, "UpdateStage", Describes, &V2_STAGE_NAMING).only_if(V2_API_ID),
        call(APIGATEWAY, "DeleteStage", Deletes, &V2_STAGE_NAMING).only_if(V2_API_ID),
    ],
    describe: Some(ApiCall {
        operation: "GetStage",
        actions: GET,
    }),
    list: ApiCall {
        operation: "GetStages",
        actions: GET,
    },
};

/// `AWS::ApiGatewayV2::Integration`: an HTTP or WebSocket API's integration. AWS Config records
/// it (the change-triggered managed rule `apigatewayv2-integration-private-https-enabled`
/// evaluates it). No CloudTrail call is evaluated yet: `UpdateIntegration` and
/// `DeleteIntegration` share their names with REST API calls and no sample of their v2 records
/// was found, so integrations come from Config items and the sweep (`GetIntegrations` per API).
pub const V2_INTEGRATION: Kind = Kind {
    type_name: "AWS::ApiGatewayV2::Integration",
    asff_type: "Other",
    noun: "API Gateway v2 integration",
    recorded_by_config: true,
    parse: |c, _| V2Integration::parse(c).map(Resource::V2Integration),
    calls: &[],
    describe: None,
    list: ApiCall {
        operation: "GetIntegrations",
        actions: GET,
    },
};

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
    parent: &[],
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
