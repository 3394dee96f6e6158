//! [`AwsResolver`]: the pipeline's [`Resolver`] over AWS. It fetches what an event did not
//! carry, an oversized Config item ([`crate::describe::config_history`]) or a resource a
//! CloudTrail call named without describing ([`crate::describe`]), and answers the lookups
//! rules declare ([`crate::lookup`]), with the clients of the resource's own scope
//! ([`Scope::of`]).

use crate::clients::{ClientFactory, Scope};
use crate::clock::Clock;
use crate::describe::{self, config_history};
use crate::error::AwsError;
use crate::lookup::{self, Memo};
use std::collections::BTreeSet;
use std::sync::Arc;
use tracing::warn;
use vigil_core::lookups::{LookupKey, Lookups};
use vigil_core::observation::{Observation, ObservedState, SourceKind};
use vigil_core::resource::ResourceRef;
use vigil_pipeline::{BoxError, Resolution, Resolver};

/// Resolves [`ObservedState::NeedsFetch`] observations and answers lookups through the AWS SDK.
#[derive(Clone, Debug)]
pub struct AwsResolver {
    clients: Arc<dyn ClientFactory>,
    clock: Clock,
    /// The lookup answers of one sweep or scan ([`lookup::Memo`]); `None` for the evaluate
    /// function, whose events are each judged on answers fetched for them.
    memo: Option<Arc<Memo>>,
}

impl AwsResolver {
    /// A resolver taking its clients from `clients` and stamping lookup answers with `clock`.
    pub fn new(clients: Arc<dyn ClientFactory>, clock: Clock) -> Self {
        AwsResolver {
            clients,
            clock,
            memo: None,
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

    /// Answers what it can of the lookups, in `scope`. A lookup that cannot be answered
    /// (unknown kind, access denied, not found, or no clients for the scope) is left out, and
    /// the rules that needed it are undetermined; the failure is logged.
    pub async fn lookups(&self, scope: &Scope, keys: &BTreeSet<LookupKey>) -> Lookups {
        if keys.is_empty() {
            return Lookups::none();
        }
        match self.clients.clients(scope) {
            Ok(clients) => match &self.memo {
                Some(memo) => lookup::answer(&clients, &self.clock, keys, memo, scope).await,
                // Outside a sweep: kept only while this resource's lookups are answered.
                None => lookup::answer(&clients, &self.clock, keys, &Memo::new(), scope).await,
            },
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
        Ok(Resolution::Resolved(
            AwsResolver::resolve(self, observation).await?,
        ))
    }

    async fn lookups(&self, resource: &ResourceRef, keys: &BTreeSet<LookupKey>) -> Lookups {
        AwsResolver::lookups(self, &Scope::of(resource), keys).await
    }
}
