//! The evaluate Lambda: EventBridge event in (Config item change or CloudTrail call), state,
//! findings and alerts out. Wiring only: the logic is `vigil_aws::EvaluateService` over
//! `vigil_core`.
//!
//! The payload is taken as raw JSON and validated by the core, so a malformed event gets a clear
//! error (logged, counted, and kept by the retry and dead-letter queue) rather than a
//! deserialisation failure before Vigil's code runs.

// The pipeline's future nests the store, resolver and deliverer futures (each an SDK call chain);
// computing its layout needs more than the default query depth.
#![recursion_limit = "256"]

use lambda_runtime::{service_fn, Error, LambdaEvent};
use serde_json::Value;
use tracing::{error, info};
use vigil_aws::metrics::{emf_line, Outcome};
use vigil_aws::{EvaluateService, ServiceConfig};

#[tokio::main]
async fn main() -> Result<(), Error> {
    tracing_subscriber::fmt()
        .json()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_target(false)
        .with_current_span(false)
        .init();
    let config = ServiceConfig::from_vars(|name| std::env::var(name).ok())?;
    let sdk = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let recheck = vigil_aws::recheck::Recheck::from_vars(
        |name| std::env::var(name).ok(),
        vigil_aws::recheck::client(&sdk),
    )?;
    let service = EvaluateService::new(&sdk, config).with_recheck(recheck);
    lambda_runtime::run(service_fn(|event: LambdaEvent<Value>| {
        handle(&service, event)
    }))
    .await
}

async fn handle(service: &EvaluateService, event: LambdaEvent<Value>) -> Result<Value, Error> {
    let now = chrono::Utc::now();
    if vigil_aws::service::is_send_digest(&event.payload) {
        // The daily schedule: send the held LOW and MEDIUM alerts in one message. A failure
        // fails the invocation and removes nothing, so the retry (or tomorrow) sends them.
        return match service.send_digest(now).await {
            Ok(sent) => {
                info!(
                    alerts = sent.alerts,
                    released = sent.released,
                    "digest sent"
                );
                Ok(
                    serde_json::json!({"digest": {"alerts": sent.alerts, "released": sent.released}}),
                )
            }
            Err(e) => {
                error!(error = %e, "the digest was not sent; the held alerts stay for the retry");
                Err(e.into())
            }
        };
    }
    // The re-check queue's messages (one a batch): each is its event handled again. A failed
    // one fails the invocation, so SQS delivers it again and then moves it to the dead-letter
    // queue.
    if let Some(messages) = vigil_aws::recheck::messages(&event.payload) {
        let mut lines = Vec::new();
        for message in messages {
            let message = message.map_err(|e| {
                error!(error = %e, "a re-check record that cannot be read");
                Error::from(e)
            })?;
            lines.push(report_line(
                service.handle_recheck(&message, now).await,
                now,
                &event,
            )?);
        }
        return Ok(Value::Array(lines));
    }
    report_line(service.handle(&event.payload, now).await, now, &event)
}

/// Logs and counts one handled event.
fn report_line(
    handled: vigil_aws::service::Handled,
    now: chrono::DateTime<chrono::Utc>,
    event: &LambdaEvent<Value>,
) -> Result<Value, Error> {
    match handled {
        Ok(report) => {
            let outcome = if report.skipped.is_some() {
                Outcome::Skipped
            } else {
                Outcome::Evaluated
            };
            println!("{}", emf_line(outcome, now.timestamp_millis()));
            let line = serde_json::to_value(&report)?;
            info!(report = %line, "handled");
            Ok(line)
        }
        Err(e) => {
            println!("{}", emf_line(Outcome::Error, now.timestamp_millis()));
            error!(error = %e, request_id = %event.context.request_id, "event failed; it will be retried and then kept in the dead-letter queue");
            Err(e.into())
        }
    }
}
