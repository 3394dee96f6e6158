//! `vigil scan`: the sweep from a laptop, read-only, with the caller's credentials (the standard
//! AWS chain: environment, `--profile`, the shared files; `AWS_ENDPOINT_URL` honoured, so it runs
//! against a moto_server). Each (region, kind) is listed by `vigil_aws`'s list adapters and run
//! through the one pipeline with the AWS resolver (rules' lookups answered with the same
//! credentials), the embedded state store, and the report as the delivery.
//!
//! A (region, kind) that cannot be listed (access denied, a service the region lacks) is reported
//! as `skipped` with what to do, and the rest goes on. Progress goes to stderr, one plain line per
//! (region, kind); the report goes to stdout in `vigil evaluate`'s contract.

use crate::evaluate::RunOutcome;
use crate::render;
use crate::store::FileStore;
use crate::Format;
use anyhow::{bail, Context as _, Result};
use std::cell::RefCell;
use std::io::Write;
use std::sync::Arc;
use vigil_aws::sweep::{self, KindOutcome};
use vigil_aws::{AwsResolver, ClientFactory, Clock, Scope, SdkClientFactory};
use vigil_core::digest::Tally;
use vigil_core::kinds::KINDS;
use vigil_core::sweep::Run;
use vigil_core::{Report, Settings};
use vigil_pipeline::{DiscardDeliverer, MemoryStore, Pipeline};

/// What to scan and how.
#[derive(Debug)]
pub struct ScanOptions {
    /// A named profile of the shared AWS files.
    pub profile: Option<String>,
    /// The regions; empty: the configured region.
    pub regions: Vec<String>,
    /// The output format.
    pub format: Format,
}

/// Scans the account and writes the reports; with a store, saves it at the end.
///
/// JSON reports are written as each (region, kind) finishes and then dropped, and the digest is
/// a [`Tally`] kept as they go, so the scan holds one kind's reports at a time. The text form
/// sorts resources with failures first over the whole account, so it keeps every report until
/// the end (as `vigil evaluate`'s does).
pub fn run(
    options: &ScanOptions,
    settings: &Settings,
    store: Option<FileStore>,
    out: &mut dyn Write,
    progress: &mut dyn Write,
) -> Result<RunOutcome> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let (memory, file) = match store {
        Some(file) => {
            let (memory, file) = file.into_parts();
            (memory, Some(file))
        }
        None => (MemoryStore::new(), None),
    };
    let mut sink = Sink {
        format: options.format,
        out,
        progress,
        outcome: RunOutcome::default(),
        tally: Tally::default(),
        kept: Vec::new(),
        failed: None,
    };
    let (pipeline, account) = runtime.block_on(scan(options, settings, memory, &mut sink))?;
    if let Some(e) = sink.failed.take() {
        return Err(e);
    }
    if options.format == Format::Text {
        // In the descriptors' order, whatever finished first.
        sink.kept.sort_by_key(|(position, _)| *position);
        let reports: Vec<Report> = std::mem::take(&mut sink.kept)
            .into_iter()
            .flat_map(|(_, reports)| reports)
            .collect();
        write!(sink.out, "{}", render::text(&reports))?;
        let skipped: Vec<_> = reports.iter().filter_map(|r| r.skipped.as_ref()).collect();
        for reason in skipped {
            writeln!(sink.out, "not evaluated: {reason}")?;
        }
        // The summary a first sweep sends as its one message.
        let (subject, body) = sink.tally.digest().render(&account);
        write!(sink.out, "\n{subject}\n\n{body}")?;
    }
    if let Some(file) = file {
        file.save(&pipeline.store().contents())?;
    }
    Ok(sink.outcome)
}

/// Where a scan's outcomes go as each (region, kind) finishes.
struct Sink<'a> {
    format: Format,
    out: &'a mut dyn Write,
    progress: &'a mut dyn Write,
    outcome: RunOutcome,
    /// The digest's counts, kept as the reports go by.
    tally: Tally,
    /// The text form's reports, by the kind's place among the descriptors.
    kept: Vec<(usize, Vec<Report>)>,
    /// The first write that failed: the rest is not written, and the scan fails with it.
    failed: Option<anyhow::Error>,
}

