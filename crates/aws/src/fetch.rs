//! Fetching what an event did not carry: an oversized Config item (from AWS Config's history)
//! or a resource a CloudTrail call named without describing (from the service's describe call).
//!
//! Fetched configurations are turned into the same JSON shape the events carry and parsed by
//! the core's own readers, so every source still ends in the same model.
//!
//! Describe calls (for CloudTrail calls without a usable description, and oversized items):
//! RDS `DescribeDBInstances` (`AWS::RDS::DBInstance`), RDS `DescribeDBProxies`
//! (`AWS::RDS::DBProxy`) and DAX `DescribeClusters` (`AWS::DAX::Cluster`, with the client added
//! by [`Fetcher::with_dax`]). A resource the describe call does not find is deleted.

use crate::error::AwsError;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use tracing::warn;
use vigil_core::json::Obj;
use vigil_core::lookups::{LookupKey, LookupKind, Lookups};
use vigil_core::observation::{Observation, ObservedState, SourceKind};
use vigil_core::resource::ResourceType;
use vigil_core::sources::{config_item, Parsed};
use vigil_pipeline::{BoxError, Resolution, Resolver};

/// Resolves [`ObservedState::NeedsFetch`] observations.
#[derive(Clone, Debug)]
pub struct Fetcher {
    config: aws_sdk_config::Client,
    rds: aws_sdk_rds::Client,
    iam: aws_sdk_iam::Client,
    kms: aws_sdk_kms::Client,
    lambda: Option<aws_sdk_lambda::Client>,
    apigateway: Option<aws_sdk_apigateway::Client>,
    apigatewayv2: Option<aws_sdk_apigatewayv2::Client>,
    dynamodb: Option<aws_sdk_dynamodb::Client>,
    secretsmanager: Option<aws_sdk_secretsmanager::Client>,
    autoscaling: Option<aws_sdk_applicationautoscaling::Client>,
    dax: Option<aws_sdk_dax::Client>,
}

impl Fetcher {
    /// A fetcher over the clients.
    pub fn new(
        config: aws_sdk_config::Client,
        rds: aws_sdk_rds::Client,
        iam: aws_sdk_iam::Client,
        kms: aws_sdk_kms::Client,
    ) -> Self {
        Fetcher {
            config,
            rds,
            iam,
            kms,
            lambda: None,
            apigateway: None,
            apigatewayv2: None,
            dynamodb: None,
            secretsmanager: None,
            autoscaling: None,
            dax: None,
        }
    }

    /// Adds the DAX client that describes DAX clusters (`DescribeClusters`).
    pub fn with_dax(mut self, dax: aws_sdk_dax::Client) -> Self {
        self.dax = Some(dax);
        self
    }

    /// Adds the Secrets Manager client that answers the `secretsmanager.secret` lookup
    /// (`DescribeSecret`: metadata only).
    pub fn with_secretsmanager(mut self, client: aws_sdk_secretsmanager::Client) -> Self {
        self.secretsmanager = Some(client);
        self
    }

    /// Adds the Application Auto Scaling client that answers the
    /// `applicationautoscaling.dynamodb-table` lookup.
    pub fn with_application_autoscaling(
        mut self,
        client: aws_sdk_applicationautoscaling::Client,
    ) -> Self {
        self.autoscaling = Some(client);
        self
    }

    /// Adds the DynamoDB client that answers the `dynamodb.resource-policy` lookup.
    pub fn with_dynamodb(mut self, dynamodb: aws_sdk_dynamodb::Client) -> Self {
        self.dynamodb = Some(dynamodb);
        self
    }

    /// Adds the API Gateway v2 client that answers the `apigatewayv2.*` lookups.
    pub fn with_apigatewayv2(mut self, apigatewayv2: aws_sdk_apigatewayv2::Client) -> Self {
        self.apigatewayv2 = Some(apigatewayv2);
        self
    }

    /// Adds the API Gateway client that answers the `apigateway.*` lookups.
    pub fn with_apigateway(mut self, apigateway: aws_sdk_apigateway::Client) -> Self {
        self.apigateway = Some(apigateway);
        self
    }

    /// Adds the Lambda client that answers the `lambda.*` lookups.
    pub fn with_lambda(mut self, lambda: aws_sdk_lambda::Client) -> Self {
        self.lambda = Some(lambda);
        self
    }

    /// Returns the observation with its configuration fetched; observations that need no fetch
    /// are returned as they are.
    pub async fn resolve(&self, observation: Observation) -> Result<Observation, AwsError> {
        if !matches!(observation.state, ObservedState::NeedsFetch { .. }) {
            return Ok(observation);
        }
        // An oversized Config item is best fetched from Config's own history (the item as
        // captured); where Config cannot answer, the service's describe call gives the current
        // configuration instead.
        if observation.origin.kind == SourceKind::ConfigItem {
            match self.fetch_config_history(observation.clone()).await {
                Ok(fetched) => return Ok(fetched),
                Err(e) if has_describe(&observation) => {
                    warn!(arn = %observation.resource.arn, error = %e, "AWS Config history unavailable; describing the resource instead");
                }
                Err(e) => return Err(e),
            }
        }
        self.describe(observation).await
    }

    /// Describes the resource with its service's API: present with the description, or deleted
    /// when the service no longer has it.
    async fn describe(&self, observation: Observation) -> Result<Observation, AwsError> {
        let found = match observation.resource.resource_type.as_str() {
            ResourceType::RDS_DB_INSTANCE => self.describe_db_instance(&observation).await?,
            ResourceType::IAM_USER => describe_iam_user(&self.iam, &observation).await?,
            ResourceType::RDS_DB_PROXY => self.describe_db_proxy(&observation).await?,
            ResourceType::DAX_CLUSTER => match &self.dax {
                Some(dax) => describe_dax_cluster(dax, &observation).await?,
                None => {
                    return Err(AwsError::Fetch {
                        arn: observation.resource.arn.clone(),
                        message: "no DAX client to describe the cluster with".into(),
                    })
                }
            },
            ResourceType::API_GATEWAY_DOMAIN_NAME => {
                self.describe_domain_name(&observation).await?
            }
            other => {
                return Err(AwsError::Fetch {
                    arn: observation.resource.arn.clone(),
                    message: format!("no describe adapter for {other}"),
                })
            }
        };
        with_described(observation, found)
    }

