//! The sweep function's work queue: one SQS message per (region, kind) of a sweep run, fanned out
//! by [`work_items`] and consumed one message at a time with partial batch failures.
//!
//! A message is a whole (region, kind) rather than one page of it, because reconciliation needs
//! the complete listing of a (region, kind) to know what is gone. A message whose handling fails
//! (or whose invocation times out) becomes visible again and is handled again from the start:
//! everything already committed is then unchanged (same configuration, no transition), so a
//! resumed sweep ends in the same state with no duplicate alert.
//!
//! **The first sweep** of an installation (the heartbeat has no sweep yet when the run starts,
//! [`start`]) sends one summary instead of an alert per finding: its work items carry `first`,
//! their findings are imported but their alerts are not sent
//! ([`crate::AwsDeliverer::for_first_sweep`]), each item keeps a tally of its reports in the
//! table, and the item that completes the run sends the digest of them all
//! (`vigil_core::digest`, [`crate::store::baseline`]). Later sweeps alert on transitions only,
//! as events do.

use crate::clients::{ClientFactory, Scope};
use crate::clock::Clock;
use crate::error::{AwsError, Service};
use crate::service::AwsPipeline;
use crate::sweep::{self, NotEvaluated};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tracing::{info, warn};
use vigil_core::digest::Tally;
use vigil_core::kinds::{self, Kind};
use vigil_core::sweep::Run;

/// One unit of sweep work.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct WorkItem {
    /// The sweep run (the observations' event id).
    pub run: String,
    /// The region to list.
    pub region: String,
    /// The kind to list (a descriptor's type name).
    pub kind: String,
    /// Part of an installation's first sweep: summarised, not alerted.
    #[serde(default, skip_serializing_if = "is_false")]
    pub first: bool,
    /// Every Region of the run, on the global items only: the account's verdicts that span
    /// the monitored Regions (GuardDuty.1) read them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub monitored: Vec<String>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl WorkItem {
    /// The kind's descriptor, if this Vigil still models it.
    pub fn descriptor(&self) -> Option<&'static Kind> {
        kinds::kind(&self.kind)
    }

    /// Its part of the run: `<region>#<kind>`.
    pub fn part(&self) -> String {
        format!("{}#{}", self.region, self.kind)
    }
}

/// Every (region, kind) of a run: every kind in each region, the global (IAM) kinds only in the
/// first region (the stack's own region comes first in the parameter's default).
pub fn work_items(run: &str, regions: &[String]) -> Vec<WorkItem> {
    let mut out = Vec::new();
    for (i, region) in regions.iter().enumerate() {
        for kind in crate::sweep::kinds_for(i == 0) {
            out.push(WorkItem {
                run: run.to_string(),
                region: region.clone(),
                kind: kind.type_name.to_string(),
                first: false,
                monitored: if crate::list::is_global(kind) {
                    regions.to_vec()
                } else {
                    Vec::new()
                },
            });
        }
    }
    out
}

/// The regions of `VIGIL_SWEEP_REGIONS` (comma-separated), else the function's own region.
pub fn regions(list: Option<&str>, own: &str) -> Vec<String> {
    let mut out: Vec<String> = list
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_string)
        .collect();
    if out.is_empty() {
        out.push(own.to_string());
    }
    out.dedup();
    out
}

/// Sends a run's work items to the queue, ten per `SendMessageBatch`. Any message the queue
/// refuses fails the whole start (the schedule or the deployment event retries it; a message
/// sent twice only repeats unchanged work).
pub async fn enqueue(
    sqs: &aws_sdk_sqs::Client,
    queue_url: &str,
    items: &[WorkItem],
) -> Result<(), AwsError> {
    use aws_sdk_sqs::types::SendMessageBatchRequestEntry;
    for (batch_no, batch) in items.chunks(10).enumerate() {
        let mut request = sqs.send_message_batch().queue_url(queue_url);
        for (i, item) in batch.iter().enumerate() {
            let body = serde_json::to_string(item)
                .map_err(|e| AwsError::Config(format!("cannot encode a work item: {e}")))?;
            request = request.entries(
                SendMessageBatchRequestEntry::builder()
                    .id(format!("w{batch_no}-{i}"))
                    .message_body(body)
                    .build()
                    .map_err(|e| AwsError::request(Service::Sqs, "SendMessageBatch", e))?,
            );
        }
        let out = request
            .send()
            .await
            .map_err(|e| AwsError::call(Service::Sqs, "SendMessageBatch", e))?;
        if !out.failed().is_empty() {
            return Err(AwsError::Config(format!(
                "the work queue refused {} of the run's messages",
                out.failed().len()
            )));
        }
    }
    Ok(())
}

/// Starts run `run`: its work items, marked `first` (and the run recorded as a first sweep)
/// when the heartbeat has no sweep yet and `run` wins the installation's one first-sweep claim
/// (of two runs started at the same moment, before either has swept anything, only one is the
/// first), sent to the queue.
pub async fn start(
    pipeline: &AwsPipeline,
    sqs: &aws_sdk_sqs::Client,
    queue_url: &str,
    run: &str,
    regions: &[String],
    now: DateTime<Utc>,
) -> Result<Vec<WorkItem>, AwsError> {
    let first = pipeline.store().heartbeat().await?.last_sweep_at.is_none()
        && pipeline.store().claim_first_sweep(run, now).await?;
    let mut items = work_items(run, regions);
    if first {
        for item in &mut items {
            item.first = true;
        }
        pipeline
            .store()
            .begin_baseline(run, items.len(), now)
            .await?;
    }
    enqueue(sqs, queue_url, &items).await?;
    Ok(items)
}

