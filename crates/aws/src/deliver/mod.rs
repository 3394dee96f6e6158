//! The pipeline's [`Deliverer`] over AWS: a committed state's outbox goes to Security Hub
//! ([`securityhub`]: the findings) and then to SNS ([`sns`]: the alerts). Any failure fails the
//! delivery, and the outbox stays in the store for the retry.

pub mod securityhub;
pub mod sns;

pub use securityhub::{SecurityHubPublisher, IMPORT_BATCH};
pub use sns::SnsPublisher;

use crate::clients::Clients;
use vigil_core::state::ResourceState;
use vigil_pipeline::{BoxError, Delivered, Deliverer};

/// The Lambda's deliverer: findings to Security Hub first, then alerts to SNS.
#[derive(Clone, Debug)]
pub struct AwsDeliverer {
    /// Security Hub.
    pub hub: SecurityHubPublisher,
    /// SNS.
    pub sns: SnsPublisher,
}

impl AwsDeliverer {
    /// A deliverer over `clients`, publishing alerts to `topic_arn`.
    pub fn new(clients: &Clients, topic_arn: impl Into<String>) -> Self {
        AwsDeliverer {
            hub: SecurityHubPublisher::new(clients.securityhub.clone()),
            sns: SnsPublisher::new(clients.sns.clone(), topic_arn),
        }
    }
}

impl Deliverer for AwsDeliverer {
    async fn deliver(&self, state: &ResourceState) -> Result<Delivered, BoxError> {
        let rendered = vigil_core::delivery::render(state);
        self.hub.import(&rendered.findings).await?;
        for alert in &rendered.alerts {
            self.sns.publish(alert).await?;
        }
        Ok(Delivered {
            findings: rendered.findings.len(),
            alerts: rendered.alerts.len(),
        })
    }
}
