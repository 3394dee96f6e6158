//! The three seams of the pipeline. Each shell implements them over its own infrastructure:
//!
//! | seam | Lambda | CLI | tests |
//! |---|---|---|---|
//! | [`StateStore`] | DynamoDB (`vigil_aws::store`) | the local state file | [`crate::MemoryStore`] |
//! | [`Resolver`] | AWS describe and lookup calls (`vigil_aws::resolve`) | [`crate::OfflineResolver`] | [`crate::OfflineResolver`] |
//! | [`Deliverer`] | Security Hub and SNS (`vigil_aws::deliver`) | the report is the output ([`crate::DiscardDeliverer`]) | a recording deliverer |

use chrono::{DateTime, Utc};
use std::collections::BTreeSet;
use std::future::Future;
use vigil_core::accept::Acceptance;
use vigil_core::burst::Counter;
use vigil_core::decide::Applied;
use vigil_core::delivery::Outbox;
use vigil_core::heartbeat::{Beat, Heartbeat};
use vigil_core::lookups::{LookupKey, Lookups};
use vigil_core::observation::Observation;
use vigil_core::resource::ResourceRef;
use vigil_core::state::ResourceState;
use vigil_core::sweep::Stored;

/// An error from a seam's implementation, kept whole (its kind can be recovered by downcasting,
/// e.g. to `vigil_aws::AwsError`).
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// The outcome of a conditional commit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Commit {
    /// The new state and its history were written.
    Written,
    /// The stored state is no longer the one the decision was made from (another invocation
    /// committed, or delivered and emptied its outbox, meanwhile); nothing was written. The
    /// pipeline loads it again and decides again.
    Superseded,
}

/// Where resource state and its evidence live.
pub trait StateStore: Sync {
    /// The stored state of a resource, if any.
    fn load(
        &self,
        resource: &ResourceRef,
    ) -> impl Future<Output = Result<Option<ResourceState>, BoxError>> + Send;

    /// The stored state of a resource with the accepted risks stored for it (`vigil accept`),
    /// in one read: what `decide` needs.
    fn load_accepted(
        &self,
        resource: &ResourceRef,
    ) -> impl Future<Output = Result<(Option<ResourceState>, Vec<Acceptance>), BoxError>> + Send;

    /// Stores an accepted risk for `resource`, replacing one for the same rule or control. It
    /// takes effect at the resource's next observation.
    fn accept(
        &self,
        resource: &ResourceRef,
        acceptance: &Acceptance,
    ) -> impl Future<Output = Result<(), BoxError>> + Send;

    /// Writes a decision's new state (with its outbox) and history entries at once, only if the
    /// stored state is still `expected`, the one the decision was made from (`None`: nothing
    /// stored): same observation and same outbox. Since `decide` orders observations, a late or
    /// duplicate observation never overwrites newer state; since the whole stored state is
    /// compared, a concurrent commit or delivery is never overwritten either (the new state
    /// carries forward exactly the outbox still pending). Nothing is ever half-written.
    fn commit(
        &self,
        applied: &Applied,
        expected: Option<&ResourceState>,
    ) -> impl Future<Output = Result<Commit, BoxError>> + Send;

    /// Replaces the outbox of the stored state with `outbox` (what is left to deliver), only if
    /// the stored state is still exactly `state` (same observation, same outbox). `false` when
    /// it changed meanwhile: nothing was written.
    fn replace_outbox(
        &self,
        state: &ResourceState,
        outbox: &Outbox,
    ) -> impl Future<Output = Result<bool, BoxError>> + Send;

