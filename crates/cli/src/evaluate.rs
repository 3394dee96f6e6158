//! `vigil evaluate`: each input through the core's one path (parse → assess → decide) against
//! the embedded store, reported as it goes.

use crate::inputs::{self, Input};
use crate::render;
use crate::store::FileStore;
use crate::Format;
use anyhow::Result;
use std::io::Write;
use vigil_core::decide::{decide, Decision};
use vigil_core::evaluate::assess;
use vigil_core::lookups::Lookups;
use vigil_core::{parse_event_str, ObservedState, Parsed, Report, Settings};

/// Counts that decide the exit status.
#[derive(Debug, Default)]
pub struct RunOutcome {
    errors: usize,
    failures: usize,
}

impl RunOutcome {
    /// 2 when any input was in error, else 1 when anything failed, else 0.
    pub fn exit_code(&self) -> u8 {
        if self.errors > 0 {
            2
        } else if self.failures > 0 {
            1
        } else {
            0
        }
    }
}

/// Evaluates every input and writes the reports.
pub fn run(
    args: &[String],
    settings: &Settings,
    mut store: Option<FileStore>,
    format: Format,
    out: &mut dyn Write,
) -> Result<RunOutcome> {
    let stdin = std::io::stdin();
    let inputs = inputs::expand(args, &mut stdin.lock());
    let now = chrono::Utc::now();
    let mut outcome = RunOutcome::default();
    let mut reports = Vec::new();
    for input in inputs {
        let report = process(input, settings, store.as_mut(), now);
        outcome.errors += usize::from(report.error.is_some());
        outcome.failures += usize::from(report.has_failure());
        match format {
            Format::Json => writeln!(out, "{}", serde_json::to_string(&report)?)?,
            Format::Text => reports.push(report),
        }
    }
    if format == Format::Text {
        write!(out, "{}", render::text(&reports))?;
    }
    if let Some(store) = &store {
        store.save()?;
    }
    Ok(outcome)
}

/// One input through the core.
pub fn process(
    input: Input,
    settings: &Settings,
    store: Option<&mut FileStore>,
    now: chrono::DateTime<chrono::Utc>,
) -> Report {
    let label = input.label;
    let text = match input.text {
        Ok(text) => text,
        Err(message) => return Report::error(&label, message),
    };
    let observation = match parse_event_str(&text) {
        Err(e) => return Report::error(&label, e.to_string()),
        Ok(Parsed::Ignored { reason, resource }) => {
            return Report::skipped(&label, reason, resource)
        }
        Ok(Parsed::Observation(o)) => o,
    };
    let Some(assessment) = assess(&observation, settings, &Lookups::none()) else {
        let reason = match &observation.state {
            ObservedState::NeedsFetch { reason } => reason.as_str(),
            _ => "the configuration must be fetched",
        };
        return Report::skipped(
            &label,
            format!("{reason}; `vigil evaluate` works offline and makes no AWS calls"),
            Some(observation.resource),
        );
    };
    let previous = store
        .as_ref()
        .and_then(|s| s.get(&observation.resource.key()));
    let decision = decide(previous, &observation, &assessment, settings, now);
    let report = Report::evaluated(&label, &observation, &assessment, &decision);
    if let (Some(store), Decision::Apply(applied)) = (store, decision) {
        store.apply(*applied);
    }
    report
}
