//! Fetching what an event did not carry: an oversized Config item (from AWS Config's history)
//! or a resource a CloudTrail call named without describing (from the service's describe call).
//!
//! Fetched configurations are turned into the same JSON shape the events carry and parsed by
//! the core's own readers, so every source still ends in the same model.

use crate::error::AwsError;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use tracing::warn;
use vigil_core::json::Obj;
use vigil_core::lookups::{LookupKey, Lookups};
use vigil_core::observation::{Observation, ObservedState, SourceKind};
use vigil_core::resource::ResourceType;
use vigil_core::sources::{config_item, Parsed};

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
        }
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

    /// Describes the resource with its service's API.
    async fn describe(&self, observation: Observation) -> Result<Observation, AwsError> {
        match observation.resource.resource_type.as_str() {
            ResourceType::RDS_DB_INSTANCE => self.describe_db_instance(observation).await,
            ResourceType::API_GATEWAY_DOMAIN_NAME => self.describe_domain_name(observation).await,
            other => Err(AwsError::Fetch {
                arn: observation.resource.arn.clone(),
                message: format!("no describe adapter for {other}"),
            }),
        }
    }

    /// Answers what it can of the lookups rules declared. A lookup that cannot be answered
    /// (unknown kind, access denied, not found) is left out, and the rules that needed it are
    /// undetermined; the failure is logged.
    pub async fn lookups(&self, keys: &BTreeSet<LookupKey>) -> Lookups {
        let mut answers = Lookups::none();
        for key in keys {
            match self.lookup(key).await {
                Ok(Some(answer)) => answers.insert(key.clone(), answer),
                Ok(None) => warn!(lookup = %key.label(), "no fetcher for this lookup kind"),
                Err(e) => {
                    warn!(lookup = %key.label(), error = %e, "lookup failed; rules that need it are undetermined")
                }
            }
        }
        answers
    }

    /// One lookup. Each kind's fetcher is added with the first rule that needs it, and documents
    /// the JSON shape of its answer.
    async fn lookup(&self, key: &LookupKey) -> Result<Option<Value>, AwsError> {
        match key.kind {
            vigil_core::rules::iam::MANAGED_POLICY => self.managed_policy(&key.id).await.map(Some),
            vigil_core::rules::iam::role_unused::ROLE => {
                self.role_last_used(&key.id).await.map(Some)
            }
            vigil_core::rules::rds::in_transit::PARAMETER_GROUP => {
                self.db_parameter_group(&key.id).await.map(Some)
            }
            vigil_core::rules::kms::customer_managed_encryption::KMS_KEY => {
                self.kms_key(&key.id).await.map(Some)
            }
            _ => self.endpoint_lookup(key).await,
        }
    }

    /// The endpoint lookups: `lambda.*`, `apigateway.*`, `apigatewayv2.*` (answered when the
    /// service's client was added) and `ec2.subnet`.
    async fn endpoint_lookup(&self, key: &LookupKey) -> Result<Option<Value>, AwsError> {
        match (key.kind, &self.lambda) {
            ("lambda.function-configuration", Some(lambda)) => {
                lambda_function_configuration(lambda, &key.id)
                    .await
                    .map(Some)
            }
            ("lambda.function-url", Some(lambda)) => {
                lambda_function_url(lambda, &key.id).await.map(Some)
            }
            ("lambda.policy", Some(lambda)) => lambda_policy(lambda, &key.id).await.map(Some),
            ("ec2.subnet", _) => self.subnet(&key.id).await.map(Some),
            ("apigateway.methods" | "apigateway.rest-api", _) => match &self.apigateway {
                Some(client) if key.kind == "apigateway.methods" => {
                    rest_api_methods(client, &key.id).await.map(Some)
                }
                Some(client) => rest_api_policy(client, &key.id).await.map(Some),
                None => Ok(None),
            },
            (vigil_core::rules::dynamodb::table_resource_policy::RESOURCE_POLICY, _) => {
                match &self.dynamodb {
                    Some(client) => dynamodb_resource_policy(client, &key.id).await.map(Some),
                    None => Ok(None),
                }
            }
            ("apigatewayv2.routes", _) => match &self.apigatewayv2 {
                Some(client) => v2_routes(client, &key.id).await.map(Some),
                None => Ok(None),
            },
            (vigil_core::rules::apigateway::V2_API, _) => match &self.apigatewayv2 {
                Some(client) => v2_api(client, &key.id).await.map(Some),
                None => Ok(None),
            },
            (vigil_core::rules::apigateway::USAGE_PLANS, _) => match &self.apigateway {
                Some(client) => usage_plans(client, &key.id).await.map(Some),
                None => Ok(None),
            },
            _ => Ok(None),
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
                .set_marker(marker.take())
                .send()
                .await
                .map_err(|e| AwsError::call("RDS", "DescribeDBParameters", e))?;
            for p in out.parameters() {
                if let (Some(n), Some(v)) = (p.parameter_name(), p.parameter_value()) {
                    parameters.insert(n.to_string(), Value::String(v.to_string()));
                }
            }
            match out.marker() {
                Some(m) if !m.is_empty() => marker = Some(m.to_string()),
                _ => break,
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
        mut observation: Observation,
    ) -> Result<Observation, AwsError> {
        let Some(client) = &self.apigateway else {
            return Err(AwsError::Fetch {
                arn: observation.resource.arn.clone(),
                message: "no API Gateway client to describe the domain name".into(),
            });
        };
        let name = observation.resource.display_name().to_string();
        let out = match client.get_domain_name().domain_name(&name).send().await {
            Ok(out) => out,
            Err(e)
                if e.as_service_error()
                    .is_some_and(|se| se.is_not_found_exception()) =>
            {
                observation.state = ObservedState::Deleted;
                return Ok(observation);
            }
            Err(e) => return Err(AwsError::call("API Gateway", "GetDomainName", e)),
        };
        let json = domain_name_json(&out);
        let resource = vigil_core::resources::parse_configuration(
            ResourceType::API_GATEWAY_DOMAIN_NAME,
            Obj::new(&json, "GetDomainName")?,
            None,
        )
        .ok_or_else(|| AwsError::Config("AWS::ApiGateway::DomainName is not modelled".into()))??;
        observation.state = ObservedState::Present(resource);
        Ok(observation)
    }

    async fn describe_db_instance(
        &self,
        mut observation: Observation,
    ) -> Result<Observation, AwsError> {
        let identifier = observation.resource.display_name().to_string();
        let result = self
            .rds
            .describe_db_instances()
            .db_instance_identifier(&identifier)
            .send()
            .await;
        let out = match result {
            Ok(out) => out,
            Err(e)
                if e.as_service_error()
                    .is_some_and(|se| se.is_db_instance_not_found_fault()) =>
            {
                observation.state = ObservedState::Deleted;
                return Ok(observation);
            }
            Err(e) => return Err(AwsError::call("RDS", "DescribeDBInstances", e)),
        };
        let db = out.db_instances().first().ok_or_else(|| AwsError::Fetch {
            arn: observation.resource.arn.clone(),
            message: "DescribeDBInstances returned no instance".into(),
        })?;
        let json = db_instance_json(db);
        let resource = vigil_core::resources::parse_configuration(
            ResourceType::RDS_DB_INSTANCE,
            Obj::new(&json, "DescribeDBInstances")?,
            None,
        )
        .ok_or_else(|| AwsError::Config("AWS::RDS::DBInstance is not modelled".into()))??;
        if let Some(id) = db.dbi_resource_id() {
            observation.resource.id = id.to_string();
        }
        observation.state = ObservedState::Present(resource);
        Ok(observation)
    }
}

/// Whether [`Fetcher::describe`] can describe this resource's type.
fn has_describe(observation: &Observation) -> bool {
    matches!(
        observation.resource.resource_type.as_str(),
        ResourceType::RDS_DB_INSTANCE | ResourceType::API_GATEWAY_DOMAIN_NAME
    )
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
    match lambda
        .get_function_url_config()
        .function_name(function)
        .send()
        .await
    {
        Ok(out) => Ok(json!({
            "AuthType": out.auth_type().as_str(),
            "FunctionUrl": out.function_url(),
            "AllowOrigins": out.cors().map(|c| c.allow_origins().to_vec()),
        })),
        Err(e)
            if e.as_service_error()
                .is_some_and(|se| se.is_resource_not_found_exception()) =>
        {
            // Lambda says "not found" both for a function without a URL and for no function.
            function_exists(lambda, function).await?;
            Ok(json!({ "AuthType": null }))
        }
        Err(e) => Err(AwsError::call("Lambda", "GetFunctionUrlConfig", e)),
    }
}

/// `lambda.policy`: `{"Policy": "<the resource policy document, as JSON text>"}` from
/// `GetPolicy`, or `{"Policy": null}` when the function has no resource policy. (For the
/// policy-engine rules such as Lambda.1.)
pub async fn lambda_policy(
    lambda: &aws_sdk_lambda::Client,
    function: &str,
) -> Result<Value, AwsError> {
    match lambda.get_policy().function_name(function).send().await {
        Ok(out) => Ok(json!({ "Policy": out.policy() })),
        Err(e)
            if e.as_service_error()
                .is_some_and(|se| se.is_resource_not_found_exception()) =>
        {
            function_exists(lambda, function).await?;
            Ok(json!({ "Policy": null }))
        }
        Err(e) => Err(AwsError::call("Lambda", "GetPolicy", e)),
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
    match client
        .get_resource_policy()
        .resource_arn(table_arn)
        .send()
        .await
    {
        Ok(out) => Ok(json!({ "Policy": out.policy().filter(|p| !p.is_empty()) })),
        Err(e)
            if e.as_service_error()
                .is_some_and(|se| se.is_policy_not_found_exception()) =>
        {
            Ok(json!({ "Policy": null }))
        }
        Err(e) => Err(AwsError::call("DynamoDB", "GetResourcePolicy", e)),
    }
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
        match out.position() {
            Some(next) if !next.is_empty() && Some(next) != position.as_deref() => {
                position = Some(next.to_string())
            }
            _ => break,
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
        match out.next_token() {
            Some(next) if !next.is_empty() && Some(next) != token.as_deref() => {
                token = Some(next.to_string())
            }
            _ => break,
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
        match out.position() {
            Some(next) if !next.is_empty() && Some(next) != position.as_deref() => {
                position = Some(next.to_string())
            }
            _ => break,
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
