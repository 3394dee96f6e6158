//! The sweep function's work queue: one SQS message per (region, kind) of a sweep run, fanned out
//! by [`work_items`] and consumed one message at a time with partial batch failures.
//!
//! A message is a whole (region, kind) rather than one page of it, because reconciliation needs
//! the complete listing of a (region, kind) to know what is gone. A message whose handling fails
//! (or whose invocation times out) becomes visible again and is handled again from the start:
//! everything already committed is then unchanged (same configuration, no transition), so a
//! resumed sweep ends in the same state with no duplicate alert.

use crate::clients::{ClientFactory, Scope};
use crate::clock::Clock;
use crate::error::{AwsError, Service};
use crate::resolve::AwsResolver;
use crate::sweep::{self, NotEvaluated};
use serde::{Deserialize, Serialize};
use tracing::{info, warn};
use vigil_core::kinds::{self, Kind};
use vigil_core::sweep::Run;
use vigil_pipeline::{Deliverer, Pipeline, StateStore};

/// One unit of sweep work.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct WorkItem {
    /// The sweep run (the observations' event id).
    pub run: String,
    /// The region to list.
    pub region: String,
    /// The kind to list (a descriptor's type name).
    pub kind: String,
}

impl WorkItem {
    /// The kind's descriptor, if this Vigil still models it.
    pub fn descriptor(&self) -> Option<&'static Kind> {
        kinds::kind(&self.kind)
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

/// Handles one queue message: its (region, kind) listed and run through the pipeline. An error
/// (an unreadable message, a listing that could not be evaluated, a pipeline failure) means the
/// message must be delivered again. A kind this Vigil does not model is dropped with a warning.
pub async fn handle<S: StateStore, D: Deliverer>(
    pipeline: &Pipeline<S, AwsResolver, D>,
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
    };
    let outcome = sweep::sweep_kind(pipeline, &clients, clock, &run, kind).await;
    match outcome.result {
        Ok(listing) => {
            let failing = listing.reports.iter().filter(|r| r.has_failure()).count();
            let errors = listing.reports.iter().filter(|r| r.error.is_some()).count();
            info!(run = %item.run, region = %item.region, kind = %item.kind,
                  resources = listing.reports.len(), failing, errors, vanished = listing.vanished,
                  "swept");
            Ok(())
        }
        Err(NotEvaluated { message, .. }) => Err(message),
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
