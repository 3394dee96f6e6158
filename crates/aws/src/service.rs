//! [`EvaluateService`]: the evaluate function's pipeline over AWS — the DynamoDB state store,
//! the describe-and-lookup resolver ([`AwsResolver`]) and the Security Hub + SNS deliverer. The
//! sequence itself (and the order of effects that loses nothing) is `vigil_pipeline::Pipeline`'s.

use crate::clients::{ClientFactory, Clients, Scope, SdkClientFactory};
use crate::clock::Clock;
use crate::deliver::digest::{send_digest, DigestSent};
use crate::deliver::AwsDeliverer;
use crate::error::AwsError;
use crate::recheck::Recheck;
use crate::resilience::Resilience;
use crate::resolve::AwsResolver;
use crate::store::DynamoStore;
use chrono::{DateTime, Utc};
use serde_json::Value;
use std::sync::Arc;
use tracing::{info, warn};
use vigil_core::{Report, Settings};
use vigil_pipeline::{Pipeline, PipelineError};

pub use vigil_core::held::is_send_digest;

/// The outcome of handling one event.
pub type Handled = Result<Report, PipelineError>;

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
pub type AwsPipeline = Pipeline<DynamoStore, AwsResolver, AwsDeliverer>;

/// The evaluate function's logic: the one pipeline over AWS.
#[derive(Clone, Debug)]
pub struct EvaluateService {
    pipeline: AwsPipeline,
    recheck: Option<Recheck>,
}

impl EvaluateService {
    /// Builds the clients once (at cold start) from the SDK configuration, for the account of
    /// its credentials (not checked: [`SdkClientFactory::new`]'s home account is `None`), with
    /// the system clock.
    pub fn new(sdk: &aws_config::SdkConfig, config: ServiceConfig) -> Self {
        EvaluateService::with_resilience(sdk, config, Resilience::default())
    }

    /// As [`EvaluateService::new`], with clients that retry and time out as `resilience` says.
    pub fn with_resilience(
        sdk: &aws_config::SdkConfig,
        config: ServiceConfig,
        resilience: Resilience,
    ) -> Self {
        let factory = SdkClientFactory::with_resilience(sdk.clone(), None, resilience);
        let home = factory.home();
        EvaluateService::assemble(&home, Arc::new(factory), config, Clock::system())
    }

    /// The service over clients from `clients` (the state table, Security Hub and SNS in its
    /// home scope; describe and lookup calls in each resource's scope), with `clock` stamping
    /// lookup answers.
    pub fn with_clients(
        clients: Arc<dyn ClientFactory>,
        config: ServiceConfig,
        clock: Clock,
    ) -> Result<Self, AwsError> {
        let home = clients.clients(&Scope::home())?;
        Ok(EvaluateService::assemble(&home, clients, config, clock))
    }

    fn assemble(
        home: &Clients,
        clients: Arc<dyn ClientFactory>,
        config: ServiceConfig,
        clock: Clock,
    ) -> Self {
        let store = DynamoStore::new(home.dynamodb.clone(), config.table);
        let mut deliverer = AwsDeliverer::new(home, config.topic_arn);
        if config.settings.digest {
            deliverer = deliverer.with_digest(store.clone());
        }
        let resolver = AwsResolver::new(clients, clock);
        EvaluateService {
            pipeline: Pipeline::new(store, resolver, deliverer, config.settings),
            recheck: None,
        }
    }

    /// The service re-checking, on `recheck`'s queue, a call whose resource was not visible yet
    /// or still settling (without one, such a call is skipped at once).
    pub fn with_recheck(mut self, recheck: Option<Recheck>) -> Self {
        self.recheck = recheck;
        self
    }

    /// The pipeline itself, for the sweep, which runs listings through it.
    pub fn pipeline(&self) -> &AwsPipeline {
        &self.pipeline
    }

    /// The state store (for `vigil history --aws` and tests).
    pub fn store(&self) -> &DynamoStore {
        self.pipeline.store()
    }

    /// Sends the daily digest of the alerts held below HIGH (`Settings::digest`), invoked by the
    /// schedule's `{"vigil": "send-digest"}` event; with nothing held, sends nothing. It reads
    /// the held items whether or not the digest is on now, so turning it off loses none.
    pub async fn send_digest(&self, now: DateTime<Utc>) -> Result<DigestSent, AwsError> {
        send_digest(self.store(), &self.pipeline.deliverer().sns, now).await
    }

    /// Handles one EventBridge event (its first handling).
    pub async fn handle(&self, event: &Value, now: DateTime<Utc>) -> Result<Report, PipelineError> {
        self.handle_attempt(event, now, 1).await
    }

    /// Handles one re-check message ([`crate::recheck::Message`]): its event, as the attempt
    /// it is for.
    pub async fn handle_recheck(
        &self,
        message: &crate::recheck::Message,
        now: DateTime<Utc>,
    ) -> Result<Report, PipelineError> {
        self.handle_attempt(&message.event, now, message.attempt)
            .await
    }

    /// Handles `event` as its `attempt`-th handling. A resource not visible yet or still
    /// settling (the report's `recheck`) is sent back on the re-check queue while attempts
    /// remain; after the last, or without a queue, the call is skipped and the reason logged.
    /// A re-check that cannot be queued fails the invocation (retried, then kept in the
    /// dead-letter queue), so the call is not lost.
    async fn handle_attempt(
        &self,
        event: &Value,
        now: DateTime<Utc>,
        attempt: u32,
    ) -> Result<Report, PipelineError> {
        let mut report = self.pipeline.run_event(event, now).await?;
        let Some(why) = report.recheck.clone() else {
            return Ok(report);
        };
        match &self.recheck {
            Some(r) if attempt < r.attempts => {
                r.send(event, attempt + 1)
                    .await
                    .map_err(|e| PipelineError::Resolve {
                        arn: report
                            .resource
                            .as_ref()
                            .map(|res| res.arn.clone())
                            .unwrap_or_default(),
                        source: Box::new(e),
                    })?;
                info!(event = %report.input, attempt, of = r.attempts, delay_seconds = r.delay_seconds, reason = %why, "re-check queued");
                report.skipped = Some(format!(
                    "{why}; checked again in {} s (attempt {} of {})",
                    r.delay_seconds,
                    attempt + 1,
                    r.attempts
                ));
            }
            Some(r) => {
                warn!(event = %report.input, attempts = r.attempts, reason = %why, "skipped: still not visible or settling after the last re-check");
                report.skipped = Some(format!(
                    "{why}; skipped after {} attempts (the Config item or the sweep will report it)",
                    r.attempts
                ));
            }
            None => {
                warn!(event = %report.input, reason = %why, "skipped: no re-check queue");
                report.skipped = Some(format!(
                    "{why}; skipped (no re-check queue: the Config item or the sweep will report it)"
                ));
            }
        }
        Ok(report)
    }
}
