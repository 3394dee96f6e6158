//! [`Pipeline`]: one input through resolve → lookups → assess → decide → commit → deliver.

use crate::seams::{
    BoxError, Commit, Deliverer, PartialDelivery, Resolution, Resolver, StateStore,
};
use chrono::{DateTime, Utc};
use serde_json::Value;
use std::sync::atomic::{AtomicU64, Ordering};
use thiserror::Error;
use tracing::{info, warn};
use vigil_core::burst::{self, Counted, FailedSignIn};
use vigil_core::decide::{decide_accepting, Decision};
use vigil_core::delivery::{Outbox, Rendered};
use vigil_core::evaluate::{assess, needed};
use vigil_core::heartbeat::Beat;
use vigil_core::lookups::Lookups;
use vigil_core::observation::{Observation, ObservedState};
use vigil_core::resource::ResourceRef;
use vigil_core::sources::activity::burst_observation;
use vigil_core::{read_event, read_event_str, InputError, Parsed, Read, Report, Settings};

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
    /// The stored state kept changing under this input (concurrent invocations for the same
    /// resource); nothing was lost, the retry decides again.
    #[error("the state of {arn} changed under {attempts} attempts to commit; to be retried")]
    Contended {
        /// The resource.
        arn: String,
        /// Attempts made.
        attempts: usize,
    },
    /// Another invocation is delivering this resource's outbox and did not finish in time; the
    /// outbox stays in the store for the retry.
    #[error("delivery of {arn} is in progress elsewhere (kept in its outbox for the retry)")]
    DeliveryBusy {
        /// The resource.
        arn: String,
    },
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

    /// The resolver.
    pub fn resolver(&self) -> &R {
        &self.resolver
    }

    /// The same pipeline (same store, deliverer and settings) over another resolver: e.g. a
    /// sweep's resolver that keeps its lookup answers for that sweep only.
    pub fn with_resolver<R2: Resolver>(&self, resolver: R2) -> Pipeline<S, R2, D>
    where
        S: Clone,
        D: Clone,
    {
        Pipeline {
            store: self.store.clone(),
            resolver,
            deliverer: self.deliverer.clone(),
            settings: self.settings.clone(),
        }
    }

    /// The same pipeline over another deliverer: e.g. a first sweep's, which summarises instead
    /// of alerting.
    pub fn with_deliverer<D2: Deliverer>(&self, deliverer: D2) -> Pipeline<S, R, D2>
    where
        S: Clone,
        R: Clone,
    {
        Pipeline {
            store: self.store.clone(),
            resolver: self.resolver.clone(),
            deliverer,
            settings: self.settings.clone(),
        }
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
        let read = read_event(event)?;
        let report = self.run_read(&label, read, now).await?;
        if report.skipped.is_none() || report.root_use.is_some() {
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
        let read = read_event_str(text)?;
        let report = self.run_read(label, read, now).await?;
        if report.skipped.is_none() || report.root_use.is_some() {
            self.beat(Beat::Event {
                id: label.to_string(),
                at: now,
            })
            .await;
        }
        Ok(report)
    }

    /// One event read in full: the root user's use beside a call evaluated for its resource
    /// first (its one alert does not wait on the resource's describe; a retry after the
    /// resource failed finds it applied, `Stale`, and says nothing more), then what the event
    /// says, whose report carries the root use's in `root_use`.
    async fn run_read(
        &self,
        label: &str,
        read: Read,
        now: DateTime<Utc>,
    ) -> Result<Report, PipelineError> {
        let root_use = match read.root_use {
            // Boxed: the observation's future is large, and this one is every event's.
            Some(observation) => Some(Box::new(
                Box::pin(self.run_observation(label, observation, now)).await?,
            )),
            None => None,
        };
        let mut report = Box::pin(self.run_parsed(label, read.parsed, now)).await?;
        report.root_use = root_use;
        // The account beside the call (a trail created or updated: CloudTrail.1), after the
        // call's own resource. A failure here fails the event, so the retry judges both again
        // (the resource's repeat is `Stale` and says nothing).
        if let Some(account) = read.account {
            report.account = Some(Box::new(
                Box::pin(self.run_observation(label, account, now)).await?,
            ));
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
            Parsed::FailedSignIn(failure) => self.count_failed_sign_in(label, failure, now).await,
        }
    }

    /// Counts a failed console sign-in in its account's counter (`vigil_core::burst`), written
    /// conditionally on the revision read; when it crosses the threshold, the burst is carried
    /// through as one observation of account activity (one alert, one informational finding).
    async fn count_failed_sign_in(
        &self,
        label: &str,
        failure: FailedSignIn,
        now: DateTime<Utc>,
    ) -> Result<Report, PipelineError> {
        let key = failure.counter_key();
        for _ in 0..COMMIT_ATTEMPTS {
            let previous = self
                .store
                .load_counter(&key)
                .await
                .map_err(PipelineError::Store)?;
            let (counter, burst) = match burst::count(previous.as_ref(), &failure, &self.settings) {
                Counted::Duplicate => {
                    info!(event = %label, "failed sign-in already counted");
                    return Ok(Report::skipped(
                        label,
                        "a failed console sign-in already counted",
                        None,
                    ));
                }
                Counted::Write { counter, burst } => (counter, burst),
            };
            let written = self
                .store
                .put_counter(
                    &counter,
                    previous.as_ref().map(|c| c.revision),
                    counter.expires_at(&self.settings),
                )
                .await
                .map_err(PipelineError::Store)?;
            if !written {
                info!(event = %label, "the failed sign-in counter changed meanwhile; counting again");
                continue;
            }
            return match burst {
                Some(burst) => {
                    info!(event = %label, count = burst.count, "a burst of failed console sign-ins");
                    // Boxed: the observation's future is large, and this one is one arm of
                    // every event's future.
                    Box::pin(self.run_observation(label, burst_observation(&burst), now)).await
                }
                None => Ok(Report::skipped(
                    label,
                    format!(
                        "a failed console sign-in, counted: {} of {} within {} minutes since {}",
                        counter.count,
                        self.settings.failed_sign_in_threshold,
                        self.settings.failed_sign_in_window_minutes,
                        counter.window_start.format("%Y-%m-%dT%H:%M:%SZ")
                    ),
                    None,
                )),
            };
        }
        Err(PipelineError::Contended {
            arn: key,
            attempts: COMMIT_ATTEMPTS,
        })
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
            Ok(Resolution::NotYetVisible { resource, reason }) => {
                info!(event = %label, %arn, %reason, "not judged yet: the resource is not visible or still settling");
                return Ok(Report::not_yet_visible(label, reason, resource));
            }
            Err(source) => return Err(PipelineError::Resolve { arn, source }),
        };
        let observation = self.deleted_by_name(observation).await?;
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
        let resource = &observation.resource;
        let mut attempts = 0;
        loop {
            attempts += 1;
            let (previous, accepted) = self
                .store
                .load_accepted(resource)
                .await
                .map_err(PipelineError::Store)?;
            let decision = decide_accepting(
                previous.as_ref(),
                &observation,
                &assessment,
                &accepted,
                &self.settings,
                now,
            );
            let report = Report::evaluated(label, &observation, &assessment, &decision);
            match decision {
                Decision::Stale { reason, .. } => {
                    info!(event = %label, %arn, %reason, "nothing changed");
                    if previous.is_some_and(|p| !p.outbox.is_empty()) {
                        warn!(%arn, "delivering what an earlier attempt left in the outbox");
                        self.deliver(resource, now).await?;
                    }
                }
                Decision::Apply(applied) => {
                    match self
                        .store
                        .commit(&applied, previous.as_ref())
                        .await
                        .map_err(PipelineError::Store)?
                    {
                        Commit::Written => self.deliver(resource, now).await?,
                        Commit::Superseded if attempts < COMMIT_ATTEMPTS => {
                            info!(event = %label, %arn, "the stored state changed meanwhile; deciding again");
                            continue;
                        }
                        Commit::Superseded => {
                            return Err(PipelineError::Contended {
                                arn,
                                attempts: COMMIT_ATTEMPTS,
                            })
                        }
                    }
                }
            }
            return Ok(report);
        }
    }

    /// Delivers what the resource's stored outbox holds, under its delivery lease: one delivery
    /// of a resource at a time, always of the newest stored state, so Security Hub can never be
    /// left holding an older finding than the state's.
    /// A delete call names some resources by name only, and the ARN built from the name is a
    /// stand-in (an IAM user's real ARN holds its path; `kinds::BuiltArn::Provisional`): a
    /// deleted resource cannot be described to learn it. When nothing is stored under the
    /// observed ARN, the one stored resource of the same kind, account and Region with that
    /// name, not deleted, is the one deleted (names are unique per kind there). Otherwise the
    /// observation is kept as it is.
    async fn deleted_by_name(
        &self,
        mut observation: Observation,
    ) -> Result<Observation, PipelineError> {
        if !matches!(observation.state, ObservedState::Deleted) {
            return Ok(observation);
        }
        let Some(name) = observation.resource.name.clone() else {
            return Ok(observation);
        };
        let r = &observation.resource;
        if self
            .store
            .load(r)
            .await
            .map_err(PipelineError::Store)?
            .is_some()
        {
            return Ok(observation);
        }
        let stored = self
            .store
            .stored(&r.account, &r.region, r.resource_type.as_str())
            .await
            .map_err(PipelineError::Store)?;
        let mut named = stored
            .into_iter()
            .filter(|s| s.resource.name.as_deref() == Some(name.as_str()));
        if let (Some(one), None) = (named.next(), named.next()) {
            info!(built = %r.arn, stored = %one.resource.arn, "a deletion named by name: the stored resource of that name");
            observation.resource = one.resource;
        }
        Ok(observation)
    }

    async fn deliver(
        &self,
        resource: &ResourceRef,
        now: DateTime<Utc>,
    ) -> Result<(), PipelineError> {
        let arn = &resource.arn;
        let holder = lease_holder(now);
        let locked = self
            .store
            .lock_delivery(resource, &holder, now)
            .await
            .map_err(PipelineError::Store)?;
        if !locked {
            return Err(PipelineError::DeliveryBusy { arn: arn.clone() });
        }
        let result = self.deliver_locked(resource).await;
        if let Err(e) = self.store.unlock_delivery(resource, &holder).await {
            warn!(%arn, error = %e, "cannot give the delivery lease back; it expires by itself");
        }
        result
    }

    /// With the lease held: delivers the stored outbox, then removes what was delivered from
    /// whatever is stored by then (a commit meanwhile carried it forward), and goes on while a
    /// commit meanwhile added more (a few rounds; the rest is delivered by its own invocation,
    /// which waits for the lease).
    async fn deliver_locked(&self, resource: &ResourceRef) -> Result<(), PipelineError> {
        let arn = &resource.arn;
        for _ in 0..DELIVERY_ROUNDS {
            let Some(state) = self
                .store
                .load(resource)
                .await
                .map_err(PipelineError::Store)?
            else {
                return Ok(());
            };
            if state.outbox.is_empty() {
                return Ok(());
            }
            let sent = state.outbox.clone();
            let delivered = match self.deliverer.deliver(&state).await {
                Ok(delivered) => delivered,
                Err(source) => {
                    // Delivered in part: what went out leaves the outbox, so the retry sends
                    // only the rest. If that update fails, the retry sends it all again (at
                    // least once, never lost).
                    if let Some(partial) = source.downcast_ref::<PartialDelivery>() {
                        let sent = &partial.sent;
                        warn!(%arn, findings = sent.findings.len(), alerts = sent.alerts.len() + sent.rendered.alerts.len(), "delivered in part; the rest stays in the outbox");
                        if let Err(e) = self.settle(resource, state, sent).await {
                            warn!(%arn, error = %e, "cannot record the partial delivery; the retry sends it all again");
                        }
                    }
                    return Err(PipelineError::Deliver {
                        arn: arn.clone(),
                        source,
                    });
                }
            };
            info!(%arn, findings = delivered.findings, alerts = delivered.alerts, "delivered");
            if !self.settle(resource, state, &sent).await? {
                return Ok(());
            }
        }
        Ok(())
    }

    /// Removes what was `sent` from the outbox of whatever is stored by then (a commit meanwhile
    /// carried it forward). `false` when the state is gone.
    async fn settle(
        &self,
        resource: &ResourceRef,
        mut state: vigil_core::state::ResourceState,
        sent: &Outbox,
    ) -> Result<bool, PipelineError> {
        for _ in 0..COMMIT_ATTEMPTS {
            if self
                .store
                .replace_outbox(&state, &without(&state.outbox, sent))
                .await
                .map_err(PipelineError::Store)?
            {
                return Ok(true);
            }
            match self
                .store
                .load(resource)
                .await
                .map_err(PipelineError::Store)?
            {
                Some(newer) => state = newer,
                None => return Ok(false),
            }
        }
        Err(PipelineError::Contended {
            arn: resource.arn.clone(),
            attempts: COMMIT_ATTEMPTS,
        })
    }
}

