//! A sweep's listing of one (region, kind) through the one pipeline: each description is an
//! observation run like any event, then the store is reconciled with what the listing found.

use crate::pipeline::{Pipeline, PipelineError};
use crate::seams::{Deliverer, Resolver, StateStore};
use chrono::{DateTime, Utc};
use std::collections::BTreeSet;
use tracing::{info, warn};
use vigil_core::sweep::{self, Description, Run};
use vigil_core::{Parsed, Report};

/// What a list adapter gave for one (region, kind).
#[derive(Clone, Debug, PartialEq)]
pub struct Listing {
    /// The kind listed (a descriptor's `type_name`).
    pub resource_type: &'static str,
    /// When the listing began: a stored resource captured after this is never reconciled away.
    pub started: DateTime<Utc>,
    /// When the listing ended: the capture time of its observations.
    pub captured_at: DateTime<Utc>,
    /// Every resource the listing described.
    pub descriptions: Vec<Description>,
}

/// What a listing did to the store.
#[derive(Debug, Default)]
pub struct ListingOutcome {
    /// One report per described resource and per vanished one, in order.
    pub reports: Vec<Report>,
    /// How many stored resources the listing no longer found (observed deleted).
    pub vanished: usize,
}

impl<S: StateStore, R: Resolver, D: Deliverer> Pipeline<S, R, D> {
    /// Runs a complete listing of one (region, kind): every description through the pipeline,
    /// then every stored resource of that (region, kind) the listing did not find, and that no
    /// observation stored after the listing began, as a deletion. A resource whose observation
    /// fails is reported in its report's `error` and the rest go on. Only a complete listing may
    /// be given: a failed listing proves nothing about what is missing.
    pub async fn run_listing(
        &self,
        run: &Run,
        listing: &Listing,
        now: DateTime<Utc>,
    ) -> Result<ListingOutcome, PipelineError> {
        let mut outcome = ListingOutcome::default();
        let mut found = BTreeSet::new();
        for d in &listing.descriptions {
            let label = d.arn.clone();
            let report = match sweep::observation(run, d, listing.captured_at) {
                Err(e) => {
                    warn!(arn = %d.arn, error = %e, "swept description not readable");
                    // The resource exists even if its description is unreadable: never
                    // reconcile it away.
                    found.insert(key(run, &d.arn));
                    Report::error(&label, e.to_string())
                }
                Ok(Parsed::Ignored { reason, resource }) => {
                    found.insert(key(run, &d.arn));
                    Report::skipped(&label, reason, resource)
                }
                // A description is never a sign-in.
                Ok(Parsed::FailedSignIn(_)) => {
                    found.insert(key(run, &d.arn));
                    Report::skipped(&label, "a description read as a sign-in", None)
                }
                Ok(Parsed::Observation(o)) => {
                    found.insert(o.resource.key());
                    self.run_observation(&label, o, now)
                        .await
                        .unwrap_or_else(|e| Report::error(&label, e.to_string()))
                }
            };
            outcome.reports.push(report);
        }
        let stored = self
            .store()
            .stored(&run.account, &run.region, listing.resource_type)
            .await
            .map_err(PipelineError::Store)?;
        for resource in sweep::vanished(&stored, &found, listing.started) {
            let label = resource.arn.clone();
            info!(arn = %label, "no longer listed: observed deleted");
            let observation = sweep::deletion(run, resource, listing.captured_at);
            let report = self
                .run_observation(&label, observation, now)
                .await
                .unwrap_or_else(|e| Report::error(&label, e.to_string()));
            outcome.vanished += 1;
            outcome.reports.push(report);
        }
        self.beat(vigil_core::heartbeat::Beat::Sweep {
            run: run.id.clone(),
            at: now,
        })
        .await;
        Ok(outcome)
    }
}

fn key(run: &Run, arn: &str) -> String {
    vigil_core::resource::state_key(&run.account, &run.region, arn)
}
