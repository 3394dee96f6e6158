//! Describing a resource an event named without carrying its configuration: a CloudTrail call
//! without a usable description, or an oversized Config item that AWS Config's history cannot
//! give back ([`config_history`] tries that first).
//!
//! Each adapter calls the service's describe API and shapes the answer as the event JSON the
//! core already reads (the AWS Config item's `configuration`, or CloudTrail's
//! `responseElements`), so every source still ends in the same model. A resource the service no
//! longer has is observed deleted.
//!
//! | type | adapter |
//! |---|---|
//! | `AWS::RDS::DBInstance` | [`rds::db_instance`] (`DescribeDBInstances`) |
//! | `AWS::RDS::DBProxy` | [`rds::db_proxy`] (`DescribeDBProxies`) |
//! | `AWS::DAX::Cluster` | [`dax::cluster`] (`DescribeClusters`) |
//! | `AWS::IAM::User` | [`iam::user`] (`GetUser` and the user's policies and groups) |
//! | `AWS::ApiGateway::DomainName` | [`apigateway::domain_name`] (`GetDomainName`) |
//! | `AWS::CloudTrail::Trail` | [`cloudtrail::trail`] (`GetTrail`, `GetTrailStatus`, `GetEventSelectors`) |
//! | `AWS::GuardDuty::Detector` | [`guardduty::detector`] (`GetDetector`) |
//! | `AWS::Config::ConfigurationRecorder` | [`config_recorder::recorder`] (`DescribeConfigurationRecorders`, `DescribeConfigurationRecorderStatus`) |
//! | `AWS::RDS::DBCluster` | [`crate::list::rds::cluster`] (`DescribeDBClusters` by identifier) |
//! | `AWS::DynamoDB::Table` | [`crate::list::dynamodb::table`] (`DescribeTable`, backups, tags) |
//! | `AWS::KMS::Key` | [`crate::list::kms::key`] (`DescribeKey`, rotation status) |
//! | `AWS::RDS::DBSnapshot` | [`crate::list::rds::snapshot`] (`DescribeDBSnapshots` by identifier, attributes) |
//! | `AWS::RDS::DBClusterSnapshot` | [`crate::list::rds::cluster_snapshot`] (`DescribeDBClusterSnapshots` by identifier, attributes) |
//! | `AWS::EC2::SecurityGroup` | [`crate::list::ec2::security_group`] (`DescribeSecurityGroups` by id) |
//! | `AWS::EC2::VPCEndpoint` | [`crate::list::ec2::vpc_endpoint`] (`DescribeVpcEndpoints` by id) |
//! | `AWS::IAM::Role` | [`crate::list::iam::role`] (`GetRole`, inline and attached policies) |
//! | `AWS::IAM::Policy` | [`crate::list::iam::policy`] (`GetPolicy`, the default version's document) |
//! | `AWS::Lambda::Function` | [`crate::list::lambda::function`] (`GetFunction`) |
//! | `AWS::SecretsManager::Secret` | [`crate::list::secretsmanager::secret`] (`DescribeSecret`) |
//! | `AWS::ApiGateway::RestApi` | [`crate::list::apigateway::rest_api`] (`GetRestApi`) |
//! | `AWS::ApiGateway::Stage` | [`crate::list::apigateway::rest_stage`] (`GetStage`) |
//! | `AWS::ApiGatewayV2::Api` | [`crate::list::apigateway::v2_api`] (`GetApi`) |
//! | `AWS::ApiGatewayV2::Stage` | [`crate::list::apigateway::v2_stage`] (`GetStage`) |

pub mod apigateway;
pub mod cloudtrail;
pub mod config_history;
pub mod config_recorder;
pub mod dax;
pub mod guardduty;
pub mod iam;
pub mod rds;

use crate::clients::Clients;
use crate::error::AwsError;
use serde_json::Value;
use vigil_core::json::{FieldWarning, Obj, Warnings};
use vigil_core::lookups::LookupKey;
use vigil_core::observation::{Observation, ObservedState};
use vigil_core::resource::{Resource, ResourceRef, ResourceType, Tags};
use vigil_core::sweep::Description;
use vigil_core::Fact;

/// Whether [`describe`] can describe this resource type: its kind descriptor names a describe
/// call (`vigil_core::kinds::Kind::describe`), whose IAM actions the template grants (tested).
pub fn has_describe(resource_type: &ResourceType) -> bool {
    resource_type.kind().is_some_and(|k| k.describable())
}

/// Describes the resource with its service's API: present with the description, or deleted
/// when the service no longer has it.
pub async fn describe(
    clients: &Clients,
    observation: Observation,
) -> Result<Observation, AwsError> {
    describe_settling(clients, observation)
        .await
        .map(|(o, _)| o)
}

