//! [`EvaluateService`]: one EventBridge event through the core's single path, with the AWS side
//! effects carried out in an order that loses nothing:
//!
//! 1. parse (bad input is an error: the invocation fails, EventBridge/Lambda retry, and the
//!    dead-letter queue keeps the event);
//! 2. fetch the configuration if the event did not carry it;
//! 3. load the stored state, assess, decide (pure);
//! 4. commit the new state with its outbox (findings and alerts) and history in one conditional
//!    transaction — the point of truth;
//! 5. deliver the outbox (Security Hub, then SNS), then clear it.
//!
//! A failure after 4 fails the invocation; the retry finds the event already applied and
//! delivers what the outbox still holds. Delivery is therefore at least once; an alert is
//! repeated only if SNS accepted it and the clear then failed.

use crate::error::AwsError;
use crate::fetch::Fetcher;
use crate::publish::{SecurityHubPublisher, SnsPublisher};
use crate::store::{Commit, DynamoStore};
use chrono::{DateTime, Utc};
use serde_json::Value;
use tracing::{info, warn};
use vigil_core::decide::{decide, Decision};
use vigil_core::evaluate::assess;
use vigil_core::lookups::{needed, Lookups};
use vigil_core::state::ResourceState;
use vigil_core::ObservedState;
use vigil_core::{parse_event, Parsed, Report, Settings};

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

/// The evaluate function's logic, over AWS clients.
#[derive(Clone, Debug)]
pub struct EvaluateService {
    store: DynamoStore,
    hub: SecurityHubPublisher,
    sns: SnsPublisher,
    fetcher: Fetcher,
    settings: Settings,
}

impl EvaluateService {
    /// Builds the clients once (at cold start) from the SDK configuration.
    pub fn new(sdk: &aws_config::SdkConfig, config: ServiceConfig) -> Self {
        EvaluateService {
            store: DynamoStore::new(aws_sdk_dynamodb::Client::new(sdk), config.table),
            hub: SecurityHubPublisher::new(aws_sdk_securityhub::Client::new(sdk)),
            sns: SnsPublisher::new(aws_sdk_sns::Client::new(sdk), config.topic_arn),
            fetcher: Fetcher::new(
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
            .with_dax(aws_sdk_dax::Client::new(sdk)),
            settings: config.settings,
        }
    }

    /// The state store (for `vigil history --aws` and tests).
    pub fn store(&self) -> &DynamoStore {
        &self.store
    }

    /// Handles one EventBridge event.
    pub async fn handle(&self, event: &Value, now: DateTime<Utc>) -> Result<Report, AwsError> {
        let label = event
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or("(event without id)")
            .to_string();
        let observation = match parse_event(event)? {
            Parsed::Ignored { reason, resource } => {
                info!(event = %label, %reason, "skipped");
                return Ok(Report::skipped(&label, reason, resource));
            }
            Parsed::Observation(o) => self.fetcher.resolve(o).await?,
        };
        let lookups = match &observation.state {
            ObservedState::Present(resource) => self.fetcher.lookups(&needed(resource)).await,
            _ => Lookups::none(),
        };
        let Some(assessment) = assess(&observation, &self.settings, &lookups) else {
            return Err(AwsError::Fetch {
                arn: observation.resource.arn.clone(),
                message: "the configuration is still unknown after fetching".into(),
            });
        };
        let previous = self.store.load(&observation.resource).await?;
        let decision = decide(
            previous.as_ref(),
            &observation,
            &assessment,
            &self.settings,
            now,
        );
        let report = Report::evaluated(&label, &observation, &assessment, &decision);
        match decision {
            Decision::Stale { reason } => {
                info!(event = %label, arn = %observation.resource.arn, %reason, "nothing changed");
                if let Some(previous) = previous.filter(|p| !p.outbox.is_empty()) {
                    warn!(arn = %previous.resource.arn, "delivering what an earlier attempt left in the outbox");
                    self.deliver(&previous).await?;
                }
            }
            Decision::Apply(applied) => match self.store.commit(&applied).await? {
                Commit::Written => self.deliver(&applied.state).await?,
                Commit::Superseded => {
                    info!(event = %label, arn = %observation.resource.arn, "a newer state was stored concurrently; nothing changed");
                }
            },
        }
        Ok(report)
    }

    /// Delivers a stored state's outbox, then clears it.
    async fn deliver(&self, state: &ResourceState) -> Result<(), AwsError> {
        self.hub.import(&state.outbox.findings).await?;
        for alert in &state.outbox.alerts {
            self.sns.publish(alert).await?;
        }
        info!(
            arn = %state.resource.arn,
            findings = state.outbox.findings.len(),
            alerts = state.outbox.alerts.len(),
            "delivered"
        );
        self.store.clear_outbox(state).await
    }
}
