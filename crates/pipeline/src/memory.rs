//! [`MemoryStore`]: the state store in memory, with the same conditional-commit semantics as the
//! DynamoDB store. The CLI's local file is this store saved and loaded; tests use it to run the
//! whole pipeline in milliseconds.

use crate::seams::{BoxError, Commit, StateStore};
use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard};
use vigil_core::decide::Applied;
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
}

/// A state store in memory.
#[derive(Debug, Default)]
pub struct MemoryStore {
    contents: Mutex<Contents>,
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

    async fn commit(&self, applied: &Applied) -> Result<Commit, BoxError> {
        let mut contents = self.lock();
        let key = applied.state.resource.key();
        if let Some(stored) = contents.resources.get(&key) {
            let newer = stored.captured_at > applied.state.captured_at;
            let same_event = stored.captured_at == applied.state.captured_at
                && stored.event_id == applied.state.event_id;
            if newer || same_event {
                return Ok(Commit::Superseded);
            }
        }
        contents.resources.insert(key, applied.state.clone());
        contents.history.extend(applied.history.iter().cloned());
        Ok(Commit::Written)
    }

    async fn clear_outbox(&self, state: &ResourceState) -> Result<(), BoxError> {
        let mut contents = self.lock();
        if let Some(stored) = contents.resources.get_mut(&state.resource.key()) {
            if stored.captured_at == state.captured_at && stored.event_id == state.event_id {
                stored.outbox = Default::default();
            }
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

    async fn heartbeat(&self) -> Result<Heartbeat, BoxError> {
        Ok(self.lock().heartbeat.clone())
    }

    async fn beat(&self, beat: &Beat) -> Result<(), BoxError> {
        let mut contents = self.lock();
        contents.heartbeat = std::mem::take(&mut contents.heartbeat).with(beat);
        Ok(())
    }
}