    /// Takes the delivery lease of a resource for `holder` (unique per attempt), if no one else
    /// holds an unexpired one; may wait a little for it. Deliveries of one resource run one at a
    /// time, so an older state's findings can never reach Security Hub after a newer one's.
    /// `false`: still held by another delivery.
    fn lock_delivery(
        &self,
        resource: &ResourceRef,
        holder: &str,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<bool, BoxError>> + Send;

    /// Gives the delivery lease back (only if `holder` still holds it).
    fn unlock_delivery(
        &self,
        resource: &ResourceRef,
        holder: &str,
    ) -> impl Future<Output = Result<(), BoxError>> + Send;

    /// Every resource of `resource_type` stored for `account` and `region` and not deleted, with
    /// its capture time: what a sweep of that (region, kind) reconciles against.
    fn stored(
        &self,
        account: &str,
        region: &str,
        resource_type: &str,
    ) -> impl Future<Output = Result<Vec<Stored>, BoxError>> + Send;

    /// The failed console sign-in counter stored under `key` (`vigil_core::burst`), if any
    /// (possibly past its window: the counting decides what that means).
    fn load_counter(
        &self,
        key: &str,
    ) -> impl Future<Output = Result<Option<Counter>, BoxError>> + Send;

    /// Writes `counter` under its key, to be dropped after `expires_at` (epoch seconds), only if
    /// the stored counter is still at revision `expected` (`None`: nothing stored). `false` when
    /// it changed meanwhile: nothing was written, and the failure is counted again.
    fn put_counter(
        &self,
        counter: &Counter,
        expected: Option<u64>,
        expires_at: i64,
    ) -> impl Future<Output = Result<bool, BoxError>> + Send;

    /// The heartbeat: when the last event and the last sweep were processed.
    fn heartbeat(&self) -> impl Future<Output = Result<Heartbeat, BoxError>> + Send;

    /// Records a beat; a time never moves back (`Heartbeat::with`).
    fn beat(&self, beat: &Beat) -> impl Future<Output = Result<(), BoxError>> + Send;
}

/// What resolving an observation gave.
#[derive(Clone, Debug, PartialEq)]
// One resolution per event, moved straight on: not worth a box.
#[allow(clippy::large_enum_variant)]
pub enum Resolution {
    /// The observation, with its configuration fetched where it had to be.
    Resolved(Observation),
    /// The configuration must be fetched and this resolver cannot (offline): the input is
    /// reported as skipped with the reason.
    Unavailable {
        /// The resource the input named.
        resource: ResourceRef,
        /// Why, for people.
        reason: String,
    },
    /// The resource is not visible yet, or still settling (a describe right after a create
    /// found nothing, or found it `creating`): nothing is judged or stored now, and the caller
    /// may check it again later. Judging it now would record a deletion, or a verdict on a
    /// configuration about to change, that no call made.
    NotYetVisible {
        /// The resource the input named.
        resource: ResourceRef,
        /// Why, for people.
        reason: String,
    },
}

/// Fetches what a source did not carry: the configuration itself (an oversized Config item, a
/// CloudTrail call without a description) and the lookups rules declare.
pub trait Resolver: Sync {
    /// Completes the observation's configuration where it must be fetched.
    fn resolve(
        &self,
        observation: Observation,
    ) -> impl Future<Output = Result<Resolution, BoxError>> + Send;

    /// Answers what it can of the lookups the rules for `resource` declared, in the resource's
    /// account and region; an unanswered lookup leaves its rules undetermined.
    fn lookups(
        &self,
        resource: &ResourceRef,
        keys: &BTreeSet<LookupKey>,
    ) -> impl Future<Output = Lookups> + Send;
}

/// How much a delivery carried, for the logs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Delivered {
    /// Findings imported.
    pub findings: usize,
    /// Alerts sent.
    pub alerts: usize,
}

/// A delivery that failed partway, as a [`Deliverer`]'s error: what was delivered before the
/// failure (e.g. the findings and the first alerts, before SNS failed) and the failure. The
/// pipeline removes `sent` from the stored outbox before it fails, so the retry delivers only
/// the rest: an alert is sent once even when SNS fails between two alerts of one resource.
#[derive(Debug, thiserror::Error)]
#[error("delivered in part, then: {source}")]
pub struct PartialDelivery {
    /// What was delivered: intents of the outbox given to [`Deliverer::deliver`].
    pub sent: Outbox,
    /// Why the rest was not.
    pub source: BoxError,
}

/// Delivers a committed state's outbox: renders its findings and alerts and sends them.
pub trait Deliverer: Sync {
    /// Delivers everything in `state`'s outbox, or fails (the outbox is then kept for a retry,
    /// without what a [`PartialDelivery`] error says was delivered).
    fn deliver(
        &self,
        state: &ResourceState,
    ) -> impl Future<Output = Result<Delivered, BoxError>> + Send;
}