/// As [`describe`], with the resource's status when the description says it is still being
/// created ([`settling`]).
pub async fn describe_settling(
    clients: &Clients,
    observation: Observation,
) -> Result<(Observation, Option<String>), AwsError> {
    let found = Box::pin(described(clients, &observation)).await?;
    let settling = found.as_ref().and_then(|d| settling(&d.json));
    Ok((with_described(observation, found)?, settling))
}

/// What a CloudTrail call's describe found ([`describe_call`]).
pub struct DescribedCall {
    /// The observation, present with its description, or deleted.
    pub observation: Observation,
    /// The resource's status while it is still being created ([`settling`]).
    pub settling: Option<String>,
    /// The lookup answers the description already carries, for the same event's lookups
    /// ([`crate::lookup::seeded`]).
    pub answers: Vec<(LookupKey, Value)>,
}

/// As [`describe_settling`], with the lookup answers the description carries: the sweep's
/// answers from a listing ([`crate::lookup::listed::answers`]; the describers share the
/// listings' shaping), `checked_at` (RFC 3339) stamping those that say when they were checked.
/// A function described with `GetFunction` answers its own `lambda.function-configuration`
/// lookup, a secret described with `DescribeSecret` its `secretsmanager.secret` lookup.
pub async fn describe_call(
    clients: &Clients,
    observation: Observation,
    checked_at: &str,
) -> Result<DescribedCall, AwsError> {
    let found = Box::pin(described(clients, &observation)).await?;
    let settling = found.as_ref().and_then(|d| settling(&d.json));
    let answers = found
        .as_ref()
        .map(|d| carried_answers(d, &observation.resource, checked_at))
        .unwrap_or_default();
    Ok(DescribedCall {
        observation: with_described(observation, found)?,
        settling,
        answers,
    })
}

/// The lookup answers a description of `resource` carries ([`describe_call`]).
fn carried_answers(
    found: &Described,
    resource: &ResourceRef,
    checked_at: &str,
) -> Vec<(LookupKey, Value)> {
    let Some(kind) = resource.resource_type.kind() else {
        return Vec::new();
    };
    // The kinds whose listings answer lookups (the others would only be copied for nothing).
    if !matches!(
        kind.type_name,
        ResourceType::LAMBDA_FUNCTION | ResourceType::SECRETSMANAGER_SECRET | ResourceType::KMS_KEY
    ) {
        return Vec::new();
    }
    let description = Description {
        resource_type: kind.type_name,
        id: found.id.clone().unwrap_or_else(|| resource.id.clone()),
        name: found.name.clone(),
        arn: found.arn.clone().unwrap_or_else(|| resource.arn.clone()),
        configuration: found.json.clone(),
        supplementary: None,
        tags: None,
        operation: found.call,
    };
    crate::lookup::listed::answers(&description, checked_at)
}

/// The status members of the descriptions (RDS's `dBInstanceStatus` and `status`, DynamoDB's
/// `tableStatus`, DAX's `status`, a VPC endpoint's `state.value`, a Lambda function's
/// `state`) and the values that mean the resource is still being created: what the describe
/// call shows may be about to change, so a call is judged once it has settled.
const SETTLING: &[&str] = &["creating", "pending"];

/// The status of a description that says the resource is still being created, if any.
pub fn settling(json: &Value) -> Option<String> {
    let candidates = [
        json.get("dBInstanceStatus"),
        json.get("status"),
        json.get("tableStatus"),
        json.get("state").and_then(|s| s.get("value").or(Some(s))),
    ];
    candidates
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .find(|s| SETTLING.contains(&s.to_ascii_lowercase().as_str()))
        .map(str::to_string)
}