/// Handles one queue message: its (region, kind) listed and run through the pipeline. An error
/// (an unreadable message, a listing that could not be evaluated, a pipeline failure) means the
/// message must be delivered again. A kind this Vigil does not model is dropped with a warning.
pub async fn handle(
    pipeline: &AwsPipeline,
    factory: &dyn ClientFactory,
    clock: &Clock,
    account: &str,
    body: &str,
) -> Result<(), String> {
    let item: WorkItem =
        serde_json::from_str(body).map_err(|e| format!("not a sweep work item: {e}"))?;
    let Some(kind) = item.descriptor() else {
        warn!(kind = %item.kind, "work item for a kind this Vigil does not model; dropped");
        return Ok(());
    };
    let clients = factory
        .clients(&Scope {
            account: None,
            region: Some(item.region.clone()),
        })
        .map_err(|e| e.to_string())?;
    let run = Run {
        id: item.run.clone(),
        account: account.to_string(),
        region: item.region.clone(),
        monitored: item.monitored.clone(),
    };
    // The lookup answers of this work item only (`lookup::Memo`'s invariant).
    let mut pipeline = pipeline.with_resolver(pipeline.resolver().for_sweep());
    if item.first {
        pipeline = pipeline.with_deliverer(pipeline.deliverer().for_first_sweep());
    }
    // Boxed, as the futures are large (every adapter's and the pipeline's state) and a caller
    // may await on a small stack (a test thread).
    let outcome = Box::pin(sweep::sweep_kind(&pipeline, &clients, clock, &run, kind)).await;
    let (tally, result) = match outcome.result {
        Ok(listing) => {
            let failing = listing.reports.iter().filter(|r| r.has_failure()).count();
            let errors = listing.reports.iter().filter(|r| r.error.is_some()).count();
            info!(run = %item.run, region = %item.region, kind = %item.kind,
                  resources = listing.reports.len(), failing, errors, vanished = listing.vanished,
                  "swept");
            let tally = item.first.then(|| Tally::from_reports(&listing.reports));
            (tally, Ok(()))
        }
        // A first sweep still counts the item done (its retry replaces the part), so one kind
        // denied does not hold the summary back; the summary names it.
        Err(NotEvaluated { message, .. }) => {
            let tally = item.first.then(|| Tally {
                not_evaluated: vec![message.clone()],
                ..Tally::default()
            });
            (tally, Err(message))
        }
    };
    if let Some(tally) = tally {
        Box::pin(summarise(&pipeline, &item, &tally, account, clock.now()))
            .await
            .map_err(|e| format!("first sweep summary: {e}"))?;
    }
    result
}

/// Keeps a first sweep item's tally and, when it completes the run, sends the run's one summary
/// (once: the sending is claimed, and given back if it fails so the retry sends it).
async fn summarise(
    pipeline: &AwsPipeline,
    item: &WorkItem,
    tally: &Tally,
    account: &str,
    now: DateTime<Utc>,
) -> Result<(), AwsError> {
    let store = pipeline.store();
    if !store
        .baseline_part(&item.run, &item.part(), tally, now)
        .await?
        || !store.claim_baseline(&item.run).await?
    {
        return Ok(());
    }
    let sent = async {
        let whole = store.baseline_tally(&item.run).await?;
        let digest = whole.digest();
        pipeline
            .deliverer()
            .sns
            .publish(&digest.alert(account))
            .await?;
        Ok::<_, AwsError>(digest)
    }
    .await;
    match sent {
        Ok(digest) => {
            info!(run = %item.run, resources = digest.resources, failing = digest.failing(),
                  "first sweep summary sent");
            Ok(())
        }
        Err(e) => {
            if let Err(again) = store.unclaim_baseline(&item.run).await {
                warn!(run = %item.run, error = %again, "cannot give the summary's claim back");
            }
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_once_per_region_and_iam_once() {
        let regions = vec!["eu-west-2".to_string(), "eu-west-1".to_string()];
        let items = work_items("sweep-1", &regions);
        // IAM's three kinds and the account itself are global.
        let global: Vec<_> = items
            .iter()
            .filter(|w| w.kind.starts_with("AWS::IAM::") || w.kind == "AWS::::Account")
            .collect();
        assert_eq!(global.len(), 4);
        assert!(global.iter().all(|w| w.region == "eu-west-2"));
        // The account's GuardDuty.1 spans every monitored Region: the global items carry them.
        assert!(global.iter().all(|w| w.monitored == regions));
        assert!(items
            .iter()
            .filter(|w| !global.contains(w))
            .all(|w| w.monitored.is_empty()));
        assert_eq!(items.len(), kinds::KINDS.len() * 2 - 4);
        assert!(items.iter().all(|w| w.descriptor().is_some()));
        let json = serde_json::to_string(&items[0]).unwrap();
        assert_eq!(serde_json::from_str::<WorkItem>(&json).unwrap(), items[0]);
    }

    #[test]
    fn regions_default_to_the_functions_own() {
        assert_eq!(regions(None, "eu-west-2"), ["eu-west-2"]);
        assert_eq!(regions(Some(" "), "eu-west-2"), ["eu-west-2"]);
        assert_eq!(
            regions(Some("eu-west-2, eu-west-1"), "us-east-1"),
            ["eu-west-2", "eu-west-1"]
        );
    }
}
