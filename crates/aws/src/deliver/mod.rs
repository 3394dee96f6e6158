//! The pipeline's [`Deliverer`] over AWS: a committed state's outbox goes to Security Hub
//! ([`securityhub`]: the findings) and then to SNS ([`sns`]: the alerts). Any failure fails the
//! delivery, and the outbox stays in the store for the retry.

pub mod digest;
pub mod securityhub;
pub mod sns;

pub use securityhub::{SecurityHubPublisher, IMPORT_BATCH};
pub use sns::SnsPublisher;

use crate::clients::Clients;
use crate::store::DynamoStore;
use vigil_core::delivery::{Outbox, Rendered};
use vigil_core::held::{waits, Held};
use vigil_core::resources::deployment::DEPLOYMENT_TYPE;
use vigil_core::state::ResourceState;
use vigil_pipeline::{BoxError, Delivered, Deliverer, PartialDelivery};

/// The Lambda's deliverer: findings to Security Hub first, then alerts to SNS.
#[derive(Clone, Debug)]
pub struct AwsDeliverer {
    /// Security Hub.
    pub hub: SecurityHubPublisher,
    /// SNS.
    pub sns: SnsPublisher,
    /// With the daily digest on (`Settings::digest`): the table where alerts below HIGH are held
    /// until the digest sends them ([`digest::send_digest`]).
    pub digest: Option<DynamoStore>,
    /// A first sweep's deliverer: findings are imported, alerts are not sent (nor held), as the
    /// sweep sends one summary of the whole account instead (`crate::sweep_queue`).
    pub baseline: bool,
}

impl AwsDeliverer {
    /// A deliverer over `clients`, publishing alerts to `topic_arn`.
    pub fn new(clients: &Clients, topic_arn: impl Into<String>) -> Self {
        AwsDeliverer {
            hub: SecurityHubPublisher::new(clients.securityhub.clone()),
            sns: SnsPublisher::new(clients.sns.clone(), topic_arn),
            digest: None,
            baseline: false,
        }
    }

    /// This deliverer for a first sweep: alerts left out, findings imported.
    pub fn for_first_sweep(&self) -> Self {
        AwsDeliverer {
            baseline: true,
            ..self.clone()
        }
    }

    /// The deliverer holding alerts below HIGH in `store` for the daily digest.
    pub fn with_digest(mut self, store: DynamoStore) -> Self {
        self.digest = Some(store);
        self
    }
}

impl Deliverer for AwsDeliverer {
    async fn deliver(&self, state: &ResourceState) -> Result<Delivered, BoxError> {
        // With the digest on, alerts below HIGH are held (in the table, before the outbox is
        // cleared, so a failure here fails the delivery and the retry holds them again) and the
        // rest are sent now.
        let mut now = std::borrow::Cow::Borrowed(state);
        let mut held = Vec::new();
        if self.baseline {
            now.to_mut().outbox.alerts.clear();
        } else if let Some(store) = &self.digest {
            let (hold, send): (Vec<_>, Vec<_>) =
                state.outbox.alerts.iter().cloned().partition(waits);
            for alert in &hold {
                store
                    .hold(&Held {
                        resource: state.resource.clone(),
                        alert: alert.clone(),
                    })
                    .await?;
            }
            held = hold;
            now.to_mut().outbox.alerts = send;
        }
        let rendered = vigil_core::delivery::render_in(&now, self.hub.region());
        let mut imported = true;
        match self.hub.import(&rendered.findings).await {
            Ok(()) => {
                self.hub
                    .update_workflow(&vigil_core::delivery::workflow_updates(&now))
                    .await?
            }
            // Vigil's own deployment: its alert may say that Security Hub is off, so it must not
            // wait on Security Hub. Its findings are re-imported at its next transition.
            Err(e) if state.resource.resource_type.as_str() == DEPLOYMENT_TYPE => {
                tracing::warn!(error = %e, "Vigil's own findings not imported into Security Hub; its alerts are sent");
                imported = false;
            }
            Err(e) => return Err(e.into()),
        }
        // Alerts in `render`'s order: those an earlier schema rendered, then the intents. When
        // one fails, what went before it (and the findings, and the held alerts) is reported as
        // delivered, so the retry sends only the rest.
        for (i, alert) in rendered.alerts.iter().enumerate() {
            if let Err(e) = self.sns.publish(alert).await {
                let legacy = &now.outbox.rendered.alerts;
                let mut sent = Outbox {
                    findings: Vec::new(),
                    alerts: held,
                    rendered: Rendered {
                        findings: Vec::new(),
                        alerts: legacy[..i.min(legacy.len())].to_vec(),
                    },
                };
                sent.alerts
                    .extend_from_slice(&now.outbox.alerts[..i.saturating_sub(legacy.len())]);
                if imported {
                    sent.findings = now.outbox.findings.clone();
                    sent.rendered.findings = now.outbox.rendered.findings.clone();
                }
                return Err(Box::new(PartialDelivery {
                    sent,
                    source: e.into(),
                }));
            }
        }
        Ok(Delivered {
            findings: rendered.findings.len(),
            alerts: rendered.alerts.len() + held.len(),
        })
    }
}