/// The describe adapter's answer for the observation's resource (`None`: the service has no
/// such resource). Each adapter's future is boxed: side by side in one match, their frames
/// would overflow a test thread's stack in a debug build.
async fn described(
    clients: &Clients,
    observation: &Observation,
) -> Result<Option<Described>, AwsError> {
    let resource = &observation.resource;
    let found = match resource.resource_type.as_str() {
        ResourceType::RDS_DB_INSTANCE => Box::pin(rds::db_instance(&clients.rds, resource)).await?,
        ResourceType::RDS_DB_PROXY => Box::pin(rds::db_proxy(&clients.rds, resource)).await?,
        ResourceType::DAX_CLUSTER => Box::pin(dax::cluster(&clients.dax, resource)).await?,
        ResourceType::IAM_USER => Box::pin(iam::user(&clients.iam, resource)).await?,
        ResourceType::API_GATEWAY_DOMAIN_NAME => {
            Box::pin(apigateway::domain_name(&clients.apigateway, resource)).await?
        }
        t if t == vigil_core::kinds::cloudtrail::TRAIL.type_name => {
            Box::pin(cloudtrail::trail(&clients.cloudtrail, resource)).await?
        }
        t if t == vigil_core::kinds::config::RECORDER.type_name => {
            Box::pin(config_recorder::recorder(&clients.config, resource)).await?
        }
        t if t == vigil_core::kinds::guardduty::DETECTOR.type_name => {
            Box::pin(guardduty::detector(&clients.guardduty, resource)).await?
        }
        ResourceType::RDS_DB_CLUSTER => Box::pin(crate::list::rds::cluster(
            &clients.rds,
            resource.display_name(),
        ))
        .await?
        .map(Described::from),
        ResourceType::RDS_EVENT_SUBSCRIPTION => Box::pin(crate::list::rds::event_subscription(
            &clients.rds,
            resource.display_name(),
        ))
        .await?
        .map(Described::from),
        ResourceType::DYNAMODB_TABLE => Box::pin(crate::list::dynamodb::table(
            &clients.dynamodb,
            resource.display_name(),
        ))
        .await?
        .map(Described::from),
        // The account (a password-policy call): described as the sweep describes it, less the
        // monitored Regions' detectors, which only the sweep knows (GuardDuty.1 stays as the
        // last sweep judged it).
        t if t == vigil_core::kinds::account::ACCOUNT.type_name => Box::pin(
            crate::list::account::account(clients, &target(resource), None),
        )
        .await?
        .into_iter()
        .next()
        .map(Described::from),
        ResourceType::KMS_KEY => Box::pin(crate::list::kms::key(&clients.kms, &resource.id))
            .await?
            .map(Described::from),
        ResourceType::RDS_DB_SNAPSHOT => Box::pin(crate::list::rds::snapshot(
            &clients.rds,
            resource.display_name(),
        ))
        .await?
        .map(Described::from),
        ResourceType::RDS_DB_CLUSTER_SNAPSHOT => Box::pin(crate::list::rds::cluster_snapshot(
            &clients.rds,
            resource.display_name(),
        ))
        .await?
        .map(Described::from),
        ResourceType::EC2_SECURITY_GROUP => Box::pin(crate::list::ec2::security_group(
            &clients.ec2,
            &target(resource),
            &resource.id,
        ))
        .await?
        .map(Described::from),
        ResourceType::EC2_VPC_ENDPOINT => Box::pin(crate::list::ec2::vpc_endpoint(
            &clients.ec2,
            &target(resource),
            &resource.id,
        ))
        .await?
        .map(Described::from),
        ResourceType::IAM_ROLE => Box::pin(crate::list::iam::role(
            &clients.iam,
            resource.display_name(),
        ))
        .await?
        .map(Described::from),
        ResourceType::IAM_POLICY => Box::pin(crate::list::iam::policy(&clients.iam, &resource.arn))
            .await?
            .map(Described::from),
        ResourceType::LAMBDA_FUNCTION => Box::pin(crate::list::lambda::function(
            &clients.lambda,
            resource.display_name(),
        ))
        .await?
        .map(Described::from),
        ResourceType::SECRETSMANAGER_SECRET => {
            // Its ARN: the real one, or one built from its name, which Secrets Manager reads as
            // a partial ARN.
            Box::pin(crate::list::secretsmanager::secret(
                &clients.secretsmanager,
                &resource.arn,
            ))
            .await?
            .map(Described::from)
        }
        // API Gateway names its APIs and stages by ARN paths (`/restapis/<id>/stages/<name>`).
        ResourceType::API_GATEWAY_REST_API => {
            let id = apigateway::api_id(&resource.arn, "restapis")?;
            Box::pin(crate::list::apigateway::rest_api(
                &clients.apigateway,
                &target(resource),
                id,
            ))
            .await?
            .map(Described::from)
        }
        ResourceType::API_GATEWAY_STAGE => {
            let (api, stage) = apigateway::stage_path(&resource.arn, "restapis")?;
            Box::pin(crate::list::apigateway::rest_stage(
                &clients.apigateway,
                &target(resource),
                api,
                stage,
            ))
            .await?
            .map(Described::from)
        }
        ResourceType::API_GATEWAY_V2_API => {
            let id = apigateway::api_id(&resource.arn, "apis")?;
            Box::pin(crate::list::apigateway::v2_api(
                &clients.apigatewayv2,
                &target(resource),
                id,
            ))
            .await?
            .map(Described::from)
        }
        ResourceType::API_GATEWAY_V2_STAGE => {
            let (api, stage) = apigateway::stage_path(&resource.arn, "apis")?;
            Box::pin(crate::list::apigateway::v2_stage(
                &clients.apigatewayv2,
                &target(resource),
                api,
                stage,
            ))
            .await?
            .map(Described::from)
        }
        other => {
            return Err(AwsError::Fetch {
                arn: resource.arn.clone(),
                message: format!("no describe adapter for {other}"),
            })
        }
    };
    Ok(found)
}