    /// Answers what it can of the lookups rules declared. A lookup that cannot be answered
    /// (no client for its service, access denied, not found) or whose answer does not have its
    /// kind's shape is left out, and the rules that needed it are undetermined; the failure is
    /// logged.
    pub async fn lookups(&self, keys: &BTreeSet<LookupKey>) -> Lookups {
        let mut answers = Lookups::none();
        for key in keys {
            match self.lookup(key).await {
                // The one place fetched JSON becomes a typed answer.
                Ok(Some(json)) => {
                    if let Err(e) = answers.insert_json(key.clone(), json) {
                        warn!(lookup = %key.label(), error = %e, "malformed lookup answer; rules that need it are undetermined")
                    }
                }
                Ok(None) => warn!(lookup = %key.label(), "no client for this lookup's service"),
                Err(e) => {
                    warn!(lookup = %key.label(), error = %e, "lookup failed; rules that need it are undetermined")
                }
            }
        }
        answers
    }

    /// One lookup, as the JSON its kind's typed answer reads (`vigil_core::lookups`). Every kind
    /// has an arm and there is no wildcard, so a kind without a fetcher does not compile. `None`:
    /// the client of the kind's service was not added.
    async fn lookup(&self, key: &LookupKey) -> Result<Option<Value>, AwsError> {
        let id = key.id.as_str();
        match key.kind {
            LookupKind::IamManagedPolicy => self.managed_policy(id).await.map(Some),
            LookupKind::IamRole => self.role_last_used(id).await.map(Some),
            LookupKind::IamUserCredentials => user_credentials(&self.iam, id).await.map(Some),
            LookupKind::RdsDbParameterGroup => self.db_parameter_group(id).await.map(Some),
            LookupKind::KmsKey => self.kms_key(id).await.map(Some),
            LookupKind::Ec2Subnet => self.subnet(id).await.map(Some),
            LookupKind::LambdaFunctionConfiguration => {
                with_client(&self.lambda, |c| lambda_function_configuration(c, id)).await
            }
            LookupKind::LambdaFunctionUrl => {
                with_client(&self.lambda, |c| lambda_function_url(c, id)).await
            }
            LookupKind::LambdaPolicy => with_client(&self.lambda, |c| lambda_policy(c, id)).await,
            LookupKind::ApiGatewayMethods => {
                with_client(&self.apigateway, |c| rest_api_methods(c, id)).await
            }
            LookupKind::ApiGatewayRestApi => {
                with_client(&self.apigateway, |c| rest_api_policy(c, id)).await
            }
            LookupKind::ApiGatewayUsagePlans => {
                with_client(&self.apigateway, |c| usage_plans(c, id)).await
            }
            LookupKind::ApiGatewayV2Routes => {
                with_client(&self.apigatewayv2, |c| v2_routes(c, id)).await
            }
            LookupKind::ApiGatewayV2Api => with_client(&self.apigatewayv2, |c| v2_api(c, id)).await,
            LookupKind::DynamoDbResourcePolicy => {
                with_client(&self.dynamodb, |c| dynamodb_resource_policy(c, id)).await
            }
            LookupKind::ApplicationAutoScalingDynamoDbTable => {
                with_client(&self.autoscaling, |c| dynamodb_scalable_targets(c, id)).await
            }
            LookupKind::SecretsManagerSecret => {
                with_client(&self.secretsmanager, |c| secret_metadata(c, id)).await
            }
        }
    }

    /// `ec2.subnet`: `{"AvailabilityZone": "eu-west-2a"}`, from AWS Config's recorded item for
    /// the subnet (`BatchGetResourceConfig`), so no EC2 client is needed.
    async fn subnet(&self, subnet_id: &str) -> Result<Value, AwsError> {
        let key = aws_sdk_config::types::ResourceKey::builder()
            .resource_type(aws_sdk_config::types::ResourceType::Subnet)
            .resource_id(subnet_id)
            .build()
            .map_err(|e| AwsError::Config(e.to_string()))?;
        let out = self
            .config
            .batch_get_resource_config()
            .resource_keys(key)
            .send()
            .await
            .map_err(|e| AwsError::call("Config", "BatchGetResourceConfig", e))?;
        let zone = out
            .base_configuration_items()
            .first()
            .and_then(|item| item.availability_zone())
            .ok_or_else(|| AwsError::Fetch {
                arn: subnet_id.to_string(),
                message: "AWS Config has no recorded item for this subnet".into(),
            })?;
        Ok(json!({ "AvailabilityZone": zone }))
    }

    /// Kind `kms.key`: DescribeKey, answered as `{"KeyManager": "CUSTOMER" | "AWS",
    /// "KeyState": "..."}` (key metadata only; no key material exists outside KMS).
    async fn kms_key(&self, key: &str) -> Result<Value, AwsError> {
        let out = self
            .kms
            .describe_key()
            .key_id(key)
            .send()
            .await
            .map_err(|e| AwsError::call("KMS", "DescribeKey", e))?;
        let metadata = out.key_metadata().ok_or_else(|| AwsError::Fetch {
            arn: key.to_string(),
            message: "DescribeKey returned no key metadata".into(),
        })?;
        Ok(json!({
            "KeyManager": metadata.key_manager().map(|m| m.as_str()),
            "KeyState": metadata.key_state().map(|s| s.as_str()),
        }))
    }

    /// Kind `rds.db-parameter-group`: DescribeDBParameters over every page, answered as
    /// `{"parameters": {"<name>": "<value>"}}` with the parameters that have a value (set by the
    /// user, the engine default or the system). Parameter values are configuration, not secrets.
    async fn db_parameter_group(&self, name: &str) -> Result<Value, AwsError> {
        let mut parameters = serde_json::Map::new();
        let mut marker: Option<String> = None;
        loop {
            let out = self
                .rds
                .describe_db_parameters()
                .db_parameter_group_name(name)
                .set_marker(marker.clone())
                .send()
                .await
                .map_err(|e| AwsError::call("RDS", "DescribeDBParameters", e))?;
            for p in out.parameters() {
                if let (Some(n), Some(v)) = (p.parameter_name(), p.parameter_value()) {
                    parameters.insert(n.to_string(), Value::String(v.to_string()));
                }
            }
            marker = next_page(out.marker(), &marker);
            if marker.is_none() {
                break;
            }
        }
        Ok(json!({ "parameters": parameters }))
    }

