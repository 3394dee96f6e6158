//! The offline seams: a [`OfflineResolver`] that makes no calls and a [`DiscardDeliverer`] for a
//! shell whose output is the report itself (the CLI).

use crate::seams::{BoxError, Delivered, Deliverer, Resolution, Resolver};
use std::collections::BTreeSet;
use vigil_core::lookups::{LookupKey, Lookups};
use vigil_core::observation::{Observation, ObservedState};
use vigil_core::resource::ResourceRef;
use vigil_core::state::ResourceState;

/// Resolves nothing: an observation that needs its configuration fetched is unavailable, and no
/// lookup is answered (the rules that need one are undetermined).
#[derive(Clone, Copy, Debug, Default)]
pub struct OfflineResolver;

impl Resolver for OfflineResolver {
    async fn resolve(&self, observation: Observation) -> Result<Resolution, BoxError> {
        Ok(match observation.state {
            ObservedState::NeedsFetch { reason } => Resolution::Unavailable {
                resource: observation.resource,
                reason: format!("{reason}; `vigil evaluate` works offline and makes no AWS calls"),
            },
            _ => Resolution::Resolved(observation),
        })
    }

    async fn lookups(&self, _resource: &ResourceRef, _keys: &BTreeSet<LookupKey>) -> Lookups {
        Lookups::none()
    }
}

/// Delivers nowhere: for a shell whose report is its delivery. It counts what it was given.
#[derive(Clone, Copy, Debug, Default)]
pub struct DiscardDeliverer;

impl Deliverer for DiscardDeliverer {
    async fn deliver(&self, state: &ResourceState) -> Result<Delivered, BoxError> {
        Ok(Delivered {
            findings: state.outbox.finding_count(),
            alerts: state.outbox.alert_count(),
        })
    }
}
