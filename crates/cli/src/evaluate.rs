//! `vigil evaluate`: each input through the one pipeline (offline resolver, the embedded store,
//! the report as the delivery), reported as it goes.

use crate::inputs::{self, Input};
use crate::render;
use crate::store::FileStore;
use crate::Format;
use anyhow::Result;
use std::io::Write;
use vigil_core::{Report, Settings};
use vigil_pipeline::{
    DiscardDeliverer, MemoryStore, OfflineResolver, Pipeline, PipelineError, StateStore,
};

/// Counts that decide the exit status.
#[derive(Debug, Default)]
pub struct RunOutcome {
    errors: usize,
    failures: usize,
}

impl RunOutcome {
    /// Counts one report.
    pub fn count(&mut self, report: &Report) {
        self.errors += usize::from(report.error.is_some());
        self.failures += usize::from(report.has_failure());
    }

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

/// Evaluates every input and writes the reports; with a store, saves it at the end.
pub fn run(
    args: &[String],
    settings: &Settings,
    store: Option<FileStore>,
    format: Format,
    out: &mut dyn Write,
) -> Result<RunOutcome> {
    let stdin = std::io::stdin();
    let inputs = inputs::expand(args, &mut stdin.lock());
    let now = chrono::Utc::now();
    let runtime = tokio::runtime::Builder::new_current_thread().build()?;
    let (memory, file) = match store {
        Some(file) => {
            let (memory, file) = file.into_parts();
            (memory, Some(file))
        }
        None => (MemoryStore::new(), None),
    };
    let pipeline = Pipeline::new(memory, OfflineResolver, DiscardDeliverer, settings.clone());
    let mut outcome = RunOutcome::default();
    let mut reports = Vec::new();
    for input in inputs {
        let mut report = runtime.block_on(process(&pipeline, input, now));
        // A root user's call evaluated for its resource is two outcomes: the resource's and,
        // in `root_use`, the root use's. Both count; JSON keeps one line per input (the root
        // use's report nested), the text lists them one after the other.
        outcome.count(&report);
        if let Some(root_use) = &report.root_use {
            outcome.count(root_use);
        }
        match format {
            Format::Json => writeln!(out, "{}", serde_json::to_string(&report)?)?,
            Format::Text => {
                let root_use = report.root_use.take();
                reports.push(report);
                reports.extend(root_use.map(|r| *r));
            }
        }
    }
    if format == Format::Text {
        write!(out, "{}", render::text(&reports))?;
    }
    if let Some(file) = file {
        file.save(&pipeline.store().contents())?;
    }
    Ok(outcome)
}

/// One input through the pipeline; every failure becomes the report's `error`.
pub async fn process<S: StateStore>(
    pipeline: &Pipeline<S, OfflineResolver, DiscardDeliverer>,
    input: Input,
    now: chrono::DateTime<chrono::Utc>,
) -> Report {
    let label = input.label;
    let text = match input.text {
        Ok(text) => text,
        Err(message) => return Report::error(&label, message),
    };
    match pipeline.run_text(&label, &text, now).await {
        Ok(report) => report,
        Err(PipelineError::BadInput(e)) => Report::error(&label, e.to_string()),
        Err(e) => Report::error(&label, e.to_string()),
    }
}