    /// Lookup `iam.managed-policy` (id: the policy ARN): `GetPolicy` for the default version,
    /// then `GetPolicyVersion`. Answer:
    /// `{"arn": "...", "name": "...", "defaultVersionId": "v3", "document": "<URL-encoded JSON>"}`
    /// (the document as IAM returns it; the core's policy parser decodes it). Needs
    /// `iam:GetPolicy` and `iam:GetPolicyVersion`.
    async fn managed_policy(&self, arn: &str) -> Result<Value, AwsError> {
        let policy = self
            .iam
            .get_policy()
            .policy_arn(arn)
            .send()
            .await
            .map_err(|e| AwsError::call("IAM", "GetPolicy", e))?;
        let policy = policy.policy().ok_or_else(|| AwsError::Fetch {
            arn: arn.to_string(),
            message: "GetPolicy returned no policy".into(),
        })?;
        let version_id = policy.default_version_id().ok_or_else(|| AwsError::Fetch {
            arn: arn.to_string(),
            message: "GetPolicy returned no default version".into(),
        })?;
        let version = self
            .iam
            .get_policy_version()
            .policy_arn(arn)
            .version_id(version_id)
            .send()
            .await
            .map_err(|e| AwsError::call("IAM", "GetPolicyVersion", e))?;
        let document = version
            .policy_version()
            .and_then(|v| v.document())
            .ok_or_else(|| AwsError::Fetch {
                arn: arn.to_string(),
                message: "GetPolicyVersion returned no document".into(),
            })?;
        Ok(json!({
            "arn": arn,
            "name": policy.policy_name(),
            "defaultVersionId": version_id,
            "document": document,
        }))
    }

    /// Lookup `iam.role` (id: the role name): `GetRole`. Answer:
    /// `{"roleName": "...", "createDate": "<RFC 3339>", "lastUsedDate": "<RFC 3339>" | null,
    /// "checkedAt": "<RFC 3339>"}`, where `checkedAt` is when the call was made (the core has
    /// no clock). Needs `iam:GetRole`.
    async fn role_last_used(&self, name: &str) -> Result<Value, AwsError> {
        let checked_at = aws_smithy_types::DateTime::from(std::time::SystemTime::now());
        let out = self
            .iam
            .get_role()
            .role_name(name)
            .send()
            .await
            .map_err(|e| AwsError::call("IAM", "GetRole", e))?;
        let role = out.role().ok_or_else(|| AwsError::Fetch {
            arn: name.to_string(),
            message: "GetRole returned no role".into(),
        })?;
        let fmt = |t: &aws_smithy_types::DateTime| {
            t.fmt(aws_smithy_types::date_time::Format::DateTime).ok()
        };
        Ok(json!({
            "roleName": role.role_name(),
            "createDate": fmt(role.create_date()),
            "lastUsedDate": role.role_last_used().and_then(|u| u.last_used_date()).and_then(fmt),
            "checkedAt": fmt(&checked_at),
        }))
    }

    async fn fetch_config_history(
        &self,
        observation: Observation,
    ) -> Result<Observation, AwsError> {
        let r = &observation.resource;
        let out = self
            .config
            .get_resource_config_history()
            .resource_type(aws_sdk_config::types::ResourceType::from(
                r.resource_type.as_str(),
            ))
            .resource_id(&r.id)
            .limit(1)
            .send()
            .await
            .map_err(|e| AwsError::call("Config", "GetResourceConfigHistory", e))?;
        let item = out
            .configuration_items()
            .first()
            .ok_or_else(|| AwsError::Fetch {
                arn: r.arn.clone(),
                message: "AWS Config has no configuration item for it".into(),
            })?;
        let json = config_item_json(item);
        let parsed = config_item::place_global(
            config_item::parse_item(
                Obj::new(&json, "configurationItem")?,
                &observation.origin.event_id,
            )?,
            &observation.resource.region,
        );
        match parsed {
            Parsed::Observation(mut fetched) => {
                fetched.origin = observation.origin;
                Ok(fetched)
            }
            Parsed::Ignored { reason, .. } => Err(AwsError::Fetch {
                arn: observation.resource.arn.clone(),
                message: reason,
            }),
        }
    }

    /// `AWS::ApiGateway::DomainName` (named by a CloudTrail call): `GetDomainName`; not found
    /// means deleted. Needs `apigateway:GET` on `/domainnames/*`.
    async fn describe_domain_name(
        &self,
        observation: &Observation,
    ) -> Result<Option<Described>, AwsError> {
        let Some(client) = &self.apigateway else {
            return Err(AwsError::Fetch {
                arn: observation.resource.arn.clone(),
                message: "no API Gateway client to describe the domain name".into(),
            });
        };
        let name = observation.resource.display_name();
        let Some(out) = unless_missing(
            client.get_domain_name().domain_name(name).send().await,
            |se| se.is_not_found_exception(),
            "API Gateway",
            "GetDomainName",
        )?
        else {
            return Ok(None);
        };
        Ok(Some(Described::new(
            domain_name_json(&out),
            "GetDomainName",
        )))
    }

    async fn describe_db_instance(
        &self,
        observation: &Observation,
    ) -> Result<Option<Described>, AwsError> {
        let result = self
            .rds
            .describe_db_instances()
            .db_instance_identifier(observation.resource.display_name())
            .send()
            .await;
        let Some(out) = unless_missing(
            result,
            |se| se.is_db_instance_not_found_fault(),
            "RDS",
            "DescribeDBInstances",
        )?
        else {
            return Ok(None);
        };
        let db = out.db_instances().first().ok_or_else(|| AwsError::Fetch {
            arn: observation.resource.arn.clone(),
            message: "DescribeDBInstances returned no instance".into(),
        })?;
        Ok(Some(Described {
            id: db.dbi_resource_id().map(str::to_string),
            ..Described::new(db_instance_json(db), "DescribeDBInstances")
        }))
    }

    /// Describes a DB proxy by name (`DescribeDBProxies`), shaped by [`db_proxy_json`]. The
    /// description's ARN replaces the name-based one a CloudTrail call without a response
    /// implied (a proxy's ARN ends in its resource id). Not found: deleted.
    async fn describe_db_proxy(
        &self,
        observation: &Observation,
    ) -> Result<Option<Described>, AwsError> {
        let result = self
            .rds
            .describe_db_proxies()
            .db_proxy_name(observation.resource.display_name())
            .send()
            .await;
        let Some(out) = unless_missing(
            result,
            |se| se.is_db_proxy_not_found_fault(),
            "RDS",
            "DescribeDBProxies",
        )?
        else {
            return Ok(None);
        };
        let proxy = out.db_proxies().first().ok_or_else(|| AwsError::Fetch {
            arn: observation.resource.arn.clone(),
            message: "DescribeDBProxies returned no proxy".into(),
        })?;
        Ok(Some(Described {
            arn: proxy.db_proxy_arn().map(str::to_string),
            ..Described::new(db_proxy_json(proxy), "DescribeDBProxies")
        }))
    }
}

