//! [`EvaluateService`]: the evaluate function's pipeline over AWS — the DynamoDB state store,
//! the describe-and-lookup resolver ([`Fetcher`]) and the Security Hub + SNS deliverer. The
//! sequence itself (and the order of effects that loses nothing) is `vigil_pipeline::Pipeline`'s.

use crate::error::AwsError;
use crate::fetch::Fetcher;
use crate::publish::{AwsDeliverer, SecurityHubPublisher, SnsPublisher};
use crate::store::DynamoStore;
use chrono::{DateTime, Utc};
use serde_json::Value;
use vigil_core::{Report, Settings};
use vigil_pipeline::{Pipeline, PipelineError};

/// What the service needs besides AWS clients.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceConfig {
    /// The DynamoDB state table.
    pub table: String,
    /// The SNS topic for alerts.
    pub topic_arn: String,
    /// Rule and alert settings.
    pub settings: Settings,
}

impl ServiceConfig {
    /// Reads `VIGIL_TABLE_NAME`, `VIGIL_TOPIC_ARN` and the settings' `VIGIL_*` variables.
    pub fn from_vars(get: impl Fn(&str) -> Option<String>) -> Result<Self, AwsError> {
        let required = |name: &str| {
            get(name)
                .filter(|v| !v.trim().is_empty())
                .ok_or_else(|| AwsError::Config(format!("environment variable {name} is not set")))
        };
        Ok(ServiceConfig {
            table: required("VIGIL_TABLE_NAME")?,
            topic_arn: required("VIGIL_TOPIC_ARN")?,
            settings: Settings::from_vars(&get).map_err(|e| AwsError::Config(e.to_string()))?,
        })
    }
}

/// The pipeline the evaluate function runs.
pub type AwsPipeline = Pipeline<DynamoStore, Fetcher, AwsDeliverer>;

/// The evaluate function's logic: the one pipeline over AWS.
#[derive(Clone, Debug)]
pub struct EvaluateService {
    pipeline: AwsPipeline,
}

impl EvaluateService {
    /// Builds the clients once (at cold start) from the SDK configuration.
    pub fn new(sdk: &aws_config::SdkConfig, config: ServiceConfig) -> Self {
        let store = DynamoStore::new(aws_sdk_dynamodb::Client::new(sdk), config.table);
        let fetcher = Fetcher::new(
            aws_sdk_config::Client::new(sdk),
            aws_sdk_rds::Client::new(sdk),
            aws_sdk_iam::Client::new(sdk),
            aws_sdk_kms::Client::new(sdk),
        )
        .with_lambda(aws_sdk_lambda::Client::new(sdk))
        .with_apigateway(aws_sdk_apigateway::Client::new(sdk))
        .with_apigatewayv2(aws_sdk_apigatewayv2::Client::new(sdk))
        .with_dynamodb(aws_sdk_dynamodb::Client::new(sdk))
        .with_secretsmanager(aws_sdk_secretsmanager::Client::new(sdk))
        .with_application_autoscaling(aws_sdk_applicationautoscaling::Client::new(sdk))
        .with_dax(aws_sdk_dax::Client::new(sdk));
        let deliverer = AwsDeliverer {
            hub: SecurityHubPublisher::new(aws_sdk_securityhub::Client::new(sdk)),
            sns: SnsPublisher::new(aws_sdk_sns::Client::new(sdk), config.topic_arn),
        };
        EvaluateService {
            pipeline: Pipeline::new(store, fetcher, deliverer, config.settings),
        }
    }

    /// The state store (for `vigil history --aws` and tests).
    pub fn store(&self) -> &DynamoStore {
        self.pipeline.store()
    }

    /// Handles one EventBridge event.
    pub async fn handle(&self, event: &Value, now: DateTime<Utc>) -> Result<Report, PipelineError> {
        self.pipeline.run_event(event, now).await
    }
}
