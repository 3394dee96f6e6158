//! The daily digest (`vigil_core::held`): every alert held in the table, sent to SNS as ONE
//! message, then removed. If the send fails nothing is removed, so the next run sends them all;
//! an item replaced by a newer version after it was read stays for the next digest.

use super::SnsPublisher;
use crate::error::AwsError;
use crate::store::DynamoStore;
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use vigil_core::held::render_digest;

/// What a digest run did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DigestSent {
    /// Held alerts the message carried.
    pub alerts: usize,
    /// Of those, removed from the table (the rest were replaced meanwhile and wait).
    pub released: usize,
}

/// Sends the digest of every held alert and removes what it sent. Nothing held: no message.
pub async fn send_digest(
    store: &DynamoStore,
    sns: &SnsPublisher,
    now: DateTime<Utc>,
) -> Result<DigestSent, AwsError> {
    let held = store.held().await?;
    // The current state of each held resource, so a failure resolved since reads as resolved.
    let mut current = HashMap::new();
    for h in &held {
        let key = h.resource.key();
        if current.contains_key(&key) {
            continue;
        }
        if let Some(state) = store.load(&h.resource).await? {
            current.insert(key, state);
        }
    }
    let Some(message) = render_digest(&held, &current, now) else {
        return Ok(DigestSent::default());
    };
    sns.publish(&message).await?;
    let mut released = 0;
    for h in &held {
        if store.release(h).await? {
            released += 1;
        }
    }
    Ok(DigestSent {
        alerts: held.len(),
        released,
    })
}
