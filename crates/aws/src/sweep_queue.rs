//! The sweep function's work queue: one SQS message per (region, kind) of a sweep run, fanned out
//! by [`work_items`] and consumed one message at a time with partial batch failures.
//!
//! A message is a whole (region, kind) rather than one page of it, because reconciliation needs
//! the complete listing of a (region, kind) to know what is gone. A message whose handling fails
//! (or whose invocation times out) becomes visible again and is handled again from the start:
//! everything already committed is then unchanged (same configuration, no transition), so a
//! resumed sweep ends in the same state with no duplicate alert.

use serde::{Deserialize, Serialize};
use vigil_core::kinds::{self, Kind};

/// One unit of sweep work.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_once_per_region_and_iam_once() {
        let regions = vec!["eu-west-2".to_string(), "eu-west-1".to_string()];
        let items = work_items("sweep-1", &regions);
        let iam: Vec<_> = items
            .iter()
            .filter(|w| w.kind.starts_with("AWS::IAM::"))
            .collect();
        assert_eq!(iam.len(), 3);
        assert!(iam.iter().all(|w| w.region == "eu-west-2"));
        assert_eq!(items.len(), kinds::KINDS.len() * 2 - 3);
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