/// Where a list adapter's one-resource describe reads: the resource's account and region.
fn target(resource: &ResourceRef) -> crate::list::Target {
    crate::list::Target {
        account: resource.account.clone(),
        region: resource.region.clone(),
        monitored: Vec::new(),
    }
}

/// What a describe call found: the resource in the event JSON shape the core reads, and the
/// identity the description carries where the event could only guess it.
#[derive(Clone, Debug, PartialEq)]
pub struct Described {
    /// The description, shaped as the event's configuration.
    pub json: Value,
    /// The API call, named in parse errors.
    pub call: &'static str,
    /// The resource's ARN, when the description gives it (a proxy's ARN ends in its id).
    pub arn: Option<String>,
    /// The id AWS Config uses (`dbiResourceId`, `UserId`), when the description gives it.
    pub id: Option<String>,
    /// The resource's name, when the description gives it.
    pub name: Option<String>,
    /// The supplementary configuration, as an AWS Config item carries it (a key's rotation
    /// status, a table's backups), where the description includes it.
    pub supplementary: Option<Value>,
    /// Tags given apart from the configuration.
    pub tags: Option<Tags>,
}

impl Described {
    /// A description from `call`, without identity of its own.
    pub fn new(json: Value, call: &'static str) -> Self {
        Described {
            json,
            call,
            arn: None,
            id: None,
            name: None,
            supplementary: None,
            tags: None,
        }
    }
}

impl From<Description> for Described {
    /// A list adapter's description of one resource (the describe adapters that list one
    /// resource by its name reuse the list adapters' shapers).
    fn from(d: Description) -> Self {
        Described {
            json: d.configuration,
            call: d.operation,
            arn: Some(d.arn),
            id: Some(d.id),
            name: d.name,
            supplementary: d.supplementary.map(Value::Object),
            tags: d.tags,
        }
    }
}

/// The observation with what a describe call found: present with the parsed description and
/// its identity, or deleted when the service no longer has the resource (`None`).
pub fn with_described(
    mut observation: Observation,
    found: Option<Described>,
) -> Result<Observation, AwsError> {
    let Some(d) = found else {
        observation.state = ObservedState::Deleted;
        return Ok(observation);
    };
    let (mut resource, warnings) = parse_described(
        &observation.resource.resource_type,
        &d.json,
        d.supplementary.as_ref(),
        d.call,
    )?;
    observation.warnings.extend(warnings);
    if let Some(tags) = d.tags {
        *resource.tags_mut() = Fact::Known(tags);
    }
    if let Some(arn) = d.arn {
        observation.resource.arn = arn;
    }
    if let Some(id) = d.id {
        observation.resource.id = id;
    }
    if let Some(name) = d.name {
        observation.resource.name = Some(name);
    }
    // What the ARN says and the description does not (a stage's API id), as for the events.
    resource.fill_from_arn(&observation.resource.arn);
    observation.state = ObservedState::Present(resource);
    Ok(observation)
}

/// Parses a describe call's answer, shaped as the event JSON, with the core's reader for `type_`
/// (`call` names the API call in errors), leniently like an event's configuration: a member of
/// an unexpected type is set aside with a warning.
fn parse_described(
    type_: &ResourceType,
    json: &Value,
    supplementary: Option<&Value>,
    call: &str,
) -> Result<(Resource, Vec<FieldWarning>), AwsError> {
    let warnings = Warnings::default();
    let supplementary = supplementary
        .map(|s| Obj::lenient(s, call, &warnings))
        .transpose()?;
    let resource = vigil_core::resources::parse_configuration(
        type_.as_str(),
        Obj::lenient(json, call, &warnings)?,
        supplementary,
    )
    .ok_or_else(|| AwsError::Config(format!("{type_} is not modelled")))?
    .map_err(AwsError::from)?;
    Ok((resource, warnings.into_vec()))
}

#[cfg(test)]
mod tests {
    use super::settling;
    use serde_json::json;

    #[test]
    fn a_description_still_being_created_is_settling_and_others_are_not() {
        for (json, want) in [
            (json!({"dBInstanceStatus": "creating"}), Some("creating")),
            (json!({"status": "creating"}), Some("creating")),
            (json!({"tableStatus": "CREATING"}), Some("CREATING")),
            (json!({"state": {"value": "pending"}}), Some("pending")),
            (json!({"dBInstanceStatus": "available"}), None),
            (json!({"tableStatus": "ACTIVE"}), None),
            // Waiting for the service owner's acceptance is not settling: it may never end.
            (json!({"state": {"value": "pendingAcceptance"}}), None),
            (json!({"functionName": "f"}), None),
        ] {
            assert_eq!(settling(&json).as_deref(), want, "{json}");
        }
    }
}
