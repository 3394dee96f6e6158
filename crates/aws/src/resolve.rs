//! [`AwsResolver`]: the pipeline's [`Resolver`] over AWS. It fetches what an event did not
//! carry, an oversized Config item ([`crate::describe::config_history`]) or a resource a
//! CloudTrail call named without describing ([`crate::describe`]), and answers the lookups
//! rules declare ([`crate::lookup`]), with the clients of the resource's own scope
//! ([`Scope::of`]).

use crate::clients::{ClientFactory, Scope};
use crate::clock::Clock;
use crate::describe::{self, config_history};
use crate::error::AwsError;
use crate::lookup::seeded::Seeds;
use crate::lookup::{self, Memo, Memoed};
use std::collections::BTreeSet;
use std::sync::Arc;
use tracing::warn;
use vigil_core::lookups::{LookupKey, Lookups};
use vigil_core::observation::{Observation, ObservedState, SourceKind};
use vigil_core::resource::ResourceRef;
use vigil_pipeline::{BoxError, Resolution, Resolver};

/// How long after a CloudTrail call a resource its describe call cannot find, or finds still
/// being created, is taken as not visible yet rather than deleted ([`AwsResolver::describe_call`]).
/// Longer than the re-checks' total delay ([`crate::recheck`]), so the last re-check still
/// falls inside it.
pub const SETTLE_WINDOW: chrono::Duration = chrono::Duration::minutes(15);

/// Resolves [`ObservedState::NeedsFetch`] observations and answers lookups through the AWS SDK.
#[derive(Clone, Debug)]
pub struct AwsResolver {
    clients: Arc<dyn ClientFactory>,
    clock: Clock,
    /// The lookup answers of one sweep or scan ([`lookup::Memo`]); `None` for the evaluate
    /// function, whose events are each judged on answers fetched for them.
    memo: Option<Arc<Memo>>,
    /// The lookup answers a call's describe read, kept for that observation's lookups only
    /// ([`lookup::seeded`]).
    seeds: Arc<Seeds>,
}

impl AwsResolver {
    /// A resolver taking its clients from `clients` and stamping lookup answers with `clock`.
    pub fn new(clients: Arc<dyn ClientFactory>, clock: Clock) -> Self {
        AwsResolver {
            clients,
            clock,
            memo: None,
            seeds: Arc::new(Seeds::default()),
        }
    }

    /// This resolver with a new, empty memo of lookup answers, for one sweep or scan only:
    /// drop it with the sweep (the invariant is [`lookup::Memo`]'s).
    pub fn for_sweep(&self) -> Self {
        AwsResolver {
            memo: Some(Arc::new(Memo::new())),
            ..self.clone()
        }
    }

    /// The sweep's memo, if this resolver is a sweep's.
    pub fn memo(&self) -> Option<&Memo> {
        self.memo.as_deref()
    }

    /// Returns the observation with its configuration fetched; observations that need no fetch
    /// are returned as they are (and make no call).
    pub async fn resolve(&self, observation: Observation) -> Result<Observation, AwsError> {
        if !matches!(observation.state, ObservedState::NeedsFetch { .. }) {
            return Ok(observation);
        }
        let clients = self.clients.clients(&Scope::of(&observation.resource))?;
        // An oversized Config item is best fetched from Config's own history (the item as
        // captured); where Config cannot answer, the service's describe call gives the current
        // configuration instead.
        if observation.origin.kind == SourceKind::ConfigItem {
            match config_history::fetch(&clients.config, observation.clone()).await {
                Ok(fetched) => return Ok(fetched),
                Err(e) if describe::has_describe(&observation.resource.resource_type) => {
                    warn!(arn = %observation.resource.arn, error = %e, "AWS Config history unavailable; describing the resource instead");
                }
                Err(e) => return Err(e),
            }
        }
        describe::describe(&clients, observation).await
    }