/// Describes a DAX cluster by name (`DescribeClusters`), shaped by [`dax_cluster_json`]. Not
/// found: deleted.
async fn describe_dax_cluster(
    dax: &aws_sdk_dax::Client,
    observation: &Observation,
) -> Result<Option<Described>, AwsError> {
    let name = observation.resource.display_name();
    let result = dax.describe_clusters().cluster_names(name).send().await;
    let Some(out) = unless_missing(
        result,
        |se| se.is_cluster_not_found_fault(),
        "DAX",
        "DescribeClusters",
    )?
    else {
        return Ok(None);
    };
    let cluster = out.clusters().first().ok_or_else(|| AwsError::Fetch {
        arn: observation.resource.arn.clone(),
        message: "DescribeClusters returned no cluster".into(),
    })?;
    Ok(Some(Described {
        arn: cluster.cluster_arn().map(str::to_string),
        ..Described::new(dax_cluster_json(cluster), "DescribeClusters")
    }))
}

/// What a describe call found: the resource in the event JSON shape the core reads, and the
/// identity the description carries where the event could only guess it.
struct Described {
    /// The description, shaped as the event's configuration.
    json: Value,
    /// The API call, named in parse errors.
    call: &'static str,
    /// The resource's ARN, when the description gives it (a proxy's ARN ends in its id).
    arn: Option<String>,
    /// The id AWS Config uses (`dbiResourceId`, `UserId`), when the description gives it.
    id: Option<String>,
    /// The resource's name, when the description gives it.
    name: Option<String>,
}

impl Described {
    fn new(json: Value, call: &'static str) -> Self {
        Described {
            json,
            call,
            arn: None,
            id: None,
            name: None,
        }
    }
}

/// The observation with what a describe call found: present with the parsed description and
/// its identity, or deleted when the service no longer has the resource (`None`).
fn with_described(
    mut observation: Observation,
    found: Option<Described>,
) -> Result<Observation, AwsError> {
    let Some(d) = found else {
        observation.state = ObservedState::Deleted;
        return Ok(observation);
    };
    let resource = parse_described(observation.resource.resource_type.as_str(), &d.json, d.call)?;
    if let Some(arn) = d.arn {
        observation.resource.arn = arn;
    }
    if let Some(id) = d.id {
        observation.resource.id = id;
    }
    if let Some(name) = d.name {
        observation.resource.name = Some(name);
    }
    observation.state = ObservedState::Present(resource);
    Ok(observation)
}

/// A call's output, or `None` when the service says the resource does not exist (`missing`
/// picks that error out); any other error is the call's. Every SDK crate re-exports the same
/// `SdkError`, so one helper serves them all.
fn unless_missing<T, E, R>(
    result: Result<T, aws_sdk_config::error::SdkError<E, R>>,
    missing: impl FnOnce(&E) -> bool,
    service: &'static str,
    call: &'static str,
) -> Result<Option<T>, AwsError>
where
    aws_sdk_config::error::SdkError<E, R>: std::error::Error,
{
    match result {
        Ok(out) => Ok(Some(out)),
        Err(e) if e.as_service_error().is_some_and(missing) => Ok(None),
        Err(e) => Err(AwsError::call(service, call, e)),
    }
}

/// Parses a describe call's answer, shaped as the event JSON, with the core's reader for `type_`
/// (`call` names the API call in errors).
fn parse_described(
    type_: &str,
    json: &Value,
    call: &str,
) -> Result<vigil_core::resource::Resource, AwsError> {
    vigil_core::resources::parse_configuration(type_, Obj::new(json, call)?, None)
        .ok_or_else(|| AwsError::Config(format!("{type_} is not modelled")))?
        .map_err(AwsError::from)
}

/// Whether [`Fetcher::describe`] can describe this resource's type.
fn has_describe(observation: &Observation) -> bool {
    matches!(
        observation.resource.resource_type.as_str(),
        ResourceType::RDS_DB_INSTANCE
            | ResourceType::IAM_USER
            | ResourceType::RDS_DB_PROXY
            | ResourceType::DAX_CLUSTER
            | ResourceType::API_GATEWAY_DOMAIN_NAME
    )
}

/// An SDK DB proxy in the shape of CloudTrail's `responseElements` for the proxy calls (the
/// `DBProxy` members with the first letter lower-cased), which the core's parser reads:
/// `{"dBProxyName", "dBProxyArn", "status", "engineFamily", "vpcId", "vpcSecurityGroupIds",
/// "vpcSubnetIds", "auth": [{"authScheme", "iAMAuth", "clientPasswordAuthType"}], "roleArn",
/// "endpoint", "requireTLS", "idleClientTimeout", "debugLogging"}`. Secret ARNs are left out.
pub fn db_proxy_json(p: &aws_sdk_rds::types::DbProxy) -> Value {
    json!({
        "dBProxyName": p.db_proxy_name(),
        "dBProxyArn": p.db_proxy_arn(),
        "status": p.status().map(|s| s.as_str()),
        "engineFamily": p.engine_family(),
        "vpcId": p.vpc_id(),
        "vpcSecurityGroupIds": p.vpc_security_group_ids(),
        "vpcSubnetIds": p.vpc_subnet_ids(),
        "auth": p.auth().iter().map(|a| json!({
            "authScheme": a.auth_scheme().map(|s| s.as_str()),
            "iAMAuth": a.iam_auth().map(|s| s.as_str()),
            "clientPasswordAuthType": a.client_password_auth_type().map(|s| s.as_str()),
        })).collect::<Vec<_>>(),
        "roleArn": p.role_arn(),
        "endpoint": p.endpoint(),
        "requireTLS": p.require_tls(),
        "idleClientTimeout": p.idle_client_timeout(),
        "debugLogging": p.debug_logging(),
    })
}

/// An SDK DAX cluster in the shape of CloudTrail's `responseElements` for the DAX cluster calls,
/// which the core's parser reads: `{"cluster": {"clusterName", "clusterArn", "status",
/// "nodeType", "totalNodes", "activeNodes", "subnetGroup", "iamRoleArn", "sSEDescription":
/// {"status"}, "clusterEndpointEncryptionType", "nodes": [{"nodeId", "availabilityZone",
/// "nodeStatus"}]}}`.
pub fn dax_cluster_json(c: &aws_sdk_dax::types::Cluster) -> Value {
    json!({"cluster": {
        "clusterName": c.cluster_name(),
        "clusterArn": c.cluster_arn(),
        "status": c.status(),
        "nodeType": c.node_type(),
        "totalNodes": c.total_nodes(),
        "activeNodes": c.active_nodes(),
        "subnetGroup": c.subnet_group(),
        "iamRoleArn": c.iam_role_arn(),
        "sSEDescription": c.sse_description().map(|d| json!({
            "status": d.status().map(|s| s.as_str()),
        })),
        "clusterEndpointEncryptionType": c.cluster_endpoint_encryption_type().map(|t| t.as_str()),
        "nodes": c.nodes().iter().map(|n| json!({
            "nodeId": n.node_id(),
            "availabilityZone": n.availability_zone(),
            "nodeStatus": n.node_status(),
        })).collect::<Vec<_>>(),
    }})
}

