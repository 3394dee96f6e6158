//! One CloudWatch metric per handled event, as an Embedded Metric Format (EMF) log line:
//! `Vigil/Events` with the dimension `Outcome` (`evaluated`, `skipped`, `error`), so errors and
//! skips are counted and can be alarmed on without any API call.

use serde_json::json;

/// How an event ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Evaluated (whatever the verdicts).
    Evaluated,
    /// Valid but nothing to evaluate.
    Skipped,
    /// Bad input or a failed AWS call.
    Error,
}

/// The EMF line for one event at `timestamp_ms`.
pub fn emf_line(outcome: Outcome, timestamp_ms: i64) -> String {
    let label = match outcome {
        Outcome::Evaluated => "evaluated",
        Outcome::Skipped => "skipped",
        Outcome::Error => "error",
    };
    json!({
        "_aws": {
            "Timestamp": timestamp_ms,
            "CloudWatchMetrics": [{
                "Namespace": "Vigil",
                "Dimensions": [["Outcome"]],
                "Metrics": [{"Name": "Events", "Unit": "Count"}]
            }]
        },
        "Outcome": label,
        "Events": 1
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_is_emf_with_the_outcome_dimension() {
        let v: serde_json::Value = serde_json::from_str(&emf_line(Outcome::Error, 1)).unwrap();
        assert_eq!(v["Outcome"], "error");
        assert_eq!(v["_aws"]["CloudWatchMetrics"][0]["Namespace"], "Vigil");
        assert_eq!(v["Events"], 1);
    }
}