    /// Describes the resource a CloudTrail call named. Within [`SETTLE_WINDOW`] of the call, a
    /// describe that finds nothing (the service's reads may not show a new resource yet) or
    /// finds it still being created is not judged: the resource is [not yet
    /// visible](Resolution::NotYetVisible), to be checked again, rather than recorded deleted
    /// or judged on a configuration about to change. An older call is judged on what the
    /// describe finds.
    pub async fn describe_call(&self, observation: Observation) -> Result<Resolution, AwsError> {
        let clients = self.clients.clients(&Scope::of(&observation.resource))?;
        let now = self.clock.now();
        let recent = now - observation.captured_at < SETTLE_WINDOW;
        let call = observation.origin.what.clone();
        let checked_at = now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        // Boxed: the describe adapters' futures are large (one arm per kind).
        let describe::DescribedCall {
            observation: described,
            settling,
            answers,
        } = Box::pin(describe::describe_call(&clients, observation, &checked_at)).await?;
        if recent {
            let noun = described.resource.resource_type.noun().to_string();
            let reason = match (&described.state, settling) {
                (ObservedState::Deleted, _) => Some(format!(
                    "{call}: the {noun} is not visible yet (its describe call found nothing): not judged until it is"
                )),
                (_, Some(status)) => Some(format!(
                    "{call}: the {noun} is still {status}: not judged until it has settled"
                )),
                _ => None,
            };
            if let Some(reason) = reason {
                return Ok(Resolution::NotYetVisible {
                    resource: described.resource,
                    reason,
                });
            }
        }
        // Judged now: its lookups, asked next, take what the description already answered.
        if matches!(described.state, ObservedState::Present(_)) {
            self.seeds.put(
                &Scope::of(&described.resource),
                &described.resource.arn,
                answers,
            );
        }
        Ok(Resolution::Resolved(described))
    }

    /// Answers what it can of the lookups, in `scope`. A lookup that cannot be answered
    /// (unknown kind, access denied, not found, or no clients for the scope) is left out, and
    /// the rules that needed it are undetermined; the failure is logged.
    pub async fn lookups(&self, scope: &Scope, keys: &BTreeSet<LookupKey>) -> Lookups {
        self.lookups_seeded(scope, keys, Vec::new()).await
    }

    /// As [`AwsResolver::lookups`], with answers the resource's own description already gave
    /// (`seeded`, [`lookup::seeded`]), which are not asked again.
    async fn lookups_seeded(
        &self,
        scope: &Scope,
        keys: &BTreeSet<LookupKey>,
        seeded: Vec<(LookupKey, serde_json::Value)>,
    ) -> Lookups {
        if keys.is_empty() {
            return Lookups::none();
        }
        match self.clients.clients(scope) {
            Ok(clients) => {
                // Outside a sweep: kept only while this resource's lookups are answered.
                let own = Memo::new();
                let memo = self.memo.as_deref().unwrap_or(&own);
                for (key, answer) in seeded {
                    memo.put(scope, key, Memoed::Answer(answer));
                }
                lookup::answer(&clients, &self.clock, keys, memo, scope).await
            }
            Err(e) => {
                let lookups: Vec<String> = keys.iter().map(LookupKey::label).collect();
                warn!(?lookups, error = %e, "lookups not answered; rules that need them are undetermined");
                Lookups::none()
            }
        }
    }
}

impl Resolver for AwsResolver {
    async fn resolve(&self, observation: Observation) -> Result<Resolution, BoxError> {
        // Answers kept for this resource belong to an earlier observation whose lookups were
        // never asked: never this one's.
        self.seeds
            .take(&Scope::of(&observation.resource), &observation.resource.arn);
        // A CloudTrail call that needs its resource described, of a kind the shell cannot
        // describe yet: not evaluated (the stored verdicts stand, the rules it affects are
        // undetermined), rather than a failed invocation retried into the dead-letter queue.
        if let ObservedState::NeedsFetch { reason } = &observation.state {
            if observation.origin.kind == SourceKind::CloudTrail
                && !describe::has_describe(&observation.resource.resource_type)
            {
                return Ok(Resolution::Unavailable {
                    reason: reason.clone(),
                    resource: observation.resource,
                });
            }
        }
        if matches!(observation.state, ObservedState::NeedsFetch { .. })
            && observation.origin.kind == SourceKind::CloudTrail
        {
            return Ok(self.describe_call(observation).await?);
        }
        Ok(Resolution::Resolved(
            AwsResolver::resolve(self, observation).await?,
        ))
    }

    async fn lookups(&self, resource: &ResourceRef, keys: &BTreeSet<LookupKey>) -> Lookups {
        let scope = Scope::of(resource);
        let seeded = self.seeds.take(&scope, &resource.arn);
        self.lookups_seeded(&scope, keys, seeded).await
    }
}