/// An SDK custom domain name in the shape of API Gateway's `GetDomainName` response (and of
/// CloudTrail's `responseElements` for `CreateDomainName`), which the core parser reads.
pub fn domain_name_json(
    out: &aws_sdk_apigateway::operation::get_domain_name::GetDomainNameOutput,
) -> Value {
    json!({
        "domainName": out.domain_name(),
        "securityPolicy": out.security_policy().map(|p| p.as_str()),
        "endpointConfiguration": out.endpoint_configuration().map(|e| json!({
            "types": e.types().iter().map(|t| t.as_str()).collect::<Vec<_>>(),
        })),
        "domainNameStatus": out.domain_name_status().map(|s| s.as_str()),
        "tags": out.tags(),
    })
}

/// An SDK configuration item in the shape of an event's `configurationItem`.
pub fn config_item_json(item: &aws_sdk_config::types::ConfigurationItem) -> Value {
    json!({
        "configurationItemCaptureTime": item.configuration_item_capture_time()
            .and_then(|t| t.fmt(aws_smithy_types::date_time::Format::DateTime).ok()),
        "configurationItemStatus": item.configuration_item_status().map(|s| s.as_str()),
        "awsAccountId": item.account_id(),
        "awsRegion": item.aws_region(),
        "resourceType": item.resource_type().map(|t| t.as_str()),
        "resourceId": item.resource_id(),
        "resourceName": item.resource_name(),
        "ARN": item.arn(),
        "configuration": item.configuration(),
        "supplementaryConfiguration": item.supplementary_configuration(),
        "tags": item.tags(),
    })
}

/// An SDK DB instance in the shape of the AWS Config resource schema (and of CloudTrail's
/// `responseElements`).
pub fn db_instance_json(db: &aws_sdk_rds::types::DbInstance) -> Value {
    json!({
        "dBInstanceIdentifier": db.db_instance_identifier(),
        "engine": db.engine(),
        "engineVersion": db.engine_version(),
        "dBInstanceStatus": db.db_instance_status(),
        "publiclyAccessible": db.publicly_accessible(),
        "storageEncrypted": db.storage_encrypted(),
        "kmsKeyId": db.kms_key_id(),
        "multiAZ": db.multi_az(),
        "backupRetentionPeriod": db.backup_retention_period(),
        "deletionProtection": db.deletion_protection(),
        "readReplicaSourceDBInstanceIdentifier": db.read_replica_source_db_instance_identifier(),
        "dBClusterIdentifier": db.db_cluster_identifier(),
        "dBInstanceArn": db.db_instance_arn(),
        "dbiResourceId": db.dbi_resource_id(),
        "monitoringInterval": db.monitoring_interval(),
        "enabledCloudwatchLogsExports": db.enabled_cloudwatch_logs_exports(),
        "iAMDatabaseAuthenticationEnabled": db.iam_database_authentication_enabled(),
        "autoMinorVersionUpgrade": db.auto_minor_version_upgrade(),
        "copyTagsToSnapshot": db.copy_tags_to_snapshot(),
        "dBSubnetGroup": db.db_subnet_group().map(|g| json!({
            "dBSubnetGroupName": g.db_subnet_group_name(),
            "vpcId": g.vpc_id(),
        })),
        "endpoint": db.endpoint().map(|e| json!({"address": e.address(), "port": e.port()})),
        "masterUsername": db.master_username(),
        "masterUserSecret": db.master_user_secret().map(|m| json!({
            "secretArn": m.secret_arn(),
            "secretStatus": m.secret_status(),
        })),
        "dBParameterGroups": db.db_parameter_groups().iter().map(|g| json!({
            "dBParameterGroupName": g.db_parameter_group_name(),
            "parameterApplyStatus": g.parameter_apply_status(),
        })).collect::<Vec<_>>(),
        "tagList": db.tag_list().iter().map(|t| json!({"key": t.key(), "value": t.value()})).collect::<Vec<_>>(),
    })
}

/// `lambda.function-configuration`: `{"Environment": {"Variables": {..}} | null, "KMSKeyArn":
/// "arn…" | null}` from `GetFunctionConfiguration`. The variables' values are secrets-in-waiting:
/// they go only to the core's secret detector, and nothing here logs or formats them.
pub async fn lambda_function_configuration(
    lambda: &aws_sdk_lambda::Client,
    function: &str,
) -> Result<Value, AwsError> {
    let out = lambda
        .get_function_configuration()
        .function_name(function)
        .send()
        .await
        .map_err(|e| AwsError::call("Lambda", "GetFunctionConfiguration", e))?;
    let environment = out
        .environment()
        .map(|env| json!({ "Variables": env.variables().cloned().unwrap_or_default() }));
    Ok(json!({ "Environment": environment, "KMSKeyArn": out.kms_key_arn() }))
}

/// `lambda.function-url`: `{"AuthType": "NONE" | "AWS_IAM", "FunctionUrl": "https://…",
/// "AllowOrigins": ["https://…"] | null}` from `GetFunctionUrlConfig` (`AllowOrigins` null when
/// the URL has no CORS configuration), or `{"AuthType": null}` when the function has no URL.
pub async fn lambda_function_url(
    lambda: &aws_sdk_lambda::Client,
    function: &str,
) -> Result<Value, AwsError> {
    let found = unless_missing(
        lambda
            .get_function_url_config()
            .function_name(function)
            .send()
            .await,
        |se| se.is_resource_not_found_exception(),
        "Lambda",
        "GetFunctionUrlConfig",
    )?;
    match found {
        Some(out) => Ok(json!({
            "AuthType": out.auth_type().as_str(),
            "FunctionUrl": out.function_url(),
            "AllowOrigins": out.cors().map(|c| c.allow_origins().to_vec()),
        })),
        None => {
            // Lambda says "not found" both for a function without a URL and for no function.
            function_exists(lambda, function).await?;
            Ok(json!({ "AuthType": null }))
        }
    }
}

/// `lambda.policy`: `{"Policy": "<the resource policy document, as JSON text>"}` from
/// `GetPolicy`, or `{"Policy": null}` when the function has no resource policy. (For the
/// policy-engine rules such as Lambda.1.)
pub async fn lambda_policy(
    lambda: &aws_sdk_lambda::Client,
    function: &str,
) -> Result<Value, AwsError> {
    let found = unless_missing(
        lambda.get_policy().function_name(function).send().await,
        |se| se.is_resource_not_found_exception(),
        "Lambda",
        "GetPolicy",
    )?;
    match found {
        Some(out) => Ok(json!({ "Policy": out.policy() })),
        None => {
            function_exists(lambda, function).await?;
            Ok(json!({ "Policy": null }))
        }
    }
}

