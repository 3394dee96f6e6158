//! The sweep Lambda. Wiring only: the listing and evaluation are `vigil_aws::sweep` over the
//! same pipeline as the evaluate function.
//!
//! Two kinds of invocation:
//! - **Start** (the schedule, or the stack's `CREATE_COMPLETE`/`UPDATE_COMPLETE` event soon
//!   after deployment): one message per (region, kind) is sent to the work queue
//!   (`vigil_aws::sweep_queue::work_items`, ten per `SendMessageBatch`).
//!   The start also checks Vigil's own prerequisites (`vigil_aws::watch`: a logging trail, the
//!   stack's EventBridge rules, Security Hub, the alert subscription, the dead-letter queue) and
//!   runs the stack through the pipeline as `Vigil::Deployment`; a failed check is logged and
//!   does not fail the start.
//! - **Work** (the queue's event source mapping, `ReportBatchItemFailures`): each message's
//!   (region, kind) is listed and run through the pipeline; a message that fails, or that a
//!   listing could not evaluate (access denied, throttled beyond the retries), is reported as a
//!   batch item failure, so SQS delivers it again (then to the dead-letter queue). Handling a
//!   message again is idempotent: an unchanged resource changes nothing and alerts on nothing.

// The pipeline's future nests the store, resolver and deliverer futures (each an SDK call chain);
// computing its layout needs more than the default query depth.
#![recursion_limit = "256"]

use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent};
use lambda_runtime::{service_fn, Error, LambdaEvent};
use serde_json::{json, Value};
use std::sync::Arc;
use tracing::{error, info};
use vigil_aws::sweep;
use vigil_aws::sweep_queue;
use vigil_aws::watch::{self, SelfWatch, Watcher};
use vigil_aws::{Clock, EvaluateService, SdkClientFactory, ServiceConfig};

struct Sweeper {
    service: EvaluateService,
    factory: Arc<SdkClientFactory>,
    sqs: aws_sdk_sqs::Client,
    queue_url: String,
    regions: Vec<String>,
    account: String,
    clock: Clock,
    /// Vigil's own stack, watched at each start (`None` without `VIGIL_STACK_ID`).
    watch: Option<(SelfWatch, Watcher)>,
    /// The function's (and the stack's) Region.
    own_region: String,
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    tracing_subscriber::fmt()
        .json()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_target(false)
        .with_current_span(false)
        .init();
    let config = ServiceConfig::from_vars(|name| std::env::var(name).ok())?;
    let queue_url = std::env::var("VIGIL_SWEEP_QUEUE_URL")
        .map_err(|_| "environment variable VIGIL_SWEEP_QUEUE_URL is not set")?;
    let sdk = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .retry_config(vigil_aws::list::retry_config())
        .load()
        .await;
    let own_region = sdk.region().map(|r| r.to_string()).unwrap_or_default();
    let regions = sweep_queue::regions(
        std::env::var("VIGIL_SWEEP_REGIONS").ok().as_deref(),
        &own_region,
    );
    let factory = Arc::new(SdkClientFactory::new(sdk.clone(), None));
    let clock = Clock::system();
    let service = EvaluateService::with_clients(factory.clone(), config, clock.clone())?;
    let account = sweep::caller_account(&factory.home()).await?;
    let watch =
        SelfWatch::from_vars(|name| std::env::var(name).ok()).map(|w| (w, Watcher::new(&sdk)));
    let sweeper = Sweeper {
        service,
        factory,
        sqs: aws_sdk_sqs::Client::new(&vigil_aws::Resilience::default().apply(&sdk)),
        queue_url,
        regions,
        account,
        clock,
        watch,
        own_region,
    };
    lambda_runtime::run(service_fn(|event: LambdaEvent<Value>| {
        handle(&sweeper, event.payload)
    }))
    .await
}

async fn handle(sweeper: &Sweeper, payload: Value) -> Result<Value, Error> {
    if payload.get("Records").is_some() {
        let event: SqsEvent = serde_json::from_value(payload)?;
        let response = work(sweeper, event).await;
        return Ok(serde_json::to_value(response)?);
    }
    start(sweeper).await
}

/// Fans a new run out on the work queue.
async fn start(sweeper: &Sweeper) -> Result<Value, Error> {
    let run = format!("sweep-{}", sweeper.clock.now().format("%Y%m%dT%H%M%SZ"));
    let items = sweep_queue::start(
        sweeper.service.pipeline(),
        &sweeper.sqs,
        &sweeper.queue_url,
        &run,
        &sweeper.regions,
        sweeper.clock.now(),
    )
    .await?;
    let first = items.iter().any(|i| i.first);
    info!(%run, messages = items.len(), regions = ?sweeper.regions, first, "sweep started");
    if let Some((w, watcher)) = &sweeper.watch {
        let checked = watch::check(
            sweeper.service.pipeline(),
            watcher,
            w,
            &sweeper.account,
            &sweeper.own_region,
            &run,
            &sweeper.clock,
        )
        .await;
        match checked {
            Ok(report) => info!(%run, report = ?report, "Vigil's own prerequisites checked"),
            Err(e) => error!(%run, error = %e, "Vigil's own prerequisites not checked"),
        }
    }
    Ok(json!({"run": run, "messages": items.len(), "first": first}))
}

/// Handles the queue's messages, reporting each failed one.
async fn work(sweeper: &Sweeper, event: SqsEvent) -> SqsBatchResponse {
    let mut response = SqsBatchResponse::default();
    for record in event.records {
        let id = record.message_id.clone().unwrap_or_default();
        let handled = sweep_queue::handle(
            sweeper.service.pipeline(),
            sweeper.factory.as_ref(),
            &sweeper.clock,
            &sweeper.account,
            record.body.as_deref().unwrap_or_default(),
        )
        .await;
        if let Err(e) = handled {
            error!(message = %id, error = %e, "sweep work item failed; SQS will deliver it again");
            response.add_failure(id);
        }
    }
    response
}