/// How many times a commit (or an outbox update) is tried again when the stored state changed
/// meanwhile.
const COMMIT_ATTEMPTS: usize = 5;

/// How many outboxes one delivery lease delivers at most.
const DELIVERY_ROUNDS: usize = 3;

/// A holder name unique to this delivery attempt: process, attempt counter, time.
fn lease_holder(now: DateTime<Utc>) -> String {
    static ATTEMPT: AtomicU64 = AtomicU64::new(0);
    format!(
        "{}-{}-{}",
        std::process::id(),
        ATTEMPT.fetch_add(1, Ordering::Relaxed),
        now.timestamp_nanos_opt().unwrap_or_default()
    )
}

/// `outbox` without what was `sent`: the deliveries still to make.
fn without(outbox: &Outbox, sent: &Outbox) -> Outbox {
    Outbox {
        findings: outbox
            .findings
            .iter()
            .filter(|f| !sent.findings.contains(f))
            .cloned()
            .collect(),
        alerts: outbox
            .alerts
            .iter()
            .filter(|a| !sent.alerts.contains(a))
            .cloned()
            .collect(),
        rendered: Rendered {
            findings: outbox
                .rendered
                .findings
                .iter()
                .filter(|f| !sent.rendered.findings.contains(f))
                .cloned()
                .collect(),
            alerts: outbox
                .rendered
                .alerts
                .iter()
                .filter(|a| !sent.rendered.alerts.contains(a))
                .cloned()
                .collect(),
        },
    }
}