/// `dynamodb.resource-policy` (id: the table ARN): `{"Policy": "<the resource-based policy, as
/// JSON text>"}` from `GetResourcePolicy`, or `{"Policy": null}` when the table has none
/// (`PolicyNotFoundException`). Any other error (the table does not exist, access denied) is no
/// answer. Needs `dynamodb:GetResourcePolicy` on the table.
pub async fn dynamodb_resource_policy(
    client: &aws_sdk_dynamodb::Client,
    table_arn: &str,
) -> Result<Value, AwsError> {
    let found = unless_missing(
        client
            .get_resource_policy()
            .resource_arn(table_arn)
            .send()
            .await,
        |se| se.is_policy_not_found_exception(),
        "DynamoDB",
        "GetResourcePolicy",
    )?;
    let policy = found.and_then(|out| out.policy().filter(|p| !p.is_empty()).map(str::to_string));
    Ok(json!({ "Policy": policy }))
}

/// `secretsmanager.secret` (id: the secret's ARN): `DescribeSecret`, answered with the secret's
/// metadata only, `{"name": "...", "createdDate": "<RFC 3339>", "lastRotatedDate": "<RFC 3339>" |
/// null, "lastAccessedDate": "<RFC 3339>" | null, "rotationEnabled": true | false,
/// "checkedAt": "<RFC 3339, when DescribeSecret was called>"}`. The secret's value is never read
/// (no `GetSecretValue`). A secret that does not exist, or access denied, is no answer. Needs
/// `secretsmanager:DescribeSecret`.
pub async fn secret_metadata(
    client: &aws_sdk_secretsmanager::Client,
    arn: &str,
) -> Result<Value, AwsError> {
    let fmt =
        |t: &aws_smithy_types::DateTime| t.fmt(aws_smithy_types::date_time::Format::DateTime).ok();
    let checked_at = aws_smithy_types::DateTime::from(std::time::SystemTime::now());
    let out = client
        .describe_secret()
        .secret_id(arn)
        .send()
        .await
        .map_err(|e| AwsError::call("Secrets Manager", "DescribeSecret", e))?;
    Ok(json!({
        "name": out.name(),
        "createdDate": out.created_date().and_then(fmt),
        "lastRotatedDate": out.last_rotated_date().and_then(fmt),
        "lastAccessedDate": out.last_accessed_date().and_then(fmt),
        "rotationEnabled": out.rotation_enabled().unwrap_or(false),
        "checkedAt": fmt(&checked_at),
    }))
}

/// `applicationautoscaling.dynamodb-table` (id: the scalable resource, `table/<name>` or
/// `table/<name>/index/<index>`): `DescribeScalableTargets` in the `dynamodb` namespace for that
/// resource id, over every page, answered as `{"ScalableTargets": [{"ScalableDimension":
/// "dynamodb:table:ReadCapacityUnits", "MinCapacity": 5, "MaxCapacity": 100}]}` (empty when
/// nothing is registered). Needs `application-autoscaling:DescribeScalableTargets`.
pub async fn dynamodb_scalable_targets(
    client: &aws_sdk_applicationautoscaling::Client,
    resource_id: &str,
) -> Result<Value, AwsError> {
    let mut targets = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let out = client
            .describe_scalable_targets()
            .service_namespace(aws_sdk_applicationautoscaling::types::ServiceNamespace::Dynamodb)
            .resource_ids(resource_id)
            .set_next_token(token.clone())
            .send()
            .await
            .map_err(|e| {
                AwsError::call("Application Auto Scaling", "DescribeScalableTargets", e)
            })?;
        for t in out.scalable_targets() {
            if t.resource_id() == resource_id {
                targets.push(json!({
                    "ScalableDimension": t.scalable_dimension().as_str(),
                    "MinCapacity": t.min_capacity(),
                    "MaxCapacity": t.max_capacity(),
                }));
            }
        }
        token = next_page(out.next_token(), &token);
        if token.is_none() {
            break;
        }
    }
    Ok(json!({ "ScalableTargets": targets }))
}

/// A lookup answered with an optional client (Lambda, API Gateway, DynamoDB, Application Auto
/// Scaling, Secrets Manager): the fetcher's answer, or `None` when the client was not added.
async fn with_client<'a, C, F>(
    client: &'a Option<C>,
    fetch: impl FnOnce(&'a C) -> F,
) -> Result<Option<Value>, AwsError>
where
    F: std::future::Future<Output = Result<Value, AwsError>>,
{
    match client {
        Some(client) => fetch(client).await.map(Some),
        None => Ok(None),
    }
}

/// The token (or marker) of the next page: `None` when there is none (absent or empty), or when
/// the service returned the token it was given (which would loop forever).
fn next_page(next: Option<&str>, current: &Option<String>) -> Option<String> {
    next.filter(|n| !n.is_empty() && Some(*n) != current.as_deref())
        .map(str::to_string)
}

/// `apigateway.methods`: every method of a REST API from `GetResources` with methods embedded,
/// as `{"Methods": [{"Path": "/orders", "HttpMethod": "GET", "AuthorizationType": "NONE",
/// "ApiKeyRequired": false}]}`.
pub async fn rest_api_methods(
    client: &aws_sdk_apigateway::Client,
    api_id: &str,
) -> Result<Value, AwsError> {
    let mut methods = Vec::new();
    let mut position: Option<String> = None;
    loop {
        let out = client
            .get_resources()
            .rest_api_id(api_id)
            .embed("methods")
            .limit(500)
            .set_position(position.clone())
            .send()
            .await
            .map_err(|e| AwsError::call("API Gateway", "GetResources", e))?;
        for resource in out.items() {
            let path = resource.path().unwrap_or_default();
            if let Some(by_verb) = resource.resource_methods() {
                let mut verbs: Vec<_> = by_verb.iter().collect();
                verbs.sort_by(|a, b| a.0.cmp(b.0));
                for (verb, method) in verbs {
                    methods.push(json!({
                        "Path": path,
                        "HttpMethod": method.http_method().unwrap_or(verb),
                        "AuthorizationType": method.authorization_type(),
                        "ApiKeyRequired": method.api_key_required(),
                    }));
                }
            }
        }
        position = next_page(out.position(), &position);
        if position.is_none() {
            break;
        }
    }
    Ok(json!({ "Methods": methods }))
}