impl Sink<'_> {
    /// Writes one (region, kind)'s progress line and, as JSON, its reports; counts and tallies
    /// them.
    fn take(&mut self, o: KindOutcome) {
        if self.failed.is_some() {
            return;
        }
        if let Err(e) = writeln!(self.progress, "{}", progress_line(&o)) {
            self.failed = Some(e.into());
            return;
        }
        let position = KINDS
            .iter()
            .position(|k| k.type_name == o.kind.type_name)
            .unwrap_or(KINDS.len());
        let reports = match o.result {
            Ok(listing) => listing.reports,
            Err(not) => vec![Report::skipped(
                &format!("scan {} {}", o.region, o.kind.type_name),
                not.message,
                None,
            )],
        };
        for report in &reports {
            self.outcome.count(report);
        }
        self.tally.merge(Tally::from_reports(&reports));
        match self.format {
            Format::Json => {
                for report in &reports {
                    let written = serde_json::to_string(report)
                        .map_err(anyhow::Error::from)
                        .and_then(|line| Ok(writeln!(self.out, "{line}")?));
                    if let Err(e) = written {
                        self.failed = Some(e);
                        return;
                    }
                }
            }
            Format::Text => self.kept.push((position, reports)),
        }
    }
}

type ScanPipeline = Pipeline<MemoryStore, AwsResolver, DiscardDeliverer>;

async fn scan(
    options: &ScanOptions,
    settings: &Settings,
    store: MemoryStore,
    sink: &mut Sink<'_>,
) -> Result<(ScanPipeline, String)> {
    let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .retry_config(vigil_aws::list::retry_config());
    if let Some(profile) = &options.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(first) = options.regions.first() {
        loader = loader.region(aws_config::Region::new(first.clone()));
    }
    let sdk = loader.load().await;
    let Some(home_region) = sdk.region().map(|r| r.to_string()) else {
        bail!("no AWS region: pass --region REGION (repeatable) or set AWS_REGION or a region in your profile");
    };
    let regions = if options.regions.is_empty() {
        vec![home_region]
    } else {
        options.regions.clone()
    };
    let factory = Arc::new(SdkClientFactory::new(sdk, None));
    let home = factory.home();
    let account = sweep::caller_account(&home).await.with_context(|| {
        "cannot tell which AWS account these credentials belong to (STS GetCallerIdentity failed). \
         Set credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE or --profile, \
         `aws configure`) and check the region"
    })?;
    let clock = Clock::system();
    // One memo of lookup answers for this scan, dropped with it.
    let resolver = AwsResolver::new(factory.clone(), clock.clone()).for_sweep();
    let pipeline = Pipeline::new(store, resolver, DiscardDeliverer, settings.clone());
    let run_id = format!("scan-{}", clock.now().format("%Y%m%dT%H%M%SZ"));
    writeln!(
        sink.progress,
        "scanning account {account} in {}",
        regions.join(", ")
    )?;
    let sink = RefCell::new(sink);
    for (i, region) in regions.iter().enumerate() {
        let clients = factory.clients(&Scope {
            account: None,
            region: Some(region.clone()),
        })?;
        let run = Run {
            id: run_id.clone(),
            account: account.clone(),
            region: region.clone(),
            monitored: regions.clone(),
        };
        // IAM is global: swept once, with the first region.
        let kinds = sweep::kinds_for(i == 0);
        // The lanes run on this one thread and never hold the sink across an await.
        let on_done = |o: KindOutcome| sink.borrow_mut().take(o);
        sweep::sweep_region(&pipeline, &clients, &clock, &run, &kinds, &on_done).await;
    }
    Ok((pipeline, account))
}

/// One plain progress line for a finished (region, kind).
fn progress_line(o: &KindOutcome) -> String {
    match &o.result {
        Ok(listing) => {
            let failing = listing.reports.iter().filter(|r| r.has_failure()).count();
            let vanished = if listing.vanished > 0 {
                format!(", {} gone since the last scan", listing.vanished)
            } else {
                String::new()
            };
            format!(
                "[{}] {}: {} listed, {failing} failing{vanished}",
                o.region,
                o.kind.noun,
                listing.reports.len() - listing.vanished
            )
        }
        Err(not) => format!("[{}] {}", o.region, not.message),
    }
}
