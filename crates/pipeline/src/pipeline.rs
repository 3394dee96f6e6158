//! [`Pipeline`]: one input through resolve → lookups → assess → decide → commit → deliver.

use crate::seams::{BoxError, Commit, Deliverer, Resolution, Resolver, StateStore};
use chrono::{DateTime, Utc};
use serde_json::Value;
use thiserror::Error;
use tracing::{info, warn};
use vigil_core::decide::{decide, Decision};
use vigil_core::evaluate::{assess, needed};
use vigil_core::heartbeat::Beat;
use vigil_core::lookups::Lookups;
use vigil_core::observation::{Observation, ObservedState};
use vigil_core::state::ResourceState;
use vigil_core::{parse_event, parse_event_str, InputError, Parsed, Report, Settings};

/// Why an input could not be carried through. The input itself is intact: a shell retries it
/// (Lambda: the invocation fails, then the dead-letter queue keeps it) or reports it (CLI).
#[derive(Debug, Error)]
pub enum PipelineError {
    /// The input is not a usable event.
    #[error("bad input: {0}")]
    BadInput(#[from] InputError),
    /// Resolving the configuration failed.
    #[error("cannot resolve {arn}: {source}")]
    Resolve {
        /// The resource.
        arn: String,
        /// The resolver's error.
        source: BoxError,
    },
    /// The resolver returned without the configuration the observation needs.
    #[error("the configuration of {arn} is still unknown after resolving it")]
    Unresolved {
        /// The resource.
        arn: String,
    },
    /// Loading or committing state failed.
    #[error("state store: {0}")]
    Store(BoxError),
    /// Delivering a committed outbox failed; it stays in the store for the retry.
    #[error("delivery of {arn} failed (kept in its outbox for the retry): {source}")]
    Deliver {
        /// The resource.
        arn: String,
        /// The deliverer's error.
        source: BoxError,
    },
}

impl PipelineError {
    /// Whether the input itself is at fault (a retry cannot help).
    pub fn is_bad_input(&self) -> bool {
        matches!(self, PipelineError::BadInput(_))
    }
}

/// The one pipeline, over a store, a resolver and a deliverer.
#[derive(Clone, Debug)]
pub struct Pipeline<S, R, D> {
    store: S,
    resolver: R,
    deliverer: D,
    settings: Settings,
}

impl<S: StateStore, R: Resolver, D: Deliverer> Pipeline<S, R, D> {
    /// A pipeline over these seams, with these settings for every rule.
    pub fn new(store: S, resolver: R, deliverer: D, settings: Settings) -> Self {
        Pipeline {
            store,
            resolver,
            deliverer,
            settings,
        }
    }

    /// The state store.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// The deliverer.
    pub fn deliverer(&self) -> &D {
        &self.deliverer
    }

    /// The settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// One EventBridge event (already parsed as JSON), labelled by its id.
    pub async fn run_event(
        &self,
        event: &Value,
        now: DateTime<Utc>,
    ) -> Result<Report, PipelineError> {
        let label = event
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or("(event without id)")
            .to_string();
        let parsed = parse_event(event)?;
        let report = self.run_parsed(&label, parsed, now).await?;
        if report.skipped.is_none() {
            self.beat(Beat::Event { id: label, at: now }).await;
        }
        Ok(report)
    }

    /// Records a beat in the heartbeat (an event that was evaluated, not skipped; a sweep's
    /// listing); a failure is logged, never the input's failure.
    pub async fn beat(&self, beat: Beat) {
        if let Err(e) = self.store.beat(&beat).await {
            warn!(error = %e, "the heartbeat was not recorded");
        }
    }

    /// One event as text (the CLI's inputs), labelled by where it came from.
    pub async fn run_text(
        &self,
        label: &str,
        text: &str,
        now: DateTime<Utc>,
    ) -> Result<Report, PipelineError> {
        let parsed = parse_event_str(text)?;
        let report = self.run_parsed(label, parsed, now).await?;
        if report.skipped.is_none() {
            self.beat(Beat::Event {
                id: label.to_string(),
                at: now,
            })
            .await;
        }
        Ok(report)
    }

    async fn run_parsed(
        &self,
        label: &str,
        parsed: Parsed,
        now: DateTime<Utc>,
    ) -> Result<Report, PipelineError> {
        match parsed {
            Parsed::Ignored { reason, resource } => {
                info!(event = %label, %reason, "skipped");
                Ok(Report::skipped(label, reason, resource))
            }
            Parsed::Observation(observation) => self.run_observation(label, observation, now).await,
        }
    }

    /// One observation (from any source: an event, a sweep description).
    pub async fn run_observation(
        &self,
        label: &str,
        observation: Observation,
        now: DateTime<Utc>,
    ) -> Result<Report, PipelineError> {
        let observation = observation.with_global_region(self.settings.global_region.as_deref());
        let arn = observation.resource.arn.clone();
        let observation = match self.resolver.resolve(observation).await {
            Ok(Resolution::Resolved(o)) => o,
            Ok(Resolution::Unavailable { resource, reason }) => {
                info!(event = %label, %arn, %reason, "skipped: the configuration cannot be resolved here");
                return Ok(Report::skipped(label, reason, Some(resource)));
            }
            Err(source) => return Err(PipelineError::Resolve { arn, source }),
        };
        // One structured line per set-aside field (the Lambda's logs are JSON): its rules are
        // undetermined, and the report's `warnings` carries the same.
        for w in &observation.warnings {
            warn!(event = %label, %arn, field = %w.field, reason = %w.reason, "field ignored: read as unknown");
        }
        let lookups = match &observation.state {
            ObservedState::Present(resource) => {
                self.resolver
                    .lookups(&observation.resource, &needed(resource))
                    .await
            }
            _ => Lookups::none(),
        };
        let Some(assessment) = assess(&observation, &self.settings, &lookups) else {
            return Err(PipelineError::Unresolved { arn });
        };
        let previous = self
            .store
            .load(&observation.resource)
            .await
            .map_err(PipelineError::Store)?;
        let decision = decide(
            previous.as_ref(),
            &observation,
            &assessment,
            &self.settings,
            now,
        );
        let report = Report::evaluated(label, &observation, &assessment, &decision);
        match decision {
            Decision::Stale { reason } => {
                info!(event = %label, %arn, %reason, "nothing changed");
                if let Some(previous) = previous.filter(|p| !p.outbox.is_empty()) {
                    warn!(%arn, "delivering what an earlier attempt left in the outbox");
                    self.deliver(&previous).await?;
                }
            }
            Decision::Apply(applied) => {
                match self
                    .store
                    .commit(&applied)
                    .await
                    .map_err(PipelineError::Store)?
                {
                    Commit::Written => self.deliver(&applied.state).await?,
                    Commit::Superseded => {
                        info!(event = %label, %arn, "a newer state was stored concurrently; nothing changed");
                    }
                }
            }
        }
        Ok(report)
    }

    /// Delivers a committed state's outbox, then clears it.
    async fn deliver(&self, state: &ResourceState) -> Result<(), PipelineError> {
        if state.outbox.is_empty() {
            return Ok(());
        }
        let arn = &state.resource.arn;
        let delivered =
            self.deliverer
                .deliver(state)
                .await
                .map_err(|source| PipelineError::Deliver {
                    arn: arn.clone(),
                    source,
                })?;
        info!(%arn, findings = delivered.findings, alerts = delivered.alerts, "delivered");
        self.store
            .clear_outbox(state)
            .await
            .map_err(PipelineError::Store)
    }
}