/// `apigatewayv2.routes`: every route of an HTTP or WebSocket API from `GetRoutes`, as
/// `{"Routes": [{"RouteKey": "GET /orders", "AuthorizationType": "JWT" | … | null}]}`.
pub async fn v2_routes(
    client: &aws_sdk_apigatewayv2::Client,
    api_id: &str,
) -> Result<Value, AwsError> {
    let mut routes = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let out = client
            .get_routes()
            .api_id(api_id)
            .max_results("500")
            .set_next_token(token.clone())
            .send()
            .await
            .map_err(|e| AwsError::call("API Gateway v2", "GetRoutes", e))?;
        for route in out.items() {
            routes.push(json!({
                "RouteKey": route.route_key(),
                "AuthorizationType": route.authorization_type().map(|a| a.as_str()),
            }));
        }
        token = next_page(out.next_token(), &token);
        if token.is_none() {
            break;
        }
    }
    Ok(json!({ "Routes": routes }))
}

/// `apigatewayv2.api` (id: the API id): `{"apiId": "k1l2m3n4o5", "protocolType": "HTTP" |
/// "WEBSOCKET"}` from `GetApi`. Needs `apigateway:GET` on `/apis/*`.
pub async fn v2_api(
    client: &aws_sdk_apigatewayv2::Client,
    api_id: &str,
) -> Result<Value, AwsError> {
    let out = client
        .get_api()
        .api_id(api_id)
        .send()
        .await
        .map_err(|e| AwsError::call("API Gateway v2", "GetApi", e))?;
    Ok(json!({
        "apiId": out.api_id().unwrap_or(api_id),
        "protocolType": out.protocol_type().map(|p| p.as_str()),
    }))
}

/// `apigateway.usage-plans` (id: `<restApiId>/<stageName>`): `GetUsagePlans` over every page,
/// keeping the plans whose `apiStages` name this API and stage, as `{"plans": [{"id": "...",
/// "name": "...", "throttle": {"rateLimit": 50.0, "burstLimit": 100} | null}]}` (an empty list
/// when no plan covers the stage). Needs `apigateway:GET` on `/usageplans`.
pub async fn usage_plans(client: &aws_sdk_apigateway::Client, id: &str) -> Result<Value, AwsError> {
    let (api_id, stage) = id.split_once('/').ok_or_else(|| AwsError::Fetch {
        arn: id.to_string(),
        message: "an apigateway.usage-plans id is <restApiId>/<stageName>".into(),
    })?;
    let mut plans = Vec::new();
    let mut position: Option<String> = None;
    loop {
        let out = client
            .get_usage_plans()
            .limit(500)
            .set_position(position.clone())
            .send()
            .await
            .map_err(|e| AwsError::call("API Gateway", "GetUsagePlans", e))?;
        for plan in out.items() {
            let covers = plan
                .api_stages()
                .iter()
                .any(|s| s.api_id() == Some(api_id) && s.stage() == Some(stage));
            if covers {
                plans.push(json!({
                    "id": plan.id(),
                    "name": plan.name(),
                    "throttle": plan.throttle().map(|t| json!({
                        "rateLimit": t.rate_limit(),
                        "burstLimit": t.burst_limit(),
                    })),
                }));
            }
        }
        position = next_page(out.position(), &position);
        if position.is_none() {
            break;
        }
    }
    Ok(json!({ "plans": plans }))
}

/// `apigateway.rest-api`: `{"Policy": "<policy JSON text>" | null}` from `GetRestApi`.
pub async fn rest_api_policy(
    client: &aws_sdk_apigateway::Client,
    api_id: &str,
) -> Result<Value, AwsError> {
    let out = client
        .get_rest_api()
        .rest_api_id(api_id)
        .send()
        .await
        .map_err(|e| AwsError::call("API Gateway", "GetRestApi", e))?;
    Ok(json!({ "Policy": out.policy().filter(|p| !p.is_empty()) }))
}

/// Ok when the function exists (an error, and so no answer, when it does not).
async fn function_exists(lambda: &aws_sdk_lambda::Client, function: &str) -> Result<(), AwsError> {
    lambda
        .get_function_configuration()
        .function_name(function)
        .send()
        .await
        .map(|_| ())
        .map_err(|e| AwsError::call("Lambda", "GetFunctionConfiguration", e))
}

/// An SDK time as RFC 3339, the form the core reads.
fn rfc3339(t: &aws_smithy_types::DateTime) -> Option<String> {
    t.fmt(aws_smithy_types::date_time::Format::DateTime).ok()
}

/// Lookup `iam.user-credentials` (id: the user name), for FSBP IAM.3, IAM.5 and IAM.8: `GetUser`,
/// `GetLoginProfile`, `ListAccessKeys` with `GetAccessKeyLastUsed` per key, and
/// `ListMFADevices`. Answer:
///
/// ```json
/// {"userName": "alice", "createDate": "<RFC 3339>", "passwordLastUsed": "<RFC 3339>" | null,
///  "loginProfile": {"createDate": "<RFC 3339>"} | null,
///  "accessKeys": [{"accessKeyId": "AKIA…", "status": "Active" | "Inactive",
///                  "createDate": "<RFC 3339>", "lastUsedDate": "<RFC 3339>" | null}],
///  "mfaDevices": 0, "checkedAt": "<RFC 3339, when the calls were made>"}
/// ```
///
/// `loginProfile` is null when IAM says the user has none (`NoSuchEntity`). Only metadata is
/// read: IAM never returns a password or a secret access key from these calls. Needs
/// `iam:GetUser`, `iam:GetLoginProfile`, `iam:ListAccessKeys`, `iam:GetAccessKeyLastUsed` and
/// `iam:ListMFADevices` on the user.
pub async fn user_credentials(iam: &aws_sdk_iam::Client, name: &str) -> Result<Value, AwsError> {
    let checked_at = aws_smithy_types::DateTime::from(std::time::SystemTime::now());
    let out = iam
        .get_user()
        .user_name(name)
        .send()
        .await
        .map_err(|e| AwsError::call("IAM", "GetUser", e))?;
    let user = out.user().ok_or_else(|| AwsError::Fetch {
        arn: name.to_string(),
        message: "GetUser returned no user".into(),
    })?;
    let login_profile = unless_missing(
        iam.get_login_profile().user_name(name).send().await,
        |se| se.is_no_such_entity_exception(),
        "IAM",
        "GetLoginProfile",
    )?
    .and_then(|out| {
        out.login_profile()
            .map(|p| json!({ "createDate": rfc3339(p.create_date()) }))
    });
    let mut access_keys = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let out = iam
            .list_access_keys()
            .user_name(name)
            .set_marker(marker.clone())
            .send()
            .await
            .map_err(|e| AwsError::call("IAM", "ListAccessKeys", e))?;
        for key in out.access_key_metadata() {
            let Some(id) = key.access_key_id() else {
                continue;
            };
            let last_used = iam
                .get_access_key_last_used()
                .access_key_id(id)
                .send()
                .await
                .map_err(|e| AwsError::call("IAM", "GetAccessKeyLastUsed", e))?;
            access_keys.push(json!({
                "accessKeyId": id,
                "status": key.status().map(|s| s.as_str()),
                "createDate": key.create_date().and_then(rfc3339),
                "lastUsedDate": last_used
                    .access_key_last_used()
                    .and_then(|u| u.last_used_date())
                    .and_then(rfc3339),
            }));
        }
        marker = next_page(out.marker().filter(|_| out.is_truncated()), &marker);
        if marker.is_none() {
            break;
        }
    }
    let mut mfa_devices = 0usize;
    let mut marker: Option<String> = None;
    loop {
        let out = iam
            .list_mfa_devices()
            .user_name(name)
            .set_marker(marker.clone())
            .send()
            .await
            .map_err(|e| AwsError::call("IAM", "ListMFADevices", e))?;
        mfa_devices += out.mfa_devices().len();
        marker = next_page(out.marker().filter(|_| out.is_truncated()), &marker);
        if marker.is_none() {
            break;
        }
    }
    Ok(json!({
        "userName": user.user_name(),
        "createDate": rfc3339(user.create_date()),
        "passwordLastUsed": user.password_last_used().and_then(rfc3339),
        "loginProfile": login_profile,
        "accessKeys": access_keys,
        "mfaDevices": mfa_devices,
        "checkedAt": rfc3339(&checked_at),
    }))
}

