//! [`MemoryStore`]: the state store in memory, with the same conditional-commit semantics as the
//! DynamoDB store. The CLI's local file is this store saved and loaded; tests use it to run the
//! whole pipeline in milliseconds.

use crate::seams::{BoxError, Commit, StateStore};
use chrono::{DateTime, Duration, Utc};
use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use vigil_core::accept::Acceptance;
use vigil_core::burst::Counter;
use vigil_core::decide::Applied;
use vigil_core::delivery::Outbox;
use vigil_core::heartbeat::{Beat, Heartbeat};
use vigil_core::resource::ResourceRef;
use vigil_core::state::{HistoryEntry, ResourceState};
use vigil_core::sweep::Stored;

/// Everything a store holds: the current state per resource key and the history, oldest first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Contents {
    /// Current state per [`ResourceRef::key`].
    pub resources: BTreeMap<String, ResourceState>,
    /// Every transition, oldest first.
    pub history: Vec<HistoryEntry>,
    /// When the last event and sweep were processed.
    pub heartbeat: Heartbeat,
    /// Failed console sign-in counters by key (`vigil_core::burst`), with when each expires
    /// (epoch seconds); an expired one is dropped when the next is written.
    pub counters: BTreeMap<String, (Counter, i64)>,
    /// Accepted risks stored with `vigil accept`, per resource ARN.
    pub acceptances: BTreeMap<String, Vec<Acceptance>>,
}

/// How long a delivery lease lasts if it is never given back.
const LEASE: Duration = Duration::seconds(120);

/// A state store in memory.
#[derive(Debug, Default)]
pub struct MemoryStore {
    contents: Mutex<Contents>,
    /// Delivery leases: resource key → (holder, until).
    leases: Mutex<BTreeMap<String, (String, DateTime<Utc>)>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        MemoryStore::default()
    }

    /// A store holding `contents` (e.g. read from the CLI's state file).
    pub fn with_contents(contents: Contents) -> Self {
        MemoryStore {
            contents: Mutex::new(contents),
            leases: Mutex::default(),
        }
    }

    /// A copy of what the store holds.
    pub fn contents(&self) -> Contents {
        self.lock().clone()
    }

    fn lock(&self) -> MutexGuard<'_, Contents> {
        // A panic while the lock was held cannot leave a half-applied commit (each commit is one
        // insert and one extend), so a poisoned lock still holds consistent contents.
        self.contents
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl StateStore for MemoryStore {
    async fn load(&self, resource: &ResourceRef) -> Result<Option<ResourceState>, BoxError> {
        Ok(self.lock().resources.get(&resource.key()).cloned())
    }

    async fn load_accepted(
        &self,
        resource: &ResourceRef,
    ) -> Result<(Option<ResourceState>, Vec<Acceptance>), BoxError> {
        let contents = self.lock();
        Ok((
            contents.resources.get(&resource.key()).cloned(),
            contents
                .acceptances
                .get(&resource.arn)
                .cloned()
                .unwrap_or_default(),
        ))
    }

    async fn accept(
        &self,
        resource: &ResourceRef,
        acceptance: &Acceptance,
    ) -> Result<(), BoxError> {
        let mut contents = self.lock();
        let held = contents
            .acceptances
            .entry(resource.arn.clone())
            .or_default();
        held.retain(|a| a.accepts != acceptance.accepts);
        held.push(acceptance.clone());
        Ok(())
    }

    async fn commit(
        &self,
        applied: &Applied,
        expected: Option<&ResourceState>,
    ) -> Result<Commit, BoxError> {
        let mut contents = self.lock();
        let key = applied.state.resource.key();
        if !same_revision(contents.resources.get(&key), expected) {
            return Ok(Commit::Superseded);
        }
        contents.resources.insert(key, applied.state.clone());
        contents.history.extend(applied.history.iter().cloned());
        Ok(Commit::Written)
    }

    async fn replace_outbox(
        &self,
        state: &ResourceState,
        outbox: &Outbox,
    ) -> Result<bool, BoxError> {
        let mut contents = self.lock();
        match contents.resources.get_mut(&state.resource.key()) {
            Some(stored) if same_revision(Some(stored), Some(state)) => {
                stored.outbox = outbox.clone();
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    async fn lock_delivery(
        &self,
        resource: &ResourceRef,
        holder: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, BoxError> {
        let mut leases = self.leases.lock().unwrap_or_else(PoisonError::into_inner);
        let key = resource.key();
        if leases
            .get(&key)
            .is_some_and(|(other, until)| other != holder && *until > now)
        {
            return Ok(false);
        }
        leases.insert(key, (holder.to_string(), now + LEASE));
        Ok(true)
    }

    async fn unlock_delivery(&self, resource: &ResourceRef, holder: &str) -> Result<(), BoxError> {
        let mut leases = self.leases.lock().unwrap_or_else(PoisonError::into_inner);
        let key = resource.key();
        if leases.get(&key).is_some_and(|(h, _)| h == holder) {
            leases.remove(&key);
        }
        Ok(())
    }

    async fn stored(
        &self,
        account: &str,
        region: &str,
        resource_type: &str,
    ) -> Result<Vec<Stored>, BoxError> {
        Ok(self
            .lock()
            .resources
            .values()
            .filter(|s| {
                !s.deleted
                    && s.resource.account == account
                    && s.resource.region == region
                    && s.resource.resource_type.as_str() == resource_type
            })
            .map(|s| Stored {
                resource: s.resource.clone(),
                captured_at: s.captured_at,
            })
            .collect())
    }

    async fn load_counter(&self, key: &str) -> Result<Option<Counter>, BoxError> {
        Ok(self.lock().counters.get(key).map(|(c, _)| c.clone()))
    }

    async fn put_counter(
        &self,
        counter: &Counter,
        expected: Option<u64>,
        expires_at: i64,
    ) -> Result<bool, BoxError> {
        let mut contents = self.lock();
        if contents.counters.get(&counter.key).map(|(c, _)| c.revision) != expected {
            return Ok(false);
        }
        // What DynamoDB's TTL does in the table: counters past their time go.
        let now = counter.last_at.timestamp();
        contents.counters.retain(|_, (_, until)| *until > now);
        contents
            .counters
            .insert(counter.key.clone(), (counter.clone(), expires_at));
        Ok(true)
    }

    async fn heartbeat(&self) -> Result<Heartbeat, BoxError> {
        Ok(self.lock().heartbeat.clone())
    }

    async fn beat(&self, beat: &Beat) -> Result<(), BoxError> {
        let mut contents = self.lock();
        contents.heartbeat = std::mem::take(&mut contents.heartbeat).with(beat);
        Ok(())
    }
}

/// Whether the stored state is still the expected one: the same observation and the same
/// outbox (nothing stored, when nothing is expected).
fn same_revision(stored: Option<&ResourceState>, expected: Option<&ResourceState>) -> bool {
    match (stored, expected) {
        (None, None) => true,
        (Some(s), Some(e)) => {
            s.captured_at == e.captured_at && s.event_id == e.event_id && s.outbox == e.outbox
        }
        _ => false,
    }
}