/// Describes an IAM user a CloudTrail call named (or whose oversized Config item AWS Config
/// could not give back): `GetUser`, `ListUserPolicies` + `GetUserPolicy`,
/// `ListAttachedUserPolicies` and `ListGroupsForUser`, shaped as the AWS Config item's
/// configuration ([`iam_user_json`]) and read by the core's own parser. The observation takes
/// the user's ARN and id (`UserId`, AWS Config's resource id) from `GetUser`; a user IAM no
/// longer has (`NoSuchEntity`) is observed deleted.
async fn describe_iam_user(
    iam: &aws_sdk_iam::Client,
    observation: &Observation,
) -> Result<Option<Described>, AwsError> {
    let name = observation.resource.display_name().to_string();
    let found = unless_missing(
        iam.get_user().user_name(&name).send().await,
        |se| se.is_no_such_entity_exception(),
        "IAM",
        "GetUser",
    )?;
    let Some(out) = found else {
        return Ok(None);
    };
    let user = out.user.ok_or_else(|| AwsError::Fetch {
        arn: observation.resource.arn.clone(),
        message: "GetUser returned no user".into(),
    })?;
    let mut inline = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let out = iam
            .list_user_policies()
            .user_name(&name)
            .set_marker(marker.clone())
            .send()
            .await
            .map_err(|e| AwsError::call("IAM", "ListUserPolicies", e))?;
        for policy in out.policy_names() {
            let doc = iam
                .get_user_policy()
                .user_name(&name)
                .policy_name(policy)
                .send()
                .await
                .map_err(|e| AwsError::call("IAM", "GetUserPolicy", e))?;
            inline.push((policy.clone(), doc.policy_document().to_string()));
        }
        marker = next_page(out.marker().filter(|_| out.is_truncated()), &marker);
        if marker.is_none() {
            break;
        }
    }
    let mut attached = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let out = iam
            .list_attached_user_policies()
            .user_name(&name)
            .set_marker(marker.clone())
            .send()
            .await
            .map_err(|e| AwsError::call("IAM", "ListAttachedUserPolicies", e))?;
        attached.extend(out.attached_policies().iter().cloned());
        marker = next_page(out.marker().filter(|_| out.is_truncated()), &marker);
        if marker.is_none() {
            break;
        }
    }
    let mut groups = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let out = iam
            .list_groups_for_user()
            .user_name(&name)
            .set_marker(marker.clone())
            .send()
            .await
            .map_err(|e| AwsError::call("IAM", "ListGroupsForUser", e))?;
        groups.extend(out.groups().iter().map(|g| g.group_name().to_string()));
        marker = next_page(out.marker().filter(|_| out.is_truncated()), &marker);
        if marker.is_none() {
            break;
        }
    }
    Ok(Some(Described {
        arn: Some(user.arn().to_string()),
        id: Some(user.user_id().to_string()),
        name: Some(user.user_name().to_string()),
        ..Described::new(iam_user_json(&user, &inline, &attached, &groups), "GetUser")
    }))
}

/// An IAM user in the shape of the AWS Config item's configuration (`userName`, `userId`,
/// `arn`, `path`, `createDate`, `userPolicyList` with URL-encoded documents as IAM returns
/// them, `attachedManagedPolicies`, `groupList`, `tags`).
pub fn iam_user_json(
    user: &aws_sdk_iam::types::User,
    inline: &[(String, String)],
    attached: &[aws_sdk_iam::types::AttachedPolicy],
    groups: &[String],
) -> Value {
    json!({
        "userName": user.user_name(),
        "userId": user.user_id(),
        "arn": user.arn(),
        "path": user.path(),
        "createDate": rfc3339(user.create_date()),
        "userPolicyList": inline.iter().map(|(name, document)| json!({
            "policyName": name,
            "policyDocument": document,
        })).collect::<Vec<_>>(),
        "attachedManagedPolicies": attached.iter().map(|p| json!({
            "policyName": p.policy_name(),
            "policyArn": p.policy_arn(),
        })).collect::<Vec<_>>(),
        "groupList": groups,
        "tags": user.tags().iter().map(|t| json!({"key": t.key(), "value": t.value()})).collect::<Vec<_>>(),
    })
}

impl Resolver for Fetcher {
    async fn resolve(&self, observation: Observation) -> Result<Resolution, BoxError> {
        Ok(Resolution::Resolved(
            Fetcher::resolve(self, observation).await?,
        ))
    }

    async fn lookups(&self, keys: &BTreeSet<LookupKey>) -> Lookups {
        Fetcher::lookups(self, keys).await
    }
}

#[cfg(test)]
mod tests {
    use super::next_page;

    #[test]
    fn pagination_stops_at_no_token_an_empty_one_or_the_same_one_again() {
        assert_eq!(next_page(None, &None), None);
        assert_eq!(next_page(Some(""), &None), None);
        assert_eq!(next_page(Some("p2"), &None), Some("p2".to_string()));
        assert_eq!(next_page(Some("p2"), &Some("p2".to_string())), None);
        assert_eq!(
            next_page(Some("p3"), &Some("p2".to_string())),
            Some("p3".to_string())
        );
    }
}
